// lrcert-check's cross-checks (proofs-check/crosscheck.hpp, docs/checker.md
// "Cross-checks"): the reported L0 against the inertia of the exact Hessian
// (a tampered enclosure is rejected naming the check, a correct one accepted,
// d up to 50), and --strengthen reporting a verdict the certificate left
// undecided; the boundary example (h (S0 + 4 mu) = 4 exactly) is confirmed by
// lrcert and the checker agrees. Runs the built `lrcert` and `lrcert-check`
// from LRCERT_BINARY_DIR (exit 77 = skipped when they are absent).
#include "support/tool_runs.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace fs = std::filesystem;
using namespace lrcert::test;
using nlohmann::json;

namespace {

fs::path env_dir(const char* name) { return lrcert::test::env_dir(name, "test_crosscheck"); }
fs::path binary(const char* name) { return built_tool(name, "test_crosscheck"); }
fs::path work_dir() { return process_dir("test_crosscheck"); }

fs::path certify(const fs::path& problem, const std::string& name, const std::string& options = "") {
    return certificate("test_crosscheck", problem, name, "certify", options);
}

json load(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

// lrcert-check on a (possibly tampered) certificate, with the certificate's
// own problem and claims written out as the checker's inputs (only the proof
// and the cross-checks are under test here; test_checker tests the comparison
// with the user's files).
Run check_json(const json& j, const std::string& name, const std::string& options = "") {
    return check_own("test_crosscheck", j, name, options);
}

fs::path write_problem(const std::string& name, const std::string& text) {
    fs::path p = work_dir() / (name + ".json");
    std::ofstream(p) << text;
    return p;
}

const std::string kSeed = "seed.scalar.convergence_and_balancing";

json& claim_of(json& report, const std::string& id) {
    for (json& c : report["claims"])
        if (c["id"] == id) return c;
    FAIL("no claim " << id);
    return report;
}

}  // namespace

TEST_CASE("the boundary example is confirmed by lrcert and by the checker") {
    fs::path src = env_dir("LRCERT_SOURCE_DIR");
    Run r = run(quote(binary("lrcert")) + " certify " + quote(src / "examples" / "boundary.json"));
    INFO(r.out);
    CHECK(r.code == 0);
    CHECK(r.out.find("confirmed") != std::string::npos);
    fs::path cert = certify(src / "examples" / "boundary.json", "boundary");
    json c = load(cert);
    CHECK(claim_of(c["report"], kSeed)["verdict"] == "confirmed");
    CHECK(claim_of(c["report"], kSeed)["assumptions"] == "true");
    Run k = check_json(c, "boundary_ok");
    INFO(k.out);
    CHECK(k.code == 0);
    CHECK(k.out.rfind("accept: ", 0) == 0);
    // The checker's verdict agrees: nothing to strengthen.
    Run s = check_json(c, "boundary_ok_strengthen", "--strengthen");
    INFO(s.out);
    CHECK(s.code == 0);
    CHECK(s.out.find("strengthen: nothing") != std::string::npos);
}

TEST_CASE("--strengthen reports a boundary verdict the certificate left undecided") {
    fs::path cert = certify(env_dir("LRCERT_SOURCE_DIR") / "examples" / "boundary.json", "boundary_weak");
    json c = load(cert);
    json& item = claim_of(c["report"], kSeed);
    item["verdict"] = "undecided";
    item["assumptions"] = "unknown";
    Run plain = check_json(c, "boundary_weak_plain");
    INFO(plain.out);
    CHECK(plain.code == 0);  // undecided claims nothing: acceptable
    CHECK(plain.out.find("strengthen") == std::string::npos);
    Run s = check_json(c, "boundary_weak", "--strengthen");
    INFO(s.out);
    CHECK(s.code == 0);
    CHECK(s.out.find("strengthen: claim " + kSeed + ": the certificate says undecided, the checker proves confirmed") !=
          std::string::npos);
}

TEST_CASE("the L0 enclosure against the inertia of the exact Hessian") {
    SECTION("d = 2: correct accepted, tampered above and below rejected naming the check") {
        fs::path cert = certify(env_dir("LRCERT_SOURCE_DIR") / "examples" / "boundary.json", "inertia2");
        json c = load(cert);
        Run ok = check_json(c, "inertia2_ok");
        INFO(ok.out);
        CHECK(ok.code == 0);
        // The true L0 of the boundary start is about 9.36: [100, 101] and [1, 2] exclude it.
        json above = c, below = c;
        above["report"]["sharpness_initial"] = {{"lo", "100"}, {"hi", "101"}};
        below["report"]["sharpness_initial"] = {{"lo", "1"}, {"hi", "2"}};
        Run a = check_json(above, "inertia2_above");
        INFO(a.out);
        CHECK(a.code == 1);
        CHECK(a.out.rfind("reject: L0 inertia: sharpness_initial.lo = 100", 0) == 0);
        Run b = check_json(below, "inertia2_below");
        INFO(b.out);
        CHECK(b.code == 1);
        CHECK(b.out.rfind("reject: L0 inertia: sharpness_initial.hi = 2", 0) == 0);
    }
    SECTION("d = 10 at 768 bits: the tight enclosure accepted, one unit of its last digit beside it rejected") {
        // diverging.json certifies at 768 bits: sharpness_initial has about
        // 230 digits and is about 1e-226 wide (the fast Cholesky proof of the
        // inertia, then the exact elimination when it fails, crosscheck.cpp).
        fs::path cert = certify(env_dir("LRCERT_SOURCE_DIR") / "examples" / "diverging.json", "inertia768");
        json c = load(cert);
        Run ok = check_json(c, "inertia768_ok");
        INFO(ok.out);
        CHECK(ok.code == 0);
        const std::string lo = c["report"]["sharpness_initial"]["lo"], hi = c["report"]["sharpness_initial"]["hi"];
        REQUIRE(lo.size() > 200);
        // One unit less in the last digit of the mantissa (decimal borrow),
        // and one appended digit more: below lo, above hi, by about 1e-228.
        auto dec = [](std::string s) {
            size_t k = s.find('e');
            for (size_t i = (k == std::string::npos ? s.size() : k); i-- > 0;) {
                if (s[i] == '.') continue;
                if (s[i] != '0') { --s[i]; break; }
                s[i] = '9';
            }
            return s;
        };
        auto append = [](std::string s, char d) {
            size_t k = s.find('e');
            return k == std::string::npos ? s + d : s.substr(0, k) + d + s.substr(k);
        };
        json below = c, above = c;
        below["report"]["sharpness_initial"] = {{"lo", dec(dec(lo))}, {"hi", dec(lo)}};
        above["report"]["sharpness_initial"] = {{"lo", append(hi, '1')}, {"hi", append(hi, '2')}};
        Run b = check_json(below, "inertia768_below");
        INFO(b.out);
        CHECK(b.code == 1);
        CHECK(b.out.rfind("reject: L0 inertia: sharpness_initial.hi", 0) == 0);
        Run a = check_json(above, "inertia768_above");
        INFO(a.out);
        CHECK(a.code == 1);
        CHECK(a.out.rfind("reject: L0 inertia: sharpness_initial.lo", 0) == 0);
    }
    SECTION("d = 8: also the exact unreduced trajectory against the reduction") {
        std::string text = R"({"family": "scalar", "mu": "2", "h": "0.05", "x0": ["1", "-1/3", "0.5", "2", "0", "1/7", "0.25", "-1"],
          "y0": ["0.5", "1", "-1/4", "0.1", "3", "0", "1/9", "0.2"]})";
        fs::path cert = certify(write_problem("d8", text), "d8");
        Run ok = check_json(load(cert), "d8_ok");
        INFO(ok.out);
        CHECK(ok.code == 0);
        CHECK(ok.out.find("GD reduction") == std::string::npos);
    }
    SECTION("d = 50") {
        std::string x = "[", y = "[";
        for (int i = 0; i < 50; ++i) {
            x += std::string(i ? ", " : "") + "\"" + std::to_string(1 + i % 7) + "/10\"";
            y += std::string(i ? ", " : "") + "\"" + std::to_string((i % 5) - 2) + "/20\"";
        }
        std::string text = R"({"family": "scalar", "mu": "1", "h": "0.01", "x0": )" + x + "], \"y0\": " + y + "]}";
        fs::path cert = certify(write_problem("d50", text), "d50", "--max-steps 3");
        json c = load(cert);
        Run ok = check_json(c, "d50_ok");
        INFO(ok.out);
        CHECK(ok.code <= 1);
        CHECK(ok.out.find("L0 inertia") == std::string::npos);
        // [0, 1/1000]: below lambda_max (>= |x0|^2 / 1 > 1).
        json hi = c;
        hi["report"]["sharpness_initial"] = {{"lo", "0"}, {"hi", "1/1000"}};
        Run b = check_json(hi, "d50_below");
        INFO(b.out);
        CHECK(b.code == 1);
        CHECK(b.out.rfind("reject: L0 inertia: sharpness_initial.hi", 0) == 0);
    }
}
