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

// Canonical exact text of q: "p/q" in lowest terms, or "p" for an integer.
std::string to_exact_string(const Rational& q);

}  // namespace lrcert
