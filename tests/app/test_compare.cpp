// compare (docs/cli.md, "compare"): a float64 trajectory stays within its
// tolerance of the certified enclosures, and a deliberately broken step is
// found at the right step and entry.
#include "lrcert/app/certify_command.hpp"
#include "lrcert/app/compare.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/linalg/matrix.hpp"
#include "support/files.hpp"
#include "support/problems.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

using namespace lrcert;
using namespace lrcert::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path temp_dir() { return scratch_dir("compare"); }

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

}  // namespace

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
        std::string problem = write_file(dir / "p.json", kMatrix2x2);
        Problem p = parse_problem(kMatrix2x2, "test");
        std::string csv = float_trajectory_csv(p, 20, true);
        CompareOptions o;
        o.problem_path = problem;
        o.quiet = true;
        std::ostringstream out, err;
        o.trajectory_path = write_file(dir / "good.csv", csv);
        CHECK(compare_command(o, out, err) == 0);
        o.trajectory_path = write_file(dir / "broken.csv", break_entry(csv, 9, 3, "0.5"));
        o.quiet = false;
        CHECK(compare_command(o, out, err) == 1);
        CHECK(out.str().find("LEFT at step 9") != std::string::npos);
        o.trajectory_path = write_file(dir / "junk.csv", "step,a\n0,1\n");
        CHECK(compare_command(o, out, err) == kExitBadInput);
        o.trajectory_path = (dir / "good.csv").string();
        o.tol = "-1";
        CHECK(compare_command(o, out, err) == kExitBadInput);
    }
}
