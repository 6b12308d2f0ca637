// lrcert-check: exact matrices of integers over one common denominator,
// value(i, j) = a(i, j) / den. The trajectory's centres are dyadic (den = 2^s),
// so the products X Y^T, R Y, R^T X, the residual A - X Y^T and F(c) are exact
// integer multiply-adds with no gcd per term (a Mat of mpq canonicalises every
// product and sum). Everything here is exact (docs/checker.md, section 4,
// "Fixed-point centres"); the one rounding, round_grid, returns its exact error.
#pragma once

#include "linalg.hpp"

#include <algorithm>
#include <vector>

namespace chk {

struct ZMat {
    size_t r = 0, c = 0;
    std::vector<Z> a;  // numerators, row-major
    Z den = 1;         // the common denominator, > 0
    ZMat() = default;
    ZMat(size_t rows, size_t cols) : r(rows), c(cols), a(rows * cols) {}
};

// A symmetric N x N matrix of integers over one denominator given by its
// entries (i, j), j <= i, computed on request (e.g. hessian.hpp's, from the
// factors instead of an N x N table). The reference returned may be valid
// only until the next call.
struct SymEntries {
    virtual ~SymEntries() = default;
    virtual size_t order() const = 0;
    virtual const Z& den() const = 0;
    virtual const Z& operator()(size_t i, size_t j) const = 0;  // j <= i
};

// The bit length of |v| (0 for v = 0; mpz_sizeinbase(v, 2) otherwise), read
// from the top limb in place (gmp.h's fields) instead of a GMP call.
inline size_t bit_length(const Z& v) {
    mpz_srcptr z = v.get_mpz_t();
    const size_t n = static_cast<size_t>(z->_mp_size < 0 ? -z->_mp_size : z->_mp_size);
    if (n == 0) return 0;
    return n * GMP_NUMB_BITS - static_cast<size_t>(__builtin_clzll(static_cast<unsigned long long>(z->_mp_d[n - 1])));
}
// The largest bit_length of m's entries (0 when all are 0).
inline size_t max_bit_length(const std::vector<Z>& m) {
    size_t b = 0;
    for (const Z& v : m) b = std::max(b, bit_length(v));
    return b;
}

ZMat zmat(const Mat& m);        // the same values, den = lcm of m's denominators
Mat to_mat(const ZMat& m);      // the same values as canonical rationals
ZMat mul_t(const ZMat& x, const ZMat& y);  // x y^T, exact
ZMat mul(const ZMat& x, const ZMat& y);    // x y, exact
ZMat t_mul(const ZMat& x, const ZMat& y);  // x^T y, exact
// The same into p, reusing p's entries (and their limbs) when it has the size.
void mul_t_into(ZMat& p, const ZMat& x, const ZMat& y);
void mul_into(ZMat& p, const ZMat& x, const ZMat& y);
void t_mul_into(ZMat& p, const ZMat& x, const ZMat& y);
ZMat add(const ZMat& x, const ZMat& y, const Q& f);  // x + f y, exact (den = lcm(x.den, f.den y.den))
void add_into(ZMat& s, const ZMat& x, const ZMat& y, const Q& f);  // the same into s (not x or y), reusing its entries
Mat gram(const ZMat& m);                     // the smaller of m m^T and m^T m, exact
Q fro2(const ZMat& m);                       // sum of squares, exact
Q fro2_diff(const ZMat& x, const ZMat& y);   // ||x - y||_F^2, exact
// Upper bounds of fro2(m) and fro2_diff(x, y), cheap: each |entry| rounded up
// to its 33 leading bits below the largest's (docs/checker.md section 4):
// at most a factor (1 + sqrt(entries) 2^-31)^2 above the exact value.
Q fro2_up(const ZMat& m);
Q fro2_diff_up(const ZMat& x, const ZMat& y);
// linalg.hpp's gershgorin and rayleigh on a matrix already in integers (one
// conversion for several bounds of the same matrix, e.g. the 512 x 512 Hessian).
Q gershgorin(const ZMat& g);
// linalg.hpp's lambda_max_shifts on a symmetric matrix in integers (the same
// scale; the doubles of the guess straight from the integers).
std::vector<Q> lambda_max_shifts(const ZMat& g);
// The double eigenvalues w of G 2^-E (Jacobi; a guess only); false for G = 0.
bool eigen_guess(const ZMat& G, long& E, std::vector<double>& w);
// linalg.hpp's lambda_min_down shifts: the double lambda_min lowered by
// 2^-30, 2^-22, ... (relative), rounded down; none unless it is > 0.
std::vector<Q> lambda_min_shifts(const ZMat& g);
ZMat gram_z(const ZMat& m);  // gram(m) in integers: the smaller of m m^T and m^T m, exact
Q rayleigh(const ZMat& g, const std::vector<Q>& v);
// The same value for a symmetric g from its lower triangle only (entries above
// the diagonal are not read): v^T g v = sum_i v_i (g_ii v_i + 2 sum_{j<i} g_ij v_j).
Q rayleigh_lower(const ZMat& g, const std::vector<Q>& v);
Q rayleigh_lower(const SymEntries& g, const std::vector<Q>& v);

// Rounds every entry to the nearest multiple of 2^-s, with s chosen so that
// the largest |entry| keeps about `bits` significant bits (one exponent for
// the whole matrix); the result has den = 2^s (or 1 when s < 0). err2 is set
// to the exact sum of the squared rounding errors, sum (x - round(x))^2.
ZMat round_grid(const ZMat& x, long bits, Q& err2);
// The same into g (not x), reusing its entries; err2 is an upper bound of the
// squared error unless exact_error (exact when the denominator is not o 2^w
// with o < 2^32 and w >= s + 32): each entry's error taken at most 2^-32 / o of
// a grid step above the exact one (docs/checker.md section 4).
void round_grid_into(ZMat& g, const ZMat& x, long bits, Q& err2, bool exact_error = false);

// x truncated towards -inf onto the grid 1/(odd(x.den) 2^t) (only when x.den
// holds more than t factors 2; else x itself): numerators shifted right, exact.
// quantum is set to an upper bound of every |x_ij - result_ij| (0 when nothing
// was dropped): each error lies in [0, 2^(v - t) / x.den), v = the factors 2 of x.den.
ZMat truncate_grid(const ZMat& x, long t, Q& quantum);
void truncate_grid_into(ZMat& y, const ZMat& x, long t, Q& quantum);  // the same into y (not x), reusing its entries

}  // namespace chk
