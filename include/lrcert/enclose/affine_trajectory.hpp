// An affine (first-order) enclosure of a parametrised family of reduced
// scalar trajectories (docs/math.md, section 14.2): the set representation
// of a cell of a certified region.
//
// The iterates z_k(q) of every parameter point q in [-1, 1]^m lie in
//
//     Z_k = { c_k + J_k q + w : q in [-1, 1]^m, |w|_2 <= e_k },
//
// with the step h = h_c + rho_h q_0 carried by the first parameter (column 0
// of J_k is the first-order effect of the h interval) and the start
// z_0(q) = c_0 + J_0 q + w_0. The linear part J_k follows the centre's
// Jacobian exactly (it is a choice, a point matrix), so the spread of the
// cell's trajectories is not multiplied by sup ||DF|| at every step as in a
// ball; only the remainder e_k (second order in the cell's width, plus
// rounding) is. As in CAPD's sets the representation asks the map for the
// bounds over its own hull (ScalarMap's growth bound over the hull box).
//
// The interface is BallTrajectory's (enclose/ball_trajectory.hpp): ball() is
// a ball containing Z_k (centre c_k, radius |J_k|_row + e_k), so every lemma
// that takes a ball applies to it unchanged.
#pragma once

#include "lrcert/enclose/ball.hpp"
#include "lrcert/enclose/gd_map.hpp"

#include <vector>

namespace lrcert {

// The affine set { c + J q + w : q in [-1, 1]^m, |w| <= e } in the reduced
// plane (x', y'); J is 2 x m, column 0 the h parameter.
struct AffineSet2 {
    Real cx, cy;
    std::vector<Real> jx, jy;  // the rows of J (m entries each)
    UpperBound e;
    size_t params() const { return jx.size(); }
};

// Upper bound of sup_q |J q|_2 over q in [-1, 1]^m: the Euclidean norm of the
// rows' absolute sums.
UpperBound affine_spread(const AffineSet2& s);

// The smallest ball this code states for the set: centre c, radius affine_spread + e.
Ball affine_ball(const AffineSet2& s);

// Enclosures over the whole set of r = mu - x y, S = x^2 + y^2, x + y and
// x - y, each from its expansion at the centre (docs/math.md, section 14.2,
// "Lemma S on the set"): the linear part column by column (a set spread
// along the minimizer curve, where grad r is orthogonal to the spread, gets
// an r as narrow as its curvature allows), the quadratic part from the half
// widths.
struct AffineReducedEnclosures {
    Interval r, S, u, v;
};
AffineReducedEnclosures affine_reduced_enclosures(const AffineSet2& s, const Interval& mu);

class ScalarAffineTrajectory {
public:
    // `map` carries the enclosures of mu and of the whole h interval H (for
    // the growth bound and the lemmas); h_c and rho_h (exact values of the
    // working precision) satisfy H subset of [h_c - rho_h, h_c + rho_h].
    // `start` must hold z_0(q) for every parameter point, with column 0 of
    // its J zero (the start does not depend on h).
    ScalarAffineTrajectory(ScalarMap map, Real h_c, Real rho_h, AffineSet2 start);

    size_t step() const { return k_; }
    const Ball& ball() const { return ball_; }
    const AffineSet2& set() const { return set_; }
    BallBound bound() const { return bound_; }
    ScalarMap& map() { return map_; }
    const ScalarMap& map() const { return map_; }
    // As BallTrajectory: advance() only while bound() is Within.
    void advance();
    void advance_unbounded();

private:
    ScalarMap map_;
    Real h_c_, rho_h_;
    AffineSet2 set_;
    Ball ball_;
    BallBound bound_;
    size_t k_ = 0;
};

}  // namespace lrcert
