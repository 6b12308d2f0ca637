// Upper bounds of products of non-negative double matrices, in plain double
// arithmetic with an a-priori bound of its rounding errors (docs/math.md 3.2,
// Lemma C3): the error propagation sums of the plain rounded centre step
// (enclose/point_step.hpp), sum_j rho_ij |Y_jk|, without a rounding mode per
// operation. The sums run in the natural order (vectorizable over k: each
// output entry is its own chain); the compiler may fuse a product and a sum
// or not, the bound covers both.
#pragma once

#include <cstddef>
#include <vector>

namespace lrcert {

// out[i * cols + k] >= sum_{j < len} a[i * a_row + j * a_step] b[j * cols + k]
// (the exact real sum) for i < rows, k < cols, every a and b a non-negative
// double. False (out unspecified) when a bound is not finite (an overflow, or
// an infinite operand) or len > 2^40.
bool nonneg_product_up(size_t rows, size_t len, size_t cols, const double* a, size_t a_row, size_t a_step,
                       const double* b, std::vector<double>& out);

}  // namespace lrcert
