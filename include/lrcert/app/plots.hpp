// Plots of sweep results as standalone SVG files (docs/figures.md).
//
// The two figures drawn from a complete sweep results document
// (app/sweep_results.hpp), with the SVG writer of app/svg_writer.hpp:
//   PREFIX-imbalance.svg  the certified limit imbalance |x_inf - y_inf|^2
//                         (||X_inf - Y_inf||_F^2) with its enclosure as error
//                         bars against h, the paper's bound 2/h - 2 mu
//                         (2d/h - 2 tr A), and the lines h = 2/L0, h = 4/L0;
//   PREFIX-verdicts.svg   the outcome of every grid point over (h, start
//                         parameter): converged / undecided / diverged /
//                         not converged, with the lines h = 2/L0, h = 4/L0 and
//                         (scalar family) the seed theorem's h (S0 + 4 mu) = 4.
// The plotted positions are float64 approximations of the certified numbers
// (a picture, not a proof); the results files hold the enclosures.
//
// Elements carry ids so that tools and tests can find the series:
// "series-limit-imbalance", "series-bound", "line-2-over-L0",
// "line-4-over-L0", "series-no-limit", "verdict-cells", "legend", "axes".
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace lrcert {

// The x axis of the imbalance figure: the spec's own (h, or t = h/(2/L0) for
// a relative h axis), h itself, or h / (2/L0) = h L0 / 2 with each point's L0.
enum class PlotXAxis { Spec, H, Relative };

// "spec", "h", "relative"; throws InputError naming --x-axis otherwise.
PlotXAxis parse_plot_x_axis(const std::string& text);

// Raster and vector copies beside the SVG (rsvg-convert of Debian's librsvg2-bin).
struct PlotFormats {
    bool png = false, pdf = false;
};

// PREFIX-imbalance.svg, PREFIX-verdicts.svg (and .png / .pdf beside them).
std::vector<std::string> plot_paths(const std::string& prefix, const PlotFormats& formats = {});

// The figures of a complete results document (no "shard"): (path, content).
// PNG and PDF are converted from the SVG by rsvg-convert; throws OutputError
// when it is missing or fails (check_plot_converter says so before any work).
std::vector<std::pair<std::string, std::string>> plot_files(const nlohmann::json& results, const std::string& prefix,
                                                            PlotXAxis x_axis = PlotXAxis::Spec,
                                                            const PlotFormats& formats = {});

// Throws OutputError if PNG or PDF is asked for and rsvg-convert is not found.
void check_plot_converter(const PlotFormats& formats);

std::string imbalance_plot_svg(const nlohmann::json& results, PlotXAxis x_axis = PlotXAxis::Spec);
std::string verdict_map_svg(const nlohmann::json& results);

}  // namespace lrcert
