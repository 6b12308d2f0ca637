// Midpoint-radius interval dot products on raw MPFR significands, the kernel of
// the interval matrix products (linalg/matrix.hpp; docs/math.md, section 3.1).
//
// An interval x is taken as a ball |x - m| <= r: m a working-precision MPFR
// number (x's lower end itself when x is thin), r >= the distance of m to
// x's ends as a double rounded upward. A dot product sum_k a_k b_k of balls is
//   - the midpoint products m_a m_b multiplied exactly on their limbs and
//     added into a fixed-point integer accumulator (L + 2 limbs of two's
//     complement, one carry chain per term) whose unit is u = 2^(E - 64 L - 64) (E: the
//     largest exponent of a product, L: limbs per significand); each
//     product's magnitude is truncated to the unit, so the accumulated X is
//     less than n_pos units below and n_neg units above the exact sum of
//     midpoint products (n_pos / n_neg: the non-zero products of positive /
//     negative sign);
//   - the radius sum_k (|m_a| r_b + r_a (|m_b| + r_b)) as two plain double
//     sums bounded a priori (Lemma C3 of docs/math.md 3.2; exactly 0 when
//     every term has a zero factor);
//   - the enclosure [RD(X - n_neg u - rho), RU(X + n_pos u + rho)], formed on
//     the integer sum with rho rounded up to whole units.
// Guarantee: the result contains sum_k a_k b_k for every a_k, b_k in the
// input intervals. No allocation per term: workspace is preallocated.
//
// The fixed-point path needs finite inputs, at most kMaxLimbs limbs per
// significand (512 bits), and a unit that is a normal double; otherwise (or
// for non-finite inputs) the caller's dot product is evaluated by the
// endpoint kernel IntervalDot (number/interval_kernels.hpp), which has the
// same guarantee. Both paths are exercised by tests/number/test_ball_dot.cpp.
#pragma once

#include "lrcert/number/interval.hpp"

#include <gmp.h>
#include <mpfr.h>

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace lrcert {

// One operand entry: the midpoint's significand, exponent and sign (sign 0 for
// a zero midpoint), upper bounds of |m|, of r and of |m| + r, and the entry
// itself (for the endpoint fallback).
struct BallEntry {
    const mp_limb_t* limbs = nullptr;
    mpfr_exp_t exp = 0;
    int sign = 0;
    double mag = 0;      // >= |m|
    double rad = 0;      // >= |x - m| for every x in the interval
    double mag_rad = 0;  // >= |m| + r
    const Interval* source = nullptr;
};

// The entries of a list of intervals at the working precision. The midpoints'
// significands are copied into one contiguous array (no pointer chasing in
// the dot products); `source` points to the interval (for the fallback: the
// intervals must outlive the operand).
class BallOperand {
public:
    BallOperand() = default;
    BallOperand(const BallOperand&) = delete;
    BallOperand& operator=(const BallOperand&) = delete;
    ~BallOperand();
    // Prepares n entries, entry k from *at(k). False if an entry is not finite
    // or its exponent is beyond +-2^20; such an entry gets an infinite radius,
    // so every dot product using it takes the endpoint path.
    template <class At>
    bool assign(size_t n, At at) {
        reserve(n);
        bool ok = true;
        for (size_t k = 0; k < n; ++k) ok = set(k, *at(k)) && ok;
        return ok;
    }
    // Prepares n point entries (radius 0), entry k the working-precision
    // number *at(k) (a const Real*; for the plain rounded centre step,
    // docs/math.md section 3.2). False if an entry is not finite, has another
    // precision or an exponent beyond +-2^20. Point entries have no interval
    // for the endpoint fallback: a dot product that cannot take the
    // fixed-point path returns [-inf, +inf] (parts().fixed_point is false).
    template <class At>
    bool assign_points(size_t n, At at) {
        reserve(n);
        bool ok = true;
        for (size_t k = 0; k < n; ++k) ok = set_point(k, (*at(k)).backend().data()) && ok;
        return ok;
    }
    const BallEntry& operator[](size_t k) const { return entries_[k]; }
    const BallEntry* data() const { return entries_.data(); }
    size_t size() const { return entries_.size(); }

private:
    void reserve(size_t n);
    bool set(size_t k, const Interval& x);
    bool set_point(size_t k, mpfr_srcptr x);
    bool set_significand(BallEntry& e, size_t k, mpfr_srcptr m);
    static constexpr size_t kMaxLimbsOperand = 8;  // the narrow-interval path's limit (BallDot::kMaxLimbs)
    static bool limb_midpoint(mpfr_srcptr l, mpfr_srcptr h, mpfr_ptr mid);
    static bool narrow_radius(mpfr_srcptr l, mpfr_srcptr h, mpfr_srcptr m, mpfr_prec_t bits, double& rad);
    std::vector<BallEntry> entries_;
    std::vector<mp_limb_t> limbs_;     // the midpoints' significands, L limbs per entry, contiguous
    std::vector<__mpfr_struct> mids_;  // initialised at bits_; used by non-thin entries
    mpfr_t tmp_;
    mpfr_prec_t bits_ = 0;
};

// The dot product accumulator (one per thread; workspace for one precision).
class BallDot {
public:
    static constexpr size_t kMaxLimbs = 8;
    BallDot();  // at working_bits(); throws std::logic_error outside a PrecisionScope
    ~BallDot();
    BallDot(const BallDot&) = delete;
    BallDot& operator=(const BallDot&) = delete;
    // This thread's accumulator at working_bits() (made once per thread and
    // precision: its constructor's MPFR allocations showed in small products).
    // The caller reads parts() before any other use on this thread.
    static BallDot& for_this_thread();
    mpfr_prec_t bits() const { return bits_; }

    // [lo, hi] (working precision) contains sum_{k < len} a_k b_k for all
    // points of a[k * as] and b[k * bs] (the header's guarantee).
    void dot(const BallEntry* a, size_t as, const BallEntry* b, size_t bs, size_t len, mpfr_ptr lo, mpfr_ptr hi);

    // Only the fixed-point sum of the midpoints (Lemma K2; the radii are not
    // read, no enclosure is formed, no fallback is run): true and parts()
    // set when the fixed-point path ran, false otherwise. For point operands
    // (the plain rounded centre step, docs/math.md 3.2), whose error terms
    // the caller bounds itself.
    bool exact_sum(const BallEntry* a, size_t as, const BallEntry* b, size_t bs, size_t len);
    // After a successful exact_sum: adds the point c (-c when `negate`; only
    // its midpoint is read) to the accumulated sum as one more term of Lemma
    // K2 (docs/math.md 3.2, "One more term"): if |c| may exceed every
    // product, the unit is raised to c's (the sum truncated to it: one more
    // positive count); c's bits below the unit are truncated (one more count
    // of its sign). False (the sum is then unusable) when that unit leaves
    // the kernel's range. parts() / counts() describe the new sum.
    bool add_point(const BallEntry& c, bool negate);
    // The last fixed-point sum X (after exact_sum or add_point), or -X when
    // `negate`, rounded to nearest (ties to even) at out's precision, which
    // must be bits(): one rounding of the exact number; +0 for X = 0.
    void round_nearest(mpfr_ptr out, bool negate) const;

    // The parts of the last fixed-point dot (for the tests, docs/math.md 3.1):
    // whether the fixed-point path ran, the exact accumulated X (an MPFR number
    // of 64 (L + 2) bits: exact), the unit exponent (u = 2^unit_exp), the
    // counts of positive and negative midpoint products and the radius rho.
    struct Parts {
        bool fixed_point = false;
        mpfr_srcptr X = nullptr;
        long unit_exp = 0;
        size_t n_pos = 0, n_neg = 0;
        double rho = 0;
    };
    Parts parts() const;
    // parts() without X (not formed: for callers that round the sum
    // themselves, round_nearest).
    Parts counts() const;

private:
    template <size_t L, bool kWithRadius>
    bool fixed(const BallEntry* a, size_t as, const BallEntry* b, size_t bs, size_t len);
    bool dispatch(const BallEntry* a, size_t as, const BallEntry* b, size_t bs, size_t len, bool with_radius);
    template <size_t L>
    bool add_point_fixed(const BallEntry& c, bool negate);
    template <size_t L>
    void round_nearest_fixed(mpfr_ptr out, bool negate) const;
    void endpoint(const BallEntry* a, size_t as, const BallEntry* b, size_t bs, size_t len, mpfr_ptr lo, mpfr_ptr hi);

    // X = acc_ 2^unit_exp_ into X_ (exact), once per fixed-point dot.
    void materialize_x() const;

    mpfr_prec_t bits_;
    size_t limbs_;
    mutable mpfr_t X_;
    mpfr_t t1_, t2_;
    mp_limb_t acc_[kMaxLimbs + 2] = {};  // the last accumulated sum in units of 2^unit_exp_ (two's complement)
    size_t acc_limbs_ = 0;               // its limbs, L + 2
    mutable bool x_ready_ = false;       // whether X_ holds it
    bool all_zero_ = false;              // every midpoint product of the last dot was 0
    bool fixed_point_ = false;
    long unit_exp_ = 0;
    size_t n_pos_ = 0, n_neg_ = 0;
    double rho_ = 0;
};

// Upper bounds on non-negative doubles without changing the rounding mode
// (docs/math.md, section 3.1). next_up_nonneg(x), for a double x >= 0, is the
// next double above x (+infinity and NaN stay): it is >= every real number
// that rounds (to nearest, or in any faithful rounding) to x. up_mul / up_add
// of doubles a, b >= 0 are >= the exact a b / a + b; an exact zero operand
// gives the exact result (a product with a zero factor is 0, a sum with a zero
// term is the other term), so thin balls keep radius 0.
inline double next_up_nonneg(double x) {
    const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
    // Exponent field all ones: +infinity or NaN.
    if ((bits & 0x7ff0000000000000ull) == 0x7ff0000000000000ull) return x;
    if (x == 0) return std::numeric_limits<double>::denorm_min();  // also for -0
    return std::bit_cast<double>(bits + 1);
}
inline double up_mul(double a, double b) { return a == 0 || b == 0 ? 0.0 : next_up_nonneg(a * b); }
inline double up_add(double a, double b) { return a == 0 ? b : b == 0 ? a : next_up_nonneg(a + b); }

// The mirror image (docs/math.md 3.1, Lemma K3'): next_down_nonneg(x), for a
// double x >= 0, is the next double below x (0 stays 0; +infinity gives the
// largest finite double; NaN stays): it is <= every non-negative real number
// that rounds to nearest to x. down_mul / down_add of doubles a, b >= 0 are
// <= the exact a b / a + b (an overflow to +infinity becomes the largest
// double, an underflow to 0 stays 0: both still below the exact result).
inline double next_down_nonneg(double x) {
    const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
    if (x != x || bits == 0 || bits == 0x8000000000000000ull) return x == x ? 0.0 : x;  // NaN, +0, -0
    return std::bit_cast<double>(bits - 1);
}
inline double down_mul(double a, double b) { return a == 0 || b == 0 ? 0.0 : next_down_nonneg(a * b); }
inline double down_add(double a, double b) { return a == 0 ? b : b == 0 ? a : next_down_nonneg(a + b); }
// >= s + n 2^-1074 for a double s >= 0 and n <= 2^40 (Lemma C3's tail,
// docs/math.md 3.2), without a floating-point operation on a subnormal
// number (each costs a microcode assist of about a hundred cycles): for
// s >= 2^-900 the spacing of doubles at s, at least 2^-952, exceeds n 2^-1074
// <= 2^-1034, so next_up(s) is an upper bound; below, n 2^-1074 is the double
// with the bits of n (exact: n < 2^52) and the sum is rounded up.
inline double plus_subnormal_tail_up(double s, std::uint64_t n) {
    if (s >= 0x1p-900) return next_up_nonneg(s);
    return up_add(s, std::bit_cast<double>(n));
}
// 2^e as a double, exactly, for -1074 <= e <= 1023, built from its bits (no
// libm call: ldexp was a tenth of a small centre step); 0 below that range,
// +infinity above it.
inline double pow2_double(long e) {
    if (e > 1023) return HUGE_VAL;
    if (e >= -1022) return std::bit_cast<double>(static_cast<std::uint64_t>(e + 1023) << 52);
    if (e >= -1074) return std::bit_cast<double>(std::uint64_t(1) << (e + 1074));
    return 0.0;
}

// Bounds of |x| for an MPFR number x as doubles, read off its top limb (no
// MPFR conversion): magnitude_up(x) >= |x| >= magnitude_down(x) (docs/math.md
// 3.1, "Magnitudes"), within relative 2^-52 of |x| in double's normal range;
// for |EXP(x)| beyond 960, MPFR's conversion rounded away from / towards 0.
// 0 for 0; +infinity (up) and the largest double (down) for an infinity; NaN
// for NaN.
// (Inline, with mpfr.h's inline tests for NaN and infinity: a call per entry
// showed in the profile of the point step.)
constexpr mpfr_exp_t kMagnitudeMaxExp = 960;  // 2^(EXP - 53) and 2^EXP stay normal doubles
namespace detail {
// The leading 53 bits of |x| = 0.M 2^EXP(x) (M's top limb has its top bit set).
inline std::uint64_t top53(mpfr_srcptr x) {
    const mp_limb_t* d = static_cast<const mp_limb_t*>(mpfr_custom_get_significand(x));
    return static_cast<std::uint64_t>(d[(mpfr_get_prec(x) - 1) / 64] >> 11);
}
}  // namespace detail
inline double magnitude_up(mpfr_srcptr x) {
    if (mpfr_zero_p(x)) return 0.0;
    if (mpfr_nan_p(x) || mpfr_inf_p(x)) return std::fabs(mpfr_get_d(x, MPFR_RNDA));  // +infinity or NaN
    const mpfr_exp_t e = mpfr_get_exp(x);
    if (e > kMagnitudeMaxExp || e < -kMagnitudeMaxExp) return std::fabs(mpfr_get_d(x, MPFR_RNDA));
    // |x| < (t + 1) 2^(EXP - 53), t = top53(x) < 2^53: exact in double.
    return static_cast<double>(detail::top53(x) + 1) * pow2_double(e - 53);  // exact: a normal result
}
inline double magnitude_down(mpfr_srcptr x) {
    if (mpfr_zero_p(x)) return 0.0;
    if (mpfr_inf_p(x)) return DBL_MAX;
    if (mpfr_nan_p(x)) return mpfr_get_d(x, MPFR_RNDZ);
    const mpfr_exp_t e = mpfr_get_exp(x);
    if (e > kMagnitudeMaxExp || e < -kMagnitudeMaxExp) return std::fabs(mpfr_get_d(x, MPFR_RNDZ));
    return static_cast<double>(detail::top53(x)) * pow2_double(e - 53);  // t 2^(EXP - 53) <= |x|, exact
}

// x == y for MPFR numbers (NaN equals nothing): on the representation when
// both are regular of one precision (MPFR's representation of a regular
// number is unique: equal iff sign, exponent and significand agree), else
// mpfr_equal_p. Inline: it runs over whole centres every step.
inline bool same_value(mpfr_srcptr x, mpfr_srcptr y) {
    if (!mpfr_regular_p(x) || !mpfr_regular_p(y) || mpfr_get_prec(x) != mpfr_get_prec(y))
        return mpfr_equal_p(x, y) != 0;
    if (mpfr_signbit(x) != mpfr_signbit(y) || mpfr_get_exp(x) != mpfr_get_exp(y)) return false;
    const mp_limb_t* a = static_cast<const mp_limb_t*>(mpfr_custom_get_significand(x));
    const mp_limb_t* b = static_cast<const mp_limb_t*>(mpfr_custom_get_significand(y));
    const size_t limbs = static_cast<size_t>((mpfr_get_prec(x) + 63) / 64);
    for (size_t j = 0; j < limbs; ++j)
        if (a[j] != b[j]) return false;
    return true;
}

// sqrt of a double s >= 0 rounded up / down (sqrt is correctly rounded, so
// the exact root lies between the neighbours of the computed one).
inline double up_sqrt(double s) { return s == 0 ? 0.0 : next_up_nonneg(std::sqrt(s)); }
inline double down_sqrt(double s) { return next_down_nonneg(std::sqrt(s)); }

}  // namespace lrcert
