// SVG plots of a sweep: well-formed XML (a small checker of its own), the
// expected series, and the plot command writing the same files as sweep --svg.
#include "lrcert/app/plots.hpp"
#include "lrcert/app/sweep.hpp"
#include "support/files.hpp"
#include "support/problems.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

using namespace lrcert;
using namespace lrcert::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path temp_dir() { return scratch_dir("svg"); }

// ---- a tiny XML well-formedness check ---------------------------------------------

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.'; }

// "" if `s` is a well-formed XML document (one root element, balanced tags,
// quoted attributes, known entities), else what is wrong.
std::string xml_problem(const std::string& s) {
    std::vector<std::string> stack;
    size_t i = 0, roots = 0;
    auto entity_ok = [&](size_t at) {
        size_t semi = s.find(';', at);
        if (semi == std::string::npos || semi - at > 10) return false;
        std::string e = s.substr(at + 1, semi - at - 1);
        if (e == "amp" || e == "lt" || e == "gt" || e == "quot" || e == "apos") return true;
        if (e.size() > 1 && e[0] == '#') return true;
        return false;
    };
    if (s.compare(0, 5, "<?xml") == 0) {
        i = s.find("?>");
        if (i == std::string::npos) return "unterminated XML declaration";
        i += 2;
    }
    while (i < s.size()) {
        if (s[i] == '<') {
            if (s.compare(i, 4, "<!--") == 0) {
                size_t end = s.find("-->", i);
                if (end == std::string::npos) return "unterminated comment";
                i = end + 3;
                continue;
            }
            bool closing = i + 1 < s.size() && s[i + 1] == '/';
            size_t j = i + (closing ? 2 : 1);
            size_t start = j;
            while (j < s.size() && name_char(s[j])) ++j;
            std::string name = s.substr(start, j - start);
            if (name.empty()) return "empty tag name at byte " + std::to_string(i);
            if (closing) {
                while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
                if (j >= s.size() || s[j] != '>') return "bad closing tag " + name;
                if (stack.empty() || stack.back() != name) return "mismatched </" + name + ">";
                stack.pop_back();
                i = j + 1;
                continue;
            }
            // attributes
            std::vector<std::string> seen;
            for (;;) {
                while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
                if (j >= s.size()) return "unterminated tag " + name;
                if (s[j] == '>' || (s[j] == '/' && j + 1 < s.size() && s[j + 1] == '>')) break;
                size_t a = j;
                while (j < s.size() && name_char(s[j])) ++j;
                std::string attr = s.substr(a, j - a);
                if (attr.empty()) return "bad attribute in " + name;
                for (const auto& x : seen)
                    if (x == attr) return "duplicate attribute " + attr;
                seen.push_back(attr);
                if (j >= s.size() || s[j] != '=') return "attribute without value: " + attr;
                ++j;
                if (j >= s.size() || (s[j] != '"' && s[j] != '\'')) return "unquoted attribute " + attr;
                char q = s[j++];
                while (j < s.size() && s[j] != q) {
                    if (s[j] == '<') return "'<' in attribute " + attr;
                    if (s[j] == '&' && !entity_ok(j)) return "bad entity in attribute " + attr;
                    ++j;
                }
                if (j >= s.size()) return "unterminated attribute " + attr;
                ++j;
            }
            bool self = s[j] == '/';
            if (stack.empty()) {
                if (++roots > 1) return "more than one root element";
            }
            if (!self) stack.push_back(name);
            i = j + (self ? 2 : 1);
            continue;
        }
        if (s[i] == '&' && !entity_ok(i)) return "bad entity at byte " + std::to_string(i);
        if (stack.empty() && !std::isspace(static_cast<unsigned char>(s[i]))) return "text outside the root";
        ++i;
    }
    if (!stack.empty()) return "unclosed <" + stack.back() + ">";
    if (roots != 1) return "no root element";
    return "";
}

}  // namespace

TEST_CASE("SVG plots are well-formed XML with the expected series", "[svg]") {
    SweepSpec spec = spec_of(R"("claims": [], "name": "svg <test> & co",
        "h": {"from": "0.25", "to": "2.5", "count": 10, "relative_to": "2/L0"}, "scale": {"values": ["1", "2"]})");
    SweepGrid grid = expand_grid(spec);
    json r = results_json(spec, grid, {}, run_sweep_points(spec, grid, shard_indices(20, Shard{}), {}, 2), std::nullopt);
    size_t converged = 0;
    for (const auto& p : r["points"]) converged += p["outcome"] == "converged";
    REQUIRE(converged > 0);

    std::string imb = imbalance_plot_svg(r), map = verdict_map_svg(r);
    CHECK(xml_problem(imb) == "");
    CHECK(xml_problem(map) == "");
    CHECK(xml_problem("<svg><g></svg>") != "");  // the checker itself
    CHECK(xml_problem("<svg a=\"1\" a=\"2\"/>") != "");
    CHECK(xml_problem("<svg>&nbsp;</svg>") != "");
    for (const char* id : {"series-limit-imbalance", "series-bound", "line-2-over-L0", "line-4-over-L0", "legend", "axes"})
        CHECK(imb.find(std::string("id=\"") + id + "\"") != std::string::npos);
    for (const char* id : {"verdict-cells", "line-2-over-L0", "line-seed-theorem", "legend", "axes"})
        CHECK(map.find(std::string("id=\"") + id + "\"") != std::string::npos);
    // One marker (with its enclosure as a tooltip) per converged point.
    size_t start = imb.find("id=\"series-limit-imbalance\""), end = imb.find("id=\"series-no-limit\"");
    REQUIRE(start < end);
    std::string series = imb.substr(start, end - start);
    size_t circles = 0;
    for (size_t at = series.find("<circle"); at != std::string::npos; at = series.find("<circle", at + 1)) ++circles;
    CHECK(circles == converged);
    CHECK(imb.find("svg &lt;test&gt; &amp; co") != std::string::npos);
    CHECK(map.find("converged (certified)") != std::string::npos);
    CHECK(map.find("diverged (certified)") != std::string::npos);
    // Legends list only what is drawn: no point of this sweep is periodic or undecided.
    std::set<std::string> outcomes;
    for (const auto& p : r["points"]) outcomes.insert(p["outcome"].get<std::string>());
    if (!outcomes.count("periodic")) {
        CHECK(map.find("converges to a cycle") == std::string::npos);
        CHECK(imb.find("converges to a cycle") == std::string::npos);
    }
    if (!outcomes.count("undecided")) CHECK(map.find(">undecided<") == std::string::npos);
    CHECK(map.find("not converged (certified)") == std::string::npos);
    // Small multiples: one panel (one series group) per start value.
    size_t panels = 0;
    for (size_t at = imb.find("class=\"series\""); at != std::string::npos; at = imb.find("class=\"series\"", at + 1))
        ++panels;
    CHECK(panels == 2);
    CHECK(imb.find("s = 1<") != std::string::npos);
    CHECK(imb.find("s = 2<") != std::string::npos);
    // The problem is named in the title, with mu.
    CHECK(imb.find("mu = 1") != std::string::npos);
    CHECK(map.find("mu = 1") != std::string::npos);
    // The x axis: the spec's (relative here), or h on request; the lines 2/L0
    // and 4/L0 sit at t = 1 and 2 on the relative axis.
    CHECK(imb.find("h / (2/L0)") != std::string::npos);
    const std::string in_h = imbalance_plot_svg(r, PlotXAxis::H);
    CHECK(xml_problem(in_h) == "");
    CHECK(in_h.find("learning rate h") != std::string::npos);
    CHECK(in_h.find("h / (2/L0)") == std::string::npos);
    CHECK_THROWS_AS(parse_plot_x_axis("log"), InputError);
    // No negative tick on the imbalance axis (it is >= 0).
    CHECK(imb.find(">-") == std::string::npos);

    if (have_python3()) {
        fs::path a = temp_dir() / "imbalance.svg", b = temp_dir() / "verdicts.svg";
        write_file(a, imb);
        write_file(b, map);
        std::string cmd = "python3 -c 'import sys, xml.dom.minidom as m; [m.parse(f) for f in sys.argv[1:]]' " +
                          shell_quote(a.string()) + " " + shell_quote(b.string());
        CHECK(std::system(cmd.c_str()) == 0);
    } else {
        WARN("python3 not found: the minidom cross-check was skipped");
    }

    SECTION("plot command and sweep --svg write the same files") {
        fs::path dir = temp_dir() / "svg";
        fs::create_directories(dir);
        write_file(dir / "r.json", results_text(r));
        PlotOptions po;
        po.results_path = (dir / "r.json").string();
        po.quiet = true;
        std::ostringstream out, err;
        REQUIRE(plot_command(po, out, err) == 0);
        CHECK(slurp(dir / "r-imbalance.svg") == imb);
        CHECK(slurp(dir / "r-verdicts.svg") == map);
        if (std::system("command -v rsvg-convert >/dev/null 2>&1") == 0) {
            po.svg_prefix = (dir / "raster").string();
            po.png = po.pdf = true;
            REQUIRE(plot_command(po, out, err) == 0);
            CHECK(slurp(dir / "raster-imbalance.png").substr(0, 8) == std::string("\x89PNG\r\n\x1a\n"));
            CHECK(slurp(dir / "raster-verdicts.pdf").substr(0, 5) == "%PDF-");
            CHECK(slurp(dir / "raster-imbalance.svg") == imb);
        } else {
            WARN("rsvg-convert not found: PNG/PDF output not tested");
        }
    }
}
