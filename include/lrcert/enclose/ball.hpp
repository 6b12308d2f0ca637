// Ball enclosures of a GD trajectory (docs/math.md, section 3).
//
// The exact iterate z_k lies in the Euclidean ball B(c_k, e_k) on (X, Y).
// One step:
//   F(c_k)        evaluated in intervals by the generic gd_step (thin: it only
//                 carries the rounding errors and the enclosures of A and h);
//   c_{k+1}       the midpoints of that interval evaluation;
//   delta_k       >= |F(c_k) - c_{k+1}|, from the evaluation's half-widths;
//                 (the matrix map instead computes c_{k+1} in plain rounded
//                 arithmetic and delta_k a priori: enclose/point_step.hpp,
//                 docs/math.md section 3.2; the map answers: CentreStep)
//   gamma_k       >= sup ||DF||_2 over a set containing the segment [z_k, c_k]
//                 (the map's growth bound over the ball: enclose/gd_map.hpp);
//   e_{k+1}       = delta_k + gamma_k e_k, rounded upward.
// Correctness: |z_{k+1} - c_{k+1}| <= |F(z_k) - F(c_k)| + |F(c_k) - c_{k+1}|
// <= gamma_k e_k + delta_k by the mean value inequality for the polynomial map F.
#pragma once

#include "lrcert/number/bound.hpp"
#include "lrcert/problem/factorization.hpp"

#include <functional>
#include <string>

namespace lrcert {

struct Ball {
    Factors<Real> centre;
    UpperBound radius;  // upper bound of |z - centre| for the exact iterate z
};

// Per-entry boxes [c_i - e, c_i + e] of a ball (contain the ball).
Factors<Interval> ball_box(const Ball& b);

// Thin interval copy of a centre.
Factors<Interval> thin(const Factors<Real>& c);

// The ball of all points of an interval state: centre at the midpoints,
// radius the Euclidean norm of the largest endpoint distances (rounded up).
Ball ball_around(const Factors<Interval>& z);

// Upper bound of the Euclidean norm of (x_1, ..., x_n) given upper bounds of
// |x_i| (all >= 0).
UpperBound euclid_up(const std::vector<UpperBound>& magnitudes);

// ---- the bound on followed iterates (docs/math.md, section 3) ----------------------
//
// Enclosures are followed only while every point of the ball has |z| <= 1e30
// (|z| the Euclidean norm of the whole state: sqrt(|x|^2 + |y|^2), or the
// Frobenius norm of (X, Y)). Beyond it a trajectory's values are reported as
// undecided, so no decimal end of any size (or NaN / infinity from an
// overflow) is ever produced from it; only the scalar certifier follows its
// enclosure further, to try Lemma D (docs/math.md, section 3).
constexpr long kIterateBoundExponent = 30;  // the bound is 10^30
const char* iterate_bound_text();           // "1e30"

enum class BallBound {
    Within,     // every point of the ball has |z| <= 1e30
    Beyond,     // every point has |z| > 1e30, so the exact iterate has (proven)
    Unbounded,  // neither: the ball straddles the bound, or its centre or radius is not finite
};
BallBound ball_bound(const Ball& b);

// What happened at `step` (b is Beyond or Unbounded), e.g. "the iterates
// exceed 1e30 at step 18 (|z_18| > 1e30, proven)"; callers add what follows.
std::string bound_reason(BallBound b, size_t step);
// The suffix of values not computed past the bound:
// "; no enclosure is computed beyond that bound".
const char* past_bound_text();

// A map's answer for the next centre (enclose/gd_map.hpp): c_{k+1} and an
// upper bound delta_k of |F(c_k) - c_{k+1}| (Euclidean over all entries).
struct CentreStep {
    Factors<Real> centre;
    UpperBound defect;
};

// The centre step read off an interval enclosure of F(c): the midpoints and
// the Euclidean norm of their largest distances to the ends (as ball_around).
CentreStep centre_step_of_image(const Factors<Interval>& image);

// The ball after one step: B(s.centre, s.defect + gamma e), e = b.radius,
// rounded up; `gamma` an upper bound of ||DF||_2 on ball_box(b).
Ball ball_step_from_centre(CentreStep s, const Ball& b, const UpperBound& gamma);

// One enclosure step. `gamma` is an upper bound of ||DF||_2 on the box
// ball_box(b) (so on the ball). A and h are the enclosures of the exact data.
Ball ball_step(const Matrix<Interval>& A, const Interval& h, const Ball& b, const UpperBound& gamma);
// The same step given `image`, an interval enclosure of F(c) at b's centre c
// (e.g. gd_step_from_residual with the residual a map already computed there).
Ball ball_step_from_image(const Factors<Interval>& image, const Ball& b, const UpperBound& gamma);

}  // namespace lrcert
