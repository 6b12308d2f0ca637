// The plain rounded centre step and its a-priori error bounds
// (enclose/point_step.hpp; the proof: docs/math.md, section 3.2, Lemma C).
#include "lrcert/enclose/point_step.hpp"

#include "lrcert/number/ball_dot.hpp"
#include "lrcert/number/nonneg_product.hpp"

#include <gmp.h>
#include <mpfr.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cmath>
#include <limits>

namespace lrcert {

namespace {

// The magnitude of a working-precision (or accumulator) number as a double
// rounded away from 0: >= |x| (+infinity beyond the double range).
double mag_of(mpfr_srcptr x) { return magnitude_up(x); }

// Half an ulp of a p-bit number z, in units of 2^-p: 2^(EXP(z) - 1) (0 for
// z = 0), which bounds |z - t| when z = RN(t) (docs/math.md 3.2). Exact in
// double, or rounded up to the smallest subnormal, or +infinity (the caller
// falls back).
double half_ulp_units(mpfr_srcptr z) {
    if (mpfr_zero_p(z)) return 0.0;
    const long e = static_cast<long>(mpfr_get_exp(z)) - 1;
    if (e > 1023) return HUGE_VAL;
    if (e < -1074) return std::numeric_limits<double>::denorm_min();
    return pow2_double(e);
}

// The error bound of the last fixed-point dot product (Lemma K2), in units of
// 2^-p: the exact sum of the products lies within max(n_pos, n_neg) u_dot of
// the accumulated X, u_dot = 2^unit_exp; the count < 2^53 times a power of
// two is exact in double unless it overflows (+infinity: the caller falls
// back).
// `shift`: the products were of operands scaled by 2^shift (exactly).
double accumulation_error(const BallDot::Parts& p, long bits, long shift = 0) {
    const size_t n = p.n_pos > p.n_neg ? p.n_pos : p.n_neg;
    if (n == 0) return 0.0;
    const long e = p.unit_exp + bits - shift;
    if (e > 900) return HUGE_VAL;
    // Exact for a normal result (n < 2^53); below, ldexp rounds to nearest and
    // the next double up bounds it (Lemma K3).
    if (e >= -1022) return static_cast<double>(n) * pow2_double(e);  // exact: normal, n < 2^53
    return next_up_nonneg(std::ldexp(static_cast<double>(n), static_cast<int>(e < -2000 ? -2000 : e)));
}

// Whether x is a number (not NaN nor infinite): mpfr.h's macros, inline (the
// call of mpfr_number_p per entry showed in the profile).
bool finite_number(mpfr_srcptr x) { return !mpfr_nan_p(x) && !mpfr_inf_p(x); }

mpfr_ptr raw(Real& x) { return x.backend().data(); }
mpfr_srcptr raw(const Real& x) { return x.backend().data(); }

// Working space of one thread: the operands and the dot product kernel.
// `prepared`: the number of the residual() call whose X and Y are in X, Y
// (0: none; numbers from one process-wide counter, so unique across threads),
// so a step can tell whether another map has used the operands since its
// residual, or its residual ran on another thread.
struct Workspace {
    BallOperand X, Y, R;
    mpfr_t h;        // h~ 2^-shift
    mpfr_t product;  // h~ 2^-shift times an accumulated X, exact (step_rows)
    unsigned long prepared = 0;
    Workspace() {
        mpfr_init2(h, 64);
        mpfr_init2(product, 64);
    }
    ~Workspace() {
        mpfr_clear(h);
        mpfr_clear(product);
    }
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;
};

Workspace& workspace() {
    thread_local Workspace w;
    return w;
}

// Rows [i0, i1) of R~ = RN(a - X Y^T) and rho (Lemma C, (C1)), in units of
// 2^-p: rho_ij = ulp(R~_ij) / 2 + alpha_ij + N_ij u_ij (a_rad: alpha 2^p).
// False if a dot product left the fixed-point path or a bound is not finite.
bool residual_rows(size_t i0, size_t i1, const Factors<Real>& c, const Matrix<Real>& a,
                   const std::vector<double>& a_rad, long bits, Workspace& w, BallDot& dot, Matrix<Real>& R,
                   std::vector<double>& rho) {
    const size_t m = c.Y.rows(), d = c.X.cols();
    for (size_t i = i0; i < i1; ++i)
        for (size_t j = 0; j < m; ++j) {
            if (!dot.exact_sum(w.X.data() + i * d, 1, w.Y.data() + j * d, 1, d)) return false;
            const BallDot::Parts p = dot.parts();
            const size_t ij = i * m + j;
            mpfr_ptr r = raw(R[ij]);
            mpfr_sub(r, raw(a[ij]), p.X, MPFR_RNDN);  // one rounding: p.X is exact
            if (!finite_number(r)) return false;
            const double e = up_add(up_add(half_ulp_units(r), a_rad[ij]), accumulation_error(p, bits));
            if (!std::isfinite(e)) return false;
            rho[ij] = e;
        }
    return true;
}

// Rows [i0, i1) of R~ = RN(a - X Y^T) and rho (Lemma C', docs/math.md 3.2):
// each entry the fixed-point sum of the products with -a_ij as one more term
// (BallDot::add_point), rounded to nearest once, negated:
// rho_ij = hu(R~_ij) + alpha_ij + N_ij u_ij in units of 2^-p, as (C1). False
// if a sum left the fixed-point path or its unit range, or a bound is not
// finite (then residual_rows).
bool fused_residual_rows(size_t i0, size_t i1, const Factors<Real>& c, const BallOperand& a_points,
                         const std::vector<double>& a_rad, long bits, Workspace& w, BallDot& dot, Matrix<Real>& R,
                         std::vector<double>& rho) {
    const size_t m = c.Y.rows(), d = c.X.cols();
    for (size_t i = i0; i < i1; ++i)
        for (size_t j = 0; j < m; ++j) {
            const size_t ij = i * m + j;
            if (!dot.exact_sum(w.X.data() + i * d, 1, w.Y.data() + j * d, 1, d)) return false;
            if (!dot.add_point(a_points[ij], true)) return false;  // sum - a
            mpfr_ptr r = raw(R[ij]);
            dot.round_nearest(r, true);  // RN(a - sum)
            const double e = up_add(up_add(half_ulp_units(r), a_rad[ij]), accumulation_error(dot.counts(), bits));
            if (!std::isfinite(e)) return false;
            rho[ij] = e;
        }
    return true;
}

// out = a b exactly, prec(out) = prec(a) + prec(b), on the limbs (no MPFR
// call): the significands' product has exactly limbs(a) + limbs(b) limbs
// when that is out's limb count (the bits below each precision are zero, so
// those below out's are too), and at most one leading zero bit, removed by
// a shift with the exponent decreased by one. False (out untouched) for a
// zero or non-finite operand or other limb counts (then mpfr_mul).
bool exact_product(mpfr_ptr out, mpfr_srcptr a, mpfr_srcptr b) {
    if (!mpfr_regular_p(a) || !mpfr_regular_p(b)) return false;
    auto limbs = [](mpfr_srcptr x) { return static_cast<mp_size_t>((mpfr_get_prec(x) + 63) / 64); };
    const mp_size_t la = limbs(a), lb = limbs(b), n = limbs(out);
    if (n != la + lb || mpfr_get_prec(out) != mpfr_get_prec(a) + mpfr_get_prec(b)) return false;
    mp_limb_t* r = static_cast<mp_limb_t*>(mpfr_custom_get_significand(out));
    const mp_limb_t* A = static_cast<const mp_limb_t*>(mpfr_custom_get_significand(a));
    const mp_limb_t* B = static_cast<const mp_limb_t*>(mpfr_custom_get_significand(b));
    if (la >= lb)
        mpn_mul(r, A, la, B, lb);
    else
        mpn_mul(r, B, lb, A, la);
    mpfr_exp_t e = mpfr_get_exp(a) + mpfr_get_exp(b);
    if ((r[n - 1] >> 63) == 0) {
        mpn_lshift(r, r, n, 1);  // the product is >= 2^(64 n - 2): one shift normalises it
        --e;
    }
    const bool negative = mpfr_signbit(a) != mpfr_signbit(b);
    mpfr_custom_init_set(out, negative ? -MPFR_REGULAR_KIND : MPFR_REGULAR_KIND, e, mpfr_get_prec(out), r);
    return true;
}

// Rows [i0, i1) of Z' = RN(Z + h~ (S W)) with their bounds (Lemma C, (C2)),
// in units of 2^-p (h_rad_s: eta 2^p). S holds R~ 2^shift (exactly; so that
// the products of a small residual near a limit stay in Lemma K2's range) and
// w.h is h~ 2^-shift (exactly), so h~ (R~ W) = w.h (S W).
// S is R~ (a_stride 1 along a row, a_next m between rows) for X' = X + h R Y,
// or R~^T (a_stride m, a_next 1) for Y' = Y + h R^T X; W the other factor
// (entries of width d). prop[i * d + k] >= sum_j rho(i, j) |W(j, k)| (rho of
// the S entry (i, j); number/nonneg_product.hpp). Appends the squared bounds to sum
// (rounded up).
bool step_rows(size_t i0, size_t i1, size_t len, const BallOperand& S, size_t a_next, size_t a_stride,
               const BallOperand& W, const Matrix<Real>& Z, double h_mag, double h_rad, double h_rad_s, long bits,
               long shift, const std::vector<double>& prop, BallDot& dot, Workspace& w, Matrix<Real>& out,
               double& sum) {
    const size_t d = Z.cols();
    for (size_t i = i0; i < i1; ++i)
        for (size_t k = 0; k < d; ++k) {
            if (!dot.exact_sum(S.data() + i * a_next, a_stride, W.data() + k, d, len)) return false;
            const BallDot::Parts p = dot.parts();
            const size_t ik = i * d + k;
            mpfr_ptr z = raw(out[ik]);
            // z = RN(Z + h~ acc), one rounding: the product into w.product is
            // exact (its precision holds both significands: on the limbs,
            // or by mpfr_mul with ternary 0), so the addition is the only
            // rounding, as in mpfr_fma (cheaper: no exponent-range save per
            // call). Else mpfr_fma itself.
            const mpfr_prec_t pp = mpfr_get_prec(w.h) + mpfr_get_prec(p.X);
            if (mpfr_get_prec(w.product) != pp) mpfr_set_prec(w.product, pp);
            if (exact_product(w.product, w.h, p.X) || mpfr_mul(w.product, w.h, p.X, MPFR_RNDN) == 0)
                mpfr_add(z, w.product, raw(Z[ik]), MPFR_RNDN);
            else
                mpfr_fma(z, w.h, p.X, raw(Z[ik]), MPFR_RNDN);
            if (!finite_number(z)) return false;
            // |h G - h~ acc| <= (|h~| + eta) (N u_dot + prop) + eta |acc| (G
            // the exact (R W)_ik), and |z - (Z + h~ acc)| <= ulp(z) / 2.
            double e = up_mul(up_add(h_mag, h_rad), up_add(accumulation_error(p, bits, shift), prop[ik]));
            if (h_rad_s != 0) {
                // |acc| = |p.X| 2^-shift: the top-limb bound scaled (exact in
                // the normal range, rounded to nearest below it; the next
                // double up covers both).
                const double x = magnitude_up(p.X);
                const double scaled = -shift >= -1022 && -shift <= 1023 ? x * pow2_double(-shift)
                                                                         : std::ldexp(x, static_cast<int>(-shift));
                e = up_add(e, up_mul(h_rad_s, x == 0 ? 0.0 : next_up_nonneg(scaled)));
            }
            e = up_add(e, half_ulp_units(z));
            if (!std::isfinite(e)) return false;
            sum = up_add(sum, up_mul(e, e));
        }
    return std::isfinite(sum);
}

// Rows [i0, i1) of Z' = RN(Z + HR W) with their bounds (Lemma C',
// docs/math.md 3.2), in units of 2^-p: each entry the fixed-point sum of the
// products of S = HR (a_stride 1, a_next m: rows of HR, for X' = X + HR Y;
// a_stride m, a_next 1: columns, for Y' = Y + HR^T X) with the columns of W,
// plus Z_ik as one more term, rounded to nearest once; its bound
// hu(Z'_ik) + N_ik u_ik + prop_ik with prop >= sum_j sigma_ij |W_jk|
// (sigma >= |h R_c - HR| entrywise). Appends the squared bounds to sum
// (rounded up). False if a sum left the fixed-point path or its unit range,
// or a bound is not finite.
bool fused_step_rows(size_t i0, size_t i1, size_t len, const BallOperand& S, size_t a_next, size_t a_stride,
                     const BallOperand& W, const BallOperand& Z, long bits, const std::vector<double>& prop,
                     BallDot& dot, Matrix<Real>& out, double& sum) {
    const size_t d = out.cols();
    for (size_t i = i0; i < i1; ++i)
        for (size_t k = 0; k < d; ++k) {
            const size_t ik = i * d + k;
            if (!dot.exact_sum(S.data() + i * a_next, a_stride, W.data() + k, d, len)) return false;
            if (!dot.add_point(Z[ik], false)) return false;
            mpfr_ptr z = raw(out[ik]);
            dot.round_nearest(z, false);
            const double e = up_add(up_add(accumulation_error(dot.counts(), bits), prop[ik]), half_ulp_units(z));
            if (!std::isfinite(e)) return false;
            sum = up_add(sum, up_mul(e, e));
        }
    return std::isfinite(sum);
}

// Output matrix of the shape of m at working precision (entries reused when
// the shape and precision already match).
void shape_like(Matrix<Real>& out, size_t rows, size_t cols) {
    const mpfr_prec_t p = static_cast<mpfr_prec_t>(working_bits());
    bool fits = out.rows() == rows && out.cols() == cols;
    for (size_t k = 0; fits && k < out.size(); ++k) fits = mpfr_get_prec(raw(out[k])) == p;
    if (!fits) out = Matrix<Real>(rows, cols);
}

}  // namespace

void PointStep::prepare() {
    const unsigned p = working_bits();
    if (p == bits_) return;
    // Midpoints and radii of the enclosures at this precision: |x - mid| <=
    // max(RU(hi - mid), RU(mid - lo)) as a double rounded up, for every x in
    // [lo, hi] (as BallOperand, number/ball_dot.hpp).
    auto mid_rad = [](const Interval& x, Real& mid, double& rad) {
        mid = midpoint(x);
        Real t = new_real();
        mpfr_sub(raw(t), raw(x.upper()), raw(mid), MPFR_RNDU);
        const double above = mpfr_get_d(raw(t), MPFR_RNDU);
        mpfr_sub(raw(t), raw(mid), raw(x.lower()), MPFR_RNDU);
        const double below = mpfr_get_d(raw(t), MPFR_RNDU);
        rad = std::fmax(std::fmax(above, below), 0.0);
        if (std::isnan(above) || std::isnan(below)) rad = HUGE_VAL;
    };
    a_ = Matrix<Real>(A_.rows(), A_.cols());
    a_rad_.assign(A_.size(), 0.0);
    // In units of 2^-p (exact: a power-of-two scaling up, +infinity on overflow).
    const int s = static_cast<int>(p);
    for (size_t k = 0; k < A_.size(); ++k) {
        mid_rad(A_[k], a_[k], a_rad_[k]);
        a_rad_[k] = std::ldexp(a_rad_[k], s);
    }
    // The midpoints as point entries, once (the residual's extra terms); none
    // when one is outside the kernel's range (then the residual of Lemma C).
    auto points = std::make_shared<BallOperand>();
    if (points->assign_points(a_.size(), [&](size_t k) { return &a_[k]; }))
        a_points_ = std::move(points);
    else
        a_points_.reset();
    h_mid_ = new_real();
    mid_rad(h_, h_mid_, h_rad_);
    h_rad_s_ = std::ldexp(h_rad_, s);
    bits_ = p;
}

namespace {

// >= |x| 2^-top as a double, for a working-precision x (docs/math.md 3.2,
// "The Frobenius bound"): (t + 1) 2^(EXP(x) - 53 - top) with t the leading
// 53 bits (exact: at least the smallest subnormal's multiple), 2^-1000 when
// that exponent is below -1020 (|x| 2^-top < 2^(EXP - top) <= 2^-1020), and
// +infinity above 2^900 (the caller falls back).
double scaled_magnitude_up(mpfr_srcptr x, long top) {
    if (mpfr_zero_p(x)) return 0.0;
    const long e = static_cast<long>(mpfr_get_exp(x)) - top;
    if (e > 900) return HUGE_VAL;
    if (e < -1020) return pow2_double(-1000);
    return static_cast<double>(detail::top53(x) + 1) * pow2_double(e - 53);
}

// The largest exponent of a non-zero entry of m (LONG_MIN when every entry is 0).
long largest_exponent(const Matrix<Real>& m) {
    long top = LONG_MIN;
    for (const Real& r : m.data())
        if (!mpfr_zero_p(raw(r))) top = std::max(top, static_cast<long>(mpfr_get_exp(raw(r))));
    return top;
}

// v 2^k rounded up for a double v >= 0: exact in double's normal range,
// else the next double above the rounded result (Lemma K3).
double scale_up(double v, long k) {
    if (v == 0) return 0.0;
    const double r = std::ldexp(v, static_cast<int>(std::clamp(k, -4000L, 4000L)));
    return r < 0x1p-1022 ? next_up_nonneg(r) : r;
}

}  // namespace

bool PointStep::residual(const Factors<Real>& c) {
    const unsigned p = working_bits();
    if (p == 0 || p > 64 * BallDot::kMaxLimbs) return false;
    const size_t n = c.X.rows(), m = c.Y.rows(), d = c.X.cols();
    if (A_.rows() != n || A_.cols() != m || c.Y.cols() != d) return false;
    prepare();
    prepared_ = 0;
    Workspace& w = workspace();
    if (!w.X.assign_points(c.X.size(), [&](size_t k) { return &c.X[k]; }) ||
        !w.Y.assign_points(c.Y.size(), [&](size_t k) { return &c.Y[k]; })) {
        w.prepared = 0;
        return false;
    }
    static std::atomic<unsigned long> calls{0};
    w.prepared = prepared_ = ++calls;
    shape_like(R_, n, m);
    rho_.assign(n * m, 0.0);
    BallDot& dot = BallDot::for_this_thread();
    const long bits = static_cast<long>(p);
    if (!(a_points_ && fused_residual_rows(0, n, c, *a_points_, a_rad_, bits, w, dot, R_, rho_)) &&
        !residual_rows(0, n, c, a_, a_rad_, bits, w, dot, R_, rho_))
        return false;
    // ||R_c||_F <= ||R~||_F + ||R~ - R_c||_F (docs/math.md 3.2, "The
    // Frobenius bound"): in double in units of 2^top (top the largest
    // exponent of R~), ||rho||_2 2^-p added in those units, rounded up.
    long top = largest_exponent(R_);
    if (top == LONG_MIN) top = -bits;
    double f2 = 0, e2 = 0;
    for (size_t k = 0; k < R_.size(); ++k) {
        const double x = scaled_magnitude_up(raw(R_[k]), top);
        f2 = up_add(f2, up_mul(x, x));
        e2 = up_add(e2, up_mul(rho_[k], rho_[k]));
    }
    const double fro = up_add(up_sqrt(f2), scale_up(up_sqrt(e2), -bits - top));
    if (!std::isfinite(fro)) return false;
    fro_.assign_scaled(fro, top);
    return true;
}

// The fused step of Lemma C' (docs/math.md 3.2): HR = RN(h~ R~), sigma >=
// |h R_c - HR| entrywise (units of 2^-p), the propagated sums and the rows.
// w.X, w.Y hold c's entries; xmag_, ymag_ their magnitudes.
bool PointStep::fused_step(const Factors<Real>& c, CentreStep& out) {
    Workspace& w = workspace();
    const size_t n = c.X.rows(), m = c.Y.rows(), d = c.X.cols();
    const long bits = static_cast<long>(bits_);
    shape_like(HR_, n, m);
    sigma_.resize(n * m);
    // (|h~| + eta) rho + eta |R~| + hu(HR) >= |h R_c - HR| (Lemma C').
    const double hm = up_add(mag_of(raw(h_mid_)), h_rad_);
    for (size_t k = 0; k < R_.size(); ++k) {
        mpfr_ptr hr = raw(HR_[k]);
        mpfr_mul(hr, raw(h_mid_), raw(R_[k]), MPFR_RNDN);
        if (!finite_number(hr)) return false;
        const double eta_r = h_rad_s_ == 0 ? 0.0 : up_mul(h_rad_s_, mag_of(raw(R_[k])));
        sigma_[k] = up_add(up_add(up_mul(hm, rho_[k]), eta_r), half_ulp_units(hr));
        if (!std::isfinite(sigma_[k])) return false;
    }
    if (!w.R.assign_points(HR_.size(), [&](size_t k) { return &HR_[k]; })) return false;
    if (!nonneg_product_up(n, m, d, sigma_.data(), m, 1, ymag_.data(), prop_x_) ||
        !nonneg_product_up(m, n, d, sigma_.data(), 1, m, xmag_.data(), prop_y_))
        return false;
    BallDot& dot = BallDot::for_this_thread();
    double sum = 0;
    // X' = X + HR Y: row i of HR (stride 1; rows m apart), column k of Y, X_ik.
    if (!fused_step_rows(0, n, m, w.R, m, 1, w.Y, w.X, bits, prop_x_, dot, out.centre.X, sum)) return false;
    // Y' = Y + HR^T X: column j of HR (stride m; columns 1 apart), column k of X, Y_jk.
    if (!fused_step_rows(0, m, n, w.R, 1, m, w.X, w.Y, bits, prop_y_, dot, out.centre.Y, sum)) return false;
    const double defect = up_sqrt(sum);
    if (!std::isfinite(defect)) return false;
    out.defect.assign_scaled(defect, -bits);
    return true;
}

bool PointStep::step(const Factors<Real>& c, CentreStep& out) {
    const unsigned p = working_bits();
    if (p != bits_) return false;
    const size_t n = c.X.rows(), m = c.Y.rows(), d = c.X.cols();
    Workspace& w = workspace();
    // X and Y are prepared again (O((n + m) d)) only if another residual() ran
    // on this thread since ours (another map may have used the workspace):
    // else w.X, w.Y are those of residual(c), for the same c (the contract).
    if (R_.rows() != n || R_.cols() != m || c.Y.cols() != d || rho_.size() != n * m) return false;
    const bool ours = prepared_ != 0 && w.prepared == prepared_ && w.X.size() == c.X.size() &&
                      w.Y.size() == c.Y.size();
    if (!ours) {
        w.prepared = 0;  // X, Y no longer those of any residual() call
        if (!w.X.assign_points(c.X.size(), [&](size_t k) { return &c.X[k]; }) ||
            !w.Y.assign_points(c.Y.size(), [&](size_t k) { return &c.Y[k]; }))
            return false;
    }
    shape_like(out.centre.X, n, d);
    shape_like(out.centre.Y, m, d);
    xmag_.resize(n * d);
    ymag_.resize(m * d);
    for (size_t k = 0; k < n * d; ++k) xmag_[k] = w.X[k].mag;
    for (size_t k = 0; k < m * d; ++k) ymag_[k] = w.Y[k].mag;
    if (fused_step(c, out)) return true;
    // Lemma C's step (docs/math.md 3.2): R~ scaled by 2^shift (exactly), its
    // largest exponent brought to 0, each entry rounded once against Z.
    const long top = largest_exponent(R_);
    const long shift = top == LONG_MIN ? 0 : -top;
    shape_like(Rs_, n, m);
    for (size_t k = 0; k < R_.size(); ++k) mpfr_mul_2si(raw(Rs_[k]), raw(R_[k]), shift, MPFR_RNDN);
    mpfr_set_prec(w.h, static_cast<mpfr_prec_t>(p));
    mpfr_mul_2si(w.h, raw(h_mid_), -shift, MPFR_RNDN);
    if (!w.R.assign_points(Rs_.size(), [&](size_t k) { return &Rs_[k]; })) return false;
    const long bits = static_cast<long>(p);
    const double h_mag = mag_of(raw(h_mid_));
    // The propagated residual errors rho |Y| and rho^T |X| (Lemma C3).
    if (!nonneg_product_up(n, m, d, rho_.data(), m, 1, ymag_.data(), prop_x_) ||
        !nonneg_product_up(m, n, d, rho_.data(), 1, m, xmag_.data(), prop_y_))
        return false;
    BallDot& dot = BallDot::for_this_thread();
    double sum = 0;
    // X' = X + h R Y: row i of R~ (stride 1; rows m apart), column k of Y.
    if (!step_rows(0, n, m, w.R, m, 1, w.Y, c.X, h_mag, h_rad_, h_rad_s_, bits, shift, prop_x_, dot, w,
                   out.centre.X, sum))
        return false;
    // Y' = Y + h R^T X: column j of R~ (stride m; columns 1 apart), column k of X.
    if (!step_rows(0, m, n, w.R, 1, m, w.X, c.Y, h_mag, h_rad_, h_rad_s_, bits, shift, prop_y_, dot, w,
                   out.centre.Y, sum))
        return false;
    const double defect = up_sqrt(sum);
    if (!std::isfinite(defect)) return false;
    out.defect.assign_scaled(defect, -static_cast<long>(p));
    return true;
}

}  // namespace lrcert
