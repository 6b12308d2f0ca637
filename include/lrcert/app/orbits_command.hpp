// `lrcert orbits PROBLEM.json --periods 1-8 [--report R.json] [--certificate C.json]`
// (docs/cli.md):
// certified periodic orbits of the GD map found by a Newton search
// (docs/math.md, section 11), and Li-Yorke chaos on the invariant lines of
// the scalar family. Report format: docs/formats.md, "Orbits report".
#pragma once

#include "lrcert/io/problem_file.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <iosfwd>
#include <string>

namespace lrcert {

constexpr size_t kMaxOrbitPeriod = 16;

struct PeriodRange {
    size_t first = 1, last = 8;
};

// "P" or "P-Q" with 1 <= P <= Q <= kMaxOrbitPeriod; throws InputError naming --periods.
PeriodRange parse_periods(const std::string& text);

struct OrbitsRun {
    nlohmann::json report;  // the report JSON
    // The orbits certificate for lrcert-check (docs/checker.md, "Orbits
    // certificate"): the problem, the report, and per orbit its period and the
    // exact box where the Krawczyk test held; per chaos entry the box of the
    // period-3 point on its line.
    nlohmann::json certificate;
    std::string listing;    // the readable listing
    int exit_code = 0;      // 0 every listed verdict decided; 2 something undecided
};

// The search, the certification and the report (precision 128 bits).
OrbitsRun run_orbits(const Problem& problem, const PeriodRange& periods);

struct OrbitsOptions {
    std::string problem_path;
    std::string periods = "1-8";
    std::string report_path;
    std::string certificate_path;
    bool quiet = false;
};

// Exit codes: 0 every listed orbit has its minimal period and stability
// decided; 2 something is undecided (an orbit's stability or minimal period,
// or the problem: matrix family with d >= 2); 3 bad input; 4 the report or the
// certificate could not be written; 5 internal error.
int orbits_command(const OrbitsOptions& options, std::ostream& out, std::ostream& err);

}  // namespace lrcert
