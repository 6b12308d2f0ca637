// The affine set of a cell (enclose/affine_trajectory.hpp; docs/math.md,
// section 14.2) against exact rational GD at random parameter points: the
// iterate of the point with parameters q must satisfy
// |z_k - c_k - J_k q| <= e_k, tested in exact rationals (the strongest form
// of the claim, not only "inside the ball").
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

// Whether |z - c - J q|^2 <= e^2 in exact rationals.
bool in_set(const AffineSet2& s, const Rational& x, const Rational& y, const std::vector<Rational>& q) {
    Rational dx = x - to_rational(s.cx), dy = y - to_rational(s.cy);
    for (size_t j = 0; j < q.size(); ++j) {
        dx -= to_rational(s.jx[j]) * q[j];
        dy -= to_rational(s.jy[j]) * q[j];
    }
    const Rational e = to_rational(s.e.real());
    return dx * dx + dy * dy <= e * e;
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

TEST_CASE("affine set: exact iterates of random cell points satisfy |z - c - J q| <= e", "[affine]") {
    std::mt19937 rng(11);
    const Setup s = headline_like();
    for (int trial = 0; trial < 12; ++trial) {
        std::vector<Rational> q = {random_q(rng), random_q(rng), random_q(rng)};
        if (trial < 8)  // the corners, where the first-order part is largest
            q = {Rational(trial & 1 ? 1 : -1), Rational(trial & 2 ? 1 : -1), Rational(trial & 4 ? 1 : -1)};
        INFO("q = (" << q[0] << ", " << q[1] << ", " << q[2] << ")");
        CHECK(first_step_outside(s, q, 6) == 7);
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
    CHECK(affine.set().e.real() < affine.ball().radius.real() / 10);
    // Lemma S's data from the set are no wider than from the ball's box.
    Interval bx, by;
    ScalarMap::reduced_box(affine.ball(), bx, by);
    const AffineReducedEnclosures e = affine_reduced_enclosures(affine.set(), affine.map().mu());
    CHECK(width_up(e.r) <= width_up(affine.map().mu() - bx * by));
    CHECK(width_up(e.S) <= width_up(interval_sqr(bx) + interval_sqr(by)));
}

}  // namespace lrcert
