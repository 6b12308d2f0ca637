#include "lrcert/linalg/float_image.hpp"

#include "lrcert/number/ball_dot.hpp"
#include "lrcert/number/precision.hpp"

#include <mpfr.h>

#include <algorithm>
#include <array>
#include <cfenv>
#include <cfloat>
#include <climits>
#include <cmath>

// The rounding model of docs/math.md 7.1a: every double operation rounded once.
static_assert(FLT_EVAL_METHOD == 0, "float_image: double arithmetic must be evaluated in double");
static_assert(DBL_MANT_DIG == 53, "float_image: IEEE double expected");

namespace lrcert {

namespace {

constexpr double kUnitRoundoff = 0x1p-53;

// up(||P||_F) (squares and sum rounded up, Lemma K3).
double frobenius_up(const std::vector<double>& P) {
    double s = 0;
    for (double p : P) s = up_add(s, up_mul(std::fabs(p), std::fabs(p)));
    return up_sqrt(s);
}

// The largest exponent e of the nonzero numbers ends(k), k < count (each |x| < 2^e),
// LONG_MIN when all are 0, nullopt when one is not finite.
template <class Ends>
std::optional<long> max_exponent(size_t count, Ends ends) {
    long emax = LONG_MIN;
    for (size_t k = 0; k < count; ++k)
        for (mpfr_srcptr x : ends(k)) {
            if (!mpfr_number_p(x)) return std::nullopt;
            if (!mpfr_zero_p(x)) emax = std::max<long>(emax, mpfr_get_exp(x));
        }
    return emax;
}

}  // namespace

std::optional<DoubleImage> double_image(const Matrix<Interval>& M) {
    DoubleImage im;
    im.rows = M.rows();
    im.cols = M.cols();
    im.P.assign(M.size(), 0.0);
    const std::optional<long> top = max_exponent(M.size(), [&](size_t k) {
        return std::array<mpfr_srcptr, 2>{lo(M[k]).backend().data(), hi(M[k]).backend().data()};
    });
    if (!top) return std::nullopt;
    const long emax = *top;
    if (emax == LONG_MIN) return im;  // M = 0 exactly
    im.e = emax;
    mpfr_t mid, q, t;
    mpfr_init2(mid, 64);
    mpfr_init2(q, 53);
    mpfr_init2(t, static_cast<mpfr_prec_t>(std::max(53u, working_bits())));
    double s = 0;
    for (size_t k = 0; k < M.size(); ++k) {
        mpfr_srcptr a = lo(M[k]).backend().data(), b = hi(M[k]).backend().data();
        mpfr_add(mid, a, b, MPFR_RNDN);  // any rounding: the distance is measured below
        mpfr_mul_2si(mid, mid, -emax - 1, MPFR_RNDN);
        double p = mpfr_get_d(mid, MPFR_RNDN);
        if (std::fabs(p) < kFlushBelow) p = 0;
        im.P[k] = p;
        // |x 2^-e - p| for both ends, rounded away from 0 at every step.
        mpfr_set_d(q, p, MPFR_RNDN);          // exact: 53 bits
        mpfr_mul_2si(q, q, emax, MPFR_RNDN);  // exact: a power of two
        double d = 0;
        for (mpfr_srcptr x : {a, b}) {
            mpfr_sub(t, x, q, MPFR_RNDA);
            mpfr_mul_2si(t, t, -emax, MPFR_RNDA);
            d = std::max(d, std::fabs(mpfr_get_d(t, MPFR_RNDA)));
        }
        s = up_add(s, up_mul(d, d));
    }
    mpfr_clear(mid);
    mpfr_clear(q);
    mpfr_clear(t);
    im.dist = s == 0 ? 0.0 : next_up_nonneg(std::sqrt(s));
    return im;
}

std::optional<DoubleImage> double_image(const Matrix<Real>& M) {
    DoubleImage im;
    im.rows = M.rows();
    im.cols = M.cols();
    im.P.assign(M.size(), 0.0);
    const std::optional<long> top =
        max_exponent(M.size(), [&](size_t k) { return std::array<mpfr_srcptr, 1>{M[k].backend().data()}; });
    if (!top) return std::nullopt;
    const long emax = *top;
    if (emax == LONG_MIN) return im;  // M = 0 exactly
    im.e = emax;
    // Lemma F1': an entry x with |x| < 2^ex, ex - e >= -499, is kept as
    // p = RN_53(x 2^-e) (|p| >= 2^-500, |x 2^-e - p| <= u |p|); the others
    // (|x 2^-e| < 2^-500) become 0.
    double kept = 0;
    size_t flushed = 0;
    for (size_t k = 0; k < M.size(); ++k) {
        mpfr_srcptr x = M[k].backend().data();
        if (mpfr_zero_p(x)) continue;
        if (mpfr_get_exp(x) - emax < -499) {
            ++flushed;
            continue;
        }
        long ex = 0;
        const double d = mpfr_get_d_2exp(&ex, x, MPFR_RNDN);  // RN_53(x) = d 2^ex, 1/2 <= |d| < 1
        // ex - e lies in [-499, 1]: the product is exact (a normal double).
        const double p = d * pow2_double(ex - emax);
        im.P[k] = p;
        kept = up_add(kept, up_mul(std::fabs(p), std::fabs(p)));
    }
    im.dist = up_add(up_mul(kUnitRoundoff, up_sqrt(kept)), up_mul(0x1p-500, up_sqrt(static_cast<double>(flushed))));
    return im;
}

std::optional<DoubleImage> residual_image(const DoubleImage& A, const DoubleImage& X, const DoubleImage& Y) {
    const size_t n = A.rows, m = A.cols, d = X.cols;
    detail::require(X.rows == n && Y.rows == m && Y.cols == d, "residual_image: shape mismatch");
    if (d > (size_t(1) << 33)) return std::nullopt;
    DoubleImage R;
    R.rows = n;
    R.cols = m;
    R.e = std::max(A.e, X.e + Y.e);
    const long ka = A.e - R.e, kb = X.e + Y.e - R.e;  // both <= 0
    // 2^ka and 2^kb exact doubles; a scaled value that is not exact raises
    // the underflow flag, and the image is then refused.
    if (ka < -1000 || kb < -1000) return std::nullopt;
    const double sa = pow2_double(ka), sb = pow2_double(kb);
    R.P.assign(n * m, 0.0);
    std::feclearexcept(FE_ALL_EXCEPT);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) {
            double s = 0;
            for (size_t t = 0; t < d; ++t) s += X.P[i * d + t] * Y.P[j * d + t];
            R.P[i * m + j] = sa * A.P[i * m + j] - sb * s;  // one rounding: both scalings exact
        }
    if (std::fetestexcept(FE_UNDERFLOW | FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO) != 0) return std::nullopt;
    const double fq = frobenius_up(R.P);  // of the rounded differences, before the flush
    // Entries below 2^-500 become 0 (the image's contract), each moving by at most 2^-500.
    size_t flushed = 0;
    for (double& q : R.P)
        if (q != 0 && std::fabs(q) < kFlushBelow) {
            q = 0;
            ++flushed;
        }
    // Lemma F4: ||R' 2^-e - Q||_F <= u ||Q||_F + sa dist_A
    //   + sb (gamma_d ||PX||_F ||PY||_F + dist_X ||PY||_F + ||PX||_F dist_Y + dist_X dist_Y),
    // gamma_d = d u / (1 - d u) <= d u (1 + 2^-19) for d u <= 2^-20.
    const double fx = frobenius_up(X.P), fy = frobenius_up(Y.P);
    const double gamma = up_mul(static_cast<double>(d) * kUnitRoundoff, 1 + 0x1p-19);
    double products = up_mul(up_mul(gamma, fx), fy);
    products = up_add(products, up_mul(X.dist, fy));
    products = up_add(products, up_mul(fx, Y.dist));
    products = up_add(products, up_mul(X.dist, Y.dist));
    R.dist = up_add(up_add(up_mul(kUnitRoundoff, fq), up_mul(sa, A.dist)), up_mul(sb, products));
    R.dist = up_add(R.dist, up_mul(kFlushBelow, up_sqrt(static_cast<double>(flushed))));
    if (!std::isfinite(R.dist)) return std::nullopt;
    return R;
}

}  // namespace lrcert
