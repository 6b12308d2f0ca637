#include "lrcert/dynamics/iterated_map.hpp"

#include <mpfr.h>

namespace lrcert {

namespace {

bool box_finite(const Box& b) {
    for (const Interval& x : b)
        if (!is_finite(x)) return false;
    return true;
}

}  // namespace

IteratedImage iterate_box(const PointMap& F, const Box& box, size_t p) {
    IteratedImage out;
    const size_t n = F.dim();
    detail::require(box.size() == n, "iterate_box: box of the wrong dimension");
    const Box m = thin_box(box_midpoint(box));
    const Box offset = subtract(box, m);  // box - m, contains z - m
    out.boxes.push_back(box);
    out.jacobian = identity<Interval>(n);
    Box mj = m;  // contains F^j(m)
    for (size_t j = 1; j <= p; ++j) {
        const Box& prev = out.boxes.back();
        out.jacobian = multiply(F.jacobian(prev), out.jacobian);
        mj = F.image(mj);
        const Box naive = F.image(prev);
        const Box mean_value = add(mj, multiply(out.jacobian, offset));
        std::optional<Box> both = intersect(naive, mean_value);
        if (!both || !box_finite(*both)) {
            // Both contain F^j(box), so an empty intersection means an overflow (NaN).
            out.finite = false;
            out.boxes.push_back(naive);
            return out;
        }
        out.boxes.push_back(std::move(*both));
    }
    return out;
}

std::vector<size_t> proper_divisors(size_t p) {
    std::vector<size_t> out;
    for (size_t j = 1; j < p; ++j)
        if (p % j == 0) out.push_back(j);
    return out;
}

Vec<double> iterate_point(const PointMap& F, Vec<double> z, size_t p) {
    for (size_t j = 0; j < p; ++j) z = F.image(z);
    return z;
}

void iterate_point_jacobian(const PointMap& F, const Vec<double>& z, size_t p, Vec<double>& image,
                            Matrix<double>& jacobian) {
    const size_t n = F.dim();
    jacobian = identity<double>(n);
    image = z;
    for (size_t j = 0; j < p; ++j) {
        jacobian = multiply(F.jacobian(image), jacobian);
        image = F.image(image);
    }
}

}  // namespace lrcert
