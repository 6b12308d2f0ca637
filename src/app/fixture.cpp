// `lrcert fixture` (include/lrcert/app/fixture.hpp).
#include "lrcert/app/fixture.hpp"
#include "lrcert/version.hpp"

#include "lrcert/app/errors.hpp"

#include "lrcert/app/certify_command.hpp"
#include "lrcert/app/quantity_json.hpp"
#include "lrcert/app/terminal_progress.hpp"
#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/certify/scalar_certifier.hpp"
#include "lrcert/certify/scalar_reduction.hpp"
#include "lrcert/io/file_paths.hpp"
#include "lrcert/io/output_file.hpp"
#include "lrcert/linalg/parallel_rows.hpp"

#include <unistd.h>

#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>

namespace lrcert {

namespace {

using nlohmann::json;

// Binary exponents of the values a fixture certifies: |x| in [2^-330000, 2^330000),
// so a value's decimal exponent stays far inside the exact parser's range.
constexpr mpfr_exp_t kValueExponentRange = 330000;

// Digits beyond D asked of the limit certification (limit_values): enough for
// D significant digits of every limit coordinate down to 10^-5 (1 + |z|).
constexpr unsigned kLimitExtraDigits = 5;

// 10^e, exactly.
Rational power_of_ten(long e) {
    Integer p;
    mpz_ui_pow_ui(p.backend().data(), 10, static_cast<unsigned long>(e < 0 ? -e : e));
    return e >= 0 ? Rational(p) : Rational(Integer(1), p);
}

// The exact value of the decimal (+-) <digits> * 10^e, built from the digit
// string itself (never by parsing text back).
Rational decimal_value(const std::string& digits, long e, bool negative) {
    Integer m;
    mpz_set_str(m.backend().data(), digits.c_str(), 10);
    if (negative) m = -m;
    return Rational(m) * power_of_ten(e);
}

// value = sign 0.s * 10^e10 with s the D digits of mpfr_get_str.
struct Decimal {
    std::string text;  // "1.2345e-3" with all D digits
    Rational value;
    Rational ulp;      // one unit of the last digit
};

// x finite, non-zero, within kValueExponentRange.
Decimal nearest_decimal(const Real& x, int digits) {
    mpfr_exp_t e10 = 0;
    std::unique_ptr<char, void (*)(char*)> raw(
        mpfr_get_str(nullptr, &e10, 10, static_cast<size_t>(digits), x.backend().data(), MPFR_RNDN), mpfr_free_str);
    std::string s(raw.get());
    bool negative = s[0] == '-';
    if (negative) s.erase(0, 1);
    long e = static_cast<long>(e10) - 1;  // exponent of the first digit
    Decimal d;
    d.text = (negative ? "-" : "") + s.substr(0, 1);
    if (s.size() > 1) d.text += "." + s.substr(1);
    if (e != 0) d.text += "e" + std::to_string(e);
    // value = 0.s * 10^e10 = s * 10^(e10 - len); its last digit has the unit 10^(e10 - len).
    const long last = static_cast<long>(e10) - static_cast<long>(s.size());
    d.value = decimal_value(s, last, negative);
    d.ulp = power_of_ten(last);
    return d;
}

// The enclosure with D + 5 digits, and the value (null if not certified).
json with_enclosure(const Interval& x, int digits, json value, bool certified) {
    json v = interval_json(x, digits + 5);
    v["value"] = std::move(value);
    v["certified"] = certified;
    return v;
}

// A value with no enclosure (docs/formats.md, "Fixtures"): null ends, and why.
json undecided_value(const std::string& reason) {
    return json{{"value", nullptr}, {"lo", nullptr}, {"hi", nullptr}, {"certified", false}, {"reason", reason}};
}

// Values gathered at one precision, with their certification status.
struct Collector {
    explicit Collector(int d) : digits(d) {}
    int digits;
    bool all = true;
    // Some value is uncertified for want of precision (not for a trajectory
    // proven to exceed the iterate bound, which more bits cannot change).
    bool more_bits_may_help = false;
    std::vector<std::string> uncertified;
    json value(const Interval& x, const std::string& where) {
        json v = fixture_value(x, digits);
        if (!v["certified"].get<bool>()) {
            all = false;
            more_bits_may_help = true;
            uncertified.push_back(where);
        }
        return v;
    }
    json vector(const std::vector<Interval>& xs, const std::string& where) {
        json a = json::array();
        for (size_t i = 0; i < xs.size(); ++i) a.push_back(value(xs[i], where + "[" + std::to_string(i) + "]"));
        return a;
    }
    json matrix(const Matrix<Interval>& M, const std::string& where) {
        json rows = json::array();
        for (size_t i = 0; i < M.rows(); ++i) {
            json row = json::array();
            for (size_t j = 0; j < M.cols(); ++j)
                row.push_back(value(M(i, j), where + "[" + std::to_string(i) + "][" + std::to_string(j) + "]"));
            rows.push_back(row);
        }
        return rows;
    }
    // Values past the iterate bound (no enclosure): one, a vector, a matrix.
    // `proven`: the bound is proven exceeded, so more bits cannot help.
    json undecided(const std::string& where, const std::string& reason, bool proven) {
        all = false;
        more_bits_may_help |= !proven;
        uncertified.push_back(where);
        return undecided_value(reason);
    }
    json undecided_vector(size_t n, const std::string& where, const std::string& reason, bool proven) {
        json a = json::array();
        for (size_t i = 0; i < n; ++i) a.push_back(undecided(where + "[" + std::to_string(i) + "]", reason, proven));
        return a;
    }
    json undecided_matrix(size_t rows, size_t cols, const std::string& where, const std::string& reason,
                          bool proven) {
        json a = json::array();
        for (size_t i = 0; i < rows; ++i)
            a.push_back(undecided_vector(cols, where + "[" + std::to_string(i) + "]", reason, proven));
        return a;
    }
};

// The iterates at the requested steps, at the current working precision.
// Once the trajectory's enclosure leaves |z| <= 1e30 (enclose/ball.hpp) it is
// not advanced further: that step and every later one are undecided values
// with the reason.
json trajectory_values(const Problem& p, const std::vector<size_t>& steps, Collector& c, const FixtureSettings& settings) {
    json out = json::array();
    Interval half = enclose(Rational(1, 2));
    const bool scalar = p.family == Family::Scalar;
    // Step 0 is exact input: its tightest enclosures.
    auto start_row = [&](json& row, const std::string& at) {
        Factors<Interval> z0{convert_matrix<Interval>(p.z0.X), convert_matrix<Interval>(p.z0.Y)};
        if (scalar) {
            row["x"] = c.vector(z0.X.data(), at + ".x");
            row["y"] = c.vector(z0.Y.data(), at + ".y");
        } else {
            row["X"] = c.matrix(z0.X, at + ".X");
            row["Y"] = c.matrix(z0.Y, at + ".Y");
        }
        row["loss"] = c.value(enclose(objective(p.A, p.z0)), at + ".loss");
    };
    auto undecided_row = [&](json& row, const std::string& at, BallBound bound, size_t escape_step) {
        const std::string why = bound_reason(bound, escape_step) + past_bound_text();
        const bool proven = bound == BallBound::Beyond;
        if (scalar) {
            row["x"] = c.undecided_vector(p.d(), at + ".x", why, proven);
            row["y"] = c.undecided_vector(p.d(), at + ".y", why, proven);
        } else {
            row["X"] = c.undecided_matrix(p.n(), p.d(), at + ".X", why, proven);
            row["Y"] = c.undecided_matrix(p.m(), p.d(), at + ".Y", why, proven);
        }
        row["loss"] = c.undecided(at + ".loss", why, proven);
    };
    // Follows `traj` through the listed steps: step 0 exact, then the
    // enclosure at each step (`certified_row`) while it stays within the
    // iterate bound, undecided from there on.
    auto walk = [&](auto& traj, auto certified_row) {
        for (size_t k : steps) {
            std::string at = "steps[" + std::to_string(out.size()) + "]";
            json row{{"step", k}};
            while (traj.step() < k && traj.bound() == BallBound::Within) {
                traj.advance();
                if (traj.step() % kProgressEvery == 0) {
                    throw_if_cancelled(settings.cancel);
                    if (settings.progress)
                        settings.progress(Progress{"fixture steps", traj.step(), working_bits(),
                                                   traj.ball().radius.real().template convert_to<double>()});
                }
            }
            if (k == 0)
                start_row(row, at);
            else if (traj.bound() != BallBound::Within)
                undecided_row(row, at, traj.bound(), traj.step());
            else
                certified_row(row, at);
            out.push_back(row);
        }
        return out;
    };
    if (scalar) {
        ScalarReduction red = reduce_scalar(p.mu(), p.h, p.z0.X.data(), p.z0.Y.data());
        ScalarTrajectory traj = scalar_trajectory(red);
        return walk(traj, [&](json& row, const std::string& at) {
            std::vector<Interval> x, y;
            scalar_iterate(red, traj.ball(), x, y);
            Interval bx, by;
            ScalarMap::reduced_box(traj.ball(), bx, by);
            // x . y = x' y' (the reduction keeps the product), so f = (mu - x'y')^2 / 2.
            Interval r = traj.map().mu() - bx * by;
            row["x"] = c.vector(x, at + ".x");
            row["y"] = c.vector(y, at + ".y");
            row["loss"] = c.value(half * interval_sqr(r), at + ".loss");
        });
    }
    MatrixTrajectory traj = matrix_trajectory(p.A, p.z0, p.h);
    return walk(traj, [&](json& row, const std::string& at) {
        Factors<Interval> z = ball_box(traj.ball());
        row["X"] = c.matrix(z.X, at + ".X");
        row["Y"] = c.matrix(z.Y, at + ".Y");
        row["loss"] = c.value(objective(traj.map().A(), z), at + ".loss");
    });
}

json limit_values(const Problem& p, unsigned bits, const FixtureSettings& s, Collector& c) {
    CertifyOptions o;
    o.precision = bits;
    o.max_precision = std::max(bits, s.max_precision);
    o.max_steps = s.max_steps;
    // The certify run's limit refinement stops at width 10^-digits (1 + |z|)
    // (docs/cli.md, certify --digits), relative to the whole vector: a
    // coordinate much smaller than |z| needs more digits than D for D
    // significant ones, so the run asks for D + kLimitExtraDigits.
    o.digits = static_cast<unsigned>(s.digits) + kLimitExtraDigits;
    o.builtin_claims = false;
    o.cancel = s.cancel;
    o.progress = s.progress;
    CertifyRun run = run_certify(p, {}, o);
    json lim;
    lim["outcome"] = outcome_name(run.outcome);
    lim["reason"] = run.reason;
    PrecisionScope scope(run.precision_bits);
    lim["precision_bits"] = run.precision_bits;
    // The limit's values: every limit quantity of the run's table (the same
    // walk as the report's "limit" object), each with D digits if certified.
    const json values = limit_json(
        run.quantities, [&](const Interval& x, const std::string& where) { return c.value(x, where); }, "limit.");
    for (const auto& [key, value] : values.items()) lim[key] = value;
    return lim;
}

// The stderr warning of a fixture with uncertified values.
std::string uncertified_warning(const json& f, const FixtureSettings& s) {
    std::string reason;  // of the first value given without an enclosure
    for (const auto& row : f["steps"])
        if (reason.empty() && row["loss"].contains("reason")) reason = row["loss"]["reason"].get<std::string>();
    std::ostringstream os;
    os << "lrcert: warning: " << f["uncertified"].size() << " values could not be certified to " << s.digits
       << " digits (precision " << f["precision_bits"].get<unsigned>() << " bits, cap " << s.max_precision
       << "); they are given as enclosures or as undecided (\"certified\": false), e.g. "
       << f["uncertified"][0].get<std::string>() << "\n";
    if (!reason.empty()) os << "lrcert: warning: undecided: " << reason << "\n";
    return os.str();
}

unsigned start_bits(int digits) {
    unsigned b = static_cast<unsigned>(std::ceil(digits * 3.3219280948873623)) + 64;
    b = (b + 63) / 64 * 64;
    return std::max(128u, b);
}

}  // namespace

std::vector<size_t> parse_steps(const std::string& text) {
    auto bad = [&](const std::string& why) {
        return InputError("--steps: " + why + " in \"" + text +
                          "\" (expected steps like 0,1,2,10,100 or ranges like 0-10, each <= " +
                          std::to_string(kMaxFixtureStep) + ")");
    };
    auto number = [&](const std::string& s) -> size_t {
        if (s.empty() || s.size() > 8 || !std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            throw bad("\"" + s + "\" is not a step number");
        size_t v = std::stoul(s);
        if (v > kMaxFixtureStep) throw bad("step " + s + " is too large");
        return v;
    };
    std::vector<size_t> steps;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        size_t dash = item.find('-');
        if (dash == std::string::npos) {
            steps.push_back(number(item));
        } else {
            size_t a = number(item.substr(0, dash)), b = number(item.substr(dash + 1));
            if (b < a) throw bad("range " + item + " runs backwards");
            if (b - a > 100000) throw bad("range " + item + " has more than 100000 steps");
            for (size_t k = a; k <= b; ++k) steps.push_back(k);
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    std::sort(steps.begin(), steps.end());
    steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
    if (steps.empty()) throw bad("no steps");
    return steps;
}

bool has_digits(const Interval& x, int digits) {
    mpfr_srcptr l = lo(x).backend().data(), u = hi(x).backend().data();
    if (!mpfr_number_p(l) || !mpfr_number_p(u)) return false;
    if (mpfr_zero_p(l) && mpfr_zero_p(u)) return true;
    Real m = midpoint(x);
    mpfr_srcptr mp = m.backend().data();
    if (mpfr_zero_p(mp)) return false;  // [-e, e]: no significant digit
    // Far outside any iterate bound: not given as a D-digit value (its
    // decimal exponent could leave the range of exact number text).
    if (mpfr_get_exp(mp) > kValueExponentRange || mpfr_get_exp(mp) < -kValueExponentRange) return false;
    Decimal d = nearest_decimal(m, digits);
    return to_rational(lo(x)) >= d.value - d.ulp && to_rational(hi(x)) <= d.value + d.ulp;
}

json fixture_value(const Interval& x, int digits) {
    if (!has_digits(x, digits)) return with_enclosure(x, digits, nullptr, false);
    std::string value = "0";
    if (!(mpfr_zero_p(lo(x).backend().data()) && mpfr_zero_p(hi(x).backend().data())))
        value = nearest_decimal(midpoint(x), digits).text;
    return with_enclosure(x, digits, value, true);
}

void validate_fixture_settings(const FixtureSettings& s) {
    if (s.digits < 1 || s.digits > 1000)
        throw InputError("--digits " + std::to_string(s.digits) + " is outside [1, 1000]");
    if (s.max_precision < 64 || s.max_precision > 65536)
        throw InputError("--max-precision " + std::to_string(s.max_precision) + " is outside [64, 65536] bits");
    if (s.max_steps < 1 || s.max_steps > 100000000)
        throw InputError("--max-steps " + std::to_string(s.max_steps) + " is outside [1, 100000000]");
    if (s.steps.empty()) throw InputError("--steps: no steps");
}

json make_fixture(const Problem& p, const FixtureSettings& s) {
    validate_fixture_settings(s);
    unsigned bits = std::min(start_bits(s.digits), s.max_precision);
    std::vector<unsigned> tried;
    json steps, limit;
    Collector c(s.digits);
    // Doublings in a row that certified no more values: two end the search
    // (a limit whose width is not set by the precision, e.g. Lemma P's).
    size_t fruitless = 0, last_uncertified = SIZE_MAX;
    for (;;) {
        tried.push_back(bits);
        c = Collector(s.digits);
        {
            PrecisionScope scope(bits);
            steps = trajectory_values(p, s.steps, c, s);
        }
        if (s.limit) limit = limit_values(p, bits, s, c);
        if (c.all || !c.more_bits_may_help || bits >= s.max_precision) break;
        fruitless = c.uncertified.size() < last_uncertified ? 0 : fruitless + 1;
        last_uncertified = std::min(last_uncertified, c.uncertified.size());
        if (fruitless >= 2) break;
        bits = std::min(2 * bits, s.max_precision);
    }
    json f;
    f["lrcert_fixture"] = 1;
    f["lrcert"] = LRCERT_VERSION;
    f["family"] = family_name(p.family);
    f["problem"] = problem_record_json(p);
    f["digits"] = s.digits;
    f["precision_bits"] = bits;
    f["precisions_tried"] = tried;
    f["steps"] = steps;
    if (s.limit) f["limit"] = limit;
    f["all_certified"] = c.all;
    f["uncertified"] = c.uncertified;
    return f;
}

int fixture_command(const FixtureOptions& o, std::ostream& out, std::ostream& err) {
    return run_guarded(err, [&]() -> int {
        FixtureSettings s;
        s.steps = parse_steps(o.steps);
        s.digits = o.digits;
        s.max_precision = o.max_precision;
        s.max_steps = o.max_steps;
        s.limit = !o.no_limit;
        validate_fixture_settings(s);
        if (o.threads > kMaxRowThreads)
            throw InputError("--threads " + std::to_string(o.threads) + " is outside [1, " +
                             std::to_string(kMaxRowThreads) + "]");
        PathPlan paths;
        paths.input(o.problem_path, "problem file");
        if (!o.out_path.empty()) paths.output(o.out_path, "--out");
        paths.check();
        Problem p = read_problem_file(o.problem_path);
        std::optional<RowThreads> threads;
        if (o.threads != 0) threads.emplace(o.threads);
        json f;
        {
            TerminalProgress line(err, "lrcert fixture", !o.quiet && isatty(STDERR_FILENO));
            if (line.enabled()) s.progress = [&line](const Progress& pr) { line.show(pr); };
            f = make_fixture(p, s);
        }
        std::string text = f.dump(1) + "\n";
        if (o.out_path.empty()) {
            out << text;
        } else {
            write_file_atomically(o.out_path, text);
            if (!o.quiet) {
                out << "lrcert fixture: " << s.steps.size() << " steps, " << s.digits << " digits, "
                    << f["precision_bits"].get<unsigned>() << " bits";
                if (f.contains("limit")) out << ", limit " << f["limit"]["outcome"].get<std::string>();
                out << "; " << (f["all_certified"].get<bool>()
                                    ? std::string("every value certified")
                                    : std::to_string(f["uncertified"].size()) + " values only as enclosures")
                    << "\n  wrote " << o.out_path << "\n";
            }
        }
        if (!f["all_certified"].get<bool>()) err << uncertified_warning(f, s);
        return f["all_certified"].get<bool>() ? kExitConfirmed : kExitUndecided;
    });
}

}  // namespace lrcert
