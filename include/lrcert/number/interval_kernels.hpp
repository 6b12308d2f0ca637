// In-place interval kernels on raw MPFR numbers, for the O(n^3) loops
// (Cholesky; the matrix products' fallback: number/ball_dot.hpp). Boost.Interval allocates a fresh MPFR number for every
// endpoint of every intermediate; these kernels accumulate into preallocated
// endpoints with explicit rounding, so a dot product costs two MPFR fused
// multiply-adds per term and no allocation.
//
// Guarantee: after accumulate_product(lo, hi, a, b), [lo, hi] contains
// [lo0, hi0] + { x y : x in a, y in b } (lo rounded down, hi rounded up).
#pragma once

#include "lrcert/number/interval.hpp"

#include <mpfr.h>

#include <vector>

namespace lrcert {

// acc_lo += min(a b) rounded down, acc_hi += max(a b) rounded up, for
// a = [al, ah], b = [bl, bh]. t1, t2 are scratch numbers.
void accumulate_product(mpfr_ptr acc_lo, mpfr_ptr acc_hi, mpfr_srcptr al, mpfr_srcptr ah, mpfr_srcptr bl,
                        mpfr_srcptr bh, mpfr_ptr t1, mpfr_ptr t2);

// acc_lo += min(a^2) rounded down, acc_hi += max(a^2) rounded up.
void accumulate_square(mpfr_ptr acc_lo, mpfr_ptr acc_hi, mpfr_srcptr al, mpfr_srcptr ah, mpfr_ptr t1,
                       mpfr_ptr t2);

// An interval accumulator at working precision: sum of products of intervals.
class IntervalDot {
public:
    IntervalDot();
    ~IntervalDot();
    IntervalDot(const IntervalDot&) = delete;
    IntervalDot& operator=(const IntervalDot&) = delete;
    void reset();
    void add_product(const Interval& a, const Interval& b);
    Interval value() const;  // [lo, hi] as an Interval

private:
    mpfr_t lo_, hi_, t1_, t2_;
};

}  // namespace lrcert
