#include "lrcert/certify/scalar_certifier.hpp"

#include "lrcert/certify/driver.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/problem/relative_step.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace lrcert {

const char* outcome_name(Outcome o) {
    switch (o) {
        case Outcome::Converged: return "converged";
        case Outcome::NotConverged: return "not_converged";
        case Outcome::Diverged: return "diverged";
        case Outcome::Periodic: return "periodic";
        case Outcome::Undecided: return "undecided";
    }
    return "undecided";
}

InitialSharpness scalar_initial_sharpness(const ScalarReduction& red) {
    // The closed form lives with the rule of h relative to 2/L0 (problem layer).
    ScalarSharpness c = scalar_sharpness(red.S0, red.r0, red.mu, red.d());
    InitialSharpness s;
    s.lambda_plus = c.lambda_plus;
    s.lambda_minus = c.lambda_minus;
    s.L0 = c.L0;
    return s;
}

namespace {

std::string real_text(const UpperBound& x) { return x.decimal(4); }

// An upper bound of rho < 1 printed with enough digits to show it is < 1.
std::string below_one_text(const UpperBound& x) {
    for (int digits = 4; digits <= 60; digits += 4) {
        std::string t = x.decimal(digits);
        if (t != "1") return t;
    }
    return "1 - " + (LowerBound::exact(1) - x).decimal(4);
}

ScalarLimit make_limit(const ScalarReduction& red, size_t step, const LemmaS& lemma, const ScalarLimitReduced& reduced) {
    ScalarLimit L;
    L.step = step;
    L.lemma = lemma;
    L.reduced = reduced;
    if (red.d() <= kMaxKeptCoordinates) reconstruct(red, reduced.alpha, reduced.beta, L.x, L.y);
    L.imbalance = reduced.b;
    L.a = reduced.a;
    Interval half = enclose(Rational(1, 2));
    L.sharpness = half * (reduced.a + reduced.b);
    // |x|^2 - |y|^2 = u . v = alpha beta (u0 . v0) / (|u0| |v0|); zero if v0 = 0.
    if (red.v_sq == 0 || red.u_sq == 0) {
        L.norm_gap = make_interval(0L);
    } else {
        L.norm_gap = reduced.alpha * reduced.beta * enclose(red.uv) / interval_sqrt(enclose(red.u_sq * red.v_sq));
    }
    L.width = width_of(reduced.alpha) + width_of(reduced.beta);  // as check_lemma_s on a ball
    return L;
}

std::string interval_text(const Interval& x) {
    return "[" + decimal_down(lo(x), 6) + ", " + decimal_up(hi(x), 6) + "]";
}

// The scalar family for the certification driver (certify/driver.hpp), on
// the reduced (d = 1) trajectory.
class ScalarFamily {
public:
    using Map = ScalarMap;
    using Lemma = LemmaS;
    using Limit = ScalarLimit;
    using Certificate = ScalarCertificate;
    static constexpr bool has_divergence_test = true;
    static constexpr bool has_cycle_test = true;
    static constexpr bool follows_past_bound = true;  // Lemma D on boxes of any size
    static constexpr const char* tail_name = "Lemma S";
    static constexpr const char* tail_proof = "lemma S";
    static constexpr const char* divergence_proof = "lemma D";

    explicit ScalarFamily(const ScalarReduction& red) : red_(red) {}

    Certificate certificate() const {
        Certificate cert;
        cert.reduction = red_;
        return cert;
    }

    // Float64 on the reduced start.
    DryRun dry_run(const DriverOptions& opt) const {
        double su = std::sqrt(from_rational<double>(red_.u_sq));
        double sv = std::sqrt(from_rational<double>(red_.v_sq));
        return dry_run_scalar(from_rational<double>(red_.mu), from_rational<double>(red_.h), (su + sv) / 2,
                              (su - sv) / 2, opt.max_steps, opt.cancel, opt.progress);
    }

    void begin_attempt(Certificate& cert) const {
        cert.mu = enclose(red_.mu);
        cert.h = enclose(red_.h);
        cert.S0 = enclose(red_.S0);
        cert.r0 = enclose(red_.r0);
        cert.initial = scalar_initial_sharpness(red_);
        cert.h_times_L0 = cert.h * cert.initial.L0;
    }

    // The exceptional starts: u0 = 0 with mu > 0 keeps a = |u|^2 = 0, so
    // r = mu + b/4 >= mu > 0 forever; v0 = 0 with mu < 0 keeps b = 0, so
    // r = mu - a/4 <= mu < 0 forever. Exact, no trajectory needed.
    // The precision of the decisions made before any trajectory (Lemmas M, N).
    static constexpr unsigned kDecideBeforeBits = 128;

    bool decide_before(Certificate& cert, unsigned p) const {
        // mu = 0 on an invariant line: Lemma M decides it exactly (Lemma S can never hold there).
        // No enclosure follows, so the plan's precision (large when the float run escapes) is not needed.
        if (try_lemma_m(cert, std::min(p, kDecideBeforeBits))) return true;
        // A float run that neither settles, escapes nor cycles, with h |mu| > 1:
        // Lemma N first (no trajectory is needed; the outcome would be undecided otherwise).
        const DryRun& dr = cert.dry_run;
        // (No enclosure follows, so the planned precision is not needed: the floor suffices.)
        if (!dr.settled && !dr.escaped && dr.cycle_period == 0 && try_lemma_n(cert, kDecideBeforeBits, "")) return true;
        if (!((red_.u_sq == 0 && red_.mu > 0) || (red_.v_sq == 0 && red_.mu < 0))) return false;
        PrecisionScope scope(p);
        cert.precision_bits = p;
        cert.precisions.push_back(p);
        begin_attempt(cert);
        cert.outcome = Outcome::NotConverged;
        if (red_.u_sq == 0) {
            cert.proof = "invariant u = x + y = 0";
            cert.reason = "x0 = -y0: u = x + y stays 0, so r_k = mu + |x_k - y_k|^2/4 >= mu > 0 and "
                          "f(x_k, y_k) >= mu^2/2 for every k; GD never reaches a global minimizer "
                          "(this start lies in the theorem's exceptional null set)";
        } else {
            cert.proof = "invariant v = x - y = 0";
            cert.reason = "x0 = y0 with mu < 0: v = x - y stays 0, so r_k = mu - |x_k + y_k|^2/4 <= mu < 0 "
                          "and f(x_k, y_k) >= mu^2/2 for every k; GD never reaches a global minimizer";
        }
        return true;
    }

    // Lemma M (docs/math.md, section 17): mu = 0 and x0 = -y0 (or x0 = y0),
    // all exact; the case of h w0 against 8 is the outcome. No trajectory.
    bool try_lemma_m(Certificate& cert, unsigned p) const {
        LemmaM M = check_lemma_m(red_.mu, red_.h, red_.u_sq, red_.v_sq);
        if (!M.holds) return false;
        PrecisionScope scope(p);
        cert.precision_bits = p;
        cert.precisions.push_back(p);
        begin_attempt(cert);
        cert.proof = "lemma M";
        const bool on_u = M.line == "u";
        // The line, the square w that moves on it and its start value, as printed.
        const std::string line = on_u ? "u = x + y = 0 (x0 = -y0)" : "v = x - y = 0 (x0 = y0)";
        const std::string w = on_u ? "|x_k - y_k|^2" : "|x_k + y_k|^2";
        const std::string w0 = on_u ? "|x0 - y0|^2" : "|x0 + y0|^2";
        std::ostringstream os;
        os << "Lemma M: mu = 0 on the invariant line " << line << ", ";
        switch (M.kind) {
            case LemmaMCase::Converges: {
                cert.outcome = Outcome::Converged;
                if (M.w0 == 0) {
                    os << "and the start is the origin, a critical point with f = 0 (a global minimizer): GD "
                          "stays there";
                } else {
                    os << "h " << w0 << " = " << to_exact_string(M.h_w0) << " < 8: " << w
                       << " decreases to 0 (sublinearly, so Lemma S cannot hold), and GD converges to the origin, "
                          "a global minimizer (f = 0)";
                    if (M.rate)
                        os << "; " << w << " <= " << to_exact_string(M.w0) << " / (1 + " << to_exact_string(M.h_w0 / 2)
                           << " k) < " << to_exact_string(2 / red_.h) << " / k for every k >= 1";
                }
                ScalarLimit L;
                L.step = 0;
                const Interval zero = make_interval(0L);
                L.reduced = ScalarLimitReduced{zero, zero, zero, zero, true};
                L.x.assign(red_.d(), zero);
                L.y.assign(red_.d(), zero);
                L.imbalance = L.a = L.sharpness = L.norm_gap = zero;
                L.width = UpperBound::exact(0);
                cert.limit = std::move(L);
                cert.first_tail_step = 0;
                break;
            }
            case LemmaMCase::TwoCycle:
                cert.outcome = Outcome::NotConverged;
                os << "h " << w0 << " = 8 exactly: h r = " << (on_u ? "2" : "-2") << ", so x_k = (-1)^k x0 and "
                   << "y_k = (-1)^k y0 (an exact period-2 orbit, repelling along the line) and f(x_k, y_k) = 2/h^2 "
                   << "> 0 for every k: GD never reaches a global minimizer";
                break;
            case LemmaMCase::Diverges:
                cert.outcome = Outcome::Diverged;
                os << "h " << w0 << " = " << to_exact_string(M.h_w0) << " > 8: " << w << " grows at least by the "
                   << "factor q = (h " << w0 << " / 4 - 1)^2 = " << to_exact_string(M.q) << " > 1 at every step, so |r_k| = "
                   << w << " / 4 -> infinity and f(x_k, y_k) -> infinity";
                break;
        }
        cert.reason = os.str();
        cert.degenerate = std::move(M);
        return true;
    }

    // Lemma N (docs/math.md, section 13); `before`: what the trajectory
    // showed before (an undecided reason), or "".
    bool try_lemma_n(Certificate& cert, unsigned p, const std::string& before) const {
        if (!(red_.h * abs(red_.mu) > 1)) return false;
        LemmaN N = check_lemma_n(red_.mu, red_.h, red_.u_sq, red_.v_sq);
        if (!N.holds) return false;
        if (cert.precisions.empty()) {
            PrecisionScope scope(p);
            cert.precision_bits = p;
            cert.precisions.push_back(p);
            begin_attempt(cert);
        }
        cert.outcome = Outcome::NotConverged;
        cert.proof = "lemma N";
        std::ostringstream os;
        os << "h |mu| > 1, so every minimizer is linearly unstable and GD reaches one only if r_k = 0 exactly "
           << "at some step; " << (N.step ? "r_k != 0 for k < " + std::to_string(N.step) + " (exact), and " : "")
           << "from step " << N.step << " on the "
           << N.prime << "-adic valuation of r_k decreases forever (-v(r_" << N.step << ") = " << N.s
           << ", -v(h) = " << N.e << "): GD never reaches a global minimizer";
        if (!before.empty()) os << "; what it does instead is not certified (" << before << ")";
        cert.reason = os.str();
        cert.nonconvergence = std::move(N);
        return true;
    }

    ScalarTrajectory trajectory() const { return scalar_trajectory(red_); }

    // 1 + |x'| + |y'| over the ball's box.
    UpperBound scale(const Ball& b) const {
        Interval x, y;
        ScalarMap::reduced_box(b, x, y);
        return UpperBound::exact(1) + (UpperBound::of_mag(x) + UpperBound::of_mag(y));
    }

    bool finite(const Ball& b) const { return ScalarMap::finite(b); }

    bool try_divergence(Map& map, const Ball& b, size_t k, Certificate& cert) const {
        LemmaD D = check_lemma_d(b, map);
        if (!D.holds) return false;
        cert.divergence_step = k;
        cert.divergence = D;
        return true;
    }

    TailTry<Lemma, Limit> try_tail(Map& map, const Ball& b, size_t k) const {
        TailTry<Lemma, Limit> t;
        LemmaSOnBall s = check_lemma_s(b, map, red_.v_sq == 0);
        t.tried = true;
        t.lemma = s.lemma;
        if (!s.limit) {
            t.failure = t.lemma.failure;
            return t;
        }
        t.width = s.width;
        // The d-dimensional limit is reconstructed once, at the end (finish_limit).
        t.limit = ScalarLimit{k, t.lemma, *s.limit, {}, {}, {}, {}, {}, {}, t.width};
        return t;
    }

    void finish_limit(Certificate& cert) const {
        cert.limit = make_limit(red_, cert.limit->step, cert.limit->lemma, cert.limit->reduced);
    }

    std::string converged_reason(const Certificate& cert) const {
        std::ostringstream os;
        os << "Lemma S holds at step " << *cert.first_tail_step << " (rho <= " << below_one_text(cert.first_lemma->rho)
           << ", eps <= " << real_text(cert.first_lemma->eps) << "); limit refined at step " << cert.limit->step;
        return os.str();
    }

    std::string diverged_reason(const Certificate& cert) const {
        std::ostringstream os;
        os << "Lemma D holds at step " << *cert.divergence_step << " (t = h|r| in "
           << interval_text(cert.divergence->t) << "): t_{k+1} >= 2 t_k for all later k, so |r_k| -> "
           << "infinity and f(x_k, y_k) -> infinity";
        return os.str();
    }

    std::string escape_reason(const std::string& bound_text, size_t k, const Certificate& cert) const {
        return bound_text + ", and Lemma D did not hold up to step " + std::to_string(k - 1) +
               ", after which the enclosure is not finite (last Lemma S failure: " + cert.last_failure + ")";
    }

    std::string out_of_bits_detail(const Certificate&) const { return ""; }

    // ---- convergence to a cycle of the reduced map (docs/math.md, section 12) ----
    PointMap point_map() const { return PointMap::scalar(red_.mu, red_.h); }

    Box state_box(const Ball& b) const {
        Interval x, y;
        ScalarMap::reduced_box(b, x, y);
        return {x, y};
    }

    std::string cycle_obstacle() const { return ""; }

    // The cycle in R^d (x = X^T, y = Y^T), f = r^2 / 2 and the sharpness
    // (section 2: r, S and so the Hessian's spectrum are those of the reduced point).
    void finish_cycle(Certificate& cert) const {
        CycleCertificate& c = *cert.cycle;
        const Interval mu = enclose(red_.mu);
        const Interval half = enclose(Rational(1, 2));
        for (const Box& point : c.region.cycle) {
            std::vector<Interval> x, y;
            reconstruct(red_, point[0] + point[1], point[0] - point[1], x, y);
            Factors<Interval> z{Matrix<Interval>(1, x.size()), Matrix<Interval>(1, y.size())};
            for (size_t i = 0; i < x.size(); ++i) {
                z.X(0, i) = x[i];
                z.Y(0, i) = y[i];
            }
            c.points.push_back(std::move(z));
            const Interval r = mu - point[0] * point[1];
            c.loss.push_back(half * interval_sqr(r));
            Interval lambda_minus, lambda_plus;
            scalar_hessian_eigenvalues(point[0], point[1], mu, lambda_minus, lambda_plus);
            c.sharpness.push_back(red_.d() >= 2 ? interval_max(lambda_plus, interval_abs(r)) : lambda_plus);
        }
    }

private:
    const ScalarReduction& red_;
};

}  // namespace

ScalarCertificate certify_scalar(const ScalarReduction& red, const ScalarOptions& opt) {
    const ScalarFamily family(red);
    ScalarCertificate cert = certify_with(family, opt);
    // The trajectory decided nothing: Lemma N may still exclude convergence to a minimizer.
    if (cert.outcome == Outcome::Undecided) {
        const std::string before = cert.reason;
        family.try_lemma_n(cert, cert.precision_bits, before);
    }
    return cert;
}

}  // namespace lrcert
