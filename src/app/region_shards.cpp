// Shards, journal and merge of `lrcert region` (include/lrcert/app/region_shards.hpp).
#include "lrcert/app/region_shards.hpp"

#include "lrcert/app/errors.hpp"
#include "lrcert/app/region_plots.hpp"
#include "lrcert/app/sweep_runner.hpp"
#include "lrcert/app/sweep_spec.hpp"
#include "lrcert/io/file_paths.hpp"
#include "lrcert/io/output_file.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/version.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace lrcert {

namespace {

using nlohmann::json;

Outcome outcome_from_name(const std::string& s) {
    for (Outcome o : {Outcome::Converged, Outcome::NotConverged, Outcome::Diverged, Outcome::Periodic,
                      Outcome::Undecided})
        if (s == outcome_name(o)) return o;
    throw InputError("unknown outcome \"" + s + "\"");
}

claims::ClaimKind kind_from_name(const std::string& s) {
    for (auto k : {claims::ClaimKind::Theorem, claims::ClaimKind::Observation, claims::ClaimKind::Classification})
        if (s == claims::to_string(k)) return k;
    throw InputError("unknown claim kind \"" + s + "\"");
}

claims::Verdict verdict_from_name(const std::string& s) {
    for (auto v : {claims::Verdict::Confirmed, claims::Verdict::Counterexample, claims::Verdict::Vacuous,
                   claims::Verdict::Undecided})
        if (s == claims::to_string(v)) return v;
    throw InputError("unknown verdict \"" + s + "\"");
}

Rational exact_of(const json& v) { return parse_exact(v.get<std::string>()); }

json read_json_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open");
    std::stringstream ss;
    ss << in.rdbuf();
    try {
        return json::parse(ss.str());
    } catch (const json::exception& e) {
        throw InputError(path + ": not JSON: " + e.what());
    }
}

}  // namespace

json region_cell_json(const RegionCellResult& c) {
    json j;
    j["box"] = json::array({exact_text(c.box.h_lo), exact_text(c.box.h_hi), exact_text(c.box.s_lo),
                            exact_text(c.box.s_hi)});
    j["outcome"] = outcome_name(c.outcome);
    j["reason"] = c.reason;
    j["imbalance"] = c.imb_lo ? json::array({exact_text(*c.imb_lo), exact_text(*c.imb_hi)}) : json(nullptr);
    json cl = json::array();
    for (const auto& r : c.claims) cl.push_back(json::array({r.id, claims::to_string(r.kind), claims::to_string(r.verdict)}));
    j["claims"] = cl;
    j["straddles"] = c.straddles;
    j["claim_open"] = c.claim_open;
    j["row"] = c.row;
    return j;
}

RegionCellResult region_cell_from_json(const json& j) {
    RegionCellResult c;
    try {
        const json& b = j.at("box");
        c.box = RegionBox{exact_of(b.at(0)), exact_of(b.at(1)), exact_of(b.at(2)), exact_of(b.at(3))};
        c.outcome = outcome_from_name(j.at("outcome").get<std::string>());
        c.reason = j.at("reason").get<std::string>();
        if (!j.at("imbalance").is_null()) {
            c.imb_lo = exact_of(j.at("imbalance").at(0));
            c.imb_hi = exact_of(j.at("imbalance").at(1));
        }
        for (const json& r : j.at("claims")) {
            claims::ClaimResult cr;
            cr.id = r.at(0).get<std::string>();
            cr.kind = kind_from_name(r.at(1).get<std::string>());
            cr.verdict = verdict_from_name(r.at(2).get<std::string>());
            c.claims.push_back(std::move(cr));
        }
        c.straddles = j.at("straddles").get<bool>();
        c.claim_open = j.at("claim_open").get<bool>();
        c.row = j.at("row");
    } catch (const json::exception& e) {
        throw InputError(std::string("a recorded region cell is damaged: ") + e.what());
    }
    return c;
}


json region_journal_header(const RegionSpec& spec, const RegionRunOptions& opt,
                           const std::vector<claims::Claim>& claim_list) {
    json h;
    h["lrcert_region_journal"] = 1;
    h["lrcert"] = LRCERT_VERSION;
    h["spec"] = region_spec_to_json(spec);
    h["options"] = {{"max_cells", opt.max_cells}, {"min_width", exact_text(opt.min_width)}};
    h["claims"] = claims_record_json(claim_list);
    h["shard"] = opt.shard_count > 1 ? json{{"index", opt.shard_index}, {"count", opt.shard_count}} : json(nullptr);
    return h;
}

json region_shard_results_json(const RegionSpec& spec, const RegionRunOptions& opt, const RegionRun& run,
                               const std::vector<claims::Claim>& claim_list) {
    json j = region_results_json(spec, opt, run);
    j["shard"] = {{"index", opt.shard_index}, {"count", opt.shard_count}};
    j["lrcert"] = LRCERT_VERSION;
    j["claims"] = claims_record_json(claim_list);
    json cells = json::array();
    for (const auto& c : run.cells) cells.push_back(region_cell_json(c));
    j["shard_cells"] = cells;
    return j;
}

bool is_region_results_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::stringstream ss;
    ss << in.rdbuf();
    try {
        const json j = json::parse(ss.str());
        return j.is_object() && j.contains("lrcert_region_results");
    } catch (const json::exception&) {
        return false;
    }
}

json merge_region_shards(const std::vector<json>& shards, const std::vector<std::string>& paths) {
    if (shards.empty()) throw InputError("merge: no shard files");
    auto field = [&](size_t k, const char* name) -> const json& {
        if (!shards[k].is_object() || !shards[k].contains(name))
            throw InputError(paths[k] + ": not a region shard file (no \"" + name + "\")");
        return shards[k].at(name);
    };
    size_t count = 0;
    std::set<size_t> seen;
    for (size_t k = 0; k < shards.size(); ++k) {
        const json& sh = field(k, "shard");
        field(k, "shard_cells");
        const size_t n = sh.at("count").get<size_t>(), i = sh.at("index").get<size_t>();
        if (k == 0) count = n;
        if (n != count)
            throw InputError(paths[k] + ": shard " + std::to_string(i) + "/" + std::to_string(n) + " of another split (" +
                             paths[0] + " is one of " + std::to_string(count) + ")");
        for (const char* name : {"spec", "options", "claims", "lrcert"})
            if (field(k, name) != field(0, name))
                throw InputError(paths[k] + ": a shard of another run than " + paths[0] + ": its " + name + " differ");
        if (!seen.insert(i).second)
            throw InputError(paths[k] + ": shard " + std::to_string(i) + "/" + std::to_string(n) + " is given twice");
    }
    for (size_t i = 0; i < count; ++i)
        if (!seen.count(i))
            throw InputError("merge: shard " + std::to_string(i) + "/" + std::to_string(count) + " is missing");

    // The spec fields the results depend on, from the recorded normal form.
    const json& sj = shards[0].at("spec");
    RegionSpec spec;
    spec.h_from = exact_of(sj.at("h").at("from"));
    spec.h_to = exact_of(sj.at("h").at("to"));
    for (auto a : {CellHAxis::Absolute, CellHAxis::TwoOverL0, CellHAxis::SeedBoundary})
        if (sj.at("h").at("relative_to") == h_axis_name(a)) spec.h_axis = a;
    for (auto a : {CellStartAxis::Scale, CellStartAxis::Imbalance})
        if (sj.contains(start_axis_name(a))) {
            spec.start = a;
            spec.s_from = exact_of(sj.at(start_axis_name(a)).at("from"));
            spec.s_to = exact_of(sj.at(start_axis_name(a)).at("to"));
        }
    spec.digits = sj.at("digits").get<int>();
    RegionRunOptions opt;
    opt.max_cells = shards[0].at("options").at("max_cells").get<size_t>();
    opt.min_width = exact_of(shards[0].at("options").at("min_width"));
    RegionRun run;
    for (const json& s : shards) {
        run.certified += s.at("summary").at("certified_cells").get<size_t>();
        for (const json& c : s.at("shard_cells")) run.cells.push_back(region_cell_from_json(c));
    }
    std::sort(run.cells.begin(), run.cells.end(), [](const RegionCellResult& a, const RegionCellResult& b) {
        if (a.box.h_lo != b.box.h_lo) return a.box.h_lo < b.box.h_lo;
        return a.box.s_lo < b.box.s_lo;
    });
    json merged = region_results_json(spec, opt, run);
    merged["spec"] = sj;
    return merged;
}

int region_merge_command(const MergeOptions& o, std::ostream& out, std::ostream& err) {
    return run_guarded(err, [&]() -> int {
        if (o.out_prefix.empty()) throw InputError("merge: --out PREFIX is required");
        PathPlan paths;
        for (const auto& p : o.shard_paths) paths.input(p, "shard file");
        paths.output(o.out_prefix + ".json", "--out (region results JSON)");
        if (!o.svg_prefix.empty())
            for (const auto& p : region_plot_paths(o.svg_prefix)) paths.output(p, "--svg");
        paths.check();
        std::vector<json> shards;
        for (const auto& p : o.shard_paths) shards.push_back(read_json_file(p));
        const json merged = merge_region_shards(shards, o.shard_paths);
        StagedOutputs staged;
        staged.stage(o.out_prefix + ".json", merged.dump(2) + "\n");
        if (!o.svg_prefix.empty())
            for (const auto& [path, text] : region_plot_files(merged, o.svg_prefix)) staged.stage(path, text);
        staged.commit();
        bool counterexample = false;
        for (const auto& [id, v] : merged.at("summary").at("theorem_verdicts").items())
            counterexample |= v.get<std::string>().rfind("counterexample", 0) == 0;
        if (!o.quiet) {
            out << "lrcert merge: " << o.shard_paths.size() << " region shards, " << merged.at("cells").size()
                << " cells\n  wrote " << o.out_prefix << ".json\n";
            if (!o.svg_prefix.empty())
                for (const auto& p : region_plot_paths(o.svg_prefix)) out << "  wrote " << p << "\n";
        }
        return counterexample ? kExitCounterexample : kExitConfirmed;
    });
}

int region_plot_command(const PlotOptions& o, std::ostream& out, std::ostream& err) {
    return run_guarded(err, [&]() -> int {
        std::string prefix = o.svg_prefix;
        if (prefix.empty()) {
            prefix = o.results_path;
            if (prefix.size() > 5 && prefix.compare(prefix.size() - 5, 5, ".json") == 0) prefix.resize(prefix.size() - 5);
        }
        PathPlan paths;
        paths.input(o.results_path, "region results file");
        for (const auto& p : region_plot_paths(prefix)) paths.output(p, "--svg");
        paths.check();
        const json results = read_json_file(o.results_path);
        if (results.contains("shard"))
            throw InputError(o.results_path + ": a shard holds only part of the cells; merge the shards first");
        std::vector<std::pair<std::string, std::string>> files;
        try {
            files = region_plot_files(results, prefix);
        } catch (const std::exception& e) {
            throw InputError(o.results_path + ": not complete region results (" + e.what() + ")");
        }
        StagedOutputs staged;
        for (const auto& [path, text] : files) staged.stage(path, text);
        staged.commit();
        if (!o.quiet)
            for (const auto& p : region_plot_paths(prefix)) out << "lrcert plot: wrote " << p << "\n";
        return 0;
    });
}

}  // namespace lrcert
