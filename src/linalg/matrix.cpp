// Interval matrix products through IntervalDot (number/interval_kernels.hpp).
#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/interval_kernels.hpp"

namespace lrcert {

namespace {

// r(i, j) = sum_k a_at(i, k) * b_at(k, j) for k < len.
template <class AAt, class BAt>
Matrix<Interval> product(size_t rows, size_t cols, size_t len, AAt a_at, BAt b_at) {
    Matrix<Interval> r(rows, cols);
    IntervalDot acc;
    for (size_t i = 0; i < rows; ++i)
        for (size_t j = 0; j < cols; ++j) {
            acc.reset();
            for (size_t k = 0; k < len; ++k) acc.add_product(a_at(i, k), b_at(k, j));
            r(i, j) = acc.value();
        }
    return r;
}

}  // namespace

template <>
Matrix<Interval> multiply(const Matrix<Interval>& a, const Matrix<Interval>& b) {
    detail::require(a.cols() == b.rows(), "multiply: shape mismatch");
    return product(
        a.rows(), b.cols(), a.cols(), [&](size_t i, size_t k) -> const Interval& { return a(i, k); },
        [&](size_t k, size_t j) -> const Interval& { return b(k, j); });
}

template <>
Matrix<Interval> multiply_transposed(const Matrix<Interval>& a, const Matrix<Interval>& b) {
    detail::require(a.cols() == b.cols(), "multiply_transposed: shape mismatch");
    return product(
        a.rows(), b.rows(), a.cols(), [&](size_t i, size_t k) -> const Interval& { return a(i, k); },
        [&](size_t k, size_t j) -> const Interval& { return b(j, k); });
}

template <>
Matrix<Interval> transposed_multiply(const Matrix<Interval>& a, const Matrix<Interval>& b) {
    detail::require(a.rows() == b.rows(), "transposed_multiply: shape mismatch");
    return product(
        a.cols(), b.cols(), a.rows(), [&](size_t i, size_t k) -> const Interval& { return a(k, i); },
        [&](size_t k, size_t j) -> const Interval& { return b(k, j); });
}

}  // namespace lrcert
