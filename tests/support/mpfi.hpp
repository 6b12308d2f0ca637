// MPFI, the second interval implementation the tests compare lrcert's
// intervals with: an RAII holder and the conversion of an lrcert interval.
#pragma once

#include "lrcert/number/interval.hpp"

#include <mpfi.h>

namespace lrcert::test {

// An mpfi_t at a given precision.
class Mpfi {
public:
    explicit Mpfi(unsigned bits) { mpfi_init2(v_, static_cast<mpfr_prec_t>(bits)); }
    ~Mpfi() { mpfi_clear(v_); }
    Mpfi(const Mpfi&) = delete;
    Mpfi& operator=(const Mpfi&) = delete;
    mpfi_ptr get() { return v_; }
    mpfi_srcptr get() const { return v_; }
    mpfr_srcptr left() const { return &v_->left; }
    mpfr_srcptr right() const { return &v_->right; }

private:
    mpfi_t v_;
};

// lrcert interval -> MPFI interval (exact when `out` has at least the
// endpoints' precision).
inline void to_mpfi(Mpfi& out, const Interval& x) {
    mpfi_interv_fr(out.get(), x.lower().backend().data(), x.upper().backend().data());
}

}  // namespace lrcert::test
