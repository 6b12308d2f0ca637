// Lemma I: convergence of the isotropic rank-1 Gram map near its minimizer
// set (docs/math.md, section 16.1).
//
// With r = c - mu and g = a b - c^2 >= 0 (Cauchy-Schwarz), the Gram map gives
// exactly
//   r+ = (1 - h(a + b) + h^2 c r) r + h^2 (c - 2 mu) g,
//   g+ = (1 - h(a + b) + h^2 (r (c + mu) + g))^2 g,
//   a+ - a = -2h (c r + g) + h^2 b (r^2 + g),  b+ - b = -2h (c r + g) + h^2 a (r^2 + g),
//   |x+ - x|^2 = h^2 b (r^2 + g),  |y+ - y|^2 = h^2 a (r^2 + g).
// For a weight w > 0 let V = |r| + w g. If the box of (a_K, b_K, c_K) and the
// window B (a, b within D of that box, |r| <= eps, 0 <= g <= eps / w) give
//   rho = max(q, q_g + beta / w) < 1 and C eps / (1 - rho) <= D
// (q, q_g, beta, C the factor bounds over B below), then for every k >= K:
// V_k <= rho^(k-K) eps and (a_k, b_k, c_k) stays in B; so c_k -> mu, g_k -> 0,
// f_k -> f* = (n - 1) mu^2 / 2, and a_k, b_k, x_k, y_k converge with
//   |a_inf - a_K|, |b_inf - b_K| <= reach = C eps / (1 - rho),
//   |x_inf - x_K| <= h sqrt(sup b) (eps / (1 - rho) + sqrt(g_K) / (1 - sqrt(q_g))) (y: sup a),
// and a_inf b_inf = mu^2, x_inf parallel to y_inf.
#pragma once

#include "lrcert/number/bound.hpp"
#include "lrcert/number/interval.hpp"
#include "lrcert/problem/isotropic_gram.hpp"

#include <string>

namespace lrcert {

struct LemmaI {
    bool holds = false;
    std::string failure;  // why not (when it does not hold)
    Real w;               // the weight of V = |r| + w g (chosen; any w > 0 is valid)
    UpperBound eps;       // V_K <= eps over the box at K
    UpperBound g_K;       // g_K = a_K b_K - c_K^2 <= g_K over the box at K
    UpperBound D;         // the window's half-width for a and b
    UpperBound q;         // sup_B |1 - h(a + b) + h^2 c r|
    UpperBound q_g;       // sup_B (1 - h(a + b) + h^2 (r (c + mu) + g))^2
    UpperBound beta;      // sup_B h^2 |c - 2 mu|
    UpperBound rho;       // max(q, q_g + beta / w) < 1
    UpperBound C;         // |a+ - a|, |b+ - b| <= C V on B
    UpperBound reach;     // C eps / (1 - rho) >= |a_inf - a_K|, |b_inf - b_K|
    UpperBound x_reach;   // >= |x_inf - x_K|
    UpperBound y_reach;   // >= |y_inf - y_K|
};

// Lemma I on a box that contains the exact (a_K, b_K, c_K). mu and h: the
// enclosures of the exact data (h > 0). g_bound, when given, is a proven
// upper bound of the exact g_K (tighter than the box's: GramTrajectory::g_bound);
// g_K is the smaller of the two. Every bound is rounded outward, so
// holds == true proves the conclusions above.
LemmaI check_lemma_i(const Gram<Interval>& box, const Interval& mu, const Interval& h,
                     const UpperBound* g_bound = nullptr);

}  // namespace lrcert
