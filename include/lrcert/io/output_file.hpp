// Writing output files so that a failing run never loses or changes a file
// that existed before it (docs/cli.md, "Files").
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

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

// The outputs of one command, written all or nothing.
//
// stage() writes each content to a temporary file beside its target at once
// (so a full disk or a read-only directory shows before the next output is
// computed); commit() renames every temporary file over its target. Nothing
// that existed before is touched until commit(), and commit() itself restores
// the targets it has already replaced if a later rename fails (the old files
// are kept as hard links until every rename succeeded). Destroying the object
// without commit() removes the temporary files: the old files stay as they
// were. Targets must be distinct (checked by PathPlan, io/file_paths.hpp).
class StagedOutputs {
public:
    StagedOutputs() = default;
    StagedOutputs(const StagedOutputs&) = delete;
    StagedOutputs& operator=(const StagedOutputs&) = delete;
    ~StagedOutputs();

    // Throws OutputError naming `path` if the temporary file cannot be written.
    void stage(const std::string& path, const std::string& content);
    // Throws OutputError naming the target that could not be replaced; then
    // every target is as it was before commit().
    void commit();
    // The targets staged so far, in order.
    std::vector<std::string> paths() const;

private:
    struct Entry {
        std::string target;
        std::string temp;
    };
    std::vector<Entry> entries_;
    bool committed_ = false;
};

}  // namespace lrcert
