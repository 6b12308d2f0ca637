// lrcert-check: Lemma C (convergence to a cycle, docs/checker.md): the GD map
// F on the family's state and its Jacobian over boxes, the contraction region
// S = {z : |Q (z - c)|_2 <= rho} of F^p, the minimal period, and enclosures of
// the cycle points and of the loss and sharpness along the cycle.
#pragma once

#include "gd.hpp"

#include <string>
#include <vector>

namespace chk {

using Box = std::vector<I>;

// The state: scalar family (x', y') of the reduced run (N = 2); matrix
// family with d = 1: vec(X) then vec(Y) (N = n + m).
struct CycleRegion {
    long step = 0, period = 0;
    std::vector<Q> centre;
    Mat Qm;  // N x N, exact
    Q rho;
};

struct CycleResult {
    std::string failure;  // empty when every part of Lemma C holds
    Q q, delta, r_star;   // proven upper bounds
    Box hull, fixed_point;  // H = c + Q^{-1} [-rho, rho]^N and the enclosure of z*
    std::vector<Box> points;        // enclosures of z*, F z*, ..., F^{p-1} z*
    std::vector<I> loss, sharpness;  // along the cycle
};

// The box of the trajectory's ball at its current step, in state coordinates.
Box trajectory_box(const Trajectory& tr, const Problem& p);

// Parts 1-3: the ball at step K (tr must be at step K) lies in S, Lemma C
// (q < 1, delta + q rho <= rho), minimal period p >= 2 (disjointness of the
// fixed-point box from its images under F^j, j a proper divisor of p); then
// the enclosures of the cycle and of its loss and sharpness.
CycleResult lemma_c(const Trajectory& tr, const Problem& p, const CycleRegion& S);

// Narrows the fixed-point box by `rounds` iterations of FP := FP cap F^p(FP)
// (z* = F^p(z*) lies in both) and recomputes the cycle's enclosures. False if
// nothing narrower came out.
bool narrow_cycle(CycleResult& C, const Problem& p, long period, int rounds);

}  // namespace chk
