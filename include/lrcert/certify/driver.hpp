// The certification driver: the precision escalation and the step loop, once
// for every family (docs/math.md, "The certification driver").
//
// certify_with(family, options) plans the working precision from the
// family's float64 dry run, then attempts the certification at that
// precision, doubling it (up to options.max_precision) while an attempt runs
// out of bits. One attempt follows the family's BallTrajectory step by step:
//   - past the iterate bound |z| <= 1e30 (enclose/ball.hpp) it stops, except
//     for a family that follows its ball past the bound (follows_past_bound:
//     the scalar family, for Lemma D), which goes on while the ball is finite;
//   - it stops for more bits when the radius exceeds kRadiusCap (1 + |z|);
//   - while no limit is proven, it tries the divergence test (if any);
//   - it tries the tail lemma at every step, keeping the limit enclosure of
//     least width; kStaleSteps steps without a narrower one end the attempt
//     (a family may set its own `static constexpr size_t stale_steps` and
//     `static constexpr double refine_gain`: then only a limit narrower than
//     refine_gain times the best so far counts as progress);
//   - at options.max_steps it stops (converged if a limit is proven).
// Cancellation: options.cancel is polled once per step (certify/cancel.hpp).
//
// A Family is a duck type supplying the mathematics:
//   using Map, Lemma, Limit, Certificate;  // Certificate derives CertificateCore<Lemma, Limit>
//   static constexpr bool has_divergence_test;
//   static constexpr bool follows_past_bound;  // only with a divergence test
//   static constexpr const char* tail_name;   // "Lemma S": in reason texts
//   static constexpr const char* tail_proof;  // "lemma S": the certificate's proof
//   Certificate certificate() const;          // with the family's exact data filled in
//   DryRun dry_run(const DriverOptions&) const;
//   // Exceptional starts, decided without a trajectory (p: the planned
//   // precision); true: `cert` is complete.
//   bool decide_before(Certificate& cert, unsigned p) const;
//   void begin_attempt(Certificate&) const;   // per precision, inside its scope
//   BallTrajectory<Map> trajectory() const;
//   UpperBound scale(const Ball&) const;      // 1 + the state's size, for the radius cap
//   TailTry<Lemma, Limit> try_tail(Map&, const Ball&, size_t k) const;
//   void finish_limit(Certificate&) const;    // the limit's quantities (cert.limit is set)
//   std::string converged_reason(const Certificate&) const;
//   std::string escape_reason(const std::string& bound_text, size_t k, const Certificate&) const;
//   std::string out_of_bits_detail(const Certificate&) const;  // appended to the budget reason
// and, when has_divergence_test:
//   static constexpr const char* divergence_proof;
//   bool try_divergence(Map&, const Ball&, size_t k, Certificate&) const;  // records its lemma
//   std::string diverged_reason(const Certificate&) const;
// and, when has_cycle_test (convergence to a cycle, docs/math.md section 12):
//   PointMap point_map() const;              // the GD map on the family's state
//   Box state_box(const Ball&) const;         // point-map coordinates; contains the ball
//   std::string cycle_obstacle() const;       // non-empty: why no cycle can be certified
//   void finish_cycle(Certificate&) const;    // the cycle's quantities (cert.cycle is set)
// When the dry run settles into a cycle of period p >= 2, an attempt first
// certifies an attracting region of it (dynamics/contraction.hpp) at its
// precision, then stops with `periodic` at the first step whose ball lies in
// that region. If no region can be certified, the attempt goes on as usual
// but is not repeated with more bits (the region's failure is mathematical,
// not one of precision), and an undecided reason says what the float run saw.
// and, when follows_past_bound:
//   bool finite(const Ball&) const;           // whether the enclosure is still finite
// and optionally, for a family whose start is a set (a certified region's
// cell, certify/scalar_cell.hpp: docs/math.md, section 14):
//   Threshold radius_cap() const;             // replaces kRadiusCap
//   std::string too_wide(const Ball&, size_t k) const;  // non-empty: the cap was
//                                             // reached by the set's own width, not
//                                             // by rounding; the attempt ends undecided
//                                             // with this reason, not retried with more bits
//   TailTry<Lemma, Limit> try_tail_on(Trajectory&, size_t k) const;  // replaces
//                                             // try_tail: the tail lemma on the
//                                             // trajectory's own set, not its ball
#pragma once

#include "lrcert/certify/cancel.hpp"
#include "lrcert/certify/outcome.hpp"
#include "lrcert/certify/precision_plan.hpp"
#include "lrcert/dynamics/contraction.hpp"
#include "lrcert/enclose/ball_trajectory.hpp"
#include "lrcert/number/precision.hpp"

#include <algorithm>
#include <chrono>
#include <mpfr.h>
#include <optional>
#include <string>
#include <utility>

namespace lrcert {

// ---- the driver's parameters (docs/math.md, "The certification driver") -------------
// An attempt needs more bits once the radius exceeds kRadiusCap (1 + |z|): a
// heuristic threshold, compared at round-to-nearest (number/bound.hpp,
// Threshold); it decides when to add bits, it proves nothing.
inline constexpr Threshold kRadiusCap{"1e-6"};
// Refinement ends after this many steps without a narrower limit enclosure.
inline constexpr size_t kStaleSteps = 25;
// The planned precision is at least this many bits (one or two limbs: the
// verdicts of the examples hold at 64 bits; more are planned for digits).
inline constexpr unsigned kPrecisionFloor = 64;

// Bits that hold D decimal digits, with a byte to spare: ceil(D log2 10) + 8.
unsigned bits_for_digits(unsigned digits);

// One application of the tail lemma at a step.
template <class Lemma, class Limit>
struct TailTry {
    bool tried = false;          // false: not worth trying here (nothing is counted)
    Lemma lemma;                 // the lemma as checked (when tried)
    std::optional<Limit> limit;  // set iff the lemma holds: the limit it gives
    UpperBound width;            // the width measure of that limit (smaller is better)
    std::string failure;         // why it does not hold (when it does not)
};

// What the float64 dry run saw, for reasons ("float64 run settles into a
// period-2 cycle"; "" when it saw nothing particular). Planning only.
std::string dry_run_summary(const DryRun& run);

namespace driver_detail {

enum class Attempt { Converged, Diverged, Periodic, NoTail, OutOfBits, Escaped };

// Whether the family follows its ball past the iterate bound (for its divergence test).
template <class Family>
constexpr bool follows_past_bound() {
    if constexpr (Family::has_divergence_test)
        return Family::follows_past_bound;
    else
        return false;
}

// The family's refinement rule (see above); the defaults: kStaleSteps, any narrowing.
template <class Family>
constexpr size_t stale_steps() {
    if constexpr (requires { Family::stale_steps; })
        return Family::stale_steps;
    else
        return kStaleSteps;
}
template <class Family>
bool narrower_enough(const UpperBound& width, const UpperBound& best) {
    if constexpr (requires { Family::refine_gain; })
        return width.real() < best.real() * Family::refine_gain;
    else
        return width < best;
}

template <class Family>
Threshold radius_cap(const Family& family) {
    if constexpr (requires { family.radius_cap(); })
        return family.radius_cap();
    else
        return kRadiusCap;
}

template <class Family>
std::string too_wide(const Family& family, const Ball& ball, size_t k) {
    if constexpr (requires { family.too_wide(ball, k); })
        return family.too_wide(ball, k);
    else
        return {};
}

// Whether --digits may stop the family's refinement (and repeat a run short of
// them): a family may decline at run time (`refines_to_digits() const`),
// then it refines until its limit stops narrowing, as with digits = 0.
template <class Family>
bool refines_to_digits(const Family& family) {
    if constexpr (requires { family.refines_to_digits(); })
        return family.refines_to_digits();
    else
        return true;
}

template <class Family>
constexpr bool has_cycle_test() {
    if constexpr (requires { Family::has_cycle_test; })
        return Family::has_cycle_test;
    else
        return false;
}

// `cycle_note`: set when the dry run saw a cycle that has no certified region.
// `started`: when certify_with began (for cert.verdict_seconds).
template <class Family>
Attempt attempt(const Family& family, const DriverOptions& opt, typename Family::Certificate& cert,
                std::string& why, std::string& cycle_note, std::chrono::steady_clock::time_point started) {
    auto verdict_now = [&] {
        if (!cert.verdict_seconds)
            cert.verdict_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    // The digits wanted, as a width relative to 1 + |z| (a stopping rule, not a proof).
    const std::optional<Real> digits_width = opt.digits && refines_to_digits(family)
                                                 ? std::optional<Real>(pow(Real(10), -static_cast<int>(opt.digits)))
                                                 : std::nullopt;
    cert.digits_reached = false;
    auto traj = family.trajectory();
    cert.limit.reset();
    cert.first_tail_step.reset();
    cert.first_lemma.reset();
    cert.final_centre.reset();
    cert.last_failure = std::string(Family::tail_name) + " was never tried";
    size_t stale = 0;
    UpperBound best_width;
    const Real iterate_bound(iterate_bound_text());
    std::optional<std::pair<BallBound, size_t>> beyond;  // the first step past the iterate bound
    cert.cycle.reset();

    // The float run settled into a cycle: its attracting region, once per precision.
    std::optional<ContractionRegion> region;
    if constexpr (has_cycle_test<Family>()) {
        if (cert.dry_run.cycle_period >= 2) {
            const std::string seen = dry_run_summary(cert.dry_run);
            const std::string obstacle = family.cycle_obstacle();
            if (!obstacle.empty()) {
                cycle_note = seen + "; " + obstacle;
            } else {
                region = contraction_region(family.point_map(), cert.dry_run.cycle_point, cert.dry_run.cycle_period);
                if (!region->holds || !region->minimal) {
                    cycle_note = seen + "; no cycle certificate at " + std::to_string(working_bits()) + " bits: " +
                                 (region->holds ? "its minimal period could not be proven" : region->failure);
                    region.reset();
                }
            }
        }
    }

    // The step loop; on every return the ball at the last step (steps_run,
    // final_radius) is the trajectory's current one, whose centre is kept.
    const Attempt result = [&]() -> Attempt {
        for (size_t k = 0;; ++k) {
            throw_if_cancelled(opt.cancel);
            const Ball& ball = traj.ball();
            const BallBound bound = traj.bound();
            if (opt.progress && k % kProgressEvery == 0)
                (*opt.progress)(Progress{"trajectory", k, working_bits(), ball.radius.real().convert_to<double>()});
            cert.steps_run = k;
            cert.final_radius = ball.radius;
            if (!beyond && bound != BallBound::Within) beyond = std::pair{bound, k};

            // Past the iterate bound the ball is followed only for a divergence
            // test, and only while it is finite.
            if constexpr (follows_past_bound<Family>()) {
                if (beyond && !family.finite(ball)) {
                    if (cert.limit) return Attempt::Converged;
                    why = family.escape_reason(bound_reason(beyond->first, beyond->second), k, cert);
                    return Attempt::Escaped;
                }
            }

            // The enclosure is useful only while the radius is small against the
            // state; beyond that the precision (not the mathematics) is short --
            // unless the state itself is past the bound and nothing follows it there.
            // (The cap is a heuristic threshold, compared at round-to-nearest.)
            const UpperBound scale = family.scale(ball);
            if (!ball.radius.finite() || exceeds(ball.radius, radius_cap(family), scale.real())) {
                if (cert.limit) return Attempt::Converged;
                if constexpr (!follows_past_bound<Family>()) {
                    if (!scale.finite() || scale.real() > iterate_bound) {
                        why = family.escape_reason(
                            bound_reason(bound == BallBound::Within ? BallBound::Unbounded : bound, k), k, cert);
                        return Attempt::Escaped;
                    }
                }
                if (std::string wide = too_wide(family, ball, k); !wide.empty()) {
                    why = wide;
                    return Attempt::NoTail;
                }
                why = "ball radius " + ball.radius.decimal(4) + " too wide at step " + std::to_string(k);
                return Attempt::OutOfBits;
            }
            if constexpr (!follows_past_bound<Family>()) {
                if (bound != BallBound::Within) {
                    if (cert.limit) return Attempt::Converged;
                    why = family.escape_reason(bound_reason(bound, k), k, cert);
                    return Attempt::Escaped;
                }
            }

            if constexpr (has_cycle_test<Family>()) {
                if (region && !cert.limit && region_contains(*region, family.state_box(ball))) {
                    cert.cycle = CycleCertificate{k, std::move(*region), {}, {}, {}};
                    verdict_now();
                    return Attempt::Periodic;
                }
            }
            if constexpr (Family::has_divergence_test) {
                if (!cert.limit && family.try_divergence(traj.map(), ball, k, cert)) {
                    verdict_now();
                    return Attempt::Diverged;
                }
            }

            auto tail = [&] {
                if constexpr (requires { family.try_tail_on(traj, k); })
                    return family.try_tail_on(traj, k);
                else
                    return family.try_tail(traj.map(), ball, k);
            }();
            if (tail.tried) {
                if (tail.limit) {
                    if (!cert.first_tail_step) {
                        cert.first_tail_step = k;
                        cert.first_lemma = tail.lemma;
                        verdict_now();
                    }
                    if (!cert.limit || tail.width < best_width) {
                        const bool progress = !cert.limit || narrower_enough<Family>(tail.width, best_width);
                        cert.limit = std::move(*tail.limit);
                        best_width = tail.width;
                        stale = progress ? 0 : stale + 1;
                    } else {
                        ++stale;
                    }
                } else {
                    cert.last_failure = tail.failure;
                    if (cert.limit) ++stale;
                }
            }
            if (cert.limit && digits_width && best_width.real() <= *digits_width * scale.real()) {
                cert.digits_reached = true;
                return Attempt::Converged;
            }
            if (cert.limit && stale >= stale_steps<Family>()) return Attempt::Converged;
            if (k >= opt.max_steps) {
                if (cert.limit) return Attempt::Converged;
                why = "no tail certificate within " + std::to_string(opt.max_steps) + " steps (last " +
                      Family::tail_name + " failure: " + cert.last_failure + ")";
                return Attempt::NoTail;
            }
            if constexpr (follows_past_bound<Family>())
                traj.advance_unbounded();
            else
                traj.advance();
        }
    }();
    cert.final_centre = traj.ball().centre;
    return result;
}

}  // namespace driver_detail

// "Lemma-free" reason of a periodic outcome: the step, the period, the region.
std::string cycle_reason(const CycleCertificate& cycle);
// `why`, prefixed by what the dry run saw when it saw something ("float64 run
// settles into a period-4 cycle; ...").
std::string with_dry_run(const DryRun& run, const std::string& why);

template <class Family>
typename Family::Certificate certify_with(const Family& family, const DriverOptions& opt) {
    using driver_detail::Attempt;
    const auto started = std::chrono::steady_clock::now();
    typename Family::Certificate cert = family.certificate();
    // The dry run only picks where the certified run starts; it is not part of any proof.
    cert.dry_run = family.dry_run(opt);
    const unsigned wanted = opt.digits ? bits_for_digits(opt.digits) : opt.wanted_bits;
    unsigned p = opt.precision ? opt.precision
                               : planned_precision(cert.dry_run, wanted, kPrecisionFloor, opt.max_precision);
    if (p > opt.max_precision) p = opt.max_precision;
    if (family.decide_before(cert, p)) return cert;

    // A converged attempt short of the digits asked for, kept while a
    // later one with more bits is tried (both are proofs; the later is narrower).
    std::optional<typename Family::Certificate> short_of_digits;
    for (;;) {
        PrecisionScope scope(p);
        cert.precision_bits = p;
        cert.precisions.push_back(p);
        family.begin_attempt(cert);
        std::string why, cycle_note;
        const Attempt status = driver_detail::attempt(family, opt, cert, why, cycle_note, started);
        cert.driver_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (status == Attempt::OutOfBits && p < opt.max_precision && cycle_note.empty()) {
            p = std::min(2 * p, opt.max_precision);
            continue;
        }
        // (Not when the step budget cut the refinement: more bits cannot help there.)
        if (status == Attempt::Converged && opt.digits && driver_detail::refines_to_digits(family) &&
            !cert.digits_reached && cert.steps_run < opt.max_steps && p < opt.max_precision) {
            short_of_digits = cert;
            p = std::min(2 * p, opt.max_precision);
            continue;
        }
        if (status != Attempt::Converged && short_of_digits) {
            // The run with more bits did not get as far: the earlier proof stands.
            const std::vector<unsigned> tried = cert.precisions;
            const double seconds = cert.driver_seconds;
            cert = std::move(*short_of_digits);
            PrecisionScope back(cert.precision_bits);
            cert.precisions = tried;
            cert.driver_seconds = seconds;
            family.finish_limit(cert);
            cert.outcome = Outcome::Converged;
            cert.proof = Family::tail_proof;
            cert.reason = family.converged_reason(cert);
            return cert;
        }
        switch (status) {
            case Attempt::Converged:
                family.finish_limit(cert);
                cert.outcome = Outcome::Converged;
                cert.proof = Family::tail_proof;
                cert.reason = family.converged_reason(cert);
                break;
            case Attempt::Diverged:
                if constexpr (Family::has_divergence_test) {
                    cert.outcome = Outcome::Diverged;
                    cert.proof = Family::divergence_proof;
                    cert.reason = family.diverged_reason(cert);
                }
                break;
            case Attempt::Periodic:
                if constexpr (driver_detail::has_cycle_test<Family>()) {
                    family.finish_cycle(cert);
                    cert.outcome = Outcome::Periodic;
                    cert.proof = "cycle contraction";
                    cert.reason = cycle_reason(*cert.cycle);
                }
                break;
            case Attempt::NoTail:
            case Attempt::Escaped:
                cert.outcome = Outcome::Undecided;
                cert.reason = cycle_note.empty() ? with_dry_run(cert.dry_run, why) : cycle_note + "; " + why;
                break;
            case Attempt::OutOfBits:
                cert.outcome = Outcome::Undecided;
                if (!cycle_note.empty()) {
                    cert.reason = cycle_note + "; the enclosure ran out of bits (" + why +
                                  family.out_of_bits_detail(cert) + "), not retried with more";
                } else {
                    cert.reason = with_dry_run(cert.dry_run, "precision budget exhausted at " + std::to_string(p) +
                                                                 " bits (" + why + family.out_of_bits_detail(cert) + ")");
                }
                break;
        }
        return cert;
    }
}

}  // namespace lrcert
