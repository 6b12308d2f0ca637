#include "lrcert/certify/scalar_certifier.hpp"

#include "lrcert/enclose/ball.hpp"

#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace lrcert {

const char* outcome_name(Outcome o) {
    switch (o) {
        case Outcome::Converged: return "converged";
        case Outcome::NotConverged: return "not_converged";
        case Outcome::Diverged: return "diverged";
        case Outcome::Undecided: return "undecided";
    }
    return "undecided";
}

InitialSharpness scalar_initial_sharpness(const ScalarReduction& red) {
    InitialSharpness s;
    Interval S = enclose(red.S0);
    Interval r = enclose(red.r0);
    Interval mu = enclose(red.mu);
    // S^2 - 8 r mu + 12 r^2 is computed exactly in rationals: no overestimate.
    Rational disc = red.S0 * red.S0 - 8 * red.r0 * red.mu + 12 * red.r0 * red.r0;
    Interval root = interval_sqrt(enclose(disc));
    Interval half = enclose(Rational(1, 2));
    s.lambda_plus = half * (S + root);
    s.lambda_minus = half * (S - root);
    s.L0 = red.d() >= 2 ? interval_max(s.lambda_plus, interval_abs(r)) : s.lambda_plus;
    (void)mu;
    return s;
}

namespace {

enum class AttemptStatus { Converged, Diverged, NoTail, OutOfBits, Escaped };

std::string real_text(const Real& x) { return decimal_up(x, 4); }

bool finite(const Interval& x) {
    return mpfr_number_p(lo(x).backend().data()) && mpfr_number_p(hi(x).backend().data());
}

// An upper bound of rho < 1 printed with enough digits to show it is < 1.
std::string below_one_text(const Real& x) {
    for (int digits = 4; digits <= 60; digits += 4) {
        std::string t = decimal_up(x, digits);
        if (t != "1") return t;
    }
    return "1 - " + decimal_down(MpfrRounding().sub_down(Real(1), x), 4);
}

// Width measure of a limit enclosure: the reduced alpha and beta determine it.
Real limit_width(const ScalarLimitReduced& lim) {
    return add_up(width_up(lim.alpha), width_up(lim.beta));
}

ScalarLimit make_limit(const ScalarReduction& red, size_t step, const LemmaS& lemma, const ScalarLimitReduced& reduced) {
    ScalarLimit L;
    L.step = step;
    L.lemma = lemma;
    L.reduced = reduced;
    reconstruct(red, reduced.alpha, reduced.beta, L.x, L.y);
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
    L.width = limit_width(reduced);
    return L;
}

AttemptStatus attempt(const ScalarReduction& red, const ScalarOptions& opt, ScalarCertificate& cert,
                      std::string& why) {
    ScalarTrajectory traj(red);
    const Interval& mu = traj.mu();
    const Interval& h = traj.h();
    const bool v_vanishes = red.v_sq == 0;

    cert.limit.reset();
    cert.first_tail_step.reset();
    cert.first_lemma.reset();
    size_t stale = 0;
    std::string last_failure = "Lemma S was never tried";
    const Real radius_cap("1e-6");
    std::optional<std::pair<BallBound, size_t>> beyond;  // the first step past the iterate bound

    for (size_t k = 0;; ++k) {
        throw_if_cancelled(opt.cancel);
        cert.steps_run = k;
        cert.final_radius = traj.ball().radius;
        Interval x, y;
        traj.reduced_box(x, y);

        // Past the iterate bound |z| <= 1e30 (ball.hpp) the enclosure is
        // followed only for Lemma D, until it is no longer finite.
        const Real& radius = traj.ball().radius;
        if (!beyond && traj.bound() != BallBound::Within) beyond = std::pair{traj.bound(), k};
        if (beyond && !(finite(x) && finite(y) && mpfr_number_p(radius.backend().data()))) {
            if (cert.limit) return AttemptStatus::Converged;
            why = bound_reason(beyond->first, beyond->second) + ", and Lemma D did not hold up to step " +
                  std::to_string(k - 1) + ", after which the enclosure is not finite (last Lemma S failure: " +
                  last_failure + ")";
            return AttemptStatus::Escaped;
        }

        // The enclosure is useful only while the radius is small against the
        // state; beyond that the precision (not the mathematics) is short.
        Real scale = add_up(make_interval(1L).upper(), add_up(mag_up(x), mag_up(y)));
        if (!mpfr_number_p(radius.backend().data()) || radius > radius_cap * scale) {
            if (cert.limit) return AttemptStatus::Converged;
            std::ostringstream os;
            os << "ball radius " << real_text(radius) << " too wide at step " << k;
            why = os.str();
            return AttemptStatus::OutOfBits;
        }

        if (!cert.limit) {
            LemmaD D = check_lemma_d(x, y, mu, h);
            if (D.holds) {
                cert.divergence_step = k;
                cert.divergence = D;
                return AttemptStatus::Diverged;
            }
        }

        LemmaS L = check_lemma_s(x, y, mu, h);
        if (L.holds) {
            ScalarLimitReduced lim = limit_from_lemma_s(x, y, mu, L, v_vanishes);
            if (!lim.consistent) throw std::logic_error("Lemma S limit enclosures do not intersect (a bug)");
            if (!cert.first_tail_step) {
                cert.first_tail_step = k;
                cert.first_lemma = L;
            }
            Real w = limit_width(lim);
            if (!cert.limit || w < cert.limit->width) {
                // The d-dimensional limit is reconstructed once, at the end.
                cert.limit = ScalarLimit{k, L, lim, {}, {}, {}, {}, {}, {}, w};
                stale = 0;
            } else {
                ++stale;
            }
        } else {
            last_failure = L.failure;
            if (cert.limit) ++stale;
        }
        if (cert.limit && stale >= 25) return AttemptStatus::Converged;
        if (k >= opt.max_steps) {
            if (cert.limit) return AttemptStatus::Converged;
            why = "no tail certificate within " + std::to_string(opt.max_steps) + " steps (last Lemma S failure: " +
                  last_failure + ")";
            return AttemptStatus::NoTail;
        }
        traj.advance_unbounded();
    }
}

std::string interval_text(const Interval& x) {
    return "[" + decimal_down(lo(x), 6) + ", " + decimal_up(hi(x), 6) + "]";
}

}  // namespace

ScalarTrajectory::ScalarTrajectory(const ScalarReduction& red)
    : red_(&red), mu_(enclose(red.mu)), h_(enclose(red.h)), A_(1, 1) {
    A_(0, 0) = mu_;
    Interval x0, y0;
    reduced_start(red, x0, y0);
    Factors<Interval> start{Matrix<Interval>(1, 1), Matrix<Interval>(1, 1)};
    start.X(0, 0) = x0;
    start.Y(0, 0) = y0;
    ball_ = ball_around(start);
    bound_ = ball_bound(ball_);
}

void ScalarTrajectory::reduced_box(Interval& x, Interval& y) const {
    Factors<Interval> box = ball_box(ball_);
    x = box.X(0, 0);
    y = box.Y(0, 0);
}

void ScalarTrajectory::iterate(std::vector<Interval>& x, std::vector<Interval>& y) const {
    Interval bx, by;
    reduced_box(bx, by);
    // alpha = x' + y', beta = x' - y'; beta = 0 exactly when v0 = 0.
    Interval beta = red_->v_sq == 0 ? make_interval(0L) : bx - by;
    reconstruct(*red_, bx + by, beta, x, y);
}

Real ScalarTrajectory::growth_bound() const {
    Interval x, y;
    reduced_box(x, y);
    return scalar_growth_bound(x, y, mu_, h_);
}

void ScalarTrajectory::advance() {
    if (bound_ != BallBound::Within)
        throw std::logic_error("ScalarTrajectory::advance: " + bound_reason(bound_, k_));
    advance_unbounded();
}

void ScalarTrajectory::advance_unbounded() {
    ball_ = ball_step(A_, h_, ball_, growth_bound());
    ++k_;
    bound_ = ball_bound(ball_);
}

ScalarCertificate certify_scalar(const ScalarReduction& red, const ScalarOptions& opt) {
    ScalarCertificate cert;
    cert.reduction = red;

    // Dry run in float64 on the reduced start (planning only, not a proof).
    double su = std::sqrt(from_rational<double>(red.u_sq));
    double sv = std::sqrt(from_rational<double>(red.v_sq));
    cert.dry_run = dry_run_scalar(from_rational<double>(red.mu), from_rational<double>(red.h), (su + sv) / 2,
                                  (su - sv) / 2, opt.max_steps);
    unsigned p = opt.precision ? opt.precision
                               : planned_precision(cert.dry_run, opt.wanted_bits, 128, opt.max_precision);
    if (p > opt.max_precision) p = opt.max_precision;

    auto fill_common = [&]() {
        cert.mu = enclose(red.mu);
        cert.h = enclose(red.h);
        cert.S0 = enclose(red.S0);
        cert.r0 = enclose(red.r0);
        cert.initial = scalar_initial_sharpness(red);
        cert.h_times_L0 = cert.h * cert.initial.L0;
    };

    // The exceptional starts: u0 = 0 with mu > 0 keeps a = |u|^2 = 0, so
    // r = mu + b/4 >= mu > 0 forever; v0 = 0 with mu < 0 keeps b = 0, so
    // r = mu - a/4 <= mu < 0 forever. Exact, no trajectory needed.
    if ((red.u_sq == 0 && red.mu > 0) || (red.v_sq == 0 && red.mu < 0)) {
        PrecisionScope scope(p);
        cert.precision_bits = p;
        cert.precisions.push_back(p);
        fill_common();
        cert.outcome = Outcome::NotConverged;
        if (red.u_sq == 0) {
            cert.proof = "invariant u = x + y = 0";
            cert.reason = "x0 = -y0: u = x + y stays 0, so r_k = mu + |x_k - y_k|^2/4 >= mu > 0 and "
                          "f(x_k, y_k) >= mu^2/2 for every k; GD never reaches a global minimizer "
                          "(this start lies in the theorem's exceptional null set)";
        } else {
            cert.proof = "invariant v = x - y = 0";
            cert.reason = "x0 = y0 with mu < 0: v = x - y stays 0, so r_k = mu - |x_k + y_k|^2/4 <= mu < 0 "
                          "and f(x_k, y_k) >= mu^2/2 for every k; GD never reaches a global minimizer";
        }
        return cert;
    }

    for (;;) {
        PrecisionScope scope(p);
        cert.precision_bits = p;
        cert.precisions.push_back(p);
        fill_common();
        std::string why;
        AttemptStatus status = attempt(red, opt, cert, why);
        if (status == AttemptStatus::OutOfBits && p < opt.max_precision) {
            p = std::min(2 * p, opt.max_precision);
            continue;
        }
        if (status == AttemptStatus::Converged)
            cert.limit = make_limit(red, cert.limit->step, cert.limit->lemma, cert.limit->reduced);
        switch (status) {
            case AttemptStatus::Converged: {
                cert.outcome = Outcome::Converged;
                cert.proof = "lemma S";
                std::ostringstream os;
                os << "Lemma S holds at step " << *cert.first_tail_step << " (rho <= "
                   << below_one_text(cert.first_lemma->rho) << ", eps <= " << real_text(cert.first_lemma->eps)
                   << "); limit refined at step " << cert.limit->step;
                cert.reason = os.str();
                break;
            }
            case AttemptStatus::Diverged: {
                cert.outcome = Outcome::Diverged;
                cert.proof = "lemma D";
                std::ostringstream os;
                os << "Lemma D holds at step " << *cert.divergence_step << " (t = h|r| in "
                   << interval_text(cert.divergence->t) << "): t_{k+1} >= 2 t_k for all later k, so |r_k| -> "
                   << "infinity and f(x_k, y_k) -> infinity";
                cert.reason = os.str();
                break;
            }
            case AttemptStatus::NoTail:
            case AttemptStatus::Escaped:
                cert.outcome = Outcome::Undecided;
                cert.reason = why;
                break;
            case AttemptStatus::OutOfBits:
                cert.outcome = Outcome::Undecided;
                cert.reason = "precision budget exhausted at " + std::to_string(p) + " bits (" + why + ")";
                break;
        }
        return cert;
    }
}

}  // namespace lrcert
