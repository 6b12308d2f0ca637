// The independent checker lrcert-check (proofs-check/, docs/checker.md) against
// the solver's certificates: every example is accepted; tampered certificates
// are rejected naming the item that fails; malformed input exits with >= 3;
// the checker's sources use nothing of the solver. Runs the built `lrcert` and
// `lrcert-check` from LRCERT_BINARY_DIR (exit 77 = skipped when they are absent).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path env_dir(const char* name) {
    const char* v = std::getenv(name);
    if (!v) {
        std::cerr << "test_checker: " << name << " is not set (run through ctest); skipped\n";
        std::exit(77);
    }
    return v;
}

fs::path source_dir() { return env_dir("LRCERT_SOURCE_DIR"); }

fs::path binary(const char* name) {
    fs::path p = env_dir("LRCERT_BINARY_DIR") / name;
    if (!fs::exists(p)) {
        std::cerr << "test_checker: " << p << " is not built; skipped\n";
        std::exit(77);
    }
    return p;
}

fs::path work_dir() {
    static fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("lrcert_test_checker_" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

std::string quote(const fs::path& p) { return "'" + p.string() + "'"; }

struct Run {
    int code = -1;
    std::string out;
    double seconds = 0;
};

Run run(const std::string& command) {
    Run r;
    auto t0 = std::chrono::steady_clock::now();
    FILE* f = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(f != nullptr);
    char buf[4096];
    size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, got);
    int status = ::pclose(f);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// Certifies `problem` and returns the certificate's path (empty if lrcert wrote none).
fs::path certify(const fs::path& problem, const std::string& name, const std::string& options = "") {
    fs::path cert = work_dir() / (name + ".cert.json");
    fs::remove(cert);
    Run r = run(quote(binary("lrcert")) + " certify " + quote(problem) + " --quiet --certificate " + quote(cert) +
                " " + options);
    INFO(r.out);
    if (r.code > 2) return {};
    return cert;
}

Run check(const fs::path& cert) { return run(quote(binary("lrcert-check")) + " " + quote(cert)); }

json load(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

Run check_json(const json& j, const std::string& name) {
    fs::path p = work_dir() / (name + ".json");
    std::ofstream(p) << j.dump(1);
    return check(p);
}

void expect_reject(const json& j, const std::string& name, const std::string& item) {
    Run r = check_json(j, name);
    INFO(name << ": " << r.out);
    CHECK(r.code == 1);
    CHECK(r.out.rfind("reject: ", 0) == 0);
    CHECK(r.out.find(item) != std::string::npos);
}

const char* kMatrix44 = R"({"family": "matrix", "name": "4x4 d4",
  "A":  [["1", "0.2", "0", "0.1"], ["0.2", "0.8", "0.1", "0"], ["0", "0.1", "1.2", "0.3"], ["0.1", "0", "0.3", "0.9"]],
  "X0": [["0.5", "0.1", "0", "0.2"], ["0.1", "0.6", "0.2", "0"], ["0", "0.2", "0.7", "0.1"], ["0.3", "0", "0.1", "0.5"]],
  "Y0": [["0.4", "0", "0.1", "0.1"], ["0.2", "0.5", "0", "0.1"], ["0.1", "0.1", "0.6", "0"], ["0", "0.2", "0.1", "0.7"]],
  "h": "0.3"})";

fs::path write_problem(const std::string& name, const char* text) {
    fs::path p = work_dir() / (name + ".json");
    std::ofstream(p) << text;
    return p;
}

}  // namespace

TEST_CASE("the checker's sources use nothing of the solver") {
    const fs::path dir = source_dir() / "proofs-check";
    REQUIRE(fs::exists(dir / "CMakeLists.txt"));
    const std::regex include_line(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
    size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const std::string ext = entry.path().extension().string();
        if (ext != ".cpp" && ext != ".hpp" && ext != ".h") continue;
        ++files;
        std::ifstream in(entry.path());
        std::string line;
        while (std::getline(in, line)) {
            std::smatch m;
            if (!std::regex_search(line, m, include_line)) continue;
            const std::string what = m[2];
            INFO(entry.path().string() << ": " << line);
            CHECK(what.find("lrcert") == std::string::npos);
            CHECK(what.find("..") == std::string::npos);
            CHECK(what.find("src/") == std::string::npos);
            if (m[1] == "\"") {
                CHECK(fs::exists(entry.path().parent_path() / what));  // its own header
            } else {
                // System headers: the standard library, GMP and nlohmann-json only.
                const bool allowed = what == "gmpxx.h" || what == "gmp.h" || what == "nlohmann/json.hpp" ||
                                     what.find('.') == std::string::npos;
                CHECK(allowed);
            }
        }
    }
    CHECK(files > 0);
    std::ifstream in(dir / "CMakeLists.txt");
    std::string text, line;
    while (std::getline(in, line)) text += line.substr(0, line.find('#')) + "\n";  // without comments
    for (const char* banned : {"lrcert_number", "lrcert_linalg", "lrcert_problem", "lrcert_enclose", "lrcert_certify",
                               "lrcert_claims", "lrcert_io", "lrcert_app", "lrcert::", "/src", "include", "Eigen",
                               "MPFR", "mpfr", "Boost"}) {
        INFO("proofs-check/CMakeLists.txt mentions " << banned);
        CHECK(text.find(banned) == std::string::npos);
    }
    // Every source compiled into lrcert-check lies in proofs-check/.
    const std::regex source(R"(([\w./${}-]+\.cpp))");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), source); it != std::sregex_iterator(); ++it) {
        const std::string s = (*it)[1];
        INFO(s);
        CHECK(s.rfind("${CMAKE_CURRENT_SOURCE_DIR}/", 0) == 0);
    }
}

TEST_CASE("every example's certificate is accepted") {
    std::vector<fs::path> examples;
    for (const auto& e : fs::directory_iterator(source_dir() / "examples"))
        if (e.path().extension() == ".json") examples.push_back(e.path());
    std::sort(examples.begin(), examples.end());
    REQUIRE(examples.size() >= 4);
    size_t checked = 0;
    for (const fs::path& ex : examples) {
        fs::path cert = certify(ex, ex.stem().string());
        if (cert.empty() || !fs::exists(cert)) {
            WARN("lrcert did not certify " << ex << "; not checked");
            continue;
        }
        Run r = check(cert);
        INFO(ex.filename().string() << ": " << r.out);
        CHECK(r.code == 0);
        CHECK(r.out.rfind("accept: ", 0) == 0);
        if (ex.stem() == "headline") CHECK(r.seconds < 1.0);  // performance target
        ++checked;
    }
    CHECK(checked >= 4);
}

TEST_CASE("a 4x4, d = 4 matrix certificate is accepted within 30 s") {
    fs::path cert = certify(write_problem("matrix44", kMatrix44), "matrix44");
    REQUIRE(!cert.empty());
    REQUIRE(load(cert)["report"]["outcome"] == "converged");
    Run r = check(cert);
    INFO(r.out);
    CHECK(r.code == 0);
    CHECK(r.seconds < 30.0);
    json c = load(cert);
    SECTION("rho_B of Lemma G below the radius it needs") {
        c["matrix"]["lemma_G"]["rho_B"] = "1/1000000000000";
        expect_reject(c, "m44_rho", "lemma_G");
    }
    SECTION("a limit entry moved off the truth") {
        json& x = c["report"]["limit"]["X"][1][2];
        x["lo"] = x["hi"];
        x["hi"] = "100";
        expect_reject(c, "m44_limit", "limit.X[1][2]");
    }
    SECTION("the Rayleigh vector and shift of L0 do not prove the claimed enclosure") {
        c["matrix"]["L0"]["shift"] = "1";
        expect_reject(c, "m44_shift", "sharpness_initial");
    }
}

TEST_CASE("a matrix divergence (Lemma DM) is accepted; tampering with it is rejected") {
    // A claim on the truth name `diverged`, checked by both sides.
    fs::path claim = work_dir() / "diverges.claims.json";
    std::ofstream(claim) << R"({"claims": [{"id": "test.diverges", "source": "test", "statement": "f -> infinity",
      "family": "all", "kind": "observation", "assumptions": [], "conclusions": ["diverged"]}]})";
    fs::path cert = certify(source_dir() / "examples" / "matrix_3x3_diverging.json", "mdiv",
                            "--claims " + quote(claim));
    REQUIRE(!cert.empty());
    const json base = load(cert);
    REQUIRE(base["report"]["outcome"] == "diverged");
    REQUIRE(base["report"]["tail_certificate"]["lemma"] == "DM");
    const long K = base["matrix"]["lemma_DM"]["step"];
    REQUIRE(base["report"]["tail_certificate"]["step"] == K);
    REQUIRE(K >= 2);
    bool confirmed = false;
    for (const json& cl : base["report"]["claims"])
        if (cl["id"] == "test.diverges") confirmed = cl["verdict"] == "confirmed";
    CHECK(confirmed);
    Run ok = check(cert);
    INFO(ok.out);
    REQUIRE(ok.code == 0);
    CHECK(ok.out.find("diverged: Lemma DM at step " + std::to_string(K)) != std::string::npos);
    json c = base;
    SECTION("the divergence step moved to the start, where the lemma does not hold") {
        c["matrix"]["lemma_DM"]["step"] = 0;
        c["report"]["tail_certificate"]["step"] = 0;
        expect_reject(c, "dm_step0", "lemma_DM at step 0 does not hold");
    }
    SECTION("the divergence step moved one earlier") {
        c["matrix"]["lemma_DM"]["step"] = K - 1;
        c["report"]["tail_certificate"]["step"] = K - 1;
        expect_reject(c, "dm_step_minus_1", "lemma_DM at step " + std::to_string(K - 1));
    }
    SECTION("kappa raised beyond t^2 / p") {
        c["matrix"]["lemma_DM"]["kappa"] = "1000000";
        expect_reject(c, "dm_kappa_up", "p <= t^2 / kappa");
    }
    SECTION("kappa = 1") {
        c["matrix"]["lemma_DM"]["kappa"] = "1";
        expect_reject(c, "dm_kappa_one", "kappa > 1");
    }
    SECTION("the report's t raised above the truth") {
        c["report"]["tail_certificate"]["t"] = "1e6";
        expect_reject(c, "dm_t", "tail_certificate.t");
    }
    SECTION("the report's a lowered below ||A||_2") {
        c["report"]["tail_certificate"]["a"] = "0.1";
        expect_reject(c, "dm_a", "tail_certificate.a");
    }
    SECTION("the confirmed divergence claim turned into a counterexample") {
        for (json& cl : c["report"]["claims"])
            if (cl["id"] == "test.diverges") {
                cl["verdict"] = "counterexample";
                cl["conclusions"] = "false";
            }
        expect_reject(c, "dm_claim", "claim test.diverges");
    }
}

TEST_CASE("a converging matrix certificate cannot be turned into a divergence") {
    fs::path cert = certify(source_dir() / "examples" / "matrix_4x4.json", "m44ex");
    REQUIRE(!cert.empty());
    json c = load(cert);
    REQUIRE(c["report"]["outcome"] == "converged");
    const long K = c["matrix"]["lemma_G"]["step"];
    for (long step : {0L, K}) {
        INFO("step " << step);
        json d = c;
        d["report"]["outcome"] = "diverged";
        d["report"]["tail_certificate"] = json{{"lemma", "DM"}, {"step", step}, {"t", "3"}, {"p", "1"},
                                               {"a", "10"}, {"kappa", "2"}, {"g", "0"}};
        d["matrix"]["lemma_DM"] = json{{"step", step}, {"kappa", "2"}};
        expect_reject(d, "m44_diverged_" + std::to_string(step), "lemma_DM at step " + std::to_string(step));
    }
}

TEST_CASE("tampered certificates are rejected, each naming the item") {
    fs::path cert = certify(source_dir() / "examples" / "headline.json", "headline");
    REQUIRE(!cert.empty());
    const json base = load(cert);
    REQUIRE(base["report"]["outcome"] == "converged");
    REQUIRE(check(cert).code == 0);
    json c = base;

    SECTION("h changed in its last digit in the problem") {
        std::string h = c["problem"]["h"];
        REQUIRE(!h.empty());
        h.back() = h.back() == '1' ? '3' : '1';
        c["problem"]["h"] = h;
        expect_reject(c, "h_problem", "report.h");
        // The report's echo changed too: the mathematics catches it.
        c["report"]["h"] = h;
        expect_reject(c, "h_both", "h_times_sharpness_initial");
    }
    SECTION("a claimed limit enclosure moved off the truth") {
        json& x = c["report"]["limit"]["x"][3];
        x["lo"] = x["hi"];  // the old upper end is above the true value
        x["hi"] = "1";
        expect_reject(c, "limit_moved", "limit.x[3]");
    }
    SECTION("the claimed lower bound of L0 raised above the truth") {
        json& s = c["report"]["sharpness_initial"];
        s["lo"] = s["hi"];
        expect_reject(c, "L0_lower", "sharpness_initial");
    }
    SECTION("Lemma S claimed one step before it holds") {
        int K = c["scalar"]["lemma_S"]["step"];
        REQUIRE(K >= 1);
        c["scalar"]["lemma_S"]["step"] = K - 1;
        expect_reject(c, "K_minus_1", "lemma_S at step " + std::to_string(K - 1));
    }
    SECTION("a negative Delta for Lemma S") {
        c["scalar"]["lemma_S_refined"]["Delta"] = "-1/1000";
        expect_reject(c, "Delta_negative", "lemma_S_refined");
    }
    SECTION("a counterexample turned into a confirmation") {
        for (json& cl : c["report"]["claims"])
            if (cl["verdict"] == "counterexample") {
                cl["verdict"] = "confirmed";
                cl["conclusions"] = "true";
            }
        expect_reject(c, "counter_to_confirmed", "regime.below_2_over_L");
    }
    SECTION("an outcome the trajectory does not prove") {
        c["report"]["outcome"] = "not_converged";
        expect_reject(c, "outcome", "not_converged");
    }
}

TEST_CASE("an undecided verdict cannot be turned into confirmed") {
    fs::path cert = certify(source_dir() / "examples" / "headline.json", "headline_short", "--max-steps 3");
    REQUIRE(!cert.empty());
    json c = load(cert);
    REQUIRE(c["report"]["outcome"] == "undecided");
    Run r = check(cert);
    INFO(r.out);
    REQUIRE(r.code == 0);  // the honest undecided certificate is accepted
    std::string id;
    for (json& cl : c["report"]["claims"])
        if (cl["verdict"] == "undecided" && id.empty()) {
            id = cl["id"];
            cl["verdict"] = "confirmed";
        }
    REQUIRE(!id.empty());
    expect_reject(c, "undecided_flip", "claim " + id + ": verdict claimed confirmed");
    // Claiming convergence without a proof is rejected too.
    c = load(cert);
    c["report"]["outcome"] = "converged";
    Run bad = check_json(c, "undecided_to_converged");
    CHECK(bad.code != 0);
}

TEST_CASE("malformed input exits with 3 or more") {
    fs::path cert = certify(source_dir() / "examples" / "balanced.json", "balanced");
    REQUIRE(!cert.empty());
    const json base = load(cert);
    auto expect_malformed = [](const Run& r) {
        INFO(r.out);
        CHECK(r.code >= 3);
    };
    expect_malformed(check(work_dir() / "does_not_exist.json"));
    {
        fs::path p = work_dir() / "not_json.json";
        std::ofstream(p) << "{\"lrcert_certificate\": 1, ";
        expect_malformed(check(p));
    }
    json c = base;
    c.erase("grid_bits");
    expect_malformed(check_json(c, "no_grid_bits"));
    c = base;
    c["lrcert_certificate"] = 99;
    expect_malformed(check_json(c, "version"));
    c = base;
    c.erase("report");
    expect_malformed(check_json(c, "no_report"));
    c = base;
    c["problem"]["h"] = "0.1.2";
    expect_malformed(check_json(c, "bad_number"));
    c = base;
    c["claims"][0]["conclusions"] = {"h * nrom2(x0) < 1"};
    expect_malformed(check_json(c, "unknown_name"));
    expect_malformed(run(quote(binary("lrcert-check"))));  // no argument
}
