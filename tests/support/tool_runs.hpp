// Running the built tools from a test as a shell command (the checker tests):
// the folders ctest passes in the environment, a scratch folder per test
// process, and a command's exit code, merged output and time. A test run
// outside ctest (no LRCERT_BINARY_DIR, or the tool not built) exits 77:
// skipped.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace lrcert::test {

// $name as a path; exits 77 (skipped) when it is not set. `who` names the test.
inline std::filesystem::path env_dir(const char* name, const char* who) {
    const char* v = std::getenv(name);
    if (!v) {
        std::cerr << who << ": " << name << " is not set (run through ctest); skipped\n";
        std::exit(77);
    }
    return v;
}

// The built tool $LRCERT_BINARY_DIR/name; exits 77 (skipped) when absent.
inline std::filesystem::path built_tool(const char* name, const char* who) {
    std::filesystem::path p = env_dir("LRCERT_BINARY_DIR", who) / name;
    if (!std::filesystem::exists(p)) {
        std::cerr << who << ": " << p << " is not built; skipped\n";
        std::exit(77);
    }
    return p;
}

// A scratch folder of this test process: <tmp>/lrcert_<who>_<pid>.
inline std::filesystem::path process_dir(const char* who) {
    static std::filesystem::path dir = [who] {
        std::filesystem::path d =
            std::filesystem::temp_directory_path() / ("lrcert_" + std::string(who) + "_" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

// Writes `text` to dir/name (replacing it); the path.
inline std::filesystem::path write_file(const std::filesystem::path& dir, const std::string& name,
                                        const std::string& text) {
    std::filesystem::path p = dir / name;
    std::ofstream(p) << text;
    return p;
}

// The JSON document in the file at p.
inline nlohmann::json load_json(const std::filesystem::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

inline std::string quote(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

struct Run {
    int code = -1;  // exit code, -1 if the command did not exit normally
    std::string out;  // stdout and stderr, merged
    double seconds = 0;
};

inline Run run(const std::string& command) {
    Run r;
    auto t0 = std::chrono::steady_clock::now();
    FILE* f = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(f != nullptr);
    char buf[4096];
    size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, got);
    int status = ::pclose(f);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace lrcert::test
