// Set-valued certification of a cell of the matrix family
// f(X, Y) = 1/2 ||A - X Y^T||_F^2 (docs/math.md, section 14.1): one ball
// trajectory that encloses the GD iterates of EVERY point (h, s) of a cell,
// and Lemma G (section 7) / Lemma DM (section 10) applied to it, which then
// hold for every point of the cell.
//
// A cell is a product of closed intervals with rational ends: the absolute h
// axis and optionally the scale axis of the sweep specifications
// (app/sweep_spec.hpp, scaled_start): X0 -> s X0, Y0 -> Y0 / s, s > 0.
// Outcomes: converged (Lemma G), diverged (Lemma DM), periodic (the cycle
// certificate of section 12 with the GD map for every h of the cell, d = 1;
// section 14, "A cycle on a cell"), undecided.
#pragma once

#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/certify/scalar_cell.hpp"  // CellStartAxis

#include <optional>
#include <string>

namespace lrcert {

// The exact description of a matrix cell.
struct MatrixCell {
    Matrix<Rational> A;            // n x m
    Factors<Rational> z0;          // the base start: X0 n x d, Y0 m x d
    Rational h_lo, h_hi;           // absolute h, or t with h = t 2/L0 (h_axis)
    CellHAxis h_axis = CellHAxis::Absolute;     // Absolute or TwoOverL0 (certify/scalar_cell.hpp)
    CellStartAxis start = CellStartAxis::None;  // None or Scale
    Rational s_lo, s_hi;           // the scale interval (when start == Scale)
};

// Enclosures, valid for every point of the cell, at the working precision.
struct MatrixCellData {
    Interval h;                    // [h_lo, h_hi], or [t_lo, t_hi] 2 / L0 over the cell
    bool h_bounded = true;         // false: 2/L0 is not bounded on the cell (L0 not certainly > 0)
    Matrix<Interval> A;
    Factors<Interval> z0;          // per entry: the hull over the scale interval
    Interval norm_gap_0;           // ||X0||_F^2 - ||Y0||_F^2 over the cell
    Interval L0, h_L0;             // lambda_max(Hess f(z0)) over the box of starts; h L0
};

// Checks the cell (entries finite, shapes consistent, 0 < h_lo <= h_hi,
// 0 < s_lo <= s_hi for a scale axis, no imbalance axis); throws std::invalid_argument.
void validate_matrix_cell(const MatrixCell& cell);

// The enclosures over the cell (working precision of the caller).
MatrixCellData matrix_cell_data(const MatrixCell& cell);

// The ball trajectory of the cell: MatrixMap(A, [h_lo, h_hi]) from the ball
// around the box of starts; it encloses z_k(h, s) for every point of the cell.
MatrixTrajectory matrix_cell_trajectory(const MatrixCellData& data);

struct MatrixCellCertificate : CertificateCore<LemmaG, MatrixLimit> {
    MatrixCell cell;
    MatrixCellData data;           // at the final precision
    std::optional<size_t> divergence_step;
    std::optional<LemmaDM> divergence;
};

// Certifies the cell with the certification driver (certify/driver.hpp);
// options as for scalar cells (cell_driver_options).
MatrixCellCertificate certify_matrix_cell(const MatrixCell& cell, const DriverOptions& options);

}  // namespace lrcert
