// Plots of sweep results as standalone SVG files (docs/figures.md).
//
// A tiny SVG writer (no external plotting library) and the two figures drawn
// from a complete sweep results document (app/sweep.hpp):
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

class SvgWriter {
public:
    SvgWriter(double width, double height);
    // <g id=... attrs...>; `attrs` is raw attribute text (already escaped).
    void begin_group(const std::string& id, const std::string& attrs = "");
    void end_group();
    void rect(double x, double y, double w, double h, const std::string& fill, const std::string& title = "",
              const std::string& stroke = "none");
    void line(double x1, double y1, double x2, double y2, const std::string& stroke, double width = 1,
              const std::string& dash = "");
    void polyline(const std::vector<std::pair<double, double>>& pts, const std::string& stroke, double width = 1,
                  const std::string& dash = "");
    // fill "" : inherited from the enclosing group.
    void circle(double cx, double cy, double r, const std::string& fill, const std::string& title = "");
    // <path d="..." attrs/> (d is escaped, attrs is raw attribute text).
    void path(const std::string& d, const std::string& attrs = "");
    void text(double x, double y, const std::string& s, double size = 12, const std::string& anchor = "start",
              double rotate = 0, const std::string& weight = "normal");
    // The complete document (XML declaration, <svg> root, closes open groups).
    std::string str() const;

    // XML-escapes &, <, >, " and '.
    static std::string escape(const std::string& s);
    // Fixed-point number text with 1 decimal ("12.3", "-0.5"): pixel coordinates.
    static std::string num(double v);

private:
    double width_, height_;
    std::string body_;
    int open_groups_ = 0;
};

// PREFIX-imbalance.svg, PREFIX-verdicts.svg
std::vector<std::string> plot_paths(const std::string& prefix);

// The two figures of a complete results document (no "shard"): (path, SVG).
std::vector<std::pair<std::string, std::string>> plot_files(const nlohmann::json& results, const std::string& prefix);

std::string imbalance_plot_svg(const nlohmann::json& results);
std::string verdict_map_svg(const nlohmann::json& results);

}  // namespace lrcert
