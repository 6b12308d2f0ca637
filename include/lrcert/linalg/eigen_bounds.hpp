// Certified bounds on the extreme eigenvalues of a symmetric interval matrix
// (the mathematics: docs/eigen.md section 2).
//
// A symmetric interval matrix H stands for the set of real symmetric matrices
// S with S_ij in H_ij for all i, j (so S_ij lies in H_ij intersected with
// H_ji; the functions below intersect the two, and throw std::invalid_argument
// if some intersection is empty, i.e. if H holds no symmetric matrix).
//
//   lambda_max, lower bound: Rayleigh quotient v^T H v / v^T v evaluated in
//     intervals with v taken exactly; its lower end bounds lambda_max(S) from
//     below for every S in H, whatever v is. v is an eigenvector of the
//     midpoint matrix: Eigen's double eigenvector, refined at working
//     precision (a few O(N^2) correction steps that use the double
//     eigendecomposition), so the quotient is accurate to about working
//     precision rather than to double precision squared.
//   lambda_max, upper bound: a shift t (approximate lambda_max plus a margin,
//     enlarged on failure); interval Cholesky of t I - H with every pivot's
//     lower end > 0 proves t I - S positive definite, i.e. lambda_max(S) < t,
//     for every S in H.
//   lambda_min: the same applied to -H (upper bound by Rayleigh, lower bound
//     by interval Cholesky of H - t I).
// If no shift can be proven, the far bound falls back to Gershgorin /
// Frobenius bounds of the interval matrix, which always hold: the value is an
// enclosure in every case, `certified` says whether the far side was proven.
//
// All arithmetic happens at the caller's PrecisionScope (working_bits()); the
// double computations (Eigen) and the refinement only choose the vector and
// the shift, which the rigorous part then checks.
#pragma once

#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/interval.hpp"

#include <vector>

namespace lrcert {

struct EigenEnclosure {
    // Contains lambda_max (resp. lambda_min) of every symmetric matrix in H.
    // Unbounded ([-inf, inf]) only if H has a non-finite entry.
    Interval value;
    // True iff the far side (upper bound of lambda_max, lower bound of
    // lambda_min) was proven by interval Cholesky at `shift`.
    bool certified = false;
    // lambda_max: the t for which t I - H was (or, if !certified, last tried
    // to be) proven positive definite; lambda_min: the t for H - t I.
    Real shift;
    // The Rayleigh vector (about unit length; entries have working_bits()
    // bits, so they are exact dyadic rationals, see to_rational).
    std::vector<Real> vector;
    // Number of Cholesky attempts made.
    int attempts = 0;
};

struct EigenOptions {
    // Shifts: t_k = (Rayleigh estimate) + (spectral radius of H's radius
    // matrix) + scale * rel_k, scale = spectral norm of H's midpoint, where
    // rel_k runs geometrically from rel_0 to final_relative_margin in
    // max_attempts steps, and rel_0 is the largest of
    // initial_relative_margin, 16 N 2^-bits and an estimate of the Rayleigh
    // quotient's own error.
    double initial_relative_margin = 0;
    double final_relative_margin = 0x1p-20;
    // Cholesky attempts before falling back (at least 1).
    int max_attempts = 8;
    // Refinement steps of the eigenvector at working precision (0: keep
    // Eigen's double vector).
    int max_refinement_steps = 12;
};

EigenEnclosure certified_lambda_max(const Matrix<Interval>& H, const EigenOptions& options = {});
EigenEnclosure certified_lambda_min(const Matrix<Interval>& H, const EigenOptions& options = {});

// Re-verification of a given certificate (an independent checker's job, also
// useful for testing): Rayleigh quotient of `v` for the near side, one interval
// Cholesky at `shift` for the far side, fallback bounds otherwise.
EigenEnclosure verify_lambda_max(const Matrix<Interval>& H, const std::vector<Real>& v, const Real& shift);
EigenEnclosure verify_lambda_min(const Matrix<Interval>& H, const std::vector<Real>& v, const Real& shift);

// ---- building blocks ---------------------------------------------------------

// Interval Cholesky of M using only its lower triangle (intersected with the
// upper one). True proves that every symmetric matrix in M is positive
// definite; false proves nothing.
bool interval_cholesky_succeeds(const Matrix<Interval>& M);
// True proves lambda_max(S) < t for every symmetric S in H (Cholesky of t I - H).
bool prove_lambda_max_below(const Matrix<Interval>& H, const Real& t);
// True proves lambda_min(S) > t for every symmetric S in H (Cholesky of H - t I).
bool prove_lambda_min_above(const Matrix<Interval>& H, const Real& t);

// Encloses v^T S v / v^T v for every symmetric S in H (entries of v with
// more than working_bits() bits are enclosed, not rounded); throws if v is
// zero or its size does not match.
Interval rayleigh_quotient(const Matrix<Interval>& H, const std::vector<Real>& v);

// Contains every eigenvalue of every symmetric matrix in H: the lower end is
// min_i (lo H_ii - sum_{j != i} mag H_ij), the upper end the smaller of the
// Gershgorin bound max_i (hi H_ii + sum_{j != i} mag H_ij) and the Frobenius
// norm (and symmetric for the lower end).
Interval spectrum_hull_bound(const Matrix<Interval>& H);

}  // namespace lrcert
