#include "residual.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace chk {

namespace {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

// A double near v (within a few ulps: the high and low halves converted
// apart), without the library's exact conversion; only for guesses.
double approx_double(i128 v) {
    return static_cast<double>(static_cast<long long>(v >> 64)) * 0x1p64 +
           static_cast<double>(static_cast<unsigned long long>(static_cast<u128>(v) & ~0ULL));
}

// x rounded to an integer, halves away from 0; |x| < 2^62 (a guess only).
long long nearest(double x) { return static_cast<long long>(x < 0 ? x - 0.5 : x + 0.5); }

// out = v c exactly, without temporaries: |v| as two limbs read in place.
void mul_i128(Z& out, i128 v, const Z& c) {
    static_assert(GMP_NUMB_BITS == 64 && sizeof(mp_limb_t) == 8, "64-bit limbs without nails");
    const bool neg = v < 0;
    const u128 a = neg ? static_cast<u128>(-(v + 1)) + 1 : static_cast<u128>(v);
    const mp_limb_t limbs[2] = {static_cast<mp_limb_t>(a), static_cast<mp_limb_t>(a >> 64)};
    mpz_t view;
    mpz_mul(out.get_mpz_t(), mpz_roinit_n(view, limbs, neg ? -2 : 2), c.get_mpz_t());
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
    return residual_bound(zmat(H), t, L, s);
}

Q residual_bound(const ZMat& H, const Q& t, const std::vector<long long>& L, long s) {
    const size_t N = H.r;
    if (L.size() != N * N) throw std::invalid_argument("residual_bound: factor size does not match");
    // Exactness of the 128-bit sums: N max|L|^2 < 2^126.
    unsigned long long mx = 0;
    for (long long v : L) mx = std::max(mx, static_cast<unsigned long long>(v < 0 ? -(v + 1) + 1ULL : v));
    const double bits = (mx == 0 ? 0 : 2 * std::log2(static_cast<double>(mx))) + std::log2(static_cast<double>(N));
    if (!(bits < 125.5)) throw std::invalid_argument("residual_bound: factor entries too large for exact 128-bit sums");
    const std::vector<size_t> first = envelope(L, N);
    // In integers: with c = lcm(den(t), H.den), c (t I - H) is an integer
    // matrix and the entry E_ij = (t I - H)_ij - (L L^T)_ij 2^-2s is
    // e_ij / (c 2^2s) (s >= 0) or e_ij / c (s < 0), e_ij an integer (no
    // rational arithmetic per entry).
    Z c, fh, ct;
    mpz_lcm(c.get_mpz_t(), t.get_den_mpz_t(), H.den.get_mpz_t());
    mpz_divexact(fh.get_mpz_t(), c.get_mpz_t(), H.den.get_mpz_t());  // c H = fh H.a
    mpz_divexact(ct.get_mpz_t(), c.get_mpz_t(), t.get_den_mpz_t());
    ct *= t.get_num();                                                 // c t
    const mp_bitcnt_t sh = static_cast<mp_bitcnt_t>(2 * (s >= 0 ? s : -s));
    std::vector<Z> row(N, Z(0));
    // The fast path for an off-diagonal entry (s >= 0, H.den one limb, the
    // numerator a_ij one signed limb with bits(a_ij) + 2s <= 124): with
    // -H_ij 2^2s = q + f, q = floor(-a_ij 2^2s / H.den) and 0 <= f < 1
    // (f = 0 iff the division is exact), E_ij 2^2s = q - acc + f lies in
    // [d, d + 1) for d = q - acc, so |E_ij| 2^2s <= max(|d|, |d + 1|) (|d|
    // when f = 0): an upper bound within 1 of the exact |E_ij| 2^2s, in
    // 128-bit integers (|q| < 2^124, |acc| < 2^126). Those bounds are summed
    // per row in units of 2^-2s (fast[i], 192 bits), the others exactly as
    // e_ij / (c 2^2s) in row[i]; the row's bound is their sum.
    const bool fast_ok = s >= 0 && mpz_fits_ulong_p(H.den.get_mpz_t());
    const unsigned long hden = fast_ok ? mpz_get_ui(H.den.get_mpz_t()) : 1;
    struct Wide {  // lo + hi 2^128
        u128 lo = 0;
        unsigned long long hi = 0;
        void add(u128 v) {
            lo += v;
            if (lo < v) ++hi;
        }
    };
    std::vector<Wide> fast(N);
    Z e, llt;
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j <= i; ++j) {
            // (L L^T)_ij = sum_k L_ik L_jk (k <= j), exactly.
            i128 acc = 0;
            for (size_t k = std::max(first[i], first[j]); k <= j; ++k)
                acc += static_cast<i128>(L[i * N + k]) * static_cast<i128>(L[j * N + k]);
            const Z& hij = H.a[i * N + j];
            const bool zero_h = i != j && mpz_sgn(hij.get_mpz_t()) == 0;
            if (zero_h && acc == 0) continue;  // e_ij = 0 (the Hessian's zero blocks)
            if (fast_ok && i != j && mpz_fits_slong_p(hij.get_mpz_t()) && mpz_sizeinbase(hij.get_mpz_t(), 2) + sh <= 124) {
                const i128 a = static_cast<i128>(mpz_get_si(hij.get_mpz_t()));
                const i128 num = -a * (static_cast<i128>(1) << sh);  // |num| < 2^(bits(a) + 2s) <= 2^124
                i128 q = num / static_cast<i128>(hden), rem = num % static_cast<i128>(hden);
                if (rem < 0) { --q; rem += static_cast<i128>(hden); }  // floor: 0 <= rem < hden
                const i128 d = q - acc;                                // |d| < 2^124 + 2^126 < 2^127
                const u128 ad = d < 0 ? static_cast<u128>(-(d + 1)) + 1 : static_cast<u128>(d);
                u128 u = ad;
                if (rem != 0 && d >= 0) u = ad + 1;  // |d + 1| = |d| + 1 when d >= 0, else |d + 1| <= |d|
                fast[i].add(u);
                if (j != i) fast[j].add(u);
                continue;
            }
            mul_i128(llt, acc, c);
            if (zero_h) e = 0;
            else {
                mpz_mul(e.get_mpz_t(), hij.get_mpz_t(), fh.get_mpz_t());  // c H_ij
                if (i == j) mpz_sub(e.get_mpz_t(), ct.get_mpz_t(), e.get_mpz_t());  // c (t - H_ii)
                else mpz_neg(e.get_mpz_t(), e.get_mpz_t());                         // -c H_ij
            }
            if (s >= 0)
                e <<= sh;
            else
                llt <<= sh;
            e -= llt;
            mpz_abs(e.get_mpz_t(), e.get_mpz_t());
            row[i] += e;
            if (j != i) row[j] += e;  // E is symmetric: (j, i) has the same entry
        }
    // Row sums in units of 1 / (c 2^2s) (s >= 0): row[i] + c fast[i].
    if (fast_ok)
        for (size_t i = 0; i < N; ++i) {
            if (fast[i].lo == 0 && fast[i].hi == 0) continue;
            const mp_limb_t limbs[3] = {static_cast<mp_limb_t>(fast[i].lo), static_cast<mp_limb_t>(fast[i].lo >> 64),
                                        static_cast<mp_limb_t>(fast[i].hi)};
            mpz_t view;
            mpz_addmul(row[i].get_mpz_t(), mpz_roinit_n(view, limbs, 3), c.get_mpz_t());
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
    if (H.r == 0 || H.c != H.r) return std::nullopt;
    return lambda_max_up_by_residual(zmat(H), t);
}

namespace {

// z as a signed 128-bit integer when |z| < 2^125.
bool to_i128(const Z& z, i128& out) {
    if (mpz_sgn(z.get_mpz_t()) == 0) {
        out = 0;
        return true;
    }
    if (mpz_sizeinbase(z.get_mpz_t(), 2) > 125) return false;
    const size_t n = mpz_size(z.get_mpz_t());
    u128 m = mpz_getlimbn(z.get_mpz_t(), 0);
    if (n > 1) m |= static_cast<u128>(mpz_getlimbn(z.get_mpz_t(), 1)) << 64;
    out = mpz_sgn(z.get_mpz_t()) < 0 ? -static_cast<i128>(m) : static_cast<i128>(m);
    return true;
}

}  // namespace

// The same theorem with the checker's Cholesky guess computed directly in
// fixed point (docs/checker.md, "L0 by an exact residual", the fixed-width
// factor): with S_ij = (t I - H)_ij 2^2p = s_ij + f_ij, s_ij = floor, 0 <= f_ij < 1,
// the integer recurrence a_ij = s_ij - sum_{k<j} g_ik g_jk, g_jj with
// g_jj^2 <= a_jj < (g_jj + 1)^2, any integer g_ij (i > j) near a_ij / g_jj,
// r_ij = a_ij - g_ij g_jj (r_jj = a_jj - g_jj^2) gives
// sum_{k<=j} g_ik g_jk = s_ij - r_ij exactly, so with L = g 2^-p
// E_ij 2^2p = f_ij + r_ij and |E_ij| 2^2p <= |r_ij| + [f_ij > 0 and r_ij >= 0].
// In 128-bit integers: 2p is chosen so that every s_ii < 2^124; a row whose
// sum of g_ik^2 reaches 2^125, a |g_ij| above 2^62, an |s_ij| of 2^125 or
// more or a_jj <= 0 ends it (nothing proven here; the caller falls back to
// the double guess). Every partial dot product is then below 2^125 by
// Cauchy-Schwarz (sum_k g_jk^2 <= s_jj < 2^124 for a finished row j).
namespace {

// The lower triangle's entries H(i, j), j <= i, come from get (numerators over hden_z).
template <class Get>
std::optional<Q> residual_fixed_impl(size_t N, const Z& hden_z, const Get& get, const Q& t, std::vector<long long>* factor,
                                     long* two_p) {
    if (N == 0 || N > (size_t{1} << 26)) return std::nullopt;
    // max_i (t - H_ii) > 0 fixes p: (t - H_ii) 2^2p < 2^124.
    Q dmax = 0;
    bool any = false;
    for (size_t i = 0; i < N; ++i) {
        Q hii(get(i, i), hden_z);
        hii.canonicalize();
        const Q di = t - hii;
        if (!(di > 0)) return std::nullopt;  // t I - H has a non-positive diagonal entry: not positive definite
        if (!any || di > dmax) dmax = di;
        any = true;
    }
    const long e = floor_log2(dmax);  // dmax < 2^(e+1)
    long twop = 123 - e;              // dmax 2^2p < 2^124
    if (twop % 2 != 0) --twop;
    if (twop < 0) return std::nullopt;
    const auto sh = static_cast<mp_bitcnt_t>(twop);
    // s_ij and whether f_ij > 0, computed where the factor's loop needs them
    // (each once; no N x N table of them).
    // Off the diagonal, with a one-limb den: 2^2p = Q0 den + R0 (0 <= R0 < den), so
    // -a 2^2p = -a Q0 den - a R0 and floor(-a 2^2p / den) = -a Q0 + floor(-a R0 / den),
    // in 128-bit integers when |a Q0| < 2^125 (|a| < 2^63, R0 < 2^64: |a R0| < 2^127).
    const bool den_small = mpz_fits_ulong_p(hden_z.get_mpz_t());
    const unsigned long hden = den_small ? mpz_get_ui(hden_z.get_mpz_t()) : 1;
    Z num, q, r, td, Q0z, R0z, pw = 1;
    pw <<= sh;
    mpz_fdiv_qr_ui(Q0z.get_mpz_t(), R0z.get_mpz_t(), pw.get_mpz_t(), hden);
    i128 Q0 = 0;
    const bool q0_ok = den_small && to_i128(Q0z, Q0);
    const size_t q0_bits = q0_ok ? mpz_sizeinbase(Q0z.get_mpz_t(), 2) : 0;
    const auto R0 = static_cast<unsigned long long>(mpz_get_ui(R0z.get_mpz_t()));
    mpz_mul(td.get_mpz_t(), t.get_den_mpz_t(), hden_z.get_mpz_t());
    // false when s_ij does not fit 128 bits (then nothing is proven)
    auto entry = [&](size_t i, size_t j, i128& sij, bool& fij) -> bool {
        const Z& a = get(i, j);
        sij = 0;
        fij = false;
        mpz_srcptr az = a.get_mpz_t();
        if (i != j && az->_mp_size == 0) return true;
        // |a| < 2^63 in one limb (read from the limb: the same test as
        // mpz_fits_slong_p and mpz_sizeinbase, without the calls)
        const bool one_limb = (az->_mp_size == 1 || az->_mp_size == -1) && (az->_mp_d[0] >> 63) == 0;
        if (i != j && q0_ok && one_limb &&
            static_cast<size_t>(64 - __builtin_clzll(static_cast<unsigned long long>(az->_mp_d[0]))) + q0_bits <= 124) {
            const long long av = az->_mp_size > 0 ? static_cast<long long>(az->_mp_d[0]) : -static_cast<long long>(az->_mp_d[0]);
            const i128 v = -static_cast<i128>(av) * static_cast<i128>(R0);  // -a R0
            i128 qq, rr;
            if (hden < (1UL << 62) && v > -(static_cast<i128>(1) << 62) && v < (static_cast<i128>(1) << 62)) {
                const auto v64 = static_cast<long long>(v), d64 = static_cast<long long>(hden);
                long long q64 = v64 / d64, r64 = v64 % d64;  // both fit 64 bits
                if (r64 < 0) { --q64; r64 += d64; }
                qq = q64;
                rr = r64;
            } else {
                qq = v / static_cast<i128>(hden);
                rr = v % static_cast<i128>(hden);
                if (rr < 0) { --qq; rr += static_cast<i128>(hden); }
            }
            sij = -static_cast<i128>(av) * Q0 + qq;
            fij = rr != 0;
            return true;
        }
        // (t delta_ij - a / den) 2^2p = (t_num den delta_ij - a t_den) 2^2p / (t_den den), floored.
        mpz_mul(num.get_mpz_t(), a.get_mpz_t(), t.get_den_mpz_t());
        mpz_neg(num.get_mpz_t(), num.get_mpz_t());
        if (i == j) mpz_addmul(num.get_mpz_t(), t.get_num_mpz_t(), hden_z.get_mpz_t());
        num <<= sh;
        mpz_fdiv_qr(q.get_mpz_t(), r.get_mpz_t(), num.get_mpz_t(), td.get_mpz_t());
        if (!to_i128(q, sij)) return false;
        fij = mpz_sgn(r.get_mpz_t()) != 0;
        return true;
    };
    // Envelope: the first entry of each row with H_ij != 0 (then s_ij != 0 or
    // f_ij > 0, since s_ij + f_ij = -H_ij 2^2p off the diagonal); before it
    // a_ij = 0, g_ij = 0, r_ij = 0 and E_ij = 0 exactly.
    std::vector<size_t> first(N);
    for (size_t i = 0; i < N; ++i) {
        size_t f = i;
        for (size_t j = 0; j < i; ++j)
            if (mpz_sgn(get(i, j).get_mpz_t()) != 0) { f = j; break; }
        first[i] = f;
    }
    const i128 lim125 = static_cast<i128>(1) << 125;
    const long long lim62 = 1LL << 62;
    // The factor's rows packed: row i (entries k <= i) at i (i + 1) / 2.
    std::vector<long long> g(N * (N + 1) / 2, 0);
    auto row_of = [&](size_t i) { return &g[i * (i + 1) / 2]; };
    std::vector<u128> row(N, 0);  // sum_j of the |E_ij| 2^2p bounds, each below 2^100 + 1
    for (size_t i = 0; i < N; ++i) {
        long long* gi = row_of(i);
        u128 norm2 = 0;  // sum_{k<j} g_ik^2 so far
        for (size_t j = first[i]; j <= i; ++j) {
            i128 sij;
            bool fij;
            if (!entry(i, j, sij, fij)) return std::nullopt;
            if (sij >= lim125 || sij <= -lim125) return std::nullopt;
            const long long* gj = row_of(j);
            // Four partial sums (independent add chains); each is a dot product
            // over a subset of k, below 2^125 by Cauchy-Schwarz like the whole.
            i128 acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
            size_t k = std::max(first[i], first[j]);
            for (; k + 4 <= j; k += 4) {
                acc0 += static_cast<i128>(gi[k]) * gj[k];
                acc1 += static_cast<i128>(gi[k + 1]) * gj[k + 1];
                acc2 += static_cast<i128>(gi[k + 2]) * gj[k + 2];
                acc3 += static_cast<i128>(gi[k + 3]) * gj[k + 3];
            }
            for (; k < j; ++k) acc0 += static_cast<i128>(gi[k]) * gj[k];
            const i128 acc = ((acc0 + acc1) + acc2) + acc3;  // each partial sum a subset's dot product: < 2^125
            const i128 a = sij - acc;  // |a| < 2^125 + 2^125
            i128 rem;
            if (j < i) {
                const long long gjj = gj[j];
                // the quotient's guess in double (any quotient is sound)
                const double qd = approx_double(a) / static_cast<double>(gjj);
                if (!(std::abs(qd) < 0x1p62)) return std::nullopt;
                long long qv = nearest(qd);
                rem = a - static_cast<i128>(qv) * gjj;
                // one correction towards the exact quotient (any quotient is sound; this keeps |rem| small)
                const double fd = approx_double(rem) / static_cast<double>(gjj);
                const long long fix = std::abs(fd) < 0x1p62 ? nearest(fd) : 0;
                if (fix != 0 && qv + fix <= lim62 && qv + fix >= -lim62) {
                    qv += fix;
                    rem = a - static_cast<i128>(qv) * gjj;
                }
                gi[j] = qv;
                norm2 += static_cast<u128>(static_cast<i128>(qv) * qv);
                if (norm2 >= static_cast<u128>(lim125)) return std::nullopt;
            } else {
                if (a <= 0) return std::nullopt;  // breakdown: nothing proven
                long long gv = static_cast<long long>(std::sqrt(static_cast<double>(a)));
                if (gv < 1) gv = 1;
                // g^2 <= a < (g + 1)^2 exactly
                while (static_cast<i128>(gv) * gv > a) --gv;
                while (static_cast<i128>(gv + 1) * (gv + 1) <= a) ++gv;
                if (gv < 1) return std::nullopt;
                gi[i] = gv;
                rem = a - static_cast<i128>(gv) * gv;  // 0 <= rem <= 2 g
            }
            const u128 ar = rem < 0 ? static_cast<u128>(-rem) : static_cast<u128>(rem);
            if (ar >> 100) return std::nullopt;  // keeps every row sum of fewer than 2^26 terms below 2^127
            const u128 u = ar + ((fij && rem >= 0) ? 1 : 0);
            row[i] += u;
            if (j != i) row[j] += u;
        }
    }
    u128 worst = 0;
    for (u128 v : row) worst = std::max(worst, v);
    if (factor) {  // unpacked: g[i N + k]
        factor->assign(N * N, 0);
        for (size_t i = 0; i < N; ++i) std::copy(row_of(i), row_of(i) + i + 1, &(*factor)[i * N]);
    }
    if (two_p) *two_p = twop;
    const mp_limb_t limbs[2] = {static_cast<mp_limb_t>(worst), static_cast<mp_limb_t>(worst >> 64)};
    mpz_t view;
    Z W(mpz_roinit_n(view, limbs, 2));
    Z den = 1;
    den <<= sh;
    Q w(W, den);
    w.canonicalize();
    return round_bits(t + w, 64, +1);
}

}  // namespace

std::optional<Q> residual_bound_fixed(const ZMat& H, const Q& t, std::vector<long long>* factor, long* two_p) {
    const size_t N = H.r;
    if (H.c != N) return std::nullopt;
    return residual_fixed_impl(N, H.den, [&](size_t i, size_t j) -> const Z& { return H.a[i * N + j]; }, t, factor, two_p);
}

std::optional<Q> residual_bound_fixed(const SymEntries& H, const Q& t, std::vector<long long>* factor, long* two_p) {
    return residual_fixed_impl(H.order(), H.den(), [&](size_t i, size_t j) -> const Z& { return H(i, j); }, t, factor,
                               two_p);
}

std::optional<Q> lambda_max_up_by_residual(const ZMat& H, const Q& t) {
    const size_t N = H.r;
    if (N == 0 || H.c != N) return std::nullopt;
    if (std::optional<Q> b = residual_bound_fixed(H, t)) return b;
    // The guess: double Cholesky of t I - H, row by row (left-looking).
    std::vector<double> L(N * N, 0.0);
    long ed = 0;  // H.den as md 2^ed, once (ratio_d per entry without the denominator's conversion)
    const double md = mpz_get_d_2exp(&ed, H.den.get_mpz_t());
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j < i; ++j) {
            const Z& a = H.a[i * N + j];
            if (mpz_sgn(a.get_mpz_t()) == 0) continue;  // the Hessian's zero blocks
            long en = 0;
            const double mn = mpz_get_d_2exp(&en, a.get_mpz_t());
            L[i * N + j] = -std::ldexp(mn / md, static_cast<int>(en - ed));
        }
    for (size_t i = 0; i < N; ++i) {  // t - H_ii exactly, then rounded (the off-diagonal: a double near -H_ij)
        Q hii(H.a[i * N + i], H.den);
        hii.canonicalize();
        L[i * N + i] = Q(t - hii).get_d();
    }
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


std::optional<FixedCholesky> cholesky_guess(const Mat& H, const Q& t, long p) {
    const size_t N = H.r;
    if (N == 0 || H.c != N || p < 0) return std::nullopt;
    const mp_bitcnt_t P = static_cast<mp_bitcnt_t>(p);
    FixedCholesky F;
    F.N = N;
    F.p = p;
    F.g.assign(N * N, Z(0));
    F.llt.assign(N * N, Z(0));
    std::vector<Z> s(N * N);  // lower triangle of (t I - H) 2^2p, truncated
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j <= i; ++j) {
            const Q q = (i == j ? t : Q(0)) - H(i, j);
            Z num = q.get_num();
            num <<= 2 * P;
            mpz_tdiv_q(s[i * N + j].get_mpz_t(), num.get_mpz_t(), q.get_den_mpz_t());
        }
    Z acc, rem;
    for (size_t j = 0; j < N; ++j) {
        const Z* gj = &F.g[j * N];
        acc = s[j * N + j];
        for (size_t k = 0; k < j; ++k) mpz_submul(acc.get_mpz_t(), gj[k].get_mpz_t(), gj[k].get_mpz_t());
        if (acc <= 0) return std::nullopt;
        Z& gjj = F.g[j * N + j];
        mpz_sqrtrem(gjj.get_mpz_t(), rem.get_mpz_t(), acc.get_mpz_t());  // units 2^-p; acc = gjj^2 + rem
        if (gjj == 0) return std::nullopt;
        F.llt[j * N + j] = s[j * N + j] - rem;  // = sum_{k<j} g_jk^2 + g_jj^2
        for (size_t i = j + 1; i < N; ++i) {
            const Z* gi = &F.g[i * N];
            acc = s[i * N + j];
            for (size_t k = 0; k < j; ++k) mpz_submul(acc.get_mpz_t(), gi[k].get_mpz_t(), gj[k].get_mpz_t());
            // acc = g_ij g_jj + rem exactly (truncating division)
            mpz_tdiv_qr(F.g[i * N + j].get_mpz_t(), rem.get_mpz_t(), acc.get_mpz_t(), gjj.get_mpz_t());
            F.llt[i * N + j] = s[i * N + j] - rem;  // = sum_{k<=j} g_ik g_jk
        }
    }
    return F;
}

namespace {

// t + max_i sum_j |E_ij|, E = t I - H - L L^T, given the exact lower triangle
// of L L^T 2^2p (`product(i, j)`, j <= i), rounded up to `bits` bits:
// c 2^2p E_ij = c (t I - H)_ij 2^2p - c (L L^T)_ij 2^2p, all integers.
template <class Product>
Q bound_from_products(const Mat& H, const Q& t, size_t N, long p, long bits, Product product) {
    const mp_bitcnt_t P2 = 2 * static_cast<mp_bitcnt_t>(p);
    const Z c = common_denominator(H, t);
    std::vector<Z> row(N, Z(0));
    Z acc, e;
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j <= i; ++j) {
            product(i, j, acc);
            e = times_den((i == j ? t : Q(0)) - H(i, j), c);
            e <<= P2;
            mpz_submul(e.get_mpz_t(), c.get_mpz_t(), acc.get_mpz_t());
            mpz_abs(e.get_mpz_t(), e.get_mpz_t());
            row[i] += e;
            if (j != i) row[j] += e;  // E is symmetric
        }
    Z worst = 0;
    for (const Z& r : row) if (r > worst) worst = r;
    Z scale = c;
    scale <<= P2;
    Q b(worst, scale);
    b.canonicalize();
    return round_bits(t + b, bits, +1);
}

void check_sizes(const Mat& H, const FixedCholesky& F, bool with_llt) {
    const size_t N = H.r;
    if (H.c != N || F.N != N || F.g.size() != N * N || F.p < 0 || (with_llt && F.llt.size() != N * N))
        throw std::invalid_argument("cholesky residual bound: factor size does not match");
}

}  // namespace

Q cholesky_residual_bound(const Mat& H, const Q& t, const FixedCholesky& F, long bits) {
    check_sizes(H, F, false);
    const size_t N = F.N;
    return bound_from_products(H, t, N, F.p, bits, [&](size_t i, size_t j, Z& acc) {
        acc = 0;
        for (size_t k = 0; k <= j; ++k) mpz_addmul(acc.get_mpz_t(), F.g[i * N + k].get_mpz_t(), F.g[j * N + k].get_mpz_t());
    });
}

Q cholesky_guess_bound(const Mat& H, const Q& t, const FixedCholesky& F, long bits) {
    check_sizes(H, F, true);
    return bound_from_products(H, t, F.N, F.p, bits, [&](size_t i, size_t j, Z& acc) { acc = F.llt[i * F.N + j]; });
}

std::optional<Q> lambda_max_up_by_cholesky(const Mat& H, const Q& t, long p, long bits) {
    const std::optional<FixedCholesky> F = cholesky_guess(H, t, p);
    if (!F) return std::nullopt;
    return cholesky_guess_bound(H, t, *F, bits);
}

std::vector<Z> inverse_iteration_guess(const FixedCholesky& F, int steps) {
    const size_t N = F.N;
    const mp_bitcnt_t P = static_cast<mp_bitcnt_t>(F.p);
    std::vector<Z> x(N, Z(0)), y(N);
    if (N == 0) return x;
    size_t kmin = 0;
    for (size_t k = 1; k < N; ++k)
        if (F.g[k * N + k] < F.g[kmin * N + kmin]) kmin = k;
    x[kmin] = 1;
    x[kmin] <<= P;
    Z acc;
    for (int it = 0; it < steps; ++it) {
        // Values in units of 2^-p: L y = x, then L^T x = y (a zero pivot of a
        // hand-made factor divides by 1 instead: it is only a guess).
        for (size_t i = 0; i < N; ++i) {
            acc = x[i];
            acc <<= P;
            for (size_t k = 0; k < i; ++k) mpz_submul(acc.get_mpz_t(), F.g[i * N + k].get_mpz_t(), y[k].get_mpz_t());
            const Z& gii = F.g[i * N + i];
            if (gii != 0) mpz_tdiv_q(y[i].get_mpz_t(), acc.get_mpz_t(), gii.get_mpz_t()); else y[i] = acc >> P;
        }
        for (size_t i = N; i-- > 0;) {
            acc = y[i];
            acc <<= P;
            for (size_t k = i + 1; k < N; ++k) mpz_submul(acc.get_mpz_t(), F.g[k * N + i].get_mpz_t(), x[k].get_mpz_t());
            const Z& gii = F.g[i * N + i];
            if (gii != 0) mpz_tdiv_q(x[i].get_mpz_t(), acc.get_mpz_t(), gii.get_mpz_t()); else x[i] = acc >> P;
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
