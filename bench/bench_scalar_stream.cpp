// bench_scalar_stream: certifying a scalar problem of dimension d (the whole
// `lrcert certify FILE` process: reading, the exact reduction, the
// certificate on the reduced problem, the report) against an uncertified
// float64 GD loop on the same problem, for d = 10^3 ... 10^7, in one run
// (bench/README.md, "bench_scalar_stream"; issue 15 items 4 and 8).
//
// The problem files are generated here, in /tmp: mu = 1, h = 0.037, x0 with
// |x0|^2 about 96, y0 small (the headline instance's shape, h L0 about 3.6),
// every entry a 6-significant-digit decimal ("0.00942681", "-2.34757e-05").
// The float64 loop starts from the doubles nearest to those decimals and runs
// r = mu - x.y; x += h r y; y += h r x (old x) until |r| < 1e-15 or
// kMaxFloatSteps steps; it is timed in this process (median of the
// repetitions). The certify runs are child processes: CPU time (user + sys)
// and peak resident memory from wait4's rusage, wall-clock time around the
// child; medians over the repetitions.
//
// Usage: bench_scalar_stream [--lrcert PATH] [--before PATH] [--max-d D] [--reps R]
//   --lrcert   the lrcert to time (default: the one next to this program)
//   --before   a second lrcert to time the same way (e.g. a build of an older commit)
//   --max-d    largest d (default 10000000); d runs over 10^3, 10^4, ... up to it
//   --reps     repetitions per measurement (default 3)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

namespace {

constexpr double kMu = 1.0, kH = 0.037;
constexpr long kMaxFloatSteps = 100000;

struct Start {
    std::vector<double> x, y;
};

// Writes the problem file for d and returns the start as doubles (strtod of
// the very texts written: the nearest doubles to the exact inputs).
Start write_problem(size_t d, const std::string& path) {
    std::mt19937_64 rng(20261203 + d);
    std::uniform_real_distribution<double> ux(0.5, 1.5), uy(-1.0, 1.0);
    const double sx = std::sqrt(96.0 / (static_cast<double>(d) * 1.0833)), sy = 0.03 / std::sqrt(static_cast<double>(d));
    Start s;
    s.x.reserve(d);
    s.y.reserve(d);
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) {
        std::perror(path.c_str());
        std::exit(1);
    }
    std::fputs(R"({"family": "scalar", "mu": "1", "h": "0.037", "x0": [)", f);
    char buf[64];
    for (int pass = 0; pass < 2; ++pass) {
        if (pass == 1) std::fputs(R"(], "y0": [)", f);
        for (size_t i = 0; i < d; ++i) {
            const double v = pass == 0 ? ux(rng) * sx : uy(rng) * sy;
            std::snprintf(buf, sizeof buf, "%.6g", v);
            std::fprintf(f, i ? ",\"%s\"" : "\"%s\"", buf);
            (pass == 0 ? s.x : s.y).push_back(std::strtod(buf, nullptr));
        }
    }
    std::fputs("]}\n", f);
    std::fclose(f);
    return s;
}

struct FloatRun {
    double seconds = 0;
    long steps = 0;
    bool reached = false;
};

FloatRun float_gd(const Start& s0) {
    std::vector<double> x = s0.x, y = s0.y;
    const size_t d = x.size();
    FloatRun run;
    const auto t0 = std::chrono::steady_clock::now();
    for (long k = 0; k < kMaxFloatSteps; ++k) {
        double xy = 0;
        for (size_t i = 0; i < d; ++i) xy += x[i] * y[i];
        const double r = kMu - xy;
        if (std::fabs(r) < 1e-15) {
            run.reached = true;
            run.steps = k;
            break;
        }
        const double hr = kH * r;
        for (size_t i = 0; i < d; ++i) {
            const double xi = x[i];
            x[i] = xi + hr * y[i];
            y[i] = y[i] + hr * xi;
        }
        run.steps = k + 1;
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return run;
}

struct ProcessRun {
    double wall = 0, cpu = 0;
    long max_rss_kb = 0;
    int exit_code = -1;
};

ProcessRun run_process(const std::string& binary, const std::string& problem) {
    ProcessRun r;
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        const int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(binary.c_str(), binary.c_str(), "certify", problem.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
            1e-6 * static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
    r.max_rss_kb = ru.ru_maxrss;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct Summary {
    double wall = 0, cpu = 0, rss_mb = 0;
    int exit_code = -1;
};

Summary time_certify(const std::string& binary, const std::string& problem, int reps) {
    std::vector<double> wall, cpu, rss;
    Summary s;
    for (int k = 0; k < reps; ++k) {
        const ProcessRun r = run_process(binary, problem);
        wall.push_back(r.wall);
        cpu.push_back(r.cpu);
        rss.push_back(static_cast<double>(r.max_rss_kb) / 1024.0);
        s.exit_code = r.exit_code;
    }
    s.wall = median(wall);
    s.cpu = median(cpu);
    s.rss_mb = median(rss);
    return s;
}

std::string self_dir() {
    char buf[4096];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return ".";
    std::string p(buf, static_cast<size_t>(n));
    return p.substr(0, p.rfind('/'));
}

}  // namespace

int main(int argc, char** argv) {
    std::string lrcert = self_dir() + "/lrcert", before;
    size_t max_d = 10000000;
    int reps = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--lrcert") lrcert = value();
        else if (a == "--before") before = value();
        else if (a == "--max-d") max_d = std::strtoull(value().c_str(), nullptr, 10);
        else if (a == "--reps") reps = std::max(1, std::atoi(value().c_str()));
        else {
            std::fprintf(stderr, "usage: bench_scalar_stream [--lrcert PATH] [--before PATH] [--max-d D] [--reps R]\n");
            return 2;
        }
    }
    std::printf("scalar certification vs float64 GD (medians of %d runs; CPU = user + sys of the process)\n", reps);
    std::printf("%9s | %10s %6s | %9s %9s %8s %5s | %7s", "d", "float64 s", "steps", "cert wall", "cert CPU",
                "peak MB", "exit", "CPU/flt");
    if (!before.empty()) std::printf(" | %9s %8s %5s", "before CPU", "peak MB", "exit");
    std::printf("\n");
    for (size_t d = 1000; d <= max_d; d *= 10) {
        const std::string path = "/tmp/lrcert_bench_scalar_" + std::to_string(d) + ".json";
        const Start s = write_problem(d, path);
        std::vector<double> ft;
        FloatRun fr;
        for (int k = 0; k < reps; ++k) {
            fr = float_gd(s);
            ft.push_back(fr.seconds);
        }
        const double float_s = median(ft);
        const Summary c = time_certify(lrcert, path, reps);
        std::printf("%9zu | %10.6f %5ld%s | %9.3f %9.3f %8.1f %5d | %7.3f", d, float_s, fr.steps, fr.reached ? " " : "+",
                    c.wall, c.cpu, c.rss_mb, c.exit_code, c.cpu / float_s);
        if (!before.empty()) {
            // The old reader refuses d > 10^6; one run of the large sizes is enough to see that.
            const Summary b = time_certify(before, path, d >= 1000000 ? 1 : reps);
            std::printf(" | %9.3f %8.1f %5d", b.cpu, b.rss_mb, b.exit_code);
        }
        std::printf("\n");
        std::fflush(stdout);
        std::remove(path.c_str());
    }
    std::printf("steps: float64 GD steps to |r| < 1e-15 (+: not reached in %ld steps); CPU/flt: certify CPU over the float64 loop\n",
                kMaxFloatSteps);
    return 0;
}
