#include "lrcert/app/certify_command.hpp"

#include "lrcert/app/cycle_json.hpp"
#include "lrcert/version.hpp"

#include "lrcert/app/errors.hpp"
#include "lrcert/app/quantity_json.hpp"
#include "lrcert/app/sweep_spec.hpp"
#include "lrcert/app/tail_certificate_json.hpp"
#include "lrcert/app/terminal_progress.hpp"
#include "lrcert/claims/vocabulary.hpp"

#include "lrcert/io/file_paths.hpp"
#include "lrcert/io/output_file.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/linalg/parallel_rows.hpp"
#include "lrcert/problem/hessian.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <unistd.h>
#include <variant>

namespace lrcert {

namespace {

using nlohmann::json;

// Digits printed for an endpoint: enough to show every certified digit.
int print_digits(unsigned bits) { return decimal_digits_for_bits(bits); }

const CycleCertificate* cycle_of(const CertifyRun& run) {
    if (run.scalar && run.scalar->cycle) return &*run.scalar->cycle;
    if (run.matrix && run.matrix->cycle) return &*run.matrix->cycle;
    return nullptr;
}

Matrix<Interval> column(const std::vector<Interval>& v) {
    Matrix<Interval> m(v.size(), 1);
    for (size_t i = 0; i < v.size(); ++i) m(i, 0) = v[i];
    return m;
}

Matrix<Rational> exact_column(const DecimalColumn& v) {
    Matrix<Rational> m(v.size(), 1);
    for (size_t i = 0; i < v.size(); ++i) m(i, 0) = v.value(i);
    return m;
}

Rational fro2_exact(const Matrix<Rational>& m) {
    Rational s = 0;
    for (const Rational& x : m.data()) s += x * x;
    return s;
}

const char* regime_of(const Interval& hL0) {
    if (lo(hL0) > 2) return "beyond_2_over_L";
    if (hi(hL0) < 2) return "below_2_over_L";
    return "undecided";
}

// The lower end with 20 significant digits (for "p/q (= ...)").
std::string with_digits_text(const Interval& x) { return decimal_down(lo(x), 20); }

// Significant digits of a decimal text ("-1.25e3": 3).
size_t mantissa_digits(const std::string& t) {
    size_t n = 0;
    bool leading = true;
    for (char c : t) {
        if (c == 'e' || c == 'E') break;
        if (c < '0' || c > '9') continue;
        if (leading && c == '0') continue;
        leading = false;
        ++n;
    }
    return n;
}

// t with zeros appended to its mantissa until it has `digits` significant
// digits (the value is unchanged): the two ends of an interval line up.
std::string pad_digits(const std::string& t, size_t digits) {
    const size_t have = mantissa_digits(t);
    if (have == 0 || have >= digits) return t;
    const size_t e = t.find_first_of("eE");
    std::string mant = t.substr(0, e), tail = e == std::string::npos ? "" : t.substr(e);
    if (mant.find('.') == std::string::npos) mant += '.';
    return mant + std::string(digits - have, '0') + tail;
}

std::string short_interval(const Interval& x, int digits = 8) {
    std::string a = decimal_down(lo(x), digits), b = decimal_up(hi(x), digits);
    const size_t n = std::max(mantissa_digits(a), mantissa_digits(b));
    return "[" + pad_digits(a, n) + ", " + pad_digits(b, n) + "]";
}

// Exact texts longer than this are not printed in the readable report: a
// 400-digit h would fill the screen, twice (in h and in 2/h - 2 mu).
constexpr size_t kReadableExactChars = 60;

// `t`, the exact text of q, or when it is too long to read q's first 20
// digits (rounded down) and how long the exact text is (the report JSON has it).
std::string readable_exact(const std::string& t, const Rational& q) {
    if (t.size() <= kReadableExactChars) return t;
    return with_digits_text(enclose(q)) + "... (exact text of " + std::to_string(t.size()) + " characters not shown)";
}

// An exact number as exact text ("1.675", "-3"), or "p/q (= 20 digits...)"
// when it has no finite decimal; readable_exact when either is too long.
std::string exact_number(const Rational& q) {
    const std::string t = exact_text(q);
    if (t.size() > kReadableExactChars) return readable_exact(t, q);
    if (t.find('/') == std::string::npos) return t;
    return t + " (= " + with_digits_text(enclose(q)) + "...)";
}

// The value with its certified digits: the shared leading digits, e.g.
// "5.0921257225956653500783 (22 digits)".
std::string with_digits(const Interval& x) {
    if (lo(x) == hi(x)) return decimal_down(lo(x), 40) + " (exact)";
    int n = certified_digits(x);
    if (n < 2) return short_interval(x) + " (no certified digit)";
    int shown = std::min(n, 30);
    return short_interval(x, shown) + " (" + std::to_string(n) + " digits)";
}

const claims::Value* certified_value(const claims::Environment& q, std::string_view name) {
    const claims::Value* v = q.find(std::string(name));
    if (v && (std::holds_alternative<Interval>(*v) || std::holds_alternative<Matrix<Interval>>(*v))) return v;
    return nullptr;
}

// The start quantities that are exact rationals of the input (the scalar
// family's reduction keeps them exact; docs/math.md, section 2).
std::optional<Rational> exact_start_value(const CertifyRun& run, const std::string& name) {
    if (!run.scalar) return std::nullopt;
    const ScalarReduction& red = run.scalar->reduction;
    if (name == "imbalance_0") return red.v_sq;
    if (name == "norm_gap_0") return red.uv;
    if (name == "a_0") return red.u_sq;
    return std::nullopt;
}

// The balancing bound's formula, as printed under the limit's imbalance.
const char* balancing_formula(const Problem& p) {
    return p.family == Family::Scalar ? "theorem's bound 2/h - 2 mu" : "balancing bound 2d/h - 2 tr(A)";
}

// The limit block of the printed report, walking the run's table: every
// limit quantity ("<key>_inf") it holds, under the vocabulary's report label
// (claims/vocabulary.hpp; the labelled ones first, in that order, then the
// others under their names). A number shows its certified digits, with
// "(at start: ...)" when the table holds "<key>_0"; a vector its first three
// entries, a matrix its entry [0][0]. False if the table holds no limit.
bool print_limit(std::ostream& out, const CertifyRun& run) {
    const claims::Environment& q = run.quantities;
    const claims::Family family = run.problem.family == Family::Scalar ? claims::Family::Scalar
                                                                       : claims::Family::Matrix;
    struct Row {
        std::string_view name, label, times_h;
        const claims::Value* value;
    };
    const std::vector<std::string_view> names = limit_names();
    std::vector<Row> rows;
    for (const claims::ReportLabel& l : claims::report_labels()) {
        if (l.family != family || std::find(names.begin(), names.end(), l.name) == names.end()) continue;
        if (const claims::Value* v = certified_value(q, l.name)) rows.push_back({l.name, l.label, l.times_h, v});
    }
    for (std::string_view name : names) {
        const bool labelled =
            std::any_of(rows.begin(), rows.end(), [&](const Row& r) { return r.name == name; });
        if (const claims::Value* v = certified_value(q, name); v && !labelled) rows.push_back({name, name, "", v});
    }
    if (rows.empty()) return false;
    size_t width = 0;
    for (const Row& r : rows)
        if (std::holds_alternative<Interval>(*r.value)) width = std::max(width, r.label.size());
    const Interval* h = std::get_if<Interval>(q.find("h"));
    out << "\nlimit (every digit shown is certified; --digits " << run.digits
        << (run.digits_reached || !run.verdict_seconds ? "" : ", not reached: the enclosure stopped narrowing")
        << "):\n";
    for (const Row& r : rows) {
        const std::string label(r.label);
        if (const auto* x = std::get_if<Interval>(r.value)) {
            out << "  " << label << std::string(width - label.size(), ' ') << " in " << with_digits(*x);
            if (!r.times_h.empty() && h) out << "  (" << r.times_h << " in " << short_interval(*h * *x) << ")";
            const std::string start = std::string(r.name.substr(0, r.name.size() - 4)) + "_0";
            if (const std::optional<Rational> s0 = exact_start_value(run, start))
                out << "  (at start: " << exact_number(*s0) << ")";
            else if (const auto* s0i = std::get_if<Interval>(q.find(start)))
                out << "  (at start: " << short_interval(*s0i) << ")";
            out << "\n";
            const std::optional<Rational> bound = balancing_bound(run.problem);
            if (r.name == "imbalance_inf" && bound)
                out << "     " << balancing_formula(run.problem) << " = " << exact_number(*bound) << " (exact)\n";
            continue;
        }
        const auto& M = std::get<Matrix<Interval>>(*r.value);
        if (claims::kind_of_name(r.name) == claims::Kind::Vector) {
            const size_t shown = std::min<size_t>(M.size(), 3);
            for (size_t i = 0; i < shown; ++i)
                out << "  " << label << "[" << i << "] in " << with_digits(M.data()[i]) << "\n";
            if (M.size() > shown) out << "  ... (all " << M.size() << " coordinates in the report JSON)\n";
        } else if (M.size() > 0) {
            out << "  " << label << "[0][0] in " << with_digits(M(0, 0)) << "  (all entries in the report JSON)\n";
        }
    }
    // d > kMaxKeptCoordinates: the coordinates are not in the table; the
    // first three are enclosed here from alpha and beta (certify/scalar_reduction.hpp).
    if (run.scalar && run.scalar->limit && run.scalar->limit->x.empty()) {
        const ScalarCertificate& c = *run.scalar;
        const Reconstruction coordinates(c.reduction, c.limit->reduced.alpha, c.limit->reduced.beta);
        const size_t d = c.reduction.d(), shown = std::min<size_t>(d, 3);
        std::vector<Interval> xs(shown), ys(shown);
        for (size_t i = 0; i < shown; ++i) coordinates.coordinate(i, xs[i], ys[i]);
        for (const auto& [label, v] : {std::pair<const char*, const std::vector<Interval>*>{"x_inf", &xs}, {"y_inf", &ys}}) {
            for (size_t i = 0; i < shown; ++i) out << "  " << label << "[" << i << "] in " << with_digits((*v)[i]) << "\n";
            out << "  ... (all " << d << " coordinates in the report JSON)\n";
        }
    }
    return true;
}

}  // namespace

void validate_certify_options(const CertifyOptions& o) {
    auto bad = [](const std::string& what) { throw InputError(what); };
    if (o.precision != 0 && (o.precision < 32 || o.precision > 65536))
        bad("--precision " + std::to_string(o.precision) + " is outside [32, 65536] bits");
    if (o.max_precision < 32 || o.max_precision > 65536)
        bad("--max-precision " + std::to_string(o.max_precision) + " is outside [32, 65536] bits");
    if (o.precision > o.max_precision)
        bad("--precision " + std::to_string(o.precision) + " exceeds --max-precision " +
            std::to_string(o.max_precision));
    if (o.max_steps < 1 || o.max_steps > 100000000)
        bad("--max-steps " + std::to_string(o.max_steps) + " is outside [1, 100000000]");
    if (o.digits < 1 || o.digits > 10000) bad("--digits " + std::to_string(o.digits) + " is outside [1, 10000]");
    if (o.threads > kMaxRowThreads)
        bad("--threads " + std::to_string(o.threads) + " is outside [1, " + std::to_string(kMaxRowThreads) + "]");
}

claims::Environment scalar_environment(const Problem& problem, const ScalarCertificate& c) {
    claims::Environment env;
    const ScalarReduction& red = c.reduction;
    // Exact functions of the exact inputs carry their rational value
    // (docs/claims.md, "Exact names"): a comparison of two of them is
    // decided exactly, also on its boundary.
    env.set_exact("h", red.h);
    env.set_exact("mu", red.mu);
    env.set_exact("n", Rational(1));
    env.set_exact("m", Rational(1));
    env.set_exact("d", Rational(static_cast<long>(red.d())));
    // d vectors only up to kMaxKeptCoordinates (certify/scalar_reduction.hpp: memory).
    const std::string too_long = "not kept for d = " + std::to_string(red.d()) + " > " +
                                 std::to_string(kMaxKeptCoordinates) + " (memory); the norms are certified";
    if (red.d() <= kMaxKeptCoordinates) {
        env.set_exact("x0", exact_column(*red.x0));
        env.set_exact("y0", exact_column(*red.y0));
    } else {
        env.set_unavailable("x0", too_long);
        env.set_unavailable("y0", too_long);
    }
    env.set_exact("S0", red.S0);
    env.set_exact("r0", red.r0);
    // [0, 0] exactly when they vanish.
    env.set_exact("a0", red.u_sq);
    env.set_exact("imbalance_0", red.v_sq);
    env.set_interval("L0", c.initial.L0);
    env.set_exact("norm_gap_0", red.uv);
    switch (c.outcome) {
        case Outcome::Converged: env.set_truth("converged", claims::Truth::True); break;
        case Outcome::NotConverged:
        case Outcome::Periodic:
        case Outcome::Diverged: env.set_truth("converged", claims::Truth::False); break;
        case Outcome::Undecided: env.set_truth("converged", claims::Truth::Unknown); break;
    }
    set_cycle_quantities(env, c.outcome, c.cycle ? &*c.cycle : nullptr);
    // not_converged (section 6) bounds f below, but does not say f -> infinity.
    env.set_truth("diverged", c.outcome == Outcome::Diverged    ? claims::Truth::True
                              : c.outcome == Outcome::Converged ? claims::Truth::False
                                                                : claims::Truth::Unknown);
    const char* limit_names[] = {"x_inf", "y_inf", "imbalance_inf", "a_inf", "sharpness_inf", "norm_gap_inf",
                                 "loss_inf"};
    if (c.limit) {
        if (c.limit->x.empty()) {
            env.set_unavailable("x_inf", too_long);
            env.set_unavailable("y_inf", too_long);
        } else {
            env.set_matrix("x_inf", column(c.limit->x));
            env.set_matrix("y_inf", column(c.limit->y));
        }
        env.set_interval("imbalance_inf", c.limit->imbalance);
        env.set_interval("a_inf", c.limit->a);
        env.set_interval("sharpness_inf", c.limit->sharpness);
        env.set_interval("norm_gap_inf", c.limit->norm_gap);
        // A certified limit is a global minimizer with zero residual: f = 0 exactly.
        env.set_exact("loss_inf", Rational(0));
        if (c.degenerate) {
            // Lemma M: the limit is exactly the origin (docs/math.md, section 17).
            if (red.d() <= kMaxKeptCoordinates) {
                Matrix<Rational> zeros(red.d(), 1);
                for (size_t i = 0; i < red.d(); ++i) zeros(i, 0) = Rational(0);
                env.set_exact("x_inf", zeros);
                env.set_exact("y_inf", zeros);
            }
            for (const char* name : {"imbalance_inf", "a_inf", "sharpness_inf", "norm_gap_inf"})
                env.set_exact(name, Rational(0));
        }
    } else {
        std::string why = std::string("no certified limit (outcome ") + outcome_name(c.outcome) + ")";
        for (const char* name : limit_names) env.set_unavailable(name, why);
    }
    (void)problem;
    return env;
}

claims::Environment matrix_environment(const Problem& problem, const MatrixCertificate& c) {
    claims::Environment env;
    // Exact inputs and exact functions of them (docs/claims.md, "Exact names").
    env.set_exact("h", problem.h);
    env.set_exact("n", Rational(static_cast<long>(problem.n())));
    env.set_exact("m", Rational(static_cast<long>(problem.m())));
    env.set_exact("d", Rational(static_cast<long>(problem.d())));
    env.set_interval("L0", c.L0);
    env.set_exact("A", problem.A);
    env.set_exact("X0", problem.z0.X);
    env.set_exact("Y0", problem.z0.Y);
    env.set_exact("norm_gap_0", Rational(fro2_exact(problem.z0.X) - fro2_exact(problem.z0.Y)));
    env.set_truth("converged", c.outcome == Outcome::Converged ? claims::Truth::True
                               : c.outcome == Outcome::Periodic || c.outcome == Outcome::Diverged
                                   ? claims::Truth::False
                                   : claims::Truth::Unknown);
    env.set_truth("diverged", c.outcome == Outcome::Diverged    ? claims::Truth::True
                              : c.outcome == Outcome::Converged ? claims::Truth::False
                                                                : claims::Truth::Unknown);
    set_cycle_quantities(env, c.outcome, c.cycle ? &*c.cycle : nullptr);
    // f* = min f (Eckart-Young; docs/math.md 7.4c and 16).
    if (problem.d() >= std::min(problem.n(), problem.m()))
        env.set_exact("min_loss", Rational(0));
    else if (c.isotropic)
        env.set_exact("min_loss", c.isotropic->min_loss);
    else if (c.min_loss)
        env.set_interval("min_loss", c.min_loss->f_star);
    else
        env.set_unavailable("min_loss", "f* was not enclosed for this run");
    if (c.limit) {
        env.set_matrix("X_inf", c.limit->X);
        env.set_matrix("Y_inf", c.limit->Y);
        env.set_interval("sharpness_inf", c.limit->sharpness);
        env.set_interval("norm_gap_inf", c.limit->norm_gap);
        // Lemma G: zero residual; Lemma P: f -> f* (docs/math.md 7.4c).
        if (c.limit->lemma.positive_loss && c.min_loss)
            env.set_interval("loss_inf", c.min_loss->f_star);
        else
            env.set_exact("loss_inf", Rational(0));
        if (c.limit->imbalance)
            env.set_interval("imbalance_inf", *c.limit->imbalance);
        else
            env.set_unavailable("imbalance_inf", "A is not square");
    } else if (c.isotropic && c.isotropic->limit) {
        // A = mu I, d = 1, by Lemma I (docs/math.md, section 16): f_k -> f* exactly,
        // and lambda_max of the Hessian at a minimizer is a + b.
        const IsotropicLimit& L = *c.isotropic->limit;
        Matrix<Interval> X(L.x.size(), 1), Y(L.y.size(), 1);
        for (size_t i = 0; i < L.x.size(); ++i) {
            X(i, 0) = L.x[i];
            Y(i, 0) = L.y[i];
        }
        env.set_matrix("X_inf", X);
        env.set_matrix("Y_inf", Y);
        env.set_interval("sharpness_inf", L.a + L.b);
        env.set_interval("norm_gap_inf", L.norm_gap);
        env.set_interval("imbalance_inf", L.imbalance);
        env.set_exact("loss_inf", c.isotropic->min_loss);
    } else {
        std::string why = std::string("no certified limit (outcome ") + outcome_name(c.outcome) + ")";
        for (const char* name : {"X_inf", "Y_inf", "imbalance_inf", "sharpness_inf", "norm_gap_inf", "loss_inf"})
            env.set_unavailable(name, why);
    }
    return env;
}

CertifyRun run_certify(const Problem& problem, const std::vector<claims::Claim>& claim_list,
                       const CertifyOptions& options) {
    auto t0 = std::chrono::steady_clock::now();
    // The products of this run over options.threads threads (started only if
    // a product is large enough; the results do not depend on the count).
    std::optional<RowThreads> threads;
    if (options.threads != 0) threads.emplace(options.threads);
    CertifyRun run;
    run.problem = problem;
    run.digits = options.digits;
    claims::Environment env;
    claims::Family family;
    if (problem.family == Family::Scalar) {
        family = claims::Family::Scalar;
        ScalarOptions so;
        so.precision = options.precision;
        so.max_precision = options.max_precision;
        so.max_steps = options.max_steps;
        so.digits = options.digits;
        so.cancel = options.cancel;
        if (options.progress) so.progress = &options.progress;
        ScalarReduction red = reduce_scalar(problem.mu(), problem.h, problem.scalar_x0(), problem.scalar_y0());
        const double before = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        run.scalar = certify_scalar(red, so);
        const ScalarCertificate& c = *run.scalar;
        if (c.verdict_seconds) run.verdict_seconds = before + *c.verdict_seconds;
        run.digits_reached = c.digits_reached;
        run.outcome = c.outcome;
        run.reason = c.reason;
        run.precision_bits = c.precision_bits;
        run.L0 = c.initial.L0;
        run.h_times_L0 = c.h_times_L0;
        run.L0_method = red.d() >= 2 ? "closed form max(lambda_+, |r0|)" : "closed form lambda_+";
        PrecisionScope scope(c.precision_bits);
        env = scalar_environment(problem, c);
        run.claims = claims::evaluate_claims(claim_list, family, env);
    } else {
        family = claims::Family::Matrix;
        MatrixOptions mo;
        mo.precision = options.precision;
        mo.max_precision = options.max_precision;
        mo.max_steps = options.max_steps;
        mo.digits = options.digits;
        mo.cancel = options.cancel;
        if (options.progress) mo.progress = &options.progress;
        const double before = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        run.matrix = certify_matrix(problem.A, problem.z0, problem.h, mo);
        const MatrixCertificate& c = *run.matrix;
        if (c.verdict_seconds) run.verdict_seconds = before + *c.verdict_seconds;
        run.digits_reached = c.digits_reached;
        run.outcome = c.outcome;
        run.reason = c.reason;
        run.precision_bits = c.precision_bits;
        run.L0 = c.L0;
        run.h_times_L0 = c.h_times_L0;
        run.L0_method = c.L0_float_test ? "Rayleigh quotient of a Lanczos vector and float Cholesky test of t I - H "
                                          "with a-priori error bounds"
                        : c.L0_certified ? "Rayleigh quotient and interval Cholesky of the full Hessian"
                                         : "Rayleigh quotient and Gershgorin bound (Cholesky not proven)";
        PrecisionScope scope(c.precision_bits);
        env = matrix_environment(problem, c);
        run.claims = claims::evaluate_claims(claim_list, family, env);
    }
    bool counterexample = false, undecided = run.outcome == Outcome::Undecided;
    for (const auto& r : run.claims) {
        // Only a theorem can have a counterexample in the exit-code sense; a
        // classification (regime) or an observation failing is information.
        counterexample |= r.verdict == claims::Verdict::Counterexample && r.kind == claims::ClaimKind::Theorem;
        undecided |= r.verdict == claims::Verdict::Undecided;
    }
    run.exit_code = counterexample ? kExitCounterexample : undecided ? kExitUndecided : kExitConfirmed;
    run.quantities = std::move(env);
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return run;
}

json report_json(const CertifyRun& run) {
    PrecisionScope scope(run.precision_bits ? run.precision_bits : 64);
    const int dg = print_digits(run.precision_bits);
    json r;
    r["lrcert"] = LRCERT_VERSION;
    r["family"] = family_name(run.problem.family);
    if (!run.problem.name.empty()) r["name"] = run.problem.name;
    r["n"] = run.problem.n();
    r["m"] = run.problem.m();
    r["d"] = run.problem.d();
    r["h"] = to_exact_string(run.problem.h);
    r["h_decimal"] = decimal_text(run.problem.h);
    // What the problem file gave when h was relative to 2/L0 (h is its resolution).
    if (run.problem.h_over_2_over_L0) r["h_over_2_over_L0"] = to_exact_string(*run.problem.h_over_2_over_L0);
    r["precision_bits"] = run.precision_bits;
    r["sharpness_initial"] = quantity_json(run.quantities, "L0", dg);
    r["sharpness_initial_method"] = run.L0_method;
    r["h_times_sharpness_initial"] = interval_json(run.h_times_L0, dg);
    r["regime"] = regime_of(run.h_times_L0);
    r["outcome"] = outcome_name(run.outcome);
    r["reason"] = run.reason;
    if (run.scalar) {
        const ScalarCertificate& c = *run.scalar;
        r["mu"] = to_exact_string(c.reduction.mu);
        r["precisions_tried"] = c.precisions;
        r["proof"] = c.proof;
        r["steps"] = c.steps_run;
        // null when no ball was followed (an exceptional start decided before any step).
        r["final_radius"] = c.final_centre ? upper_bound_json(c.final_radius, 6) : json(nullptr);
        r["initial"] = json{{"S0", quantity_json(run.quantities, "S0", dg)},
                            {"r0", quantity_json(run.quantities, "r0", dg)},
                            {"norm_gap", to_exact_string(c.reduction.uv)},
                            {"norm_gap_decimal", decimal_text(c.reduction.uv)},
                            {"imbalance", to_exact_string(c.reduction.v_sq)},
                            {"imbalance_decimal", decimal_text(c.reduction.v_sq)},
                            {"lambda_plus", interval_json(c.initial.lambda_plus, dg)}};
        r["dry_run"] = json{{"log2_growth", c.dry_run.log2_growth}, {"steps", c.dry_run.steps},
                            {"settled", c.dry_run.settled}, {"escaped", c.dry_run.escaped}};
        json tail = tail_certificate_json(c).report;
        if (!tail.is_null()) r["tail_certificate"] = tail;
    }
    if (run.matrix) {
        const MatrixCertificate& c = *run.matrix;
        r["precisions_tried"] = c.precisions;
        r["proof"] = c.proof;
        r["steps"] = c.steps_run;
        // null when no ball was followed (an exceptional start decided before any step).
        r["final_radius"] = c.final_centre ? upper_bound_json(c.final_radius, 6) : json(nullptr);
        r["sharpness_initial_bits"] = c.sharpness_bits;
        r["initial"] = json{{"norm_gap", quantity_json(run.quantities, "norm_gap_0", dg)}};
        r["dry_run"] = json{{"log2_growth", c.dry_run.log2_growth}, {"steps", c.dry_run.steps},
                            {"settled", c.dry_run.settled}, {"escaped", c.dry_run.escaped}};
        json tail = tail_certificate_json(c).report;
        if (!tail.is_null()) r["tail_certificate"] = tail;
        if (c.isotropic) r["isotropic"] = isotropic_json(*c.isotropic, dg);
        if (c.min_loss) {
            // d < min(n, m): f* and the singular values behind it (docs/formats.md).
            json sig = json::array();
            for (const Interval& x : c.min_loss->sigma) sig.push_back(interval_json(x, dg));
            r["min_loss"] = json{{"f_star", interval_json(c.min_loss->f_star, dg)},
                                 {"sigma", std::move(sig)},
                                 {"gap", c.min_loss->gap}};
        }
    }
    // The limit's quantities, from the one table of certified quantities, and
    // the theorems' balancing bound beside the limit's imbalance.
    if (run.outcome == Outcome::Converged) {
        r["limit"] = limit_json(run.quantities, dg);
        // d > kMaxKeptCoordinates: x and y are not in the table; each coordinate is
        // enclosed here, one at a time, from alpha and beta (certify/scalar_reduction.hpp).
        if (run.scalar && run.scalar->limit && run.scalar->limit->x.empty()) {
            const ScalarCertificate& c = *run.scalar;
            const Reconstruction coordinates(c.reduction, c.limit->reduced.alpha, c.limit->reduced.beta);
            json xs = json::array(), ys = json::array();
            Interval xi, yi;
            for (size_t i = 0; i < c.reduction.d(); ++i) {
                coordinates.coordinate(i, xi, yi);
                xs.push_back(interval_json(xi, dg));
                ys.push_back(interval_json(yi, dg));
            }
            r["limit"]["x"] = std::move(xs);
            r["limit"]["y"] = std::move(ys);
        }
        const std::optional<Rational> balancing = balancing_bound(run.problem);
        if (balancing && r["limit"].contains("imbalance"))
            r["balancing_bound"] = interval_json(enclose(*balancing), dg);
    }
    if (const CycleCertificate* cycle = cycle_of(run)) r["cycle"] = cycle_json(*cycle, run.scalar.has_value(), dg);
    json cl = json::array();
    for (const auto& c : run.claims) {
        cl.push_back(json{{"id", c.id},
                          {"source", c.source},
                          {"statement", c.statement},
                          {"kind", claims::to_string(c.kind)},
                          {"assumptions", claims::to_string(c.assumptions)},
                          {"conclusions", claims::to_string(c.conclusions)},
                          {"verdict", claims::to_string(c.verdict)},
                          {"detail", c.detail}});
    }
    r["claims"] = cl;
    r["exit_code"] = run.exit_code;
    r["elapsed_seconds"] = run.seconds;
    r["verdict_seconds"] = run.verdict_seconds ? json(*run.verdict_seconds) : json(nullptr);
    r["digits"] = json{{"requested", run.digits}, {"reached", run.digits_reached}};
    return r;
}

json certificate_json(const CertifyRun& run, const std::vector<claims::Claim>& claim_list) {
    auto exact = [](const Real& x) { return to_exact_string(to_rational(x)); };
    json cert;
    cert["lrcert_certificate"] = 1;
    cert["family"] = family_name(run.problem.family);
    cert["problem"] = problem_record_json(run.problem);
    cert["report"] = report_json(run);
    cert["grid_bits"] = run.precision_bits;
    if (const CycleCertificate* cycle = cycle_of(run)) cert["cycle"] = cycle_proof_json(*cycle);
    // The centre of the ball at the report's last step (`steps`, `final_radius`),
    // state order vec(X) then vec(Y) (scalar: the reduced x', y'), exact.
    auto final_centre = [&](const std::optional<Factors<Real>>& centre) {
        json v = json::array();
        for (const Matrix<Real>* M : {&centre->X, &centre->Y})
            for (size_t i = 0; i < M->rows(); ++i)
                for (size_t k = 0; k < M->cols(); ++k) v.push_back(exact((*M)(i, k)));
        return v;
    };
    if (run.scalar) {
        const ScalarCertificate& c = *run.scalar;
        json sc;
        sc["trajectory_steps"] = c.steps_run;
        if (c.final_centre) sc["final_centre"] = final_centre(c.final_centre);
        sc.update(tail_certificate_json(c).checker);
        cert["scalar"] = sc;
    }
    if (run.matrix) {
        const MatrixCertificate& c = *run.matrix;
        json mc;
        mc["trajectory_steps"] = c.steps_run;
        if (c.final_centre) mc["final_centre"] = final_centre(c.final_centre);
        mc["sharpness_bits"] = c.sharpness_bits;
        json v = json::array();
        for (const Real& x : c.L0_vector) v.push_back(exact(x));
        mc["L0"] = json{{"vector", v}, {"shift", exact(c.L0_shift)}, {"certified", c.L0_certified}};
        mc.update(tail_certificate_json(c).checker);
        cert["matrix"] = mc;
    }
    json cl = json::array();
    for (const auto& r : run.claims) {
        for (const auto& c : claim_list) {
            if (c.id != r.id) continue;
            cl.push_back(json{{"id", c.id},
                              {"kind", claims::to_string(c.kind)},
                              {"family", claims::to_string(c.family)},
                              {"assumptions", c.assumptions},
                              {"conclusions", c.conclusions}});
        }
    }
    cert["claims"] = cl;
    return cert;
}

void print_report(std::ostream& out, const CertifyRun& run) {
    PrecisionScope scope(run.precision_bits ? run.precision_bits : 64);
    const Problem& p = run.problem;
    out << "lrcert " << LRCERT_VERSION << " -- " << family_name(p.family) << " family";
    if (!p.name.empty()) out << " '" << p.name << "'";
    out << ", n = " << p.n() << ", m = " << p.m() << ", d = " << p.d() << ", h = " << readable_exact(to_exact_string(p.h), p.h);
    // h given relative to 2/L0: its exact decimal (12 digits) and what was given.
    if (p.h_over_2_over_L0)
        out << " (= " << readable_exact(exact_text(p.h), p.h) << "; given as "
            << readable_exact(exact_text(*p.h_over_2_over_L0), *p.h_over_2_over_L0) << " x 2/L0)";
    if (p.family == Family::Scalar) out << ", mu = " << readable_exact(to_exact_string(p.mu()), p.mu());
    out << "\n";
    out << "precision: " << run.precision_bits << " bits";
    if (run.scalar) {
        out << " (tried";
        for (unsigned b : run.scalar->precisions) out << " " << b;
        out << "; plan from a float64 dry run)";
    }
    out << "\n\n";
    out << "sharpness at start  L0     in " << with_digits(run.L0) << "  [" << run.L0_method << "]\n";
    out << "                    h L0   in " << with_digits(run.h_times_L0) << "  -> ";
    std::string regime = regime_of(run.h_times_L0);
    out << (regime == "beyond_2_over_L" ? "beyond 2/L (certified)"
            : regime == "below_2_over_L" ? "below 2/L (certified)"
                                         : "undecided against 2/L")
        << "\n\n";
    out << "OUTCOME: " << outcome_name(run.outcome) << "\n  " << run.reason << "\n";
    if (print_limit(out, run)) {
        // The trajectory's length and the ball the limit is known in (the
        // tail certificate's, not a quantity of the table).
        if (run.scalar && run.scalar->final_centre)
            out << "  steps: " << run.scalar->steps_run << ", final ball radius <= "
                << run.scalar->final_radius.decimal(3) << "\n";
        if (run.matrix && run.matrix->limit)
            out << "  steps: " << run.matrix->steps_run << ", limit ball radius <= "
                << run.matrix->limit->lemma.reach.decimal(3) << "\n";
        if (run.matrix && run.matrix->limit && run.matrix->limit->lemma.positive_loss && run.matrix->min_loss)
            out << "  f* = min f = 1/2 sum_{i>d} sigma_i(A)^2 in " << with_digits(run.matrix->min_loss->f_star)
                << " (Lemma P: the limit is a global minimizer)\n";
        if (run.matrix && run.matrix->isotropic && run.matrix->isotropic->limit) {
            // A = mu I, d = 1: the Gram limit (docs/math.md, section 16).
            const IsotropicCertificate& iso = *run.matrix->isotropic;
            out << "  Gram limit: |x_inf|^2 in " << with_digits(iso.limit->a) << ", |y_inf|^2 in "
                << with_digits(iso.limit->b) << ", x_inf . y_inf = mu = " << exact_number(iso.mu)
                << " (exact); f* = (n - 1) mu^2 / 2 = " << exact_number(iso.min_loss) << " (exact)\n";
            out << "  steps: " << iso.steps_run << " (Gram ball in R^3)\n";
        }
    }
    if (const CycleCertificate* cycle = cycle_of(run)) print_cycle(out, *cycle, run.scalar.has_value());
    if (!run.claims.empty()) {
        out << "\nclaims:\n";
        if (std::any_of(run.claims.begin(), run.claims.end(),
                        [](const claims::ClaimResult& c) { return c.kind != claims::ClaimKind::Theorem; }))
            out << "  (a theorem is confirmed, has a counterexample, is vacuous or undecided; a classification or\n"
                   "   observation holds or fails: it says what this instance is, and is never a counterexample)\n";
        for (const auto& c : run.claims) {
            // Classifications and observations are not theorems: a certified
            // failure is information, not a counterexample to anything.
            std::string verdict = claims::to_string(c.verdict);
            if (c.kind != claims::ClaimKind::Theorem && c.verdict == claims::Verdict::Confirmed) verdict = "holds";
            if (c.kind != claims::ClaimKind::Theorem && c.verdict == claims::Verdict::Counterexample)
                verdict = "fails";
            out << "  [" << verdict << "] " << c.id;
            if (c.kind != claims::ClaimKind::Theorem) out << " (" << claims::to_string(c.kind) << ")";
            out << ": " << c.statement << "\n";
            if (!c.detail.empty()) out << "      " << c.detail << "\n";
        }
    }
    out << "\nexit code " << run.exit_code << " (" << std::fixed << std::setprecision(3) << run.seconds << " s";
    if (run.verdict_seconds) out << "; outcome proven after " << *run.verdict_seconds << " s";
    out << ")\n";
    out.unsetf(std::ios::fixed);
}

int certify_command(const CertifyOptions& options, std::ostream& out, std::ostream& err) {
    return run_guarded(err, [&]() -> int {
        validate_certify_options(options);
        // Every path is checked before anything is computed, and nothing is
        // written until the run has succeeded (docs/cli.md, "Files").
        PathPlan paths;
        paths.input(options.problem_path, "problem file");
        if (options.builtin_claims && !options.builtin_claims_dir.empty())
            paths.input_folder(options.builtin_claims_dir, "built-in claims folder");
        for (const auto& path : options.claim_paths) {
            if (std::filesystem::is_directory(path))
                paths.input_folder(path, "--claims folder");
            else
                paths.input(path, "--claims file");
        }
        if (!options.report_path.empty()) paths.output(options.report_path, "--report");
        if (!options.certificate_path.empty()) paths.output(options.certificate_path, "--certificate");
        paths.check();

        // Compact: a scalar start is held in exact columns (about 12 bytes an entry).
        Problem problem = read_problem_file(options.problem_path, StartStorage::Compact);
        std::vector<claims::Claim> claim_list;
        if (options.builtin_claims && !options.builtin_claims_dir.empty())
            claim_list = claims::load_claims_directory(options.builtin_claims_dir);
        for (const auto& path : options.claim_paths) {
            auto more = std::filesystem::is_directory(path) ? claims::load_claims_directory(path)
                                                            : claims::load_claims_file(path);
            claim_list.insert(claim_list.end(), more.begin(), more.end());
        }
        CertifyRun run;
        {
            TerminalProgress line(err, "lrcert certify", !options.quiet && isatty(STDERR_FILENO));
            CertifyOptions with_progress = options;
            if (line.enabled()) with_progress.progress = [&line](const Progress& p) { line.show(p); };
            run = run_certify(problem, claim_list, with_progress);
        }
        if (!options.quiet) print_report(out, run);
        StagedOutputs outputs;
        if (!options.certificate_path.empty()) {
            PrecisionScope scope(run.precision_bits);
            outputs.stage(options.certificate_path, certificate_json(run, claim_list).dump(1) + "\n");
        }
        if (!options.report_path.empty()) outputs.stage(options.report_path, report_json(run).dump(2) + "\n");
        outputs.commit();
        return run.exit_code;
    });
}

}  // namespace lrcert
