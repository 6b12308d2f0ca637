// Double-precision decompositions: symmetric and general eigenproblems,
// singular values, inverses.
//
// Search steps only. They choose the vectors, shifts, coordinates and
// approximate inverses that a proof then checks in interval or exact
// arithmetic (docs/math.md); nothing they return is trusted, and a failure
// (ok == false, an empty result) only makes the caller fall back or answer
// "undecided". Eigen does the work behind this one translation unit, so that
// its decompositions are compiled once for the whole library.
#pragma once

#include "lrcert/linalg/matrix.hpp"

#include <complex>
#include <vector>

namespace lrcert {

// S symmetric (only its lower triangle is read). values ascending; column k
// of `vectors` (when asked for) a unit eigenvector of values[k].
struct SymmetricEigen {
    bool ok = false;
    std::vector<double> values;
    Matrix<double> vectors;
};
SymmetricEigen symmetric_eigen(const Matrix<double>& S, bool with_vectors = true);

// M square. values[k] with eigenvector vectors[k] (a column, as n complex
// entries); complex pairs appear as both conjugates.
struct GeneralEigen {
    bool ok = false;
    std::vector<std::complex<double>> values;
    std::vector<std::vector<std::complex<double>>> vectors;
};
GeneralEigen general_eigen(const Matrix<double>& M);

// The singular values of M, descending (min(rows, cols) of them).
std::vector<double> singular_values(const Matrix<double>& M);

// An approximate inverse of the square A by LU with full pivoting; false
// when A is numerically singular (rank-revealing test of the pivots) or
// an entry of the inverse is not finite.
bool approximate_inverse(const Matrix<double>& A, Matrix<double>& inverse);

}  // namespace lrcert
