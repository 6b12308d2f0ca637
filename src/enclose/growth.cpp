#include "lrcert/enclose/growth.hpp"

#include "lrcert/linalg/spectral.hpp"

namespace lrcert {

namespace {

Matrix<Interval> thin_matrix(const Matrix<Real>& m) {
    return Matrix<Interval>::from(m, [](const Real& x) { return make_interval(x); });
}

}  // namespace

void scalar_hessian_eigenvalues(const Interval& x, const Interval& y, const Interval& mu, Interval& lambda_minus,
                                Interval& lambda_plus) {
    Interval x2 = interval_sqr(x);
    Interval y2 = interval_sqr(y);
    Interval S = x2 + y2;
    Interval p = make_interval(2L) * x * y - mu;
    Interval root = interval_sqrt(interval_sqr(x2 - y2) + make_interval(4L) * interval_sqr(p));
    Interval half = enclose(Rational(1, 2));
    lambda_minus = half * (S - root);
    lambda_plus = half * (S + root);
}

UpperBound scalar_growth_bound(const Interval& x, const Interval& y, const Interval& mu, const Interval& h) {
    Interval lm, lp;
    scalar_hessian_eigenvalues(x, y, mu, lm, lp);
    // |1 - h lambda| is convex in lambda: its sup over [min lambda_-, max lambda_+]
    // is attained at an end.
    return UpperBound::of_mag(make_interval(1L) - h * hull(lm, lp));
}

CentreNorms centre_norms(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas) {
    Factors<Interval> z{thin_matrix(c.X), thin_matrix(c.Y)};
    Matrix<Interval> R = residual(A, z);
    CentreNorms s;
    s.sx = spectral_norm_up(z.X);
    s.sy = spectral_norm_up(z.Y);
    s.sr = spectral_norm_up(R);
    s.r_fro = sqrt(upper_of(frobenius_sq(R)));
    const size_t n = c.X.rows(), m = c.Y.rows(), d = c.X.cols();
    s.sigma_x = with_sigmas && n <= d ? smallest_singular_down(z.X) : LowerBound::exact(0);
    s.sigma_y = with_sigmas && m <= d ? smallest_singular_down(z.Y) : LowerBound::exact(0);
    return s;
}

void NormCache::refresh(const Matrix<Interval>& A, const Factors<Real>& c) {
    centre_ = c;
    at_centre_ = centre_norms(A, c, sigmas_);
    scale_ = sqrt(upper_of(state_norm_sq(thin(c))));
    valid_ = true;
    ++refreshes_;
}

CentreNorms NormCache::at(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas) {
    UpperBound delta = UpperBound::exact(0);
    if (valid_) delta = sqrt(upper_of(state_norm_sq(thin(c) - thin(centre_))));
    // When to refresh is a heuristic (any delta is sound): refresh (1 + |c*|).
    if (!valid_ || exceeds(delta, refresh_, 1 + scale_.real()) || (with_sigmas && !sigmas_)) {
        sigmas_ = sigmas_ || with_sigmas;
        refresh(A, c);
        delta = UpperBound::exact(0);
    }
    CentreNorms s;
    s.sx = at_centre_.sx + delta;
    s.sy = at_centre_.sy + delta;
    // ||R_c||_F is cheap: recomputed at c; ||R_c||_2 <= min(||R_c||_F, cached bound).
    Matrix<Interval> R = residual(A, thin(c));
    s.r_fro = sqrt(upper_of(frobenius_sq(R)));
    const UpperBound moved = at_centre_.sr + (delta * (at_centre_.sx + at_centre_.sy) + delta * delta);
    s.sr = moved < s.r_fro ? moved : s.r_fro;
    s.sigma_x = positive_part(at_centre_.sigma_x - delta);
    s.sigma_y = positive_part(at_centre_.sigma_y - delta);
    return s;
}

UpperBound matrix_growth_bound(const CentreNorms& s, const UpperBound& e, const Interval& h) {
    Interval E = upto(e);
    Interval sx = upto(s.sx) + E, sy = upto(s.sy) + E;
    Interval nu = upto(s.sr) + E * (upto(s.sx) + upto(s.sy)) + interval_sqr(E);
    Interval Lambda = interval_sqr(sx) + interval_sqr(sy) + nu;
    Interval one = make_interval(1L);
    return upper_of(interval_max(one + h * nu, h * Lambda - one));
}

}  // namespace lrcert
