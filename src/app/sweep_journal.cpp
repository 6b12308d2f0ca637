#include "lrcert/app/sweep_journal.hpp"

#include "lrcert/io/exact_json.hpp"
#include "lrcert/io/output_file.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

namespace lrcert {

namespace {

using nlohmann::json;

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void write_all_or_throw(int fd, const std::string& path, const std::string& text) {
    const char* data = text.data();
    size_t left = text.size();
    while (left > 0) {
        ssize_t w = ::write(fd, data, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            throw OutputError("cannot write the sweep journal " + in_quotes(path) + ": " + std::strerror(errno));
        }
        data += w;
        left -= static_cast<size_t>(w);
    }
}

// What differs between two journal headers, for the message.
std::string header_difference(const json& found, const json& expected) {
    const std::pair<const char*, const char*> parts[] = {
        {"lrcert", "it was written by another lrcert version"},
        {"spec", "the sweep specification (or its base problem) has changed"},
        {"claims", "the claims have changed"},
        {"points_total", "the grid has another number of points"},
        {"shard", "it belongs to another --shard"},
    };
    for (const auto& [key, what] : parts) {
        json a = found.contains(key) ? found[key] : json(nullptr);
        json b = expected.contains(key) ? expected[key] : json(nullptr);
        if (a != b) return what;
    }
    return "its header differs";
}

}  // namespace

std::string journal_path(const std::string& out_prefix) { return out_prefix + ".journal"; }

SweepJournal SweepJournal::create(const std::string& path, const json& header) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0)
        throw OutputError("cannot create the sweep journal " + in_quotes(path) + ": " + std::strerror(errno));
    SweepJournal j(path, fd);
    write_all_or_throw(fd, path, header.dump() + "\n");
    j.sync();
    return j;
}

SweepJournal SweepJournal::resume(const std::string& path, const json& header,
                                  const std::function<bool(size_t)>& allowed) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the sweep journal");
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    in.close();

    // Complete lines end with '\n'; a tail without one was cut by a kill.
    std::vector<std::pair<size_t, size_t>> lines;  // [begin, end) without the newline
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) break;
        lines.emplace_back(pos, nl);
        pos = nl + 1;
    }
    size_t keep = pos;  // bytes kept: up to the last complete line
    auto parse_line = [&](size_t k) -> std::optional<json> {
        try {
            return json::parse(text.begin() + static_cast<long>(lines[k].first),
                               text.begin() + static_cast<long>(lines[k].second));
        } catch (const json::exception&) {
            return std::nullopt;
        }
    };
    const std::string restart = "; delete it to start the sweep over";
    if (lines.empty()) throw InputError(path + ": not a sweep journal (no header line)" + restart);
    std::optional<json> head = parse_line(0);
    if (!head || !head->is_object() || !(head->contains("lrcert_sweep_journal") || head->contains("lrcert_region_journal")))
        throw InputError(path + ": not a sweep journal (line 1 is not its header)" + restart);
    if (*head != header)
        throw InputError(path + ": the journal does not belong to this sweep: " + header_difference(*head, header) +
                         restart);

    std::map<size_t, json> points;
    for (size_t k = 1; k < lines.size(); ++k) {
        std::optional<json> line = parse_line(k);
        bool well_formed = line && line->is_object() && line->contains("index") && (*line)["index"].is_number_unsigned() &&
                           line->contains("point") && (*line)["point"].is_object();
        if (!well_formed) {
            if (k + 1 == lines.size()) {  // the last line, cut short: drop it
                keep = lines[k].first;
                break;
            }
            throw InputError(path + ": line " + std::to_string(k + 1) + " is damaged" + restart);
        }
        size_t index = (*line)["index"].get<size_t>();
        if (!allowed(index))
            throw InputError(path + ": line " + std::to_string(k + 1) + ": point " + std::to_string(index) +
                             " is not a point of this sweep" + restart);
        auto [it, fresh] = points.emplace(index, (*line)["point"]);
        if (!fresh && it->second != (*line)["point"])
            throw InputError(path + ": point " + std::to_string(index) + " is recorded twice, differently" + restart);
    }

    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        throw OutputError("cannot continue the sweep journal " + in_quotes(path) + ": " + std::strerror(errno));
    SweepJournal j(path, fd);
    if (keep < text.size() && ::ftruncate(fd, static_cast<off_t>(keep)) != 0)
        throw OutputError("cannot drop the incomplete last line of the sweep journal " + in_quotes(path) + ": " +
                          std::strerror(errno));
    j.resumed_ = std::move(points);
    return j;
}

SweepJournal::SweepJournal(SweepJournal&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_), resumed_(std::move(other.resumed_)), last_sync_(other.last_sync_) {
    other.fd_ = -1;
}

SweepJournal::~SweepJournal() {
    if (fd_ >= 0) {
        (void)::fdatasync(fd_);
        ::close(fd_);
    }
}

void SweepJournal::append(size_t index, const json& row) {
    std::string line = json{{"index", index}, {"point", row}}.dump() + "\n";
    std::lock_guard<std::mutex> lock(mutex_);
    if (fd_ < 0) throw std::logic_error("SweepJournal::append after remove");
    write_all_or_throw(fd_, path_, line);
    // A killed process keeps what it wrote; the disk is for a lost machine,
    // so flush at most once a second.
    double t = now_seconds();
    if (t - last_sync_ > 1.0) {
        (void)::fdatasync(fd_);
        last_sync_ = t;
    }
}

void SweepJournal::sync() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (fd_ >= 0) (void)::fdatasync(fd_);
    last_sync_ = now_seconds();
}

void SweepJournal::remove() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    ::unlink(path_.c_str());
}

}  // namespace lrcert
