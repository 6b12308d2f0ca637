// Proof steps of the scalar family, on the reduced (d = 1) state (x, y):
// Lemma S (convergence, with the limit enclosure) and Lemma D (divergence).
// Derivations: docs/math.md. The growth bound of the ball enclosure is the
// map's (enclose/growth.hpp).
#pragma once

#include "lrcert/enclose/gd_map.hpp"
#include "lrcert/enclose/growth.hpp"

#include <optional>
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
// The same from enclosures of r_K = mu - x y and S_K = x^2 + y^2 over a set
// of states (Lemma S needs nothing else of the state; docs/math.md, section 4).
LemmaS check_lemma_s_rs(const Interval& r, const Interval& S, const Interval& mu, const Interval& h);

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
// The same from enclosures u of x + y and v of x - y over the set at step K.
ScalarLimitReduced limit_from_lemma_s_uv(const Interval& u, const Interval& v, const Interval& mu,
                                         const LemmaS& lemma, bool v_vanishes);

// Lemma D (divergence): with sigma in {+1, -1}, w = sigma x y, m = sigma mu,
// t = h (w - m), q = S / (2 w): if w > 0, w > m, t >= 4 q and h w t >= 2 at step
// K, then t_{k+1} >= 2 t_k for all k >= K, so |r_k| -> infinity.
struct LemmaD {
    bool holds = false;
    int sigma = 0;
    Interval t;  // h |r_K| enclosure for the sign that holds
};
LemmaD check_lemma_d(const Interval& x, const Interval& y, const Interval& mu, const Interval& h);

// Lemma S and Lemma D on the box of a reduced ball (ScalarMap::reduced_box),
// with the map's mu and h: what every scalar family tries at a step. When
// Lemma S holds, `limit` is the reduced limit it gives (limit_from_lemma_s;
// a limit whose enclosures do not intersect is a bug: std::logic_error) and
// `width` its width measure, width(alpha) + width(beta).
struct LemmaSOnBall {
    LemmaS lemma;
    std::optional<ScalarLimitReduced> limit;
    UpperBound width;
};
LemmaSOnBall check_lemma_s(const Ball& b, const ScalarMap& map, bool v_vanishes);
// The same on any set of reduced states at step K, given enclosures over the
// set of r = mu - x y, S = x^2 + y^2, x + y and x - y (for an affine set:
// enclose/affine_trajectory.hpp, affine_reduced_enclosures).
LemmaSOnBall check_lemma_s_on(const Interval& r, const Interval& S, const Interval& u, const Interval& v,
                              const ScalarMap& map, bool v_vanishes);
LemmaD check_lemma_d(const Ball& b, const ScalarMap& map);

}  // namespace lrcert

namespace lrcert {

// Lemma N (docs/math.md, section 13): with h |mu| > 1, GD reaches a global
// minimizer only if r_k = 0 exactly at some step; r_k != 0 exactly for k < K,
// and at step K the l-adic valuations s = -v_l(r_K), e = -v_l(h),
// w = v_l(|u_K|^2 + |v_K|^2) satisfy s + e > 0, s + v_l(mu) > 0 and
// w + e + 2 s - v_l(2) > 0, so -v_l(r_k) grows (s -> 3 s + 2 e) and r_k != 0
// for every k >= K. Together: GD never reaches a global minimizer. Computed
// in exact rationals on the exact recursion of |u|^2, |v|^2 (section 2).
struct LemmaN {
    bool holds = false;
    std::string failure;
    size_t step = 0;          // K
    unsigned long prime = 0;  // l
    long s = 0, e = 0;        // -v_l(r_K), -v_l(h)
};
// Tries K = 0, 1, ... while the exact numbers stay below `max_bits`.
LemmaN check_lemma_n(const Rational& mu, const Rational& h, const Rational& u_sq, const Rational& v_sq,
                     size_t max_bits = size_t(1) << 20);

}  // namespace lrcert

namespace lrcert {

// Lemma M (docs/math.md, section 17): mu = 0 on an invariant line. With
// mu = 0 and u0 = x0 + y0 = 0 exactly, a = |u|^2 stays 0, r = b/4 and
// b+ = b (1 - h b/4)^2 (b = |x - y|^2); with v0 = x0 - y0 = 0, b stays 0,
// r = -a/4 and a+ = a (1 - h a/4)^2. With w the moving square (b, resp. a)
// and t = h w0 (all exact rationals):
//   Converges: 0 <= t < 8, w_k decreases to 0 and (x_k, y_k) -> (0, 0), a
//              global minimizer (f = 0); the convergence is sublinear, and
//              when t <= 6, w_k <= w0 / (1 + k t / 2) < 2 / (h k) for k >= 1;
//   TwoCycle:  t = 8, r = 2/h, so x_k = (-1)^k x0, y_k = (-1)^k y0 exactly and
//              f = 2/h^2 > 0 forever: GD never reaches a global minimizer;
//   Diverges:  t > 8, w_{k+1} >= q w_k with q = (t/4 - 1)^2 > 1 for all k, so
//              |r_k| = w_k / 4 -> infinity.
// `holds` is false (with `failure`) unless mu = 0 and the start is on a line.
enum class LemmaMCase { Converges, TwoCycle, Diverges };
struct LemmaM {
    bool holds = false;
    std::string failure;
    std::string line;       // "u" (x0 = -y0) or "v" (x0 = y0); "u" at the origin
    Rational w0;            // |x0 - y0|^2 on the line u = 0, |x0 + y0|^2 on v = 0
    Rational h_w0;          // h w0, compared with 8 exactly
    LemmaMCase kind = LemmaMCase::Converges;
    Rational q;             // (h w0 / 4 - 1)^2, > 1 when kind is Diverges (else unused)
    bool rate = false;      // Converges with h w0 <= 6: w_k <= w0 / (1 + k h w0 / 2)
};
LemmaM check_lemma_m(const Rational& mu, const Rational& h, const Rational& u_sq, const Rational& v_sq);

}  // namespace lrcert
