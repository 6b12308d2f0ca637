// Lemma G of the matrix family f = 1/2 ||A - X Y^T||_F^2 on balls B(c, e)
// (PL-based convergence to a zero-residual limit; derivations in docs/math.md,
// section 7). The spectral bounds at a centre and the growth bound of the
// ball enclosure are the map's (enclose/growth.hpp).
#pragma once

#include "lrcert/enclose/growth.hpp"

#include <string>

namespace lrcert {

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
};
// `s` must carry the sigma bounds at the ball's centre.
LemmaG check_lemma_g(const Ball& ball, const Interval& h, const CentreNorms& s);

}  // namespace lrcert
