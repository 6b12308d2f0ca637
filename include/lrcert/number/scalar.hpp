// What the generic layers need to know about a scalar type T:
//   from_rational<T>(q)  the value of exact input q in T
//                        (double: nearest; Real: nearest at working precision;
//                        Interval: tightest enclosure; Rational: exact)
//   zero<T>()            an additive identity of T at working precision
// Scalars: double, Real (mpfr_float), Interval, Rational.
#pragma once

#include "lrcert/number/interval.hpp"
#include "lrcert/number/rational.hpp"

#include <mpfr.h>

#include <type_traits>

namespace lrcert {

template <class T>
T from_rational(const Rational& q) {
    if constexpr (std::is_same_v<T, Rational>) {
        return q;
    } else if constexpr (std::is_same_v<T, Interval>) {
        return enclose(q);
    } else if constexpr (std::is_same_v<T, Real>) {
        Real r = new_real();
        mpfr_set_q(r.backend().data(), q.backend().data(), MPFR_RNDN);
        return r;
    } else {
        static_assert(std::is_same_v<T, double>, "unsupported scalar");
        // Correctly rounded (mpq's own conversion truncates).
        mpfr_t t;
        mpfr_init2(t, 53);
        mpfr_set_q(t, q.backend().data(), MPFR_RNDN);
        double d = mpfr_get_d(t, MPFR_RNDN);
        mpfr_clear(t);
        return d;
    }
}

template <class T>
T zero() {
    if constexpr (std::is_same_v<T, Real>) {
        return new_real();
    } else if constexpr (std::is_same_v<T, Interval>) {
        return make_interval(0L);
    } else {
        return T(0);
    }
}

}  // namespace lrcert
