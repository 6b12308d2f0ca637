// End-to-end certification of a scalar-family instance
// f(x, y) = 1/2 (mu - x^T y)^2, x, y in R^d (docs/math.md sections 2-6):
//   1. exact reduction to d = 1 and certified L0 (closed form);
//   2. ball enclosure of the reduced trajectory at a planned precision;
//   3. Lemma S at the earliest step, then refinement (re-applied every step,
//      keeping the step whose limit enclosure is narrowest), or Lemma D
//      (divergence), or the exact invariant of the exceptional start;
//   4. escalation of the precision (x2) while the enclosure runs out of bits.
// Every interval in the result contains the exact value; an outcome other than
// Undecided is backed by the proof named in `proof`.
#pragma once

#include "lrcert/certify/cancel.hpp"
#include "lrcert/certify/precision_plan.hpp"
#include "lrcert/certify/scalar_lemmas.hpp"
#include "lrcert/certify/scalar_reduction.hpp"
#include "lrcert/enclose/ball.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lrcert {

enum class Outcome {
    Converged,     // to a global minimizer (Lemma S / Lemma G)
    NotConverged,  // proven never to reach a global minimizer (exact invariant)
    Diverged,      // proven |r_k| -> infinity (Lemma D)
    Undecided      // nothing proven; `reason` says why
};
const char* outcome_name(Outcome o);

struct ScalarOptions {
    unsigned precision = 0;         // starting bits; 0 = planned from the dry run
    unsigned max_precision = 4096;  // escalation stops here
    size_t max_steps = 100000;      // per precision attempt
    unsigned wanted_bits = 128;     // bits of the limit the plan aims for
    const std::atomic<bool>* cancel = nullptr;  // set: the step loop throws Cancelled (certify/cancel.hpp)
};

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
    std::vector<Interval> x, y;  // d-dimensional limit
    Interval imbalance;          // |x_inf - y_inf|^2
    Interval a;                  // |x_inf + y_inf|^2
    Interval sharpness;          // (a + b)/2 = |x_inf|^2 + |y_inf|^2 = lambda_max(Hessian(z_inf))
    Interval norm_gap;           // |x_inf|^2 - |y_inf|^2
    Real width;                  // the refinement's width measure
};

struct ScalarCertificate {
    Outcome outcome = Outcome::Undecided;
    std::string reason;  // why (for every outcome)
    std::string proof;   // "lemma S", "lemma D", "invariant u = 0", ... or ""

    unsigned precision_bits = 0;          // precision of the final attempt
    std::vector<unsigned> precisions;     // all attempts, in order
    DryRun dry_run;

    ScalarReduction reduction;
    InitialSharpness initial;             // at the final precision
    Interval h_times_L0;
    Interval S0, r0, mu, h;

    size_t steps_run = 0;                 // steps of the final attempt
    Real final_radius;                    // ball radius at the last step
    std::optional<size_t> first_tail_step;  // earliest K where the lemma held
    std::optional<LemmaS> first_lemma;
    std::optional<ScalarLimit> limit;     // only when converged
    std::optional<size_t> divergence_step;
    std::optional<LemmaD> divergence;
};

ScalarCertificate certify_scalar(const ScalarReduction& red, const ScalarOptions& options);

// The ball enclosure of the reduced trajectory, step by step, at the caller's
// working precision (construct and use inside one PrecisionScope).
class ScalarTrajectory {
public:
    explicit ScalarTrajectory(const ScalarReduction& red);
    size_t step() const { return k_; }
    const Ball& ball() const { return ball_; }
    // Box of the reduced state (x_k', y_k') (contains the ball).
    void reduced_box(Interval& x, Interval& y) const;
    // Enclosures of the d-dimensional iterate (x_k, y_k).
    void iterate(std::vector<Interval>& x, std::vector<Interval>& y) const;
    // Upper bound of ||DF|| on the current box.
    Real growth_bound() const;
    // Whether the current enclosure lies within |z| <= 1e30 (enclose/ball.hpp).
    BallBound bound() const { return bound_; }
    // Advances one GD step; only while bound() is Within (throws std::logic_error otherwise).
    void advance();
    // Advances one GD step also past the iterate bound (for the certifier's
    // Lemma D); the enclosure may then stop being finite: the caller checks.
    void advance_unbounded();
    const Interval& mu() const { return mu_; }
    const Interval& h() const { return h_; }

private:
    const ScalarReduction* red_;
    Interval mu_, h_;
    Matrix<Interval> A_;
    Ball ball_;
    BallBound bound_ = BallBound::Within;
    size_t k_ = 0;
};

}  // namespace lrcert
