// Period three on the invariant lines (docs/math.md, section 11.5).
#include "lrcert/dynamics/line_chaos.hpp"

#include "lrcert/number/scalar.hpp"

#include <mpfr.h>

#include <cmath>

namespace lrcert {

namespace {

double to_double(const Real& x) { return mpfr_get_d(x.backend().data(), MPFR_RNDN); }

Interval exact_double(double d) {
    Real r = new_real();
    mpfr_set_d(r.backend().data(), d, MPFR_RNDN);
    return make_interval(r);
}

// One Krawczyk operator for G = g^3 - id on X; nullopt if not finite.
std::optional<Interval> krawczyk_1d(const CubicLineMap& g, const Interval& X) {
    const Real m = midpoint(X);
    Interval gm = make_interval(m), gx = X, dg = make_interval(1L);
    double md = to_double(m), dd = 1;
    for (int j = 0; j < 3; ++j) {
        dg = dg * cubic_derivative(g, gx);  // chain rule over the naive images of X
        gx = cubic_image(g, gx);
        gm = cubic_image(g, gm);
        dd *= to_double(from_rational<Real>(g.c)) - 3 * to_double(from_rational<Real>(g.k)) * md * md;
        md = cubic_image(g, md);
    }
    const double cd = 1 / (dd - 1);
    if (!std::isfinite(cd)) return std::nullopt;
    const Interval C = exact_double(cd), one = make_interval(1L), mi = make_interval(m);
    Interval K = mi - C * (gm - mi) + (one - C * (dg - one)) * (X - mi);
    if (!is_finite(K)) return std::nullopt;
    return K;
}

// x intersected with y (they meet).
Interval meet(const Interval& x, const Interval& y) {
    return make_interval(lo(x) > lo(y) ? lo(x) : lo(y), hi(x) < hi(y) ? hi(x) : hi(y));
}

}  // namespace

CubicLineMap balanced_line_map(const Rational& mu, const Rational& h) { return {1 + h * mu, h / 4}; }
CubicLineMap antibalanced_line_map(const Rational& mu, const Rational& h) { return {1 - h * mu, h / 4}; }

Interval cubic_image(const CubicLineMap& g, const Interval& w) {
    return w * (enclose(g.c) - enclose(g.k) * interval_sqr(w));
}

Interval cubic_derivative(const CubicLineMap& g, const Interval& w) {
    return enclose(g.c) - make_interval(3L) * enclose(g.k) * interval_sqr(w);
}

double cubic_image(const CubicLineMap& g, double w) {
    return w * (from_rational<double>(g.c) - from_rational<double>(g.k) * w * w);
}

std::optional<std::array<Interval, 3>> certify_period_three(const CubicLineMap& g, const Interval& X) {
    std::optional<Interval> K = krawczyk_1d(g, X);
    if (!K || !(lo(X) < lo(*K) && hi(*K) < hi(X))) return std::nullopt;
    // Unique zero of g^3 - id in X, inside K (section 11.2 with N = 1); narrow.
    Interval cur = meet(*K, X);
    for (int round = 0; round < 6; ++round) {
        std::optional<Interval> next = krawczyk_1d(g, cur);
        if (!next || hi(*next) < lo(cur) || hi(cur) < lo(*next)) break;
        Interval both = meet(*next, cur);
        if (!(width_up(both) < width_up(cur))) break;
        cur = both;
    }
    std::array<Interval, 3> pts{cur, cubic_image(g, cur), cubic_image(g, cubic_image(g, cur))};
    // Minimal period 3: g(X) misses X (3 is prime, so only q = 1 is to exclude).
    if (!(hi(pts[1]) < lo(cur) || hi(cur) < lo(pts[1]))) return std::nullopt;
    return pts;
}

std::optional<PeriodThreeWitness> find_period_three(const CubicLineMap& g, double radius, int starts) {
    const double c = from_rational<double>(g.c), k = from_rational<double>(g.k);
    for (int s = 0; s < starts; ++s) {
        double w = -radius + 2 * radius * (s + 0.5) / starts;
        bool ok = false;
        for (int it = 0; it < 60 && std::isfinite(w) && std::abs(w) < 1e8; ++it) {
            double v = w, d = 1;
            for (int j = 0; j < 3; ++j) {
                d *= c - 3 * k * v * v;
                v = cubic_image(g, v);
            }
            if (std::abs(v - w) <= 1e-13 * (1 + std::abs(w))) {
                ok = true;
                break;
            }
            w -= (v - w) / (d - 1);
        }
        if (!ok || !std::isfinite(w)) continue;
        if (std::abs(cubic_image(g, w) - w) <= 1e-9 * (1 + std::abs(w))) continue;  // a fixed point
        for (double r = 1e-13 * (1 + std::abs(w)); r <= 1e-4 * (1 + std::abs(w)); r *= 10) {
            const Interval X = make_interval(lo(exact_double(w - r)), hi(exact_double(w + r)));
            std::optional<std::array<Interval, 3>> pts = certify_period_three(g, X);
            if (!pts) continue;
            PeriodThreeWitness wit;
            wit.points = *pts;
            wit.box = X;
            // [-R, R] invariant iff g(u_c) <= R at the critical point (section 11.5): exact.
            wit.compact_invariant = g.k > 0 && g.c > 0 && 4 * g.c * g.c * g.c <= 27 * (g.c + 1);
            return wit;
        }
    }
    return std::nullopt;
}

}  // namespace lrcert
