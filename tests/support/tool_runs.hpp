// Running the built tools from a test as a shell command (the checker tests):
// the folders ctest passes in the environment, a scratch folder per test
// process, a command's exit code, merged output and time, and the runs of
// lrcert and lrcert-check those tests share (a certificate; the checker on a
// certificate with its own problem and claims; a rejection). A test run
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

// ---- lrcert and lrcert-check, as the checker tests run them ----
// `who` names the test executable: its tools are built_tool(.., who), its
// files live in process_dir(who).

struct CertifyRun {
    Run run;
    std::filesystem::path cert;  // process_dir(who)/NAME.cert.json
};

// `lrcert COMMAND PROBLEM --quiet --certificate CERT OPTIONS`, CERT =
// process_dir(who)/NAME.cert.json removed first (so a certificate there is this run's).
inline CertifyRun certify_run(const char* who, const std::filesystem::path& problem, const std::string& name,
                              const std::string& command = "certify", const std::string& options = "") {
    CertifyRun c;
    c.cert = process_dir(who) / (name + ".cert.json");
    std::filesystem::remove(c.cert);
    std::string cmd = quote(built_tool("lrcert", who)) + " " + command + " " + quote(problem) + " --quiet --certificate " +
                      quote(c.cert);
    if (!options.empty()) cmd += " " + options;
    c.run = run(cmd);
    return c;
}

// certify_run that must write a certificate (REQUIREs exit 0, 1 or 2 and the
// file); the certificate's path.
inline std::filesystem::path certificate(const char* who, const std::filesystem::path& problem,
                                         const std::string& name, const std::string& command = "certify",
                                         const std::string& options = "") {
    const CertifyRun c = certify_run(who, problem, name, command, options);
    INFO(c.run.out);
    REQUIRE(c.run.code <= 2);
    REQUIRE(std::filesystem::exists(c.cert));
    return c.cert;
}

// The certificate's own claims as a claims file for lrcert-check: each claim
// object of its "claims" array, with source "certificate" and an empty
// statement (so that a check compares only the proof with them). Tolerates a
// tampered certificate: no array, or entries that are not objects, are skipped.
inline nlohmann::json own_claims(const nlohmann::json& cert) {
    nlohmann::json file = {{"claims", nlohmann::json::array()}};
    if (cert.is_object() && cert.contains("claims") && cert["claims"].is_array())
        for (nlohmann::json cl : cert["claims"]) {
            if (!cl.is_object()) continue;
            cl["source"] = "certificate";
            cl["statement"] = "";
            file["claims"].push_back(cl);
        }
    return file;
}

// lrcert-check on the (possibly tampered) certificate `cert`, written to
// process_dir(who)/NAME.json, with the certificate's own problem
// (NAME.problem.json) and own claims (NAME.claims.json, --no-builtin-claims)
// as the checker's inputs, so that only the proof is under test:
// `lrcert-check OPTIONS PROBLEM CERT --no-builtin-claims --claims CLAIMS`.
inline Run check_own(const char* who, const nlohmann::json& cert, const std::string& name,
                     const std::string& options = "") {
    const std::filesystem::path dir = process_dir(who);
    const std::filesystem::path c = write_file(dir, name + ".json", cert.dump(1));
    const std::filesystem::path problem = write_file(dir, name + ".problem.json", cert.at("problem").dump(1));
    const std::filesystem::path claims = write_file(dir, name + ".claims.json", own_claims(cert).dump(1));
    std::string cmd = quote(built_tool("lrcert-check", who)) + " ";
    if (!options.empty()) cmd += options + " ";
    return run(cmd + quote(problem) + " " + quote(c) + " --no-builtin-claims --claims " + quote(claims));
}

// The checker rejected: exit 1, output "reject: ..." naming `item`.
inline void expect_rejected(const Run& r, const std::string& name, const std::string& item) {
    INFO(name << ": " << r.out);
    CHECK(r.code == 1);
    CHECK(r.out.rfind("reject: ", 0) == 0);
    CHECK(r.out.find(item) != std::string::npos);
}

}  // namespace lrcert::test
