// One-sided bounds (number/bound.hpp): the two kinds do not mix at compile
// time, and every operation rounds the right way, at most one rounding from
// the exact result of the operation on the stored values. Heuristic
// thresholds (Threshold) convert into no bound and compare at round-to-nearest.
#include "lrcert/number/bound.hpp"

#include <catch2/catch.hpp>

#include <mpfr.h>

#include <optional>
#include <random>
#include <type_traits>

using namespace lrcert;

// ---- compile-time: no accidental conversions, no mixed arithmetic -------------------

static_assert(!std::is_convertible_v<LowerBound, UpperBound>);
static_assert(!std::is_convertible_v<UpperBound, LowerBound>);
static_assert(!std::is_constructible_v<UpperBound, LowerBound>);
static_assert(!std::is_constructible_v<LowerBound, UpperBound>);
static_assert(!std::is_convertible_v<Real, UpperBound>);
static_assert(!std::is_convertible_v<Real, LowerBound>);
static_assert(!std::is_convertible_v<UpperBound, Real>);
static_assert(!std::is_convertible_v<LowerBound, Real>);
static_assert(!std::is_convertible_v<long, UpperBound>);
static_assert(!std::is_assignable_v<UpperBound&, LowerBound>);
static_assert(!std::is_assignable_v<LowerBound&, UpperBound>);

template <class A, class B>
concept Addable = requires(const A& a, const B& b) { a + b; };
template <class A, class B>
concept Multipliable = requires(const A& a, const B& b) { a * b; };
template <class A, class B>
concept Divisible = requires(const A& a, const B& b) { a / b; };
template <class A, class B>
concept Subtractable = requires(const A& a, const B& b) { a - b; };

static_assert(Addable<UpperBound, UpperBound> && Addable<LowerBound, LowerBound>);
static_assert(!Addable<UpperBound, LowerBound> && !Addable<LowerBound, UpperBound>);
static_assert(!Addable<UpperBound, Real> && !Addable<LowerBound, Real>);
static_assert(!Multipliable<UpperBound, LowerBound> && !Multipliable<LowerBound, UpperBound>);
// Division and subtraction change the side: upper / lower is an upper bound,
// upper - upper is no bound at all.
static_assert(Divisible<UpperBound, LowerBound> && Divisible<LowerBound, UpperBound>);
static_assert(!Divisible<UpperBound, UpperBound> && !Divisible<LowerBound, LowerBound>);
static_assert(Subtractable<UpperBound, LowerBound> && Subtractable<LowerBound, UpperBound>);
static_assert(!Subtractable<UpperBound, UpperBound> && !Subtractable<LowerBound, LowerBound>);
static_assert(std::is_same_v<decltype(std::declval<UpperBound>() / std::declval<LowerBound>()), UpperBound>);
static_assert(std::is_same_v<decltype(std::declval<LowerBound>() - std::declval<UpperBound>()), LowerBound>);
// A function taking an upper bound does not accept a lower bound.
template <class T>
concept TakenAsUpper = requires(const T& t) { upto(t); };
static_assert(TakenAsUpper<UpperBound> && !TakenAsUpper<LowerBound> && !TakenAsUpper<Real>);
// Nor does one taking an UpperBound by value or by reference.
namespace {
[[maybe_unused]] void wants_upper(const UpperBound&) {}
[[maybe_unused]] void wants_upper_value(UpperBound) {}
}  // namespace
template <class T>
concept PassableAsUpper = requires(const T& t) {
    wants_upper(t);
    wants_upper_value(t);
};
static_assert(PassableAsUpper<UpperBound>);
static_assert(!PassableAsUpper<LowerBound> && !PassableAsUpper<Real> && !PassableAsUpper<Interval>);

// A Threshold (a heuristic of the search) is no bound and makes none.
static_assert(!PassableAsUpper<Threshold> && !TakenAsUpper<Threshold>);
static_assert(!std::is_convertible_v<Threshold, UpperBound> && !std::is_constructible_v<UpperBound, Threshold>);
static_assert(!std::is_convertible_v<Threshold, LowerBound> && !std::is_constructible_v<LowerBound, Threshold>);
static_assert(!std::is_assignable_v<UpperBound&, Threshold> && !std::is_assignable_v<LowerBound&, Threshold>);
static_assert(!std::is_convertible_v<Threshold, Real> && !std::is_constructible_v<Real, Threshold>);
static_assert(!std::is_convertible_v<const char*, Threshold>);  // only explicitly
static_assert(!Addable<UpperBound, Threshold> && !Addable<Threshold, UpperBound>);
static_assert(!Multipliable<UpperBound, Threshold> && !Multipliable<Threshold, LowerBound>);
template <class A, class B>
concept Comparable = requires(const A& a, const B& b) { a < b; };
static_assert(!Comparable<UpperBound, Threshold> && !Comparable<Threshold, UpperBound>);
static_assert(!Comparable<LowerBound, Threshold>);
// It can be a compile-time constant (the search's named thresholds are).
inline constexpr Threshold kTestThreshold{"1e-6"};
static_assert(kTestThreshold.text()[0] == '1');

// ---- randomized containment against exact rationals --------------------------------

namespace {

// A random positive value with about `bits` significant bits, in [2^-20, 2^20].
Rational random_positive(std::mt19937_64& gen, unsigned bits) {
    Integer m = 0;
    for (unsigned i = 0; i < bits; i += 32) m = (m << 32) + Integer(static_cast<unsigned long>(gen() & 0xffffffffu));
    m += 1;
    long e = static_cast<long>(gen() % 41) - 20 - static_cast<long>(bits);
    Rational q(m);
    if (e >= 0) q *= Rational(Integer(1) << static_cast<unsigned>(e));
    else q /= Rational(Integer(1) << static_cast<unsigned>(-e));
    return q;
}

Rational next_up(const Real& x) {
    Real y = x;
    mpfr_nextabove(y.backend().data());
    return to_rational(y);
}
Rational next_down(const Real& x) {
    Real y = x;
    mpfr_nextbelow(y.backend().data());
    return to_rational(y);
}

// r >= exact and the next representable number below r is < exact (tight).
void check_upper(const UpperBound& r, const Rational& exact) {
    const Rational v = r.rational();
    REQUIRE(v >= exact);
    REQUIRE(next_down(r.real()) < exact);
}
void check_lower(const LowerBound& r, const Rational& exact) {
    const Rational v = r.rational();
    REQUIRE(v <= exact);
    REQUIRE(next_up(r.real()) > exact);
}

}  // namespace

TEST_CASE("UpperBound / LowerBound operations round outward by at most one ulp", "[bound]") {
    std::mt19937_64 gen(20240611);
    for (unsigned bits : {53u, 128u, 256u}) {
        PrecisionScope scope(bits);
        for (int trial = 0; trial < 300; ++trial) {
            const Rational a = random_positive(gen, bits + 20), b = random_positive(gen, bits + 20);
            const UpperBound ua = UpperBound::of_rational(a), ub = UpperBound::of_rational(b);
            const LowerBound la = LowerBound::of_rational(a), lb = LowerBound::of_rational(b);
            check_upper(ua, a);
            check_lower(la, a);
            const Rational qa = ua.rational(), qb = ub.rational(), pa = la.rational(), pb = lb.rational();

            check_upper(ua + ub, qa + qb);
            check_upper(ua * ub, qa * qb);
            check_upper(ua / lb, qa / pb);
            check_upper(ua - lb, qa - pb);
            check_lower(la + lb, pa + pb);
            check_lower(la * lb, pa * pb);
            check_lower(la / ub, pa / qb);
            check_lower(la - ub, pa - qb);
            // sqrt: r^2 >= x > (r-)^2 for the upper, the mirror for the lower.
            const UpperBound su = sqrt(ua);
            REQUIRE(su.rational() * su.rational() >= qa);
            REQUIRE(next_down(su.real()) * next_down(su.real()) < qa);
            const LowerBound sl = sqrt(la);
            REQUIRE(sl.rational() * sl.rational() <= pa);
            REQUIRE(next_up(sl.real()) * next_up(sl.real()) > pa);
            // max / min are exact.
            REQUIRE(max(ua, ub).rational() == (qa > qb ? qa : qb));
            REQUIRE(min(la, lb).rational() == (pa < pb ? pa : pb));
            // Results carry the working precision.
            REQUIRE(mpfr_get_prec((ua * ub).real().backend().data()) == static_cast<mpfr_prec_t>(bits));
            // Interval ends and magnitudes.
            const Interval x = enclose(a - b);
            REQUIRE(upper_of(x).rational() >= a - b);
            REQUIRE(lower_of(x).rational() <= a - b);
            const Rational abs_ab = a > b ? a - b : b - a;
            REQUIRE(UpperBound::of_mag(x).rational() >= abs_ab);
            REQUIRE(LowerBound::of_mig(x).rational() <= abs_ab);
        }
    }
}

TEST_CASE("assign_scaled and add_product: in place, rounded the right way once", "[bound]") {
    // v 2^e into an existing bound (of another precision too) against the
    // exact rational: tight from the right side at 24 bits (the double does
    // not fit: a real rounding), exact at 53 and above; add_product against
    // x + y z exactly, tight to one rounding.
    std::mt19937_64 gen(515);
    std::uniform_int_distribution<long> exps(-300, 300);
    for (unsigned bits : {24u, 53u, 128u, 256u}) {
        for (int trial = 0; trial < 300; ++trial) {
            const double v = std::ldexp(static_cast<double>(gen() >> 11) + 1, -52);  // 53 random bits, in (0, 2]
            const long e = exps(gen);
            const Rational exact = to_rational(Real(v)) * (e >= 0 ? Rational(Integer(1) << e, 1)
                                                                   : Rational(Integer(1), Integer(1) << -e));
            std::optional<PrecisionScope> outer(64);  // storage of another precision
            UpperBound u = UpperBound::exact(7);
            LowerBound l = LowerBound::exact(7);
            outer.reset();
            PrecisionScope scope(bits);
            u.assign_scaled(v, e);
            l.assign_scaled(v, e);
            REQUIRE(mpfr_get_prec(u.real().backend().data()) == static_cast<mpfr_prec_t>(bits));
            check_upper(u, exact);
            check_lower(l, exact);
            if (bits >= 53) {
                REQUIRE(u.rational() == exact);
                REQUIRE(l.rational() == exact);
            }
            const Rational a = random_positive(gen, bits + 20), b = random_positive(gen, bits + 20),
                           c = random_positive(gen, bits + 20);
            UpperBound x = UpperBound::of_rational(a);
            const UpperBound y = UpperBound::of_rational(b), z = UpperBound::of_rational(c);
            const Rational want = x.rational() + y.rational() * z.rational();
            x.add_product(y, z);
            check_upper(x, want);
        }
    }
    // Outside a PrecisionScope there is no working precision: refused.
    std::optional<PrecisionScope> outer(64);
    UpperBound u = UpperBound::exact(1);
    outer.reset();
    REQUIRE_THROWS(u.assign_scaled(1.0));
}

TEST_CASE("bounds: constants, comparisons, printing, NaN", "[bound]") {
    PrecisionScope scope(64);
    const UpperBound two = UpperBound::exact(2);
    const LowerBound one = LowerBound::exact(1);
    REQUIRE(two.rational() == 2);
    REQUIRE(one < two);
    REQUIRE(two > 1);
    REQUIRE(two <= 2);
    REQUIRE(!(two < 2));
    REQUIRE(one == 1);
    // Printing rounds away from the bounded quantity.
    const UpperBound third_up = UpperBound::of_rational(Rational(1, 3));
    const LowerBound third_down = LowerBound::of_rational(Rational(1, 3));
    REQUIRE(third_up.decimal(4) == "3.334e-1");
    REQUIRE(third_down.decimal(4) == "3.333e-1");
    // positive_part clamps below (and NaN) to 0.
    REQUIRE(positive_part(one - two) == 0);
    REQUIRE(positive_part(one) == 1);
    // An infinite or NaN bound compares false with everything but infinity.
    const UpperBound inf = UpperBound::infinity();
    REQUIRE(!inf.finite());
    REQUIRE(!(inf < 1));
    Real nan = new_real();
    mpfr_set_nan(nan.backend().data());
    const UpperBound n = UpperBound::assume_upper(nan);
    REQUIRE(n.nan());
    REQUIRE(!(n < 1));
    REQUIRE(!(n >= 1));
    REQUIRE(max(n, two).nan());
    // [0, u] and points.
    REQUIRE(lo(upto(two)) == 0);
    REQUIRE(hi(upto(two)) == 2);
    REQUIRE(lo(point(one)) == 1);
}

TEST_CASE("thresholds: read at working precision, compared at round-to-nearest", "[bound][threshold]") {
    PrecisionScope scope(64);
    const Threshold t{"1e-3"};
    // The value is 1/1000 rounded to nearest with at least 64 bits: within
    // half an ulp of 64 bits.
    const Rational err = to_rational(t.value()) - Rational(1, 1000);
    REQUIRE(abs(err) * (Rational(Integer(1) << 64) * 1000) <= 1);
    REQUIRE(mpfr_get_prec(t.value().backend().data()) >= 64);
    const Real scale(3);
    REQUIRE(t.times(scale) == t.value() * scale);
    // exceeds / below compare the stored value with t * scale.
    const UpperBound big = UpperBound::of_rational(Rational(1, 100));
    const UpperBound small = UpperBound::of_rational(Rational(1, 10000));
    REQUIRE(exceeds(big, t, scale));
    REQUIRE(!below(big, t, scale));
    REQUIRE(below(small, t, scale));
    REQUIRE(!exceeds(small, t, scale));
    REQUIRE(below(LowerBound::exact(0), t, scale));
    // A NaN bound neither exceeds nor is below anything.
    Real nan = new_real();
    mpfr_set_nan(nan.backend().data());
    const UpperBound n = UpperBound::assume_upper(nan);
    REQUIRE(!exceeds(n, t, scale));
    REQUIRE(!below(n, t, scale));
    // At a higher precision the same text is read with more bits.
    PrecisionScope wide(256);
    REQUIRE(mpfr_get_prec(t.value().backend().data()) >= 256);
}

TEST_CASE("width_of is the width rounded up", "[bound]") {
    PrecisionScope scope(64);
    const Interval x = enclose(Rational(1, 3));
    const UpperBound w = width_of(x);
    REQUIRE(w.rational() >= to_rational(hi(x)) - to_rational(lo(x)));
    REQUIRE(w > 0);
    REQUIRE(width_of(make_interval(2L)) == 0);
}
