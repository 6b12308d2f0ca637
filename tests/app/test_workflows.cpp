// The research workflows (docs/cli.md): sweep specs and grids, sharded sweeps
// merged byte-identically, fixtures against exact rational GD computed here,
// SVG plots (well-formed XML, expected series), bad specs (exit 3, the field
// named, no output files), and compare finding a deliberately broken step.
#include "lrcert/app/compare.hpp"
#include "lrcert/app/fixture.hpp"
#include "lrcert/app/svg.hpp"
#include "lrcert/app/sweep.hpp"
#include "lrcert/certify/scalar_certifier.hpp"
#include "lrcert/number/parse.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace lrcert;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string source_dir() {
    const char* s = std::getenv("LRCERT_SOURCE_DIR");
    return s ? s : "";
}

std::string claims_dir() { return source_dir().empty() ? "" : source_dir() + "/claims"; }

fs::path temp_dir() {
    static fs::path d = [] {
        fs::path p = fs::temp_directory_path() / ("lrcert-workflows-" + std::to_string(::getpid()));
        fs::remove_all(p);
        fs::create_directories(p);
        return p;
    }();
    return d;
}

std::string write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The headline start (d = 10) as an inline base problem.
const char* kHeadline = R"({"family": "scalar", "name": "headline", "mu": "1",
  "x0": ["1.5", "3", "4.5", "1.5", "3", "4.5", "1.5", "3", "4.5", "1.5"],
  "y0": ["-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01"],
  "h": "0.037"})";

std::string spec_text(const std::string& body) { return std::string("{\"base\": ") + kHeadline + ", " + body + "}"; }

SweepSpec spec_of(const std::string& body) { return parse_sweep_spec(spec_text(body), "spec.json", ""); }

// ---- exact reference: rational GD -------------------------------------------------

struct ExactState {
    Matrix<Rational> X, Y;
};

ExactState exact_step(const Matrix<Rational>& A, const ExactState& z, const Rational& h) {
    return {z.X + h * multiply(residual(A, Factors<Rational>{z.X, z.Y}), z.Y),
            z.Y + h * transposed_multiply(residual(A, Factors<Rational>{z.X, z.Y}), z.X)};
}

// The unit of the last digit of a fixture value text ("1.2345e-3" -> 1e-7).
Rational last_digit_unit(const std::string& text) {
    std::string mant = text, exp = "0";
    size_t e = text.find('e');
    if (e != std::string::npos) {
        mant = text.substr(0, e);
        exp = text.substr(e + 1);
    }
    size_t dot = mant.find('.');
    long frac = dot == std::string::npos ? 0 : static_cast<long>(mant.size() - dot - 1);
    return parse_exact("1e" + std::to_string(std::stol(exp) - frac));
}

// The fixture value encloses `exact` and, when certified, is within one unit
// of its last digit (D digits).
void check_value(const json& v, const Rational& exact, int digits, const std::string& where) {
    INFO(where << ": " << v.dump());
    REQUIRE(v.contains("lo"));
    CHECK(parse_exact(v["lo"].get<std::string>()) <= exact);
    CHECK(exact <= parse_exact(v["hi"].get<std::string>()));
    if (v["certified"].get<bool>()) {
        std::string text = v["value"].get<std::string>();
        Rational value = parse_exact(text);
        CHECK(abs(Rational(value - exact)) <= last_digit_unit(text));
        if (exact != 0) {
            std::string mant = text.substr(0, text.find('e'));
            size_t sig = 0;
            for (char c : mant) sig += (c >= '0' && c <= '9');
            CHECK(static_cast<int>(sig) == digits);
        }
    } else {
        CHECK(v["value"].is_null());
    }
}

// ---- a tiny XML well-formedness check ---------------------------------------------

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.'; }

// "" if `s` is a well-formed XML document (one root element, balanced tags,
// quoted attributes, known entities), else what is wrong.
std::string xml_problem(const std::string& s) {
    std::vector<std::string> stack;
    size_t i = 0, roots = 0;
    auto entity_ok = [&](size_t at) {
        size_t semi = s.find(';', at);
        if (semi == std::string::npos || semi - at > 10) return false;
        std::string e = s.substr(at + 1, semi - at - 1);
        if (e == "amp" || e == "lt" || e == "gt" || e == "quot" || e == "apos") return true;
        if (e.size() > 1 && e[0] == '#') return true;
        return false;
    };
    if (s.compare(0, 5, "<?xml") == 0) {
        i = s.find("?>");
        if (i == std::string::npos) return "unterminated XML declaration";
        i += 2;
    }
    while (i < s.size()) {
        if (s[i] == '<') {
            if (s.compare(i, 4, "<!--") == 0) {
                size_t end = s.find("-->", i);
                if (end == std::string::npos) return "unterminated comment";
                i = end + 3;
                continue;
            }
            bool closing = i + 1 < s.size() && s[i + 1] == '/';
            size_t j = i + (closing ? 2 : 1);
            size_t start = j;
            while (j < s.size() && name_char(s[j])) ++j;
            std::string name = s.substr(start, j - start);
            if (name.empty()) return "empty tag name at byte " + std::to_string(i);
            if (closing) {
                while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
                if (j >= s.size() || s[j] != '>') return "bad closing tag " + name;
                if (stack.empty() || stack.back() != name) return "mismatched </" + name + ">";
                stack.pop_back();
                i = j + 1;
                continue;
            }
            // attributes
            std::vector<std::string> seen;
            for (;;) {
                while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
                if (j >= s.size()) return "unterminated tag " + name;
                if (s[j] == '>' || (s[j] == '/' && j + 1 < s.size() && s[j + 1] == '>')) break;
                size_t a = j;
                while (j < s.size() && name_char(s[j])) ++j;
                std::string attr = s.substr(a, j - a);
                if (attr.empty()) return "bad attribute in " + name;
                for (const auto& x : seen)
                    if (x == attr) return "duplicate attribute " + attr;
                seen.push_back(attr);
                if (j >= s.size() || s[j] != '=') return "attribute without value: " + attr;
                ++j;
                if (j >= s.size() || (s[j] != '"' && s[j] != '\'')) return "unquoted attribute " + attr;
                char q = s[j++];
                while (j < s.size() && s[j] != q) {
                    if (s[j] == '<') return "'<' in attribute " + attr;
                    if (s[j] == '&' && !entity_ok(j)) return "bad entity in attribute " + attr;
                    ++j;
                }
                if (j >= s.size()) return "unterminated attribute " + attr;
                ++j;
            }
            bool self = s[j] == '/';
            if (stack.empty()) {
                if (++roots > 1) return "more than one root element";
            }
            if (!self) stack.push_back(name);
            i = j + (self ? 2 : 1);
            continue;
        }
        if (s[i] == '&' && !entity_ok(i)) return "bad entity at byte " + std::to_string(i);
        if (stack.empty() && !std::isspace(static_cast<unsigned char>(s[i]))) return "text outside the root";
        ++i;
    }
    if (!stack.empty()) return "unclosed <" + stack.back() + ">";
    if (roots != 1) return "no root element";
    return "";
}

bool have_python3() { return std::system("command -v python3 >/dev/null 2>&1") == 0; }

std::string quote(const std::string& s) { return "'" + s + "'"; }

// ---- float trajectories for compare ----------------------------------------------

std::string float_trajectory_csv(const Problem& p, size_t steps, bool header) {
    Matrix<double> A = convert_matrix<double>(p.A);
    Factors<double> z{convert_matrix<double>(p.z0.X), convert_matrix<double>(p.z0.Y)};
    double h = from_rational<double>(p.h);
    std::ostringstream os;
    os.precision(17);
    if (header) {
        os << "step";
        for (const auto& n : entry_names(p)) os << "," << n;
        os << "\n";
    }
    for (size_t k = 0; k <= steps; ++k) {
        os << k;
        for (double v : z.X.data()) os << "," << v;
        for (double v : z.Y.data()) os << "," << v;
        os << "\n";
        z = gd_step(A, z, h);
    }
    return os.str();
}

// Replaces field `col` (0 = step) of the row of step `k`.
std::string break_entry(const std::string& csv, size_t k, size_t col, const std::string& value) {
    std::istringstream in(csv);
    std::ostringstream out;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        size_t a = 0;
        for (;;) {
            size_t c = line.find(',', a);
            f.push_back(line.substr(a, c == std::string::npos ? std::string::npos : c - a));
            if (c == std::string::npos) break;
            a = c + 1;
        }
        if (f[0] == std::to_string(k)) f[col] = value;
        for (size_t i = 0; i < f.size(); ++i) out << (i ? "," : "") << f[i];
        out << "\n";
    }
    return out.str();
}

const char* kMatrix2x2 = R"({"family": "matrix", "A": [["1", "0.5"], ["0.25", "2"]],
  "X0": [["1", "0.2"], ["-0.3", "0.9"]], "Y0": [["0.5", "0.1"], ["0.2", "0.7"]], "h": "0.1"})";

}  // namespace

// =====================================================================================

TEST_CASE("sweep spec: exact grids and start modifications", "[sweep]") {
    SECTION("linear h grid is exact, points are ordered start-major") {
        SweepSpec s = spec_of(R"("h": {"from": "0.01", "to": "0.03", "count": 3}, "scale": {"values": ["1/2", "2"]})");
        SweepGrid g = expand_grid(s);
        REQUIRE(g.points.size() == 6);
        CHECK(g.h_values == std::vector<Rational>{Rational(1, 100), Rational(1, 50), Rational(3, 100)});
        for (size_t k = 0; k < 6; ++k) {
            CHECK(g.points[k].index == k);
            CHECK(g.points[k].h_index == k % 3);
            CHECK(g.points[k].start_index == k / 3);
            CHECK(g.points[k].problem.h == g.h_values[k % 3]);
        }
        // scale s: x0 -> s x0, y0 -> y0 / s keeps x0 . y0 exactly.
        const Problem& base = s.base;
        for (const auto& pt : g.points) {
            Rational dot0 = 0, dot = 0;
            for (size_t i = 0; i < base.d(); ++i) {
                dot0 += base.z0.X[i] * base.z0.Y[i];
                dot += pt.problem.z0.X[i] * pt.problem.z0.Y[i];
                CHECK(pt.problem.z0.X[i] == *pt.start_param * base.z0.X[i]);
            }
            CHECK(dot == dot0);
        }
    }
    SECTION("imbalance axis: |x0 - y0|^2 = t, x0 + y0 kept") {
        SweepSpec s = spec_of(R"("h": {"values": ["0.03"]}, "imbalance": {"values": ["0", "387.124", "1"]})");
        SweepGrid g = expand_grid(s);
        REQUIRE(g.points.size() == 3);
        Rational b0 = *initial_imbalance(s.base);
        CHECK(b0 == parse_exact("96.781"));
        // 387.124 = 4 b0: lambda = 2 exactly.
        CHECK(*initial_imbalance(g.points[1].problem) == parse_exact("387.124"));
        CHECK(*initial_imbalance(g.points[0].problem) == 0);
        // 1/b0 is not a square: lambda rounded to 12 digits, imbalance close to 1.
        Rational t = *initial_imbalance(g.points[2].problem);
        CHECK(abs(Rational(t - 1)) < parse_exact("1e-10"));
        for (const auto& pt : g.points)
            for (size_t i = 0; i < s.base.d(); ++i)
                CHECK(pt.problem.z0.X[i] + pt.problem.z0.Y[i] == s.base.z0.X[i] + s.base.z0.Y[i]);
    }
    SECTION("h relative to 2/L0 and log spacing") {
        SweepSpec s = spec_of(R"("h": {"from": "0.1", "to": "10", "count": 5, "spacing": "log", "relative_to": "2/L0"})");
        SweepGrid g = expand_grid(s);
        REQUIRE(g.h_values.size() == 5);
        CHECK(g.h_values.front() == Rational(1, 10));
        CHECK(g.h_values.back() == 10);
        CHECK(g.h_values[2] == 1);
        CHECK(g.h_values[1] == parse_exact("0.316227766017"));
        PrecisionScope scope(256);
        ScalarReduction red = reduce_scalar(s.base.mu(), Rational(1), s.base.z0.X.data(), s.base.z0.Y.data());
        Interval L0 = scalar_initial_sharpness(red).L0;
        for (const auto& pt : g.points) {
            // h L0 / 2 = t up to the 12-digit rounding of h.
            Interval ratio = enclose(pt.problem.h) * L0 / enclose(Rational(2 * pt.h_param));
            // 12 significant digits: relative rounding error <= 5e-12.
            CHECK(lo(ratio) > Real("0.99999999999"));
            CHECK(hi(ratio) < Real("1.00000000001"));
        }
    }
    SECTION("exact text") {
        CHECK(exact_text(Rational(1, 8)) == "0.125");
        CHECK(exact_text(Rational(-5, 2)) == "-2.5");
        CHECK(exact_text(Rational(3)) == "3");
        CHECK(exact_text(Rational(1, 3)) == "1/3");
        CHECK(exact_text(parse_exact("1e-20")) == "0.00000000000000000001");
    }
}

TEST_CASE("bad sweep specs are rejected naming the field", "[sweep]") {
    struct Bad {
        std::string body;
        std::string field;
    };
    std::vector<Bad> cases = {
        {R"("h": {"values": ["0.01"]}, "hh": 1)", "hh"},
        {R"("h": {"from": "0.01", "to": "0.02", "count": 0})", "h.count"},
        {R"("h": {"from": "0.01", "to": "0.02"})", "h.count"},
        {R"("h": {"values": []})", "h.values"},
        {R"("h": {"values": ["0.01", "-1"]})", "h.values[1]"},
        {R"("h": {"values": ["0.01", "abc"]})", "h.values[1]"},
        {R"("h": {"values": ["0.01"], "from": "1"})", "h"},
        {R"("h": {"values": ["0.01"], "relative_to": "2/L"})", "h.relative_to"},
        {R"("h": {"from": "0", "to": "1", "count": 3, "spacing": "log"})", "h.from"},
        {R"("h": {"from": "1", "to": "2", "count": 3, "spacing": "cubic"})", "h.spacing"},
        {R"("h": {"values": ["0.01"]}, "scale": {"values": ["0"]})", "scale.values[0]"},
        {R"("h": {"values": ["0.01"]}, "imbalance": {"values": ["-1"]})", "imbalance.values[0]"},
        {R"("h": {"values": ["0.01"]}, "scale": {"values": ["1"]}, "imbalance": {"values": ["1"]})", "scale, imbalance"},
        {R"("h": {"values": ["0.01"]}, "digits": 3)", "digits"},
        {R"("h": {"values": ["0.01"]}, "precision": 16)", "precision"},
        {R"("h": {"values": ["0.01"]}, "max_steps": 0)", "max_steps"},
        {R"("h": {"values": ["0.01"]}, "claims": "builtin")", "claims"},
        {R"("x": 1)", "unknown field \"x\""},
    };
    for (const auto& c : cases) {
        INFO(c.body);
        try {
            spec_of(c.body);
            FAIL("accepted");
        } catch (const InputError& e) {
            std::string msg = e.what();
            INFO(msg);
            CHECK(msg.rfind("spec.json: ", 0) == 0);
            CHECK(msg.find(c.field) != std::string::npos);
        }
    }
    // The base problem: missing file, bad inline problem, balanced start for an imbalance axis.
    CHECK_THROWS_WITH(parse_sweep_spec(R"({"base": "nowhere.json", "h": {"values": ["1"]}})", "s.json", ""),
                      Catch::Contains("s.json: base: ") && Catch::Contains("nowhere.json"));
    CHECK_THROWS_WITH(
        parse_sweep_spec(R"({"base": {"family": "scalar", "mu": "1", "x0": ["1"], "y0": ["x"], "h": "1"},
                            "h": {"values": ["1"]}})", "s.json", ""),
        Catch::Contains("base: inline problem: y0[0]"));
    CHECK_THROWS_WITH(
        parse_sweep_spec(R"({"base": {"family": "scalar", "mu": "1", "x0": ["1", "2"], "y0": ["1", "2"], "h": "1"},
                            "h": {"values": ["1"]}, "imbalance": {"values": ["1"]}})", "s.json", ""),
        Catch::Contains("imbalance: the base start is balanced"));

    SECTION("the command: exit 3, the field named, no output file") {
        fs::path dir = temp_dir() / "bad";
        fs::create_directories(dir);
        std::string spec = write(dir / "bad.json", spec_text(R"("h": {"from": "0.01", "to": "0.02", "count": 0})"));
        // Outputs of an earlier run stay as they were; nothing new is written.
        write(dir / "out.json", "earlier");
        write(dir / "out.csv", "earlier");
        SweepOptions o;
        o.spec_path = spec;
        o.out_prefix = (dir / "out").string();
        o.svg_prefix = (dir / "out").string();
        o.progress = false;
        std::ostringstream out, err;
        CHECK(sweep_command(o, out, err) == kExitBadInput);
        CHECK(err.str().find("h.count") != std::string::npos);
        CHECK(err.str().rfind("lrcert: error: ", 0) == 0);
        std::set<std::string> names;
        for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
        CHECK(names == std::set<std::string>{"bad.json", "out.json", "out.csv"});
        CHECK(slurp(dir / "out.json") == "earlier");
        CHECK(slurp(dir / "out.csv") == "earlier");
        // An output that would overwrite the spec itself is refused before anything is touched.
        o.out_prefix = (dir / "bad").string();
        o.svg_prefix.clear();
        std::ostringstream out2, err2;
        CHECK(sweep_command(o, out2, err2) == kExitBadInput);
        CHECK(fs::exists(dir / "bad.json"));
        CHECK(err2.str().find("must not overwrite") != std::string::npos);
        CHECK(err2.str().find("bad.json") != std::string::npos);
        // A bad --shard.
        CHECK_THROWS_WITH(parse_shard("3/3"), Catch::Contains("--shard"));
        CHECK_THROWS_WITH(parse_shard("1"), Catch::Contains("--shard"));
        CHECK(parse_shard("2/5").index == 2);
    }
}

namespace {

// The merge test's sweep, computed once: unsharded on 2 threads, unsharded on
// 1 thread, and as 4 shards (each through its file text), in shuffled order.
struct MergeFixture {
    std::string claims;
    json full, serial;
    std::vector<json> shards;
    std::vector<std::string> names;
};

const MergeFixture& merge_fixture() {
    static const MergeFixture f = [] {
        MergeFixture m;
        m.claims = claims_dir().empty() ? R"("claims": [], )" : "";
        SweepSpec spec = spec_of(m.claims + R"("name": "merge test",
            "h": {"from": "0.75", "to": "2.75", "count": 5, "relative_to": "2/L0"}, "scale": {"values": ["1", "3/2", "2"]})");
        auto claim_list = load_sweep_claims(spec, claims_dir(), spec.base.family);
        SweepGrid grid = expand_grid(spec);
        auto all = shard_indices(grid.points.size(), Shard{});
        m.full = results_json(spec, grid, claim_list, run_sweep_points(spec, grid, all, claim_list, 2), std::nullopt);
        m.serial = results_json(spec, grid, claim_list, run_sweep_points(spec, grid, all, claim_list, 1), std::nullopt);
        for (size_t i = 0; i < 4; ++i) {
            Shard sh{i, 4};
            auto idx = shard_indices(grid.points.size(), sh);
            m.shards.push_back(json::parse(results_text(
                results_json(spec, grid, claim_list, run_sweep_points(spec, grid, idx, claim_list, 1), sh))));
            m.names.push_back("shard" + std::to_string(i));
        }
        std::swap(m.shards[0], m.shards[3]);
        std::swap(m.names[0], m.names[3]);
        return m;
    }();
    return f;
}

}  // namespace

TEST_CASE("sharded sweeps merged equal the unsharded sweep, byte for byte", "[sweep]") {
    const MergeFixture& mf = merge_fixture();
    const std::string& claims = mf.claims;
    const json& full = mf.full;
    const std::vector<json>& shards = mf.shards;
    const std::vector<std::string>& names = mf.names;
    REQUIRE(full["points_total"] == 15);
    // The same with one thread: the order and the content do not depend on scheduling.
    CHECK(results_text(full) == results_text(mf.serial));
    for (size_t i = 0; i < 4; ++i)
        for (const auto& p : shards[i]["points"])
            CHECK(p["index"].get<size_t>() % 4 == shards[i]["shard"]["index"].get<size_t>());
    json merged = merge_results(shards, names);
    CHECK(results_text(merged) == results_text(full));
    CHECK(results_csv(merged) == results_csv(full));

    // What the rows say.
    const json& pts = full["points"];
    REQUIRE(pts.size() == 15);
    size_t converged = 0, diverged = 0;
    for (const auto& p : pts) {
        CHECK(!p.contains("elapsed_seconds"));
        if (p["outcome"] == "converged") {
            ++converged;
            // The limit is balanced below the paper's bound 2/h - 2 mu.
            CHECK(parse_exact(p["limit"]["imbalance"]["hi"].get<std::string>()) <
                  parse_exact(p["balancing_bound"].get<std::string>()));
        }
        if (p["outcome"] == "diverged") ++diverged;
    }
    CHECK(converged > 0);
    CHECK(diverged > 0);
    // h = 0.75 * 2/L0 (index 0) converges, 2.75 * 2/L0 (index 4) diverges.
    CHECK(pts[0]["outcome"] == "converged");
    CHECK(pts[4]["outcome"] == "diverged");
    CHECK(pts[0]["h_param"] == "0.75");
    CHECK(pts[5]["start_param"] == "1.5");
    if (!claims_dir().empty()) CHECK(pts[0]["verdicts"]["seed.scalar.convergence_and_balancing"] == "confirmed");

    SECTION("incomplete or mixed shard sets are refused") {
        std::vector<json> three(shards.begin(), shards.begin() + 3);
        CHECK_THROWS_WITH(merge_results(three, names), Catch::Contains("split into 4"));
        std::vector<json> dup = shards;
        dup[1] = dup[0];
        CHECK_THROWS_WITH(merge_results(dup, names), Catch::Contains("already given"));
        std::vector<json> other = shards;
        other[2]["spec"]["max_steps"] = 7;
        CHECK_THROWS_WITH(merge_results(other, names), Catch::Contains("\"spec\" differs"));
        std::vector<json> cut = shards;
        cut[1]["points"].erase(0);
        CHECK_THROWS_WITH(merge_results(cut, names), Catch::Contains("incomplete shard"));
        CHECK_THROWS_WITH(merge_results({full}, {"full"}), Catch::Contains("not a shard file"));
    }

    SECTION("the commands: sweep --shard, merge, files byte-identical") {
        fs::path dir = temp_dir() / "merge";
        fs::create_directories(dir);
        std::string specfile = write(dir / "spec.json", spec_text(claims + R"("name": "merge test",
            "h": {"from": "0.75", "to": "2.75", "count": 5, "relative_to": "2/L0"}, "scale": {"values": ["1", "3/2", "2"]})"));
        SweepOptions o;
        o.spec_path = specfile;
        o.builtin_claims_dir = claims_dir();
        o.progress = false;
        o.quiet = true;
        o.out_prefix = (dir / "full").string();
        std::ostringstream out, err;
        REQUIRE(sweep_command(o, out, err) == 0);
        MergeOptions m;
        m.out_prefix = (dir / "merged").string();
        m.quiet = true;
        for (size_t i = 0; i < 3; ++i) {
            o.out_prefix.clear();  // default names: spec.results.shard-I-of-3
            o.shard = Shard{i, 3};
            o.jobs = 1;
            REQUIRE(sweep_command(o, out, err) == 0);
            m.shard_paths.push_back((dir / ("spec.results.shard-" + std::to_string(i) + "-of-3.json")).string());
            REQUIRE(fs::exists(m.shard_paths.back()));
        }
        REQUIRE(merge_command(m, out, err) == 0);
        CHECK(slurp(dir / "merged.json") == slurp(dir / "full.json"));
        CHECK(slurp(dir / "merged.csv") == slurp(dir / "full.csv"));
        CHECK(slurp(dir / "full.json") == results_text(full));
        // A shard cannot be plotted.
        PlotOptions po;
        po.results_path = m.shard_paths[0];
        po.quiet = true;
        CHECK(plot_command(po, out, err) == kExitBadInput);
    }
}

TEST_CASE("sweep CSV: one row per point, RFC 4180 quoting", "[sweep]") {
    SweepSpec spec = spec_of(R"("claims": [], "h": {"values": ["0.01", "0.09"]})");
    SweepGrid grid = expand_grid(spec);
    json r = results_json(spec, grid, {}, run_sweep_points(spec, grid, shard_indices(2, Shard{}), {}, 1), std::nullopt);
    std::string csv = results_csv(r);
    std::istringstream in(csv);
    std::string header, row0, row1;
    std::getline(in, header);
    std::getline(in, row0);
    std::getline(in, row1);
    CHECK(header.rfind("index,h_param,h,start_param,", 0) == 0);
    CHECK(header.find("limit_imbalance_lo") != std::string::npos);
    CHECK(row0.rfind("0,0.01,0.01,,", 0) == 0);
    CHECK(row1.rfind("1,0.09,0.09,,", 0) == 0);
    // The reason (with commas) is quoted.
    CHECK(row0.find(",\"") != std::string::npos);
    CHECK(r["points"][1]["outcome"] == "diverged");
}

TEST_CASE("fixture values enclose exact rational GD and have D digits", "[fixture]") {
    SECTION("scalar family") {
        Problem p = parse_problem(R"({"family": "scalar", "mu": "2", "x0": ["1.5", "-0.25", "0.5"],
                                      "y0": ["0.1", "0.2", "-0.3"], "h": "0.05"})", "test");
        FixtureSettings s;
        s.steps = {0, 1, 2, 3, 6};
        s.digits = 25;
        json f = make_fixture(p, s);
        CHECK(f["all_certified"] == true);
        CHECK(f["limit"]["outcome"] == "converged");
        ExactState z{p.z0.X, p.z0.Y};
        size_t k = 0;
        for (const auto& row : f["steps"]) {
            while (k < row["step"].get<size_t>()) {
                z = exact_step(p.A, z, p.h);
                ++k;
            }
            for (size_t i = 0; i < p.d(); ++i) {
                check_value(row["x"][i], z.X[i], 25, "x[" + std::to_string(i) + "] at step " + std::to_string(k));
                check_value(row["y"][i], z.Y[i], 25, "y[" + std::to_string(i) + "] at step " + std::to_string(k));
            }
            check_value(row["loss"], objective(p.A, Factors<Rational>{z.X, z.Y}), 25, "loss");
        }
        // The limit is a minimizer: x_inf . y_inf = mu (checked on the enclosures).
        CHECK(f["limit"]["loss"]["value"] == "0");
    }
    SECTION("matrix family") {
        Problem p = parse_problem(kMatrix2x2, "test");
        FixtureSettings s;
        s.steps = {0, 1, 2, 4};
        s.digits = 20;
        s.limit = false;
        json f = make_fixture(p, s);
        CHECK(f["all_certified"] == true);
        CHECK(!f.contains("limit"));
        ExactState z{p.z0.X, p.z0.Y};
        size_t k = 0;
        for (const auto& row : f["steps"]) {
            while (k < row["step"].get<size_t>()) {
                z = exact_step(p.A, z, p.h);
                ++k;
            }
            for (size_t i = 0; i < 2; ++i)
                for (size_t j = 0; j < 2; ++j) {
                    check_value(row["X"][i][j], z.X(i, j), 20, "X");
                    check_value(row["Y"][i][j], z.Y(i, j), 20, "Y");
                }
            check_value(row["loss"], objective(p.A, Factors<Rational>{z.X, z.Y}), 20, "loss");
        }
    }
    SECTION("the limit against its closed form, and the precision is raised for D digits") {
        // Balanced start x0 = y0 = (1, 1, 1), mu = 1: the limit has |x + y|^2 = 4 mu, x = y,
        // so every coordinate is 1/sqrt(3).
        Problem p = parse_problem(R"({"family": "scalar", "mu": "1", "x0": ["1", "1", "1"],
                                      "y0": ["1", "1", "1"], "h": "0.3"})", "test");
        FixtureSettings s;
        s.steps = {0, 40};
        s.digits = 60;
        json f = make_fixture(p, s);
        CHECK(f["all_certified"] == true);
        CHECK(f["precisions_tried"].size() >= 1);
        for (const auto& v : f["limit"]["x"]) {
            REQUIRE(v["certified"] == true);
            Rational value = parse_exact(v["value"].get<std::string>());
            Rational ulp = last_digit_unit(v["value"].get<std::string>());
            // value - ulp <= 1/sqrt(3) <= value + ulp, squared (all positive), exactly.
            CHECK(Rational((value - ulp) * (value - ulp)) <= Rational(1, 3));
            CHECK(Rational(1, 3) <= Rational((value + ulp) * (value + ulp)));
            CHECK(ulp == parse_exact("1e-60"));
        }
        CHECK(f["limit"]["imbalance"]["value"] == "0");
    }
    SECTION("values that cannot reach D digits under the cap are flagged enclosures") {
        Problem p = parse_problem(kHeadline, "test");
        FixtureSettings s;
        s.steps = {0, 30};
        s.digits = 60;
        s.max_precision = 128;
        s.limit = false;
        json f = make_fixture(p, s);
        CHECK(f["all_certified"] == false);
        REQUIRE(!f["uncertified"].empty());
        bool step1 = false;
        for (const auto& u : f["uncertified"]) step1 |= u.get<std::string>().rfind("steps[1].x[0]", 0) == 0;
        CHECK(step1);
        const json& v = f["steps"][1]["x"][0];
        CHECK(v["certified"] == false);
        CHECK(v["value"].is_null());
        // Step 0 is exact input: certified even at the cap.
        CHECK(f["steps"][0]["x"][0]["value"] == "1.5" + std::string(58, '0'));
    }
    SECTION("the Python consumer checks a float64 loop against a fixture") {
        if (!have_python3() || source_dir().empty()) {
            WARN("python3 or LRCERT_SOURCE_DIR missing: the consumer check was skipped");
            return;
        }
        Problem p = parse_problem(kHeadline, "test");
        FixtureSettings s;
        s.steps = {0, 1, 5, 40};
        s.digits = 17;
        json f = make_fixture(p, s);
        fs::path good = temp_dir() / "fixture.json", bad = temp_dir() / "fixture-bad.json";
        write(good, f.dump(1));
        // A wrong certified value at step 5: the float64 loop no longer matches.
        f["steps"][2]["y"][3]["lo"] = "2";
        f["steps"][2]["y"][3]["hi"] = "2.1";
        write(bad, f.dump(1));
        std::string script = quote(source_dir() + "/examples/consumers/check_fixture.py");
        std::string csv = (temp_dir() / "consumer.csv").string();
        auto status = [](int raw) { return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1; };
        CHECK(status(std::system(("python3 " + script + " " + quote(good.string()) + " --csv " + quote(csv) +
                                  " >/dev/null").c_str())) == 0);
        CHECK(status(std::system(("python3 " + script + " " + quote(bad.string()) + " >/dev/null").c_str())) == 1);
        // Its CSV is what compare reads, and the float64 run stays within 1e-12.
        CompareReport rep = compare_trajectory(p, parse_trajectory_csv(slurp(csv), "consumer.csv", p),
                                               parse_exact("1e-12"), 4096);
        CHECK(rep.rows == 41);
        CHECK(!rep.left_row);
        CHECK(!rep.unclear_row);
    }
    SECTION("steps") {
        CHECK(parse_steps("0,1,2,10,100") == std::vector<size_t>{0, 1, 2, 10, 100});
        CHECK(parse_steps("5,0-2,2") == std::vector<size_t>{0, 1, 2, 5});
        CHECK_THROWS_WITH(parse_steps("1,x"), Catch::Contains("--steps"));
        CHECK_THROWS_WITH(parse_steps("3-1"), Catch::Contains("backwards"));
        CHECK_THROWS_WITH(parse_steps(""), Catch::Contains("--steps"));
    }
}

TEST_CASE("SVG plots are well-formed XML with the expected series", "[svg]") {
    SweepSpec spec = spec_of(R"("claims": [], "name": "svg <test> & co",
        "h": {"from": "0.25", "to": "2.5", "count": 10, "relative_to": "2/L0"}, "scale": {"values": ["1", "2"]})");
    SweepGrid grid = expand_grid(spec);
    json r = results_json(spec, grid, {}, run_sweep_points(spec, grid, shard_indices(20, Shard{}), {}, 2), std::nullopt);
    size_t converged = 0;
    for (const auto& p : r["points"]) converged += p["outcome"] == "converged";
    REQUIRE(converged > 0);

    std::string imb = imbalance_plot_svg(r), map = verdict_map_svg(r);
    CHECK(xml_problem(imb) == "");
    CHECK(xml_problem(map) == "");
    CHECK(xml_problem("<svg><g></svg>") != "");  // the checker itself
    CHECK(xml_problem("<svg a=\"1\" a=\"2\"/>") != "");
    CHECK(xml_problem("<svg>&nbsp;</svg>") != "");
    for (const char* id : {"series-limit-imbalance", "series-bound", "line-2-over-L0", "line-4-over-L0", "legend", "axes"})
        CHECK(imb.find(std::string("id=\"") + id + "\"") != std::string::npos);
    for (const char* id : {"verdict-cells", "line-2-over-L0", "line-seed-theorem", "legend", "axes"})
        CHECK(map.find(std::string("id=\"") + id + "\"") != std::string::npos);
    // One marker (with its enclosure as a tooltip) per converged point.
    size_t start = imb.find("id=\"series-limit-imbalance\""), end = imb.find("id=\"series-no-limit\"");
    REQUIRE(start < end);
    std::string series = imb.substr(start, end - start);
    size_t circles = 0;
    for (size_t at = series.find("<circle"); at != std::string::npos; at = series.find("<circle", at + 1)) ++circles;
    CHECK(circles == converged);
    CHECK(imb.find("svg &lt;test&gt; &amp; co") != std::string::npos);
    CHECK(map.find("converged (certified)") != std::string::npos);
    CHECK(map.find("diverged (certified)") != std::string::npos);

    if (have_python3()) {
        fs::path a = temp_dir() / "imbalance.svg", b = temp_dir() / "verdicts.svg";
        write(a, imb);
        write(b, map);
        std::string cmd = "python3 -c 'import sys, xml.dom.minidom as m; [m.parse(f) for f in sys.argv[1:]]' " +
                          quote(a.string()) + " " + quote(b.string());
        CHECK(std::system(cmd.c_str()) == 0);
    } else {
        WARN("python3 not found: the minidom cross-check was skipped");
    }

    SECTION("plot command and sweep --svg write the same files") {
        fs::path dir = temp_dir() / "svg";
        fs::create_directories(dir);
        write(dir / "r.json", results_text(r));
        PlotOptions po;
        po.results_path = (dir / "r.json").string();
        po.quiet = true;
        std::ostringstream out, err;
        REQUIRE(plot_command(po, out, err) == 0);
        CHECK(slurp(dir / "r-imbalance.svg") == imb);
        CHECK(slurp(dir / "r-verdicts.svg") == map);
    }
}

TEST_CASE("compare finds a deliberately broken step", "[compare]") {
    SECTION("scalar family") {
        Problem p = parse_problem(kHeadline, "test");
        std::string csv = float_trajectory_csv(p, 60, true);
        auto rows = parse_trajectory_csv(csv, "t.csv", p);
        REQUIRE(rows.size() == 61);
        CompareReport ok = compare_trajectory(p, rows, parse_exact("1e-9"), 4096);
        CHECK(!ok.left_row);
        CHECK(!ok.unclear_row);

        // y[4] at step 23 moved by 1e-6: left there, and not before.
        std::string broken = break_entry(csv, 23, 1 + 10 + 4, "0.0123");
        CompareReport bad = compare_trajectory(p, parse_trajectory_csv(broken, "t.csv", p), parse_exact("1e-9"), 4096);
        REQUIRE(bad.left_row);
        CHECK(bad.step == 23);
        CHECK(bad.entry == "y[4]");
        CHECK(bad.value == "0.0123");

        // A non-finite value leaves the enclosure.
        std::string nan = break_entry(csv, 7, 1, "nan");
        CompareReport bad2 = compare_trajectory(p, parse_trajectory_csv(nan, "t.csv", p), parse_exact("1e-9"), 4096);
        REQUIRE(bad2.left_row);
        CHECK(bad2.step == 7);
        CHECK(bad2.entry == "x[0]");

        // A tolerance of 0: float64 rounding already leaves the thin enclosure.
        CompareReport strict = compare_trajectory(p, rows, Rational(0), 4096);
        CHECK(strict.left_row);
    }
    SECTION("matrix family, steps with gaps, no header") {
        Problem p = parse_problem(kMatrix2x2, "test");
        std::string csv = float_trajectory_csv(p, 30, false);
        std::string sparse;
        std::istringstream in(csv);
        std::string line;
        for (size_t k = 0; std::getline(in, line); ++k)
            if (k % 3 == 0) sparse += line + "\n";
        CompareReport ok = compare_trajectory(p, parse_trajectory_csv(sparse, "m.csv", p), parse_exact("1e-12"), 4096);
        CHECK(!ok.left_row);
        std::string broken = break_entry(sparse, 12, 1 + 4 + 2, "5");
        CompareReport bad = compare_trajectory(p, parse_trajectory_csv(broken, "m.csv", p), parse_exact("1e-12"), 4096);
        REQUIRE(bad.left_row);
        CHECK(bad.step == 12);
        CHECK(bad.entry == "Y[1][0]");
    }
    SECTION("bad CSV input names the line and column") {
        Problem p = parse_problem(kMatrix2x2, "test");
        CHECK_THROWS_WITH(parse_trajectory_csv("0,1,2,3\n", "m.csv", p), Catch::Contains("m.csv:1: has 4 columns, expected 9"));
        CHECK_THROWS_WITH(parse_trajectory_csv("0,1,2,3,4,5,6,7,8\n0,1,2,3,4,5,6,7,8\n", "m.csv", p),
                          Catch::Contains("m.csv:2: column 1 (step): steps must increase"));
        CHECK_THROWS_WITH(parse_trajectory_csv("0,1,2,3,4,5,6,x,8\n", "m.csv", p),
                          Catch::Contains("m.csv:1: column 8 (Y[1][0])"));
        CHECK_THROWS_WITH(parse_trajectory_csv("# only a comment\n", "m.csv", p), Catch::Contains("no trajectory rows"));
    }
    SECTION("the command's exit codes") {
        fs::path dir = temp_dir() / "compare";
        fs::create_directories(dir);
        std::string problem = write(dir / "p.json", kMatrix2x2);
        Problem p = parse_problem(kMatrix2x2, "test");
        std::string csv = float_trajectory_csv(p, 20, true);
        CompareOptions o;
        o.problem_path = problem;
        o.quiet = true;
        std::ostringstream out, err;
        o.trajectory_path = write(dir / "good.csv", csv);
        CHECK(compare_command(o, out, err) == 0);
        o.trajectory_path = write(dir / "broken.csv", break_entry(csv, 9, 3, "0.5"));
        o.quiet = false;
        CHECK(compare_command(o, out, err) == 1);
        CHECK(out.str().find("LEFT at step 9") != std::string::npos);
        o.trajectory_path = write(dir / "junk.csv", "step,a\n0,1\n");
        CHECK(compare_command(o, out, err) == kExitBadInput);
        o.trajectory_path = (dir / "good.csv").string();
        o.tol = "-1";
        CHECK(compare_command(o, out, err) == kExitBadInput);
    }
}
