// Small problems and sweep specs used by several test executables.
#pragma once

#include "lrcert/app/sweep_spec.hpp"

#include <string>

namespace lrcert::test {

// The headline start (d = 10) as an inline base problem.
inline const char* const kHeadline = R"({"family": "scalar", "name": "headline", "mu": "1",
  "x0": ["1.5", "3", "4.5", "1.5", "3", "4.5", "1.5", "3", "4.5", "1.5"],
  "y0": ["-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01"],
  "h": "0.037"})";

// A 2x2 matrix problem (d = 2) that converges.
inline const char* const kMatrix2x2 = R"({"family": "matrix", "A": [["1", "0.5"], ["0.25", "2"]],
  "X0": [["1", "0.2"], ["-0.3", "0.9"]], "Y0": [["0.5", "0.1"], ["0.2", "0.7"]], "h": "0.1"})";

// A sweep spec over the inline headline with the given further fields.
inline std::string spec_text(const std::string& body) {
    return std::string("{\"base\": ") + kHeadline + ", " + body + "}";
}
inline SweepSpec spec_of(const std::string& body) { return parse_sweep_spec(spec_text(body), "spec.json", ""); }

}  // namespace lrcert::test
