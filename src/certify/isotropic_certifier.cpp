#include "lrcert/certify/isotropic_certifier.hpp"

#include "lrcert/certify/driver.hpp"
#include "lrcert/enclose/gram_trajectory.hpp"

#include <cmath>
#include <sstream>

namespace lrcert {

namespace {

// An upper bound of rho < 1 printed with enough digits to show it is < 1.
std::string below_one_text(const UpperBound& x) {
    for (int digits = 4; digits <= 60; digits += 4) {
        std::string t = x.decimal(digits);
        if (t != "1") return t;
    }
    return "1 - " + (LowerBound::exact(1) - x).decimal(4);
}

Interval nonnegative(const Interval& x) { return lo(x) < 0 ? make_interval(new_real(), hi(x)) : x; }

// x intersected with y when they overlap (both contain the exact value).
Interval meet(const Interval& x, const Interval& y) {
    const Real l = lo(x) < lo(y) ? lo(y) : lo(x), u = hi(x) < hi(y) ? hi(x) : hi(y);
    return l <= u ? make_interval(l, u) : x;
}

// Float64 run of the Gram map (planning only): log2 of the product of the
// growth bounds, settled once |c - mu| + |a b - c^2| is negligible.
DryRun dry_run_gram(double a, double b, double c, double mu, double h, size_t max_steps,
                    const std::atomic<bool>* cancel) {
    DryRun run;
    Gram<double> g{a, b, c};
    for (size_t k = 0; k < max_steps; ++k) {
        if (k % 1024 == 0) throw_if_cancelled(cancel);
        const double scale = std::abs(g.a) + std::abs(g.b) + std::abs(g.c);
        if (!std::isfinite(scale) || scale > 1e100) {
            run.escaped = true;
            run.steps = k;
            return run;
        }
        if (std::abs(g.c - mu) + std::abs(g.a * g.b - g.c * g.c) < 1e-13 * (1 + scale)) {
            run.settled = true;
            run.steps = k;
            return run;
        }
        double J[3][3];
        gram_jacobian(g, mu, h, J);
        double fro = 0;
        for (auto& row : J)
            for (double v : row) fro += v * v;
        run.log2_growth += std::log2(std::max(1.0, std::sqrt(fro)));
        g = gram_step(g, mu, h);
    }
    run.steps = max_steps;
    return run;
}

// The isotropic family for the certification driver (certify/driver.hpp).
class IsotropicFamily {
public:
    using Map = GramTrajectory;  // (no separate map object: the trajectory carries mu and h)
    using Lemma = LemmaI;
    using Limit = IsotropicLimit;
    using Certificate = IsotropicCertificate;
    static constexpr bool has_divergence_test = false;
    static constexpr const char* tail_name = "Lemma I";
    static constexpr const char* tail_proof = "lemma I";

    IsotropicFamily(const Rational& mu, const std::vector<Rational>& x0, const std::vector<Rational>& y0,
                    const Rational& h)
        : mu_(mu), x0_(x0), y0_(y0), h_(h) {
        for (size_t i = 0; i < x0.size(); ++i) {
            start_.a += x0[i] * x0[i];
            start_.b += y0[i] * y0[i];
            start_.c += x0[i] * y0[i];
        }
    }

    Certificate certificate() const {
        Certificate cert;
        cert.mu = mu_;
        cert.n = x0_.size();
        cert.min_loss = Rational(static_cast<long>(x0_.size()) - 1) * mu_ * mu_ / 2;
        return cert;
    }

    DryRun dry_run(const DriverOptions& opt) const {
        return dry_run_gram(from_rational<double>(start_.a), from_rational<double>(start_.b),
                            from_rational<double>(start_.c), from_rational<double>(mu_), from_rational<double>(h_),
                            std::min<size_t>(opt.max_steps, 20000), opt.cancel);
    }

    bool decide_before(Certificate&, unsigned) const { return false; }
    void begin_attempt(Certificate&) const {}

    GramTrajectory trajectory() const { return GramTrajectory(start_, mu_, h_); }

    UpperBound scale(const Ball& b) const {
        return UpperBound::exact(1) + sqrt(upper_of(state_norm_sq(thin(b.centre))));
    }

    TailTry<Lemma, Limit> try_tail_on(GramTrajectory& traj, size_t k) const {
        TailTry<Lemma, Limit> t;
        t.tried = true;
        const Gram<Interval> box = traj.box();
        t.lemma = check_lemma_i(box, traj.mu(), traj.h(), &traj.g_bound());
        if (!t.lemma.holds) {
            t.failure = t.lemma.failure;
            return t;
        }
        t.width = UpperBound::exact(2) * t.lemma.reach + width_of(box.a) + width_of(box.b);
        IsotropicLimit L;
        L.step = k;
        L.lemma = t.lemma;
        L.box = box;
        L.coefficients = traj.coefficients();
        L.width = t.width;
        t.limit = std::move(L);
        return t;
    }

    void finish_limit(Certificate& cert) const {
        IsotropicLimit& L = *cert.limit;
        const Interval mu = enclose(mu_), mu2 = interval_sqr(mu);
        L.a = nonnegative(widen(L.box.a, L.lemma.reach));
        L.b = nonnegative(widen(L.box.b, L.lemma.reach));
        // a_inf b_inf = mu^2 exactly.
        if (lo(L.a) > 0) L.b = meet(L.b, mu2 / L.a);
        if (lo(L.b) > 0) L.a = meet(L.a, mu2 / L.b);
        L.x.clear();
        L.y.clear();
        for (size_t i = 0; i < x0_.size(); ++i) {
            const Interval x0 = enclose(x0_[i]), y0 = enclose(y0_[i]);
            L.x.push_back(widen(L.coefficients.p * x0 + L.coefficients.q * y0, L.lemma.x_reach));
            L.y.push_back(widen(L.coefficients.r * x0 + L.coefficients.s * y0, L.lemma.y_reach));
        }
        L.imbalance = nonnegative(L.a + L.b - make_interval(2L) * mu);
        L.norm_gap = L.a - L.b;
    }

    std::string converged_reason(const Certificate& cert) const {
        std::ostringstream os;
        os << "Lemma I holds at step " << *cert.first_tail_step << " on the Gram map (rho <= "
           << below_one_text(cert.first_lemma->rho) << ", eps <= " << cert.first_lemma->eps.decimal(4)
           << "): x.y -> mu and |x|^2 |y|^2 - (x.y)^2 -> 0, so GD converges to a global minimizer "
           << "(x_inf parallel to y_inf, x_inf . y_inf = mu) and f -> f* = (n - 1) mu^2 / 2; limit refined at step "
           << cert.limit->step;
        return os.str();
    }

    std::string escape_reason(const std::string& bound_text, size_t k, const Certificate& cert) const {
        return bound_text + " (the Gram map has no divergence test; Lemma I did not hold up to step " +
               std::to_string(k == 0 ? 0 : k - 1) + ", last failure: " + cert.last_failure + ")";
    }

    std::string out_of_bits_detail(const Certificate& cert) const {
        return "; last Lemma I failure: " + cert.last_failure;
    }

private:
    Rational mu_;
    std::vector<Rational> x0_, y0_;
    Rational h_;
    Gram<Rational> start_{Rational(0), Rational(0), Rational(0)};
};

}  // namespace

IsotropicCertificate certify_isotropic(const Rational& mu, const std::vector<Rational>& x0,
                                       const std::vector<Rational>& y0, const Rational& h,
                                       const DriverOptions& options) {
    return certify_with(IsotropicFamily(mu, x0, y0, h), options);
}

}  // namespace lrcert
