// One ball enclosure of a GD trajectory, for any map (enclose/gd_map.hpp):
// the ball B(c_k, e_k) holding the exact iterate z_k, the step count k and
// whether the ball lies within the iterate bound |z| <= 1e30 (ball.hpp).
// Each step asks the map for the growth bound over the current ball and for
// the next centre with its defect bound (docs/math.md, sections 3 and 3.2). certify, fixture, compare and sweep all follow
// trajectories through this class, so they all show the same proven balls.
#pragma once

#include "lrcert/enclose/ball.hpp"
#include "lrcert/enclose/gd_map.hpp"
#include "lrcert/number/rational.hpp"

#include <stdexcept>
#include <utility>

namespace lrcert {

template <GdMap Map>
class BallTrajectory {
public:
    BallTrajectory(Map map, Ball start) : map_(std::move(map)), ball_(std::move(start)), bound_(ball_bound(ball_)) {}
    size_t step() const { return k_; }
    const Ball& ball() const { return ball_; }
    // Whether the current ball lies within |z| <= 1e30 (enclose/ball.hpp).
    BallBound bound() const { return bound_; }
    Map& map() { return map_; }
    const Map& map() const { return map_; }
    // Advances one GD step; only while bound() is Within (throws std::logic_error otherwise).
    void advance() {
        if (bound_ != BallBound::Within)
            throw std::logic_error("BallTrajectory::advance: " + bound_reason(bound_, k_));
        advance_unbounded();
    }
    // Advances one GD step also past the iterate bound (for a divergence
    // lemma); the ball may then stop being finite: the caller checks.
    void advance_unbounded() {
        UpperBound gamma = map_.growth_bound(ball_);
        Ball next = ball_step_from_centre(map_.centre_step(ball_), ball_, gamma);
        std::swap(ball_, next);
        // A map may take the old centre's storage back for its next centre
        // (no allocation per step; the numbers are overwritten).
        if constexpr (requires { map_.recycle(std::move(next.centre)); }) map_.recycle(std::move(next.centre));
        ++k_;
        bound_ = ball_bound(ball_);
    }

private:
    Map map_;
    Ball ball_;
    BallBound bound_;
    size_t k_ = 0;
};

using MatrixTrajectory = BallTrajectory<MatrixMap>;
using ScalarTrajectory = BallTrajectory<ScalarMap>;

// The matrix trajectory from exact data (working precision of the caller:
// construct and use inside one PrecisionScope).
MatrixTrajectory matrix_trajectory(const Matrix<Rational>& A, const Factors<Rational>& z0, const Rational& h);

}  // namespace lrcert
