// The isotropic rank-1 problem A = mu I (n x n), X = x, Y = y (d = 1) in its
// Gram coordinates (a, b, c) = (|x|^2, |y|^2, x.y) (docs/math.md, section 16),
// written once for every scalar type (double, Real, Interval, Rational).
//
// GD is x+ = (1 - h b) x + h mu y, y+ = (1 - h a) y + h mu x, so span{x, y} is
// invariant and (a, b, c) follow the exact 3-D map gram_step. The iterate
// itself is x_k = p_k x0 + q_k y0, y_k = r_k x0 + s_k y0 with coefficients
// following the linear recursion coefficient_step (driven by a_k, b_k).
// With T = Interval every result encloses the exact value for all points of
// the inputs; with T = Rational it is exact.
#pragma once

#include "lrcert/linalg/matrix.hpp"

#include <optional>
#include <type_traits>

namespace lrcert {

// The integer k in T: from_rational for lrcert's scalars, T(k) for any other
// field type (a test's exact modular arithmetic).
template <class T>
T gram_constant(long k) {
    if constexpr (std::is_same_v<T, double> || std::is_same_v<T, Real> || std::is_same_v<T, Interval> ||
                  std::is_same_v<T, Rational>)
        return from_rational<T>(Rational(k));
    else
        return T(k);
}

template <class T>
struct Gram {
    T a, b, c;  // |x|^2, |y|^2, x.y
};

// x_k = p x0 + q y0, y_k = r x0 + s y0; (1, 0, 0, 1) at k = 0.
template <class T>
struct GramCoefficients {
    T p, q, r, s;
};

// One exact GD step in Gram coordinates (s = 1 - h b, t = 1 - h a):
//   a+ = s^2 a + 2 h mu s c + h^2 mu^2 b,
//   b+ = t^2 b + 2 h mu t c + h^2 mu^2 a,
//   c+ = s t c + h mu s a + h mu t b + h^2 mu^2 c.
template <class T>
Gram<T> gram_step(const Gram<T>& g, const T& mu, const T& h) {
    const T one = gram_constant<T>(1), two = gram_constant<T>(2);
    const T s = one - h * g.b, t = one - h * g.a;
    const T hm = h * mu;
    const T hm2 = hm * hm;
    Gram<T> out{zero<T>(), zero<T>(), zero<T>()};
    out.a = s * s * g.a + two * hm * s * g.c + hm2 * g.b;
    out.b = t * t * g.b + two * hm * t * g.c + hm2 * g.a;
    out.c = s * t * g.c + hm * s * g.a + hm * t * g.b + hm2 * g.c;
    return out;
}

// The coefficients one step on, from the Gram coordinates at the same step:
// (p, q)+ = (1 - h b)(p, q) + h mu (r, s), (r, s)+ = (1 - h a)(r, s) + h mu (p, q).
template <class T>
GramCoefficients<T> coefficient_step(const GramCoefficients<T>& k, const Gram<T>& g, const T& mu, const T& h) {
    const T one = gram_constant<T>(1);
    const T s = one - h * g.b, t = one - h * g.a, hm = h * mu;
    GramCoefficients<T> out{zero<T>(), zero<T>(), zero<T>(), zero<T>()};
    out.p = s * k.p + hm * k.r;
    out.q = s * k.q + hm * k.s;
    out.r = t * k.r + hm * k.p;
    out.s = t * k.s + hm * k.q;
    return out;
}

// The Jacobian of gram_step, rows (a+, b+, c+), columns (a, b, c).
template <class T>
void gram_jacobian(const Gram<T>& g, const T& mu, const T& h, T J[3][3]) {
    const T one = gram_constant<T>(1), two = gram_constant<T>(2);
    const T s = one - h * g.b, t = one - h * g.a, hm = h * mu;
    const T hm2 = hm * hm;
    J[0][0] = s * s;
    J[0][1] = hm2 - two * h * s * g.a - two * h * hm * g.c;
    J[0][2] = two * hm * s;
    J[1][0] = hm2 - two * h * t * g.b - two * h * hm * g.c;
    J[1][1] = t * t;
    J[1][2] = two * hm * t;
    J[2][0] = hm * s - h * s * g.c - h * hm * g.b;
    J[2][1] = hm * t - h * t * g.c - h * hm * g.a;
    J[2][2] = s * t + hm2;
}

// f = (n mu^2 - 2 mu c + a b) / 2 = 1/2 ||mu I - x y^T||_F^2.
template <class T>
T gram_loss(const Gram<T>& g, const T& mu, size_t n) {
    const T half = from_rational<T>(Rational(1, 2)), two = from_rational<T>(Rational(2));
    const T nn = from_rational<T>(Rational(static_cast<long>(n)));
    T out = zero<T>();
    out = half * (nn * mu * mu - two * mu * g.c + g.a * g.b);
    return out;
}

// mu when A is exactly mu I (square, every off-diagonal entry 0, one diagonal value).
inline std::optional<Rational> isotropic_mu(const Matrix<Rational>& A) {
    if (A.rows() == 0 || A.rows() != A.cols()) return std::nullopt;
    for (size_t i = 0; i < A.rows(); ++i)
        for (size_t j = 0; j < A.cols(); ++j)
            if (i == j ? A(i, j) != A(0, 0) : A(i, j) != 0) return std::nullopt;
    return A(0, 0);
}

}  // namespace lrcert
