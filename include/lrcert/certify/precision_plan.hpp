// Precision planning from a float64 dry run (docs/math.md, section 3).
//
// The ball radius grows like the product of the growth factors gamma_k, so the
// working precision needs about log2(prod gamma_k) bits plus the bits wanted in
// the result. The dry run is not part of any proof: it only picks where the
// certified run starts; the certified run escalates (x2) when it runs short.
#pragma once

#include <cstddef>

namespace lrcert {

struct DryRun {
    double log2_growth = 0;  // sum over steps of log2 max(1, gamma_k)
    size_t steps = 0;        // steps until |r| < tolerance (or the cap)
    bool settled = false;    // |r| fell below the tolerance
    bool escaped = false;    // the iterate overflowed or grew beyond 1e100
};

// Float64 run of the reduced scalar GD (d = 1) from (x, y).
DryRun dry_run_scalar(double mu, double h, double x, double y, size_t max_steps);

// Working precision for a run: growth bits + wanted bits, rounded up to a
// multiple of 64, at least `floor_bits`, at most `cap_bits`.
unsigned planned_precision(const DryRun& run, unsigned wanted_bits, unsigned floor_bits, unsigned cap_bits);

}  // namespace lrcert
