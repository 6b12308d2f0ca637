// The sweep runner (app/sweep_runner.hpp): rows and the threads that certify them.
#include "lrcert/app/sweep_runner.hpp"

#include "lrcert/app/quantity_json.hpp"

#include "lrcert/io/exact_json.hpp"
#include "lrcert/number/parse.hpp"

#include <mpfr.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

namespace lrcert {

namespace {

using nlohmann::json;

const char* regime_name(const Interval& hL0) {
    if (lo(hL0) > 2) return "beyond_2_over_L";
    if (hi(hL0) < 2) return "below_2_over_L";
    return "undecided";
}


// The parameter part of a row (also in error rows).
json point_head(const SweepPoint& pt) {
    json p;
    p["index"] = pt.index;
    put_exact(p, "h_param", pt.h_param);
    put_exact(p, "h", pt.problem.h);
    put_exact(p, "start_param", pt.start_param);
    put_exact(p, "imbalance_0", initial_imbalance(pt.problem));
    put_exact(p, "norm_gap_0", initial_norm_gap(pt.problem));
    Rational S0 = 0;
    for (const Rational& q : pt.problem.z0.X.data()) S0 += q * q;
    for (const Rational& q : pt.problem.z0.Y.data()) S0 += q * q;
    put_exact(p, "S0", S0);
    return p;
}

}  // namespace

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

json claims_record_json(const std::vector<claims::Claim>& claim_list) {
    json cl = json::array();
    for (const auto& c : claim_list)
        cl.push_back(json{{"id", c.id},
                          {"kind", claims::to_string(c.kind)},
                          {"assumptions", c.assumptions},
                          {"conclusions", c.conclusions},
                          {"exceptional_set", c.exceptional_set}});
    return cl;
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
    if (run.scalar) {
        p["proof"] = run.scalar->proof;
        p["steps"] = run.scalar->steps_run;
    } else if (run.matrix) {
        p["proof"] = run.matrix->proof;
        p["steps"] = run.matrix->steps_run;
    }
    // The limit columns, from the one table of certified quantities.
    json limit = nullptr;
    if (run.outcome == Outcome::Converged) {
        const claims::Value* h = run.quantities.find("h");
        const claims::Value* s = run.quantities.find("sharpness_inf");
        json h_sharpness = nullptr;
        if (h && s && std::holds_alternative<Interval>(*h) && std::holds_alternative<Interval>(*s))
            h_sharpness = interval_json(std::get<Interval>(*h) * std::get<Interval>(*s), dg);
        limit = json{{"imbalance", quantity_json(run.quantities, "imbalance_inf", dg)},
                     {"sharpness", quantity_json(run.quantities, "sharpness_inf", dg)},
                     {"h_sharpness", h_sharpness},
                     {"norm_gap", quantity_json(run.quantities, "norm_gap_inf", dg)}};
    }
    p["limit"] = limit;
    // A certified cycle: its minimal period (docs/formats.md, "Sweep results").
    const CycleCertificate* cycle = run.scalar && run.scalar->cycle   ? &*run.scalar->cycle
                                    : run.matrix && run.matrix->cycle ? &*run.matrix->cycle
                                                                      : nullptr;
    if (cycle) p["period"] = cycle->region.period;
    put_exact(p, "balancing_bound", balancing_bound(pt.problem));
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
                                   const SweepProgress& progress, const SweepHooks& hooks) {
    const size_t n = indices.size();
    std::vector<json> rows(n);
    if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
    const size_t threads = std::min<size_t>(jobs, std::max<size_t>(n, 1));
    // A stop also cancels the certifications in progress (their points are
    // not returned: a resumed sweep certifies them again).
    std::atomic<bool> cancel{false};
    CertifyOptions options = sweep_certify_options(spec);
    options.cancel = &cancel;

    std::atomic<size_t> next{0};
    std::mutex mutex;
    std::condition_variable cv;
    size_t done = 0;
    size_t running = threads;  // workers not yet finished
    std::exception_ptr hook_error;
    std::atomic<bool> hook_failed{false};

    auto worker = [&]() {
        // MPFR keeps caches per thread (constants such as log 2, a pool of
        // integers) that only the thread itself can free: without this every
        // worker leaked them when it ended (found by the sanitizer build).
        struct FreeMpfrCaches {
            ~FreeMpfrCaches() { mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE); }
        } free_caches;
        for (;;) {
            if (hook_failed || cancel || (hooks.stop && hooks.stop())) break;
            size_t k = next.fetch_add(1);
            if (k >= n) break;
            const SweepPoint& pt = grid.points.at(indices[k]);
            json row;
            try {
                CertifyRun run = run_certify(pt.problem, claim_list, options);
                row = point_json(spec, pt, run);
            } catch (const Cancelled&) {
                break;
            } catch (const std::exception& e) {
                row = error_point_json(pt, std::string("certification failed: ") + e.what());
            }
            std::lock_guard<std::mutex> lock(mutex);
            if (hooks.finished && !hook_error) {
                try {
                    hooks.finished(indices[k], row);
                } catch (...) {
                    hook_error = std::current_exception();
                    hook_failed = true;
                }
            }
            rows[k] = std::move(row);
            ++done;
            cv.notify_one();
        }
        std::lock_guard<std::mutex> lock(mutex);
        --running;
        cv.notify_one();
    };

    auto t0 = std::chrono::steady_clock::now();
    auto elapsed = [&]() { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
    {
        std::unique_lock<std::mutex> lock(mutex);
        // Until every worker is done: all points, or (after a stop) the ones started.
        while (running > 0) {
            cv.wait_for(lock, std::chrono::milliseconds(200));
            if (hooks.stop && hooks.stop()) cancel = true;
            if (progress) {
                size_t d = done;
                lock.unlock();
                progress(d, n, elapsed());
                lock.lock();
            }
        }
    }
    for (auto& t : pool) t.join();
    if (hook_error) std::rethrow_exception(hook_error);
    if (progress && done == n) progress(n, n, elapsed());
    return rows;
}

}  // namespace lrcert
