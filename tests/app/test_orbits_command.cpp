// `lrcert orbits` run as a user runs it (the built binary, in a scratch
// folder): the issue's attracting 2-cycle on x = y, Li-Yorke chaos in a
// period-3 window, the matrix family (d = 1 searched, d >= 2 undecided), bad
// --periods and file-safety refusals (docs/cli.md, "Files").
#include "support/files.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

using namespace lrcert::test;
using nlohmann::json;

namespace {

const char* kIssue = R"({"family": "scalar", "name": "issue", "mu": "2", "x0": ["2", "1", "0.5"],
 "y0": ["0.3", "0.1", "-0.2"], "h": "300000000000000000000000000000000000/544145680832595654347784527980167958"})";
// c = 1 + h mu = 2.455 (k = h/4 = 1): the odd cubic's attracting period-3 window.
const char* kChaos = R"({"family": "scalar", "mu": "0.36375", "x0": ["0.5"], "y0": ["0.25"], "h": "4"})";
const char* kMatrix1 = R"({"family": "matrix", "A": [["2", "0.5"], ["0", "1"]], "X0": [["0.3"], ["0.2"]],
 "Y0": [["0.4"], ["-0.1"]], "h": "0.3"})";
const char* kMatrix2 = R"({"family": "matrix", "A": [["2", "0.5"], ["0", "1"]], "X0": [["0.3", "0"], ["0.2", "1"]],
 "Y0": [["0.4", "0"], ["-0.1", "1"]], "h": "0.3"})";

double lo_of(const json& i) { return std::stod(i["lo"].get<std::string>()); }
double hi_of(const json& i) { return std::stod(i["hi"].get<std::string>()); }

fs::path dir() { return scratch_dir("orbits-command"); }

}  // namespace

TEST_CASE("orbits finds the issue's attracting 2-cycle on x = y", "[app][orbits]") {
    if (!have_binaries()) return;
    write_file(dir() / "issue.json", kIssue);
    ToolResult r = run_tool("lrcert", dir(), "orbits issue.json --periods 1-3 --report issue.orbits.json");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(contains(r.out, "attracting"));
    const json rep = json::parse(slurp(dir() / "issue.orbits.json"));
    CHECK(rep["command"] == "orbits");
    CHECK(rep["lrcert"].is_string());
    CHECK(rep["problem"]["mu"] == "2");
    size_t attracting = 0;
    for (const json& o : rep["orbits"]) {
        CHECK(o["minimal"] == true);
        CHECK(o["points"].size() == o["period"].get<size_t>());
        if (o["period"] != 2 || o["stability"] != "attracting") continue;
        // The float64 run settles at reduced x = y near -1.5797 and -1.1482 (or the mirror image).
        const json& p0 = o["points"][0]["reduced"];
        const double x = lo_of(p0["x"]);
        if (x > 0) continue;
        ++attracting;
        bool near = false;
        for (const json& pt : o["points"]) {
            const double v = lo_of(pt["reduced"]["x"]);
            near |= std::abs(v + 1.57969520508) < 1e-9 || std::abs(v + 1.14820816717) < 1e-9;
            CHECK(lo_of(pt["reduced"]["x"]) <= hi_of(pt["reduced"]["y"]));  // x = y lies in the box
            CHECK(lo_of(pt["reduced"]["y"]) <= hi_of(pt["reduced"]["x"]));
            CHECK(pt["x"].size() == 3);  // the problem's own coordinates, d = 3
        }
        CHECK(near);
        for (const json& m : o["multipliers"]) {
            CHECK(m["kind"] == "real");
            CHECK(std::abs(hi_of(m["value"])) < 1);
        }
    }
    CHECK(attracting == 1);
    bool curve_note = false;
    for (const json& n : rep["notes"]) curve_note |= contains(n.get<std::string>(), "not isolated");
    CHECK(curve_note);
}

TEST_CASE("orbits proves Li-Yorke chaos on x = y in a period-3 window", "[app][orbits][chaos]") {
    if (!have_binaries()) return;
    write_file(dir() / "chaos.json", kChaos);
    ToolResult r = run_tool("lrcert", dir(), "orbits chaos.json --periods 3 --report chaos.orbits.json");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(contains(r.out, "Li-Yorke"));
    const json rep = json::parse(slurp(dir() / "chaos.orbits.json"));
    REQUIRE(rep["chaos"].size() == 1);
    const json& c = rep["chaos"][0];
    CHECK(c["kind"] == "li-yorke");
    CHECK(c["line"] == "x = y");
    CHECK(c["witness_period"] == 3);
    REQUIRE(c["points"].size() == 3);
    CHECK(contains(c["note"].get<std::string>(), "only starts on that line"));
    // The three points are a 3-cycle of w -> 2.455 w - w^3 with w = x + y (float check).
    std::vector<double> w;
    for (const json& pt : c["points"]) w.push_back(lo_of(pt["x"][0]) + lo_of(pt["y"][0]));
    for (size_t j = 0; j < 3; ++j) CHECK(2.455 * w[j] - w[j] * w[j] * w[j] == Approx(w[(j + 1) % 3]).margin(1e-9));
}

TEST_CASE("orbits: the matrix family", "[app][orbits]") {
    if (!have_binaries()) return;
    write_file(dir() / "m1.json", kMatrix1);
    write_file(dir() / "m2.json", kMatrix2);
    ToolResult r1 = run_tool("lrcert", dir(), "orbits m1.json --periods 1-2 --report m1.orbits.json");
    INFO(r1.err);
    REQUIRE((r1.code == 0 || r1.code == 2));
    const json rep = json::parse(slurp(dir() / "m1.orbits.json"));
    bool origin = false;
    for (const json& o : rep["orbits"])
        if (o["period"] == 1) {
            origin = true;
            CHECK(o["stability"] == "saddle");
            CHECK(o["points"][0]["X"].size() == 2);
            CHECK(o["points"][0]["Y"].size() == 2);
        }
    CHECK(origin);
    ToolResult r2 = run_tool("lrcert", dir(), "orbits m2.json --report m2.orbits.json");
    CHECK(r2.code == 2);
    CHECK(contains(r2.out, "undecided"));
    const json rep2 = json::parse(slurp(dir() / "m2.orbits.json"));
    CHECK(rep2["orbits"].empty());
    CHECK(contains(rep2["notes"][0].get<std::string>(), "symmetry"));
}

TEST_CASE("orbits refuses bad --periods and an output over the input", "[app][orbits]") {
    if (!have_binaries()) return;
    write_file(dir() / "issue.json", kIssue);
    for (const char* bad : {"0", "3-2", "17", "1-17", "a", "2-", "-3"}) {
        INFO(bad);
        ToolResult r = run_tool("lrcert", dir(), std::string("orbits issue.json --periods ") + shell_quote(bad));
        CHECK(r.code == 3);
        CHECK(contains(r.err, "--periods"));
    }
    const std::string before = slurp(dir() / "issue.json");
    ToolResult same = run_tool("lrcert", dir(), "orbits issue.json --periods 2 --report ./issue.json");
    CHECK(same.code == 3);
    CHECK(contains(same.err, "problem file"));
    CHECK(slurp(dir() / "issue.json") == before);
    ToolResult missing = run_tool("lrcert", dir(), "orbits nothing.json");
    CHECK(missing.code == 3);
    // --certificate follows the same rules: not over the input, not over --report.
    ToolResult cert_over = run_tool("lrcert", dir(), "orbits issue.json --periods 2 --certificate issue.json");
    CHECK(cert_over.code == 3);
    CHECK(slurp(dir() / "issue.json") == before);
    ToolResult both = run_tool("lrcert", dir(), "orbits issue.json --periods 2 --report o.json --certificate o.json");
    CHECK(both.code == 3);
    CHECK(!fs::exists(dir() / "o.json"));
}

TEST_CASE("orbits --certificate writes what lrcert-check needs, and it accepts it", "[app][orbits][checker]") {
    if (!have_binaries() || !fs::exists(fs::path(binary_dir()) / "lrcert-check")) return;
    write_file(dir() / "issue.json", kIssue);
    ToolResult r = run_tool("lrcert", dir(),
                            "orbits issue.json --periods 1-2 --quiet --report i.rep.json --certificate i.cert.json");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const json cert = json::parse(slurp(dir() / "i.cert.json"));
    CHECK(cert["lrcert_orbits_certificate"] == 1);
    CHECK(cert["report"] == json::parse(slurp(dir() / "i.rep.json")));
    REQUIRE(cert["orbits"].size() == cert["report"]["orbits"].size());
    for (size_t i = 0; i < cert["orbits"].size(); ++i) {
        CHECK(cert["orbits"][i]["period"] == cert["report"]["orbits"][i]["period"]);
        CHECK(cert["orbits"][i]["box"].size() == 2);  // reduced (x', y')
    }
    ToolResult ok = run_tool("lrcert-check", dir(), "issue.json i.cert.json");
    INFO(ok.out);
    CHECK(ok.code == 0);
    CHECK(contains(ok.out, "accept: problem issue.json (sha256 "));
    CHECK(contains(ok.out, "); orbits: "));
    // The matrix family with d >= 2: no orbit, the certificate says so and is accepted.
    write_file(dir() / "m2.json", kMatrix2);
    ToolResult r2 = run_tool("lrcert", dir(), "orbits m2.json --quiet --certificate m2.cert.json");
    CHECK(r2.code == 2);
    ToolResult ok2 = run_tool("lrcert-check", dir(), "m2.json m2.cert.json");
    INFO(ok2.out);
    CHECK(ok2.code == 0);
    CHECK(contains(ok2.out, "d >= 2"));
}
