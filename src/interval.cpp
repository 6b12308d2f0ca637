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

Interval enclose(const Rational& q) { return Interval(set_q(q, MPFR_RNDD), set_q(q, MPFR_RNDU)); }

Interval make_interval(const Real& lo_, const Real& hi_) {
    return Interval(set_real(lo_, MPFR_RNDD), set_real(hi_, MPFR_RNDU));
}

Interval make_interval(const Real& x) { return make_interval(x, x); }

Interval make_interval(long v) { return enclose(Rational(v)); }

Real width_up(const Interval& x) { return MpfrRounding().sub_up(x.upper(), x.lower()); }

Real midpoint(const Interval& x) { return MpfrRounding().median(x.lower(), x.upper()); }

Real mag_up(const Interval& x) {
    Real a = abs(x.lower());
    Real b = abs(x.upper());
    return set_real(a > b ? a : b, MPFR_RNDU);
}

Real mig_down(const Interval& x) {
    if (x.lower() <= 0 && x.upper() >= 0) return new_real();
    Real a = abs(x.lower());
    Real b = abs(x.upper());
    return set_real(a < b ? a : b, MPFR_RNDD);
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
    MpfrRounding rnd;
    Real l = x.lower() > 0 ? rnd.sqrt_down(x.lower()) : new_real();
    Real u = x.upper() > 0 ? rnd.sqrt_up(x.upper()) : new_real();
    return Interval(l, u);
}

Interval interval_exp(const Interval& x) {
    MpfrRounding rnd;
    return Interval(rnd.exp_down(x.lower()), rnd.exp_up(x.upper()));
}

Interval interval_abs(const Interval& x) { return boost::numeric::abs(x); }

Interval interval_sqr(const Interval& x) { return boost::numeric::square(x); }

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
