// End-to-end certification of a scalar-family instance
// f(x, y) = 1/2 (mu - x^T y)^2, x, y in R^d (docs/math.md, sections 2-6):
//   1. exact reduction to d = 1 and certified L0 (closed form);
//   2. ball enclosure of the reduced trajectory (BallTrajectory<ScalarMap>);
//   3. Lemma S at the earliest step, then refinement (re-applied every step,
//      keeping the step whose limit enclosure is narrowest), or Lemma D
//      (divergence), or the exact invariant of the exceptional start, or
//      Lemma M (mu = 0 on an invariant line: an exact limit, cycle or divergence);
//   4. escalation of the precision (x2) while the enclosure runs out of bits.
// Steps 2-4 are the certification driver's (certify/driver.hpp); this file
// supplies the mathematics of the family.
// Every interval in the result contains the exact value; an outcome other than
// Undecided is backed by the proof named in `proof`.
#pragma once

#include "lrcert/certify/cancel.hpp"
#include "lrcert/certify/outcome.hpp"
#include "lrcert/certify/precision_plan.hpp"
#include "lrcert/certify/scalar_lemmas.hpp"
#include "lrcert/certify/scalar_reduction.hpp"
#include "lrcert/enclose/ball.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lrcert {

// The scalar family's options are the driver's (certify/outcome.hpp).
using ScalarOptions = DriverOptions;

// Certified sharpness at the start: L0 = max(lambda_+, |r0|) for d >= 2,
// lambda_+ for d = 1, lambda_+ = (S0 + sqrt(S0^2 - 8 r0 mu + 12 r0^2)) / 2.
struct InitialSharpness {
    Interval lambda_plus;
    Interval lambda_minus;
    Interval L0;
};
InitialSharpness scalar_initial_sharpness(const ScalarReduction& red);

struct ScalarLimit {
    size_t step = 0;             // K of the lemma application that gave it
    LemmaS lemma;                // the lemma at that step
    ScalarLimitReduced reduced;  // alpha, beta, a, b
    std::vector<Interval> x, y;  // d-dimensional limit; empty when d > kMaxKeptCoordinates
    Interval imbalance;          // |x_inf - y_inf|^2
    Interval a;                  // |x_inf + y_inf|^2
    Interval sharpness;          // (a + b)/2 = |x_inf|^2 + |y_inf|^2 = lambda_max(Hessian(z_inf))
    Interval norm_gap;           // |x_inf|^2 - |y_inf|^2
    UpperBound width;            // the refinement's width measure
};

// The driver's fields (certify/outcome.hpp; proof "lemma S", "lemma D",
// "invariant u = x + y = 0", ...) and the scalar family's own.
struct ScalarCertificate : CertificateCore<LemmaS, ScalarLimit> {
    ScalarReduction reduction;
    InitialSharpness initial;             // at the final precision
    Interval h_times_L0;
    Interval S0, r0, mu, h;

    std::optional<size_t> divergence_step;
    std::optional<LemmaD> divergence;
    std::optional<LemmaN> nonconvergence;  // outcome not_converged by Lemma N
    // Lemma M (docs/math.md, section 17; proof "lemma M"): mu = 0 on an
    // invariant line, decided exactly before any trajectory. Its case gives
    // the outcome: converged (the limit is exactly the origin; `limit->lemma`
    // is then unset, `first_tail_step` = `limit->step` = 0), not_converged
    // (the exact period-2 orbit at h w0 = 8) or diverged (`divergence_step`
    // and `divergence` unset).
    std::optional<LemmaM> degenerate;
};

ScalarCertificate certify_scalar(const ScalarReduction& red, const ScalarOptions& options);

// The ball enclosure of the reduced trajectory is
// BallTrajectory<ScalarMap> (ScalarTrajectory, enclose/ball_trajectory.hpp):
// see scalar_trajectory and scalar_iterate in certify/scalar_reduction.hpp.

}  // namespace lrcert
