// `lrcert compare`: checks a floating-point GD trajectory against the
// certified enclosures of the exact one (docs/cli.md; CSV layout in
// docs/formats.md, "Trajectory CSV").
//
// A trajectory CSV has one row per step: the step number k (an integer >= 0,
// strictly increasing from row to row, gaps allowed), then the iterate:
//   scalar family: x_k[0..d-1], then y_k[0..d-1]                (1 + 2d columns)
//   matrix family: X_k row-major (n d entries), then Y_k row-major (m d)
// Values are decimal numbers as printed by any language ("0.1", "-1.5e-03",
// "3"), read exactly; "nan", "inf", "-inf" (any case, also "infinity") stand
// for non-finite floats. An optional header line (its first field is not a
// step number) is skipped; empty lines and lines starting with '#' too.
//
// For each value v with certified enclosure [lo, hi] of the exact iterate and
// tolerance T >= 0:
//   left    dist(v, [lo, hi]) > T       (v is certainly more than T away from
//                                        the exact value; rigorous)
//   within  max(|v - lo|, |v - hi|) <= T (v is certainly within T of it)
//   unclear otherwise (the enclosure is too wide to tell)
// The precision is doubled while a row before the first departure is unclear
// (up to the cap). A non-finite v is left when the enclosure is finite. Rows
// from the step where the enclosure leaves |z| <= 1e30 on are undecided
// (CompareReport::reason); more precision is not tried when that bound is
// proven exceeded.
#pragma once

#include "lrcert/io/problem_file.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace lrcert {

struct TrajectoryRow {
    size_t line = 0;  // 1-based line number in the file
    size_t step = 0;
    std::vector<std::optional<Rational>> values;  // nullopt: non-finite
    std::vector<std::string> texts;               // as written
};

// Names of the iterate entries in CSV order: x[0].. y[0].. or X[0][0].. Y[0][0]..
std::vector<std::string> entry_names(const Problem& problem);

// Parses the CSV text against the problem's shape. Throws InputError naming
// `origin`, the line and the column.
std::vector<TrajectoryRow> parse_trajectory_csv(const std::string& text, const std::string& origin,
                                                const Problem& problem);

enum class EntryStatus { Within, Unclear, Left };

struct CompareReport {
    size_t rows = 0;
    unsigned precision_bits = 0;
    std::vector<unsigned> precisions;
    // The first row with a departure (rigorous), if any.
    std::optional<size_t> left_row;
    // The first unclear row (before left_row, if there is one).
    std::optional<size_t> unclear_row;
    // Details of the first offending entry of left_row (or unclear_row).
    size_t step = 0;
    std::string entry, value, lo, hi, distance;
    // Set when unclear_row is undecided because the trajectory's enclosure
    // left |z| <= 1e30 at or before its step (enclose/ball.hpp): why. That row
    // and every later one are undecided; entry, value, lo, hi stay empty.
    std::string reason;
    // Largest distance of a value from its enclosure over all rows checked
    // (rows after a departure included), and where.
    std::string max_distance = "0";
    size_t max_distance_step = 0;
    std::string max_distance_entry;
};

// Compares; `tol` >= 0. The rows must come from parse_trajectory_csv.
CompareReport compare_trajectory(const Problem& problem, const std::vector<TrajectoryRow>& rows, const Rational& tol,
                                 unsigned max_precision);

struct CompareOptions {
    std::string problem_path;
    std::string trajectory_path;
    std::string tol = "1e-9";
    unsigned max_precision = 4096;
    bool quiet = false;
};

// Exit codes: 0 every value within T of the exact iterate; 1 the trajectory
// leaves the enclosure by more than T (the first such step is reported);
// 2 no departure found, but some step could not be decided at the precision
// cap or lies past the iterate bound; 3 bad input; 5 internal error.
int compare_command(const CompareOptions& options, std::ostream& out, std::ostream& err);

}  // namespace lrcert
