// The compact exact decimals (number/parse.hpp parse_small_decimal,
// number/decimal_column.hpp) and the exact integer sums of their products
// (number/decimal_sums.hpp), against plain exact-rational oracles written
// here: a value m * 10^e is built from its digits with Integer arithmetic.
#include "lrcert/number/decimal_column.hpp"
#include "lrcert/number/decimal_sums.hpp"
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

// The oracle: m * 10^e as an exact rational.
Rational oracle(long long m, long e) {
    if (e >= 0) return Rational(Integer(m) * ten_to(e));
    return Rational(Integer(m), ten_to(-e));
}

// A random text of an exact number in one of the accepted decimal forms
// (optional sign, leading/trailing zeros, fraction digits, exponent with
// leading zeros), with its value m * 10^e computed independently.
struct Text {
    std::string text;
    Rational value;
};

Text random_decimal(std::mt19937_64& rng, int max_digits) {
    std::uniform_int_distribution<int> coin(0, 1), ndig(1, max_digits), zeros(0, 3), expo(-40, 40), sign(0, 2);
    std::string digits;
    const int n = ndig(rng);
    for (int k = 0; k < n; ++k) digits += static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(rng));
    const int point = std::uniform_int_distribution<int>(0, n)(rng);  // digits before the point
    std::string t;
    const int s = sign(rng);
    if (s == 1) t += '-';
    if (s == 2 && coin(rng)) t += '+';
    t += std::string(static_cast<size_t>(zeros(rng)), '0');
    t += digits.substr(0, static_cast<size_t>(point));
    long e = 0;
    if (point < n || coin(rng)) {
        t += '.';
        t += digits.substr(static_cast<size_t>(point));
        t += std::string(static_cast<size_t>(zeros(rng)), '0');
    }
    if (t.find_first_of("0123456789") == std::string::npos) t += '0';
    if (coin(rng)) {
        e = expo(rng);
        t += coin(rng) ? 'e' : 'E';
        t += e < 0 ? "-" : (coin(rng) ? "+" : "");
        t += std::string(static_cast<size_t>(zeros(rng)), '0') + std::to_string(e < 0 ? -e : e);
    }
    // Value: the digits as an integer, times 10^(e - digits after the point).
    const Integer mant = Integer(digits.empty() ? std::string("0") : std::string("1") + digits) - ten_to(n);
    Rational v = e - (n - point) >= 0 ? Rational(mant * ten_to(e - (n - point)))
                                      : Rational(mant, ten_to((n - point) - e));
    if (s == 1) v = -v;
    return {t, v};
}

}  // namespace

TEST_CASE("parse_small_decimal gives exactly parse_exact's value when it answers", "[parse][decimal]") {
    std::mt19937_64 rng(15);
    size_t answered = 0;
    for (int k = 0; k < 20000; ++k) {
        const Text t = random_decimal(rng, 24);
        INFO("text \"" << t.text << "\"");
        REQUIRE(parse_exact(t.text) == t.value);  // the oracle agrees with the reference parser
        const std::optional<SmallDecimal> s = parse_small_decimal(t.text);
        if (!s) continue;
        ++answered;
        CHECK(oracle(s->mantissa, s->exponent) == t.value);
        CHECK(to_rational(*s) == t.value);
        // Normalised: no trailing zero in the mantissa, zero is {0, 0}.
        if (s->mantissa == 0) CHECK(s->exponent == 0);
        else CHECK(s->mantissa % 10 != 0);
    }
    CHECK(answered > 10000);  // the fast path covers the common forms
    // Up to 18 significant digits always answer, 19 never.
    CHECK(parse_small_decimal("-123456789012345678e-5").has_value());
    CHECK(parse_small_decimal("0.000123456789012345678000").has_value());
    CHECK_FALSE(parse_small_decimal("1234567890123456789").has_value());
    CHECK(parse_small_decimal("1.5000")->mantissa == 15);
    CHECK(parse_small_decimal("1.5000")->exponent == -1);
    CHECK(parse_small_decimal("-0.000")->mantissa == 0);
    CHECK(parse_small_decimal("25e100000")->exponent == 100000);
    CHECK(parse_small_decimal("1e0000001")->mantissa == 1);  // leading zeros of the exponent, as parse_exact
}

TEST_CASE("parse_small_decimal never answers for what parse_exact refuses or is not a decimal", "[parse][decimal]") {
    for (const char* t : {"", "+", "-", ".", "e5", "1e", "1e+", "1.5.2", "1,5", " 1", "1 ", "NaN", "inf", "0x1p3",
                          "7/3", "1/0", "1e100001", "1e-1000000", "--1", "1e5x", "١"}) {
        INFO("text \"" << t << "\"");
        CHECK_FALSE(parse_small_decimal(t).has_value());
    }
    // Fractions and long mantissas are left to parse_exact (they are valid).
    CHECK_FALSE(parse_small_decimal("1/2").has_value());
    CHECK_FALSE(parse_small_decimal("0." + std::string(30, '3')).has_value());
}

TEST_CASE("DecimalColumn keeps every value exactly, small decimals compactly", "[decimal]") {
    std::vector<Rational> values = {Rational(0), Rational(1, 3), Rational(-5, 8), Rational(12345), Rational(7, 1000),
                                    Rational(Integer("123456789012345678901234567890")), Rational(-1, 1024),
                                    oracle(999999999999999999LL, -1100000), oracle(1, 1100001)};
    const DecimalColumn c(values);
    REQUIRE(c.size() == values.size());
    for (size_t i = 0; i < values.size(); ++i) CHECK(c.value(i) == values[i]);
    CHECK(c.is_small(0));
    CHECK_FALSE(c.is_small(1));   // 1/3 has no finite decimal
    CHECK(c.is_small(2));         // -5/8 = -625e-3
    CHECK(c.small(2).mantissa == -625);
    CHECK(c.small(2).exponent == -3);
    CHECK(c.small(3).mantissa == 12345);
    CHECK_FALSE(c.is_small(5));   // 30 digits
    CHECK(c.is_small(6));         // 2^-10 = 9765625e-10
    CHECK(c.is_small(7));
    CHECK_FALSE(c.is_small(8));   // exponent beyond the parser's range
    CHECK(c.others() == 3);
    CHECK(c.rationals() == values);
    DecimalColumn d(values);
    CHECK(c == d);
    values[4] = Rational(7, 999);
    CHECK_FALSE(c == DecimalColumn(values));
}

TEST_CASE("DecimalDotSum is the exact sum of products, across exponents and past 128 bits", "[decimal]") {
    std::mt19937_64 rng(4);
    std::uniform_int_distribution<long long> big(-999999999999999999LL, 999999999999999999LL), six(-999999, 999999);
    std::uniform_int_distribution<int> e_near(-12, 3), kind(0, 9);
    for (size_t d : {size_t(1), size_t(10), size_t(1000), size_t(100000)}) {
        DecimalDotSum sum;
        Rational want = 0, want_far = 0;  // the oracle, in two parts (a huge denominator would slow every addition)
        for (size_t i = 0; i < d; ++i) {
            SmallDecimal a, b;
            const int k = kind(rng);
            if (k == 0) {  // a zero
                a = {0, 0};
                b = {six(rng), e_near(rng)};
            } else if (k <= 2) {  // full 18-digit mantissas, same sign: the 128-bit partial sums overflow
                const long long m = 999999999999999999LL - (big(rng) & 0xffff);
                a = {m, 5};
                b = {m, -7};
            } else if (i % 1000 == 7) {  // far exponents (outside the window of classes), a few classes
                const int far[] = {-100000, -4321, 777, 100000};
                a = {six(rng), far[std::uniform_int_distribution<int>(0, 3)(rng)]};
                b = {six(rng), -3};
            } else {  // 6-digit decimals with mixed exponents
                a = {six(rng), e_near(rng)};
                b = {six(rng), e_near(rng)};
            }
            sum.add_product(a, b);
            (i % 1000 == 7 ? want_far : want) += oracle(a.mantissa, a.exponent) * oracle(b.mantissa, b.exponent);
        }
        want += want_far;
        sum.add(Rational(1, 3));
        want += Rational(1, 3);
        INFO("d = " << d);
        CHECK(sum.value() == want);
    }
    // Cancellation to exactly zero, and the empty sum.
    DecimalDotSum z;
    z.add_product({123, -4}, {5, 2});
    z.add_product({-615, -2}, {1, 0});
    CHECK(z.value() == 0);
    CHECK(DecimalDotSum().value() == 0);
}
