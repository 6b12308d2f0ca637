// Shared by the benchmarks: a console reporter that also collects the real and
// CPU seconds per iteration of every repetition (for ratios of medians), and a
// runner that defaults to 9 repetitions.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

// The ordinary console output, plus the real and CPU seconds per iteration of
// every repetition, collected per benchmark for the ratios printed by main.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    enum Clock { kReal = 0, kCpu = 1 };

    explicit RatioReporter(OutputOptions options = OO_Tabular) : ConsoleReporter(options) {}
    void set_color(bool color) { output_options_ = color ? OO_ColorTabular : OO_Tabular; }

    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs) {
            if (run.error_occurred || run.iterations <= 0) continue;
            const double n = static_cast<double>(run.iterations);
            const double seconds[2] = {run.real_accumulated_time / n, run.cpu_accumulated_time / n};
            const std::string name = run.run_name.str();
            for (int c : {kReal, kCpu}) {
                if (run.run_type == Run::RT_Iteration)
                    samples_[c][name].push_back(seconds[c]);
                else if (run.aggregate_name == "median")
                    aggregate_median_[c][name] = seconds[c];
            }
            if (run.run_type == Run::RT_Aggregate) aggregate_repetitions_[name] = static_cast<size_t>(run.repetitions);
        }
    }

    // Median seconds per step of benchmark `name` on `clock`; 0 if it did not run.
    double median(const std::string& name, Clock clock) const {
        auto it = samples_[clock].find(name);
        if (it != samples_[clock].end() && !it->second.empty()) {
            std::vector<double> v = it->second;
            std::sort(v.begin(), v.end());
            const size_t n = v.size();
            return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        }
        // With --benchmark_report_aggregates_only only the aggregates arrive.
        auto agg = aggregate_median_[clock].find(name);
        return agg != aggregate_median_[clock].end() ? agg->second : 0.0;
    }

    size_t repetitions(const std::string& name) const {
        auto it = samples_[kReal].find(name);
        if (it != samples_[kReal].end()) return it->second.size();
        auto rep = aggregate_repetitions_.find(name);
        return rep == aggregate_repetitions_.end() ? 0 : rep->second;
    }

private:
    std::map<std::string, std::vector<double>> samples_[2];
    std::map<std::string, double> aggregate_median_[2];
    std::map<std::string, size_t> aggregate_repetitions_;
};

// Runs the registered benchmarks with `reporter` (9 repetitions unless the
// command line says otherwise). Returns false on unrecognized arguments.
inline bool run_benchmarks(int argc, char** argv, RatioReporter& reporter) {
    std::vector<char*> args(argv, argv + argc);
    static char default_repetitions[] = "--benchmark_repetitions=9";
    bool has_repetitions = false;
    // A reporter passed to RunSpecifiedBenchmarks does not see --benchmark_color:
    // colour only on a terminal, and never when the flag says false / no / 0.
    bool color = isatty(STDOUT_FILENO) != 0;
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--benchmark_repetitions", 23) == 0) has_repetitions = true;
        if (std::strncmp(argv[i], "--benchmark_color=", 18) == 0) {
            const char* v = argv[i] + 18;
            color = !(std::strcmp(v, "false") == 0 || std::strcmp(v, "no") == 0 || std::strcmp(v, "0") == 0);
        }
    }
    if (!has_repetitions) args.insert(args.begin() + 1, default_repetitions);
    int count = static_cast<int>(args.size());
    args.push_back(nullptr);
    benchmark::Initialize(&count, args.data());
    if (benchmark::ReportUnrecognizedArguments(count, args.data())) return false;
    reporter.set_color(color);
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return true;
}

}  // namespace
