// `lrcert region`: certified regions of the scalar and matrix families (docs/cli.md,
// "region"; docs/formats.md, "Region specification", "Region results";
// docs/math.md, section 14).
//
// A region spec names a base problem, an interval of h (absolute, or t with
// h = t 2/L0(start)) and optionally an interval of a start axis ("scale" or
// "imbalance", as in sweep specs). Branch and bound over cells: an initial
// grid (8 cells along h, 4 along the start axis), each cell certified as a
// set (certify/scalar_cell.hpp, certify/matrix_cell.hpp); a cell that is undecided, or certified but
// with a theorem claim undecided on it (its assumptions straddle their
// boundary, or its conclusions are not decided by the cell's enclosures), is split in two
// at the midpoint of the axis whose width widens its enclosure more
// (docs/math.md, section 14: dh/h against the spread of the starts over their
// size; h on a tie), until decided, the minimum relative width (the width
// over the spec's interval of that axis) is reached or the cell budget is spent. The budget
// is per root cell (a cell of the initial grid), in two phases: phase 1
// gives max_cells / 4 evenly to all roots (the remainder one each to the
// first roots); phase 2 gives the rest to the roots whose splits the budget
// stopped, in proportion to the exact area of those cells (the remainder one
// each to the first of them). Within a root the budget goes to its widest
// cells of a round first. A root's cells depend only on its own phase 2
// budget, which every shard (root i in shard i mod N) computes alike from
// phase 1 of every root, so a shard computes exactly the unsharded run's
// cells of its roots. With an
// absolute h and no start axis the seed theorem's boundary h (S0 + 4 mu) = 4
// is a rational h*, and every cell with h* strictly inside is split there
// before it is certified.
//
// Matrix cells take an absolute h and at most a scale axis; no periodic cells.
#pragma once

#include "lrcert/certify/scalar_cell.hpp"
#include "lrcert/claims/claim.hpp"
#include "lrcert/io/problem_file.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace lrcert {

struct RegionSpec {
    std::string origin;
    std::string name, description;
    Problem base;
    std::string base_source, base_path;
    Rational h_from, h_to;
    CellHAxis h_axis = CellHAxis::Absolute;
    CellStartAxis start = CellStartAxis::None;
    Rational s_from, s_to;
    int digits = 17;
    size_t max_steps = 20000;
    std::vector<std::string> claims{"builtin"};
};

// Throws InputError naming the field (e.g. "spec.json: h: empty interval (from = to = 0.1)").
RegionSpec parse_region_spec(const std::string& json_text, const std::string& origin, const std::string& base_dir);
RegionSpec read_region_spec(const std::string& path);
nlohmann::json region_spec_to_json(const RegionSpec& spec);

// The start axis name ("scale", "imbalance") or "".
const char* start_axis_name(CellStartAxis a);

struct RegionBox {
    Rational h_lo, h_hi, s_lo, s_hi;  // s: only with a start axis
};

struct RegionRunOptions {
    size_t max_cells = 512;         // certified cells in all (>= 1), shared out per root cell (above)
    Rational min_width{1, 1024};    // relative width below which no cell is split
    unsigned jobs = 1;
    size_t shard_index = 0, shard_count = 1;  // only the root cells i with i % count == index
};

struct RegionCellResult {
    RegionBox box;
    Outcome outcome = Outcome::Undecided;
    std::string reason;
    std::optional<Rational> imb_lo, imb_hi;     // imbalance_inf (outward, exact dyadic) when converged
    std::vector<claims::ClaimResult> claims;
    bool straddles = false;     // certified, and a theorem claim's assumptions are unknown on it
    bool claim_open = false;    // certified, and a theorem claim's assumptions hold but its conclusions are unknown
    nlohmann::json row;                         // the cell's JSON (docs/formats.md, "Region results")
};

struct RegionRun {
    std::vector<RegionCellResult> cells;  // sorted by lower corner (h_lo, then s_lo)
    size_t certified = 0;                 // cells certified in all (the budget used)
    double seconds = 0;
    bool stopped = false;                 // hooks.stop asked to stop: cells is incomplete
};

// The key of a certified cell: its root cell and its rank among the cells of
// that root's subtree in certification order (deterministic).
constexpr size_t kRegionKeyStride = size_t{1} << 34;
inline size_t region_cell_key(size_t root, size_t rank) { return root * kRegionKeyStride + rank; }
inline size_t region_key_root(size_t key) { return key / kRegionKeyStride; }

// Where a run stands after a round of certifications (RegionHooks::progress):
// the area fractions (doubles, of the spec's rectangle, this shard's roots
// only) of the cells that are final, by outcome; cells still to be split or
// certified are in none of them.
struct RegionProgress {
    size_t certified = 0;   // cells certified so far
    size_t rounds = 0;
    double seconds = 0;
    double converged = 0, diverged = 0, other_decided = 0;  // final cells' area fractions
    double decided() const { return converged + diverged + other_decided; }
    // The same fractions exactly (what the progress line rounds: it says
    // 100 % only when a fraction is exactly 1).
    Rational converged_exact, diverged_exact, other_exact;
    Rational decided_exact() const { return converged_exact + diverged_exact + other_exact; }
};

// Journal hooks of run_region (all optional).
struct RegionHooks {
    // After each round (main thread).
    std::function<void(const RegionProgress&)> progress;
    // A cell certified earlier (its region_cell_json), or nullptr.
    std::function<const nlohmann::json*(size_t key)> lookup;
    // A cell just certified (called from the worker threads).
    std::function<void(size_t key, const nlohmann::json& cell)> certified;
    // Polled: true stops the run promptly (RegionRun::stopped).
    std::function<bool()> stop;
};

// Branch and bound (the top of this file). Deterministic: cells are certified
// in rounds, and the splits of a root's round follow the sorted order.
RegionRun run_region(const RegionSpec& spec, const std::vector<claims::Claim>& claim_list,
                     const RegionRunOptions& options, const RegionHooks& hooks = {});

// The spec text of an h axis ("absolute", "2/L0", "4/(S0+4mu)").
const char* h_axis_name(CellHAxis a);

// Float64 estimates for figures and split heuristics, never for proofs, at
// a start with S0 = |x0|^2 + |y0|^2 and xy = x0 . y0 of dimension d: L0 by
// the closed form of docs/math.md section 2, and the unit of the h axis
// (1, 2/L0 or 4/(S0 + 4 mu)).
double scalar_L0_estimate(double S0, double xy, double mu, size_t d);
double h_axis_unit_estimate(CellHAxis a, double S0, double xy, double mu, size_t d);

// Number of root cells (the initial grid) of a spec.
size_t region_root_count(const RegionSpec& spec);

// A certified cell in full (box exact, outcome, claims, the row) and back:
// the lines of the region journal and the "shard_cells" of a shard file.
nlohmann::json region_cell_json(const RegionCellResult& cell);
RegionCellResult region_cell_from_json(const nlohmann::json& j);

// PREFIX.json: {"lrcert_region_results": 1, "spec", "options", "cells", "summary"}
// (a shard's results: see region_shard_json in app/region_shards.hpp).
nlohmann::json region_results_json(const RegionSpec& spec, const RegionRunOptions& options, const RegionRun& run);

struct RegionOptions {
    std::string spec_path;
    std::string out_prefix;  // "": <spec without .json>.region (plus .shard-I-of-N for a shard)
    std::string svg_prefix;  // "": no figures (app/region_plots.hpp)
    size_t max_cells = 512;
    std::string min_width = "1/1024";
    unsigned jobs = 0;       // 0: one per core
    size_t shard_index = 0, shard_count = 1;  // --shard I/N
    bool resume = false;     // continue from PREFIX.journal
    bool quiet = false;
    std::string builtin_claims_dir, builtin_claims_error;
};

// Exit codes: 0 written; 1 written and a theorem claim has a counterexample on
// a cell; 3 bad input; 4 output not written; 5 internal error; 128 + signal
// stopped by SIGINT/SIGTERM (the journal PREFIX.journal is kept).
int region_command(const RegionOptions& options, std::ostream& out, std::ostream& err);

}  // namespace lrcert
