// Sweep specifications and their grids (docs/formats.md, "Sweep specification").
//
// Layer 1 of `lrcert sweep`: a JSON spec names a base problem and a grid over
// the learning rate h (absolute, or in multiples of 2/L0) and, optionally, over
// the start (a "scale" or an "imbalance" axis). expand_grid turns it into one
// exact problem per grid point, in a fixed order:
//     index = start_index * (number of h values) + h_index.
// Nothing here runs GD; the runner (app/sweep.hpp) certifies the points.
//
// Start modifications, exact (s and lambda rational):
//   scale s > 0:       x0 -> s x0, y0 -> y0 / s          (X0 -> s X0, Y0 -> Y0 / s)
//                      keeps x0 . y0 (X0 Y0^T): the residual and the loss are unchanged.
//   imbalance t >= 0:  with u0 = x0 + y0 and v0 = x0 - y0 of the base start,
//                      x0 -> (u0 + lambda v0)/2, y0 -> (u0 - lambda v0)/2 with
//                      lambda = sqrt(t / |v0|^2) (X, Y likewise; square A only):
//                      keeps x0 + y0, and the initial imbalance |x0 - y0|^2 becomes
//                      lambda^2 |v0|^2 = t. When sqrt(t / |v0|^2) is irrational,
//                      lambda is rounded to grid_digits significant digits and the
//                      imbalance actually used (exact) is reported with the point.
// h relative to 2/L0: h = t * 2 / L0(start), rounded to grid_digits significant
// digits (L0 is irrational in general); the exact h used is reported.
#pragma once

#include "lrcert/io/problem_file.hpp"
#include "lrcert/problem/relative_step.hpp"  // round_to_digits, the rule of h relative to 2/L0

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lrcert {

constexpr size_t kMaxSweepAxisCount = 100000;
constexpr size_t kMaxSweepPoints = 1000000;

// One axis of the grid, as written in the spec: explicit values, or
// `count` values from `from` to `to` (linear: exact rationals; log: geometric,
// rounded to grid_digits significant digits).
struct AxisSpec {
    std::vector<Rational> values;       // explicit values (empty if a range)
    std::optional<Rational> from, to;   // the range
    size_t count = 0;
    bool log_spacing = false;
};

enum class HScale { Absolute, TwoOverL0 };
enum class StartAxis { None, Scale, Imbalance };

struct SweepSpec {
    std::string origin;       // the spec file (for messages), "" for a spec built in code
    std::string name, description;
    Problem base;             // the base problem (h is replaced by the grid)
    std::string base_source;  // the base file as written in the spec, "" if inline
    std::string base_path;    // the base file as read (resolved against the spec's folder), "" if inline
    AxisSpec h;
    HScale h_scale = HScale::Absolute;
    StartAxis start_kind = StartAxis::None;
    AxisSpec start;
    int digits = 17;          // significant digits of decimal endpoints in the results
    int grid_digits = 12;     // significant digits of rounded (inexact) grid values
    unsigned precision = 0;   // as `certify --precision` (0: planned)
    unsigned max_precision = 4096;
    size_t max_steps = 100000;
    std::vector<std::string> claims{"builtin"};  // "builtin" or claim files/dirs (resolved paths)
};

// Parses a spec. `origin` names it in messages; relative paths (base,
// claims) are resolved against `base_dir`. Throws InputError naming the
// field, e.g. "spec.json: h.count: must be an integer in [1, 100000], got 0".
SweepSpec parse_sweep_spec(const std::string& json_text, const std::string& origin, const std::string& base_dir);

// Reads and parses a spec file (base_dir = the file's directory).
SweepSpec read_sweep_spec(const std::string& path);

// Shared by the sweep and region specs: a path of the spec resolved against
// the spec's folder (absolute paths, or base_dir "", as they are) ...
std::string resolve_spec_path(const std::string& base_dir, const std::string& p);
// ... and the spec's "base" field: a problem file name (resolved; `source` is
// it as written, `path` as read) or an inline problem (both left ""). Throws
// InputError "base: ...".
Problem read_spec_base(const nlohmann::json& base, const std::string& base_dir, std::string& source, std::string& path);
// ... and a problem file given where a spec belongs (it has "family" and no
// "base"): throws InputError saying so and naming `lrcert certify ORIGIN`;
// `command` is "sweep" or "region". Anything else passes.
void reject_problem_file(const nlohmann::json& doc, const std::string& origin, const std::string& command);
// ... and its "claims" field: an array of "builtin" or claim paths (resolved).
std::vector<std::string> read_spec_claims(const nlohmann::json& claims, const std::string& base_dir);

// The spec in normal form, as embedded in the results (the base problem
// inline, every number as exact text, every default written out, the axis
// values listed). Two runs with equal normal forms compute the same points.
nlohmann::json spec_to_json(const SweepSpec& spec);

// A point of the expanded grid.
struct SweepPoint {
    size_t index = 0;
    size_t h_index = 0, start_index = 0;
    Rational h_param;                   // the h axis value (absolute h, or multiple of 2/L0)
    std::optional<Rational> start_param;  // the start axis value, if any
    Problem problem;                    // the exact instance certified at this point
};

struct SweepGrid {
    std::vector<Rational> h_values;       // h axis values (params)
    std::vector<Rational> start_values;   // start axis values (empty: no start axis)
    std::vector<SweepPoint> points;       // in index order
};

// Values of one axis (exact; log spacing rounded to `grid_digits` digits).
std::vector<Rational> axis_values(const AxisSpec& axis, int grid_digits);

// Expands the grid (computes L0 per start row when h is relative to 2/L0).
// Throws InputError for a start the spec cannot be applied to (e.g. an
// imbalance axis on a balanced base start).
SweepGrid expand_grid(const SweepSpec& spec);

// The start with scale s / imbalance t applied (exact), see the top of this file.
Factors<Rational> scaled_start(const Factors<Rational>& z0, const Rational& s);
Factors<Rational> imbalanced_start(const Factors<Rational>& z0, const Rational& t, int grid_digits);

// |x0 - y0|^2 (scalar) / ||X0 - Y0||_F^2 (square matrix); nullopt if n != m.
std::optional<Rational> initial_imbalance(const Problem& p);
// |x0|^2 - |y0|^2 / ||X0||_F^2 - ||Y0||_F^2.
Rational initial_norm_gap(const Problem& p);

// Exact text of q: a finite decimal when q has one ("0.125", "-3", "1.5e-20"
// is never produced: plain positional digits), otherwise "p/q".
std::string exact_text(const Rational& q);


}  // namespace lrcert
