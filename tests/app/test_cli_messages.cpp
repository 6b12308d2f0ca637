// Bad input and long values as a user meets them (docs/cli.md): each case
// below gave a message that did not say what was wrong (the new-user audit of
// stop 24) and now names the problem, exits 3 (bad input) and writes nothing;
// the region and sweep progress never print 100 % before the end; compare
// decides step 0, the exact start, at every tolerance including 0; a 400-digit
// h is not printed in full in the readable report; lrcert-check words a
// classification whose conclusion fails as lrcert does ("fails"). The
// commands are run as built (skipped, exit 77, outside ctest).
#include "lrcert/app/compare.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/app/sweep_spec.hpp"
#include "lrcert/app/terminal_progress.hpp"
#include "lrcert/number/parse.hpp"
#include "support/files.hpp"
#include "support/problems.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace lrcert;
using namespace lrcert::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path work() { return scratch_dir("cli_messages"); }

void require_binaries() {
    if (!have_binaries()) {
        std::cerr << "test_cli_messages: the built tools are not available (run through ctest); skipped\n";
        std::exit(77);
    }
}

std::string example(const std::string& name) { return shell_quote(source_dir() + "/examples/" + name + ".json"); }

// Every file of the scratch folder with its bytes.
std::map<std::string, std::string> files_now() {
    std::map<std::string, std::string> f;
    for (const auto& e : fs::directory_iterator(work()))
        if (e.is_regular_file()) f[e.path().filename().string()] = slurp(e.path());
    return f;
}

// `lrcert ARGS` fails with exit 3, its stderr holds every one of `parts`,
// none of `never`, and no file of the scratch folder is added or changed.
void expect_bad_input(const std::string& args, const std::vector<std::string>& parts,
                      const std::vector<std::string>& never = {}) {
    const auto before = files_now();
    const ToolResult r = run_tool("lrcert", work(), args);
    INFO("lrcert " << args << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.code == 3);
    for (const std::string& p : parts) CHECK(contains(r.err, p));
    for (const std::string& p : never) CHECK_FALSE(contains(r.err, p));
    CHECK(files_now() == before);
}

}  // namespace

TEST_CASE("a value outside an option's range names the option, the range and what was given", "[cli]") {
    require_binaries();
    expect_bad_input("certify " + example("headline") + " --digits abc",
                     {"--digits: expected a whole number in [1, 10000], got \"abc\""}, {"not in range"});
    expect_bad_input("certify " + example("headline") + " --digits 0",
                     {"--digits: 0 is outside the range [1, 10000]"}, {"not in range"});
    expect_bad_input("certify " + example("headline") + " --max-steps -5",
                     {"--max-steps: -5 is outside the range [1, 100000000]"});
    expect_bad_input("fixture " + example("headline") + " --digits 1001",
                     {"--digits: 1001 is outside the range [1, 1000]"});
    // In range, the option is accepted (the validator does not refuse good values).
    const ToolResult ok = run_tool("lrcert", work(), "certify " + example("headline") + " --digits 5 --quiet");
    INFO(ok.err);
    CHECK(ok.code == 0);
}

TEST_CASE("an unknown option before the subcommand is named as an option", "[cli]") {
    require_binaries();
    expect_bad_input("--bogus", {"unknown option \"--bogus\"", "certify", "sweep"}, {"A subcommand is required"});
    expect_bad_input("-x certify", {"unknown option \"-x\""});
    // --version is lrcert's own option: not refused.
    const ToolResult v = run_tool("lrcert", work(), "--version");
    CHECK(v.code == 0);
    CHECK(contains(v.out, "lrcert "));
}

TEST_CASE("sweep and region given a problem file say so and name lrcert certify", "[cli]") {
    require_binaries();
    for (const char* command : {"sweep", "region"}) {
        INFO(command);
        expect_bad_input(std::string(command) + " " + example("headline"),
                         {"this is a problem file (it has \"family\"), not a " + std::string(command) +
                              " specification",
                          "lrcert certify "},
                         {"unknown field \"family\""});
    }
    // The rule is "family" without "base": a spec with a stray "family" field
    // is a spec with an unknown field, reported as before.
    CHECK_THROWS_WITH(parse_sweep_spec(spec_text(R"("family": "scalar", "h": {"values": ["0.01"]})"), "s.json", ""),
                      Catch::Contains("unknown field \"family\"") && !Catch::Contains("problem file"));
    CHECK_THROWS_WITH(parse_sweep_spec(kHeadline, "p.json", ""),
                      Catch::Contains("p.json: this is a problem file") &&
                          Catch::Contains("\"lrcert certify p.json\""));
}

TEST_CASE("plot and merge name both kinds of results they read", "[cli]") {
    require_binaries();
    const std::string problem = write_file(work() / "problem.json", kHeadline);
    const std::string other = write_file(work() / "other.json", R"({"something": 1})");
    expect_bad_input("plot " + shell_quote(problem),
                     {"not an lrcert sweep or region results file", "\"lrcert_region_results\"",
                      "this is a problem file"});
    expect_bad_input("merge " + shell_quote(other) + " " + shell_quote(other) + " --out " +
                         shell_quote((work() / "merged").string()),
                     {"not an lrcert sweep or region results file", "\"lrcert_region_results\""},
                     {"problem file"});
}

TEST_CASE("progress percentages say 100 only when complete and 0 only when nothing is done", "[cli]") {
    CHECK(percent_text(Rational(9996, 10000), 1) == "99.9");  // was "100.0"
    CHECK(percent_text(Rational(9994, 10000), 1) == "99.9");
    CHECK(percent_text(Rational(1), 1) == "100.0");
    CHECK(percent_text(Rational(0), 1) == "0.0");
    CHECK(percent_text(Rational(1, 100000), 1) == "0.1");    // was "0.0"
    CHECK(percent_text(Rational(1, 3), 1) == "33.3");
    CHECK(percent_text(Rational(2, 3), 1) == "66.7");
    CHECK(percent_text(Rational(5, 1000), 1) == "0.5");
    CHECK(percent_text(Rational(199, 200), 0) == "99");      // the sweep line: was "100"
    CHECK(percent_text(Rational(2, 3), 0) == "67");
    CHECK(percent_text(Rational(1, 2), 0) == "50");
    CHECK(percent_text(Rational(1), 0) == "100");
}

TEST_CASE("compare decides step 0 exactly, at tolerance 0 too", "[cli][compare]") {
    const Problem p = parse_problem(kHeadline, "test");
    // The start as written in the problem (exact decimals): inside at tol 0
    // (it was undecided: the enclosure of step 0 was not a point).
    const std::string start = "0,1.5,3,4.5,1.5,3,4.5,1.5,3,4.5,1.5,-0.01,0.01,-0.01,0.01,-0.01,0.01,-0.01,0.01,-0.01,0.01\n";
    const CompareReport exact = compare_trajectory(p, parse_trajectory_csv(start, "t.csv", p), Rational(0), 4096);
    CHECK(!exact.left_row);
    CHECK(!exact.unclear_row);
    // y[0] off by 1e-30: left at tol 0, at step 0 (the hypothesis fails) ...
    const std::string off = "0,1.5,3,4.5,1.5,3,4.5,1.5,3,4.5,1.5,-0.010000000000000000000000000001,0.01,-0.01,0.01,"
                            "-0.01,0.01,-0.01,0.01,-0.01,0.01\n";
    const CompareReport left = compare_trajectory(p, parse_trajectory_csv(off, "t.csv", p), Rational(0), 4096);
    REQUIRE(left.left_row);
    CHECK(left.step == 0);
    CHECK(left.entry == "y[0]");
    CHECK(left.lo == "-1/100");  // the exact start it is compared with
    CHECK(left.hi == "-1/100");
    // ... and inside at tol = 1e-30 exactly (the distance is exactly 1e-30).
    const CompareReport within = compare_trajectory(p, parse_trajectory_csv(off, "t.csv", p), parse_exact("1e-30"), 4096);
    CHECK(!within.left_row);
    CHECK(!within.unclear_row);
}

TEST_CASE("a 400-digit h is shown by its leading digits; the report JSON keeps it exact", "[cli]") {
    require_binaries();
    json p = json::parse(kHeadline);
    const std::string ones(400, '1');
    p["h"] = "0.037" + ones;
    const std::string problem = write_file(work() / "h400.json", p.dump());
    const fs::path report = work() / "h400.report.json";
    const ToolResult r =
        run_tool("lrcert", work(), "certify " + shell_quote(problem) + " --max-steps 60 --report " + shell_quote(report.string()));
    INFO(r.err);
    REQUIRE(r.code <= 2);
    const std::string header = r.out.substr(0, r.out.find('\n'));
    INFO(header);
    CHECK(contains(header, "h = 3.7111111111111111111"));
    CHECK(contains(header, "(exact text of 807 characters not shown)"));
    CHECK(header.size() < 200);
    CHECK_FALSE(contains(r.out, std::string(100, '1')));  // neither in h nor in 2/h - 2 mu
    const json rep = json::parse(slurp(report));
    CHECK(parse_exact(rep.at("h").get<std::string>()) == parse_exact("0.037" + ones));
    // A short h is still printed exactly.
    const ToolResult s = run_tool("lrcert", work(), "certify " + example("headline") + " --max-steps 60");
    CHECK(contains(s.out.substr(0, s.out.find('\n')), "h = 37/1000, mu = 1"));
}

TEST_CASE("lrcert-check words a failing classification as lrcert does", "[cli][checker]") {
    require_binaries();
    const fs::path cert = work() / "headline.cert.json";
    const ToolResult c = run_tool("lrcert", work(),
                                  "certify " + example("headline") + " --quiet --certificate " + shell_quote(cert.string()));
    REQUIRE(c.code == 0);
    const ToolResult r = run_tool("lrcert-check", work(), example("headline") + " " + shell_quote(cert.string()));
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    // h L0 > 2 here: the classification "below 2/L" fails; a theorem would read "counterexample".
    CHECK(contains(r.out, "regime.below_2_over_L fails (classification)"));
    CHECK_FALSE(contains(r.out, "regime.below_2_over_L counterexample"));
    CHECK(contains(r.out, "regime.beyond_2_over_L confirmed"));
}
