// Parser of exact numbers: decimal strings and fractions to exact rationals.
//
// Accepted (whole string, no surrounding white space):
//   decimal   [+-]? digits? ('.' digits?)? ([eE] [+-]? digits)?   with at least
//             one mantissa digit: "12", "-3.25e-4", "0.1", ".5", "5.", "1E+3"
//   fraction  [+-]? digits '/' digits   with a non-zero denominator: "7/3"
// The value is the exact rational the text denotes ("0.1" is 1/10). Exponents
// are limited to |e| <= kMaxDecimalExponent so that a short text cannot ask for
// a gigantic integer. Everything else ("NaN", "inf", "", "1/0", "0x1p3",
// "1.5.2", " 1", trailing junk) throws ParseError naming the text.
#pragma once

#include "lrcert/number/rational.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lrcert {

constexpr long kMaxDecimalExponent = 100000;

class ParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The exact rational denoted by `text`; throws ParseError otherwise.
Rational parse_exact(std::string_view text);

// A decimal mantissa * 10^exponent whose mantissa has at most
// kMaxSmallDecimalDigits digits (|mantissa| < 10^18 < 2^60): the compact exact
// form of the common number texts ("0.123456", "-1.5e-7"). Zero is {0, 0}.
constexpr int kMaxSmallDecimalDigits = 18;
struct SmallDecimal {
    std::int64_t mantissa = 0;
    std::int32_t exponent = 0;
};

// The fast path of parse_exact: when `text` is a decimal (not a fraction) that
// parse_exact accepts and whose mantissa, without leading and trailing zeros,
// has at most kMaxSmallDecimalDigits digits, returns {m, e} with
// m * 10^e == parse_exact(text) exactly (trailing zeros of the mantissa are
// moved into e). Otherwise nullopt, never an exception: the caller then calls
// parse_exact, which gives the value or the error message.
std::optional<SmallDecimal> parse_small_decimal(std::string_view text);

// The same on the longest prefix of `text` of the decimal form: its length,
// with `out` set to its value, or 0 (out unchanged) when there is no such
// prefix or the fast path does not cover it. parse_small_decimal(t) answers
// exactly when read_small_decimal(t, x) == t.size() (and then gives x).
size_t read_small_decimal(std::string_view text, SmallDecimal& out);

// The exact rational m * 10^e.
Rational to_rational(SmallDecimal x);

// Canonical exact text of q: "p/q" in lowest terms, or "p" for an integer.
std::string to_exact_string(const Rational& q);

}  // namespace lrcert
