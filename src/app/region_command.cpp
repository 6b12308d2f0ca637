// `lrcert region` (include/lrcert/app/region.hpp; docs/cli.md, "region").
#include "lrcert/app/region.hpp"

#include "lrcert/app/errors.hpp"
#include "lrcert/app/sweep_runner.hpp"
#include "lrcert/io/file_paths.hpp"
#include "lrcert/number/parse.hpp"

#include <algorithm>
#include <filesystem>
#include <iomanip>
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

}  // namespace

int region_command(const RegionOptions& o, std::ostream& out, std::ostream& err) {
    return run_guarded(err, [&]() {
        if (o.max_cells < 1) throw InputError("--max-cells: must be >= 1, got 0");
        RegionRunOptions ro;
        ro.max_cells = o.max_cells;
        ro.min_width = parse_min_width(o.min_width);
        ro.jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
        const std::string prefix = o.out_prefix.empty() ? strip_json_extension(o.spec_path) + ".region" : o.out_prefix;

        PathPlan paths;
        paths.input(o.spec_path, "region specification");
        paths.output(prefix + ".json", "--out (region results JSON)");
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
        // The claims are loaded as a sweep loads them.
        SweepSpec claim_spec;
        claim_spec.claims = spec.claims;
        const std::vector<claims::Claim> claim_list = load_sweep_claims(claim_spec, o.builtin_claims_dir, spec.base.family);

        const RegionRun run = run_region(spec, claim_list, ro);
        const nlohmann::json results = region_results_json(spec, ro, run);
        StagedOutputs staged;
        staged.stage(prefix + ".json", results.dump(2) + "\n");
        staged.commit();

        bool counterexample = false;
        for (const auto& c : run.cells)
            for (const auto& r : c.claims)
                if (r.kind == claims::ClaimKind::Theorem && r.verdict == claims::Verdict::Counterexample)
                    counterexample = true;
        if (!o.quiet) {
            const auto& s = results.at("summary");
            out << "region: " << run.cells.size() << " cells (" << run.certified << " certified) in " << std::fixed
                << std::setprecision(2) << run.seconds << " s\n";
            for (const auto& [k, v] : s.at("area_fraction").items())
                out << "  area " << std::setw(9) << std::left << k << " " << v.get<std::string>() << "\n";
            for (const auto& [k, v] : s.at("theorem_verdicts").items())
                out << "  claim " << k << ": " << v.get<std::string>() << "\n";
            out << "results: " << prefix << ".json\n";
        }
        return counterexample ? kExitCounterexample : kExitConfirmed;
    });
}

}  // namespace lrcert
