// Products of non-negative double matrices rounded up a priori
// (number/nonneg_product.hpp; the proof: docs/math.md 3.2, Lemma C3).
#include "lrcert/number/nonneg_product.hpp"

#include "lrcert/number/ball_dot.hpp"

#include <cmath>

namespace lrcert {

bool nonneg_product_up(size_t rows, size_t len, size_t cols, const double* a, size_t a_row, size_t a_step,
                       const double* b, std::vector<double>& out) {
    if (len > (size_t(1) << 40)) return false;
    out.assign(rows * cols, 0.0);
    for (size_t i = 0; i < rows; ++i) {
        double* o = out.data() + i * cols;
        for (size_t j = 0; j < len; ++j) {
            const double r = a[i * a_row + j * a_step];
            if (r == 0) continue;  // exact: adds nothing
            const double* w = b + j * cols;
            for (size_t k = 0; k < cols; ++k) o[k] += r * w[k];
        }
    }
    // Lemma C3: exact <= (s + 2 len eta) (1 - u)^(-2 len) <= (s + len 2^-1074) (1 + len 2^-51).
    // (the tail added without an operation on a subnormal: plus_subnormal_tail_up)
    const double factor = 1 + static_cast<double>(len) * 0x1p-51;  // exact: len <= 2^40
    for (double& v : out) {
        v = up_mul(plus_subnormal_tail_up(v, len), factor);
        if (!std::isfinite(v)) return false;
    }
    return true;
}

}  // namespace lrcert
