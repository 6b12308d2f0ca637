// Shards, journal and merge of `lrcert region` (docs/cli.md, "region";
// docs/formats.md, "Region results", "Region journal").
//
// A shard I/N certifies the root cells i with i % N == I (run_region with
// shard_index/shard_count); since every root's subtree is refined on its
// own with its own budget, the shards' cells together are exactly the
// unsharded run's cells, and `lrcert merge` of all N shard files writes the
// unsharded results byte for byte.
#pragma once

#include "lrcert/app/region.hpp"
#include "lrcert/app/sweep.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace lrcert {

// The header line of PREFIX.journal: lrcert version, spec (normal form),
// options, claims, shard.
nlohmann::json region_journal_header(const RegionSpec& spec, const RegionRunOptions& options,
                                     const std::vector<claims::Claim>& claim_list);

// The results of a shard (shard_count > 1): region_results_json of its cells
// plus "shard": {"index", "count"}, "lrcert" (version), "claims" and "shard_cells" (the cells
// in full, region_cell_json, for the merge).
nlohmann::json region_shard_results_json(const RegionSpec& spec, const RegionRunOptions& options,
                                         const RegionRun& run, const std::vector<claims::Claim>& claim_list);

// Whether a file is region results (of a shard or not): {"lrcert_region_results": ...}.
bool is_region_results_file(const std::string& path);

// Merges the shard files of one region run (InputError naming the file and
// the problem: another spec, claims or options, a shard missing or given twice).
nlohmann::json merge_region_shards(const std::vector<nlohmann::json>& shards, const std::vector<std::string>& paths);

// `lrcert merge` of region shards (PREFIX.json; --svg: the region figures).
int region_merge_command(const MergeOptions& options, std::ostream& out, std::ostream& err);

// `lrcert plot` of region results: PREFIX.phase.svg, PREFIX.imbalance.svg.
int region_plot_command(const PlotOptions& options, std::ostream& out, std::ostream& err);

}  // namespace lrcert
