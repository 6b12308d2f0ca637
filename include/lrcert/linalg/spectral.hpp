// Certified singular value bounds of interval matrices, through the Gram
// matrix of the smaller side and the certified eigenvalue bounds
// (eigen_bounds.hpp): sigma_1(M)^2 = lambda_max(M M^T) = lambda_max(M^T M),
// sigma_min(M)^2 = lambda_min(M M^T) for M with no more rows than columns.
// The interval Gram matrix contains M M^T for every M in the input, so the
// bounds hold for every matrix in the input box.
//
// The *_cheap variants first try the double path of docs/math.md 7.1a: a
// double Gram matrix of a double image of M, an a-priori bound on every
// rounding error, and the float Cholesky test of linalg/float_cholesky.hpp
// (O(k^2 len + k^3) double operations instead of as many interval operations
// at working precision). Their bounds are proven but only about 2^-40
// (relative) tight; when that path proves nothing (no double image, a pivot
// <= 0, an exception) they return the interval method's bound.
#pragma once

#include "lrcert/linalg/float_image.hpp"
#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/bound.hpp"

#include <optional>

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

// The same bounds, double path first (docs/math.md 7.1a): for the norm
// refreshes of the trajectory and the lemmas, which need bounds, not digits.
UpperBound spectral_norm_up_cheap(const Matrix<Interval>& M);
LowerBound smallest_singular_down_cheap(const Matrix<Interval>& M);

// The double paths alone (docs/math.md 7.1a), for tests and benchmarks: an
// upper bound of ||M||_2, a lower bound of sigma_r(M) (r = rows(M) <=
// cols(M)) for every M in the box, or nullopt when the double computation
// cannot prove one (then the functions above use the interval method).
std::optional<UpperBound> float_spectral_norm_up(const Matrix<Interval>& M);
std::optional<LowerBound> float_smallest_singular_down(const Matrix<Interval>& M);
// The same on a double image (linalg/float_image.hpp): the bounds hold for
// every matrix the image stands for (Lemma F3 with the image's dist).
std::optional<UpperBound> float_spectral_norm_up(const DoubleImage& im);
std::optional<LowerBound> float_smallest_singular_down(const DoubleImage& im);

}  // namespace lrcert
