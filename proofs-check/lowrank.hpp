// lrcert-check: Lemma LR (docs/checker.md section 5, "Lemma LR"; docs/math.md
// section 7.4b): Lemma G with hypothesis (ii) replaced by the low-rank PL
// bound mu_B = s_B^2 (1 - R_B^2 / t), where rank(A) = d and sigma_d(A)^2 >= t
// are proven here by the checker's own exact means.
#pragma once

#include "gd.hpp"

#include <string>

namespace chk {

// "" if rank(A) = d (exact rational elimination) and sigma_d(A)^2 >= t > 0
// (inertia count: fewer than k - d + 1 eigenvalues of the Gram matrix of A's
// smaller side lie below t, k = min(n, m)); else the reason.
std::string lowrank_target(const Problem& p, const Q& t);

// Lemma LR at the trajectory's ball B(c_K, e_K), on the ball B(c_K, rho_B):
// sigma_d(X_c), sigma_d(Y_c) from below, s_B = min(.) - rho_B (Weyl),
// R_B = ||R_c||_F + rho_B (sx + sy) + rho_B^2, mu_B as above, then Lemma G's
// q and reach. `t` must have passed lowrank_target. s_B and R_B receive the
// values at the last ball tried.
LemmaG lemma_lr(const Trajectory& tr, const Problem& p, const Q& rho_B, const Q& t, Q& s_B, Q& R_B);

}  // namespace chk
