// Sweep results documents (docs/formats.md, "Sweep results"): built from the
// rows, written as JSON and CSV, read back, and merged from shards. They
// carry no timing, so a sharded sweep merged is byte-identical to the
// unsharded one.
#pragma once

#include "lrcert/app/sweep_runner.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lrcert {

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

}  // namespace lrcert
