// lrcert-check: an upper bound of lambda_max of an exact symmetric matrix from
// a shift t and an exact residual (docs/checker.md, "L0 by an exact residual").
//
// For ANY real matrix L, t I - H = L L^T + E with E = t I - H - L L^T, and
// L L^T is positive semidefinite, so for every unit x
//     x^T (t I - H) x >= x^T E x >= -||E||_2 >= -max_i sum_j |E_ij|,
// i.e. lambda_max(H) <= t + ||E||_inf. The floating point only chooses L: the
// checker's own double Cholesky of t I - H (a guess), rounded to integers
// times 2^-s; E is then computed exactly (L L^T in 128-bit integers, the rest
// in integers over the common denominator of t and H). No floating-point
// error analysis is part of the proof.
#pragma once

#include "fixed.hpp"
#include "linalg.hpp"

#include <optional>
#include <vector>

namespace chk {

// t + max_i sum_j |E_ij| rounded up to 64 bits, or nothing when the double
// Cholesky of t I - H breaks down (a non-positive or non-finite pivot).
// H symmetric (only its lower triangle is read).
std::optional<Q> lambda_max_up_by_residual(const Mat& H, const Q& t);
// The same for H already in integers (e.g. hessian.hpp's): no conversion;
// H.den need not be the least denominator (the bound is the same value).
std::optional<Q> lambda_max_up_by_residual(const ZMat& H, const Q& t);

// The same bound with the factor computed in fixed point directly (128-bit
// integers, 2p chosen from the diagonal of t I - H); nothing when that does
// not fit or breaks down. lambda_max_up_by_residual(ZMat) tries it first.
// factor and two_p (tests): the factor's integers g[i N + k] (L = g 2^-p) and 2p.
std::optional<Q> residual_bound_fixed(const ZMat& H, const Q& t, std::vector<long long>* factor = nullptr,
                                      long* two_p = nullptr);
// The same bound (the same value) with H's lower triangle given by its entries.
std::optional<Q> residual_bound_fixed(const SymEntries& H, const Q& t, std::vector<long long>* factor = nullptr,
                                      long* two_p = nullptr);

// The bound for a given factor: L is N x N lower triangular, entries
// L_int[i N + k] 2^-s (k <= i). Exposed for tests (any L gives a valid bound).
Q residual_bound(const Mat& H, const Q& t, const std::vector<long long>& L_int, long s);
Q residual_bound(const ZMat& H, const Q& t, const std::vector<long long>& L_int, long s);

// The same theorem with a multiprecision factor, for shifts t within far less
// than double precision of lambda_max (docs/checker.md, "L0 by an exact
// residual"): L is a fixed-point guess (integers times 2^-p) and E is exact,
// in integers.
struct FixedCholesky {
    size_t N = 0;
    long p = 0;
    std::vector<Z> g;    // g[i N + k]: L_ik 2^p for k <= i (lower triangular)
    std::vector<Z> llt;  // llt[i N + j], j <= i: (L L^T)_ij 2^2p, exactly (cholesky_guess)
};

// The guess: left-looking Cholesky of t I - H in fixed point with p
// fractional bits (truncated quotients, integer square roots rounded down);
// nothing when a pivot is <= 0. Its integer recurrences are exact, so the
// products come for free: with s_ij = (t I - H)_ij 2^2p truncated and
// a_ij = s_ij - sum_{k<j} g_ik g_jk, the quotient g_ij = a_ij / g_jj (the root
// g_jj = isqrt(a_jj)) leaves the remainder a_ij - g_ij g_jj, and
// sum_{k<=j} g_ik g_jk = s_ij - that remainder: `llt`.
std::optional<FixedCholesky> cholesky_guess(const Mat& H, const Q& t, long p);

// t + max_i sum_j |E_ij| for E = t I - H - L L^T (exact), rounded up to
// `bits` significant bits, L L^T recomputed from g. Any L gives a valid bound
// (exposed for tests).
Q cholesky_residual_bound(const Mat& H, const Q& t, const FixedCholesky& F, long bits);

// The same bound from the guess's own exact products `llt` (no N^3 work).
// Only for a factor exactly as cholesky_guess returned it (then llt = L L^T
// and the bound equals cholesky_residual_bound's); a factor changed afterwards
// needs cholesky_residual_bound.
Q cholesky_guess_bound(const Mat& H, const Q& t, const FixedCholesky& F, long bits);

// cholesky_guess_bound of cholesky_guess(H, t, p); nothing when the guess
// breaks down.
std::optional<Q> lambda_max_up_by_cholesky(const Mat& H, const Q& t, long p, long bits);

// A vector close to the eigenvector of the smallest eigenvalue of t I - H
// (the top one of H when t >= lambda_max): `steps` steps of inverse
// iteration solved with the guess, from e_k at the smallest pivot. Integers
// (the scale is irrelevant); it only proposes a vector for an exact
// Rayleigh quotient.
std::vector<Z> inverse_iteration_guess(const FixedCholesky& F, int steps);

// Exact: v^T H v >= lo v^T v for v != 0, hence lambda_max(H) >= lo (a
// Rayleigh quotient is at most lambda_max). False for v = 0.
bool rayleigh_at_least(const Mat& H, const std::vector<Z>& v, const Q& lo);

}  // namespace chk
