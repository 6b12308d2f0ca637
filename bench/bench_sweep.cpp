// Wall-clock time of the 200-point h sweep of the headline scalar problem
// (examples/figures/headline_h.json: h from 0.1 to 2.6 times 2/L0) on 2
// threads, as `lrcert sweep` runs it: spec parsing, grid expansion (L0), the
// certification of every point with the built-in claims, and the results
// JSON and CSV (in memory; writing two files adds well under a millisecond).
// The target is < 5 s on 2 cores.
//
// Each repetition runs the whole sweep once (Iterations(1)); 5 repetitions by
// default (--benchmark_repetitions=N to change). After the runs the program
// prints the median, minimum and maximum wall time. The source tree is found
// from this file's path, or from $LRCERT_SOURCE_DIR. See bench/README.md.
#include "lrcert/app/sweep.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace {

std::vector<double> g_seconds;
size_t g_points = 0;
std::string g_outcomes;

std::filesystem::path source_dir() {
    if (const char* s = std::getenv("LRCERT_SOURCE_DIR")) return s;
    return std::filesystem::path(__FILE__).parent_path().parent_path();
}

void BM_sweep_headline_200(benchmark::State& state) {
    const std::filesystem::path src = source_dir();
    const std::string spec_path = (src / "examples/figures/headline_h.json").string();
    const std::string claims = (src / "claims").string();
    const unsigned jobs = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        auto t0 = std::chrono::steady_clock::now();
        lrcert::SweepSpec spec = lrcert::read_sweep_spec(spec_path);
        auto claim_list = lrcert::load_sweep_claims(spec, claims, spec.base.family);
        lrcert::SweepGrid grid = lrcert::expand_grid(spec);
        auto rows = lrcert::run_sweep_points(spec, grid, lrcert::shard_indices(grid.points.size(), lrcert::Shard{}),
                                             claim_list, jobs);
        nlohmann::json results = lrcert::results_json(spec, grid, claim_list, std::move(rows), std::nullopt);
        std::string json_text = lrcert::results_text(results);
        std::string csv = lrcert::results_csv(results);
        benchmark::DoNotOptimize(json_text.data());
        benchmark::DoNotOptimize(csv.data());
        g_seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        g_points = grid.points.size();
        size_t converged = 0, diverged = 0;
        for (const auto& p : results["points"]) {
            converged += p["outcome"] == "converged";
            diverged += p["outcome"] == "diverged";
        }
        g_outcomes = std::to_string(converged) + " converged, " + std::to_string(diverged) + " diverged";
    }
    state.counters["points"] = static_cast<double>(g_points);
}

BENCHMARK(BM_sweep_headline_200)->Arg(2)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

}  // namespace

int main(int argc, char** argv) {
    // 5 repetitions unless the command line says otherwise.
    std::vector<char*> args(argv, argv + argc);
    bool has_reps = false;
    for (int i = 1; i < argc; ++i) has_reps |= std::strncmp(argv[i], "--benchmark_repetitions", 23) == 0;
    static char reps[] = "--benchmark_repetitions=5";
    if (!has_reps) args.push_back(reps);
    int n = static_cast<int>(args.size());
    benchmark::Initialize(&n, args.data());
    if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    if (g_seconds.empty()) return 0;
    std::vector<double> s = g_seconds;
    std::sort(s.begin(), s.end());
    double median = s.size() % 2 ? s[s.size() / 2] : (s[s.size() / 2 - 1] + s[s.size() / 2]) / 2;
    std::printf("\nheadline h sweep, %zu points (%s), 2 threads, %zu runs:\n", g_points, g_outcomes.c_str(), s.size());
    std::printf("  wall time  median %.3f s   min %.3f s   max %.3f s   (target < 5 s)\n", median, s.front(),
                s.back());
    return 0;
}
