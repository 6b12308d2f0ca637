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
#include "lrcert/number/decimal_column.hpp"
#include "lrcert/number/interval.hpp"
#include "lrcert/number/rational.hpp"

#include <memory>
#include <vector>

namespace lrcert {

// Largest d for which the d-dimensional enclosures of the limit (and the
// exact start in the claim table) are kept in memory: about 250 bytes a
// coordinate. Beyond it the limit's norms are still certified from the
// reduction, and a coordinate is enclosed on demand by a Reconstruction.
constexpr size_t kMaxKeptCoordinates = 10000;

struct ScalarReduction {
    Rational mu;
    Rational h;
    // The start, shared (copies of the reduction do not copy d numbers).
    std::shared_ptr<const DecimalColumn> x0, y0;
    Rational u_sq;   // |u0|^2 = |x0 + y0|^2
    Rational v_sq;   // |v0|^2 = |x0 - y0|^2
    Rational uv;     // u0 . v0 = |x0|^2 - |y0|^2
    Rational S0;     // |x0|^2 + |y0|^2
    Rational r0;     // mu - x0 . y0

    size_t d() const { return x0->size(); }
};

// Exact reduction data of a scalar instance: |x0|^2, |y0|^2 and x0 . y0 as
// exact sums in one pass over the coordinates, in integer arithmetic for the
// SmallDecimal entries (number/decimal_sums.hpp; docs/math.md section 2),
// exact rationals for the others. Throws std::invalid_argument if the
// lengths differ or d = 0.
ScalarReduction reduce_scalar(const Rational& mu, const Rational& h, std::shared_ptr<const DecimalColumn> x0,
                              std::shared_ptr<const DecimalColumn> y0);
// The same from vectors of rationals (stored as columns first).
ScalarReduction reduce_scalar(const Rational& mu, const Rational& h, const std::vector<Rational>& x0,
                              const std::vector<Rational>& y0);

// Enclosures of the reduced start x0', y0' (working precision).
void reduced_start(const ScalarReduction& red, Interval& x, Interval& y);

// d-dimensional x and y from enclosures of the reduced alpha = x' + y' and
// beta = x' - y':  x = (alpha u0/|u0| + beta v0/|v0|)/2, y = (alpha u0/|u0| - beta v0/|v0|)/2,
// in one pass; u0_i = x0_i + y0_i and v0_i = x0_i - y0_i are enclosed from
// their exact values.
void reconstruct(const ScalarReduction& red, const Interval& alpha, const Interval& beta,
                 std::vector<Interval>& x, std::vector<Interval>& y);

// The same one coordinate at a time, for callers that stream the limit
// instead of holding d intervals: make a Reconstruction once, then
// coordinate(i, x, y) encloses x_i and y_i (same enclosures as reconstruct).
class Reconstruction {
public:
    Reconstruction(const ScalarReduction& red, const Interval& alpha, const Interval& beta);
    void coordinate(size_t i, Interval& x, Interval& y) const;

private:
    const ScalarReduction& red_;
    Interval fa_, fb_, half_;
};

// The ball enclosure of the reduced (d = 1) trajectory from the reduced
// start, at the caller's working precision (construct and use inside one
// PrecisionScope).
ScalarTrajectory scalar_trajectory(const ScalarReduction& red);

// Enclosures of the d-dimensional iterate (x_k, y_k) from a ball of the
// reduced trajectory.
void scalar_iterate(const ScalarReduction& red, const Ball& b, std::vector<Interval>& x, std::vector<Interval>& y);

}  // namespace lrcert
