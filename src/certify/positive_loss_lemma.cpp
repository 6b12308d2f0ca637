#include "lrcert/certify/positive_loss_lemma.hpp"

#include "lrcert/claims/spectral_functions.hpp"
#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/linalg/float_decompositions.hpp"
#include "lrcert/linalg/spectral.hpp"
#include "lrcert/problem/factorization.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace lrcert {

MinLoss enclose_min_loss(const Matrix<Rational>& A, std::size_t d) {
    const std::size_t k = std::min(A.rows(), A.cols());
    if (d < 1 || d >= k)
        throw std::invalid_argument("enclose_min_loss: d = " + std::to_string(d) + " must satisfy 1 <= d < min(n, m) = " +
                                    std::to_string(k));
    MinLoss M;
    M.d = d;
    const Matrix<Interval> Ai = convert_matrix<Interval>(A);
    Rational fro(0);
    for (std::size_t i = 0; i < A.rows(); ++i)
        for (std::size_t j = 0; j < A.cols(); ++j) fro += A(i, j) * A(i, j);
    Interval S = make_interval(0L);
    for (std::size_t i = 1; i <= d + 1; ++i) {
        M.sigma.push_back(claims::enclose_sigma(Ai, i));
        if (i <= d) S = S + interval_sqr(M.sigma.back());
    }
    M.top_sum = S;
    // f* = (||A||_F^2 - S_d) / 2 >= 0 (a sum of squares): the lower end is clamped at 0.
    const Interval f = (enclose(fro) - S) / make_interval(2L);
    M.f_star = make_interval(lo(f) > 0 ? lo(f) : Real(0), hi(f) > 0 ? hi(f) : Real(0));
    M.gap = lo(M.sigma[d - 1]) > hi(M.sigma[d]);
    return M;
}

namespace {

// A float64 estimate of sigma_d(X Y^T) (only chooses the shift t of the
// Cholesky proof below; proves nothing).
double sigma_d_estimate(const Factors<Real>& c) {
    const std::size_t n = c.X.rows(), m = c.Y.rows(), d = c.X.cols();
    Matrix<double> P(n, m);  // X Y^T in double
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < m; ++k) {
            double sum = 0;
            for (std::size_t j = 0; j < d; ++j) sum += c.X(i, j).convert_to<double>() * c.Y(k, j).convert_to<double>();
            P(i, k) = sum;
        }
    const std::vector<double> s = singular_values(P);
    return d <= s.size() ? s[d - 1] : 0.0;
}

}  // namespace

UpperBound gradient_norm_up(const Matrix<Interval>& A, const Factors<Real>& c) {
    const Factors<Interval> z = thin(c);
    const Matrix<Interval> R = residual(A, z);
    return sqrt(upper_of(frobenius_sq(transposed_multiply(R, z.X)) + frobenius_sq(multiply(R, z.Y))));
}

PositiveLossCentre positive_loss_centre(const Matrix<Interval>& A, const Factors<Real>& c) {
    PositiveLossCentre pc;
    const Factors<Interval> z = thin(c);
    const Matrix<Interval> R = residual(A, z);
    pc.a = sqrt(upper_of(frobenius_sq(transposed_multiply(R, z.X))));
    pc.b = sqrt(upper_of(frobenius_sq(multiply(R, z.Y))));
    // sigma_d(X_c): the smallest singular value of the d x n matrix X_c^T.
    pc.sigma_x = z.X.rows() >= z.X.cols() ? smallest_singular_down(transpose(z.X)) : LowerBound::exact(0);
    pc.tau = LowerBound::exact(0);
    if (!(pc.sigma_x > 0)) return pc;
    // sigma_d(X_c Y_c^T)^2 = lambda_min(Gx Gy) > t iff Gx Gy Gx - t Gx is
    // positive definite (congruent to Gx^(1/2) Gy Gx^(1/2) - t I; docs/math.md 7.4c).
    const Matrix<Interval> Gx = transposed_multiply(z.X, z.X), Gy = transposed_multiply(z.Y, z.Y);
    const Matrix<Interval> H0 = multiply(multiply(Gx, Gy), Gx);
    const double est = sigma_d_estimate(c);
    if (!(est > 0) || !std::isfinite(est)) return pc;
    Real t = Real(est) * Real(est) * (1 - std::ldexp(1.0, -20));
    for (int attempt = 0; attempt < 6; ++attempt, t /= 4) {
        if (interval_cholesky_succeeds(H0 - make_interval(t) * Gx)) {
            pc.tau = sqrt(LowerBound::assume_lower(t));
            break;
        }
    }
    return pc;
}

LemmaP check_lemma_p(const Ball& ball, const Interval& h, const CentreNorms& s, const PositiveLossCentre& pc,
                     const LowerBound& f_star_low) {
    LemmaP P;
    if (!(pc.sigma_x > 0)) {
        P.failure = "sigma_d(X) at the centre is not proven positive (X may not have full column rank)";
        return P;
    }
    if (!(pc.tau > 0)) {
        P.failure = "sigma_d(X Y^T) at the centre is not proven positive";
        return P;
    }
    const Interval one = make_interval(1L), two = make_interval(2L);
    const Interval e = upto(ball.radius);
    const Interval sx = upto(s.sx), sy = upto(s.sy), sr = upto(s.sr);
    // sup over B(c_K, e_K) of f, as in Lemma G; E_K = F_K - f*_low.
    const Interval rf = upto(s.r_fro) + e * (sx + sy) + interval_sqr(e);
    P.F_K = upper_of(interval_sqr(rf) / two);
    UpperBound E = upper_of(point(P.F_K) - point(f_star_low));
    const UpperBound E_loss = E > 0 ? E : UpperBound::exact(0);  // (f - f* >= 0 everywhere)

    // sup |grad f| over B(c, r): ||R^T X||_F <= a_c + w(r) (sx + r) + sr r (with
    // R^T X - R_c^T X_c = (R - R_c)^T X + R_c^T Delta_X), the same for ||R Y||_F.
    auto gradient_sup = [&](const UpperBound& radius) {
        const Interval r = upto(radius);
        const Interval w = r * (sx + sy) + interval_sqr(r);
        const Interval a = upto(pc.a) + w * (sx + r) + sr * r, b = upto(pc.b) + w * (sy + r) + sr * r;
        return upper_of(interval_sqrt(interval_sqr(a) + interval_sqr(b)));
    };
    const UpperBound G_K = gradient_sup(ball.radius);
    // The first ball: twice the enclosure plus one step's length at the enclosure.
    UpperBound rho = (ball.radius + upper_of(h * point(G_K))) * UpperBound::exact(2);
    for (int round = 0; round < 8; ++round) {
        P.rho_B = rho;
        const Interval R = upto(rho);
        // ||X Y^T - X_c Y_c^T||_F <= w = rho (sx + sy) + rho^2 on B (section 7.1).
        const Interval W = R * (sx + sy) + interval_sqr(R);
        const UpperBound x2 = upper_of(sx + R);
        P.r2 = upper_of(sr + W);
        P.L_B = upper_of(interval_sqr(sx + R) + interval_sqr(sy + R) + point(P.r2));
        if (!(hi(h * point(P.L_B)) < 2)) {
            P.failure = "h L_B >= 2 on the ball (not proven stable)";
            return P;
        }
        P.sX = lower_of(point(pc.sigma_x) - R);
        if (!(P.sX > 0)) {
            P.failure = "sigma_d(X) is not proven positive on the ball";
            return P;
        }
        P.tau = lower_of(point(pc.tau) - W);
        // ||P R||_2 <= ||R^T X||_F / sigma_d(X) over B.
        const UpperBound a = upper_of(upto(pc.a) + W * (sx + R) + sr * R);
        P.p = upper_of(point(a) / point(P.sX));
        const LowerBound tp = lower_of(point(P.tau) - point(P.p));
        if (!(tp > 0)) {
            P.failure = "sigma_d(X Y^T) - ||P R||_2 is not proven positive on the ball";
            return P;
        }
        P.delta_B = lower_of(interval_sqr(point(tp)) - interval_sqr(point(P.r2)));
        if (!(P.delta_B > 0)) {
            P.failure = "no spectral gap on the ball ((sigma_d(X Y^T) - ||P R||_2)^2 <= ||R||_2^2)";
            return P;
        }
        const Interval sX2 = interval_sqr(point(P.sX));
        const Interval inv_mu =
            one / sX2 + (interval_sqr(point(P.r2)) / sX2 + interval_sqr(point(x2))) / point(P.delta_B);
        P.mu_B = lower_of(one / point(upper_of(inv_mu)));
        if (!(P.mu_B > 0)) {
            P.failure = "PL constant not positive on the ball";
            return P;
        }
        // E_K: also PL on B(c_K, e_K) (inside B): f - f* <= |grad f|^2 / (2 mu_B),
        // which needs no digits of f* (its bound is linear in the distance to the limit).
        const UpperBound E_pl = upper_of(interval_sqr(point(G_K)) / (two * point(P.mu_B)));
        P.E_K = min(E_loss, E_pl);
        const Interval slack = one - h * point(P.L_B) / two;  // 1 - h L_B / 2 > 0
        const UpperBound q_up = upper_of(one - two * point(P.mu_B) * h * point(lower_of(slack)));
        if (q_up.nan()) {
            P.failure = "no contraction bound (q is not a number)";
            return P;
        }
        P.q = q_up > 0 ? q_up : UpperBound::exact(0);
        if (!(P.q < 1)) {
            P.failure = "no contraction (q >= 1)";
            return P;
        }
        // Steps: h |grad f(z_k)| <= sqrt(h E_k / (1 - h L_B / 2)), E_k <= q^(k-K) E_K.
        const UpperBound first_step = upper_of(interval_sqrt(h * point(P.E_K) / point(lower_of(slack))));
        const LowerBound one_minus_sqrt_q = LowerBound::exact(1) - sqrt(P.q);
        if (!(one_minus_sqrt_q > 0)) {
            P.failure = "no contraction (sqrt q >= 1)";
            return P;
        }
        // reach is enlarged by a relative 1/4 (still an upper bound), and
        // reach + h G_B <= rho_B is required with a relative margin 2^-8: an
        // independent re-check (lrcert-check: its own centres, its own ball,
        // 64-bit roundings) must find the same rho_B sufficient and its own
        // reach below this one (its reach was measured up to 9% above the
        // solver's unenlarged one when refinement stops at --digits).
        P.reach = (ball.radius + first_step / one_minus_sqrt_q) * UpperBound::of_rational(Rational(5, 4));
        // The iterates lie in B(c_K, reach), where |grad f| <= G_B: each step's segment
        // stays in B(c_K, reach + h G_B).
        P.G_B = gradient_sup(P.reach);
        const UpperBound need = (P.reach + upper_of(h * point(P.G_B))) * UpperBound::of_rational(Rational(257, 256));
        if (need <= rho) {
            P.holds = true;
            P.failure.clear();
            return P;
        }
        rho = need * UpperBound::exact(2);
        P.failure = "the iterates' path may leave the ball (reach + h G_B > rho_B)";
    }
    return P;
}

}  // namespace lrcert
