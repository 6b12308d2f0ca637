// The interval type: boost::numeric::interval over mpfr_float with directed
// MPFR rounding (rounding.hpp), and the helpers every layer above uses.
//
// Guarantee: for every arithmetic operation op and intervals X, Y, op(X, Y)
// contains { op(x, y) : x in X, y in Y }. Endpoints computed by rounding have
// exactly working_bits() bits; exact zeros and infinities that Boost.Interval
// inserts itself (e.g. [0,0] for a product with [0,0], the infinite ends of a
// division by an interval containing 0) may carry Boost's default precision
// (>= working_bits()), which does not change their value. Division by [0,0]
// gives the empty interval (NaN endpoints; boost::numeric::empty is true).
// Comparisons between overlapping intervals are not defined by operator<; use
// the certainly_* / possibly_* functions.
#pragma once

#include "lrcert/number/precision.hpp"
#include "lrcert/number/rational.hpp"
#include "lrcert/number/rounding.hpp"

#include <boost/numeric/interval.hpp>

#include <string>

namespace lrcert {

using IntervalPolicies = boost::numeric::interval_lib::policies<
    MpfrRounding, boost::numeric::interval_lib::checking_base<Real>>;
using Interval = boost::numeric::interval<Real, IntervalPolicies>;

// Exact negation [-hi, -lo] at the endpoints' own precision. Found by
// argument-dependent lookup and preferred over Boost.Interval's template, whose
// endpoints are Boost expressions evaluated at Boost's default precision.
Interval operator-(const Interval& x);

// ---- construction ---------------------------------------------------------

// The tightest interval at working precision containing q (MPFR_RNDD/RNDU).
Interval enclose(const Rational& q);
// The interval [lo, hi] (endpoints rounded outward to working precision).
Interval make_interval(const Real& lo, const Real& hi);
// The thin interval [x, x] (x rounded outward if it has more bits).
Interval make_interval(const Real& x);
Interval make_interval(long v);

// ---- queries ----------------------------------------------------------------

inline const Real& lo(const Interval& x) { return x.lower(); }
inline const Real& hi(const Interval& x) { return x.upper(); }
// Upper bound of hi - lo.
Real width_up(const Interval& x);
// A point of x, rounded to nearest (not an enclosure).
Real midpoint(const Interval& x);
// Upper bound of max |v| over x.
Real mag_up(const Interval& x);
// Lower bound of min |v| over x (0 if x contains 0).
Real mig_down(const Interval& x);

bool contains(const Interval& x, const Rational& q);
// Both ends finite (no NaN, no infinity).
bool is_finite(const Interval& x);
bool contains(const Interval& outer, const Interval& inner);

// Certain comparisons: true only if the relation holds for all points.
bool certainly_less(const Interval& x, const Interval& y);
bool certainly_less_equal(const Interval& x, const Interval& y);
bool certainly_positive(const Interval& x);
bool certainly_negative(const Interval& x);
// The relation holds for some points.
bool possibly_less(const Interval& x, const Interval& y);

// ---- elementary functions with outward rounding ------------------------------

Interval interval_sqrt(const Interval& x);   // x must be >= 0 somewhere; clamps at 0
Interval interval_exp(const Interval& x);
Interval interval_abs(const Interval& x);
Interval interval_sqr(const Interval& x);
Interval interval_max(const Interval& x, const Interval& y);
Interval interval_min(const Interval& x, const Interval& y);
// Convex hull.
Interval hull(const Interval& x, const Interval& y);

// ---- directed rounding of single reals ----------------------------------------

Real add_up(const Real& x, const Real& y);
Real mul_up(const Real& x, const Real& y);
Real sqrt_up(const Real& x);
// Real value of q rounded down / up at working precision.
Real rational_down(const Rational& q);
Real rational_up(const Rational& q);
// Exact rational value of a finite Real.
Rational to_rational(const Real& x);

// ---- output -------------------------------------------------------------------

// Decimal text of x with `digits` significant digits, rounded down / up, so that
// lower_decimal(x) <= x <= upper_decimal(x) as real numbers. Format:
// "-1.2345e-7"; "0" for zero; "inf"/"-inf" for infinities.
std::string decimal_down(const Real& x, int digits);
std::string decimal_up(const Real& x, int digits);

// Number of certified significant decimal digits of x: the largest n such that
// every point of x agrees with the midpoint's first n digits up to one unit of
// the n-th digit, i.e. floor(-log10(width / min|x|)); 0 when x contains 0 or
// is unbounded.
int certified_digits(const Interval& x);

// Decimal digits needed to show a working-precision number faithfully.
int decimal_digits_for_bits(unsigned bits);

}  // namespace lrcert
