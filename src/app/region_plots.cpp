// The region figures (include/lrcert/app/region_plots.hpp).
#include "lrcert/app/region_plots.hpp"

#include "lrcert/app/plot_parts.hpp"
#include "lrcert/app/region.hpp"
#include "lrcert/app/svg_writer.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>

namespace lrcert {

namespace {

using nlohmann::json;
using namespace plot_parts;

constexpr double kW = 860;
constexpr double kL = 90, kR = 270, kT = 58, kB = 62;

// What the figures need from the spec of a results document (float64).
struct RegionFigure {
    std::string name;
    double mu = 0;
    std::vector<double> x0, y0;
    double h_from = 0, h_to = 1;
    CellHAxis relative = CellHAxis::Absolute;  // the spec's h.relative_to
    std::string axis;  // "", "scale", "imbalance"
    double s_from = 0, s_to = 1;

    // S0 and x0 . y0 at the start of axis value s (the base start without an axis).
    std::pair<double, double> start_at(double s) const {
        double xx = 0, yy = 0, xy = 0;
        for (size_t i = 0; i < x0.size(); ++i) {
            xx += x0[i] * x0[i];
            yy += y0[i] * y0[i];
            xy += x0[i] * y0[i];
        }
        if (axis == "scale") return {s * s * xx + yy / (s * s), xy};
        if (axis == "imbalance") {
            const double uu = xx + yy + 2 * xy;  // |x0 + y0|^2
            return {0.5 * (uu + s), 0.25 * (uu - s)};
        }
        return {xx + yy, xy};
    }
    double S0(double s) const { return start_at(s).first; }
    double L0(double s) const {
        const auto [S, xy] = start_at(s);
        return scalar_L0_estimate(S, xy, mu, x0.size());
    }
    // The unit of the plot's h axis at start s: 1, 2/L0 or 4/(S0 + 4 mu).
    double unit(double s) const {
        const auto [S, xy] = start_at(s);
        return h_axis_unit_estimate(relative, S, xy, mu, x0.size());
    }
    // A value of h on the plot's h axis, and the absolute h of a point of it.
    double axis_h(double h, double s) const { return h / unit(s); }
    double abs_h(double x, double s) const { return x * unit(s); }
    std::string h_label() const {
        if (relative == CellHAxis::TwoOverL0) return "t = h / (2/L0)";
        if (relative == CellHAxis::SeedBoundary) return "tau = h / (4/(S0 + 4 mu))";
        return "h";
    }
    std::string axis_label() const {
        if (axis == "scale") return "scale s (x0 -> s x0, y0 -> y0 / s)";
        if (axis == "imbalance") return "initial imbalance |x0 - y0|^2";
        return "";
    }
};

RegionFigure read_figure(const json& results) {
    if (!results.is_object() || !results.contains("lrcert_region_results") || !results.contains("spec") ||
        !results.contains("cells"))
        throw std::invalid_argument("not region results");
    const json& sp = results.at("spec");
    RegionFigure f;
    f.name = sp.value("name", std::string());
    const json& base = sp.at("base");
    f.mu = to_double(base.at("mu"));
    for (const auto& v : base.at("x0")) f.x0.push_back(to_double(v));
    for (const auto& v : base.at("y0")) f.y0.push_back(to_double(v));
    f.h_from = to_double(sp.at("h").at("from"));
    f.h_to = to_double(sp.at("h").at("to"));
    const std::string relative = sp.at("h").value("relative_to", std::string("absolute"));
    for (auto a : {CellHAxis::TwoOverL0, CellHAxis::SeedBoundary})
        if (relative == h_axis_name(a)) f.relative = a;
    for (const char* a : {"scale", "imbalance"})
        if (sp.contains(a)) {
            f.axis = a;
            f.s_from = to_double(sp.at(a).at("from"));
            f.s_to = to_double(sp.at(a).at("to"));
        }
    return f;
}

double lo_of(const json& iv) { return to_double(iv.at("lo")); }
double hi_of(const json& iv) { return to_double(iv.at("hi")); }

std::string mu_text(const RegionFigure& f) { return "mu = " + fmt(f.mu); }

// A title that fits the figure's width (about 7.6 pixels a character at size 14, bold).
std::string fitted_title(const std::string& head, const std::string& name) {
    std::string t = head + (name.empty() ? std::string("region") : name);
    const size_t max_chars = static_cast<size_t>((kW - kL - 10) / 7.6);
    if (t.size() > max_chars) t = t.substr(0, max_chars - 3) + "...";
    return t;
}

// Draws a curve h = fn(s) over the start axis (a vertical line without one),
// in pieces where it lies inside the frame; returns whether anything was drawn.
bool draw_h_curve(SvgWriter& svg, const RegionFigure& f, const Axis& x, const Axis& y, const std::string& id,
                  const std::string& color, const std::string& dash, const std::function<double(double)>& h_of_s) {
    bool drawn = false;
    svg.begin_group(id);
    if (f.axis.empty()) {
        const double v = f.axis_h(h_of_s(0), 0);
        if (std::isfinite(v) && x.inside(v)) {
            svg.line(x(v), y.p1, x(v), y.p0, color, 2, dash);
            drawn = true;
        }
    } else {
        std::vector<std::pair<double, double>> seg;
        const int n = 240;
        for (int k = 0; k <= n; ++k) {
            const double s = f.s_from + (f.s_to - f.s_from) * k / n;
            const double v = f.axis_h(h_of_s(s), s);
            if (std::isfinite(v) && x.inside(v)) {
                seg.emplace_back(x(v), y(s));
            } else {
                if (seg.size() >= 2) drawn = true;
                svg.polyline(seg, color, 2, dash);
                seg.clear();
            }
        }
        if (seg.size() >= 2) drawn = true;
        svg.polyline(seg, color, 2, dash);
    }
    svg.end_group();
    return drawn;
}

const std::vector<std::pair<std::string, std::string>> kOutcomes = {
    {"converged", "converged (certified on the cell)"},
    {"diverged", "diverged (certified on the cell)"},
    {"not_converged", "not converged (certified on the cell)"},
    {"periodic", "converges to a cycle (certified on the cell)"},
    {"undecided", "undecided"}};

}  // namespace

std::vector<std::string> region_plot_paths(const std::string& prefix) {
    return {prefix + ".phase.svg", prefix + ".imbalance.svg"};
}

std::vector<std::pair<std::string, std::string>> region_plot_files(const json& results, const std::string& prefix) {
    const auto paths = region_plot_paths(prefix);
    return {{paths[0], region_phase_svg(results)}, {paths[1], region_imbalance_svg(results)}};
}

std::string region_phase_svg(const json& results) {
    const RegionFigure f = read_figure(results);
    const bool strip = f.axis.empty();
    const double H = strip ? 250 : 540;
    SvgWriter svg(kW, H);
    svg.raw("<defs><pattern id=\"hatch-undecided\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
            "patternTransform=\"rotate(45)\"><rect x=\"0\" y=\"0\" width=\"6\" height=\"6\" fill=\"#e6e6e6\"/>"
            "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#7f7f7f\" stroke-width=\"2.5\"/></pattern></defs>\n");
    Axis x{f.h_from, f.h_to, kL, kW - kR};
    Axis y{strip ? 0.0 : f.s_from, strip ? 1.0 : f.s_to, H - kB, kT};
    svg.text(kL, 24, fitted_title("Certified outcome: ", f.name), 14, "start", 0, "bold");
    std::string sub = mu_text(f) + "; every point of a coloured cell has that outcome";
    if (results.contains("summary") && results["summary"].contains("area_fraction")) {
        const json& af = results["summary"]["area_fraction"];
        auto pct = [&](const char* k) { return af.contains(k) ? fmt(100 * to_double(af[k])) + "%" : std::string("0%"); };
        sub += "; area converged " + pct("converged") + ", diverged " + pct("diverged") + ", undecided " +
               pct("undecided");
    }
    svg.text(kL, 42, sub, 11);

    // The cells: crisp edges and half a pixel of overlap, so that no hairline shows between neighbours.
    std::map<std::string, bool> present;
    svg.begin_group("cells", "shape-rendering=\"crispEdges\"");
    for (const json& c : results.at("cells")) {
        const std::string o = c.value("outcome", std::string());
        present[o] = true;
        const double h0 = lo_of(c.at("h")), h1 = hi_of(c.at("h"));
        const double s0 = strip ? 0.0 : lo_of(c.at(f.axis)), s1 = strip ? 1.0 : hi_of(c.at(f.axis));
        const double xa = x(h0), xb = x(h1), ya = y(s1), yb = y(s0);
        std::string tip = f.h_label() + " in [" + fmt(h0) + ", " + fmt(h1) + "]";
        if (!strip) tip += ", " + f.axis + " in [" + fmt(s0) + ", " + fmt(s1) + "]";
        tip += ": " + o;
        const bool last_x = h1 >= f.h_to, last_y = strip || s1 >= f.s_to;
        svg.rect(xa, ya, xb - xa + (last_x ? 0 : 0.5), yb - ya + (last_y ? 0 : 0.5),
                 o == "undecided" ? "url(#hatch-undecided)" : outcome_color(o), tip);
    }
    svg.end_group();

    const bool seed = f.mu > 0 && draw_h_curve(svg, f, x, y, "line-seed-theorem", "#1f4e9e", "10,3,2,3",
                                                [&](double s) { return 4 / (f.S0(s) + 4 * f.mu); });
    const bool two = draw_h_curve(svg, f, x, y, "line-2-over-L0", "#000000", "7,4", [&](double s) { return 2 / f.L0(s); });
    const bool four = draw_h_curve(svg, f, x, y, "line-4-over-L0", "#000000", "2,3", [&](double s) { return 4 / f.L0(s); });
    draw_axes(svg, x, y, f.h_label(), strip ? "" : f.axis_label(), false, !strip);

    std::vector<LegendItem> legend;
    for (const auto& [o, label] : kOutcomes)
        if (present.count(o)) legend.push_back({"box", o == "undecided" ? "url(#hatch-undecided)" : outcome_color(o), "", label});
    if (seed) legend.push_back({"line", "#1f4e9e", "10,3,2,3", "h (S0 + 4 mu) = 4 (seed theorem)"});
    if (two) legend.push_back({"line", "#000000", "7,4", "h = 2/L0"});
    if (four) legend.push_back({"line", "#000000", "2,3", "h = 4/L0"});
    draw_legend(svg, kW - kR + 14, kT, legend);
    return svg.str();
}

std::string region_imbalance_svg(const json& results) {
    const RegionFigure f = read_figure(results);
    const double H = 500;
    SvgWriter svg(kW, H);
    // Converged cells with an imbalance enclosure: (h lo, h hi, imb lo, imb hi).
    struct ImbalanceBox {
        double h0, h1, lo, hi;
    };
    std::vector<ImbalanceBox> cells;
    for (const json& c : results.at("cells")) {
        if (c.value("outcome", std::string()) != "converged" || !c.contains("imbalance_inf")) continue;
        const json& iv = c.at("imbalance_inf");
        const double lo = lo_of(iv), hi = hi_of(iv);
        if (!std::isfinite(lo) || !std::isfinite(hi)) continue;
        cells.push_back({lo_of(c.at("h")), hi_of(c.at("h")), lo, hi});
    }
    // The union over the cells meeting each elementary h slice (one box per cell without a start axis).
    std::vector<double> cuts;
    for (const ImbalanceBox& b : cells) {
        cuts.push_back(b.h0);
        cuts.push_back(b.h1);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::vector<ImbalanceBox> band;
    for (size_t k = 0; k + 1 < cuts.size(); ++k) {
        std::optional<ImbalanceBox> u;
        for (const ImbalanceBox& b : cells) {
            if (!(b.h0 < cuts[k + 1] && cuts[k] < b.h1)) continue;
            if (!u)
                u = ImbalanceBox{cuts[k], cuts[k + 1], b.lo, b.hi};
            else {
                u->lo = std::min(u->lo, b.lo);
                u->hi = std::max(u->hi, b.hi);
            }
        }
        if (!u) continue;
        if (!band.empty() && band.back().h1 == u->h0 && band.back().lo == u->lo && band.back().hi == u->hi)
            band.back().h1 = u->h1;  // neighbours with the same band: one box
        else
            band.push_back(*u);
    }

    // The bound 2/h - 2 mu in the plot's h units: one curve, or one per end of the start axis.
    std::vector<std::pair<std::string, double>> starts;
    if (f.axis.empty())
        starts.push_back({"", 0});
    else
        starts = {{f.axis + " = " + fmt(f.s_from), f.s_from}, {f.axis + " = " + fmt(f.s_to), f.s_to}};
    auto bound = [&](double xv, double s) { return 2 / f.abs_h(xv, s) - 2 * f.mu; };
    // The frame's top: the boxes with a tight enclosure (width at most a
    // quarter of their top, or 1) and the bound at the right end; a wider
    // box (a loose enclosure) may leave the frame, where it is cut.
    double data_max = 0, any_max = 0;
    for (const ImbalanceBox& b : band) {
        any_max = std::max(any_max, b.hi);
        if (b.hi - b.lo <= std::max(1.0, 0.25 * std::abs(b.hi))) data_max = std::max(data_max, b.hi);
    }
    if (data_max == 0) data_max = any_max;
    double bound_min = std::numeric_limits<double>::infinity();
    for (const auto& st : starts) bound_min = std::min(bound_min, bound(f.h_to, st.second));
    double ymax = std::max(data_max, std::isfinite(bound_min) ? bound_min : 0.0);
    ymax = ymax > 0 ? 1.15 * ymax : 1;
    Axis x{f.h_from, f.h_to, kL, kW - kR};
    Axis y{0, ymax, H - kB, kT};

    svg.text(kL, 24, fitted_title("Certified limit imbalance: ", f.name), 14, "start", 0, "bold");
    svg.text(kL, 42, mu_text(f) + "; boxes: |x_inf - y_inf|^2 enclosed for every point of the converged cells", 11);
    svg.begin_group("imbalance-band", "fill-opacity=\"0.55\" stroke-width=\"0.8\"");
    for (const ImbalanceBox& b : band) {
        const double ya = y(std::min(b.hi, ymax)), yb = y(std::max(b.lo, 0.0));
        // At least 2 pixels high, so that a tight enclosure stays visible.
        const double mid = 0.5 * (ya + yb), hh = std::max(yb - ya, 2.0);
        svg.rect(x(b.h0), mid - hh / 2, x(b.h1) - x(b.h0), hh, "#1f77b4",
                 f.h_label() + " in [" + fmt(b.h0) + ", " + fmt(b.h1) + "]: imbalance in [" + fmt(b.lo) + ", " +
                     fmt(b.hi) + "]",
                 "#1f77b4");
    }
    svg.end_group();
    bool bound_drawn = false;
    const char* dashes[] = {"", "6,3"};
    svg.begin_group("series-bound");
    for (size_t k = 0; k < starts.size(); ++k) {
        std::vector<std::pair<double, double>> seg;
        const int n = 300;
        for (int i = 0; i <= n; ++i) {
            const double xv = f.h_from + (f.h_to - f.h_from) * i / n;
            const double v = bound(xv, starts[k].second);
            if (std::isfinite(v) && v >= 0 && v <= ymax) {
                seg.emplace_back(x(xv), y(v));
            } else {
                bound_drawn |= seg.size() >= 2;
                svg.polyline(seg, "#000000", 1.8, dashes[k]);
                seg.clear();
            }
        }
        bound_drawn |= seg.size() >= 2;
        svg.polyline(seg, "#000000", 1.8, dashes[k]);
    }
    svg.end_group();
    draw_axes(svg, x, y, f.h_label(), "limit imbalance |x_inf - y_inf|^2");
    std::vector<LegendItem> legend;
    if (!band.empty()) legend.push_back({"box", "#1f77b4", "", "certified limit imbalance"});
    if (bound_drawn)
        for (size_t k = 0; k < starts.size(); ++k)
            legend.push_back({"line", "#000000", dashes[k],
                              "2/h - 2 mu" + (starts[k].first.empty() ? std::string() : " at " + starts[k].first)});
    if (band.empty()) svg.text(0.5 * (x.p0 + x.p1), 0.5 * (y.p0 + y.p1), "no converged cell", 13, "middle");
    if (!legend.empty()) draw_legend(svg, kW - kR + 14, kT, legend);
    return svg.str();
}

}  // namespace lrcert
