// Positive definiteness from a floating-point Cholesky factorization with an
// a-priori bound on its rounding error (Rump's method; docs/math.md 7.6a).
//
// The factorization runs in IEEE double (round to nearest, no extended
// registers); it is cheap (N^3/6 multiply-adds, less inside the envelope of
// the matrix) and proves, when it runs to completion without any
// floating-point exception other than "inexact",
//
//     lambda_min(M) >= -backward,   backward = gamma_{N+1} / (1 - gamma_{N+1}) * sum_i max(M_ii, 0),
//     gamma_k = k u / (1 - k u),  u = 2^-53,
//
// for the double matrix M that it factored (backward is rounded up). A caller
// who wants to prove lambda_min(B) > 0 for an exact matrix B factors a double
// approximation M of B - c I with a known ||B - c I - M||_2 <= e and concludes
// lambda_min(B) >= c - e - backward.
#pragma once

#include "lrcert/number/bound.hpp"

#include <string>
#include <vector>

namespace lrcert {

struct FloatCholeskyTest {
    // True iff the factorization ran to completion: every pivot > 0, every
    // value finite, and no underflow, overflow, invalid or division-by-zero
    // flag raised. Only then is `backward` a proof.
    bool completed = false;
    // Why not (when !completed): the first non-positive pivot, or the flag.
    std::string failure;
    // lambda_min(M) >= -backward (an upper bound, at working precision).
    UpperBound backward;
    // Multiply-adds performed (inside the envelope), for the benchmarks.
    double operations = 0;
};

// M: N x N symmetric, row-major; only the lower triangle (j <= i) is read.
// Requires N < 2^20 (so that (N + 1) u < 1/2) and a PrecisionScope of at
// least 53 bits for `backward`. The factor is computed inside the envelope of
// M (row i from its first non-zero column on): outside it the exact zeros of
// the factor are not computed, which changes no rounding (docs/math.md 7.6a).
FloatCholeskyTest float_cholesky_test(std::vector<double> M, size_t N);

// gamma_{k} / (1 - gamma_{k}) = k u / (1 - 2 k u), rounded up (k u < 1/2).
UpperBound cholesky_backward_factor(size_t k);

}  // namespace lrcert
