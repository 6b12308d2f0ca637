// lrcert-check: the exact Hessian of f(X, Y) = 1/2 ||A - X Y^T||_F^2 at (X, Y)
// (docs/math.md 7.2), built directly in integers over one common denominator.
// Its entries are sums of products of the exact inputs: with vec(X) row-major
// then vec(Y), N = (n + m) d,
//     H(i d + a, i d + b)            = (Y^T Y)_ab,
//     H(off + j d + a, off + j d + b) = (X^T X)_ab,          off = n d,
//     H(i d + a, off + j d + b)       = X_ib Y_ja - [a = b] R_ij,  R = A - X Y^T,
// and symmetric. With X and Y on one denominator D and C = lcm(D^2, den(A)),
// every entry is an integer over C: integer multiply-adds only, no mpq
// canonicalisation per product or sum (the values are exactly the rational ones).
#pragma once

#include "fixed.hpp"

namespace chk {

// lower_only: only the entries H(r, c) with c <= r are set, the others are 0
// (for the bounds that read one triangle of the symmetric H: the L0 residual
// and rayleigh_lower; half the entries, allocations and memory).
ZMat hessian_z(const Mat& A, const Mat& X, const Mat& Y, bool lower_only = false);

}  // namespace chk
