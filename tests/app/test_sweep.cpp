// Sweeps (docs/cli.md, "sweep"): specs and their exact grids, bad specs (exit 3,
// the field named, earlier outputs untouched), sharded sweeps merged
// byte-identically, the CSV table.
#include "lrcert/app/sweep.hpp"
#include "lrcert/number/parse.hpp"
#include "support/files.hpp"
#include "support/problems.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace lrcert;
using namespace lrcert::test;
namespace fs = std::filesystem;
using nlohmann::json;

fs::path temp_dir() { return scratch_dir("sweep"); }

namespace {

// The merge test's sweep, computed once: unsharded on 2 threads, unsharded on
// 1 thread, and as 4 shards (each through its file text), in shuffled order.
struct MergeFixture {
    std::string claims;
    json full, serial;
    std::vector<json> shards;
    std::vector<std::string> names;
};

const MergeFixture& merge_fixture() {
    static const MergeFixture f = [] {
        MergeFixture m;
        m.claims = claims_dir().empty() ? R"("claims": [], )" : "";
        SweepSpec spec = spec_of(m.claims + R"("name": "merge test",
            "h": {"from": "0.75", "to": "2.75", "count": 5, "relative_to": "2/L0"}, "scale": {"values": ["1", "3/2", "2"]})");
        auto claim_list = load_sweep_claims(spec, claims_dir(), spec.base.family);
        SweepGrid grid = expand_grid(spec);
        auto all = shard_indices(grid.points.size(), Shard{});
        m.full = results_json(spec, grid, claim_list, run_sweep_points(spec, grid, all, claim_list, 2), std::nullopt);
        m.serial = results_json(spec, grid, claim_list, run_sweep_points(spec, grid, all, claim_list, 1), std::nullopt);
        for (size_t i = 0; i < 4; ++i) {
            Shard sh{i, 4};
            auto idx = shard_indices(grid.points.size(), sh);
            m.shards.push_back(json::parse(results_text(
                results_json(spec, grid, claim_list, run_sweep_points(spec, grid, idx, claim_list, 1), sh))));
            m.names.push_back("shard" + std::to_string(i));
        }
        std::swap(m.shards[0], m.shards[3]);
        std::swap(m.names[0], m.names[3]);
        return m;
    }();
    return f;
}

}  // namespace

TEST_CASE("sweep spec: exact grids and start modifications", "[sweep]") {
    SECTION("linear h grid is exact, points are ordered start-major") {
        SweepSpec s = spec_of(R"("h": {"from": "0.01", "to": "0.03", "count": 3}, "scale": {"values": ["1/2", "2"]})");
        SweepGrid g = expand_grid(s);
        REQUIRE(g.points.size() == 6);
        CHECK(g.h_values == std::vector<Rational>{Rational(1, 100), Rational(1, 50), Rational(3, 100)});
        for (size_t k = 0; k < 6; ++k) {
            CHECK(g.points[k].index == k);
            CHECK(g.points[k].h_index == k % 3);
            CHECK(g.points[k].start_index == k / 3);
            CHECK(g.points[k].problem.h == g.h_values[k % 3]);
        }
        // scale s: x0 -> s x0, y0 -> y0 / s keeps x0 . y0 exactly.
        const Problem& base = s.base;
        for (const auto& pt : g.points) {
            Rational dot0 = 0, dot = 0;
            for (size_t i = 0; i < base.d(); ++i) {
                dot0 += base.z0.X[i] * base.z0.Y[i];
                dot += pt.problem.z0.X[i] * pt.problem.z0.Y[i];
                CHECK(pt.problem.z0.X[i] == *pt.start_param * base.z0.X[i]);
            }
            CHECK(dot == dot0);
        }
    }
    SECTION("imbalance axis: |x0 - y0|^2 = t, x0 + y0 kept") {
        SweepSpec s = spec_of(R"("h": {"values": ["0.03"]}, "imbalance": {"values": ["0", "387.124", "1"]})");
        SweepGrid g = expand_grid(s);
        REQUIRE(g.points.size() == 3);
        Rational b0 = *initial_imbalance(s.base);
        CHECK(b0 == parse_exact("96.781"));
        // 387.124 = 4 b0: lambda = 2 exactly.
        CHECK(*initial_imbalance(g.points[1].problem) == parse_exact("387.124"));
        CHECK(*initial_imbalance(g.points[0].problem) == 0);
        // 1/b0 is not a square: lambda rounded to 12 digits, imbalance close to 1.
        Rational t = *initial_imbalance(g.points[2].problem);
        CHECK(abs(Rational(t - 1)) < parse_exact("1e-10"));
        for (const auto& pt : g.points)
            for (size_t i = 0; i < s.base.d(); ++i)
                CHECK(pt.problem.z0.X[i] + pt.problem.z0.Y[i] == s.base.z0.X[i] + s.base.z0.Y[i]);
    }
    SECTION("h relative to 2/L0 and log spacing") {
        SweepSpec s = spec_of(R"("h": {"from": "0.1", "to": "10", "count": 5, "spacing": "log", "relative_to": "2/L0"})");
        SweepGrid g = expand_grid(s);
        REQUIRE(g.h_values.size() == 5);
        CHECK(g.h_values.front() == Rational(1, 10));
        CHECK(g.h_values.back() == 10);
        CHECK(g.h_values[2] == 1);
        CHECK(g.h_values[1] == parse_exact("0.316227766017"));
        PrecisionScope scope(256);
        ScalarReduction red = reduce_scalar(s.base.mu(), Rational(1), s.base.z0.X.data(), s.base.z0.Y.data());
        Interval L0 = scalar_initial_sharpness(red).L0;
        for (const auto& pt : g.points) {
            // h L0 / 2 = t up to the 12-digit rounding of h.
            Interval ratio = enclose(pt.problem.h) * L0 / enclose(Rational(2 * pt.h_param));
            // 12 significant digits: relative rounding error <= 5e-12.
            CHECK(lo(ratio) > Real("0.99999999999"));
            CHECK(hi(ratio) < Real("1.00000000001"));
        }
    }
    SECTION("exact text") {
        CHECK(exact_text(Rational(1, 8)) == "0.125");
        CHECK(exact_text(Rational(-5, 2)) == "-2.5");
        CHECK(exact_text(Rational(3)) == "3");
        CHECK(exact_text(Rational(1, 3)) == "1/3");
        CHECK(exact_text(parse_exact("1e-20")) == "0.00000000000000000001");
    }
}

TEST_CASE("bad sweep specs are rejected naming the field", "[sweep]") {
    struct Bad {
        std::string body;
        std::string field;
    };
    std::vector<Bad> cases = {
        {R"("h": {"values": ["0.01"]}, "hh": 1)", "hh"},
        {R"("h": {"from": "0.01", "to": "0.02", "count": 0})", "h.count"},
        {R"("h": {"from": "0.01", "to": "0.02"})", "h.count"},
        {R"("h": {"values": []})", "h.values"},
        {R"("h": {"values": ["0.01", "-1"]})", "h.values[1]"},
        {R"("h": {"values": ["0.01", "abc"]})", "h.values[1]"},
        {R"("h": {"values": ["0.01"], "from": "1"})", "h"},
        {R"("h": {"values": ["0.01"], "relative_to": "2/L"})", "h.relative_to"},
        {R"("h": {"from": "0", "to": "1", "count": 3, "spacing": "log"})", "h.from"},
        {R"("h": {"from": "1", "to": "2", "count": 3, "spacing": "cubic"})", "h.spacing"},
        {R"("h": {"values": ["0.01"]}, "scale": {"values": ["0"]})", "scale.values[0]"},
        {R"("h": {"values": ["0.01"]}, "imbalance": {"values": ["-1"]})", "imbalance.values[0]"},
        {R"("h": {"values": ["0.01"]}, "scale": {"values": ["1"]}, "imbalance": {"values": ["1"]})", "scale, imbalance"},
        {R"("h": {"values": ["0.01"]}, "digits": 3)", "digits"},
        {R"("h": {"values": ["0.01"]}, "precision": 16)", "precision"},
        {R"("h": {"values": ["0.01"]}, "max_steps": 0)", "max_steps"},
        {R"("h": {"values": ["0.01"]}, "claims": "builtin")", "claims"},
        {R"("x": 1)", "unknown field \"x\""},
    };
    for (const auto& c : cases) {
        INFO(c.body);
        try {
            spec_of(c.body);
            FAIL("accepted");
        } catch (const InputError& e) {
            std::string msg = e.what();
            INFO(msg);
            CHECK(msg.rfind("spec.json: ", 0) == 0);
            CHECK(msg.find(c.field) != std::string::npos);
        }
    }
    // The base problem: missing file, bad inline problem, balanced start for an imbalance axis.
    CHECK_THROWS_WITH(parse_sweep_spec(R"({"base": "nowhere.json", "h": {"values": ["1"]}})", "s.json", ""),
                      Catch::Contains("s.json: base: ") && Catch::Contains("nowhere.json"));
    CHECK_THROWS_WITH(
        parse_sweep_spec(R"({"base": {"family": "scalar", "mu": "1", "x0": ["1"], "y0": ["x"], "h": "1"},
                            "h": {"values": ["1"]}})", "s.json", ""),
        Catch::Contains("base: inline problem: y0[0]"));
    CHECK_THROWS_WITH(
        parse_sweep_spec(R"({"base": {"family": "scalar", "mu": "1", "x0": ["1", "2"], "y0": ["1", "2"], "h": "1"},
                            "h": {"values": ["1"]}, "imbalance": {"values": ["1"]}})", "s.json", ""),
        Catch::Contains("imbalance: the base start is balanced"));

    SECTION("the command: exit 3, the field named, no output file") {
        fs::path dir = temp_dir() / "bad";
        fs::create_directories(dir);
        std::string spec = write_file(dir / "bad.json", spec_text(R"("h": {"from": "0.01", "to": "0.02", "count": 0})"));
        // Outputs of an earlier run stay as they were; nothing new is written.
        write_file(dir / "out.json", "earlier");
        write_file(dir / "out.csv", "earlier");
        SweepOptions o;
        o.spec_path = spec;
        o.out_prefix = (dir / "out").string();
        o.svg_prefix = (dir / "out").string();
        o.progress = false;
        std::ostringstream out, err;
        CHECK(sweep_command(o, out, err) == kExitBadInput);
        CHECK(err.str().find("h.count") != std::string::npos);
        CHECK(err.str().rfind("lrcert: error: ", 0) == 0);
        std::set<std::string> names;
        for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
        CHECK(names == std::set<std::string>{"bad.json", "out.json", "out.csv"});
        CHECK(slurp(dir / "out.json") == "earlier");
        CHECK(slurp(dir / "out.csv") == "earlier");
        // An output that would overwrite the spec itself is refused before anything is touched.
        o.out_prefix = (dir / "bad").string();
        o.svg_prefix.clear();
        std::ostringstream out2, err2;
        CHECK(sweep_command(o, out2, err2) == kExitBadInput);
        CHECK(fs::exists(dir / "bad.json"));
        CHECK(err2.str().find("must not overwrite") != std::string::npos);
        CHECK(err2.str().find("bad.json") != std::string::npos);
        // A bad --shard.
        CHECK_THROWS_WITH(parse_shard("3/3"), Catch::Contains("--shard"));
        CHECK_THROWS_WITH(parse_shard("1"), Catch::Contains("--shard"));
        CHECK(parse_shard("2/5").index == 2);
    }
}

TEST_CASE("sharded sweeps merged equal the unsharded sweep, byte for byte", "[sweep]") {
    const MergeFixture& mf = merge_fixture();
    const std::string& claims = mf.claims;
    const json& full = mf.full;
    const std::vector<json>& shards = mf.shards;
    const std::vector<std::string>& names = mf.names;
    REQUIRE(full["points_total"] == 15);
    // The same with one thread: the order and the content do not depend on scheduling.
    CHECK(results_text(full) == results_text(mf.serial));
    for (size_t i = 0; i < 4; ++i)
        for (const auto& p : shards[i]["points"])
            CHECK(p["index"].get<size_t>() % 4 == shards[i]["shard"]["index"].get<size_t>());
    json merged = merge_results(shards, names);
    CHECK(results_text(merged) == results_text(full));
    CHECK(results_csv(merged) == results_csv(full));

    // What the rows say.
    const json& pts = full["points"];
    REQUIRE(pts.size() == 15);
    size_t converged = 0, diverged = 0;
    for (const auto& p : pts) {
        CHECK(!p.contains("elapsed_seconds"));
        if (p["outcome"] == "converged") {
            ++converged;
            // The limit is balanced below the paper's bound 2/h - 2 mu.
            CHECK(parse_exact(p["limit"]["imbalance"]["hi"].get<std::string>()) <
                  parse_exact(p["balancing_bound"].get<std::string>()));
        }
        if (p["outcome"] == "diverged") ++diverged;
    }
    CHECK(converged > 0);
    CHECK(diverged > 0);
    // h = 0.75 * 2/L0 (index 0) converges, 2.75 * 2/L0 (index 4) diverges.
    CHECK(pts[0]["outcome"] == "converged");
    CHECK(pts[4]["outcome"] == "diverged");
    CHECK(pts[0]["h_param"] == "0.75");
    CHECK(pts[5]["start_param"] == "1.5");
    if (!claims_dir().empty()) CHECK(pts[0]["verdicts"]["seed.scalar.convergence_and_balancing"] == "confirmed");

    SECTION("incomplete or mixed shard sets are refused") {
        std::vector<json> three(shards.begin(), shards.begin() + 3);
        CHECK_THROWS_WITH(merge_results(three, names), Catch::Contains("split into 4"));
        std::vector<json> dup = shards;
        dup[1] = dup[0];
        CHECK_THROWS_WITH(merge_results(dup, names), Catch::Contains("already given"));
        std::vector<json> other = shards;
        other[2]["spec"]["max_steps"] = 7;
        CHECK_THROWS_WITH(merge_results(other, names), Catch::Contains("\"spec\" differs"));
        std::vector<json> cut = shards;
        cut[1]["points"].erase(0);
        CHECK_THROWS_WITH(merge_results(cut, names), Catch::Contains("incomplete shard"));
        CHECK_THROWS_WITH(merge_results({full}, {"full"}), Catch::Contains("not a shard file"));
    }

    SECTION("the commands: sweep --shard, merge, files byte-identical") {
        fs::path dir = temp_dir() / "merge";
        fs::create_directories(dir);
        std::string specfile = write_file(dir / "spec.json", spec_text(claims + R"("name": "merge test",
            "h": {"from": "0.75", "to": "2.75", "count": 5, "relative_to": "2/L0"}, "scale": {"values": ["1", "3/2", "2"]})"));
        SweepOptions o;
        o.spec_path = specfile;
        o.builtin_claims_dir = claims_dir();
        o.progress = false;
        o.quiet = true;
        o.out_prefix = (dir / "full").string();
        std::ostringstream out, err;
        REQUIRE(sweep_command(o, out, err) == 0);
        MergeOptions m;
        m.out_prefix = (dir / "merged").string();
        m.quiet = true;
        for (size_t i = 0; i < 3; ++i) {
            o.out_prefix.clear();  // default names: spec.results.shard-I-of-3
            o.shard = Shard{i, 3};
            o.jobs = 1;
            REQUIRE(sweep_command(o, out, err) == 0);
            m.shard_paths.push_back((dir / ("spec.results.shard-" + std::to_string(i) + "-of-3.json")).string());
            REQUIRE(fs::exists(m.shard_paths.back()));
        }
        REQUIRE(merge_command(m, out, err) == 0);
        CHECK(slurp(dir / "merged.json") == slurp(dir / "full.json"));
        CHECK(slurp(dir / "merged.csv") == slurp(dir / "full.csv"));
        CHECK(slurp(dir / "full.json") == results_text(full));
        // A shard cannot be plotted.
        PlotOptions po;
        po.results_path = m.shard_paths[0];
        po.quiet = true;
        CHECK(plot_command(po, out, err) == kExitBadInput);
    }
}

TEST_CASE("sweep CSV: one row per point, RFC 4180 quoting", "[sweep]") {
    SweepSpec spec = spec_of(R"("claims": [], "h": {"values": ["0.01", "0.09"]})");
    SweepGrid grid = expand_grid(spec);
    json r = results_json(spec, grid, {}, run_sweep_points(spec, grid, shard_indices(2, Shard{}), {}, 1), std::nullopt);
    std::string csv = results_csv(r);
    std::istringstream in(csv);
    std::string header, row0, row1;
    std::getline(in, header);
    std::getline(in, row0);
    std::getline(in, row1);
    CHECK(header.rfind("index,h_param,h,start_param,", 0) == 0);
    CHECK(header.find("limit_imbalance_lo") != std::string::npos);
    CHECK(row0.rfind("0,0.01,0.01,,", 0) == 0);
    CHECK(row1.rfind("1,0.09,0.09,,", 0) == 0);
    // No free text: the reason (with commas) is only in the JSON, so no field
    // needs quoting and every row has as many fields as the header.
    CHECK(csv.find('"') == std::string::npos);
    CHECK(header.size() >= 9);
    CHECK(header.substr(header.size() - 11) == ",exit_code\r");
    auto fields = [](const std::string& line) { return std::count(line.begin(), line.end(), ',') + 1; };
    CHECK(fields(row0) == fields(header));
    CHECK(fields(row1) == fields(header));
    CHECK(r["points"][1]["outcome"] == "diverged");
}

TEST_CASE("matrix h sweeps: Lemma DM never takes a converged point; past the convergent range it proves divergence",
          "[sweep][matrix][divergence]") {
    if (source_dir().empty()) {
        WARN("LRCERT_SOURCE_DIR not set: skipped");
        return;
    }
    // h = k/4 * 2/L0, k = 1..12. Before Lemma DM (measured with the previous
    // release) the points k <= 6 were converged and the others undecided,
    // for both examples.
    for (const char* name : {"matrix_4x4", "matrix_3x5"}) {
        INFO(name);
        SweepSpec spec = parse_sweep_spec(std::string(R"({"lrcert_sweep": 1, "name": "dm", "claims": [],
            "base": ")") + name + R"(.json", "h": {"from": "0.25", "to": "3", "count": 12, "relative_to": "2/L0"},
            "max_steps": 20000})", "spec.json", source_dir() + "/examples");
        SweepGrid grid = expand_grid(spec);
        auto all = shard_indices(grid.points.size(), Shard{});
        json res = results_json(spec, grid, {}, run_sweep_points(spec, grid, all, {}, 2), std::nullopt);
        const json& pts = res["points"];
        REQUIRE(pts.size() == 12);
        for (size_t k = 0; k < 12; ++k) {
            INFO("point " << k << ": " << pts[k]["reason"]);
            if (k < 6) {
                CHECK(pts[k]["outcome"] == "converged");
            } else {
                CHECK(pts[k]["outcome"] == "diverged");
                CHECK(pts[k]["proof"] == "lemma DM");
            }
        }
    }
}
