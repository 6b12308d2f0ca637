#include "lrcert/io/file_paths.hpp"

#include "lrcert/io/exact_json.hpp"
#include "lrcert/io/output_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

namespace lrcert {

namespace {

namespace fs = std::filesystem;

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

// The identity of a path: device and inode when it exists (following
// symbolic links), else its absolute normalised path.
struct Identity {
    bool exists = false;
    dev_t dev = 0;
    ino_t ino = 0;
    std::string where;
};

Identity identity_of(const std::string& path) {
    Identity id;
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) {
        id.exists = true;
        id.dev = st.st_dev;
        id.ino = st.st_ino;
        return id;
    }
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    if (ec) abs = fs::path(path);
    fs::path canon = fs::weakly_canonical(abs, ec);
    id.where = (ec ? abs.lexically_normal() : canon).string();
    // The normalised form may name an existing file that the path as written
    // does not reach yet (a folder on the way is missing).
    if (::stat(id.where.c_str(), &st) == 0) {
        id.exists = true;
        id.dev = st.st_dev;
        id.ino = st.st_ino;
    }
    return id;
}

bool same_identity(const Identity& a, const Identity& b) {
    if (a.exists != b.exists) return false;
    if (a.exists) return a.dev == b.dev && a.ino == b.ino;
    return a.where == b.where;
}

bool is_folder(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) { return same_identity(identity_of(a), identity_of(b)); }

PathPlan::~PathPlan() {
    // Innermost first; rmdir refuses a folder that is not empty.
    for (auto it = created_.rbegin(); it != created_.rend(); ++it) ::rmdir(it->c_str());
}

void PathPlan::input(const std::string& path, const std::string& role) { inputs_.push_back(Entry{path, role}); }

void PathPlan::input_folder(const std::string& path, const std::string& role) {
    inputs_.push_back(Entry{path, role});
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return;
    for (const auto& entry : fs::directory_iterator(path, ec))
        // Named as a file ("the --claims folder's file "d/a.json""), not as the folder.
        if (entry.is_regular_file(ec)) inputs_.push_back(Entry{entry.path().string(), role + "'s file"});
}

void PathPlan::output(const std::string& path, const std::string& role) {
    outputs_.push_back(Entry{path, role});
    output_paths_.push_back(path);
}

void PathPlan::check() {
    for (const Entry& o : outputs_) {
        if (o.path.empty()) throw InputError(o.role + ": empty output path");
        std::string base = fs::path(o.path).filename().string();
        if (base.empty() || base == "." || base == "..")
            throw InputError(o.role + " " + in_quotes(o.path) + " is not a file name");
    }
    // The folders of the outputs first (outermost first; removed again by the
    // destructor while empty): only then does every output path resolve as it
    // will when it is written ("new/../a.json" is "a.json" once "new" exists).
    for (const Entry& o : outputs_) {
        fs::path dir = fs::path(o.path).parent_path();
        if (dir.empty() || is_folder(dir.string())) continue;
        std::vector<fs::path> missing;
        for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
            std::error_code ec;
            if (fs::exists(fs::symlink_status(p, ec))) break;
            missing.push_back(p);
            if (p == p.parent_path()) break;
        }
        for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
            if (::mkdir(it->c_str(), 0777) == 0) {
                created_.push_back(it->string());
            } else if (int err = errno; err != EEXIST) {
                throw OutputError("cannot create the folder " + in_quotes(it->string()) + " for " + o.role + " " +
                                  in_quotes(o.path) + ": " + std::strerror(err));
            }
        }
        if (!is_folder(dir.string()))
            throw OutputError("cannot write " + o.role + " " + in_quotes(o.path) + ": " + in_quotes(dir.string()) +
                              " is not a folder");
    }
    // A folder the outputs cannot be created in fails now, not after the work.
    for (const Entry& o : outputs_) {
        fs::path dir = fs::path(o.path).parent_path();
        std::string d = dir.empty() ? std::string(".") : dir.string();
        if (::access(d.c_str(), W_OK | X_OK) != 0)
            throw OutputError("cannot write " + o.role + " " + in_quotes(o.path) + ": the folder " + in_quotes(d) +
                              " is not writable: " + std::strerror(errno));
    }
    std::vector<Identity> out_ids;
    for (const Entry& o : outputs_) {
        if (is_folder(o.path)) throw InputError(o.role + " " + in_quotes(o.path) + " is a folder, not a file name");
        out_ids.push_back(identity_of(o.path));
    }
    for (size_t i = 0; i < outputs_.size(); ++i) {
        for (const Entry& in : inputs_)
            if (same_identity(out_ids[i], identity_of(in.path)))
                throw InputError(outputs_[i].role + " " + in_quotes(outputs_[i].path) + " is the " + in.role + " " +
                                 in_quotes(in.path) + ": an output must not overwrite an input");
        for (size_t j = 0; j < i; ++j)
            if (same_identity(out_ids[i], out_ids[j]))
                throw InputError(outputs_[i].role + " " + in_quotes(outputs_[i].path) + " and " + outputs_[j].role +
                                 " " + in_quotes(outputs_[j].path) + " are the same file: each output needs its own path");
    }
}

}  // namespace lrcert
