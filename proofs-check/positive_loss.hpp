// lrcert-check: Lemma P (convergence to a global minimizer when d < min(n, m),
// where the minimum loss f* = 1/2 sum_{i>d} sigma_i(A)^2 may be positive;
// docs/checker.md section 5.4, the proof in docs/math.md section 7.4c), by the
// checker's own exact means: rational arithmetic with upward roundings, exact
// positive-definiteness tests, and the inertia bisection of spectral.hpp.
#pragma once

#include "gd.hpp"

#include <string>
#include <vector>

namespace chk {

// f* = (||A||_F^2 - sum_{i<=d} sigma_i(A)^2) / 2 (Eckart-Young), with each
// sigma_i(A), i <= d + 1, enclosed by `steps` bisection steps; `gap`: proven
// sigma_d(A) > sigma_{d+1}(A). Requires 1 <= d < min(n, m).
struct MinLoss {
    std::vector<I> sigma;  // sigma_1 .. sigma_{d+1}
    I f_star;              // contains f* (lower end >= 0)
    bool gap = false;
};
MinLoss min_loss(const Problem& p, long steps);

// Lemma P at the trajectory's current ball B(c_K, e_K) with the certificate's
// rho_B: holds iff h L_B < 2, sigma_d(X) > 0, sigma_d(X Y^T) - ||P R||_2 > 0 and
// delta_B > 0 on B(c_K, rho_B), q < 1 and reach + h G_B <= rho_B (G_B >= sup |grad f|
// over B(c_K, reach)).
struct LemmaP {
    bool holds = false;
    std::string failure;
    Q rho_B, L_B, sX, tau, delta_B, mu_B, G_B, q, E_K, reach;
};
LemmaP lemma_p(const Trajectory& tr, const Problem& p, const Q& f_star_low, const Q& rho_B);

// lambda_max of the Hessian over B(c, r) from its value at the centre (docs/math.md
// 7.4c, "Limit quantities"): the widening (2 sqrt(sx^2 + sy^2) + r) r + r (sx + sy) + r^2.
Q hessian_move(const Q& sx, const Q& sy, const Q& r);

}  // namespace chk
