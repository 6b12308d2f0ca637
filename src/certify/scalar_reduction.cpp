#include "lrcert/certify/scalar_reduction.hpp"

#include "lrcert/number/decimal_sums.hpp"

#include <stdexcept>
#include <utility>

namespace lrcert {

ScalarReduction reduce_scalar(const Rational& mu, const Rational& h, std::shared_ptr<const DecimalColumn> x0,
                              std::shared_ptr<const DecimalColumn> y0) {
    if (!x0 || !y0 || x0->size() != y0->size() || x0->empty())
        throw std::invalid_argument("reduce_scalar: x0 and y0 shapes differ");
    const DecimalColumn& x = *x0;
    const DecimalColumn& y = *y0;
    // One pass, three exact products per coordinate: with u = x + y, v = x - y,
    // |u|^2 = S0 + 2 x.y, |v|^2 = S0 - 2 x.y and u.v = |x|^2 - |y|^2 (exact identities,
    // docs/math.md section 2), so the six products of the expanded form are not needed.
    // The products of decimals are integers times powers of ten, summed
    // exactly per exponent in 128-bit integers (number/decimal_sums.hpp).
    DecimalDotSum sxx, syy, sxy;
    for (size_t i = 0; i < x.size(); ++i) {
        if (x.is_small(i) && y.is_small(i)) {
            const SmallDecimal a = x.small(i), b = y.small(i);
            sxx.add_product(a, a);
            syy.add_product(b, b);
            sxy.add_product(a, b);
        } else {
            const Rational a = x.value(i), b = y.value(i);
            sxx.add(a * a);
            syy.add(b * b);
            sxy.add(a * b);
        }
    }
    const Rational xx = sxx.value(), yy = syy.value(), xy = sxy.value();
    ScalarReduction red{mu, h, std::move(x0), std::move(y0), 0, 0, 0, 0, 0};
    red.S0 = xx + yy;
    red.u_sq = red.S0 + 2 * xy;
    red.v_sq = red.S0 - 2 * xy;
    red.uv = xx - yy;
    red.r0 = mu - xy;
    return red;
}

ScalarReduction reduce_scalar(const Rational& mu, const Rational& h, const std::vector<Rational>& x0,
                              const std::vector<Rational>& y0) {
    return reduce_scalar(mu, h, std::make_shared<const DecimalColumn>(x0), std::make_shared<const DecimalColumn>(y0));
}

void reduced_start(const ScalarReduction& red, Interval& x, Interval& y) {
    Interval nu = interval_sqrt(enclose(red.u_sq));
    Interval nv = interval_sqrt(enclose(red.v_sq));
    Interval half = enclose(Rational(1, 2));
    x = half * (nu + nv);
    y = half * (nu - nv);
}

namespace {

// The exact sum (sign = +1) or difference (sign = -1) of two SmallDecimals.
Rational combine(SmallDecimal a, SmallDecimal b, int sign) {
    // Same exponent: one integer (|m| < 2 * 10^18 < 2^63, no overflow).
    if (a.exponent == b.exponent) return to_rational(SmallDecimal{a.mantissa + sign * b.mantissa, a.exponent});
    const Rational rb = to_rational(b);
    return sign > 0 ? Rational(to_rational(a) + rb) : Rational(to_rational(a) - rb);
}

}  // namespace

Reconstruction::Reconstruction(const ScalarReduction& red, const Interval& alpha, const Interval& beta)
    : red_(red),
      // alpha / |u0| and beta / |v0| (a vanishing direction contributes nothing).
      fa_(red.u_sq == 0 ? make_interval(0L) : alpha / interval_sqrt(enclose(red.u_sq))),
      fb_(red.v_sq == 0 ? make_interval(0L) : beta / interval_sqrt(enclose(red.v_sq))),
      half_(enclose(Rational(1, 2))) {}

void Reconstruction::coordinate(size_t i, Interval& x, Interval& y) const {
    const DecimalColumn& x0 = *red_.x0;
    const DecimalColumn& y0 = *red_.y0;
    Rational u, v;
    if (x0.is_small(i) && y0.is_small(i)) {
        u = combine(x0.small(i), y0.small(i), +1);
        v = combine(x0.small(i), y0.small(i), -1);
    } else {
        const Rational a = x0.value(i), b = y0.value(i);
        u = a + b;
        v = a - b;
    }
    Interval pu = fa_ * enclose(u);
    Interval pv = fb_ * enclose(v);
    x = half_ * (pu + pv);
    y = half_ * (pu - pv);
}

void reconstruct(const ScalarReduction& red, const Interval& alpha, const Interval& beta, std::vector<Interval>& x,
                 std::vector<Interval>& y) {
    const size_t d = red.d();
    x.assign(d, make_interval(0L));
    y.assign(d, make_interval(0L));
    const Reconstruction r(red, alpha, beta);
    for (size_t i = 0; i < d; ++i) r.coordinate(i, x[i], y[i]);
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
