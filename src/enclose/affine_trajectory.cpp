// Affine enclosures of parametrised reduced trajectories
// (include/lrcert/enclose/affine_trajectory.hpp; docs/math.md, section 14.2).
#include "lrcert/enclose/affine_trajectory.hpp"

#include "lrcert/problem/factorization.hpp"

#include <stdexcept>
#include <utility>

namespace lrcert {

namespace {

// Upper bound of the absolute sum of a row of J.
UpperBound row_sum(const std::vector<Real>& row) {
    UpperBound s = UpperBound::exact(0);
    for (const Real& v : row) s = s + UpperBound::of_mag(make_interval(v));
    return s;
}

}  // namespace

UpperBound affine_spread(const AffineSet2& s) { return euclid_up({row_sum(s.jx), row_sum(s.jy)}); }

AffineReducedEnclosures affine_reduced_enclosures(const AffineSet2& s, const Interval& mu) {
    const Interval cx = make_interval(s.cx), cy = make_interval(s.cy), two = make_interval(2L);
    // sum_j mag(L(J_j)) + |L|_2 e for the linear forms L of r, S, u and v at the centre.
    UpperBound lr = UpperBound::exact(0), lS = lr, lu = lr, lv = lr;
    for (size_t j = 0; j < s.params(); ++j) {
        const Interval gx = make_interval(s.jx[j]), gy = make_interval(s.jy[j]);
        lr = lr + UpperBound::of_mag(cy * gx + cx * gy);
        lS = lS + UpperBound::of_mag(two * (cx * gx + cy * gy));
        lu = lu + UpperBound::of_mag(gx + gy);
        lv = lv + UpperBound::of_mag(gx - gy);
    }
    const UpperBound c_norm = euclid_up({UpperBound::of_mag(cx), UpperBound::of_mag(cy)});
    const UpperBound sqrt2 = euclid_up({UpperBound::exact(1), UpperBound::exact(1)});
    lr = lr + c_norm * s.e;
    lS = lS + UpperBound::exact(2) * c_norm * s.e;
    lu = lu + sqrt2 * s.e;
    lv = lv + sqrt2 * s.e;
    const UpperBound wx = row_sum(s.jx) + s.e, wy = row_sum(s.jy) + s.e;
    const Real z0 = zero<Real>();
    AffineReducedEnclosures e;
    // r(c + v) = r(c) - (c_y v_x + c_x v_y) - v_x v_y, |v_x| <= wx, |v_y| <= wy.
    e.r = (mu - cx * cy) + around(z0, lr + wx * wy);
    // S(c + v) = S(c) + 2 (c_x v_x + c_y v_y) + v_x^2 + v_y^2, the last two in [0, |w|^2].
    e.S = (interval_sqr(cx) + interval_sqr(cy)) + around(z0, lS) + make_interval(z0, (wx * wx + wy * wy).real());
    e.u = (cx + cy) + around(z0, lu);
    e.v = (cx - cy) + around(z0, lv);
    return e;
}

Ball affine_ball(const AffineSet2& s) {
    Ball b;
    b.centre.X = Matrix<Real>(1, 1);
    b.centre.Y = Matrix<Real>(1, 1);
    b.centre.X(0, 0) = s.cx;
    b.centre.Y(0, 0) = s.cy;
    b.radius = affine_spread(s) + s.e;
    return b;
}

ScalarAffineTrajectory::ScalarAffineTrajectory(ScalarMap map, Real h_c, Real rho_h, AffineSet2 start)
    : map_(std::move(map)), h_c_(std::move(h_c)), rho_h_(std::move(rho_h)), set_(std::move(start)) {
    if (set_.jx.size() != set_.jy.size() || set_.jx.empty())
        throw std::invalid_argument("ScalarAffineTrajectory: J must be 2 x m with m >= 1");
    if (!(set_.jx[0] == 0) || !(set_.jy[0] == 0))
        throw std::invalid_argument("ScalarAffineTrajectory: the start's column 0 (the h parameter) must be zero");
    if (!(rho_h_ >= 0)) throw std::invalid_argument("ScalarAffineTrajectory: rho_h must be >= 0");
    ball_ = affine_ball(set_);
    bound_ = ball_bound(ball_);
}

void ScalarAffineTrajectory::advance() {
    if (bound_ != BallBound::Within)
        throw std::logic_error("ScalarAffineTrajectory::advance: " + bound_reason(bound_, k_));
    advance_unbounded();
}

// docs/math.md, section 14.2: with B the hull box of Z_k and H the h interval,
//   [M] = DF_z over B x H, [g] = dF/dh over B, [T] = [M] J + [g] rho_h e_0^T,
//   J'  = mid [T], R_i = sum_j mag([T]_ij - J'_ij),
//   c'  = mid F(c, h_c), delta = |F(c, h_c) - c'|,
//   gamma >= sup ||DF_z|| over B x H,
//   e'  = delta + |R|_2 + gamma e.
void ScalarAffineTrajectory::advance_unbounded() {
    const size_t m = set_.params();
    const Interval& mu = map_.mu();
    const Interval& H = map_.h();
    // The hull box of Z_k.
    const Interval x = around(set_.cx, row_sum(set_.jx) + set_.e);
    const Interval y = around(set_.cy, row_sum(set_.jy) + set_.e);
    // DF_z = I - h Hess f with Hess = [[y^2, 2xy - mu], [2xy - mu, x^2]] (section 2), over B x H.
    const Interval one = make_interval(1L), two = make_interval(2L);
    const Interval off = -(H * (two * x * y - mu));
    const Interval m11 = one - H * interval_sqr(y), m22 = one - H * interval_sqr(x);
    // dF/dh = -grad f = (r y, r x), r = mu - x y.
    const Interval r = mu - x * y;
    const Interval gx = r * y, gy = r * x;
    const Interval rho = make_interval(rho_h_);
    AffineSet2 next;
    next.jx.resize(m);
    next.jy.resize(m);
    std::vector<UpperBound> rest(2, UpperBound::exact(0));
    for (size_t j = 0; j < m; ++j) {
        const Interval a = make_interval(set_.jx[j]), b = make_interval(set_.jy[j]);
        Interval tx = m11 * a + off * b, ty = off * a + m22 * b;
        if (j == 0) {
            tx = tx + gx * rho;
            ty = ty + gy * rho;
        }
        next.jx[j] = midpoint(tx);
        next.jy[j] = midpoint(ty);
        rest[0] = rest[0] + UpperBound::of_mag(tx - make_interval(next.jx[j]));
        rest[1] = rest[1] + UpperBound::of_mag(ty - make_interval(next.jy[j]));
    }
    // The centre: F at the thin point (c, h_c), in intervals (they carry mu's enclosure).
    Factors<Interval> c{Matrix<Interval>(1, 1), Matrix<Interval>(1, 1)};
    c.X(0, 0) = make_interval(set_.cx);
    c.Y(0, 0) = make_interval(set_.cy);
    const Factors<Interval> fc = gd_step(map_.A(), c, make_interval(h_c_));
    next.cx = midpoint(fc.X(0, 0));
    next.cy = midpoint(fc.Y(0, 0));
    const UpperBound delta = euclid_up({UpperBound::of_mag(fc.X(0, 0) - make_interval(next.cx)),
                                        UpperBound::of_mag(fc.Y(0, 0) - make_interval(next.cy))});
    const UpperBound gamma = scalar_growth_bound(x, y, mu, H);
    next.e = delta + euclid_up(rest) + gamma * set_.e;
    set_ = std::move(next);
    ball_ = affine_ball(set_);
    ++k_;
    bound_ = ball_bound(ball_);
}

}  // namespace lrcert
