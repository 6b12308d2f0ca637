// The exact two-dimensional reduction of the scalar family (docs/math.md, section 2).
//
// With u = x + y, v = x - y:  u+ = (1 + h r) u,  v+ = (1 - h r) v, so the
// directions of u and v never change. The d-dimensional run from (x0, y0) is
// exactly the d = 1 run from
//     x0' = (|u0| + |v0|) / 2,   y0' = (|u0| - |v0|) / 2
// (same h and mu), with u_k = alpha_k u0/|u0|, v_k = beta_k v0/|v0| where
// alpha_k = x_k' + y_k', beta_k = x_k' - y_k' (terms with u0 = 0 or v0 = 0 vanish).
#pragma once

#include "lrcert/enclose/ball_trajectory.hpp"
#include "lrcert/number/interval.hpp"
#include "lrcert/number/rational.hpp"

#include <vector>

namespace lrcert {

struct ScalarReduction {
    Rational mu;
    Rational h;
    std::vector<Rational> x0, y0;
    Rational u_sq;   // |u0|^2 = |x0 + y0|^2
    Rational v_sq;   // |v0|^2 = |x0 - y0|^2
    Rational uv;     // u0 . v0 = |x0|^2 - |y0|^2
    Rational S0;     // |x0|^2 + |y0|^2
    Rational r0;     // mu - x0 . y0

    size_t d() const { return x0.size(); }
};

// Exact reduction data of a scalar instance.
ScalarReduction reduce_scalar(const Rational& mu, const Rational& h, const std::vector<Rational>& x0,
                              const std::vector<Rational>& y0);

// Enclosures of the reduced start x0', y0' (working precision).
void reduced_start(const ScalarReduction& red, Interval& x, Interval& y);

// d-dimensional x and y from enclosures of the reduced alpha = x' + y' and
// beta = x' - y':  x = (alpha u0/|u0| + beta v0/|v0|)/2, y = (alpha u0/|u0| - beta v0/|v0|)/2.
void reconstruct(const ScalarReduction& red, const Interval& alpha, const Interval& beta,
                 std::vector<Interval>& x, std::vector<Interval>& y);

// The ball enclosure of the reduced (d = 1) trajectory from the reduced
// start, at the caller's working precision (construct and use inside one
// PrecisionScope).
ScalarTrajectory scalar_trajectory(const ScalarReduction& red);

// Enclosures of the d-dimensional iterate (x_k, y_k) from a ball of the
// reduced trajectory.
void scalar_iterate(const ScalarReduction& red, const Ball& b, std::vector<Interval>& x, std::vector<Interval>& y);

}  // namespace lrcert
