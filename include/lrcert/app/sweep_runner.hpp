// The sweep runner: the claims and options of a spec, one result row per
// point, and the threads that certify the points (docs/cli.md, "sweep";
// rows: docs/formats.md, "Sweep results"). Every point is computed the same
// way in any thread, so the rows do not depend on the scheduling.
#pragma once

#include "lrcert/app/certify_command.hpp"
#include "lrcert/app/sweep_spec.hpp"
#include "lrcert/claims/claim.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace lrcert {

constexpr size_t kMaxShards = 100000;

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

// The claims as journal headers and shard files record them: everything a
// verdict depends on (id, kind, assumptions, conclusions, exceptional set),
// so that edited claims are noticed.
nlohmann::json claims_record_json(const std::vector<claims::Claim>& claim_list);

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

// Indices of the points of a shard (all points if shard.count == 1).
std::vector<size_t> shard_indices(size_t total, const Shard& shard);

}  // namespace lrcert
