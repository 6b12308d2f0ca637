// Midpoint-radius dot products on raw significands (number/ball_dot.hpp;
// the error bound: docs/math.md, section 3.1).
#include "lrcert/number/ball_dot.hpp"

#include "lrcert/number/interval_kernels.hpp"

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <stdexcept>

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

// P = a b for L-limb a, b (schoolbook: exact, 2L limbs).
template <size_t L>
inline void mul_limbs(Limb* P, const Limb* a, const Limb* b) {
    for (size_t i = 0; i < 2 * L; ++i) P[i] = 0;
    for (size_t i = 0; i < L; ++i) {
        Limb carry = 0;
        for (size_t j = 0; j < L; ++j) {
            const Wide t = Wide(a[i]) * b[j] + P[i + j] + carry;
            P[i + j] = static_cast<Limb>(t);
            carry = static_cast<Limb>(t >> 64);
        }
        P[i + L] = carry;
    }
}

// acc (W = L + 2 limbs, two's complement) += floor(P / 2^d) when mask = 0, or
// -= it when mask is all ones (adding its complement plus one), modulo
// 2^(64 W); for the 2L-limb P (P[2L, 3L + 2) zero), d < 128 L. Branch-free:
// every limb of the shifted value is read (q + W + 1 <= 3L + 2 limbs of P),
// the shift by r split as (x << 1) << (63 - r) so that r = 0 is defined.
template <size_t L>
inline void add_shifted_signed(Limb* acc, const Limb* P, size_t d, Limb mask) {
    constexpr size_t W = L + 2;
    const size_t q = d / 64;
    const unsigned r = static_cast<unsigned>(d % 64);
    Limb carry = mask & 1;
    for (size_t j = 0; j < W; ++j) {
        const Limb v = (P[q + j] >> r) | ((P[q + j + 1] << 1) << (63 - r));
        const Wide s = Wide(acc[j]) + (v ^ mask) + carry;
        acc[j] = static_cast<Limb>(s);
        carry = static_cast<Limb>(s >> 64);
    }
}

}  // namespace

// ---- magnitudes --------------------------------------------------------------------

namespace {

// The leading 53 bits of |x| = 0.M 2^EXP(x) (M's top limb has its top bit set).
Limb top53(mpfr_srcptr x) {
    const Limb* d = static_cast<const Limb*>(mpfr_custom_get_significand(x));
    return d[(mpfr_get_prec(x) - 1) / 64] >> 11;
}

constexpr mpfr_exp_t kMagnitudeExp = 960;  // 2^(EXP - 53) and 2^EXP stay normal doubles

}  // namespace

double magnitude_up(mpfr_srcptr x) {
    if (mpfr_zero_p(x)) return 0.0;
    if (!mpfr_number_p(x)) return std::fabs(mpfr_get_d(x, MPFR_RNDA));  // +infinity or NaN
    const mpfr_exp_t e = mpfr_get_exp(x);
    if (e > kMagnitudeExp || e < -kMagnitudeExp) return std::fabs(mpfr_get_d(x, MPFR_RNDA));
    // |x| < (t + 1) 2^(EXP - 53), t = top53(x) < 2^53: exact in double.
    return static_cast<double>(top53(x) + 1) * pow2_double(e - 53);  // exact: a normal result
}

double magnitude_down(mpfr_srcptr x) {
    if (mpfr_zero_p(x)) return 0.0;
    if (mpfr_inf_p(x)) return DBL_MAX;
    if (mpfr_nan_p(x)) return mpfr_get_d(x, MPFR_RNDZ);
    const mpfr_exp_t e = mpfr_get_exp(x);
    if (e > kMagnitudeExp || e < -kMagnitudeExp) return std::fabs(mpfr_get_d(x, MPFR_RNDZ));
    return static_cast<double>(top53(x)) * pow2_double(e - 53);  // t 2^(EXP - 53) <= |x|, exact
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
    if (!mpfr_number_p(l) || !mpfr_number_p(h)) return false;
    mpfr_srcptr m = l;
    e.rad = 0;
    if (!mpfr_equal_p(l, h) || mpfr_get_prec(l) != bits_) {
        // A midpoint at working precision (any point near the centre will do:
        // the radius is measured from it, rounded up).
        mpfr_ptr mid = &mids_[k];
        mpfr_add(mid, l, h, MPFR_RNDN);
        mpfr_div_2ui(mid, mid, 1, MPFR_RNDN);
        mpfr_sub(tmp_, h, mid, MPFR_RNDU);
        const double above = mpfr_get_d(tmp_, MPFR_RNDU);
        mpfr_sub(tmp_, mid, l, MPFR_RNDU);
        const double below = mpfr_get_d(tmp_, MPFR_RNDU);
        // max(hi - m, m - lo) >= |x - m| on [lo, hi]; one of them may be
        // negative if m rounded outside (inputs with more bits).
        e.rad = std::max({above, below, 0.0});
        m = mid;
        if (!mpfr_number_p(m)) {
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
    if (!mpfr_number_p(x) || mpfr_get_prec(x) != bits_) return false;
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
        e.sign = mpfr_sgn(m);
        e.exp = mpfr_get_exp(m);
        // m has exactly bits_ bits here (a thin entry of working precision, or
        // a midpoint computed at it): L limbs, copied next to the others.
        const size_t L = static_cast<size_t>((bits_ + 63) / 64);
        Limb* dst = limbs_.data() + k * L;
        const Limb* src = static_cast<const Limb*>(mpfr_custom_get_significand(m));
        for (size_t j = 0; j < L; ++j) dst[j] = src[j];
        e.limbs = dst;
        // >= |m|: rounded away from 0 for interval entries, from the top limb
        // for point entries (the centre step's own operands).
        e.mag = e.source ? std::fabs(mpfr_get_d(m, MPFR_RNDA)) : magnitude_up(m);
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

BallDot::~BallDot() { mpfr_clears(X_, t1_, t2_, static_cast<mpfr_ptr>(nullptr)); }

template <size_t L, bool kWithRadius>
bool BallDot::fixed(const BallEntry* a, size_t as, const BallEntry* b, size_t bs, size_t len) {
    constexpr size_t W = L + 2;
    // Pass 1: the radius (unless only the midpoints' sum is asked for) and the
    // largest exponent of a midpoint product.
    double rho = 0;
    long E = LONG_MIN;
    for (size_t k = 0; k < len; ++k) {
        const BallEntry &x = a[k * as], &y = b[k * bs];
        // |m_x| r_y + r_x (|m_y| + r_y) >= |x y - m_x m_y|.
        if constexpr (kWithRadius)
            if (x.rad != 0 || y.rad != 0) rho = up_add(rho, up_add(up_mul(x.mag, y.rad), up_mul(x.rad, y.mag_rad)));
        if (x.sign != 0 && y.sign != 0) E = std::max(E, static_cast<long>(x.exp + y.exp));
    }
    if (!std::isfinite(rho)) return false;
    rho_ = rho;
    n_pos_ = n_neg_ = 0;
    if (E == LONG_MIN) {  // every midpoint product is 0
        mpfr_set_zero(X_, 1);
        unit_exp_ = 0;
        return true;
    }
    const long unit_exp = E - static_cast<long>(64 * L) - 64;
    if (unit_exp < kMinUnitExp || unit_exp > kMaxUnitExp) return false;
    unit_exp_ = unit_exp;
    // Pass 2: sum of the products, in units of 2^unit_exp, truncated (Lemma
    // K2): each T = floor(P / 2^d) added if the product is positive and
    // subtracted if negative, in one W-limb two's-complement accumulator
    // (no branch on the sign). Its value is exactly sum_pos T - sum_neg T: that
    // difference has magnitude < len 2^(64 (L + 1)) < 2^(64 W - 1), so the
    // arithmetic modulo 2^(64 W) never wraps it.
    Limb acc[W] = {};
    Limb P[3 * L + 2] = {};  // the product in P[0, 2L); zeros above for the shifted reads
    size_t count[2] = {0, 0};  // [negative, positive]
    for (size_t k = 0; k < len; ++k) {
        const BallEntry &x = a[k * as], &y = b[k * bs];
        if (x.sign == 0 || y.sign == 0) continue;
        const unsigned positive = (x.sign > 0) == (y.sign > 0);
        ++count[positive];
        // m_x m_y = P 2^(e - 128 L); in units: P / 2^d.
        const size_t d = static_cast<size_t>(E - static_cast<long>(x.exp + y.exp)) + 64 * L - 64;
        if (d >= 128 * L) continue;  // below one unit: only counted
        mul_limbs<L>(P, x.limbs, y.limbs);
        add_shifted_signed<L>(acc, P, d, positive ? Limb(0) : ~Limb(0));
    }
    n_pos_ = count[1];
    n_neg_ = count[0];
    // X = acc 2^unit_exp, exactly (64 W bits hold it): sign and magnitude.
    int sign = 1;
    Limb M[W];
    if (acc[W - 1] >> 63) {
        sign = -1;
        mpn_neg(M, acc, W);
    } else {
        for (size_t j = 0; j < W; ++j) M[j] = acc[j];
    }
    mp_size_t used = static_cast<mp_size_t>(W);
    while (used > 0 && M[used - 1] == 0) --used;
    if (used == 0) {
        mpfr_set_zero(X_, 1);
    } else {
        mpz_t z;
        mpz_roinit_n(z, M, sign * used);
        mpfr_set_z_2exp(X_, z, unit_exp, MPFR_RNDN);  // exact: at most 64 W bits
    }
    return true;
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
    // X - n_neg u - rho <= sum <= X + n_pos u + rho (docs/math.md, section 3.1);
    // n u is exact (n < 2^53, u a normal power of two), each sum rounded up.
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
    return dispatch(a, as, b, bs, len, false);
}

BallDot::Parts BallDot::parts() const {
    Parts p;
    p.fixed_point = fixed_point_;
    p.X = X_;
    p.unit_exp = unit_exp_;
    p.n_pos = n_pos_;
    p.n_neg = n_neg_;
    p.rho = rho_;
    return p;
}

}  // namespace lrcert
