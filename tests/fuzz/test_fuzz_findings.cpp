// What fuzzing (tests/fuzz, docs/testing.md) found, as clean errors: each
// input that once crashed, hung or threw an undocumented exception is refused
// with the documented error type and a message naming the problem. The raw
// inputs are replayed by the fuzz_replay_* ctest entries from
// tests/fuzz/regressions/.
#include <catch2/catch.hpp>

#include "lrcert/app/sweep_spec.hpp"
#include "lrcert/claims/claim.hpp"
#include "lrcert/claims/expression.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/number/precision.hpp"
#include "lrcert/number/scalar.hpp"

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace lrcert;
using namespace lrcert::claims;

namespace {

std::string claim_file_with(const std::string& conclusion) {
    nlohmann::json c = {{"id", "c"},         {"source", "derived"}, {"statement", "s"},
                        {"family", "all"},   {"kind", "theorem"},   {"assumptions", nlohmann::json::array()},
                        {"conclusions", {conclusion}}};
    return nlohmann::json{{"claims", {c}}}.dump();
}

std::string repeat(const std::string& s, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += s;
    return out;
}

std::string expression_error(const std::string& text) {
    try {
        Expression::parse(text);
    } catch (const ExpressionError& e) {
        return e.what();
    }
    FAIL("no ExpressionError for an expression of " << text.size() << " characters");
    return "";
}

struct Run {
    int code = -1;
    std::string out;
};

// Runs the built lrcert-check on a file of tests/fuzz/regressions/certificate.
Run check_regression(const std::string& name) {
    const char* bin = std::getenv("LRCERT_BINARY_DIR");
    const char* src = std::getenv("LRCERT_SOURCE_DIR");
    if (!bin || !src) FAIL("LRCERT_BINARY_DIR / LRCERT_SOURCE_DIR are not set (run through ctest)");
    const std::filesystem::path checker = std::filesystem::path(bin) / "lrcert-check";
    const std::filesystem::path input = std::filesystem::path(src) / "tests/fuzz/regressions/certificate" / name;
    REQUIRE(std::filesystem::exists(checker));
    REQUIRE(std::filesystem::exists(input));
    // The checker's own inputs: the certificate's problem and claims written
    // out, so that the finding under test is the certificate's content.
    nlohmann::json cert;
    {
        std::ifstream in(input);
        cert = nlohmann::json::parse(in);
    }
    const std::filesystem::path work = std::filesystem::temp_directory_path() /
                                       ("lrcert_fuzz_regression_" + std::to_string(::getpid()));
    std::filesystem::create_directories(work);
    const std::filesystem::path problem = work / (name + ".problem.json"), claims = work / (name + ".claims.json");
    std::ofstream(problem) << cert["problem"].dump();
    nlohmann::json file = {{"claims", nlohmann::json::array()}};
    for (nlohmann::json c : cert["claims"]) {
        c["source"] = "certificate";
        c["statement"] = "";
        file["claims"].push_back(c);
    }
    std::ofstream(claims) << file.dump();
    Run r;
    FILE* f = ::popen(("'" + checker.string() + "' '" + problem.string() + "' '" + input.string() +
                       "' --no-builtin-claims --claims '" + claims.string() + "' 2>&1")
                          .c_str(),
                      "r");
    REQUIRE(f != nullptr);
    char buf[4096];
    size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, got);
    int status = ::pclose(f);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace

TEST_CASE("a claim file with a number beyond double is a ClaimError", "[fuzz][claims]") {
    // nlohmann's out_of_range error used to escape parse_claims.
    try {
        parse_claims(R"({"claims": 1e400})", "f.json");
        FAIL("no ClaimError");
    } catch (const ClaimError& e) {
        CHECK_THAT(e.what(), Catch::Contains("f.json: not valid JSON") && Catch::Contains("1e400"));
    }
}

TEST_CASE("deeply nested expressions are refused, not a stack overflow", "[fuzz][claims]") {
    // Parentheses, signs, 'not' and function arguments each recurse in the parser.
    const std::string ok = repeat("(", 150) + "h" + repeat(")", 150) + " > 0";
    CHECK(Expression::parse(ok).type() == Type::Truth);
    CHECK_THAT(expression_error(repeat("(", 30000) + "h" + repeat(")", 30000) + " > 0"),
               Catch::Contains("nested too deeply") && Catch::Contains("200"));
    CHECK_THAT(expression_error(repeat("-", 60000) + "h > 0"), Catch::Contains("nested too deeply"));
    CHECK_THAT(expression_error(repeat("not ", 5000) + "converged"), Catch::Contains("nested too deeply"));
    CHECK_THAT(expression_error(repeat("abs(", 5000) + "h" + repeat(")", 5000) + " > 0"),
               Catch::Contains("nested too deeply"));
    CHECK_THAT(expression_error(repeat("converged implies ", 5000) + "converged"),
               Catch::Contains("nested too deeply"));
    // The same through a claim file: a ClaimError naming the conclusion.
    try {
        parse_claims(claim_file_with(repeat("(", 30000) + "h" + repeat(")", 30000) + " > 0"), "f.json");
        FAIL("no ClaimError");
    } catch (const ClaimError& e) {
        CHECK_THAT(e.what(), Catch::Contains("conclusion 1") && Catch::Contains("nested too deeply"));
    }
}

TEST_CASE("long operator chains are refused, not a stack overflow in evaluation", "[fuzz][claims]") {
    // A left-associative chain is as deep a syntax tree as it is long; the
    // evaluator and the tree's destructor recurse over it.
    Expression e = Expression::parse(repeat("h + ", 150) + "h > 0");
    Environment env;
    PrecisionScope scope(64);
    env.set_interval("h", make_interval(1L));
    CHECK(e.evaluate_truth(env) == Truth::True);
    CHECK_THAT(expression_error(repeat("h + ", 30000) + "h > 0"), Catch::Contains("syntax tree is more than 200"));
    CHECK_THAT(expression_error(repeat("h * ", 30000) + "h > 0"), Catch::Contains("syntax tree is more than 200"));
}

TEST_CASE("constant folding stops at huge values instead of taking minutes", "[fuzz][claims]") {
    // Each factor of a folded product of huge literals grew the exact value;
    // 900 factors of 1e100000 (8 KB of text) ran for minutes. Small constants
    // are still folded and compared exactly; huge ones are evaluated in intervals.
    PrecisionScope scope(64);
    Environment env;
    Evaluation small = Expression::parse("2^100 * 2^100 == 2^200").evaluate(env);
    CHECK(std::get<Truth>(small.value) == Truth::True);
    REQUIRE(!small.notes.empty());
    CHECK_THAT(small.notes.front(), Catch::Contains("exactly"));
    // 900 factors in 30 groups of 30 (a chain of 900 is too deep a tree).
    const std::string group = "(" + repeat("1e100000 * ", 29) + "1e100000)";
    Evaluation huge = Expression::parse(repeat(group + " * ", 29) + group + " > 1").evaluate(env);
    CHECK(std::get<Truth>(huge.value) == Truth::True);
    REQUIRE(!huge.notes.empty());
    CHECK_THAT(huge.notes.front(), !Catch::Contains("exactly"));
    CHECK(Expression::parse("1e100000^10 > 1").evaluate_truth(env) == Truth::True);
}

TEST_CASE("sweep grid values with huge exponents are written in milliseconds", "[fuzz][sweep]") {
    // exact_text divided once per factor 2 and 5 of the denominator and
    // round_to_digits multiplied once per power of ten: a 150-byte spec with
    // h from 1e-100000 to 1e100000 (log spacing) took a minute.
    const auto t0 = std::chrono::steady_clock::now();
    const Rational tiny = parse_exact("1e-100000");
    CHECK(exact_text(tiny) == to_exact_string(tiny));
    CHECK(exact_text(parse_exact("1e-60")) == "0." + std::string(59, '0') + "1");  // the longest decimal form
    CHECK(exact_text(parse_exact("1e-61")) == "1/1" + std::string(61, '0'));
    CHECK(exact_text(parse_exact("-2.5e-3")) == "-0.0025");
    {
        PrecisionScope scope(256);
        CHECK(round_to_digits(from_rational<Real>(parse_exact("1e100000")), 12) == parse_exact("1e100000"));
        CHECK(round_to_digits(from_rational<Real>(parse_exact("-3e-100000")), 12) == parse_exact("-3e-100000"));
    }
    SweepSpec spec = parse_sweep_spec(
        R"({"base": {"family": "scalar", "mu": "1", "x0": ["1"], "y0": ["0.5"], "h": "0.1"},
            "h": {"from": "1e-100000", "to": "1e100000", "count": 60, "spacing": "log"}})",
        "s.json", "");
    std::vector<Rational> h = axis_values(spec.h, spec.grid_digits);
    REQUIRE(h.size() == 60);
    CHECK(h.front() == tiny);
    CHECK(h.back() == parse_exact("1e100000"));
    CHECK(spec_to_json(spec)["h"]["values"].size() == 60);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(seconds < 10);  // about 0.1 s; it was over a minute
}

TEST_CASE("lrcert-check refuses a deeply nested claim expression as malformed", "[fuzz][checker]") {
    // The checker's evaluator recursed once per parenthesis and overflowed the
    // stack on a certificate of 60 KB.
    Run r = check_regression("claim-nested-25000-deep");
    CHECK(r.code == 3);
    CHECK_THAT(r.out, Catch::StartsWith("malformed: claim expression") && Catch::Contains("nested more than 256 levels"));
}

TEST_CASE("lrcert-check rejects claims on astronomically large constants quickly", "[fuzz][checker]") {
    // 1e100000^999 took 9 s and 400 MB; a product of 900 factors 1e100000 ran
    // for minutes: rational interval ends grew without bound.
    for (const char* name : {"claim-power-of-huge-constant", "claim-product-of-900-huge-constants"}) {
        INFO(name);
        Run r = check_regression(name);
        CHECK(r.code == 1);
        CHECK_THAT(r.out, Catch::StartsWith("reject: interval end point of magnitude beyond") &&
                              Catch::Contains("too large to check"));
    }
}
