// `lrcert sweep`, `lrcert merge` and `lrcert plot` (docs/cli.md; formats in
// docs/formats.md, "Sweep results").
//
// Layers (each usable on its own, e.g. from tests and bench/bench_sweep.cpp):
//   spec and grid   app/sweep_spec.hpp: SweepSpec -> SweepGrid (exact problems)
//   runner          run_sweep_points: run_certify for each selected point, on
//                   `jobs` std::threads, results in index order whatever the
//                   scheduling (every point is computed the same way in any
//                   thread: deterministic output)
//   outputs         point_json / results_json / results_csv: the results
//                   carry no timing, so that a sharded run merged with
//                   merge_results is byte-identical to the unsharded run
//   plots           app/svg.hpp, from a results document
//
// Exit codes of the commands: 0 results written; 1 results written, and at
// some grid point a theorem claim has a certified counterexample; 3 bad input
// (spec, claims, shard files, options); 4 an output could not be written;
// 5 internal error (also when a grid point failed with an exception: its row
// says so, the results are still written). On exit codes >= 3 other than 5 no
// output file is left behind (stale files at the target paths are removed
// first).
#pragma once

#include "lrcert/app/certify_command.hpp"
#include "lrcert/app/sweep_spec.hpp"
#include "lrcert/claims/claim.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace lrcert {

// `--shard I/N`: this run certifies the points with index % N == I.
struct Shard {
    size_t index = 0;
    size_t count = 1;
};
// Parses "I/N" (0 <= I < N, 1 <= N <= 100000); throws InputError naming --shard.
Shard parse_shard(const std::string& text);

// The claims a spec asks for ("builtin" = every file in builtin_dir), in
// order, restricted to those that apply to `family`.
std::vector<claims::Claim> load_sweep_claims(const SweepSpec& spec, const std::string& builtin_dir,
                                             Family family);

// The certify options of a spec (precision, max_precision, max_steps).
CertifyOptions sweep_certify_options(const SweepSpec& spec);

// One result row (docs/formats.md, "Sweep results"): parameters (exact),
// outcome, enclosures (spec.digits significant digits, outward), verdicts.
nlohmann::json point_json(const SweepSpec& spec, const SweepPoint& point, const CertifyRun& run);
// The row of a point whose certification threw (outcome "error").
nlohmann::json error_point_json(const SweepPoint& point, const std::string& message);

// Called from the runner's calling thread, every ~0.2 s and once at the end.
using SweepProgress = std::function<void(size_t done, size_t total, double seconds)>;

// Optional hooks of the runner. `finished(index, row)` is called once per
// certified point as it finishes, from a worker thread, one call at a time
// (the journal appends there). `stop()` is polled before each new point and
// every ~0.2 s: once it returns true no new point is started, the
// certifications in progress are cancelled (certify/cancel.hpp), and the rows
// finished so far are returned, every other row null.
struct SweepHooks {
    std::function<void(size_t index, const nlohmann::json& row)> finished;
    std::function<bool()> stop;
};

// Certifies grid.points[i] for every i in `indices` on `jobs` threads (0: one
// per core). Returns the rows in the order of `indices`.
std::vector<nlohmann::json> run_sweep_points(const SweepSpec& spec, const SweepGrid& grid,
                                             const std::vector<size_t>& indices,
                                             const std::vector<claims::Claim>& claim_list, unsigned jobs,
                                             const SweepProgress& progress = {}, const SweepHooks& hooks = {});

// The first line of a sweep's journal (app/sweep_journal.hpp): what its points
// were computed for.
nlohmann::json journal_header(const SweepSpec& spec, size_t points_total,
                              const std::vector<claims::Claim>& claim_list, const std::optional<Shard>& shard);

// Indices of the points of a shard (all points if shard.count == 1).
std::vector<size_t> shard_indices(size_t total, const Shard& shard);

// The results document: {"lrcert_sweep_results": 1, "lrcert", "spec",
// "claims", "points_total", ["shard"], "points"}. `shard` is written only for
// sharded runs (count > 1).
nlohmann::json results_json(const SweepSpec& spec, const SweepGrid& grid,
                            const std::vector<claims::Claim>& claim_list, std::vector<nlohmann::json> points,
                            const std::optional<Shard>& shard);

// The CSV table of a results document (one row per point, RFC 4180 quoting).
std::string results_csv(const nlohmann::json& results);

// The text of a results file: results.dump(1) + "\n".
std::string results_text(const nlohmann::json& results);

// Combines the shard documents of one sweep into the unsharded document.
// Throws InputError (naming the file by `origins[i]`) if they are not the
// complete set of shards of one sweep.
nlohmann::json merge_results(const std::vector<nlohmann::json>& shards, const std::vector<std::string>& origins);

// Reads a results or shard file (plain JSON); throws InputError.
nlohmann::json read_results_file(const std::string& path);

constexpr unsigned kMaxJobs = 1024;

struct SweepOptions {
    std::string spec_path;
    std::string out_prefix;        // "" : <spec without .json>.results[.shard-I-of-N]
    std::optional<Shard> shard;
    unsigned jobs = 0;             // 0: one per core; else [1, kMaxJobs]
    std::string svg_prefix;        // "" : no plots
    bool resume = false;           // continue from PREFIX.journal (docs/cli.md)
    bool quiet = false;            // no summary on stdout
    bool progress = true;          // progress on stderr, only if it is a terminal
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
