// The test's own oracle for h given relative to 2/L0 (docs/formats.md,
// "Problem files"): h = 2 t / L0 rounded to 12 significant digits, with L0
// enclosed by exact rational arithmetic only (none of lrcert's number, interval
// or eigenvalue code):
//   scalar family: the closed form of docs/math.md section 2, the square root
//     bracketed by an integer square root at 2^-k;
//   matrix family: the exact Hessian (written out here from the formula of
//     docs/eigen.md) and bisection on lambda_max with the exact positive
//     definiteness test of exact_oracles.hpp (g > lambda_max iff g I - H is PD).
// The rounding is exact too; an enclosure whose two ends round differently
// (2t/L0 within 2^-k of a rounding boundary) gives nullopt.
#pragma once

#include "support/exact_oracles.hpp"

#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/rational.hpp"

#include <optional>
#include <vector>

namespace lrcert_test {

inline Q pow10q(long e) {
    Integer p = 1;
    for (long i = 0; i < (e < 0 ? -e : e); ++i) p *= 10;
    return e < 0 ? Q(Integer(1), p) : Q(p);
}

// The decimal with 12 significant digits nearest to x > 0; nullopt at a tie.
inline std::optional<Q> round12(const Q& x) {
    long E = 0;
    while (pow10q(E) > x) --E;
    while (pow10q(E + 1) <= x) ++E;
    const Q u = pow10q(E - 11);
    const Q m = x / u;  // in [10^11, 10^12)
    const Integer f = numerator(m) / denominator(m);
    const Q frac = m - Q(f);
    if (frac == Q(1, 2)) return std::nullopt;
    return Q(frac > Q(1, 2) ? Integer(f + 1) : f) * u;
}

// lo <= sqrt(q) <= hi, |hi - lo| = 2^-k (q >= 0).
inline void sqrt_bracket(const Q& q, unsigned k, Q& lo, Q& hi) {
    const Integer p = numerator(q), r = denominator(q);
    Integer N = p * r;
    N <<= 2 * k;
    const Integer s = boost::multiprecision::sqrt(N);  // floor
    Integer den = r;
    den <<= k;
    lo = Q(s, den);
    hi = Q(Integer(s + 1), den);
}

// 12-digit rounding of 2t/L0 for L0 in [lo, hi] (lo > 0), if both ends agree.
inline std::optional<Q> rounded_relative_h(const Q& t, const Q& lo, const Q& hi) {
    if (!(lo > 0)) return std::nullopt;
    const std::optional<Q> a = round12(2 * t / hi), b = round12(2 * t / lo);
    if (!a || !b || *a != *b) return std::nullopt;
    return a;
}

// Scalar family: L0 = max(lambda_+, |r0|) (d >= 2) or lambda_+ (d = 1),
// lambda_+ = (S0 + sqrt(S0^2 - 8 r0 mu + 12 r0^2)) / 2.
inline std::optional<Q> scalar_relative_h(const Q& mu, const std::vector<Q>& x0, const std::vector<Q>& y0,
                                          const Q& t) {
    Q S = 0, xy = 0;
    for (size_t i = 0; i < x0.size(); ++i) {
        S += x0[i] * x0[i] + y0[i] * y0[i];
        xy += x0[i] * y0[i];
    }
    const Q r = mu - xy;
    Q slo, shi;
    sqrt_bracket(S * S - 8 * r * mu + 12 * r * r, 400, slo, shi);
    Q lo = (S + slo) / 2, hi = (S + shi) / 2;
    const Q ar = r < 0 ? Q(-r) : r;
    if (x0.size() >= 2 && ar > lo) lo = ar;
    if (x0.size() >= 2 && ar > hi) hi = ar;
    return rounded_relative_h(t, lo, hi);
}

// The exact Hessian of 1/2 ||A - X Y^T||_F^2 at (X, Y): variables vec(X)
// row-major, then vec(Y); H[X_ia, X_kb] = delta_ik (Y^T Y)_ab, H[Y_ja, Y_lb] =
// delta_jl (X^T X)_ab, H[X_ia, Y_jb] = X_ib Y_ja - delta_ab R_ij, R = A - X Y^T.
inline Matrix<Q> exact_hessian(const std::vector<std::vector<Q>>& A, const std::vector<std::vector<Q>>& X,
                               const std::vector<std::vector<Q>>& Y) {
    const size_t n = X.size(), m = Y.size(), d = X[0].size(), N = (n + m) * d;
    Matrix<Q> H(N, N);
    for (size_t a = 0; a < d; ++a)
        for (size_t b = 0; b < d; ++b) {
            Q gy = 0, gx = 0;
            for (size_t j = 0; j < m; ++j) gy += Y[j][a] * Y[j][b];
            for (size_t i = 0; i < n; ++i) gx += X[i][a] * X[i][b];
            for (size_t i = 0; i < n; ++i) H(i * d + a, i * d + b) = gy;
            for (size_t j = 0; j < m; ++j) H(n * d + j * d + a, n * d + j * d + b) = gx;
            for (size_t i = 0; i < n; ++i)
                for (size_t j = 0; j < m; ++j) {
                    Q R = A[i][j];
                    for (size_t c = 0; c < d; ++c) R -= X[i][c] * Y[j][c];
                    const Q v = X[i][b] * Y[j][a] - (a == b ? R : Q(0));
                    H(i * d + a, n * d + j * d + b) = v;
                    H(n * d + j * d + b, i * d + a) = v;
                }
        }
    return H;
}

// Matrix family: lambda_max of the exact Hessian bracketed by bisection.
inline std::optional<Q> matrix_relative_h(const std::vector<std::vector<Q>>& A, const std::vector<std::vector<Q>>& X,
                                          const std::vector<std::vector<Q>>& Y, const Q& t) {
    const Matrix<Q> H = exact_hessian(A, X, Y);
    const size_t N = H.rows();
    Q lo = 0, hi = 1;
    for (size_t i = 0; i < N; ++i) lo = H(i, i) > lo ? H(i, i) : lo;  // a diagonal entry <= lambda_max
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j < N; ++j) hi += H(i, j) < 0 ? Q(-H(i, j)) : H(i, j);  // > every |eigenvalue|
    auto above = [&](const Q& g) {  // g > lambda_max
        Matrix<Q> S(N, N);
        for (size_t i = 0; i < N; ++i)
            for (size_t j = 0; j < N; ++j) S(i, j) = (i == j ? g : Q(0)) - H(i, j);
        return is_pd(S);
    };
    for (int k = 0; k < 90; ++k) {
        const Q mid = (lo + hi) / 2;
        if (above(mid))
            hi = mid;
        else
            lo = mid;  // mid I - H not PD: lambda_max >= mid
    }
    return rounded_relative_h(t, lo, hi);
}

}  // namespace lrcert_test
