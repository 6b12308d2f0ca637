#include "lrcert/enclose/ball.hpp"

#include "lrcert/number/ball_dot.hpp"

#include <mpfr.h>

#include <cmath>

namespace lrcert {

namespace {

Matrix<Interval> box_of(const Matrix<Real>& c, const UpperBound& e) {
    return Matrix<Interval>::from(c, [&](const Real& x) { return around(x, e); });
}

Matrix<Interval> thin_of(const Matrix<Real>& c) {
    return Matrix<Interval>::from(c, [](const Real& x) { return make_interval(x); });
}

// Midpoints of m; appends to `dist` the upper bounds of max(|hi - c|, |c - lo|).
Matrix<Real> centre_of(const Matrix<Interval>& m, std::vector<UpperBound>& dist) {
    Matrix<Real> c(m.rows(), m.cols());
    for (size_t k = 0; k < m.size(); ++k) {
        c[k] = midpoint(m[k]);
        UpperBound up = difference_up(hi(m[k]), c[k]);
        UpperBound down = difference_up(c[k], lo(m[k]));
        dist.push_back(up > down ? up : down);
    }
    return c;
}

}  // namespace

Factors<Interval> ball_box(const Ball& b) { return {box_of(b.centre.X, b.radius), box_of(b.centre.Y, b.radius)}; }

Factors<Interval> thin(const Factors<Real>& c) { return {thin_of(c.X), thin_of(c.Y)}; }

UpperBound euclid_up(const std::vector<UpperBound>& magnitudes) {
    UpperBound s = UpperBound::exact(0);
    for (const UpperBound& m : magnitudes) s = s + m * m;
    return sqrt(s);
}

Ball ball_around(const Factors<Interval>& z) {
    std::vector<UpperBound> dist;
    Ball b;
    b.centre.X = centre_of(z.X, dist);
    b.centre.Y = centre_of(z.Y, dist);
    b.radius = euclid_up(dist);
    return b;
}

Ball ball_step_from_image(const Factors<Interval>& image, const Ball& b, const UpperBound& gamma) {
    Ball next = ball_around(image);
    next.radius = next.radius + gamma * b.radius;
    return next;
}

CentreStep centre_step_of_image(const Factors<Interval>& image) {
    Ball b = ball_around(image);
    return {std::move(b.centre), std::move(b.radius)};
}

Ball ball_step_from_centre(CentreStep s, const Ball& b, const UpperBound& gamma) {
    return {std::move(s.centre), s.defect + gamma * b.radius};
}

Ball ball_step(const Matrix<Interval>& A, const Interval& h, const Ball& b, const UpperBound& gamma) {
    return ball_step_from_image(gd_step(A, thin(b.centre), h), b, gamma);
}

const char* iterate_bound_text() { return "1e30"; }

const char* past_bound_text() { return "; no enclosure is computed beyond that bound"; }

BallBound ball_bound(const Ball& b) {
    if (!b.radius.finite()) return BallBound::Unbounded;
    // |c|^2 from above and below in double (docs/math.md 3, "Iterate bound":
    // each |c_i| as a double rounded away from / towards 0, the squares and
    // sums rounded up / down by Lemmas K3 and K3'): no MPFR temporaries.
    // (The lower sum only when the upper one does not decide.)
    double up = 0, down = 0;
    for (const Matrix<Real>* m : {&b.centre.X, &b.centre.Y})
        for (const Real& c : m->data()) {
            mpfr_srcptr x = c.backend().data();
            if (mpfr_nan_p(x) || mpfr_inf_p(x)) return BallBound::Unbounded;  // (inline tests)
            const double above = magnitude_up(x);
            up = up_add(up, up_mul(above, above));
        }
    static const Integer bound = [] {
        Integer v = 1;
        for (long i = 0; i < kIterateBoundExponent; ++i) v *= 10;
        return v;
    }();
    // |c| - e <= |z| <= |c| + e for every z in the ball. First in double
    // (no MPFR temporaries; docs/math.md 3, "Iterate bound"): below_bound is
    // 10^30 rounded down to a double, so most <= below_bound proves |z| <=
    // 10^30; else (near or above the bound, or a radius beyond double's
    // range) the comparisons are made in MPFR.
    static const double below_bound = [] {
        mpfr_t t;
        mpfr_init2(t, 53);
        mpfr_set_z(t, bound.backend().data(), MPFR_RNDD);  // RD(10^30) at 53 bits: a double
        const double v = mpfr_get_d(t, MPFR_RNDD);         // exact
        mpfr_clear(t);
        return v;
    }();
    if (up_add(up_sqrt(up), magnitude_up(b.radius.real().backend().data())) <= below_bound) return BallBound::Within;
    for (const Matrix<Real>* m : {&b.centre.X, &b.centre.Y})
        for (const Real& c : m->data()) {
            const double below = magnitude_down(c.backend().data());
            down = down_add(down, down_mul(below, below));
        }
    const UpperBound most = UpperBound::of_double(up_sqrt(up)) + b.radius;
    const LowerBound least = LowerBound::of_double(down_sqrt(down)) - b.radius;
    if (most.finite() && mpfr_cmp_z(most.real().backend().data(), bound.backend().data()) <= 0)
        return BallBound::Within;
    if (least.finite() && mpfr_cmp_z(least.real().backend().data(), bound.backend().data()) > 0)
        return BallBound::Beyond;
    return BallBound::Unbounded;
}

std::string bound_reason(BallBound b, size_t step) {
    const std::string k = std::to_string(step), bound = iterate_bound_text();
    if (b == BallBound::Beyond)
        return "the iterates exceed " + bound + " at step " + k + " (|z_" + k + "| > " + bound + ", proven)";
    return "the enclosure of the iterate at step " + k + " is not within |z| <= " + bound;
}

}  // namespace lrcert
