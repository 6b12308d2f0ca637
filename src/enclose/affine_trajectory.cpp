// Taylor-model enclosures of parametrised reduced trajectories
// (include/lrcert/enclose/affine_trajectory.hpp; docs/math.md, section 14.2).
#include "lrcert/enclose/affine_trajectory.hpp"

#include "lrcert/number/interval_kernels.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace lrcert {

namespace {

// A polynomial of degree <= 2 in q in [-1, 1]^m with interval coefficients:
// c + sum_i l_i q_i + sum_{i <= j} a_ij q_i q_j (a in the order of
// AffineSet2::qx), together with a remainder: the model stands for every
// function whose value at each q lies in poly(q) + [-rem, rem].
struct Model {
    Interval c;
    std::vector<Interval> l, a;
    UpperBound rem = UpperBound::exact(0);
};

size_t pairs(size_t m) { return m * (m + 1) / 2; }

Model model_of(const Real& c, const std::vector<Real>& l, const std::vector<Real>& a) {
    Model p;
    p.c = make_interval(c);
    p.l.reserve(l.size());
    for (const Real& v : l) p.l.push_back(make_interval(v));
    p.a.assign(pairs(l.size()), make_interval(0L));
    for (size_t k = 0; k < a.size() && k < p.a.size(); ++k) p.a[k] = make_interval(a[k]);
    return p;
}

UpperBound l1(const std::vector<Interval>& v) {
    UpperBound s = UpperBound::exact(0);
    for (const Interval& x : v) s = s + UpperBound::of_mag(x);
    return s;
}

// An enclosure of the polynomial part over [-1, 1]^m (q_i^2 in [0, 1]).
Interval poly_range(const Model& p) {
    const size_t m = p.l.size();
    const Interval unit = make_interval(-1L, 1L), half_unit = make_interval(0L, 1L);
    Interval s = p.c;
    for (size_t i = 0; i < m; ++i) s = s + p.l[i] * unit;
    size_t k = 0;
    for (size_t i = 0; i < m; ++i)
        for (size_t j = i; j < m; ++j, ++k) s = s + p.a[k] * (i == j ? half_unit : unit);
    return s;
}

// The same about the constant term: an upper bound of |poly(q) - c|.
UpperBound poly_spread(const Model& p) { return l1(p.l) + l1(p.a); }

Model plus(const Model& x, const Model& y, bool minus = false) {
    Model z = x;
    z.c = minus ? x.c - y.c : x.c + y.c;
    for (size_t i = 0; i < z.l.size(); ++i) z.l[i] = minus ? x.l[i] - y.l[i] : x.l[i] + y.l[i];
    for (size_t k = 0; k < z.a.size(); ++k) z.a[k] = minus ? x.a[k] - y.a[k] : x.a[k] + y.a[k];
    z.rem = x.rem + y.rem;
    return z;
}

// The product, truncated at degree 2: the dropped terms of degree 3 and 4
// (|q^alpha| <= 1) and the remainders' products go to the remainder.
Model times(const Model& x, const Model& y) {
    const size_t m = x.l.size();
    // Each coefficient is a sum of products, accumulated in place
    // (number/interval_kernels.hpp: outward rounding, no temporaries).
    IntervalDot acc;
    Model z;
    acc.add_product(x.c, y.c);
    z.c = acc.value();
    z.l.resize(m);
    for (size_t i = 0; i < m; ++i) {
        acc.reset();
        acc.add_product(x.c, y.l[i]);
        acc.add_product(x.l[i], y.c);
        z.l[i] = acc.value();
    }
    z.a.resize(pairs(m));
    size_t k = 0;
    for (size_t i = 0; i < m; ++i)
        for (size_t j = i; j < m; ++j, ++k) {
            acc.reset();
            acc.add_product(x.c, y.a[k]);
            acc.add_product(x.a[k], y.c);
            acc.add_product(x.l[i], y.l[j]);
            if (i != j) acc.add_product(x.l[j], y.l[i]);
            z.a[k] = acc.value();
        }
    const UpperBound xl = l1(x.l), xa = l1(x.a), yl = l1(y.l), ya = l1(y.a);
    z.rem = xl * ya + xa * yl + xa * ya;
    // |x| <= range(x) multiplies y's remainder, and the other way round.
    if (y.rem.real() > 0) z.rem = z.rem + UpperBound::of_mag(poly_range(x)) * y.rem;
    if (x.rem.real() > 0) z.rem = z.rem + UpperBound::of_mag(poly_range(y)) * x.rem + x.rem * y.rem;
    return z;
}

// (h_c + rho q_0) y, the product with the step's model, without its zero terms.
Model times_h(const Interval& hc, const Interval& rho, const Model& y) {
    const size_t m = y.l.size();
    Model z;
    z.c = hc * y.c;
    z.l.resize(m);
    for (size_t i = 0; i < m; ++i) z.l[i] = hc * y.l[i];
    z.l[0] = z.l[0] + rho * y.c;
    z.a.resize(pairs(m));
    for (size_t k = 0; k < z.a.size(); ++k) z.a[k] = hc * y.a[k];
    // rho q_0 y_j q_j lands on the pairs (0, j), the first m entries.
    for (size_t j = 0; j < m; ++j) z.a[j] = z.a[j] + rho * y.l[j];
    // rho q_0 times y's quadratic part is of degree 3; |h| <= |h_c| + rho multiplies y's remainder.
    const UpperBound r = UpperBound::of_mag(rho);
    z.rem = r * l1(y.a) + (UpperBound::of_mag(hc) + r) * y.rem;
    return z;
}

// Point coefficients (midpoints) for the set; their radii (|q^alpha| <= 1)
// and the model's remainder come back as one upper bound.
UpperBound split_off(const Model& p, Real& c, std::vector<Real>& l, std::vector<Real>& a) {
    UpperBound r = p.rem;
    auto take = [&r](const Interval& x) {
        Real v = midpoint(x);
        r = r + UpperBound::of_mag(x - make_interval(v));
        return v;
    };
    c = take(p.c);
    l.resize(p.l.size());
    for (size_t i = 0; i < p.l.size(); ++i) l[i] = take(p.l[i]);
    a.resize(p.a.size());
    for (size_t k = 0; k < p.a.size(); ++k) a[k] = take(p.a[k]);
    return r;
}

Model x_model(const AffineSet2& s) { return model_of(s.cx, s.jx, s.qx); }
Model y_model(const AffineSet2& s) { return model_of(s.cy, s.jy, s.qy); }

}  // namespace

Interval lohner_x(const AffineSet2& s) { return make_interval(s.bx[0]) * s.p[0] + make_interval(s.bx[1]) * s.p[1]; }
Interval lohner_y(const AffineSet2& s) { return make_interval(s.by[0]) * s.p[0] + make_interval(s.by[1]) * s.p[1]; }

UpperBound affine_spread(const AffineSet2& s) {
    return euclid_up({poly_spread(x_model(s)) + UpperBound::of_mag(lohner_x(s)),
                      poly_spread(y_model(s)) + UpperBound::of_mag(lohner_y(s))});
}

AffineReducedEnclosures affine_reduced_enclosures(const AffineSet2& s, const Interval& mu) {
    const Model X = x_model(s), Y = y_model(s);
    const Interval cx = X.c, cy = Y.c, two = make_interval(2L);
    const Real z0 = zero<Real>();
    // v = B p + w: its components' enclosures (the ball part w as its box).
    const Interval vx = lohner_x(s) + around(z0, s.e), vy = lohner_y(s) + around(z0, s.e);
    // The linear forms at the centre on B P (keeping P's correlation) and on w.
    const Interval zero_i = make_interval(0L);
    Interval pr = zero_i, pS = zero_i, pu = zero_i, pv = zero_i;
    for (size_t i = 0; i < 2; ++i) {
        const Interval bx = make_interval(s.bx[i]), by = make_interval(s.by[i]);
        pr = pr + (cy * bx + cx * by) * s.p[i];
        pS = pS + two * (cx * bx + cy * by) * s.p[i];
        pu = pu + (bx + by) * s.p[i];
        pv = pv + (bx - by) * s.p[i];
    }
    const UpperBound c_norm = euclid_up({UpperBound::of_mag(cx), UpperBound::of_mag(cy)});
    const UpperBound sqrt2 = euclid_up({UpperBound::exact(1), UpperBound::exact(1)});
    const Interval we = around(z0, c_norm * s.e), we2 = around(z0, UpperBound::exact(2) * c_norm * s.e),
                   wu = around(z0, sqrt2 * s.e);
    // The polynomial part's spread about c (multiplies v in the cross terms).
    const Interval dx = around(z0, poly_spread(X)), dy = around(z0, poly_spread(Y));
    AffineReducedEnclosures e;
    // r(P + v) = r(P) - (c_y v_x + c_x v_y) - ((P_y - c_y) v_x + (P_x - c_x) v_y) - v_x v_y.
    Model rP = times(X, Y);
    e.r = (mu - poly_range(rP)) + around(z0, rP.rem) - pr + we - (dy * vx + dx * vy) - vx * vy;
    // S(c + d) = S(c) + 2 (c . d) + |d|^2 with d = (P - c) + v: the linear form
    // coefficient by coefficient on P - c, on B P as an interval; |d|^2 in [0, |d|_max^2].
    UpperBound lS = UpperBound::exact(0);
    for (size_t j = 0; j < X.l.size(); ++j) lS = lS + UpperBound::of_mag(two * (cx * X.l[j] + cy * Y.l[j]));
    for (size_t k = 0; k < X.a.size(); ++k) lS = lS + UpperBound::of_mag(two * (cx * X.a[k] + cy * Y.a[k]));
    const UpperBound ddx = poly_spread(X) + UpperBound::of_mag(vx), ddy = poly_spread(Y) + UpperBound::of_mag(vy);
    e.S = (interval_sqr(cx) + interval_sqr(cy)) + around(z0, lS) + pS + we2 +
          make_interval(z0, (ddx * ddx + ddy * ddy).real());
    const Model U = plus(X, Y), V = plus(X, Y, true);
    e.u = poly_range(U) + pu + wu;
    e.v = poly_range(V) + pv + wu;
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
    const size_t q = pairs(set_.params());
    if ((!set_.qx.empty() && set_.qx.size() != q) || (!set_.qy.empty() && set_.qy.size() != q))
        throw std::invalid_argument("ScalarAffineTrajectory: the quadratic parts need m (m + 1) / 2 coefficients");
    if (!(rho_h_ >= 0)) throw std::invalid_argument("ScalarAffineTrajectory: rho_h must be >= 0");
    ball_ = affine_ball(set_);
    bound_ = ball_bound(ball_);
}

void ScalarAffineTrajectory::advance() {
    if (bound_ != BallBound::Within)
        throw std::logic_error("ScalarAffineTrajectory::advance: " + bound_reason(bound_, k_));
    advance_unbounded();
}

// docs/math.md, section 14.2: with P(q) = c + J q + Q(q) the polynomial part,
// X the hull box of Z_k and H the h interval,
//   F(P(q), h_c + rho_h q_0) in P'(q) + N     (the model's composition, truncated
//                                              at degree 2; N a box),
//   [M] = DF_z over X x H,
//   B'  = a rotation whose first column follows mid([M] B) (chosen, not proven),
//   P'  = ([B'^-1] [M] B) P + [B'^-1] (N + [M] w-box),   e' = 0,
// where [B'^-1] encloses the exact inverse of the point matrix B'.
void ScalarAffineTrajectory::advance_unbounded() {
    const Interval& mu = map_.mu();
    const Interval& H = map_.h();
    const Real z0 = zero<Real>();
    const Model X = x_model(set_), Y = y_model(set_);
    // The hull box of Z_k.
    const Interval x = poly_range(X) + lohner_x(set_) + around(z0, set_.e);
    const Interval y = poly_range(Y) + lohner_y(set_) + around(z0, set_.e);
    // DF_z = I - h Hess f with Hess = [[y^2, 2xy - mu], [2xy - mu, x^2]] (section 2), over X x H.
    const Interval one = make_interval(1L), two = make_interval(2L);
    const Interval off = -(H * (two * x * y - mu));
    const Interval m11 = one - H * interval_sqr(y), m22 = one - H * interval_sqr(x);
    // The polynomial part: x+ = x + h r y, y+ = y + h r x, r = mu - x y, h = h_c + rho_h q_0.
    Model r = times(X, Y);
    r.c = mu - r.c;
    for (Interval& v : r.l) v = -v;
    for (Interval& v : r.a) v = -v;
    const Model hr = times_h(make_interval(h_c_), make_interval(rho_h_), r);
    const Model Xn = plus(X, times(hr, Y)), Yn = plus(Y, times(hr, X));
    AffineSet2 next;
    const UpperBound nx_rad = split_off(Xn, next.cx, next.jx, next.qx);
    const UpperBound ny_rad = split_off(Yn, next.cy, next.jy, next.qy);
    // The new remainder box N, with the ball part w (|w_i| <= e) mapped by [M].
    const Interval nx = around(z0, nx_rad + (UpperBound::of_mag(m11) + UpperBound::of_mag(off)) * set_.e);
    const Interval ny = around(z0, ny_rad + (UpperBound::of_mag(off) + UpperBound::of_mag(m22)) * set_.e);
    // [M] B, column i = [M] (bx_i, by_i).
    Interval mb[2][2];
    for (size_t i = 0; i < 2; ++i) {
        const Interval bx = make_interval(set_.bx[i]), by = make_interval(set_.by[i]);
        mb[0][i] = m11 * bx + off * by;
        mb[1][i] = off * bx + m22 * by;
    }
    // B': the rotation whose first column is the direction of the column of
    // mid([M] B) that carries the most of the remainder (|column| mag(P_i)).
    // Any invertible point matrix is correct; this one keeps [B'^-1] thin and
    // the contracting direction apart from the neutral one.
    auto weight = [&](size_t i) {
        const double a = midpoint(mb[0][i]).convert_to<double>(), b = midpoint(mb[1][i]).convert_to<double>();
        return std::hypot(a, b) * UpperBound::of_mag(set_.p[i]).real().convert_to<double>();
    };
    const size_t lead = weight(1) > weight(0) ? 1 : 0;
    Real ax = midpoint(mb[0][lead]), ay = midpoint(mb[1][lead]);
    Real len = sqrt(ax * ax + ay * ay);
    if (!(len > 0) || !isfinite(len)) {
        ax = Real(1);
        ay = Real(0);
        len = Real(1);
    }
    ax /= len;
    ay /= len;
    next.bx = {ax, -ay};
    next.by = {ay, ax};
    // [B'^-1] = adj(B') / det(B'), in intervals (det is about 1).
    const Interval bx0 = make_interval(next.bx[0]), bx1 = make_interval(next.bx[1]);
    const Interval by0 = make_interval(next.by[0]), by1 = make_interval(next.by[1]);
    const Interval det = bx0 * by1 - bx1 * by0;
    if (!certainly_positive(det)) throw std::logic_error("ScalarAffineTrajectory: the remainder frame is singular");
    const Interval inv[2][2] = {{by1 / det, -bx1 / det}, {-by0 / det, bx0 / det}};
    for (size_t i = 0; i < 2; ++i) {
        // Row i of [B'^-1] [M] B applied to P, plus row i of [B'^-1] N.
        Interval acc = inv[i][0] * nx + inv[i][1] * ny;
        for (size_t j = 0; j < 2; ++j) acc = acc + (inv[i][0] * mb[0][j] + inv[i][1] * mb[1][j]) * set_.p[j];
        next.p[i] = acc;
    }
    next.e = UpperBound::exact(0);
    set_ = std::move(next);
    ball_ = affine_ball(set_);
    ++k_;
    bound_ = ball_bound(ball_);
}

}  // namespace lrcert
