#include "lrcert/enclose/ball.hpp"
#include "lrcert/enclose/growth.hpp"

#include <mpfr.h>

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
    Integer bound = 1;
    for (long i = 0; i < kIterateBoundExponent; ++i) bound *= 10;
    {   // The common case without interval temporaries: |c| from above in double
        // (state_norm_up, docs/math.md 7.1; +infinity for a non-finite entry).
        const UpperBound most = state_norm_up(b.centre) + b.radius;
        if (most.finite() && mpfr_cmp_z(most.real().backend().data(), bound.backend().data()) <= 0)
            return BallBound::Within;
    }
    // Sums of squares of the centre's entries, rounded up and down.
    UpperBound up = UpperBound::exact(0);
    LowerBound down = LowerBound::exact(0);
    for (const Matrix<Real>* m : {&b.centre.X, &b.centre.Y})
        for (const Real& c : m->data()) {
            if (!mpfr_number_p(c.backend().data())) return BallBound::Unbounded;
            const UpperBound c_up = UpperBound::of_mag(make_interval(c));
            const LowerBound c_down = LowerBound::of_mig(make_interval(c));
            up = up + c_up * c_up;
            down = down + c_down * c_down;
        }
    // |c| - e <= |z| <= |c| + e for every z in the ball.
    const UpperBound most = sqrt(up) + b.radius;
    const LowerBound least = sqrt(down) - b.radius;
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
