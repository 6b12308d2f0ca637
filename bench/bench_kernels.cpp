// The interval product kernels and the enclosure step against Arb, in one run
// (bench/README.md, "bench_kernels"; issue 15 items 2 and 8):
//   - an n x n times n x n interval matrix product (n^3 multiply-adds), the
//     shape of the enclosure step's R Y: a left factor of narrow intervals
//     (enclosures of k/1000, one ulp wide) and a thin right factor, by
//       new   lrcert's product (linalg/matrix.hpp: the midpoint-radius kernel
//             BallDot of number/ball_dot.hpp, operand preparation included),
//       old   the endpoint kernel IntervalDot (two directed fused
//             multiply-adds per term; the products before the BallDot kernel),
//       arb   n^2 calls of arb_dot (Arb's ball dot product) on the same data;
//     per term, at 128 and 256 bits, n = 4, 16, 32, 64;
//   - one GD step at n = m = d = 4, 16, 32, 64, 128 and 256 bits:
//       double     the generic gd_step in double (no rounding control),
//       real       the generic gd_step in lrcert::Real (MPFR, round to nearest),
//       certified  one MatrixTrajectory::advance (enclose/ball_trajectory.hpp):
//                  exactly what the certifier does per step, the centre image
//                  and the growth bound from the map's cached norms, on a real
//                  trajectory (warmed up, then restarted from the warmed-up copy
//                  every kTrajectoryBlock steps with the clock paused, so the
//                  cache refreshes as often as on that trajectory),
//       arb        Arb's naive ball GD step (R = A - X Y^T, X + h R Y,
//                  Y + h R^T X with arb_dot; no growth bound: it certifies
//                  nothing about the exact trajectory).
// Arb is used here only (Debian libflint-arb-dev), never by lrcert. Prints
// the ratios of the CPU-time medians at the end (the step table as Markdown,
// which bench/run_table collects).
#include "lrcert/enclose/ball.hpp"
#include "lrcert/enclose/ball_trajectory.hpp"
#include "lrcert/enclose/growth.hpp"
#include "lrcert/number/ball_dot.hpp"
#include "lrcert/number/interval_kernels.hpp"
#include "lrcert/problem/factorization.hpp"

#include "bench_support.hpp"

#include <arb.h>
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace lrcert;

const size_t kSizes[] = {4, 16, 32, 64};
const unsigned kPrecisions[] = {128, 256};

Matrix<Rational> random_rational(size_t rows, size_t cols, unsigned seed, long den) {
    std::mt19937 gen(seed);
    std::uniform_int_distribution<long> num(-1000, 1000);
    Matrix<Rational> m(rows, cols);
    for (size_t k = 0; k < m.size(); ++k) m[k] = Rational(num(gen), den);
    return m;
}

// Thin intervals at the nearest working-precision points of q.
Matrix<Interval> thin_of(const Matrix<Rational>& q) {
    return Matrix<Interval>::from(q, [](const Rational& v) {
        Real r = new_real();
        mpfr_set_q(r.backend().data(), v.backend().data(), MPFR_RNDN);
        return make_interval(r);
    });
}

// An Arb copy of an interval: the ball around its midpoint holding it.
void to_arb(arb_t out, const Interval& x, slong prec) {
    arb_set_interval_mpfr(out, x.lower().backend().data(), x.upper().backend().data(), prec);
}

struct ArbMatrix {
    size_t rows = 0, cols = 0;
    arb_ptr v = nullptr;
    ArbMatrix(const Matrix<Interval>& m, slong prec) : rows(m.rows()), cols(m.cols()) {
        v = _arb_vec_init(static_cast<slong>(m.size()));
        for (size_t k = 0; k < m.size(); ++k) to_arb(v + k, m[k], prec);
    }
    ArbMatrix(size_t r, size_t c) : rows(r), cols(c) { v = _arb_vec_init(static_cast<slong>(r * c)); }
    ~ArbMatrix() { _arb_vec_clear(v, static_cast<slong>(rows * cols)); }
    ArbMatrix(const ArbMatrix&) = delete;
    ArbMatrix& operator=(const ArbMatrix&) = delete;
    arb_ptr at(size_t i, size_t j) { return v + i * cols + j; }
};

// C = A B by arb_dot (rows of A, columns of B by stride).
void arb_product(ArbMatrix& C, ArbMatrix& A, ArbMatrix& B, slong prec) {
    for (size_t i = 0; i < A.rows; ++i)
        for (size_t j = 0; j < B.cols; ++j)
            arb_dot(C.at(i, j), nullptr, 0, A.at(i, 0), 1, B.at(0, j), static_cast<slong>(B.cols),
                    static_cast<slong>(A.cols), prec);
}

// The endpoint product (IntervalDot), as lrcert's products were computed before BallDot.
Matrix<Interval> endpoint_multiply(const Matrix<Interval>& a, const Matrix<Interval>& b) {
    Matrix<Interval> r(a.rows(), b.cols());
    IntervalDot acc;
    for (size_t i = 0; i < a.rows(); ++i)
        for (size_t j = 0; j < b.cols(); ++j) {
            acc.reset();
            for (size_t k = 0; k < a.cols(); ++k) acc.add_product(a(i, k), b(k, j));
            r(i, j) = acc.value();
        }
    return r;
}

struct ProductCase {
    Matrix<Interval> A, B;
};

ProductCase product_case(size_t n) {
    return {convert_matrix<Interval>(random_rational(n, n, 7, 1000)), thin_of(random_rational(n, n, 8, 1000))};
}

void per_term(benchmark::State& state, size_t n) {
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n * n * n));  // items = terms
}

// The product into a result allocated once, as BM_product_arb's arb_dot
// writes into its own (multiply_into, linalg/matrix.hpp).
void BM_product_new(benchmark::State& state) {
    const unsigned bits = static_cast<unsigned>(state.range(0));
    const size_t n = static_cast<size_t>(state.range(1));
    PrecisionScope scope(bits);
    const ProductCase c = product_case(n);
    Matrix<Interval> P;
    for (auto _ : state) {
        multiply_into(c.A, c.B, P);
        benchmark::DoNotOptimize(P.data().data());
    }
    per_term(state, n);
}

// The same with a fresh result per call (multiply): the 2 n^2 MPFR
// allocations and frees of the result on top (bench/README.md, branch kern17).
void BM_product_fresh(benchmark::State& state) {
    const unsigned bits = static_cast<unsigned>(state.range(0));
    const size_t n = static_cast<size_t>(state.range(1));
    PrecisionScope scope(bits);
    const ProductCase c = product_case(n);
    for (auto _ : state) {
        Matrix<Interval> P = multiply(c.A, c.B);
        benchmark::DoNotOptimize(P.data().data());
    }
    per_term(state, n);
}

void BM_product_old(benchmark::State& state) {
    const unsigned bits = static_cast<unsigned>(state.range(0));
    const size_t n = static_cast<size_t>(state.range(1));
    PrecisionScope scope(bits);
    const ProductCase c = product_case(n);
    for (auto _ : state) {
        Matrix<Interval> P = endpoint_multiply(c.A, c.B);
        benchmark::DoNotOptimize(P.data().data());
    }
    per_term(state, n);
}

void BM_product_arb(benchmark::State& state) {
    const unsigned bits = static_cast<unsigned>(state.range(0));
    const size_t n = static_cast<size_t>(state.range(1));
    PrecisionScope scope(bits);
    const ProductCase c = product_case(n);
    const slong prec = static_cast<slong>(bits);
    ArbMatrix A(c.A, prec), B(c.B, prec), C(n, n);
    for (auto _ : state) {
        arb_product(C, A, B, prec);
        benchmark::DoNotOptimize(C.v);
    }
    per_term(state, n);
}

// ---- one step ------------------------------------------------------------------

struct StepCase {
    Matrix<Rational> A, X, Y;
    Rational h;
};

StepCase step_case(size_t n) {
    StepCase c{random_rational(n, n, 17, 1000), random_rational(n, n, 18, 1000), random_rational(n, n, 19, 10000),
               Rational(1, 100)};
    return c;
}

void BM_step_double(benchmark::State& state) {
    const size_t n = static_cast<size_t>(state.range(1));
    const StepCase c = step_case(n);
    const Matrix<double> A = convert_matrix<double>(c.A);
    const Factors<double> z{convert_matrix<double>(c.X), convert_matrix<double>(c.Y)};
    const double h = from_rational<double>(c.h);
    for (auto _ : state) benchmark::DoNotOptimize(gd_step(A, z, h).X.data().data());
}

void BM_step_real(benchmark::State& state) {
    const unsigned bits = static_cast<unsigned>(state.range(0));
    const size_t n = static_cast<size_t>(state.range(1));
    PrecisionScope scope(bits);  // every Real below is made at this precision
    const StepCase c = step_case(n);
    const Matrix<Real> A = convert_matrix<Real>(c.A);
    const Factors<Real> z{convert_matrix<Real>(c.X), convert_matrix<Real>(c.Y)};
    const Real h = from_rational<Real>(c.h);
    for (auto _ : state) benchmark::DoNotOptimize(gd_step(A, z, h).X.data().data());
}

// The same data near a minimizer: A = X* Y*^T exactly (X*, Y* the step case's
// X and Y), the start X* + E, Y* + F with entries of E, F of size 1e-5. Each
// step moves the centre far less than the NormCache's refresh distance
// (1e-4 relative), as in the steps of a real run after its transient (886 of
// 946 steps of bench/matrix_16x16.json only refine the limit): the norms are
// those of the cache, refreshed once at the start.
StepCase near_case(size_t n) {
    StepCase c = step_case(n);
    Matrix<Rational> A(n, n);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) {
            Rational s = 0;
            for (size_t k = 0; k < n; ++k) s += c.X(i, k) * c.Y(j, k);
            A(i, j) = s;
        }
    c.A = A;
    const Matrix<Rational> E = random_rational(n, n, 20, 100000000), F = random_rational(n, n, 21, 100000000);
    for (size_t k = 0; k < E.size(); ++k) {
        c.X[k] += E[k];
        c.Y[k] += F[k];
    }
    return c;
}

// Steps of the certified trajectory timed per block; the state is restored
// from the warmed-up copy (one step: its first norm refresh) between blocks,
// clock paused, so that the ball stays that of an early, bounded trajectory
// whatever the iteration count. refresh/step: the cache's O(n^3) certified
// norm refreshes per timed step.
constexpr size_t kTrajectoryBlock = 32;

void certified_steps(benchmark::State& state, const StepCase& c) {
    MatrixTrajectory warm = matrix_trajectory(c.A, Factors<Rational>{c.X, c.Y}, c.h);
    warm.advance();
    const size_t refreshes_before = warm.map().refreshes();
    MatrixTrajectory traj = warm;
    size_t in_block = 0, refreshes = 0, steps = 0;
    for (auto _ : state) {
        if (in_block == kTrajectoryBlock) {
            state.PauseTiming();
            refreshes += traj.map().refreshes() - refreshes_before;
            traj = warm;
            in_block = 0;
            state.ResumeTiming();
        }
        traj.advance();
        ++in_block;
        ++steps;
        benchmark::DoNotOptimize(traj.ball().radius);
    }
    refreshes += traj.map().refreshes() - refreshes_before;
    state.counters["refresh/step"] = steps ? static_cast<double>(refreshes) / static_cast<double>(steps) : 0.0;
}

// The transient: from the random start, where the centre moves by more than
// the refresh distance every step.
void BM_step_certified_transient(benchmark::State& state) {
    PrecisionScope scope(static_cast<unsigned>(state.range(0)));
    certified_steps(state, step_case(static_cast<size_t>(state.range(1))));
}

// Near a minimizer: the cached norms (the "cached norms" figure).
void BM_step_certified(benchmark::State& state) {
    PrecisionScope scope(static_cast<unsigned>(state.range(0)));
    certified_steps(state, near_case(static_cast<size_t>(state.range(1))));
}

void BM_step_arb(benchmark::State& state) {
    const unsigned bits = static_cast<unsigned>(state.range(0));
    const size_t n = static_cast<size_t>(state.range(1));
    PrecisionScope scope(bits);
    const StepCase c = step_case(n);
    const slong prec = static_cast<slong>(bits);
    ArbMatrix A(convert_matrix<Interval>(c.A), prec), X(convert_matrix<Interval>(c.X), prec),
        Y(convert_matrix<Interval>(c.Y), prec);
    ArbMatrix R(n, n), X1(n, n), Y1(n, n);
    arb_t h;
    arb_init(h);
    arb_set_interval_mpfr(h, lo(enclose(c.h)).backend().data(), hi(enclose(c.h)).backend().data(), prec);
    for (auto _ : state) {
        // R = A - X Y^T (rows of X against rows of Y).
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < n; ++j)
                arb_dot(R.at(i, j), A.at(i, j), 1, X.at(i, 0), 1, Y.at(j, 0), 1, static_cast<slong>(n), prec);
        // X1 = X + h R Y, Y1 = Y + h R^T X.
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < n; ++j) {
                arb_dot(X1.at(i, j), nullptr, 0, R.at(i, 0), 1, Y.at(0, j), static_cast<slong>(n),
                        static_cast<slong>(n), prec);
                arb_mul(X1.at(i, j), X1.at(i, j), h, prec);
                arb_add(X1.at(i, j), X1.at(i, j), X.at(i, j), prec);
                arb_dot(Y1.at(i, j), nullptr, 0, R.at(0, i), static_cast<slong>(n), X.at(0, j),
                        static_cast<slong>(n), static_cast<slong>(n), prec);
                arb_mul(Y1.at(i, j), Y1.at(i, j), h, prec);
                arb_add(Y1.at(i, j), Y1.at(i, j), Y.at(i, j), prec);
            }
        benchmark::DoNotOptimize(X1.v);
        benchmark::DoNotOptimize(Y1.v);
    }
    arb_clear(h);
}

void sizes(benchmark::internal::Benchmark* b) {
    for (unsigned bits : kPrecisions)
        for (size_t n : kSizes) b->Args({static_cast<int64_t>(bits), static_cast<int64_t>(n)});
}

void step_sizes(benchmark::internal::Benchmark* b) {
    for (unsigned bits : kPrecisions)
        for (size_t n : kSizes) b->Args({static_cast<int64_t>(bits), static_cast<int64_t>(n)});
}

BENCHMARK(BM_product_new)->Apply(sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_product_old)->Apply(sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_product_fresh)->Apply(sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_product_arb)->Apply(sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_step_double)->Apply(step_sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_step_real)->Apply(step_sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_step_certified)->Apply(step_sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_step_certified_transient)->Apply(step_sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_step_arb)->Apply(step_sizes)->Unit(benchmark::kMicrosecond);
// The shape of bench/matrix_12x12.json at the precisions its runs use (64 bits
// for --digits 1, 192 for --digits 30): the end-to-end anchor,
// Arb's step x steps taken (bench/README.md, "Issue 15 table").
BENCHMARK(BM_step_arb)->Args({64, 12})->Args({192, 12})->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_step_certified)->Args({64, 12})->Args({192, 12})->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
    RatioReporter reporter;
    if (!run_benchmarks(argc, argv, reporter)) return 1;
    auto cpu = [&reporter](const char* bench, unsigned bits, size_t n) {
        return reporter.median(std::string(bench) + "/" + std::to_string(bits) + "/" + std::to_string(n),
                               RatioReporter::kCpu);
    };
    auto ratio = [](double a, double b) { return a > 0 && b > 0 ? a / b : 0.0; };
    std::printf("\n### Product: interval matrix product n x n x n, CPU ns per term (medians of %zu repetitions)\n\n",
                reporter.repetitions("BM_product_new/128/4"));
    std::printf("| bits | n | lrcert multiply_into | multiply (fresh result) | endpoint (IntervalDot) | arb_dot | "
                "**multiply_into / arb_dot** | fresh / arb_dot | endpoint / arb_dot |\n");
    std::printf("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (unsigned bits : kPrecisions)
        for (size_t n : kSizes) {
            const double terms = static_cast<double>(n * n * n);
            const double t_new = cpu("BM_product_new", bits, n) / terms * 1e9;
            const double t_fresh = cpu("BM_product_fresh", bits, n) / terms * 1e9;
            const double t_old = cpu("BM_product_old", bits, n) / terms * 1e9;
            const double t_arb = cpu("BM_product_arb", bits, n) / terms * 1e9;
            std::printf("| %u | %zu | %.1f | %.1f | %.1f | %.1f | **%.2f** | %.2f | %.2f |\n", bits, n, t_new, t_fresh,
                        t_old, t_arb, ratio(t_new, t_arb), ratio(t_fresh, t_arb), ratio(t_old, t_arb));
        }
    // The step table in Markdown (bench/run_table collects the lines from the heading on).
    std::printf("\n### Step: one GD step, n = m = d, CPU microseconds (medians of %zu repetitions)\n\n",
                reporter.repetitions("BM_step_certified/128/4"));
    std::printf("| bits | n | double | real (MPFR) | Arb ball step | certified, cached norms | certified, transient | "
                "cached / double | cached / real | **cached / Arb** | transient / Arb | Arb / double |\n");
    std::printf("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (unsigned bits : kPrecisions)
        for (size_t n : kSizes) {
            const double d = cpu("BM_step_double", bits, n) * 1e6, r = cpu("BM_step_real", bits, n) * 1e6,
                         c = cpu("BM_step_certified", bits, n) * 1e6,
                         t = cpu("BM_step_certified_transient", bits, n) * 1e6, a = cpu("BM_step_arb", bits, n) * 1e6;
            std::printf("| %u | %zu | %.3g | %.4g | %.4g | %.4g | %.4g | %.0f | %.2f | **%.2f** | %.2f | %.0f |\n", bits, n,
                        d, r, a, c, t, ratio(c, d), ratio(c, r), ratio(c, a), ratio(t, a), ratio(a, d));
        }
    std::printf("\ncertified = one MatrixTrajectory::advance; cached norms: near a minimizer (no norm refresh "
                "after the first step), transient: from the random start (a certified norm refresh every step).\n");
    std::printf("\n(a ratio 0 means one of its benchmarks was filtered out)\n");
    return 0;
}
