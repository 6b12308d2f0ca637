// lrcert-check on problems that give h relative to 2/L0 ("h_over_2_over_L0" = t;
// docs/checker.md, section 1c): the honest certificates are accepted (scalar,
// matrix, orbits); a certificate whose h is moved by one unit in its 12th
// digit, whose t differs from the problem file's, or whose report lost the
// echo of t is rejected naming the item. Runs the built `lrcert` and
// `lrcert-check` (exit 77 = skipped when they are absent).
#include "lrcert/number/parse.hpp"

#include "support/relative_h_oracle.hpp"
#include "support/tool_runs.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace lrcert::test;
using nlohmann::json;
using lrcert_test::Q;

namespace {

const char* kWho = "test_checker_relative_h";
fs::path source_dir() { return env_dir("LRCERT_SOURCE_DIR", kWho); }
fs::path binary(const char* name) { return built_tool(name, kWho); }
fs::path work_dir() { return process_dir(kWho); }

fs::path write(const std::string& name, const std::string& text) { return write_file(work_dir(), name, text); }
json load(const fs::path& p) { return load_json(p); }

// `lrcert certify|orbits PROBLEM --certificate CERT`; the certificate's path.
fs::path certificate(const fs::path& problem, const std::string& name, const std::string& command = "certify") {
    return lrcert::test::certificate(kWho, problem, name, command);
}

Run check(const fs::path& problem, const fs::path& cert) {
    return run(quote(binary("lrcert-check")) + " " + quote(problem) + " " + quote(cert));
}

Run check(const fs::path& problem, const json& cert, const std::string& name) {
    return check(problem, write(name + ".json", cert.dump(1)));
}

void expect(const Run& r, int code, const std::string& item) {
    INFO(r.out);
    CHECK(r.code == code);
    CHECK(r.out.find(item) != std::string::npos);
}

// h moved by k units of its 12th significant digit.
std::string moved_h(const std::string& h_text, int k) {
    const Q h = lrcert::parse_exact(h_text);
    long E = 0;
    while (lrcert_test::pow10q(E) > h) --E;
    while (lrcert_test::pow10q(E + 1) <= h) ++E;
    return lrcert::to_exact_string(h + k * lrcert_test::pow10q(E - 11));
}

// The certificate with h replaced everywhere the certificate states it (the
// problem and the report's echo), so that only the relative check can object.
json with_h(json c, const std::string& h) {
    c["problem"]["h"] = h;
    c["report"]["h"] = h;
    c["report"]["h_decimal"] = h;
    return c;
}

const char* kMatrixRelative = R"({"family": "matrix", "name": "2x2 d1, h relative",
  "A": [["2", "0.3"], ["0.1", "0.5"]], "X0": [["1"], ["0.2"]], "Y0": [["0.5"], ["0.1"]], "h_over_2_over_L0": "0.6"})";

}  // namespace

TEST_CASE("a scalar certificate with h relative to 2/L0 is accepted; a moved h or another t is rejected") {
    const fs::path problem = source_dir() / "examples" / "headline_relative.json";
    // Certified once: Catch runs the body once per SECTION.
    static const fs::path cert_path = certificate(problem, "headline_relative");
    const json cert = load(cert_path);
    REQUIRE(cert["problem"]["h_over_2_over_L0"] == "179/100");
    REQUIRE(cert["report"]["h_over_2_over_L0"] == "179/100");
    const std::string h = cert["problem"]["h"].get<std::string>();
    // The test's own oracle agrees with the certificate's h.
    {
        std::vector<Q> x0, y0;
        for (const json& v : cert["problem"]["x0"]) x0.push_back(lrcert::parse_exact(v.get<std::string>()));
        for (const json& v : cert["problem"]["y0"]) y0.push_back(lrcert::parse_exact(v.get<std::string>()));
        const std::optional<Q> want = lrcert_test::scalar_relative_h(Q(1), x0, y0, Q(179, 100));
        REQUIRE(want);
        CHECK(lrcert::parse_exact(h) == *want);
    }
    expect(check(problem, cert_path), 0, "accept: problem ");

    SECTION("h moved by one unit in its last (12th) digit, up or down") {
        for (int k : {1, -1}) {
            INFO(k);
            expect(check(problem, with_h(cert, moved_h(h, k)), "rel_moved_" + std::to_string(k + 1)), 1,
                   "reject: h_over_2_over_L0: h = " + moved_h(h, k) + " is not 2t/L0");
        }
    }
    SECTION("h with a 13th digit") {
        const std::string h13 = lrcert::to_exact_string(lrcert::parse_exact(h) + Q(1, 1000000000) * Q(1, 100000));
        expect(check(problem, with_h(cert, h13), "rel_13"), 1, "not a decimal of 12 significant digits");
    }
    SECTION("the certificate's t differs from the problem file's") {
        json c = cert;
        c["problem"]["h_over_2_over_L0"] = "1.8";
        c["report"]["h_over_2_over_L0"] = "1.8";
        expect(check(problem, c, "rel_other_t"), 1,
               "problem: h_over_2_over_L0 differs: certificate 9/5, problem file 179/100");
        // With a problem file that says 1.8 too, h is not its resolution.
        std::string text;
        {
            std::ifstream in(problem);
            text.assign(std::istreambuf_iterator<char>(in), {});
        }
        text.replace(text.find("\"1.79\""), 6, "\"1.8\"");
        expect(check(write("rel_1.8.json", text), c, "rel_other_t_both"), 1,
               "reject: h_over_2_over_L0: h = " + h + " is not 2t/L0");
        expect(check(write("rel_1.8b.json", text), cert_path), 1,
               "problem: h_over_2_over_L0 differs: certificate 179/100, problem file 9/5");
    }
    SECTION("a problem file with the resolved h itself is not the file that gave t") {
        json file = cert["problem"];
        file.erase("h_over_2_over_L0");
        expect(check(write("rel_absolute.json", file.dump()), cert_path), 1,
               "problem: h_over_2_over_L0 differs: certificate 179/100, problem file (none)");
        // Nor is a certificate that dropped t accepted for the relative file.
        json c = cert;
        c["problem"].erase("h_over_2_over_L0");
        c["report"].erase("h_over_2_over_L0");
        expect(check(problem, c, "rel_dropped_t"), 1,
               "problem: h_over_2_over_L0 differs: certificate (none), problem file 179/100");
    }
    SECTION("the report's echo of t") {
        json c = cert;
        c["report"]["h_over_2_over_L0"] = "1.8";
        expect(check(problem, c, "rel_echo"), 1, "report.h_over_2_over_L0 differs");
        c["report"].erase("h_over_2_over_L0");
        expect(check(problem, c, "rel_echo_gone"), 1, "report.h_over_2_over_L0 differs");
    }
    SECTION("a problem file with both h and t, or t <= 0, is malformed") {
        json file = cert["problem"];
        expect(check(write("rel_both.json", file.dump()), cert_path), 3,
               "give exactly one of \"h\" and \"h_over_2_over_L0\" (both are given)");
        file.erase("h");
        file["h_over_2_over_L0"] = "0";
        expect(check(write("rel_zero.json", file.dump()), cert_path), 3, "h_over_2_over_L0 must be > 0");
        file["h_over_2_over_L0"] = "abc";
        expect(check(write("rel_abc.json", file.dump()), cert_path), 3, "h_over_2_over_L0: not a number: \"abc\"");
    }
}

TEST_CASE("a matrix certificate with h relative to 2/L0 is accepted; a moved h is rejected") {
    const fs::path problem = write("matrix_relative.json", kMatrixRelative);
    const fs::path cert_path = certificate(problem, "matrix_relative");
    const json cert = load(cert_path);
    const std::string h = cert["problem"]["h"].get<std::string>();
    const std::optional<Q> want = lrcert_test::matrix_relative_h({{Q(2), Q(3, 10)}, {Q(1, 10), Q(1, 2)}},
                                                                 {{Q(1)}, {Q(1, 5)}}, {{Q(1, 2)}, {Q(1, 10)}}, Q(3, 5));
    REQUIRE(want);
    CHECK(lrcert::parse_exact(h) == *want);
    expect(check(problem, cert_path), 0, "accept: problem ");
    for (int k : {1, -1}) {
        INFO(k);
        expect(check(problem, with_h(cert, moved_h(h, k)), "mrel_moved_" + std::to_string(k + 1)), 1,
               "reject: h_over_2_over_L0: h = " + moved_h(h, k) + " is not 2t/L0");
    }
}

TEST_CASE("orbits certificates with h relative to 2/L0 are accepted (scalar, matrix); a moved h is rejected") {
    const fs::path problem = write("orbits_relative.json", R"({"family": "scalar", "name": "relative 2-cycle",
      "mu": "2", "x0": ["2", "1", "0.5"], "y0": ["0.3", "0.1", "-0.2"], "h_over_2_over_L0": "1.1"})");
    const fs::path cert_path = certificate(problem, "orbits_relative", "orbits --periods 1-2");
    const json cert = load(cert_path);
    REQUIRE(cert["problem"]["h_over_2_over_L0"] == "11/10");
    expect(check(problem, cert_path), 0, "accept: problem ");
    const std::string moved = moved_h(cert["problem"]["h"].get<std::string>(), 1);
    json c = cert;
    c["problem"]["h"] = moved;
    c["report"]["problem"]["h"] = moved;
    expect(check(problem, c, "orel_moved"), 1, "reject: h_over_2_over_L0: h = " + moved + " is not 2t/L0");
    // The matrix family (d = 1): the checker encloses L0 itself (the orbits
    // certificate carries no L0 data).
    const fs::path mproblem = write("orbits_matrix_relative.json", kMatrixRelative);
    const fs::path mcert_path = certificate(mproblem, "orbits_matrix_relative", "orbits --periods 1-2");
    expect(check(mproblem, mcert_path), 0, "accept: problem ");
    json m = load(mcert_path);
    const std::string mmoved = moved_h(m["problem"]["h"].get<std::string>(), -1);
    m["problem"]["h"] = mmoved;
    m["report"]["problem"]["h"] = mmoved;
    expect(check(mproblem, m, "omrel_moved"), 1, "reject: h_over_2_over_L0: h = " + mmoved + " is not 2t/L0");
}
