// Region figures (app/region_plots.hpp), shards, merge and the journal of
// `lrcert region` (app/region_shards.hpp): sharded + merged results equal the
// unsharded ones byte for byte, a run killed (SIGKILL) or stopped (SIGTERM)
// and resumed gives the same results, bad --shard values and mismatched
// shards are rejected, and the SVGs are well-formed with one rect per cell,
// a legend of what is drawn and the seed boundary where it is in the frame.
#include "lrcert/app/region.hpp"
#include "lrcert/app/region_plots.hpp"
#include "lrcert/app/region_shards.hpp"

#include "support/files.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace lrcert;
using namespace lrcert::test;
using nlohmann::json;

namespace {

const char* kHeadline = R"({"family": "scalar", "mu": "1",
  "x0": ["1.5", "3", "4.5", "1.5", "3", "4.5", "1.5", "3", "4.5", "1.5"],
  "y0": ["-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01"], "h": "0.037"})";

std::string spec_text(const std::string& h, const std::string& extra = "") {
    return std::string(R"({"lrcert_region": 1, "name": "test region", "base": )") + kHeadline + R"(, "h": )" + h +
           extra + "}";
}

RegionSpec spec_of(const std::string& text) { return parse_region_spec(text, "spec.json", ""); }

std::vector<claims::Claim> builtin_claims() {
    if (claims_dir().empty()) return {};
    return claims::applicable_claims(claims::load_claims_directory(claims_dir()), claims::Family::Scalar);
}

// Whether the tags of an XML text balance (declarations, comments, self-closing tags handled).
bool balanced_tags(const std::string& s, std::string& why) {
    std::vector<std::string> stack;
    size_t i = 0;
    while ((i = s.find('<', i)) != std::string::npos) {
        const size_t e = s.find('>', i);
        if (e == std::string::npos) {
            why = "unclosed <";
            return false;
        }
        const std::string tag = s.substr(i + 1, e - i - 1);
        i = e + 1;
        if (tag.empty()) {
            why = "empty tag";
            return false;
        }
        if (tag[0] == '?' || tag[0] == '!') continue;
        if (tag[0] == '/') {
            const std::string name = tag.substr(1);
            if (stack.empty() || stack.back() != name) {
                why = "</" + name + "> closes " + (stack.empty() ? std::string("nothing") : "<" + stack.back() + ">");
                return false;
            }
            stack.pop_back();
            continue;
        }
        if (tag.back() == '/') continue;
        stack.push_back(tag.substr(0, tag.find_first_of(" \n\t")));
    }
    if (!stack.empty()) {
        why = "<" + stack.back() + "> not closed";
        return false;
    }
    return true;
}

// The text of the group <g id="ID" ...> up to its first </g> (the groups here do not nest).
std::string group(const std::string& svg, const std::string& id) {
    const size_t a = svg.find("<g id=\"" + id + "\"");
    if (a == std::string::npos) return "";
    const size_t b = svg.find("</g>", a);
    return svg.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

size_t count(const std::string& s, const std::string& part) {
    size_t n = 0;
    for (size_t i = s.find(part); i != std::string::npos; i = s.find(part, i + 1)) ++n;
    return n;
}

json run_json(const RegionSpec& spec, const std::vector<claims::Claim>& cl, size_t max_cells, size_t index = 0,
              size_t shards = 1) {
    RegionRunOptions o;
    o.max_cells = max_cells;
    o.jobs = 2;
    o.shard_index = index;
    o.shard_count = shards;
    const RegionRun run = run_region(spec, cl, o);
    return shards > 1 ? region_shard_results_json(spec, o, run, cl) : region_results_json(spec, o, run);
}

}  // namespace

TEST_CASE("region shards: 3 shards merged equal the unsharded results byte for byte", "[region][shards]") {
    const std::vector<claims::Claim> cl = builtin_claims();
    for (const std::string& text :
         {spec_text(R"({"from": "0.004", "to": "0.06"})"),
          spec_text(R"({"from": "0.05", "to": "1.5", "relative_to": "2/L0"})", R"(, "imbalance": {"from": "1", "to": "100"})")}) {
        const RegionSpec spec = spec_of(text);
        const size_t budget = sanitizer_scaled(300, 90);
        const json whole = run_json(spec, cl, budget);
        std::vector<json> shards;
        for (size_t i : {2, 0, 1}) shards.push_back(run_json(spec, cl, budget, i, 3));
        size_t cells = 0;
        for (const json& s : shards) cells += s["cells"].size();
        CHECK(cells == whole["cells"].size());
        const json merged = merge_region_shards(shards, {"s2", "s0", "s1"});
        CHECK(merged.dump(2) == whole.dump(2));
        // Neither shard alone is the whole.
        CHECK(shards[0]["cells"].size() < whole["cells"].size());

        // Missing, duplicate shards and shards of other options are refused, naming the problem.
        auto merge_error = [&](const std::vector<json>& s, const std::vector<std::string>& names) {
            try {
                merge_region_shards(s, names);
            } catch (const InputError& e) {
                return std::string(e.what());
            }
            return std::string();
        };
        CHECK(contains(merge_error({shards[1], shards[2]}, {"s0", "s1"}), "shard 2/3 is missing"));
        CHECK(contains(merge_error({shards[1], shards[2], shards[2]}, {"s0", "s1", "s1b"}), "given twice"));
        const json other = run_json(spec, cl, budget + 1, 2, 3);
        CHECK(contains(merge_error({shards[1], shards[2], other}, {"s0", "s1", "o2"}), "options differ"));
        CHECK(contains(merge_error({shards[1], shards[2], whole}, {"s0", "s1", "w"}), "not a region shard file"));
    }
}

TEST_CASE("region figures: well-formed, one rect per cell, the legend lists what is drawn", "[region][svg]") {
    struct Case {
        std::string text;
        bool seed_in_frame;
    };
    const std::vector<Case> cases = {
        {spec_text(R"({"from": "0.004", "to": "0.06"})"), true},   // h* = 4/100.751 inside
        {spec_text(R"({"from": "0.001", "to": "0.02"})"), false},  // h* beyond the frame
        // t* = 2 L0 / (S0 + 4 mu) is about 1.9 over the whole imbalance axis: beyond the frame.
        {spec_text(R"({"from": "0.05", "to": "1.5", "relative_to": "2/L0"})", R"(, "imbalance": {"from": "1", "to": "100"})"),
         false},
        {spec_text(R"({"from": "0.5", "to": "2.5", "relative_to": "2/L0"})", R"(, "imbalance": {"from": "1", "to": "100"})"),
         true},
        {spec_text(R"({"from": "0.03", "to": "0.045"})", R"(, "scale": {"from": "0.9", "to": "1.1"})"), true},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const RegionSpec spec = spec_of(c.text);
        const json res = run_json(spec, {}, sanitizer_scaled(120, 40));
        const std::string phase = region_phase_svg(res);
        std::string why;
        CHECK(balanced_tags(phase, why));
        INFO(why);
        const std::string cells = group(phase, "cells");
        REQUIRE(!cells.empty());
        CHECK(count(cells, "<rect ") == res["cells"].size());
        CHECK(contains(phase, "shape-rendering=\"crispEdges\""));
        CHECK(contains(phase, "test region"));
        CHECK(contains(phase, "mu = 1"));

        std::set<std::string> outcomes;
        for (const json& cell : res["cells"]) outcomes.insert(cell["outcome"].get<std::string>());
        const std::string legend = group(phase, "legend");
        for (const std::string o : {"converged", "diverged", "undecided"}) {
            INFO(o);
            const std::string label = o == "undecided" ? ">undecided<" : ">" + o + " (certified on the cell)<";
            CHECK(contains(legend, label) == (outcomes.count(o) > 0));
        }
        // Undecided cells are hatched, with the pattern defined.
        CHECK(count(cells, "url(#hatch-undecided)") ==
              static_cast<size_t>(std::count_if(res["cells"].begin(), res["cells"].end(),
                                                [](const json& x) { return x["outcome"] == "undecided"; })));
        CHECK(contains(phase, "<pattern id=\"hatch-undecided\""));
        const std::string seed = group(phase, "line-seed-theorem");
        CHECK((contains(seed, "<line ") || contains(seed, "<polyline ")) == c.seed_in_frame);
        CHECK(contains(legend, "seed theorem") == c.seed_in_frame);

        const std::string imb = region_imbalance_svg(res);
        CHECK(balanced_tags(imb, why));
        if (outcomes.count("converged")) {
            CHECK(count(group(imb, "imbalance-band"), "<rect ") >= 1);
            CHECK(contains(group(imb, "series-bound"), "<polyline "));
        }
    }
    // A one-row strip without a start axis: the seed line is a vertical line at h*.
    const json strip = run_json(spec_of(spec_text(R"({"from": "0.004", "to": "0.06"})")), {}, 40);
    const std::string s = region_phase_svg(strip);
    CHECK(contains(group(s, "line-seed-theorem"), "<line "));
    CHECK(contains(s, "height=\"250.0\""));
}

TEST_CASE("lrcert region: bad --shard values, shard + merge equal the whole, plot of region results",
          "[region][shards][cli]") {
    if (!have_binaries()) return;
    const fs::path d = scratch_dir("region-plots");
    write_file(d / "r.json", spec_text(R"({"from": "0.004", "to": "0.06"})"));
    for (const char* bad : {"0/0", "3/2", "junk", "1/", "-1/3", "2/2"}) {
        INFO(bad);
        ToolResult r = run_tool("lrcert", d, std::string("region r.json --shard ") + bad + " --out bad");
        CHECK(r.code == 3);
        CHECK(contains(r.err, "--shard"));
        CHECK(!fs::exists(d / "bad.json"));
    }
    const std::string budget = std::to_string(sanitizer_scaled(200, 60));
    ToolResult r = run_tool("lrcert", d, "region r.json --max-cells " + budget + " --jobs 2 --out whole --svg whole --quiet");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(fs::exists(d / "whole.phase.svg"));
    CHECK(fs::exists(d / "whole.imbalance.svg"));
    CHECK(!fs::exists(d / "whole.journal"));
    for (int i = 0; i < 3; ++i) {
        r = run_tool("lrcert", d, "region r.json --max-cells " + budget + " --jobs 2 --quiet --shard " + std::to_string(i) + "/3");
        REQUIRE(r.code == 0);
        CHECK(fs::exists(d / ("r.region.shard-" + std::to_string(i) + "-of-3.json")));
    }
    r = run_tool("lrcert", d, "region r.json --shard 0/3 --svg x");
    CHECK(r.code == 3);
    r = run_tool("lrcert", d,
                 "merge r.region.shard-1-of-3.json r.region.shard-0-of-3.json r.region.shard-2-of-3.json --out merged "
                 "--svg merged --quiet");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(slurp(d / "merged.json") == slurp(d / "whole.json"));
    CHECK(slurp(d / "merged.phase.svg") == slurp(d / "whole.phase.svg"));
    r = run_tool("lrcert", d, "merge r.region.shard-1-of-3.json r.region.shard-0-of-3.json --out m2");
    CHECK(r.code == 3);
    CHECK(contains(r.err, "shard 2/3 is missing"));
    CHECK(!fs::exists(d / "m2.json"));
    r = run_tool("lrcert", d, "plot whole.json --svg replot --quiet");
    REQUIRE(r.code == 0);
    CHECK(slurp(d / "replot.phase.svg") == slurp(d / "whole.phase.svg"));
    r = run_tool("lrcert", d, "plot r.region.shard-0-of-3.json --svg p0");
    CHECK(r.code == 3);
}

TEST_CASE("lrcert region: killed (SIGKILL) or stopped (SIGTERM) mid-way and resumed gives the same results",
          "[region][journal][cli]") {
    if (!have_binaries()) return;
    const fs::path d = scratch_dir("region-plots");
    write_file(d / "k.json", spec_text(R"({"from": "0.004", "to": "0.0397"})"));
    // Fewer cells under the sanitizers (about 10x slower), still many journal lines before the signal.
    const std::string cells = std::to_string(sanitizer_scaled(250, 100));
    const std::string args = "region k.json --max-cells " + cells + " --min-width 1e-7 --jobs 1 --quiet";
    ToolResult r = run_tool("lrcert", d, args + " --out ref");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::string ref = slurp(d / "ref.json");

    for (const std::string sig : {"KILL", "TERM"}) {
        INFO(sig);
        const std::string out = "cut" + sig;
        // Started in the background, signalled once its journal holds some cells.
        const std::string cmd = "cd " + shell_quote(d.string()) + " && (" + shell_quote(binary_dir() + "/lrcert") + " " +
                                args + " --out " + out + " >" + out + ".out 2>" + out + ".err </dev/null & pid=$!; " +
                                "n=0; while kill -0 $pid 2>/dev/null && [ \"$(wc -l < " + out +
                                ".journal 2>/dev/null || echo 0)\" -lt 40 ] && [ $n -lt 2000 ]; do sleep 0.01; n=$((n+1)); done; " +
                                "kill -" + sig + " $pid; wait $pid; echo $? > " + out + ".rc)";
        REQUIRE(std::system(cmd.c_str()) == 0);
        const int rc = std::stoi(slurp(d / (out + ".rc")));
        CHECK(rc == (sig == "KILL" ? 128 + 9 : 128 + 15));
        REQUIRE(fs::exists(d / (out + ".journal")));
        CHECK(!fs::exists(d / (out + ".json")));
        if (sig == "TERM") {
            const std::string err = slurp(d / (out + ".err"));
            CHECK(contains(err, "stopped by SIGTERM"));
            CHECK(contains(err, "--resume"));
        } else {
            // A line cut short by the kill is dropped on resume.
            std::ofstream(d / (out + ".journal"), std::ios::app) << "{\"index\": 7, \"point\": {\"box\": [";
        }
        // Without --resume the journal is not overwritten.
        const std::string journal = slurp(d / (out + ".journal"));
        r = run_tool("lrcert", d, args + " --out " + out);
        CHECK(r.code == 3);
        CHECK(contains(r.err, "--resume"));
        CHECK(slurp(d / (out + ".journal")) == journal);
        // Resumed: the same results as the uninterrupted run, the journal removed.
        r = run_tool("lrcert", d, args + " --out " + out + " --resume");
        INFO(r.err);
        REQUIRE(r.code == 0);
        CHECK(slurp(d / (out + ".json")) == ref);
        CHECK(!fs::exists(d / (out + ".journal")));
    }
}
