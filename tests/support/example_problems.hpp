// The problems of the source tree's examples/ folder, read with lrcert's
// problem-file reader (tests of the certifiers: the examples are their inputs).
#pragma once

#include "lrcert/io/problem_file.hpp"

#include <cstdlib>
#include <string>

namespace lrcert::test {

// examples/NAME.json below $LRCERT_SOURCE_DIR (the working folder when unset).
inline Problem example_problem(const std::string& name) {
    const char* s = std::getenv("LRCERT_SOURCE_DIR");
    return read_problem_file(std::string(s ? s : ".") + "/examples/" + name + ".json");
}

}  // namespace lrcert::test
