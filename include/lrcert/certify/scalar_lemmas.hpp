// Proof steps of the scalar family, on the reduced (d = 1) state (x, y):
// Lemma S (convergence, with the limit enclosure) and Lemma D (divergence).
// Derivations: docs/math.md. The growth bound of the ball enclosure is the
// map's (enclose/growth.hpp).
#pragma once

#include "lrcert/enclose/growth.hpp"

#include <string>

namespace lrcert {

// Lemma S at a step K whose reduced state lies in the box x times y.
struct LemmaS {
    bool holds = false;
    std::string failure;        // why it does not hold (empty when it holds)
    UpperBound eps;             // >= sup |r_K|
    Interval S;                 // contains S_K
    UpperBound Delta;           // the chosen widening of S
    UpperBound rho;             // >= sup |s| over I_S x [-eps, eps]
    UpperBound c;               // >= sup |h^2 r S + 4 h (mu - r)|
    UpperBound delta;           // 2 h eps / ((1 - rho)(1 - h eps)), rounded up
};
LemmaS check_lemma_s(const Interval& x, const Interval& y, const Interval& mu, const Interval& h);

// The limit implied by a Lemma S that holds at a step with box x times y.
// `v_vanishes`: v_0 = 0 exactly, so v_k = 0 for all k (the reduced beta is 0).
struct ScalarLimitReduced {
    Interval alpha;  // u_inf in reduced coordinates: x_inf' + y_inf'
    Interval beta;   // v_inf in reduced coordinates: x_inf' - y_inf'
    Interval a;      // |u_inf|^2
    Interval b;      // |v_inf|^2 = |x_inf - y_inf|^2 (the imbalance)
    bool consistent = true;  // false if intersections came out empty (a bug)
};
ScalarLimitReduced limit_from_lemma_s(const Interval& x, const Interval& y, const Interval& mu, const LemmaS& lemma,
                                      bool v_vanishes);

// Lemma D (divergence): with sigma in {+1, -1}, w = sigma x y, m = sigma mu,
// t = h (w - m), q = S / (2 w): if w > 0, w > m, t >= 4 q and h w t >= 2 at step
// K, then t_{k+1} >= 2 t_k for all k >= K, so |r_k| -> infinity.
struct LemmaD {
    bool holds = false;
    int sigma = 0;
    Interval t;  // h |r_K| enclosure for the sign that holds
};
LemmaD check_lemma_d(const Interval& x, const Interval& y, const Interval& mu, const Interval& h);

}  // namespace lrcert
