// Certified singular value bounds of interval matrices, through the Gram
// matrix of the smaller side and the certified eigenvalue bounds
// (eigen_bounds.hpp): sigma_1(M)^2 = lambda_max(M M^T) = lambda_max(M^T M),
// sigma_min(M)^2 = lambda_min(M M^T) for M with no more rows than columns.
// The interval Gram matrix contains M M^T for every M in the input, so the
// bounds hold for every matrix in the input box.
#pragma once

#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/bound.hpp"

namespace lrcert {

// Encloses sigma_1(M) for every M in the box (lower end from a Rayleigh
// quotient, upper end from interval Cholesky, or a Frobenius fallback).
Interval spectral_norm(const Matrix<Interval>& M);

// Upper bound of ||M||_2 for every M in the box.
UpperBound spectral_norm_up(const Matrix<Interval>& M);

// Lower bound of sigma_r(M), r = rows(M) <= cols(M) (the smallest of the r
// singular values, i.e. sqrt(lambda_min(M M^T))); 0 when it cannot be proven
// positive or when rows > cols.
LowerBound smallest_singular_down(const Matrix<Interval>& M);

}  // namespace lrcert
