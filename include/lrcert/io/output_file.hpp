// Writing output files so that a failure never leaves a partial file.
#pragma once

#include <stdexcept>
#include <string>

namespace lrcert {

// A file could not be written or removed; the message names the path and the
// reason (strerror).
class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Writes `content` to a new temporary file in the directory of `path` (named
// ".<file name>.<pid>.<n>.tmp"), flushes it to disk (fsync) and renames it over
// `path`. Readers see either the old file or the complete new one; on any
// failure the temporary file is removed, `path` is left as it was, and
// OutputError is thrown naming `path` (e.g. the directory does not exist, is
// not writable, or `path` is a directory). The new file gets mode 0666 minus
// the umask, like an ordinary new file. If `path` is a symbolic link, the link
// itself is replaced.
void write_file_atomically(const std::string& path, const std::string& content);

// Removes the file (or symbolic link) at `path` if it exists; does nothing if
// it does not. Throws OutputError naming `path` if it cannot be removed or is a
// directory (directories are never removed).
void remove_if_exists(const std::string& path);

}  // namespace lrcert
