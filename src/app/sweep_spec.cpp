// Sweep specifications and grid expansion (include/lrcert/app/sweep_spec.hpp).
#include "lrcert/app/sweep_spec.hpp"

#include "lrcert/io/exact_json.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/problem/relative_step.hpp"

#include <mpfr.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace lrcert {

namespace {

using nlohmann::json;

// Bits used to compute L0 and the rounded grid values (far more than the
// grid_digits <= 40 decimal digits they are rounded to).
constexpr unsigned kGridBits = kRelativeStepBits;

const std::vector<std::string> kTopFields = {"lrcert_sweep", "name",     "description", "base",
                                             "h",            "scale",    "imbalance",   "digits",
                                             "grid_digits",  "precision", "max_precision", "max_steps",
                                             "claims"};
const std::vector<std::string> kHFields = {"values", "from", "to", "count", "spacing", "relative_to"};
const std::vector<std::string> kStartFields = {"values", "from", "to", "count", "spacing"};

std::string qtext(const std::string& s) { return "\"" + s + "\""; }

enum class Sign { Positive, NonNegative };

void check_sign(const Rational& q, Sign sign, const std::string& field) {
    if (sign == Sign::Positive && q <= 0)
        throw InputError(field + ": must be > 0, got " + qtext(exact_text(q)));
    if (sign == Sign::NonNegative && q < 0)
        throw InputError(field + ": must be >= 0, got " + qtext(exact_text(q)));
}

AxisSpec parse_axis(const json& v, const std::string& where, const std::vector<std::string>& allowed, Sign sign) {
    check_object(v, where, allowed);
    AxisSpec a;
    const bool has_values = v.contains("values");
    const bool has_range = v.contains("from") || v.contains("to") || v.contains("count");
    if (has_values && has_range)
        throw InputError(where + ": give either \"values\" or \"from\", \"to\", \"count\", not both");
    if (!has_values && !has_range)
        throw InputError(where + ": missing field \"values\" (or \"from\", \"to\" and \"count\")");
    if (has_values) {
        if (v.contains("spacing")) throw InputError(where + ".spacing: only allowed with \"from\", \"to\", \"count\"");
        const json& vals = v.at("values");
        const std::string field = field_path(where, "values");
        if (!vals.is_array() || vals.empty())
            throw InputError(field + ": expected a non-empty array of numbers");
        if (vals.size() > kMaxSweepAxisCount)
            throw InputError(field + ": " + std::to_string(vals.size()) + " values exceed the limit of " +
                             std::to_string(kMaxSweepAxisCount));
        for (size_t i = 0; i < vals.size(); ++i) {
            Rational q = exact_number(vals[i], element_path(field, i));
            check_sign(q, sign, element_path(field, i));
            a.values.push_back(q);
        }
        return a;
    }
    a.from = exact_number(require_field(v, where, "from"), field_path(where, "from"));
    a.to = exact_number(require_field(v, where, "to"), field_path(where, "to"));
    a.count = static_cast<size_t>(exact_integer(require_field(v, where, "count"), field_path(where, "count"), 1,
                                                static_cast<long long>(kMaxSweepAxisCount)));
    check_sign(*a.from, sign, field_path(where, "from"));
    check_sign(*a.to, sign, field_path(where, "to"));
    if (v.contains("spacing")) {
        std::string s = string_value(v.at("spacing"), field_path(where, "spacing"));
        if (s == "log")
            a.log_spacing = true;
        else if (s != "linear")
            throw InputError(field_path(where, "spacing") + ": unknown spacing " + qtext(s) +
                             " (expected \"linear\" or \"log\")");
    }
    if (a.log_spacing && (*a.from <= 0 || *a.to <= 0))
        throw InputError(field_path(where, "spacing") + ": \"log\" needs from > 0 and to > 0");
    if (a.count == 1 && *a.from != *a.to)
        throw InputError(field_path(where, "count") + ": count 1 needs from = to (got from " +
                         qtext(exact_text(*a.from)) + ", to " + qtext(exact_text(*a.to)) + ")");
    return a;
}

std::string read_text_file(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the " + std::string(what) + " file");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw InputError(path + ": cannot read the " + std::string(what) + " file");
    return ss.str();
}


bool is_perfect_square(const Integer& z, Integer& root) {
    if (z < 0) return false;
    if (mpz_perfect_square_p(z.backend().data()) == 0) return false;
    mpz_sqrt(root.backend().data(), z.backend().data());
    return true;
}

// sqrt(q) for q >= 0: exact when q is the square of a rational, else rounded
// to `digits` significant digits.
Rational rational_sqrt(const Rational& q, int digits) {
    Integer rn, rd;
    if (is_perfect_square(numerator(q), rn) && is_perfect_square(denominator(q), rd)) return Rational(rn, rd);
    PrecisionScope scope(kGridBits);
    Real x = from_rational<Real>(q);
    Real r = new_real();
    mpfr_sqrt(r.backend().data(), x.backend().data(), MPFR_RNDN);
    return round_to_digits(r, digits);
}

// Midpoint of a certified L0 of the start (call inside a PrecisionScope of
// kGridBits bits; the rule of include/lrcert/problem/relative_step.hpp).
Real start_sharpness_midpoint(const Problem& p, const Factors<Rational>& z) {
    Interval L0 = start_sharpness(p.family == Family::Scalar, p.A, z);
    if (!(lo(L0) > 0)) throw InputError("h.relative_to: L0 is not certainly positive at this start");
    return midpoint(L0);
}

Rational sum_squares(const Matrix<Rational>& M) {
    Rational s = 0;
    for (const Rational& q : M.data()) s += q * q;
    return s;
}

json axis_json(const std::vector<Rational>& values) {
    json a = json::array();
    for (const Rational& q : values) a.push_back(exact_text(q));
    return a;
}

}  // namespace

// ---- numbers -------------------------------------------------------------------

std::string exact_text(const Rational& q) {
    Integer num = numerator(q), den = denominator(q);
    // den = 2^twos 5^fives rest. Counting stops past 60 (then q is written
    // p/q anyway): one division per factor of a huge power of ten such as
    // 10^100000 took seconds.
    unsigned long twos = 0, fives = 0;
    Integer rest = den;
    while (twos <= 60 && rest % 2 == 0) { rest /= 2; ++twos; }
    while (fives <= 60 && rest % 5 == 0) { rest /= 5; ++fives; }
    unsigned long k = std::max(twos, fives);
    if (rest != 1 || k > 60) return to_exact_string(q);
    if (k == 0) return num.str();
    Integer scale = 1;
    for (unsigned long i = 0; i < k; ++i) scale *= 10;
    Integer scaled = num * (scale / den);  // exact: den divides 10^k
    bool negative = scaled < 0;
    if (negative) scaled = -scaled;
    std::string digits = scaled.str();
    if (digits.size() <= k) digits.insert(0, k + 1 - digits.size(), '0');
    digits.insert(digits.size() - k, ".");
    return (negative ? "-" : "") + digits;
}

// ---- starts ----------------------------------------------------------------------

Factors<Rational> scaled_start(const Factors<Rational>& z0, const Rational& s) {
    if (s <= 0) throw std::invalid_argument("scaled_start: s must be > 0");
    Factors<Rational> z = z0;
    for (size_t k = 0; k < z.X.size(); ++k) z.X[k] *= s;
    for (size_t k = 0; k < z.Y.size(); ++k) z.Y[k] /= s;
    return z;
}

Factors<Rational> imbalanced_start(const Factors<Rational>& z0, const Rational& t, int grid_digits) {
    if (z0.X.rows() != z0.Y.rows() || z0.X.cols() != z0.Y.cols())
        throw std::invalid_argument("the imbalance axis needs X0 and Y0 of the same shape (a square A)");
    if (t < 0) throw std::invalid_argument("the imbalance must be >= 0");
    Rational b = 0;
    for (size_t k = 0; k < z0.X.size(); ++k) b += (z0.X[k] - z0.Y[k]) * (z0.X[k] - z0.Y[k]);
    if (b == 0)
        throw std::invalid_argument("the base start is balanced (x0 = y0): there is no imbalance direction "
                                    "x0 - y0 to stretch (use a \"scale\" axis or an unbalanced base start)");
    Rational lambda = rational_sqrt(Rational(t / b), grid_digits);
    Factors<Rational> z = z0;
    for (size_t k = 0; k < z.X.size(); ++k) {
        Rational u = z0.X[k] + z0.Y[k], v = z0.X[k] - z0.Y[k];
        z.X[k] = (u + lambda * v) / 2;
        z.Y[k] = (u - lambda * v) / 2;
    }
    return z;
}

std::optional<Rational> initial_imbalance(const Problem& p) {
    if (p.z0.X.rows() != p.z0.Y.rows()) return std::nullopt;
    Rational b = 0;
    for (size_t k = 0; k < p.z0.X.size(); ++k) b += (p.z0.X[k] - p.z0.Y[k]) * (p.z0.X[k] - p.z0.Y[k]);
    return b;
}

Rational initial_norm_gap(const Problem& p) { return sum_squares(p.z0.X) - sum_squares(p.z0.Y); }

// ---- spec ------------------------------------------------------------------------

std::string resolve_spec_path(const std::string& base_dir, const std::string& p) {
    std::filesystem::path path(p);
    if (path.is_absolute() || base_dir.empty()) return p;
    return (std::filesystem::path(base_dir) / path).lexically_normal().string();
}

Problem read_spec_base(const json& base, const std::string& base_dir, std::string& source, std::string& path) {
    if (base.is_string()) {
        source = base.get<std::string>();
        if (source.empty()) throw InputError("base: expected a problem file name, got \"\"");
        path = resolve_spec_path(base_dir, source);
        try {
            return read_problem_file(path);
        } catch (const InputError& e) {
            throw InputError(std::string("base: ") + e.what());
        }
    }
    if (base.is_object()) {
        try {
            return parse_problem(base.dump(), "inline problem");
        } catch (const InputError& e) {
            throw InputError(std::string("base: ") + e.what());
        }
    }
    throw InputError("base: expected a problem file name (a string) or an inline problem (an object)");
}

std::vector<std::string> read_spec_claims(const json& c, const std::string& base_dir) {
    if (!c.is_array()) throw InputError("claims: expected an array of strings (\"builtin\" or claim file paths)");
    std::vector<std::string> out;
    for (size_t i = 0; i < c.size(); ++i) {
        std::string s = string_value(c[i], element_path("claims", i));
        if (s.empty()) throw InputError(element_path("claims", i) + ": expected \"builtin\" or a path, got \"\"");
        out.push_back(s == "builtin" ? s : resolve_spec_path(base_dir, s));
    }
    return out;
}

void reject_problem_file(const json& doc, const std::string& origin, const std::string& command) {
    if (!doc.is_object() || !doc.contains("family") || doc.contains("base")) return;
    const std::string file = origin.empty() ? "PROBLEM.json" : origin;
    throw InputError((origin.empty() ? std::string() : origin + ": ") + "this is a problem file (it has \"family\"), not a " +
                     command + " specification: certify it with \"lrcert certify " + file + "\", or make it the \"base\" of a " +
                     command + " specification (docs/formats.md)");
}

SweepSpec parse_sweep_spec(const std::string& text, const std::string& origin, const std::string& base_dir) {
    const std::string prefix = origin.empty() ? std::string() : origin + ": ";
    json doc = parse_exact_json(text, origin.empty() ? "sweep spec" : origin);
    reject_problem_file(doc, origin, "sweep");
    SweepSpec spec;
    spec.origin = origin;
    try {
        check_object(doc, "", kTopFields);
        if (doc.contains("lrcert_sweep"))
            exact_integer(doc.at("lrcert_sweep"), "lrcert_sweep", 1, 1);
        if (doc.contains("name")) spec.name = string_value(doc.at("name"), "name");
        if (doc.contains("description")) spec.description = string_value(doc.at("description"), "description");

        // base
        spec.base = read_spec_base(require_field(doc, "", "base"), base_dir, spec.base_source, spec.base_path);

        // h
        spec.h = parse_axis(require_field(doc, "", "h"), "h", kHFields, Sign::Positive);
        if (doc.at("h").contains("relative_to")) {
            std::string r = string_value(doc.at("h").at("relative_to"), "h.relative_to");
            if (r == "2/L0")
                spec.h_scale = HScale::TwoOverL0;
            else if (r != "absolute")
                throw InputError("h.relative_to: unknown value " + qtext(r) +
                                 " (expected \"absolute\" or \"2/L0\")");
        }

        // start axis
        if (doc.contains("scale") && doc.contains("imbalance"))
            throw InputError("scale, imbalance: give at most one start axis");
        if (doc.contains("scale")) {
            spec.start_kind = StartAxis::Scale;
            spec.start = parse_axis(doc.at("scale"), "scale", kStartFields, Sign::Positive);
        } else if (doc.contains("imbalance")) {
            spec.start_kind = StartAxis::Imbalance;
            spec.start = parse_axis(doc.at("imbalance"), "imbalance", kStartFields, Sign::NonNegative);
            if (spec.base.n() != spec.base.m())
                throw InputError("imbalance: needs a square A (n = m), the base problem has n = " +
                                 std::to_string(spec.base.n()) + ", m = " + std::to_string(spec.base.m()) +
                                 " (use a \"scale\" axis)");
            if (*initial_imbalance(spec.base) == 0)
                throw InputError("imbalance: the base start is balanced (x0 = y0), so there is no imbalance "
                                 "direction x0 - y0 to stretch (use a \"scale\" axis or an unbalanced base start)");
        }

        // options
        if (doc.contains("digits"))
            spec.digits = static_cast<int>(exact_integer(doc.at("digits"), "digits", 6, 60));
        if (doc.contains("grid_digits"))
            spec.grid_digits = static_cast<int>(exact_integer(doc.at("grid_digits"), "grid_digits", 3, 40));
        if (doc.contains("max_precision"))
            spec.max_precision = static_cast<unsigned>(exact_integer(doc.at("max_precision"), "max_precision", 32, 65536));
        if (doc.contains("precision")) {
            long long p = exact_integer(doc.at("precision"), "precision", 0, 65536);
            if (p != 0 && p < 32) throw InputError("precision: expected 0 (planned) or an integer in [32, 65536], got " + std::to_string(p));
            spec.precision = static_cast<unsigned>(p);
        }
        if (spec.precision > spec.max_precision)
            throw InputError("precision: " + std::to_string(spec.precision) + " exceeds max_precision " +
                             std::to_string(spec.max_precision));
        if (doc.contains("max_steps"))
            spec.max_steps = static_cast<size_t>(exact_integer(doc.at("max_steps"), "max_steps", 1, 100000000));
        if (doc.contains("claims")) spec.claims = read_spec_claims(doc.at("claims"), base_dir);

        // size
        size_t nh = spec.h.values.empty() ? spec.h.count : spec.h.values.size();
        size_t ns = spec.start_kind == StartAxis::None ? 1
                    : spec.start.values.empty()        ? spec.start.count
                                                       : spec.start.values.size();
        if (nh * ns > kMaxSweepPoints)
            throw InputError("the grid has " + std::to_string(nh * ns) + " points, more than the limit of " +
                             std::to_string(kMaxSweepPoints));
    } catch (const InputError& e) {
        throw InputError(prefix + e.what());
    }
    return spec;
}

SweepSpec read_sweep_spec(const std::string& path) {
    std::string text = read_text_file(path, "sweep spec");
    std::string dir = std::filesystem::path(path).parent_path().string();
    return parse_sweep_spec(text, path, dir);
}

std::vector<Rational> axis_values(const AxisSpec& a, int grid_digits) {
    if (!a.values.empty()) return a.values;
    std::vector<Rational> out;
    out.reserve(a.count);
    if (a.count == 1) return {*a.from};
    if (!a.log_spacing) {
        Rational step = (*a.to - *a.from) / Rational(static_cast<long>(a.count - 1));
        for (size_t i = 0; i < a.count; ++i) out.push_back(*a.from + step * Rational(static_cast<long>(i)));
        return out;
    }
    // from * (to/from)^(i/(count-1)), rounded; the end points are exact.
    PrecisionScope scope(kGridBits);
    Real lf = from_rational<Real>(*a.from), lt = from_rational<Real>(*a.to);
    mpfr_log(lf.backend().data(), lf.backend().data(), MPFR_RNDN);
    mpfr_log(lt.backend().data(), lt.backend().data(), MPFR_RNDN);
    for (size_t i = 0; i < a.count; ++i) {
        if (i == 0) { out.push_back(*a.from); continue; }
        if (i + 1 == a.count) { out.push_back(*a.to); continue; }
        Real t = new_real(), w = new_real();
        // t = lf + (lt - lf) * i / (count - 1)
        mpfr_sub(t.backend().data(), lt.backend().data(), lf.backend().data(), MPFR_RNDN);
        mpfr_mul_ui(t.backend().data(), t.backend().data(), static_cast<unsigned long>(i), MPFR_RNDN);
        mpfr_div_ui(t.backend().data(), t.backend().data(), static_cast<unsigned long>(a.count - 1), MPFR_RNDN);
        mpfr_add(t.backend().data(), t.backend().data(), lf.backend().data(), MPFR_RNDN);
        mpfr_exp(w.backend().data(), t.backend().data(), MPFR_RNDN);
        out.push_back(round_to_digits(w, grid_digits));
    }
    return out;
}

SweepGrid expand_grid(const SweepSpec& spec) {
    SweepGrid g;
    g.h_values = axis_values(spec.h, spec.grid_digits);
    if (spec.start_kind != StartAxis::None) g.start_values = axis_values(spec.start, spec.grid_digits);
    const size_t rows = spec.start_kind == StartAxis::None ? 1 : g.start_values.size();
    const std::string prefix = spec.origin.empty() ? std::string() : spec.origin + ": ";
    g.points.reserve(rows * g.h_values.size());
    for (size_t j = 0; j < rows; ++j) {
        Problem p = spec.base;
        std::optional<Rational> sp;
        try {
            if (spec.start_kind == StartAxis::Scale) {
                sp = g.start_values[j];
                p.z0 = scaled_start(spec.base.z0, *sp);
            } else if (spec.start_kind == StartAxis::Imbalance) {
                sp = g.start_values[j];
                p.z0 = imbalanced_start(spec.base.z0, *sp, spec.grid_digits);
            }
        } catch (const std::invalid_argument& e) {
            throw InputError(prefix + (spec.start_kind == StartAxis::Scale ? "scale" : "imbalance") + ": " + e.what());
        }
        std::optional<Real> L0mid;
        std::unique_ptr<PrecisionScope> scope;
        if (spec.h_scale == HScale::TwoOverL0) {
            scope = std::make_unique<PrecisionScope>(kGridBits);
            try {
                L0mid = start_sharpness_midpoint(p, p.z0);
            } catch (const InputError& e) {
                throw InputError(prefix + e.what() +
                                 (sp ? " (start value " + exact_text(*sp) + ")" : std::string()));
            }
        }
        for (size_t i = 0; i < g.h_values.size(); ++i) {
            SweepPoint pt;
            pt.index = g.points.size();
            pt.h_index = i;
            pt.start_index = j;
            pt.h_param = g.h_values[i];
            pt.start_param = sp;
            pt.problem = p;
            // The grid sets h; a base given relative to 2/L0 does not carry over.
            pt.problem.h_over_2_over_L0.reset();
            if (L0mid) {
                pt.problem.h = relative_step(g.h_values[i], *L0mid, spec.grid_digits);
                if (pt.problem.h <= 0)
                    throw InputError(prefix + "h: the value " + exact_text(g.h_values[i]) + " * 2/L0 rounds to 0");
            } else {
                pt.problem.h = g.h_values[i];
            }
            g.points.push_back(std::move(pt));
        }
    }
    return g;
}

json spec_to_json(const SweepSpec& spec) {
    json s;
    s["lrcert_sweep"] = 1;
    if (!spec.name.empty()) s["name"] = spec.name;
    if (!spec.description.empty()) s["description"] = spec.description;
    s["base"] = problem_to_json(spec.base);
    json h = json::object();
    h["relative_to"] = spec.h_scale == HScale::TwoOverL0 ? "2/L0" : "absolute";
    h["values"] = axis_json(axis_values(spec.h, spec.grid_digits));
    s["h"] = h;
    if (spec.start_kind != StartAxis::None)
        s[spec.start_kind == StartAxis::Scale ? "scale" : "imbalance"] =
            json{{"values", axis_json(axis_values(spec.start, spec.grid_digits))}};
    s["digits"] = spec.digits;
    s["grid_digits"] = spec.grid_digits;
    s["precision"] = spec.precision;
    s["max_precision"] = spec.max_precision;
    s["max_steps"] = spec.max_steps;
    return s;
}

}  // namespace lrcert
