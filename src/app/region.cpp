// Branch and bound over cells, and the region results (include/lrcert/app/region.hpp).
#include "lrcert/app/region.hpp"

#include "lrcert/app/cycle_json.hpp"
#include "lrcert/app/sweep_spec.hpp"
#include "lrcert/certify/cancel.hpp"
#include "lrcert/certify/matrix_cell.hpp"
#include "lrcert/io/exact_json.hpp"

#include <mpfr.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <thread>

namespace lrcert {

namespace {

using nlohmann::json;

constexpr size_t kInitialH = 8, kInitialStart = 4;

std::vector<Rational> base_x0(const Problem& p) { return p.z0.X.data(); }
std::vector<Rational> base_y0(const Problem& p) { return p.z0.Y.data(); }

// The seed theorem's boundary h (S0 + 4 mu) = 4 as a rational h*, when the
// cells' h is absolute and the start fixed (and mu > 0).
std::optional<Rational> seed_boundary(const RegionSpec& spec) {
    // Scalar only: the matrix family has no exact seed boundary (section 14.1).
    if (spec.base.family != Family::Scalar || spec.h_axis != CellHAxis::Absolute || spec.start != CellStartAxis::None)
        return std::nullopt;
    const Rational mu = spec.base.mu();
    if (mu <= 0) return std::nullopt;
    Rational S0 = 0;
    for (const Rational& q : spec.base.z0.X.data()) S0 += q * q;
    for (const Rational& q : spec.base.z0.Y.data()) S0 += q * q;
    return Rational(4) / (S0 + 4 * mu);
}

ScalarCell cell_of(const RegionSpec& spec, const RegionBox& b) {
    ScalarCell c;
    c.mu = spec.base.mu();
    c.x0 = base_x0(spec.base);
    c.y0 = base_y0(spec.base);
    c.h_lo = b.h_lo;
    c.h_hi = b.h_hi;
    c.h_axis = spec.h_axis;
    c.start = spec.start;
    c.s_lo = b.s_lo;
    c.s_hi = b.s_hi;
    return c;
}

json exact_pair(const Rational& a, const Rational& b) { return {{"lo", exact_text(a)}, {"hi", exact_text(b)}}; }

// converged / diverged on a cell: decided by its outcome (every point of it
// converges or every point diverges), unknown while it is undecided.
void set_cell_outcome(claims::Environment& env, Outcome outcome) {
    using claims::Truth;
    env.set_truth("converged", outcome == Outcome::Converged  ? Truth::True
                               : outcome == Outcome::Diverged ? Truth::False
                                                              : Truth::Unknown);
    env.set_truth("diverged", outcome == Outcome::Diverged    ? Truth::True
                              : outcome == Outcome::Converged ? Truth::False
                                                              : Truth::Unknown);
    set_cycle_quantities(env, outcome, nullptr);
}

// The certified quantities of a cell, valid for every point of it (docs/math.md, section 14).
claims::Environment cell_environment(const ScalarCellCertificate& c) {
    claims::Environment env;
    const CellData& D = c.data;
    if (D.h_bounded)
        env.set_interval("h", D.h);
    else
        env.set_unavailable("h", "L0 is not certainly positive on the cell");
    env.set_interval("mu", D.mu);
    env.set_interval("n", make_interval(1L));
    env.set_interval("m", make_interval(1L));
    env.set_interval("d", make_interval(static_cast<long>(c.cell.d())));
    env.set_matrix("x0", D.x0);
    env.set_matrix("y0", D.y0);
    env.set_interval("S0", D.S0);
    env.set_interval("r0", D.r0);
    env.set_interval("a0", D.u_sq);
    env.set_interval("imbalance_0", D.v_sq);
    env.set_interval("L0", D.L0);
    env.set_interval("norm_gap_0", D.uv);
    set_cell_outcome(env, c.outcome);
    set_cycle_quantities(env, c.outcome, c.cycle ? &*c.cycle : nullptr);
    for (const char* name : {"x_inf", "y_inf"}) env.set_unavailable(name, "not computed on a cell");
    if (c.limit) {
        const ScalarLimitReduced& L = c.limit->reduced;
        env.set_interval("imbalance_inf", L.b);
        env.set_interval("a_inf", L.a);
        env.set_interval("sharpness_inf", enclose(Rational(1, 2)) * (L.a + L.b));
        const Interval uv_norms = D.u_sq * D.v_sq;
        if (certainly_positive(uv_norms))
            env.set_interval("norm_gap_inf", L.alpha * L.beta * D.uv / interval_sqrt(uv_norms));
        else
            env.set_unavailable("norm_gap_inf", "|u0| |v0| is not certainly positive on the cell");
        env.set_interval("loss_inf", make_interval(0L));
    } else {
        const std::string why = std::string("no certified limit (outcome ") + outcome_name(c.outcome) + ")";
        for (const char* name : {"imbalance_inf", "a_inf", "sharpness_inf", "norm_gap_inf", "loss_inf"})
            env.set_unavailable(name, why);
    }
    return env;
}

// The certified quantities of a matrix cell, valid for every point of it
// (docs/math.md, section 14.1); the names of the matrix certify report.
claims::Environment matrix_cell_environment(const MatrixCellCertificate& c) {
    claims::Environment env;
    const MatrixCellData& D = c.data;
    const MatrixCell& cell = c.cell;
    if (D.h_bounded)
        env.set_interval("h", D.h);
    else
        env.set_unavailable("h", "L0 is not certainly positive on the cell");
    env.set_interval("n", make_interval(static_cast<long>(cell.A.rows())));
    env.set_interval("m", make_interval(static_cast<long>(cell.A.cols())));
    env.set_interval("d", make_interval(static_cast<long>(cell.z0.X.cols())));
    env.set_interval("L0", D.L0);
    env.set_matrix("A", D.A);
    env.set_matrix("X0", D.z0.X);
    env.set_matrix("Y0", D.z0.Y);
    env.set_interval("norm_gap_0", D.norm_gap_0);
    set_cell_outcome(env, c.outcome);
    set_cycle_quantities(env, c.outcome, c.cycle ? &*c.cycle : nullptr);
    if (c.limit) {
        env.set_matrix("X_inf", c.limit->X);
        env.set_matrix("Y_inf", c.limit->Y);
        env.set_interval("sharpness_inf", c.limit->sharpness);
        env.set_interval("norm_gap_inf", c.limit->norm_gap);
        env.set_interval("loss_inf", make_interval(0L));
        if (c.limit->imbalance)
            env.set_interval("imbalance_inf", *c.limit->imbalance);
        else
            env.set_unavailable("imbalance_inf", "A is not square");
    } else {
        const std::string why = std::string("no certified limit (outcome ") + outcome_name(c.outcome) + ")";
        for (const char* name : {"X_inf", "Y_inf", "imbalance_inf", "sharpness_inf", "norm_gap_inf", "loss_inf"})
            env.set_unavailable(name, why);
    }
    return env;
}

// The claims' straddle / open flags of a decided cell.
void claim_flags(RegionCellResult& r) {
    if (r.outcome != Outcome::Converged && r.outcome != Outcome::Diverged) return;
    for (const auto& c : r.claims) {
        if (c.kind != claims::ClaimKind::Theorem || c.verdict != claims::Verdict::Undecided) continue;
        if (c.assumptions == claims::Truth::Unknown)
            r.straddles = true;
        else
            r.claim_open = true;
    }
}

// A cell of the matrix family (certify/matrix_cell.hpp): absolute h or t = h / (2/L0), an optional scale axis.
RegionCellResult certify_matrix_box(const RegionSpec& spec, const RegionBox& box,
                                    const std::vector<claims::Claim>& claim_list, const std::atomic<bool>* cancel) {
    RegionCellResult r;
    r.box = box;
    MatrixCell cell;
    cell.A = spec.base.A;
    cell.z0 = spec.base.z0;
    cell.h_lo = box.h_lo;
    cell.h_hi = box.h_hi;
    cell.h_axis = spec.h_axis;
    cell.start = spec.start;
    cell.s_lo = box.s_lo;
    cell.s_hi = box.s_hi;
    MatrixCellCertificate cert = certify_matrix_cell(cell, cell_driver_options(spec.max_steps, cancel));
    PrecisionScope scope(cert.precision_bits ? cert.precision_bits : 128);
    r.outcome = cert.outcome;
    r.reason = cert.reason;
    r.claims = claims::evaluate_claims(claim_list, claims::Family::Matrix, matrix_cell_environment(cert));
    claim_flags(r);
    const int dg = spec.digits;
    json row;
    row["h"] = exact_pair(box.h_lo, box.h_hi);
    if (spec.start != CellStartAxis::None) row[start_axis_name(spec.start)] = exact_pair(box.s_lo, box.s_hi);
    if (spec.h_axis != CellHAxis::Absolute) row["h_abs"] = cert.data.h_bounded ? interval_json(cert.data.h, dg) : json(nullptr);
    row["h_L0"] = cert.data.h_bounded ? interval_json(cert.data.h_L0, dg) : json(nullptr);
    row["outcome"] = outcome_name(r.outcome);
    row["proof"] = cert.proof;
    row["steps"] = cert.steps_run;
    row["precision_bits"] = cert.precision_bits;
    if (cert.cycle) row["period"] = cert.cycle->region.period;
    if (cert.limit && cert.limit->imbalance) {
        row["imbalance_inf"] = interval_json(*cert.limit->imbalance, dg);
        r.imb_lo = to_rational(lo(*cert.limit->imbalance));
        r.imb_hi = to_rational(hi(*cert.limit->imbalance));
    }
    json verdicts = json::object();
    for (const auto& c : r.claims) verdicts[c.id] = claims::to_string(c.verdict);
    row["claims"] = verdicts;
    r.row = std::move(row);
    return r;
}

RegionCellResult certify_box(const RegionSpec& spec, const RegionBox& box, const std::vector<claims::Claim>& claim_list,
                             const std::atomic<bool>* cancel) {
    if (spec.base.family == Family::Matrix) return certify_matrix_box(spec, box, claim_list, cancel);
    RegionCellResult r;
    r.box = box;
    const ScalarCell cell = cell_of(spec, box);
    ScalarCellCertificate cert = certify_scalar_cell(cell, cell_driver_options(spec.max_steps, cancel));
    PrecisionScope scope(cert.precision_bits ? cert.precision_bits : 128);
    r.outcome = cert.outcome;
    r.reason = cert.reason;
    const claims::Environment env = cell_environment(cert);
    r.claims = claims::evaluate_claims(claim_list, claims::Family::Scalar, env);
    claim_flags(r);
    const int dg = spec.digits;
    json row;
    row["h"] = exact_pair(box.h_lo, box.h_hi);
    if (spec.h_axis != CellHAxis::Absolute) row["h_abs"] = cert.data.h_bounded ? interval_json(cert.data.h, dg) : json(nullptr);
    if (spec.start != CellStartAxis::None) row[start_axis_name(spec.start)] = exact_pair(box.s_lo, box.s_hi);
    row["h_L0"] = cert.data.h_bounded ? interval_json(cert.data.h_L0, dg) : json(nullptr);
    row["outcome"] = outcome_name(r.outcome);
    row["proof"] = cert.proof;
    row["steps"] = cert.steps_run;
    row["precision_bits"] = cert.precision_bits;
    if (cert.cycle) row["period"] = cert.cycle->region.period;
    if (cert.limit) {
        row["imbalance_inf"] = interval_json(cert.limit->reduced.b, dg);
        r.imb_lo = to_rational(lo(cert.limit->reduced.b));
        r.imb_hi = to_rational(hi(cert.limit->reduced.b));
    }
    json verdicts = json::object();
    for (const auto& c : r.claims) verdicts[c.id] = claims::to_string(c.verdict);
    row["claims"] = verdicts;
    r.row = std::move(row);
    return r;
}

// Certifies the boxes over `jobs` threads; results in the boxes' order. With
// hooks.stop, a watcher cancels the cells under way when it says stop;
// `done[k]` says which boxes were certified.
std::vector<RegionCellResult> certify_boxes(const RegionSpec& spec, const std::vector<RegionBox>& boxes,
                                            const std::vector<claims::Claim>& claim_list, unsigned jobs,
                                            const std::vector<size_t>& keys, const RegionHooks& hooks,
                                            std::vector<char>& done, bool& stopped) {
    std::vector<RegionCellResult> out(boxes.size());
    std::vector<std::string> errors(boxes.size());
    done.assign(boxes.size(), 0);
    std::atomic<size_t> next{0};
    std::atomic<bool> cancel{false}, stop_seen{false}, finished{false};
    auto worker = [&]() {
        // MPFR's per-thread caches are freed by the thread itself (as the sweep's workers do).
        struct FreeMpfrCaches {
            ~FreeMpfrCaches() { mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE); }
        } free_caches;
        for (;;) {
            if (cancel) break;
            const size_t k = next.fetch_add(1);
            if (k >= boxes.size()) break;
            try {
                out[k] = certify_box(spec, boxes[k], claim_list, &cancel);
                if (hooks.certified) hooks.certified(keys[k], region_cell_json(out[k]));
                done[k] = 1;
            } catch (const Cancelled&) {
                break;  // stopped, or another cell failed: its error is reported
            } catch (const std::exception& e) {
                errors[k] = e.what();
                cancel = true;
            }
        }
    };
    const size_t threads = std::max<size_t>(1, std::min<size_t>(jobs ? jobs : 1, boxes.size()));
    std::thread watcher;
    if (hooks.stop)
        watcher = std::thread([&]() {
            while (!finished && !cancel) {
                if (hooks.stop()) {
                    stop_seen = true;
                    cancel = true;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    finished = true;
    if (watcher.joinable()) watcher.join();
    for (size_t k = 0; k < boxes.size(); ++k)
        if (!errors[k].empty()) throw std::runtime_error("certification of a cell failed: " + errors[k]);
    stopped = stop_seen;
    return out;
}

bool box_less(const RegionBox& a, const RegionBox& b) {
    if (a.h_lo != b.h_lo) return a.h_lo < b.h_lo;
    return a.s_lo < b.s_lo;
}

// The relative effect of a cell's h width on its enclosure: a change dh of h
// moves every step by dh/h of itself, so the ball grows by about dh/h of the
// path, at most (1 + |z|) dh/h.
double split_effect_h(const RegionBox& b) {
    const double lo = from_rational<double>(b.h_lo), hi = from_rational<double>(b.h_hi);
    return lo > 0 ? (hi - lo) / lo : std::numeric_limits<double>::infinity();
}

// The relative effect of a matrix cell's scale width: s X0 and Y0/s move by ds/s.
double split_effect_s(const RegionBox& b) {
    const double lo = from_rational<double>(b.s_lo), hi = from_rational<double>(b.s_hi);
    return lo > 0 ? (hi - lo) / lo : std::numeric_limits<double>::infinity();
}

// Scalar family: the first-order effect of each axis' half-width on the
// cell's trajectories, from a float64 run at the cell's centre with the
// tangents dz/dh and dz/ds (docs/math.md, section 14.2: the columns of J),
// maximised over the steps the cell ran (at least 2): true when the start
// axis moves the trajectory more. A heuristic that only chooses the split
// (doubles, deterministic from the box and the step count); it proves nothing.
bool split_along_start_scalar(const RegionSpec& spec, const RegionBox& b, size_t steps) {
    const auto& X = spec.base.z0.X.data();
    const auto& Y = spec.base.z0.Y.data();
    double X2 = 0, Y2 = 0, P = 0;
    for (size_t i = 0; i < X.size() && i < Y.size(); ++i) {
        const double x = from_rational<double>(X[i]), y = from_rational<double>(Y[i]);
        X2 += x * x;
        Y2 += y * y;
        P += x * y;
    }
    const double mu = from_rational<double>(spec.base.mu());
    const double s_lo = from_rational<double>(b.s_lo), s_hi = from_rational<double>(b.s_hi);
    const double sc = (s_lo + s_hi) / 2, ds = (s_hi - s_lo) / 2;
    // The reduced start at the centre and its derivative along the start axis.
    double x, y, bx, by;
    if (spec.start == CellStartAxis::Imbalance) {
        const double nu = std::sqrt(std::max(0.0, X2 + 2 * P + Y2)), sigma = std::sqrt(std::max(sc, 1e-300));
        x = (nu + sigma) / 2;
        y = (nu - sigma) / 2;
        bx = 1 / (4 * sigma);
        by = -bx;
    } else {
        const double num = sc * X2 - Y2 / (sc * sc * sc);
        const double nu = std::sqrt(std::max(1e-300, sc * sc * X2 + 2 * P + Y2 / (sc * sc)));
        const double nv = std::sqrt(std::max(1e-300, sc * sc * X2 - 2 * P + Y2 / (sc * sc)));
        x = (nu + nv) / 2;
        y = (nu - nv) / 2;
        bx = (num / nu + num / nv) / 2;
        by = (num / nu - num / nv) / 2;
    }
    // The h at the centre and the half-width of the cell's h.
    const double t_c = (from_rational<double>(b.h_lo) + from_rational<double>(b.h_hi)) / 2;
    const double dt = (from_rational<double>(b.h_hi) - from_rational<double>(b.h_lo)) / 2;
    const double unit = h_axis_unit_estimate(spec.h_axis, x * x + y * y, x * y, mu, X.size());
    const double h = t_c * unit, dh = dt * unit;
    double ax = 0, ay = 0, eff_h = 0, eff_s = std::hypot(bx, by) * ds;
    const size_t n = std::min<size_t>(std::max<size_t>(steps, 1) + 1, 5000);
    for (size_t k = 0; k < n; ++k) {
        const double r = mu - x * y;
        const double m11 = 1 - h * y * y, m22 = 1 - h * x * x, m12 = -h * (2 * x * y - mu);
        const double nax = m11 * ax + m12 * ay + r * y, nay = m12 * ax + m22 * ay + r * x;
        const double nbx = m11 * bx + m12 * by, nby = m12 * bx + m22 * by;
        const double nx = x + h * r * y, ny = y + h * r * x;
        if (!std::isfinite(nx + ny + nax + nay + nbx + nby) || std::abs(nx) + std::abs(ny) > 1e15) break;
        x = nx;
        y = ny;
        ax = nax;
        ay = nay;
        bx = nbx;
        by = nby;
        eff_h = std::max(eff_h, std::hypot(ax, ay) * dh);
        eff_s = std::max(eff_s, std::hypot(bx, by) * ds);
    }
    return eff_s > eff_h;
}

}  // namespace

size_t region_root_count(const RegionSpec& spec) {
    return kInitialH * (spec.start != CellStartAxis::None ? kInitialStart : 1);
}

RegionRun run_region(const RegionSpec& spec, const std::vector<claims::Claim>& claim_list,
                     const RegionRunOptions& opt, const RegionHooks& hooks) {
    const auto t0 = std::chrono::steady_clock::now();
    RegionRun run;
    const bool has_start = spec.start != CellStartAxis::None;
    const Rational H = spec.h_to - spec.h_from;
    const Rational S = has_start ? Rational(spec.s_to - spec.s_from) : Rational(1);
    const std::optional<Rational> hstar = seed_boundary(spec);
    auto area_of = [&](const RegionBox& b) {
        return Rational((b.h_hi - b.h_lo) / H) * (has_start ? Rational((b.s_hi - b.s_lo) / S) : Rational(1));
    };

    // The root cells (the initial grid; root i*ns + j), each split at h*
    // where it lies strictly inside.
    struct Root {
        size_t index = 0, budget = 0, used = 0;
        bool mine = true;                       // in this shard
        std::vector<RegionBox> pending;         // to certify in the next round
        std::vector<RegionCellResult> waiting;  // a split wanted, the budget spent (for now)
    };
    std::vector<Root> roots;
    const size_t ns = has_start ? kInitialStart : 1;
    const size_t nroots = kInitialH * ns;
    const size_t shards = std::max<size_t>(1, opt.shard_count);
    // Phase 1 (every root, in every shard): a quarter of the budget, evenly.
    const size_t pilot = opt.max_cells / 4;
    for (size_t i = 0; i < kInitialH; ++i)
        for (size_t j = 0; j < ns; ++j) {
            Root root;
            root.index = i * ns + j;
            root.mine = root.index % shards == opt.shard_index;
            root.budget = pilot / nroots + (root.index < pilot % nroots ? 1 : 0);
            RegionBox b;
            b.h_lo = spec.h_from + H * Rational(static_cast<long>(i), static_cast<long>(kInitialH));
            b.h_hi = spec.h_from + H * Rational(static_cast<long>(i + 1), static_cast<long>(kInitialH));
            if (has_start) {
                b.s_lo = spec.s_from + S * Rational(static_cast<long>(j), static_cast<long>(ns));
                b.s_hi = spec.s_from + S * Rational(static_cast<long>(j + 1), static_cast<long>(ns));
            }
            if (hstar && b.h_lo < *hstar && *hstar < b.h_hi) {
                RegionBox left = b, right = b;
                left.h_hi = *hstar;
                right.h_lo = *hstar;
                root.pending.push_back(left);
                root.pending.push_back(right);
            } else {
                root.pending.push_back(b);
            }
            roots.push_back(std::move(root));
        }

    RegionProgress progress;
    auto finish = [&](Root& root, RegionCellResult&& c) {
        if (c.outcome == Outcome::Undecided) c.row["reason"] = c.reason;
        if (!root.mine) return;
        const Rational exact = area_of(c.box);
        const double a = from_rational<double>(exact);
        if (c.outcome == Outcome::Converged) {
            progress.converged += a;
            progress.converged_exact += exact;
        } else if (c.outcome == Outcome::Diverged) {
            progress.diverged += a;
            progress.diverged_exact += exact;
        } else if (c.outcome != Outcome::Undecided) {
            progress.other_decided += a;
            progress.other_exact += exact;
        }
        run.cells.push_back(std::move(c));
    };
    // The split decisions of a root over its cells of a round and its waiting
    // cells: the budget goes to the widest cells first (relative area, then
    // the lower corner: deterministic).
    auto decide = [&](Root& root, std::vector<RegionCellResult> cells) {
        for (auto& w : root.waiting) cells.push_back(std::move(w));
        root.waiting.clear();
        std::sort(cells.begin(), cells.end(), [&](const RegionCellResult& a, const RegionCellResult& b) {
            const Rational aa = area_of(a.box), ab = area_of(b.box);
            if (aa != ab) return aa > ab;
            return box_less(a.box, b.box);
        });
        std::vector<RegionBox> next;
        for (RegionCellResult& c : cells) {
            const bool touches_hstar = hstar && (c.box.h_lo == *hstar || c.box.h_hi == *hstar);
            const bool undecided = c.outcome == Outcome::Undecided;
            // A cell with h* as an end cannot decide "h (S0 + 4 mu) <= 4" in
            // intervals (h* is not a binary number in general); splitting it does not help.
            const bool split_wanted = undecided || c.claim_open || (c.straddles && !touches_hstar);
            if (!split_wanted) {
                finish(root, std::move(c));
                continue;
            }
            const Rational wh = (c.box.h_hi - c.box.h_lo) / H;
            const Rational ws = has_start ? Rational((c.box.s_hi - c.box.s_lo) / S) : Rational(0);
            // The axis whose width widens the cell's enclosure more (docs/math.md,
            // section 14, "Splitting"): a heuristic (doubles; deterministic), it proves nothing.
            const bool along_s =
                has_start && (spec.base.family == Family::Scalar
                                  ? split_along_start_scalar(spec, c.box, c.row.value("steps", size_t{0}))
                                  : split_effect_s(c.box) > split_effect_h(c.box));
            const Rational w = along_s ? ws : wh;
            const std::string why = undecided       ? ""
                                    : c.claim_open ? "a theorem claim's conclusions are undecided on it"
                                                   : "straddles the assumption boundary of a theorem claim";
            if (w / 2 < opt.min_width) {
                c.row["split"] = "minimum width reached" + (why.empty() ? std::string() : "; " + why);
                finish(root, std::move(c));
            } else if (root.used + next.size() + 2 > root.budget) {
                c.row["split"] = "cell budget spent" + (why.empty() ? std::string() : "; " + why);
                root.waiting.push_back(std::move(c));
            } else {
                RegionBox a = c.box, b = c.box;
                if (along_s) {
                    a.s_hi = b.s_lo = (c.box.s_lo + c.box.s_hi) / 2;
                } else {
                    a.h_hi = b.h_lo = (c.box.h_lo + c.box.h_hi) / 2;
                }
                next.push_back(a);
                next.push_back(b);
            }
        }
        root.pending = std::move(next);
    };
    // Rounds until no root has cells to certify; false if stopped.
    auto refine = [&]() -> bool {
        for (;;) {
            std::vector<RegionBox> batch;
            std::vector<size_t> keys, owner;
            std::vector<RegionCellResult> results;
            std::vector<char> have;
            for (size_t r = 0; r < roots.size(); ++r) {
                std::sort(roots[r].pending.begin(), roots[r].pending.end(), box_less);
                for (size_t k = 0; k < roots[r].pending.size(); ++k) {
                    const RegionBox& box = roots[r].pending[k];
                    const size_t key = region_cell_key(roots[r].index, roots[r].used + k);
                    const json* earlier = hooks.lookup ? hooks.lookup(key) : nullptr;
                    RegionCellResult cell;
                    if (earlier) {
                        cell = region_cell_from_json(*earlier);
                        if (cell.box.h_lo != box.h_lo || cell.box.h_hi != box.h_hi || cell.box.s_lo != box.s_lo ||
                            cell.box.s_hi != box.s_hi)
                            throw std::runtime_error("the journal's cell " + std::to_string(key) +
                                                     " is not the cell this run certifies there");
                    }
                    keys.push_back(key);
                    owner.push_back(r);
                    batch.push_back(box);
                    results.push_back(std::move(cell));
                    have.push_back(earlier ? 1 : 0);
                }
            }
            if (batch.empty()) return true;
            std::vector<size_t> todo;
            for (size_t k = 0; k < batch.size(); ++k)
                if (!have[k]) todo.push_back(k);
            if (!todo.empty()) {
                std::vector<RegionBox> boxes;
                std::vector<size_t> todo_keys;
                for (size_t k : todo) {
                    boxes.push_back(batch[k]);
                    todo_keys.push_back(keys[k]);
                }
                std::vector<char> done;
                bool stopped = false;
                std::vector<RegionCellResult> fresh =
                    certify_boxes(spec, boxes, claim_list, opt.jobs, todo_keys, hooks, done, stopped);
                if (stopped) return false;
                for (size_t t = 0; t < todo.size(); ++t) results[todo[t]] = std::move(fresh[t]);
            }
            std::vector<std::vector<RegionCellResult>> per_root(roots.size());
            for (size_t k = 0; k < batch.size(); ++k) per_root[owner[k]].push_back(std::move(results[k]));
            for (size_t r = 0; r < roots.size(); ++r) {
                if (per_root[r].empty()) continue;
                roots[r].used += per_root[r].size();
                if (roots[r].mine) run.certified += per_root[r].size();
                decide(roots[r], std::move(per_root[r]));
            }
            if (hooks.progress) {
                progress.certified = run.certified;
                ++progress.rounds;
                progress.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                hooks.progress(progress);
            }
        }
    };

    if (!refine()) {
        run.stopped = true;
        return run;
    }
    // Phase 2: the rest of the budget to the roots with waiting cells, in
    // proportion to their waiting area (exact; the remainder one each to the
    // first of them). Every shard knows phase 1 of every root, so every shard
    // computes the same budgets; then only this shard's roots go on.
    {
        size_t used = 0;
        Rational W = 0;
        for (const Root& r : roots) {
            used += r.used;
            for (const auto& c : r.waiting) W += area_of(c.box);
        }
        const size_t rest = opt.max_cells > used ? opt.max_cells - used : 0;
        size_t given = 0;
        std::vector<size_t> extra(roots.size(), 0);
        if (W > 0 && rest > 0) {
            for (size_t r = 0; r < roots.size(); ++r) {
                Rational w = 0;
                for (const auto& c : roots[r].waiting) w += area_of(c.box);
                const Rational q = Rational(static_cast<long>(rest)) * w / W;
                const boost::multiprecision::mpz_int f = numerator(q) / denominator(q);
                extra[r] = f.convert_to<size_t>();
                given += extra[r];
            }
            for (size_t r = 0; r < roots.size() && given < rest; ++r)
                if (!roots[r].waiting.empty()) {
                    ++extra[r];
                    ++given;
                }
        }
        for (size_t r = 0; r < roots.size(); ++r) {
            Root& root = roots[r];
            if (!root.mine) {
                root.waiting.clear();
                continue;
            }
            root.budget = root.used + extra[r];
            if (extra[r] > 0 && !root.waiting.empty()) decide(root, {});
        }
        // The foreign roots are done.
        roots.erase(std::remove_if(roots.begin(), roots.end(), [](const Root& r) { return !r.mine; }), roots.end());
    }
    if (!refine()) {
        run.stopped = true;
        return run;
    }
    for (Root& root : roots) {
        for (auto& c : root.waiting) finish(root, std::move(c));
        root.waiting.clear();
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (hooks.progress) {
        // The last word: every cell is final now.
        progress.certified = run.certified;
        progress.seconds = run.seconds;
        hooks.progress(progress);
    }
    std::sort(run.cells.begin(), run.cells.end(),
              [](const RegionCellResult& a, const RegionCellResult& b) { return box_less(a.box, b.box); });
    return run;
}

json region_results_json(const RegionSpec& spec, const RegionRunOptions& opt, const RegionRun& run) {
    json j;
    j["lrcert_region_results"] = 1;
    j["spec"] = region_spec_to_json(spec);
    j["options"] = {{"max_cells", opt.max_cells}, {"min_width", exact_text(opt.min_width)}};
    json cells = json::array();
    for (const auto& c : run.cells) cells.push_back(c.row);
    j["cells"] = cells;

    const bool has_start = spec.start != CellStartAxis::None;
    const Rational total = (spec.h_to - spec.h_from) * (has_start ? Rational(spec.s_to - spec.s_from) : Rational(1));
    std::map<std::string, Rational> area{{"converged", Rational(0)}, {"diverged", Rational(0)}, {"undecided", Rational(0)}};
    for (const auto& c : run.cells) {
        Rational a = (c.box.h_hi - c.box.h_lo) * (has_start ? Rational(c.box.s_hi - c.box.s_lo) : Rational(1));
        area[outcome_name(c.outcome)] += a / total;
    }
    json summary;
    summary["cells"] = run.cells.size();
    summary["certified_cells"] = run.certified;
    json af = json::object();
    for (const auto& [k, v] : area) af[k] = exact_text(v);
    summary["area_fraction"] = af;

    // The limit imbalance over each of the initial h-slices (converged cells meeting it).
    json band = json::array();
    {
        PrecisionScope scope(256);
        const Rational H = spec.h_to - spec.h_from;
        for (size_t i = 0; i < kInitialH; ++i) {
            const Rational a = spec.h_from + H * Rational(static_cast<long>(i), static_cast<long>(kInitialH));
            const Rational b = spec.h_from + H * Rational(static_cast<long>(i + 1), static_cast<long>(kInitialH));
            std::optional<Rational> lo_q, hi_q;
            for (const auto& c : run.cells) {
                if (!c.imb_lo || !(c.box.h_lo < b && a < c.box.h_hi)) continue;
                if (!lo_q || *c.imb_lo < *lo_q) lo_q = *c.imb_lo;
                if (!hi_q || *c.imb_hi > *hi_q) hi_q = *c.imb_hi;
            }
            json slice;
            slice["h"] = exact_pair(a, b);
            slice["imbalance"] = lo_q ? json{{"lo", lower_bound_json(rational_down(*lo_q), spec.digits)},
                                             {"hi", upper_bound_json(rational_up(*hi_q), spec.digits)}}
                                      : json(nullptr);
            band.push_back(slice);
        }
    }
    summary["imbalance_band"] = band;

    json verdicts = json::object(), counts = json::object();
    std::map<std::string, std::map<std::string, size_t>> per_claim;
    std::vector<std::pair<std::string, bool>> order;  // id, whether a theorem
    for (const auto& c : run.cells)
        for (const auto& r : c.claims) {
            if (!per_claim.count(r.id)) order.emplace_back(r.id, r.kind == claims::ClaimKind::Theorem);
            per_claim[r.id][claims::to_string(r.verdict)]++;
        }
    for (const auto& [id, theorem] : order) {
        auto& m = per_claim[id];
        const size_t n = run.cells.size();
        std::string v;
        if (m["counterexample"] > 0)
            v = "counterexample on a cell of positive area";
        else if (m["undecided"] > 0)
            v = "undecided cells: " + std::to_string(m["undecided"]);
        else if (m["vacuous"] == n)
            v = "vacuous on every cell";
        else
            v = "confirmed on every cell";
        if (theorem) verdicts[id] = v;
        counts[id] = {{"confirmed", m["confirmed"]}, {"counterexample", m["counterexample"]},
                      {"vacuous", m["vacuous"]}, {"undecided", m["undecided"]}};
    }
    summary["theorem_verdicts"] = verdicts;
    summary["claim_cells"] = counts;
    j["summary"] = summary;
    return j;
}

}  // namespace lrcert
