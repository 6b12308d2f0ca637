// Where the built-in claims are (docs/cli.md, "Built-in claims"): found
// relative to the running binary, so that an installed or copied lrcert keeps
// them after the source tree is gone.
#pragma once

#include <string>
#include <vector>

namespace lrcert {

struct ClaimsLocation {
    std::string dir;                 // the folder found, "" if none
    std::vector<std::string> tried;  // every place looked at, in order
    // "" when found; else a message naming the places tried and the remedies.
    std::string error() const;
};

// The first existing folder of: `option_dir` (--claims-dir) if given, else
// $LRCERT_CLAIMS_DIR if set (only that one: an explicit choice is never
// silently replaced), else <binary folder>/../share/lrcert/claims (installed),
// <binary folder>/share/lrcert/claims (build tree).
ClaimsLocation locate_builtin_claims(const std::string& option_dir);

// The folder of the running executable (from /proc/self/exe), "" if unknown.
std::string executable_dir();

}  // namespace lrcert
