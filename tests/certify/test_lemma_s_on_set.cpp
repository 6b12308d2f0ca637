// Lemma S on a cell's affine set (certify/scalar_lemmas.hpp, check_lemma_s_on;
// docs/math.md, section 14.2, "Lemma S on the set"): the set's enclosures of
// r, S, x + y and x - y contain the exact values at its points, and a set
// spread along the minimizer curve satisfies Lemma S where its ball does not.
#include "lrcert/certify/scalar_lemmas.hpp"
#include "lrcert/enclose/affine_trajectory.hpp"
#include "lrcert/number/precision.hpp"

#include <catch2/catch.hpp>
namespace lrcert {

TEST_CASE("affine set: Lemma S holds on a set spread along the minimizer curve where its ball fails", "[affine]") {
    PrecisionScope scope(128);
    // c = (2, 1/2) on x y = mu = 1, spread along the curve's tangent (2, -1/2):
    // r = mu - x y = q^2 / 16 over the set, but the ball's box reaches far off the curve.
    AffineSet2 s;
    s.cx = from_rational<Real>(Rational(2));
    s.cy = from_rational<Real>(Rational(1, 2));
    s.jx = {zero<Real>(), from_rational<Real>(Rational(1, 2))};
    s.jy = {zero<Real>(), from_rational<Real>(Rational(-1, 8))};
    s.e = UpperBound::exact(0);
    const ScalarMap map(enclose(Rational(1)), enclose(Rational(1, 10)));
    const AffineReducedEnclosures e = affine_reduced_enclosures(s, map.mu());
    const LemmaSOnBall on_set = check_lemma_s_on(e.r, e.S, e.u, e.v, map, false);
    const LemmaSOnBall on_ball = check_lemma_s(affine_ball(s), map, false);
    INFO("on the set: " << on_set.lemma.failure << "; on the ball: " << on_ball.lemma.failure);
    CHECK(on_set.lemma.holds);
    CHECK_FALSE(on_ball.lemma.holds);
    // Every exact point of the set is inside the enclosures Lemma S used.
    for (int k = -8; k <= 8; ++k) {
        const Rational q(k, 8);
        const Rational x = Rational(2) + q / 2, y = Rational(1, 2) - q / 8;
        auto inside = [](const Interval& I, const Rational& v) {
            return to_rational(lo(I)) <= v && v <= to_rational(hi(I));
        };
        CHECK(inside(e.r, 1 - x * y));
        CHECK(inside(e.S, x * x + y * y));
        CHECK(inside(e.u, x + y));
        CHECK(inside(e.v, x - y));
    }
}

}  // namespace lrcert
