// Progress of a certification in progress, for a terminal line or a Python
// callback (docs/cli.md, "Progress"). Reporting only: nothing here is part of
// any proof, and a sink must not throw (except Cancelled, certify/cancel.hpp).
#pragma once

#include <cstddef>
#include <functional>

namespace lrcert {

struct Progress {
    const char* phase = "";  // "trajectory" (the certified step loop) or a later phase
    size_t step = 0;         // the current step of the certified trajectory
    unsigned bits = 0;       // the working precision of this attempt
    double radius = 0;       // the ball radius at that step, rounded to double (display only)
};

using ProgressSink = std::function<void(const Progress&)>;

// The step loops report every kProgressEvery steps (and at step 0 of every attempt).
inline constexpr size_t kProgressEvery = 256;

}  // namespace lrcert
