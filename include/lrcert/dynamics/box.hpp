// Boxes of R^N (vectors of intervals) and the few set operations the orbit
// proofs need (docs/math.md, section 11). Every predicate answers for every
// point of its arguments: `interior_subset(a, b)` true means each a_i lies
// strictly inside b_i; `disjoint(a, b)` true means no point lies in both.
#pragma once

#include "lrcert/dynamics/point_map.hpp"
#include "lrcert/number/bound.hpp"

#include <optional>

namespace lrcert {

// The box [c_i - r, c_i + r] (outward rounded).
Box box_around(const Vec<Real>& centre, const UpperBound& r);
// The box [c_i - r_i, c_i + r_i].
Box box_around(const Vec<Real>& centre, const Vec<UpperBound>& r);
// Thin intervals of a point.
Box thin_box(const Vec<Real>& z);
// Midpoints (rounded to nearest; a point of the box, not an enclosure).
Vec<Real> box_midpoint(const Box& b);
// a_i strictly inside b_i for every i (lo(b) < lo(a), hi(a) < hi(b)).
bool interior_subset(const Box& a, const Box& b);
// a_i within b_i for every i.
bool box_subset(const Box& a, const Box& b);
// Some coordinate where a_i and b_i do not meet.
bool disjoint(const Box& a, const Box& b);
// a intersected with b; nullopt when empty.
std::optional<Box> intersect(const Box& a, const Box& b);
// Upper bound of max_i width(b_i).
UpperBound max_width(const Box& b);
// Upper bound of max_i max |v| over b_i (the sup norm of the box).
UpperBound sup_norm(const Box& b);
// M v and a - b, entrywise interval evaluation.
Box multiply(const Matrix<Interval>& M, const Box& v);
Box subtract(const Box& a, const Box& b);
Box add(const Box& a, const Box& b);
// Upper bound of the row-sum norm ||M||_inf over every matrix in M.
UpperBound inf_norm(const Matrix<Interval>& M);

}  // namespace lrcert
