// `lrcert orbits` on the issue's scalar problem (mu = 2, x0 = (2, 1, 0.5),
// y0 = (0.3, 0.1, -0.2), h L0 = 3), periods 1-8: the whole search and
// certification (run_orbits, as the command runs it) against its float64
// part alone run in the same process (Newton's method in double from the
// same kind of starts: a 14 x 14 grid over [-3, 3]^2 and the late float64
// trajectory, periods 1-8, no certification). Prints the medians and their
// ratio. See README.md.
#include "bench_support.hpp"

#include "lrcert/app/orbits_command.hpp"
#include "lrcert/dynamics/orbit.hpp"

#include <cmath>
#include <cstdio>

namespace {

using namespace lrcert;

const Problem& issue() {
    static const Problem p = parse_problem(
        R"({"family": "scalar", "mu": "2", "x0": ["2", "1", "0.5"], "y0": ["0.3", "0.1", "-0.2"],
            "h": "300000000000000000000000000000000000/544145680832595654347784527980167958"})",
        "issue");
    return p;
}

void BM_orbits_issue_periods_1_8(benchmark::State& state) {
    size_t orbits = 0;
    for (auto _ : state) {
        OrbitsRun run = run_orbits(issue(), PeriodRange{1, 8});
        orbits = run.report["orbits"].size();
        benchmark::DoNotOptimize(orbits);
    }
    state.counters["orbits"] = static_cast<double>(orbits);
}

void BM_float_newton_issue_periods_1_8(benchmark::State& state) {
    PrecisionScope scope(128);  // PointMap's double evaluations need no precision; kept for symmetry
    const PointMap F = PointMap::scalar(issue().mu(), issue().h);
    std::vector<Vec<double>> starts;
    Vec<double> z{2.3, 0.26};
    for (int k = 0; k < 2000; ++k) {
        z = F.image(z);
        if (k >= 1976) starts.push_back(z);
    }
    for (int i = 0; i < 14; ++i)
        for (int j = 0; j < 14; ++j) starts.push_back({-3 + 6 * (i + 0.5) / 14, -3 + 6 * (j + 0.5) / 14});
    size_t converged = 0;
    for (auto _ : state) {
        converged = 0;
        for (size_t p = 1; p <= 8; ++p)
            for (const Vec<double>& s : starts) converged += newton_periodic(F, p, s).has_value();
        benchmark::DoNotOptimize(converged);
    }
    state.counters["converged"] = static_cast<double>(converged);
}

BENCHMARK(BM_orbits_issue_periods_1_8)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_float_newton_issue_periods_1_8)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    RatioReporter reporter;
    if (!run_benchmarks(argc, argv, reporter)) return 1;
    for (RatioReporter::Clock c : {RatioReporter::kReal, RatioReporter::kCpu}) {
        auto t = [&](const char* name) { return reporter.median(name, c); };
        std::printf("\nMedians (%s time):\n", c == RatioReporter::kReal ? "real" : "CPU");
        std::printf("  orbits, issue problem, periods 1-8     %10.1f ms\n", 1e3 * t("BM_orbits_issue_periods_1_8"));
        std::printf("  float64 Newton search alone            %10.1f ms\n",
                    1e3 * t("BM_float_newton_issue_periods_1_8"));
        if (t("BM_float_newton_issue_periods_1_8") > 0)
            std::printf("  ratio orbits / float64 Newton          %10.1f\n",
                        t("BM_orbits_issue_periods_1_8") / t("BM_float_newton_issue_periods_1_8"));
    }
    return 0;
}
