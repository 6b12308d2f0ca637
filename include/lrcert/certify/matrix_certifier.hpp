// End-to-end certification of a matrix-family instance
// f(X, Y) = 1/2 ||A - X Y^T||_F^2 (docs/math.md, sections 3 and 7):
//   1. certified L0 = lambda_max of the (n+m)d x (n+m)d Hessian at the start
//      (Rayleigh quotient below, interval Cholesky above; above
//      float_L0_above, Lanczos and a float Cholesky test, docs/math.md 7.6a);
//   2. ball enclosure of the full state (X, Y) (BallTrajectory<MatrixMap>,
//      growth from cached spectral bounds);
//   3. Lemma G (for d < min(n, m) with rank(A) = d: Lemma LR,
//      certify/lowrank_lemma.hpp) at the earliest step, then refinement; or Lemma DM
//      (divergence) at the first step where it holds;
//   4. escalation of the precision (x2) while the enclosure runs out of bits.
// A = mu I exactly (square) with d = 1 is routed to the isotropic family
// (certify/isotropic_certifier.hpp) after step 1.
// Steps 2-4 are the certification driver's (certify/driver.hpp); this file
// supplies the mathematics of the family.
#pragma once

#include "lrcert/certify/isotropic_certifier.hpp"
#include "lrcert/certify/matrix_lemmas.hpp"
#include "lrcert/certify/outcome.hpp"
#include "lrcert/certify/precision_plan.hpp"
#include "lrcert/certify/scalar_certifier.hpp"  // callers use both families
#include "lrcert/enclose/ball_trajectory.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lrcert {

struct MatrixOptions : DriverOptions {
    unsigned sharpness_bits = 128;  // precision of the L0 computation
    // L0 of a Hessian of dimension N = (n + m) d above this: Lanczos and the
    // float Cholesky test (problem/hessian_sharpness.hpp, docs/math.md 7.6a;
    // relative width about N^2 2^-53); at or below it the dense interval
    // Cholesky (a few ms there, width about 2^-bits).
    size_t float_L0_above = 128;
};

struct MatrixLimit {
    size_t step = 0;             // K of the Lemma G application that gave it
    LemmaG lemma;
    Ball ball;                   // |z_inf - centre| <= radius (= limit_radius; the trajectory's ball until finished)
    Matrix<Interval> X, Y;       // per-entry enclosures
    Interval sharpness;          // lambda_max(Hess f(z_inf)) = sigma_1(X)^2 + sigma_1(Y)^2
    Interval norm_gap;           // ||X||_F^2 - ||Y||_F^2
    std::optional<Interval> imbalance;  // ||X - Y||_F^2 (square A only)
};

// The radius of the reported limit ball around c_K: Lemma G's reach plus the
// margin 3 e_K + 2^-20 reach (docs/math.md 7.5, "A margin for a second
// enclosure"), e_K = at_K.radius. Still an upper bound of |z_inf - c_K|.
UpperBound limit_radius(const LemmaG& lemma, const Ball& at_K);

// The limit's quantities from Lemma G at step `step`, on the ball of radius
// limit_radius(lemma, at_K) around at_K's centre (at_K: the trajectory's ball
// B(c_K, e_K)); also used for cells (certify/matrix_cell.hpp).
MatrixLimit matrix_limit_at(const Matrix<Interval>& A, size_t step, const LemmaG& lemma, const Ball& at_K);

// The driver's fields (certify/outcome.hpp; proof "lemma G", "lemma LR", "lemma DM" or "") and the
// matrix family's own.
struct MatrixCertificate : CertificateCore<LemmaG, MatrixLimit> {
    unsigned sharpness_bits = 0;
    Interval L0;                 // at sharpness_bits
    bool L0_certified = false;   // upper end by Cholesky (else Gershgorin fallback)
    bool L0_float_test = false;  // ... by the float Cholesky test (L0_shift: its t)
    std::vector<Real> L0_vector; // Rayleigh vector
    Real L0_shift;               // t with t I - H proven positive definite
    Interval h_times_L0;
    Interval norm_gap_0;         // ||X0||_F^2 - ||Y0||_F^2 (exact, enclosed)
    Interval h;
    std::optional<size_t> divergence_step;  // K where Lemma DM holds (outcome diverged)
    std::optional<LemmaDM> divergence;
    // d < min(n, m): the enclosure of f* = 1/2 sum_{i>d} sigma_i(A)^2 and whether
    // sigma_d(A) > sigma_{d+1}(A) is proven (Lemma P, docs/math.md 7.4c). When the
    // limit comes from Lemma P (limit->lemma.positive_loss), f(z_inf) = f*.
    std::optional<MinLoss> min_loss;
    // Set iff A = mu I exactly and d = 1: the run was the isotropic family's
    // (certify/isotropic_certifier.hpp, proof "lemma I"); the fields above
    // then copy its outcome, reason, precisions, steps and final ball (the
    // Gram ball's: final_centre is (a, b, c) as a 3 x 1 X and an empty Y);
    // `limit` stays unset (the limit is isotropic->limit).
    std::optional<IsotropicCertificate> isotropic;
};

// The ball enclosure of the matrix trajectory is BallTrajectory<MatrixMap>
// (MatrixTrajectory, enclose/ball_trajectory.hpp; from exact data:
// matrix_trajectory), the same balls the certifier follows.

// A: n x m, z0 = (X0, Y0), h > 0, all exact.
MatrixCertificate certify_matrix(const Matrix<Rational>& A, const Factors<Rational>& z0, const Rational& h,
                                 const MatrixOptions& options);

// Float64 dry run of the matrix GD: log2 of the product of the growth bounds.
DryRun dry_run_matrix(const Matrix<double>& A, const Factors<double>& z0, double h, size_t max_steps,
                      const std::atomic<bool>* cancel = nullptr);

}  // namespace lrcert
