// Cooperative cancellation of a certification in progress (a sweep stopped by
// SIGINT/SIGTERM, docs/cli.md): the step loops poll a flag owned by the caller.
#pragma once

#include <atomic>
#include <stdexcept>

namespace lrcert {

// Thrown by a certifier whose cancel flag was set; nothing it computed is kept.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("the certification was cancelled") {}
};

// Throws Cancelled if `flag` is set; a null flag never cancels.
inline void throw_if_cancelled(const std::atomic<bool>* flag) {
    if (flag && flag->load(std::memory_order_relaxed)) throw Cancelled();
}

}  // namespace lrcert
