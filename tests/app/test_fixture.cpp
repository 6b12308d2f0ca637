// Fixtures (docs/cli.md, "fixture"): every value encloses the exact iterate of
// an independent plain-loop rational GD (tests/support/exact_gd.hpp) and has D
// correct digits; the Python consumer accepts a good fixture and rejects a
// tampered one.
#include "lrcert/app/compare.hpp"
#include "lrcert/app/fixture.hpp"
#include "lrcert/number/parse.hpp"
#include "support/exact_gd.hpp"
#include "support/files.hpp"
#include "support/problems.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

using namespace lrcert;
using namespace lrcert::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path temp_dir() { return scratch_dir("fixture"); }

// ---- exact reference: the plain-loop rational GD of tests/support -----------------

RationalRows rows_of(const Matrix<Rational>& m) {
    RationalRows r(m.rows(), std::vector<Rational>(m.cols()));
    for (size_t i = 0; i < m.rows(); ++i)
        for (size_t j = 0; j < m.cols(); ++j) r[i][j] = m(i, j);
    return r;
}

// The exact iterate, flattened row-major like the fixture's x / y and X / Y.
struct ExactState {
    std::vector<Rational> X, Y;
};

ExactState flat(const ExactIterate& z) {
    ExactState s;
    for (const auto& row : z.X) s.X.insert(s.X.end(), row.begin(), row.end());
    for (const auto& row : z.Y) s.Y.insert(s.Y.end(), row.begin(), row.end());
    return s;
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

}  // namespace

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
        const RationalRows A = rows_of(p.A);
        ExactIterate e{rows_of(p.z0.X), rows_of(p.z0.Y)};
        size_t k = 0;
        for (const auto& row : f["steps"]) {
            while (k < row["step"].get<size_t>()) {
                e = exact_gd_step(A, e, p.h);
                ++k;
            }
            const ExactState z = flat(e);
            for (size_t i = 0; i < p.d(); ++i) {
                check_value(row["x"][i], z.X[i], 25, "x[" + std::to_string(i) + "] at step " + std::to_string(k));
                check_value(row["y"][i], z.Y[i], 25, "y[" + std::to_string(i) + "] at step " + std::to_string(k));
            }
            check_value(row["loss"], exact_loss(A, e), 25, "loss");
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
        const RationalRows A = rows_of(p.A);
        ExactIterate e{rows_of(p.z0.X), rows_of(p.z0.Y)};
        size_t k = 0;
        for (const auto& row : f["steps"]) {
            while (k < row["step"].get<size_t>()) {
                e = exact_gd_step(A, e, p.h);
                ++k;
            }
            const ExactState z = flat(e);
            for (size_t i = 0; i < 2; ++i)
                for (size_t j = 0; j < 2; ++j) {
                    check_value(row["X"][i][j], e.X[i][j], 20, "X");
                    check_value(row["Y"][i][j], e.Y[i][j], 20, "Y");
                }
            check_value(row["loss"], exact_loss(A, e), 20, "loss");
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
    SECTION("the limit has D digits for D above certify's default, small coordinates too") {
        // The headline limit has coordinates near 3e-2 beside |z| near 4: the
        // limit certification must refine past 10^-D (1 + |z|) for them (it
        // stopped at certify's default of 30 digits before, at any precision).
        Problem p = parse_problem(kHeadline, "test");
        FixtureSettings s;
        s.steps = {0};
        s.digits = 40;
        json f = make_fixture(p, s);
        CHECK(f["all_certified"] == true);
        CHECK(f["uncertified"].empty());
        REQUIRE(f["limit"]["outcome"] == "converged");
        // Oracle: the limit is a global minimizer, x_inf . y_inf = mu = 1
        // exactly; with |v - e| <= u for each certified value v (one unit of
        // its last digit), |sum v_x v_y - 1| <= sum (|v_x| u_y + |v_y| u_x + u_x u_y).
        Rational dot = 0, slack = 0;
        for (size_t i = 0; i < p.d(); ++i) {
            const json& vx = f["limit"]["x"][i];
            const json& vy = f["limit"]["y"][i];
            REQUIRE(vx["certified"] == true);
            REQUIRE(vy["certified"] == true);
            Rational x = parse_exact(vx["value"].get<std::string>()), y = parse_exact(vy["value"].get<std::string>());
            Rational ux = last_digit_unit(vx["value"].get<std::string>());
            Rational uy = last_digit_unit(vy["value"].get<std::string>());
            CHECK(ux <= abs(x) * parse_exact("1e-39"));  // 40 significant digits
            CHECK(uy <= abs(y) * parse_exact("1e-39"));
            dot += x * y;
            slack += abs(x) * uy + abs(y) * ux + ux * uy;
        }
        CHECK(abs(Rational(dot - 1)) <= slack);
        CHECK(slack < parse_exact("1e-38"));
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
        write_file(good, f.dump(1));
        // A wrong certified value at step 5: the float64 loop no longer matches.
        f["steps"][2]["y"][3]["lo"] = "2";
        f["steps"][2]["y"][3]["hi"] = "2.1";
        write_file(bad, f.dump(1));
        std::string script = shell_quote(source_dir() + "/examples/consumers/check_fixture.py");
        std::string csv = (temp_dir() / "consumer.csv").string();
        auto status = [](int raw) { return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1; };
        CHECK(status(std::system(("python3 " + script + " " + shell_quote(good.string()) + " --csv " + shell_quote(csv) +
                                  " >/dev/null").c_str())) == 0);
        CHECK(status(std::system(("python3 " + script + " " + shell_quote(bad.string()) + " >/dev/null").c_str())) == 1);
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
