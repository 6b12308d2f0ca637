#include "fixed.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <stdexcept>

namespace chk {

ZMat zmat(const Mat& m) {
    ZMat z(m.r, m.c);
    for (const Q& v : m.a) mpz_lcm(z.den.get_mpz_t(), z.den.get_mpz_t(), v.get_den_mpz_t());
    for (size_t k = 0; k < m.a.size(); ++k) {
        mpz_divexact(z.a[k].get_mpz_t(), z.den.get_mpz_t(), m.a[k].get_den_mpz_t());
        z.a[k] *= m.a[k].get_num();
    }
    return z;
}

Mat to_mat(const ZMat& m) {
    Mat q(m.r, m.c);
    for (size_t k = 0; k < m.a.size(); ++k) {
        mpq_set_num(q.a[k].get_mpq_t(), m.a[k].get_mpz_t());
        mpq_set_den(q.a[k].get_mpq_t(), m.den.get_mpz_t());
        q.a[k].canonicalize();
    }
    return q;
}

namespace {

size_t max_bits(const ZMat& m) { return max_bit_length(m.a); }  // an allocation hint only

size_t max_limbs(const ZMat& m) {
    size_t b = 0;
    for (const Z& v : m.a) b = std::max(b, mpz_size(v.get_mpz_t()));
    return b;
}

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

// A matrix's entries as magnitudes of a fixed count L of limbs (zero-padded:
// entry k's limbs at d[k L .. k L + L)) and signs, read once per product.
struct Padded {
    size_t L = 1;
    std::vector<mp_limb_t> d;
    std::vector<unsigned char> neg;
};

Padded padded(const ZMat& m) {
    Padded p;
    p.L = std::max<size_t>(max_limbs(m), 1);
    p.d.assign(m.a.size() * p.L, 0);
    p.neg.assign(m.a.size(), 0);
    for (size_t k = 0; k < m.a.size(); ++k) {
        mpz_srcptr z = m.a[k].get_mpz_t();  // the limbs read in place (gmp.h's fields)
        const int sz = z->_mp_size;
        const size_t n = static_cast<size_t>(sz < 0 ? -sz : sz);
        if (n) std::copy(z->_mp_d, z->_mp_d + n, &p.d[k * p.L]);
        p.neg[k] = sz < 0;
    }
    return p;
}

// Writes P - N into out, exactly: column t of the positive (L0, H0) and the
// negative (L1, H1) accumulators holds L[t] + H[t] 2^128 (C columns), so limb
// t of P - N is the low halves of column t, the high halves of column t - 1
// and the carry counts of column t - 2 (positive minus negative) plus the
// running signed carry (|carry| < 2^66). P and N are below 2^(64 (C + 2))
// (terms < 2^64, products of limbs(a) + limbs(b) = C + 1 limbs), so P - N
// fits C + 3 limbs in two's complement and the last carry (0 or -1) is its sign.
void assemble(mpz_ptr out, const u128* L0, const std::uint64_t* H0, const u128* L1, const std::uint64_t* H1,
              size_t C) {
    const size_t W = C + 3;
    mp_limb_t* r = mpz_limbs_write(out, static_cast<mp_size_t>(W));
    i128 carry = 0;
    for (size_t t = 0; t < W; ++t) {
        i128 v = carry;
        if (t < C) {
            v += static_cast<i128>(static_cast<std::uint64_t>(L0[t]));
            v -= static_cast<i128>(static_cast<std::uint64_t>(L1[t]));
        }
        if (t >= 1 && t - 1 < C) {
            v += static_cast<i128>(static_cast<std::uint64_t>(L0[t - 1] >> 64));
            v -= static_cast<i128>(static_cast<std::uint64_t>(L1[t - 1] >> 64));
        }
        if (t >= 2 && t - 2 < C) {
            v += static_cast<i128>(H0[t - 2]);
            v -= static_cast<i128>(H1[t - 2]);
        }
        r[t] = static_cast<mp_limb_t>(static_cast<u128>(v));
        carry = v >> 64;  // floor(v / 2^64)
    }
    const bool negative = carry < 0;
    if (negative) {  // the magnitude: two's complement negation
        bool add = true;
        for (size_t t = 0; t < W; ++t) {
            r[t] = ~r[t];
            if (add) add = ++r[t] == 0;
        }
    }
    mpz_limbs_finish(out, negative ? -static_cast<mp_size_t>(W) : static_cast<mp_size_t>(W));
}

// out = sum_k a_k b_k (a_k = a[ia + k sa], b_k = b[ib + k sb]), exact: the limb
// product u_i v_j of a term goes to column i + j of the positive or, for a
// term of negative sign, the negative accumulator, a 128-bit word L plus the
// count H of its carries (H <= terms min(limbs) < 2^64).
template <size_t NA, size_t NB>
void dot_kernel(mpz_ptr out, const Padded& a, size_t ia, size_t sa, const Padded& b, size_t ib, size_t sb, size_t n) {
    if constexpr (NA == 0 || NB == 0) {
        // Larger limb counts (above 5: the column scheme is faster up to 5 x 5,
        // check18 measured 12x12 --digits 30's 5 x 4 products): each term one
        // mpn_mul, added into a positive or a negative
        // accumulator of limbs(a) + limbs(b) + 1 limbs, which no sum of fewer
        // than 2^64 such products overflows; the entry is their difference.
        const size_t na = a.L, nb = b.L, w = na + nb + 1;
        thread_local std::vector<mp_limb_t> buf;
        if (buf.size() < 3 * w) buf.resize(3 * w);
        mp_limb_t* pos = buf.data();
        mp_limb_t* neg = pos + w;
        mp_limb_t* tmp = neg + w;
        std::fill(pos, pos + 2 * w, mp_limb_t{0});
        for (size_t k = 0; k < n; ++k) {
            const size_t x = ia + k * sa, y = ib + k * sb;
            const mp_limb_t* u = &a.d[x * na];
            const mp_limb_t* v = &b.d[y * nb];
            if (na >= nb) mpn_mul(tmp, u, static_cast<mp_size_t>(na), v, static_cast<mp_size_t>(nb));
            else mpn_mul(tmp, v, static_cast<mp_size_t>(nb), u, static_cast<mp_size_t>(na));
            mp_limb_t* acc = (a.neg[x] ^ b.neg[y]) ? neg : pos;
            mpn_add(acc, acc, static_cast<mp_size_t>(w), tmp, static_cast<mp_size_t>(na + nb));
        }
        mpz_t P, N;
        mpz_sub(out, mpz_roinit_n(P, pos, static_cast<mp_size_t>(w)), mpz_roinit_n(N, neg, static_cast<mp_size_t>(w)));
    } else {  // fixed limb counts: the limbs and the accumulators in locals (no aliasing with the inputs)
        constexpr size_t C = NA + NB - 1;
        // The accumulators cleared by plain stores of a zero the compiler
        // cannot see through (an aggregate "= {}" became a rep stos, whose
        // start-up cost is a large share of a dot product of 12 terms).
        std::uint64_t zero = 0;
        __asm__("" : "+r"(zero));
        u128 L[2][C];
        std::uint64_t H[2][C];
        for (size_t t = 0; t < C; ++t) {
            L[0][t] = zero;
            L[1][t] = zero;
            H[0][t] = zero;
            H[1][t] = zero;
        }
        const mp_limb_t* ad = a.d.data();
        const mp_limb_t* bd = b.d.data();
        const unsigned char* an = a.neg.data();
        const unsigned char* bn = b.neg.data();
        for (size_t k = 0; k < n; ++k) {
            const size_t x = ia + k * sa, y = ib + k * sb;
            mp_limb_t u[NA], v[NB];
            for (size_t i = 0; i < NA; ++i) u[i] = ad[x * NA + i];
            for (size_t j = 0; j < NB; ++j) v[j] = bd[y * NB + j];
            const size_t s = an[x] ^ bn[y];
            for (size_t i = 0; i < NA; ++i)
                for (size_t j = 0; j < NB; ++j) {
                    const u128 p = static_cast<u128>(u[i]) * v[j];
                    const u128 c = L[s][i + j] + p;
                    H[s][i + j] += c < p;
                    L[s][i + j] = c;
                }
        }
        assemble(out, L[0], H[0], L[1], H[1], C);
    }
}

using Kernel = void (*)(mpz_ptr, const Padded&, size_t, size_t, const Padded&, size_t, size_t, size_t);

template <size_t NA>
Kernel kernel_b(size_t nb) {
    switch (nb) {
        case 1: return &dot_kernel<NA, 1>;
        case 2: return &dot_kernel<NA, 2>;
        case 3: return &dot_kernel<NA, 3>;
        case 4: return &dot_kernel<NA, 4>;
        case 5: return &dot_kernel<NA, 5>;
        default: return &dot_kernel<0, 0>;
    }
}

Kernel kernel(size_t na, size_t nb) {
    switch (na) {
        case 1: return kernel_b<1>(nb);
        case 2: return kernel_b<2>(nb);
        case 3: return kernel_b<3>(nb);
        case 4: return kernel_b<4>(nb);
        case 5: return kernel_b<5>(nb);
        default: return &dot_kernel<0, 0>;
    }
}

// out = sum_k a_k b_k, exact (docs/checker.md section 4, "Fixed-point
// centres"): the same integer as a sum of mpz_addmul, without a GMP call,
// allocation or sign test per term.
class ExactDot {
public:
    ExactDot(const Padded& a, const Padded& b) : a_(a), b_(b), kernel_(kernel(a.L, b.L)) {}
    void operator()(mpz_ptr out, size_t ia, size_t sa, size_t ib, size_t sb, size_t n) {
        kernel_(out, a_, ia, sa, b_, ib, sb, n);
    }

private:
    const Padded& a_;
    const Padded& b_;
    Kernel kernel_;
};

}  // namespace

void mul_t_into(ZMat& p, const ZMat& x, const ZMat& y) {
    if (x.c != y.c) throw std::logic_error("mul_t: shapes");
    if (p.r * p.c != (x.r * y.r) || p.a.size() != p.r * p.c) p = ZMat(x.r, y.r);
    p.r = x.r;
    p.c = y.r;
    const Padded xv = padded(x), yv = padded(y);
    ExactDot dot(xv, yv);
    for (size_t i = 0; i < x.r; ++i)
        for (size_t j = 0; j < y.r; ++j) dot(p.a[i * y.r + j].get_mpz_t(), i * x.c, 1, j * y.c, 1, x.c);
    p.den = x.den * y.den;
}

ZMat mul_t(const ZMat& x, const ZMat& y) {
    ZMat p;
    mul_t_into(p, x, y);
    return p;
}

void mul_into(ZMat& p, const ZMat& x, const ZMat& y) {
    if (x.c != y.r) throw std::logic_error("mul: shapes");
    if (p.r * p.c != (x.r * y.c) || p.a.size() != p.r * p.c) p = ZMat(x.r, y.c);
    p.r = x.r;
    p.c = y.c;
    const Padded xv = padded(x), yv = padded(y);
    ExactDot dot(xv, yv);
    for (size_t i = 0; i < x.r; ++i)
        for (size_t j = 0; j < y.c; ++j) dot(p.a[i * y.c + j].get_mpz_t(), i * x.c, 1, j, y.c, x.c);
    p.den = x.den * y.den;
}

ZMat mul(const ZMat& x, const ZMat& y) {
    ZMat p;
    mul_into(p, x, y);
    return p;
}

void t_mul_into(ZMat& p, const ZMat& x, const ZMat& y) {
    if (x.r != y.r) throw std::logic_error("t_mul: shapes");
    if (p.r * p.c != (x.c * y.c) || p.a.size() != p.r * p.c) p = ZMat(x.c, y.c);
    p.r = x.c;
    p.c = y.c;
    const Padded xv = padded(x), yv = padded(y);
    ExactDot dot(xv, yv);
    for (size_t i = 0; i < x.c; ++i)
        for (size_t j = 0; j < y.c; ++j) dot(p.a[i * y.c + j].get_mpz_t(), i, x.c, j, y.c, x.r);
    p.den = x.den * y.den;
}

ZMat t_mul(const ZMat& x, const ZMat& y) {
    ZMat p;
    t_mul_into(p, x, y);
    return p;
}

ZMat add(const ZMat& x, const ZMat& y, const Q& f) {
    ZMat s;
    add_into(s, x, y, f);
    return s;
}

void add_into(ZMat& s, const ZMat& x, const ZMat& y, const Q& f) {
    if (x.r != y.r || x.c != y.c) throw std::logic_error("add: shapes");
    if (&s == &x || &s == &y) throw std::logic_error("add_into: the result aliases an operand");
    // x.a / x.den + (fn y.a) / (fd y.den) over L = lcm(x.den, fd y.den).
    const Z fd_yd = f.get_den() * y.den;
    if (s.a.size() != x.a.size()) s = ZMat(x.r, x.c);
    s.r = x.r;
    s.c = x.c;
    mpz_lcm(s.den.get_mpz_t(), x.den.get_mpz_t(), fd_yd.get_mpz_t());
    Z sx, sy;
    mpz_divexact(sx.get_mpz_t(), s.den.get_mpz_t(), x.den.get_mpz_t());
    mpz_divexact(sy.get_mpz_t(), s.den.get_mpz_t(), fd_yd.get_mpz_t());
    sy *= f.get_num();
    // The same sums; the common cases (a factor 1 or -1) without multiplications.
    const bool x_one = sx == 1;
    const int y_unit = sy == 1 ? 1 : (sy == -1 ? -1 : 0);
    const mp_bitcnt_t room = std::max(max_bits(x) + mpz_sizeinbase(sx.get_mpz_t(), 2),
                                      max_bits(y) + mpz_sizeinbase(sy.get_mpz_t(), 2)) + 2;
    // The trajectory's F(c) = X + h (R' Y): sx a power of 2 times h's denominator, sy = h's numerator.
    const mp_bitcnt_t kx = mpz_sgn(sx.get_mpz_t()) ? mpz_scan1(sx.get_mpz_t(), 0) : 0;
    Z oxz;
    mpz_tdiv_q_2exp(oxz.get_mpz_t(), sx.get_mpz_t(), kx);
    const bool small = mpz_sgn(sx.get_mpz_t()) > 0 && mpz_fits_ulong_p(oxz.get_mpz_t()) && mpz_sgn(sy.get_mpz_t()) != 0 &&
                       mpz_cmpabs_ui(sy.get_mpz_t(), ~0UL) <= 0;
    const unsigned long ox = small ? mpz_get_ui(oxz.get_mpz_t()) : 1;
    const bool sy_neg = mpz_sgn(sy.get_mpz_t()) < 0;
    const unsigned long sy_abs = small ? mpz_get_ui(sy.get_mpz_t()) : 0;  // mpz_get_ui: |sy|'s low limb
    for (size_t k = 0; k < x.a.size(); ++k) {
        mpz_ptr t = s.a[k].get_mpz_t();
        if (static_cast<mp_bitcnt_t>(t->_mp_alloc) * GMP_NUMB_BITS < room) mpz_realloc2(t, room);
        if (x_one && y_unit == 1) {
            mpz_add(t, x.a[k].get_mpz_t(), y.a[k].get_mpz_t());
        } else if (x_one && y_unit == -1) {
            mpz_sub(t, x.a[k].get_mpz_t(), y.a[k].get_mpz_t());
        } else if (small) {  // sx = ox 2^kx, |sy| one limb: shifts and one-limb products
            if (ox == 1) mpz_mul_2exp(t, x.a[k].get_mpz_t(), kx);
            else {
                mpz_mul_ui(t, x.a[k].get_mpz_t(), ox);
                if (kx) mpz_mul_2exp(t, t, kx);
            }
            if (sy_neg) mpz_submul_ui(t, y.a[k].get_mpz_t(), sy_abs);
            else mpz_addmul_ui(t, y.a[k].get_mpz_t(), sy_abs);
        } else {
            if (x_one) mpz_set(t, x.a[k].get_mpz_t());
            else mpz_mul(t, x.a[k].get_mpz_t(), sx.get_mpz_t());
            mpz_addmul(t, y.a[k].get_mpz_t(), sy.get_mpz_t());
        }
    }
}

ZMat gram_z(const ZMat& m) { return m.r <= m.c ? mul_t(m, m) : t_mul(m, m); }

Mat gram(const ZMat& m) { return to_mat(gram_z(m)); }

Q fro2(const ZMat& m) {
    Z s = 0;
    for (const Z& v : m.a) mpz_addmul(s.get_mpz_t(), v.get_mpz_t(), v.get_mpz_t());
    Q q(s, m.den * m.den);
    q.canonicalize();
    return q;
}

Q fro2_diff(const ZMat& x, const ZMat& y) {
    if (x.den != y.den || x.r != y.r || x.c != y.c) return fro2(add(x, y, Q(-1)));
    // The same denominator (consecutive centres on one grid): sum (x_ij - y_ij)^2 / den^2.
    Z s = 0, t;
    for (size_t k = 0; k < x.a.size(); ++k) {
        mpz_sub(t.get_mpz_t(), x.a[k].get_mpz_t(), y.a[k].get_mpz_t());
        mpz_addmul(s.get_mpz_t(), t.get_mpz_t(), t.get_mpz_t());
    }
    Q q(s, x.den * x.den);
    q.canonicalize();
    return q;
}

namespace {

__extension__ typedef unsigned __int128 u128;

// sum_k (x_k - y_k)^2 <= 2^(2t) sum_k u_k^2 with u_k = floor(|d_k| / 2^t) + 1
// (t > 0; u_k = |d_k| when t = 0), d_k = x_k - y_k, |d_k| < (floor(|d_k| / 2^t) + 1) 2^t.
// t = max(0, bits(max |d_k|) - 32): u_k <= 2^32 + 1, so the sum of fewer
// than 2^62 squares is exact in 128 bits. Returns the bound over den^2.
Q fro2_diff_up_impl(const std::vector<Z>& x, const std::vector<Z>* y, const Z& den) {
    thread_local std::vector<Z> d;
    const size_t n = x.size();
    if (d.size() < n) d.resize(n);
    size_t top = 0;
    for (size_t k = 0; k < n; ++k) {
        if (y) mpz_sub(d[k].get_mpz_t(), x[k].get_mpz_t(), (*y)[k].get_mpz_t());
        else mpz_set(d[k].get_mpz_t(), x[k].get_mpz_t());
        top = std::max(top, bit_length(d[k]));
    }
    const mp_bitcnt_t t = top > 32 ? top - 32 : 0;
    u128 sum = 0;
    const size_t idx = t / 64, off = t % 64;
    for (size_t k = 0; k < n; ++k) {
        if (mpz_sgn(d[k].get_mpz_t()) == 0) continue;
        // floor(|d| / 2^t) < 2^32 read from |d|'s limbs (bits t .. t + 63)
        const mp_limb_t* limbs = mpz_limbs_read(d[k].get_mpz_t());
        const size_t nl = mpz_size(d[k].get_mpz_t());
        unsigned long long q = 0;
        if (idx < nl) {
            q = limbs[idx] >> off;
            if (off != 0 && idx + 1 < nl) q |= limbs[idx + 1] << (64 - off);
        }
        const u128 v = static_cast<u128>(q) + (t > 0 ? 1 : 0);
        sum += v * v;
    }
    const mp_limb_t limbs[2] = {static_cast<mp_limb_t>(sum), static_cast<mp_limb_t>(sum >> 64)};
    mpz_t view;
    Z S(mpz_roinit_n(view, limbs, 2));
    S <<= 2 * t;
    Q q(S, den * den);
    q.canonicalize();
    return q;
}

}  // namespace

Q fro2_up(const ZMat& m) { return fro2_diff_up_impl(m.a, nullptr, m.den); }

Q fro2_diff_up(const ZMat& x, const ZMat& y) {
    if (x.den != y.den || x.r != y.r || x.c != y.c) return fro2(add(x, y, Q(-1)));  // exact, also an upper bound
    return fro2_diff_up_impl(x.a, &y.a, x.den);
}

ZMat round_grid(const ZMat& x, long bits, Q& err2) {
    ZMat g;
    round_grid_into(g, x, bits, err2, true);
    return g;
}

void round_grid_into(ZMat& g, const ZMat& x, long bits, Q& err2, bool exact_error) {
    if (&g == &x) throw std::logic_error("round_grid_into: the result aliases the operand");
    if (g.a.size() != x.a.size()) g = ZMat(x.r, x.c);
    g.r = x.r;
    g.c = x.c;
    g.den = 1;
    const size_t top = max_bit_length(x.a);
    if (top == 0) {  // the zero matrix is on every grid
        for (Z& v : g.a) v = 0;
        err2 = 0;
        return;
    }
    // log2 of the largest |entry| is within 1 of top - bits(den): the grid
    // 2^-s keeps bits - 1 to bits + 1 significant bits of it (any s is sound).
    const long s = bits - (static_cast<long>(top) - static_cast<long>(mpz_sizeinbase(x.den.get_mpz_t(), 2)));
    // x.a / x.den = N / (D 2^s) with N = x.a 2^max(s,0), D = x.den 2^max(-s,0);
    // the nearest m = round(N / D) has error (N - m D) / (D 2^s).
    Z D = x.den, N, rem, twice;
    if (s < 0) D <<= static_cast<mp_bitcnt_t>(-s);
    // When D = o 2^w with w >= s and o one limb (the dyadic centres times h's
    // and A's denominators), N / D = x.a / (o 2^(w - s)): floor by a shift and
    // a one-limb division, x.a = (q o + r2) 2^(w-s) + r1, remainder r2 2^(w-s) + r1.
    const auto w = static_cast<long>(mpz_scan1(D.get_mpz_t(), 0));
    Z odd = D;
    if (w > 0) odd >>= static_cast<mp_bitcnt_t>(w);
    const bool split = s > 0 && w >= s && mpz_fits_ulong_p(odd.get_mpz_t());
    const auto shift = static_cast<mp_bitcnt_t>(split ? w - s : 0);
    const unsigned long o = split ? mpz_get_ui(odd.get_mpz_t()) : 1;
    // E = sum of the squared errors in units of 1/(D 2^s) (general path) or,
    // in the split path, in units of 2^s/(D 2^s) = 1/D (Es): the same value
    // without squaring the s trailing zero bits of every remainder.
    Z E = 0, Es = 0, r1;
    // The bound (not exact_error; split, shift >= 32, o < 2^32): with
    // tb = shift - 32 and r1hi = floor(r1 / 2^tb) < 2^32, the error's numerator
    // rem' (down) <= (r2 2^32 + r1hi + 1) 2^tb and D' - rem' (up) <=
    // ((o - r2) 2^32 - r1hi) 2^tb: v 2^tb with v < 2^64, so the squared error
    // is at most v^2 2^(2 tb) / D^2 (above the exact one by at most 2^-32 / o of
    // a grid step per entry); the v^2 summed in 192 bits.
    const bool bounded = split && !exact_error && shift >= 32 && o < (1UL << 32);
    if (bounded) {
        const mp_bitcnt_t tb = shift - 32;
        u128 lo = 0;
        unsigned long long hi = 0;
        for (size_t k = 0; k < x.a.size(); ++k) {
            mpz_fdiv_r_2exp(r1.get_mpz_t(), x.a[k].get_mpz_t(), shift);  // 0 <= r1 < 2^shift
            mpz_fdiv_q_2exp(N.get_mpz_t(), x.a[k].get_mpz_t(), shift);
            const unsigned long r2 = mpz_fdiv_q_ui(g.a[k].get_mpz_t(), N.get_mpz_t(), o);  // 0 <= r2 < o
            mpz_tdiv_q_2exp(r1.get_mpz_t(), r1.get_mpz_t(), tb);
            const unsigned long long r1hi = mpz_get_ui(r1.get_mpz_t());  // < 2^32; bit 31 is r1's bit shift - 1
            const unsigned long o_minus = o - r2;
            bool up;  // as below
            if (r2 >= o_minus) up = true;
            else if (o_minus - r2 >= 2) up = false;
            else up = (r1hi >> 31) & 1;
            unsigned long long v;
            if (!up) v = (static_cast<unsigned long long>(r2) << 32) + r1hi + 1;
            else {
                g.a[k] += 1;
                v = (static_cast<unsigned long long>(o_minus) << 32) - r1hi;
            }
            const u128 sq = static_cast<u128>(v) * v;
            lo += sq;
            if (lo < sq) ++hi;
        }
        const mp_limb_t limbs[3] = {static_cast<mp_limb_t>(lo), static_cast<mp_limb_t>(lo >> 64), static_cast<mp_limb_t>(hi)};
        mpz_t view;
        Es = Z(mpz_roinit_n(view, limbs, 3));
        Es <<= 2 * tb;  // in units of 1 / D, as the exact Es
    }
    for (size_t k = 0; k < x.a.size() && !bounded; ++k) {
        if (split) {
            // x.a = (q o + r2) 2^shift + r1, so N - q D = x.a 2^s - q o 2^w = rem' 2^s
            // with rem' = r2 2^shift + r1 in [0, D'), D' = o 2^shift = D / 2^s.
            mpz_fdiv_r_2exp(r1.get_mpz_t(), x.a[k].get_mpz_t(), shift);  // 0 <= r1 < 2^shift
            mpz_fdiv_q_2exp(N.get_mpz_t(), x.a[k].get_mpz_t(), shift);
            const unsigned long r2 = mpz_fdiv_q_ui(g.a[k].get_mpz_t(), N.get_mpz_t(), o);  // 0 <= r2 < o
            // Nearest: up iff 2 rem' >= D', i.e. 2 r2 2^shift + 2 r1 >= o 2^shift. With
            // 0 <= 2 r1 < 2^(shift+1): up when 2 r2 >= o, down when 2 r2 + 2 <= o,
            // else (2 r2 + 1 = o) up iff 2 r1 >= 2^shift (r1's bit shift - 1).
            const unsigned long o_minus = o - r2;  // >= 1
            bool up;
            if (r2 >= o_minus) up = true;                        // 2 r2 >= o
            else if (o_minus - r2 >= 2) up = false;              // 2 r2 + 2 <= o
            else up = shift > 0 && mpz_tstbit(r1.get_mpz_t(), shift - 1);
            if (!up) {  // error rem' = r2 2^shift + r1
                mpz_set_ui(rem.get_mpz_t(), r2);
                rem <<= shift;
                rem += r1;
            } else {  // error D' - rem' = (o - r2) 2^shift - r1
                g.a[k] += 1;
                mpz_set_ui(rem.get_mpz_t(), o_minus);
                rem <<= shift;
                rem -= r1;
            }
            mpz_addmul(Es.get_mpz_t(), rem.get_mpz_t(), rem.get_mpz_t());
            continue;
        }
        N = x.a[k];
        if (s > 0) N <<= static_cast<mp_bitcnt_t>(s);
        mpz_fdiv_qr(g.a[k].get_mpz_t(), rem.get_mpz_t(), N.get_mpz_t(), D.get_mpz_t());  // 0 <= rem < D
        twice = rem << 1;
        if (twice >= D) {
            g.a[k] += 1;
            rem -= D;
        }
        mpz_addmul(E.get_mpz_t(), rem.get_mpz_t(), rem.get_mpz_t());
    }
    Z scale = D * D;  // err2 = E / (D 2^s)^2 (split: Es / D^2)
    if (split) {  // split implies s > 0
        g.den = 1;
        g.den <<= static_cast<mp_bitcnt_t>(s);
        err2 = Q(Es, scale);
        err2.canonicalize();
        return;
    }
    if (s >= 0) {
        scale <<= static_cast<mp_bitcnt_t>(2 * s);
        g.den = 1;
        g.den <<= static_cast<mp_bitcnt_t>(s);
    } else {
        E <<= static_cast<mp_bitcnt_t>(-2 * s);
        for (Z& v : g.a) v <<= static_cast<mp_bitcnt_t>(-s);
    }
    err2 = Q(E, scale);
    err2.canonicalize();
}

ZMat truncate_grid(const ZMat& x, long t, Q& quantum) {
    ZMat y;
    truncate_grid_into(y, x, t, quantum);
    return y;
}

void truncate_grid_into(ZMat& y, const ZMat& x, long t, Q& quantum) {
    if (&y == &x) throw std::logic_error("truncate_grid_into: the result aliases the operand");
    const long v = mpz_sgn(x.den.get_mpz_t()) ? static_cast<long>(mpz_scan1(x.den.get_mpz_t(), 0)) : 0;
    if (v <= t) {
        quantum = 0;
        y = x;
        return;
    }
    const auto drop = static_cast<mp_bitcnt_t>(v - t);
    if (y.a.size() != x.a.size()) y = ZMat(x.r, x.c);
    y.r = x.r;
    y.c = x.c;
    // floor(a / 2^drop) / (den / 2^drop) lies in (a/den - 2^drop/den, a/den].
    for (size_t k = 0; k < x.a.size(); ++k) mpz_fdiv_q_2exp(y.a[k].get_mpz_t(), x.a[k].get_mpz_t(), drop);
    mpz_tdiv_q_2exp(y.den.get_mpz_t(), x.den.get_mpz_t(), drop);
    Z one = 1;
    one <<= drop;
    quantum = Q(one, x.den);
    quantum.canonicalize();
}

}  // namespace chk
