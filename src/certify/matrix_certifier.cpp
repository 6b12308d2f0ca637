#include "lrcert/certify/matrix_certifier.hpp"

#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/linalg/spectral.hpp"
#include "lrcert/problem/hessian.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace lrcert {

namespace {

enum class AttemptStatus { Converged, NoTail, OutOfBits, Escaped };

Eigen::MatrixXd to_eigen(const Matrix<double>& m) {
    Eigen::MatrixXd e(m.rows(), m.cols());
    for (size_t i = 0; i < m.rows(); ++i)
        for (size_t j = 0; j < m.cols(); ++j) e(i, j) = m(i, j);
    return e;
}

double norm2(const Matrix<double>& m) {
    if (m.size() == 0) return 0;
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(to_eigen(m));
    return svd.singularValues()(0);
}

Real state_scale(const Ball& b) {
    return sqrt_up(hi(state_norm_sq(thin(b.centre))));
}

// Per-entry enclosures of a ball: [c - r, c + r].
Matrix<Interval> entries(const Matrix<Real>& c, const Real& r) {
    return Matrix<Interval>::from(c, [&](const Real& x) {
        MpfrRounding rnd;
        return Interval(rnd.sub_down(x, r), rnd.add_up(x, r));
    });
}

// q(c) +- (|grad q(c)| r + k r^2) for a quadratic q on the ball B(c, r).
Interval quadratic_on_ball(const Interval& at_centre, const Real& grad_norm_up, const Real& r, long k) {
    MpfrRounding rnd;
    Real spread = rnd.add_up(rnd.mul_up(grad_norm_up, r), rnd.mul_up(make_interval(k).upper(), rnd.mul_up(r, r)));
    return Interval(rnd.sub_down(lo(at_centre), spread), rnd.add_up(hi(at_centre), spread));
}

MatrixLimit make_limit(const Matrix<Interval>& A, size_t step, const LemmaG& lemma, const Factors<Real>& centre) {
    MatrixLimit L;
    L.step = step;
    L.lemma = lemma;
    L.ball = Ball{centre, lemma.reach};
    const Real& r = lemma.reach;
    L.X = entries(centre.X, r);
    L.Y = entries(centre.Y, r);
    Factors<Interval> c = thin(centre);
    // sigma_1 moves by at most ||Delta||_2 <= ||Delta||_F <= r (Weyl).
    MpfrRounding rnd;
    auto widen = [&](const Interval& s) {
        Real l = rnd.sub_down(lo(s), r);
        return Interval(l > 0 ? l : new_real(), rnd.add_up(hi(s), r));
    };
    // At a zero-residual point the Hessian is J^T J with J(U, V) = U Y^T + X V^T;
    // J J^T W = X X^T W + W Y Y^T has eigenvalues alpha_i + beta_j, so
    // lambda_max = sigma_1(X)^2 + sigma_1(Y)^2.
    Interval s = interval_sqr(widen(spectral_norm(c.X))) + interval_sqr(widen(spectral_norm(c.Y)));
    L.sharpness = boost::numeric::intersect(s, Interval(lo(s), lemma.L_B < hi(s) ? lemma.L_B : hi(s)));
    // ||X||^2 - ||Y||^2: gradient 2 (X, -Y) of norm 2 |c|, second order r^2.
    Real cn = sqrt_up(hi(state_norm_sq(c)));
    L.norm_gap = quadratic_on_ball(frobenius_sq(c.X) - frobenius_sq(c.Y), rnd.mul_up(make_interval(2L).upper(), cn),
                                   r, 1);
    (void)A;
    if (centre.X.rows() == centre.Y.rows()) {
        // ||X - Y||^2: gradient (2 D, -2 D) of norm 2 sqrt(2) ||D||, second order 2 r^2.
        Matrix<Interval> D = c.X - c.Y;
        Real dn = sqrt_up(hi(frobenius_sq(D)));
        Real g = rnd.mul_up(rnd.mul_up(make_interval(2L).upper(), sqrt_up(make_interval(2L).upper())), dn);
        L.imbalance = quadratic_on_ball(frobenius_sq(D), g, r, 2);
        Real l = lo(*L.imbalance);
        if (l < 0) L.imbalance = Interval(new_real(), hi(*L.imbalance));
    }
    return L;
}

AttemptStatus attempt(const Matrix<Rational>& A_exact, const Factors<Rational>& z0, const Rational& h_exact,
                      const MatrixOptions& opt, MatrixCertificate& cert, std::string& why) {
    const Matrix<Interval> A = convert_matrix<Interval>(A_exact);
    const Interval h = enclose(h_exact);
    Ball ball = ball_around(Factors<Interval>{convert_matrix<Interval>(z0.X), convert_matrix<Interval>(z0.Y)});
    cert.limit.reset();
    cert.first_tail_step.reset();
    cert.first_lemma.reset();
    cert.last_failure = "Lemma G was never tried";
    size_t stale = 0;
    NormCache norms;
    bool lemma_worth_trying = false;
    const Real radius_cap("1e-6");
    const Real escape_cap("1e30");
    for (size_t k = 0;; ++k) {
        throw_if_cancelled(opt.cancel);
        cert.steps_run = k;
        cert.final_radius = ball.radius;
        Real scale = add_up(make_interval(1L).upper(), state_scale(ball));
        // Beyond |z| = 1e30 the trajectory is not followed (ball.hpp).
        const BallBound bound = ball_bound(ball);
        const std::string escaped = "; no divergence lemma for the matrix family yet";
        if (!mpfr_number_p(ball.radius.backend().data()) || ball.radius > radius_cap * scale) {
            if (cert.limit) return AttemptStatus::Converged;
            if (!mpfr_number_p(scale.backend().data()) || scale > escape_cap) {
                why = bound_reason(bound == BallBound::Within ? BallBound::Unbounded : bound, k) + escaped;
                return AttemptStatus::Escaped;
            }
            std::ostringstream os;
            os << "ball radius " << decimal_up(ball.radius, 4) << " too wide at step " << k;
            why = os.str();
            return AttemptStatus::OutOfBits;
        }
        if (bound != BallBound::Within) {
            if (cert.limit) return AttemptStatus::Converged;
            why = bound_reason(bound, k) + escaped;
            return AttemptStatus::Escaped;
        }
        CentreNorms s = norms.at(A, ball.centre, lemma_worth_trying);
        // Lemma G is worth trying only once the residual is small (a heuristic
        // that only saves time: the lemma checks its own hypotheses).
        if (!lemma_worth_trying && s.r_fro < Real("1e-3") * (1 + s.sx * s.sx + s.sy * s.sy)) {
            lemma_worth_trying = true;
            s = norms.at(A, ball.centre, true);
        }
        if (lemma_worth_trying) {
            LemmaG G = check_lemma_g(ball, h, s);
            if (G.holds) {
                if (!cert.first_tail_step) {
                    cert.first_tail_step = k;
                    cert.first_lemma = G;
                }
                if (!cert.limit || G.reach < cert.limit->lemma.reach) {
                    cert.limit = MatrixLimit{k, G, ball, {}, {}, {}, {}, {}};
                    stale = 0;
                } else {
                    ++stale;
                }
            } else {
                cert.last_failure = G.failure;
                if (cert.limit) ++stale;
            }
        }
        if (cert.limit && stale >= 25) return AttemptStatus::Converged;
        if (k >= opt.max_steps) {
            if (cert.limit) return AttemptStatus::Converged;
            why = "no tail certificate within " + std::to_string(opt.max_steps) + " steps (last Lemma G failure: " +
                  cert.last_failure + ")";
            return AttemptStatus::NoTail;
        }
        ball = ball_step(A, h, ball, matrix_growth_bound(s, ball.radius, h));
    }
}

}  // namespace

MatrixTrajectory::MatrixTrajectory(const Matrix<Rational>& A, const Factors<Rational>& z0, const Rational& h)
    : A_(convert_matrix<Interval>(A)), h_(enclose(h)),
      ball_(ball_around(Factors<Interval>{convert_matrix<Interval>(z0.X), convert_matrix<Interval>(z0.Y)})),
      bound_(ball_bound(ball_)) {}

Factors<Interval> MatrixTrajectory::iterate() const {
    return {entries(ball_.centre.X, ball_.radius), entries(ball_.centre.Y, ball_.radius)};
}

void MatrixTrajectory::advance() {
    if (bound_ != BallBound::Within)
        throw std::logic_error("MatrixTrajectory::advance: " + bound_reason(bound_, k_));
    CentreNorms s = centre_norms(A_, ball_.centre, false);
    ball_ = ball_step(A_, h_, ball_, matrix_growth_bound(s, ball_.radius, h_));
    ++k_;
    bound_ = ball_bound(ball_);
}

DryRun dry_run_matrix(const Matrix<double>& A, const Factors<double>& z0, double h, size_t max_steps) {
    DryRun run;
    Factors<double> z = z0;
    for (size_t k = 0; k < max_steps; ++k) {
        Matrix<double> R = residual(A, z);
        double rf = std::sqrt(frobenius_sq(R));
        double scale = std::sqrt(state_norm_sq(z));
        if (!std::isfinite(rf) || scale > 1e100) {
            run.escaped = true;
            run.steps = k;
            return run;
        }
        double sx = norm2(z.X), sy = norm2(z.Y), sr = norm2(R);
        if (rf < 1e-13 * (1 + sx * sy)) {
            run.settled = true;
            run.steps = k;
            return run;
        }
        double gamma = std::max(1 + h * sr, h * (sx * sx + sy * sy + sr) - 1);
        run.log2_growth += std::log2(std::max(1.0, gamma));
        z = gd_step(A, z, h);
    }
    run.steps = max_steps;
    return run;
}

MatrixCertificate certify_matrix(const Matrix<Rational>& A, const Factors<Rational>& z0, const Rational& h,
                                 const MatrixOptions& opt) {
    MatrixCertificate cert;
    cert.dry_run = dry_run_matrix(convert_matrix<double>(A),
                                  Factors<double>{convert_matrix<double>(z0.X), convert_matrix<double>(z0.Y)},
                                  from_rational<double>(h), std::min<size_t>(opt.max_steps, 20000));
    unsigned p = opt.precision ? opt.precision
                               : planned_precision(cert.dry_run, opt.wanted_bits, 128, opt.max_precision);
    if (p > opt.max_precision) p = opt.max_precision;

    {   // L0: certified lambda_max of the full Hessian at the start.
        cert.sharpness_bits = opt.sharpness_bits;
        PrecisionScope scope(cert.sharpness_bits);
        Factors<Interval> z{convert_matrix<Interval>(z0.X), convert_matrix<Interval>(z0.Y)};
        EigenEnclosure e = certified_lambda_max(hessian_matrix(convert_matrix<Interval>(A), z));
        cert.L0 = e.value;
        cert.L0_certified = e.certified;
        cert.L0_vector = e.vector;
        cert.L0_shift = e.shift;
        cert.h = enclose(h);
        cert.h_times_L0 = cert.h * cert.L0;
        cert.norm_gap_0 = enclose(frobenius_sq(z0.X) - frobenius_sq(z0.Y));
    }

    const size_t n = A.rows(), m = A.cols(), d = z0.X.cols();
    if (d < std::min(n, m)) {
        // Neither X X^T (n x n) nor Y Y^T (m x m) can be positive definite
        // with rank <= d, so Lemma G's PL hypothesis can never hold.
        cert.precision_bits = cert.sharpness_bits;
        cert.outcome = Outcome::Undecided;
        cert.reason = "no tail lemma for d < max(n, m) yet: with d < min(n, m) neither X X^T nor Y Y^T can be "
                      "positive definite, so Lemma G's PL hypothesis never holds (A may also be unreachable with "
                      "zero loss when rank(A) > d)";
        cert.last_failure = cert.reason;
        return cert;
    }

    for (;;) {
        PrecisionScope scope(p);
        cert.precision_bits = p;
        cert.precisions.push_back(p);
        std::string why;
        Matrix<Interval> Ai = convert_matrix<Interval>(A);
        AttemptStatus status = attempt(A, z0, h, opt, cert, why);
        if (status == AttemptStatus::OutOfBits && p < opt.max_precision) {
            p = std::min(2 * p, opt.max_precision);
            continue;
        }
        switch (status) {
            case AttemptStatus::Converged: {
                cert.limit = make_limit(Ai, cert.limit->step, cert.limit->lemma, cert.limit->ball.centre);
                cert.outcome = Outcome::Converged;
                cert.proof = "lemma G";
                std::ostringstream os;
                os << "Lemma G holds at step " << *cert.first_tail_step << " (h L_B <= "
                   << decimal_up(hi(cert.h * make_interval(cert.first_lemma->L_B)), 4)
                   << ", q <= " << decimal_up(cert.first_lemma->q, 4) << "); GD converges to a global minimizer "
                   << "(f = 0); limit refined at step " << cert.limit->step;
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
                cert.reason = "precision budget exhausted at " + std::to_string(p) + " bits (" + why +
                              "; last Lemma G failure: " + cert.last_failure + ")";
                break;
        }
        return cert;
    }
}

}  // namespace lrcert
