// A tiny SVG writer (no external plotting library): groups with ids, shapes,
// text; numbers as fixed-point pixel coordinates, text XML-escaped.
#pragma once

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
    // Markup inserted as it is (the caller writes well-formed SVG, e.g. <defs>).
    void raw(const std::string& markup);
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

}  // namespace lrcert
