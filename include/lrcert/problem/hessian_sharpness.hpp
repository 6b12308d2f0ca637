// Certified lambda_max of the (n + m) d x (n + m) d Hessian of
// f(X, Y) = 1/2 ||A - X Y^T||_F^2 at an exact point, without the O(N^3)
// interval Cholesky (docs/math.md 7.6a):
//   lower end: the Rayleigh quotient Q_z(U, V) / |(U, V)|^2 of a Lanczos
//     vector, evaluated in intervals through the matrix structure
//     (O(n m d)), and the largest diagonal entry;
//   upper end: t + e + backward, where t is a double shift, e bounds
//     ||(t I - H) - B||_2 for the double matrix B formed from the exact data
//     (rounding of the data and of the formation, a-priori), and backward is
//     the a-priori bound of float_cholesky_test on B (linalg/float_cholesky.hpp).
// Every Hessian-vector product of the Lanczos iteration uses the structure
// (O(n m d)); only the Cholesky test forms B (N^2 doubles).
// If the float test fails for every shift tried (or the data leave the
// double range), the result comes from the dense interval method
// (certified_lambda_max of hessian_matrix, linalg/eigen_bounds.hpp): never a
// wrong answer, only slower.
#pragma once

#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/bound.hpp"
#include "lrcert/problem/factorization.hpp"

#include <string>
#include <vector>

namespace lrcert {

struct SharpnessOptions {
    // Shifts tried by the float test: t_k = theta + margin * 16^k, k < attempts,
    // margin = max(2 |Lanczos residual|, 8 N u scale), scale = max(|theta|, max_i |H_ii|).
    int attempts = 4;
    // Non-zero: margin = relative_margin * scale instead (tests: a negative
    // margin puts t below lambda_max, where the float test must fail).
    double relative_margin = 0;
    // Lanczos steps per cycle and restarts (linalg/lanczos.hpp).
    int lanczos_steps = 48;
    int lanczos_restarts = 4;
    // Fall back to the dense interval method when the float test fails
    // (false: return the uncertified enclosure [lower, Gershgorin-type bound]
    // instead; for tests of the failure path).
    bool fallback = true;
};

struct HessianSharpness {
    // Contains lambda_max(Hess f(z)).
    Interval value;
    // True iff the upper end was proven (float test, or interval Cholesky on
    // the fallback path); false: a cruder bound (the fallback's Gershgorin /
    // Frobenius bound, or ||X||_F^2 + ||Y||_F^2 + ||R||_F when there is no fallback).
    bool certified = false;
    // True iff the upper end came from the float test (docs/math.md 7.6a).
    bool float_test = false;
    // The shift: float test: the double t whose Cholesky test ran (the
    // upper end is t + e + backward); fallback: the interval Cholesky's shift.
    Real shift;
    // The Rayleigh vector (double entries, exact), order of problem/hessian.hpp.
    std::vector<Real> vector;
    // e and backward of the float test (0 otherwise).
    UpperBound formation_error, backward_error;
    // Float tests run; why the last one failed (empty if none failed).
    int attempts = 0;
    std::string failure;
};

// A: n x m, z = (X, Y) exact. All interval arithmetic at the caller's
// PrecisionScope (>= 53 bits).
HessianSharpness hessian_lambda_max(const Matrix<Rational>& A, const Factors<Rational>& z,
                                    const SharpnessOptions& options = {});

// Hess f(z) w for w = (U, V) through the structure, in double:
// (U Y^T Y + X V^T Y - R V,  V X^T X + Y U^T X - R^T U)  (docs/math.md 7.6a).
Factors<double> hessian_times(const Matrix<double>& R, const Factors<double>& z, const Factors<double>& w);

}  // namespace lrcert
