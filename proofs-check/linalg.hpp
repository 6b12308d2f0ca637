// lrcert-check: small dense rational matrices, exact positive-definiteness
// tests, and eigenvalue bounds of symmetric rational matrices.
// The floating-point code (Jacobi) only proposes vectors and shifts; every
// bound returned is proven by exact rational arithmetic.
#pragma once

#include "num.hpp"

#include <vector>

namespace chk {

struct Mat {
    size_t r = 0, c = 0;
    std::vector<Q> a;
    Mat() = default;
    Mat(size_t rows, size_t cols) : r(rows), c(cols), a(rows * cols) {}
    Q& operator()(size_t i, size_t j) { return a[i * c + j]; }
    const Q& operator()(size_t i, size_t j) const { return a[i * c + j]; }
};

Mat transpose(const Mat& m);
Mat operator*(const Mat& x, const Mat& y);
Mat operator+(const Mat& x, const Mat& y);
Mat operator-(const Mat& x, const Mat& y);
Mat operator*(const Q& s, const Mat& x);
Q fro2(const Mat& m);  // sum of squares, exact
Mat gram(const Mat& m);  // the smaller of m m^T and m^T m

// Exact test: is the symmetric matrix S positive definite? (Fraction-free
// symmetric elimination: all leading principal minors > 0, Sylvester.)
bool positive_definite(const Mat& S);

// Proven bounds for a symmetric matrix G:
Q lambda_max_up(const Mat& G);     // quick: shift t from a double estimate, proven by positive_definite(tI - G)
// The shifts lambda_max_up tries, in order: a double estimate enlarged by
// 2^-40, 2^-32, ... (relative) plus a tiny absolute term; none if G = 0.
std::vector<Q> lambda_max_shifts(const Mat& G);
Q lambda_min_down(const Mat& G);   // quick lower bound of lambda_min, 0 if none > 0 is proven (G PSD assumed)
I lambda_max_tight(const Mat& G, long bits);  // [Rayleigh quotient, proven shift], width ~ 2^-bits |lambda|
Q rayleigh(const Mat& G, const std::vector<Q>& v);  // v^T G v / v^T v, exact (v != 0)
Q gershgorin(const Mat& G);  // max_i G_ii + sum_{j != i} |G_ij| >= lambda_max

}  // namespace chk
