// `lrcert sweep`, `merge`, `plot`: runner, results, commands (app/sweep.hpp).
#include "lrcert/app/sweep.hpp"

#include "lrcert/app/errors.hpp"

#include "lrcert/app/svg.hpp"
#include "lrcert/io/output_file.hpp"
#include "lrcert/number/parse.hpp"

#include <mpfr.h>
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

constexpr size_t kMaxShards = 100000;

json interval_json(const Interval& x, int digits) {
    return json{{"lo", decimal_down(lo(x), digits)}, {"hi", decimal_up(hi(x), digits)}};
}

const char* regime_name(const Interval& hL0) {
    if (lo(hL0) > 2) return "beyond_2_over_L";
    if (hi(hL0) < 2) return "below_2_over_L";
    return "undecided";
}

json optional_text(const std::optional<Rational>& q) { return q ? json(exact_text(*q)) : json(nullptr); }

// The parameter part of a row (also in error rows).
json point_head(const SweepPoint& pt) {
    json p;
    p["index"] = pt.index;
    p["h_param"] = exact_text(pt.h_param);
    p["h"] = exact_text(pt.problem.h);
    p["start_param"] = optional_text(pt.start_param);
    p["imbalance_0"] = optional_text(initial_imbalance(pt.problem));
    p["norm_gap_0"] = exact_text(initial_norm_gap(pt.problem));
    Rational S0 = 0;
    for (const Rational& q : pt.problem.z0.X.data()) S0 += q * q;
    for (const Rational& q : pt.problem.z0.Y.data()) S0 += q * q;
    p["S0"] = exact_text(S0);
    return p;
}

std::optional<Rational> balancing_bound(const Problem& p) {
    if (p.family == Family::Scalar) return 2 / p.h - 2 * p.mu();
    if (p.n() != p.m()) return std::nullopt;
    Rational tr = 0;
    for (size_t i = 0; i < p.n(); ++i) tr += p.A(i, i);
    return Rational(2 * static_cast<long>(p.d())) / p.h - 2 * tr;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csv_value(const json& v) {
    if (v.is_null()) return "";
    if (v.is_string()) return csv_field(v.get<std::string>());
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return v.dump();
}

json at_path(const json& v, std::initializer_list<const char*> path) {
    const json* cur = &v;
    for (const char* key : path) {
        if (!cur->is_object()) return nullptr;
        auto it = cur->find(key);
        if (it == cur->end()) return nullptr;
        cur = &*it;
    }
    return *cur;
}

std::string strip_json_extension(const std::string& path) {
    if (path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0) return path.substr(0, path.size() - 5);
    return path;
}

// Writes every (path, content) atomically; on failure removes the ones already
// written and rethrows.
void write_all(const std::vector<std::pair<std::string, std::string>>& files) {
    std::vector<std::string> done;
    try {
        for (const auto& [path, content] : files) {
            write_file_atomically(path, content);
            done.push_back(path);
        }
    } catch (...) {
        for (const auto& p : done) {
            try {
                remove_if_exists(p);
            } catch (...) {
            }
        }
        throw;
    }
}

void remove_all(const std::vector<std::string>& paths) {
    for (const auto& p : paths) remove_if_exists(p);
}

// Refuses outputs that would overwrite an input (e.g. --out spec for spec.json).
void check_no_clobber(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs,
                      const char* option) {
    namespace fs = std::filesystem;
    for (const auto& o : outputs)
        for (const auto& i : inputs) {
            std::error_code ec;
            bool same = fs::exists(o, ec) && fs::exists(i, ec) ? fs::equivalent(o, i, ec)
                                                              : fs::weakly_canonical(o, ec) == fs::weakly_canonical(i, ec);
            if (same)
                throw InputError(std::string(option) + ": the output " + o + " would overwrite the input " + i);
        }
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
class ProgressLine {
public:
    ProgressLine(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) {}
    void operator()(size_t done, size_t total, double seconds) {
        if (!enabled_) return;
        // At most ~5 updates per second, and always the final one.
        if (shown_ && done < total && seconds - last_seconds_ < 0.2) return;
        if (shown_ && done == total && last_done_ == total) return;
        last_seconds_ = seconds;
        last_done_ = done;
        std::ostringstream os;
        double pct = total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
        os << "\rlrcert sweep: " << done << "/" << total << " points  " << std::fixed << std::setprecision(0)
           << pct << "%";
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
        if (shown_) err_ << "\n" << std::flush;
        shown_ = false;
    }

private:
    std::ostream& err_;
    bool enabled_;
    bool shown_ = false;
    size_t last_width_ = 0;
    double last_seconds_ = 0;
    size_t last_done_ = 0;
};


}  // namespace

// ---- options -----------------------------------------------------------------------

Shard parse_shard(const std::string& text) {
    auto bad = [&]() {
        return InputError("--shard: expected I/N with 0 <= I < N <= " + std::to_string(kMaxShards) + ", got \"" +
                          text + "\"");
    };
    size_t slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 >= text.size()) throw bad();
    auto number = [&](const std::string& s) {
        if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            throw bad();
        return static_cast<size_t>(std::stoul(s));
    };
    Shard sh{number(text.substr(0, slash)), number(text.substr(slash + 1))};
    if (sh.count < 1 || sh.count > kMaxShards || sh.index >= sh.count) throw bad();
    return sh;
}

std::vector<claims::Claim> load_sweep_claims(const SweepSpec& spec, const std::string& builtin_dir, Family family) {
    std::vector<claims::Claim> all;
    for (const auto& c : spec.claims) {
        std::vector<claims::Claim> more;
        if (c == "builtin") {
            if (builtin_dir.empty()) continue;
            more = claims::load_claims_directory(builtin_dir);
        } else if (std::filesystem::is_directory(c)) {
            more = claims::load_claims_directory(c);
        } else {
            more = claims::load_claims_file(c);
        }
        for (auto& m : more) {
            for (const auto& a : all)
                if (a.id == m.id)
                    throw claims::ClaimError(m.origin + ": claim id \"" + m.id + "\" is already defined in " + a.origin);
            all.push_back(std::move(m));
        }
    }
    return claims::applicable_claims(all, family == Family::Scalar ? claims::Family::Scalar : claims::Family::Matrix);
}

CertifyOptions sweep_certify_options(const SweepSpec& spec) {
    CertifyOptions o;
    o.precision = spec.precision;
    o.max_precision = spec.max_precision;
    o.max_steps = spec.max_steps;
    o.builtin_claims = false;
    o.quiet = true;
    return o;
}

// ---- rows ----------------------------------------------------------------------------

json point_json(const SweepSpec& spec, const SweepPoint& pt, const CertifyRun& run) {
    PrecisionScope scope(run.precision_bits ? run.precision_bits : 64);
    const int dg = spec.digits;
    json p = point_head(pt);
    p["L0"] = interval_json(run.L0, dg);
    p["h_L0"] = interval_json(run.h_times_L0, dg);
    p["regime"] = regime_name(run.h_times_L0);
    p["outcome"] = outcome_name(run.outcome);
    p["reason"] = run.reason;
    p["precision_bits"] = run.precision_bits;
    json limit = nullptr;
    if (run.scalar) {
        const ScalarCertificate& c = *run.scalar;
        p["proof"] = c.proof;
        p["steps"] = c.steps_run;
        if (c.limit) {
            limit = json{{"imbalance", interval_json(c.limit->imbalance, dg)},
                         {"sharpness", interval_json(c.limit->sharpness, dg)},
                         {"h_sharpness", interval_json(c.h * c.limit->sharpness, dg)},
                         {"norm_gap", interval_json(c.limit->norm_gap, dg)}};
        }
    } else if (run.matrix) {
        const MatrixCertificate& c = *run.matrix;
        p["proof"] = c.proof;
        p["steps"] = c.steps_run;
        if (c.limit) {
            limit = json{{"imbalance", c.limit->imbalance ? interval_json(*c.limit->imbalance, dg) : json(nullptr)},
                         {"sharpness", interval_json(c.limit->sharpness, dg)},
                         {"h_sharpness", interval_json(c.h * c.limit->sharpness, dg)},
                         {"norm_gap", interval_json(c.limit->norm_gap, dg)}};
        }
    }
    p["limit"] = limit;
    p["balancing_bound"] = optional_text(balancing_bound(pt.problem));
    json verdicts = json::object();
    for (const auto& c : run.claims) verdicts[c.id] = claims::to_string(c.verdict);
    p["verdicts"] = verdicts;
    p["exit_code"] = run.exit_code;
    return p;
}

json error_point_json(const SweepPoint& pt, const std::string& message) {
    json p = point_head(pt);
    for (const char* k : {"L0", "h_L0", "regime", "proof", "precision_bits", "steps", "limit", "balancing_bound"})
        p[k] = nullptr;
    p["outcome"] = "error";
    p["reason"] = message;
    p["verdicts"] = json::object();
    p["exit_code"] = kExitInternal;
    return p;
}

// ---- runner --------------------------------------------------------------------------

std::vector<size_t> shard_indices(size_t total, const Shard& shard) {
    std::vector<size_t> idx;
    for (size_t i = shard.index; i < total; i += shard.count) idx.push_back(i);
    return idx;
}

std::vector<json> run_sweep_points(const SweepSpec& spec, const SweepGrid& grid, const std::vector<size_t>& indices,
                                   const std::vector<claims::Claim>& claim_list, unsigned jobs,
                                   const SweepProgress& progress) {
    const size_t n = indices.size();
    std::vector<json> rows(n);
    if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
    const size_t threads = std::min<size_t>(jobs, std::max<size_t>(n, 1));
    const CertifyOptions options = sweep_certify_options(spec);

    std::atomic<size_t> next{0};
    std::mutex mutex;
    std::condition_variable cv;
    size_t done = 0;

    auto worker = [&]() {
        // MPFR keeps caches per thread (constants such as log 2, a pool of
        // integers) that only the thread itself can free: without this every
        // worker leaked them when it ended (found by the sanitizer build).
        struct FreeMpfrCaches {
            ~FreeMpfrCaches() { mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE); }
        } free_caches;
        for (;;) {
            size_t k = next.fetch_add(1);
            if (k >= n) break;
            const SweepPoint& pt = grid.points.at(indices[k]);
            json row;
            try {
                CertifyRun run = run_certify(pt.problem, claim_list, options);
                row = point_json(spec, pt, run);
            } catch (const std::exception& e) {
                row = error_point_json(pt, std::string("certification failed: ") + e.what());
            }
            std::lock_guard<std::mutex> lock(mutex);
            rows[k] = std::move(row);
            ++done;
            cv.notify_one();
        }
    };

    auto t0 = std::chrono::steady_clock::now();
    auto elapsed = [&]() { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
    {
        std::unique_lock<std::mutex> lock(mutex);
        while (done < n) {
            cv.wait_for(lock, std::chrono::milliseconds(200));
            if (progress) {
                size_t d = done;
                lock.unlock();
                progress(d, n, elapsed());
                lock.lock();
            }
        }
    }
    for (auto& t : pool) t.join();
    if (progress) progress(n, n, elapsed());
    return rows;
}

// ---- results -------------------------------------------------------------------------

json results_json(const SweepSpec& spec, const SweepGrid& grid, const std::vector<claims::Claim>& claim_list,
                  std::vector<json> points, const std::optional<Shard>& shard) {
    json r;
    r["lrcert_sweep_results"] = 1;
    r["lrcert"] = LRCERT_VERSION;
    r["spec"] = spec_to_json(spec);
    json cl = json::array();
    for (const auto& c : claim_list) cl.push_back(json{{"id", c.id}, {"kind", claims::to_string(c.kind)}});
    r["claims"] = cl;
    r["points_total"] = grid.points.size();
    if (shard && shard->count > 1) r["shard"] = json{{"index", shard->index}, {"count", shard->count}};
    r["points"] = json(std::move(points));
    return r;
}

std::string results_text(const json& results) { return results.dump(1) + "\n"; }

std::string results_csv(const json& results) {
    std::vector<std::string> ids;
    for (const auto& c : results.at("claims")) ids.push_back(c.at("id").get<std::string>());
    std::ostringstream os;
    const char* head[] = {"index",          "h_param",           "h",
                          "start_param",    "imbalance_0",       "norm_gap_0",
                          "L0_lo",          "L0_hi",             "h_L0_lo",
                          "h_L0_hi",        "regime",            "outcome",
                          "proof",          "precision_bits",    "steps",
                          "limit_imbalance_lo", "limit_imbalance_hi", "limit_sharpness_lo",
                          "limit_sharpness_hi", "h_limit_sharpness_lo", "h_limit_sharpness_hi",
                          "limit_norm_gap_lo", "limit_norm_gap_hi", "balancing_bound"};
    bool first = true;
    for (const char* h : head) {
        os << (first ? "" : ",") << h;
        first = false;
    }
    for (const auto& id : ids) os << "," << csv_field("verdict:" + id);
    os << ",exit_code,reason\r\n";
    for (const auto& p : results.at("points")) {
        std::vector<json> v{at_path(p, {"index"}),
                            at_path(p, {"h_param"}),
                            at_path(p, {"h"}),
                            at_path(p, {"start_param"}),
                            at_path(p, {"imbalance_0"}),
                            at_path(p, {"norm_gap_0"}),
                            at_path(p, {"L0", "lo"}),
                            at_path(p, {"L0", "hi"}),
                            at_path(p, {"h_L0", "lo"}),
                            at_path(p, {"h_L0", "hi"}),
                            at_path(p, {"regime"}),
                            at_path(p, {"outcome"}),
                            at_path(p, {"proof"}),
                            at_path(p, {"precision_bits"}),
                            at_path(p, {"steps"}),
                            at_path(p, {"limit", "imbalance", "lo"}),
                            at_path(p, {"limit", "imbalance", "hi"}),
                            at_path(p, {"limit", "sharpness", "lo"}),
                            at_path(p, {"limit", "sharpness", "hi"}),
                            at_path(p, {"limit", "h_sharpness", "lo"}),
                            at_path(p, {"limit", "h_sharpness", "hi"}),
                            at_path(p, {"limit", "norm_gap", "lo"}),
                            at_path(p, {"limit", "norm_gap", "hi"}),
                            at_path(p, {"balancing_bound"})};
        for (const auto& id : ids) {
            json verdicts = at_path(p, {"verdicts"});
            v.push_back(verdicts.is_object() && verdicts.contains(id) ? verdicts[id] : json(nullptr));
        }
        v.push_back(at_path(p, {"exit_code"}));
        v.push_back(at_path(p, {"reason"}));
        for (size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << csv_value(v[i]);
        os << "\r\n";
    }
    return os.str();
}

json read_results_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the results file");
    std::ostringstream ss;
    ss << in.rdbuf();
    json doc;
    try {
        doc = json::parse(ss.str());
    } catch (const json::exception& e) {
        throw InputError(path + ": not a JSON document (" + std::string(e.what()) + ")");
    }
    if (!doc.is_object() || !doc.contains("lrcert_sweep_results") || doc["lrcert_sweep_results"] != 1 ||
        !doc.contains("points") || !doc["points"].is_array() || !doc.contains("spec") || !doc.contains("claims") ||
        !doc.contains("points_total") || !doc["points_total"].is_number_unsigned())
        throw InputError(path + ": not an lrcert sweep results file (expected \"lrcert_sweep_results\": 1 with "
                                "\"spec\", \"claims\", \"points_total\" and \"points\")");
    for (const auto& p : doc["points"])
        if (!p.is_object() || !p.contains("index") || !p["index"].is_number_unsigned())
            throw InputError(path + ": a point has no \"index\"");
    return doc;
}

json merge_results(const std::vector<json>& shards, const std::vector<std::string>& origins) {
    if (shards.empty()) throw InputError("merge: no shard files given");
    auto origin = [&](size_t i) { return i < origins.size() ? origins[i] : "shard " + std::to_string(i); };
    const json& first = shards[0];
    size_t count = 0;
    for (size_t i = 0; i < shards.size(); ++i) {
        const json& s = shards[i];
        if (!s.contains("shard") || !s["shard"].is_object())
            throw InputError(origin(i) + ": not a shard file (no \"shard\" field: it holds all points already)");
        size_t c = s["shard"].value("count", size_t(0));
        if (i == 0) count = c;
        if (c != count)
            throw InputError(origin(i) + ": shard of a " + std::to_string(c) + "-way split, but " + origin(0) +
                             " is of a " + std::to_string(count) + "-way split");
        for (const char* key : {"lrcert", "spec", "claims", "points_total"})
            if (s.value(key, json()) != first.value(key, json()))
                throw InputError(origin(i) + ": \"" + key + "\" differs from " + origin(0) +
                                 " (the shards are not of the same sweep)");
    }
    if (shards.size() != count)
        throw InputError("merge: " + std::to_string(shards.size()) + " shard files given, the sweep was split into " +
                         std::to_string(count));
    std::vector<int> seen(count, -1);
    const size_t total = first["points_total"].get<size_t>();
    std::vector<const json*> rows(total, nullptr);
    for (size_t i = 0; i < shards.size(); ++i) {
        size_t si = shards[i]["shard"].value("index", count);
        if (si >= count) throw InputError(origin(i) + ": bad shard index");
        if (seen[si] >= 0)
            throw InputError(origin(i) + ": shard " + std::to_string(si) + "/" + std::to_string(count) +
                             " was already given as " + origin(static_cast<size_t>(seen[si])));
        seen[si] = static_cast<int>(i);
        size_t expected = si < total ? (total - si + count - 1) / count : 0;
        if (shards[i]["points"].size() != expected)
            throw InputError(origin(i) + ": holds " + std::to_string(shards[i]["points"].size()) +
                             " points, shard " + std::to_string(si) + "/" + std::to_string(count) + " has " +
                             std::to_string(expected) + " (an incomplete shard?)");
        for (const auto& p : shards[i]["points"]) {
            size_t idx = p["index"].get<size_t>();
            if (idx >= total || idx % count != si || rows[idx])
                throw InputError(origin(i) + ": point index " + std::to_string(idx) + " does not belong to shard " +
                                 std::to_string(si) + "/" + std::to_string(count) + " or is repeated");
            rows[idx] = &p;
        }
    }
    json merged = first;
    merged.erase("shard");
    json points = json::array();
    for (size_t k = 0; k < total; ++k) points.push_back(*rows[k]);  // all present: counts checked above
    merged["points"] = std::move(points);
    return merged;
}

// ---- commands -----------------------------------------------------------------------

int sweep_command(const SweepOptions& o, std::ostream& out, std::ostream& err) {
    return run_guarded(err, [&]() -> int {
        if (o.shard && o.shard->count > 1 && !o.svg_prefix.empty())
            throw InputError("--svg needs every point: plot the merged results (lrcert merge --svg, lrcert plot)");
        std::string prefix = o.out_prefix;
        if (prefix.empty()) {
            prefix = strip_json_extension(o.spec_path) + ".results";
            if (o.shard && o.shard->count > 1)
                prefix += ".shard-" + std::to_string(o.shard->index) + "-of-" + std::to_string(o.shard->count);
        }
        check_no_clobber(output_paths(prefix, o.svg_prefix), {o.spec_path}, "--out/--svg");
        remove_all(output_paths(prefix, o.svg_prefix));

        SweepSpec spec = read_sweep_spec(o.spec_path);
        std::vector<claims::Claim> claim_list = load_sweep_claims(spec, o.builtin_claims_dir, spec.base.family);
        SweepGrid grid = expand_grid(spec);
        Shard shard = o.shard.value_or(Shard{});
        std::vector<size_t> indices = shard_indices(grid.points.size(), shard);

        unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
        ProgressLine line(err, o.progress && isatty(STDERR_FILENO));
        auto t0 = std::chrono::steady_clock::now();
        std::vector<json> rows = run_sweep_points(spec, grid, indices, claim_list, jobs, std::ref(line));
        line.finish();
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

        json results = results_json(spec, grid, claim_list, std::move(rows), o.shard);
        write_all(output_files(results, prefix, o.svg_prefix));
        if (!o.quiet) {
            out << "lrcert sweep: " << indices.size() << " of " << grid.points.size() << " points";
            if (shard.count > 1) out << " (shard " << shard.index << "/" << shard.count << ")";
            size_t threads = std::min<size_t>(jobs, std::max<size_t>(indices.size(), 1));
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
        check_no_clobber(output_paths(o.out_prefix, o.svg_prefix), o.shard_paths, "--out/--svg");
        remove_all(output_paths(o.out_prefix, o.svg_prefix));
        std::vector<json> shards;
        for (const auto& p : o.shard_paths) shards.push_back(read_results_file(p));
        json merged = merge_results(shards, o.shard_paths);
        write_all(output_files(merged, o.out_prefix, o.svg_prefix));
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
        check_no_clobber(plot_paths(prefix), {o.results_path}, "--svg");
        remove_all(plot_paths(prefix));
        json results = read_results_file(o.results_path);
        if (results.contains("shard"))
            throw InputError(o.results_path + ": a shard holds only part of the points; merge the shards first");
        write_all(plot_files(results, prefix));
        if (!o.quiet)
            for (const auto& p : plot_paths(prefix)) out << "lrcert plot: wrote " << p << "\n";
        return 0;
    });
}

}  // namespace lrcert
