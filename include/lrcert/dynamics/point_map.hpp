// The GD map F(z) = z - h grad f(z) of f(X, Y) = 1/2 ||A - X Y^T||_F^2 as a
// map of R^N, N = (n + m) d, for the study of its orbits (docs/math.md,
// section 11). The state z is vec(X) then vec(Y), both row-major: the
// variable order of the Hessian (problem/hessian.hpp). The reduced scalar map
// (docs/math.md, section 2) is the case A = [mu], d = 1: z = (x, y).
//
// The map keeps the exact A and h. Interval evaluations enclose A and h at
// the caller's working precision on every call, so a PointMap may be used
// under any PrecisionScope; double evaluations (for searches, never for
// proofs) round A and h to nearest.
//
// Guarantees (T = Interval): image(B) contains F(z) and jacobian(B) contains
// DF(z) = I - h Hess f(z) for every z in the box B.
#pragma once

#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/interval.hpp"
#include "lrcert/number/rational.hpp"
#include "lrcert/problem/factorization.hpp"

#include <cstddef>
#include <vector>

namespace lrcert {

// A point or a box of R^N.
template <class T>
using Vec = std::vector<T>;
using Box = Vec<Interval>;

class PointMap {
public:
    // A: n x m, d >= 1 columns in X and Y, h > 0 (all exact).
    PointMap(Matrix<Rational> A, Rational h, size_t d);
    // The same for every h in [h_lo, h_hi] (0 < h_lo <= h_hi): the interval
    // evaluations below then hold for every such h (a certified region's cell,
    // docs/math.md section 14); the double ones use the middle h.
    PointMap(Matrix<Rational> A, Rational h_lo, Rational h_hi, size_t d);
    // The reduced scalar map (x, y) -> (x + h r y, y + h r x), r = mu - x y.
    static PointMap scalar(const Rational& mu, const Rational& h);
    static PointMap scalar(const Rational& mu, const Rational& h_lo, const Rational& h_hi);

    size_t dim() const { return (A_.rows() + A_.cols()) * d_; }
    size_t d() const { return d_; }
    const Matrix<Rational>& A() const { return A_; }
    const Rational& h() const { return h_; }        // the lower end when h is an interval
    const Rational& h_hi() const { return h_hi_; }  // = h() for a single h

    // F(z): for T = Interval an enclosure over the box z.
    Vec<Interval> image(const Vec<Interval>& z) const;
    Vec<double> image(const Vec<double>& z) const;
    // DF(z) = I - h Hess f(z) (N x N): for T = Interval over the box z.
    Matrix<Interval> jacobian(const Vec<Interval>& z) const;
    Matrix<double> jacobian(const Vec<double>& z) const;

    // The state z as factors (X, Y) and back (the order above).
    template <class T>
    Factors<T> factors(const Vec<T>& z) const;
    template <class T>
    Vec<T> flatten(const Factors<T>& f) const;

private:
    Matrix<Rational> A_;
    Rational h_, h_hi_;
    size_t d_;
};

template <class T>
Factors<T> PointMap::factors(const Vec<T>& z) const {
    detail::require(z.size() == dim(), "PointMap: state of the wrong dimension");
    Factors<T> f{Matrix<T>(A_.rows(), d_), Matrix<T>(A_.cols(), d_)};
    const size_t nx = f.X.size();
    for (size_t k = 0; k < nx; ++k) f.X[k] = z[k];
    for (size_t k = 0; k < f.Y.size(); ++k) f.Y[k] = z[nx + k];
    return f;
}

template <class T>
Vec<T> PointMap::flatten(const Factors<T>& f) const {
    Vec<T> z(f.X.data());
    z.insert(z.end(), f.Y.data().begin(), f.Y.data().end());
    return z;
}

}  // namespace lrcert
