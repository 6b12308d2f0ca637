// The affine set of a cell (enclose/affine_trajectory.hpp; docs/math.md,
// section 14.2) against exact rational GD at random parameter points: the
// iterate of the point with parameters q must satisfy
// z_k - P_k(q) in B_k P_k (+ the ball e_k at the start), P_k the set's
// polynomial part, tested in exact rationals (the strongest form of the
// claim, not only "inside the ball").
#include "lrcert/enclose/affine_trajectory.hpp"
#include "lrcert/enclose/ball_trajectory.hpp"
#include "lrcert/number/precision.hpp"

#include <catch2/catch.hpp>

#include <random>

namespace lrcert {
namespace {

struct Setup {
    Rational mu, hc, rho_h, cx, cy, rx, ry;  // dyadic centres and radii (exact in 128 bits)
};

Real real_of(const Rational& q) { return from_rational<Real>(q); }

ScalarAffineTrajectory trajectory_of(const Setup& s) {
    AffineSet2 start;
    start.cx = real_of(s.cx);
    start.cy = real_of(s.cy);
    start.jx = {zero<Real>(), real_of(s.rx), zero<Real>()};
    start.jy = {zero<Real>(), zero<Real>(), real_of(s.ry)};
    start.e = UpperBound::exact(0);
    const Interval Hfull = make_interval(lo(enclose(s.hc - s.rho_h)), hi(enclose(s.hc + s.rho_h)));
    return ScalarAffineTrajectory(ScalarMap(enclose(s.mu), Hfull), real_of(s.hc), real_of(s.rho_h), start);
}

// A dyadic q in [-1, 1] (or beyond, for the failing case).
Rational random_q(std::mt19937& rng, long span = 1) {
    std::uniform_int_distribution<long> k(-256 * span, 256 * span);
    return Rational(k(rng), 256);
}

// Whether z - P(q) lies in B P + {|w| <= e} in exact rationals, with P(q) =
// c + J q + Q(q) the set's polynomial part: p = B^-1 (z - P(q)) (B is a
// matrix of dyadic numbers, inverted exactly) must lie in the box P, or, at
// a step with a ball part (the start, where P = 0), |z - P(q)| <= e.
bool in_set(const AffineSet2& s, const Rational& x, const Rational& y, const std::vector<Rational>& q) {
    Rational dx = x - to_rational(s.cx), dy = y - to_rational(s.cy);
    for (size_t j = 0; j < q.size(); ++j) {
        dx -= to_rational(s.jx[j]) * q[j];
        dy -= to_rational(s.jy[j]) * q[j];
    }
    size_t k = 0;
    for (size_t i = 0; i < q.size(); ++i)
        for (size_t j = i; j < q.size(); ++j, ++k) {
            if (k < s.qx.size()) dx -= to_rational(s.qx[k]) * q[i] * q[j];
            if (k < s.qy.size()) dy -= to_rational(s.qy[k]) * q[i] * q[j];
        }
    const Rational e = to_rational(s.e.real());
    const bool p_zero = to_rational(lo(s.p[0])) == 0 && to_rational(hi(s.p[0])) == 0 &&
                        to_rational(lo(s.p[1])) == 0 && to_rational(hi(s.p[1])) == 0;
    if (e > 0) {
        REQUIRE(p_zero);  // the code keeps a ball part only where the parallelogram is empty
        return dx * dx + dy * dy <= e * e;
    }
    const Rational b00 = to_rational(s.bx[0]), b01 = to_rational(s.bx[1]);
    const Rational b10 = to_rational(s.by[0]), b11 = to_rational(s.by[1]);
    const Rational det = b00 * b11 - b01 * b10;
    REQUIRE(det != 0);
    const Rational p0 = (b11 * dx - b01 * dy) / det, p1 = (-b10 * dx + b00 * dy) / det;
    return to_rational(lo(s.p[0])) <= p0 && p0 <= to_rational(hi(s.p[0])) && to_rational(lo(s.p[1])) <= p1 &&
           p1 <= to_rational(hi(s.p[1]));
}

// Whether the exact r, S, x + y, x - y of (x, y) lie in the set's enclosures
// (affine_reduced_enclosures, the data Lemma S is checked on).
bool in_enclosures(const AffineSet2& s, const Interval& mu, const Rational& m, const Rational& x, const Rational& y) {
    const AffineReducedEnclosures e = affine_reduced_enclosures(s, mu);
    auto inside = [](const Interval& I, const Rational& v) {
        return to_rational(lo(I)) <= v && v <= to_rational(hi(I));
    };
    return inside(e.r, m - x * y) && inside(e.S, x * x + y * y) && inside(e.u, x + y) && inside(e.v, x - y);
}

// Exact steps of the reduced map x+ = x + h r y, y+ = y + h r x, r = mu - x y
// (docs/math.md, section 2), written here independently of lrcert's gd_step;
// the first step at which the point leaves the affine set, or steps + 1.
size_t first_step_outside(const Setup& s, const std::vector<Rational>& q, size_t steps) {
    PrecisionScope scope(128);
    ScalarAffineTrajectory traj = trajectory_of(s);
    const Rational h = s.hc + s.rho_h * q[0];
    Rational x = s.cx + s.rx * q[1], y = s.cy + s.ry * q[2];
    for (size_t k = 0; k <= steps; ++k) {
        if (!in_set(traj.set(), x, y, q)) return k;
        if (!in_enclosures(traj.set(), traj.map().mu(), s.mu, x, y)) return k;
        if (k == steps) break;
        const Rational r = s.mu - x * y;
        const Rational xn = x + h * r * y, yn = y + h * r * x;
        x = xn;
        y = yn;
        traj.advance();
    }
    return steps + 1;
}

// A cell of the headline's reduced start (x0', y0') ~ (9.8, 0.03), mu = 1,
// h around 0.02: large learning rate (h L0 about 2), a transient of a few
// steps before Lemma S can hold.
Setup headline_like() {
    return {Rational(1), Rational(5243, 262144), Rational(1, 65536), Rational(2509, 256), Rational(1, 32),
            Rational(1, 1024), Rational(1, 2048)};
}

}  // namespace

TEST_CASE("affine set: exact iterates of random cell points lie in P(q) + B P", "[affine]") {
    std::mt19937 rng(11);
    const Setup s = headline_like();
    for (int trial = 0; trial < 12; ++trial) {
        std::vector<Rational> q = {random_q(rng), random_q(rng), random_q(rng)};
        if (trial < 8)  // the corners, where the first-order part is largest
            q = {Rational(trial & 1 ? 1 : -1), Rational(trial & 2 ? 1 : -1), Rational(trial & 4 ? 1 : -1)};
        INFO("q = (" << q[0] << ", " << q[1] << ", " << q[2] << ")");
        CHECK(first_step_outside(s, q, 10) == 11);
    }
}

TEST_CASE("affine set: the test can fail -- a point outside the parameter box leaves the set", "[affine]") {
    const Setup s = headline_like();
    // h beyond the interval (q_0 = 40) and a start beyond the box (q_1 = 30).
    CHECK(first_step_outside(s, {Rational(40), Rational(0), Rational(0)}, 6) <= 6);
    CHECK(first_step_outside(s, {Rational(0), Rational(30), Rational(0)}, 6) <= 6);
}

TEST_CASE("affine set: its ball is narrower than the ball enclosure of the same cell", "[affine]") {
    PrecisionScope scope(128);
    const Setup s = headline_like();
    ScalarAffineTrajectory affine = trajectory_of(s);
    // The same cell as one ball (section 3): the start box's ball, the h interval.
    Factors<Interval> box{Matrix<Interval>(1, 1), Matrix<Interval>(1, 1)};
    box.X(0, 0) = make_interval(lo(enclose(s.cx - s.rx)), hi(enclose(s.cx + s.rx)));
    box.Y(0, 0) = make_interval(lo(enclose(s.cy - s.ry)), hi(enclose(s.cy + s.ry)));
    ScalarTrajectory ball(affine.map(), ball_around(box));
    for (int k = 0; k < 30; ++k) {
        affine.advance();
        ball.advance();
    }
    // Both contain the same iterates; the affine remainder is of second order.
    CHECK(affine.ball().radius.real() < ball.ball().radius.real());
    // The remainder (the parallelogram B P) is far narrower than the spread.
    CHECK(UpperBound::of_mag(lohner_x(affine.set())).real() + UpperBound::of_mag(lohner_y(affine.set())).real() <
          affine.ball().radius.real() / 10);
    // Lemma S's data from the set are no wider than from the ball's box.
    Interval bx, by;
    ScalarMap::reduced_box(affine.ball(), bx, by);
    const AffineReducedEnclosures e = affine_reduced_enclosures(affine.set(), affine.map().mu());
    CHECK(width_up(e.r) <= width_up(affine.map().mu() - bx * by));
    CHECK(width_up(e.S) <= width_up(interval_sqr(bx) + interval_sqr(by)));
}

}  // namespace lrcert

namespace lrcert {

TEST_CASE("affine set: the remainder is of third order in the cell's width", "[affine]") {
    // A second-order model leaves terms of degree >= 3 in q to the remainder:
    // halving every half-width (h and the start box) must shrink the
    // remainder after a few steps by about 8, well beyond the factor 4 a
    // first-order set would show.
    PrecisionScope scope(128);
    Setup wide = headline_like();
    wide.rho_h *= 8;
    wide.rx *= 8;
    wide.ry *= 8;
    Setup narrow = wide;
    narrow.rho_h /= 2;
    narrow.rx /= 2;
    narrow.ry /= 2;
    auto remainder = [](const Setup& s) {
        ScalarAffineTrajectory t = trajectory_of(s);
        for (int k = 0; k < 4; ++k) t.advance();
        return (UpperBound::of_mag(lohner_x(t.set())) + UpperBound::of_mag(lohner_y(t.set()))).real();
    };
    const Real a = remainder(wide), b = remainder(narrow);
    INFO("remainder " << a << " at the full width, " << b << " at half of it");
    CHECK(b > 0);
    CHECK(b * 6 < a);
}

}  // namespace lrcert
