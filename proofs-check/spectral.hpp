// lrcert-check: the spectral functions of claims (docs/claims.md "Spectral
// functions", docs/checker.md section 7) on interval matrices, by the
// checker's own exact means: the rank by rational (or interval) elimination,
// eigenvalues and singular values by bisection on inertia counts, each count
// proven by an interval LDL^T whose pivots exclude 0 (Sylvester's law of
// inertia). Every result contains the value for every matrix in the box.
#pragma once

#include "num.hpp"

#include <optional>
#include <vector>

namespace chk {

// A box of real matrices, row-major r x c.
struct IMat {
    size_t r = 0, c = 0;
    std::vector<I> a;
    const I& at(size_t i, size_t j) const { return a[i * c + j]; }
    I& at(size_t i, size_t j) { return a[i * c + j]; }
};

// Number of eigenvalues < t of every symmetric matrix in the square box S
// (lower triangle read); nullopt if some pivot of S - t I may be 0.
std::optional<size_t> count_below(const IMat& S, const Q& t);

// Contains the j-th largest eigenvalue (1-based) of every symmetric matrix in
// S, given lo <= it <= hi for all of them; `steps` bisection steps at most.
I eigenvalue_by_bisection(const IMat& S, size_t j, Q lo, Q hi, long steps);

// Singular values: sigma_i (1-based, 1 <= i <= min(r, c)) of every matrix in M.
I singular_value(const IMat& M, size_t i, long steps);
// sigma_i^2, the i-th eigenvalue of the smaller Gram matrix, with exact
// rational ends (no square root: as narrow as the bisection's steps make it).
I singular_value_sq(const IMat& M, size_t i, long steps);
// lambda_max((M + M^T) / 2), M square.
I lambda_max_symmetric_part(const IMat& M, long steps);
// lo <= rank <= hi for every matrix in M (exact when every entry is thin).
struct RankBounds {
    size_t lo = 0, hi = 0;
};
RankBounds rank_bounds(const IMat& M);

}  // namespace chk
