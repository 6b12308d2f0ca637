// The files one command reads and writes, checked before any computation
// (docs/cli.md, "Files"): no output may be an input or another output, and the
// folders of the outputs exist before the work starts.
#pragma once

#include <string>
#include <vector>

namespace lrcert {

// Collects a command's inputs and outputs; check() compares them by resolved
// identity: an existing file by device and inode (so "./a.json", "a.json", a
// hard link and a symbolic link to it are one file), a file that does not
// exist yet by its absolute, normalised path with symbolic links of the
// existing part resolved.
class PathPlan {
public:
    PathPlan() = default;
    PathPlan(const PathPlan&) = delete;
    PathPlan& operator=(const PathPlan&) = delete;
    // Removes the folders check() created that are still empty (a failing run
    // leaves none behind; a folder with an output or a journal in it stays).
    ~PathPlan();

    // A file the command reads; `role` names it in messages ("problem file").
    void input(const std::string& path, const std::string& role);
    // A folder the command reads: the folder itself and every file directly in it.
    void input_folder(const std::string& path, const std::string& role);
    // A file the command writes; `role` names the option ("--report").
    void output(const std::string& path, const std::string& role);

    // Throws InputError naming both paths when an output is the same file as
    // an input or as another output, and when an output is an existing folder.
    // Then creates every missing folder of an output; throws OutputError if
    // one cannot be created or is not writable (nothing of the run has been
    // computed yet).
    // May be called again after more inputs were declared (e.g. the files a
    // sweep specification names).
    void check();

    const std::vector<std::string>& outputs() const { return output_paths_; }

private:
    struct Entry {
        std::string path;
        std::string role;
    };
    std::vector<Entry> inputs_;
    std::vector<Entry> outputs_;
    std::vector<std::string> output_paths_;
    std::vector<std::string> created_;  // folders made by check(), outermost first
};

// True if the two paths name the same file (or the same not yet existing path),
// by the identity PathPlan uses.
bool same_file(const std::string& a, const std::string& b);

}  // namespace lrcert
