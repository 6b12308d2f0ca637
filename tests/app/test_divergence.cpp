// Diverging trajectories and every shipped example through the command line
// (docs/cli.md, docs/formats.md): `fixture`, `certify` and `compare` never
// exit 5 and write strict JSON whose interval ends are decimals or null, never
// "nan"/"inf"; on a diverging run the steps from the first one beyond the
// iterate bound |z| <= 1e30 are undecided with a reason naming that step,
// while the earlier steps are certified and contain the exact iterate (exact
// rational GD computed here, with plain loops over GMP rationals). Runs the
// built `lrcert` from LRCERT_BINARY_DIR (exit 77 = skipped when it is absent).
// (Over 500 lines on purpose: every example and the diverging instances through three commands, with their own exact oracle.)
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <boost/multiprecision/gmp.hpp>
#include <gmp.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;
using Q = boost::multiprecision::mpq_rational;
using Z = boost::multiprecision::mpz_int;

namespace {

// ---- running the tool ------------------------------------------------------------

fs::path env_dir(const char* name) {
    const char* v = std::getenv(name);
    if (!v) {
        std::cerr << "test_divergence: " << name << " is not set (run through ctest); skipped\n";
        std::exit(77);
    }
    return v;
}

fs::path source_dir() { return env_dir("LRCERT_SOURCE_DIR"); }

fs::path lrcert() {
    fs::path p = env_dir("LRCERT_BINARY_DIR") / "lrcert";
    if (!fs::exists(p)) {
        std::cerr << "test_divergence: " << p << " is not built; skipped\n";
        std::exit(77);
    }
    return p;
}

fs::path work_dir() {
    static fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("lrcert_test_divergence_" + std::to_string(::getpid()));
        fs::remove_all(d);
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

std::string quote(const fs::path& p) { return "'" + p.string() + "'"; }

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Run {
    int code = -1;
    std::string out;  // stdout, then stderr
    std::string std_out, std_err;
};

Run run(const std::string& command) {
    Run r;
    fs::path err = work_dir() / "stderr.txt";
    FILE* f = ::popen((command + " 2>" + quote(err)).c_str(), "r");
    REQUIRE(f != nullptr);
    char buf[4096];
    size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, got);
    int status = ::pclose(f);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.std_out = r.out;
    r.std_err = slurp(err);
    r.out += r.std_err;
    return r;
}

// Strict JSON (nlohmann refuses NaN / Infinity tokens, comments, trailing text).
json strict_json(const std::string& text) {
    json j;
    REQUIRE_NOTHROW(j = json::parse(text));
    return j;
}

// ---- exact numbers, independently of lrcert ---------------------------------------------

Q pow10(long e) {
    Z p = 1;
    for (long i = 0; i < (e < 0 ? -e : e); ++i) p *= 10;
    return e >= 0 ? Q(p) : Q(Z(1), p);
}

// A run of decimal digits (base 10 explicitly: Boost's string constructor
// reads a leading 0 as octal).
Z integer(const std::string& digits) {
    Z z;
    if (!digits.empty()) mpz_set_str(z.backend().data(), digits.c_str(), 10);
    return z;
}

// "[-]digits[.digits][e[+-]digits]" or "[-]p/q"; nullopt for anything else
// (so "nan", "inf", "" are refused). Exponents are limited to |e| <= 100000.
std::optional<Q> decimal(const std::string& s) {
    size_t i = 0;
    bool neg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    auto digits = [&](std::string& out) {
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) out += s[i++];
    };
    std::string a, b, e;
    digits(a);
    if (i < s.size() && s[i] == '/') {
        ++i;
        digits(b);
        if (a.empty() || b.empty() || i != s.size() || integer(b) == 0) return std::nullopt;
        Q q = Q(integer(a)) / Q(integer(b));
        return neg ? Q(-q) : q;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        digits(b);
    }
    if (a.empty() && b.empty()) return std::nullopt;
    bool eneg = false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) eneg = s[i++] == '-';
        digits(e);
        if (e.empty() || e.size() > 6) return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    long ex = e.empty() ? 0 : std::stol(e);
    if (ex > 100000) return std::nullopt;
    if (eneg) ex = -ex;
    Q q = Q(integer(a + b)) * pow10(ex - static_cast<long>(b.size()));
    return neg ? Q(-q) : q;
}

Q number(const json& v) {
    REQUIRE(v.is_string());
    std::optional<Q> q = decimal(v.get<std::string>());
    INFO(v.dump());
    REQUIRE(q);
    return *q;
}

// Unit of the last digit of a value text "d.ddd...e<k>".
Q last_digit_unit(const std::string& text) {
    size_t e = text.find('e');
    std::string mant = text.substr(0, e);
    long ex = e == std::string::npos ? 0 : std::stol(text.substr(e + 1));
    size_t dot = mant.find('.');
    long frac = dot == std::string::npos ? 0 : static_cast<long>(mant.size() - dot - 1);
    return pow10(ex - frac);
}

// ---- the problem and its exact GD --------------------------------------------------------

struct Exact {
    bool scalar = false;
    size_t n = 0, m = 0, d = 0;
    std::vector<Q> A, X, Y;  // row-major n x m, n x d, m x d
    Q h;
};

Exact exact_problem(const json& p) {
    Exact e;
    auto row = [](const json& a) {
        std::vector<Q> v;
        for (const auto& x : a) v.push_back(number(x));
        return v;
    };
    auto rows = [&](const json& a, size_t& r, size_t& c) {
        std::vector<Q> v;
        r = a.size();
        c = a[0].size();
        for (const auto& x : a) {
            std::vector<Q> one = row(x);
            v.insert(v.end(), one.begin(), one.end());
        }
        return v;
    };
    e.scalar = p["family"] == "scalar";
    e.h = number(p["h"]);
    if (e.scalar) {
        e.n = e.m = 1;
        e.A = {number(p["mu"])};
        e.X = row(p["x0"]);
        e.Y = row(p["y0"]);
        e.d = e.X.size();
    } else {
        size_t c = 0;
        e.A = rows(p["A"], e.n, e.m);
        e.X = rows(p["X0"], e.n, e.d);
        e.Y = rows(p["Y0"], e.m, c);
    }
    return e;
}

std::vector<Q> residual(const Exact& e) {
    std::vector<Q> R(e.n * e.m);
    for (size_t i = 0; i < e.n; ++i)
        for (size_t j = 0; j < e.m; ++j) {
            Q s = e.A[i * e.m + j];
            for (size_t a = 0; a < e.d; ++a) s -= e.X[i * e.d + a] * e.Y[j * e.d + a];
            R[i * e.m + j] = s;
        }
    return R;
}

// X+ = X + h R Y, Y+ = Y + h R^T X (both from the old X, Y).
void exact_step(Exact& e) {
    std::vector<Q> R = residual(e), X = e.X, Y = e.Y;
    for (size_t i = 0; i < e.n; ++i)
        for (size_t a = 0; a < e.d; ++a) {
            Q s = 0;
            for (size_t j = 0; j < e.m; ++j) s += R[i * e.m + j] * e.Y[j * e.d + a];
            X[i * e.d + a] += e.h * s;
        }
    for (size_t j = 0; j < e.m; ++j)
        for (size_t a = 0; a < e.d; ++a) {
            Q s = 0;
            for (size_t i = 0; i < e.n; ++i) s += R[i * e.m + j] * e.X[i * e.d + a];
            Y[j * e.d + a] += e.h * s;
        }
    e.X = X;
    e.Y = Y;
}

Q exact_loss(const Exact& e) {
    Q s = 0;
    for (const Q& r : residual(e)) s += r * r;
    return s / 2;
}

// ---- fixture values -----------------------------------------------------------------------

// Every interval end ("lo", "hi") and every "value" anywhere in `j`: null or
// exact decimal text (never "nan", "inf", "-inf"), lo <= hi when both are given.
void check_ends(const json& j, const std::string& path) {
    if (j.is_array()) {
        for (size_t i = 0; i < j.size(); ++i) check_ends(j[i], path + "[" + std::to_string(i) + "]");
        return;
    }
    if (!j.is_object()) return;
    for (const char* key : {"lo", "hi", "value"}) {
        if (!j.contains(key)) continue;
        INFO(path << "." << key << " = " << j[key].dump());
        REQUIRE((j[key].is_null() || j[key].is_string()));
        if (j[key].is_string()) REQUIRE(decimal(j[key].get<std::string>()));
    }
    if (j.contains("lo") && j.contains("hi") && j["lo"].is_string() && j["hi"].is_string()) {
        INFO(path);
        REQUIRE(number(j["lo"]) <= number(j["hi"]));
    }
    for (const auto& item : j.items()) check_ends(item.value(), path + "." + item.key());
}

void check_no_non_finite_text(const std::string& text) {
    for (const char* bad : {"\"nan\"", "\"-nan\"", "\"inf\"", "\"-inf\"", ": NaN", ": Infinity", ": -Infinity"}) {
        INFO(bad);
        CHECK(text.find(bad) == std::string::npos);
    }
}

// A certified fixture value of the exact q: lo <= q <= hi and |value - q| <= one unit of its last digit.
void check_certified(const json& v, const Q& q, const std::string& where) {
    INFO(where << ": " << v.dump());
    REQUIRE(v["certified"] == true);
    CHECK(number(v["lo"]) <= q);
    CHECK(q <= number(v["hi"]));
    std::string text = v["value"].get<std::string>();
    CHECK(abs(Q(number(v["value"]) - q)) <= last_digit_unit(text));
}

// The values of one fixture step in order: x/X entries, y/Y entries, loss.
std::vector<json> step_values(const json& row, bool scalar) {
    std::vector<json> out;
    if (scalar) {
        for (const auto& v : row["x"]) out.push_back(v);
        for (const auto& v : row["y"]) out.push_back(v);
    } else {
        for (const auto& r : row["X"])
            for (const auto& v : r) out.push_back(v);
        for (const auto& r : row["Y"])
            for (const auto& v : r) out.push_back(v);
    }
    out.push_back(row["loss"]);
    return out;
}

// Checks the steps <= up_to of a fixture against exact GD from the problem.
void check_against_exact_gd(const json& fixture, const json& problem, size_t up_to) {
    Exact e = exact_problem(problem);
    size_t k = 0;
    for (const auto& row : fixture["steps"]) {
        size_t step = row["step"].get<size_t>();
        if (step > up_to) break;
        while (k < step) {
            exact_step(e);
            ++k;
        }
        std::vector<json> values = step_values(row, e.scalar);
        std::vector<Q> exact = e.X;
        exact.insert(exact.end(), e.Y.begin(), e.Y.end());
        exact.push_back(exact_loss(e));
        REQUIRE(values.size() == exact.size());
        for (size_t i = 0; i < values.size(); ++i)
            check_certified(values[i], exact[i], "step " + std::to_string(step) + " value " + std::to_string(i));
    }
}

// ---- float64 GD and |z| -------------------------------------------------------------------

struct FloatRun {
    std::vector<std::vector<double>> states;  // per step: X then Y, row-major
};

FloatRun float_gd(const json& problem, size_t steps) {
    Exact e = exact_problem(problem);
    auto to_d = [](const std::vector<Q>& v) {
        std::vector<double> d;
        for (const Q& q : v) d.push_back(q.convert_to<double>());
        return d;
    };
    std::vector<double> A = to_d(e.A), X = to_d(e.X), Y = to_d(e.Y);
    double h = e.h.convert_to<double>();
    FloatRun run;
    for (size_t k = 0; k <= steps; ++k) {
        std::vector<double> s = X;
        s.insert(s.end(), Y.begin(), Y.end());
        run.states.push_back(s);
        std::vector<double> R(e.n * e.m), Xn = X, Yn = Y;
        for (size_t i = 0; i < e.n; ++i)
            for (size_t j = 0; j < e.m; ++j) {
                double t = A[i * e.m + j];
                for (size_t a = 0; a < e.d; ++a) t -= X[i * e.d + a] * Y[j * e.d + a];
                R[i * e.m + j] = t;
            }
        for (size_t i = 0; i < e.n; ++i)
            for (size_t a = 0; a < e.d; ++a)
                for (size_t j = 0; j < e.m; ++j) Xn[i * e.d + a] += h * R[i * e.m + j] * Y[j * e.d + a];
        for (size_t j = 0; j < e.m; ++j)
            for (size_t a = 0; a < e.d; ++a)
                for (size_t i = 0; i < e.n; ++i) Yn[j * e.d + a] += h * R[i * e.m + j] * X[i * e.d + a];
        X = Xn;
        Y = Yn;
    }
    return run;
}

double norm(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x * x;
    return std::sqrt(s);
}

// The trajectory CSV of docs/formats.md, as C++ streams print doubles
// (non-finite values as "inf", "-inf", "nan", "-nan").
std::string csv_of(const FloatRun& run, size_t from) {
    std::ostringstream os;
    os.precision(17);
    for (size_t k = from; k < run.states.size(); ++k) {
        os << k;
        for (double v : run.states[k]) os << "," << v;
        os << "\n";
    }
    return os.str();
}

// ---- examples and diverging instances ----------------------------------------------------------

// The problem files of examples/ (top level, *.json with a "family"); sweep
// specs and consumer files live in subfolders and are not problem files.
std::vector<fs::path> example_problems() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(source_dir() / "examples")) {
        if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
        json j = json::parse(slurp(entry.path()), nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("family")) continue;
        out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// A copy of an example with another h, written to the work folder.
fs::path with_h(const std::string& example, const std::string& h) {
    json p = json::parse(slurp(source_dir() / "examples" / (example + ".json")));
    p["h"] = h;
    p["name"] = example + " with h = " + h;
    fs::path out = work_dir() / (example + "_h" + h + ".json");
    std::ofstream(out) << p.dump(1);
    return out;
}

struct Diverging {
    fs::path path;
    bool scalar;
};

std::vector<Diverging> diverging_instances() {
    return {{source_dir() / "examples" / "diverging.json", true},
            {with_h("diverging", "0.5"), true},
            {with_h("diverging", "10"), true},
            {source_dir() / "examples" / "matrix_3x3_diverging.json", false},
            {with_h("matrix_3x3_diverging", "3"), false}};
}

}  // namespace

// =================================================================================================

TEST_CASE("every example: fixture 0-100 and certify exit 0-2 with strict JSON and decimal or null ends",
          "[divergence][examples]") {
    std::vector<fs::path> examples = example_problems();
    // The folder holds both families and both diverging examples.
    REQUIRE(examples.size() >= 9);
    REQUIRE(std::count(examples.begin(), examples.end(), source_dir() / "examples" / "diverging.json") == 1);
    REQUIRE(std::count(examples.begin(), examples.end(), source_dir() / "examples" / "matrix_3x3_diverging.json") == 1);
    for (const fs::path& problem : examples) {
        INFO(problem.string());
        json p = json::parse(slurp(problem));
        fs::path out = work_dir() / "example.fixture.json";
        fs::remove(out);
        Run f = run(quote(lrcert()) + " fixture " + quote(problem) + " --steps 0-100 --out " + quote(out) + " --quiet");
        INFO(f.out);
        REQUIRE((f.code == 0 || f.code == 2));
        std::string text = slurp(out);
        check_no_non_finite_text(text);
        json fx = strict_json(text);
        REQUIRE(fx["steps"].size() == 101);
        check_ends(fx, "fixture");
        CHECK((f.code == 0) == fx["all_certified"].get<bool>());
        // The first steps against exact rational GD (the iterates of every
        // example stay below 1e30 for at least 3 steps). A file that gives h
        // relative to 2/L0: the fixture records t as given and the h used
        // (its rounding is checked in tests/app/test_relative_h.cpp).
        if (!p.contains("h")) {
            REQUIRE(p.contains("h_over_2_over_L0"));
            CHECK(number(fx["problem"]["h_over_2_over_L0"]) == number(p["h_over_2_over_L0"]));
            p["h"] = fx["problem"]["h"];
        }
        check_against_exact_gd(fx, p, 2);

        fs::path report = work_dir() / "example.report.json";
        fs::remove(report);
        Run c = run(quote(lrcert()) + " certify " + quote(problem) + " --quiet --report " + quote(report));
        INFO(c.out);
        REQUIRE(c.code <= 2);
        std::string rtext = slurp(report);
        check_no_non_finite_text(rtext);
        json rep = strict_json(rtext);
        check_ends(rep, "report");
        REQUIRE((rep["final_radius"].is_null() || decimal(rep["final_radius"].get<std::string>())));
    }
}

TEST_CASE("diverging instances: steps up to 500 undecided past the iterate bound, with the reason",
          "[divergence]") {
    for (const Diverging& inst : diverging_instances()) {
        INFO(inst.path.string());
        json p = json::parse(slurp(inst.path));
        fs::path out = work_dir() / "diverging.fixture.json";
        fs::remove(out);
        Run f = run(quote(lrcert()) + " fixture " + quote(inst.path) + " --steps 0-40,50,100,500 --out " + quote(out) +
                    " --quiet");
        INFO(f.out);
        REQUIRE(f.code == 2);
        std::string text = slurp(out);
        check_no_non_finite_text(text);
        json fx = strict_json(text);
        check_ends(fx, "fixture");
        REQUIRE(fx["all_certified"] == false);

        // The first undecided step s: every value from there on has no
        // enclosure and the reason names s; none before it.
        const json& steps = fx["steps"];
        REQUIRE(steps.size() == 44);
        std::optional<size_t> first;
        size_t undecided_values = 0;
        for (const auto& row : steps) {
            size_t k = row["step"].get<size_t>();
            INFO("step " << k);
            bool none = row["loss"].contains("reason");
            if (none && !first) first = k;
            for (const json& v : step_values(row, inst.scalar)) {
                if (first) {
                    REQUIRE(v["value"].is_null());
                    REQUIRE(v["lo"].is_null());
                    REQUIRE(v["hi"].is_null());
                    REQUIRE(v["certified"] == false);
                    REQUIRE(v["reason"].get<std::string>().find("exceed 1e30 at step " + std::to_string(*first)) !=
                            std::string::npos);
                    ++undecided_values;
                } else {
                    REQUIRE(!v.contains("reason"));
                    REQUIRE(v["lo"].is_string());
                    REQUIRE(v["hi"].is_string());
                }
            }
        }
        REQUIRE(first);
        CHECK(*first >= 2);
        CHECK(*first <= 40);
        CHECK(fx["uncertified"].size() >= undecided_values);
        // stderr warns, naming the reason.
        CHECK(f.std_err.find("lrcert: warning: undecided: the iterates exceed 1e30 at step " +
                             std::to_string(*first)) != std::string::npos);
        // More bits cannot move a proven exceedance: one precision is enough.
        CHECK(fx["precisions_tried"].size() == 1);

        // Independent of lrcert: float64 GD crosses |z| = 1e30 exactly there
        // (relative float error is far below the margin at these sizes).
        FloatRun fr = float_gd(p, *first);
        CHECK(norm(fr.states[*first]) > 1e30);
        CHECK(norm(fr.states[*first - 1]) <= 1e30);
        // Early steps: certified and containing the exact rational iterate.
        check_against_exact_gd(fx, p, std::min<size_t>(*first - 1, 4));

        // The limit: a certified divergence, by Lemma D (scalar family) or
        // Lemma DM (matrix family), before the iterate bound.
        const json& lim = fx["limit"];
        CHECK(lim["outcome"] == "diverged");
        CHECK(lim["reason"].get<std::string>().find(inst.scalar ? "Lemma D " : "Lemma DM ") != std::string::npos);

        // Without the limit, and at exactly the steps of the original reports.
        for (const char* steps_list : {"0,20", "0,30", "0,50,500"}) {
            INFO(steps_list);
            Run g = run(quote(lrcert()) + " fixture " + quote(inst.path) + " --no-limit --steps " + steps_list);
            REQUIRE(g.code == 2);
            check_no_non_finite_text(g.std_out);
            json gx = strict_json(g.std_out);
            check_ends(gx, "fixture");
            CHECK(!gx.contains("limit"));
            CHECK(g.std_err.find("lrcert: warning: undecided: the iterates exceed 1e30 at step " +
                                 std::to_string(*first)) != std::string::npos);
        }

        // certify: Lemma D (scalar) or Lemma DM (matrix) proves the divergence
        // (exit 0), at a step before the iterate bound.
        fs::path report = work_dir() / "diverging.report.json";
        fs::remove(report);
        Run c = run(quote(lrcert()) + " certify " + quote(inst.path) + " --report " + quote(report));
        INFO(c.out);
        std::string rtext = slurp(report);
        check_no_non_finite_text(rtext);
        json rep = strict_json(rtext);
        check_ends(rep, "report");
        CHECK(c.code == 0);
        CHECK(rep["outcome"] == "diverged");
        CHECK(rep["tail_certificate"]["lemma"] == (inst.scalar ? "D" : "DM"));
        if (!inst.scalar) CHECK(rep["tail_certificate"]["step"].get<size_t>() < *first);
    }
}

TEST_CASE("compare on diverging problems with a float64 trajectory: exit 1 or 2, never 5", "[divergence][compare]") {
    for (const Diverging& inst : diverging_instances()) {
        INFO(inst.path.string());
        json p = json::parse(slurp(inst.path));
        FloatRun fr = float_gd(p, 500);
        bool overflowed = false;
        for (double v : fr.states.back()) overflowed |= !std::isfinite(v);
        CHECK(overflowed);  // the float run itself reaches inf / nan
        fs::path csv = work_dir() / "diverging.csv";
        std::ofstream(csv) << csv_of(fr, 0);
        // A huge tolerance: no step before the bound is left, every step
        // after it is undecided.
        Run wide = run(quote(lrcert()) + " compare " + quote(inst.path) + " " + quote(csv) + " --tol 1e100");
        INFO(wide.out);
        CHECK(wide.code == 2);
        CHECK(wide.out.find("UNDECIDED") != std::string::npos);
        CHECK(wide.out.find("exceed 1e30 at step") != std::string::npos);
        // The default tolerance: float64 leaves the thin enclosures of the
        // growing iterates before the bound (exit 1), or is undecided; never 5.
        Run tight = run(quote(lrcert()) + " compare " + quote(inst.path) + " " + quote(csv));
        INFO(tight.out);
        CHECK((tight.code == 1 || tight.code == 2));
        // Only steps past the bound (100..500, all with inf / nan floats).
        std::ofstream(csv) << csv_of(fr, 100);
        Run late = run(quote(lrcert()) + " compare " + quote(inst.path) + " " + quote(csv) + " --tol 1e-9");
        INFO(late.out);
        CHECK(late.code == 2);
        CHECK(late.out.find("exceed 1e30 at step") != std::string::npos);
    }
}

TEST_CASE("the Python consumer skips undecided fixture values and still checks the rest", "[divergence][consumer]") {
    if (std::system("command -v python3 >/dev/null 2>&1") != 0) {
        WARN("python3 not found: the consumer check was skipped");
        return;
    }
    fs::path script = source_dir() / "examples" / "consumers" / "check_fixture.py";
    for (const char* name : {"diverging", "matrix_3x3_diverging"}) {
        INFO(name);
        fs::path problem = source_dir() / "examples" / (std::string(name) + ".json");
        fs::path good = work_dir() / "consumer.fixture.json", bad = work_dir() / "consumer-bad.fixture.json";
        Run f = run(quote(lrcert()) + " fixture " + quote(problem) + " --steps 0-12,100 --no-limit --quiet --out " +
                    quote(good));
        REQUIRE(f.code == 2);
        Run ok = run("python3 " + quote(script) + " " + quote(good));
        INFO(ok.out);
        CHECK(ok.code == 0);
        CHECK(ok.out.find("undecided in the fixture") != std::string::npos);
        CHECK(ok.out.find("exceed 1e30 at step") != std::string::npos);
        // A wrong enclosure at step 2 (before the bound) is still caught.
        json fx = json::parse(slurp(good));
        json& v = fx["steps"][2]["loss"];
        v["lo"] = "1e20";
        v["hi"] = "2e20";
        std::ofstream(bad) << fx.dump(1);
        Run no = run("python3 " + quote(script) + " " + quote(bad));
        INFO(no.out);
        CHECK(no.code == 1);
    }
}
