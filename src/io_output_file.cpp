#include "lrcert/io/output_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

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

// Closes and removes the temporary file unless released.
class TempFile {
public:
    TempFile(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
    ~TempFile() {
        if (fd_ >= 0) ::close(fd_);
        if (!name_.empty()) ::unlink(name_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    int fd() const { return fd_; }
    const std::string& name() const { return name_; }
    // Closes the descriptor; returns 0 or the errno of close.
    int close_fd() {
        int r = ::close(fd_);
        fd_ = -1;
        return r == 0 ? 0 : errno;
    }
    void release() { name_.clear(); }

private:
    int fd_;
    std::string name_;
};

}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
    if (path.empty()) throw OutputError("cannot write a file with an empty path");
    fs::path target(path);
    fs::path dir = target.parent_path();
    std::string base = target.filename().string();
    if (base.empty() || base == "." || base == "..")
        throw OutputError("cannot write " + in_quotes(path) + ": not a file name");

    // A fresh name in the same directory (same file system, so rename is atomic).
    int fd = -1;
    std::string temp;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        std::string name = "." + base + "." + std::to_string(::getpid()) + "." +
                           std::to_string(temp_counter.fetch_add(1)) + ".tmp";
        temp = (dir / name).string();
        fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) fail(path, "cannot create a temporary file in its directory", errno);
    }
    if (fd < 0) fail(path, "cannot create a temporary file in its directory", EEXIST);
    TempFile file(fd, temp);

    const char* data = content.data();
    size_t left = content.size();
    while (left > 0) {
        ssize_t w = ::write(file.fd(), data, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            fail(path, "write failed", errno);
        }
        data += w;
        left -= static_cast<size_t>(w);
    }
    if (::fsync(file.fd()) != 0) fail(path, "fsync failed", errno);
    if (int err = file.close_fd()) fail(path, "close failed", err);
    if (std::rename(file.name().c_str(), path.c_str()) != 0) fail(path, "rename failed", errno);
    file.release();

    // Make the rename itself durable (best effort: some file systems refuse).
    std::string dir_name = dir.empty() ? std::string(".") : dir.string();
    int dfd = ::open(dir_name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)::fsync(dfd);
        ::close(dfd);
    }
}

void remove_if_exists(const std::string& path) {
    std::error_code ec;
    fs::file_status st = fs::symlink_status(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory)
        throw OutputError("cannot remove " + in_quotes(path) + ": " + ec.message());
    if (!fs::exists(st)) return;
    if (fs::is_directory(st)) throw OutputError("cannot remove " + in_quotes(path) + ": it is a directory");
    fs::remove(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory)
        throw OutputError("cannot remove " + in_quotes(path) + ": " + ec.message());
}

}  // namespace lrcert
