// lrcert-check: an upper bound of lambda_max of an exact symmetric matrix from
// a shift t and an exact residual (docs/checker.md, "L0 by an exact residual").
//
// For ANY real matrix L, t I - H = L L^T + E with E = t I - H - L L^T, and
// L L^T is positive semidefinite, so for every unit x
//     x^T (t I - H) x >= x^T E x >= -||E||_2 >= -max_i sum_j |E_ij|,
// i.e. lambda_max(H) <= t + ||E||_inf. The floating point only chooses L: the
// checker's own double Cholesky of t I - H (a guess), rounded to integers
// times 2^-s; E is then computed exactly (L L^T in 128-bit integers, the rest
// in rationals). No floating-point error analysis is part of the proof.
#pragma once

#include "linalg.hpp"

#include <optional>
#include <vector>

namespace chk {

// t + max_i sum_j |E_ij| rounded up to 64 bits, or nothing when the double
// Cholesky of t I - H breaks down (a non-positive or non-finite pivot).
// H symmetric (only its lower triangle is read).
std::optional<Q> lambda_max_up_by_residual(const Mat& H, const Q& t);

// The bound for a given factor: L is N x N lower triangular, entries
// L_int[i N + k] 2^-s (k <= i). Exposed for tests (any L gives a valid bound).
Q residual_bound(const Mat& H, const Q& t, const std::vector<long long>& L_int, long s);

}  // namespace chk
