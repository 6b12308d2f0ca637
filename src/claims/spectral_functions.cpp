// Spectral functions of claims (docs/math.md section 15.1): singular values
// through the Gram matrix of the smaller side, the extremes by the certified
// eigenvalue bounds of linalg/ (Rayleigh quotient and interval Cholesky), the
// interior ones by bisection on certified inertia counts; the rank by interval
// Gaussian elimination.
#include "lrcert/claims/spectral_functions.hpp"

#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/linalg/spectral.hpp"
#include "lrcert/number/precision.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace lrcert::claims {

Matrix<Interval> smaller_gram(const Matrix<Interval>& M) {
    if (M.rows() <= M.cols()) return multiply_transposed(M, M);
    return transposed_multiply(M, M);
}

Interval enclose_spectral_norm(const Matrix<Interval>& M) { return spectral_norm(M); }

Interval enclose_sigma_min(const Matrix<Interval>& M) {
    // sigma_k(M)^2 = lambda_min(G) for the k x k Gram matrix G of the smaller side;
    // the interval G contains the Gram matrix of every M in the box, and
    // certified_lambda_min encloses lambda_min of every symmetric matrix in G.
    EigenEnclosure e = certified_lambda_min(smaller_gram(M));
    Real low = lo(e.value) > 0 ? Real(lo(e.value)) : Real(0);
    Real high = hi(e.value);
    if (!(high >= low)) high = low;  // cannot happen for a PSD Gram matrix; keeps the interval valid
    return interval_sqrt(make_interval(low, high));
}

std::optional<std::size_t> eigenvalues_below(const Matrix<Interval>& G, const Real& t) {
    const std::size_t k = G.rows();
    if (G.cols() != k) throw std::invalid_argument("eigenvalues_below: the matrix is not square");
    // Lower triangle of G - t I; the Schur complements of the elimination
    // contain those of every symmetric S in G as long as the pivots exclude 0.
    Matrix<Interval> a(k, k);
    const Interval shift = make_interval(t);
    for (std::size_t r = 0; r < k; ++r)
        for (std::size_t c = 0; c <= r; ++c) a(r, c) = r == c ? Interval(G(r, c) - shift) : G(r, c);
    std::size_t negative = 0;
    for (std::size_t j = 0; j < k; ++j) {
        const Interval piv = a(j, j);
        if (!(lo(piv) > 0) && !(hi(piv) < 0)) return std::nullopt;
        if (hi(piv) < 0) ++negative;
        for (std::size_t r = j + 1; r < k; ++r) {
            a(r, r) -= interval_sqr(a(r, j)) / piv;
            for (std::size_t c = j + 1; c < r; ++c) a(r, c) -= a(r, j) * a(c, j) / piv;
        }
    }
    return negative;
}

Interval enclose_sigma(const Matrix<Interval>& M, std::size_t i) {
    const std::size_t k = std::min(M.rows(), M.cols());
    if (i < 1 || i > k)
        throw std::invalid_argument("sigma(M, " + std::to_string(i) + ") of a " + std::to_string(M.rows()) + "x" +
                                    std::to_string(M.cols()) + " matrix: i must be 1.." + std::to_string(k));
    if (i == 1) return enclose_spectral_norm(M);
    if (i == k) return enclose_sigma_min(M);
    // lambda_i of the Gram matrix (descending) lies in [0, sigma_1^2]; bisection
    // keeps [low, high] with lambda_i >= low and lambda_i <= high proven:
    // lambda_i < t iff at least k - i + 1 eigenvalues are < t.
    const Matrix<Interval> G = smaller_gram(M);
    Real low = 0;
    Real high = hi(interval_sqr(enclose_spectral_norm(M)));
    if (!is_finite(make_interval(high))) return interval_sqrt(make_interval(low, high));
    const unsigned steps = std::min<unsigned>(working_bits(), 400);
    for (unsigned s = 0; s < steps; ++s) {
        // The midpoint, or, where its count cannot be proven (a pivot of the
        // elimination may be 0 there: t is near an eigenvalue of some leading
        // block), a few points beside it; any proven t keeps the bounds valid.
        std::optional<std::size_t> below;
        Real t;
        for (int j : {0, 1, -1, 2, -2, 3, -3}) {
            t = (low + high) / 2 + (high - low) * j / 16;
            if (!(t > low) || !(t < high)) continue;
            below = eigenvalues_below(G, t);
            if (below) break;
        }
        if (!below) break;  // t is near an eigenvalue of some matrix in the box: stop refining
        if (*below >= k - i + 1)
            high = t;
        else
            low = t;
    }
    return interval_sqrt(make_interval(low, high));
}

Interval enclose_lambda_max_sym(const Matrix<Interval>& M) {
    if (M.rows() != M.cols())
        throw std::invalid_argument("lambda_max of a " + std::to_string(M.rows()) + "x" + std::to_string(M.cols()) +
                                    " matrix: it must be square");
    const std::size_t k = M.rows();
    Matrix<Interval> S(k, k);
    const Interval half = enclose(Rational(1, 2));
    for (std::size_t r = 0; r < k; ++r)
        for (std::size_t c = 0; c < k; ++c) S(r, c) = r == c ? M(r, c) : Interval((M(r, c) + M(c, r)) * half);
    return certified_lambda_max(S).value;
}

RankRange enclose_rank(const Matrix<Interval>& M) {
    std::vector<std::size_t> rows(M.rows()), cols(M.cols());
    for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
    for (std::size_t c = 0; c < cols.size(); ++c) cols[c] = c;
    Matrix<Interval> a = M;
    std::size_t pivots = 0;
    for (;;) {
        // The remaining entry farthest from 0 that certainly is not 0.
        std::size_t best_r = 0, best_c = 0;
        Real best = 0;
        bool found = false;
        for (std::size_t ri = 0; ri < rows.size(); ++ri)
            for (std::size_t ci = 0; ci < cols.size(); ++ci) {
                Real g = mig_down(a(rows[ri], cols[ci]));
                if (g > best) best = g, best_r = ri, best_c = ci, found = true;
            }
        if (!found) break;
        const std::size_t p = rows[best_r], q = cols[best_c];
        const Interval piv = a(p, q);
        rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(best_r));
        cols.erase(cols.begin() + static_cast<std::ptrdiff_t>(best_c));
        for (std::size_t r : rows) {
            const Interval f = a(r, q) / piv;
            for (std::size_t c : cols) a(r, c) -= f * a(p, c);
        }
        ++pivots;
    }
    // The rank of the remaining Schur complement is at most its number of rows
    // (and of columns) that are not identically zero.
    auto zero = [](const Interval& x) { return lo(x) == 0 && hi(x) == 0; };
    std::size_t live_rows = 0, live_cols = 0;
    for (std::size_t r : rows)
        if (std::any_of(cols.begin(), cols.end(), [&](std::size_t c) { return !zero(a(r, c)); })) ++live_rows;
    for (std::size_t c : cols)
        if (std::any_of(rows.begin(), rows.end(), [&](std::size_t r) { return !zero(a(r, c)); })) ++live_cols;
    return {pivots, pivots + std::min(live_rows, live_cols)};
}

std::size_t exact_rank(const Matrix<Rational>& M) {
    Matrix<Rational> a = M;
    std::size_t rank = 0;
    for (std::size_t c = 0; c < a.cols() && rank < a.rows(); ++c) {
        std::size_t p = rank;
        while (p < a.rows() && a(p, c) == 0) ++p;
        if (p == a.rows()) continue;
        for (std::size_t j = 0; j < a.cols(); ++j) std::swap(a(p, j), a(rank, j));
        for (std::size_t r = rank + 1; r < a.rows(); ++r) {
            if (a(r, c) == 0) continue;
            const Rational f = a(r, c) / a(rank, c);
            for (std::size_t j = c; j < a.cols(); ++j) a(r, j) -= f * a(rank, j);
        }
        ++rank;
    }
    return rank;
}

}  // namespace lrcert::claims
