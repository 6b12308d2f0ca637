#include "residual.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace chk {

namespace {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

Z to_z(i128 v) {
    const bool neg = v < 0;
    const u128 a = neg ? static_cast<u128>(-(v + 1)) + 1 : static_cast<u128>(v);
    Z hi = static_cast<unsigned long>(static_cast<unsigned long long>(a >> 64));
    Z lo = static_cast<unsigned long>(static_cast<unsigned long long>(a));
    Z r = (hi << 64) + lo;
    return neg ? Z(-r) : r;
}

// First non-zero column of each row of the lower triangle (i if none).
std::vector<size_t> envelope(const std::vector<long long>& L, size_t N) {
    std::vector<size_t> first(N);
    for (size_t i = 0; i < N; ++i) {
        size_t f = i;
        for (size_t k = 0; k < i; ++k)
            if (L[i * N + k] != 0) {
                f = k;
                break;
            }
        first[i] = f;
    }
    return first;
}

}  // namespace

Q residual_bound(const Mat& H, const Q& t, const std::vector<long long>& L, long s) {
    const size_t N = H.r;
    if (L.size() != N * N) throw std::invalid_argument("residual_bound: factor size does not match");
    // Exactness of the 128-bit sums: N max|L|^2 < 2^126.
    unsigned long long mx = 0;
    for (long long v : L) mx = std::max(mx, static_cast<unsigned long long>(v < 0 ? -(v + 1) + 1ULL : v));
    const double bits = (mx == 0 ? 0 : 2 * std::log2(static_cast<double>(mx))) + std::log2(static_cast<double>(N));
    if (!(bits < 125.5)) throw std::invalid_argument("residual_bound: factor entries too large for exact 128-bit sums");
    const std::vector<size_t> first = envelope(L, N);
    std::vector<Q> row(N, Q(0));
    Q E;
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j <= i; ++j) {
            // (L L^T)_ij = sum_k L_ik L_jk (k <= j), exactly.
            i128 acc = 0;
            for (size_t k = std::max(first[i], first[j]); k <= j; ++k)
                acc += static_cast<i128>(L[i * N + k]) * static_cast<i128>(L[j * N + k]);
            Q llt(to_z(acc));
            if (s >= 0)
                mpq_div_2exp(llt.get_mpq_t(), llt.get_mpq_t(), static_cast<unsigned long>(2 * s));
            else
                mpq_mul_2exp(llt.get_mpq_t(), llt.get_mpq_t(), static_cast<unsigned long>(-2 * s));
            E = (i == j ? t : Q(0)) - H(i, j) - llt;
            if (E < 0) E = -E;
            row[i] += E;
            if (j != i) row[j] += E;  // E is symmetric: (j, i) has the same entry
        }
    Q worst = 0;
    for (const Q& r : row) if (r > worst) worst = r;
    return round_bits(t + worst, 64, +1);
}

std::optional<Q> lambda_max_up_by_residual(const Mat& H, const Q& t) {
    const size_t N = H.r;
    if (N == 0 || H.c != N) return std::nullopt;
    // The guess: double Cholesky of t I - H, row by row (left-looking).
    std::vector<double> L(N * N, 0.0);
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j <= i; ++j) L[i * N + j] = Q((i == j ? t : Q(0)) - H(i, j)).get_d();
    for (size_t i = 0; i < N; ++i) {
        double* Li = &L[i * N];
        size_t fi = i;
        for (size_t k = 0; k < i; ++k)
            if (Li[k] != 0) { fi = k; break; }
        for (size_t j = fi; j < i; ++j) {
            const double* Lj = &L[j * N];
            double s0 = 0, s1 = 0;
            size_t k = fi;
            for (; k + 2 <= j; k += 2) { s0 += Li[k] * Lj[k]; s1 += Li[k + 1] * Lj[k + 1]; }
            for (; k < j; ++k) s0 += Li[k] * Lj[k];
            Li[j] = (Li[j] - (s0 + s1)) / Lj[j];
        }
        double p = Li[i];
        for (size_t k = fi; k < i; ++k) p -= Li[k] * Li[k];
        if (!(p > 0) || !std::isfinite(p)) return std::nullopt;
        Li[i] = std::sqrt(p);
    }
    // Round to integers times 2^-s with N max|L_int|^2 < 2^126 (exact 128-bit sums).
    double mx = 0;
    for (double v : L) {
        if (!std::isfinite(v)) return std::nullopt;
        mx = std::max(mx, std::abs(v));
    }
    if (!(mx > 0)) return std::nullopt;
    const long K = (126 - static_cast<long>(std::ceil(std::log2(static_cast<double>(N))))) / 2 - 1;
    const long s = K - 1 - static_cast<long>(std::ilogb(mx));
    std::vector<long long> Li(N * N, 0);
    for (size_t k = 0; k < N * N; ++k) Li[k] = std::llround(std::ldexp(L[k], static_cast<int>(s)));
    return residual_bound(H, t, Li, s);
}

}  // namespace chk
