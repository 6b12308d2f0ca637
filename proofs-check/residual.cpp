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

// c = the lcm of the denominators of t and of H's lower triangle; then
// c (t I - H) and c H are integer matrices.
Z common_denominator(const Mat& H, const Q& t) {
    Z c = t.get_den();
    for (size_t i = 0; i < H.r; ++i)
        for (size_t j = 0; j <= i; ++j) mpz_lcm(c.get_mpz_t(), c.get_mpz_t(), H(i, j).get_den_mpz_t());
    return c;
}

// c q as an integer (c a multiple of q's denominator).
Z times_den(const Q& q, const Z& c) {
    Z r;
    mpz_divexact(r.get_mpz_t(), c.get_mpz_t(), q.get_den_mpz_t());
    return r * q.get_num();
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
    // In integers: with c the common denominator of t and H, the entry
    // E_ij = (t I - H)_ij - (L L^T)_ij 2^-2s is e_ij / (c 2^2s) (s >= 0) or
    // e_ij / c (s < 0), e_ij an integer (no rational arithmetic per entry).
    const Z c = common_denominator(H, t);
    const mp_bitcnt_t sh = static_cast<mp_bitcnt_t>(2 * (s >= 0 ? s : -s));
    std::vector<Z> row(N, Z(0));
    Z e, llt;
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j <= i; ++j) {
            // (L L^T)_ij = sum_k L_ik L_jk (k <= j), exactly.
            i128 acc = 0;
            for (size_t k = std::max(first[i], first[j]); k <= j; ++k)
                acc += static_cast<i128>(L[i * N + k]) * static_cast<i128>(L[j * N + k]);
            llt = to_z(acc) * c;
            e = i == j ? times_den(t - H(i, j), c) : times_den(H(i, j), c);
            if (i != j) e = -e;
            if (s >= 0)
                e <<= sh;
            else
                llt <<= sh;
            e -= llt;
            mpz_abs(e.get_mpz_t(), e.get_mpz_t());
            row[i] += e;
            if (j != i) row[j] += e;  // E is symmetric: (j, i) has the same entry
        }
    Z worst = 0;
    for (const Z& r : row) if (r > worst) worst = r;
    Z den = c;
    if (s >= 0) den <<= sh;
    Q w(worst, den);
    w.canonicalize();
    return round_bits(t + w, 64, +1);
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


std::optional<FixedLdl> ldl_guess(const Mat& H, const Q& t, long p) {
    const size_t N = H.r;
    if (N == 0 || H.c != N || p < 0) return std::nullopt;
    const mp_bitcnt_t P = static_cast<mp_bitcnt_t>(p);
    FixedLdl F;
    F.N = N;
    F.p = p;
    F.l.assign(N * N, Z(0));
    F.d.assign(N, Z(0));
    std::vector<Z> s(N * N);  // lower triangle of (t I - H) 2^p, truncated
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j <= i; ++j) {
            const Q q = (i == j ? t : Q(0)) - H(i, j);
            Z num = q.get_num();
            num <<= P;
            mpz_tdiv_q(s[i * N + j].get_mpz_t(), num.get_mpz_t(), q.get_den_mpz_t());
        }
    std::vector<Z> w(N);  // w_k = L_jk D_k 2^p for the current column j
    Z acc, tmp;
    for (size_t j = 0; j < N; ++j) {
        acc = 0;
        for (size_t k = 0; k < j; ++k) {
            mpz_mul(w[k].get_mpz_t(), F.l[j * N + k].get_mpz_t(), F.d[k].get_mpz_t());
            mpz_fdiv_q_2exp(w[k].get_mpz_t(), w[k].get_mpz_t(), P);
            mpz_addmul(acc.get_mpz_t(), F.l[j * N + k].get_mpz_t(), w[k].get_mpz_t());
        }
        mpz_fdiv_q_2exp(acc.get_mpz_t(), acc.get_mpz_t(), P);
        F.d[j] = s[j * N + j] - acc;
        if (F.d[j] <= 0) return std::nullopt;
        for (size_t i = j + 1; i < N; ++i) {
            acc = 0;
            for (size_t k = 0; k < j; ++k) mpz_addmul(acc.get_mpz_t(), F.l[i * N + k].get_mpz_t(), w[k].get_mpz_t());
            mpz_fdiv_q_2exp(acc.get_mpz_t(), acc.get_mpz_t(), P);
            tmp = s[i * N + j] - acc;
            tmp <<= P;
            mpz_tdiv_q(F.l[i * N + j].get_mpz_t(), tmp.get_mpz_t(), F.d[j].get_mpz_t());
        }
    }
    return F;
}

std::optional<Q> ldl_residual_bound(const Mat& H, const Q& t, const FixedLdl& F, long bits) {
    const size_t N = H.r;
    if (H.c != N || F.N != N || F.l.size() != N * N || F.d.size() != N || F.p < 0)
        throw std::invalid_argument("ldl_residual_bound: factor size does not match");
    for (const Z& v : F.d)
        if (v < 0) return std::nullopt;  // L D L^T would not be positive semidefinite
    const mp_bitcnt_t P = static_cast<mp_bitcnt_t>(F.p);
    // With Lt = L 2^p (Lt_ii = 2^p) and W_jk = Lt_jk d_k (k <= j):
    // (L D L^T)_ij 2^3p = sum_{k <= j} Lt_ik W_jk for j <= i, and
    // c 2^3p E_ij = c (t I - H)_ij 2^3p - c (L D L^T)_ij 2^3p, all integers.
    const Z c = common_denominator(H, t);
    Z one = 1;
    one <<= P;
    std::vector<Z> W(N * N);
    for (size_t j = 0; j < N; ++j)
        for (size_t k = 0; k <= j; ++k) W[j * N + k] = (k == j ? one : F.l[j * N + k]) * F.d[k];
    std::vector<Z> row(N, Z(0));
    Z acc, e;
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j <= i; ++j) {
            acc = 0;
            for (size_t k = 0; k <= j; ++k)
                mpz_addmul(acc.get_mpz_t(), (k == i ? one : F.l[i * N + k]).get_mpz_t(), W[j * N + k].get_mpz_t());
            e = times_den((i == j ? t : Q(0)) - H(i, j), c);
            e <<= 3 * P;
            mpz_submul(e.get_mpz_t(), c.get_mpz_t(), acc.get_mpz_t());
            mpz_abs(e.get_mpz_t(), e.get_mpz_t());
            row[i] += e;
            if (j != i) row[j] += e;  // E is symmetric
        }
    Z worst = 0;
    for (const Z& r : row) if (r > worst) worst = r;
    Z scale = c;
    scale <<= 3 * P;
    Q b(worst, scale);
    b.canonicalize();
    return round_bits(t + b, bits, +1);
}

std::optional<Q> lambda_max_up_by_ldl(const Mat& H, const Q& t, long p, long bits) {
    const std::optional<FixedLdl> F = ldl_guess(H, t, p);
    if (!F) return std::nullopt;
    return ldl_residual_bound(H, t, *F, bits);
}

std::vector<Z> inverse_iteration_guess(const FixedLdl& F) {
    const size_t N = F.N;
    const mp_bitcnt_t P = static_cast<mp_bitcnt_t>(F.p);
    std::vector<Z> x(N, Z(0)), y(N);
    if (N == 0) return x;
    size_t kmin = 0;
    for (size_t k = 1; k < N; ++k)
        if (F.d[k] < F.d[kmin]) kmin = k;
    x[kmin] = 1;
    x[kmin] <<= P;
    Z acc;
    for (int it = 0; it < 2; ++it) {
        for (size_t i = 0; i < N; ++i) {  // y = L^-1 x
            acc = 0;
            for (size_t k = 0; k < i; ++k) mpz_addmul(acc.get_mpz_t(), F.l[i * N + k].get_mpz_t(), y[k].get_mpz_t());
            mpz_fdiv_q_2exp(acc.get_mpz_t(), acc.get_mpz_t(), P);
            y[i] = x[i] - acc;
        }
        for (size_t i = 0; i < N; ++i) {  // y := D^-1 y
            y[i] <<= P;
            if (F.d[i] != 0) mpz_tdiv_q(y[i].get_mpz_t(), y[i].get_mpz_t(), F.d[i].get_mpz_t());
        }
        for (size_t i = N; i-- > 0;) {  // x = L^-T y
            acc = 0;
            for (size_t k = i + 1; k < N; ++k) mpz_addmul(acc.get_mpz_t(), F.l[k * N + i].get_mpz_t(), x[k].get_mpz_t());
            mpz_fdiv_q_2exp(acc.get_mpz_t(), acc.get_mpz_t(), P);
            x[i] = y[i] - acc;
        }
        size_t top = 0;  // keep about p + 2 bits in the largest entry
        for (const Z& v : x) top = std::max(top, mpz_sgn(v.get_mpz_t()) ? mpz_sizeinbase(v.get_mpz_t(), 2) : size_t{0});
        if (top == 0) break;
        if (top > static_cast<size_t>(F.p) + 2)
            for (Z& v : x) mpz_tdiv_q_2exp(v.get_mpz_t(), v.get_mpz_t(), top - static_cast<size_t>(F.p) - 2);
    }
    return x;
}

bool rayleigh_at_least(const Mat& H, const std::vector<Z>& v, const Q& lo) {
    const size_t N = H.r;
    if (H.c != N || v.size() != N) throw std::invalid_argument("rayleigh_at_least: sizes do not match");
    Z c = 1;
    for (const Q& q : H.a) mpz_lcm(c.get_mpz_t(), c.get_mpz_t(), q.get_den_mpz_t());
    // v^T (c H) v and v^T v exactly, in integers.
    Z num = 0, den = 0, s;
    for (size_t i = 0; i < N; ++i) {
        if (v[i] == 0) continue;
        s = 0;
        for (size_t j = 0; j < N; ++j)
            if (v[j] != 0 && H(i, j) != 0) s += times_den(H(i, j), c) * v[j];
        mpz_addmul(num.get_mpz_t(), v[i].get_mpz_t(), s.get_mpz_t());
        mpz_addmul(den.get_mpz_t(), v[i].get_mpz_t(), v[i].get_mpz_t());
    }
    if (den == 0) return false;
    // v^T H v / v^T v = num / (c den) >= lo = lo.num / lo.den.
    return num * lo.get_den() >= lo.get_num() * c * den;
}

}  // namespace chk
