#include "lrcert/number/bound.hpp"

#include <mpfr.h>

#include <utility>

namespace lrcert {

namespace {

Real rounded(const Real& x, mpfr_rnd_t rnd) {
    Real r = new_real();
    mpfr_set(r.backend().data(), x.backend().data(), rnd);
    return r;
}

Real exact_long(long k) {
    Real r = new_real();
    mpfr_set_si(r.backend().data(), k, MPFR_RNDN);  // exact: |k| < 2^63 needs <= 63 bits
    return r;
}

Real of_d(double v, mpfr_rnd_t rnd) {
    Real r = new_real();
    mpfr_set_d(r.backend().data(), v, rnd);  // exact when working_bits() >= 53
    return r;
}

Real of_q(const Rational& q, mpfr_rnd_t rnd) {
    Real r = new_real();
    mpfr_set_q(r.backend().data(), q.backend().data(), rnd);
    return r;
}

// x = v 2^e rounded in direction rnd, at working precision, in x's own storage.
void set_scaled(Real& x, double v, long e, mpfr_rnd_t rnd) {
    mpfr_ptr r = x.backend().data();
    const auto p = static_cast<mpfr_prec_t>(working_bits());
    if (p == 0) {  // outside a PrecisionScope: new_real throws
        x = new_real();
        return;
    }
    if (mpfr_get_prec(r) != p) mpfr_set_prec(r, p);  // (reallocates only to grow)
    mpfr_set_d(r, v, rnd);
    if (e != 0) mpfr_mul_2si(r, r, e, rnd);
}

// Larger / smaller of two values; NaN if either is NaN (so it is no bound).
Real pick(const Real& a, const Real& b, bool larger) {
    if (mpfr_nan_p(a.backend().data())) return a;
    if (mpfr_nan_p(b.backend().data())) return b;
    return (larger ? a >= b : a <= b) ? a : b;
}

}  // namespace

// ---- UpperBound -----------------------------------------------------------------

UpperBound UpperBound::exact(long k) { return UpperBound(exact_long(k)); }
UpperBound UpperBound::assume_upper(const Real& x) { return UpperBound(rounded(x, MPFR_RNDU)); }
UpperBound UpperBound::of_rational(const Rational& q) { return UpperBound(of_q(q, MPFR_RNDU)); }
UpperBound UpperBound::of_mag(const Interval& x) { return UpperBound(mag_up(x)); }
UpperBound UpperBound::of_double(double v) { return UpperBound(of_d(v, MPFR_RNDU)); }
void UpperBound::assign_scaled(double v, long e) { set_scaled(value_, v, e, MPFR_RNDU); }
void UpperBound::add_product(const UpperBound& a, const UpperBound& b) {
    mpfr_ptr r = value_.backend().data();
    if (mpfr_get_prec(r) != static_cast<mpfr_prec_t>(working_bits())) {
        *this = *this + a * b;
        return;
    }
    mpfr_fma(r, a.value_.backend().data(), b.value_.backend().data(), r, MPFR_RNDU);  // one rounding
}
UpperBound UpperBound::infinity() {
    Real r = new_real();
    mpfr_set_inf(r.backend().data(), 1);
    return UpperBound(std::move(r));
}
bool UpperBound::finite() const { return mpfr_number_p(value_.backend().data()) != 0; }
bool UpperBound::nan() const { return mpfr_nan_p(value_.backend().data()) != 0; }
std::string UpperBound::decimal(int digits) const { return decimal_up(value_, digits); }
Rational UpperBound::rational() const { return to_rational(value_); }

UpperBound operator+(const UpperBound& a, const UpperBound& b) { return UpperBound(MpfrRounding().add_up(a.value_, b.value_)); }
UpperBound operator*(const UpperBound& a, const UpperBound& b) { return UpperBound(MpfrRounding().mul_up(a.value_, b.value_)); }
UpperBound operator/(const UpperBound& a, const LowerBound& b) { return UpperBound(MpfrRounding().div_up(a.value_, b.real())); }
UpperBound operator-(const UpperBound& a, const LowerBound& b) { return UpperBound(MpfrRounding().sub_up(a.value_, b.real())); }
UpperBound sqrt(const UpperBound& a) { return UpperBound(MpfrRounding().sqrt_up(a.value_)); }
UpperBound max(const UpperBound& a, const UpperBound& b) { return UpperBound(pick(a.value_, b.value_, true)); }
UpperBound min(const UpperBound& a, const UpperBound& b) { return UpperBound(pick(a.value_, b.value_, false)); }

// ---- LowerBound -----------------------------------------------------------------

LowerBound LowerBound::exact(long k) { return LowerBound(exact_long(k)); }
LowerBound LowerBound::assume_lower(const Real& x) { return LowerBound(rounded(x, MPFR_RNDD)); }
LowerBound LowerBound::of_rational(const Rational& q) { return LowerBound(of_q(q, MPFR_RNDD)); }
LowerBound LowerBound::of_mig(const Interval& x) { return LowerBound(mig_down(x)); }
LowerBound LowerBound::of_double(double v) { return LowerBound(of_d(v, MPFR_RNDD)); }
void LowerBound::assign_scaled(double v, long e) { set_scaled(value_, v, e, MPFR_RNDD); }
bool LowerBound::finite() const { return mpfr_number_p(value_.backend().data()) != 0; }
std::string LowerBound::decimal(int digits) const { return decimal_down(value_, digits); }
Rational LowerBound::rational() const { return to_rational(value_); }

LowerBound operator+(const LowerBound& a, const LowerBound& b) { return LowerBound(MpfrRounding().add_down(a.value_, b.value_)); }
LowerBound operator*(const LowerBound& a, const LowerBound& b) { return LowerBound(MpfrRounding().mul_down(a.value_, b.value_)); }
LowerBound operator/(const LowerBound& a, const UpperBound& b) { return LowerBound(MpfrRounding().div_down(a.value_, b.real())); }
LowerBound operator-(const LowerBound& a, const UpperBound& b) { return LowerBound(MpfrRounding().sub_down(a.value_, b.real())); }
LowerBound sqrt(const LowerBound& a) { return LowerBound(MpfrRounding().sqrt_down(a.value_)); }
LowerBound max(const LowerBound& a, const LowerBound& b) { return LowerBound(pick(a.value_, b.value_, true)); }
LowerBound min(const LowerBound& a, const LowerBound& b) { return LowerBound(pick(a.value_, b.value_, false)); }
LowerBound positive_part(const LowerBound& a) { return a.value_ > 0 ? a : LowerBound(new_real()); }

// ---- intervals ------------------------------------------------------------------

UpperBound upper_of(const Interval& x) { return UpperBound::assume_upper(hi(x)); }
LowerBound lower_of(const Interval& x) { return LowerBound::assume_lower(lo(x)); }
Interval upto(const UpperBound& u) { return Interval(new_real(), u.real()); }
Interval around(const Real& c, const UpperBound& r) {
    MpfrRounding rnd;
    return Interval(rnd.sub_down(c, r.real()), rnd.add_up(c, r.real()));
}
Interval widen(const Interval& x, const UpperBound& r) {
    MpfrRounding rnd;
    return Interval(rnd.sub_down(lo(x), r.real()), rnd.add_up(hi(x), r.real()));
}
UpperBound width_of(const Interval& x) { return UpperBound::assume_upper(width_up(x)); }
UpperBound difference_up(const Real& a, const Real& b) { return UpperBound::assume_upper(MpfrRounding().sub_up(a, b)); }
Interval point(const UpperBound& u) { return make_interval(u.real()); }
Interval point(const LowerBound& l) { return make_interval(l.real()); }

// ---- Threshold ------------------------------------------------------------------

Real Threshold::value() const { return Real(text_); }
Real Threshold::times(const Real& scale) const { return value() * scale; }

}  // namespace lrcert
