#include "lrcert/number/interval.hpp"

#include <mpfr.h>

#include <cmath>
#include <memory>

namespace lrcert {

namespace {

Real set_q(const Rational& q, mpfr_rnd_t rnd) {
    Real r = new_real();
    mpfr_set_q(r.backend().data(), q.backend().data(), rnd);
    return r;
}

Real set_real(const Real& x, mpfr_rnd_t rnd) {
    Real r = new_real();
    mpfr_set(r.backend().data(), x.backend().data(), rnd);
    return r;
}

std::string decimal(const Real& x, int digits, mpfr_rnd_t rnd) {
    mpfr_srcptr v = x.backend().data();
    if (mpfr_nan_p(v)) return "nan";
    if (mpfr_inf_p(v)) return mpfr_sgn(v) > 0 ? "inf" : "-inf";
    if (mpfr_zero_p(v)) return "0";
    if (digits < 2) digits = 2;
    mpfr_exp_t exp10 = 0;
    std::unique_ptr<char, void (*)(char*)> raw(
        mpfr_get_str(nullptr, &exp10, 10, static_cast<size_t>(digits), v, rnd), mpfr_free_str);
    std::string s(raw.get());
    std::string sign;
    if (s[0] == '-') {
        sign = "-";
        s.erase(0, 1);
    }
    // value = 0.s * 10^exp10 = s[0].s[1..] * 10^(exp10 - 1); drop trailing zeros.
    size_t last = s.find_last_not_of('0');
    s.erase(last + 1);
    std::string out = sign;
    out.push_back(s[0]);
    if (s.size() > 1) {
        out.push_back('.');
        out.append(s, 1, std::string::npos);
    }
    long e = static_cast<long>(exp10) - 1;
    if (e != 0) {
        out.push_back('e');
        out.append(std::to_string(e));
    }
    return out;
}

}  // namespace

Interval operator-(const Interval& x) {
    auto negated = [](const Real& v) {
        Real r;
        mpfr_set_prec(r.backend().data(), mpfr_get_prec(v.backend().data()));
        mpfr_neg(r.backend().data(), v.backend().data(), MPFR_RNDN);  // exact
        return r;
    };
    return Interval(negated(x.upper()), negated(x.lower()));
}

Interval enclose(const Rational& q) { return Interval(set_q(q, MPFR_RNDD), set_q(q, MPFR_RNDU)); }

Interval make_interval(const Real& lo_, const Real& hi_) {
    return Interval(set_real(lo_, MPFR_RNDD), set_real(hi_, MPFR_RNDU));
}

Interval make_interval(const Real& x) { return make_interval(x, x); }

Interval make_interval(long v) { return enclose(Rational(v)); }

Real width_up(const Interval& x) { return MpfrRounding().sub_up(x.upper(), x.lower()); }

Real midpoint(const Interval& x) { return MpfrRounding().median(x.lower(), x.upper()); }

// |x| rounded in direction rnd to working precision. Not `abs(x)`: a Boost
// expression gets the operands' precision converted to decimal digits and back
// (53 bits -> 15 digits -> 51 bits) and is rounded to nearest, which can move
// |x| the wrong way.
static Real abs_rounded(const Real& x, mpfr_rnd_t rnd) {
    Real r = new_real();
    mpfr_abs(r.backend().data(), x.backend().data(), rnd);
    return r;
}

Real mag_up(const Interval& x) {
    Real a = abs_rounded(x.lower(), MPFR_RNDU);
    Real b = abs_rounded(x.upper(), MPFR_RNDU);
    return a > b ? a : b;
}

Real mig_down(const Interval& x) {
    if (x.lower() <= 0 && x.upper() >= 0) return new_real();
    Real a = abs_rounded(x.lower(), MPFR_RNDD);
    Real b = abs_rounded(x.upper(), MPFR_RNDD);
    return a < b ? a : b;
}

bool is_finite(const Interval& x) {
    return mpfr_number_p(x.lower().backend().data()) && mpfr_number_p(x.upper().backend().data());
}

bool contains(const Interval& x, const Rational& q) {
    // Compare exactly: MPFR compares a Real with a rational without rounding.
    return mpfr_cmp_q(x.lower().backend().data(), q.backend().data()) <= 0 &&
           mpfr_cmp_q(x.upper().backend().data(), q.backend().data()) >= 0;
}

bool contains(const Interval& outer, const Interval& inner) {
    return outer.lower() <= inner.lower() && inner.upper() <= outer.upper();
}

bool certainly_less(const Interval& x, const Interval& y) { return x.upper() < y.lower(); }
bool certainly_less_equal(const Interval& x, const Interval& y) { return x.upper() <= y.lower(); }
bool certainly_positive(const Interval& x) { return x.lower() > 0; }
bool certainly_negative(const Interval& x) { return x.upper() < 0; }
bool possibly_less(const Interval& x, const Interval& y) { return x.lower() < y.upper(); }

Interval interval_sqrt(const Interval& x) {
    if (boost::numeric::empty(x)) return x;
    MpfrRounding rnd;
    Real l = x.lower() > 0 ? rnd.sqrt_down(x.lower()) : new_real();
    Real u = x.upper() > 0 ? rnd.sqrt_up(x.upper()) : new_real();
    return Interval(l, u);
}

Interval interval_exp(const Interval& x) {
    MpfrRounding rnd;
    return Interval(rnd.exp_down(x.lower()), rnd.exp_up(x.upper()));
}

// abs and sqr as in Boost.Interval, but the 0 endpoint of an interval
// containing 0 is a working-precision zero (Boost writes static_cast<T>(0),
// which has Boost's default precision).
Interval interval_abs(const Interval& x) {
    if (boost::numeric::empty(x)) return x;
    if (x.lower() >= 0) return x;
    if (x.upper() <= 0) return -x;
    const Real& m = mpfr_cmpabs(x.lower().backend().data(), x.upper().backend().data()) > 0 ? x.lower() : x.upper();
    return Interval(new_real(), abs_rounded(m, MPFR_RNDU));
}

Interval interval_sqr(const Interval& x) {
    if (boost::numeric::empty(x)) return x;
    MpfrRounding rnd;
    const Real& l = x.lower();
    const Real& u = x.upper();
    if (u < 0) return Interval(rnd.mul_down(u, u), rnd.mul_up(l, l));
    if (l > 0) return Interval(rnd.mul_down(l, l), rnd.mul_up(u, u));
    const Real& m = mpfr_cmpabs(l.backend().data(), u.backend().data()) > 0 ? l : u;
    return Interval(new_real(), rnd.mul_up(m, m));
}

Interval interval_max(const Interval& x, const Interval& y) { return boost::numeric::max(x, y); }

Interval interval_min(const Interval& x, const Interval& y) { return boost::numeric::min(x, y); }

Interval hull(const Interval& x, const Interval& y) { return boost::numeric::hull(x, y); }

Real add_up(const Real& x, const Real& y) { return MpfrRounding().add_up(x, y); }
Real mul_up(const Real& x, const Real& y) { return MpfrRounding().mul_up(x, y); }
Real sqrt_up(const Real& x) { return MpfrRounding().sqrt_up(x); }
Real rational_down(const Rational& q) { return set_q(q, MPFR_RNDD); }
Real rational_up(const Rational& q) { return set_q(q, MPFR_RNDU); }

Rational to_rational(const Real& x) {
    mpfr_srcptr v = x.backend().data();
    if (!mpfr_number_p(v)) throw std::domain_error("to_rational: not a finite number");
    // Zero's exponent is MPFR's minimum: building 2^-e would take gigabytes.
    if (mpfr_zero_p(v)) return Rational(0);
    Integer m;
    mpfr_exp_t e = mpfr_get_z_2exp(m.backend().data(), v);
    Rational q(m);
    if (e >= 0) {
        Integer p = 1;
        p <<= static_cast<unsigned long>(e);
        return q * Rational(p);
    }
    Integer p = 1;
    p <<= static_cast<unsigned long>(-e);
    return q / Rational(p);
}

std::string decimal_down(const Real& x, int digits) { return decimal(x, digits, MPFR_RNDD); }
std::string decimal_up(const Real& x, int digits) { return decimal(x, digits, MPFR_RNDU); }

int certified_digits(const Interval& x) {
    if (!mpfr_number_p(x.lower().backend().data()) || !mpfr_number_p(x.upper().backend().data())) return 0;
    Real m = mig_down(x);
    if (m == 0) return 0;
    Real w = width_up(x);
    if (w == 0) return decimal_digits_for_bits(static_cast<unsigned>(mpfr_get_prec(x.lower().backend().data())));
    MpfrRounding rnd;
    Real ratio = rnd.div_up(w, m);
    Real lg = new_real();
    mpfr_log10(lg.backend().data(), ratio.backend().data(), MPFR_RNDU);
    double d = -lg.convert_to<double>();
    if (!(d > 0)) return 0;
    // The margin keeps a conversion rounding from adding a digit.
    return static_cast<int>(std::floor(d - 1e-9));
}

int decimal_digits_for_bits(unsigned bits) { return static_cast<int>(std::ceil(bits * 0.30103)) + 1; }

}  // namespace lrcert
