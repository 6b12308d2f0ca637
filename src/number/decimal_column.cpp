#include "lrcert/number/decimal_column.hpp"

#include <gmp.h>

#include <climits>

namespace lrcert {

namespace {

// Exponent bound of SmallDecimal values (the range parse_small_decimal produces).
constexpr long kSmallExponentBound = kMaxDecimalExponent + 1000000;

}  // namespace

std::optional<SmallDecimal> small_decimal_of(const Rational& q) {
    if (q == 0) return SmallDecimal{0, 0};
    Integer num = numerator(q);
    const Integer& den = denominator(q);
    long exponent = 0;
    // den must be 2^a 5^b; then q = num 2^(k-a) 5^(k-b) / 10^k with k = max(a, b).
    if (den != 1) {
        const unsigned long a = mpz_scan1(den.backend().data(), 0);
        Integer rest = den >> a;
        const unsigned long b = mpz_remove(rest.backend().data(), rest.backend().data(), Integer(5).backend().data());
        if (rest != 1) return std::nullopt;
        const unsigned long k = a > b ? a : b;
        if (k > static_cast<unsigned long>(kSmallExponentBound)) return std::nullopt;
        Integer five;
        mpz_ui_pow_ui(five.backend().data(), 5, k - b);
        num = (num << (k - a)) * five;
        exponent = -static_cast<long>(k);
    }
    // Trailing zeros of the mantissa move into the exponent (mpz_remove: fast
    // also for an integer with very many of them).
    const Integer sign = num < 0 ? -1 : 1;
    num = abs(num);
    exponent += static_cast<long>(mpz_remove(num.backend().data(), num.backend().data(), Integer(10).backend().data()));
    if (exponent > kSmallExponentBound || exponent < -kSmallExponentBound) return std::nullopt;
    Integer bound;
    mpz_ui_pow_ui(bound.backend().data(), 10, kMaxSmallDecimalDigits);
    if (num >= bound) return std::nullopt;
    return SmallDecimal{(sign * num).convert_to<std::int64_t>(), static_cast<std::int32_t>(exponent)};
}

DecimalColumn::DecimalColumn(const std::vector<Rational>& values) {
    reserve(values.size());
    for (const Rational& q : values) push_back(q);
}

void DecimalColumn::reserve(size_t n) {
    mantissa_.reserve(n);
    exponent_.reserve(n);
}

void DecimalColumn::push_back(SmallDecimal x) {
    mantissa_.push_back(x.mantissa);
    exponent_.push_back(x.exponent);
}

void DecimalColumn::push_back(const Rational& q) {
    if (std::optional<SmallDecimal> s = small_decimal_of(q)) return push_back(*s);
    mantissa_.push_back(static_cast<std::int64_t>(others_.size()));
    exponent_.push_back(kOther);
    others_.push_back(q);
}

Rational DecimalColumn::value(size_t i) const {
    if (is_small(i)) return to_rational(small(i));
    return others_[static_cast<size_t>(mantissa_[i])];
}

std::vector<Rational> DecimalColumn::rationals() const {
    std::vector<Rational> r;
    r.reserve(size());
    for (size_t i = 0; i < size(); ++i) r.push_back(value(i));
    return r;
}

bool operator==(const DecimalColumn& a, const DecimalColumn& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a.is_small(i) && b.is_small(i)) {
            // SmallDecimals are normalised (no trailing mantissa zeros): equal values, equal fields.
            if (a.mantissa_[i] != b.mantissa_[i] || a.exponent_[i] != b.exponent_[i]) return false;
        } else if (a.value(i) != b.value(i)) {
            return false;
        }
    }
    return true;
}

}  // namespace lrcert
