#include "lrcert/certify/precision_plan.hpp"
#include "lrcert/certify/cancel.hpp"

#include <algorithm>
#include <cmath>

namespace lrcert {

const std::vector<double>& CycleWatch::back(size_t i) const {
    const size_t n = ring_.size();
    return ring_[(count_ - 1 - i) % n];
}

size_t CycleWatch::repeating_period(double tol) const {
    auto close = [&](const std::vector<double>& a, const std::vector<double>& b) {
        for (size_t i = 0; i < a.size(); ++i)
            if (!(std::fabs(a[i] - b[i]) <= tol)) return false;
        return true;
    };
    for (size_t p = 1; p <= kMaxPeriod && 2 * p + 1 <= count_; ++p) {
        bool repeats = true;
        for (size_t i = 0; i < p && repeats; ++i) repeats = close(back(i), back(i + p));
        if (repeats) return p;
    }
    return 0;
}

double CycleWatch::spread(size_t p) const {
    double s = 0;
    for (size_t i = 1; i < p; ++i)
        for (size_t k = 0; k < back(0).size(); ++k) s = std::max(s, std::fabs(back(0)[k] - back(i)[k]));
    return s;
}

bool CycleWatch::observe(const std::vector<double>& z) {
    const size_t n = 2 * kMaxPeriod + 1;
    if (ring_.size() < n) ring_.resize(n);
    ring_[count_ % n] = z;
    ++count_;
    double scale = 1;
    for (double v : z) scale = std::max(scale, 1 + std::fabs(v));
    const size_t p = repeating_period(1e-10 * scale);
    if (p < 2 || (candidate_ && p != candidate_)) {
        candidate_ = 0;
        return false;
    }
    if (!candidate_) {
        candidate_ = p;
        since_ = 0;
        spread_ = spread(p);
        return false;
    }
    if (++since_ < kConfirmSteps) return false;
    const double now = spread(p);
    if (!(std::fabs(now - spread_) <= 1e-9 * std::max(1.0, spread_))) {
        candidate_ = 0;  // shrinking (or growing): not a cycle yet
        return false;
    }
    period_ = p;
    return true;
}

DryRun dry_run_scalar(double mu, double h, double x, double y, size_t max_steps, const std::atomic<bool>* cancel,
                      const ProgressSink* progress) {
    DryRun run;
    // Float64 noise of r = mu - x y is about 1e-16 (|mu| + |x y|).
    const double tol = 1e-13 * std::max(1.0, std::fabs(mu));
    CycleWatch watch;
    for (size_t k = 0; k < max_steps; ++k) {
        if (k % kDryRunPoll == 0) {
            throw_if_cancelled(cancel);
            if (progress && k > 0) (*progress)(Progress{"float64 planning run", k, 53, 0});
        }
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
        if (watch.observe({x, y})) {
            run.cycle_period = watch.period();
            run.cycle_point = {x, y};
            run.steps = k + 1;
            return run;
        }
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
