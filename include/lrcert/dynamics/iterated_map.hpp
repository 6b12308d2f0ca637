// Enclosures of the iterates F^j over a box and of the Jacobian DF^p over it
// (docs/math.md, section 11.1): the ingredients of every orbit proof.
//
// With B_0 = box and m its midpoint, for j = 1..p:
//   J_j = DF(B_{j-1}) J_{j-1}  (J_0 = I)     contains DF^j(z) for z in the box
//         (chain rule: DF^j(z) = DF(F^{j-1} z) DF^{j-1}(z), F^{j-1} z in B_{j-1});
//   B_j = F(B_{j-1})  intersected with  F^j(m) + J_j (box - m)
//         (the mean value form: each component of F^j(z) - F^j(m) is a row of
//         DF^j at a point of the segment [m, z], which lies in the convex box).
// Guarantee: boxes[j] contains F^j(z) and jacobian contains DF^p(z) for every
// z in the box.
#pragma once

#include "lrcert/dynamics/box.hpp"

#include <vector>

namespace lrcert {

struct IteratedImage {
    std::vector<Box> boxes;     // boxes[j] contains F^j(box), j = 0..p
    Matrix<Interval> jacobian;  // contains DF^p(z) for every z in the box
    bool finite = true;         // false: an enclosure overflowed (nothing is proven)
};

IteratedImage iterate_box(const PointMap& F, const Box& box, size_t p);

// Proper divisors of p (1 <= j < p, j | p): the periods a minimal-period proof excludes.
std::vector<size_t> proper_divisors(size_t p);

// F^p at a point in double (searches only): the point after p steps.
Vec<double> iterate_point(const PointMap& F, Vec<double> z, size_t p);
// F^p and DF^p at a point in double (Newton's method in the searches).
void iterate_point_jacobian(const PointMap& F, const Vec<double>& z, size_t p, Vec<double>& image,
                            Matrix<double>& jacobian);

}  // namespace lrcert
