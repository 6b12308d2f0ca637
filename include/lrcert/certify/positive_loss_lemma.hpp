// Lemma P: convergence to a global minimizer of f = 1/2 ||A - X Y^T||_F^2
// when d < min(n, m), where the minimum loss f* = 1/2 sum_{i>d} sigma_i(A)^2
// (Eckart-Young) may be positive (docs/math.md, section 7.4c): a local PL
// inequality |grad f|^2 >= 2 mu_B (f - f*) on a ball, from a Ky Fan gap
// bound, then the descent-lemma tail argument.
#pragma once

#include "lrcert/enclose/ball.hpp"
#include "lrcert/enclose/growth.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace lrcert {

// f* = min f = 1/2 (||A||_F^2 - S_d), S_d = sum_{i<=d} sigma_i(A)^2, for
// d < min(n, m) (docs/math.md, section 7.4c, "Optimal value").
struct MinLoss {
    std::size_t d = 0;
    std::vector<Interval> sigma;  // contains sigma_i(A), i = 1 .. d + 1
    Interval top_sum;             // contains S_d
    Interval f_star;              // contains f* (lower end >= 0)
    bool gap = false;             // sigma_d(A) > sigma_{d+1}(A) is proven
};
// At the caller's precision; A exact. Requires 1 <= d < min(n, m)
// (std::invalid_argument otherwise).
MinLoss enclose_min_loss(const Matrix<Rational>& A, std::size_t d);

// Certified data at a ball's centre c (docs/math.md, section 7.4c, "Statement").
struct PositiveLossCentre {
    LowerBound sigma_x;  // <= sigma_d(X_c) (0 when not proven positive)
    LowerBound tau;      // <= sigma_d(X_c Y_c^T) (0 when not proven positive)
    UpperBound a;        // >= ||R_c^T X_c||_F
    UpperBound b;        // >= ||R_c Y_c||_F
};
PositiveLossCentre positive_loss_centre(const Matrix<Interval>& A, const Factors<Real>& c);

// |grad f(c)| from above (the trigger heuristic: Lemma P is tried once it is small).
UpperBound gradient_norm_up(const Matrix<Interval>& A, const Factors<Real>& c);

// Lemma P at a step K with ball B(c_K, e_K): when `holds`, every later iterate
// lies in B(c_K, reach), f(z_k) - f* <= q^(k-K) E_K, and the limit z_inf
// (|z_inf - c_K| <= reach) is a global minimizer: f(z_inf) = f*.
struct LemmaP {
    bool holds = false;
    std::string failure;
    UpperBound rho_B;    // radius of the ball B on which (i)-(iii) hold
    UpperBound L_B;      // >= sup_B lambda_max(Hess f), h L_B < 2
    LowerBound sX;       // <= inf_B sigma_d(X), > 0
    LowerBound tau;      // <= inf_B sigma_d(X Y^T)
    UpperBound p;        // >= sup_B ||P R||_2 (P: projector onto col(X))
    UpperBound r2;       // >= sup_B ||R||_2
    LowerBound delta_B;  // <= inf_B (lambda_min(M11) - lambda_max(M22)), > 0
    LowerBound mu_B;     // PL: |grad f|^2 >= 2 mu_B (f - f*) on B, > 0
    UpperBound G_B;      // >= sup |grad f| over B(c_K, reach) (where the iterates lie)
    UpperBound q;        // max(0, 1 - 2 mu_B h (1 - h L_B / 2)), < 1
    UpperBound F_K;      // >= sup over B(c_K, e_K) of f
    UpperBound E_K;      // >= sup over B(c_K, e_K) of f - f*: min(F_K - f*_low, G_K^2 / (2 mu_B))
    UpperBound reach;    // |z_inf - c_K| <= reach, reach + h G_B <= rho_B
};
// `s`: the spectral bounds at the ball's centre (sx, sy, sr, r_fro; the sigma
// fields are not used); `pc`: positive_loss_centre at the same centre;
// `f_star_low` <= f*.
LemmaP check_lemma_p(const Ball& ball, const Interval& h, const CentreNorms& s, const PositiveLossCentre& pc,
                     const LowerBound& f_star_low);

}  // namespace lrcert
