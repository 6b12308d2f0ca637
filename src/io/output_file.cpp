#include "lrcert/io/output_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lrcert {

namespace {

namespace fs = std::filesystem;

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
    throw OutputError("cannot write " + in_quotes(path) + ": " + what + ": " + std::strerror(err));
}

std::atomic<unsigned long> temp_counter{0};

// A fresh name ".<base>.<pid>.<n>.<suffix>" in the directory of `path`: the
// same file system, so rename and link are atomic there.
std::string sibling_name(const std::string& path, const char* suffix) {
    fs::path target(path);
    std::string name = "." + target.filename().string() + "." + std::to_string(::getpid()) + "." +
                       std::to_string(temp_counter.fetch_add(1)) + "." + suffix;
    return (target.parent_path() / name).string();
}

void check_file_name(const std::string& path) {
    if (path.empty()) throw OutputError("cannot write a file with an empty path");
    std::string base = fs::path(path).filename().string();
    if (base.empty() || base == "." || base == "..")
        throw OutputError("cannot write " + in_quotes(path) + ": not a file name");
}

// Writes `content` to a new temporary file beside `path`, flushed to disk;
// returns its name. On failure nothing is left and OutputError names `path`.
std::string write_temporary(const std::string& path, const std::string& content) {
    check_file_name(path);
    int fd = -1;
    std::string temp;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        temp = sibling_name(path, "tmp");
        fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) fail(path, "cannot create a temporary file in its directory", errno);
    }
    if (fd < 0) fail(path, "cannot create a temporary file in its directory", EEXIST);
    auto give_up = [&](const char* what, int err) {
        ::close(fd);
        ::unlink(temp.c_str());
        fail(path, what, err);
    };
    const char* data = content.data();
    size_t left = content.size();
    while (left > 0) {
        ssize_t w = ::write(fd, data, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            give_up("write failed", errno);
        }
        data += w;
        left -= static_cast<size_t>(w);
    }
    if (::fsync(fd) != 0) give_up("fsync failed", errno);
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        fail(path, "close failed", err);
    }
    return temp;
}

// Makes renames in the directory of `path` durable (best effort: some file
// systems refuse to fsync a directory).
void sync_directory_of(const std::string& path) {
    fs::path dir = fs::path(path).parent_path();
    std::string dir_name = dir.empty() ? std::string(".") : dir.string();
    int dfd = ::open(dir_name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)::fsync(dfd);
        ::close(dfd);
    }
}

bool exists_no_follow(const std::string& path) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
    std::string temp = write_temporary(path, content);
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        fail(path, "rename failed", err);
    }
    sync_directory_of(path);
}

StagedOutputs::~StagedOutputs() {
    if (committed_) return;
    for (const Entry& e : entries_) ::unlink(e.temp.c_str());
}

void StagedOutputs::stage(const std::string& path, const std::string& content) {
    if (committed_) throw std::logic_error("StagedOutputs::stage after commit");
    for (const Entry& e : entries_)
        if (e.target == path) throw std::logic_error("StagedOutputs::stage: " + in_quotes(path) + " staged twice");
    std::string temp = write_temporary(path, content);
    entries_.push_back(Entry{path, temp});
}

std::vector<std::string> StagedOutputs::paths() const {
    std::vector<std::string> p;
    for (const Entry& e : entries_) p.push_back(e.target);
    return p;
}

void StagedOutputs::commit() {
    if (committed_) throw std::logic_error("StagedOutputs::commit twice");
    // Keep each old target under a second name (a hard link) until every
    // rename has succeeded, so that a failure half-way can put them back.
    std::vector<std::string> backup(entries_.size());
    auto drop_backups = [&]() {
        for (const std::string& b : backup)
            if (!b.empty()) ::unlink(b.c_str());
    };
    for (size_t i = 0; i < entries_.size(); ++i) {
        const std::string& target = entries_[i].target;
        if (!exists_no_follow(target)) continue;
        std::string name = sibling_name(target, "old");
        // A file system without hard links gives no backup; the rename below
        // is still atomic for this target.
        if (::link(target.c_str(), name.c_str()) == 0) backup[i] = name;
    }
    for (size_t i = 0; i < entries_.size(); ++i) {
        if (std::rename(entries_[i].temp.c_str(), entries_[i].target.c_str()) == 0) continue;
        int err = errno;
        // Undo the renames already done: the old file back, or no file.
        for (size_t j = 0; j < i; ++j) {
            if (!backup[j].empty()) {
                if (std::rename(backup[j].c_str(), entries_[j].target.c_str()) == 0) backup[j].clear();
            } else {
                ::unlink(entries_[j].target.c_str());
            }
        }
        for (size_t j = i; j < entries_.size(); ++j) ::unlink(entries_[j].temp.c_str());
        drop_backups();
        committed_ = true;  // the temporaries are gone
        fail(entries_[i].target, "rename failed", err);
    }
    drop_backups();
    committed_ = true;
    for (const Entry& e : entries_) sync_directory_of(e.target);
}

}  // namespace lrcert
