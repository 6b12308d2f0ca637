// Row-parallel loops (linalg/parallel_rows.hpp) and the products that use
// them (linalg/matrix.hpp, the Gram matrices of linalg/spectral.hpp):
//   - parallel_rows covers [0, rows) with disjoint blocks, each once, for 1,
//     2 and 3 threads and row counts not divisible by the thread count; the
//     workers really run blocks (a block waits until another thread has run
//     one), at the caller's working precision;
//   - the hypotheses of the pool failing: below min_terms, with one row, one
//     thread, no scope, in another thread and inside a pooled loop, the loop
//     runs serially as fn(0, rows) on the calling thread; bad thread counts
//     throw; an exception reaches the caller (the lowest block's) and the
//     pool keeps working;
//   - interval products with 1, 2 and 3 threads on random inputs of several
//     shapes (below and above kParallelMinTerms, rows not divisible by the
//     thread count, the BallDot path and the endpoint path at 640 bits) are
//     bit-identical to the serial products and contain the exact rational
//     product of the rational points inside the inputs, computed here in
//     plain rational loops;
//   - spectral_norm (its Gram matrix over the rows) is bit-identical.
#include "lrcert/linalg/matrix.hpp"
#include "lrcert/linalg/parallel_rows.hpp"
#include "lrcert/linalg/spectral.hpp"

#include <catch2/catch.hpp>

#include <mpfr.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace lrcert;

namespace {

// The blocks one parallel_rows call ran, and on which threads.
struct Blocks {
    std::mutex mutex;
    std::vector<std::pair<size_t, size_t>> ranges;
    std::set<std::thread::id> threads;
    std::vector<int> row_count;
    std::vector<unsigned> row_bits;

    explicit Blocks(size_t rows) : row_count(rows, 0), row_bits(rows, 0) {}
    void add(size_t begin, size_t end) {
        std::lock_guard<std::mutex> lock(mutex);
        ranges.emplace_back(begin, end);
        threads.insert(std::this_thread::get_id());
        for (size_t i = begin; i < end; ++i) {
            ++row_count[i];
            row_bits[i] = working_bits();
        }
    }
    // The ranges, sorted, tile [0, rows) without gaps or overlaps.
    bool tile(size_t rows) {
        std::sort(ranges.begin(), ranges.end());
        size_t at = 0;
        for (const auto& [b, e] : ranges) {
            if (b != at || e <= b) return false;
            at = e;
        }
        return at == rows;
    }
};

bool same_bits(mpfr_srcptr x, mpfr_srcptr y) {
    if (mpfr_get_prec(x) != mpfr_get_prec(y)) return false;
    if (mpfr_nan_p(x) || mpfr_nan_p(y)) return mpfr_nan_p(x) && mpfr_nan_p(y);
    return mpfr_equal_p(x, y) && mpfr_signbit(x) == mpfr_signbit(y);
}

bool same_bits(const Interval& a, const Interval& b) {
    return same_bits(lo(a).backend().data(), lo(b).backend().data()) &&
           same_bits(hi(a).backend().data(), hi(b).backend().data());
}

bool same_bits(const Matrix<Interval>& a, const Matrix<Interval>& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    for (size_t k = 0; k < a.size(); ++k)
        if (!same_bits(a[k], b[k])) return false;
    return true;
}

std::mt19937_64& engine() {
    static std::mt19937_64 e(0x9a7a11e1u);
    return e;
}

long uniform(long first, long last) {
    return first + static_cast<long>(engine()() % static_cast<std::uint64_t>(last - first + 1));
}

// A random interval input with a rational point inside it: narrow
// enclosures of decimals (not dyadic: not thin), thin dyadic values, wide
// intervals straddling zero, and zeros.
struct Input {
    Matrix<Interval> box;
    Matrix<Rational> point;
};

Input random_input(size_t rows, size_t cols) {
    Input in{Matrix<Interval>(rows, cols), Matrix<Rational>(rows, cols)};
    for (size_t k = 0; k < in.box.size(); ++k) {
        const Rational q(Integer(uniform(-2000, 2000)), Integer(1000));
        in.point[k] = q;
        switch (uniform(0, 5)) {
            case 0: {  // thin dyadic
                const Rational d(Integer(uniform(-4096, 4096)), Integer(1024));
                in.point[k] = d;
                in.box[k] = enclose(d);
                break;
            }
            case 1: {  // wide, around q
                const Rational w(Integer(uniform(1, 500)), Integer(1000));
                in.box[k] = make_interval(rational_down(q - w), rational_up(q + w));
                break;
            }
            case 2:
                in.point[k] = Rational(0);
                in.box[k] = make_interval(0L);
                break;
            default: in.box[k] = enclose(q);
        }
    }
    return in;
}

// The exact product of the points, in plain rational loops (the oracle).
Matrix<Rational> exact_product(const Matrix<Rational>& a, const Matrix<Rational>& b, int kind) {
    // kind 0: a b, 1: a b^T, 2: a^T b
    const size_t rows = kind == 2 ? a.cols() : a.rows();
    const size_t cols = kind == 1 ? b.rows() : b.cols();
    const size_t len = kind == 2 ? a.rows() : a.cols();
    Matrix<Rational> r(rows, cols);
    for (size_t i = 0; i < rows; ++i)
        for (size_t j = 0; j < cols; ++j) {
            Rational s(0);
            for (size_t k = 0; k < len; ++k) {
                const Rational& x = kind == 2 ? a(k, i) : a(i, k);
                const Rational& y = kind == 1 ? b(j, k) : b(k, j);
                s += x * y;
            }
            r(i, j) = s;
        }
    return r;
}

Matrix<Interval> product(const Matrix<Interval>& a, const Matrix<Interval>& b, int kind) {
    if (kind == 0) return multiply(a, b);
    if (kind == 1) return multiply_transposed(a, b);
    return transposed_multiply(a, b);
}

bool contains_all(const Matrix<Interval>& r, const Matrix<Rational>& exact) {
    for (size_t k = 0; k < r.size(); ++k)
        if (!contains(r[k], exact[k])) return false;
    return true;
}

}  // namespace

TEST_CASE("parallel_rows tiles the rows with disjoint blocks at the caller's precision", "[parallel]") {
    PrecisionScope scope(200);
    for (unsigned threads : {1u, 2u, 3u}) {
        RowThreads pool(threads, 1);
        CHECK(row_threads() == threads);
        for (size_t rows : {size_t{2}, size_t{3}, size_t{7}, size_t{64}, size_t{1001}}) {
            Blocks blocks(rows);
            parallel_rows(rows, 1000000, [&](size_t b, size_t e) { blocks.add(b, e); });
            INFO("threads " << threads << ", rows " << rows);
            CHECK(blocks.tile(rows));
            CHECK(std::all_of(blocks.row_count.begin(), blocks.row_count.end(), [](int c) { return c == 1; }));
            CHECK(std::all_of(blocks.row_bits.begin(), blocks.row_bits.end(), [](unsigned b) { return b == 200; }));
            if (threads == 1) CHECK(blocks.ranges.size() == 1);
        }
        CHECK(pool.pooled_loops() == (threads == 1 ? 0u : 5u));
    }
    CHECK(row_threads() == 1);
}

TEST_CASE("parallel_rows: the workers run blocks, with the caller's precision", "[parallel]") {
    // The first block to start waits until a block has finished on another
    // thread: with one thread it would wait forever, so finishing proves a
    // worker ran. (A 60 s limit keeps a broken pool from hanging the test.)
    PrecisionScope scope(77);
    RowThreads pool(3, 1);
    std::mutex mutex;
    std::condition_variable cv;
    std::thread::id first;
    bool have_first = false, other_done = false;
    std::vector<unsigned> bits(12, 0);
    std::vector<long> made(12, 0);  // precision of a number created in the block
    parallel_rows(12, 1000000, [&](size_t b, size_t e) {
        std::unique_lock<std::mutex> lock(mutex);
        for (size_t i = b; i < e; ++i) {
            bits[i] = working_bits();
            made[i] = static_cast<long>(mpfr_get_prec(new_real().backend().data()));
        }
        if (!have_first) {
            have_first = true;
            first = std::this_thread::get_id();
            cv.wait_for(lock, std::chrono::seconds(60), [&] { return other_done; });
        } else if (std::this_thread::get_id() != first) {
            other_done = true;
            cv.notify_all();
        }
    });
    CHECK(other_done);
    for (size_t i = 0; i < 12; ++i) {
        CHECK(bits[i] == 77);
        CHECK(made[i] == 77);
    }
}

TEST_CASE("parallel_rows stays serial when the pool's hypotheses fail", "[parallel]") {
    const auto caller = std::this_thread::get_id();
    auto serial = [&](size_t rows, size_t terms) {
        Blocks blocks(rows);
        parallel_rows(rows, terms, [&](size_t b, size_t e) { blocks.add(b, e); });
        return blocks.ranges.size() == 1 && blocks.ranges[0] == std::pair<size_t, size_t>(0, rows) &&
               blocks.threads.size() == 1 && *blocks.threads.begin() == std::this_thread::get_id();
    };
    // No scope at all.
    CHECK(serial(100, size_t{1} << 40));
    {
        RowThreads pool(3);
        // Below kParallelMinTerms; one row.
        CHECK(serial(100, kParallelMinTerms - 1));
        CHECK(serial(1, size_t{1} << 40));
        // Zero rows: fn is not called.
        bool called = false;
        parallel_rows(0, size_t{1} << 40, [&](size_t, size_t) { called = true; });
        CHECK_FALSE(called);
        // Another thread has no pool (a sweep's worker).
        bool other_serial = false;
        std::thread other([&] { other_serial = serial(100, size_t{1} << 40) && row_threads() == 1; });
        other.join();
        CHECK(other_serial);
        // A one-thread scope inside disables the outer pool; it comes back after.
        {
            RowThreads one(1, 1);
            CHECK(row_threads() == 1);
            CHECK(serial(100, size_t{1} << 40));
        }
        CHECK(row_threads() == 3);
        // A parallel_rows inside a pooled loop runs serially where it is called.
        std::atomic<int> inner_bad{0};
        parallel_rows(30, size_t{1} << 40, [&](size_t, size_t) {
            if (!serial(5, size_t{1} << 40)) ++inner_bad;
        });
        CHECK(inner_bad == 0);
        CHECK(pool.pooled_loops() == 1);
        CHECK(std::this_thread::get_id() == caller);
    }
    CHECK_THROWS_AS(RowThreads(0), std::invalid_argument);
    CHECK_THROWS_AS(RowThreads(kMaxRowThreads + 1), std::invalid_argument);
}

TEST_CASE("parallel_rows rethrows the lowest block's exception and keeps working", "[parallel]") {
    RowThreads pool(3, 1);
    for (int round = 0; round < 3; ++round) {
        std::atomic<size_t> rows_run{0};
        try {
            parallel_rows(40, 1000000, [&](size_t b, size_t e) {
                rows_run += e - b;
                for (size_t i = b; i < e; ++i)
                    if (i == 7 || i == 31) throw std::runtime_error("row " + std::to_string(i));
            });
            FAIL("no exception");
        } catch (const std::runtime_error& e) {
            CHECK(std::string(e.what()) == "row 7");
        }
        CHECK(rows_run == 40);  // every block ran
        Blocks blocks(40);
        parallel_rows(40, 1000000, [&](size_t b, size_t e) { blocks.add(b, e); });
        CHECK(blocks.tile(40));
    }
}

TEST_CASE("interval products are bit-identical for 1, 2 and 3 threads and contain the exact product",
          "[parallel]") {
    struct Shape {
        size_t rows, len, cols;
    };
    // Below the threshold; above it with rows not divisible by 2 or 3; square
    // 16 and 32; one row; long rows.
    const Shape shapes[] = {{3, 4, 5}, {7, 16, 40}, {17, 16, 16}, {16, 16, 16}, {32, 32, 32}, {1, 64, 100}, {5, 300, 3}};
    for (unsigned bits : {128u, 640u}) {  // 640 bits: the endpoint path (beyond BallDot's 512)
        PrecisionScope scope(bits);
        for (const Shape& s : shapes) {
            if (bits == 640 && s.rows * s.len * s.cols > 20000) continue;  // keep the test short
            for (int kind = 0; kind < 3; ++kind) {
                // Operand shapes giving a rows x cols result with inner length len.
                const Input a = kind == 2 ? random_input(s.len, s.rows) : random_input(s.rows, s.len);
                const Input b = kind == 1 ? random_input(s.cols, s.len) : random_input(s.len, s.cols);
                const Matrix<Rational> exact = exact_product(a.point, b.point, kind);
                const Matrix<Interval> serial = product(a.box, b.box, kind);
                INFO("bits " << bits << ", shape " << s.rows << "x" << s.len << "x" << s.cols << ", kind " << kind);
                CHECK(contains_all(serial, exact));
                for (unsigned threads : {1u, 2u, 3u}) {
                    RowThreads pool(threads);
                    const Matrix<Interval> par = product(a.box, b.box, kind);
                    INFO("threads " << threads);
                    CHECK(same_bits(par, serial));
                    CHECK(contains_all(par, exact));
                    const bool large = s.rows >= 2 && s.rows * s.len * s.cols >= kParallelMinTerms;
                    CHECK(pool.pooled_loops() == (threads > 1 && large ? 1u : 0u));
                }
                // Every shape through the pool (threshold 1).
                RowThreads pool(2, 1);
                CHECK(same_bits(product(a.box, b.box, kind), serial));
                if (kind == 0) {
                    // multiply_into: into a result of another shape (reshaped),
                    // then into the same storage again, then into entries of
                    // another precision: the same bits each time.
                    Matrix<Interval> into(2, 3);
                    multiply_into(a.box, b.box, into);
                    CHECK(same_bits(into, serial));
                    multiply_into(a.box, b.box, into);
                    CHECK(same_bits(into, serial));
                    Matrix<Interval> other;
                    {
                        PrecisionScope narrow(64);
                        other = Matrix<Interval>(s.rows, s.cols);
                    }
                    multiply_into(a.box, b.box, other);
                    CHECK(same_bits(other, serial));
                    Matrix<Interval> self = a.box;
                    CHECK_THROWS(multiply_into(self, b.box, self));
                }
            }
        }
    }
}

TEST_CASE("the endpoint fallback of a product is bit-identical over the pool", "[parallel]") {
    // An entry with an exponent beyond 2^20 sends the whole product to the
    // endpoint kernel (number/ball_dot.hpp).
    PrecisionScope scope(128);
    Input a = random_input(9, 20), b = random_input(20, 30);
    Real huge = new_real();
    mpfr_set_ui_2exp(huge.backend().data(), 1, 2000000, MPFR_RNDN);
    a.box(4, 3) = make_interval(huge);
    const Matrix<Interval> serial = multiply(a.box, b.box);
    Matrix<Rational> pa = a.point;
    pa(4, 3) = to_rational(huge);
    CHECK(contains_all(serial, exact_product(pa, b.point, 0)));
    for (unsigned threads : {2u, 3u}) {
        RowThreads pool(threads);
        CHECK(same_bits(multiply(a.box, b.box), serial));
        CHECK(pool.pooled_loops() == 1);
    }
}

TEST_CASE("spectral_norm is bit-identical over the pool", "[parallel]") {
    PrecisionScope scope(128);
    for (auto [r, c] : {std::pair<size_t, size_t>{40, 33}, {33, 40}, {5, 6}}) {
        const Input m = random_input(r, c);
        const Interval serial = spectral_norm(m.box);
        for (unsigned threads : {2u, 3u}) {
            RowThreads pool(threads, 1);
            CHECK(same_bits(spectral_norm(m.box), serial));
            CHECK(pool.pooled_loops() >= 1);
        }
    }
}
