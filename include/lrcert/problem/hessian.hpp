// The full Hessian matrix of f(X, Y) = 1/2 ||A - X Y^T||_F^2, generic in the
// scalar type (exact for Rational, an entrywise enclosure for Interval).
//
// Variables, N = (n + m) d of them:
//   vec(X) row-major, then vec(Y) row-major:
//   X_{ia} has index  i d + a          (0 <= i < n, 0 <= a < d)
//   Y_{jb} has index  n d + j d + b    (0 <= j < m, 0 <= b < d)
//
// Entries (derived from Q_z(U, V) = ||U Y^T + X V^T||_F^2 - 2 <R, U V^T>,
// R = A - X Y^T, which is w^T H w for w = (vec U, vec V); see docs/eigen.md):
//   ||U Y^T||^2 = sum_i sum_{a,b} U_ia U_ib (Y^T Y)_ab
//       H[X_ia, X_kb] = delta_ik (Y^T Y)_ab
//   ||X V^T||^2 = sum_j sum_{a,b} V_ja V_jb (X^T X)_ab
//       H[Y_ja, Y_lb] = delta_jl (X^T X)_ab
//   2 <U Y^T, X V^T> - 2 <R, U V^T> = 2 sum_{i,j,a,b} U_ia V_jb (Y_ja X_ib - delta_ab R_ij)
//       H[X_ia, Y_jb] = H[Y_jb, X_ia] = X_ib Y_ja - delta_ab R_ij
//
// With T = Interval each entry encloses the exact entry for every point of the
// input intervals, and the result is exactly symmetric (each off-diagonal
// value is computed once and stored twice); diagonal Gram entries use squares
// (no dependency overestimate). Cost: O(n m d + (n + m) d^2) arithmetic for
// the ingredients plus one copy per entry, i.e. O(N^2).
#pragma once

#include "lrcert/linalg/matrix.hpp"
#include "lrcert/problem/factorization.hpp"

#include <type_traits>

namespace lrcert {

namespace detail {

template <class T>
T hessian_square(const T& x) {
    if constexpr (std::is_same_v<T, Interval>) {
        return interval_sqr(x);
    } else {
        return x * x;
    }
}

// G = M^T M (d x d, symmetric), diagonal by sums of squares.
template <class T>
Matrix<T> hessian_gram(const Matrix<T>& M) {
    const size_t d = M.cols();
    Matrix<T> G(d, d);
    for (size_t a = 0; a < d; ++a) {
        T s = zero<T>();
        for (size_t i = 0; i < M.rows(); ++i) s += hessian_square(M(i, a));
        G(a, a) = s;
        for (size_t b = a + 1; b < d; ++b) {
            T t = zero<T>();
            for (size_t i = 0; i < M.rows(); ++i) t += M(i, a) * M(i, b);
            G(a, b) = t;
            G(b, a) = t;
        }
    }
    return G;
}

}  // namespace detail

// The (n + m) d x (n + m) d Hessian of f at z = (X, Y), ordering as above.
template <class T>
Matrix<T> hessian_matrix(const Matrix<T>& A, const Factors<T>& z) {
    const size_t n = z.X.rows();
    const size_t m = z.Y.rows();
    const size_t d = z.X.cols();
    detail::require(z.Y.cols() == d, "hessian_matrix: X and Y need the same number of columns");
    detail::require(A.rows() == n && A.cols() == m, "hessian_matrix: A must be n x m");
    const size_t N = (n + m) * d;
    const size_t offset = n * d;

    const Matrix<T> GY = detail::hessian_gram(z.Y);  // Y^T Y
    const Matrix<T> GX = detail::hessian_gram(z.X);  // X^T X
    const Matrix<T> R = residual(A, z);

    Matrix<T> H(N, N);
    // XX block: block diagonal, n copies of Y^T Y.
    for (size_t i = 0; i < n; ++i)
        for (size_t a = 0; a < d; ++a)
            for (size_t b = 0; b < d; ++b) H(i * d + a, i * d + b) = GY(a, b);
    // YY block: block diagonal, m copies of X^T X.
    for (size_t j = 0; j < m; ++j)
        for (size_t a = 0; a < d; ++a)
            for (size_t b = 0; b < d; ++b) H(offset + j * d + a, offset + j * d + b) = GX(a, b);
    // XY block and its transpose: H[X_ia, Y_jb] = X_ib Y_ja - delta_ab R_ij.
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j)
            for (size_t a = 0; a < d; ++a)
                for (size_t b = 0; b < d; ++b) {
                    T v = z.X(i, b) * z.Y(j, a);
                    if (a == b) v -= R(i, j);
                    H(i * d + a, offset + j * d + b) = v;
                    H(offset + j * d + b, i * d + a) = v;
                }
    return H;
}

}  // namespace lrcert
