// lrcert-check CERT.json: re-verifies an lrcert certificate with its own exact
// rational arithmetic (docs/checker.md). Exit 0 accept, 1 reject, 3 malformed
// input, 4 internal error.
#include "check.hpp"

#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: lrcert-check CERT.json\n"
                     "exit 0 accept, 1 reject, 3 malformed input, 4 internal error\n";
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
    return chk::check_certificate_text(text, std::cout);
}
