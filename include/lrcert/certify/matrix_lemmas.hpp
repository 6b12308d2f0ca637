// Proof steps of the matrix family f = 1/2 ||A - X Y^T||_F^2 on balls
// B(c, e) (DESIGN sections 3-4; derivations in docs/math.md, section 8):
// spectral bounds at a centre, the growth bound of the ball enclosure, and
// Lemma G (PL-based convergence to a zero-residual limit).
#pragma once

#include "lrcert/enclose/ball.hpp"

#include <string>

namespace lrcert {

// Upper bounds at a thin centre c: ||X_c||_2, ||Y_c||_2, ||R_c||_2, ||R_c||_F.
struct CentreNorms {
    Real sx, sy, sr, r_fro;
};
CentreNorms centre_norms(const Matrix<Interval>& A, const Factors<Real>& c);

// Upper bound of sup ||I - h Hess f||_2 over B(c, e):
//   ||X|| <= sx + e, ||Y|| <= sy + e, ||R|| <= nu = sr + e (sx + sy) + e^2,
//   lambda_max <= Lambda = (sx + e)^2 + (sy + e)^2 + nu,  lambda_min >= -nu,
//   gamma = max(1 + h nu, h Lambda - 1).
Real matrix_growth_bound(const CentreNorms& s, const Real& e, const Interval& h);

// Lemma G at a step K with ball B(c_K, e_K).
struct LemmaG {
    bool holds = false;
    std::string failure;
    Real rho_B;   // radius of the ball B on which (i)-(iii) hold
    Real L_B;     // >= sup_B lambda_max(Hess f), h L_B < 2
    Real mu_B;    // <= inf_B (lambda_min(X X^T) + lambda_min(Y Y^T)), > 0
    Real G_B;     // >= sup_B (||X||_2 + ||Y||_2)
    Real q;       // max(0, 1 - 2 mu_B h (1 - h L_B / 2)), < 1
    Real F_K;     // >= sup over B(c_K, e_K) of f
    Real reach;   // e_K + h G_B sqrt(2 F_K) / (1 - sqrt q) <= rho_B: |z_inf - c_K| <= reach
    Real sigma_x; // lower bound of sigma_n(X_c) (0 if n > d)
    Real sigma_y; // lower bound of sigma_m(Y_c) (0 if m > d)
};
LemmaG check_lemma_g(const Matrix<Interval>& A, const Ball& ball, const Interval& h, const CentreNorms& s);

}  // namespace lrcert
