#include "lrcert/app/claims_location.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace lrcert {

namespace fs = std::filesystem;

std::string ClaimsLocation::error() const {
    if (!dir.empty()) return "";
    std::string where;
    for (const auto& t : tried) where += (where.empty() ? "" : ", ") + t;
    return "the built-in claims were not found (looked in " + where +
           "); point --claims-dir or LRCERT_CLAIMS_DIR at the claims/ folder of lrcert, or use --no-builtin-claims";
}

std::string executable_dir() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return "";
    return exe.parent_path().string();
}

ClaimsLocation locate_builtin_claims(const std::string& option_dir) {
    ClaimsLocation loc;
    std::vector<std::string> candidates;
    if (!option_dir.empty()) {
        candidates.push_back(option_dir);
    } else if (const char* env = std::getenv("LRCERT_CLAIMS_DIR"); env && *env) {
        candidates.push_back(env);
    } else if (std::string bin = executable_dir(); !bin.empty()) {
        candidates.push_back((fs::path(bin) / ".." / "share" / "lrcert" / "claims").lexically_normal().string());
        candidates.push_back((fs::path(bin) / "share" / "lrcert" / "claims").string());
    }
    for (const auto& c : candidates) {
        loc.tried.push_back(c);
        std::error_code ec;
        if (fs::is_directory(c, ec)) {
            loc.dir = c;
            break;
        }
    }
    return loc;
}

}  // namespace lrcert
