#include "lrcert/enclose/ball.hpp"

#include <mpfr.h>

namespace lrcert {

namespace {

Matrix<Interval> box_of(const Matrix<Real>& c, const Real& e) {
    return Matrix<Interval>::from(c, [&](const Real& x) {
        MpfrRounding rnd;
        return Interval(rnd.sub_down(x, e), rnd.add_up(x, e));
    });
}

Matrix<Interval> thin_of(const Matrix<Real>& c) {
    return Matrix<Interval>::from(c, [](const Real& x) { return make_interval(x); });
}

// Midpoints of m; appends to `dist` the upper bounds of max(|hi - c|, |c - lo|).
Matrix<Real> centre_of(const Matrix<Interval>& m, std::vector<Real>& dist) {
    MpfrRounding rnd;
    Matrix<Real> c(m.rows(), m.cols());
    for (size_t k = 0; k < m.size(); ++k) {
        c[k] = midpoint(m[k]);
        Real up = rnd.sub_up(hi(m[k]), c[k]);
        Real down = rnd.sub_up(c[k], lo(m[k]));
        dist.push_back(up > down ? up : down);
    }
    return c;
}

}  // namespace

Factors<Interval> ball_box(const Ball& b) { return {box_of(b.centre.X, b.radius), box_of(b.centre.Y, b.radius)}; }

Factors<Interval> thin(const Factors<Real>& c) { return {thin_of(c.X), thin_of(c.Y)}; }

Real euclid_up(const std::vector<Real>& magnitudes) {
    MpfrRounding rnd;
    Real s = new_real();
    for (const Real& m : magnitudes) s = rnd.add_up(s, rnd.mul_up(m, m));
    return rnd.sqrt_up(s);
}

Ball ball_around(const Factors<Interval>& z) {
    std::vector<Real> dist;
    Ball b;
    b.centre.X = centre_of(z.X, dist);
    b.centre.Y = centre_of(z.Y, dist);
    b.radius = euclid_up(dist);
    return b;
}

Ball ball_step(const Matrix<Interval>& A, const Interval& h, const Ball& b, const Real& gamma) {
    Ball next = ball_around(gd_step(A, thin(b.centre), h));
    MpfrRounding rnd;
    next.radius = rnd.add_up(next.radius, rnd.mul_up(gamma, b.radius));
    return next;
}

const char* iterate_bound_text() { return "1e30"; }

const char* past_bound_text() { return "; no enclosure is computed beyond that bound"; }

BallBound ball_bound(const Ball& b) {
    MpfrRounding rnd;
    if (!mpfr_number_p(b.radius.backend().data())) return BallBound::Unbounded;
    // Sums of squares of the centre's entries, rounded up and down.
    Real up = new_real(), down = new_real();
    for (const Matrix<Real>* m : {&b.centre.X, &b.centre.Y})
        for (const Real& c : m->data()) {
            if (!mpfr_number_p(c.backend().data())) return BallBound::Unbounded;
            up = rnd.add_up(up, rnd.mul_up(c, c));
            down = rnd.add_down(down, rnd.mul_down(c, c));
        }
    Integer bound = 1;
    for (long i = 0; i < kIterateBoundExponent; ++i) bound *= 10;
    // |c| - e <= |z| <= |c| + e for every z in the ball.
    Real most = rnd.add_up(rnd.sqrt_up(up), b.radius);
    Real least = rnd.sub_down(rnd.sqrt_down(down), b.radius);
    if (mpfr_number_p(most.backend().data()) && mpfr_cmp_z(most.backend().data(), bound.backend().data()) <= 0)
        return BallBound::Within;
    if (mpfr_number_p(least.backend().data()) && mpfr_cmp_z(least.backend().data(), bound.backend().data()) > 0)
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
