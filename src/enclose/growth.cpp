#include "lrcert/enclose/growth.hpp"

#include "lrcert/linalg/spectral.hpp"
#include "lrcert/number/ball_dot.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>

namespace lrcert {

namespace {

// A per-thread MPFR temporary (distance_up runs once a step: no init/clear each time).
struct Scratch {
    mpfr_t t;
    Scratch() { mpfr_init2(t, 64); }
    ~Scratch() { mpfr_clear(t); }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
};

static_assert(sizeof(mp_limb_t) == 8, "growth: 64-bit MPFR limbs expected");
__extension__ typedef unsigned __int128 U;

// |x - y| from above as a double, for numbers of at most 64 bits (one limb):
// exactly in 128-bit integers, then rounded up (docs/math.md 7.1, "Reuse
// across steps"). False (use MPFR) for a zero, a non-finite number, exponents
// more than 63 apart or outside [-850, 1000].
bool difference_up_one_limb(mpfr_srcptr x, mpfr_srcptr y, double& out) {
    if (mpfr_get_prec(x) > 64 || mpfr_get_prec(y) > 64 || !mpfr_regular_p(x) || !mpfr_regular_p(y)) return false;
    mpfr_exp_t ex = mpfr_get_exp(x), ey = mpfr_get_exp(y);
    // x = +-a 2^(ex - 64), a the limb (top bit set, low bits 0 below 64 bits).
    std::uint64_t a = *static_cast<const std::uint64_t*>(mpfr_custom_get_significand(x));
    std::uint64_t b = *static_cast<const std::uint64_t*>(mpfr_custom_get_significand(y));
    bool na = mpfr_signbit(x) != 0, nb = mpfr_signbit(y) != 0;
    if (ex < ey) {
        std::swap(ex, ey);
        std::swap(a, b);
        std::swap(na, nb);
    }
    const mpfr_exp_t k = ex - ey;
    if (k > 63 || ex > 1000 || ex < -850) return false;
    // In units of 2^(ex - 127): A = a 2^63, B = b 2^(63 - k), both < 2^127.
    const U A = U(a) << 63, B = U(b) << (63 - k);
    const U D = na == nb ? (A >= B ? A - B : B - A) : A + B;  // |x - y| = D 2^(ex - 127), D < 2^128
    if (D == 0) {
        out = 0;
        return true;
    }
    // The conversion is faithful, so the next double bounds D; the scaling is exact
    // (a normal result: 2^(ex - 127) <= value <= 2^(ex + 1)).
    out = next_up_nonneg(static_cast<double>(D)) * pow2_double(ex - 127);
    return true;
}

// Upper bound of the Euclidean norm of a - b (all entries of X and Y), or of a
// when b is null, in double (docs/math.md 7.1, "Reuse across steps"): each
// difference exactly from the limbs (difference_up_one_limb) or rounded away
// from 0 at working precision, its magnitude to a double rounded away from 0,
// the squares and their sum rounded up (Lemma K3). No interval temporaries.
double distance_up(const Factors<Real>& a, const Factors<Real>* b) {
    thread_local Scratch scratch;
    mpfr_ptr t = scratch.t;
    const auto bits = static_cast<mpfr_prec_t>(working_bits());
    if (mpfr_get_prec(t) != bits) mpfr_set_prec(t, bits);
    double s = 0;
    const Matrix<Real>* am[2] = {&a.X, &a.Y};
    const Matrix<Real>* bm[2] = {b ? &b->X : nullptr, b ? &b->Y : nullptr};
    for (int f = 0; f < 2; ++f)
        for (size_t k = 0; k < am[f]->size(); ++k) {
            mpfr_srcptr x = (*am[f])[k].backend().data();
            double d = 0;
            if (bm[f]) {
                mpfr_srcptr y = (*bm[f])[k].backend().data();
                if (!difference_up_one_limb(x, y, d)) {
                    mpfr_sub(t, x, y, MPFR_RNDA);
                    d = magnitude_up(t);
                }
            } else {
                d = magnitude_up(x);
            }
            s = up_add(s, up_mul(d, d));
        }
    return up_sqrt(s);
}

Matrix<Interval> thin_matrix(const Matrix<Real>& m) {
    return Matrix<Interval>::from(m, [](const Real& x) { return make_interval(x); });
}

bool same_endpoints(const Matrix<Interval>& a, const Matrix<Interval>& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    for (size_t k = 0; k < a.size(); ++k)
        if (!mpfr_equal_p(lo(a[k]).backend().data(), lo(b[k]).backend().data()) ||
            !mpfr_equal_p(hi(a[k]).backend().data(), hi(b[k]).backend().data()))
            return false;
    return true;
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
    // The double path first (docs/math.md 7.1a): bounds, not digits, are needed here.
    s.sx = spectral_norm_up_cheap(z.X);
    s.sy = spectral_norm_up_cheap(z.Y);
    s.sr = spectral_norm_up_cheap(R);
    s.r_fro = sqrt(upper_of(frobenius_sq(R)));
    const size_t n = c.X.rows(), m = c.Y.rows(), d = c.X.cols();
    s.sigma_x = with_sigmas && n <= d ? smallest_singular_down_cheap(z.X) : LowerBound::exact(0);
    s.sigma_y = with_sigmas && m <= d ? smallest_singular_down_cheap(z.Y) : LowerBound::exact(0);
    return s;
}

const std::optional<DoubleImage>& NormCache::image_of(const Matrix<Interval>& A) {
    if (!a_seen_ || !same_endpoints(*a_seen_, A)) {
        a_seen_ = A;
        a_image_ = double_image(A);
    }
    return a_image_;
}

// The bounds at c from double images (docs/math.md 7.1a, Lemmas F1', F4 and
// F3): no interval arithmetic. Each bound the double path cannot prove comes
// from the interval method, as in centre_norms.
CentreNorms NormCache::norms_in_double(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas) {
    const std::optional<DoubleImage>& a = image_of(A);
    const std::optional<DoubleImage> x = double_image(c.X), y = double_image(c.Y);
    if (!a || !x || !y) return centre_norms(A, c, with_sigmas);
    const std::optional<DoubleImage> r = residual_image(*a, *x, *y);
    std::optional<UpperBound> sx = float_spectral_norm_up(*x), sy = float_spectral_norm_up(*y);
    std::optional<UpperBound> sr = r ? float_spectral_norm_up(*r) : std::nullopt;
    CentreNorms s;
    s.sx = sx ? *sx : spectral_norm_up_cheap(thin_matrix(c.X));
    s.sy = sy ? *sy : spectral_norm_up_cheap(thin_matrix(c.Y));
    if (sr && r) {
        s.sr = *sr;
        // ||R_c||_F <= 2^e (||Q||_F + dist) (Lemma F4; not read by at(), which takes the caller's).
        double f = 0;
        for (double q : r->P) f = up_add(f, up_mul(std::fabs(q), std::fabs(q)));
        Real fro = new_real();
        mpfr_set_d(fro.backend().data(), up_add(up_sqrt(f), r->dist), MPFR_RNDU);
        mpfr_mul_2si(fro.backend().data(), fro.backend().data(), r->e, MPFR_RNDU);
        s.r_fro = UpperBound::assume_upper(fro);
    } else {
        const Matrix<Interval> R = residual(A, thin(c));
        s.sr = spectral_norm_up_cheap(R);
        s.r_fro = sqrt(upper_of(frobenius_sq(R)));
    }
    const size_t n = c.X.rows(), m = c.Y.rows(), d = c.X.cols();
    auto sigma = [&](const std::optional<DoubleImage>& im, const Matrix<Real>& M, bool wanted) {
        if (!wanted) return LowerBound::exact(0);
        if (std::optional<LowerBound> l = float_smallest_singular_down(*im)) return *l;
        return smallest_singular_down(thin_matrix(M));  // the double path proved nothing
    };
    s.sigma_x = sigma(x, c.X, with_sigmas && n <= d);
    s.sigma_y = sigma(y, c.Y, with_sigmas && m <= d);
    return s;
}

void NormCache::refresh(const Matrix<Interval>& A, const Factors<Real>& c) {
    centre_ = c;
    at_centre_ = norms_in_double(A, c, sigmas_);
    scale_ = UpperBound::of_double(distance_up(c, nullptr));
    limit_ = mpfr_get_d(refresh_.times(1 + scale_.real()).backend().data(), MPFR_RNDN);
    valid_ = true;
    ++refreshes_;
}

UpperBound centre_distance_up(const Factors<Real>& a, const Factors<Real>& b) {
    detail::require(a.X.size() == b.X.size() && a.Y.size() == b.Y.size(), "centre_distance_up: shape mismatch");
    return UpperBound::of_double(distance_up(a, &b));
}

UpperBound state_norm_up(const Factors<Real>& c) { return UpperBound::of_double(distance_up(c, nullptr)); }

namespace {

// A stored upper bound read as a double >= it (magnitude_up: >= |value|).
double up_double(const UpperBound& u) { return magnitude_up(u.real().backend().data()); }

// The bounds at c from those at the reference centre moved by delta (docs/math.md
// 7.1, "Reuse across steps": Weyl's inequalities), in double: sx + delta,
// sy + delta and sr + (delta (sx + sy) + delta^2) rounded up by Lemma K3 from
// the stored bounds read as doubles >= them (magnitude_up), sigma - delta
// rounded down (a double <= sigma, magnitude_down, minus delta: next_down of
// the rounded difference, Lemma K3') and cut at 0; each result converted
// exactly. False (nothing written but s.r_fro's use) when a value exceeds
// 2^500 or is not finite: then the caller's MPFR chain. s.r_fro must be set.
bool moved_in_double(const CentreNorms& at, double delta, CentreNorms& s) {
    constexpr double kMax = 0x1p500;
    const double sx = up_double(at.sx), sy = up_double(at.sy), sr = up_double(at.sr);
    for (double v : {sx, sy, sr, delta})
        if (!(v <= kMax)) return false;  // also NaN
    // (In s's own storage: no allocation per step.)
    s.sx.assign_scaled(up_add(sx, delta));
    s.sy.assign_scaled(up_add(sy, delta));
    s.sr.assign_scaled(up_add(sr, up_add(up_mul(delta, up_add(sx, sy)), up_mul(delta, delta))));
    if (!(s.sr < s.r_fro)) s.sr = s.r_fro;
    auto less_delta = [delta](const LowerBound& sigma, LowerBound& out) {
        const double v = magnitude_down(sigma.real().backend().data());  // <= |sigma|
        // sigma <= 0 (or NaN) bounds nothing positive: 0, as positive_part.
        out.assign_scaled(!(sigma > 0) || !(v > delta) ? 0.0 : next_down_nonneg(v - delta));
    };
    less_delta(at.sigma_x, s.sigma_x);
    less_delta(at.sigma_y, s.sigma_y);
    return true;
}

}  // namespace

CentreNorms NormCache::at(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas,
                          Matrix<Interval>* residual_out) {
    // ||R_c||_F is cheap: recomputed at c.
    Matrix<Interval> R = residual(A, thin(c));
    CentreNorms s = at(A, c, with_sigmas, sqrt(upper_of(frobenius_sq(R))));
    if (residual_out) *residual_out = std::move(R);
    return s;
}

CentreNorms NormCache::at(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas,
                          const UpperBound& r_fro) {
    CentreNorms s;
    at(A, c, with_sigmas, r_fro, s);
    return s;
}

void NormCache::at(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas, const UpperBound& r_fro,
                   CentreNorms& s) {
    detail::require(!valid_ || (c.X.size() == centre_.X.size() && c.Y.size() == centre_.Y.size()),
                    "NormCache::at: shape mismatch");
    double delta_d = valid_ ? distance_up(c, &centre_) : 0.0;
    // When to refresh is a heuristic (any delta is sound): refresh (1 + |c*|),
    // compared in double at round-to-nearest.
    if (!valid_ || delta_d > limit_ || (with_sigmas && !sigmas_)) {
        sigmas_ = sigmas_ || with_sigmas;
        refresh(A, c);
        delta_d = 0;
    }
    // ||R_c||_2 <= min(||R_c||_F, cached bound).
    s.r_fro = r_fro;
    if (moved_in_double(at_centre_, delta_d, s)) return;
    const UpperBound delta = UpperBound::of_double(delta_d);
    s.sx = at_centre_.sx + delta;
    s.sy = at_centre_.sy + delta;
    const UpperBound moved = at_centre_.sr + (delta * (at_centre_.sx + at_centre_.sy) + delta * delta);
    s.sr = moved < s.r_fro ? moved : s.r_fro;
    s.sigma_x = positive_part(at_centre_.sigma_x - delta);
    s.sigma_y = positive_part(at_centre_.sigma_y - delta);
}

namespace {

// The bound of matrix_growth_bound in double (docs/math.md 7.3, "In double"):
// every input read as a double >= it (magnitude_up), the same chain of
// operations rounded up by Lemma K3, and h Lambda - 1 from above as
// next_up(RN(t - 1)) for t = up(h Lambda) > 2 (below, 1 + h nu >= 1 >= t - 1
// is the maximum). Nothing when an input or the result is not finite or an
// input exceeds 2^500 (then the squares could overflow): the caller uses
// MPFR. No allocation, no MPFR arithmetic (a twentieth of a small step).
std::optional<double> growth_in_double(const CentreNorms& s, const UpperBound& e, const Interval& h) {
    constexpr double kMax = 0x1p500;
    const double sx = up_double(s.sx), sy = up_double(s.sy), sr = up_double(s.sr), r = up_double(e),
                 hu = magnitude_up(hi(h).backend().data());
    for (double v : {sx, sy, sr, r, hu})
        if (!(v <= kMax)) return std::nullopt;  // also NaN
    const double ex = up_add(sx, r), ey = up_add(sy, r);
    const double nu = up_add(up_add(sr, up_mul(r, up_add(sx, sy))), up_mul(r, r));
    const double Lambda = up_add(up_add(up_mul(ex, ex), up_mul(ey, ey)), nu);
    const double first = up_add(1.0, up_mul(hu, nu));
    const double t = up_mul(hu, Lambda);
    const double gamma = t > 2 ? std::max(first, next_up_nonneg(t - 1)) : first;
    if (!std::isfinite(gamma)) return std::nullopt;
    return gamma;
}

}  // namespace

UpperBound matrix_growth_bound(const CentreNorms& s, const UpperBound& e, const Interval& h) {
    if (lo(h) >= 0) {
        if (const std::optional<double> g = growth_in_double(s, e, h)) return UpperBound::of_double(*g);
        // Every quantity is non-negative, so the upper ends of the interval
        // evaluation below are these upward-rounded operations on the upper
        // bounds, in the same order (the same numbers, without interval
        // temporaries): nu, Lambda, max(1 + h nu, h Lambda - 1).
        const UpperBound hu = upper_of(h);
        const UpperBound sx = s.sx + e, sy = s.sy + e;
        const UpperBound nu = s.sr + e * (s.sx + s.sy) + e * e;
        const UpperBound Lambda = sx * sx + sy * sy + nu;
        return max(UpperBound::exact(1) + hu * nu, hu * Lambda - LowerBound::exact(1));
    }
    Interval E = upto(e);
    Interval sx = upto(s.sx) + E, sy = upto(s.sy) + E;
    Interval nu = upto(s.sr) + E * (upto(s.sx) + upto(s.sy)) + interval_sqr(E);
    Interval Lambda = interval_sqr(sx) + interval_sqr(sy) + nu;
    Interval one = make_interval(1L);
    return upper_of(interval_max(one + h * nu, h * Lambda - one));
}

}  // namespace lrcert
