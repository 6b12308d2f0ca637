// Certified area against time for the region of issue 10's performance
// target: examples/figures/headline_region_seed.json (the headline start
// stretched to initial imbalance t in [0.1, 1000], h in [0.1, 1] x
// 4/(S0 + 4 mu) of each start), branch and bound on 2 threads with the
// built-in claims, as `lrcert region` runs it. Target: 95% of the area in
// cells whose outcome is certified, within 600 s on 2 cores.
//
// Prints one CSV line per round (seconds, cells certified, area fractions of
// the final cells: converged, diverged, decided), then when the decided area
// first reached 50%, 80%, 90% and 95%. The run stops after --seconds S
// (default 600) or when the budget --max-cells N (default 3000000) is spent;
// --jobs J (default 2), --min-width W (default 1e-9). Not a Google Benchmark:
// one long run is the measurement (its own main). See bench/README.md.
#include "lrcert/app/region.hpp"
#include "lrcert/app/sweep_runner.hpp"
#include "lrcert/claims/claim.hpp"
#include "lrcert/number/parse.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace {

std::filesystem::path source_dir() {
    if (const char* s = std::getenv("LRCERT_SOURCE_DIR")) return s;
    return std::filesystem::path(__FILE__).parent_path().parent_path();
}

}  // namespace

int main(int argc, char** argv) {
    double limit = 600;
    size_t max_cells = 3000000;
    unsigned jobs = 2;
    std::string min_width = "1e-9";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--seconds"))
            limit = std::atof(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--max-cells"))
            max_cells = std::strtoull(argv[i + 1], nullptr, 10);
        else if (!std::strcmp(argv[i], "--jobs"))
            jobs = static_cast<unsigned>(std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--min-width"))
            min_width = argv[i + 1];
        else {
            std::fprintf(stderr, "usage: bench_region [--seconds S] [--max-cells N] [--jobs J] [--min-width W]\n");
            return 2;
        }
    }
    using namespace lrcert;
    const std::filesystem::path src = source_dir();
    const RegionSpec spec = read_region_spec((src / "examples/figures/headline_region_seed.json").string());
    SweepSpec claim_spec;
    claim_spec.claims = spec.claims;
    const std::vector<claims::Claim> claims = load_sweep_claims(claim_spec, (src / "claims").string(), spec.base.family);
    RegionRunOptions opt;
    opt.max_cells = max_cells;
    opt.jobs = jobs;
    opt.min_width = parse_exact(min_width);
    const auto t0 = std::chrono::steady_clock::now();
    auto elapsed = [&]() { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    const double marks[] = {0.5, 0.8, 0.9, 0.95};
    double reached[4] = {-1, -1, -1, -1};
    RegionProgress last;
    RegionHooks hooks;
    hooks.stop = [&]() { return elapsed() > limit; };
    hooks.progress = [&](const RegionProgress& p) {
        last = p;
        std::printf("%.1f,%zu,%.5f,%.5f,%.5f\n", p.seconds, p.certified, p.converged, p.diverged, p.decided());
        std::fflush(stdout);
        for (int k = 0; k < 4; ++k)
            if (reached[k] < 0 && p.decided() >= marks[k]) reached[k] = p.seconds;
    };
    std::printf("# %s, %zu cells at most, %u jobs, min width %s, stop after %.0f s\n", spec.name.c_str(), max_cells,
                jobs, min_width.c_str(), limit);
    std::printf("seconds,certified,converged,diverged,decided\n");
    const RegionRun run = run_region(spec, claims, opt, hooks);
    std::printf("# %s after %.1f s: %zu cells certified; decided area %.2f%% (converged %.2f%%, diverged %.2f%%)\n",
                run.stopped ? "stopped" : "finished", elapsed(), run.certified, 100 * last.decided(),
                100 * last.converged, 100 * last.diverged);
    for (int k = 0; k < 4; ++k) {
        if (reached[k] >= 0)
            std::printf("# %.0f%% of the area decided after %.1f s\n", 100 * marks[k], reached[k]);
        else
            std::printf("# %.0f%% of the area not reached\n", 100 * marks[k]);
    }
    return 0;
}
