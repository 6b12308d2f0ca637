// What a certification concludes, and the fields every family's certificate
// shares (the certification driver, docs/math.md "The certification driver").
#pragma once

#include "lrcert/certify/precision_plan.hpp"
#include "lrcert/certify/progress.hpp"
#include "lrcert/dynamics/contraction.hpp"
#include "lrcert/problem/factorization.hpp"
#include "lrcert/number/bound.hpp"
#include "lrcert/number/interval.hpp"

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace lrcert {

enum class Outcome {
    Converged,     // to a global minimizer (Lemma S / Lemma G / Lemma I)
    NotConverged,  // proven never to reach a global minimizer (exact invariant)
    Diverged,      // proven |r_k| -> infinity (Lemma D)
    Periodic,      // proven convergence to a cycle of minimal period >= 2 (docs/math.md, section 12)
    Undecided      // nothing proven; `reason` says why
};
const char* outcome_name(Outcome o);

// The options of every certification (families add their own).
struct DriverOptions {
    unsigned precision = 0;         // starting bits; 0 = planned from the dry run
    unsigned max_precision = 4096;  // escalation stops here
    size_t max_steps = 100000;      // per precision attempt
    unsigned wanted_bits = 128;     // bits of the limit the plan aims for (when digits = 0)
    // Verdict first, digits on request (docs/math.md, section 8): with D > 0
    // the plan aims for D digits (bits_for_digits), refinement stops once the
    // limit's width is <= 10^-D (1 + |z|), and a converged attempt short of
    // that is repeated with twice the bits (up to max_precision). 0: refine
    // until the limit stops narrowing, at the precision planned for wanted_bits.
    unsigned digits = 0;
    const std::atomic<bool>* cancel = nullptr;  // set: the step loop throws Cancelled (certify/cancel.hpp)
    const ProgressSink* progress = nullptr;     // set: called every kProgressEvery steps (certify/progress.hpp)
};

// Convergence to a cycle (docs/math.md, section 12): the trajectory's ball
// at `step` lies in the attracting region `region` of a period-p point.
struct CycleCertificate {
    size_t step = 0;              // K
    ContractionRegion region;     // the proof (region.minimal holds)
    // The cycle's quantities, by the family: points in the problem's own
    // coordinates (X, Y; the scalar family: x = X^T, y = Y^T), f and
    // lambda_max(Hess f) at each point of the cycle.
    std::vector<Factors<Interval>> points;
    std::vector<Interval> loss;
    std::vector<Interval> sharpness;
};

// The fields of every certificate. `Lemma` is the family's tail lemma,
// `Limit` its limit enclosure (with the step K it was refined at).
template <class Lemma, class Limit>
struct CertificateCore {
    Outcome outcome = Outcome::Undecided;
    std::string reason;  // why (for every outcome)
    std::string proof;   // "lemma S", "lemma G", "lemma D", "invariant u = 0", ... or ""

    unsigned precision_bits = 0;          // precision of the final attempt
    std::vector<unsigned> precisions;     // all attempts, in order
    DryRun dry_run;                       // planning only, not a proof

    size_t steps_run = 0;                 // steps of the final attempt
    UpperBound final_radius;              // ball radius at the last step
    // The ball's centre at that step (state coordinates of the family's
    // trajectory: the reduced (x', y') for the scalar family); unset when no
    // trajectory was followed (an exceptional start decided before any step).
    // Written to the certificate for lrcert-check (docs/checker.md, section 3).
    std::optional<Factors<Real>> final_centre;
    std::optional<size_t> first_tail_step;  // earliest K where the tail lemma held
    std::optional<Lemma> first_lemma;     // the tail lemma at that step
    std::optional<Limit> limit;           // only when converged (limit->step: the refined K)
    std::string last_failure;             // the last reason the tail lemma did not hold
    std::optional<CycleCertificate> cycle;  // only when periodic
    // Wall-clock seconds of the driver (not part of any proof): until the
    // outcome was first proven (the first tail lemma, divergence or cycle
    // certificate, in any attempt), and in all; unset when no trajectory ran.
    std::optional<double> verdict_seconds;
    double driver_seconds = 0;
    // With options.digits = D > 0: whether the final limit's width reached
    // 10^-D (1 + |z|) (false also when there is no limit).
    bool digits_reached = false;
};

}  // namespace lrcert
