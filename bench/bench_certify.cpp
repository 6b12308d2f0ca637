// Certification costs against plain float64 baselines, in the same run:
//   - the headline scalar instance (examples/headline.json): certify_scalar at
//     the planned precision vs a float64 GD loop in d dimensions run until
//     |r| < 1e-15; and the same geometry at d = 10^4;
//   - one matrix enclosure step (ball_step with certified spectral bounds,
//     fresh and cached) vs one plain double gd_step, for n = m = d in {4, 16, 64};
//   - the whole certification of bench/matrix_16x16.json (h L0 about 3);
//   - convergence to a cycle (examples/cycle_2.json, outcome periodic) against
//     the headline's convergence certificate, per step of the certified run
//     (each run's CPU time over its steps_run), and the cycle's certificate
//     against its own enclosure loop alone (the same number of ball steps).
// Prints the ratios of the medians. See README.md.
#include "bench_support.hpp"

#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/io/problem_file.hpp"

#include <cmath>
#include <cstdio>
#include <random>

#ifndef LRCERT_SOURCE_DIR
#define LRCERT_SOURCE_DIR "."
#endif

namespace {

using namespace lrcert;

const Problem& headline() {
    static const Problem p = read_problem_file(LRCERT_SOURCE_DIR "/examples/headline.json");
    return p;
}

// The headline pattern repeated to d = 10^4 and scaled by 1/32.
const Problem& headline_wide() {
    static const Problem p = [] {
        Problem q = headline();
        const size_t d = 10000;
        Factors<Rational> z{Matrix<Rational>(1, d), Matrix<Rational>(1, d)};
        for (size_t i = 0; i < d; ++i) {
            z.X(0, i) = headline().z0.X(0, i % 10) / 32;
            z.Y(0, i) = headline().z0.Y(0, i % 10) / 32;
        }
        q.z0 = z;
        return q;
    }();
    return p;
}

void certify(benchmark::State& state, const Problem& p) {
    ScalarReduction red = reduce_scalar(p.mu(), p.h, p.z0.X.data(), p.z0.Y.data());
    for (auto _ : state) {
        ScalarCertificate c = certify_scalar(red, ScalarOptions{});
        if (c.outcome != Outcome::Converged) state.SkipWithError("not certified");
        benchmark::DoNotOptimize(c.steps_run);
    }
}

void BM_certify_headline(benchmark::State& state) { certify(state, headline()); }

const Problem& cycle_2() {
    static const Problem p = read_problem_file(LRCERT_SOURCE_DIR "/examples/cycle_2.json");
    return p;
}

size_t g_steps_headline = 0, g_steps_cycle = 0;

// certify_scalar on p, expecting `want`; the steps of its certified run in `steps`.
void certify_counting(benchmark::State& state, const Problem& p, Outcome want, size_t& steps) {
    ScalarReduction red = reduce_scalar(p.mu(), p.h, p.z0.X.data(), p.z0.Y.data());
    for (auto _ : state) {
        ScalarCertificate c = certify_scalar(red, ScalarOptions{});
        if (c.outcome != want) state.SkipWithError("unexpected outcome");
        steps = c.steps_run;
    }
}

void BM_certify_headline_steps(benchmark::State& state) {
    certify_counting(state, headline(), Outcome::Converged, g_steps_headline);
}
void BM_certify_cycle(benchmark::State& state) { certify_counting(state, cycle_2(), Outcome::Periodic, g_steps_cycle); }

// The cycle's ball steps alone, at the precision its certificate used.
void BM_cycle_ball_steps(benchmark::State& state) {
    const Problem& p = cycle_2();
    ScalarReduction red = reduce_scalar(p.mu(), p.h, p.z0.X.data(), p.z0.Y.data());
    const ScalarCertificate c = certify_scalar(red, ScalarOptions{});
    for (auto _ : state) {
        PrecisionScope scope(c.precision_bits);
        ScalarTrajectory traj = scalar_trajectory(red);
        for (size_t k = 0; k < c.steps_run; ++k) traj.advance();
        benchmark::DoNotOptimize(traj.ball().radius);
    }
}
void BM_certify_headline_d10000(benchmark::State& state) { certify(state, headline_wide()); }

// Plain float64 GD in d dimensions until |r| < 1e-15.
void BM_float_gd_headline(benchmark::State& state) {
    const Problem& p = headline();
    const double mu = from_rational<double>(p.mu()), h = from_rational<double>(p.h);
    std::vector<double> x0, y0;
    for (size_t i = 0; i < p.d(); ++i) {
        x0.push_back(from_rational<double>(p.z0.X(0, i)));
        y0.push_back(from_rational<double>(p.z0.Y(0, i)));
    }
    size_t steps = 0;
    for (auto _ : state) {
        std::vector<double> x = x0, y = y0;
        for (steps = 0; steps < 1000000; ++steps) {
            double xy = 0;
            for (size_t i = 0; i < x.size(); ++i) xy += x[i] * y[i];
            double r = mu - xy;
            if (std::fabs(r) < 1e-15) break;
            for (size_t i = 0; i < x.size(); ++i) {
                double xi = x[i];
                x[i] = xi + h * r * y[i];
                y[i] += h * r * xi;
            }
        }
        benchmark::DoNotOptimize(x.data());
    }
    state.counters["steps"] = static_cast<double>(steps);
}

struct MatrixCase {
    Matrix<Rational> A;
    Factors<Rational> z;
    Rational h;
};

MatrixCase matrix_case(size_t d) {
    std::mt19937 gen(17);
    std::uniform_int_distribution<int> num(-10, 10);
    MatrixCase c{Matrix<Rational>(d, d), {Matrix<Rational>(d, d), Matrix<Rational>(d, d)}, Rational(1, 100)};
    for (size_t k = 0; k < c.A.size(); ++k) c.A[k] = Rational(num(gen), 10);
    for (size_t k = 0; k < c.z.X.size(); ++k) c.z.X[k] = Rational(num(gen), 10);
    for (size_t k = 0; k < c.z.Y.size(); ++k) c.z.Y[k] = Rational(num(gen), 100);
    return c;
}

void BM_double_step(benchmark::State& state) {
    MatrixCase c = matrix_case(static_cast<size_t>(state.range(0)));
    Matrix<double> A = convert_matrix<double>(c.A);
    Factors<double> z{convert_matrix<double>(c.z.X), convert_matrix<double>(c.z.Y)};
    double h = from_rational<double>(c.h);
    for (auto _ : state) benchmark::DoNotOptimize(gd_step(A, z, h).X.data().data());
}

// One enclosure step at 192 bits: spectral bounds computed fresh (transient)
// or taken from the cache (near a limit: only ||R||_F is recomputed).
void enclosure_step(benchmark::State& state, bool cached) {
    MatrixCase c = matrix_case(static_cast<size_t>(state.range(0)));
    PrecisionScope scope(192);
    Matrix<Interval> A = convert_matrix<Interval>(c.A);
    Interval h = enclose(c.h);
    Ball ball = ball_around(Factors<Interval>{convert_matrix<Interval>(c.z.X), convert_matrix<Interval>(c.z.Y)});
    NormCache cache;
    cache.at(A, ball.centre, false);
    for (auto _ : state) {
        CentreNorms s = cached ? cache.at(A, ball.centre, false) : centre_norms(A, ball.centre, false);
        Ball next = ball_step(A, h, ball, matrix_growth_bound(s, ball.radius, h));
        benchmark::DoNotOptimize(next.radius);
    }
}
void BM_enclosure_step(benchmark::State& state) { enclosure_step(state, false); }
void BM_enclosure_step_cached(benchmark::State& state) { enclosure_step(state, true); }

void BM_certify_matrix_16x16(benchmark::State& state) {
    static const Problem p = read_problem_file(LRCERT_SOURCE_DIR "/bench/matrix_16x16.json");
    for (auto _ : state) {
        MatrixCertificate c = certify_matrix(p.A, p.z0, p.h, MatrixOptions{});
        if (c.outcome != Outcome::Converged) state.SkipWithError("not certified");
        state.counters["steps"] = static_cast<double>(c.steps_run);
    }
}

BENCHMARK(BM_certify_headline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_certify_headline_d10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_float_gd_headline)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_double_step)->Arg(4)->Arg(16)->Arg(64)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_enclosure_step)->Arg(4)->Arg(16)->Arg(64)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_enclosure_step_cached)->Arg(4)->Arg(16)->Arg(64)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_certify_matrix_16x16)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_certify_headline_steps)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_certify_cycle)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_cycle_ball_steps)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    RatioReporter reporter;
    if (!run_benchmarks(argc, argv, reporter)) return 1;
    auto t = [&](const char* name) { return reporter.median(name, RatioReporter::kCpu); };
    std::printf("\nMedians (CPU time):\n");
    std::printf("  certify headline (d = 10)        %10.3f ms\n", 1e3 * t("BM_certify_headline"));
    std::printf("  certify headline (d = 10^4)      %10.3f ms\n", 1e3 * t("BM_certify_headline_d10000"));
    std::printf("  float64 GD headline to |r|<1e-15 %10.3f ms\n", 1e3 * t("BM_float_gd_headline"));
    if (t("BM_float_gd_headline") > 0)
        std::printf("  ratio certify / float64 GD       %10.1f\n", t("BM_certify_headline") / t("BM_float_gd_headline"));
    for (const char* d : {"4", "16", "64"}) {
        std::string s = std::string("/") + d;
        double dbl = t(("BM_double_step" + s).c_str());
        double enc = t(("BM_enclosure_step" + s).c_str());
        double cac = t(("BM_enclosure_step_cached" + s).c_str());
        if (dbl > 0)
            std::printf("  n = m = d = %-3s enclosure step / double step: %8.1f (fresh norms), %8.1f (cached)\n", d,
                        enc / dbl, cac / dbl);
    }
    std::printf("  certify matrix 16x16, d = 16     %10.3f s\n", t("BM_certify_matrix_16x16"));
    const double cyc = t("BM_certify_cycle"), head = t("BM_certify_headline_steps"), balls = t("BM_cycle_ball_steps");
    if (g_steps_cycle && g_steps_headline && head > 0 && balls > 0) {
        std::printf("  certify cycle_2 (periodic, %zu steps)  %10.3f ms\n", g_steps_cycle, 1e3 * cyc);
        std::printf("  ratio per step: cycle / convergence (headline, %zu steps) %8.2f\n", g_steps_headline,
                    (cyc / double(g_steps_cycle)) / (head / double(g_steps_headline)));
        std::printf("  ratio cycle certificate / its %zu ball steps alone       %8.2f\n", g_steps_cycle, cyc / balls);
    }
    return 0;
}
