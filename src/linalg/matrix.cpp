// Interval matrix products through the midpoint-radius kernel BallDot
// (number/ball_dot.hpp; docs/math.md, section 3.1). An operand with a
// non-finite or extreme entry takes the endpoint kernel IntervalDot
// (number/interval_kernels.hpp) for the whole product; both contain the exact
// product of every pair of member matrices. The rows of a product are split
// over the threads of linalg/parallel_rows.hpp; every entry is one dot
// product computed by one thread with the same operations as serially, so
// the products are bit-identical for every thread count.
#include "lrcert/linalg/matrix.hpp"
#include "lrcert/linalg/parallel_rows.hpp"
#include "lrcert/number/ball_dot.hpp"
#include "lrcert/number/interval_kernels.hpp"

namespace lrcert {

namespace {

// r(i, j) = sum_k a_at(i, k) * b_at(k, j) for k < len, by IntervalDot.
template <class AAt, class BAt>
void endpoint_product(size_t rows, size_t cols, size_t len, AAt a_at, BAt b_at, Matrix<Interval>& r) {
    parallel_rows(rows, rows * cols * len, [&](size_t begin, size_t end) {
        IntervalDot acc;
        for (size_t i = begin; i < end; ++i)
            for (size_t j = 0; j < cols; ++j) {
                acc.reset();
                for (size_t k = 0; k < len; ++k) acc.add_product(a_at(i, k), b_at(k, j));
                r(i, j) = acc.value();
            }
    });
}

// Where row i of the left factor and column j of the right factor start in
// the prepared operands, and their strides.
struct Layout {
    size_t a_row, a_step, b_col, b_step;
};

// The product by BallDot over the operands' entries in storage order;
// `layout` places the dot product of entry (i, j): a[i * a_row + k * a_step],
// b[j * b_col + k * b_step]. Falls back to the endpoint product when an
// operand cannot be prepared. Into r (rows x cols; its entries' storage reused).
template <class AAt, class BAt>
void ball_product(const Matrix<Interval>& a, const Matrix<Interval>& b, size_t rows, size_t cols, size_t len,
                  Layout layout, AAt a_at, BAt b_at, Matrix<Interval>& r) {
    if (r.rows() != rows || r.cols() != cols) r = Matrix<Interval>(rows, cols);
    thread_local BallOperand A, B;
    const bool ok = A.assign(a.size(), [&](size_t k) { return &a[k]; }) &&
                    B.assign(b.size(), [&](size_t k) { return &b[k]; });
    if (!ok) {
        endpoint_product(rows, cols, len, a_at, b_at, r);
        return;
    }
    // The operands are read-only from here on (the workers share them).
    const BallEntry* ad = A.data();
    const BallEntry* bd = B.data();
    parallel_rows(rows, rows * cols * len, [&](size_t begin, size_t end) {
        BallDot& dot = BallDot::for_this_thread();  // this thread's workspace
        for (size_t i = begin; i < end; ++i)
            for (size_t j = 0; j < cols; ++j) {
                // Written in place: the entry's own endpoints (not a const object).
                mpfr_ptr lo = const_cast<Real&>(r(i, j).lower()).backend().data();
                mpfr_ptr hi = const_cast<Real&>(r(i, j).upper()).backend().data();
                dot.dot(ad + i * layout.a_row, layout.a_step, bd + j * layout.b_col, layout.b_step, len, lo, hi);
            }
    });
}

}  // namespace

void multiply_into(const Matrix<Interval>& a, const Matrix<Interval>& b, Matrix<Interval>& out) {
    detail::require(a.cols() == b.rows(), "multiply: shape mismatch");
    detail::require(&out != &a && &out != &b, "multiply_into: the result may not be an operand");
    ball_product(
        a, b, a.rows(), b.cols(), a.cols(), Layout{a.cols(), 1, 1, b.cols()},
        [&](size_t i, size_t k) -> const Interval& { return a(i, k); },
        [&](size_t k, size_t j) -> const Interval& { return b(k, j); }, out);
}

template <>
Matrix<Interval> multiply(const Matrix<Interval>& a, const Matrix<Interval>& b) {
    Matrix<Interval> r;
    multiply_into(a, b, r);
    return r;
}

template <>
Matrix<Interval> multiply_transposed(const Matrix<Interval>& a, const Matrix<Interval>& b) {
    detail::require(a.cols() == b.cols(), "multiply_transposed: shape mismatch");
    Matrix<Interval> r;
    ball_product(
        a, b, a.rows(), b.rows(), a.cols(), Layout{a.cols(), 1, b.cols(), 1},
        [&](size_t i, size_t k) -> const Interval& { return a(i, k); },
        [&](size_t k, size_t j) -> const Interval& { return b(j, k); }, r);
    return r;
}

template <>
Matrix<Interval> transposed_multiply(const Matrix<Interval>& a, const Matrix<Interval>& b) {
    detail::require(a.rows() == b.rows(), "transposed_multiply: shape mismatch");
    Matrix<Interval> r;
    ball_product(
        a, b, a.cols(), b.cols(), a.rows(), Layout{1, a.cols(), 1, b.cols()},
        [&](size_t i, size_t k) -> const Interval& { return a(k, i); },
        [&](size_t k, size_t j) -> const Interval& { return b(k, j); }, r);
    return r;
}

}  // namespace lrcert
