#include "lrcert/certify/matrix_certifier.hpp"

#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/linalg/spectral.hpp"
#include "lrcert/problem/hessian.hpp"
#include "lrcert/problem/hessian_sharpness.hpp"
#include "lrcert/problem/isotropic_gram.hpp"

#include "lrcert/certify/driver.hpp"
#include "lrcert/certify/lowrank_lemma.hpp"
#include "lrcert/certify/matrix_family_parts.hpp"
#include "lrcert/certify/positive_loss_lemma.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace lrcert {

namespace {

// ||m||_2 estimated in double for the planning run (not part of any proof;
// docs/math.md, "Precision planning"): a power iteration on the smaller Gram
// matrix G, warm-started from the previous step's vector. Each iteration is
// v <- G v / |G v| with |G v| <= lambda_max(G) for a unit v, so the estimate
// never exceeds ||m||_2; the matrices change little from step to step, so a
// couple of iterations per step keep it close. A cold start (the first
// call, or a vector that G sends to 0) runs kColdIterations.
class NormEstimate {
public:
    double operator()(const Matrix<double>& m) {
        if (m.size() == 0) return 0;
        const bool wide = m.rows() <= m.cols();
        const size_t k = wide ? m.rows() : m.cols(), len = wide ? m.cols() : m.rows();
        size_t iterations = kWarmIterations;
        if (v_.size() != k) {
            v_.assign(k, 1 / std::sqrt(static_cast<double>(k)));
            iterations = kColdIterations;
        }
        w_.resize(len);
        u_.resize(k);
        double lambda = 0;
        for (size_t it = 0; it < iterations; ++it) {
            // w = m^T v (wide) or m v (tall), then u = (the other side) w = G v.
            for (size_t t = 0; t < len; ++t) {
                double s = 0;
                for (size_t i = 0; i < k; ++i) s += (wide ? m(i, t) : m(t, i)) * v_[i];
                w_[t] = s;
            }
            double uu = 0;
            for (size_t i = 0; i < k; ++i) {
                double s = 0;
                for (size_t t = 0; t < len; ++t) s += (wide ? m(i, t) : m(t, i)) * w_[t];
                u_[i] = s;
                uu += s * s;
            }
            lambda = std::sqrt(uu);
            if (!(lambda > 0) || !std::isfinite(lambda)) {
                v_.clear();  // cold start next time
                return std::isfinite(lambda) ? 0 : lambda;
            }
            for (size_t i = 0; i < k; ++i) v_[i] = u_[i] / lambda;
        }
        return std::sqrt(lambda);
    }

private:
    static constexpr size_t kWarmIterations = 2, kColdIterations = 40;
    std::vector<double> v_, w_, u_;
};

// |c| from above in double (docs/math.md 7.1, state_norm_up): no interval temporaries.
UpperBound state_scale(const Ball& b) { return state_norm_up(b.centre); }

// Per-entry enclosures of a ball: [c - r, c + r].
Matrix<Interval> entries(const Matrix<Real>& c, const UpperBound& r) {
    return Matrix<Interval>::from(c, [&](const Real& x) { return around(x, r); });
}

// q(c) +- (|grad q(c)| r + k r^2) for a quadratic q on the ball B(c, r).
Interval quadratic_on_ball(const Interval& at_centre, const UpperBound& grad_norm_up, const UpperBound& r, long k) {
    return widen(at_centre, grad_norm_up * r + UpperBound::exact(k) * (r * r));
}

}  // namespace

UpperBound limit_radius(const LemmaG& lemma, const Ball& at_K) {
    return lemma.reach + UpperBound::exact(3) * at_K.radius + lemma.reach * UpperBound::of_rational(Rational(1, 1 << 20));
}

MatrixLimit matrix_limit_at(const Matrix<Interval>& A, size_t step, const LemmaG& lemma, const Ball& at_K) {
    MatrixLimit L;
    L.step = step;
    L.lemma = lemma;
    const Factors<Real>& centre = at_K.centre;
    const UpperBound r = limit_radius(lemma, at_K);
    L.ball = Ball{centre, r};
    L.X = entries(centre.X, r);
    L.Y = entries(centre.Y, r);
    Factors<Interval> c = thin(centre);
    // sigma_1 moves by at most ||Delta||_2 <= ||Delta||_F <= r (Weyl).
    auto widened = [&](const Interval& s) {
        return Interval(positive_part(lower_of(s) - r).real(), (upper_of(s) + r).real());
    };
    // At a zero-residual point the Hessian is J^T J with J(U, V) = U Y^T + X V^T;
    // J J^T W = X X^T W + W Y Y^T has eigenvalues alpha_i + beta_j, so
    // lambda_max = sigma_1(X)^2 + sigma_1(Y)^2.
    Interval s = interval_sqr(widened(spectral_norm(c.X))) + interval_sqr(widened(spectral_norm(c.Y)));
    // Lemma P (positive loss, docs/math.md 7.4c): the residual is not 0, so the
    // sharpness is lambda_max of the Hessian at the centre, moved by at most
    // (2 sqrt(sx^2 + sy^2) + r) r + r (sx + sy) + r^2 on the ball.
    if (lemma.positive_loss) {
        const UpperBound sx = spectral_norm_up(c.X), sy = spectral_norm_up(c.Y);
        const UpperBound move = (UpperBound::exact(2) * sqrt(sx * sx + sy * sy) + r) * r + r * (sx + sy) + r * r;
        s = widen(certified_lambda_max(hessian_matrix(A, c)).value, move);
    }
    // Lemma G also gives lambda_max(Hess f) <= L_B on its ball, which holds
    // z_inf: the two bounds must meet, or one of them is wrong (a bug).
    if (!(lemma.L_B.real() >= lo(s)))
        throw std::logic_error("matrix limit: the sharpness enclosure lies above the tail lemma's L_B (a bug)");
    L.sharpness = Interval(lo(s), lemma.L_B.real() < hi(s) ? lemma.L_B.real() : hi(s));
    // ||X||^2 - ||Y||^2: gradient 2 (X, -Y) of norm 2 |c|, second order r^2.
    const UpperBound cn = sqrt(upper_of(state_norm_sq(c)));
    L.norm_gap = quadratic_on_ball(frobenius_sq(c.X) - frobenius_sq(c.Y), UpperBound::exact(2) * cn, r, 1);
    if (centre.X.rows() == centre.Y.rows()) {
        // ||X - Y||^2: gradient (2 D, -2 D) of norm 2 sqrt(2) ||D||, second order 2 r^2.
        Matrix<Interval> D = c.X - c.Y;
        const UpperBound dn = sqrt(upper_of(frobenius_sq(D)));
        const UpperBound g = UpperBound::exact(2) * sqrt(UpperBound::exact(2)) * dn;
        L.imbalance = quadratic_on_ball(frobenius_sq(D), g, r, 2);
        Real l = lo(*L.imbalance);
        if (l < 0) L.imbalance = Interval(new_real(), hi(*L.imbalance));
    }
    return L;
}

DryRun dry_run_matrix(const Matrix<double>& A, const Factors<double>& z0, double h, size_t max_steps,
                      const std::atomic<bool>* cancel) {
    DryRun run;
    Factors<double> z = z0;
    CycleWatch watch;
    std::vector<double> state;
    NormEstimate norm_x, norm_y, norm_r;  // each warm-started from its own previous vector
    for (size_t k = 0; k < max_steps; ++k) {
        if (k % 1024 == 0) throw_if_cancelled(cancel);  // (at most 20000 steps: no progress)
        Matrix<double> R = residual(A, z);
        double rf = std::sqrt(frobenius_sq(R));
        double scale = std::sqrt(state_norm_sq(z));
        if (!std::isfinite(rf) || scale > 1e100) {
            run.escaped = true;
            run.steps = k;
            return run;
        }
        const double sx = norm_x(z.X), sy = norm_y(z.Y), sr = norm_r(R);
        // Settled: a zero residual (Lemma G), or a vanishing gradient at a positive
        // loss (d < min(n, m), Lemma P: the residual stays of size sigma_{d+1}(A)).
        // -grad f = (R Y, R^T X), used for the test and for the step (the same
        // operations as gd_step, once).
        Matrix<double> gx = multiply(R, z.Y), gy = transposed_multiply(R, z.X);
        const double g = std::sqrt(frobenius_sq(gx) + frobenius_sq(gy));
        if (rf < 1e-13 * (1 + sx * sy) || g < 1e-13 * (1 + sx * sx + sy * sy)) {
            run.settled = true;
            run.steps = k;
            return run;
        }
        double gamma = std::max(1 + h * sr, h * (sx * sx + sy * sy + sr) - 1);
        run.log2_growth += std::log2(std::max(1.0, gamma));
        z = Factors<double>{z.X + h * gx, z.Y + h * gy};
        state = z.X.data();  // the point-map order: vec(X), then vec(Y)
        state.insert(state.end(), z.Y.data().begin(), z.Y.data().end());
        if (watch.observe(state)) {
            run.cycle_period = watch.period();
            run.cycle_point = state;
            run.steps = k + 1;
            return run;
        }
    }
    run.steps = max_steps;
    return run;
}

namespace {

// The matrix family for the certification driver (certify/driver.hpp).
class MatrixFamily {
public:
    using Map = MatrixMap;
    using Lemma = LemmaG;
    using Limit = MatrixLimit;
    using Certificate = MatrixCertificate;
    static constexpr bool has_divergence_test = true;
    // Lemma DM fires long before |z| = 1e30 on a diverging run; the ball is
    // not followed past the bound (docs/math.md, section 10).
    static constexpr bool follows_past_bound = false;
    static constexpr bool has_cycle_test = true;
    static constexpr const char* tail_name = "Lemma G";
    static constexpr const char* tail_proof = "lemma G";
    static constexpr const char* divergence_proof = "lemma DM";

    MatrixFamily(const Matrix<Rational>& A, const Factors<Rational>& z0, const Rational& h, unsigned sharpness_bits,
                 size_t float_test_from)
        : A_(A), z0_(z0), h_(h), sharpness_bits_(sharpness_bits), float_test_from_(float_test_from) {}

    Certificate certificate() const { return {}; }

    DryRun dry_run(const DriverOptions& opt) const {
        return dry_run_matrix(convert_matrix<double>(A_),
                              Factors<double>{convert_matrix<double>(z0_.X), convert_matrix<double>(z0_.Y)},
                              from_rational<double>(h_), std::min<size_t>(opt.max_steps, 20000), opt.cancel);
    }

    // L0: certified lambda_max of the full Hessian at the start (every matrix problem).
    void initial_sharpness(Certificate& cert) const {
        cert.sharpness_bits = sharpness_bits_;
        PrecisionScope scope(cert.sharpness_bits);
        const size_t N = (z0_.X.rows() + z0_.Y.rows()) * z0_.X.cols();
        if (N > float_test_from_) {
            // The float Cholesky test (docs/math.md 7.6a), the dense method if it fails.
            const HessianSharpness e = hessian_lambda_max(A_, z0_);
            cert.L0 = e.value;
            cert.L0_certified = e.certified;
            cert.L0_float_test = e.float_test;
            cert.L0_vector = e.vector;
            cert.L0_shift = e.shift;
        } else {
            Factors<Interval> z{convert_matrix<Interval>(z0_.X), convert_matrix<Interval>(z0_.Y)};
            EigenEnclosure e = certified_lambda_max(hessian_matrix(convert_matrix<Interval>(A_), z));
            cert.L0 = e.value;
            cert.L0_certified = e.certified;
            cert.L0_vector = e.vector;
            cert.L0_shift = e.shift;
        }
        cert.h = enclose(h_);
        cert.h_times_L0 = cert.h * cert.L0;
        cert.norm_gap_0 = enclose(frobenius_sq(z0_.X) - frobenius_sq(z0_.Y));
    }

    // L0 always; then the exceptional shape d < min(n, m).
    bool decide_before(Certificate& cert, unsigned) const {
        initial_sharpness(cert);
        const size_t n = A_.rows(), m = A_.cols(), d = z0_.X.cols();
        // A cycle the float run settled into is tried whatever the shape
        // (only d = 1 cycles are isolated: docs/math.md, section 12).
        if (d >= std::min(n, m) || (d == 1 && cert.dry_run.cycle_period >= 2)) return false;
        // Lemma LR (docs/math.md section 7.4b) when rank(A) = d exactly.
        if (rank_is_d()) return false;
        // Otherwise neither X X^T (n x n) nor Y Y^T (m x m) can be positive
        // definite with rank <= d, so Lemma G's PL hypothesis never holds; the
        // tail is Lemma P (docs/math.md 7.4c), which needs a certified gap
        // sigma_d(A) > sigma_{d+1}(A) (none when rank(A) < d).
        return decide_positive_loss(cert);
    }

    void begin_attempt(Certificate& cert) const {
        // f* at the attempt's precision (Lemma P: loss_inf, and E_K through f*_low).
        if (positive_loss_) {
            cert.min_loss = enclose_min_loss(A_, z0_.X.cols());
            f_star_ = cert.min_loss->f_star;
            lemma_p_started_ = false;
        }
        cert.divergence_step.reset();
        cert.divergence.reset();
        // ||A||_2 from above, once per attempt (at its precision), for Lemma DM.
        // (The double path of docs/math.md 7.1a; Lemma DM's 2^-10 margin covers its looser bound.)
        a_up_ = spectral_norm_up_cheap(convert_matrix<Interval>(A_));
        // Lemma LR's target data (rank(A) = d < min(n, m)), at this attempt's precision.
        tail_.begin_attempt(A_, z0_.X.cols());
    }

    // Lemma DM (docs/math.md, section 10), tried while no limit is proven.
    bool try_divergence(Map& map, const Ball& b, size_t k, Certificate& cert) const {
        LemmaDM D = check_lemma_dm(b, map.A(), map.h(), map.norms_at(b), a_up_);
        if (!D.holds) return false;
        cert.divergence_step = k;
        cert.divergence = D;
        return true;
    }

    MatrixTrajectory trajectory() const { return matrix_trajectory(A_, z0_, h_); }

    UpperBound scale(const Ball& b) const { return UpperBound::exact(1) + state_scale(b); }

    // Lemma P (positive loss), or Lemma LR / Lemma G once the map carries the
    // sigma bounds (the residual is small).
    TailTry<Lemma, Limit> try_tail(Map& map, const Ball& b, size_t k) const {
        if (positive_loss_) return try_lemma_p(map, b, k);
        return tail_.try_tail(map, b, k);
    }

    void finish_limit(Certificate& cert) const {
        cert.limit = matrix_limit_at(convert_matrix<Interval>(A_), cert.limit->step, cert.limit->lemma, cert.limit->ball);
    }

    // Lemma P refines until its limit stops narrowing (--digits does not stop
    // it): stopped earlier, lrcert-check's own ball at that step was measured
    // up to 26% wider than the solver's, so it could not confirm the reach.
    bool refines_to_digits() const { return !positive_loss_; }

    std::string converged_reason(const Certificate& cert) const {
        if (positive_loss_) return lemma_p_reason(cert);
        std::ostringstream os;
        const std::optional<LowRankPL>& lr = cert.first_lemma->lowrank;
        os << (lr ? "Lemma LR" : "Lemma G") << " holds at step " << *cert.first_tail_step << " (h L_B <= "
           << upper_of(cert.h * point(cert.first_lemma->L_B)).decimal(4) << ", q <= " << cert.first_lemma->q.decimal(4);
        if (lr)
            os << "; rank(A) = d = " << lr->rank << ", sigma_d(A)^2 >= " << lr->sigma_sq_low.decimal(4)
               << ", on the ball sigma_d(X), sigma_d(Y) >= " << lr->s_B.decimal(4) << " and ||R||_F <= "
               << lr->R_B.decimal(4);
        os << "); GD converges to a global minimizer "
           << "(f = 0); limit refined at step " << cert.limit->step;
        return os.str();
    }

    std::string diverged_reason(const Certificate& cert) const {
        const LemmaDM& D = *cert.divergence;
        std::ostringstream os;
        os << "Lemma DM holds at step " << *cert.divergence_step << " (t = h||R||_2 >= " << D.t.decimal(4)
           << ", p = h(||X||_2^2 + ||Y||_2^2) <= " << D.p.decimal(4) << ", kappa = " << D.kappa.decimal(4)
           << "): t_{k+1} >= 2 t_k for all later k, so ||R_k|| -> infinity and f -> infinity";
        return os.str();
    }

    std::string escape_reason(const std::string& bound_text, size_t k, const Certificate&) const {
        return bound_text + ", and Lemma DM did not hold up to step " + std::to_string(k == 0 ? 0 : k - 1) +
               " (the ball is not followed past the bound)";
    }

    std::string out_of_bits_detail(const Certificate& cert) const {
        return "; last Lemma G failure: " + cert.last_failure;
    }

    // ---- convergence to a cycle (docs/math.md, section 12) ----
    PointMap point_map() const { return PointMap(A_, h_, z0_.X.cols()); }

    Box state_box(const Ball& b) const { return matrix_state_box(b); }

    std::string cycle_obstacle() const { return matrix_cycle_obstacle(z0_.X.cols()); }

    void finish_cycle(Certificate& cert) const {
        finish_matrix_cycle(*cert.cycle, point_map(), convert_matrix<Interval>(A_));
    }

private:
    // ---- Lemma P (d < min(n, m), docs/math.md 7.4c) ----
    // f* and the gap sigma_d(A) > sigma_{d+1}(A) at the L0 precision; true:
    // the outcome is decided (undecided: no certified gap).
    bool decide_positive_loss(Certificate& cert) const {
        PrecisionScope scope(cert.sharpness_bits);
        cert.min_loss = enclose_min_loss(A_, z0_.X.cols());
        if (cert.min_loss->gap) {
            positive_loss_ = true;
            return false;
        }
        const size_t d = z0_.X.cols();
        cert.precision_bits = cert.sharpness_bits;
        cert.outcome = Outcome::Undecided;
        const std::string sd = "sigma_" + std::to_string(d) + "(A)", sd1 = "sigma_" + std::to_string(d + 1) + "(A)";
        cert.reason = "d < min(n, m), and " + sd + " > " + sd1 + " is not proven (" + sd + " in " +
                      interval_text(cert.min_loss->sigma[d - 1]) + ", " + sd1 + " in " +
                      interval_text(cert.min_loss->sigma[d]) +
                      "): Lemma P needs that gap (docs/math.md 7.4c; without it the best rank-d approximation of A "
                      "is not unique and the lemma's gap hypothesis can never hold)";
        cert.last_failure = cert.reason;
        return true;
    }

    TailTry<Lemma, Limit> try_lemma_p(Map& map, const Ball& b, size_t k) const {
        TailTry<Lemma, Limit> t;
        const CentreNorms& s = map.norms_at(b);
        // Tried once the gradient is small (a time-saving heuristic, rounded to
        // nearest: the lemma checks its own hypotheses), then at every step.
        if (!lemma_p_started_) {
            const Real &sx = s.sx.real(), &sy = s.sy.real();
            if (!below(gradient_norm_up(map.A(), b.centre), kLemmaPGradient, 1 + sx * sx + sy * sy)) return t;
            lemma_p_started_ = true;
        }
        t.tried = true;
        const LemmaP P = check_lemma_p(b, map.h(), s, positive_loss_centre(map.A(), b.centre),
                                       lower_of(f_star_));
        LemmaG& G = t.lemma;
        G.holds = P.holds;
        G.failure = P.failure;
        G.rho_B = P.rho_B;
        G.L_B = P.L_B;
        G.mu_B = P.mu_B;
        G.G_B = P.G_B;
        G.q = P.q;
        G.F_K = P.F_K;
        G.reach = P.reach;
        G.positive_loss = P;
        if (!P.holds) {
            t.failure = P.failure;
            return t;
        }
        t.width = limit_radius(G, b);
        t.limit = MatrixLimit{k, t.lemma, b, {}, {}, {}, {}, {}};
        return t;
    }

    std::string lemma_p_reason(const Certificate& cert) const {
        const LemmaP& P = *cert.first_lemma->positive_loss;
        const size_t d = z0_.X.cols();
        std::ostringstream os;
        os << "Lemma P holds at step " << *cert.first_tail_step << " (h L_B <= "
           << upper_of(cert.h * point(P.L_B)).decimal(4) << ", PL constant mu_B >= " << P.mu_B.decimal(4)
           << ", q <= " << P.q.decimal(4) << "); GD converges to a global minimizer: f -> f* = 1/2 sum_{i>" << d
           << "} sigma_i(A)^2 in " << interval_text(cert.min_loss->f_star) << " (Eckart-Young; sigma_" << d
           << "(A) > sigma_" << d + 1 << "(A) certified); limit refined at step " << cert.limit->step;
        return os.str();
    }

    static std::string interval_text(const Interval& x) {
        return "[" + lower_of(x).decimal(6) + ", " + upper_of(x).decimal(6) + "]";
    }

    static constexpr Threshold kLemmaPGradient{"1e-3"};
    mutable bool positive_loss_ = false;    // d < min(n, m) with a certified gap: the tail is Lemma P
    mutable bool lemma_p_started_ = false;  // the gradient was small once (per attempt)
    mutable Interval f_star_;               // f* at the attempt's precision

    const Matrix<Rational>& A_;
    const Factors<Rational>& z0_;
    const Rational& h_;
    unsigned sharpness_bits_;
    size_t float_test_from_;
    mutable UpperBound a_up_;  // ||A||_2 from above (begin_attempt)
    mutable ZeroLossTail tail_;  // Lemma LR or G (its target data: begin_attempt)
    // rank(A) = d, exactly (Lemma LR's first hypothesis).
    bool rank_is_d() const { return exact_target_rank(A_) == z0_.X.cols(); }
};

}  // namespace

MatrixCertificate certify_matrix(const Matrix<Rational>& A, const Factors<Rational>& z0, const Rational& h,
                                 const MatrixOptions& opt) {
    const MatrixFamily family(A, z0, h, opt.sharpness_bits, opt.float_L0_above);
    // A = mu I exactly with d = 1: the exact Gram map and Lemma I (docs/math.md, section 16).
    if (const std::optional<Rational> mu = isotropic_mu(A); mu && A.rows() >= 2 && z0.X.cols() == 1) {
        MatrixCertificate cert;
        family.initial_sharpness(cert);
        std::vector<Rational> x0, y0;
        for (size_t i = 0; i < A.rows(); ++i) {
            x0.push_back(z0.X(i, 0));
            y0.push_back(z0.Y(i, 0));
        }
        IsotropicCertificate iso = certify_isotropic(*mu, x0, y0, h, opt);
        // The driver's fields; final_centre is the Gram ball's centre (a, b, c) (X: 3 x 1, Y empty).
        cert.outcome = iso.outcome;
        cert.reason = iso.reason;
        cert.proof = iso.proof;
        cert.precision_bits = iso.precision_bits;
        cert.precisions = iso.precisions;
        cert.dry_run = iso.dry_run;
        cert.steps_run = iso.steps_run;
        cert.final_radius = iso.final_radius;
        cert.first_tail_step = iso.first_tail_step;
        cert.last_failure = iso.last_failure;
        cert.final_centre = iso.final_centre;
        cert.isotropic = std::move(iso);
        return cert;
    }
    MatrixCertificate cert = certify_with(family, opt);
    if (cert.outcome == Outcome::Converged && cert.first_lemma && cert.first_lemma->lowrank) cert.proof = "lemma LR";
    if (cert.min_loss && cert.min_loss->gap) {
        // The tail was Lemma P (docs/math.md 7.4c): the driver's texts name its tail lemma "Lemma G".
        if (cert.outcome == Outcome::Converged) cert.proof = "lemma P";
        for (std::string* text : {&cert.reason, &cert.last_failure})
            for (size_t at = text->find("Lemma G"); at != std::string::npos; at = text->find("Lemma G", at))
                text->replace(at, 7, "Lemma P");
    }
    return cert;
}

}  // namespace lrcert
