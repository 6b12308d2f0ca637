// lrcert-check PROBLEM.json CERT.json [--claims FILE_OR_DIR]... [--no-builtin-claims]
// [--print-problem]: re-verifies an lrcert certificate of the problem file
// PROBLEM.json with its own exact rational arithmetic (docs/checker.md). The
// problem file and the claim files are the checker's own inputs: the
// certificate's problem and claims must equal them. Exit 0 accept, 1 reject,
// 3 malformed input (or usage), 4 internal error.
#include "check.hpp"
#include "claims.hpp"
#include "crosscheck.hpp"
#include "inputs.hpp"

#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#ifndef LRCERT_CHECK_VERSION
#define LRCERT_CHECK_VERSION "unknown"
#endif

namespace {

const char* const kUsage =
    "usage: lrcert-check PROBLEM.json CERT.json [--claims FILE_OR_DIR]... [--no-builtin-claims] [--strengthen]\n"
    "       lrcert-check PROBLEM.json --print-problem\n"
    "       lrcert-check --help | --version\n"
    "Re-verifies a certificate written by `lrcert certify PROBLEM.json --certificate CERT.json`\n"
    "or `lrcert orbits PROBLEM.json --certificate CERT.json` with its own exact rational\n"
    "arithmetic (docs/checker.md). The certificate's problem must equal PROBLEM.json and its\n"
    "claims the built-in claims (unless --no-builtin-claims) followed by those of every\n"
    "--claims file or folder, as given to lrcert.\n"
    "Exit codes: 0 accept, 1 reject, 3 malformed input (or usage), 4 internal error.\n";

bool read_file(const std::string& path, std::string& text) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream contents;
    contents << in.rdbuf();
    text = contents.str();
    return !in.bad();
}

std::string list_of(const std::vector<chk::Q>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + chk::exact_text(v[i]);
    return s + "]";
}

void print_problem(const chk::Inputs& in, std::ostream& out) {
    const chk::ProblemFile& p = in.problem;
    out << "family " << p.family << "\n";
    if (!p.name.empty()) out << "name " << p.name << "\n";
    if (!p.description.empty()) out << "description " << p.description << "\n";
    if (p.t)
        out << "h_over_2_over_L0 " << chk::exact_text(*p.t) << "\n";
    else
        out << "h " << chk::exact_text(p.h) << "\n";
    if (p.family == "scalar") {
        out << "mu " << chk::exact_text(p.mu) << "\n";
        out << "x0 " << list_of(p.X0[0]) << "\ny0 " << list_of(p.Y0[0]) << "\n";
    } else {
        for (const char* name : {"A", "X0", "Y0"}) {
            const auto& M = name[0] == 'A' ? p.A : name[0] == 'X' ? p.X0 : p.Y0;
            for (size_t i = 0; i < M.size(); ++i) out << name << "[" << i << "] " << list_of(M[i]) << "\n";
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::cout << kUsage;
        return 0;
    }
    if (args.size() == 1 && args[0] == "--version") {
        std::cout << "lrcert-check " << LRCERT_CHECK_VERSION << "\n";
        return 0;
    }
    std::vector<std::string> positional, claim_paths;
    bool builtin = true, print = false, strengthen = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--claims") {
            if (i + 1 == args.size()) {
                std::cerr << "lrcert-check: --claims needs a file or folder\n" << kUsage;
                return chk::kExitMalformed;
            }
            claim_paths.push_back(args[++i]);
        } else if (a == "--no-builtin-claims") {
            builtin = false;
        } else if (a == "--print-problem") {
            print = true;
        } else if (a == "--strengthen") {
            // Also report what the checker decides that the certificate left undecided (crosscheck.hpp).
            strengthen = true;
        } else if (a.size() > 1 && a[0] == '-') {
            std::cerr << "lrcert-check: unknown option " << a << "\n" << kUsage;
            return chk::kExitMalformed;
        } else {
            positional.push_back(a);
        }
    }
    if (positional.size() != (print ? 1u : 2u)) {
        std::cerr << kUsage;
        return chk::kExitMalformed;
    }
    try {
        chk::Inputs inputs;
        inputs.problem_path = positional[0];
        std::string problem_text;
        if (!read_file(inputs.problem_path, problem_text)) {
            std::cout << "malformed: cannot read " << inputs.problem_path << "\n";
            return chk::kExitMalformed;
        }
        inputs.problem_sha256 = chk::sha256_hex(problem_text);
        // --print-problem names the bytes read first, then what they parse to.
        if (print) std::cout << "problem " << inputs.problem_path << " (sha256 " << inputs.problem_sha256 << ")\n";
        inputs.problem = chk::read_problem_object(
            chk::parse_strict(problem_text, true, "problem file " + inputs.problem_path), "problem file " + inputs.problem_path);
        if (print) {
            print_problem(inputs, std::cout);
            return chk::kExitAccept;
        }
        std::string text;
        if (!read_file(positional[1], text)) {
            std::cout << "malformed: cannot read " << positional[1] << "\n";
            return chk::kExitMalformed;
        }
        // The claims are needed by the certify certificate only (an orbits
        // certificate carries none): the built-in folder is looked up then.
        const nlohmann::json top = chk::parse_strict(text, false, "certificate");
        const bool orbits = top.is_object() && top.contains("lrcert_orbits_certificate");
        if (!orbits) {
            inputs.claims_given = true;
            if (builtin) {
                std::vector<std::string> tried;
                const std::string dir = chk::locate_builtin_claims(tried);
                if (dir.empty()) {
                    std::string where;
                    for (const auto& t : tried) where += (where.empty() ? "" : ", ") + t;
                    std::cout << "malformed: the built-in claims were not found (looked in " << where
                              << "); set LRCERT_CLAIMS_DIR or use --no-builtin-claims\n";
                    return chk::kExitMalformed;
                }
                chk::read_claims_path(dir, inputs.claims);
            }
            for (const std::string& p : claim_paths) chk::read_claims_path(p, inputs.claims);
        }
        return chk::crosscheck_certificate_text(text, strengthen, std::cout, &inputs);
    } catch (const chk::Malformed& e) {
        std::cout << "malformed: " << e.what() << "\n";
        return chk::kExitMalformed;
    } catch (const std::exception& e) {
        std::cout << "internal error: " << e.what() << "\n";
        return chk::kExitInternal;
    }
}
