// h given relative to 2/L0 in problem files ("h_over_2_over_L0", docs/formats.md,
// "Problem files"): the resolved h against the test's own oracle
// (support/relative_h_oracle.hpp: exact rationals, an integer square root,
// bisection with exact definiteness tests), the rejections, the round trip,
// and the reports: a file with t gives the same report as the file with the h
// the oracle computes, plus what was given.
#include "lrcert/app/certify_command.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/number/precision.hpp"

#include "support/relative_h_oracle.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace lrcert;
using lrcert_test::Q;

namespace {

std::string source_dir() {
    const char* s = std::getenv("LRCERT_SOURCE_DIR");
    return s ? s : ".";
}

std::string error_of(const std::string& text) {
    try {
        parse_problem(text, "t.json");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::vector<Q> numbers(const std::vector<const char*>& texts) {
    std::vector<Q> out;
    for (const char* t : texts) out.push_back(parse_exact(t));
    return out;
}

std::string list(const std::vector<const char*>& texts) {
    std::string s = "[";
    for (size_t i = 0; i < texts.size(); ++i) s += (i ? ", \"" : "\"") + std::string(texts[i]) + "\"";
    return s + "]";
}

std::string scalar_text(const char* mu, const std::vector<const char*>& x0, const std::vector<const char*>& y0,
                        const std::string& h_field) {
    return std::string("{\"family\": \"scalar\", \"mu\": \"") + mu + "\", \"x0\": " + list(x0) + ", \"y0\": " +
           list(y0) + (h_field.empty() ? "" : ", " + h_field) + "}";
}

const char* kHeadlineX[] = {"1.5", "3", "4.5", "1.5", "3", "4.5", "1.5", "3", "4.5", "1.5"};
const char* kHeadlineY[] = {"-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01"};

// The matrix case: A 2 x 3, X0 2 x 1, Y0 3 x 1 (Hessian 5 x 5) and a 2 x 2, d = 2 one.
struct MatrixCase {
    std::vector<std::vector<const char*>> A, X0, Y0;
};

std::string rows(const std::vector<std::vector<const char*>>& M) {
    std::string s = "[";
    for (size_t i = 0; i < M.size(); ++i) s += (i ? ", " : "") + list(M[i]);
    return s + "]";
}

std::vector<std::vector<Q>> exact_rows(const std::vector<std::vector<const char*>>& M) {
    std::vector<std::vector<Q>> out;
    for (const auto& r : M) out.push_back(numbers(r));
    return out;
}

std::string matrix_text(const MatrixCase& c, const std::string& h_field) {
    return "{\"family\": \"matrix\", \"A\": " + rows(c.A) + ", \"X0\": " + rows(c.X0) + ", \"Y0\": " + rows(c.Y0) +
           ", " + h_field + "}";
}

const MatrixCase kMatrixCases[] = {
    {{{"1", "2", "0"}, {"3", "4", "0"}}, {{"0.1"}, {"0.2"}}, {{"0.3"}, {"0.4"}, {"0.5"}}},
    {{{"2", "0.3"}, {"0.1", "0.5"}}, {{"1", "0.25"}, {"0.2", "-0.5"}}, {{"0.5", "0"}, {"0.1", "0.75"}}},
};

}  // namespace

TEST_CASE("h_over_2_over_L0 resolves to 2t/L0 rounded to 12 digits: scalar closed-form oracle", "[relative_h]") {
    struct Case {
        const char* mu;
        std::vector<const char*> x0, y0;
        const char* t;
    };
    const std::vector<Case> cases = {
        {"1", std::vector<const char*>(std::begin(kHeadlineX), std::end(kHeadlineX)),
         std::vector<const char*>(std::begin(kHeadlineY), std::end(kHeadlineY)), "1.79"},
        {"1", {"3", "0"}, {"0", "0.5"}, "1.5"},
        {"2", {"1.5"}, {"0.5"}, "0.75"},          // d = 1
        {"-1", {"0.3", "2"}, {"-0.7", "0.1"}, "7/3"},
        {"1", {"1e-3"}, {"2e-3"}, "1e-5"},        // tiny h
    };
    for (const Case& c : cases) {
        const std::string text = scalar_text(c.mu, c.x0, c.y0, std::string("\"h_over_2_over_L0\": \"") + c.t + "\"");
        INFO(text);
        const std::optional<Q> want = lrcert_test::scalar_relative_h(parse_exact(c.mu), numbers(c.x0), numbers(c.y0),
                                                                     parse_exact(c.t));
        REQUIRE(want);
        const Problem p = parse_problem(text, "t.json");
        CHECK(p.h == *want);
        REQUIRE(p.h_over_2_over_L0);
        CHECK(*p.h_over_2_over_L0 == parse_exact(c.t));
    }
    // A JSON number is its exact decimal text, as everywhere in problem files.
    const std::vector<const char*> x0 = {"3", "0"}, y0 = {"0", "0.5"};
    CHECK(parse_problem(scalar_text("1", x0, y0, "\"h_over_2_over_L0\": 1.5"), "n").h ==
          *lrcert_test::scalar_relative_h(Q(1), numbers(x0), numbers(y0), Q(3, 2)));
}

TEST_CASE("h_over_2_over_L0 resolves to 2t/L0 rounded to 12 digits: matrix family, exact bisection oracle",
          "[relative_h]") {
    for (const MatrixCase& c : kMatrixCases) {
        for (const char* t : {"1", "0.4", "1.95"}) {
            const std::string text = matrix_text(c, std::string("\"h_over_2_over_L0\": \"") + t + "\"");
            INFO(text);
            const std::optional<Q> want =
                lrcert_test::matrix_relative_h(exact_rows(c.A), exact_rows(c.X0), exact_rows(c.Y0), parse_exact(t));
            REQUIRE(want);
            const Problem p = parse_problem(text, "t.json");
            CHECK(p.h == *want);
            CHECK(p.h_over_2_over_L0 == std::optional<Rational>(parse_exact(t)));
        }
    }
}

TEST_CASE("h and h_over_2_over_L0: exactly one, t > 0 and a number", "[relative_h]") {
    const std::vector<const char*> x0 = {"3", "0.5"}, y0 = {"0.1", "-0.2"};
    auto names_both = [](const std::string& e) { return has(e, "\"h\"") && has(e, "\"h_over_2_over_L0\""); };
    const std::string both = error_of(scalar_text("1", x0, y0, "\"h\": \"0.09\", \"h_over_2_over_L0\": \"1.5\""));
    CHECK(names_both(both));
    CHECK(has(both, "not both"));
    CHECK(has(both, "t.json: "));
    const std::string neither = error_of(scalar_text("1", x0, y0, ""));
    CHECK(names_both(neither));
    CHECK(has(neither, "missing"));
    const MatrixCase& m = kMatrixCases[0];
    CHECK(names_both(error_of(matrix_text(m, "\"h\": \"0.05\", \"h_over_2_over_L0\": 1"))));
    CHECK(names_both(error_of(matrix_text(m, "\"name\": \"no h\""))));
    for (const char* bad : {"\"0\"", "0", "\"-1\"", "-1", "\"-1/2\""}) {
        INFO(bad);
        const std::string e = error_of(scalar_text("1", x0, y0, std::string("\"h_over_2_over_L0\": ") + bad));
        CHECK(has(e, "h_over_2_over_L0: must be > 0"));
        CHECK(has(error_of(matrix_text(m, std::string("\"h_over_2_over_L0\": ") + bad)), "h_over_2_over_L0: must be > 0"));
    }
    for (const char* bad : {"\"abc\"", "\"NaN\"", "\"inf\"", "true", "null", "[1]", "\"\""}) {
        INFO(bad);
        const std::string e = error_of(scalar_text("1", x0, y0, std::string("\"h_over_2_over_L0\": ") + bad));
        CHECK(has(e, "h_over_2_over_L0"));
        CHECK(!e.empty());
    }
    CHECK(has(error_of(scalar_text("1", x0, y0, "\"h_over_2_over_L0\": \"abc\"")), "\"abc\""));
    // L0 = 0 at the start (mu = 0, x0 = y0 = 0): 2/L0 does not exist.
    CHECK(has(error_of(scalar_text("0", {"0", "0"}, {"0", "0"}, "\"h_over_2_over_L0\": 1")),
              "h_over_2_over_L0: L0 is not certainly positive"));
    // Several faults are reported together, the t among them.
    const std::string several = error_of(R"({"family": "scalar", "mu": "x", "x0": ["1"], "y0": ["1"], "h_over_2_over_L0": "-2"})");
    CHECK(has(several, "2 errors"));
    CHECK(has(several, "h_over_2_over_L0: must be > 0"));
}

TEST_CASE("a relative h round-trips and is recorded with its resolution", "[relative_h]") {
    const std::vector<const char*> x0 = {"3", "0.5"}, y0 = {"0.1", "-0.2"};
    const Problem p = parse_problem(scalar_text("1", x0, y0, "\"h_over_2_over_L0\": \"1.5\""), "t.json");
    const nlohmann::json file = problem_to_json(p);
    CHECK(file["h_over_2_over_L0"] == "3/2");
    CHECK(!file.contains("h"));
    CHECK(parse_problem(file.dump(), "again") == p);
    const nlohmann::json record = problem_record_json(p);
    CHECK(record["h_over_2_over_L0"] == "3/2");
    CHECK(parse_exact(record["h"].get<std::string>()) ==
          *lrcert_test::scalar_relative_h(Q(1), numbers(x0), numbers(y0), Q(3, 2)));
    // The same h given absolutely is another problem file (h given another way).
    const Problem absolute = parse_problem(scalar_text("1", x0, y0, "\"h\": \"" + to_exact_string(p.h) + "\""), "abs");
    CHECK(absolute.h == p.h);
    CHECK(!(absolute == p));
    CHECK(!problem_record_json(absolute).contains("h_over_2_over_L0"));
}

TEST_CASE("the report of a relative h equals the report of the h it resolves to, and says what was given",
          "[relative_h][cli]") {
    const std::vector<const char*> x0(std::begin(kHeadlineX), std::end(kHeadlineX));
    const std::vector<const char*> y0(std::begin(kHeadlineY), std::end(kHeadlineY));
    const Q want = *lrcert_test::scalar_relative_h(Q(1), numbers(x0), numbers(y0), Q(179, 100));
    const Problem relative = read_problem_file(source_dir() + "/examples/headline_relative.json");
    const Problem absolute = parse_problem(scalar_text("1", x0, y0, "\"h\": \"" + to_exact_string(want) + "\""), "abs");
    REQUIRE(absolute.h == want);
    CertifyOptions o;
    const CertifyRun ra = run_certify(absolute, {}, o);
    CertifyRun rr = run_certify(relative, {}, o);
    CHECK(rr.outcome == ra.outcome);
    nlohmann::json ja = report_json(ra), jr = report_json(rr);
    CHECK(jr["h_over_2_over_L0"] == "179/100");
    CHECK(!ja.contains("h_over_2_over_L0"));
    CHECK(jr["h"] == to_exact_string(want));
    for (nlohmann::json* j : {&ja, &jr})
        for (const char* key : {"elapsed_seconds", "verdict_seconds", "name", "h_over_2_over_L0"}) j->erase(key);
    CHECK(ja == jr);
    std::ostringstream printed;
    print_report(printed, rr);
    INFO(printed.str());
    CHECK(has(printed.str(), "h = " + to_exact_string(want) + " (= 0.0"));
    CHECK(has(printed.str(), "; given as 1.79 x 2/L0)"));
    std::ostringstream plain;
    print_report(plain, ra);
    CHECK(!has(plain.str(), "given as"));
    PrecisionScope scope(rr.precision_bits);
    const nlohmann::json cert = certificate_json(rr, {});
    CHECK(cert["problem"]["h_over_2_over_L0"] == "179/100");
    CHECK(cert["problem"]["h"] == to_exact_string(want));
}
