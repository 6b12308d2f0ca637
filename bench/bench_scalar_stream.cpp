// bench_scalar_stream: certifying a scalar problem of dimension d (the whole
// `lrcert certify FILE` process: reading, the exact reduction, the
// certificate on the reduced problem, the report) against an uncertified
// float64 GD loop on the same problem, for d = 10^3 ... 10^7, in one run
// (bench/README.md, "bench_scalar_stream"; issue 15 items 4 and 8).
//
// The problem files are generated here, in a fresh temporary folder
// (mkdtemp under $TMPDIR, default /tmp; each file written once per size and
// reused by all repetitions, removed after its size, the folder at the end):
// mu = 1, h = 0.037, x0 with
// |x0|^2 about 96, y0 small (the headline instance's shape, h L0 about 3.6),
// every entry a 6-significant-digit decimal ("0.00942681", "-2.34757e-05").
// The float64 loop starts from the doubles nearest to those decimals and runs
// r = mu - x.y; x += h r y; y += h r x (old x) until |r| < 1e-15 or
// kMaxFloatSteps steps; it is timed in this process (median of the
// repetitions). The certify runs are child processes: CPU time (user + sys)
// and exit code from wait4, peak resident memory from /usr/bin/time (see
// run_process), wall-clock time around the
// child; medians over the repetitions. Ends with the table in Markdown
// (bench/run_table collects it).
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
    // A short write (a full disk at d = 10^7: about 270 MB) must not be timed as a problem.
    if (std::ferror(f) != 0 || std::fclose(f) != 0) {
        std::fprintf(stderr, "bench_scalar_stream: could not write %s\n", path.c_str());
        std::remove(path.c_str());
        std::exit(1);
    }
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

// The peak resident memory of a child cannot be taken from wait4 here: on
// Linux a forked child's high-water mark starts at the parent's resident size
// at the fork (and exec keeps it), and this process holds the start vectors
// (160 MB at d = 10^7). So the child runs under /usr/bin/time, a small
// process, whose %M is lrcert's own peak; CPU and exit code still come from
// wait4 (they include the wrapper's, a millisecond). Without /usr/bin/time
// the rusage peak is printed and is only an upper bound.
const char* const kTimeWrapper = "/usr/bin/time";

ProcessRun run_process(const std::string& binary, const std::string& problem, const std::string& rss_file) {
    ProcessRun r;
    const bool wrapped = access(kTimeWrapper, X_OK) == 0;
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        const int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        if (wrapped)
            execl(kTimeWrapper, kTimeWrapper, "-f", "%M", "-o", rss_file.c_str(), binary.c_str(), "certify",
                  problem.c_str(), static_cast<char*>(nullptr));
        else
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
    if (wrapped) {
        // /usr/bin/time writes "Command exited with non-zero status N" first when N != 0; %M is the last line.
        long kb = -1;
        if (std::FILE* f = std::fopen(rss_file.c_str(), "r")) {
            char line[256];
            while (std::fgets(line, sizeof line, f)) {
                char* end = nullptr;
                const long v = std::strtol(line, &end, 10);
                if (end != line) kb = v;
            }
            std::fclose(f);
        }
        std::remove(rss_file.c_str());
        r.max_rss_kb = kb;  // -1: not reported (printed as a negative peak)
    }
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
    const std::string rss_file = problem + ".rss";
    std::vector<double> wall, cpu, rss;
    Summary s;
    for (int k = 0; k < reps; ++k) {
        const ProcessRun r = run_process(binary, problem, rss_file);
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

// A fresh folder for the generated problems (never the source tree).
std::string make_temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/lrcert_bench_scalar_XXXXXX";
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) {
        std::perror("bench_scalar_stream: mkdtemp");
        std::exit(1);
    }
    return buf.data();
}

struct Row {
    size_t d = 0;
    double float_s = 0;
    long steps = 0;
    bool reached = false;
    Summary cert, before;
};

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
    const std::string dir = make_temp_dir();
    std::vector<Row> rows;
    for (size_t d = 1000; d <= max_d; d *= 10) {
        const std::string path = dir + "/scalar_" + std::to_string(d) + ".json";
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
        Row row{d, float_s, fr.steps, fr.reached, c, {}};
        if (!before.empty()) {
            // The old reader refuses d > 10^6; one run of the large sizes is enough to see that.
            row.before = time_certify(before, path, d >= 1000000 ? 1 : reps);
            std::printf(" | %9.3f %8.1f %5d", row.before.cpu, row.before.rss_mb, row.before.exit_code);
        }
        rows.push_back(row);
        std::printf("\n");
        std::fflush(stdout);
        std::remove(path.c_str());
    }
    rmdir(dir.c_str());
    std::printf("steps: float64 GD steps to |r| < 1e-15 (+: not reached in %ld steps); CPU/flt: certify CPU over the float64 loop\n",
                kMaxFloatSteps);
    std::printf("\n### Scalar family: `lrcert certify` against a float64 GD loop to |r| < 1e-15 (medians of %d runs)\n\n", reps);
    std::printf("| d | float64 loop s | float64 steps | certify CPU s | certify wall s | peak MB | exit | certify CPU / float64 |");
    if (!before.empty()) std::printf(" before CPU s | before peak MB | before exit |");
    std::printf("\n| --- | --- | --- | --- | --- | --- | --- | --- |");
    if (!before.empty()) std::printf(" --- | --- | --- |");
    std::printf("\n");
    for (const Row& r : rows) {
        std::printf("| 10^%d | %.4g | %ld%s | %.3g | %.3g | %.1f | %d | %.3g |", static_cast<int>(std::lround(std::log10(static_cast<double>(r.d)))),
                    r.float_s, r.steps, r.reached ? "" : " (not reached)", r.cert.cpu, r.cert.wall, r.cert.rss_mb,
                    r.cert.exit_code, r.cert.cpu / r.float_s);
        if (!before.empty()) std::printf(" %.3g | %.1f | %d |", r.before.cpu, r.before.rss_mb, r.before.exit_code);
        std::printf("\n");
    }
    return 0;
}
