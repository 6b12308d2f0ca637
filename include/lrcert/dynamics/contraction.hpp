// Attracting regions of periodic points: the tail certificate of convergence
// to a cycle (docs/math.md, section 12).
//
// For an approximate period-p point c, coordinates w = Q (z - c) (Q exact,
// chosen so that Q DF^p(c) Q^{-1} is close to its real block-diagonal form)
// and rho > 0, the region is S = { z : |Q (z - c)|_2 <= rho }. With
//   hull      a box containing S (c + Q^{-1} [-rho, rho]^N),
//   q         >= sup over the hull of ||Q DF^p Q^{-1}||_2,
//   delta     >= |Q (F^p(c) - c)|_2,
// q < 1 and delta + q rho <= rho prove (mean value inequality on the convex
// S, then Banach's fixed point theorem): F^p maps S into S, is a contraction
// there in the norm |Q .|_2, so S holds exactly one fixed point z* of F^p and
// F^{p n}(z) -> z* for every z in S. `minimal` adds F^j(z*) != z* for every
// proper divisor j of p, so z* has minimal period p.
#pragma once

#include "lrcert/dynamics/iterated_map.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lrcert {

struct ContractionRegion {
    bool holds = false;
    std::string failure;          // why not (when it does not hold)
    size_t period = 0;            // p
    Vec<Real> centre;             // c (refined at the working precision)
    Matrix<Rational> Q;           // the coordinates w = Q (z - c), exact
    Matrix<Interval> Q_inverse;   // encloses Q^{-1}
    UpperBound rho;               // the radius of S in the w coordinates
    UpperBound q;                 // the contraction factor bound, < 1
    UpperBound delta;             // the defect bound |Q (F^p(c) - c)|_2
    Box hull;                     // contains S
    Box fixed_point;              // contains z* (|Q (z* - c)|_2 <= delta / (1 - q))
    std::vector<Box> cycle;       // cycle[j] contains F^j(z*), j = 0..p-1
    bool minimal = false;         // proven: z* has minimal period p
};

// Tries radii rho = 2^-k |c|-relative, largest first, from the float point
// `approx` of a period-p orbit (Newton-refined at the working precision
// first); the first radius that passes is kept. Work at the caller's
// PrecisionScope.
ContractionRegion contraction_region(const PointMap& F, const Vec<double>& approx, size_t p);

// Whether every point of `box` lies in S (|Q (z - c)|_2 <= rho on the whole box).
bool region_contains(const ContractionRegion& S, const Box& box);

}  // namespace lrcert
