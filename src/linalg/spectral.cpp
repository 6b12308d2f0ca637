#include "lrcert/linalg/spectral.hpp"

#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/linalg/parallel_rows.hpp"

namespace lrcert {

namespace {

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

UpperBound spectral_norm_up(const Matrix<Interval>& M) { return upper_of(spectral_norm(M)); }

LowerBound smallest_singular_down(const Matrix<Interval>& M) {
    if (M.rows() > M.cols() || M.rows() == 0) return LowerBound::exact(0);
    EigenEnclosure e = certified_lambda_min(gram(M, true));
    if (!(lo(e.value) > 0)) return LowerBound::exact(0);
    return sqrt(lower_of(e.value));
}

}  // namespace lrcert
