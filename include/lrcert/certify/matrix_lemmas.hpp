// Proof steps of the matrix family f = 1/2 ||A - X Y^T||_F^2 on balls
// B(c, e) (derivations in docs/math.md, sections 3 and 7):
// spectral bounds at a centre, the growth bound of the ball enclosure, and
// Lemma G (PL-based convergence to a zero-residual limit).
#pragma once

#include "lrcert/enclose/ball.hpp"

#include <string>

namespace lrcert {

// Bounds at a thin centre c: upper bounds of ||X_c||_2, ||Y_c||_2, ||R_c||_2,
// ||R_c||_F and lower bounds of sigma_n(X_c), sigma_m(Y_c) (0 when n > d,
// m > d, or not computed).
struct CentreNorms {
    Real sx, sy, sr, r_fro;
    Real sigma_x, sigma_y;
};

// Certified spectral data at a reference centre c*, reused for nearby centres:
// by Weyl's inequalities, for |c - c*| <= delta,
//   ||X_c|| <= ||X_c*|| + delta,  sigma_n(X_c) >= sigma_n(X_c*) - delta,
//   ||R_c|| <= ||R_c*|| + delta (||X_c*|| + ||Y_c*||) + delta^2,
// so the O(n^3) eigenvalue work is redone only when the centre has moved more
// than `refresh` (relative to 1 + |c*|) -- near a limit, almost never.
class NormCache {
public:
    explicit NormCache(double refresh = 1e-4) : refresh_(refresh) {}
    // Bounds at c. Sigma bounds are computed only when `with_sigmas`.
    CentreNorms at(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas);
    size_t refreshes() const { return refreshes_; }

private:
    void refresh(const Matrix<Interval>& A, const Factors<Real>& c);
    double refresh_;
    bool valid_ = false;
    bool sigmas_ = false;
    Factors<Real> centre_;
    Real scale_;  // |c*|
    CentreNorms at_centre_;
    size_t refreshes_ = 0;
};

// Bounds at c computed from scratch (no cache).
CentreNorms centre_norms(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas);

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
};
// `s` must carry the sigma bounds at the ball's centre.
LemmaG check_lemma_g(const Ball& ball, const Interval& h, const CentreNorms& s);

}  // namespace lrcert
