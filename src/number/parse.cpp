#include "lrcert/number/parse.hpp"

#include <gmp.h>

#include <cctype>
#include <cstdint>

namespace lrcert {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

[[noreturn]] void reject(std::string_view text, const std::string& why) {
    throw ParseError("not an exact number: \"" + std::string(text) + "\" (" + why + ")");
}

// Reads [digits] starting at i; returns the digits, advances i.
std::string_view read_digits(std::string_view s, size_t& i) {
    size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return s.substr(start, i - start);
}

// The value of a non-empty run of decimal digits. Base 10 is explicit: Boost's
// string constructor of mpz_int reads a leading '0' as an octal prefix, so
// Integer("025") would be 21 (and "09" an error).
Integer integer_of(std::string_view digits) {
    Integer r;
    if (digits.empty()) return r;
    const std::string text(digits);
    if (mpz_set_str(r.backend().data(), text.c_str(), 10) != 0)
        throw ParseError("not an exact number: bad digits \"" + text + "\"");
    return r;
}

Integer pow10(long e) {
    Integer r = 1;
    Integer base = 10;
    unsigned long k = static_cast<unsigned long>(e);
    while (k) {
        if (k & 1) r *= base;
        base *= base;
        k >>= 1;
    }
    return r;
}

}  // namespace

Rational parse_exact(std::string_view text) {
    const std::string_view s = text;
    if (s.empty()) reject(text, "empty");
    size_t i = 0;
    bool negative = false;
    if (s[i] == '+' || s[i] == '-') {
        negative = s[i] == '-';
        ++i;
    }
    std::string_view int_digits = read_digits(s, i);

    if (i < s.size() && s[i] == '/') {
        ++i;
        std::string_view den_digits = read_digits(s, i);
        if (int_digits.empty()) reject(text, "missing numerator");
        if (den_digits.empty()) reject(text, "missing denominator");
        if (i != s.size()) reject(text, "unexpected text after the denominator");
        Integer den = integer_of(den_digits);
        if (den == 0) reject(text, "zero denominator");
        Rational q(integer_of(int_digits), den);
        return negative ? Rational(-q) : q;
    }

    std::string_view frac_digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        frac_digits = read_digits(s, i);
    }
    if (int_digits.empty() && frac_digits.empty()) reject(text, "no digits");

    long exponent = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            exp_negative = s[i] == '-';
            ++i;
        }
        std::string_view exp_digits = read_digits(s, i);
        if (exp_digits.empty()) reject(text, "missing exponent digits");
        // Strip leading zeros, then bound the length before converting.
        size_t nz = exp_digits.find_first_not_of('0');
        exp_digits = nz == std::string_view::npos ? std::string_view() : exp_digits.substr(nz);
        if (exp_digits.size() > 6) reject(text, "exponent out of range");
        exponent = exp_digits.empty() ? 0 : std::stol(std::string(exp_digits));
        if (exponent > kMaxDecimalExponent) reject(text, "exponent out of range");
        if (exp_negative) exponent = -exponent;
    }
    if (i != s.size()) reject(text, "unexpected character '" + std::string(1, s[i]) + "'");

    std::string mantissa(int_digits);
    mantissa += frac_digits;
    exponent -= static_cast<long>(frac_digits.size());
    if (exponent < -kMaxDecimalExponent - 1000000) reject(text, "exponent out of range");
    Integer m = integer_of(mantissa);
    if (negative) m = -m;
    if (m == 0) return Rational(0);
    if (exponent >= 0) return Rational(m * pow10(exponent));
    return Rational(m, pow10(-exponent));
}

namespace {

// read_small_decimal for every case (trailing zeros past 18 digits included).
size_t read_small_decimal_general(std::string_view s, SmallDecimal& out) {
    // Mirrors the decimal branch of parse_exact in one pass; any doubt returns 0.
    size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        negative = s[i] == '-';
        ++i;
    }
    // The mantissa without leading zeros; trailing zeros are held back in
    // `zeros` (they move into the exponent) until a non-zero digit follows.
    std::int64_t m = 0;
    int digits = 0;  // digits in m
    long zeros = 0;
    bool any_digit = false;
    auto take = [&](char c) {
        any_digit = true;
        if (c == '0') {
            if (m != 0) ++zeros;
            return true;
        }
        if (digits + zeros + 1 > kMaxSmallDecimalDigits) return false;
        for (; zeros > 0; --zeros, ++digits) m *= 10;
        m = m * 10 + (c - '0');
        ++digits;
        return true;
    };
    while (i < s.size() && is_digit(s[i]))
        if (!take(s[i++])) return 0;
    long frac_len = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit(s[i])) {
            if (!take(s[i++])) return 0;
            if (++frac_len > 1000000) return 0;  // parse_exact decides (range check)
        }
    }
    if (!any_digit) return 0;  // no digits, or a fraction's '/'
    long exponent = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            exp_negative = s[i] == '-';
            ++i;
        }
        const size_t exp_start = i;
        while (i < s.size() && s[i] == '0') ++i;
        const size_t exp_digits_start = i;
        while (i < s.size() && is_digit(s[i])) ++i;
        if (i == exp_start || i - exp_digits_start > 6) return 0;  // parse_exact decides
        for (size_t k = exp_digits_start; k < i; ++k) exponent = exponent * 10 + (s[k] - '0');
        if (exponent > kMaxDecimalExponent) return 0;
        if (exp_negative) exponent = -exponent;
    }
    out = m == 0 ? SmallDecimal{0, 0} : SmallDecimal{negative ? -m : m, static_cast<std::int32_t>(exponent - frac_len + zeros)};
    return i;
}

}  // namespace

size_t read_small_decimal(std::string_view s, SmallDecimal& out) {
    // The common case, mantissa digits (without leading zeros) at most 18 and
    // a short exponent, in a tight loop; anything else by the general reader.
    size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    std::int64_t m = 0;
    int digits = 0;
    bool any_digit = false;
    while (i < s.size() && is_digit(s[i])) {
        any_digit = true;
        const int c = s[i++] - '0';
        if (m == 0 && c == 0) continue;
        if (++digits > kMaxSmallDecimalDigits) return read_small_decimal_general(s, out);
        m = m * 10 + c;
    }
    long frac_len = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit(s[i])) {
            any_digit = true;
            const int c = s[i++] - '0';
            ++frac_len;
            if (m == 0 && c == 0) continue;
            if (++digits > kMaxSmallDecimalDigits) return read_small_decimal_general(s, out);
            m = m * 10 + c;
        }
    }
    if (!any_digit) return 0;
    long exponent = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) exp_negative = s[i++] == '-';
        const size_t exp_start = i;
        while (i < s.size() && is_digit(s[i]) && i - exp_start < 4) exponent = exponent * 10 + (s[i++] - '0');
        if (i == exp_start || (i < s.size() && is_digit(s[i]))) return read_small_decimal_general(s, out);
        if (exp_negative) exponent = -exponent;
    }
    if (frac_len > 1000000) return read_small_decimal_general(s, out);
    if (m == 0) {
        out = SmallDecimal{0, 0};
        return i;
    }
    long zeros = 0;  // trailing zeros of the mantissa move into the exponent
    while (m % 10 == 0) {
        m /= 10;
        ++zeros;
    }
    out = SmallDecimal{negative ? -m : m, static_cast<std::int32_t>(exponent - frac_len + zeros)};
    return i;
}

std::optional<SmallDecimal> parse_small_decimal(std::string_view s) {
    SmallDecimal x;
    const size_t n = read_small_decimal(s, x);
    if (n == 0 || n != s.size()) return std::nullopt;
    return x;
}

Rational to_rational(SmallDecimal x) {
    Integer m = x.mantissa;
    if (x.mantissa == 0) return Rational(0);
    if (x.exponent >= 0) return Rational(m * pow10(x.exponent));
    return Rational(m, pow10(-static_cast<long>(x.exponent)));
}

std::string to_exact_string(const Rational& q) { return q.str(); }

}  // namespace lrcert
