// Lemmas of the matrix family f = 1/2 ||A - X Y^T||_F^2 on balls B(c, e):
// Lemma G (PL-based convergence to a zero-residual limit, docs/math.md
// section 7) and Lemma DM (divergence, docs/math.md section 10). The spectral bounds at a centre and the growth bound of the
// ball enclosure are the map's (enclose/growth.hpp).
#pragma once

#include "lrcert/certify/positive_loss_lemma.hpp"
#include "lrcert/enclose/growth.hpp"

#include <functional>
#include <optional>
#include <string>

namespace lrcert {

// The data of Lemma LR (certify/lowrank_lemma.hpp, docs/math.md section 7.4b):
// hypothesis (ii) of Lemma G replaced by the low-rank PL bound, mu_B =
// s_B^2 (1 - R_B^2 / sigma_sq_low).
struct LowRankPL {
    size_t rank = 0;           // rank(A) = d, exact (rational elimination)
    LowerBound sigma_sq_low;   // <= sigma_d(A)^2 (an inertia count), > 0
    LowerBound s_B;            // <= inf_B min(sigma_d(X), sigma_d(Y)) (Weyl)
    UpperBound R_B;            // >= sup_B ||R||_F, R_B^2 < sigma_sq_low
};

// Lemma G at a step K with ball B(c_K, e_K).
struct LemmaG {
    bool holds = false;
    std::string failure;
    UpperBound rho_B;   // radius of the ball B on which (i)-(iii) hold
    UpperBound L_B;     // >= sup_B lambda_max(Hess f), h L_B < 2
    LowerBound mu_B;    // <= inf_B (lambda_min(X X^T) + lambda_min(Y Y^T)), > 0
    UpperBound G_B;     // >= sup_B (||X||_2 + ||Y||_2)
    UpperBound q;       // max(0, 1 - 2 mu_B h (1 - h L_B / 2)), < 1
    UpperBound F_K;     // >= sup over B(c_K, e_K) of f
    UpperBound reach;   // e_K + h G_B sqrt(2 F_K) / (1 - sqrt q) <= rho_B: |z_inf - c_K| <= reach
    std::optional<LowRankPL> lowrank;  // set iff mu_B is Lemma LR's (then the lemma is Lemma LR)
    // Set when the tail is Lemma P instead (d < min(n, m); docs/math.md 7.4c): the
    // fields above then copy its rho_B, L_B, mu_B (PL for f - f*), G_B, q, F_K, reach.
    std::optional<LemmaP> positive_loss;
};
// A PL constant over B(c_K, rho): returns mu with |grad f|^2 >= 2 mu f on the
// ball, or a value <= 0 and a reason in `why`.
using PlConstant = std::function<LowerBound(const UpperBound& rho, std::string& why)>;
// `s` must carry the sigma bounds at the ball's centre. With `pl` given, mu_B
// is pl(rho_B) in place of hypothesis (ii) (Lemma LR); the rest of the lemma
// (descent, q, path length, reach) is unchanged.
LemmaG check_lemma_g(const Ball& ball, const Interval& h, const CentreNorms& s, const PlConstant& pl = {});

// A look-ahead that proves nothing: Lemma G's chain of check_lemma_g (without
// a `pl`) in double, rounded to nearest, from the bounds read as doubles.
// Returns the failure check_lemma_g reports when every comparison of the chain
// fails or passes by a relative margin of 2^-20 (then the certified chain,
// whose numbers differ from these by a few roundings, decides every
// comparison the same way, so it would fail with that text); nullopt when the
// lemma may hold or a comparison is too close to call (then run
// check_lemma_g). A wrong answer could only delay the tail by a step, never
// claim it (the driver's caller runs check_lemma_g for every nullopt).
std::optional<std::string> lemma_g_fails_in_double(const Ball& ball, const Interval& h, const CentreNorms& s);

// Lemma DM at a step K with ball B(c_K, e_K) (docs/math.md, section 10):
// t = h ||R_K||_2, p = h (||X_K||_2^2 + ||Y_K||_2^2), a >= ||A||_2; if
// kappa > 1, p <= t^2 / kappa and g(t) = (1 - 1/kappa) t^2 - (1 + h a) t - 2 >= 0,
// then t_{k+1} >= t_k (t_k + 1) >= 2 t_k for all k >= K.
struct LemmaDM {
    bool holds = false;
    std::string failure;
    LowerBound t;       // <= inf over the ball of h ||R||_2
    UpperBound p;       // >= sup over the ball of h (||X||_2^2 + ||Y||_2^2)
    UpperBound a;       // >= ||A||_2
    LowerBound kappa;   // the kappa used: 1 < kappa <= t^2 / p
    LowerBound g;       // <= g(t) at the lower bound t, >= 0 when the lemma holds
};
// `s` carries the spectral bounds at the ball's centre, `a_up` >= ||A||_2.
LemmaDM check_lemma_dm(const Ball& ball, const Matrix<Interval>& A, const Interval& h, const CentreNorms& s,
                       const UpperBound& a_up);

}  // namespace lrcert
