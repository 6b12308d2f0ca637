// lrcert-check on Lemma P certificates (d < min(n, m), positive minimum loss;
// docs/checker.md section 5, docs/math.md 7.4c): the examples' certificates are
// accepted, with f* from the checker's own singular values; tampered
// certificates (a rho_B too small, a wrong f*, a wrong loss, a PL constant
// claimed too large) are rejected. The gap test itself: test_checker_positive_loss.cpp.
#include "support/tool_runs.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace lrcert::test;
using nlohmann::json;

namespace {

fs::path source_dir() { return env_dir("LRCERT_SOURCE_DIR", "test_positive_loss_checker"); }
fs::path binary(const char* name) { return built_tool(name, "test_positive_loss_checker"); }
fs::path work_dir() { return process_dir("test_positive_loss_checker"); }

fs::path certify(const fs::path& problem, const std::string& name) {
    const CertifyRun c = certify_run("test_positive_loss_checker", problem, name);
    INFO(c.run.out);
    REQUIRE(c.run.code == 0);
    return c.cert;
}

// lrcert-check with the certificate's own problem and the built-in claims (as lrcert certify used).
Run check(const json& cert, const std::string& name) {
    const fs::path c = write_file(work_dir(), name + ".json", cert.dump(1));
    const fs::path problem = write_file(work_dir(), name + ".problem.json", cert["problem"].dump(1));
    return run(quote(binary("lrcert-check")) + " " + quote(problem) + " " + quote(c));
}

void expect_reject(const json& cert, const std::string& name, const std::string& item) {
    expect_rejected(check(cert, name), name, item);
}

}  // namespace

TEST_CASE("lrcert-check accepts Lemma P certificates and rejects tampered ones", "[checker][positive_loss]") {
    for (const char* name : {"matrix_posloss_d1", "matrix_posloss_d2"}) {
        INFO(name);
        const fs::path cert_path = certify(source_dir() / "examples" / (std::string(name) + ".json"), name);
        const json cert = load_json(cert_path);
        REQUIRE(cert["report"]["outcome"] == "converged");
        REQUIRE(cert["report"]["tail_certificate"]["lemma"] == "P");
        REQUIRE(cert["matrix"].contains("lemma_P"));
        {
            const Run r = check(cert, std::string(name) + "_ok");
            INFO(r.out);
            CHECK(r.code == 0);
            CHECK(r.out.find("converged (positive loss): Lemma P at steps") != std::string::npos);
        }
        json t = cert;
        t["matrix"]["lemma_P"]["rho_B"] = "1e-200";
        expect_reject(t, std::string(name) + "_rho", "lemma_P at step");
        t = cert;
        t["matrix"]["lemma_P_refined"]["rho_B"] = "1e-200";
        expect_reject(t, std::string(name) + "_rhoR", "lemma_P_refined at step");
        t = cert;
        t["report"]["min_loss"]["f_star"] = json{{"lo", "2.6"}, {"hi", "2.7"}};
        expect_reject(t, std::string(name) + "_fstar", "min_loss.f_star");
        t = cert;
        t["report"]["limit"]["loss"] = json{{"lo", "0"}, {"hi", "0"}};
        expect_reject(t, std::string(name) + "_loss", "limit.loss");
        t = cert;
        t["report"]["tail_certificate"]["mu_B"] = "1000";
        expect_reject(t, std::string(name) + "_mu", "tail_certificate.mu_B");
    }
}
