// One-sided bounds, in the spirit of Arb's mag_t: a number known only to lie
// above (UpperBound) or below (LowerBound) some exact real quantity.
//
// UpperBound holds u >= x for the exact x it bounds; its arithmetic rounds
// only upward (MPFR_RNDU), so the result of every operation is >= the exact
// result of that operation on the exact quantities, provided the operation is
// monotone in its arguments where they are used (multiplication, division and
// sqrt are for bounds of non-negative quantities: radii, growth factors,
// norms, lemma parameters). LowerBound is the mirror image (MPFR_RNDD). Each
// result is at most one rounding (one ulp at working precision) from the
// exact result of the operation on the stored values.
//
// The two types do not convert into each other, nor into or from Real,
// implicitly: a lower bound used as an upper bound does not compile. The
// explicit ways in are named after what they assert (of_mag, upper_of,
// lower_of, assume_upper, ...). Comparisons (with bounds of either kind and
// with exact integers) compare the stored values; they are false when a value
// is NaN, like Real's.
#pragma once

#include "lrcert/number/interval.hpp"
#include "lrcert/number/rational.hpp"

#include <concepts>
#include <string>

namespace lrcert {

class LowerBound;

class UpperBound {
public:
    // 0 (Boost's default precision, as a default-constructed Real).
    UpperBound() = default;
    // The exact small constant k (exact at any precision >= 64 bits).
    static UpperBound exact(long k);
    // x, asserted to be an upper bound of the quantity (rounded up to working
    // precision if it has more bits).
    static UpperBound assume_upper(const Real& x);
    // q rounded up to working precision.
    static UpperBound of_rational(const Rational& q);
    // max |v| over x, rounded up.
    static UpperBound of_mag(const Interval& x);
    // The double v, asserted to be an upper bound of the quantity (exact at
    // working precision >= 53 bits, else rounded up; NaN stays NaN).
    static UpperBound of_double(double v);
    // +infinity.
    static UpperBound infinity();

    // In place (no allocation once the stored number has the working
    // precision, as Arb's mag_set on an existing mag_t): the value becomes
    // v 2^e rounded up (exact for a double v when the working precision has
    // >= 53 bits), asserted to be an upper bound of the quantity, like
    // of_double.
    void assign_scaled(double v, long e = 0);
    // In place: the value becomes value + a b, rounded up once (>= x + y z
    // for x <= value, y <= a, z <= b, all non-negative).
    void add_product(const UpperBound& a, const UpperBound& b);

    const Real& real() const { return value_; }
    bool finite() const;
    bool nan() const;
    // decimal_up(value, digits): the printed number is >= the bound.
    std::string decimal(int digits) const;
    // The exact rational value of a finite bound.
    Rational rational() const;

    friend UpperBound operator+(const UpperBound& a, const UpperBound& b);
    friend UpperBound operator*(const UpperBound& a, const UpperBound& b);
    friend UpperBound operator/(const UpperBound& a, const LowerBound& b);
    // a - b rounded up: an upper bound of x - y for x <= a, y >= b.
    friend UpperBound operator-(const UpperBound& a, const LowerBound& b);
    friend UpperBound sqrt(const UpperBound& a);
    friend UpperBound max(const UpperBound& a, const UpperBound& b);
    friend UpperBound min(const UpperBound& a, const UpperBound& b);

private:
    explicit UpperBound(Real v) : value_(std::move(v)) {}
    Real value_;
    friend class LowerBound;
};

class LowerBound {
public:
    LowerBound() = default;
    static LowerBound exact(long k);
    // x, asserted to be a lower bound of the quantity (rounded down).
    static LowerBound assume_lower(const Real& x);
    static LowerBound of_rational(const Rational& q);
    // min |v| over x, rounded down (0 if x contains 0).
    static LowerBound of_mig(const Interval& x);
    // The double v, asserted to be a lower bound (exact, or rounded down).
    static LowerBound of_double(double v);

    // In place: the value becomes v 2^e rounded down (as assign_scaled of
    // UpperBound, mirrored).
    void assign_scaled(double v, long e = 0);

    const Real& real() const { return value_; }
    bool finite() const;
    // decimal_down(value, digits): the printed number is <= the bound.
    std::string decimal(int digits) const;
    Rational rational() const;

    friend LowerBound operator+(const LowerBound& a, const LowerBound& b);
    friend LowerBound operator*(const LowerBound& a, const LowerBound& b);
    friend LowerBound operator/(const LowerBound& a, const UpperBound& b);
    // a - b rounded down: a lower bound of x - y for x >= a, y <= b.
    friend LowerBound operator-(const LowerBound& a, const UpperBound& b);
    friend LowerBound sqrt(const LowerBound& a);
    friend LowerBound max(const LowerBound& a, const LowerBound& b);
    friend LowerBound min(const LowerBound& a, const LowerBound& b);
    // max(a, 0), and 0 for NaN: a lower bound of any non-negative quantity >= a.
    friend LowerBound positive_part(const LowerBound& a);

private:
    explicit LowerBound(Real v) : value_(std::move(v)) {}
    Real value_;
    friend class UpperBound;
};

// The upper end of x: an upper bound of every point of x.
UpperBound upper_of(const Interval& x);
// The lower end of x: a lower bound of every point of x.
LowerBound lower_of(const Interval& x);
// [0, u]: the values of a non-negative quantity bounded by u.
Interval upto(const UpperBound& u);
// hi(x) - lo(x) rounded up: an upper bound of the width of x.
UpperBound width_of(const Interval& x);
// [c - r, c + r] and [lo(x) - r, hi(x) + r], rounded outward.
Interval around(const Real& c, const UpperBound& r);
Interval widen(const Interval& x, const UpperBound& r);
// An upper bound of a - b for exact reals a, b (a - b rounded up).
UpperBound difference_up(const Real& a, const Real& b);
// The thin interval [b, b] (a point, e.g. to evaluate a monotone expression at the bound).
Interval point(const UpperBound& u);
Interval point(const LowerBound& l);

// Exact values of finite bounds (as UpperBound::rational()).
inline Rational to_rational(const UpperBound& u) { return u.rational(); }
inline Rational to_rational(const LowerBound& l) { return l.rational(); }

// ---- comparisons of stored values (false when either is NaN) --------------------

template <class T>
concept OneSidedBound = std::same_as<T, UpperBound> || std::same_as<T, LowerBound>;

template <OneSidedBound A, OneSidedBound B>
bool operator<(const A& a, const B& b) { return a.real() < b.real(); }
template <OneSidedBound A, OneSidedBound B>
bool operator<=(const A& a, const B& b) { return a.real() <= b.real(); }
template <OneSidedBound A, OneSidedBound B>
bool operator>(const A& a, const B& b) { return a.real() > b.real(); }
template <OneSidedBound A, OneSidedBound B>
bool operator>=(const A& a, const B& b) { return a.real() >= b.real(); }
template <OneSidedBound A, OneSidedBound B>
bool operator==(const A& a, const B& b) { return a.real() == b.real(); }

// With exact integer constants.
template <OneSidedBound A, std::integral I>
bool operator<(const A& a, I k) { return a.real() < static_cast<long>(k); }
template <OneSidedBound A, std::integral I>
bool operator<=(const A& a, I k) { return a.real() <= static_cast<long>(k); }
template <OneSidedBound A, std::integral I>
bool operator>(const A& a, I k) { return a.real() > static_cast<long>(k); }
template <OneSidedBound A, std::integral I>
bool operator>=(const A& a, I k) { return a.real() >= static_cast<long>(k); }
template <OneSidedBound A, std::integral I>
bool operator==(const A& a, I k) { return a.real() == static_cast<long>(k); }

// ---- heuristic thresholds -------------------------------------------------------
//
// A Threshold is a constant of the search: it decides when to try something
// (more bits, a refresh of cached norms, a lemma), never what is proven
// (docs/math.md: the driver's radius cap, section 8; the matrix family's
// norm refresh and Lemma G trigger, sections 7.1 and 7.4). Its value and
// the products below are computed at round-to-nearest (at least at working
// precision), so a comparison with it is a choice, not a fact about the
// exact quantity. It converts into nothing: it is no UpperBound or
// LowerBound, and no bound can be made from it.
class Threshold {
public:
    // The decimal constant `text` (e.g. "1e-6"); read when it is used.
    constexpr explicit Threshold(const char* text) : text_(text) {}
    constexpr const char* text() const { return text_; }
    // The constant rounded to nearest, as Real(text) reads it: at Boost's
    // default precision, i.e. at least the working precision
    // (number/precision.hpp).
    Real value() const;
    // value() * scale, rounded to nearest.
    Real times(const Real& scale) const;

private:
    const char* text_;
};

// Comparisons of a bound's stored value with t * scale (at round-to-nearest;
// false when a value is NaN): heuristic decisions only.
template <OneSidedBound B>
bool exceeds(const B& b, const Threshold& t, const Real& scale) { return b.real() > t.times(scale); }
template <OneSidedBound B>
bool below(const B& b, const Threshold& t, const Real& scale) { return b.real() < t.times(scale); }

}  // namespace lrcert
