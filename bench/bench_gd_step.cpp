// Cost of one generic GD step lrcert::gd_step (problem/factorization.hpp) on a
// 16 x 16 matrix problem with d = 16, in double, Real (128 bits) and Interval
// (128 bits). After the runs, prints the ratios of the median times per step:
// Real/double, Interval/double and Interval/Real.
//
// Every benchmark steps from the same fixed point (the state is not advanced:
// the cost of a step does not depend on where it is taken, and iterating would
// blow up). Repetitions default to 9; any --benchmark_* flag is accepted
// (e.g. --benchmark_repetitions=20 or --benchmark_filter=Real). See README.md.
#include "lrcert/problem/factorization.hpp"

#include "bench_support.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using lrcert::Factors;
using lrcert::Interval;
using lrcert::Matrix;
using lrcert::Rational;
using lrcert::Real;

constexpr size_t kN = 16;  // A is kN x kN
constexpr size_t kD = 16;  // X and Y are kN x kD
constexpr unsigned kBits = 128;

// The exact data: entries k/1000 with |k| <= 1000 (not dyadic, so the
// Interval inputs are genuine enclosures of width one ulp), h = 1/100.
struct ExactProblem {
    Matrix<Rational> A, X, Y;
    Rational h;
};

const ExactProblem& exact_problem() {
    static const ExactProblem problem = [] {
        std::mt19937 engine(20240611u);
        auto entry = [&engine] { return Rational(static_cast<long>(engine() % 2001) - 1000, 1000); };
        auto random = [&entry](size_t rows, size_t cols) {
            Matrix<Rational> m(rows, cols);
            for (size_t k = 0; k < m.size(); ++k) m[k] = entry();
            return m;
        };
        ExactProblem p;
        p.A = random(kN, kN);
        p.X = random(kN, kD);
        p.Y = random(kN, kD);
        p.h = Rational(1, 100);
        return p;
    }();
    return problem;
}

// One benchmark per scalar type. The problem is converted inside the
// PrecisionScope (Real / Interval values are created at its precision), and the
// scope lives for the whole timing loop.
template <class T>
void run_gd_step(benchmark::State& state) {
    const ExactProblem& p = exact_problem();
    const Matrix<T> A = lrcert::convert_matrix<T>(p.A);
    const Factors<T> z{lrcert::convert_matrix<T>(p.X), lrcert::convert_matrix<T>(p.Y)};
    const T h = lrcert::from_rational<T>(p.h);
    for (auto _ : state) {
        Factors<T> next = lrcert::gd_step(A, z, h);
        benchmark::DoNotOptimize(next.X.data().data());
        benchmark::DoNotOptimize(next.Y.data().data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations());  // items = GD steps
}

void BM_gd_step_double(benchmark::State& state) {
    run_gd_step<double>(state);
    state.SetLabel("16x16 d=16");
}

void BM_gd_step_Real128(benchmark::State& state) {
    lrcert::PrecisionScope scope(kBits);
    run_gd_step<Real>(state);
    state.SetLabel("16x16 d=16, 128 bits");
}

void BM_gd_step_Interval128(benchmark::State& state) {
    lrcert::PrecisionScope scope(kBits);
    run_gd_step<Interval>(state);
    state.SetLabel("16x16 d=16, 128 bits");
}

BENCHMARK(BM_gd_step_double)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_gd_step_Real128)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_gd_step_Interval128)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
    RatioReporter reporter;
    if (!run_benchmarks(argc, argv, reporter)) return 1;

    const char* names[3] = {"BM_gd_step_double", "BM_gd_step_Real128", "BM_gd_step_Interval128"};
    const char* labels[3] = {"double", "Real 128", "Interval 128"};
    std::printf("\nMedian time of one gd_step, %zux%zu, d=%zu (repetitions: %zu / %zu / %zu):\n", kN, kN, kD,
                reporter.repetitions(names[0]), reporter.repetitions(names[1]), reporter.repetitions(names[2]));
    std::printf("  %-16s %14s %14s\n", "", "real time", "CPU time");
    double t[3][2];
    for (int b = 0; b < 3; ++b) {
        std::printf("  %-16s", labels[b]);
        for (int c : {RatioReporter::kReal, RatioReporter::kCpu}) {
            t[b][c] = reporter.median(names[b], static_cast<RatioReporter::Clock>(c));
            if (t[b][c] > 0)
                std::printf(" %11.3f us", t[b][c] * 1e6);
            else
                std::printf(" %14s", "(not run)");
        }
        std::printf("\n");
    }
    std::printf("Ratios of the medians:\n");
    auto ratio = [&t](const char* what, int num, int den) {
        std::printf("  %-16s", what);
        for (int c : {RatioReporter::kReal, RatioReporter::kCpu}) {
            if (t[num][c] > 0 && t[den][c] > 0)
                std::printf(" %14.1f", t[num][c] / t[den][c]);
            else
                std::printf(" %14s", "n/a");
        }
        std::printf("\n");
    };
    ratio("Real/double", 1, 0);
    ratio("Interval/double", 2, 0);
    ratio("Interval/Real", 2, 1);
    return 0;
}
