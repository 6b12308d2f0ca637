// The certify command end to end: every example's outcome, verdicts and exit
// code, the report contract, and bad input (message, exit >= 3, no report).
#include "lrcert/app/certify_command.hpp"
#include "lrcert/app/fixture.hpp"
#include "lrcert/app/quantity_json.hpp"
#include "lrcert/app/tail_certificate_json.hpp"
#include "lrcert/claims/vocabulary.hpp"
#include "lrcert/number/parse.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <variant>

using namespace lrcert;
namespace fs = std::filesystem;

namespace {

std::string source_dir() {
    const char* s = std::getenv("LRCERT_SOURCE_DIR");
    return s ? s : ".";
}

struct Outcome3 {
    int code;
    std::string out, err;
};

Outcome3 run(CertifyOptions o) {
    if (o.builtin_claims_dir.empty()) o.builtin_claims_dir = source_dir() + "/claims";
    std::ostringstream out, err;
    int code = certify_command(o, out, err);
    return {code, out.str(), err.str()};
}

fs::path temp_dir() {
    fs::path d = fs::temp_directory_path() / ("lrcert-test-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
}

std::string write(const fs::path& p, const std::string& text) {
    std::ofstream(p) << text;
    return p.string();
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

nlohmann::json read_json(const fs::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

std::string verdict_of(const nlohmann::json& report, const std::string& id) {
    for (const auto& c : report["claims"])
        if (c["id"] == id) return c["verdict"];
    return "missing";
}

// lo <= q <= hi for a report interval, compared exactly.
bool brackets(const nlohmann::json& iv, const Rational& q) {
    return parse_exact(iv["lo"].get<std::string>()) <= q && q <= parse_exact(iv["hi"].get<std::string>());
}

}  // namespace

TEST_CASE("examples: outcomes, verdicts, exit codes and the report contract", "[cli]") {
    fs::path dir = temp_dir();
    struct Expect {
        const char* name;
        const char* outcome;
        int code;
        const char* seed_verdict;  // scalar seed-paper claim
    };
    for (Expect e : {Expect{"headline", "converged", 0, "confirmed"}, Expect{"balanced", "converged", 0, "confirmed"},
                     Expect{"boundary", "converged", 0, "confirmed"},
                     Expect{"exceptional", "not_converged", 0, "vacuous"},
                     Expect{"diverging", "diverged", 0, "vacuous"}, Expect{"cycle_2", "periodic", 0, "vacuous"},
                     Expect{"chaos", "not_converged", 0, "vacuous"}}) {
        INFO(e.name);
        CertifyOptions o;
        o.problem_path = source_dir() + "/examples/" + e.name + ".json";
        o.report_path = (dir / (std::string(e.name) + ".report.json")).string();
        Outcome3 r = run(o);
        INFO(r.out << r.err);
        REQUIRE(r.code == e.code);
        nlohmann::json rep = read_json(o.report_path);
        REQUIRE(rep["outcome"] == e.outcome);
        REQUIRE(rep["family"] == "scalar");
        REQUIRE(verdict_of(rep, "seed.scalar.convergence_and_balancing") == e.seed_verdict);
        REQUIRE(rep.contains("sharpness_initial"));
        REQUIRE(parse_exact(rep["sharpness_initial"]["lo"].get<std::string>()) <=
                parse_exact(rep["sharpness_initial"]["hi"].get<std::string>()));
        REQUIRE(rep.contains("limit") == (std::string(e.outcome) == "converged"));
        if (std::string(e.outcome) == "converged") {
            REQUIRE(rep["tail_certificate"]["lemma"] == "S");
            REQUIRE(rep["limit"]["x"].size() == rep["d"].get<size_t>());
            REQUIRE(verdict_of(rep, "stability.limit_is_linearly_stable") == "confirmed");
        }
        REQUIRE(r.out.find("OUTCOME: " + std::string(e.outcome)) != std::string::npos);
        REQUIRE(rep.contains("cycle") == (std::string(e.outcome) == "periodic"));
    }
    // The 2-cycle: period 2, two points in R^3 with their loss and sharpness; Lemma N for the chaotic start.
    nlohmann::json cyc = read_json(dir / "cycle_2.report.json");
    REQUIRE(cyc["cycle"]["period"] == 2);
    REQUIRE(cyc["cycle"]["points"].size() == 2);
    REQUIRE(cyc["cycle"]["points"][0]["x"].size() == 3);
    REQUIRE(cyc["cycle"]["loss"].size() == 2);
    REQUIRE(cyc["proof"] == "cycle contraction");
    nlohmann::json chaos = read_json(dir / "chaos.report.json");
    REQUIRE(chaos["tail_certificate"]["lemma"] == "N");
    REQUIRE(chaos["proof"] == "lemma N");
    // The balanced example's exact limit: x - y = 0 and |x + y|^2 = 4 mu.
    nlohmann::json bal = read_json(dir / "balanced.report.json");
    REQUIRE(brackets(bal["limit"]["imbalance"], Rational(0)));
    REQUIRE(brackets(bal["limit"]["a"], Rational(4)));
    REQUIRE(brackets(bal["limit"]["sharpness"], Rational(2)));
    // The headline's regime is certified beyond 2/L.
    nlohmann::json head = read_json(dir / "headline.report.json");
    REQUIRE(head["regime"] == "beyond_2_over_L");
    REQUIRE(verdict_of(head, "regime.beyond_2_over_L") == "confirmed");
    fs::remove_all(dir);
}

TEST_CASE("matrix examples through the command", "[cli][matrix]") {
    fs::path dir = temp_dir();
    for (auto [name, outcome, code] : {std::tuple{"matrix_4x4", "converged", 0}, std::tuple{"matrix_3x5", "converged", 0},
                                       std::tuple{"matrix_isotropic_d1", "converged", 0},
                                       std::tuple{"matrix_lowrank_3x3_r1", "converged", 0},
                                       std::tuple{"matrix_lowrank_4x4_r2", "converged", 0},
                                       std::tuple{"matrix_3x3_diverging", "diverged", 0},
                                       std::tuple{"matrix_2x2_cycle", "periodic", 0}}) {
        INFO(name);
        CertifyOptions o;
        o.problem_path = source_dir() + "/examples/" + name + ".json";
        o.report_path = (dir / "m.report.json").string();
        Outcome3 r = run(o);
        INFO(r.out << r.err);
        REQUIRE(r.code == code);
        nlohmann::json rep = read_json(o.report_path);
        REQUIRE(rep["outcome"] == outcome);
        REQUIRE(rep["family"] == "matrix");
        if (std::string(name) == "matrix_isotropic_d1") {
            // A = 2 I (3 x 3), d = 1: Lemma I on the Gram map, f* = (n - 1) mu^2 / 2 = 4 exactly.
            REQUIRE(rep["proof"] == "lemma I");
            REQUIRE(rep["tail_certificate"]["lemma"] == "I");
            REQUIRE(rep["isotropic"]["min_loss"] == "4");
            REQUIRE(rep["isotropic"]["gram_limit"]["c"] == "2");
            REQUIRE(rep["limit"]["loss"]["lo"] == "4");
            REQUIRE(rep["limit"]["loss"]["hi"] == "4");
            REQUIRE(rep["limit"]["X"].size() == 3);
            // The positive-loss limit is outside the zero-residual balancing theorem.
            REQUIRE(verdict_of(rep, "matrix.balancing_bound") == "vacuous");
            REQUIRE(verdict_of(rep, "stability.limit_is_linearly_stable") == "confirmed");
        } else if (std::string(outcome) == "converged") {
            // d < min(n, m) with rank(A) = d: Lemma LR (docs/math.md 7.4b); else Lemma G.
            const bool lowrank = std::string(name).rfind("matrix_lowrank", 0) == 0;
            REQUIRE(rep["tail_certificate"]["lemma"] == (lowrank ? "LR" : "G"));
            REQUIRE(rep["proof"] == (lowrank ? "lemma LR" : "lemma G"));
            REQUIRE(rep["limit"]["X"].size() == rep["n"].get<size_t>());
            REQUIRE(rep["limit"]["loss"]["hi"] == "0");
            REQUIRE(verdict_of(rep, "stability.limit_is_linearly_stable") == "confirmed");
        }
        if (std::string(outcome) == "diverged") {
            REQUIRE(rep["tail_certificate"]["lemma"] == "DM");
            REQUIRE(!rep.contains("limit"));
            // converged is false: the limit claims are vacuous.
            REQUIRE(verdict_of(rep, "stability.limit_is_linearly_stable") == "vacuous");
        }
    }
    fs::remove_all(dir);
}

TEST_CASE("bad input: a clear message, exit >= 3, no report left behind", "[cli][errors]") {
    fs::path dir = temp_dir();
    const std::string good = R"({"family": "scalar", "mu": "1", "x0": ["1", "0.5"], "y0": ["0.1", "-0.2"], "h": "0.1"})";
    struct Bad {
        const char* what;
        std::string problem;  // file content ("" = missing file)
        std::string needle;   // expected in the message
        unsigned precision = 0;
    };
    std::vector<Bad> cases = {
        {"malformed JSON", R"({"family": "scalar", "mu": )", "invalid JSON"},
        {"missing field", R"({"family": "scalar", "mu": "1", "x0": ["1"], "y0": ["1"]})", "h"},
        {"unknown field", R"({"family": "scalar", "mu": "1", "x0": ["1"], "y0": ["1"], "h": "0.1", "hh": 1})", "hh"},
        {"h = 0", R"({"family": "scalar", "mu": "1", "x0": ["1"], "y0": ["1"], "h": "0"})", "h"},
        {"h < 0", R"({"family": "scalar", "mu": "1", "x0": ["1"], "y0": ["1"], "h": -0.5})", "h"},
        {"NaN", R"({"family": "scalar", "mu": "NaN", "x0": ["1"], "y0": ["1"], "h": "0.1"})", "mu"},
        {"wrong shapes", R"({"family": "scalar", "mu": "1", "x0": ["1", "2"], "y0": ["1"], "h": "0.1"})", "y0"},
        {"matrix shapes", R"({"family": "matrix", "A": [["1","2"]], "X0": [["1"],["2"]], "Y0": [["1"],["1"]], "h": "0.1"})",
         "X0"},
        {"missing file", "", "nope.json"},
        {"absurd precision", good, "precision", 7},
        {"absurd precision (huge)", good, "precision", 100000000},
    };
    for (const Bad& b : cases) {
        INFO(b.what);
        CertifyOptions o;
        o.problem_path = b.problem.empty() ? (dir / "nope.json").string() : write(dir / "p.json", b.problem);
        // A file from an earlier run stays as it was: a failing run changes nothing.
        o.report_path = write(dir / "earlier.report.json", "{\"earlier\": true}\n");
        o.certificate_path = (dir / "c.json").string();
        o.precision = b.precision;
        Outcome3 r = run(o);
        INFO(r.err);
        REQUIRE(r.code >= 3);
        REQUIRE(r.err.find("lrcert: error:") != std::string::npos);
        REQUIRE(r.err.find(b.needle) != std::string::npos);
        REQUIRE(read_text(o.report_path) == "{\"earlier\": true}\n");
        REQUIRE_FALSE(fs::exists(o.certificate_path));
    }
    SECTION("a claims file with a misspelt name") {
        CertifyOptions o;
        o.problem_path = write(dir / "p.json", good);
        o.claim_paths = {write(dir / "bad.claims.json",
                               R"({"claims": [{"id": "t", "source": "test", "statement": "s", "family": "all",
                                   "conclusions": ["h * L00 > 2"]}]})")};
        o.report_path = (dir / "r.json").string();
        Outcome3 r = run(o);
        REQUIRE(r.code == kExitBadInput);
        REQUIRE(r.err.find("L00") != std::string::npos);
        REQUIRE_FALSE(fs::exists(o.report_path));
    }
    SECTION("a report path in a missing directory: the directory is created") {
        CertifyOptions o;
        o.problem_path = write(dir / "p.json", good);
        o.report_path = (dir / "no-such-dir" / "deeper" / "r.json").string();
        Outcome3 r = run(o);
        REQUIRE(r.code < 3);
        REQUIRE(read_json(o.report_path)["outcome"] == "converged");
    }
    SECTION("a report path below a regular file: exit 4 before any work") {
        CertifyOptions o;
        o.problem_path = write(dir / "p.json", good);
        std::string file = write(dir / "plain", "x");
        o.report_path = file + "/r.json";
        Outcome3 r = run(o);
        REQUIRE(r.code == kExitOutput);
        REQUIRE(r.err.find("plain") != std::string::npos);
        REQUIRE(read_text(file) == "x");
    }
    fs::remove_all(dir);
}

TEST_CASE("user claims are evaluated without touching C++", "[cli][claims]") {
    fs::path dir = temp_dir();
    CertifyOptions o;
    o.problem_path = source_dir() + "/examples/headline.json";
    o.builtin_claims = false;
    o.claim_paths = {write(dir / "mine.json", R"({"claims": [
        {"id": "mine.true", "source": "test", "statement": "imbalance shrinks", "family": "scalar",
         "assumptions": ["converged"], "conclusions": ["imbalance_inf < imbalance_0"]},
        {"id": "mine.false", "source": "test", "statement": "a false bound", "family": "scalar",
         "assumptions": ["converged"], "conclusions": ["imbalance_inf < 1"]}]})")};
    o.report_path = (dir / "r.json").string();
    Outcome3 r = run(o);
    REQUIRE(r.code == kExitCounterexample);
    nlohmann::json rep = read_json(o.report_path);
    REQUIRE(rep["claims"].size() == 2);
    REQUIRE(verdict_of(rep, "mine.true") == "confirmed");
    REQUIRE(verdict_of(rep, "mine.false") == "counterexample");
    fs::remove_all(dir);
}

TEST_CASE("report labels name limit quantities of their family, once each", "[cli][report]") {
    const std::vector<std::string_view> names = limit_names();
    for (const claims::ReportLabel& l : claims::report_labels()) {
        INFO(l.name);
        REQUIRE((l.family == claims::Family::Scalar || l.family == claims::Family::Matrix));
        REQUIRE(claims::find_name(l.name, l.family) != nullptr);
        REQUIRE(std::find(names.begin(), names.end(), l.name) != names.end());
        REQUIRE(!l.label.empty());
        size_t same = 0;
        for (const claims::ReportLabel& m : claims::report_labels()) same += m.name == l.name && m.family == l.family;
        REQUIRE(same == 1);
    }
}

// Every output of a run is written from its one table of quantities and, for
// the lemma data, from tail_certificate_json: the printed report shows every
// limit quantity, the fixture's limit has the report's keys, and the report
// and the certificate carry the same tail certificate.
TEST_CASE("one table drives the printed report, the report, the fixture and the certificate", "[cli][report]") {
    for (const char* name : {"headline", "balanced", "diverging", "matrix_4x4", "matrix_3x5"}) {
        INFO(name);
        const Problem problem = read_problem_file(source_dir() + "/examples/" + name + ".json");
        CertifyOptions o;
        const CertifyRun run = run_certify(problem, {}, o);
        std::ostringstream printed;
        print_report(printed, run);
        const nlohmann::json report = report_json(run);
        PrecisionScope scope(run.precision_bits);
        const nlohmann::json cert = certificate_json(run, {});

        const claims::Family family =
            problem.family == Family::Scalar ? claims::Family::Scalar : claims::Family::Matrix;
        size_t limit_quantities = 0;
        for (std::string_view q : limit_names()) {
            const claims::Value* v = run.quantities.find(std::string(q));
            if (!v || !(std::holds_alternative<Interval>(*v) || std::holds_alternative<Matrix<Interval>>(*v)))
                continue;
            ++limit_quantities;
            std::string label(q);
            for (const claims::ReportLabel& l : claims::report_labels())
                if (l.name == q && l.family == family) label = l.label;
            INFO(q);
            const std::string shown = std::holds_alternative<Interval>(*v) ? "  " + label + " "
                                      : claims::kind_of_name(q) == claims::Kind::Vector ? "  " + label + "[0] in "
                                                                                         : "  " + label + "[0][0] in ";
            REQUIRE(printed.str().find(shown) != std::string::npos);
            REQUIRE(report["limit"].contains(std::string(q.substr(0, q.size() - 4))));
        }
        if (run.outcome != lrcert::Outcome::Converged) {
            REQUIRE(limit_quantities == 0);
            REQUIRE(!report.contains("limit"));
        } else {
            REQUIRE(limit_quantities == report["limit"].size());
            FixtureSettings fs_settings;
            fs_settings.steps = {0};
            fs_settings.digits = 8;
            const nlohmann::json fixture = make_fixture(problem, fs_settings);
            nlohmann::json keys = nlohmann::json::object();
            for (const auto& [k, v] : fixture["limit"].items())
                if (k != "outcome" && k != "reason" && k != "precision_bits") keys[k] = true;
            REQUIRE(keys.size() == report["limit"].size());
            for (const auto& [k, v] : report["limit"].items()) REQUIRE(keys.contains(k));
        }
        const char* fam = problem.family == Family::Scalar ? "scalar" : "matrix";
        const TailCertificateJson tail =
            run.scalar ? tail_certificate_json(*run.scalar) : tail_certificate_json(*run.matrix);
        if (tail.report.is_null()) {
            REQUIRE(!report.contains("tail_certificate"));
        } else {
            REQUIRE(report["tail_certificate"] == tail.report);
            REQUIRE(cert["report"]["tail_certificate"] == tail.report);
            REQUIRE(!tail.checker.empty());
        }
        for (const auto& [k, v] : tail.checker.items()) REQUIRE(cert[fam][k] == v);
    }
}
