// A tiny SVG writer (include/lrcert/app/svg_writer.hpp).
#include "lrcert/app/svg_writer.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace lrcert {

SvgWriter::SvgWriter(double width, double height) : width_(width), height_(height) {}

std::string SvgWriter::escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string SvgWriter::num(double v) {
    if (!std::isfinite(v)) v = 0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    std::string s(buf);
    if (s == "-0.0") s = "0.0";
    return s;
}

void SvgWriter::begin_group(const std::string& id, const std::string& attrs) {
    body_ += "<g";
    if (!id.empty()) body_ += " id=\"" + escape(id) + "\"";
    if (!attrs.empty()) body_ += " " + attrs;
    body_ += ">\n";
    ++open_groups_;
}

void SvgWriter::end_group() {
    if (open_groups_ == 0) return;
    body_ += "</g>\n";
    --open_groups_;
}

void SvgWriter::rect(double x, double y, double w, double h, const std::string& fill, const std::string& title,
                     const std::string& stroke) {
    body_ += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(w, 0.0)) + "\" height=\"" +
             num(std::max(h, 0.0)) + "\" fill=\"" + escape(fill) + "\"";
    if (stroke != "none") body_ += " stroke=\"" + escape(stroke) + "\"";
    if (title.empty()) {
        body_ += "/>\n";
    } else {
        body_ += "><title>" + escape(title) + "</title></rect>\n";
    }
}

void SvgWriter::line(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
                     const std::string& dash) {
    body_ += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) +
             "\" stroke=\"" + escape(stroke) + "\" stroke-width=\"" + num(width) + "\"";
    if (!dash.empty()) body_ += " stroke-dasharray=\"" + escape(dash) + "\"";
    body_ += "/>\n";
}

void SvgWriter::polyline(const std::vector<std::pair<double, double>>& pts, const std::string& stroke, double width,
                         const std::string& dash) {
    if (pts.size() < 2) return;
    body_ += "<polyline fill=\"none\" stroke=\"" + escape(stroke) + "\" stroke-width=\"" + num(width) + "\"";
    if (!dash.empty()) body_ += " stroke-dasharray=\"" + escape(dash) + "\"";
    body_ += " points=\"";
    for (size_t i = 0; i < pts.size(); ++i) body_ += (i ? " " : "") + num(pts[i].first) + "," + num(pts[i].second);
    body_ += "\"/>\n";
}

void SvgWriter::path(const std::string& d, const std::string& attrs) {
    body_ += "<path d=\"" + escape(d) + "\"" + (attrs.empty() ? "" : " " + attrs) + "/>\n";
}

void SvgWriter::raw(const std::string& markup) { body_ += markup; }

void SvgWriter::circle(double cx, double cy, double r, const std::string& fill, const std::string& title) {
    body_ += "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) + "\"";
    if (!fill.empty()) body_ += " fill=\"" + escape(fill) + "\"";
    if (title.empty())
        body_ += "/>\n";
    else
        body_ += "><title>" + escape(title) + "</title></circle>\n";
}

void SvgWriter::text(double x, double y, const std::string& s, double size, const std::string& anchor, double rotate,
                     const std::string& weight) {
    body_ += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + num(size) + "\"";
    if (anchor != "start") body_ += " text-anchor=\"" + escape(anchor) + "\"";
    if (weight != "normal") body_ += " font-weight=\"" + escape(weight) + "\"";
    if (rotate != 0) body_ += " transform=\"rotate(" + num(rotate) + " " + num(x) + " " + num(y) + ")\"";
    body_ += ">" + escape(s) + "</text>\n";
}

std::string SvgWriter::str() const {
    std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width_) + "\" height=\"" + num(height_) +
         "\" viewBox=\"0 0 " + num(width_) + " " + num(height_) +
         "\" font-family=\"Helvetica, Arial, sans-serif\">\n";
    s += "<rect x=\"0\" y=\"0\" width=\"" + num(width_) + "\" height=\"" + num(height_) + "\" fill=\"white\"/>\n";
    s += body_;
    for (int i = 0; i < open_groups_; ++i) s += "</g>\n";
    s += "</svg>\n";
    return s;
}

}  // namespace lrcert
