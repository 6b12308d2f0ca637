#include "lrcert/certify/scalar_reduction.hpp"

#include <stdexcept>

namespace lrcert {

ScalarReduction reduce_scalar(const Rational& mu, const Rational& h, const std::vector<Rational>& x0,
                              const std::vector<Rational>& y0) {
    if (x0.size() != y0.size() || x0.empty()) throw std::invalid_argument("reduce_scalar: x0 and y0 shapes differ");
    ScalarReduction red{mu, h, x0, y0, 0, 0, 0, 0, 0};
    // One pass, three exact products per coordinate: with u = x + y, v = x - y,
    // |u|^2 = S0 + 2 x.y, |v|^2 = S0 - 2 x.y and u.v = |x|^2 - |y|^2 (exact identities,
    // docs/math.md section 2), so the six products of the expanded form are not needed.
    Rational xx = 0, yy = 0, xy = 0;
    for (size_t i = 0; i < x0.size(); ++i) {
        xx += x0[i] * x0[i];
        yy += y0[i] * y0[i];
        xy += x0[i] * y0[i];
    }
    red.S0 = xx + yy;
    red.u_sq = red.S0 + 2 * xy;
    red.v_sq = red.S0 - 2 * xy;
    red.uv = xx - yy;
    red.r0 = mu - xy;
    return red;
}

void reduced_start(const ScalarReduction& red, Interval& x, Interval& y) {
    Interval nu = interval_sqrt(enclose(red.u_sq));
    Interval nv = interval_sqrt(enclose(red.v_sq));
    Interval half = enclose(Rational(1, 2));
    x = half * (nu + nv);
    y = half * (nu - nv);
}

void reconstruct(const ScalarReduction& red, const Interval& alpha, const Interval& beta, std::vector<Interval>& x,
                 std::vector<Interval>& y) {
    const size_t d = red.d();
    x.assign(d, make_interval(0L));
    y.assign(d, make_interval(0L));
    Interval half = enclose(Rational(1, 2));
    // alpha / |u0| and beta / |v0| (a vanishing direction contributes nothing).
    Interval fa = red.u_sq == 0 ? make_interval(0L) : alpha / interval_sqrt(enclose(red.u_sq));
    Interval fb = red.v_sq == 0 ? make_interval(0L) : beta / interval_sqrt(enclose(red.v_sq));
    for (size_t i = 0; i < d; ++i) {
        Interval pu = fa * enclose(red.x0[i] + red.y0[i]);
        Interval pv = fb * enclose(red.x0[i] - red.y0[i]);
        x[i] = half * (pu + pv);
        y[i] = half * (pu - pv);
    }
}

ScalarTrajectory scalar_trajectory(const ScalarReduction& red) {
    Interval x0, y0;
    reduced_start(red, x0, y0);
    Factors<Interval> start{Matrix<Interval>(1, 1), Matrix<Interval>(1, 1)};
    start.X(0, 0) = x0;
    start.Y(0, 0) = y0;
    return ScalarTrajectory(ScalarMap(enclose(red.mu), enclose(red.h)), ball_around(start));
}

void scalar_iterate(const ScalarReduction& red, const Ball& b, std::vector<Interval>& x, std::vector<Interval>& y) {
    Interval bx, by;
    ScalarMap::reduced_box(b, bx, by);
    // alpha = x' + y', beta = x' - y'; beta = 0 exactly when v0 = 0.
    Interval beta = red.v_sq == 0 ? make_interval(0L) : bx - by;
    reconstruct(red, bx + by, beta, x, y);
}

}  // namespace lrcert
