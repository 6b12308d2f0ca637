// Li-Yorke chaos of GD on the invariant lines of the scalar map
// (docs/math.md, section 11.5). On x = y (u = x + y) and on x = -y
// (v = x - y) the reduced map is the cubic g(w) = c w - k w^3 with
//   x = y:   c = 1 + h mu,  k = h/4        (u+ = u (1 + h (mu - u^2/4)))
//   x = -y:  c = 1 - h mu,  k = h/4        (v+ = v (1 - h (mu + v^2/4)))
// A certified point of minimal period 3 of g proves Li-Yorke chaos of g on
// the line (Li and Yorke 1975, with J = R); when [-R, R], R^2 = (c + 1)/k, is
// proven invariant, also topological entropy >= log((1 + sqrt 5)/2) there
// (Block, Guckenheimer, Misiurewicz, Young 1980).
#pragma once

#include "lrcert/number/interval.hpp"
#include "lrcert/number/rational.hpp"

#include <array>
#include <optional>
#include <string>

namespace lrcert {

struct CubicLineMap {
    Rational c, k;  // g(w) = c w - k w^3
};

// The maps of the lines x = y ("x = y") and x = -y ("x = -y").
CubicLineMap balanced_line_map(const Rational& mu, const Rational& h);
CubicLineMap antibalanced_line_map(const Rational& mu, const Rational& h);

// g over an interval, g' = c - 3 k w^2 over an interval, g in double.
Interval cubic_image(const CubicLineMap& g, const Interval& w);
Interval cubic_derivative(const CubicLineMap& g, const Interval& w);
double cubic_image(const CubicLineMap& g, double w);

struct PeriodThreeWitness {
    // points[j] contains g^j(w) for the unique zero w of g^3 - id in points[0];
    // g(points[0]) misses points[0], so w has minimal period 3.
    std::array<Interval, 3> points;
    // The interval X where the Krawczyk test held (before narrowing): the box of
    // the orbits certificate (docs/checker.md).
    Interval box;
    // [-R, R] with R^2 = (c + 1)/k proven invariant (c > 0, k > 0, 4 c^3 <= 27 (c + 1)).
    bool compact_invariant = false;
};

// The 1-D Krawczyk test for g^3(w) = w on X, with narrowing (section 11.5).
std::optional<std::array<Interval, 3>> certify_period_three(const CubicLineMap& g, const Interval& X);

// Newton from a grid of `starts` points in [-radius, radius]; the first
// certified 3-cycle (nullopt if none).
std::optional<PeriodThreeWitness> find_period_three(const CubicLineMap& g, double radius, int starts = 400);

}  // namespace lrcert
