// lrcert-check: the isotropic rank-1 family A = mu I (n x n), d = 1, on its
// exact Gram map (a, b, c) = (|x|^2, |y|^2, x.y) (docs/checker.md section 6,
// "Lemma I"; the derivation is docs/math.md section 16). The checker's own
// Gram ball, coefficient intervals, bound of g, Lemma I and limit, in exact
// rationals and rational intervals (num.hpp).
#pragma once

#include "num.hpp"

#include <string>

namespace chk {

struct GramBox {
    I a, b, c;
};

// The ball B(centre_k, e_k) of R^3 holding the exact (a_k, b_k, c_k): the
// exact image of the centre, rounded to grid_bits (delta its distance), plus
// gamma e_k with gamma >= sup ||DF||_2 over the ball's box (min of the
// Frobenius norm and sqrt(||J||_1 ||J||_inf) of the interval Jacobian). The
// coefficients of x_k = p x0 + q y0, y_k = r x0 + s y0 step with the box of
// (a_k, b_k); G >= g_k steps with the sup of (1 - h(a + b) + h^2 (a b - mu^2))^2.
class GramTrajectory {
public:
    GramTrajectory(const Q& mu, const Q& h, const Q& a0, const Q& b0, const Q& c0, long grid_bits,
                   long interval_bits);
    void advance();
    GramBox box() const;
    long k = 0;
    Q a, b, c;     // centre
    Q e;           // radius
    I p, q, r, s;  // coefficients at step k
    Q G;           // g_k <= G

private:
    Q mu_, h_;
    long bits_, ibits_;
};

struct LemmaIResult {
    bool holds = false;
    std::string failure;
    Q eps, g_K, q, q_g, beta, rho, C, reach, x_reach, y_reach;
};

// Lemma I at the trajectory's current step with the certificate's weight w > 0
// and window D >= 0 (choices, not trusted: a wrong one makes it fail).
LemmaIResult lemma_i(const GramTrajectory& tr, const Q& mu, const Q& h, const Q& w, const Q& D, long bits);

}  // namespace chk
