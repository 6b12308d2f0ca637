// lrcert-check on Lemma LR certificates (rank(A) = d < min(n, m): Lemma G with
// the low-rank PL bound; docs/checker.md Lemma 7b, docs/math.md section 7.4b):
// both low-rank examples are accepted; a certificate whose t = sigma_sq_low
// exceeds sigma_d(A)^2, whose A has another rank, whose rho_B is too small,
// whose printed bounds are too good, or which relabels Lemma LR as Lemma G is
// rejected naming the item. Runs the built `lrcert` and `lrcert-check` (exit
// 77 = skipped when they are absent).
#include "support/tool_runs.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace lrcert::test;
using nlohmann::json;

namespace {

const char* kWho = "test_checker_lowrank";
fs::path source_dir() { return env_dir("LRCERT_SOURCE_DIR", kWho); }
fs::path binary(const char* name) { return built_tool(name, kWho); }
fs::path work_dir() { return process_dir(kWho); }

// `lrcert certify PROBLEM --certificate CERT`; the certificate.
json certificate(const fs::path& problem, const std::string& name) {
    return load_json(lrcert::test::certificate(kWho, problem, name));
}

// lrcert-check with the certificate's own problem as the problem file and its
// own claim texts as the only claims, so that only the proof is under test.
Run check(const json& cert, const std::string& name) { return check_own(kWho, cert, name); }

void expect_reject(const json& cert, const std::string& name, const std::string& item) {
    expect_rejected(check(cert, name), name, item);
}

}  // namespace

TEST_CASE("Lemma LR certificates of the low-rank examples are accepted; tampering is rejected") {
    for (const char* name : {"matrix_lowrank_3x3_r1", "matrix_lowrank_4x4_r2"}) {
        INFO(name);
        const fs::path example = source_dir() / "examples" / (std::string(name) + ".json");
        const json base = certificate(example, name);
        const json& rep = base["report"];
        REQUIRE(rep["outcome"] == "converged");
        REQUIRE(rep["proof"] == "lemma LR");
        REQUIRE(rep["tail_certificate"]["lemma"] == "LR");
        REQUIRE(rep["tail_certificate"]["rank"] == rep["d"]);
        REQUIRE(base["matrix"].contains("lemma_LR"));
        REQUIRE(base["matrix"].contains("lemma_LR_refined"));
        REQUIRE_FALSE(base["matrix"].contains("lemma_G"));
        {
            // The example file and the built-in claims, as a user runs it.
            Run r = run(quote(binary("lrcert-check")) + " " + quote(example) + " " +
                        quote(work_dir() / (std::string(name) + ".cert.json")));
            INFO(r.out);
            CHECK(r.code == 0);
            CHECK(r.out.find("converged: Lemma LR at steps") != std::string::npos);
        }
        {
            Run r = check(base, std::string(name) + "_ok");
            INFO(r.out);
            CHECK(r.code == 0);
        }
        const std::string tag = name;
        // One value replaced (a JSON pointer into the certificate): rejected naming the item.
        struct Tamper {
            const char* pointer;
            json value;
            const char* suffix;
            const char* item;
        };
        const Tamper tampers[] = {
            // sigma_d(A)^2: 9 for the rank-1 example, 1 for the rank-2 one; 10 exceeds both.
            {"/matrix/lemma_LR/sigma_sq_low", "10", "_t", "sigma_d(A)^2 >= sigma_sq_low does not hold"},
            {"/matrix/lemma_LR/sigma_sq_low", "0", "_t0", "sigma_sq_low is not positive"},
            {"/matrix/lemma_LR/rho_B", "1/1000000000000000000000000000000000000000000000000000000000000", "_rho",
             "lemma_LR at step"},
            {"/report/tail_certificate/s_B", "1000", "_sB", "tail_certificate.s_B claimed >= 1000"},
            {"/report/tail_certificate/R_B", "1e-300", "_RB", "tail_certificate.R_B claimed <= 1e-300"},
            {"/report/tail_certificate/sigma_sq_low", "10", "_rep_t", "tail_certificate.sigma_sq_low claimed >= 10"},
            {"/report/tail_certificate/rank", 3, "_rank", "tail_certificate.rank"},
        };
        for (const Tamper& t : tampers) {
            json c = base;
            c[json::json_pointer(t.pointer)] = t.value;
            expect_reject(c, tag + t.suffix, t.item);
        }
        json c = base;
        c["report"]["tail_certificate"]["lemma"] = "G";
        {
            Run r = check(c, tag + "_lemma_keys");  // Lemma G's report has no low-rank keys
            INFO(r.out);
            CHECK(r.code == 3);
            CHECK(r.out.find("unknown key") != std::string::npos);
        }
        c = base;
        c["report"]["tail_certificate"]["step"] = base["report"]["tail_certificate"]["step"].get<long>() + 1;
        expect_reject(c, tag + "_step", "does not match the certificate's lemma_LR steps");
        // Relabelled as Lemma G: its hypothesis (ii) fails (no factor of full row rank).
        c = base;
        c["matrix"]["lemma_G"] = c["matrix"]["lemma_LR"];
        c["matrix"]["lemma_G"].erase("sigma_sq_low");
        c["matrix"]["lemma_G_refined"] = c["matrix"]["lemma_LR_refined"];
        c["matrix"].erase("lemma_LR");
        c["matrix"].erase("lemma_LR_refined");
        c["report"]["tail_certificate"]["lemma"] = "G";
        for (const char* k : {"rank", "sigma_sq_low", "s_B", "R_B"}) c["report"]["tail_certificate"].erase(k);
        expect_reject(c, tag + "_as_G", "lemma_G at step");
        // Both lemmas named at once.
        c = base;
        c["matrix"]["lemma_G"] = json({{"step", 1}, {"rho_B", "1"}});
        expect_reject(c, tag + "_both", "both lemma_G and lemma_LR");
    }
}

TEST_CASE("a Lemma LR certificate for a target of another rank is rejected") {
    // The rank-1 example with A(0, 0) changed: rank 2 > d = 1. The start
    // quantities the checker compares with L0 are widened so that the check
    // reaches Lemma LR, whose rank test comes before any trajectory step.
    const json base = certificate(source_dir() / "examples" / "matrix_lowrank_3x3_r1.json", "rank_r1");
    json c = base;
    c["problem"]["A"][0][0] = "1";
    const json wide = {{"lo", "-1000"}, {"hi", "1000"}};
    c["report"]["sharpness_initial"] = wide;
    c["report"]["h_times_sharpness_initial"] = wide;
    c["report"]["regime"] = "undecided";
    expect_reject(c, "rank_r1_A", "rank(A) = 2 is not d = 1");
}
