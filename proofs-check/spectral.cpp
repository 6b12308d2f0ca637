#include "spectral.hpp"

#include <algorithm>

namespace chk {

namespace {

bool certainly_zero(const I& x) { return x.lo == 0 && x.hi == 0; }

// A bound R with |x| <= R for every eigenvalue of every symmetric matrix in S
// (the largest absolute row sum).
Q row_sum_bound(const IMat& S) {
    Q best = 0;
    for (size_t i = 0; i < S.r; ++i) {
        Q s = 0;
        for (size_t j = 0; j < S.c; ++j) s += mag(S.at(std::max(i, j), std::min(i, j)));
        if (s > best) best = s;
    }
    return best;
}

IMat smaller_gram(const IMat& M) {
    const bool wide = M.r <= M.c;
    IMat G;
    G.r = G.c = wide ? M.r : M.c;
    G.a.assign(G.r * G.c, I(0));
    const size_t inner = wide ? M.c : M.r;
    for (size_t i = 0; i < G.r; ++i)
        for (size_t j = 0; j <= i; ++j) {
            I s(0);
            for (size_t k = 0; k < inner; ++k) {
                const I& x = wide ? M.at(i, k) : M.at(k, i);
                const I& y = wide ? M.at(j, k) : M.at(k, j);
                s = s + (i == j ? sqr(x) : x * y);
            }
            G.at(i, j) = G.at(j, i) = s;
        }
    return G;
}

}  // namespace

std::optional<size_t> count_below(const IMat& S, const Q& t) {
    const size_t k = S.r;
    IMat a = S;
    for (size_t i = 0; i < k; ++i) a.at(i, i) = S.at(i, i) - I(t);
    size_t negative = 0;
    for (size_t j = 0; j < k; ++j) {
        const I piv = a.at(j, j);
        if (contains_zero(piv)) return std::nullopt;
        if (piv.hi < 0) ++negative;
        for (size_t r = j + 1; r < k; ++r) {
            a.at(r, r) = a.at(r, r) - sqr(a.at(r, j)) / piv;
            for (size_t c = j + 1; c < r; ++c) a.at(r, c) = a.at(r, c) - a.at(r, j) * a.at(c, j) / piv;
        }
    }
    return negative;
}

I eigenvalue_by_bisection(const IMat& S, size_t j, Q lo, Q hi, long steps) {
    // lambda_j < t iff at least k - j + 1 eigenvalues are < t.
    const size_t need = S.r - j + 1;
    for (long s = 0; s < steps && lo < hi; ++s) {
        // The midpoint or, where its count cannot be proven (a pivot may be 0),
        // a few points beside it; any proven t keeps [lo, hi] valid.
        std::optional<size_t> below;
        Q t;
        for (int k : {0, 1, -1, 2, -2, 3, -3}) {
            t = (lo + hi) / 2 + (hi - lo) * k / 16;
            below = count_below(S, t);
            if (below) break;
        }
        if (!below) break;
        if (*below >= need) hi = t;
        else lo = t;
    }
    return I(lo, hi);
}

I singular_value_sq(const IMat& M, size_t i, long steps) {
    const IMat G = smaller_gram(M);
    const I l = eigenvalue_by_bisection(G, i, Q(0), row_sum_bound(G), steps);
    return I(std::max(l.lo, Q(0)), l.hi);
}

I singular_value(const IMat& M, size_t i, long steps) { return isqrt(singular_value_sq(M, i, steps)); }

I lambda_max_symmetric_part(const IMat& M, long steps) {
    IMat S = M;
    for (size_t i = 0; i < M.r; ++i)
        for (size_t j = 0; j < M.c; ++j) S.at(i, j) = i == j ? M.at(i, i) : (M.at(i, j) + M.at(j, i)) / I(2);
    const Q R = row_sum_bound(S);
    return eigenvalue_by_bisection(S, 1, -R, R, steps);
}

// Gaussian elimination in exact rationals.
static size_t exact_rank(size_t nr, size_t nc, std::vector<Q> a) {
    size_t rank = 0;
    for (size_t c = 0; c < nc && rank < nr; ++c) {
        size_t p = rank;
        while (p < nr && a[p * nc + c] == 0) ++p;
        if (p == nr) continue;
        for (size_t j = 0; j < nc; ++j) std::swap(a[p * nc + j], a[rank * nc + j]);
        for (size_t r = rank + 1; r < nr; ++r) {
            if (a[r * nc + c] == 0) continue;
            const Q f = a[r * nc + c] / a[rank * nc + c];
            for (size_t j = c; j < nc; ++j) a[r * nc + j] -= f * a[rank * nc + j];
        }
        ++rank;
    }
    return rank;
}

RankBounds rank_bounds(const IMat& M) {
    if (std::all_of(M.a.begin(), M.a.end(), [](const I& x) { return x.thin(); })) {
        std::vector<Q> exact;
        for (const I& x : M.a) exact.push_back(x.lo);
        const size_t r = exact_rank(M.r, M.c, std::move(exact));
        return {r, r};
    }
    std::vector<size_t> rows(M.r), cols(M.c);
    for (size_t i = 0; i < M.r; ++i) rows[i] = i;
    for (size_t j = 0; j < M.c; ++j) cols[j] = j;
    IMat a = M;
    size_t pivots = 0;
    for (;;) {
        // Any remaining entry that excludes 0 (the largest lower magnitude).
        size_t bi = 0, bj = 0;
        Q best = 0;
        for (size_t x = 0; x < rows.size(); ++x)
            for (size_t y = 0; y < cols.size(); ++y) {
                const I& v = a.at(rows[x], cols[y]);
                Q m = v.lo > 0 ? v.lo : v.hi < 0 ? Q(-v.hi) : Q(0);
                if (m > best) best = m, bi = x, bj = y;
            }
        if (best == 0) break;
        const size_t p = rows[bi], q = cols[bj];
        const I piv = a.at(p, q);
        rows.erase(rows.begin() + static_cast<long>(bi));
        cols.erase(cols.begin() + static_cast<long>(bj));
        for (size_t r : rows) {
            const I f = a.at(r, q) / piv;
            for (size_t c : cols) a.at(r, c) = a.at(r, c) - f * a.at(p, c);
        }
        ++pivots;
    }
    size_t live_rows = 0, live_cols = 0;
    for (size_t r : rows)
        if (std::any_of(cols.begin(), cols.end(), [&](size_t c) { return !certainly_zero(a.at(r, c)); })) ++live_rows;
    for (size_t c : cols)
        if (std::any_of(rows.begin(), rows.end(), [&](size_t r) { return !certainly_zero(a.at(r, c)); })) ++live_cols;
    return {pivots, pivots + std::min(live_rows, live_cols)};
}

}  // namespace chk
