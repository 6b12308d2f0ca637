// lrcert-check: exact rationals (GMP) and rational intervals with outward rounding.
// Trusted base: GMP's mpq/mpz arithmetic. Everything here is exact except the
// explicit outward roundings, whose direction is stated at each function.
#pragma once

#include <gmpxx.h>

#include <optional>
#include <string>

namespace chk {

using Q = mpq_class;
using Z = mpz_class;

// Significant bits kept by interval arithmetic when an endpoint grows large
// (docs/checker.md, section 4). No global state: every interval carries its
// own precision `bits`, set where the checker makes its inputs (with_bits:
// the certificate's grid_bits + 96, or 192 for an orbits certificate), and
// every result inherits the larger of its operands' (an exact constant such
// as I(2) has 0 and takes the other operand's). An interval computed from
// constants only rounds at kDefaultIntervalBits.
constexpr long kDefaultIntervalBits = 256;

long size_bits(const Q& q);                      // bits of numerator + denominator
long floor_log2(const Q& q);                     // q != 0: floor(log2 |q|), exact
Q round_bits(const Q& q, long bits, int dir);    // `bits` significant bits; dir -1 down, +1 up, 0 nearest
Q pow2(long e);                                  // 2^e exactly
void sqrt_bounds(const Q& q, long bits, Q& lo, Q& hi);  // q >= 0: lo <= sqrt(q) <= hi (equal if exact)
Q sqrt_up(const Q& q, long bits);
Q sqrt_down(const Q& q, long bits);
void exp_bounds(const Q& x, long bits, Q& lo, Q& hi);    // lo <= exp(x) <= hi
std::optional<Q> parse_number(const std::string& s);     // decimal "[+-]d[.d][e[+-]d]" or "[+-]p/q"
std::string decimal(const Q& q, int digits, int dir);    // digits significant digits, rounded dir
std::string exact_text(const Q& q);

// A closed interval [lo, hi] with rational ends. Every operation returns an
// interval containing the exact result for every point of its operands.
struct I {
    Q lo, hi;
    long bits = 0;  // precision of the rounding of large ends; 0: not set (see above)
    I() = default;
    I(const Q& a) : lo(a), hi(a) {}
    I(const Q& a, const Q& b) : lo(a), hi(b) {}
    I(long a) : lo(a), hi(a) {}
    bool thin() const { return lo == hi; }
    long precision() const { return bits > 0 ? bits : kDefaultIntervalBits; }
};

I with_bits(I x, long bits);  // x with precision `bits`
I tidy(I x);  // rounds an endpoint outward to x.precision() bits when it is large
I operator+(const I& a, const I& b);
I operator-(const I& a, const I& b);
I operator-(const I& a);
I operator*(const I& a, const I& b);
I operator/(const I& a, const I& b);  // requires 0 not in b
I sqr(const I& a);
I pow(const I& a, unsigned k);
I isqrt(const I& a);                  // requires lo >= 0
I iabs(const I& a);
I imin(const I& a, const I& b);
I imax(const I& a, const I& b);
I hull(const I& a, const I& b);
I iexp(const I& a);
Q mag(const I& a);                    // max |x| over a
bool contains_zero(const I& a);
bool intersect_into(I& a, const I& b);  // a := a cap b; false if empty
bool inside(const I& inner, const I& outer);
std::string text(const I& a, int digits = 20);

}  // namespace chk
