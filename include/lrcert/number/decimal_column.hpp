// A column of exact numbers stored compactly, for the long vectors of a
// scalar problem (x0, y0 with d up to 10^7; docs/formats.md, "Limits").
//
// An entry that is a SmallDecimal (number/parse.hpp: at most 18 mantissa
// digits) takes 12 bytes; any other exact rational (a fraction, a long
// mantissa) is kept on the side as a Rational. Either way value(i) is the
// exact number the entry was given as.
#pragma once

#include "lrcert/number/parse.hpp"
#include "lrcert/number/rational.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace lrcert {

class DecimalColumn {
public:
    DecimalColumn() = default;
    // The column of the given exact values (each stored as a SmallDecimal
    // when it is one, i.e. an integer times a power of ten with a short mantissa).
    explicit DecimalColumn(const std::vector<Rational>& values);

    void reserve(size_t n);
    void push_back(SmallDecimal x);
    // Stored as a SmallDecimal when q is one, else on the side.
    void push_back(const Rational& q);

    size_t size() const { return mantissa_.size(); }
    bool empty() const { return mantissa_.empty(); }
    // True if entry i is held as a SmallDecimal (then small(i) is it).
    bool is_small(size_t i) const { return exponent_[i] != kOther; }
    SmallDecimal small(size_t i) const { return SmallDecimal{mantissa_[i], exponent_[i]}; }
    // Entry i as an exact rational (either kind).
    Rational value(size_t i) const;
    Rational operator[](size_t i) const { return value(i); }
    // All entries as rationals (d Rationals: only for small d or tests).
    std::vector<Rational> rationals() const;
    // The number of entries held on the side as Rationals.
    size_t others() const { return others_.size(); }

    friend bool operator==(const DecimalColumn& a, const DecimalColumn& b);

private:
    // exponent_[i] == kOther marks an entry on the side; mantissa_[i] is then its index in others_.
    static constexpr std::int32_t kOther = INT32_MIN;
    std::vector<std::int64_t> mantissa_;
    std::vector<std::int32_t> exponent_;
    std::vector<Rational> others_;
};

// The SmallDecimal equal to q, if q is an integer times a power of ten whose
// mantissa (without trailing zeros) has at most kMaxSmallDecimalDigits digits
// and whose exponent is within |e| <= 1100000; else nullopt.
std::optional<SmallDecimal> small_decimal_of(const Rational& q);

}  // namespace lrcert
