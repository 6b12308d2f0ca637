// Certified enclosures of the spectral functions of the claim language
// (spec_norm, sigma_min, sigma, lambda_max, rank; docs/claims.md section 2,
// "Functions"; the proofs: docs/math.md section 15.1). Every function takes an
// interval matrix (a box of real matrices) and returns an interval that contains
// the value for every matrix in the box, so in particular for the exact one.
// All arithmetic happens at the caller's PrecisionScope.
#pragma once

#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/interval.hpp"

#include <cstddef>
#include <optional>

namespace lrcert::claims {

// The Gram matrix of the smaller side: M M^T if rows <= cols, else M^T M
// (min(rows, cols) square; its eigenvalues are the squared singular values).
Matrix<Interval> smaller_gram(const Matrix<Interval>& M);

// Contains sigma_1(M) = ||M||_2 for every M in the box.
Interval enclose_spectral_norm(const Matrix<Interval>& M);

// Contains sigma_k(M), k = min(rows, cols) (the smallest singular value; 0
// exactly when rank(M) < k), for every M in the box.
Interval enclose_sigma_min(const Matrix<Interval>& M);

// Contains sigma_i(M), the i-th largest singular value (1-based), for every M
// in the box. Requires 1 <= i <= min(rows, cols) (std::invalid_argument otherwise).
Interval enclose_sigma(const Matrix<Interval>& M, std::size_t i);

// Contains lambda_max((M + M^T) / 2) = max_{|v| = 1} v^T M v for every M in the
// box; for a symmetric M this is its largest eigenvalue. Requires M square
// (std::invalid_argument otherwise).
Interval enclose_lambda_max_sym(const Matrix<Interval>& M);

// Number of eigenvalues < t of every symmetric matrix in the box G (square;
// entries read from the lower triangle), proven by an interval LDL^T of G - t I
// with every pivot excluding 0 (Sylvester's law of inertia); nullopt when some
// pivot may be 0 (nothing is proven then).
std::optional<std::size_t> eigenvalues_below(const Matrix<Interval>& G, const Real& t);

// Integers lo <= hi with lo <= rank(M) <= hi for every M in the box (interval
// Gaussian elimination with pivots that exclude 0). lo == hi: the rank is certain.
struct RankRange {
    std::size_t lo = 0;
    std::size_t hi = 0;
};
RankRange enclose_rank(const Matrix<Interval>& M);

// The exact rank of a rational matrix (Gaussian elimination in rationals).
std::size_t exact_rank(const Matrix<Rational>& M);

}  // namespace lrcert::claims
