// lrcert-check: the orbits certificate (docs/checker.md, Lemmas 12-16):
// the Krawczyk test for F^p - id on a box with the checker's own
// preconditioner, the minimal period, the stability of the orbit from the
// enclosure of DF^p, and the period-3 points of the cubic maps of the
// invariant lines of the scalar family.
#pragma once

#include "cycle.hpp"

#include <array>
#include <string>
#include <vector>

namespace chk {

struct OrbitProof {
    std::string failure;      // empty when the Krawczyk test held
    Box box;                  // narrowed: holds the unique zero z of F^p - id of the given box
    std::vector<Box> points;  // points[j] contains F^j(z), j = 0..p-1
    IMat M;                   // contains DF^p(z)
};

// Lemma 12 (Lemma K): the Krawczyk test on X for G = F^p - id (C the checker's own, from
// the Jacobian at the midpoint), then `rounds` narrowings X := K(X) cap X.
OrbitProof krawczyk_orbit(const Problem& p, long period, const Box& X, int rounds);

// Lemma 13: F^q(box) disjoint from box for every proper divisor q of p; the
// first divisor that is not excluded, or 0.
long minimal_period_failure(const Problem& p, long period, const Box& box);

// Lemmas 14 and 15: "" when the stability `claimed` ("attracting", "saddle",
// "repelling", "undecided") holds for every matrix of M (containing DF^p(z));
// else why not. N = 2: the Jury conditions on tr M and det M. N > 2:
// Gershgorin discs of B = P^-1 M P, P from eigenvectors computed in double
// by inverse iteration with the given shifts (hints only, e.g. the report's
// real multipliers) and refined in rationals; attracting also by
// ||M^(2^k)||_inf < 1 for some k <= 6. `real` receives, for N > 2, the real
// intervals of the Gershgorin discs that meet no other disc (each holds
// exactly one multiplier, which is real), or stays empty.
std::string stability_failure(const IMat& M, size_t N, const std::string& claimed, const std::vector<double>& shifts,
                              std::vector<I>* real = nullptr);

// The cubic map g(w) = c w - k w^3 of an invariant line (docs/math.md 11.5).
struct Cubic {
    Q c, k;
};
I cubic(const Cubic& g, const I& w);

struct PeriodThree {
    std::string failure;            // empty when proven
    std::array<I, 3> points;        // g^j(w), j = 0, 1, 2, for the unique zero w of g^3 - id in the box
};
// Lemma 16 (Lemma L3): the 1-D Krawczyk test for g^3 - id on X, narrowing, and g(X) disjoint from X.
PeriodThree period_three(const Cubic& g, const I& X, int rounds);

}  // namespace chk
