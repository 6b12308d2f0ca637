// h relative to 2/L0 (include/lrcert/problem/relative_step.hpp).
#include "lrcert/problem/relative_step.hpp"

#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/number/precision.hpp"
#include "lrcert/number/scalar.hpp"
#include "lrcert/problem/hessian.hpp"

#include <mpfr.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace lrcert {

ScalarSharpness scalar_sharpness(const Rational& S0, const Rational& r0, const Rational& mu, size_t d) {
    ScalarSharpness s;
    Interval S = enclose(S0);
    // S^2 - 8 r mu + 12 r^2 is computed exactly in rationals: no overestimate.
    Rational disc = S0 * S0 - 8 * r0 * mu + 12 * r0 * r0;
    Interval root = interval_sqrt(enclose(disc));
    Interval half = enclose(Rational(1, 2));
    s.lambda_plus = half * (S + root);
    s.lambda_minus = half * (S - root);
    s.L0 = d >= 2 ? interval_max(s.lambda_plus, interval_abs(enclose(r0))) : s.lambda_plus;
    return s;
}

Interval start_sharpness(bool scalar_family, const Matrix<Rational>& A, const Factors<Rational>& z) {
    if (scalar_family) {
        if (A.rows() != 1 || A.cols() != 1 || z.X.rows() != 1 || z.Y.rows() != 1 || z.X.cols() != z.Y.cols())
            throw std::invalid_argument("start_sharpness: a scalar-family start is one row x0 and one row y0");
        const Rational& mu = A(0, 0);
        Rational S0 = 0, xy = 0;
        for (size_t i = 0; i < z.X.cols(); ++i) {
            S0 += z.X(0, i) * z.X(0, i) + z.Y(0, i) * z.Y(0, i);
            xy += z.X(0, i) * z.Y(0, i);
        }
        return scalar_sharpness(S0, mu - xy, mu, z.X.cols()).L0;
    }
    Factors<Interval> zi{convert_matrix<Interval>(z.X), convert_matrix<Interval>(z.Y)};
    return certified_lambda_max(hessian_matrix(convert_matrix<Interval>(A), zi)).value;
}

Rational round_to_digits(const Real& x, int digits) {
    mpfr_srcptr v = x.backend().data();
    if (!mpfr_number_p(v)) throw std::domain_error("round_to_digits: not a finite number");
    if (mpfr_zero_p(v)) return Rational(0);
    mpfr_exp_t e10 = 0;
    std::unique_ptr<char, void (*)(char*)> raw(
        mpfr_get_str(nullptr, &e10, 10, static_cast<size_t>(digits), v, MPFR_RNDN), mpfr_free_str);
    std::string s(raw.get());
    bool negative = s[0] == '-';
    if (negative) s.erase(0, 1);
    // value = 0.s * 10^e10 = s * 10^(e10 - len(s))
    Integer m(s.c_str());
    long e = static_cast<long>(e10) - static_cast<long>(s.size());
    // 10^|e| by repeated squaring (|e| is up to MPFR's exponent range; one
    // multiplication per power of ten took a minute for |e| = 100000).
    Integer p = boost::multiprecision::pow(Integer(10), static_cast<unsigned>(e < 0 ? -e : e));
    Rational q = e >= 0 ? Rational(m * p) : Rational(m, p);
    return negative ? Rational(-q) : q;
}

Rational relative_step(const Rational& t, const Real& L0mid, int digits) {
    Real two_t = from_rational<Real>(2 * t);
    Real q = new_real();
    mpfr_div(q.backend().data(), two_t.backend().data(), L0mid.backend().data(), MPFR_RNDN);
    return round_to_digits(q, digits);
}

Rational h_relative_to_two_over_L0(bool scalar_family, const Matrix<Rational>& A, const Factors<Rational>& z0,
                                   const Rational& t, int digits) {
    if (!(t > 0)) throw std::invalid_argument("must be > 0, got \"" + to_exact_string(t) + "\"");
    if (digits < 3 || digits > 40) throw std::invalid_argument("digits must be in [3, 40]");
    PrecisionScope scope(kRelativeStepBits);
    Interval L0 = start_sharpness(scalar_family, A, z0);
    if (!(lo(L0) > 0)) throw std::domain_error("L0 is not certainly positive at the start");
    Rational h = relative_step(t, midpoint(L0), digits);
    if (!(h > 0)) throw std::domain_error(to_exact_string(t) + " * 2/L0 rounds to 0");
    return h;
}

}  // namespace lrcert
