// Midpoint-radius dot products on raw significands (number/ball_dot.hpp;
// the error bound: docs/math.md, section 3.1).
#include "lrcert/number/ball_dot.hpp"

#include "lrcert/number/interval_kernels.hpp"

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cstdint>
#include <cstring>
#include <limits>
#include <cmath>
#include <stdexcept>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace lrcert {

namespace {

using Limb = mp_limb_t;
__extension__ typedef unsigned __int128 Wide;
static_assert(sizeof(Limb) == 8, "BallDot assumes 64-bit limbs");

// Exponents of entries are kept within +-2^20 so that sums of two never
// overflow a long and the unit below stays far from the limits of long.
constexpr mpfr_exp_t kMaxEntryExp = mpfr_exp_t(1) << 20;
// The unit 2^unit_exp, and n 2^unit_exp for n < 2^64, must be normal finite
// doubles for the count terms to be exact (docs/math.md, section 3.1).
constexpr long kMinUnitExp = -1000;
constexpr long kMaxUnitExp = 900;

// P[0, 2L) = a b for L-limb a, b (schoolbook: exact, 2L limbs; P's limbs
// above 2L are not touched).
template <size_t L>
inline void mul_limbs(Limb* P, const Limb* a, const Limb* b) {
    {
        Limb carry = 0;
        for (size_t j = 0; j < L; ++j) {
            const Wide t = Wide(a[0]) * b[j] + carry;
            P[j] = static_cast<Limb>(t);
            carry = static_cast<Limb>(t >> 64);
        }
        P[L] = carry;
    }
    for (size_t i = 1; i < L; ++i) {
        Limb carry = 0;
        for (size_t j = 0; j < L; ++j) {
            const Wide t = Wide(a[i]) * b[j] + P[i + j] + carry;
            P[i + j] = static_cast<Limb>(t);
            carry = static_cast<Limb>(t >> 64);
        }
        P[i + L] = carry;
    }
}

// c_out, out = a + b + c_in (c_in, c_out in {0, 1}): one add-with-carry.
inline unsigned char add_carry(unsigned char c_in, Limb a, Limb b, Limb& out) {
#if defined(__x86_64__)
    unsigned long long o;
    const unsigned char c = _addcarry_u64(c_in, a, b, &o);
    out = o;
    return c;
#else
    const Wide s = Wide(a) + b + c_in;
    out = static_cast<Limb>(s);
    return static_cast<unsigned char>(s >> 64);
#endif
}

// The low limb of x y, its high limb in hi.
inline Limb mul_wide(Limb x, Limb y, Limb& hi) {
    const Wide t = Wide(x) * y;
    hi = static_cast<Limb>(t >> 64);
    return static_cast<Limb>(t);
}

// For L = 2 (128-bit significands, the commonest precision), with the
// product and the sum in registers (docs/math.md 3.1, Lemma K2'): P = a b
// (4 limbs, schoolbook), T's three limbs chosen by q = d / 64 in {1, 2, 3}
// (d >= 64 L - 64 = 64; P's lowest limb is only needed for its carries) and
// added as (mask, v2 ^ mask, v1 ^ mask, v0 ^ mask) plus the carry-in
// mask & 1 into the 4-limb two's-complement accumulator w (modulo 2^256) by
// one carry chain: T for a positive product, 2^256 - T - 1 + 1 = -T modulo
// 2^256 for a negative one. Branch-free: the limbs of P shifted by q - 1
// limbs with conditional moves, the shift by r split as (x << 1) << (63 -
// r) so that r = 0 is defined.
inline void add_product_2(Limb& w0, Limb& w1, Limb& w2, Limb& w3, const Limb* a, const Limb* b, size_t d,
                          Limb mask) {
#if defined(__x86_64__) && defined(__GNUC__)
    // The same operations in x86-64 assembly (the compiler kept the four
    // accumulator limbs in memory, a store-to-load dependency per term):
    // the schoolbook product's limbs 1..3 as below; the selection by q with
    // conditional moves; the shift by r = d mod 64 with shrd / shr, whose
    // count is taken modulo 64 by the processor (shrd by 0 leaves its
    // destination unchanged); the complement by mask; the carry-in mask & 1
    // set by bt; the 4-limb add-with-carry chain.
    Limb p1, p2, p3;
    __asm__(
        "movl $0, %k[p3]\n\t"
        "movq (%[a]), %%rax\n\t"
        "mulq (%[b])\n\t"  // a0 b0: only its high limb is kept
        "movq %%rdx, %[p1]\n\t"
        "movq (%[a]), %%rax\n\t"
        "mulq 8(%[b])\n\t"  // a0 b1
        "addq %%rax, %[p1]\n\t"
        "adcq $0, %%rdx\n\t"  // no carry out: h(a0 b1) <= 2^64 - 2
        "movq %%rdx, %[p2]\n\t"
        "movq 8(%[a]), %%rax\n\t"
        "mulq (%[b])\n\t"  // a1 b0
        "addq %%rax, %[p1]\n\t"
        "adcq %%rdx, %[p2]\n\t"
        "adcq $0, %[p3]\n\t"
        "movq 8(%[a]), %%rax\n\t"
        "mulq 8(%[b])\n\t"  // a1 b1
        "addq %%rax, %[p2]\n\t"
        "adcq %%rdx, %[p3]\n\t"  // no carry out: P < 2^256
        "xorl %%eax, %%eax\n\t"
        "cmpq $128, %[d]\n\t"  // q >= 2: one limb down
        "cmovaeq %[p2], %[p1]\n\t"
        "cmovaeq %[p3], %[p2]\n\t"
        "cmovaeq %%rax, %[p3]\n\t"
        "cmpq $192, %[d]\n\t"  // q = 3: another
        "cmovaeq %[p2], %[p1]\n\t"
        "cmovaeq %%rax, %[p2]\n\t"
        "shrdq %%cl, %[p2], %[p1]\n\t"
        "shrdq %%cl, %[p3], %[p2]\n\t"
        "shrq %%cl, %[p3]\n\t"
        "xorq %[mask], %[p1]\n\t"
        "xorq %[mask], %[p2]\n\t"
        "xorq %[mask], %[p3]\n\t"
        "btq $0, %[mask]\n\t"  // CF = mask & 1
        "adcq %[p1], %[w0]\n\t"
        "adcq %[p2], %[w1]\n\t"
        "adcq %[p3], %[w2]\n\t"
        "adcq %[mask], %[w3]"
        : [w0] "+r"(w0), [w1] "+r"(w1), [w2] "+r"(w2), [w3] "+r"(w3), [p1] "=&r"(p1), [p2] "=&r"(p2),
          [p3] "=&r"(p3)
        : [a] "r"(a), [b] "r"(b), [d] "c"(d), [mask] "r"(mask)
        : "rax", "rdx", "cc", "memory");
#else
    Limb h00, h01, h10, h11;
    mul_wide(a[0], b[0], h00);  // the low limb P_0: only its carries matter, and it has none
    const Limb l01 = mul_wide(a[0], b[1], h01), l10 = mul_wide(a[1], b[0], h10), l11 = mul_wide(a[1], b[1], h11);
    // (p3, p2, p1) = floor(P / 2^64), P = a_0 b_0 + (a_0 b_1 + a_1 b_0) 2^64 +
    // a_1 b_1 2^128: (h11, l11, h00) + (0, h01, l01) + (0, h10, l10), each
    // partial sum below P / 2^64 < 2^192, so no carry out.
    Limb p1, p2, p3;
    unsigned char c = add_carry(0, h00, l01, p1);
    c = add_carry(c, l11, h01, p2);
    add_carry(c, h11, 0, p3);
    c = add_carry(0, p1, l10, p1);
    c = add_carry(c, p2, h10, p2);
    add_carry(c, p3, 0, p3);
    const size_t q = d / 64;
    const bool q2 = q >= 2, q3 = q >= 3;
    p1 = q2 ? p2 : p1;
    p2 = q2 ? p3 : p2;
    p3 = q2 ? 0 : p3;
    p1 = q3 ? p2 : p1;
    p2 = q3 ? 0 : p2;
    // Now T = floor((p3, p2, p1) / 2^r) (the limbs of P from q on).
    const unsigned r = static_cast<unsigned>(d % 64);
    const Limb v0 = (p1 >> r) | ((p2 << 1) << (63 - r));
    const Limb v1 = (p2 >> r) | ((p3 << 1) << (63 - r));
    const Limb v2 = p3 >> r;
    c = add_carry(static_cast<unsigned char>(mask & 1), w0, v0 ^ mask, w0);
    c = add_carry(c, w1, v1 ^ mask, w1);
    c = add_carry(c, w2, v2 ^ mask, w2);
    add_carry(c, w3, mask, w3);  // modulo 2^64
#endif
}

// The upper bound of Lemma C3 (docs/math.md 3.2) for a chain s of n plain
// double products and sums of non-negative doubles: >= the exact sum
// (+infinity or NaN when s is not finite; n <= 2^40).
inline double chain_bound(double s, size_t n) {
    // (n < 2^40: converted exactly as a signed integer.)
    return up_mul(plus_subnormal_tail_up(s, n), 1 + static_cast<double>(static_cast<std::int64_t>(n)) * 0x1p-51);
}

}  // namespace

// ---- magnitudes --------------------------------------------------------------------

namespace {

constexpr mpfr_exp_t kMagnitudeExp = kMagnitudeMaxExp;

}  // namespace

namespace {

// RA(|x|), |x| rounded away from 0 to a double, for a regular x: from the
// limbs when the result is a normal double (|EXP(x)| <= 960): t =
// floor(|x| / 2^(EXP - 53)) (53 bits) if no bit below is set, else t + 1
// (2^53 at most: still exact); MPFR's conversion otherwise. Equal to
// fabs(mpfr_get_d(x, MPFR_RNDA)).
double magnitude_away(mpfr_srcptr x) {
    if (mpfr_zero_p(x)) return 0.0;
    if (mpfr_nan_p(x) || mpfr_inf_p(x)) return std::fabs(mpfr_get_d(x, MPFR_RNDA));
    const mpfr_exp_t e = mpfr_get_exp(x);
    if (e > kMagnitudeExp || e < -kMagnitudeExp) return std::fabs(mpfr_get_d(x, MPFR_RNDA));
    const Limb* d = static_cast<const Limb*>(mpfr_custom_get_significand(x));
    const size_t top = static_cast<size_t>((mpfr_get_prec(x) - 1) / 64);
    bool below = (d[top] & 0x7ff) != 0;
    for (size_t j = 0; j < top && !below; ++j) below = d[j] != 0;
    // (Converted as a signed integer, < 2^54: one instruction, exact.)
    const auto t = static_cast<std::int64_t>((d[top] >> 11) + (below ? 1 : 0));
    return static_cast<double>(t) * pow2_double(e - 53);
}

// A non-negative integer D < 2^64 rounded up to a double (exact below 2^53).
double up_of_u64(std::uint64_t D) {
    const int width = 64 - std::countl_zero(D | 1);
    if (width <= 53) return static_cast<double>(D);
    const int drop = width - 53;
    const std::uint64_t kept = (D >> drop) + ((D & ((std::uint64_t(1) << drop) - 1)) != 0 ? 1 : 0);  // <= 2^53
    return static_cast<double>(kept) * pow2_double(drop);  // exact
}

}  // namespace

namespace {

// Small-limb-count replacements of mpn_add_n, mpn_sub_n, mpn_cmp (inline
// loops with add-with-carry: the library calls showed in the profile of the
// operand preparation). Same results as the mpn functions.
inline Limb add_n(Limb* out, const Limb* a, const Limb* b, size_t n) {
    unsigned char c = 0;
    for (size_t j = 0; j < n; ++j) c = add_carry(c, a[j], b[j], out[j]);
    return c;
}
// out = a - b modulo 2^(64 n), as a + ~b + 1.
inline void sub_n(Limb* out, const Limb* a, const Limb* b, size_t n) {
    unsigned char c = 1;
    for (size_t j = 0; j < n; ++j) c = add_carry(c, a[j], ~b[j], out[j]);
}
inline int cmp_n(const Limb* a, const Limb* b, size_t n) {
    for (size_t j = n; j-- > 0;)
        if (a[j] != b[j]) return a[j] > b[j] ? 1 : -1;
    return 0;
}
// dst[0, n) = src[0, n) for 1 <= n <= 8 by fixed-size copies (a loop of
// unknown count became `rep movsq`, whose start-up cost showed in the
// profile of small products).
inline void copy_limbs(Limb* dst, const Limb* src, size_t n) {
    switch (n) {
        case 1: std::memcpy(dst, src, 8); break;
        case 2: std::memcpy(dst, src, 16); break;
        case 3: std::memcpy(dst, src, 24); break;
        case 4: std::memcpy(dst, src, 32); break;
        case 5: std::memcpy(dst, src, 40); break;
        case 6: std::memcpy(dst, src, 48); break;
        case 7: std::memcpy(dst, src, 56); break;
        case 8: std::memcpy(dst, src, 64); break;
        default: std::memcpy(dst, src, 8 * n); break;
    }
}
// A finite MPFR number (not NaN, not an infinity): mpfr_number_p, inline.
inline bool finite_number(mpfr_srcptr x) { return !mpfr_nan_p(x) && !mpfr_inf_p(x); }

}  // namespace

// mid = RN((l + h) / 2) at mid's precision p, on the limbs (docs/math.md 3.1,
// "Narrow intervals"), for regular l, h of precision p, one sign and one
// exponent e: S = M_l + M_h has 64 L + 1 bits (both significands are at
// least 2^(64 L - 1)), so (l + h) / 2 = S 2^(e - 64 L - 1) has exponent e
// and the significand S; its top p bits are kept and rounded to nearest,
// ties to even (the round bit the highest dropped one, the sticky bit the
// rest); a carry out gives 2^(64 L - 1) with exponent e + 1. The same number
// as mpfr_add (RNDN) then the exact halving. False (mid untouched) otherwise.
bool BallOperand::limb_midpoint(mpfr_srcptr l, mpfr_srcptr h, mpfr_ptr mid) {
    if (!mpfr_regular_p(l) || !mpfr_regular_p(h)) return false;
    const mpfr_prec_t p = mpfr_get_prec(mid);
    if (mpfr_get_prec(l) != p || mpfr_get_prec(h) != p) return false;
    const mpfr_exp_t e = mpfr_get_exp(l);
    if (mpfr_get_exp(h) != e || mpfr_signbit(l) != mpfr_signbit(h)) return false;
    // e + 1 stays inside MPFR's exponent range (the default, +-(2^30 - 1)).
    if (e > (mpfr_exp_t(1) << 29) || e < -(mpfr_exp_t(1) << 29)) return false;
    const size_t L = static_cast<size_t>((p + 63) / 64);
    if (L == 0 || L > kMaxLimbsOperand) return false;
    const Limb* Ml = static_cast<const Limb*>(mpfr_custom_get_significand(l));
    const Limb* Mh = static_cast<const Limb*>(mpfr_custom_get_significand(h));
    Limb S[kMaxLimbsOperand];
    add_n(S, Ml, Mh, L);       // the carry out is 1: S = 2^(64 L) + this
    const Limb b0 = S[0] & 1;  // S's lowest bit, dropped by the halving below
    Limb T[kMaxLimbsOperand];  // T = floor(S / 2), its top bit the carry
    for (size_t j = 0; j + 1 < L; ++j) T[j] = (S[j] >> 1) | (S[j + 1] << 63);
    T[L - 1] = (S[L - 1] >> 1) | (Limb(1) << 63);
    const unsigned spare = static_cast<unsigned>(64 * L - static_cast<size_t>(p));  // T's bits below precision
    bool round = false, sticky = false;
    if (spare == 0) {
        round = b0 != 0;
    } else {
        round = ((T[0] >> (spare - 1)) & 1) != 0;
        sticky = b0 != 0 || (T[0] & ((Limb(1) << (spare - 1)) - 1)) != 0;
    }
    const Limb ulp = Limb(1) << spare;
    Limb* out = static_cast<Limb*>(mpfr_custom_get_significand(mid));
    copy_limbs(out, T, L);
    out[0] &= ~(ulp - 1);
    mpfr_exp_t exp = e;
    if (round && (sticky || (out[0] & ulp) != 0)) {
        unsigned char carry = add_carry(0, out[0], ulp, out[0]);
        for (size_t j = 1; j < L; ++j) carry = add_carry(carry, out[j], 0, out[j]);
        if (carry != 0) {
            for (size_t j = 0; j < L; ++j) out[j] = 0;
            out[L - 1] = Limb(1) << 63;
            ++exp;
        }
    }
    mpfr_custom_init_set(mid, mpfr_signbit(l) ? -MPFR_REGULAR_KIND : MPFR_REGULAR_KIND, exp, p, out);
    return true;
}

// The radius max(hi - m, m - lo) rounded up to a double, from the limbs
// (docs/math.md 3.1, "Narrow intervals"): when lo, hi and m are regular
// p-bit numbers of one sign and one exponent e, the differences are exact
// integers D in units of 2^(e - 64 L) (every significand a multiple of the
// ulp); if both are below 2^64 and 2^(e - 64 L) D stays a normal double,
// rad = RU(D) 2^(e - 64 L) (exact scaling), the same double as MPFR's
// differences rounded up. False (rad untouched) otherwise.
bool BallOperand::narrow_radius(mpfr_srcptr l, mpfr_srcptr h, mpfr_srcptr m, mpfr_prec_t bits, double& rad) {
    if (!mpfr_regular_p(l) || !mpfr_regular_p(h) || !mpfr_regular_p(m)) return false;
    if (mpfr_get_prec(l) != bits || mpfr_get_prec(h) != bits || mpfr_get_prec(m) != bits) return false;
    const mpfr_exp_t e = mpfr_get_exp(m);
    if (mpfr_get_exp(l) != e || mpfr_get_exp(h) != e) return false;
    if (mpfr_signbit(l) != mpfr_signbit(m) || mpfr_signbit(h) != mpfr_signbit(m)) return false;
    const long L = static_cast<long>((bits + 63) / 64);
    const long scale = static_cast<long>(e) - 64 * L;
    if (scale < -1022 || scale > 900) return false;  // D 2^scale normal for 1 <= D < 2^64
    const Limb* Ml = static_cast<const Limb*>(mpfr_custom_get_significand(l));
    const Limb* Mh = static_cast<const Limb*>(mpfr_custom_get_significand(h));
    const Limb* Mm = static_cast<const Limb*>(mpfr_custom_get_significand(m));
    // |a - b| of L-limb integers, if below 2^64 (else false).
    auto small_difference = [L](const Limb* a, const Limb* b, std::uint64_t& D) {
        Limb t[kMaxLimbsOperand];
        if (cmp_n(a, b, static_cast<size_t>(L)) >= 0)
            sub_n(t, a, b, static_cast<size_t>(L));
        else
            sub_n(t, b, a, static_cast<size_t>(L));
        for (long j = 1; j < L; ++j)
            if (t[j] != 0) return false;
        D = t[0];
        return true;
    };
    if (L > static_cast<long>(kMaxLimbsOperand)) return false;
    std::uint64_t above = 0, below = 0;
    if (!small_difference(Mh, Mm, above) || !small_difference(Mm, Ml, below)) return false;
    const std::uint64_t D = std::max(above, below);
    rad = D == 0 ? 0.0 : up_of_u64(D) * pow2_double(scale);  // exact: a normal double
    return true;
}

// ---- BallOperand ------------------------------------------------------------------

BallOperand::~BallOperand() {
    for (__mpfr_struct& m : mids_) mpfr_clear(&m);
    if (bits_ != 0) mpfr_clear(tmp_);
}

void BallOperand::reserve(size_t n) {
    const mpfr_prec_t p = static_cast<mpfr_prec_t>(working_bits());
    if (p == 0) throw std::logic_error("lrcert: BallOperand outside a PrecisionScope");
    if (p != bits_) {
        for (__mpfr_struct& m : mids_) mpfr_clear(&m);
        mids_.clear();
        if (bits_ != 0) mpfr_clear(tmp_);
        mpfr_init2(tmp_, p);
        bits_ = p;
    }
    while (mids_.size() < n) {
        mids_.emplace_back();
        mpfr_init2(&mids_.back(), p);
    }
    entries_.assign(n, BallEntry{});
    limbs_.resize(n * static_cast<size_t>((p + 63) / 64));
}

bool BallOperand::set(size_t k, const Interval& x) {
    BallEntry& e = entries_[k];
    e.source = &x;
    // Until the entry is known to be fine: an infinite radius, so that a dot
    // product using it can only take the endpoint path (rho is not finite).
    e.rad = e.mag = e.mag_rad = HUGE_VAL;
    mpfr_srcptr l = x.lower().backend().data(), h = x.upper().backend().data();
    if (!finite_number(l) || !finite_number(h)) return false;
    mpfr_srcptr m = l;
    e.rad = 0;
    if (!same_value(l, h) || mpfr_get_prec(l) != bits_) {
        // A midpoint at working precision (any point near the centre will do:
        // the radius is measured from it, rounded up).
        mpfr_ptr mid = &mids_[k];
        if (!limb_midpoint(l, h, mid)) {
            mpfr_add(mid, l, h, MPFR_RNDN);
            mpfr_div_2ui(mid, mid, 1, MPFR_RNDN);
        }
        if (!narrow_radius(l, h, mid, bits_, e.rad)) {
            mpfr_sub(tmp_, h, mid, MPFR_RNDU);
            const double above = mpfr_get_d(tmp_, MPFR_RNDU);
            mpfr_sub(tmp_, mid, l, MPFR_RNDU);
            const double below = mpfr_get_d(tmp_, MPFR_RNDU);
            // max(hi - m, m - lo) >= |x - m| on [lo, hi]; one of them may be
            // negative if m rounded outside (inputs with more bits).
            e.rad = std::max({above, below, 0.0});
        }
        m = mid;
        if (!finite_number(m)) {
            e.rad = HUGE_VAL;
            return false;
        }
    }
    return set_significand(e, k, m);
}

bool BallOperand::set_point(size_t k, mpfr_srcptr x) {
    BallEntry& e = entries_[k];
    e.source = nullptr;
    e.rad = e.mag = e.mag_rad = HUGE_VAL;
    if (!finite_number(x) || mpfr_get_prec(x) != bits_) return false;
    e.rad = 0;
    return set_significand(e, k, x);
}

// The midpoint m (exactly bits_ bits) of entry k, with e.rad already set.
bool BallOperand::set_significand(BallEntry& e, size_t k, mpfr_srcptr m) {
    if (mpfr_zero_p(m)) {
        e.sign = 0;
        e.limbs = nullptr;
        e.exp = 0;
        e.mag = 0;
    } else {
        e.sign = mpfr_sgn(m) > 0 ? 1 : -1;  // exactly +-1 (the kernel compares signs)
        e.exp = mpfr_get_exp(m);
        // m has exactly bits_ bits here (a thin entry of working precision, or
        // a midpoint computed at it): L limbs, copied next to the others.
        const size_t L = static_cast<size_t>((bits_ + 63) / 64);
        Limb* dst = limbs_.data() + k * L;
        const Limb* src = static_cast<const Limb*>(mpfr_custom_get_significand(m));
        copy_limbs(dst, src, L);
        e.limbs = dst;
        // >= |m|: rounded away from 0 for interval entries, from the top limb
        // for point entries (the centre step's own operands).
        e.mag = e.source ? magnitude_away(m) : magnitude_up(m);
        if (e.exp > kMaxEntryExp || e.exp < -kMaxEntryExp) {
            e.sign = 0;
            e.rad = e.mag_rad = HUGE_VAL;
            return false;
        }
    }
    e.mag_rad = up_add(e.mag, e.rad);
    return true;
}

// ---- BallDot ----------------------------------------------------------------------

BallDot::BallDot() {
    bits_ = static_cast<mpfr_prec_t>(working_bits());
    if (bits_ == 0) throw std::logic_error("lrcert: BallDot outside a PrecisionScope");
    limbs_ = static_cast<size_t>((bits_ + 63) / 64);
    // 64 (L + 2) bits hold every accumulated X exactly (Lemma K2); no more,
    // so that the caller's operations on X (the point step's fma) stay cheap.
    mpfr_init2(X_, static_cast<mpfr_prec_t>(64 * (std::min(limbs_, kMaxLimbs) + 2)));
    mpfr_inits2(bits_, t1_, t2_, static_cast<mpfr_ptr>(nullptr));
    mpfr_set_zero(X_, 1);
}

BallDot& BallDot::for_this_thread() {
    thread_local std::optional<BallDot> dot;
    if (!dot || dot->bits() != static_cast<mpfr_prec_t>(working_bits())) dot.emplace();
    return *dot;
}

BallDot::~BallDot() { mpfr_clears(X_, t1_, t2_, static_cast<mpfr_ptr>(nullptr)); }

template <size_t L, bool kWithRadius>
bool BallDot::fixed(const BallEntry* a, size_t as, const BallEntry* b, size_t bs, size_t len) {
    constexpr size_t W = L + 2;
    // Pass 1: the radius (unless only the midpoints' sum is asked for) and the
    // largest exponent of a midpoint product. The radius sum_k |m_x| r_y +
    // r_x (|m_y| + r_y) (Lemma K1) as two plain double chains bounded by
    // Lemma C3 (docs/math.md 3.1, "The enclosure"); exactly 0 when every
    // radius is 0 (then every term is 0).
    double rho = 0;
    long E = LONG_MIN;
    size_t nonzero = 0, positives = 0;  // non-zero products, and those of them positive
    if (len >= (size_t(1) << 40)) return false;  // Lemma C3's n <= 2^40; the accumulators below need len < 2^62
    if constexpr (kWithRadius) {
        double s1 = 0, s2 = 0;
        // The OR of the radii's bits of each side: 0 iff every radius there is +0.
        std::uint64_t radii_a = 0, radii_b = 0;
        for (size_t k = 0; k < len; ++k) {
            const BallEntry &x = a[k * as], &y = b[k * bs];
            s1 += x.mag * y.rad;
            s2 += x.rad * y.mag_rad;
            radii_a |= std::bit_cast<std::uint64_t>(x.rad);
            radii_b |= std::bit_cast<std::uint64_t>(y.rad);
            if (x.sign != 0 && y.sign != 0) {
                E = std::max(E, static_cast<long>(x.exp + y.exp));
                ++nonzero;
                positives += x.sign == y.sign;
            }
        }
        if ((radii_a | radii_b) != 0) {
            // A chain whose every product has a zero factor is exactly 0 (each
            // operation exact; so a zero midpoint times a ball stays exactly 0);
            // checked only when its plain sum is 0, and without a pass over
            // the terms when every radius of the factor is +0 (r_y in chain 1,
            // r_x in chain 2: a thin side).
            auto zero_chain = [&](auto term_is_zero) {
                for (size_t k = 0; k < len; ++k)
                    if (!term_is_zero(a[k * as], b[k * bs])) return false;
                return true;
            };
            const double b1 = s1 == 0 && (radii_b == 0 || zero_chain([](const BallEntry& x, const BallEntry& y) {
                                              return x.mag == 0 || y.rad == 0;
                                          }))
                                  ? 0.0
                                  : chain_bound(s1, len);
            const double b2 = s2 == 0 && (radii_a == 0 || zero_chain([](const BallEntry& x, const BallEntry& y) {
                                              return x.rad == 0 || y.mag_rad == 0;
                                          }))
                                  ? 0.0
                                  : chain_bound(s2, len);
            rho = up_add(b1, b2);
        }
    } else {
        for (size_t k = 0; k < len; ++k) {
            const BallEntry &x = a[k * as], &y = b[k * bs];
            if (x.sign != 0 && y.sign != 0) {
                E = std::max(E, static_cast<long>(x.exp + y.exp));
                ++nonzero;
                positives += x.sign == y.sign;
            }
        }
    }
    if (!std::isfinite(rho)) return false;
    rho_ = rho;
    n_pos_ = positives;
    n_neg_ = nonzero - positives;
    x_ready_ = false;
    acc_limbs_ = W;
    if (E == LONG_MIN) {  // every midpoint product is 0
        for (size_t j = 0; j < W; ++j) acc_[j] = 0;
        unit_exp_ = 0;
        all_zero_ = true;
        return true;
    }
    all_zero_ = false;
    const long unit_exp = E - static_cast<long>(64 * L) - 64;
    if (unit_exp < kMinUnitExp || unit_exp > kMaxUnitExp) return false;
    unit_exp_ = unit_exp;
    // Pass 2: sum of the products, in units of 2^unit_exp, truncated (Lemma
    // K2): each T = floor(P / 2^d) added if the product is positive and
    // subtracted if negative, no branch on the sign, into one (L + 2)-limb
    // two's-complement sum by a carry chain per term (Lemma K2'; at L = 2 in
    // registers).
    if constexpr (L == 2) {
        // The 2-limb path (docs/math.md 3.1): one 4-limb two's-complement sum.
        Limb w0 = 0, w1 = 0, w2 = 0, w3 = 0;
        for (size_t k = 0; k < len; ++k) {
            const BallEntry &x = a[k * as], &y = b[k * bs];
            if (x.sign == 0 || y.sign == 0) continue;
            const size_t d = static_cast<size_t>(E - static_cast<long>(x.exp + y.exp)) + 64 * L - 64;
            if (d >= 128 * L) continue;  // below one unit: only counted
            const Limb mask = Limb(x.sign == y.sign) - 1;  // 0 for a positive product, all ones for a negative one
            add_product_2(w0, w1, w2, w3, x.limbs, y.limbs, d, mask);
        }
        // The sum, of magnitude below len 2^192 < 2^255, exactly in 4 limbs
        // of two's complement.
        acc_[0] = w0;
        acc_[1] = w1;
        acc_[2] = w2;
        acc_[3] = w3;
        return true;
    }
    // The other limb counts: the same two's-complement sum in W = L + 2
    // limbs (Lemma K2'), P in memory (schoolbook), T's L + 1 limbs read from it
    // (limbs q .. q + L of P shifted right by r, d = 64 q + r).
    Limb w[L + 2] = {};
    Limb P[3 * L + 2] = {};  // the product in P[0, 2L); zeros above for the shifted reads
    for (size_t k = 0; k < len; ++k) {
        const BallEntry &x = a[k * as], &y = b[k * bs];
        if (x.sign == 0 || y.sign == 0) continue;
        // m_x m_y = P 2^(e - 128 L); in units: P / 2^d.
        const size_t d = static_cast<size_t>(E - static_cast<long>(x.exp + y.exp)) + 64 * L - 64;
        if (d >= 128 * L) continue;  // below one unit: only counted
        const Limb mask = Limb(x.sign == y.sign) - 1;  // 0 for a positive product, all ones for a negative one
        mul_limbs<L>(P, x.limbs, y.limbs);
        const size_t q = d / 64;
        const unsigned r = static_cast<unsigned>(d % 64);
        unsigned char c = static_cast<unsigned char>(mask & 1);
        for (size_t j = 0; j <= L; ++j) {
            const Limb v = (P[q + j] >> r) | ((P[q + j + 1] << 1) << (63 - r));
            c = add_carry(c, w[j], v ^ mask, w[j]);
        }
        add_carry(c, w[L + 1], mask, w[L + 1]);
    }
    // |sum| < len 2^(64 (L + 1)) < 2^(64 W - 1): exact in W limbs.
    for (size_t j = 0; j < L + 2; ++j) acc_[j] = w[j];
    return true;
}

namespace {

// The W-limb helpers below have a compile-time W (= L + 2 <= kMaxLimbs + 2),
// so that their loops are unrolled and no library call is made for a few
// limbs (they showed in the profile of small products).

// out = v + c modulo 2^(64 W) for a one-limb c.
template <size_t W>
inline void add_limb(Limb* out, const Limb* v, Limb c) {
    unsigned char carry = add_carry(0, v[0], c, out[0]);
    for (size_t j = 1; j < W; ++j) carry = add_carry(carry, v[j], 0, out[j]);
}

// out = acc + c (subtract: acc - c) modulo 2^(64 W), two's complement, for a
// non-negative c of W limbs (acc - c as acc + ~c + 1).
template <size_t W>
inline void add_signed(Limb* out, const Limb* acc, const Limb* c, bool subtract) {
    const Limb flip = subtract ? ~Limb(0) : 0;
    unsigned char carry = subtract ? 1 : 0;
    for (size_t j = 0; j < W; ++j) carry = add_carry(carry, acc[j], c[j] ^ flip, out[j]);
}

// out (precision p, L = ceil(p / 64) limbs, L = W - 2) = v 2^unit_exp rounded
// to p bits towards -infinity (down) or +infinity, v a W-limb two's-complement
// integer: its magnitude normalised, the top p bits kept, the magnitude
// increased by one ulp when bits were dropped and the rounding is away from 0
// (down for a negative v, up for a positive one); an exact 0 is -0 rounded
// down and +0 rounded up (as an exact subtraction / addition gives). The
// same number as mpfr_set_z_2exp with MPFR_RNDD / MPFR_RNDU.
//
// With L = W (out of 64 W bits: BallDot's X_) nothing is dropped: X written
// exactly (the padding limbs below are all that base - 1 and lower index).
//
// Rounding::nearest (BallDot::round_nearest, docs/math.md 3.2 "One more
// term"): to the nearest p-bit number, ties to even (one ulp added when the
// first dropped bit is set and another dropped bit, or the lowest kept one,
// is 1), +0 for v = 0; the result negated when `negate` (RN(-x) = -RN(x)).
enum class Rounding { down, up, nearest };

template <size_t W, size_t L = W - 2>
void round_integer(mpfr_ptr out, const Limb* v, long unit_exp, Rounding mode, bool negate = false) {
    static_assert(L + 2 == W || L == W);
    const bool down = mode == Rounding::down;
    const mpfr_prec_t p = mpfr_get_prec(out);
    // Z[W + j] = M[j] = |v| (the limbs of the magnitude), Z[0, W) = 0: the
    // reads below one limb under the lowest kept one stay in the array.
    Limb Z[2 * W] = {};
    const bool negative = (v[W - 1] >> 63) != 0;
    {
        // |v|: v, or ~v + 1 (modulo 2^(64 W); |v| < 2^(64 W - 1)).
        const Limb flip = negative ? ~Limb(0) : 0;
        unsigned char carry = negative ? 1 : 0;
        for (size_t j = 0; j < W; ++j) carry = add_carry(carry, v[j] ^ flip, 0, Z[W + j]);
    }
    size_t used = W;
    while (used > 0 && Z[W + used - 1] == 0) --used;
    if (used == 0) {
        mpfr_set_zero(out, down ? -1 : 1);
        return;
    }
    // The normalised magnitude N = M 2^(64 (W - used) + c) has its top bit at
    // 64 W - 1; its top L limbs are limbs used - L .. used - 1 of M 2^c, limb
    // j of which is (M_j << c) | (M_(j-1) >> (64 - c)), written (M_(j-1) >> 1)
    // >> (63 - c) so that c = 0 is defined (nothing leaves the top: c is
    // M's leading zero count). base = W + used - L >= 1 indexes Z.
    const unsigned c = static_cast<unsigned>(std::countl_zero(Z[W + used - 1]));
    const size_t base = W + used - L;
    Limb* sig = static_cast<Limb*>(mpfr_custom_get_significand(out));
    for (size_t i = 0; i < L; ++i) sig[i] = (Z[base + i] << c) | ((Z[base + i - 1] >> 1) >> (63 - c));
    mpfr_exp_t exp = static_cast<mpfr_exp_t>(unit_exp + 64 * static_cast<long>(used) - static_cast<long>(c));
    // The dropped bits: sig's bits below precision p, the bits of limb base -
    // 1 not shifted into sig[0] (Z[base - 1] << c), and every limb below it.
    const unsigned spare = static_cast<unsigned>(64 * L - static_cast<size_t>(p));  // 0 .. 63
    const Limb ulp = Limb(1) << spare;
    const Limb next = Z[base - 1] << c;  // the dropped bits of the limb below sig[0]
    Limb lower = 0;                        // every limb below that
    for (size_t j = 0; j + 1 < 2 * W; ++j) lower |= j + 1 < base ? Z[j] : 0;
    // The first dropped bit (bit spare - 1 of sig[0], or the top bit of next
    // when spare = 0) and whether any other dropped bit is set.
    const bool round_bit = spare > 0 ? (sig[0] & (ulp >> 1)) != 0 : (next >> 63) != 0;
    const bool sticky = (spare > 0 ? (sig[0] & ((ulp >> 1) - 1)) | next : next << 1) != 0 || lower != 0;
    sig[0] &= ~(ulp - 1);
    const bool away = mode == Rounding::nearest ? round_bit && (sticky || (sig[0] & ulp) != 0)
                                                : (round_bit || sticky) && negative == down;
    if (away) {
        unsigned char carry = add_carry(0, sig[0], ulp, sig[0]);
        for (size_t j = 1; j < L; ++j) carry = add_carry(carry, sig[j], 0, sig[j]);
        if (carry != 0) {
            // 2^(64 L) carried out: the magnitude is the next power of two.
            for (size_t j = 0; j < L; ++j) sig[j] = 0;
            sig[L - 1] = Limb(1) << 63;
            ++exp;
        }
    }
    mpfr_custom_init_set(out, negative != negate ? -MPFR_REGULAR_KIND : MPFR_REGULAR_KIND, exp, p, sig);
}

// lo = RD((acc - n_neg - C) u), hi = RU((acc + n_pos + C) u) (BallDot::dot).
template <size_t W>
void integer_ends(const Limb* acc, const Limb* C, size_t n_neg, size_t n_pos, long unit_exp, mpfr_ptr lo,
                  mpfr_ptr hi) {
    Limb below[W], above[W], v[W];
    // n_neg + C and n_pos + C: |C| < 2^(64 W - 3) and n < 2^62 keep the
    // sums (and acc minus / plus them) within W limbs of two's complement.
    add_limb<W>(below, C, static_cast<Limb>(n_neg));
    add_limb<W>(above, C, static_cast<Limb>(n_pos));
    add_signed<W>(v, acc, below, true);
    round_integer<W>(lo, v, unit_exp, Rounding::down);
    add_signed<W>(v, acc, above, false);
    round_integer<W>(hi, v, unit_exp, Rounding::up);
}

}  // namespace

void BallDot::materialize_x() const {
    if (x_ready_) return;
    x_ready_ = true;
    // X = M 2^unit_exp (M the magnitude of the W-limb two's-complement sum)
    // written directly as X_'s normalised significand: X_ has 64 W bits, so
    // the shifted M fits exactly (no rounding, no mpz).
    switch (acc_limbs_) {
#define LRCERT_BALLDOT_X(L) \
    case L + 2: round_integer<L + 2, L + 2>(X_, acc_, unit_exp_, Rounding::up); return;
        LRCERT_BALLDOT_X(1)
        LRCERT_BALLDOT_X(2)
        LRCERT_BALLDOT_X(3)
        LRCERT_BALLDOT_X(4)
        LRCERT_BALLDOT_X(5)
        LRCERT_BALLDOT_X(6)
        LRCERT_BALLDOT_X(7)
        LRCERT_BALLDOT_X(8)
#undef LRCERT_BALLDOT_X
        default: mpfr_set_nan(X_); return;  // not reached: acc_limbs_ = L + 2, 1 <= L <= kMaxLimbs
    }
}

void BallDot::endpoint(const BallEntry* a, size_t as, const BallEntry* b, size_t bs, size_t len, mpfr_ptr lo,
                       mpfr_ptr hi) {
    mpfr_set_zero(lo, 1);
    mpfr_set_zero(hi, 1);
    for (size_t k = 0; k < len; ++k)
        if (a[k * as].source == nullptr || b[k * bs].source == nullptr) {
            // Point entries (assign_points) have no endpoints: no information.
            mpfr_set_inf(lo, -1);
            mpfr_set_inf(hi, 1);
            return;
        }
    for (size_t k = 0; k < len; ++k) {
        const Interval &x = *a[k * as].source, &y = *b[k * bs].source;
        accumulate_product(lo, hi, x.lower().backend().data(), x.upper().backend().data(), y.lower().backend().data(),
                           y.upper().backend().data(), t1_, t2_);
    }
}

void BallDot::dot(const BallEntry* a, size_t as, const BallEntry* b, size_t bs, size_t len, mpfr_ptr lo,
                  mpfr_ptr hi) {
    if (mpfr_get_prec(lo) != bits_) mpfr_set_prec(lo, bits_);
    if (mpfr_get_prec(hi) != bits_) mpfr_set_prec(hi, bits_);
    const bool ok = dispatch(a, as, b, bs, len, true);
    if (!ok) {
        endpoint(a, as, b, bs, len, lo, hi);
        return;
    }
    // X - n_neg u - rho <= sum <= X + n_pos u + rho (docs/math.md, section 3.1).
    // In units of u: C = ceil(rho / u) (an integer of at most 64 W - 3 bits),
    // then lo = RD((acc - n_neg - C) u), hi = RU((acc + n_pos + C) u), each
    // one correctly rounded conversion of an exact integer.
    const size_t W = acc_limbs_;
    if (!all_zero_) {
        Limb C[kMaxLimbs + 2] = {};
        bool fits = true;
        if (rho_ != 0) {
            // rho = m 2^f exactly, m < 2^53, read off the bits of the finite
            // positive double (subnormal: f = -1074, no hidden bit).
            const std::uint64_t bits = std::bit_cast<std::uint64_t>(rho_);
            const long field = static_cast<long>(bits >> 52);  // rho > 0: the sign bit is 0
            const std::uint64_t m = (bits & ((std::uint64_t(1) << 52) - 1)) | (field != 0 ? std::uint64_t(1) << 52 : 0);
            const long f = field != 0 ? field - 1075 : -1074;
            const long t = f - unit_exp_;
            if (t >= 0) {
                if (t + 53 > static_cast<long>(64 * W) - 3) {
                    fits = false;
                } else {
                    const size_t q = static_cast<size_t>(t) / 64;
                    const unsigned r = static_cast<unsigned>(t % 64);
                    C[q] = m << r;
                    if (r != 0 && q + 1 < W) C[q + 1] = m >> (64 - r);  // else 0: the top bit is below 64 W - 3
                }
            } else if (t > -64) {
                const unsigned s = static_cast<unsigned>(-t);
                C[0] = (m >> s) + ((m & ((std::uint64_t(1) << s) - 1)) != 0 ? 1 : 0);
            } else {
                C[0] = 1;  // 0 < rho < u
            }
        }
        if (fits) {
            switch (W) {
#define LRCERT_BALLDOT_ENDS(L) \
    case L + 2: integer_ends<L + 2>(acc_, C, n_neg_, n_pos_, unit_exp_, lo, hi); return;
                LRCERT_BALLDOT_ENDS(1)
                LRCERT_BALLDOT_ENDS(2)
                LRCERT_BALLDOT_ENDS(3)
                LRCERT_BALLDOT_ENDS(4)
                LRCERT_BALLDOT_ENDS(5)
                LRCERT_BALLDOT_ENDS(6)
                LRCERT_BALLDOT_ENDS(7)
                LRCERT_BALLDOT_ENDS(8)
#undef LRCERT_BALLDOT_ENDS
                default: break;  // not reached: W = L + 2 with 1 <= L <= kMaxLimbs
            }
        }
    }
    // Else (every product 0, or rho far above the accumulator): in MPFR;
    // n u is exact (n < 2^53, u a normal power of two), each sum rounded up.
    materialize_x();
    const double unit = pow2_double(unit_exp_);
    const double below = up_add(static_cast<double>(n_neg_) * unit, rho_);
    const double above = up_add(static_cast<double>(n_pos_) * unit, rho_);
    mpfr_sub_d(lo, X_, below, MPFR_RNDD);
    mpfr_add_d(hi, X_, above, MPFR_RNDU);
}

bool BallDot::dispatch(const BallEntry* a, size_t as, const BallEntry* b, size_t bs, size_t len, bool with_radius) {
    bool ok = false;
#define LRCERT_BALLDOT_CASE(L)                                                                     \
    case L:                                                                                        \
        ok = with_radius ? fixed<L, true>(a, as, b, bs, len) : fixed<L, false>(a, as, b, bs, len); \
        break;
    switch (limbs_) {
        LRCERT_BALLDOT_CASE(1)
        LRCERT_BALLDOT_CASE(2)
        LRCERT_BALLDOT_CASE(3)
        LRCERT_BALLDOT_CASE(4)
        LRCERT_BALLDOT_CASE(5)
        LRCERT_BALLDOT_CASE(6)
        LRCERT_BALLDOT_CASE(7)
        LRCERT_BALLDOT_CASE(8)
        default: ok = false;
    }
#undef LRCERT_BALLDOT_CASE
    fixed_point_ = ok;
    return ok;
}

bool BallDot::exact_sum(const BallEntry* a, size_t as, const BallEntry* b, size_t bs, size_t len) {
    return dispatch(a, as, b, bs, len, false);  // X is formed when parts() asks for it
}

bool BallDot::add_point(const BallEntry& c, bool negate) {
    if (!fixed_point_) return false;
    if (c.sign == 0) return true;  // a zero point adds nothing
    switch (limbs_) {  // the limb count as a constant: the loops below unrolled, no memcpy calls
        case 1: return add_point_fixed<1>(c, negate);
        case 2: return add_point_fixed<2>(c, negate);
        case 3: return add_point_fixed<3>(c, negate);
        case 4: return add_point_fixed<4>(c, negate);
        case 5: return add_point_fixed<5>(c, negate);
        case 6: return add_point_fixed<6>(c, negate);
        case 7: return add_point_fixed<7>(c, negate);
        case 8: return add_point_fixed<8>(c, negate);
        default: fixed_point_ = false; return false;
    }
}

template <size_t L>
bool BallDot::add_point_fixed(const BallEntry& c, bool negate) {
    constexpr size_t W = L + 2;
    x_ready_ = false;
    // |c| < 2^EXP(c): the unit c would give as the largest term of Lemma K2.
    const long c_unit = static_cast<long>(c.exp) - static_cast<long>(64 * L) - 64;
    if (all_zero_ || c_unit > unit_exp_) {
        if (c_unit < kMinUnitExp || c_unit > kMaxUnitExp || c.exp > kMaxEntryExp || c.exp < -kMaxEntryExp) {
            fixed_point_ = false;
            return false;
        }
        if (all_zero_) {
            for (size_t j = 0; j < W; ++j) acc_[j] = 0;
        } else {
            // acc = floor(acc / 2^s) in two's complement (an arithmetic shift):
            // the sum drops by less than one new unit, as a positive product's
            // truncation does (one more positive count).
            const unsigned long s = static_cast<unsigned long>(c_unit - unit_exp_);
            const Limb fill = (acc_[W - 1] >> 63) != 0 ? ~Limb(0) : Limb(0);
            const size_t q = s / 64 < W ? static_cast<size_t>(s / 64) : W;
            const unsigned r = static_cast<unsigned>(s % 64);
            auto limb = [&](size_t j) { return j < W ? acc_[j] : fill; };
            Limb shifted[W];
            for (size_t j = 0; j < W; ++j) {
                const Limb lo = limb(j + q), hi = limb(j + q + 1);
                shifted[j] = r == 0 ? lo : (lo >> r) | (hi << (64 - r));
            }
            for (size_t j = 0; j < W; ++j) acc_[j] = shifted[j];
            ++n_pos_;
        }
        unit_exp_ = c_unit;
        all_zero_ = false;
    }
    // c = M 2^(EXP - 64 L) (M its L limbs) = M 2^t units, t <= 64.
    const long t = static_cast<long>(c.exp) - static_cast<long>(64 * L) - unit_exp_;
    Limb T[W] = {};
    bool truncated = false;
    if (t >= 0) {
        // M 2^t < 2^(64 L + 64): L + 1 limbs.
        const unsigned r = static_cast<unsigned>(t % 64);
        const size_t q = static_cast<size_t>(t / 64);  // 0 or 1
        if (r == 0)
            for (size_t j = 0; j < L; ++j) T[j + q] = c.limbs[j];
        else
            T[L + q] = mpn_lshift(T + q, c.limbs, static_cast<mp_size_t>(L), r);
    } else if (static_cast<unsigned long>(-t) < 64 * L) {
        const unsigned long s = static_cast<unsigned long>(-t);
        const size_t q = static_cast<size_t>(s / 64);
        const unsigned r = static_cast<unsigned>(s % 64);
        for (size_t j = 0; j < q && !truncated; ++j) truncated = c.limbs[j] != 0;
        if (r == 0) {
            for (size_t j = q; j < L; ++j) T[j - q] = c.limbs[j];
        } else {
            truncated = mpn_rshift(T, c.limbs + q, static_cast<mp_size_t>(L - q), r) != 0 || truncated;
        }
    } else {
        truncated = true;  // c is below one unit: T = 0
    }
    const bool positive = (c.sign > 0) != negate;
    if (truncated) ++(positive ? n_pos_ : n_neg_);
    // |acc| < (len + 1) 2^(64 (L + 1)) < 2^(64 W - 1) still (Lemma K2), so
    // the sum modulo 2^(64 W) is exact.
    if (positive)
        mpn_add_n(acc_, acc_, T, static_cast<mp_size_t>(W));
    else
        mpn_sub_n(acc_, acc_, T, static_cast<mp_size_t>(W));
    return true;
}

void BallDot::round_nearest(mpfr_ptr out, bool negate) const {
    if (mpfr_get_prec(out) != bits_ || limbs_ + 2 != acc_limbs_)
        throw std::logic_error("BallDot::round_nearest: the output must have bits() bits");
    switch (limbs_) {
        case 1: round_nearest_fixed<1>(out, negate); return;
        case 2: round_nearest_fixed<2>(out, negate); return;
        case 3: round_nearest_fixed<3>(out, negate); return;
        case 4: round_nearest_fixed<4>(out, negate); return;
        case 5: round_nearest_fixed<5>(out, negate); return;
        case 6: round_nearest_fixed<6>(out, negate); return;
        case 7: round_nearest_fixed<7>(out, negate); return;
        case 8: round_nearest_fixed<8>(out, negate); return;
        default: throw std::logic_error("BallDot::round_nearest: no fixed-point sum");
    }
}

template <size_t L>
void BallDot::round_nearest_fixed(mpfr_ptr out, bool negate) const {
    if (all_zero_) {
        mpfr_set_zero(out, 1);
        return;
    }
    round_integer<L + 2, L>(out, acc_, unit_exp_, Rounding::nearest, negate);
}

BallDot::Parts BallDot::counts() const {
    Parts p;
    p.fixed_point = fixed_point_;
    p.X = nullptr;
    p.unit_exp = unit_exp_;
    p.n_pos = n_pos_;
    p.n_neg = n_neg_;
    p.rho = rho_;
    return p;
}

BallDot::Parts BallDot::parts() const {
    Parts p = counts();
    if (fixed_point_) materialize_x();
    p.X = X_;
    return p;
}

}  // namespace lrcert
