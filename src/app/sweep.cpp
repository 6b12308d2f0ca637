// `lrcert sweep`, `merge`, `plot`: the commands (app/sweep.hpp).
#include "lrcert/app/sweep.hpp"
#include "lrcert/version.hpp"

#include "lrcert/app/errors.hpp"

#include "lrcert/app/interrupt.hpp"
#include "lrcert/app/plots.hpp"
#include "lrcert/app/sweep_journal.hpp"
#include "lrcert/app/terminal_progress.hpp"
#include "lrcert/io/file_paths.hpp"
#include "lrcert/io/output_file.hpp"
#include "lrcert/number/parse.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <mutex>
#include <ostream>
#include <sstream>
#include <thread>

namespace lrcert {

namespace {

using nlohmann::json;

std::string strip_json_extension(const std::string& path) {
    if (path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0) return path.substr(0, path.size() - 5);
    return path;
}

// Declares the sweep's claim files and folders as inputs.
void add_claim_inputs(PathPlan& paths, const SweepSpec& spec, const std::string& builtin_dir) {
    for (const auto& c : spec.claims) {
        if (c == "builtin") {
            if (!builtin_dir.empty()) paths.input_folder(builtin_dir, "built-in claims folder");
        } else if (std::filesystem::is_directory(c)) {
            paths.input_folder(c, "claims folder");
        } else {
            paths.input(c, "claim file");
        }
    }
}

// A word for a shell: quoted unless it is plain.
std::string shell_word(const std::string& w) {
    if (!w.empty() && w.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./=:+,") ==
                          std::string::npos)
        return w;
    std::string q = "'";
    for (char c : w) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// The command that continues an interrupted sweep.
std::string resume_command(const SweepOptions& o) {
    std::string cmd = "lrcert sweep " + shell_word(o.spec_path);
    if (!o.out_prefix.empty()) cmd += " --out " + shell_word(o.out_prefix);
    if (o.shard) cmd += " --shard " + std::to_string(o.shard->index) + "/" + std::to_string(o.shard->count);
    if (!o.svg_prefix.empty()) cmd += " --svg " + shell_word(o.svg_prefix);
    if (o.jobs) cmd += " --jobs " + std::to_string(o.jobs);
    return cmd + " --resume";
}

// Declares the outputs (prefix.json, prefix.csv and the plots) in `paths`.
void add_outputs(PathPlan& paths, const std::string& prefix, const std::string& svg_prefix, const char* out_option) {
    paths.output(prefix + ".json", std::string(out_option) + " (results JSON)");
    paths.output(prefix + ".csv", std::string(out_option) + " (results CSV)");
    if (!svg_prefix.empty())
        for (const auto& p : plot_paths(svg_prefix)) paths.output(p, "--svg");
}

// Stages every (path, content) and commits them together.
void write_outputs(const std::vector<std::pair<std::string, std::string>>& files) {
    StagedOutputs staged;
    for (const auto& [path, content] : files) staged.stage(path, content);
    staged.commit();
}

std::vector<std::string> output_paths(const std::string& prefix, const std::string& svg_prefix) {
    std::vector<std::string> paths{prefix + ".json", prefix + ".csv"};
    if (!svg_prefix.empty())
        for (const auto& p : plot_paths(svg_prefix)) paths.push_back(p);
    return paths;
}

std::vector<std::pair<std::string, std::string>> output_files(const json& results, const std::string& prefix,
                                                              const std::string& svg_prefix) {
    std::vector<std::pair<std::string, std::string>> files{{prefix + ".json", results_text(results)},
                                                           {prefix + ".csv", results_csv(results)}};
    if (!svg_prefix.empty()) {
        auto plots = plot_files(results, svg_prefix);
        files.insert(files.end(), plots.begin(), plots.end());
    }
    return files;
}

// "converged 150, diverged 40, undecided 10"
std::string outcome_summary(const json& points) {
    std::map<std::string, size_t> count;
    for (const auto& p : points) ++count[p.value("outcome", std::string("?"))];
    std::string s;
    for (const auto& [name, n] : count) s += (s.empty() ? "" : ", ") + name + " " + std::to_string(n);
    return s;
}

int results_exit_code(const json& points) {
    bool error = false, counterexample = false;
    for (const auto& p : points) {
        error |= p.value("outcome", std::string()) == "error";
        counterexample |= p.contains("exit_code") && p["exit_code"].is_number() && p["exit_code"].get<int>() == 1;
    }
    return error ? kExitInternal : counterexample ? kExitCounterexample : kExitConfirmed;
}

// Progress on a terminal: "\r  57/200 points  28%  41.2 points/s  about 3 s left".
// On a terminal one self-overwriting line, at most ~5 updates a second;
// otherwise (a log file, a cluster job) a plain line every 10 s.
class ProgressLine {
public:
    ProgressLine(std::ostream& err, bool enabled, bool terminal)
        : err_(err), enabled_(enabled), terminal_(terminal) {}
    void operator()(size_t done, size_t total, double seconds) {
        if (!enabled_) return;
        if (!terminal_) {
            // Nothing for a sweep under 10 s; the final count only after a periodic line.
            if (done < total && seconds - last_seconds_ < 10) return;
            if (done == total && (!shown_ || last_done_ == total)) return;
            shown_ = true;
            last_seconds_ = seconds;
            last_done_ = done;
            err_ << "lrcert sweep: " << done << "/" << total << " points, " << std::fixed << std::setprecision(0)
                 << seconds << " s\n"
                 << std::flush;
            return;
        }
        // At most ~5 updates per second, and always the final one.
        if (shown_ && done < total && seconds - last_seconds_ < 0.2) return;
        if (shown_ && done == total && last_done_ == total) return;
        last_seconds_ = seconds;
        last_done_ = done;
        std::ostringstream os;
        // 100 % only when every point is done (199/200 is "99%").
        const Rational part = total ? Rational(Integer(done), Integer(total)) : Rational(1);
        os << "\rlrcert sweep: " << done << "/" << total << " points  " << percent_text(part, 0) << "%"
           << std::fixed;
        if (done > 0 && seconds > 0) {
            double rate = static_cast<double>(done) / seconds;
            os << "  " << std::setprecision(rate < 10 ? 2 : 1) << rate << " points/s";
            if (done < total) {
                double left = static_cast<double>(total - done) / rate;
                os << "  about " << std::setprecision(left < 10 ? 1 : 0) << left << " s left";
            }
        }
        std::string line = os.str();
        size_t width = line.size();
        if (width < last_width_) line.append(last_width_ - width, ' ');
        last_width_ = width;
        err_ << line << std::flush;
        shown_ = true;
    }
    void finish() {
        if (shown_ && terminal_) err_ << "\n" << std::flush;
        shown_ = false;
    }

private:
    std::ostream& err_;
    bool enabled_, terminal_;
    bool shown_ = false;
    size_t last_width_ = 0;
    double last_seconds_ = 0;
    size_t last_done_ = 0;
};


}  // namespace

// ---- journal ------------------------------------------------------------------------

json journal_header(const SweepSpec& spec, size_t points_total, const std::vector<claims::Claim>& claim_list,
                    const std::optional<Shard>& shard) {
    json h;
    h["lrcert_sweep_journal"] = 1;
    h["lrcert"] = LRCERT_VERSION;
    h["spec"] = spec_to_json(spec);
    h["claims"] = claims_record_json(claim_list);
    h["points_total"] = points_total;
    h["shard"] = shard && shard->count > 1 ? json{{"index", shard->index}, {"count", shard->count}} : json(nullptr);
    return h;
}

// ---- commands -----------------------------------------------------------------------

void validate_sweep_options(const SweepOptions& o) {
    if (o.jobs > kMaxJobs)
        throw InputError("--jobs " + std::to_string(o.jobs) + " is outside [1, " + std::to_string(kMaxJobs) + "]");
    if (o.shard && (o.shard->count < 1 || o.shard->count > kMaxShards || o.shard->index >= o.shard->count))
        throw InputError("--shard " + std::to_string(o.shard->index) + "/" + std::to_string(o.shard->count) +
                         ": expected I/N with 0 <= I < N <= " + std::to_string(kMaxShards));
    if (o.shard && o.shard->count > 1 && !o.svg_prefix.empty())
        throw InputError("--svg needs every point: plot the merged results (lrcert merge --svg, lrcert plot)");
}

int sweep_command(const SweepOptions& o, std::ostream& out, std::ostream& err) {
    return run_guarded(err, [&]() -> int {
        validate_sweep_options(o);
        std::string prefix = o.out_prefix;
        if (prefix.empty()) {
            prefix = strip_json_extension(o.spec_path) + ".results";
            if (o.shard && o.shard->count > 1)
                prefix += ".shard-" + std::to_string(o.shard->index) + "-of-" + std::to_string(o.shard->count);
        }
        const std::string journal_file = journal_path(prefix);

        // Every input and output is checked before a point is certified: the
        // spec first, then the files it names.
        PathPlan paths;
        paths.input(o.spec_path, "sweep specification");
        add_outputs(paths, prefix, o.svg_prefix, "--out");
        paths.output(journal_file, "the sweep journal");
        paths.check();
        SweepSpec spec = read_sweep_spec(o.spec_path);
        if (o.builtin_claims_dir.empty() && !o.builtin_claims_error.empty() &&
            std::find(spec.claims.begin(), spec.claims.end(), "builtin") != spec.claims.end())
            throw InputError(o.spec_path + ": claims: " + o.builtin_claims_error);
        if (!spec.base_path.empty()) paths.input(spec.base_path, "base problem");
        add_claim_inputs(paths, spec, o.builtin_claims_dir);
        paths.check();

        std::error_code ec;
        bool journal_exists = std::filesystem::exists(std::filesystem::symlink_status(journal_file, ec));
        if (journal_exists && !o.resume)
            throw InputError("the journal " + journal_file + " of an interrupted sweep exists: continue it with " +
                             resume_command(o) + ", or delete it to start over");

        std::vector<claims::Claim> claim_list = load_sweep_claims(spec, o.builtin_claims_dir, spec.base.family);
        SweepGrid grid = expand_grid(spec);
        Shard shard = o.shard.value_or(Shard{});
        std::vector<size_t> indices = shard_indices(grid.points.size(), shard);
        json header = journal_header(spec, grid.points.size(), claim_list, o.shard);

        std::optional<SweepJournal> journal;
        if (journal_exists) {
            auto in_shard = [&](size_t i) { return i < grid.points.size() && i % shard.count == shard.index; };
            journal.emplace(SweepJournal::resume(journal_file, header, in_shard));
            if (!o.quiet)
                out << "lrcert sweep: resuming: " << journal->resumed().size() << " of " << indices.size()
                    << " points certified earlier (" << journal_file << ")\n";
        } else {
            if (o.resume && !o.quiet) out << "lrcert sweep: --resume: no journal " << journal_file << "; starting at the first point\n";
            journal.emplace(SweepJournal::create(journal_file, header));
        }

        std::vector<size_t> todo;
        for (size_t i : indices)
            if (!journal->resumed().count(i)) todo.push_back(i);

        unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
        ProgressLine line(err, o.progress, isatty(STDERR_FILENO) != 0);
        auto t0 = std::chrono::steady_clock::now();
        std::vector<json> rows;
        int stopped_by = 0;
        {
            InterruptScope interrupts;
            SweepHooks hooks;
            hooks.finished = [&](size_t index, const json& row) { journal->append(index, row); };
            hooks.stop = [&]() { return interrupt_signal() != 0; };
            try {
                rows = run_sweep_points(spec, grid, todo, claim_list, jobs, std::ref(line), hooks);
            } catch (const OutputError&) {
                line.finish();
                err << "lrcert sweep: the points certified so far are kept in " << journal_file
                    << "; continue with: " << resume_command(o) << "\n";
                throw;
            }
            stopped_by = interrupt_signal();
        }
        line.finish();
        journal->sync();
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

        size_t kept = journal->resumed().size();
        for (const json& r : rows) kept += r.is_null() ? 0 : 1;
        if (stopped_by != 0 && kept < indices.size()) {
            err << "lrcert sweep: stopped by " << signal_name(stopped_by) << ": " << kept << " of " << indices.size()
                << " points are certified and kept in " << journal_file << "\n"
                << "  continue with: " << resume_command(o) << "\n";
            return 128 + stopped_by;
        }

        // Every point, in index order: from the journal or from this run.
        std::vector<json> all;
        all.reserve(indices.size());
        size_t k = 0;
        for (size_t i : indices) {
            auto it = journal->resumed().find(i);
            all.push_back(it != journal->resumed().end() ? it->second : std::move(rows[k++]));
        }
        json results = results_json(spec, grid, claim_list, std::move(all), o.shard);
        try {
            write_outputs(output_files(results, prefix, o.svg_prefix));
        } catch (const OutputError&) {
            err << "lrcert sweep: every point is certified and kept in " << journal_file
                << "; once the output can be written: " << resume_command(o) << "\n";
            throw;
        }
        journal->remove();
        if (!o.quiet) {
            out << "lrcert sweep: " << indices.size() << " of " << grid.points.size() << " points";
            if (shard.count > 1) out << " (shard " << shard.index << "/" << shard.count << ")";
            if (!journal->resumed().empty()) out << " (" << journal->resumed().size() << " from the journal)";
            size_t threads = std::min<size_t>(jobs, std::max<size_t>(todo.size(), 1));
            out << ": " << outcome_summary(results["points"]) << "; " << std::fixed << std::setprecision(2)
                << seconds << " s on " << threads << (threads == 1 ? " thread\n" : " threads\n");
            out.unsetf(std::ios::fixed);
            for (const auto& p : output_paths(prefix, o.svg_prefix)) out << "  wrote " << p << "\n";
        }
        return results_exit_code(results["points"]);
    });
}

int merge_command(const MergeOptions& o, std::ostream& out, std::ostream& err) {
    return run_guarded(err, [&]() -> int {
        if (o.out_prefix.empty()) throw InputError("merge: --out PREFIX is required");
        PathPlan paths;
        for (const auto& p : o.shard_paths) paths.input(p, "shard file");
        add_outputs(paths, o.out_prefix, o.svg_prefix, "--out");
        paths.check();
        std::vector<json> shards;
        for (const auto& p : o.shard_paths) shards.push_back(read_results_file(p));
        json merged = merge_results(shards, o.shard_paths);
        write_outputs(output_files(merged, o.out_prefix, o.svg_prefix));
        if (!o.quiet) {
            out << "lrcert merge: " << o.shard_paths.size() << " shards, " << merged["points"].size()
                << " points: " << outcome_summary(merged["points"]) << "\n";
            for (const auto& p : output_paths(o.out_prefix, o.svg_prefix)) out << "  wrote " << p << "\n";
        }
        return results_exit_code(merged["points"]);
    });
}

int plot_command(const PlotOptions& o, std::ostream& out, std::ostream& err) {
    return run_guarded(err, [&]() -> int {
        std::string prefix = o.svg_prefix.empty() ? strip_json_extension(o.results_path) : o.svg_prefix;
        const PlotXAxis x_axis = parse_plot_x_axis(o.x_axis);
        const PlotFormats formats{o.png, o.pdf};
        PathPlan paths;
        paths.input(o.results_path, "results file");
        for (const auto& p : plot_paths(prefix, formats)) paths.output(p, "--svg");
        paths.check();
        check_plot_converter(formats);
        json results = read_results_file(o.results_path);
        if (results.contains("shard"))
            throw InputError(o.results_path + ": a shard holds only part of the points; merge the shards first");
        write_outputs(plot_files(results, prefix, x_axis, formats));
        if (!o.quiet)
            for (const auto& p : plot_paths(prefix, formats)) out << "lrcert plot: wrote " << p << "\n";
        return 0;
    });
}

}  // namespace lrcert

