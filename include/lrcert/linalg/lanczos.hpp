// Lanczos estimate of the largest eigenvalue of a symmetric operator, in
// double. Not rigorous and need not be: it only proposes the vector whose
// Rayleigh quotient is then enclosed and the shift whose Cholesky test is
// then proven (docs/math.md 7.6a). Deterministic (fixed start vector).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace lrcert {

struct LanczosEstimate {
    double value = 0;            // Ritz value (approximate lambda_max)
    std::vector<double> vector;  // its Ritz vector, unit length
    double residual = 0;         // |S v - value v| (some eigenvalue lies within it of value)
    int products = 0;            // operator applications used
};

// apply(x, y) sets y = S x for the symmetric N x N operator S.
// Lanczos with full reorthogonalization, `steps` per cycle (at most N), then
// restarted from the Ritz vector up to `restarts` times while the residual is
// above 2^-40 times the Ritz value's magnitude.
LanczosEstimate lanczos_largest(size_t N, const std::function<void(const std::vector<double>&, std::vector<double>&)>& apply,
                                int steps = 48, int restarts = 4);

}  // namespace lrcert
