// What fuzzing (tests/fuzz, docs/testing.md) found, as clean errors: each
// input that once crashed, hung or threw an undocumented exception is refused
// with the documented error type and a message naming the problem. The raw
// inputs are replayed by the fuzz_replay_* ctest entries from
// tests/fuzz/regressions/.
#include <catch2/catch.hpp>

#include "lrcert/claims/claim.hpp"
#include "lrcert/claims/expression.hpp"
#include "lrcert/number/precision.hpp"

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
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
    Run r;
    FILE* f = ::popen(("'" + checker.string() + "' '" + input.string() + "' 2>&1").c_str(), "r");
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
    Expression e = Expression::parse(repeat("h + ", 500) + "h > 0");
    Environment env;
    PrecisionScope scope(64);
    env.set_interval("h", make_interval(1L));
    CHECK(e.evaluate_truth(env) == Truth::True);
    CHECK_THAT(expression_error(repeat("h + ", 30000) + "h > 0"), Catch::Contains("syntax tree is more than 1000"));
    CHECK_THAT(expression_error(repeat("h * ", 30000) + "h > 0"), Catch::Contains("syntax tree is more than 1000"));
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
    Evaluation huge = Expression::parse(repeat("1e100000 * ", 899) + "1e100000 > 1").evaluate(env);
    CHECK(std::get<Truth>(huge.value) == Truth::True);
    REQUIRE(!huge.notes.empty());
    CHECK_THAT(huge.notes.front(), !Catch::Contains("exactly"));
    CHECK(Expression::parse("1e100000^10 > 1").evaluate_truth(env) == Truth::True);
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
