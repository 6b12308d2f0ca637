// The progress line of certify and fixture on a terminal (docs/cli.md,
// "certify", Progress): "lrcert certify: trajectory step 12800, 256 bits,
// radius 3.1e-41, 4.2 s", at most five times a second, from the first half
// second on (a quick run shows nothing), erased when the run ends. Display
// only; the numbers are the certified run's, rounded.
#pragma once

#include "lrcert/certify/progress.hpp"

#include <chrono>
#include <ostream>
#include <string>

namespace lrcert {

class TerminalProgress {
public:
    // `who`: "lrcert certify"; `enabled` false: show() does nothing.
    TerminalProgress(std::ostream& err, std::string who, bool enabled);
    ~TerminalProgress();  // erases the line
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;

    bool enabled() const { return enabled_; }
    void show(const Progress& p);

private:
    std::ostream& err_;
    std::string who_;
    bool enabled_;
    std::chrono::steady_clock::time_point start_;
    double last_ = -1;
    size_t width_ = 0;
};

}  // namespace lrcert
