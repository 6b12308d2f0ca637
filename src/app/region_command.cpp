// `lrcert region` (include/lrcert/app/region.hpp; docs/cli.md, "region").
#include "lrcert/app/region.hpp"

#include "lrcert/app/errors.hpp"
#include "lrcert/app/interrupt.hpp"
#include "lrcert/app/region_plots.hpp"
#include "lrcert/app/region_shards.hpp"
#include "lrcert/app/sweep_journal.hpp"
#include "lrcert/app/sweep_runner.hpp"
#include "lrcert/app/terminal_progress.hpp"
#include "lrcert/io/file_paths.hpp"
#include "lrcert/io/output_file.hpp"
#include "lrcert/number/parse.hpp"

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <optional>
#include <sstream>
#include <thread>

namespace lrcert {

namespace {

std::string strip_json_extension(const std::string& path) {
    if (path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0) return path.substr(0, path.size() - 5);
    return path;
}

Rational parse_min_width(const std::string& text) {
    Rational w;
    try {
        w = parse_exact(text);
    } catch (const std::exception&) {
        throw InputError("--min-width: expected an exact number in (0, 1], got \"" + text + "\"");
    }
    if (w <= 0 || w > 1) throw InputError("--min-width: must be in (0, 1], got \"" + text + "\"");
    return w;
}

std::string shell_word(const std::string& s) {
    if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@") ==
                          std::string::npos)
        return s;
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// The command that continues an interrupted region run.
std::string resume_command(const RegionOptions& o) {
    std::string cmd = "lrcert region " + shell_word(o.spec_path);
    if (!o.out_prefix.empty()) cmd += " --out " + shell_word(o.out_prefix);
    if (o.shard_count > 1) cmd += " --shard " + std::to_string(o.shard_index) + "/" + std::to_string(o.shard_count);
    cmd += " --max-cells " + std::to_string(o.max_cells);
    if (o.min_width != "1/1024") cmd += " --min-width " + shell_word(o.min_width);
    if (!o.svg_prefix.empty()) cmd += " --svg " + shell_word(o.svg_prefix);
    if (o.jobs) cmd += " --jobs " + std::to_string(o.jobs);
    return cmd + " --resume";
}

}  // namespace

int region_command(const RegionOptions& o, std::ostream& out, std::ostream& err) {
    return run_guarded(err, [&]() {
        if (o.max_cells < 1) throw InputError("--max-cells: must be >= 1, got 0");
        if (o.shard_count < 1 || o.shard_count > kMaxShards || o.shard_index >= o.shard_count)
            throw InputError("--shard " + std::to_string(o.shard_index) + "/" + std::to_string(o.shard_count) +
                             ": expected I/N with 0 <= I < N <= " + std::to_string(kMaxShards));
        const bool sharded = o.shard_count > 1;
        if (sharded && !o.svg_prefix.empty())
            throw InputError("--svg needs every cell: draw the merged results (lrcert merge --svg, lrcert plot)");
        RegionRunOptions ro;
        ro.max_cells = o.max_cells;
        ro.min_width = parse_min_width(o.min_width);
        ro.jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
        ro.shard_index = o.shard_index;
        ro.shard_count = o.shard_count;
        std::string prefix = o.out_prefix;
        if (prefix.empty()) {
            prefix = strip_json_extension(o.spec_path) + ".region";
            if (sharded) prefix += ".shard-" + std::to_string(o.shard_index) + "-of-" + std::to_string(o.shard_count);
        }
        const std::string journal_file = journal_path(prefix);

        PathPlan paths;
        paths.input(o.spec_path, "region specification");
        paths.output(prefix + ".json", "--out (region results JSON)");
        paths.output(journal_file, "the region journal");
        if (!o.svg_prefix.empty())
            for (const auto& p : region_plot_paths(o.svg_prefix)) paths.output(p, "--svg");
        paths.check();
        RegionSpec spec = read_region_spec(o.spec_path);
        const bool builtin = std::find(spec.claims.begin(), spec.claims.end(), "builtin") != spec.claims.end();
        if (builtin && o.builtin_claims_dir.empty() && !o.builtin_claims_error.empty())
            throw InputError(o.spec_path + ": claims: " + o.builtin_claims_error);
        if (!spec.base_path.empty()) paths.input(spec.base_path, "base problem");
        for (const auto& c : spec.claims) {
            if (c == "builtin") {
                if (!o.builtin_claims_dir.empty()) paths.input_folder(o.builtin_claims_dir, "built-in claims folder");
            } else if (std::filesystem::is_directory(c)) {
                paths.input_folder(c, "claims folder");
            } else {
                paths.input(c, "claim file");
            }
        }
        paths.check();

        std::error_code ec;
        const bool journal_exists = std::filesystem::exists(std::filesystem::symlink_status(journal_file, ec));
        if (journal_exists && !o.resume)
            throw InputError("the journal " + journal_file + " of an interrupted region run exists: continue it with " +
                             resume_command(o) + ", or delete it to start over");

        // The claims are loaded as a sweep loads them.
        SweepSpec claim_spec;
        claim_spec.claims = spec.claims;
        const std::vector<claims::Claim> claim_list = load_sweep_claims(claim_spec, o.builtin_claims_dir, spec.base.family);

        const nlohmann::json header = region_journal_header(spec, ro, claim_list);
        const size_t roots = region_root_count(spec);
        std::optional<SweepJournal> journal;
        if (journal_exists) {
            auto in_shard = [&](size_t key) {
                const size_t r = region_key_root(key);
                return r < roots;  // phase 1 certifies every root in every shard
            };
            journal.emplace(SweepJournal::resume(journal_file, header, in_shard));
            if (!o.quiet)
                out << "lrcert region: resuming: " << journal->resumed().size() << " cells certified earlier ("
                    << journal_file << ")\n";
        } else {
            if (o.resume && !o.quiet)
                out << "lrcert region: --resume: no journal " << journal_file << "; starting at the first cell\n";
            journal.emplace(SweepJournal::create(journal_file, header));
        }

        RegionRun run;
        {
            InterruptScope interrupts;
            RegionHooks hooks;
            hooks.lookup = [&](size_t key) -> const nlohmann::json* {
                auto it = journal->resumed().find(key);
                return it == journal->resumed().end() ? nullptr : &it->second;
            };
            hooks.certified = [&](size_t key, const nlohmann::json& cell) { journal->append(key, cell); };
            hooks.stop = [&]() { return interrupt_signal() != 0; };
            // A line on stderr at most every 10 s: long regions are not silent.
            double last_report = 0;
            if (!o.quiet)
                hooks.progress = [&](const RegionProgress& p) {
                    if (p.seconds - last_report < 10) return;
                    last_report = p.seconds;
                    std::ostringstream line;
                    line << std::fixed << std::setprecision(1) << "lrcert region: " << p.certified
                         << " cells certified in " << p.seconds << " s; final cells decided on "
                         << percent_text(p.decided_exact(), 1) << "% of the area (converged "
                         << percent_text(p.converged_exact, 1) << "%, diverged " << percent_text(p.diverged_exact, 1)
                         << "%";
                    if (p.other_exact > 0)
                        line << ", periodic or not converged " << percent_text(p.other_exact, 1) << "%";
                    line << ")\n";
                    err << line.str() << std::flush;
                };
            try {
                run = run_region(spec, claim_list, ro, hooks);
            } catch (const OutputError&) {
                err << "lrcert region: the cells certified so far are kept in " << journal_file
                    << "; continue with: " << resume_command(o) << "\n";
                throw;
            }
            if (run.stopped) {
                journal->sync();
                const int sig = interrupt_signal();
                err << "lrcert region: stopped by " << signal_name(sig) << "; the cells certified so far are kept in "
                    << journal_file << "\n  continue with: " << resume_command(o) << "\n";
                return 128 + sig;
            }
        }
        journal->sync();
        const nlohmann::json results =
            sharded ? region_shard_results_json(spec, ro, run, claim_list) : region_results_json(spec, ro, run);
        try {
            StagedOutputs staged;
            staged.stage(prefix + ".json", results.dump(2) + "\n");
            if (!o.svg_prefix.empty())
                for (const auto& [path, text] : region_plot_files(results, o.svg_prefix)) staged.stage(path, text);
            staged.commit();
        } catch (const OutputError&) {
            err << "lrcert region: every cell is certified and kept in " << journal_file
                << "; once the output can be written: " << resume_command(o) << "\n";
            throw;
        }
        journal->remove();

        bool counterexample = false;
        for (const auto& c : run.cells)
            for (const auto& r : c.claims)
                if (r.kind == claims::ClaimKind::Theorem && r.verdict == claims::Verdict::Counterexample)
                    counterexample = true;
        if (!o.quiet) {
            const auto& s = results.at("summary");
            out << "region: " << run.cells.size() << " cells (" << run.certified << " certified";
            if (!journal->resumed().empty()) out << ", " << journal->resumed().size() << " from the journal";
            out << ")";
            if (sharded) out << " (shard " << o.shard_index << "/" << o.shard_count << ")";
            out << " in " << std::fixed << std::setprecision(2) << run.seconds << " s\n";
            out.unsetf(std::ios::fixed);
            for (const auto& [k, v] : s.at("area_fraction").items())
                out << "  area " << std::setw(9) << std::left << k << " " << v.get<std::string>() << "\n";
            for (const auto& [k, v] : s.at("theorem_verdicts").items())
                out << "  claim " << k << ": " << v.get<std::string>() << "\n";
            out << "results: " << prefix << ".json\n";
            if (!o.svg_prefix.empty())
                for (const auto& p : region_plot_paths(o.svg_prefix)) out << "figure: " << p << "\n";
        }
        return counterexample ? kExitCounterexample : kExitConfirmed;
    });
}

}  // namespace lrcert
