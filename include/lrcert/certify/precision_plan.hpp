// Precision planning from a float64 dry run (docs/math.md, section 3).
//
// The ball radius grows like the product of the growth factors gamma_k, so the
// working precision needs about log2(prod gamma_k) bits plus the bits wanted in
// the result. The dry run is not part of any proof: it only picks where the
// certified run starts; the certified run escalates (x2) when it runs short.
#pragma once

#include "lrcert/certify/progress.hpp"

#include <atomic>
#include <cstddef>
#include <vector>

namespace lrcert {

struct DryRun {
    double log2_growth = 0;  // sum over steps of log2 max(1, gamma_k)
    size_t steps = 0;        // steps until |r| < tolerance (or the cap)
    bool settled = false;    // |r| fell below the tolerance
    bool escaped = false;    // the iterate overflowed or grew beyond 1e100
    // A cycle the run settled into (CycleWatch): its minimal period (0: none
    // seen) and its state at the last step (the family's state coordinates).
    size_t cycle_period = 0;
    std::vector<double> cycle_point;
};

// Watches a float run for a cycle: the last p states repeat the p before them
// to 1e-10 (1 + |z|_inf) in every coordinate, for the smallest such p in
// 2..kMaxPeriod (p = 1 is settling, not a cycle), and keep doing so for
// kConfirmSteps more steps with the cycle's spread (the largest distance
// between its points) unchanged to 1e-9 relative: a slowly decaying
// oscillation towards a minimizer (a multiplier near -1) repeats too, but
// its spread shrinks. Planning only.
class CycleWatch {
public:
    static constexpr size_t kMaxPeriod = 64;
    static constexpr size_t kConfirmSteps = 1000;
    // Records state z of the next step; true once a cycle is confirmed.
    bool observe(const std::vector<double>& z);
    size_t period() const { return period_; }

private:
    std::vector<std::vector<double>> ring_;  // the last 2 kMaxPeriod + 1 states
    size_t count_ = 0;
    size_t period_ = 0;       // confirmed period
    size_t candidate_ = 0;    // period seen, being confirmed (0: none)
    size_t since_ = 0;        // steps since the candidate was seen
    double spread_ = 0;       // its spread then
    const std::vector<double>& back(size_t i) const;  // i steps before the last state
    size_t repeating_period(double tol) const;        // smallest p repeating now (0: none; 1: settling)
    double spread(size_t p) const;
};

// Float64 run of the reduced scalar GD (d = 1) from (x, y). `cancel` is
// polled and `progress` called every kDryRunPoll steps (throws Cancelled,
// certify/cancel.hpp).
inline constexpr size_t kDryRunPoll = size_t(1) << 16;
DryRun dry_run_scalar(double mu, double h, double x, double y, size_t max_steps,
                      const std::atomic<bool>* cancel = nullptr, const ProgressSink* progress = nullptr);

// Working precision for a run: growth bits + wanted bits, rounded up to a
// multiple of 64, at least `floor_bits`, at most `cap_bits`.
unsigned planned_precision(const DryRun& run, unsigned wanted_bits, unsigned floor_bits, unsigned cap_bits);

}  // namespace lrcert
