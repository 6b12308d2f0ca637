// The fast reading of a scalar problem's x0 and y0 (io/problem_file_scan.hpp):
// the values agree with an exact-rational oracle written here and with the
// ordinary JSON reader (forced by a key the scanner does not read: "y\u0030" is
// "y0" to JSON, an escape to the scanner), compact storage holds the same
// problem, and every error message is the ordinary reader's.
#include "lrcert/io/exact_json.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/io/problem_file_scan.hpp"
#include "lrcert/number/parse.hpp"

#include <catch2/catch.hpp>

#include <gmp.h>

#include <random>
#include <string>
#include <vector>

using namespace lrcert;

namespace {

Integer ten_to(long k) {
    Integer r;
    mpz_ui_pow_ui(r.backend().data(), 10, static_cast<unsigned long>(k));
    return r;
}

struct Entry {
    std::string json;  // the element as JSON text
    Rational value;    // its exact value (the oracle)
};

// A random element: a JSON string or a JSON number, a decimal with an
// exponent, a fraction, an integer, a long mantissa, a zero, a negative.
Entry random_entry(std::mt19937_64& rng, bool huge_exponents) {
    std::uniform_int_distribution<int> kind(0, 8), e(-30, 30), sign(0, 1);
    std::uniform_int_distribution<long long> m6(0, 999999), big(1, 999999999999999999LL);
    const bool neg = sign(rng) == 1;
    const std::string s = neg ? "-" : "";
    const long long m = m6(rng);
    switch (huge_exponents ? 9 : kind(rng)) {
        case 0: return {"\"" + s + "0.000\"", Rational(0)};
        case 1: {  // fraction (a string only)
            const long long den = 1 + m % 97;
            return {"\"" + s + std::to_string(m) + "/" + std::to_string(den) + "\"",
                    Rational(Integer(neg ? -m : m), Integer(den))};
        }
        case 2: {  // 25-digit integer as a JSON number
            const std::string digits = "1" + std::to_string(big(rng)) + "123456";
            return {s + digits, neg ? Rational(-Integer(digits)) : Rational(Integer(digits))};
        }
        case 9: {  // huge and tiny exponents (strings: beyond the double range)
            const long x = sign(rng) ? 99000 : -99000;
            const Rational v = x > 0 ? Rational(Integer(m) * ten_to(x)) : Rational(Integer(m), ten_to(-x));
            return {"\"" + s + std::to_string(m) + "e" + std::to_string(x) + "\"", neg ? Rational(-v) : v};
        }
        default: {  // d.ddddde<k>, as a string or as a JSON number
            const long ex = e(rng);
            const std::string t = s + std::to_string(m / 100000) + "." + std::to_string(100000 + m % 100000).substr(1) +
                                  "e" + std::to_string(ex);
            const long p = ex - 5;
            Rational v = p >= 0 ? Rational(Integer(m) * ten_to(p)) : Rational(Integer(m), ten_to(-p));
            if (neg) v = -v;
            return {kind(rng) % 2 ? t : "\"" + t + "\"", v};
        }
    }
}

std::string array_of(const std::vector<Entry>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i].json;
    return s + "]";
}

std::string scalar_text(const std::vector<Entry>& x, const std::vector<Entry>& y, const std::string& y_key = "y0") {
    return "{\"family\": \"scalar\", \"mu\": \"1\", \"x0\": " + array_of(x) + ",\n \"" + y_key + "\": " + array_of(y) +
           ", \"h\": \"0.037\"}";
}

std::string error_of(const std::string& text, StartStorage storage = StartStorage::Rationals) {
    try {
        parse_problem(text, "t.json", storage);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("the scanner captures x0 and y0 and leaves a skeleton", "[io][scan]") {
    const std::string text = R"({"family": "scalar", "x0": ["1.5", 2, -3e-2], "y0" : [ "7/3" ], "mu": "1", "h": 0.5})";
    const std::optional<ScannedProblemText> s = scan_problem_text(text);
    REQUIRE(s);
    CHECK(s->skeleton == R"({"family": "scalar", "x0": [], "y0" : [], "mu": "1", "h": 0.5})");
    REQUIRE(s->arrays.size() == 2);
    CHECK(s->arrays[0].key == "x0");
    CHECK(s->arrays[0].size == 3);
    CHECK(s->arrays[0].texts.empty());
    CHECK(s->arrays[0].small.value(2) == Rational(-3, 100));
    CHECK(s->arrays[1].size == 1);
    REQUIRE(s->arrays[1].texts.size() == 1);  // a fraction: left to the exact parser
    CHECK(s->arrays[1].texts[0].second == "7/3");
    // Not understood: an escape in a key, trailing text, a non-object.
    CHECK_FALSE(scan_problem_text(R"({"x\u0030": [1]})"));
    CHECK_FALSE(scan_problem_text(R"({"x0": [1]} x)"));
    CHECK_FALSE(scan_problem_text(R"([1, 2])"));
    // Arrays it does not capture stay in the skeleton as they are.
    const auto t = scan_problem_text(R"({"x0": [1, true], "y0": ["\u0031"], "z": [1]})");
    REQUIRE(t);
    CHECK(t->arrays.empty());
    CHECK(t->skeleton == R"({"x0": [1, true], "y0": ["\u0031"], "z": [1]})");
    // A number beyond the double range is not captured (the JSON reader refuses it).
    const auto u = scan_problem_text(R"({"x0": [1e400]})");
    REQUIRE(u);
    CHECK(u->arrays.empty());
}

TEST_CASE("fast, ordinary and compact reading give the oracle's exact values", "[io][scan]") {
    std::mt19937_64 rng(2026);
    for (size_t d : {size_t(1), size_t(7), size_t(300), size_t(20000)}) {
        std::vector<Entry> x, y;
        for (size_t i = 0; i < d; ++i) {
            x.push_back(random_entry(rng, i % 5000 == 1));
            y.push_back(random_entry(rng, i % 5000 == 1));
        }
        const Problem fast = parse_problem(scalar_text(x, y), "t.json");
        const Problem ordinary = parse_problem(scalar_text(x, y, "y\\u0030"), "t.json");
        const Problem compact = parse_problem(scalar_text(x, y), "t.json", StartStorage::Compact);
        INFO("d = " << d);
        REQUIRE(fast.d() == d);
        REQUIRE(compact.d() == d);
        CHECK(compact.z0.X.cols() == 0);
        bool all = true;
        for (size_t i = 0; i < d; ++i) {
            all = all && fast.z0.X(0, i) == x[i].value && fast.z0.Y(0, i) == y[i].value;
            all = all && compact.x0_column->value(i) == x[i].value && compact.y0_column->value(i) == y[i].value;
        }
        CHECK(all);
        CHECK(fast == ordinary);
        CHECK(compact == fast);
        CHECK(fast == compact);
        // The compact problem writes the same file.
        CHECK(problem_to_json(compact) == problem_to_json(fast));
        CHECK(parse_problem(problem_to_json(compact).dump(), "again", StartStorage::Compact) == compact);
    }
}

TEST_CASE("errors in x0 and y0 read the same as with the ordinary reader", "[io][scan]") {
    const std::vector<std::string> bad = {R"("NaN")", R"("1/0")", R"("")", "true", "null", R"("1e100001")",
                                          R"(" 1")", "[1]", "{}", R"("0x1p3")"};
    const std::vector<Entry> good = {{"\"1.5\"", Rational(3, 2)}, {"2", Rational(2)}, {"\"-0.25\"", Rational(-1, 4)}};
    for (const std::string& b : bad) {
        std::vector<Entry> x = good;
        x[1].json = b;
        INFO("element " << b);
        const std::string fast = error_of(scalar_text(x, good));
        const std::string ordinary = error_of(scalar_text(x, good, "y\\u0030"));
        CHECK_FALSE(fast.empty());
        CHECK(fast == ordinary);
        CHECK(error_of(scalar_text(x, good), StartStorage::Compact) == fast);
        CHECK(fast.find("x0[1]") != std::string::npos);
    }
    // Invalid JSON inside a long vector: the position is the original text's.
    const std::string broken = R"({"family": "scalar", "mu": "1", "x0": ["1", "2",], "y0": ["1"], "h": "1"})";
    const std::string broken_ordinary = R"({"family": "scalar", "mu": "1", "x0": ["1", "2",], "y\u0030": ["1"], "h": "1"})";
    const std::string e = error_of(broken);
    CHECK(e.find("t.json: invalid JSON at byte 49 (line 1, column 49)") == 0);
    CHECK(e == error_of(broken_ordinary));
    // Lengths differ; empty vectors.
    CHECK(error_of(scalar_text(good, {good[0]})).find("y0: has 1 entries but x0 has 3") != std::string::npos);
    CHECK(error_of(R"({"family": "scalar", "mu": "1", "x0": [], "y0": ["1"], "h": "1"})")
              .find("x0: expected a non-empty array of numbers, got an empty array") != std::string::npos);
    // x0 in a matrix file is an unknown field, whether captured or not.
    CHECK(error_of(R"({"family": "matrix", "A": [["1"]], "X0": [["1"]], "Y0": [["1"]], "x0": ["1"], "h": "1"})")
              .find("unknown field \"x0\"") != std::string::npos);
}

TEST_CASE("compact storage allows d up to kMaxScalarRank, the ordinary one kMaxProblemRank", "[io][scan]") {
    std::string vec = "[";
    for (size_t i = 0; i <= kMaxProblemRank; ++i) vec += (i ? ",\"1e-3\"" : "\"1e-3\"");
    vec += "]";
    const std::string text = "{\"family\": \"scalar\", \"mu\": \"1\", \"x0\": " + vec + ", \"y0\": " + vec +
                             ", \"h\": \"0.5\"}";
    CHECK(error_of(text).find("x0: 1000001 entries exceed the limit of 1000000") != std::string::npos);
    const Problem p = parse_problem(text, "big.json", StartStorage::Compact);
    CHECK(p.d() == kMaxProblemRank + 1);
    CHECK(p.x0_column->value(kMaxProblemRank) == Rational(1, 1000));
}
