// A second-order enclosure (a Taylor model with a Lohner remainder) of a
// parametrised family of reduced scalar trajectories (docs/math.md, section
// 14.2): the set representation of a cell of a certified region.
//
// The iterates z_k(q) of every parameter point q in [-1, 1]^m lie in
//
//     Z_k = { P_k(q) + B_k p + w : q in [-1, 1]^m, p in P_k, |w|_2 <= e_k },
//     P_k(q) = c_k + J_k q + (quadratic form in q), one per coordinate,
//
// with the step h = h_c + rho_h q_0 carried by the first parameter and the
// start z_0(q) = c_0 + J_0 q + w_0. The polynomial part is the map composed
// with the previous one, truncated at degree 2 (its coefficients are point
// values, a choice), so the spread of the cell's trajectories is not
// multiplied by sup ||DF|| at every step as in a ball. Only the remainder
// (third order in the cell's width, plus rounding) is bounded, and it is
// carried as a parallelogram B_k P_k mapped by the interval Jacobian over the
// hull in a frame that turns with the dynamics (Lohner's method, as CAPD's
// doubleton sets): near the minimizer curve its normal part contracts with
// the trajectories instead of being multiplied by sup ||DF|| >= 1 (the
// curve's tangent is neutral). The first step folds the start's ball part e
// into the parallelogram (e_k = 0 for k >= 1). As in CAPD's sets the
// representation asks the map for the bounds over its own hull.
//
// The interface is BallTrajectory's (enclose/ball_trajectory.hpp): ball() is
// a ball containing Z_k (centre c_k, radius affine_spread + e_k), so every
// lemma that takes a ball applies to it unchanged. (The names say "affine"
// for the set's first-order origin.)
#pragma once

#include "lrcert/enclose/ball.hpp"
#include "lrcert/enclose/gd_map.hpp"

#include <array>
#include <vector>

namespace lrcert {

// The affine set { c + J q + B p + w : q in [-1, 1]^m, p in P, |w| <= e } in
// the reduced plane (x', y'); J is 2 x m, column 0 the h parameter; B is a
// point 2 x 2 matrix (the remainder's frame, default the identity) and P an
// interval vector (the remainder's coordinates in it, default 0).
struct AffineSet2 {
    Real cx, cy;
    std::vector<Real> jx, jy;  // the rows of J (m entries each)
    // The quadratic forms: coefficients of q_i q_j for i <= j, in the order
    // (0,0), (0,1), ..., (0,m-1), (1,1), ..., (m-1,m-1); empty means 0.
    std::vector<Real> qx, qy;
    std::array<Real, 2> bx{Real(1), Real(0)}, by{Real(0), Real(1)};  // the rows of B
    std::array<Interval, 2> p{};                                     // P
    UpperBound e;
    size_t params() const { return jx.size(); }
};

// Enclosures of the x and y components of B P over p in P.
Interval lohner_x(const AffineSet2& s);
Interval lohner_y(const AffineSet2& s);

// Upper bound of sup |J q + Q(q) + B p|_2 over q in [-1, 1]^m, p in P: the
// Euclidean norm of the polynomial parts' ranges about c plus the magnitudes
// of B P's components.
UpperBound affine_spread(const AffineSet2& s);

// The smallest ball this code states for the set: centre c, radius affine_spread + e.
Ball affine_ball(const AffineSet2& s);

// Enclosures over the whole set of r = mu - x y, S = x^2 + y^2, x + y and
// x - y (docs/math.md, section 14.2, "Lemma S on the set"): each composed
// with the polynomial part in q (a set spread along the minimizer curve,
// where grad r is orthogonal to the spread, gets an r as narrow as the
// model's remainder allows), the parallelogram's part from its expansion at
// the centre.
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
