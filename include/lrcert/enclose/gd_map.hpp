// The GD maps F(z) = z - h grad f(z) of the two families, each answering for
// the Lipschitz bound over a ball it is given (docs/math.md, section 3).
//
// As in CAPD's ball sets, the enclosure asks the map for sup ||DF||_2 on its
// own ball rather than taking a bare number from its caller, so every user of
// a trajectory (certify, fixture, compare, sweep) follows the same proven
// balls: enclose/ball_trajectory.hpp.
#pragma once

#include "lrcert/enclose/growth.hpp"
#include "lrcert/enclose/point_step.hpp"

#include <concepts>

namespace lrcert {

// A GD map of f(X, Y) = 1/2 ||A - X Y^T||_F^2 with step h, as the ball
// enclosure needs it: the enclosures of the exact A and h and an upper bound
// of ||DF||_2 over a set containing the given ball. growth_bound may keep
// state between calls (a cache), but its answer for a ball depends only on
// the balls it was asked about before, in order. centre_step(b) gives the
// next centre c' and an upper bound of |F(c) - c'| at b's centre c (a
// CentreStep, enclose/ball.hpp): read off the interval evaluation of F(c)
// (docs/math.md, section 3) or from plain rounded arithmetic with an a-priori
// bound (section 3.2); it is called after growth_bound for the same ball (a
// map may reuse the residual it computed at that centre).
template <class M>
concept GdMap = requires(M& map, const M& cmap, const Ball& b) {
    { cmap.A() } -> std::convertible_to<const Matrix<Interval>&>;
    { cmap.h() } -> std::convertible_to<const Interval&>;
    { map.growth_bound(b) } -> std::same_as<UpperBound>;
    { map.centre_step(b) } -> std::same_as<CentreStep>;
};

// The reduced scalar map (d = 1, A = [mu]): the state is (x', y'); growth from
// the Hessian's eigenvalues over the ball's box (scalar_growth_bound).
class ScalarMap {
public:
    ScalarMap(const Interval& mu, const Interval& h);
    const Matrix<Interval>& A() const { return A_; }
    const Interval& h() const { return h_; }
    const Interval& mu() const { return A_(0, 0); }
    // Box of the reduced state (x', y') of a ball (contains the ball).
    static void reduced_box(const Ball& b, Interval& x, Interval& y);
    // Whether that box and the radius are finite.
    static bool finite(const Ball& b);
    UpperBound growth_bound(const Ball& b) const;
    // The interval evaluation of F at b's centre (the state is 2-D).
    CentreStep centre_step(const Ball& b) const { return centre_step_of_image(gd_step(A_, thin(b.centre), h_)); }

private:
    Matrix<Interval> A_;
    Interval h_;
};

// The matrix map, owning the NormCache of its spectral bounds. The certified
// bounds at a ball's centre (norms_at) carry the sigma bounds that Lemma G
// needs once the residual is small (a heuristic that only saves time: Lemma G
// checks its own hypotheses); the growth bound of that ball uses the same
// bounds, so a trajectory's balls do not depend on who follows it.
class MatrixMap {
public:
    MatrixMap(Matrix<Interval> A, Interval h);
    const Matrix<Interval>& A() const { return A_; }
    const Interval& h() const { return h_; }
    // Bounds at b's centre (remembered for the last centre asked about).
    const CentreNorms& norms_at(const Ball& b);
    // Whether the residual has been small at a centre so far (then norms_at
    // carries the sigma bounds).
    bool with_sigmas() const { return with_sigmas_; }
    // The sigma bounds are carried once ||R_c||_F < kSigmaResidual (1 + sx^2 +
    // sy^2) at a centre (docs/math.md, section 7.4): a heuristic threshold,
    // compared at round-to-nearest (number/bound.hpp, Threshold); it decides
    // when Lemma G is worth trying, it proves nothing.
    static constexpr Threshold kSigmaResidual{"1e-3"};
    UpperBound growth_bound(const Ball& b) { return matrix_growth_bound(norms_at(b), b.radius, h_); }
    // The next centre in plain rounded arithmetic with its a-priori defect
    // bound (enclose/point_step.hpp, docs/math.md section 3.2), from the
    // residual norms_at computed at b's centre; outside that kernel's range,
    // the interval evaluation of F there (section 3).
    CentreStep centre_step(const Ball& b);
    size_t refreshes() const { return cache_.refreshes(); }
    // Storage of a centre no longer needed (BallTrajectory hands back the old
    // one): centre_step writes the next centre into it.
    void recycle(Factors<Real>&& spare) { spare_ = std::move(spare); }

private:
    Matrix<Interval> A_;
    Interval h_;
    NormCache cache_;
    bool with_sigmas_ = false;
    bool last_valid_ = false;
    Factors<Real> last_centre_;
    CentreNorms last_;
    PointStep point_;                 // the plain rounded residual and step
    bool point_ok_ = false;           // whether point_ holds the residual at last_centre_
    Matrix<Interval> last_residual_;  // else R = A - X Y^T at last_centre_ in intervals
    Factors<Real> spare_;             // storage for the next centre (recycle)
};

static_assert(GdMap<ScalarMap>);
static_assert(GdMap<MatrixMap>);

}  // namespace lrcert
