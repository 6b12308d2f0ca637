#include "lrcert/enclose/gd_map.hpp"

#include "lrcert/number/ball_dot.hpp"

#include <utility>

namespace lrcert {

namespace {

bool same_matrix(const Matrix<Real>& a, const Matrix<Real>& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    for (size_t k = 0; k < a.size(); ++k)
        if (!same_value(a[k].backend().data(), b[k].backend().data())) return false;
    return true;
}

bool same_centre(const Factors<Real>& a, const Factors<Real>& b) { return same_matrix(a.X, b.X) && same_matrix(a.Y, b.Y); }

}  // namespace

ScalarMap::ScalarMap(const Interval& mu, const Interval& h) : A_(1, 1), h_(h) { A_(0, 0) = mu; }

bool ScalarMap::finite(const Ball& b) {
    Interval x, y;
    reduced_box(b, x, y);
    return is_finite(x) && is_finite(y) && b.radius.finite();
}

void ScalarMap::reduced_box(const Ball& b, Interval& x, Interval& y) {
    Factors<Interval> box = ball_box(b);
    x = box.X(0, 0);
    y = box.Y(0, 0);
}

UpperBound ScalarMap::growth_bound(const Ball& b) const {
    Interval x, y;
    reduced_box(b, x, y);
    return scalar_growth_bound(x, y, mu(), h_);
}

MatrixMap::MatrixMap(Matrix<Interval> A, Interval h) : A_(std::move(A)), h_(std::move(h)), point_(A_, h_) {}

const CentreNorms& MatrixMap::norms_at(const Ball& b) {
    if (last_valid_ && same_centre(last_centre_, b.centre)) return last_;
    // The residual at the centre in plain rounded arithmetic with its
    // a-priori bound (docs/math.md 3.2), else in intervals.
    point_ok_ = point_.residual(b.centre);
    auto norms = [&](bool sigmas) {
        return point_ok_ ? cache_.at(A_, b.centre, sigmas, point_.residual_fro())
                         : cache_.at(A_, b.centre, sigmas, &last_residual_);
    };
    CentreNorms s = norms(with_sigmas_);
    // Lemma G is worth trying only once the residual is small; from then on
    // the sigma bounds are carried (docs/math.md, section 7).
    // (A heuristic threshold, rounded to nearest: it proves nothing.)
    const Real &sx = s.sx.real(), &sy = s.sy.real();
    if (!with_sigmas_ && below(s.r_fro, kSigmaResidual, 1 + sx * sx + sy * sy)) {
        with_sigmas_ = true;
        s = norms(true);
    }
    last_ = std::move(s);
    last_centre_ = b.centre;
    last_valid_ = true;
    return last_;
}

CentreStep MatrixMap::centre_step(const Ball& b) {
    norms_at(b);  // the residual at b's centre (kept with the norms)
    CentreStep s;
    s.centre = std::move(spare_);  // reused when its shape and precision fit (point_step.cpp)
    if (point_ok_) {
        if (point_.step(b.centre, s)) return s;
        return centre_step_of_image(gd_step(A_, thin(b.centre), h_));
    }
    return centre_step_of_image(gd_step_from_residual(thin(b.centre), last_residual_, h_));
}

}  // namespace lrcert
