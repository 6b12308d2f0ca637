// Whole certify runs do not depend on the thread count (linalg/parallel_rows.hpp,
// docs/cli.md `--threads`):
//   - in process: matrix examples certified serially and with 2 and 3 threads
//     at a pool threshold of one term (so that every product of these small
//     problems runs on the pool) give the same report JSON (elapsed_seconds
//     and verdict_seconds erased), the same certificate (the same times,
//     which it embeds, erased) and the same readable report but its time line;
//   - through the command line: `--threads 1` and `--threads 2` write
//     identical reports and certificates (times erased) for a 16 x 16 problem, whose
//     products reach the default threshold; bad values (0, negative, not a
//     number, too many, empty) are refused with a message naming --threads,
//     exit 3 and no file written; the same for `lrcert fixture --threads`
//     (its fixture of a 16 x 16 problem is the same for 1 and 2 threads).
// Runs the built `lrcert` from LRCERT_BINARY_DIR for the second part (exit
// 77 = skipped when it is absent).
#include "lrcert/app/certify_command.hpp"
#include "lrcert/claims/claim.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/linalg/parallel_rows.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace lrcert;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path env_dir(const char* name) {
    const char* v = std::getenv(name);
    if (!v) {
        std::cerr << "test_certify_threads: " << name << " is not set (run through ctest); skipped\n";
        std::exit(77);
    }
    return v;
}

fs::path source_dir() { return env_dir("LRCERT_SOURCE_DIR"); }

fs::path work_dir() {
    static fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("lrcert_test_certify_threads_" + std::to_string(::getpid()));
        fs::remove_all(d);
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Erases elapsed_seconds and verdict_seconds at every level (a certificate
// embeds the report); returns how many it erased.
int erase_times(json& j) {
    int erased = 0;
    if (j.is_object()) {
        for (const char* key : {"elapsed_seconds", "verdict_seconds"}) erased += static_cast<int>(j.erase(key));
        for (auto& [key, value] : j.items()) erased += erase_times(value);
    } else if (j.is_array()) {
        for (auto& value : j) erased += erase_times(value);
    }
    return erased;
}

// The report JSON or certificate without its times.
std::string timeless(json j) {
    REQUIRE(erase_times(j) >= 2);
    return j.dump();
}

// The readable report without its last (time) line.
std::string readable_without_time(const CertifyRun& run) {
    std::ostringstream out;
    print_report(out, run);
    std::string text = out.str();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    const size_t cut = text.rfind('\n');
    return cut == std::string::npos ? text : text.substr(0, cut);
}

struct Outputs {
    std::string report, certificate, readable;
};

Outputs certify_in_process(const Problem& p, const std::vector<claims::Claim>& claim_list, unsigned threads) {
    CertifyOptions o;
    o.threads = threads;
    o.quiet = true;
    const CertifyRun run = run_certify(p, claim_list, o);
    return {timeless(report_json(run)), timeless(certificate_json(run, claim_list)), readable_without_time(run)};
}

std::string quote(const fs::path& p) { return "'" + p.string() + "'"; }

struct Run {
    int code = -1;
    std::string err;
};

Run run_tool(const std::string& args) {
    const fs::path bin = env_dir("LRCERT_BINARY_DIR") / "lrcert";
    if (!fs::exists(bin)) {
        std::cerr << "test_certify_threads: " << bin << " is not built; skipped\n";
        std::exit(77);
    }
    const fs::path err = work_dir() / "stderr.txt";
    const std::string cmd = quote(bin) + " " + args + " >/dev/null 2>" + quote(err);
    const int status = std::system(cmd.c_str());
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = slurp(err);
    return r;
}

}  // namespace

TEST_CASE("matrix examples: reports and certificates are the same for 1, 2 and 3 threads", "[threads]") {
    const std::vector<claims::Claim> claim_list = claims::load_claims_directory((source_dir() / "claims").string());
    for (const char* name : {"matrix_3x5_d3.json", "matrix_4x4.json", "matrix_2x2_cycle.json", "matrix_posloss_d2.json"}) {
        INFO(name);
        const Problem p = read_problem_file((source_dir() / "examples" / name).string());
        const Outputs serial = certify_in_process(p, claim_list, 1);
        for (unsigned threads : {2u, 3u}) {
            INFO("threads " << threads);
            RowThreads pool(threads, 1);  // every product on the pool
            const Outputs par = certify_in_process(p, claim_list, 0);
            CHECK(pool.pooled_loops() > 0);
            CHECK(par.report == serial.report);
            CHECK(par.certificate == serial.certificate);
            CHECK(par.readable == serial.readable);
        }
        // threads = 1 inside a pool: the run's own one-thread scope is serial.
        RowThreads pool(3, 1);
        const Outputs one = certify_in_process(p, claim_list, 1);
        CHECK(pool.pooled_loops() == 0);
        CHECK(one.report == serial.report);
    }
}

TEST_CASE("lrcert certify --threads 1 and --threads 2 write identical files", "[threads]") {
    const fs::path problem = source_dir() / "bench" / "matrix_16x16.json";
    const std::string claims = " --claims-dir " + quote(source_dir() / "claims");
    std::string report[2], certificate[2];
    for (int t = 0; t < 2; ++t) {
        const fs::path rep = work_dir() / ("report" + std::to_string(t + 1) + ".json");
        const fs::path cert = work_dir() / ("cert" + std::to_string(t + 1) + ".json");
        // --digits 1: the verdict, not the refinement (keeps the test short).
        const Run r = run_tool("certify " + quote(problem) + claims + " --digits 1 --quiet --threads " +
                               std::to_string(t + 1) + " --report " + quote(rep) + " --certificate " + quote(cert));
        INFO(r.err);
        REQUIRE(r.code <= 2);
        report[t] = timeless(json::parse(slurp(rep)));
        certificate[t] = timeless(json::parse(slurp(cert)));
    }
    CHECK(report[0] == report[1]);
    CHECK(certificate[0] == certificate[1]);
    CHECK(json::parse(report[0]).at("outcome") == "converged");
}

TEST_CASE("lrcert certify refuses bad --threads values", "[threads]") {
    const fs::path problem = source_dir() / "examples" / "matrix_4x4.json";
    const fs::path rep = work_dir() / "bad_report.json";
    // No number at all, and a number out of range: two messages, both naming --threads.
    const std::string no_number = "--threads: expected a whole number of threads in [1, 256], got ";
    const std::string outside = " is outside the range [1, 256]";
    for (const char* bad : {"0", "-1", "abc", "2.5", "257", "99999999999", "''"}) {
        INFO(bad);
        const bool is_number = std::string(bad) != "abc" && std::string(bad) != "2.5" && std::string(bad) != "''";
        fs::remove(rep);
        const Run r = run_tool("certify " + quote(problem) + " --claims-dir " + quote(source_dir() / "claims") +
                               " --threads " + bad + " --report " + quote(rep));
        CHECK(r.code == 3);
        if (is_number)
            CHECK(r.err.find("--threads: " + std::string(bad) + outside) != std::string::npos);
        else
            CHECK(r.err.find(no_number) != std::string::npos);
        CHECK_FALSE(fs::exists(rep));
    }
    // The range's ends are accepted.
    for (const char* good : {"1", "256"}) {
        INFO(good);
        const Run r = run_tool("certify " + quote(problem) + " --claims-dir " + quote(source_dir() / "claims") +
                               " --quiet --threads " + std::string(good));
        CHECK(r.code <= 2);
    }
}

TEST_CASE("lrcert fixture --threads: the same fixture for 1 and 2 threads; bad values refused", "[threads]") {
    const fs::path problem = source_dir() / "bench" / "matrix_16x16.json";
    std::string fixture[2];
    for (int t = 0; t < 2; ++t) {
        const fs::path out = work_dir() / ("fixture" + std::to_string(t + 1) + ".json");
        const Run r = run_tool("fixture " + quote(problem) + " --steps 0,1,2,7 --no-limit --quiet --threads " +
                               std::to_string(t + 1) + " --out " + quote(out));
        INFO(r.err);
        REQUIRE(r.code == 0);
        fixture[t] = slurp(out);
    }
    CHECK(fixture[0] == fixture[1]);
    CHECK(json::parse(fixture[0]).at("all_certified") == true);
    const fs::path out = work_dir() / "bad_fixture.json";
    for (const char* bad : {"0", "-3", "x", "1000"}) {
        const bool is_number = std::string(bad) != "x";
        INFO(bad);
        fs::remove(out);
        const Run r = run_tool("fixture " + quote(problem) + " --no-limit --threads " + std::string(bad) + " --out " +
                               quote(out));
        CHECK(r.code == 3);
        if (is_number)
            CHECK(r.err.find("--threads: " + std::string(bad) + " is outside the range [1, 256]") != std::string::npos);
        else
            CHECK(r.err.find("--threads: expected a whole number of threads in [1, 256], got \"x\"") != std::string::npos);
        CHECK_FALSE(fs::exists(out));
    }
}
