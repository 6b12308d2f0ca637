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
using IMat = std::vector<I>;  // N x N, row-major

// ---- the GD map on the state, over boxes (also used by orbits.cpp) -------------------

// The state's dimension for the problem (scalar: 2; matrix, d = 1: n + m).
size_t dim(const Problem& p);
// Residual R = A - x y^T over the box (matrix family, d = 1).
std::vector<I> residual(const Problem& p, const Box& z);
// F(z) for every z in the box (naive interval evaluation).
Box image(const Problem& p, const Box& z);
// DF = I - h Hess f over the box.
IMat jacobian(const Problem& p, const Box& z);
IMat multiply(const IMat& a, const IMat& b, size_t N);
Box apply(const IMat& a, const Box& v);
IMat thin(const Mat& M);

// Enclosures of F^j(box), j = 0..steps, and of DF^steps over the box: the chain
// rule DF^j(z) = DF(F^{j-1} z) DF^{j-1}(z) over the enclosures, and each image
// in the naive one intersected with the mean value form F^j(m) + J_j (box - m)
// around the box's midpoint m (the box is convex, so every row of the mean
// value matrix is a row of DF^j at a point of the box, in J_j).
struct Iterated {
    std::vector<Box> boxes;
    IMat J;
    bool ok = true;
};
Iterated iterate(const Problem& p, const Box& box, long steps);

// Upper bound of |v|_2^2 for every v in the box.
Q norm_sq_up(const Box& v);
// Exact inverse by Gauss-Jordan elimination; false if singular.
bool inverse(Mat M, Mat& inv);
// True if the boxes are disjoint (some coordinate intervals do not meet).
bool disjoint(const Box& a, const Box& b);

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
    long bits = 0;        // the precision of its interval arithmetic (the trajectory's, num.hpp)
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
