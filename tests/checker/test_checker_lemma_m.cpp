// lrcert-check on Lemma M certificates (mu = 0 on an invariant line;
// docs/checker.md Lemma 17, docs/math.md section 17): the three cases
// (converged to the origin, the exact period-2 orbit, divergence) are
// accepted; a certificate whose line, h w0, mu, outcome, case, q or limit is
// tampered with is rejected naming the item, and a Lemma S run (mu = 0 off
// the lines) cannot be relabelled as Lemma M. Runs the built `lrcert` and
// `lrcert-check` (exit 77 = skipped when they are absent).
#include "support/tool_runs.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace lrcert::test;
using nlohmann::json;

namespace {

const char* kWho = "test_checker_lemma_m";
fs::path source_dir() { return env_dir("LRCERT_SOURCE_DIR", kWho); }
fs::path binary(const char* name) { return built_tool(name, kWho); }
fs::path work_dir() { return process_dir(kWho); }

fs::path write(const std::string& name, const std::string& text) { return write_file(work_dir(), name, text); }
json load(const fs::path& p) { return load_json(p); }

// `lrcert certify PROBLEM --certificate CERT`; the certificate's path.
fs::path certificate(const fs::path& problem, const std::string& name) {
    return lrcert::test::certificate(kWho, problem, name);
}

// lrcert-check with the certificate's own problem written out as the problem
// file and its own claims, so that only the proof is under test.
Run check(const json& cert, const std::string& name) { return check_own(kWho, cert, name); }

void expect_reject(const json& cert, const std::string& name, const std::string& item) {
    expect_rejected(check(cert, name), name, item);
}

std::string verdict(const json& report, const std::string& id) {
    for (const json& c : report["claims"])
        if (c["id"] == id) return c["verdict"].get<std::string>();
    return "";
}

// Makes the start quantities the checker compares with L0 claim nothing
// definite (wide intervals), so that a tampered mu reaches Lemma M's check.
void widen_start(json& c) {
    const json wide = {{"lo", "-1000"}, {"hi", "1000"}};
    c["report"]["sharpness_initial"] = wide;
    c["report"]["h_times_sharpness_initial"] = wide;
    c["report"]["regime"] = "undecided";
    for (const char* k : {"S0", "r0", "lambda_plus"}) c["report"]["initial"][k] = wide;
}

}  // namespace

TEST_CASE("Lemma M (M1): the example converges to the exact origin and is accepted; tampering is rejected") {
    const fs::path example = source_dir() / "examples" / "scalar_degenerate_mu0.json";
    // Certified once: Catch runs the body once per SECTION.
    static const fs::path cert = certificate(example, "m1");
    const json base = load(cert);
    const json& rep = base["report"];
    REQUIRE(rep["outcome"] == "converged");
    REQUIRE(rep["proof"] == "lemma M");
    REQUIRE(rep["tail_certificate"]["lemma"] == "M");
    CHECK(rep["tail_certificate"]["line"] == "u");
    CHECK(rep["tail_certificate"]["h_w0"] == "21/4");
    CHECK(rep["tail_certificate"]["case"] == "converges");
    CHECK(!rep["tail_certificate"].contains("q"));
    CHECK(base["scalar"]["lemma_M"] == json({{"line", "u"}, {"h_w0", "21/4"}}));
    CHECK(rep["steps"] == 0);
    CHECK(rep["final_radius"].is_null());
    // The exact limit: every enclosure is [0, 0].
    for (const char* v : {"x", "y"}) {
        REQUIRE(rep["limit"][v].size() == 3);
        for (const json& e : rep["limit"][v]) CHECK(e == json({{"lo", "0"}, {"hi", "0"}}));
    }
    for (const char* k : {"imbalance", "a", "sharpness", "norm_gap"})
        CHECK(rep["limit"][k] == json({{"lo", "0"}, {"hi", "0"}}));
    // The claims see the exact limit: h L0 = 63/16 > 2, the limit is linearly
    // stable (h S_inf = 0 <= 2); the seed theorem assumes mu > 0 (vacuous).
    CHECK(verdict(rep, "regime.beyond_2_over_L") == "confirmed");
    CHECK(verdict(rep, "stability.limit_is_linearly_stable") == "confirmed");
    CHECK(verdict(rep, "seed.scalar.convergence_and_balancing") == "vacuous");

    // With the example file and the built-in claims, as a user runs it.
    {
        Run r = run(quote(binary("lrcert-check")) + " " + quote(example) + " " + quote(work_dir() / "m1.cert.json"));
        INFO(r.out);
        CHECK(r.code == 0);
        CHECK(r.out.find("converged: Lemma M on the line u = 0, h w0 = 21/4 (exact)") != std::string::npos);
    }
    {
        Run r = check(base, "m1_ok");
        INFO(r.out);
        CHECK(r.code == 0);
    }

    json c = base;
    SECTION("the other line") {
        c["scalar"]["lemma_M"]["line"] = "v";
        expect_reject(c, "m1_line", "not on the line v = 0");
    }
    SECTION("an unknown line is malformed") {
        c["scalar"]["lemma_M"]["line"] = "w";
        Run r = check(c, "m1_line_w");
        CHECK(r.code == 3);
    }
    SECTION("another h w0") {
        c["scalar"]["lemma_M"]["h_w0"] = "5";
        expect_reject(c, "m1_hw0", "lemma_M.h_w0 differs from h w0 = 21/4");
    }
    SECTION("the report's h w0 or case") {
        c["report"]["tail_certificate"]["h_w0"] = "5";
        expect_reject(c, "m1_rep_hw0", "tail_certificate.h_w0 differs");
        c = base;
        c["report"]["tail_certificate"]["case"] = "diverges";
        expect_reject(c, "m1_rep_case", "tail_certificate.case differs");
    }
    SECTION("mu != 0") {
        c["problem"]["mu"] = "1/1000";
        c["report"]["mu"] = "1/1000";
        widen_start(c);
        expect_reject(c, "m1_mu", "mu = 1/1000 is not 0");
    }
    SECTION("the outcome") {
        c["report"]["outcome"] = "diverged";
        expect_reject(c, "m1_outcome", "gives the outcome converged, not diverged");
    }
    SECTION("a limit enclosure that misses the origin") {
        c["report"]["limit"]["x"][1] = json({{"lo", "1e-30"}, {"hi", "1"}});
        expect_reject(c, "m1_limit", "limit.x[1]");
        c = base;
        c["report"]["limit"]["sharpness"] = json({{"lo", "1e-30"}, {"hi", "1"}});
        expect_reject(c, "m1_sharp", "limit.sharpness");
    }
    SECTION("a ball the solver never followed") {
        c["report"]["steps"] = 3;
        c["scalar"]["trajectory_steps"] = 3;
        expect_reject(c, "m1_steps", "report.steps = 3");
    }
    SECTION("a second proof beside it") {
        c["scalar"]["lemma_S"] = json({{"step", 0}, {"Delta", "0"}});
        expect_reject(c, "m1_two", "beside scalar.lemma_M");
    }
}

TEST_CASE("a Lemma S run with mu = 0 off the lines cannot be relabelled as Lemma M") {
    const fs::path p = write("off_line.json", R"({"family": "scalar", "mu": "0", "x0": ["1", "0.5"],
      "y0": ["0.2", "-0.3"], "h": "0.25"})");
    json c = load(certificate(p, "off_line"));
    REQUIRE(c["report"]["outcome"] == "converged");
    REQUIRE(c["report"]["tail_certificate"]["lemma"] == "S");
    {
        Run r = check(c, "off_line_ok");
        INFO(r.out);
        CHECK(r.code == 0);
    }
    c["scalar"].erase("lemma_S");
    c["scalar"].erase("lemma_S_refined");
    c["scalar"]["lemma_M"] = json({{"line", "u"}, {"h_w0", "1"}});
    c["report"]["tail_certificate"] = json({{"lemma", "M"}, {"step", 0}, {"line", "u"}, {"h_w0", "1"}, {"case", "converges"}});
    expect_reject(c, "off_line_m", "not on the line u = 0");
}

TEST_CASE("Lemma M (M2, M3): the exact period-2 orbit and the divergence are accepted; tampering is rejected") {
    SECTION("h b0 = 8: not_converged") {
        const fs::path p = write("m2.json", R"({"family": "scalar", "mu": "0", "x0": ["1", "1", "0"],
          "y0": ["-1", "-1", "0"], "h": "1"})");
        json c = load(certificate(p, "m2"));
        REQUIRE(c["report"]["outcome"] == "not_converged");
        REQUIRE(c["report"]["tail_certificate"]["case"] == "two_cycle");
        CHECK(!c["report"].contains("limit"));
        Run r = check(c, "m2_ok");
        INFO(r.out);
        CHECK(r.code == 0);
        CHECK(r.out.find("not_converged: Lemma M") != std::string::npos);
        c["report"]["outcome"] = "converged";
        expect_reject(c, "m2_conv", "gives the outcome not_converged, not converged");
    }
    SECTION("h b0 = 9: diverged, q = 25/16") {
        const fs::path p = write("m3.json", R"({"family": "scalar", "mu": "0", "x0": ["1", "0", "1"],
          "y0": ["-1", "0", "-1"], "h": "9/8"})");
        json c = load(certificate(p, "m3"));
        REQUIRE(c["report"]["outcome"] == "diverged");
        REQUIRE(c["report"]["tail_certificate"]["case"] == "diverges");
        CHECK(c["report"]["tail_certificate"]["q"] == "25/16");
        Run r = check(c, "m3_ok");
        INFO(r.out);
        CHECK(r.code == 0);
        CHECK(r.out.find("diverged: Lemma M") != std::string::npos);
        c["report"]["tail_certificate"]["q"] = "2";
        expect_reject(c, "m3_q", "tail_certificate.q differs from (h w0 / 4 - 1)^2 = 25/16");
    }
}
