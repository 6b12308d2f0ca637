#include "lrcert/linalg/spectral.hpp"

#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/linalg/float_cholesky.hpp"
#include "lrcert/linalg/float_decompositions.hpp"
#include "lrcert/linalg/float_image.hpp"
#include "lrcert/linalg/parallel_rows.hpp"
#include "lrcert/number/ball_dot.hpp"
#include "lrcert/number/precision.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cfenv>
#include <cfloat>
#include <climits>
#include <cmath>
#include <vector>

// The rounding model of docs/math.md 7.1a: every double operation rounded once.
static_assert(FLT_EVAL_METHOD == 0, "spectral: double arithmetic must be evaluated in double");
static_assert(DBL_MANT_DIG == 53, "spectral: IEEE double expected");

namespace lrcert {

namespace {

// ---- the cheap path (docs/math.md 7.1a) --------------------------------------

constexpr double kUnitRoundoff = 0x1p-53;
// The k x k Gram matrix of the smaller side of P (rows x cols), in double
// (any order of summation: Lemma F2), and an upper bound of ||P||_F^2.
struct DoubleGram {
    size_t k = 0, len = 0;
    std::vector<double> G;
    double fro_sq = 0;
};

DoubleGram double_gram(const std::vector<double>& P, size_t rows, size_t cols, bool rows_side) {
    DoubleGram g;
    g.k = rows_side ? rows : cols;
    g.len = rows_side ? cols : rows;
    g.G.assign(g.k * g.k, 0.0);
    for (double p : P) g.fro_sq = up_add(g.fro_sq, up_mul(std::fabs(p), std::fabs(p)));
    if (rows_side) {
        for (size_t i = 0; i < g.k; ++i)
            for (size_t j = 0; j <= i; ++j) {
                double acc = 0;
                for (size_t t = 0; t < g.len; ++t) acc += P[i * cols + t] * P[j * cols + t];
                g.G[i * g.k + j] = g.G[j * g.k + i] = acc;
            }
    } else {
        // G = P^T P as a sum of outer products of the rows (each entry is still
        // one dot product, summed in the order t = 0, 1, ...).
        for (size_t t = 0; t < g.len; ++t) {
            const double* row = &P[t * cols];
            for (size_t i = 0; i < g.k; ++i) {
                const double a = row[i];
                if (a == 0) continue;
                double* Gi = &g.G[i * g.k];
                for (size_t j = 0; j <= i; ++j) Gi[j] += a * row[j];
            }
        }
        for (size_t i = 0; i < g.k; ++i)
            for (size_t j = 0; j < i; ++j) g.G[j * g.k + i] = g.G[i * g.k + j];
    }
    return g;
}

double up_of_bound(const UpperBound& b) { return mpfr_get_d(b.real().backend().data(), MPFR_RNDU); }

// The a-priori part of Lemma F3: with B the double matrix built from the
// Gram matrix and a shift t (B_ij = -+G~_ij off the diagonal, B_ii = fl(+-(t - G~_ii))),
// || (+-(t I - G)) - B ||_2 <= gamma_len ||P||_F^2 + u max_i |B_ii|, G = the exact Gram of P.
// Returns lambda_min(B) >= -backward (the float Cholesky test) plus that, as
// one double upper bound, or nullopt when the test fails.
std::optional<double> shifted_gram_defect(const DoubleGram& g, double t, bool above) {
    std::vector<double> B(g.k * g.k);
    double dmax = 0;
    for (size_t i = 0; i < g.k; ++i)
        for (size_t j = 0; j < g.k; ++j) {
            const double gij = g.G[i * g.k + j];
            double v = i == j ? (above ? t - gij : gij - t) : (above ? -gij : gij);
            B[i * g.k + j] = v;
            if (i == j) dmax = std::max(dmax, std::fabs(v));
        }
    if (std::fetestexcept(FE_UNDERFLOW | FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO) != 0) return std::nullopt;
    const FloatCholeskyTest test = float_cholesky_test(std::move(B), g.k);
    if (!test.completed) return std::nullopt;
    const double gamma = up_of_bound(cholesky_backward_factor(g.len));  // >= gamma_len
    const double formation = up_add(up_mul(gamma, g.fro_sq), up_mul(kUnitRoundoff, dmax));
    return up_add(up_of_bound(test.backward), formation);
}

// The cheap path on an image (Lemma F3): 2^-e times an upper bound of ||M||_2 (upper) or a lower
// bound of sigma_min (lower), in double; nullopt when it proves nothing.
std::optional<double> float_spectral_scaled(const DoubleImage& im, bool upper) {
    // Shifts: the double estimate moved by these fractions of lambda_max.
    static constexpr double kMargins[] = {0x1p-40, 0x1p-32, 0x1p-24};
    const bool rows_side = im.rows <= im.cols;
    PrecisionScope scope(std::max(53u, working_bits()));  // for the float Cholesky test's bound
    std::feclearexcept(FE_ALL_EXCEPT);
    const DoubleGram g = double_gram(im.P, im.rows, im.cols, rows_side);
    if (std::fetestexcept(FE_UNDERFLOW | FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO) != 0) return std::nullopt;
    if (g.fro_sq == 0) {
        if (upper) return im.dist;  // ||P||_2 = 0
        return std::nullopt;
    }
    Matrix<double> Gm(g.k, g.k);
    for (size_t k = 0; k < g.G.size(); ++k) Gm[k] = g.G[k];
    const SymmetricEigen es = symmetric_eigen(Gm, false);  // only chooses the shifts
    if (!es.ok) return std::nullopt;
    const double lmax = es.values.back(), lmin = es.values.front();  // ascending
    if (!(lmax > 0) || !std::isfinite(lmax)) return std::nullopt;
    for (double margin : kMargins) {
        std::feclearexcept(FE_ALL_EXCEPT);
        if (upper) {
            // lambda_max(P P^T) <= t + defect, so ||P||_2 <= sqrt(that) (Lemma F3).
            const double t = lmax + margin * lmax;
            const std::optional<double> defect = shifted_gram_defect(g, t, true);
            if (!defect) continue;
            const double lam = up_add(t, *defect);
            return up_add(next_up_nonneg(std::sqrt(lam)), im.dist);
        }
        // lambda_min(P P^T) >= t - defect, sigma_min(M') >= sqrt(that) - dist (Lemma F3, Weyl).
        const double t = lmin - margin * lmax;
        if (!(t > 0)) return std::nullopt;
        const std::optional<double> defect = shifted_gram_defect(g, t, false);
        if (!defect) continue;
        const double lam = t - *defect;  // rounded to nearest; one ulp down below
        if (!(lam > 0)) return std::nullopt;
        const double root = std::nextafter(std::sqrt(std::nextafter(lam, 0.0)), 0.0);
        const double sigma = root - im.dist;
        if (!(sigma > 0)) return std::nullopt;
        return std::nextafter(sigma, 0.0);
    }
    return std::nullopt;
}

// M M^T if rows <= cols, else M^T M (the smaller Gram matrix), symmetric by
// construction (entry (j, i) is the same interval as (i, j)). Row i computes
// the entries (i, j), j >= i, and writes them and their mirrors (j, i): no
// entry is written by two rows, so the rows run over the threads of
// linalg/parallel_rows.hpp with bit-identical results for every count.
Matrix<Interval> gram(const Matrix<Interval>& M, bool rows_side) {
    const size_t k = rows_side ? M.rows() : M.cols();
    const size_t len = rows_side ? M.cols() : M.rows();
    Matrix<Interval> G(k, k);
    // Work in kernel terms: a Boost interval multiply-add (two fresh MPFR
    // numbers per operation) costs several times a BallDot term.
    constexpr size_t kBoostTermWeight = 8;
    parallel_rows(k, k * (k + 1) / 2 * len * kBoostTermWeight, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i)
            for (size_t j = i; j < k; ++j) {
                Interval s = make_interval(0L);
                for (size_t t = 0; t < len; ++t) {
                    const Interval& a = rows_side ? M(i, t) : M(t, i);
                    const Interval& b = rows_side ? M(j, t) : M(t, j);
                    s += i == j ? interval_sqr(a) : a * b;
                }
                G(i, j) = s;
                G(j, i) = s;
            }
    });
    return G;
}

Interval nonneg_sqrt(const Interval& x) { return interval_sqrt(x); }

}  // namespace

Interval spectral_norm(const Matrix<Interval>& M) {
    if (M.size() == 0) return make_interval(0L);
    Matrix<Interval> G = gram(M, M.rows() <= M.cols());
    EigenEnclosure e = certified_lambda_max(G);
    Interval value = e.value;
    // ||M||_2 <= ||M||_F always: keep the better upper end.
    Real fro = hi(frobenius_sq(M));
    if (fro < hi(value)) value = Interval(lo(value) < fro ? lo(value) : fro, fro);
    return nonneg_sqrt(value);
}

std::optional<UpperBound> float_spectral_norm_up(const DoubleImage& im) {
    if (im.P.empty()) return UpperBound::exact(0);
    const std::optional<double> v = float_spectral_scaled(im, true);
    if (!v || !std::isfinite(*v)) return std::nullopt;
    Real r = new_real();
    mpfr_set_d(r.backend().data(), *v, MPFR_RNDU);
    mpfr_mul_2si(r.backend().data(), r.backend().data(), im.e, MPFR_RNDU);
    return UpperBound::assume_upper(r);
}

std::optional<LowerBound> float_smallest_singular_down(const DoubleImage& im) {
    if (im.rows > im.cols || im.rows == 0) return std::nullopt;
    const std::optional<double> v = float_spectral_scaled(im, false);
    if (!v) return std::nullopt;
    Real r = new_real();
    mpfr_set_d(r.backend().data(), *v, MPFR_RNDD);
    mpfr_mul_2si(r.backend().data(), r.backend().data(), im.e, MPFR_RNDD);
    return LowerBound::assume_lower(r);
}

std::optional<UpperBound> float_spectral_norm_up(const Matrix<Interval>& M) {
    if (M.size() == 0) return UpperBound::exact(0);
    const std::optional<DoubleImage> im = double_image(M);
    if (!im) return std::nullopt;
    return float_spectral_norm_up(*im);
}

std::optional<LowerBound> float_smallest_singular_down(const Matrix<Interval>& M) {
    if (M.rows() > M.cols() || M.rows() == 0) return std::nullopt;
    const std::optional<DoubleImage> im = double_image(M);
    if (!im) return std::nullopt;
    return float_smallest_singular_down(*im);
}

UpperBound spectral_norm_up_cheap(const Matrix<Interval>& M) {
    if (std::optional<UpperBound> u = float_spectral_norm_up(M)) return *u;
    return spectral_norm_up(M);
}

LowerBound smallest_singular_down_cheap(const Matrix<Interval>& M) {
    if (M.rows() > M.cols() || M.rows() == 0) return LowerBound::exact(0);
    if (std::optional<LowerBound> l = float_smallest_singular_down(M)) return *l;
    return smallest_singular_down(M);
}

UpperBound spectral_norm_up(const Matrix<Interval>& M) { return upper_of(spectral_norm(M)); }

LowerBound smallest_singular_down(const Matrix<Interval>& M) {
    if (M.rows() > M.cols() || M.rows() == 0) return LowerBound::exact(0);
    EigenEnclosure e = certified_lambda_min(gram(M, true));
    if (!(lo(e.value) > 0)) return LowerBound::exact(0);
    return sqrt(lower_of(e.value));
}

}  // namespace lrcert
