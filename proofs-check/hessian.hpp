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

#include <vector>

namespace chk {

// lower_only: only the entries H(r, c) with c <= r are set, the others are 0
// (for the bounds that read one triangle of the symmetric H: the L0 residual
// and rayleigh_lower; half the entries, allocations and memory).
ZMat hessian_z(const Mat& A, const Mat& X, const Mat& Y, bool lower_only = false);

// v^T H v / v^T v for the Hessian H at (X, Y) and v = (vec(U), vec(V)) in
// H's order, from the Hessian's quadratic form (docs/math.md section 1)
//     v^T H v = ||U Y^T + X V^T||_F^2 - 2 <R, U V^T>,   R = A - X Y^T,
// in O(n m d) exact integer work instead of the N^2 entries; the same
// rational as rayleigh(hessian_z(A, X, Y), v). v != 0.
Q hessian_rayleigh(const Mat& A, const Mat& X, const Mat& Y, const std::vector<Q>& v);

// The same entries without the N x N table (branch check17): the Gram blocks
// (d x d), the residual (n x m) and the factors' numerators are kept, and an
// entry of the coupling block, fp x_ib y_ja - [a = b] r_ij, is computed when
// asked for (one product); the zero blocks are the shared 0. Equal entry for
// entry to hessian_z(A, X, Y) (same denominator C).
class HessianEntries : public SymEntries {
public:
    HessianEntries(const Mat& A, const Mat& X, const Mat& Y);
    size_t order() const override { return N_; }
    const Z& den() const override { return C_; }
    const Z& operator()(size_t i, size_t j) const override;  // any i, j (symmetric)

private:
    size_t n_, m_, d_, off_, N_;
    Z C_, fp_;
    bool scaled_ = false;  // fp != 1
    std::vector<Z> x_, y_, gx_, gy_, r_;
    Z zero_;
    mutable Z tmp_;
};

}  // namespace chk
