#include "lrcert/number/interval_kernels.hpp"

namespace lrcert {

void accumulate_product(mpfr_ptr acc_lo, mpfr_ptr acc_hi, mpfr_srcptr al, mpfr_srcptr ah, mpfr_srcptr bl,
                        mpfr_srcptr bh, mpfr_ptr t1, mpfr_ptr t2) {
    const bool a_nonneg = mpfr_sgn(al) >= 0;
    const bool a_nonpos = mpfr_sgn(ah) <= 0;
    const bool b_nonneg = mpfr_sgn(bl) >= 0;
    const bool b_nonpos = mpfr_sgn(bh) <= 0;
    // The extreme products by the signs of the factors (the standard table).
    mpfr_srcptr min_x, min_y, max_x, max_y;
    if (a_nonneg) {
        if (b_nonneg) {
            min_x = al, min_y = bl, max_x = ah, max_y = bh;
        } else if (b_nonpos) {
            min_x = ah, min_y = bl, max_x = al, max_y = bh;
        } else {
            min_x = ah, min_y = bl, max_x = ah, max_y = bh;
        }
    } else if (a_nonpos) {
        if (b_nonneg) {
            min_x = al, min_y = bh, max_x = ah, max_y = bl;
        } else if (b_nonpos) {
            min_x = ah, min_y = bh, max_x = al, max_y = bl;
        } else {
            min_x = al, min_y = bh, max_x = al, max_y = bl;
        }
    } else {
        if (b_nonneg) {
            min_x = al, min_y = bh, max_x = ah, max_y = bh;
        } else if (b_nonpos) {
            min_x = ah, min_y = bl, max_x = al, max_y = bl;
        } else {
            // Both straddle zero: two candidates on each side.
            mpfr_mul(t1, al, bh, MPFR_RNDD);
            mpfr_mul(t2, ah, bl, MPFR_RNDD);
            mpfr_add(acc_lo, acc_lo, mpfr_lessequal_p(t1, t2) ? t1 : t2, MPFR_RNDD);
            mpfr_mul(t1, al, bl, MPFR_RNDU);
            mpfr_mul(t2, ah, bh, MPFR_RNDU);
            mpfr_add(acc_hi, acc_hi, mpfr_greaterequal_p(t1, t2) ? t1 : t2, MPFR_RNDU);
            return;
        }
    }
    // A fused multiply-add rounds once, in the wanted direction.
    mpfr_fma(acc_lo, min_x, min_y, acc_lo, MPFR_RNDD);
    mpfr_fma(acc_hi, max_x, max_y, acc_hi, MPFR_RNDU);
}

void accumulate_square(mpfr_ptr acc_lo, mpfr_ptr acc_hi, mpfr_srcptr al, mpfr_srcptr ah, mpfr_ptr t1,
                       mpfr_ptr t2) {
    if (mpfr_sgn(al) >= 0) {
        mpfr_fma(acc_lo, al, al, acc_lo, MPFR_RNDD);
        mpfr_fma(acc_hi, ah, ah, acc_hi, MPFR_RNDU);
    } else if (mpfr_sgn(ah) <= 0) {
        mpfr_fma(acc_lo, ah, ah, acc_lo, MPFR_RNDD);
        mpfr_fma(acc_hi, al, al, acc_hi, MPFR_RNDU);
    } else {
        // min is 0: acc_lo unchanged.
        mpfr_sqr(t1, al, MPFR_RNDU);
        mpfr_sqr(t2, ah, MPFR_RNDU);
        mpfr_add(acc_hi, acc_hi, mpfr_greaterequal_p(t1, t2) ? t1 : t2, MPFR_RNDU);
    }
}

IntervalDot::IntervalDot() {
    const mpfr_prec_t p = static_cast<mpfr_prec_t>(working_bits());
    if (p == 0) throw std::logic_error("lrcert: IntervalDot outside a PrecisionScope");
    mpfr_inits2(p, lo_, hi_, t1_, t2_, static_cast<mpfr_ptr>(nullptr));
    reset();
}

IntervalDot::~IntervalDot() { mpfr_clears(lo_, hi_, t1_, t2_, static_cast<mpfr_ptr>(nullptr)); }

void IntervalDot::reset() {
    mpfr_set_zero(lo_, 1);
    mpfr_set_zero(hi_, 1);
}

void IntervalDot::add_product(const Interval& a, const Interval& b) {
    accumulate_product(lo_, hi_, a.lower().backend().data(), a.upper().backend().data(), b.lower().backend().data(),
                       b.upper().backend().data(), t1_, t2_);
}

Interval IntervalDot::value() const {
    Real l = new_real(), h = new_real();
    mpfr_set(l.backend().data(), lo_, MPFR_RNDD);
    mpfr_set(h.backend().data(), hi_, MPFR_RNDU);
    return Interval(l, h);
}

}  // namespace lrcert
