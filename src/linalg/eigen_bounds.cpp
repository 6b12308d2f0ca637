// Certified extreme eigenvalue bounds of symmetric interval matrices; see
// include/lrcert/linalg/eigen_bounds.hpp and docs/eigen.md.
#include "lrcert/linalg/eigen_bounds.hpp"

#include "lrcert/linalg/float_decompositions.hpp"
#include "lrcert/number/interval_kernels.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace lrcert {

namespace {

// ---- raw MPFR storage for the O(N^3) Cholesky loop ----------------------------
// Boost.Interval allocates a fresh mpfr number per operation; the Cholesky
// loop instead works in place on preallocated numbers with explicit rounding.
class RealArray {
public:
    RealArray(size_t n, mpfr_prec_t prec) : v_(n) {
        for (auto& x : v_) mpfr_init2(&x, prec);
    }
    ~RealArray() {
        for (auto& x : v_) mpfr_clear(&x);
    }
    RealArray(const RealArray&) = delete;
    RealArray& operator=(const RealArray&) = delete;
    mpfr_ptr operator[](size_t k) { return &v_[k]; }

private:
    std::vector<__mpfr_struct> v_;
};

mpfr_srcptr lo_ptr(const Interval& x) { return x.lower().backend().data(); }
mpfr_srcptr hi_ptr(const Interval& x) { return x.upper().backend().data(); }

bool finite(const Interval& x) { return mpfr_number_p(lo_ptr(x)) && mpfr_number_p(hi_ptr(x)); }

// Exact negation at x's own precision. (Boost's -x on mpfr_float may round the
// result to fewer bits, see precision.hpp; Boost.Interval's unary minus uses it.)
Real negate_exact(const Real& x) {
    Real r;
    mpfr_set_prec(r.backend().data(), mpfr_get_prec(x.backend().data()));
    mpfr_neg(r.backend().data(), x.backend().data(), MPFR_RNDN);
    return r;
}

Interval negate_exact(const Interval& x) { return Interval(negate_exact(x.upper()), negate_exact(x.lower())); }

// Interval Cholesky of the symmetric interval matrix M (lower triangle used).
// Left-looking: column j of L from columns 0..j-1. Returns false as soon as a
// pivot's lower end is not > 0 (or is NaN).
//
// Soundness: for any symmetric S in M, exact Cholesky of S performs the same
// operations on points of the intervals used here; by inclusion isotonicity of
// every step, each exact pivot lies in the computed pivot interval, hence is
// > 0, and a symmetric matrix whose Cholesky pivots are all > 0 is positive
// definite.
bool cholesky_symmetric(const Matrix<Interval>& M) {
    const size_t N = M.rows();
    const auto prec = static_cast<mpfr_prec_t>(working_bits());
    if (prec == 0) throw std::logic_error("lrcert: interval Cholesky outside a PrecisionScope");
    // Strictly lower part of L, packed by rows: L(i, k), k < i, at i (i - 1) / 2 + k.
    const size_t packed = N * (N - 1) / 2;
    RealArray Llo(packed, prec), Lhi(packed, prec);
    RealArray work(6, prec);
    mpfr_ptr acc_lo = work[0], acc_hi = work[1], t1 = work[2], t2 = work[3];
    mpfr_ptr dlo = work[4], dhi = work[5];
    auto row = [](size_t i) { return i * (i - 1) / 2; };

    for (size_t j = 0; j < N; ++j) {
        const size_t rj = row(j);
        mpfr_set_zero(acc_lo, 1);
        mpfr_set_zero(acc_hi, 1);
        for (size_t k = 0; k < j; ++k) accumulate_square(acc_lo, acc_hi, Llo[rj + k], Lhi[rj + k], t1, t2);
        // pivot = M_jj - sum_k L_jk^2 = [lo M_jj - acc_hi, hi M_jj - acc_lo]
        mpfr_sub(dlo, lo_ptr(M(j, j)), acc_hi, MPFR_RNDD);
        mpfr_sub(dhi, hi_ptr(M(j, j)), acc_lo, MPFR_RNDU);
        if (!(mpfr_number_p(dlo) && mpfr_sgn(dlo) > 0) || !mpfr_number_p(dhi)) return false;
        mpfr_sqrt(dlo, dlo, MPFR_RNDD);
        mpfr_sqrt(dhi, dhi, MPFR_RNDU);
        for (size_t i = j + 1; i < N; ++i) {
            const size_t ri = row(i);
            mpfr_set_zero(acc_lo, 1);
            mpfr_set_zero(acc_hi, 1);
            for (size_t k = 0; k < j; ++k)
                accumulate_product(acc_lo, acc_hi, Llo[ri + k], Lhi[ri + k], Llo[rj + k], Lhi[rj + k], t1, t2);
            // s = M_ij - sum_k L_ik L_jk;  L_ij = s / [dlo, dhi]  (dlo > 0)
            mpfr_ptr slo = t1, shi = t2;
            mpfr_sub(slo, lo_ptr(M(i, j)), acc_hi, MPFR_RNDD);
            mpfr_sub(shi, hi_ptr(M(i, j)), acc_lo, MPFR_RNDU);
            mpfr_div(Llo[ri + j], slo, mpfr_sgn(slo) >= 0 ? dhi : dlo, MPFR_RNDD);
            mpfr_div(Lhi[ri + j], shi, mpfr_sgn(shi) >= 0 ? dlo : dhi, MPFR_RNDU);
        }
    }
    return true;
}

// The set of symmetric matrices in H: entry (i, j) is H_ij intersected with H_ji.
Matrix<Interval> symmetric_part(const Matrix<Interval>& H) {
    detail::require(H.rows() == H.cols(), "eigen bounds: matrix must be square");
    detail::require(H.rows() > 0, "eigen bounds: empty matrix");
    const size_t N = H.rows();
    Matrix<Interval> S = H;
    for (size_t i = 0; i < N; ++i)
        for (size_t j = i + 1; j < N; ++j) {
            const Interval& a = H(i, j);
            const Interval& b = H(j, i);
            if (a.lower() == b.lower() && a.upper() == b.upper()) continue;
            const Real& l = a.lower() > b.lower() ? a.lower() : b.lower();
            const Real& u = a.upper() < b.upper() ? a.upper() : b.upper();
            if (!(l <= u))
                throw std::invalid_argument("eigen bounds: entries (" + std::to_string(i) + ", " +
                                            std::to_string(j) +
                                            ") and its transpose do not intersect: no symmetric matrix");
            Interval c(l, u);
            S(i, j) = c;
            S(j, i) = c;
        }
    return S;
}

bool all_finite(const Matrix<Interval>& H) {
    for (size_t k = 0; k < H.size(); ++k)
        if (!finite(H[k])) return false;
    return true;
}

// v^T S v / v^T v for symmetric S in H (H already symmetric).
Interval rayleigh_symmetric(const Matrix<Interval>& H, const std::vector<Real>& v) {
    const size_t N = H.rows();
    detail::require(v.size() == N, "rayleigh_quotient: vector size does not match the matrix");
    std::vector<Interval> w;
    w.reserve(N);
    for (const Real& x : v) {
        if (!mpfr_number_p(x.backend().data()))
            throw std::invalid_argument("rayleigh_quotient: non-finite vector entry");
        w.push_back(make_interval(x));  // exact when x has at most working_bits() bits
    }
    const Interval two = make_interval(2L);
    Interval num = make_interval(0L);
    Interval den = make_interval(0L);
    for (size_t i = 0; i < N; ++i) {
        if (mpfr_zero_p(v[i].backend().data())) continue;
        // v_i (H_ii v_i + 2 sum_{j > i} H_ij v_j): each pair once (S symmetric).
        Interval s = make_interval(0L);
        for (size_t j = i + 1; j < N; ++j)
            if (!mpfr_zero_p(v[j].backend().data())) s += H(i, j) * w[j];
        num += w[i] * (H(i, i) * w[i] + two * s);
        den += interval_sqr(w[i]);
    }
    if (!certainly_positive(den)) throw std::invalid_argument("rayleigh_quotient: zero vector");
    return num / den;
}

// ---- refinement of the eigenvector at working precision (not rigorous: it
// only chooses the vector whose Rayleigh quotient is then enclosed) ----------
//
// With the double eigendecomposition mid ~ U diag(lam) U^T and the current
// v (working precision): rq = v^T M v / v^T v, res = M v - rq v (M = midpoint
// matrix at working precision), and the correction
//   v <- v - U diag(1 / (lam_k - rq)) U^T res
// with the terms of the top cluster (|lam_k - lam_top| <= 2^-30 scale) left
// out. Each step shrinks the error of v by about (double eps) * scale / gap;
// the Rayleigh quotient's error is about the square of the error of v.
struct Refined {
    std::vector<Real> v;
    double error_estimate = 0;  // of the Rayleigh quotient, absolute
};

Refined refine_eigenvector(const Matrix<Interval>& H, const Matrix<double>& U, const std::vector<double>& lam,
                           size_t top, double scale, int max_steps) {
    const size_t N = H.rows();
    const auto prec = static_cast<mpfr_prec_t>(working_bits());
    RealArray mid(N * N, prec), v(N, prec), w(N, prec), work(4, prec);
    mpfr_ptr num = work[0], den = work[1], rq = work[2], t = work[3];
    for (size_t k = 0; k < N * N; ++k) {
        mpfr_add(mid[k], lo_ptr(H[k]), hi_ptr(H[k]), MPFR_RNDN);
        mpfr_div_2ui(mid[k], mid[k], 1, MPFR_RNDN);
    }
    for (size_t i = 0; i < N; ++i) mpfr_set_d(v[i], U(i, top), MPFR_RNDN);
    std::vector<bool> cluster(N);
    for (size_t k = 0; k < N; ++k)
        cluster[k] = std::abs(lam[k] - lam[top]) <= std::ldexp(scale, -30);
    // Stop when the correction is below 2^-(bits/2 + 8) (relative to |v| ~ 1).
    const double small = std::max(std::ldexp(1.0, -static_cast<int>(prec / 2) - 8), 1e-300);
    Refined out;
    std::vector<double> res(N), c(N), dv(N);
    for (int step = 0; step < max_steps; ++step) {
        mpfr_set_zero(num, 1);
        mpfr_set_zero(den, 1);
        for (size_t i = 0; i < N; ++i) {
            mpfr_set_zero(w[i], 1);
            for (size_t j = 0; j < N; ++j) mpfr_fma(w[i], mid[i * N + j], v[j], w[i], MPFR_RNDN);
            mpfr_fma(num, v[i], w[i], num, MPFR_RNDN);
            mpfr_fma(den, v[i], v[i], den, MPFR_RNDN);
        }
        mpfr_div(rq, num, den, MPFR_RNDN);
        for (size_t i = 0; i < N; ++i) {
            mpfr_fms(t, rq, v[i], w[i], MPFR_RNDN);  // rq v_i - w_i = -res_i
            res[i] = -mpfr_get_d(t, MPFR_RNDN);
        }
        const double rq_d = mpfr_get_d(rq, MPFR_RNDN);
        // c = U^T res scaled by the gaps, dv = U c (double: a search step).
        for (size_t k = 0; k < N; ++k) {
            double ck = 0;
            for (size_t i = 0; i < N; ++i) ck += U(i, k) * res[i];
            const double gap = lam[k] - rq_d;
            c[k] = cluster[k] || gap == 0 ? 0.0 : ck / gap;
        }
        bool finite = true;
        double res_dot_dv = 0, dv_max = 0;
        for (size_t i = 0; i < N; ++i) {
            double di = 0;
            for (size_t k = 0; k < N; ++k) di += U(i, k) * c[k];
            dv[i] = di;
            finite = finite && std::isfinite(di);
            res_dot_dv += res[i] * di;
            dv_max = std::max(dv_max, std::fabs(di));
        }
        if (!finite) break;
        for (size_t i = 0; i < N; ++i) mpfr_sub_d(v[i], v[i], dv[i], MPFR_RNDN);
        // Rayleigh error before this step ~ res^T (M - rq)^+ res = res . dv.
        out.error_estimate = std::abs(res_dot_dv);
        if (dv_max <= small) break;
    }
    out.v.reserve(N);
    for (size_t i = 0; i < N; ++i) {
        Real x = new_real();
        mpfr_set(x.backend().data(), v[i], MPFR_RNDN);  // same precision: exact
        out.v.push_back(x);
    }
    return out;
}

Interval hull_bound_symmetric(const Matrix<Interval>& H) {
    const size_t N = H.rows();
    MpfrRounding rnd;
    Real g_hi, g_lo, frob = new_real();
    for (size_t i = 0; i < N; ++i) {
        Real radius = new_real();
        for (size_t j = 0; j < N; ++j) {
            Real m = mag_up(H(i, j));
            frob = rnd.add_up(frob, rnd.mul_up(m, m));
            if (j != i) radius = rnd.add_up(radius, m);
        }
        Real up = rnd.add_up(hi(H(i, i)), radius);
        Real down = rnd.sub_down(lo(H(i, i)), radius);
        if (i == 0 || up > g_hi) g_hi = up;
        if (i == 0 || down < g_lo) g_lo = down;
    }
    frob = rnd.sqrt_up(frob);
    Real minus_frob = negate_exact(frob);
    Real upper = frob < g_hi ? frob : g_hi;
    Real lower = minus_frob > g_lo ? minus_frob : g_lo;
    return Interval(lower, upper);
}

Interval whole_line() {
    Real l = new_real(), u = new_real();
    mpfr_set_inf(l.backend().data(), -1);
    mpfr_set_inf(u.backend().data(), 1);
    return Interval(l, u);
}

// t I - H for symmetric H.
Matrix<Interval> shifted_negative(const Matrix<Interval>& H, const Real& t) {
    const size_t N = H.rows();
    Matrix<Interval> M(N, N);
    const Interval ti = make_interval(t);
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j < N; ++j) M(i, j) = i == j ? ti - H(i, i) : negate_exact(H(i, j));
    return M;
}

Matrix<Interval> negated(const Matrix<Interval>& H) {
    Matrix<Interval> M(H.rows(), H.cols());
    for (size_t k = 0; k < H.size(); ++k) M[k] = negate_exact(H[k]);
    return M;
}

EigenEnclosure negate_result(EigenEnclosure e) {
    e.value = negate_exact(e.value);
    e.shift = negate_exact(e.shift);
    return e;
}

// [near, far]: near = max(Rayleigh lower end, max_i lo H_ii) (both lower
// bounds of lambda_max); far = t if proven, else the hull bound.
Interval assemble(const Matrix<Interval>& H, const Interval& rq, bool proven, const Real& t,
                  const Interval& hull_bound) {
    Real lower = lo(rq);
    for (size_t i = 0; i < H.rows(); ++i)
        if (lo(H(i, i)) > lower) lower = lo(H(i, i));
    Real upper = hi(hull_bound);
    if (proven && t < upper) upper = t;
    if (!(lower <= upper))
        throw std::logic_error("eigen bounds: lower bound above upper bound (internal error)");
    return Interval(lower, upper);
}

EigenEnclosure lambda_max_symmetric(const Matrix<Interval>& H, const EigenOptions& options) {
    const size_t N = H.rows();
    EigenEnclosure out;
    out.shift = new_real();
    if (!all_finite(H)) {
        out.value = whole_line();
        return out;
    }
    const Interval hull_bound = hull_bound_symmetric(H);

    // Double midpoint and radius matrices: these only steer the search.
    Matrix<double> mid(N, N), rad(N, N);
    double rad_max = 0;
    bool double_ok = true;
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j < N; ++j) {
            mid(i, j) = midpoint(H(i, j)).convert_to<double>();
            rad(i, j) = (width_up(H(i, j)) / 2).convert_to<double>();
            double_ok = double_ok && std::isfinite(mid(i, j)) && std::isfinite(rad(i, j));
            rad_max = std::max(rad_max, rad(i, j));
        }
    double scale = 0.0, rho = 0.0, rq_error = 0.0;
    if (double_ok) {
        const SymmetricEigen es = symmetric_eigen(mid);
        if (es.ok) {
            const std::vector<double>& ev = es.values;
            const size_t top = N - 1;
            scale = std::max(std::abs(ev[0]), std::abs(ev[top]));
            if (options.max_refinement_steps > 0 && scale > 0) {
                Refined r = refine_eigenvector(H, es.vectors, ev, top, scale, options.max_refinement_steps);
                out.vector = std::move(r.v);
                rq_error = r.error_estimate;
            } else {
                for (size_t i = 0; i < N; ++i) {
                    Real x = new_real();
                    mpfr_set_d(x.backend().data(), es.vectors(i, top), MPFR_RNDN);
                    out.vector.push_back(x);
                }
            }
        }
        if (rad_max > 0) {
            // rad >= 0 symmetric: its spectral radius is its largest eigenvalue.
            const SymmetricEigen er = symmetric_eigen(rad, false);
            if (er.ok) rho = std::max(0.0, er.values[N - 1]);
        }
    }
    if (out.vector.empty()) {
        // No usable eigenvector: the unit vector of the largest diagonal entry.
        size_t best = 0;
        for (size_t i = 1; i < N; ++i)
            if (hi(H(i, i)) > hi(H(best, best))) best = i;
        for (size_t i = 0; i < N; ++i) out.vector.push_back(make_interval(i == best ? 1L : 0L).lower());
    }
    if (!(scale > 0) || !std::isfinite(scale)) scale = std::max(1.0, rho);

    const Interval rq = rayleigh_symmetric(H, out.vector);

    // Shifts t_k = mid(rq) + rho + scale * rel_k, rel_k geometric from rel_0 to
    // rel_last. They only need to be good guesses: the proof holds for
    // whatever t is tried.
    MpfrRounding rnd;
    Real rel = new_real();
    mpfr_set_ui_2exp(rel.backend().data(), 16 * static_cast<unsigned long>(N), -static_cast<long>(working_bits()),
                     MPFR_RNDU);
    const Real rel_opt = rnd.conv_up(options.initial_relative_margin);
    if (rel_opt > rel) rel = rel_opt;
    const Real rel_err = rnd.conv_up(4 * rq_error / scale);
    if (rel_err > rel) rel = rel_err;
    Real rel_last = rnd.conv_up(options.final_relative_margin);
    if (rel_last < rel) rel_last = rnd.mul_up(rel, rnd.conv_up(0x1p20));
    const int attempts = std::max(1, options.max_attempts);
    Real growth = new_real();
    if (attempts > 1) {
        // (rel_last / rel_0)^(1 / (attempts - 1))
        mpfr_div(growth.backend().data(), rel_last.backend().data(), rel.backend().data(), MPFR_RNDU);
        mpfr_rootn_ui(growth.backend().data(), growth.backend().data(), static_cast<unsigned long>(attempts - 1),
                      MPFR_RNDU);
    }
    const Real base = rnd.add_up(midpoint(rq), rnd.conv_up(rho));
    const Real scale_r = rnd.conv_up(scale);
    bool proven = false;
    for (int k = 0; k < attempts; ++k) {
        out.shift = rnd.add_up(base, rnd.mul_up(scale_r, rel));
        ++out.attempts;
        if (cholesky_symmetric(shifted_negative(H, out.shift))) {
            proven = true;
            break;
        }
        // Beyond the hull bound a larger shift cannot give a better bound.
        if (out.shift >= hi(hull_bound)) break;
        rel = rnd.mul_up(rel, growth);
    }
    out.certified = proven;
    out.value = assemble(H, rq, proven, out.shift, hull_bound);
    return out;
}

EigenEnclosure verify_max_symmetric(const Matrix<Interval>& H, const std::vector<Real>& v, const Real& shift) {
    EigenEnclosure out;
    out.vector = v;
    out.shift = shift;  // any precision: shifted_negative encloses t outward
    if (!all_finite(H)) {
        out.value = whole_line();
        return out;
    }
    const Interval rq = rayleigh_symmetric(H, v);
    out.attempts = 1;
    out.certified = cholesky_symmetric(shifted_negative(H, out.shift));
    out.value = assemble(H, rq, out.certified, out.shift, hull_bound_symmetric(H));
    return out;
}

}  // namespace

EigenEnclosure certified_lambda_max(const Matrix<Interval>& H, const EigenOptions& options) {
    return lambda_max_symmetric(symmetric_part(H), options);
}

EigenEnclosure certified_lambda_min(const Matrix<Interval>& H, const EigenOptions& options) {
    // lambda_min(S) = -lambda_max(-S); negation is exact.
    return negate_result(lambda_max_symmetric(negated(symmetric_part(H)), options));
}

EigenEnclosure verify_lambda_max(const Matrix<Interval>& H, const std::vector<Real>& v, const Real& shift) {
    return verify_max_symmetric(symmetric_part(H), v, shift);
}

EigenEnclosure verify_lambda_min(const Matrix<Interval>& H, const std::vector<Real>& v, const Real& shift) {
    Real minus_shift = negate_exact(shift);
    return negate_result(verify_max_symmetric(negated(symmetric_part(H)), v, minus_shift));
}

bool interval_cholesky_succeeds(const Matrix<Interval>& M) { return cholesky_symmetric(symmetric_part(M)); }

bool prove_lambda_max_below(const Matrix<Interval>& H, const Real& t) {
    const Matrix<Interval> S = symmetric_part(H);
    return cholesky_symmetric(shifted_negative(S, t));
}

bool prove_lambda_min_above(const Matrix<Interval>& H, const Real& t) {
    const Matrix<Interval> S = negated(symmetric_part(H));
    // lambda_min(H) > t  <=>  lambda_max(-H) < -t
    Real minus_t = negate_exact(t);
    return cholesky_symmetric(shifted_negative(S, minus_t));
}

Interval rayleigh_quotient(const Matrix<Interval>& H, const std::vector<Real>& v) {
    return rayleigh_symmetric(symmetric_part(H), v);
}

Interval spectrum_hull_bound(const Matrix<Interval>& H) { return hull_bound_symmetric(symmetric_part(H)); }

}  // namespace lrcert
