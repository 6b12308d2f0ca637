// The compiled core of the Python module `lrcert` (docs/python.md). It
// speaks JSON text and exact rational strings "p/q" with the Python layer
// (python/lrcert/), which builds the user-facing objects; every number that
// crosses this boundary is exact (a problem's numbers as exact text, an
// enclosure's ends as the exact dyadic rationals of its MPFR endpoints).
//
// Long calls run on a worker thread while the calling thread waits without
// the GIL, wakes every 50 ms to run Python's signal handlers (Ctrl-C sets the
// certification's cancel flag, certify/cancel.hpp, and the call raises
// KeyboardInterrupt) and hands progress to the optional callback.
#include "lrcert/app/certify_command.hpp"
#include "lrcert/app/fixture.hpp"
#include "lrcert/app/region.hpp"
#include "lrcert/app/sweep_results.hpp"
#include "lrcert/app/sweep_runner.hpp"
#include "lrcert/app/sweep_spec.hpp"
#include "lrcert/certify/cancel.hpp"
#include "lrcert/claims/claim.hpp"
#include "lrcert/claims/vocabulary.hpp"
#include "lrcert/io/exact_json.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/interval.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/number/precision.hpp"
#include "lrcert/version.hpp"

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

namespace py = pybind11;
using namespace lrcert;

namespace {

// ---- long work off the GIL, interruptible, with progress ------------------------------

// The latest progress of the worker, handed to the Python callback by the waiting thread.
struct ProgressBox {
    std::mutex m;
    bool fresh = false;
    std::string phase;
    size_t step = 0, done = 0, total = 0;
    unsigned bits = 0;
    double radius = 0, seconds = 0;

    void post_step(const Progress& p) {
        std::lock_guard lock(m);
        phase = p.phase;
        step = p.step;
        bits = p.bits;
        radius = p.radius;
        fresh = true;
    }
    void post_count(const char* what, size_t d, size_t t, double s) {
        std::lock_guard lock(m);
        phase = what;
        done = d;
        total = t;
        seconds = s;
        fresh = true;
    }
};

// The box's progress as a dict for the callback; marks it seen. (Lock held, or the worker gone.)
py::dict progress_dict(ProgressBox& box) {
    box.fresh = false;
    py::dict info;
    info["phase"] = box.phase;
    info["step"] = box.step;
    info["bits"] = box.bits;
    info["radius"] = box.radius;
    info["done"] = box.done;
    info["total"] = box.total;
    info["seconds"] = box.seconds;
    return info;
}

// Runs work(cancel, box) on a worker thread; see the top of this file.
template <class Result, class Work>
Result run_long(Work work, const py::object& callback) {
    std::atomic<bool> cancel{false};
    ProgressBox box;
    std::optional<Result> result;
    std::exception_ptr failure;
    std::mutex m;
    std::condition_variable cv;
    bool finished = false;
    std::thread worker([&] {
        try {
            result.emplace(work(cancel, box));
        } catch (...) {
            failure = std::current_exception();
        }
        std::lock_guard lock(m);
        finished = true;
        cv.notify_all();
    });
    auto stop_and_join = [&] {
        cancel = true;
        py::gil_scoped_release nogil;
        worker.join();
    };
    for (;;) {
        {
            py::gil_scoped_release nogil;
            std::unique_lock lock(m);
            cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return finished; });
            if (finished) break;
        }
        if (PyErr_CheckSignals() != 0) {
            stop_and_join();
            throw py::error_already_set();
        }
        if (!callback.is_none()) {
            py::dict info;
            {
                std::lock_guard lock(box.m);
                if (!box.fresh) continue;
                info = progress_dict(box);
            }
            try {
                callback(info);
            } catch (...) {
                stop_and_join();
                throw;
            }
        }
    }
    {
        py::gil_scoped_release nogil;
        worker.join();
    }
    if (failure) std::rethrow_exception(failure);
    // The last progress of a quick run (finished before the first wake-up).
    if (!callback.is_none() && box.fresh) callback(progress_dict(box));
    return std::move(*result);
}

// ---- exact values ---------------------------------------------------------------------

// The exact rational of a finite MPFR endpoint, as "p/q"; None when infinite.
py::object exact_end(const Real& x) {
    if (!mpfr_number_p(x.backend().data())) return py::none();
    return py::str(to_rational(x).str());
}

py::dict interval_dict(const Interval& x) {
    py::dict d;
    d["lo"] = exact_end(lo(x));
    d["hi"] = exact_end(hi(x));
    return d;
}

// Every certified quantity of the run, by vocabulary name (docs/claims.md):
// {"kind": "interval", "lo", "hi"}, {"kind": "matrix", "rows", "cols",
// "entries": [[{"lo","hi"}...]...]}, {"kind": "truth", "value"}, or
// {"kind": "unavailable", "reason"}.
py::dict quantities_dict(const CertifyRun& run) {
    PrecisionScope scope(run.precision_bits ? run.precision_bits : 128);
    py::dict out;
    for (const auto& entry : claims::vocabulary()) {
        const std::string name(entry.name);
        const claims::Value* v = run.quantities.find(name);
        if (!v) continue;
        py::dict q;
        // An exact quantity (docs/claims.md, "Exact names") is given exactly: lo = hi.
        if (const claims::ExactValue* e = run.quantities.find_exact(name)) {
            auto exact = [](const Rational& r) {
                py::dict d;
                d["lo"] = py::str(r.str());
                d["hi"] = py::str(r.str());
                return d;
            };
            if (const auto* r = std::get_if<Rational>(e)) {
                q = exact(*r);
                q["kind"] = "interval";
            } else {
                const auto& M = std::get<Matrix<Rational>>(*e);
                q["kind"] = "matrix";
                q["rows"] = M.rows();
                q["cols"] = M.cols();
                py::list rows;
                for (size_t i = 0; i < M.rows(); ++i) {
                    py::list row;
                    for (size_t j = 0; j < M.cols(); ++j) row.append(exact(M(i, j)));
                    rows.append(row);
                }
                q["entries"] = rows;
            }
            out[py::str(name)] = q;
            continue;
        }
        if (const auto* x = std::get_if<Interval>(v)) {
            q = interval_dict(*x);
            q["kind"] = "interval";
        } else if (const auto* M = std::get_if<Matrix<Interval>>(v)) {
            q["kind"] = "matrix";
            q["rows"] = M->rows();
            q["cols"] = M->cols();
            py::list rows;
            for (size_t i = 0; i < M->rows(); ++i) {
                py::list row;
                for (size_t j = 0; j < M->cols(); ++j) row.append(interval_dict((*M)(i, j)));
                rows.append(row);
            }
            q["entries"] = rows;
        } else if (const auto* t = std::get_if<claims::Truth>(v)) {
            q["kind"] = "truth";
            q["value"] = *t == claims::Truth::True ? py::object(py::bool_(true))
                         : *t == claims::Truth::False ? py::object(py::bool_(false))
                                                      : py::object(py::none());
        } else if (const auto* u = std::get_if<claims::Unavailable>(v)) {
            q["kind"] = "unavailable";
            q["reason"] = u->reason;
        }
        out[py::str(name)] = q;
    }
    return out;
}

// ---- claims ---------------------------------------------------------------------------

std::vector<claims::Claim> load_claims(const std::vector<std::string>& paths, bool builtin,
                                       const std::string& builtin_dir) {
    std::vector<claims::Claim> list;
    if (builtin && !builtin_dir.empty()) list = claims::load_claims_directory(builtin_dir);
    for (const auto& path : paths) {
        if (!std::filesystem::exists(path)) throw InputError(path + ": claims file or folder not found");
        auto more = std::filesystem::is_directory(path) ? claims::load_claims_directory(path)
                                                        : claims::load_claims_file(path);
        list.insert(list.end(), more.begin(), more.end());
    }
    return list;
}

// ---- the functions --------------------------------------------------------------------

Rational exact_number(const std::string& text, const std::string& what) {
    try {
        return parse_exact(text);
    } catch (const std::exception& e) {
        throw InputError(what + ": not an exact number: \"" + text + "\" (" + e.what() + ")");
    }
}

std::string normalize_problem(const std::string& text, const std::string& origin) {
    // The record: the file form plus the resolved "h" when h is relative to 2/L0.
    return problem_record_json(parse_problem(text, origin)).dump();
}

py::dict certify(const std::string& problem_text, const std::vector<std::string>& claim_paths, bool builtin,
                 const std::string& builtin_dir, unsigned precision, unsigned max_precision, size_t max_steps,
                 unsigned digits, const py::object& progress) {
    Problem problem = parse_problem(problem_text, "problem");
    std::vector<claims::Claim> claim_list = load_claims(claim_paths, builtin, builtin_dir);
    CertifyOptions options;
    options.precision = precision;
    options.max_precision = max_precision;
    options.max_steps = max_steps;
    options.digits = digits;
    validate_certify_options(options);
    CertifyRun run = run_long<CertifyRun>(
        [&](std::atomic<bool>& cancel, ProgressBox& box) {
            CertifyOptions o = options;
            o.cancel = &cancel;
            o.progress = [&box](const Progress& p) { box.post_step(p); };
            return run_certify(problem, claim_list, o);
        },
        progress);
    py::dict out;
    out["outcome"] = outcome_name(run.outcome);
    out["reason"] = run.reason;
    out["precision_bits"] = run.precision_bits;
    out["exit_code"] = run.exit_code;
    out["seconds"] = run.seconds;
    out["report"] = report_json(run).dump(2) + "\n";
    {
        PrecisionScope scope(run.precision_bits);
        out["certificate"] = certificate_json(run, claim_list).dump(1) + "\n";
    }
    out["quantities"] = quantities_dict(run);
    return out;
}

std::string fixture(const std::string& problem_text, const std::vector<size_t>& steps, int digits,
                    unsigned max_precision, size_t max_steps, bool limit, const py::object& progress) {
    Problem problem = parse_problem(problem_text, "problem");
    FixtureSettings s;
    s.steps = steps;
    std::sort(s.steps.begin(), s.steps.end());
    s.steps.erase(std::unique(s.steps.begin(), s.steps.end()), s.steps.end());
    s.digits = digits;
    s.max_precision = max_precision;
    s.max_steps = max_steps;
    s.limit = limit;
    validate_fixture_settings(s);
    return run_long<std::string>(
        [&](std::atomic<bool>& cancel, ProgressBox& box) {
            FixtureSettings with = s;
            with.cancel = &cancel;
            with.progress = [&box](const Progress& p) { box.post_step(p); };
            return make_fixture(problem, with).dump(1);
        },
        progress);
}

std::string sweep(const std::string& spec_text, const std::string& origin, const std::string& base_dir,
                  const std::string& builtin_dir, unsigned jobs, const py::object& progress) {
    SweepSpec spec = parse_sweep_spec(spec_text, origin, base_dir);
    SweepGrid grid = expand_grid(spec);
    std::vector<claims::Claim> claim_list = load_sweep_claims(spec, builtin_dir, spec.base.family);
    std::vector<size_t> indices(grid.points.size());
    for (size_t i = 0; i < indices.size(); ++i) indices[i] = i;
    return run_long<std::string>(
        [&](std::atomic<bool>& cancel, ProgressBox& box) {
            SweepHooks hooks;
            hooks.stop = [&cancel] { return cancel.load(); };
            auto rows = run_sweep_points(
                spec, grid, indices, claim_list, jobs,
                [&box](size_t done, size_t total, double seconds) { box.post_count("points", done, total, seconds); },
                hooks);
            if (cancel) throw Cancelled();
            return results_json(spec, grid, claim_list, std::move(rows), std::nullopt).dump(1);
        },
        progress);
}

std::string region(const std::string& spec_text, const std::string& origin, const std::string& base_dir,
                   const std::string& builtin_dir, size_t max_cells, const std::string& min_width, unsigned jobs,
                   const py::object& progress) {
    RegionSpec spec = parse_region_spec(spec_text, origin, base_dir);
    RegionRunOptions o;
    if (max_cells < 1 || max_cells > 100000000) throw InputError("max_cells: must be in [1, 10^8]");
    o.max_cells = max_cells;
    o.min_width = exact_number(min_width, "min_width");
    if (!(o.min_width > 0) || !(o.min_width < 1)) throw InputError("min_width: must be in (0, 1)");
    o.jobs = jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
    // The claims are loaded as a sweep loads them.
    SweepSpec claim_spec;
    claim_spec.claims = spec.claims;
    const std::vector<claims::Claim> claim_list = load_sweep_claims(claim_spec, builtin_dir, spec.base.family);
    return run_long<std::string>(
        [&](std::atomic<bool>& cancel, ProgressBox& box) {
            RegionHooks hooks;
            hooks.stop = [&cancel] { return cancel.load(); };
            std::atomic<size_t> done{0};
            const auto t0 = std::chrono::steady_clock::now();
            hooks.certified = [&](size_t, const nlohmann::json&) {
                const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                box.post_count("cells", ++done, o.max_cells, s);
            };
            RegionRun run = run_region(spec, claim_list, o, hooks);
            if (cancel) throw Cancelled();
            return region_results_json(spec, o, run).dump(1);
        },
        progress);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "lrcert's compiled core; use the package `lrcert` (docs/python.md)";
    static py::exception<InputError> input_error(m, "InputError", PyExc_ValueError);
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const InputError& e) {
            PyErr_SetString(input_error.ptr(), e.what());
        } catch (const claims::ClaimError& e) {
            PyErr_SetString(input_error.ptr(), e.what());
        } catch (const Cancelled& e) {
            PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
        }
    });
    m.attr("version") = LRCERT_VERSION;
    m.def("normalize_problem", &normalize_problem, py::arg("text"), py::arg("origin"));
    m.def("certify", &certify, py::arg("problem"), py::arg("claim_paths"), py::arg("builtin"),
          py::arg("builtin_dir"), py::arg("precision"), py::arg("max_precision"), py::arg("max_steps"),
          py::arg("digits"), py::arg("progress"));
    m.def("fixture", &fixture, py::arg("problem"), py::arg("steps"), py::arg("digits"), py::arg("max_precision"),
          py::arg("max_steps"), py::arg("limit"), py::arg("progress"));
    m.def("sweep", &sweep, py::arg("spec"), py::arg("origin"), py::arg("base_dir"), py::arg("builtin_dir"),
          py::arg("jobs"), py::arg("progress"));
    m.def("region", &region, py::arg("spec"), py::arg("origin"), py::arg("base_dir"), py::arg("builtin_dir"),
          py::arg("max_cells"), py::arg("min_width"), py::arg("jobs"), py::arg("progress"));
}
