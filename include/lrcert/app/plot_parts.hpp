// The parts the sweep figures (app/plots.hpp) and the region figures
// (app/region_plots.hpp) share: number reading, axes, ticks, legend and the
// outcome colours.
#pragma once

#include "lrcert/app/svg_writer.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lrcert::plot_parts {

// float64 value of a results number ("1.25e1", "37/1000"); NaN if absent or null.
double to_double(const nlohmann::json& v);
// The midpoint of {"lo", "hi"}; NaN if not an interval.
double mid_of(const nlohmann::json& iv);
// "%.4g"
std::string fmt(double v);

// Linear or logarithmic map of [lo, hi] onto pixels [p0, p1].
struct Axis {
    double lo = 0, hi = 1;
    double p0 = 0, p1 = 1;
    bool log = false;
    double operator()(double v) const;
    bool inside(double v) const;
};

std::vector<double> ticks(const Axis& a);

// Frame, ticks, tick labels and axis titles of a plot area (group "axes").
void draw_axes(SvgWriter& svg, const Axis& x, const Axis& y, const std::string& xlabel, const std::string& ylabel,
               bool ygrid = true, bool yticks = true);

struct LegendItem {
    std::string kind;  // "marker", "line", "box"
    std::string color;
    std::string dash;
    std::string label;
};

// Group "legend".
void draw_legend(SvgWriter& svg, double x, double y, const std::vector<LegendItem>& items);

// converged #2ca02c, diverged #d62728, not_converged #9467bd, periodic #ff7f0e, undecided #bdbdbd.
const char* outcome_color(const std::string& outcome);

}  // namespace lrcert::plot_parts
