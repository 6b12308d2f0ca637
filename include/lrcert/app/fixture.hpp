// `lrcert fixture`: certified reference values of a GD run for other
// implementations' tests (docs/cli.md; format in docs/formats.md, "Fixtures").
//
// For every requested step k the fixture gives the iterate (x_k, y_k) (scalar
// family) or (X_k, Y_k) (matrix family) and the loss f(z_k); when the
// certifier proves convergence, also the limit. Each value is
//   {"value": "1.2345678901234568e1", "lo": ..., "hi": ..., "certified": true}
// where `value` has exactly D significant digits and differs from the exact
// value by at most one unit in its last digit (so lo <= exact <= hi and
// |exact - value| <= 10^(e - D + 1) for value = m.mmm...e<e>), or, when D
// digits could not be certified within the precision cap,
//   {"value": null, "lo": ..., "hi": ..., "certified": false}
// (the enclosure only). From the first step whose enclosure leaves the
// iterate bound |z| <= 1e30 (enclose/ball.hpp) on, every value is
//   {"value": null, "lo": null, "hi": null, "certified": false, "reason": ...}
// (undecided, no enclosure; the reason names that step). Interval ends are
// written by io/exact_json.hpp: decimals or null, never NaN or infinity. The
// working precision is doubled until every value is certified or the cap is
// reached (not for values past a bound proven exceeded).
#pragma once

#include "lrcert/certify/progress.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/interval.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <iosfwd>
#include <string>
#include <vector>

namespace lrcert {

constexpr size_t kMaxFixtureStep = 10000000;

// "0,1,2,10,100" (also ranges "0-10", mixed "0-3,10,100"): sorted, distinct.
// Throws InputError naming --steps.
std::vector<size_t> parse_steps(const std::string& text);

// One value: D faithful digits when the enclosure allows, else the enclosure.
nlohmann::json fixture_value(const Interval& x, int digits);
// Whether fixture_value(x, digits) is certified.
bool has_digits(const Interval& x, int digits);

struct FixtureSettings {
    std::vector<size_t> steps;
    int digits = 17;
    unsigned max_precision = 8192;
    size_t max_steps = 100000;  // for the limit certification
    bool limit = true;
    const std::atomic<bool>* cancel = nullptr;  // set: make_fixture throws Cancelled (certify/cancel.hpp)
    ProgressSink progress;                      // set: called as the trajectory steps (certify/progress.hpp)
};

// Throws InputError naming the option and its range: --digits [1, 1000],
// --max-precision [64, 65536], --max-steps [1, 10^8], at least one step.
void validate_fixture_settings(const FixtureSettings& settings);

// The fixture document (see the top of this file). Throws InputError for bad
// settings.
nlohmann::json make_fixture(const Problem& problem, const FixtureSettings& settings);

struct FixtureOptions {
    std::string problem_path;
    std::string steps = "0,1,2,10,100";
    int digits = 17;
    std::string out_path;  // "" : stdout
    unsigned max_precision = 8192;
    size_t max_steps = 100000;
    bool no_limit = false;
    bool quiet = false;
    // Threads for the matrix products (--threads; linalg/parallel_rows.hpp):
    // 1 serial, 0 the calling thread's RowThreads scope; the fixture is the
    // same for every count.
    unsigned threads = 0;
};

// Exit codes: 0 every value certified to D digits; 2 the fixture was written
// but some values are only enclosures or undecided (flagged); 3 bad input;
// 4 output not written; 5 internal error.
int fixture_command(const FixtureOptions& options, std::ostream& out, std::ostream& err);

}  // namespace lrcert
