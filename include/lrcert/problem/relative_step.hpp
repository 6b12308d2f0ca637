// h given relative to 2/L0: h = t * 2/L0, L0 = lambda_max of the Hessian at
// the start, rounded to a number of significant decimal digits. One rule for
// problem files ("h_over_2_over_L0", 12 digits; docs/formats.md, "Problem
// files") and sweep grids ("relative_to": "2/L0", grid_digits; docs/formats.md,
// "h relative to 2/L0"): L0 is enclosed at kRelativeStepBits bits (the scalar
// closed form of docs/math.md section 2, or the certified lambda_max of the
// Hessian), h = 2 t / midpoint(L0) rounded to nearest in MPFR, then to the
// nearest decimal with `digits` significant digits. h is an exact decimal and
// h L0 / 2 = t up to the last rounding (a relative 5e-12 for 12 digits).
#pragma once

#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/interval.hpp"
#include "lrcert/number/rational.hpp"
#include "lrcert/problem/factorization.hpp"

#include <cstddef>

namespace lrcert {

// Bits at which L0 is enclosed and 2 t / L0 is computed (far more than the at
// most 40 decimal digits h is rounded to).
constexpr unsigned kRelativeStepBits = 256;
// Significant digits of an h given as "h_over_2_over_L0" in a problem file.
constexpr int kRelativeStepDigits = 12;

// The scalar family's sharpness at a start (docs/math.md, section 2), from
// S0 = |x0|^2 + |y0|^2, r0 = mu - x0 . y0 and d: lambda_+- = (S0 +- sqrt(S0^2 -
// 8 r0 mu + 12 r0^2)) / 2 and L0 = max(lambda_+, |r0|) for d >= 2, lambda_+ for
// d = 1; enclosures at the working precision.
struct ScalarSharpness {
    Interval lambda_plus;
    Interval lambda_minus;
    Interval L0;
};
ScalarSharpness scalar_sharpness(const Rational& S0, const Rational& r0, const Rational& mu, size_t d);

// A certified enclosure of L0 at the start z of the instance A at the working
// precision: the closed form above when `scalar_family` (A = [mu], X and Y one
// row each), else the certified lambda_max of the Hessian (linalg/eigen_bounds.hpp).
Interval start_sharpness(bool scalar_family, const Matrix<Rational>& A, const Factors<Rational>& z);

// The decimal with `digits` significant digits nearest to x (ties to even),
// as an exact rational. x must be finite (std::domain_error otherwise).
Rational round_to_digits(const Real& x, int digits);

// 2 t / L0mid (rounded to nearest at L0mid's precision), then rounded to
// `digits` significant digits. Call inside a PrecisionScope of
// kRelativeStepBits bits. May be 0 when t is tiny.
Rational relative_step(const Rational& t, const Real& L0mid, int digits);

// h = t * 2/L0 at the start z0 (the rule above). Throws std::invalid_argument
// for t <= 0 or digits outside [3, 40], std::domain_error when L0 is not
// certainly positive at the start or h rounds to 0.
Rational h_relative_to_two_over_L0(bool scalar_family, const Matrix<Rational>& A, const Factors<Rational>& z0,
                                   const Rational& t, int digits = kRelativeStepDigits);

}  // namespace lrcert
