// The exact parser (parse.hpp): accepted texts and their exact values, rejected
// texts and their messages, canonical output, and the decimal outputs of the
// interval layer read back through the parser.
#include "lrcert/number/interval.hpp"
#include "lrcert/number/parse.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <regex>
#include <string>

using namespace lrcert;

namespace {

Rational q(long p, long d = 1) { return Rational(p, d); }

Integer pow10(unsigned e) {
    Integer r = 1;
    for (unsigned k = 0; k < e; ++k) r *= 10;
    return r;
}

}  // namespace

TEST_CASE("parse_exact accepts decimals and fractions with their exact value", "[parse]") {
    struct Case {
        const char* text;
        Rational value;
    };
    const Case cases[] = {
        {"0.1", q(1, 10)},        {"-3.25e-4", q(-13, 40000)}, {"12", q(12)},        {"7/3", q(7, 3)},
        {"-7/3", q(-7, 3)},       {"1E+3", q(1000)},           {".5", q(1, 2)},      {"5.", q(5)},
        {"0/5", q(0)},            {"+2", q(2)},                {"-0", q(0)},         {"0.0", q(0)},
        {"1e-0", q(1)},           {"2.5E2", q(250)},           {"+7/3", q(7, 3)},    {"6/4", q(3, 2)},
        {"-.125", q(-1, 8)},      {"1e-1", q(1, 10)},          {"123.456e1", q(61728, 50)},
        // Leading zeros are decimal, never octal (Boost's mpz_int string
        // constructor would read "025" as octal 21 and reject "09").
        {"0.25", q(1, 4)},        {"012", q(12)},              {"0.9", q(9, 10)},    {"0.08", q(2, 25)},
        {"007/010", q(7, 10)},    {"-0012.50", q(-25, 2)},     {"1e007", q(10000000)},
        {"00", q(0)},             {"09/09", q(1)},
    };
    for (const auto& c : cases) {
        INFO("text \"" << c.text << "\"");
        Rational v;
        REQUIRE_NOTHROW(v = parse_exact(c.text));
        CHECK(v == c.value);
    }
    // "0.1" is exactly one tenth, not the binary64 value 0.1000000000000000055...
    CHECK(parse_exact("0.1") * 10 == 1);
    CHECK(parse_exact("0.1") != Rational(0.1));
    // Long texts are exact too.
    const std::string many_digits = "0." + std::string(400, '3');
    CHECK(parse_exact(many_digits) == Rational(Integer(std::string(400, '3')), pow10(400)));
    CHECK(parse_exact("123456789012345678901234567890/3") == Rational(Integer("41152263004115226300411522630")));
}

TEST_CASE("parse_exact enforces the exponent limit", "[parse]") {
    const std::string at_limit = std::to_string(kMaxDecimalExponent);
    const std::string beyond = std::to_string(kMaxDecimalExponent + 1);
    CHECK(parse_exact("1e" + at_limit) == Rational(pow10(static_cast<unsigned>(kMaxDecimalExponent))));
    CHECK(parse_exact("1e-" + at_limit) == Rational(Integer(1), pow10(static_cast<unsigned>(kMaxDecimalExponent))));
    CHECK(parse_exact("1e+000" + at_limit) == parse_exact("1e" + at_limit));  // leading zeros do not count
    for (const std::string& t : {"1e" + beyond, "1e-" + beyond, "0e" + beyond, std::string("1e999999999"),
                                 std::string("1e99999999999999999999999")}) {
        INFO("text \"" << t << "\"");
        CHECK_THROWS_AS(parse_exact(t), ParseError);
    }
    // The scale (fraction digits minus exponent) is bounded too.
    CHECK_THROWS_AS(parse_exact("0." + std::string(1100001, '0') + "1"), ParseError);
    CHECK(parse_exact("0." + std::string(999, '0') + "1") == Rational(Integer(1), pow10(1000)));
}

TEST_CASE("parse_exact rejects everything else, naming the text", "[parse]") {
    const char* rejected[] = {
        "NaN", "nan", "inf", "Infinity", "-inf", "", "1/0", "0/0", "0x1p3", "0x10", "1.5.2", " 1", "1 ",
        "\t1", "1\n", "1e", "e5", "1/", "/3", "+", "-", ".", "e", "1e999999999", "3/-4", "3/+4", "1,5",
        "1e+", "1e-", "--1", "+-1", "1/2/3", "1.5/2", "1e5/2", "1/2e3", "1_000", "1e1.5", "١", "1d3",
        "7 / 3", "/", "0b101", "1%",
    };
    for (const char* t : rejected) {
        INFO("text \"" << t << "\"");
        bool threw = false;
        try {
            parse_exact(t);
        } catch (const ParseError& e) {
            threw = true;
            const std::string msg = e.what();
            CHECK(msg.find("\"" + std::string(t) + "\"") != std::string::npos);
        }
        CHECK(threw);
    }
    // The error is a ParseError, not a generic exception of a lower layer.
    CHECK_THROWS_AS(parse_exact(std::string_view("12\0" "3", 4)), ParseError);
}

TEST_CASE("to_exact_string is canonical and round-trips", "[parse]") {
    CHECK(to_exact_string(q(6, 4)) == "3/2");
    CHECK(to_exact_string(q(-6, 3)) == "-2");
    CHECK(to_exact_string(q(0, 7)) == "0");
    CHECK(to_exact_string(q(-1, 10)) == "-1/10");
    CHECK(to_exact_string(parse_exact("0.1")) == "1/10");
    std::mt19937_64 rng(20240611);
    for (int k = 0; k < 500; ++k) {
        Integer num = 0, den = 0;
        const int words_n = 1 + static_cast<int>(rng() % 4), words_d = 1 + static_cast<int>(rng() % 3);
        for (int w = 0; w < words_n; ++w) num = (num << 64) + Integer(rng());
        for (int w = 0; w < words_d; ++w) den = (den << 64) + Integer(rng());
        num >>= static_cast<unsigned>(rng() % 200);
        den >>= static_cast<unsigned>(rng() % 150);
        if (den == 0) den = 1;
        Rational v(rng() & 1 ? Integer(-num) : num, den);
        const std::string s = to_exact_string(v);
        INFO(s);
        CHECK(parse_exact(s) == v);
        CHECK(to_exact_string(parse_exact(s)) == s);
    }
}

TEST_CASE("decimal_down / decimal_up parse back and bracket the value", "[parse][interval]") {
    const std::regex format(R"(0|-?[1-9](\.[0-9]*[1-9])?(e-?[1-9][0-9]*)?)");
    std::mt19937_64 rng(1788);
    for (unsigned bits : {53u, 64u, 113u, 256u}) {
        PrecisionScope scope(bits);
        for (int k = 0; k < 300; ++k) {
            Integer num = (Integer(rng()) << 64) + Integer(rng());
            Integer den = Integer(rng() >> (rng() % 64)) + 1;
            num >>= static_cast<unsigned>(rng() % 120);
            Rational v(rng() & 1 ? Integer(-num) : num, den);
            const int shift = static_cast<int>(rng() % 2001) - 1000;  // magnitudes 2^-1000 .. 2^1000
            if (shift > 0) v *= Rational(Integer(1) << shift);
            if (shift < 0) v /= Rational(Integer(1) << -shift);
            const Interval x = enclose(v);
            for (int digits : {1, 2, 5, 17, 30, 80}) {
                const std::string l = decimal_down(lo(x), digits);
                const std::string u = decimal_up(hi(x), digits);
                INFO(bits << " bits, " << digits << " digits: " << to_exact_string(v) << " in [" << l << ", " << u << "]");
                CHECK(std::regex_match(l, format));
                CHECK(std::regex_match(u, format));
                const Rational lq = parse_exact(l), uq = parse_exact(u);
                CHECK(lq <= to_rational(lo(x)));
                CHECK(uq >= to_rational(hi(x)));
                CHECK(lq <= v);
                CHECK(v <= uq);
                // At most max(digits, 2) significant digits (decimal_* uses at
                // least 2), and each bound is within one unit of its last digit
                // of the endpoint: u - l <= (|lo| + |hi|) 10^(1-d) + width.
                const int d = std::max(digits, 2);
                for (const std::string& t : {l, u}) {
                    const std::string mantissa = t.substr(0, t.find('e'));
                    CHECK(std::count_if(mantissa.begin(), mantissa.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) <= d);
                }
                const Rational xl = to_rational(lo(x)), xu = to_rational(hi(x));
                CHECK(uq - lq <= (abs(xl) + abs(xu)) / Rational(pow10(static_cast<unsigned>(d - 1))) + (xu - xl));
            }
        }
    }
    PrecisionScope scope(53);
    // Exactly representable decimals print exactly, the same both ways.
    CHECK(decimal_down(lo(enclose(q(1, 2))), 10) == "5e-1");
    CHECK(decimal_up(hi(enclose(q(-3, 4))), 10) == "-7.5e-1");
    CHECK(decimal_down(lo(enclose(q(1000))), 10) == "1e3");
    CHECK(decimal_down(new_real(), 10) == "0");
    // Direction for negative values: down is more negative.
    const Interval third = enclose(q(-1, 3));
    CHECK(decimal_down(lo(third), 5) == "-3.3334e-1");
    CHECK(decimal_up(hi(third), 5) == "-3.3333e-1");
    // Infinities print as inf / -inf, which the exact parser rejects.
    Real inf = new_real();
    mpfr_set_inf(inf.backend().data(), 1);
    CHECK(decimal_up(inf, 5) == "inf");
    mpfr_set_inf(inf.backend().data(), -1);
    CHECK(decimal_down(inf, 5) == "-inf");
    CHECK_THROWS_AS(parse_exact(decimal_down(inf, 5)), ParseError);
}
