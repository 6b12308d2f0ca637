// End-to-end certification of a matrix-family instance
// f(X, Y) = 1/2 ||A - X Y^T||_F^2 (docs/math.md sections 1, 3, 7, 8; docs/eigen.md):
//   1. certified L0 = lambda_max of the (n+m)d x (n+m)d Hessian at the start
//      (Rayleigh quotient below, interval Cholesky above);
//   2. ball enclosure of the full state (X, Y), growth from spectral bounds;
//   3. Lemma G at the earliest step, then refinement;
//   4. escalation of the precision (x2) while the enclosure runs out of bits.
#pragma once

#include "lrcert/certify/matrix_lemmas.hpp"
#include "lrcert/certify/scalar_certifier.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lrcert {

struct MatrixOptions {
    unsigned precision = 0;         // starting bits; 0 = planned
    unsigned max_precision = 4096;
    size_t max_steps = 100000;
    unsigned wanted_bits = 128;
    unsigned sharpness_bits = 128;  // precision of the L0 computation
    const std::atomic<bool>* cancel = nullptr;  // set: the step loop throws Cancelled (certify/cancel.hpp)
};

struct MatrixLimit {
    size_t step = 0;             // K of the Lemma G application that gave it
    LemmaG lemma;
    Ball ball;                   // |z_inf - centre| <= radius (= lemma.reach)
    Matrix<Interval> X, Y;       // per-entry enclosures
    Interval sharpness;          // lambda_max(Hess f(z_inf)) = sigma_1(X)^2 + sigma_1(Y)^2
    Interval norm_gap;           // ||X||_F^2 - ||Y||_F^2
    std::optional<Interval> imbalance;  // ||X - Y||_F^2 (square A only)
};

struct MatrixCertificate {
    Outcome outcome = Outcome::Undecided;
    std::string reason;
    std::string proof;
    unsigned precision_bits = 0;
    std::vector<unsigned> precisions;
    DryRun dry_run;

    unsigned sharpness_bits = 0;
    Interval L0;                 // at sharpness_bits
    bool L0_certified = false;   // upper end by Cholesky (else Gershgorin fallback)
    std::vector<Real> L0_vector; // Rayleigh vector
    Real L0_shift;               // t with t I - H proven positive definite
    Interval h_times_L0;
    Interval norm_gap_0;         // ||X0||_F^2 - ||Y0||_F^2 (exact, enclosed)
    Interval h;

    size_t steps_run = 0;
    Real final_radius;
    std::optional<size_t> first_tail_step;
    std::optional<LemmaG> first_lemma;
    std::optional<MatrixLimit> limit;
    std::string last_failure;    // the last reason Lemma G did not hold
};

// The ball enclosure of the matrix trajectory, step by step, at the caller's
// working precision (construct and use inside one PrecisionScope).
class MatrixTrajectory {
public:
    MatrixTrajectory(const Matrix<Rational>& A, const Factors<Rational>& z0, const Rational& h);
    size_t step() const { return k_; }
    const Ball& ball() const { return ball_; }
    // Per-entry enclosures of (X_k, Y_k).
    Factors<Interval> iterate() const;
    // Whether the current enclosure lies within |z| <= 1e30 (enclose/ball.hpp).
    BallBound bound() const { return bound_; }
    // Advances one GD step (growth bound from certified spectral norms); only
    // while bound() is Within (throws std::logic_error otherwise).
    void advance();
    const Matrix<Interval>& A() const { return A_; }
    const Interval& h() const { return h_; }

private:
    Matrix<Interval> A_;
    Interval h_;
    Ball ball_;
    BallBound bound_ = BallBound::Within;
    size_t k_ = 0;
};

// A: n x m, z0 = (X0, Y0), h > 0, all exact.
MatrixCertificate certify_matrix(const Matrix<Rational>& A, const Factors<Rational>& z0, const Rational& h,
                                 const MatrixOptions& options);

// Float64 dry run of the matrix GD: log2 of the product of the growth bounds.
DryRun dry_run_matrix(const Matrix<double>& A, const Factors<double>& z0, double h, size_t max_steps);

}  // namespace lrcert
