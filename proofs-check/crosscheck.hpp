// lrcert-check: cross-checks of a certificate against the problem itself,
// independent of the certificate's proof (docs/checker.md, "Cross-checks"):
//   * the initial sharpness L0 (scalar family, d <= 50) against the inertia of
//     the exact 2d x 2d Hessian of f at (x0, y0): with the reported enclosure
//     [L_lo, L_hi], H - L_hi I has no positive eigenvalue and H - L_lo I has a
//     nonnegative one (exact rational elimination, Sylvester);
//   * the first 4 steps of the unreduced d-dimensional GD (scalar family,
//     d <= 8) in exact rationals, reduced to (|u|^2, |v|^2) and compared with
//     the exact reduced recursion the two-dimensional proofs run on, and
//     with the checker's own ball enclosure of the reduced run (gd.hpp);
//   * --strengthen: what the checker decides that the certificate left
//     undecided (a claim verdict), reported, so that a weak certificate cannot
//     hide a provable verdict behind "undecided".
#pragma once

#include "check.hpp"
#include "linalg.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace chk {

// The Hessian of f(x, y) = 1/2 (mu - x.y)^2 at (x, y), exactly (2d x 2d,
// variables ordered x then y): [[y y^T, y x^T - r I], [x y^T - r I, x x^T]],
// r = mu - x.y.
Mat scalar_hessian(const Q& mu, const std::vector<Q>& x, const std::vector<Q>& y);

// Exact: is the symmetric matrix S positive semidefinite?
bool positive_semidefinite(const Mat& S);

// "" when [lo, hi] contains lambda_max(H) by the inertia test, else why not.
std::string l0_inertia_misfit(const Mat& H, const Q& lo, const Q& hi);

// The cross-checks on a certificate's text, then check_certificate_text;
// with `strengthen`, one "strengthen: ..." line per claim verdict the checker
// decides that the certificate left undecided. Returns the exit code.
// `inputs`: the problem and claim files (check.hpp).
int crosscheck_certificate_text(const std::string& text, bool strengthen, std::ostream& out,
                                const Inputs* inputs = nullptr);

}  // namespace chk
