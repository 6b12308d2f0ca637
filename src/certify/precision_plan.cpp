#include "lrcert/certify/precision_plan.hpp"

#include <algorithm>
#include <cmath>

namespace lrcert {

DryRun dry_run_scalar(double mu, double h, double x, double y, size_t max_steps) {
    DryRun run;
    // Float64 noise of r = mu - x y is about 1e-16 (|mu| + |x y|).
    const double tol = 1e-13 * std::max(1.0, std::fabs(mu));
    for (size_t k = 0; k < max_steps; ++k) {
        double r = mu - x * y;
        if (!std::isfinite(r) || std::fabs(x) + std::fabs(y) > 1e100) {
            run.escaped = true;
            run.steps = k;
            return run;
        }
        if (std::fabs(r) < tol * std::max(1.0, std::fabs(x * y))) {
            run.settled = true;
            run.steps = k;
            return run;
        }
        double S = x * x + y * y;
        double p = 2 * x * y - mu;
        double root = std::sqrt((x * x - y * y) * (x * x - y * y) + 4 * p * p);
        double gamma = std::max(std::fabs(1 - h * (S + root) / 2), std::fabs(1 - h * (S - root) / 2));
        run.log2_growth += std::log2(std::max(1.0, gamma));
        double xn = x + h * r * y;
        double yn = y + h * r * x;
        x = xn;
        y = yn;
    }
    run.steps = max_steps;
    return run;
}

unsigned planned_precision(const DryRun& run, unsigned wanted_bits, unsigned floor_bits, unsigned cap_bits) {
    double bits = std::ceil(run.log2_growth) + wanted_bits + 32;
    if (!std::isfinite(bits) || bits > cap_bits) bits = cap_bits;
    unsigned p = static_cast<unsigned>(bits);
    p = (p + 63) / 64 * 64;
    return std::clamp(p, floor_bits, cap_bits);
}

}  // namespace lrcert
