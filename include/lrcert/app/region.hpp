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
// along the axis of larger relative width (its width over the spec's
// interval of that axis; h on a tie) at the midpoint, until decided, the
// minimum relative width is reached or the cell budget is spent (the budget
// goes to the widest cells of a round first). With an
// absolute h and no start axis the seed theorem's boundary h (S0 + 4 mu) = 4
// is a rational h*, and every cell with h* strictly inside is split there
// before it is certified.
//
// First cut: no shards, resume, plots or periodic cells; matrix cells take an
// absolute h and at most a scale axis.
#pragma once

#include "lrcert/certify/scalar_cell.hpp"
#include "lrcert/claims/claim.hpp"
#include "lrcert/io/problem_file.hpp"

#include <nlohmann/json.hpp>

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
    bool h_relative = false;
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
    size_t max_cells = 512;         // certified cells in all (>= 1)
    Rational min_width{1, 1024};    // relative width below which no cell is split
    unsigned jobs = 1;
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
};

// Branch and bound (the top of this file). Deterministic: cells are certified
// in rounds, and the splits of a round follow the sorted order.
RegionRun run_region(const RegionSpec& spec, const std::vector<claims::Claim>& claim_list,
                     const RegionRunOptions& options);

// PREFIX.json: {"lrcert_region_results": 1, "spec", "options", "cells", "summary"}.
nlohmann::json region_results_json(const RegionSpec& spec, const RegionRunOptions& options, const RegionRun& run);

struct RegionOptions {
    std::string spec_path;
    std::string out_prefix;  // "": <spec without .json>.region
    size_t max_cells = 512;
    std::string min_width = "1/1024";
    unsigned jobs = 0;       // 0: one per core
    bool quiet = false;
    std::string builtin_claims_dir, builtin_claims_error;
};

// Exit codes: 0 written; 1 written and a theorem claim has a counterexample on
// a cell; 3 bad input; 4 output not written; 5 internal error.
int region_command(const RegionOptions& options, std::ostream& out, std::ostream& err);

}  // namespace lrcert
