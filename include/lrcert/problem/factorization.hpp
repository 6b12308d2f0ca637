// The objective f(X, Y) = 1/2 ||A - X Y^T||_F^2 and its gradient descent step,
// written once for every scalar type (double, Real, Interval, Rational).
//
//   R = A - X Y^T,  grad_X f = -R Y,  grad_Y f = -R^T X,
//   X+ = X + h R Y,  Y+ = Y + h R^T X   (both from the same X, Y).
//   Hessian quadratic form: Q_z(U, V) = ||U Y^T + X V^T||_F^2 - 2 <R, U V^T>.
//
// With T = Interval the results enclose the exact values for every point of
// the input intervals; with T = Rational they are exact.
#pragma once

#include "lrcert/linalg/matrix.hpp"

namespace lrcert {

// A point z = (X, Y): X is n x d, Y is m x d. The scalar family is n = m = 1
// (x = X^T, y = Y^T).
template <class T>
struct Factors {
    Matrix<T> X;
    Matrix<T> Y;
};

template <class T>
Factors<T> operator+(const Factors<T>& a, const Factors<T>& b) {
    return {a.X + b.X, a.Y + b.Y};
}

template <class T>
Factors<T> operator-(const Factors<T>& a, const Factors<T>& b) {
    return {a.X - b.X, a.Y - b.Y};
}

// R = A - X Y^T
template <class T>
Matrix<T> residual(const Matrix<T>& A, const Factors<T>& z) {
    return A - multiply_transposed(z.X, z.Y);
}

// f = 1/2 ||R||_F^2
template <class T>
T objective(const Matrix<T>& A, const Factors<T>& z) {
    T half = from_rational<T>(Rational(1, 2));
    // Assign into a working-precision value: returning a Boost expression would
    // give the result Boost's default precision (see number/precision.hpp).
    T out = zero<T>();
    out = half * frobenius_sq(residual(A, z));
    return out;
}

// (grad_X f, grad_Y f) = (-R Y, -R^T X)
template <class T>
Factors<T> gradient(const Matrix<T>& A, const Factors<T>& z) {
    Matrix<T> R = residual(A, z);
    T minus_one = from_rational<T>(Rational(-1));
    return {minus_one * multiply(R, z.Y), minus_one * transposed_multiply(R, z.X)};
}

// One GD step z+ = z - h grad f(z) = (X + h R Y, Y + h R^T X), given the
// residual R = A - X Y^T at z (for a caller that already has it).
template <class T>
Factors<T> gd_step_from_residual(const Factors<T>& z, const Matrix<T>& R, const T& h) {
    return {z.X + h * multiply(R, z.Y), z.Y + h * transposed_multiply(R, z.X)};
}

// One GD step z+ = z - h grad f(z).
template <class T>
Factors<T> gd_step(const Matrix<T>& A, const Factors<T>& z, const T& h) {
    return gd_step_from_residual(z, residual(A, z), h);
}

// Q_z(U, V) = ||U Y^T + X V^T||_F^2 - 2 <R, U V^T>, the Hessian of f at z
// applied twice to the direction (U, V).
template <class T>
T hessian_form(const Matrix<T>& A, const Factors<T>& z, const Factors<T>& dir) {
    Matrix<T> J = multiply_transposed(dir.X, z.Y) + multiply_transposed(z.X, dir.Y);
    Matrix<T> R = residual(A, z);
    T two = from_rational<T>(Rational(2));
    T out = zero<T>();
    out = frobenius_sq(J) - two * frobenius_dot(R, multiply_transposed(dir.X, dir.Y));
    return out;
}

// |z|^2 = ||X||_F^2 + ||Y||_F^2 (the Euclidean norm on states).
template <class T>
T state_norm_sq(const Factors<T>& z) {
    T out = zero<T>();
    out = frobenius_sq(z.X) + frobenius_sq(z.Y);
    return out;
}

}  // namespace lrcert
