// The sweep figures (include/lrcert/app/plots.hpp).
// (Over 500 lines on purpose: two figures sharing their axis, legend and grid code; splitting them would split that code.)
#include "lrcert/app/plots.hpp"

#include "lrcert/app/plot_parts.hpp"

#include "lrcert/app/svg_writer.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/number/scalar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

namespace lrcert {

namespace plot_parts {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// float64 value of a results number ("1.25e1", "37/1000"; "inf" in older files);
// NaN if absent or null (an unbounded interval end, docs/formats.md).
double to_double(const json& v) {
    if (!v.is_string()) return v.is_number() ? v.get<double>() : kNaN;
    const std::string& s = v.get_ref<const std::string&>();
    if (s.find('/') != std::string::npos) {
        try {
            return from_rational<double>(parse_exact(s));
        } catch (...) {
            return kNaN;
        }
    }
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    return end && *end == '\0' ? d : kNaN;
}

double mid_of(const json& iv) {
    if (!iv.is_object()) return kNaN;
    double a = to_double(iv.value("lo", json())), b = to_double(iv.value("hi", json()));
    return 0.5 * (a + b);
}

std::string fmt(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

double Axis::operator()(double v) const {
    double a = log ? std::log10(lo) : lo, b = log ? std::log10(hi) : hi, x = log ? std::log10(v) : v;
    if (b == a) return 0.5 * (p0 + p1);
    return p0 + (x - a) / (b - a) * (p1 - p0);
}

bool Axis::inside(double v) const { return v >= std::min(lo, hi) && v <= std::max(lo, hi); }

std::vector<double> ticks(const Axis& a) {
    std::vector<double> t;
    if (!(a.hi > a.lo)) return {a.lo};
    if (a.log) {
        int e0 = static_cast<int>(std::floor(std::log10(a.lo))), e1 = static_cast<int>(std::ceil(std::log10(a.hi)));
        bool sparse = e1 - e0 <= 3;
        for (int e = e0; e <= e1; ++e)
            for (double m : sparse ? std::vector<double>{1, 2, 5} : std::vector<double>{1}) {
                double v = m * std::pow(10.0, e);
                if (v >= a.lo * (1 - 1e-9) && v <= a.hi * (1 + 1e-9)) t.push_back(v);
            }
        return t;
    }
    double raw = (a.hi - a.lo) / 6;
    double p = std::pow(10.0, std::floor(std::log10(raw)));
    double step = raw / p < 1.5 ? p : raw / p < 3.5 ? 2 * p : raw / p < 7.5 ? 5 * p : 10 * p;
    for (double v = std::ceil(a.lo / step) * step; v <= a.hi + step * 1e-9; v += step)
        t.push_back(std::abs(v) < step * 1e-9 ? 0 : v);
    return t;
}

// Frame, ticks, tick labels and axis titles of a plot area.
void draw_axes(SvgWriter& svg, const Axis& x, const Axis& y, const std::string& xlabel, const std::string& ylabel,
               bool ygrid, bool yticks) {
    svg.begin_group("axes", "stroke-linecap=\"square\"");
    double top = std::min(y.p0, y.p1), bottom = std::max(y.p0, y.p1);
    double left = std::min(x.p0, x.p1), right = std::max(x.p0, x.p1);
    for (double v : ticks(x)) {
        double px = x(v);
        svg.line(px, bottom, px, bottom + 5, "#333");
        svg.text(px, bottom + 18, fmt(v), 11, "middle");
    }
    for (double v : yticks ? ticks(y) : std::vector<double>{}) {
        double py = y(v);
        if (ygrid) svg.line(left, py, right, py, "#e4e4e4");
        svg.line(left - 5, py, left, py, "#333");
        svg.text(left - 8, py + 4, fmt(v), 11, "end");
    }
    svg.rect(left, top, right - left, bottom - top, "none", "", "#333");
    svg.text(0.5 * (left + right), bottom + 40, xlabel, 13, "middle");
    svg.text(left - 58, 0.5 * (top + bottom), ylabel, 13, "middle", -90);
    svg.end_group();
}

void draw_legend(SvgWriter& svg, double x, double y, const std::vector<LegendItem>& items) {
    svg.begin_group("legend");
    double w = 0;
    for (const auto& it : items) w = std::max(w, 6.2 * static_cast<double>(it.label.size()));
    svg.rect(x, y, w + 44, 8 + 18.0 * static_cast<double>(items.size()), "white", "", "#999");
    for (size_t i = 0; i < items.size(); ++i) {
        double cy = y + 16 + 18.0 * static_cast<double>(i);
        const auto& it = items[i];
        if (it.kind == "marker") {
            svg.line(x + 18, cy - 6, x + 18, cy + 6, it.color, 1.2);
            svg.circle(x + 18, cy, 3.5, it.color);
        } else if (it.kind == "line") {
            svg.line(x + 6, cy, x + 30, cy, it.color, 2, it.dash);
        } else {
            svg.rect(x + 10, cy - 6, 16, 12, it.color);
        }
        svg.text(x + 38, cy + 4, it.label, 11);
    }
    svg.end_group();
}

const char* outcome_color(const std::string& outcome) {
    if (outcome == "converged") return "#2ca02c";
    if (outcome == "diverged") return "#d62728";
    if (outcome == "not_converged") return "#9467bd";
    if (outcome == "periodic") return "#ff7f0e";
    if (outcome == "undecided") return "#bdbdbd";
    return "#000000";
}

}  // namespace plot_parts

namespace {

using namespace plot_parts;

const char* kSeriesColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"};

// What the figures need from a results document.
struct Figure {
    std::string family;
    std::string name;
    bool relative = false;          // h axis in multiples of 2/L0
    std::string start_kind;         // "", "scale", "imbalance"
    std::vector<double> h_axis, start_axis;
    double mu = kNaN;               // scalar family
    double trace = kNaN;            // square matrix family
    double d = kNaN;
    bool square = false;
    const json* points = nullptr;
};

Figure figure_of(const json& results) {
    Figure f;
    const json& spec = results.at("spec");
    const json& base = spec.at("base");
    f.family = base.value("family", std::string());
    f.name = spec.value("name", base.value("name", std::string()));
    f.relative = spec.at("h").value("relative_to", std::string()) == "2/L0";
    for (const auto& v : spec.at("h").at("values")) f.h_axis.push_back(to_double(v));
    for (const char* k : {"scale", "imbalance"})
        if (spec.contains(k)) {
            f.start_kind = k;
            for (const auto& v : spec.at(k).at("values")) f.start_axis.push_back(to_double(v));
        }
    if (f.family == "scalar") {
        f.mu = to_double(base.at("mu"));
        f.d = static_cast<double>(base.at("x0").size());
        f.square = true;
    } else {
        const json& A = base.at("A");
        f.square = A.size() == A.at(0).size();
        f.d = static_cast<double>(base.at("X0").at(0).size());
        if (f.square) {
            f.trace = 0;
            for (size_t i = 0; i < A.size(); ++i) f.trace += to_double(A[i][i]);
        }
    }
    f.points = &results.at("points");
    return f;
}

double bound_at(const Figure& f, double h) {
    if (f.family == "scalar") return 2 / h - 2 * f.mu;
    if (f.square) return 2 * f.d / h - 2 * f.trace;
    return kNaN;
}

std::string start_label(const Figure& f) {
    if (f.start_kind == "scale") return "scale s (x0 -> s x0, y0 -> y0/s)";
    if (f.start_kind == "imbalance") return "initial imbalance |x0 - y0|^2";
    return "";
}

// Geometric grid (constant ratio, >= 3 values)?
bool geometric(const std::vector<double>& v) {
    if (v.size() < 3) return false;
    std::vector<double> s = v;
    std::sort(s.begin(), s.end());
    if (s.front() <= 0) return false;
    double r = s[1] / s[0];
    if (r <= 1.0 + 1e-12) return false;
    for (size_t i = 2; i < s.size(); ++i)
        if (std::abs(s[i] / s[i - 1] / r - 1) > 1e-3) return false;
    return true;
}

// Cell boundaries around sorted distinct values (midpoints, in axis space).
std::vector<double> cell_edges(const std::vector<double>& sorted, bool log) {
    std::vector<double> e;
    auto tr = [&](double v) { return log ? std::log10(v) : v; };
    auto inv = [&](double v) { return log ? std::pow(10.0, v) : v; };
    size_t n = sorted.size();
    if (n == 1) {
        double w = log ? 0.5 : (sorted[0] == 0 ? 0.5 : std::abs(sorted[0]) * 0.1);
        return {inv(tr(sorted[0]) - w), inv(tr(sorted[0]) + w)};
    }
    e.push_back(inv(tr(sorted[0]) - 0.5 * (tr(sorted[1]) - tr(sorted[0]))));
    for (size_t i = 0; i + 1 < n; ++i) e.push_back(inv(0.5 * (tr(sorted[i]) + tr(sorted[i + 1]))));
    e.push_back(inv(tr(sorted[n - 1]) + 0.5 * (tr(sorted[n - 1]) - tr(sorted[n - 2]))));
    return e;
}

std::string title_of(const Figure& f, const std::string& what) {
    return (f.name.empty() ? std::string() : f.name + ": ") + what;
}

}  // namespace

std::vector<std::string> plot_paths(const std::string& prefix) {
    return {prefix + "-imbalance.svg", prefix + "-verdicts.svg"};
}

std::vector<std::pair<std::string, std::string>> plot_files(const json& results, const std::string& prefix) {
    auto paths = plot_paths(prefix);
    return {{paths[0], imbalance_plot_svg(results)}, {paths[1], verdict_map_svg(results)}};
}

std::string imbalance_plot_svg(const json& results) {
    Figure f = figure_of(results);
    const json& points = *f.points;
    const double W = 900, H = 540, L = 90, R = 290, T = 56, B = 70;

    // Rows (start values) to draw: at most 8, evenly spread.
    size_t rows = std::max<size_t>(1, f.start_axis.size());
    std::vector<size_t> shown;
    size_t max_series = 6;
    for (size_t k = 0; k < std::min(rows, max_series); ++k)
        shown.push_back(rows <= max_series ? k : k * (rows - 1) / (max_series - 1));
    size_t nh = f.h_axis.size();

    // Data ranges.
    double hmin = std::numeric_limits<double>::infinity(), hmax = -hmin, ymax = 0, ymin = 0;
    for (const auto& p : points) {
        double h = to_double(p.value("h", json()));
        if (!std::isfinite(h)) continue;
        hmin = std::min(hmin, h);
        hmax = std::max(hmax, h);
        json lim = p.value("limit", json());
        if (lim.is_object() && lim.value("imbalance", json()).is_object()) {
            ymax = std::max(ymax, to_double(lim["imbalance"]["hi"]));
            ymin = std::min(ymin, to_double(lim["imbalance"]["lo"]));
        }
    }
    if (!std::isfinite(hmin)) hmin = 0, hmax = 1;
    if (hmax == hmin) hmin *= 0.9, hmax *= 1.1;
    double bmax = bound_at(f, hmax);
    if (std::isfinite(bmax)) ymax = std::max(ymax, bmax);
    if (std::isfinite(bmax) && bmax < 0) ymin = std::min(ymin, bmax);
    if (ymax <= ymin) ymax = ymin + 1;
    double pad = 0.04 * (hmax - hmin);
    Axis x{hmin - pad, hmax + pad, L, W - R, false};
    Axis y{ymin, ymax * 1.12 + (ymax == 0 ? 1 : 0), H - B, T, false};

    SvgWriter svg(W, H);
    svg.text(L, 28, title_of(f, "certified limit imbalance against the learning rate"), 15, "start", 0, "bold");
    draw_axes(svg, x, y, "learning rate h",
              f.family == "scalar" ? "limit imbalance |x_inf - y_inf|^2" : "limit imbalance ||X_inf - Y_inf||_F^2");
    svg.begin_group("plot-area");
    svg.text(L, 44, "error bars: certified enclosures (drawn from float64 approximations of their end points)", 10);

    // The paper's bound, sampled, clipped to the plot.
    svg.begin_group("series-bound");
    if (f.square) {
        std::vector<std::pair<double, double>> seg;
        for (int i = 0; i <= 400; ++i) {
            double h = x.lo + (x.hi - x.lo) * i / 400.0;
            double b = h > 0 ? bound_at(f, h) : kNaN;
            if (std::isfinite(b) && y.inside(b)) {
                seg.emplace_back(x(h), y(b));
            } else {
                svg.polyline(seg, "#000000", 1.8);
                seg.clear();
            }
        }
        svg.polyline(seg, "#000000", 1.8);
    }
    svg.end_group();

    // h = 2/L0 and h = 4/L0 for the shown rows.
    std::vector<double> row_L0(rows, kNaN);
    for (const auto& p : points) {
        size_t idx = p.value("index", size_t(0));
        size_t row = nh ? idx / nh : 0;
        if (row < rows && !std::isfinite(row_L0[row])) row_L0[row] = mid_of(p.value("L0", json()));
    }
    for (int mult : {2, 4}) {
        svg.begin_group(mult == 2 ? "line-2-over-L0" : "line-4-over-L0");
        for (size_t s = 0; s < shown.size(); ++s) {
            double hl = mult / row_L0[shown[s]];
            if (!std::isfinite(hl) || !x.inside(hl)) continue;
            std::string color = shown.size() > 1 ? kSeriesColors[s % 8] : "#555555";
            svg.line(x(hl), T, x(hl), H - B, color, 1.4, mult == 2 ? "7,4" : "2,3");
            if (shown.size() == 1) svg.text(x(hl) + 3, T + 14, "h = " + std::to_string(mult) + "/L0", 10);
        }
        svg.end_group();
    }

    // Certified limits with error bars.
    svg.begin_group("series-limit-imbalance");
    for (size_t s = 0; s < shown.size(); ++s) {
        std::string color = shown.size() > 1 ? kSeriesColors[s % 8] : "#1f77b4";
        svg.begin_group("", "class=\"series\" data-row=\"" + std::to_string(shown[s]) + "\" stroke=\"" + color +
                                "\" fill=\"" + color + "\" stroke-width=\"1.1\"");
        std::vector<std::pair<double, double>> trace;
        for (const auto& p : points) {
            size_t idx = p.value("index", size_t(0));
            if ((nh ? idx / nh : 0) != shown[s]) continue;
            json lim = p.value("limit", json());
            if (!lim.is_object() || !lim.value("imbalance", json()).is_object()) continue;
            double h = to_double(p["h"]);
            double lo_ = to_double(lim["imbalance"]["lo"]), hi_ = to_double(lim["imbalance"]["hi"]);
            if (!std::isfinite(lo_) || !std::isfinite(hi_)) continue;  // an unbounded end (null)
            double px = x(h), plo = y(lo_), phi = y(hi_);
            // Error bar with caps (one path), and the marker.
            svg.path("M" + SvgWriter::num(px) + " " + SvgWriter::num(plo) + "V" + SvgWriter::num(phi) + "M" +
                     SvgWriter::num(px - 2.5) + " " + SvgWriter::num(plo) + "h5M" + SvgWriter::num(px - 2.5) + " " +
                     SvgWriter::num(phi) + "h5");
            // Tooltip: float approximations (the enclosures are in the results files).
            char tip[96];
            std::snprintf(tip, sizeof tip, "h ~ %.6g: imbalance ~ %.6g", h, 0.5 * (lo_ + hi_));
            svg.circle(px, 0.5 * (plo + phi), 2.2, "", tip);
            trace.emplace_back(px, 0.5 * (plo + phi));
        }
        svg.polyline(trace, color, 0.5);
        svg.end_group();
    }
    svg.end_group();

    // Points without a certified limit: markers under the axis.
    svg.begin_group("series-no-limit");
    for (const auto& p : points) {
        std::string outcome = p.value("outcome", std::string());
        if (outcome == "converged") continue;
        size_t idx = p.value("index", size_t(0));
        if (std::find(shown.begin(), shown.end(), nh ? idx / nh : 0) == shown.end()) continue;
        double px = x(to_double(p.value("h", json())));
        svg.rect(px - 2, H - B - 9, 4, 7, outcome_color(outcome), "h = " + p.value("h", std::string()) + ": " + outcome);
    }
    svg.end_group();
    svg.end_group();

    std::vector<LegendItem> legend;
    for (size_t s = 0; s < shown.size(); ++s) {
        std::string label = "certified limit imbalance";
        if (!f.start_kind.empty() && shown[s] < f.start_axis.size())
            label = (f.start_kind == "scale" ? "s = " : "imbalance_0 = ") + fmt(f.start_axis[shown[s]]);
        legend.push_back({"marker", shown.size() > 1 ? kSeriesColors[s % 8] : "#1f77b4", "", label});
    }
    if (f.square)
        legend.push_back({"line", "#000000", "",
                          f.family == "scalar" ? "bound 2/h - 2 mu" : "bound 2d/h - 2 tr(A)"});
    legend.push_back({"line", "#555555", "7,4", "h = 2/L0"});
    legend.push_back({"line", "#555555", "2,3", "h = 4/L0"});
    // Markers of the points without a limit, for the outcomes that occur.
    auto occurs = [&](const char* o) {
        for (const auto& p : points)
            if (p.value("outcome", std::string()) == o) return true;
        return false;
    };
    if (occurs("diverged")) legend.push_back({"box", outcome_color("diverged"), "", "diverged (no limit)"});
    if (occurs("not_converged"))
        legend.push_back({"box", outcome_color("not_converged"), "", "not converged (no limit)"});
    if (occurs("periodic")) legend.push_back({"box", outcome_color("periodic"), "", "converges to a cycle (no limit)"});
    if (occurs("undecided")) legend.push_back({"box", outcome_color("undecided"), "", "undecided (no limit proven)"});
    if (occurs("error")) legend.push_back({"box", outcome_color("error"), "", "error"});
    draw_legend(svg, W - R + 12, T, legend);
    if (rows > shown.size())
        svg.text(W - R + 12, H - B, std::to_string(shown.size()) + " of " + std::to_string(rows) + " start rows shown", 10);
    return svg.str();
}

std::string verdict_map_svg(const json& results) {
    Figure f = figure_of(results);
    const json& points = *f.points;
    const bool has_start = !f.start_axis.empty();
    const double W = 900, H = has_start ? 560 : 300, L = 90, R = 290, T = 50, B = 70;
    const size_t nh = f.h_axis.size();
    const size_t rows = has_start ? f.start_axis.size() : 1;

    // Axes: sorted distinct values and cell edges.
    std::vector<double> xs = f.h_axis;
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
    bool xlog = geometric(xs);
    std::vector<double> xe = cell_edges(xs, xlog);
    Axis x{xe.front(), xe.back(), L, W - R, xlog};

    std::vector<double> ys = has_start ? f.start_axis : std::vector<double>{0};
    std::sort(ys.begin(), ys.end());
    ys.erase(std::unique(ys.begin(), ys.end()), ys.end());
    bool ylog = has_start && geometric(ys);
    std::vector<double> ye = has_start ? cell_edges(ys, ylog) : std::vector<double>{0, 1};
    Axis y{ye.front(), ye.back(), H - B, T, ylog};

    auto cell_x = [&](double v, double& a, double& b) {
        size_t i = static_cast<size_t>(std::lower_bound(xs.begin(), xs.end(), v) - xs.begin());
        a = x(xe[i]);
        b = x(xe[i + 1]);
    };
    auto cell_y = [&](double v, double& a, double& b) {
        if (!has_start) {
            a = y(1);
            b = y(0);
            return;
        }
        size_t i = static_cast<size_t>(std::lower_bound(ys.begin(), ys.end(), v) - ys.begin());
        a = y(ye[i + 1]);
        b = y(ye[i]);
    };

    SvgWriter svg(W, H);
    svg.text(L, 28, title_of(f, "certified outcome of GD over the grid"), 15, "start", 0, "bold");

    // Cells, merged along h where neighbours share the outcome.
    std::vector<std::vector<std::string>> grid(rows, std::vector<std::string>(nh));
    std::vector<double> row_L0(rows, kNaN), row_S0(rows, kNaN);
    for (const auto& p : points) {
        size_t idx = p.value("index", size_t(0));
        if (nh == 0 || idx / nh >= rows) continue;
        grid[idx / nh][idx % nh] = p.value("outcome", std::string());
        if (!std::isfinite(row_L0[idx / nh])) row_L0[idx / nh] = mid_of(p.value("L0", json()));
        if (!std::isfinite(row_S0[idx / nh])) row_S0[idx / nh] = to_double(p.value("S0", json()));
    }
    // Column order by value (the axis values may be unsorted in the spec).
    std::vector<size_t> order(nh);
    for (size_t i = 0; i < nh; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return f.h_axis[a] < f.h_axis[b]; });

    svg.begin_group("verdict-cells", "shape-rendering=\"crispEdges\"");
    for (size_t r = 0; r < rows; ++r) {
        double ya, yb;
        cell_y(has_start ? f.start_axis[r] : 0, ya, yb);
        size_t k = 0;
        while (k < nh) {
            const std::string& o = grid[r][order[k]];
            size_t e = k;
            while (e + 1 < nh && grid[r][order[e + 1]] == o) ++e;
            double xa, xb, xa2, xb2;
            cell_x(f.h_axis[order[k]], xa, xb);
            cell_x(f.h_axis[order[e]], xa2, xb2);
            std::string title = (o.empty() ? std::string("not computed") : o) + ": h axis " + fmt(f.h_axis[order[k]]) +
                                (e > k ? " .. " + fmt(f.h_axis[order[e]]) : std::string()) +
                                (has_start ? ", start " + fmt(f.start_axis[r]) : std::string());
            svg.rect(xa, ya, xb2 - xa, yb - ya, o.empty() ? "#ffffff" : outcome_color(o), title);
            k = e + 1;
        }
    }
    svg.end_group();

    // Overlays: h = 2/L0, h = 4/L0 and (scalar) h (S0 + 4 mu) = 4, one segment per row.
    auto overlay = [&](const std::string& id, const std::string& dash, const std::string& color, auto h_of_row) {
        svg.begin_group(id);
        std::vector<std::pair<double, double>> seg;
        std::vector<size_t> by_y(rows);
        for (size_t r = 0; r < rows; ++r) by_y[r] = r;
        if (has_start)
            std::stable_sort(by_y.begin(), by_y.end(),
                             [&](size_t a, size_t b) { return f.start_axis[a] < f.start_axis[b]; });
        for (size_t pos = 0; pos < rows; ++pos) {
            const size_t r = by_y[pos];
            double hv = h_of_row(r);
            // In the h axis' own units.
            double xv = f.relative ? hv * row_L0[r] / 2 : hv;
            double ya, yb;
            cell_y(has_start ? f.start_axis[r] : 0, ya, yb);
            if (std::isfinite(xv) && x.inside(xv)) {
                if (rows == 1) {  // one row: a vertical segment across it
                    seg.emplace_back(x(xv), ya);
                    seg.emplace_back(x(xv), yb);
                } else {          // through the row centres, to the plot's edges
                    if (pos == 0) seg.emplace_back(x(xv), yb);
                    seg.emplace_back(x(xv), y(f.start_axis[r]));
                    if (pos + 1 == rows) seg.emplace_back(x(xv), ya);
                }
            } else {
                svg.polyline(seg, color, 2, dash);
                seg.clear();
            }
        }
        svg.polyline(seg, color, 2, dash);
        svg.end_group();
    };
    overlay("line-2-over-L0", "7,4", "#000000", [&](size_t r) { return 2 / row_L0[r]; });
    overlay("line-4-over-L0", "2,3", "#000000", [&](size_t r) { return 4 / row_L0[r]; });
    if (f.family == "scalar")
        overlay("line-seed-theorem", "10,3,2,3", "#1f4e9e", [&](size_t r) { return 4 / (row_S0[r] + 4 * f.mu); });

    draw_axes(svg, x, y, f.relative ? "h / (2/L0)  =  h L0 / 2  (dimensionless)" : "learning rate h",
              has_start ? start_label(f) : "", false, has_start);
    if (!has_start) svg.text(L - 8, 0.5 * (T + H - B) + 4, "base start", 11, "end");

    std::vector<LegendItem> legend{{"box", outcome_color("converged"), "", "converged (certified)"},
                                   {"box", outcome_color("undecided"), "", "undecided"},
                                   {"box", outcome_color("diverged"), "", "diverged (certified)"},
                                   {"box", outcome_color("not_converged"), "", "not converged (certified)"},
                                   {"box", outcome_color("periodic"), "", "converges to a cycle (certified)"},
                                   {"line", "#000000", "7,4", "h = 2/L0"},
                                   {"line", "#000000", "2,3", "h = 4/L0"}};
    if (f.family == "scalar") legend.push_back({"line", "#1f4e9e", "10,3,2,3", "h (S0 + 4 mu) = 4 (seed theorem)"});
    bool any_error = false;
    for (const auto& p : points) any_error |= p.value("outcome", std::string()) == "error";
    if (any_error) legend.push_back({"box", outcome_color("error"), "", "error (see the results)"});
    draw_legend(svg, W - R + 12, T, legend);
    return svg.str();
}

}  // namespace lrcert
