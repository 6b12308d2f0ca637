#include "lrcert/enclose/gd_map.hpp"

#include <utility>

namespace lrcert {

namespace {

bool same_centre(const Factors<Real>& a, const Factors<Real>& b) {
    return a.X.data() == b.X.data() && a.Y.data() == b.Y.data() && a.X.rows() == b.X.rows() &&
           a.Y.rows() == b.Y.rows();
}

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

MatrixMap::MatrixMap(Matrix<Interval> A, Interval h) : A_(std::move(A)), h_(std::move(h)) {}

const CentreNorms& MatrixMap::norms_at(const Ball& b) {
    if (last_valid_ && same_centre(last_centre_, b.centre)) return last_;
    CentreNorms s = cache_.at(A_, b.centre, with_sigmas_, &last_residual_);
    // Lemma G is worth trying only once the residual is small; from then on
    // the sigma bounds are carried (docs/math.md, section 7).
    // (A heuristic threshold, rounded to nearest: it proves nothing.)
    const Real &sx = s.sx.real(), &sy = s.sy.real();
    if (!with_sigmas_ && below(s.r_fro, kSigmaResidual, 1 + sx * sx + sy * sy)) {
        with_sigmas_ = true;
        s = cache_.at(A_, b.centre, true, &last_residual_);
    }
    last_ = std::move(s);
    last_centre_ = b.centre;
    last_valid_ = true;
    return last_;
}

Factors<Interval> MatrixMap::centre_image(const Ball& b) {
    norms_at(b);  // the residual at b's centre (kept with the norms)
    return gd_step_from_residual(thin(b.centre), last_residual_, h_);
}

}  // namespace lrcert
