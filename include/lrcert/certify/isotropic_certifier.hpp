// Certification of the isotropic rank-1 problem A = mu I (n x n), d = 1, on
// its exact Gram map (docs/math.md, section 16):
//   1. ball enclosure of (a, b, c) = (|x|^2, |y|^2, x.y) (enclose/gram_trajectory.hpp),
//      with interval coefficients of x_k, y_k in span{x0, y0};
//   2. Lemma I (certify/isotropic_lemma.hpp) at the earliest step, then
//      refinement (the step whose limit enclosure is narrowest);
//   3. escalation of the precision (x2) while the enclosure runs out of bits.
// Steps 1-3 run in the certification driver (certify/driver.hpp). There is
// no divergence or cycle test: what Lemma I does not prove is undecided.
// Every interval in the result contains the exact value; `converged` means
// GD converges to a global minimizer (c = mu, a b = mu^2, x parallel to y),
// with f_k -> f* = (n - 1) mu^2 / 2.
#pragma once

#include "lrcert/certify/isotropic_lemma.hpp"
#include "lrcert/certify/outcome.hpp"

#include <optional>
#include <vector>

namespace lrcert {

struct IsotropicLimit {
    size_t step = 0;             // K of the Lemma I application that gave it
    LemmaI lemma;                // the lemma at that step
    Gram<Interval> box;          // the box of (a_K, b_K, c_K)
    GramCoefficients<Interval> coefficients;  // at step K
    // Filled by finish_limit:
    Interval a, b;               // a_inf = |x_inf|^2, b_inf = |y_inf|^2 (c_inf = mu, exactly)
    std::vector<Interval> x, y;  // x_inf, y_inf (n entries each)
    Interval imbalance;          // |x_inf - y_inf|^2 = a_inf + b_inf - 2 mu
    Interval norm_gap;           // |x_inf|^2 - |y_inf|^2
    UpperBound width;            // the refinement's width measure
};

struct IsotropicCertificate : CertificateCore<LemmaI, IsotropicLimit> {
    Rational mu;
    Rational min_loss;  // f* = (n - 1) mu^2 / 2, exact (docs/math.md, section 16)
    size_t n = 0;
};

// x0, y0 in R^n (n >= 1), mu, h > 0 exact. Precision and step options as the driver's.
IsotropicCertificate certify_isotropic(const Rational& mu, const std::vector<Rational>& x0,
                                       const std::vector<Rational>& y0, const Rational& h, const DriverOptions& options);

}  // namespace lrcert
