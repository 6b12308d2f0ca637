// Small dense row-major matrices generic in the scalar type.
//
// Only what the GD step, its norms and the Hessian assembly need. Every
// operation is written once with +, -, * of T, so with T = Interval each
// result entry encloses the exact result for all matrices inside the inputs,
// with T = Rational it is exact, and with double / Real it is the ordinary
// floating-point evaluation.
#pragma once

#include "lrcert/number/scalar.hpp"

#include <cstddef>
#include <stdexcept>
#include <vector>

namespace lrcert {

template <class T>
class Matrix {
public:
    Matrix() = default;
    Matrix(size_t rows, size_t cols) : rows_(rows), cols_(cols), data_(rows * cols, zero<T>()) {}

    size_t rows() const { return rows_; }
    size_t cols() const { return cols_; }
    size_t size() const { return data_.size(); }

    T& operator()(size_t i, size_t j) { return data_[i * cols_ + j]; }
    const T& operator()(size_t i, size_t j) const { return data_[i * cols_ + j]; }
    T& operator[](size_t k) { return data_[k]; }
    const T& operator[](size_t k) const { return data_[k]; }

    const std::vector<T>& data() const { return data_; }

    // Entrywise conversion (e.g. exact input to Real / Interval).
    template <class U, class Convert>
    static Matrix from(const Matrix<U>& m, Convert convert) {
        Matrix r(m.rows(), m.cols());
        for (size_t k = 0; k < m.size(); ++k) r[k] = convert(m[k]);
        return r;
    }

private:
    size_t rows_ = 0;
    size_t cols_ = 0;
    std::vector<T> data_;
};

namespace detail {
inline void require(bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(what);
}
}  // namespace detail

// Exact input in scalar type T (see from_rational).
template <class T>
Matrix<T> convert_matrix(const Matrix<Rational>& m) {
    return Matrix<T>::from(m, [](const Rational& q) { return from_rational<T>(q); });
}

template <class T>
Matrix<T> operator+(const Matrix<T>& a, const Matrix<T>& b) {
    detail::require(a.rows() == b.rows() && a.cols() == b.cols(), "matrix +: shape mismatch");
    Matrix<T> r(a.rows(), a.cols());
    for (size_t k = 0; k < a.size(); ++k) r[k] = a[k] + b[k];
    return r;
}

template <class T>
Matrix<T> operator-(const Matrix<T>& a, const Matrix<T>& b) {
    detail::require(a.rows() == b.rows() && a.cols() == b.cols(), "matrix -: shape mismatch");
    Matrix<T> r(a.rows(), a.cols());
    for (size_t k = 0; k < a.size(); ++k) r[k] = a[k] - b[k];
    return r;
}

template <class T>
Matrix<T> operator*(const T& s, const Matrix<T>& a) {
    Matrix<T> r(a.rows(), a.cols());
    for (size_t k = 0; k < a.size(); ++k) r[k] = s * a[k];
    return r;
}

// a * b
template <class T>
Matrix<T> multiply(const Matrix<T>& a, const Matrix<T>& b) {
    detail::require(a.cols() == b.rows(), "multiply: shape mismatch");
    Matrix<T> r(a.rows(), b.cols());
    for (size_t i = 0; i < a.rows(); ++i)
        for (size_t k = 0; k < a.cols(); ++k) {
            const T& aik = a(i, k);
            for (size_t j = 0; j < b.cols(); ++j) r(i, j) += aik * b(k, j);
        }
    return r;
}

// a * b^T
template <class T>
Matrix<T> multiply_transposed(const Matrix<T>& a, const Matrix<T>& b) {
    detail::require(a.cols() == b.cols(), "multiply_transposed: shape mismatch");
    Matrix<T> r(a.rows(), b.rows());
    for (size_t i = 0; i < a.rows(); ++i)
        for (size_t j = 0; j < b.rows(); ++j) {
            T s = zero<T>();
            for (size_t k = 0; k < a.cols(); ++k) s += a(i, k) * b(j, k);
            r(i, j) = s;
        }
    return r;
}

// a^T * b
template <class T>
Matrix<T> transposed_multiply(const Matrix<T>& a, const Matrix<T>& b) {
    detail::require(a.rows() == b.rows(), "transposed_multiply: shape mismatch");
    Matrix<T> r(a.cols(), b.cols());
    for (size_t k = 0; k < a.rows(); ++k)
        for (size_t i = 0; i < a.cols(); ++i) {
            const T& aki = a(k, i);
            for (size_t j = 0; j < b.cols(); ++j) r(i, j) += aki * b(k, j);
        }
    return r;
}

// Interval products use the midpoint-radius kernel of number/ball_dot.hpp
// (each entry contains the exact product's entry for all member matrices; no
// allocation per term; docs/math.md 3.1), falling back to the endpoint kernel
// of number/interval_kernels.hpp; src/linalg/matrix.cpp. Their rows are split
// over the threads of the caller's RowThreads scope (linalg/parallel_rows.hpp):
// each entry is computed by one thread exactly as serially, so the results
// are bit-identical for every thread count.
template <>
Matrix<Interval> multiply(const Matrix<Interval>& a, const Matrix<Interval>& b);
// The same product written into out (reshaped when its shape differs; its
// entries' storage reused, so a product repeated into one result allocates
// nothing: the n = 4 product spent a third of its time on the fresh result).
// out may not be a or b.
void multiply_into(const Matrix<Interval>& a, const Matrix<Interval>& b, Matrix<Interval>& out);
template <>
Matrix<Interval> multiply_transposed(const Matrix<Interval>& a, const Matrix<Interval>& b);
template <>
Matrix<Interval> transposed_multiply(const Matrix<Interval>& a, const Matrix<Interval>& b);

template <class T>
Matrix<T> transpose(const Matrix<T>& a) {
    Matrix<T> r(a.cols(), a.rows());
    for (size_t i = 0; i < a.rows(); ++i)
        for (size_t j = 0; j < a.cols(); ++j) r(j, i) = a(i, j);
    return r;
}

// <a, b>_F = sum_ij a_ij b_ij
template <class T>
T frobenius_dot(const Matrix<T>& a, const Matrix<T>& b) {
    detail::require(a.rows() == b.rows() && a.cols() == b.cols(), "frobenius_dot: shape mismatch");
    T s = zero<T>();
    for (size_t k = 0; k < a.size(); ++k) s += a[k] * b[k];
    return s;
}

// ||a||_F^2
template <class T>
T frobenius_sq(const Matrix<T>& a) {
    if constexpr (std::is_same_v<T, Interval>) {
        // x^2 rather than x * x: no dependency overestimate for intervals.
        T s = zero<T>();
        for (size_t k = 0; k < a.size(); ++k) s += interval_sqr(a[k]);
        return s;
    } else {
        return frobenius_dot(a, a);
    }
}

template <class T>
Matrix<T> identity(size_t n) {
    Matrix<T> r(n, n);
    for (size_t i = 0; i < n; ++i) r(i, i) = from_rational<T>(Rational(1));
    return r;
}

}  // namespace lrcert
