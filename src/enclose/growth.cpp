#include "lrcert/enclose/growth.hpp"

#include "lrcert/linalg/spectral.hpp"

namespace lrcert {

namespace {

Matrix<Interval> thin_matrix(const Matrix<Real>& m) {
    return Matrix<Interval>::from(m, [](const Real& x) { return make_interval(x); });
}

Real up(const Interval& x) { return hi(x); }

// Interval from an upper bound known to be >= 0: [0, u].
Interval upto(const Real& u) { return Interval(new_real(), u); }

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

Real scalar_growth_bound(const Interval& x, const Interval& y, const Interval& mu, const Interval& h) {
    Interval lm, lp;
    scalar_hessian_eigenvalues(x, y, mu, lm, lp);
    // |1 - h lambda| is convex in lambda: its sup over [min lambda_-, max lambda_+]
    // is attained at an end.
    return mag_up(make_interval(1L) - h * hull(lm, lp));
}

CentreNorms centre_norms(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas) {
    Factors<Interval> z{thin_matrix(c.X), thin_matrix(c.Y)};
    Matrix<Interval> R = residual(A, z);
    CentreNorms s;
    s.sx = spectral_norm_up(z.X);
    s.sy = spectral_norm_up(z.Y);
    s.sr = spectral_norm_up(R);
    s.r_fro = sqrt_up(hi(frobenius_sq(R)));
    const size_t n = c.X.rows(), m = c.Y.rows(), d = c.X.cols();
    s.sigma_x = with_sigmas && n <= d ? smallest_singular_down(z.X) : new_real();
    s.sigma_y = with_sigmas && m <= d ? smallest_singular_down(z.Y) : new_real();
    return s;
}

void NormCache::refresh(const Matrix<Interval>& A, const Factors<Real>& c) {
    centre_ = c;
    at_centre_ = centre_norms(A, c, sigmas_);
    scale_ = sqrt_up(hi(state_norm_sq(thin(c))));
    valid_ = true;
    ++refreshes_;
}

CentreNorms NormCache::at(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas) {
    MpfrRounding rnd;
    Real delta = new_real();
    if (valid_) delta = sqrt_up(hi(state_norm_sq(thin(c) - thin(centre_))));
    Real limit = rnd.mul_down(Real(refresh_), rnd.add_down(make_interval(1L).lower(), scale_));
    if (!valid_ || delta > limit || (with_sigmas && !sigmas_)) {
        sigmas_ = sigmas_ || with_sigmas;
        refresh(A, c);
        delta = new_real();
    }
    CentreNorms s;
    s.sx = rnd.add_up(at_centre_.sx, delta);
    s.sy = rnd.add_up(at_centre_.sy, delta);
    // ||R_c||_F is cheap: recomputed at c; ||R_c||_2 <= min(||R_c||_F, cached bound).
    Matrix<Interval> R = residual(A, thin(c));
    s.r_fro = sqrt_up(hi(frobenius_sq(R)));
    Real moved = rnd.add_up(at_centre_.sr, rnd.add_up(rnd.mul_up(delta, rnd.add_up(at_centre_.sx, at_centre_.sy)),
                                                      rnd.mul_up(delta, delta)));
    s.sr = moved < s.r_fro ? moved : s.r_fro;
    auto down = [&](const Real& sigma) {
        Real v = rnd.sub_down(sigma, delta);
        return v > 0 ? v : new_real();
    };
    s.sigma_x = down(at_centre_.sigma_x);
    s.sigma_y = down(at_centre_.sigma_y);
    return s;
}

Real matrix_growth_bound(const CentreNorms& s, const Real& e, const Interval& h) {
    Interval E = upto(e);
    Interval sx = upto(s.sx) + E, sy = upto(s.sy) + E;
    Interval nu = upto(s.sr) + E * (upto(s.sx) + upto(s.sy)) + interval_sqr(E);
    Interval Lambda = interval_sqr(sx) + interval_sqr(sy) + nu;
    Interval one = make_interval(1L);
    return up(interval_max(one + h * nu, h * Lambda - one));
}

}  // namespace lrcert
