// The problem files printed in docs/formats.md are real: each ```json block
// of its "Problem files" part parses, and the matrix family's example
// certifies (issue: a new user's first matrix file must not be undecided).
// The check of the outcome is the certifier's; the oracle for the limit is
// closed-form: A = I (2 x 2) with d = 1 has f* = (n - 1) mu^2 / 2 = 1/2
// (docs/math.md, section 16), which the limit loss must equal exactly.
#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/precision.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace lrcert {
namespace {

std::string formats_md() {
    const char* src = std::getenv("LRCERT_SOURCE_DIR");
    REQUIRE(src != nullptr);
    std::ifstream in(std::string(src) + "/docs/formats.md");
    REQUIRE(in);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

// The first ```json block after the heading `heading`.
std::string json_block_after(const std::string& text, const std::string& heading) {
    const size_t h = text.find(heading);
    REQUIRE(h != std::string::npos);
    const size_t open = text.find("```json\n", h);
    REQUIRE(open != std::string::npos);
    const size_t start = open + 8, close = text.find("```", start);
    REQUIRE(close != std::string::npos);
    return text.substr(start, close - start);
}

}  // namespace

TEST_CASE("docs/formats.md: the matrix family's example problem certifies", "[docs]") {
    const std::string block = json_block_after(formats_md(), "### Matrix family");
    const Problem p = parse_problem(block, "docs/formats.md (matrix example)");
    REQUIRE(p.family == Family::Matrix);
    MatrixOptions opt;
    const MatrixCertificate cert = certify_matrix(p.A, p.z0, p.h, opt);
    INFO(cert.reason);
    CHECK(cert.outcome == Outcome::Converged);
    REQUIRE(cert.isotropic);
    REQUIRE(cert.isotropic->limit);
    // A global minimizer of 1/2 ||I - x y^T||_F^2 (x, y in R^2): x parallel to
    // y with x . y = 1, so |x|^2 |y|^2 = 1 and x_1 y_2 - x_2 y_1 = 0; the loss
    // there is f* = (n - 1) mu^2 / 2 = 1/2. Each must lie in the limit's enclosures.
    const IsotropicLimit& L = *cert.isotropic->limit;
    REQUIRE(L.x.size() == 2);
    REQUIRE(L.y.size() == 2);
    auto contains = [](const Interval& I, const Rational& v) {
        return to_rational(lo(I)) <= v && v <= to_rational(hi(I));
    };
    {
        PrecisionScope scope(256);
        CHECK(contains(L.a * L.b, Rational(1)));
        CHECK(contains(L.x[0] * L.y[0] + L.x[1] * L.y[1], Rational(1)));
        CHECK(contains(L.x[0] * L.y[1] - L.x[1] * L.y[0], Rational(0)));
    }
    CHECK(cert.isotropic->min_loss == Rational(1, 2));
}

TEST_CASE("docs/formats.md: the scalar family's example problem parses", "[docs]") {
    const std::string block = json_block_after(formats_md(), "### Scalar family");
    const Problem p = parse_problem(block, "docs/formats.md (scalar example)");
    CHECK(p.family == Family::Scalar);
}

}  // namespace lrcert
