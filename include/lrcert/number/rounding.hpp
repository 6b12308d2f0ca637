// Directed-rounding policy for boost::numeric::interval over mpfr_float.
//
// Boost.Interval's default policy for a non-builtin base type computes both
// endpoints with the type's own operators, i.e. rounded to nearest: the result
// need not contain the exact value (docs/numbers.md, "Intervals"). This policy calls MPFR
// with MPFR_RNDD for lower endpoints and MPFR_RNDU for upper endpoints, so every
// operation's result contains the exact result of the operation on its inputs.
// Results have exactly working_bits() bits (see precision.hpp).
#pragma once

#include "lrcert/number/precision.hpp"

#include <mpfr.h>

#include <boost/numeric/interval/rounding.hpp>

#include <type_traits>

namespace lrcert {

struct MpfrRounding {
    // Boost.Interval asks for these; MPFR carries the direction in each call,
    // so there is no global mode to save, set or restore.
    using unprotected_rounding = MpfrRounding;

    template <class U>
    Real conv_down(const U& v) { return convert(v, MPFR_RNDD); }
    template <class U>
    Real conv_up(const U& v) { return convert(v, MPFR_RNDU); }

    Real add_down(const Real& x, const Real& y) { return binary(mpfr_add, x, y, MPFR_RNDD); }
    Real add_up(const Real& x, const Real& y) { return binary(mpfr_add, x, y, MPFR_RNDU); }
    Real sub_down(const Real& x, const Real& y) { return binary(mpfr_sub, x, y, MPFR_RNDD); }
    Real sub_up(const Real& x, const Real& y) { return binary(mpfr_sub, x, y, MPFR_RNDU); }
    Real mul_down(const Real& x, const Real& y) { return binary(mpfr_mul, x, y, MPFR_RNDD); }
    Real mul_up(const Real& x, const Real& y) { return binary(mpfr_mul, x, y, MPFR_RNDU); }
    Real div_down(const Real& x, const Real& y) { return binary(mpfr_div, x, y, MPFR_RNDD); }
    Real div_up(const Real& x, const Real& y) { return binary(mpfr_div, x, y, MPFR_RNDU); }
    Real sqrt_down(const Real& x) { return unary(mpfr_sqrt, x, MPFR_RNDD); }
    Real sqrt_up(const Real& x) { return unary(mpfr_sqrt, x, MPFR_RNDU); }
    Real exp_down(const Real& x) { return unary(mpfr_exp, x, MPFR_RNDD); }
    Real exp_up(const Real& x) { return unary(mpfr_exp, x, MPFR_RNDU); }
    Real log_down(const Real& x) { return unary(mpfr_log, x, MPFR_RNDD); }
    Real log_up(const Real& x) { return unary(mpfr_log, x, MPFR_RNDU); }
    Real int_down(const Real& x) { return unary_exact(mpfr_floor, x); }
    Real int_up(const Real& x) { return unary_exact(mpfr_ceil, x); }
    // A point of [x, y] (need not be the exact midpoint).
    Real median(const Real& x, const Real& y) {
        Real r = binary(mpfr_add, x, y, MPFR_RNDN);
        mpfr_div_2ui(r.backend().data(), r.backend().data(), 1, MPFR_RNDN);
        return r;
    }

private:
    using Binary = int (*)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t);
    using Unary = int (*)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);
    using UnaryExact = int (*)(mpfr_ptr, mpfr_srcptr);

    static Real binary(Binary f, const Real& x, const Real& y, mpfr_rnd_t rnd) {
        Real r = new_real();
        f(r.backend().data(), x.backend().data(), y.backend().data(), rnd);
        return r;
    }
    static Real unary(Unary f, const Real& x, mpfr_rnd_t rnd) {
        Real r = new_real();
        f(r.backend().data(), x.backend().data(), rnd);
        return r;
    }
    // mpfr_floor / mpfr_ceil return the next lower / higher representable
    // integer, so the direction is right at any precision.
    static Real unary_exact(UnaryExact f, const Real& x) {
        Real r = new_real();
        f(r.backend().data(), x.backend().data());
        return r;
    }
    template <class U>
    static Real convert(const U& v, mpfr_rnd_t rnd) {
        Real r = new_real();
        if constexpr (std::is_same_v<U, Real>) {
            mpfr_set(r.backend().data(), v.backend().data(), rnd);
        } else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
            mpfr_set_si(r.backend().data(), static_cast<long>(v), rnd);
        } else if constexpr (std::is_integral_v<U>) {
            mpfr_set_ui(r.backend().data(), static_cast<unsigned long>(v), rnd);
        } else if constexpr (std::is_same_v<U, double>) {
            mpfr_set_d(r.backend().data(), v, rnd);
        } else {
            // Any other Boost.Multiprecision value: go through mpfr_float at
            // Boost's precision first would round twice, so refuse at compile time.
            static_assert(std::is_same_v<U, Real>, "MpfrRounding: unsupported conversion");
        }
        return r;
    }
};

}  // namespace lrcert
