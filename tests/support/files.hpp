// Test helpers shared by the test executables: where the sources and the built
// tools are, scratch folders, reading and writing files, running a built tool.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lrcert::test {

namespace fs = std::filesystem;

// $LRCERT_SOURCE_DIR / $LRCERT_BINARY_DIR (set by ctest), "" when unset.
inline std::string env_or_empty(const char* name) {
    const char* s = std::getenv(name);
    return s ? s : "";
}
inline std::string source_dir() { return env_or_empty("LRCERT_SOURCE_DIR"); }
inline std::string binary_dir() { return env_or_empty("LRCERT_BINARY_DIR"); }
inline std::string claims_dir() { return source_dir().empty() ? "" : source_dir() + "/claims"; }

// A workload size: `normal`, or the smaller `sanitized` in the sanitizer build
// (LRCERT_SANITIZE set, docs/testing.md), where everything runs about ten
// times slower. Both sizes exercise the same code and the test asserts the
// same things at either; only the amount of work differs.
inline size_t sanitizer_scaled(size_t normal, size_t sanitized) {
    return env_or_empty("LRCERT_SANITIZE").empty() ? normal : sanitized;
}

// True when the built command-line tools can be run (under ctest).
inline bool have_binaries() {
    return !binary_dir().empty() && !source_dir().empty() && fs::exists(fs::path(binary_dir()) / "lrcert");
}

// A fresh scratch folder (unique per process and name), removed at the end.
struct Scratch {
    fs::path path;
    explicit Scratch(const std::string& name) {
        path = fs::temp_directory_path() / ("lrcert-test-" + std::to_string(::getpid()) + "-" + name);
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
};

// One scratch folder for the whole test executable (the first call names it),
// removed when the executable exits.
inline fs::path scratch_dir(const std::string& name) {
    static Scratch scratch(name);
    return scratch.path;
}

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Writes `text` to `p`; returns the path.
inline std::string write_file(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
}

// A word for a POSIX shell, single-quoted.
inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

struct ToolResult {
    int code = -1;  // exit code, or -1 if the tool did not exit normally
    std::string out, err;
};

// Runs the built tool `tool` (e.g. "lrcert") with `args` (a shell command line,
// quoted by the caller) in folder `cwd`, standard input closed.
inline ToolResult run_tool(const std::string& tool, const fs::path& cwd, const std::string& args) {
    static int counter = 0;
    const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(counter++);
    fs::path out = fs::temp_directory_path() / ("lrcert-out-" + tag), err = fs::temp_directory_path() / ("lrcert-err-" + tag);
    std::string cmd = "cd " + shell_quote(cwd.string()) + " && " + shell_quote(binary_dir() + "/" + tool) + " " + args +
                      " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string()) + " </dev/null";
    int status = std::system(cmd.c_str());
    ToolResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    fs::remove(out);
    fs::remove(err);
    return r;
}

inline bool have_python3() { return std::system("command -v python3 >/dev/null 2>&1") == 0; }

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace lrcert::test
