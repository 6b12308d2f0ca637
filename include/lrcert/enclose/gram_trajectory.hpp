// The ball enclosure of the isotropic rank-1 Gram trajectory (A = mu I, d = 1;
// docs/math.md, sections 3 and 16): the exact (a_k, b_k, c_k) lies in the
// Euclidean ball B(centre_k, e_k) of R^3, and interval enclosures of the
// coefficients with x_k = p_k x0 + q_k y0, y_k = r_k x0 + s_k y0 ride along.
//
// One step (as enclose/ball.hpp, on the 3-D map): F(centre) in intervals gives
// the next centre (midpoints) and delta (half-widths); gamma >= sup ||DF||_2
// over the ball's box, bounded by min(||J||_F, sqrt(||J||_1 ||J||_inf)) of the
// interval Jacobian; e+ = delta + gamma e (mean value inequality). The
// coefficients step with the box of (a_k, b_k): each interval contains the
// exact coefficient, since the exact a_k, b_k lie in the box.
// The ball's centre is stored as Factors (X = (a, b, c) as a 3 x 1 column, Y
// empty), so the certification driver and ball_bound treat it as any state.
#pragma once

#include "lrcert/enclose/ball.hpp"
#include "lrcert/problem/isotropic_gram.hpp"

namespace lrcert {

class GramTrajectory {
public:
    // Exact start (a0, b0, c0), mu and h; construct and use inside one PrecisionScope.
    GramTrajectory(const Gram<Rational>& start, const Rational& mu, const Rational& h);
    size_t step() const { return k_; }
    const Ball& ball() const { return ball_; }
    BallBound bound() const { return bound_; }
    // Per-coordinate box of the ball (contains the exact (a_k, b_k, c_k)).
    Gram<Interval> box() const;
    // Enclosures of the exact coefficients at this step.
    const GramCoefficients<Interval>& coefficients() const { return coeff_; }
    // A proven upper bound of the exact g_k = a_k b_k - c_k^2 >= 0, from
    // g_(k+1) = (1 - h(a + b) + h^2 (a b - mu^2))^2 g_k (docs/math.md 16.1, (I2))
    // with the factor's sup over the box of (a_k, b_k), starting from the
    // exact g_0: it follows g down to its own size, where an evaluation of
    // a b - c^2 over the box is only as small as the box is wide.
    const UpperBound& g_bound() const { return g_bound_; }
    const Interval& mu() const { return mu_; }
    const Interval& h() const { return h_; }
    // One step; only while bound() is Within (throws std::logic_error otherwise).
    void advance();

private:
    Interval mu_, h_;
    Ball ball_;
    BallBound bound_;
    GramCoefficients<Interval> coeff_;
    UpperBound g_bound_;
    size_t k_ = 0;
};

// The centre (a, b, c) of a Gram ball, and the ball's box from a centre and radius.
Gram<Real> gram_centre(const Ball& b);
Gram<Interval> gram_box(const Ball& b);

// Upper bound of ||J||_2 for an interval matrix J: min(Frobenius, sqrt(||J||_1 ||J||_inf)).
UpperBound gram_jacobian_norm(const Interval J[3][3]);

}  // namespace lrcert
