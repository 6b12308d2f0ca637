#include "lrcert/enclose/gram_trajectory.hpp"

#include <stdexcept>

namespace lrcert {

namespace {

Factors<Interval> as_factors(const Gram<Interval>& g) {
    Factors<Interval> z{Matrix<Interval>(3, 1), Matrix<Interval>(0, 1)};
    z.X(0, 0) = g.a;
    z.X(1, 0) = g.b;
    z.X(2, 0) = g.c;
    return z;
}

}  // namespace

Gram<Real> gram_centre(const Ball& b) { return {b.centre.X(0, 0), b.centre.X(1, 0), b.centre.X(2, 0)}; }

Gram<Interval> gram_box(const Ball& b) {
    return {around(b.centre.X(0, 0), b.radius), around(b.centre.X(1, 0), b.radius),
            around(b.centre.X(2, 0), b.radius)};
}

UpperBound gram_jacobian_norm(const Interval J[3][3]) {
    UpperBound fro = UpperBound::exact(0), row_max = UpperBound::exact(0), col_max = UpperBound::exact(0);
    for (int i = 0; i < 3; ++i) {
        UpperBound row = UpperBound::exact(0), col = UpperBound::exact(0);
        for (int j = 0; j < 3; ++j) {
            const UpperBound m = UpperBound::of_mag(J[i][j]);
            fro = fro + m * m;
            row = row + m;
            col = col + UpperBound::of_mag(J[j][i]);
        }
        row_max = max(row_max, row);
        col_max = max(col_max, col);
    }
    return min(sqrt(fro), sqrt(row_max * col_max));
}

GramTrajectory::GramTrajectory(const Gram<Rational>& start, const Rational& mu, const Rational& h)
    : mu_(enclose(mu)), h_(enclose(h)),
      coeff_{make_interval(1L), make_interval(0L), make_interval(0L), make_interval(1L)} {
    ball_ = ball_around(as_factors({enclose(start.a), enclose(start.b), enclose(start.c)}));
    g_bound_ = UpperBound::of_rational(start.a * start.b - start.c * start.c);
    bound_ = ball_bound(ball_);
}

Gram<Interval> GramTrajectory::box() const { return gram_box(ball_); }

void GramTrajectory::advance() {
    if (bound_ != BallBound::Within) throw std::logic_error("GramTrajectory::advance: " + bound_reason(bound_, k_));
    const Gram<Interval> box = gram_box(ball_);
    Interval J[3][3];
    gram_jacobian(box, mu_, h_, J);
    const UpperBound gamma = gram_jacobian_norm(J);
    const Gram<Real> c = gram_centre(ball_);
    const Gram<Interval> centre{make_interval(c.a), make_interval(c.b), make_interval(c.c)};
    coeff_ = coefficient_step(coeff_, box, mu_, h_);
    const Interval det = make_interval(1L) - h_ * (box.a + box.b) + h_ * h_ * (box.a * box.b - mu_ * mu_);
    g_bound_ = UpperBound::of_mag(interval_sqr(det)) * g_bound_;
    Ball next = ball_around(as_factors(gram_step(centre, mu_, h_)));
    next.radius = next.radius + gamma * ball_.radius;
    ball_ = std::move(next);
    ++k_;
    bound_ = ball_bound(ball_);
}

}  // namespace lrcert
