// An independent exact oracle: gradient descent on f(X, Y) = 1/2 ||A - X Y^T||_F^2
// in exact rationals, written with plain loops (no lrcert matrix code), so a
// test compares lrcert's enclosures with a computation that shares only the
// rational number type with it.
//   R = A - X Y^T,  X' = X + h R Y,  Y' = Y + h R^T X.
#pragma once

#include "lrcert/number/rational.hpp"

#include <cstddef>
#include <vector>

namespace lrcert::test {

using RationalRows = std::vector<std::vector<Rational>>;  // row-major, rows of equal length

struct ExactIterate {
    RationalRows X, Y;  // n x d, m x d
};

// One exact GD step.
inline ExactIterate exact_gd_step(const RationalRows& A, const ExactIterate& z, const Rational& h) {
    const size_t n = A.size(), m = n ? A[0].size() : 0, d = z.X.empty() ? 0 : z.X[0].size();
    RationalRows R(n, std::vector<Rational>(m));
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) {
            Rational s = 0;
            for (size_t k = 0; k < d; ++k) s += z.X[i][k] * z.Y[j][k];
            R[i][j] = A[i][j] - s;
        }
    ExactIterate next = z;
    for (size_t i = 0; i < n; ++i)
        for (size_t k = 0; k < d; ++k) {
            Rational s = 0;
            for (size_t j = 0; j < m; ++j) s += R[i][j] * z.Y[j][k];
            next.X[i][k] += h * s;
        }
    for (size_t j = 0; j < m; ++j)
        for (size_t k = 0; k < d; ++k) {
            Rational s = 0;
            for (size_t i = 0; i < n; ++i) s += R[i][j] * z.X[i][k];
            next.Y[j][k] += h * s;
        }
    return next;
}

// The iterates z_0, ..., z_steps.
inline std::vector<ExactIterate> exact_gd(const RationalRows& A, const ExactIterate& z0, const Rational& h,
                                          size_t steps) {
    std::vector<ExactIterate> out{z0};
    for (size_t k = 0; k < steps; ++k) out.push_back(exact_gd_step(A, out.back(), h));
    return out;
}

// f(z) = 1/2 ||A - X Y^T||_F^2, exactly.
inline Rational exact_loss(const RationalRows& A, const ExactIterate& z) {
    Rational s = 0;
    const size_t d = z.X.empty() ? 0 : z.X[0].size();
    for (size_t i = 0; i < A.size(); ++i)
        for (size_t j = 0; j < A[i].size(); ++j) {
            Rational r = A[i][j];
            for (size_t k = 0; k < d; ++k) r -= z.X[i][k] * z.Y[j][k];
            s += r * r;
        }
    return s / 2;
}

}  // namespace lrcert::test
