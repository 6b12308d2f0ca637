// Plots of region results (docs/figures.md; docs/cli.md, "region" --svg) as
// standalone SVG files:
//   PREFIX.phase.svg      the cells over (h, start axis) coloured by their
//                         certified outcome (undecided cells hatched), with
//                         the seed theorem's boundary h (S0 + 4 mu) = 4 and
//                         the lines h = 2/L0, h = 4/L0 (curves over the start
//                         axis when S0, L0 depend on it); a region without a
//                         start axis is a one-row strip over h;
//   PREFIX.imbalance.svg  the certified limit imbalance of the converged
//                         cells (boxes over their h extent; with a start axis
//                         the union over the cells meeting each h slice)
//                         against the bound 2/h - 2 mu.
// The drawn positions and curves are float64 approximations (a picture, not
// a proof); the results file holds the certified enclosures.
//
// Element ids: "cells" (one rect per cell), "line-seed-theorem",
// "line-2-over-L0", "line-4-over-L0", "imbalance-band", "series-bound",
// "legend", "axes"; the hatch pattern is "hatch-undecided".
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace lrcert {

// PREFIX.phase.svg, PREFIX.imbalance.svg
std::vector<std::string> region_plot_paths(const std::string& prefix);

// The two figures of complete region results (not a shard): (path, SVG).
std::vector<std::pair<std::string, std::string>> region_plot_files(const nlohmann::json& results,
                                                                   const std::string& prefix);

std::string region_phase_svg(const nlohmann::json& results);
std::string region_imbalance_svg(const nlohmann::json& results);

}  // namespace lrcert
