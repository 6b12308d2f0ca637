// Exact sums of products of decimals in integer arithmetic (docs/math.md,
// section 2, "Exact sums in one pass").
//
// A product of two SmallDecimals is (m1 m2) 10^(e1 + e2) with |m1 m2| < 2^120.
// The accumulator keeps one integer per exponent class e1 + e2: a signed
// 128-bit partial sum, spilled into an mpz integer when the next addition would
// overflow. value() combines the classes exactly over the smallest exponent.
// No rounding happens anywhere: value() is the exact sum.
#pragma once

#include "lrcert/number/parse.hpp"
#include "lrcert/number/rational.hpp"

#include <cstdint>
#include <map>
#include <vector>

namespace lrcert {

// GCC/Clang 128-bit integers (__extension__: not ISO C++, so -Wpedantic would warn).
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

class DecimalDotSum {
public:
    // Adds a * b exactly.
    void add_product(SmallDecimal a, SmallDecimal b) {
        if (a.mantissa == 0 || b.mantissa == 0) return;
        add_scaled(static_cast<Int128>(a.mantissa) * b.mantissa,
                   static_cast<std::int64_t>(a.exponent) + b.exponent);
    }
    // Adds q exactly (for entries that are not SmallDecimals).
    void add(const Rational& q) { other_ += q; }
    // The exact sum of everything added.
    Rational value() const;

private:
    struct Class {
        Int128 partial = 0;
        Integer spilled;  // the sum is spilled + partial
        bool used = false;
    };
    // Adds p 10^e.
    void add_scaled(Int128 p, std::int64_t e) {
        Class& c = class_of(e);
        if (__builtin_add_overflow(c.partial, p, &c.partial)) spill(c, p);
    }
    Class& class_of(std::int64_t e);
    static void spill(Class& c, Int128 p);

    // Classes with exponents in [base_, base_ + kWindow) live in window_, others in far_.
    static constexpr std::int64_t kWindow = 256;
    bool based_ = false;
    std::int64_t base_ = 0;
    std::vector<Class> window_;
    std::map<std::int64_t, Class> far_;
    Rational other_ = 0;
};

}  // namespace lrcert
