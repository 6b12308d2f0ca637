// The sweep figures (include/lrcert/app/plots.hpp).
// (Over 500 lines on purpose: two figures sharing their axis, legend and grid code; splitting them would split that code.)
#include "lrcert/app/plots.hpp"

#include "lrcert/app/plot_parts.hpp"

#include "lrcert/app/svg_writer.hpp"
#include "lrcert/io/exact_json.hpp"
#include "lrcert/io/output_file.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/number/scalar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <unistd.h>

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
    std::string shape;              // matrix family: "n x m"
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
        f.shape = std::to_string(A.size()) + " x " + std::to_string(A.at(0).size());
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

// "headline (scalar, mu = 1, d = 10): what" / "m4 (matrix 4 x 4, d = 4): what".
std::string title_of(const Figure& f, const std::string& what) {
    std::string problem = f.family == "scalar" ? "scalar, mu = " + fmt(f.mu) : "matrix " + f.shape;
    problem += ", d = " + fmt(f.d);
    return (f.name.empty() ? std::string() : f.name + " ") + "(" + problem + "): " + what;
}

}  // namespace

PlotXAxis parse_plot_x_axis(const std::string& text) {
    if (text == "spec") return PlotXAxis::Spec;
    if (text == "h") return PlotXAxis::H;
    if (text == "relative") return PlotXAxis::Relative;
    throw InputError("--x-axis: expected spec, h or relative, got \"" + text + "\"");
}

std::vector<std::string> plot_paths(const std::string& prefix, const PlotFormats& formats) {
    std::vector<std::string> paths;
    for (const char* figure : {"-imbalance", "-verdicts"}) {
        paths.push_back(prefix + figure + ".svg");
        if (formats.png) paths.push_back(prefix + figure + ".png");
        if (formats.pdf) paths.push_back(prefix + figure + ".pdf");
    }
    return paths;
}

void check_plot_converter(const PlotFormats& formats) {
    if (!formats.png && !formats.pdf) return;
    if (std::system("command -v rsvg-convert >/dev/null 2>&1") != 0)
        throw OutputError("--png/--pdf: rsvg-convert was not found (Debian package librsvg2-bin; scripts/deps installs it)");
}

namespace {

// rsvg-convert of an SVG text to "png" or "pdf", through files in a fresh
// temporary folder (removed again); the bytes of the result.
std::string convert_svg(const std::string& svg, const char* format) {
    namespace fs = std::filesystem;
    std::string dir_template = (fs::temp_directory_path() / "lrcert-plot-XXXXXX").string();
    std::vector<char> buf(dir_template.begin(), dir_template.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) throw OutputError(std::string("--") + format + ": cannot create a temporary folder");
    const fs::path dir(buf.data());
    struct Cleanup {
        fs::path d;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(d, ec);
        }
    } cleanup{dir};
    const fs::path in = dir / "figure.svg", out = dir / (std::string("figure.") + format);
    {
        std::ofstream f(in, std::ios::binary);
        f << svg;
        if (!f) throw OutputError(std::string("--") + format + ": cannot write a temporary file");
    }
    const std::string cmd = std::string("rsvg-convert -f ") + format + " -o '" + out.string() + "' '" + in.string() +
                            "' 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) throw OutputError(std::string("--") + format + ": rsvg-convert failed");
    std::ifstream r(out, std::ios::binary);
    std::ostringstream bytes;
    bytes << r.rdbuf();
    if (bytes.str().empty()) throw OutputError(std::string("--") + format + ": rsvg-convert wrote nothing");
    return bytes.str();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> plot_files(const json& results, const std::string& prefix,
                                                            PlotXAxis x_axis, const PlotFormats& formats) {
    check_plot_converter(formats);
    std::vector<std::pair<std::string, std::string>> files;
    const std::pair<const char*, std::string> figures[] = {{"-imbalance", imbalance_plot_svg(results, x_axis)},
                                                           {"-verdicts", verdict_map_svg(results)}};
    for (const auto& [name, svg] : figures) {
        files.emplace_back(prefix + name + ".svg", svg);
        if (formats.png) files.emplace_back(prefix + name + ".png", convert_svg(svg, "png"));
        if (formats.pdf) files.emplace_back(prefix + name + ".pdf", convert_svg(svg, "pdf"));
    }
    return files;
}

std::string imbalance_plot_svg(const json& results, PlotXAxis x_axis) {
    Figure f = figure_of(results);
    // The x axis: t = h L0 / 2 or h (the spec's own unless asked otherwise).
    const bool spec_relative = f.relative;
    f.relative = x_axis == PlotXAxis::Relative || (x_axis == PlotXAxis::Spec && spec_relative);
    const json& points = *f.points;
    const size_t nh = f.h_axis.size();
    const size_t rows = std::max<size_t>(1, f.start_axis.size());

    // Rows (start values) to draw: at most 6, evenly spread, in the order of
    // their values; with a start axis each gets its own panel (small
    // multiples), so that its lines h = 2/L0, 4/L0 and its bound stay its own.
    std::vector<size_t> by_value(rows);
    for (size_t r = 0; r < rows; ++r) by_value[r] = r;
    if (!f.start_axis.empty())
        std::stable_sort(by_value.begin(), by_value.end(),
                         [&](size_t a, size_t b) { return f.start_axis[a] < f.start_axis[b]; });
    const size_t max_panels = 6;
    std::vector<size_t> shown;
    for (size_t k = 0; k < std::min(rows, max_panels); ++k)
        shown.push_back(by_value[rows <= max_panels ? k : k * (rows - 1) / (max_panels - 1)]);
    auto row_of = [&](const json& p) { return nh ? p.value("index", size_t(0)) / nh : size_t(0); };

    // The x axis in the spec's units: t = h / (2/L0) for a relative h axis, else h.
    auto x_of = [&](const json& p) {
        if (!f.relative) return to_double(p.value("h", json()));
        if (spec_relative) return to_double(p.value("h_param", json()));
        return to_double(p.value("h", json())) * mid_of(p.value("L0", json())) / 2;
    };
    std::vector<double> row_L0(rows, kNaN);
    double xmin = std::numeric_limits<double>::infinity(), xmax = -xmin;
    for (const auto& p : points) {
        const size_t r = row_of(p);
        if (r < rows && !std::isfinite(row_L0[r])) row_L0[r] = mid_of(p.value("L0", json()));
        const double xv = x_of(p);
        if (!std::isfinite(xv)) continue;
        xmin = std::min(xmin, xv);
        xmax = std::max(xmax, xv);
    }
    if (!std::isfinite(xmin)) xmin = 0, xmax = 1;
    if (xmax == xmin) xmin *= 0.9, xmax *= 1.1;
    const double pad = 0.04 * (xmax - xmin);
    // h at an x position of a row (x itself for an absolute axis).
    auto h_at = [&](size_t r, double xv) { return f.relative ? xv * 2 / row_L0[r] : xv; };

    // Panel layout.
    const size_t n = shown.size();
    const size_t cols = n == 1 ? 1 : n <= 4 ? 2 : 3;
    const size_t prows = (n + cols - 1) / cols;
    const double W = 900, L = 90, R = 250, T = 62, B = 62, gap_x = 36, gap_y = n == 1 ? 0 : 44;
    const double ph = n == 1 ? 400 : 210;
    const double H = T + static_cast<double>(prows) * ph + static_cast<double>(prows - 1) * gap_y + B;
    const double pw = (W - L - R - static_cast<double>(cols - 1) * gap_x) / static_cast<double>(cols);
    struct Panel {
        size_t row;
        Axis x, y;
    };
    std::vector<Panel> panels;
    for (size_t s = 0; s < n; ++s) {
        const size_t r = shown[s];
        const double left = L + static_cast<double>(s % cols) * (pw + gap_x);
        const double top = T + static_cast<double>(s / cols) * (ph + gap_y);
        // y from 0 (the imbalance is >= 0) to the data, and far enough up that
        // the bound is in frame where it is closest to the data (at the largest h).
        double ymax = 0;
        for (const auto& p : points) {
            if (row_of(p) != r) continue;
            json lim = p.value("limit", json());
            if (lim.is_object() && lim.value("imbalance", json()).is_object())
                ymax = std::max(ymax, to_double(lim["imbalance"]["hi"]));
        }
        const double b_end = f.square ? bound_at(f, h_at(r, xmax)) : kNaN;
        if (std::isfinite(b_end) && b_end > 0) ymax = std::max(ymax, b_end);
        if (!(ymax > 0)) ymax = 1;
        panels.push_back({r, Axis{xmin - pad, xmax + pad, left, left + pw, false},
                          Axis{0, ymax * 1.12, top + ph, top, false}});
    }

    SvgWriter svg(W, H);
    const std::string xname = f.relative ? "h / (2/L0)" : "learning rate h";
    svg.text(L, 26, title_of(f, "certified limit imbalance"), 15, "start", 0, "bold");
    svg.text(L, 42,
             "error bars: certified enclosures (drawn from float64 approximations of their end points)" +
                 std::string(n > 1 ? "; one panel per start" : ""),
             10);
    const std::string yname =
        f.family == "scalar" ? "limit imbalance |x_inf - y_inf|^2" : "limit imbalance ||X_inf - Y_inf||_F^2";
    for (size_t s = 0; s < n; ++s) {
        const Panel& P = panels[s];
        const bool bottom = s + cols >= n, left = s % cols == 0;
        draw_axes(svg, P.x, P.y, bottom ? (f.relative ? xname + "  =  h L0 / 2" : xname) : "",
                  left && n == 1 ? yname : "");
        if (!f.start_kind.empty() && P.row < f.start_axis.size())
            svg.text(P.x.p0 + 6, P.y.p1 + 14,
                     (f.start_kind == "scale" ? "s = " : "imbalance_0 = ") + fmt(f.start_axis[P.row]), 11);
    }
    if (n > 1) svg.text(L - 58, T + 0.5 * (H - T - B), yname, 13, "middle", -90);
    svg.begin_group("plot-area");

    // The paper's bound, sampled, clipped to each panel.
    bool bound_drawn = false;
    svg.begin_group("series-bound");
    if (f.square) {
        for (const Panel& P : panels) {
            std::vector<std::pair<double, double>> seg;
            for (int i = 0; i <= 400; ++i) {
                const double xv = P.x.lo + (P.x.hi - P.x.lo) * i / 400.0;
                const double h = h_at(P.row, xv);
                const double b = h > 0 ? bound_at(f, h) : kNaN;
                if (std::isfinite(b) && P.y.inside(b)) {
                    seg.emplace_back(P.x(xv), P.y(b));
                } else {
                    bound_drawn |= seg.size() > 1;
                    svg.polyline(seg, "#000000", 1.8);
                    seg.clear();
                }
            }
            bound_drawn |= seg.size() > 1;
            svg.polyline(seg, "#000000", 1.8);
        }
    }
    svg.end_group();

    // h = 2/L0 and h = 4/L0 (x = 1 and 2 on a relative axis).
    bool line_drawn[2] = {false, false};
    for (int mult : {2, 4}) {
        svg.begin_group(mult == 2 ? "line-2-over-L0" : "line-4-over-L0");
        for (const Panel& P : panels) {
            const double xv = f.relative ? mult / 2.0 : mult / row_L0[P.row];
            if (!std::isfinite(xv) || !P.x.inside(xv)) continue;
            svg.line(P.x(xv), P.y.p1, P.x(xv), P.y.p0, "#555555", 1.4, mult == 2 ? "7,4" : "2,3");
            line_drawn[mult == 2 ? 0 : 1] = true;
        }
        svg.end_group();
    }

    // Certified limits with error bars.
    const std::string color = "#1f77b4";
    bool any_limit = false;
    svg.begin_group("series-limit-imbalance");
    for (const Panel& P : panels) {
        svg.begin_group("", "class=\"series\" data-row=\"" + std::to_string(P.row) + "\" stroke=\"" + color +
                                "\" fill=\"" + color + "\" stroke-width=\"1.1\"");
        std::vector<std::pair<double, double>> trace;
        for (const auto& p : points) {
            if (row_of(p) != P.row) continue;
            json lim = p.value("limit", json());
            if (!lim.is_object() || !lim.value("imbalance", json()).is_object()) continue;
            const double xv = x_of(p);
            double lo_ = to_double(lim["imbalance"]["lo"]), hi_ = to_double(lim["imbalance"]["hi"]);
            if (!std::isfinite(lo_) || !std::isfinite(hi_) || !std::isfinite(xv)) continue;  // an unbounded end (null)
            const double px = P.x(xv), plo = P.y(lo_), phi = P.y(hi_);
            svg.path("M" + SvgWriter::num(px) + " " + SvgWriter::num(plo) + "V" + SvgWriter::num(phi) + "M" +
                     SvgWriter::num(px - 2.5) + " " + SvgWriter::num(plo) + "h5M" + SvgWriter::num(px - 2.5) + " " +
                     SvgWriter::num(phi) + "h5");
            // Tooltip: float approximations (the enclosures are in the results files).
            char tip[96];
            std::snprintf(tip, sizeof tip, "h ~ %.6g: imbalance ~ %.6g", to_double(p.value("h", json())),
                          0.5 * (lo_ + hi_));
            svg.circle(px, 0.5 * (plo + phi), 2.2, "", tip);
            trace.emplace_back(px, 0.5 * (plo + phi));
            any_limit = true;
        }
        svg.polyline(trace, color, 0.5);
        svg.end_group();
    }
    svg.end_group();

    // Points without a certified limit: markers along the bottom of their panel.
    std::map<std::string, bool> marked;
    svg.begin_group("series-no-limit");
    for (const Panel& P : panels) {
        for (const auto& p : points) {
            const std::string outcome = p.value("outcome", std::string());
            if (outcome == "converged" || row_of(p) != P.row) continue;
            const double xv = x_of(p);
            if (!std::isfinite(xv)) continue;
            svg.rect(P.x(xv) - 2, P.y.p0 - 9, 4, 7, outcome_color(outcome),
                     "h = " + p.value("h", std::string()) + ": " + outcome);
            marked[outcome] = true;
        }
    }
    svg.end_group();
    svg.end_group();

    // The legend lists what is drawn, and only that.
    std::vector<LegendItem> legend;
    if (any_limit) legend.push_back({"marker", color, "", "certified limit imbalance"});
    if (bound_drawn)
        legend.push_back({"line", "#000000", "", f.family == "scalar" ? "bound 2/h - 2 mu" : "bound 2d/h - 2 tr(A)"});
    if (line_drawn[0]) legend.push_back({"line", "#555555", "7,4", "h = 2/L0"});
    if (line_drawn[1]) legend.push_back({"line", "#555555", "2,3", "h = 4/L0"});
    const std::pair<const char*, const char*> no_limit[] = {{"diverged", "diverged (no limit)"},
                                                            {"not_converged", "not converged (no limit)"},
                                                            {"periodic", "converges to a cycle (no limit)"},
                                                            {"undecided", "undecided (no limit proven)"},
                                                            {"error", "error"}};
    for (const auto& [o, label] : no_limit)
        if (marked.count(o)) legend.push_back({"box", outcome_color(o), "", label});
    draw_legend(svg, W - R + 12, T, legend);
    if (rows > shown.size())
        svg.text(W - R + 12, H - B, std::to_string(shown.size()) + " of " + std::to_string(rows) + " starts shown", 10);
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
        bool drawn = false;
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
                drawn |= seg.size() > 1;
                svg.polyline(seg, color, 2, dash);
                seg.clear();
            }
        }
        drawn |= seg.size() > 1;
        svg.polyline(seg, color, 2, dash);
        svg.end_group();
        return drawn;
    };
    const bool two = overlay("line-2-over-L0", "7,4", "#000000", [&](size_t r) { return 2 / row_L0[r]; });
    const bool four = overlay("line-4-over-L0", "2,3", "#000000", [&](size_t r) { return 4 / row_L0[r]; });
    const bool seed = f.family == "scalar" && overlay("line-seed-theorem", "10,3,2,3", "#1f4e9e", [&](size_t r) {
                          return 4 / (row_S0[r] + 4 * f.mu);
                      });

    draw_axes(svg, x, y, f.relative ? "h / (2/L0)  =  h L0 / 2  (dimensionless)" : "learning rate h",
              has_start ? start_label(f) : "", false, has_start);
    if (!has_start) svg.text(L - 8, 0.5 * (T + H - B) + 4, "base start", 11, "end");

    // The legend lists what is drawn, and only that.
    std::map<std::string, bool> present;
    for (const auto& p : points) present[p.value("outcome", std::string())] = true;
    std::vector<LegendItem> legend;
    const std::pair<const char*, const char*> outcomes[] = {{"converged", "converged (certified)"},
                                                            {"undecided", "undecided"},
                                                            {"diverged", "diverged (certified)"},
                                                            {"not_converged", "not converged (certified)"},
                                                            {"periodic", "converges to a cycle (certified)"},
                                                            {"error", "error (see the results)"}};
    for (const auto& [o, label] : outcomes)
        if (present.count(o)) legend.push_back({"box", outcome_color(o), "", label});
    if (two) legend.push_back({"line", "#000000", "7,4", "h = 2/L0"});
    if (four) legend.push_back({"line", "#000000", "2,3", "h = 4/L0"});
    if (seed) legend.push_back({"line", "#1f4e9e", "10,3,2,3", "h (S0 + 4 mu) = 4 (seed theorem)"});
    draw_legend(svg, W - R + 12, T, legend);
    return svg.str();
}

}  // namespace lrcert
