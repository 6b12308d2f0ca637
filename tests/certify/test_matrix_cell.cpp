// Set-valued certification of a matrix cell (certify/matrix_cell.hpp) against
// independent oracles: exact rational GD at random exact points (h, s) of the
// cell (tests/support/exact_gd.hpp), and the pointwise matrix certifier at
// random interior points.
#include "lrcert/certify/matrix_cell.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/parse.hpp"

#include "support/exact_gd.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <string>

using namespace lrcert;

namespace {

Matrix<Rational> rows(std::initializer_list<std::initializer_list<const char*>> r) {
    Matrix<Rational> M(r.size(), r.begin()->size());
    size_t i = 0;
    for (const auto& row : r) {
        size_t j = 0;
        for (const char* t : row) M(i, j++) = parse_exact(t);
        ++i;
    }
    return M;
}

// A 2 x 2, d = 2 problem with small exact numbers (for exact GD); the
// pointwise certifier proves convergence for h up to about 0.5.
MatrixCell small_cell(const char* h_lo, const char* h_hi) {
    MatrixCell c;
    c.A = rows({{"1", "0.5"}, {"-0.25", "0.75"}});
    c.z0.X = rows({{"0.5", "0.25"}, {"-0.25", "0.5"}});
    c.z0.Y = rows({{"0.25", "0"}, {"0.125", "0.25"}});
    c.h_lo = parse_exact(h_lo);
    c.h_hi = parse_exact(h_hi);
    return c;
}

Rational random_in(const Rational& a, const Rational& b, std::mt19937& rng) {
    std::uniform_int_distribution<int> k(0, 1000);
    return a + (b - a) * Rational(k(rng), 1000);
}

test::RationalRows to_rows(const Matrix<Rational>& M) {
    test::RationalRows r(M.rows(), std::vector<Rational>(M.cols()));
    for (size_t i = 0; i < M.rows(); ++i)
        for (size_t j = 0; j < M.cols(); ++j) r[i][j] = M(i, j);
    return r;
}

// The exact start of the point s of the cell: X0 -> s X0, Y0 -> Y0 / s.
test::ExactIterate point_start(const MatrixCell& c, const Rational& s) {
    test::ExactIterate z{to_rows(c.z0.X), to_rows(c.z0.Y)};
    if (c.start == CellStartAxis::Scale) {
        for (auto& r : z.X)
            for (auto& q : r) q *= s;
        for (auto& r : z.Y)
            for (auto& q : r) q /= s;
    }
    return z;
}

// |z - c|^2 <= r^2, exactly (the centre and radius are dyadic).
bool in_ball(const Ball& b, const test::ExactIterate& z) {
    Rational d2 = 0;
    for (size_t i = 0; i < z.X.size(); ++i)
        for (size_t j = 0; j < z.X[i].size(); ++j) {
            const Rational e = z.X[i][j] - to_rational(b.centre.X(i, j));
            d2 += e * e;
        }
    for (size_t i = 0; i < z.Y.size(); ++i)
        for (size_t j = 0; j < z.Y[i].size(); ++j) {
            const Rational e = z.Y[i][j] - to_rational(b.centre.Y(i, j));
            d2 += e * e;
        }
    const Rational r = to_rational(b.radius.real());
    return d2 <= r * r;
}

Problem example(const std::string& name) {
    const char* dir = std::getenv("LRCERT_SOURCE_DIR");
    if (!dir) FAIL("LRCERT_SOURCE_DIR is not set");
    return read_problem_file(std::string(dir) + "/examples/" + name);
}

MatrixCell cell_of(const Problem& p, const char* h_lo, const char* h_hi) {
    MatrixCell c;
    c.A = p.A;
    c.z0 = p.z0;
    c.h_lo = parse_exact(h_lo);
    c.h_hi = parse_exact(h_hi);
    return c;
}

DriverOptions options() { return cell_driver_options(20000, nullptr); }

}  // namespace

TEST_CASE("matrix cell: the ball trajectory holds exact GD at random points of the cell", "[matrix_cell]") {
    std::mt19937 rng(7);
    for (int scaled = 0; scaled < 2; ++scaled) {
        MatrixCell c = small_cell("0.2", "0.3");
        if (scaled) {
            c.start = CellStartAxis::Scale;
            c.s_lo = parse_exact("0.8");
            c.s_hi = parse_exact("1.25");
        }
        PrecisionScope scope(128);
        const MatrixCellData D = matrix_cell_data(c);
        constexpr size_t K = 6;
        std::vector<Ball> balls;
        MatrixTrajectory traj = matrix_cell_trajectory(D);
        for (size_t k = 0; k <= K; ++k) {
            balls.push_back(traj.ball());
            if (k < K) traj.advance();
        }
        std::vector<std::pair<Rational, Rational>> points = {{c.h_lo, c.s_lo}, {c.h_hi, c.s_hi}};
        for (int i = 0; i < 4; ++i)
            points.emplace_back(random_in(c.h_lo, c.h_hi, rng), scaled ? random_in(c.s_lo, c.s_hi, rng) : Rational(1));
        for (const auto& [h, s] : points) {
            const auto zs = test::exact_gd(to_rows(c.A), point_start(c, s), h, K);
            for (size_t k = 0; k <= K; ++k) {
                INFO("scaled " << scaled << ", step " << k);
                CHECK(in_ball(balls[k], zs[k]));
            }
        }
    }
}

TEST_CASE("matrix cell: a converged cell agrees with pointwise certification at interior points", "[matrix_cell]") {
    MatrixCell c = small_cell("0.2", "0.2001");
    c.start = CellStartAxis::Scale;
    c.s_lo = parse_exact("0.9999");
    c.s_hi = parse_exact("1.0001");
    const MatrixCellCertificate cert = certify_matrix_cell(c, options());
    INFO(cert.reason);
    REQUIRE(cert.outcome == Outcome::Converged);
    REQUIRE(cert.limit);
    REQUIRE(cert.limit->imbalance);
    const Interval cell_imb = *cert.limit->imbalance;
    std::mt19937 rng(11);
    for (int i = 0; i < 3; ++i) {
        const Rational h = random_in(c.h_lo, c.h_hi, rng), s = random_in(c.s_lo, c.s_hi, rng);
        const test::ExactIterate z = point_start(c, s);
        Factors<Rational> z0{c.z0.X, c.z0.Y};
        for (size_t a = 0; a < z0.X.rows(); ++a)
            for (size_t b = 0; b < z0.X.cols(); ++b) z0.X(a, b) = z.X[a][b];
        for (size_t a = 0; a < z0.Y.rows(); ++a)
            for (size_t b = 0; b < z0.Y.cols(); ++b) z0.Y(a, b) = z.Y[a][b];
        MatrixOptions mo;
        mo.max_steps = 20000;
        const MatrixCertificate p = certify_matrix(c.A, z0, h, mo);
        INFO("h = " << h << ", s = " << s << ": " << p.reason);
        REQUIRE(p.outcome == Outcome::Converged);
        REQUIRE(p.limit->imbalance);
        // L0 at the point lies in the cell's L0 (both enclose it).
        CHECK(lo(p.L0) <= hi(cert.data.L0));
        CHECK(lo(cert.data.L0) <= hi(p.L0));
        PrecisionScope scope(cert.precision_bits);
        // The same limit lies in both enclosures, so they meet.
        CHECK(lo(*p.limit->imbalance) <= hi(cell_imb));
        CHECK(lo(cell_imb) <= hi(*p.limit->imbalance));
    }
}

TEST_CASE("matrix cell: a diverging cell (examples/matrix_3x3_diverging.json) is certified diverged",
          "[matrix_cell]") {
    const Problem p = example("matrix_3x3_diverging.json");
    MatrixCell c = cell_of(p, "0.9509", "0.95091");
    c.start = CellStartAxis::Scale;
    c.s_lo = parse_exact("0.99999");
    c.s_hi = parse_exact("1.00001");
    const MatrixCellCertificate cert = certify_matrix_cell(c, options());
    INFO(cert.reason);
    CHECK(cert.outcome == Outcome::Diverged);
    CHECK(cert.proof == "lemma DM");
    // ... and the pointwise certifier agrees at the base point.
    MatrixOptions mo;
    mo.max_steps = 20000;
    CHECK(certify_matrix(p.A, p.z0, p.h, mo).outcome == Outcome::Diverged);
}

TEST_CASE("matrix cell: a cell across the stability edge is undecided with a reason", "[matrix_cell]") {
    const MatrixCell c = small_cell("0.2", "3");
    const MatrixCellCertificate cert = certify_matrix_cell(c, options());
    CHECK(cert.outcome == Outcome::Undecided);
    CHECK(!cert.reason.empty());
}

TEST_CASE("matrix cell: bad cells are rejected", "[matrix_cell]") {
    MatrixCell c = small_cell("0.3", "0.2");
    CHECK_THROWS_AS(validate_matrix_cell(c), std::invalid_argument);
    c = small_cell("0", "0.2");
    CHECK_THROWS_AS(validate_matrix_cell(c), std::invalid_argument);
    c = small_cell("0.2", "0.3");
    c.start = CellStartAxis::Scale;
    c.s_lo = 0;
    c.s_hi = 1;
    CHECK_THROWS_AS(validate_matrix_cell(c), std::invalid_argument);
    c.s_lo = 2;
    CHECK_THROWS_AS(validate_matrix_cell(c), std::invalid_argument);
    c.s_lo = parse_exact("0.5");
    CHECK_NOTHROW(validate_matrix_cell(c));
    c.start = CellStartAxis::Imbalance;
    CHECK_THROWS_AS(validate_matrix_cell(c), std::invalid_argument);
    c = small_cell("0.2", "0.3");
    c.z0.Y = Matrix<Rational>(3, 2);
    CHECK_THROWS_AS(validate_matrix_cell(c), std::invalid_argument);
}
