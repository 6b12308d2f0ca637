// lrcert-check CERT.json: re-verifies an lrcert certificate with its own exact
// rational arithmetic (docs/checker.md). Exit 0 accept, 1 reject, 3 malformed
// input, 4 internal error.
#include "check.hpp"
#include "crosscheck.hpp"

#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#ifndef LRCERT_CHECK_VERSION
#define LRCERT_CHECK_VERSION "unknown"
#endif

const char* const kUsage =
    "usage: lrcert-check [--strengthen] CERT.json\n"
    "       lrcert-check --help | --version\n"
    "Re-verifies a certificate written by `lrcert certify --certificate` or\n"
    "`lrcert orbits --certificate` with its own exact rational arithmetic (docs/checker.md).\n"
    "Exit codes: 0 accept, 1 reject, 3 malformed input (or usage), 4 internal error.\n";

int main(int argc, char** argv) {
    // --strengthen CERT.json: also report what the checker decides that the
    // certificate left undecided (crosscheck.hpp).
    bool strengthen = false;
    if (argc == 3 && std::string(argv[1]) == "--strengthen") {
        strengthen = true;
        argv[1] = argv[2];
        argc = 2;
    }
    if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
        std::cout << kUsage;
        return 0;
    }
    if (argc == 2 && std::string(argv[1]) == "--version") {
        std::cout << "lrcert-check " << LRCERT_CHECK_VERSION << "\n";
        return 0;
    }
    if (argc != 2 || (argv[1][0] == '-' && argv[1][1] != '\0')) {
        if (argc == 2) std::cerr << "lrcert-check: unknown option " << argv[1] << "\n";
        std::cerr << kUsage;
        return chk::kExitMalformed;
    }
    std::string text;
    try {
        std::ifstream in(argv[1], std::ios::binary);
        if (!in) {
            std::cout << "malformed: cannot read " << argv[1] << "\n";
            return chk::kExitMalformed;
        }
        std::ostringstream contents;
        contents << in.rdbuf();
        text = contents.str();
    } catch (const std::exception& e) {
        std::cout << "internal error: " << e.what() << "\n";
        return chk::kExitInternal;
    }
    return chk::crosscheck_certificate_text(text, strengthen, std::cout);
}
