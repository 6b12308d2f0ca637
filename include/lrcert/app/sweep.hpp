// `lrcert sweep`, `lrcert merge` and `lrcert plot` (docs/cli.md; formats in
// docs/formats.md, "Sweep results").
//
// Layers (each usable on its own, e.g. from tests and bench/bench_sweep.cpp):
//   spec and grid   app/sweep_spec.hpp: SweepSpec -> SweepGrid (exact problems)
//   runner          app/sweep_runner.hpp: run_certify for each selected point,
//                   on `jobs` std::threads, rows in index order whatever the
//                   scheduling (every point is computed the same way in any
//                   thread: deterministic output)
//   outputs         app/sweep_results.hpp: results_json / results_csv; the
//                   results carry no timing, so that a sharded run merged
//                   with merge_results is byte-identical to the unsharded run
//   journal         app/sweep_journal.hpp: resuming an interrupted sweep
//   plots           app/svg.hpp, from a results document
//
// Exit codes of the commands: 0 results written; 1 results written, and at
// some grid point a theorem claim has a certified counterexample; 3 bad input
// (spec, claims, shard files, options); 4 an output could not be written;
// 5 internal error (also when a grid point failed with an exception: its row
// says so, the results are still written). On the other failures nothing is
// written and every earlier file stays as it was (docs/cli.md, "Files").
#pragma once

#include "lrcert/app/sweep_results.hpp"
#include "lrcert/app/sweep_runner.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace lrcert {

// The first line of a sweep's journal (app/sweep_journal.hpp): what its points
// were computed for.
nlohmann::json journal_header(const SweepSpec& spec, size_t points_total,
                              const std::vector<claims::Claim>& claim_list, const std::optional<Shard>& shard);

constexpr unsigned kMaxJobs = 1024;

struct SweepOptions {
    std::string spec_path;
    std::string out_prefix;        // "" : <spec without .json>.results[.shard-I-of-N]
    std::optional<Shard> shard;
    unsigned jobs = 0;             // 0: one per core; else [1, kMaxJobs]
    std::string svg_prefix;        // "" : no plots
    bool resume = false;           // continue from PREFIX.journal (docs/cli.md)
    bool quiet = false;            // no summary on stdout
    bool progress = true;          // progress on stderr: a line on a terminal, else a plain line every 10 s
    std::string builtin_claims_dir;  // "" : no built-in claims ...
    std::string builtin_claims_error;  // ... and if this is set, a spec that asks for them is refused with it
};

struct MergeOptions {
    std::vector<std::string> shard_paths;
    std::string out_prefix;  // required
    std::string svg_prefix;
    bool quiet = false;
};

struct PlotOptions {
    std::string results_path;
    std::string svg_prefix;  // "" : <results without .json>
    std::string x_axis = "spec";  // the imbalance figure's x axis: spec, h, relative (app/plots.hpp)
    bool png = false, pdf = false;  // copies beside the SVG files
    bool quiet = false;
};

// Throws InputError naming the option and its range (--jobs, --shard, --svg
// with a shard).
void validate_sweep_options(const SweepOptions& options);

// Runs a sweep (docs/cli.md, "sweep"): every path is checked before the first
// point; each certified point is appended to PREFIX.journal as it finishes;
// the results are written together when every point is certified, and the
// journal is then removed. SIGINT/SIGTERM stop the sweep after the points in
// progress, keep the journal, print how to resume and return 128 + signal.
int sweep_command(const SweepOptions& options, std::ostream& out, std::ostream& err);
int merge_command(const MergeOptions& options, std::ostream& out, std::ostream& err);
int plot_command(const PlotOptions& options, std::ostream& out, std::ostream& err);

}  // namespace lrcert
