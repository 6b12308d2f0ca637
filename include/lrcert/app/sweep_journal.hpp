// The journal of a sweep (docs/formats.md, "Sweep journal"): every certified
// point is appended as it finishes, so that an interrupted sweep (SIGTERM, a
// cluster pre-emption, a kill) continues with `lrcert sweep SPEC --resume`
// and produces results byte-identical to an uninterrupted run.
//
// The file is JSON lines: a header line that fixes what the points were
// computed for (lrcert version, the spec in normal form, the claims, the
// number of points, the shard), then one line {"index": I, "point": ROW} per
// point, ROW exactly the results row. Only the last line can be incomplete
// (the process was killed while writing it); it is dropped on resume.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace lrcert {

// The journal path beside a sweep's outputs: PREFIX.journal.
std::string journal_path(const std::string& out_prefix);

class SweepJournal {
public:
    // Starts a new journal at `path` with `header` (the file must not exist).
    // Throws OutputError if it cannot be created.
    static SweepJournal create(const std::string& path, const nlohmann::json& header);

    // Opens an existing journal to continue it: checks that its header equals
    // `header` (InputError saying what differs: another spec, other claims,
    // another lrcert version or shard), reads its points (InputError naming
    // the line of a damaged one), drops an incomplete last line, and appends
    // from there. `allowed` says which indices belong to this sweep.
    static SweepJournal resume(const std::string& path, const nlohmann::json& header,
                               const std::function<bool(size_t)>& allowed);

    SweepJournal(SweepJournal&& other) noexcept;
    SweepJournal& operator=(SweepJournal&&) = delete;
    SweepJournal(const SweepJournal&) = delete;
    ~SweepJournal();

    // Appends one point with a single write (thread-safe). Throws OutputError.
    void append(size_t index, const nlohmann::json& row);
    // Flushes the journal to disk (fdatasync).
    void sync();
    // The points read on resume, by index.
    const std::map<size_t, nlohmann::json>& resumed() const { return resumed_; }
    const std::string& path() const { return path_; }
    // Closes and deletes the journal (after the results were written).
    void remove();

private:
    SweepJournal(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
    std::string path_;
    int fd_ = -1;
    std::map<size_t, nlohmann::json> resumed_;
    std::mutex mutex_;
    double last_sync_ = 0;
};

}  // namespace lrcert
