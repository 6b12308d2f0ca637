// Set-valued certification of a cell of a certified region (docs/math.md,
// section 14): one affine set trajectory (section 14.2) that encloses the GD
// iterates of EVERY point (h, start) of a cell of the scalar family
// f(x, y) = 1/2 (mu - x^T y)^2, and Lemma S / Lemma D applied to it, which
// then hold for every point of the cell.
//
// A cell is a product of closed intervals with rational ends: the h axis
// (absolute h, t with h = t * 2 / L0(start), or tau with
// h = tau * 4 / (S0(start) + 4 mu)) and optionally one start axis
// of the sweep specifications (app/sweep_spec.hpp):
//   scale s > 0:      x0 -> s x0, y0 -> y0 / s;
//   imbalance t >= 0: x0 -> (u0 + lambda v0)/2, y0 -> (u0 - lambda v0)/2 with
//                     the real lambda = sqrt(t / |v0|^2) (not rounded: the
//                     cell's statement is about the exact imbalance t).
// Outcomes: converged (Lemma S), diverged (Lemma D), periodic (the cycle
// certificate of section 12 with the reduced map for every h of the cell;
// section 14, "A cycle on a cell"), undecided. Lemma N (section 13) needs a
// rational h and is not tried on cells.
#pragma once

#include "lrcert/certify/outcome.hpp"
#include "lrcert/certify/scalar_lemmas.hpp"
#include "lrcert/enclose/affine_trajectory.hpp"
#include "lrcert/enclose/ball_trajectory.hpp"
#include "lrcert/number/rational.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lrcert {

enum class CellStartAxis { None, Scale, Imbalance };

// What the h axis of a cell measures: h itself, t with h = t * 2 / L0(start),
// or tau with h = tau * 4 / (S0(start) + 4 mu) (the seed theorem's boundary
// of each start: tau <= 1 is the theorem's range of h).
enum class CellHAxis { Absolute, TwoOverL0, SeedBoundary };

// The exact description of a cell.
struct ScalarCell {
    Rational mu;
    std::vector<Rational> x0, y0;  // the base start (d entries each)
    Rational h_lo, h_hi;           // the h axis interval (h, t or tau, by h_axis)
    CellHAxis h_axis = CellHAxis::Absolute;
    CellStartAxis start = CellStartAxis::None;
    Rational s_lo, s_hi;           // the start axis interval (when start != None)

    size_t d() const { return x0.size(); }
};

// Enclosures, valid for every point of the cell, at the working precision.
struct CellData {
    Interval h, mu;
    Interval S0, r0;           // |x0|^2 + |y0|^2, mu - x0 . y0
    Interval u_sq, v_sq, uv;   // |u0|^2, |v0|^2, u0 . v0 = |x0|^2 - |y0|^2
    Interval L0, h_L0;         // section 2, "Initial sharpness"
    Interval x_red, y_red;     // the reduced start x0', y0' (section 2)
    Matrix<Interval> x0, y0;   // the start in R^d (d x 1)
    bool h_bounded = true;     // false: the relative h axis' unit is not certainly positive and finite
};

// Checks the cell (finite, lo <= hi, s > 0 for a scale axis, t >= 0 and
// v0 != 0 for an imbalance axis, d >= 1); throws std::invalid_argument.
void validate_cell(const ScalarCell& cell);

// The enclosures over the cell (working precision of the caller).
CellData cell_data(const ScalarCell& cell);

// The affine trajectory of the cell (enclose/affine_trajectory.hpp; docs/math.md,
// section 14.2): ScalarMap(mu, H), the h interval as parameter 0, the starts as
// a segment (imbalance axis) or as their box (otherwise); it encloses
// z_k(h, start) for every point of the cell.
ScalarAffineTrajectory cell_trajectory(const CellData& data, CellStartAxis axis);

struct CellLimit {
    size_t step = 0;             // K of the Lemma S application that gave it
    LemmaS lemma;
    ScalarLimitReduced reduced;  // alpha, beta, a, b over the cell
    UpperBound width;
};

struct ScalarCellCertificate : CertificateCore<LemmaS, CellLimit> {
    ScalarCell cell;
    CellData data;                         // at the final precision
    std::optional<size_t> divergence_step;
    std::optional<LemmaD> divergence;
};

// The cell's driver options: 128 bits to start, at most 512 (a wide cell
// fails by its width, not by bits), `max_steps` per attempt.
DriverOptions cell_driver_options(size_t max_steps, const std::atomic<bool>* cancel);

// Certifies the cell with the certification driver (certify/driver.hpp).
ScalarCellCertificate certify_scalar_cell(const ScalarCell& cell, const DriverOptions& options);

}  // namespace lrcert
