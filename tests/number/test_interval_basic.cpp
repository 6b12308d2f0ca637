// Interval core against exact rational values: enclosure of inputs, directed
// rounding of every operation, output strings that bracket the value.
#include "lrcert/number/interval.hpp"
#include "lrcert/number/parse.hpp"

#include <catch2/catch.hpp>

using namespace lrcert;

TEST_CASE("enclose gives the tightest outward interval", "[interval]") {
    PrecisionScope scope(64);
    Rational tenth = parse_exact("0.1");
    Interval x = enclose(tenth);
    REQUIRE(contains(x, tenth));
    REQUIRE(lo(x) < hi(x));  // 1/10 is not dyadic
    // Tightest: the endpoints are neighbours at 64 bits.
    Real next = lo(x);
    mpfr_nextabove(next.backend().data());
    REQUIRE(next == hi(x));
    // A dyadic rational is enclosed exactly.
    Interval q = enclose(Rational(3, 8));
    REQUIRE(lo(q) == hi(q));
}

TEST_CASE("directed rounding: round-to-nearest would exclude the exact value", "[interval]") {
    // 1/3 at 53 bits rounds to nearest *below* 1/3, so 3 * RN(1/3) < 1 with
    // round to nearest everywhere; an outward-rounded interval must contain 1.
    PrecisionScope scope(53);
    Interval third = make_interval(1L) / make_interval(3L);
    Interval one = make_interval(3L) * third;
    REQUIRE(contains(third, Rational(1, 3)));
    REQUIRE(contains(one, Rational(1)));
    // Boost's default policy for mpfr_float rounds to nearest: the same
    // expression gives a thin interval that excludes 1/3.
    using NearestInterval = boost::numeric::interval<Real>;
    NearestInterval third_rn = NearestInterval(Real(1)) / NearestInterval(Real(3));
    REQUIRE(third_rn.lower() == third_rn.upper());
    REQUIRE(to_rational(third_rn.lower()) != Rational(1, 3));
    REQUIRE(lo(third) != hi(third));
    // A long sum: sum_{k=1}^{200} 1/k in intervals contains the exact harmonic number.
    Rational exact = 0;
    Interval sum = make_interval(0L);
    NearestInterval sum_rn(Real(0));
    for (long k = 1; k <= 200; ++k) {
        exact += Rational(1, k);
        sum += make_interval(1L) / make_interval(k);
        sum_rn += NearestInterval(Real(1)) / NearestInterval(Real(k));
    }
    REQUIRE(contains(sum, exact));
    REQUIRE_FALSE((to_rational(sum_rn.lower()) <= exact && exact <= to_rational(sum_rn.upper())));
}

TEST_CASE("decimal output brackets the value", "[interval]") {
    PrecisionScope scope(128);
    Interval x = enclose(Rational(2, 3));
    std::string l = decimal_down(lo(x), 10);
    std::string u = decimal_up(hi(x), 10);
    REQUIRE(l == "6.666666666e-1");
    REQUIRE(u == "6.666666667e-1");
    REQUIRE(parse_exact(l) <= Rational(2, 3));
    REQUIRE(parse_exact(u) >= Rational(2, 3));
    Interval y = enclose(Rational(-5, 7));
    REQUIRE(parse_exact(decimal_down(lo(y), 6)) <= Rational(-5, 7));
    REQUIRE(parse_exact(decimal_up(hi(y), 6)) >= Rational(-5, 7));
    REQUIRE(certified_digits(x) >= 37);
    REQUIRE(certified_digits(make_interval(-1L) + enclose(Rational(1, 2)) * make_interval(2L)) == 0);
}

TEST_CASE("unary minus is exact at every precision, also inside a lower scope", "[interval]") {
    PrecisionScope outer(300);
    Interval third = make_interval(1L) / make_interval(3L);  // 300-bit endpoints
    PrecisionScope inner(53);
    Interval neg = -third;
    REQUIRE(mpfr_get_prec(lo(neg).backend().data()) == 300);
    REQUIRE(to_rational(lo(neg)) == -to_rational(hi(third)));
    REQUIRE(to_rational(hi(neg)) == -to_rational(lo(third)));
    REQUIRE(contains(neg, Rational(-1, 3)));
}
