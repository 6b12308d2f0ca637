// The progress line of certify and fixture on a terminal (docs/cli.md,
// "certify", Progress): "lrcert certify: trajectory step 12800, 256 bits,
// radius 3.1e-41, 4.2 s", at most five times a second, from the first half
// second on (a quick run shows nothing), erased when the run ends. Display
// only; the numbers are the certified run's, rounded.
#pragma once

#include "lrcert/certify/progress.hpp"
#include "lrcert/number/rational.hpp"

#include <chrono>
#include <ostream>
#include <string>

namespace lrcert {

// 100 `fraction` (0 <= fraction <= 1, exact) with `decimals` decimals, rounded
// to nearest, except that it reads 100 only when fraction = 1 and 0 only when
// fraction = 0 (99.96 % of a region is "99.9", not "100.0": a progress line
// never says complete before it is). No "%" sign.
std::string percent_text(const Rational& fraction, int decimals);

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
