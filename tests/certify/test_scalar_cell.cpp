// Set-valued certification of a cell (certify/scalar_cell.hpp) against
// independent oracles: exact rational GD in d dimensions at random exact points
// of the cell (tests/support/exact_gd.hpp), and the pointwise certifier at
// random interior points.
#include "lrcert/certify/scalar_cell.hpp"
#include "lrcert/certify/scalar_certifier.hpp"
#include "lrcert/number/parse.hpp"

#include "support/exact_gd.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <random>

using namespace lrcert;

namespace {

// A d = 3 problem (small exact numbers, for exact GD).
ScalarCell small_cell(const char* h_lo, const char* h_hi) {
    ScalarCell c;
    c.mu = 1;
    for (const char* t : {"1.5", "0.5", "1"}) c.x0.push_back(parse_exact(t));
    for (const char* t : {"-0.1", "0.2", "0.05"}) c.y0.push_back(parse_exact(t));
    c.h_lo = parse_exact(h_lo);
    c.h_hi = parse_exact(h_hi);
    return c;
}

// The headline instance of examples/headline.json (d = 10).
ScalarCell headline_cell(const char* h_lo, const char* h_hi) {
    ScalarCell c;
    c.mu = 1;
    const char* xs[] = {"1.5", "3", "4.5"};
    for (int i = 0; i < 10; ++i) {
        c.x0.push_back(parse_exact(xs[i % 3]));
        c.y0.push_back(parse_exact(i % 2 ? "0.01" : "-0.01"));
    }
    c.h_lo = parse_exact(h_lo);
    c.h_hi = parse_exact(h_hi);
    return c;
}

// A random rational in [a, b] (exact: a + (b - a) k / 1000).
Rational random_in(const Rational& a, const Rational& b, std::mt19937& rng) {
    std::uniform_int_distribution<int> k(0, 1000);
    return a + (b - a) * Rational(k(rng), 1000);
}

// The start of a point of the cell (exact; the imbalance axis needs a
// rational lambda, so it is not sampled here).
void point_start(const ScalarCell& c, const Rational& s, std::vector<Rational>& x, std::vector<Rational>& y) {
    x = c.x0;
    y = c.y0;
    if (c.start == CellStartAxis::Scale)
        for (size_t i = 0; i < x.size(); ++i) {
            x[i] *= s;
            y[i] /= s;
        }
}

Rational dot(const std::vector<Rational>& a, const std::vector<Rational>& b) {
    Rational s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

// Whether the exact iterate (x, y) in R^d, in reduced coordinates
// x' = (alpha + beta)/2, y' = (alpha - beta)/2 with alpha = +-|u|, beta = +-|v|
// (signs of u . u0, v . v0), can lie in the ball (interval test: false only
// when it certainly lies outside).
bool in_ball(const Ball& b, const std::vector<Rational>& x, const std::vector<Rational>& y,
             const std::vector<Rational>& u0, const std::vector<Rational>& v0) {
    std::vector<Rational> u(x.size()), v(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
        u[i] = x[i] + y[i];
        v[i] = x[i] - y[i];
    }
    Interval alpha = interval_sqrt(enclose(dot(u, u)));
    Interval beta = interval_sqrt(enclose(dot(v, v)));
    if (dot(u, u0) < 0) alpha = -alpha;
    if (dot(v, v0) < 0) beta = -beta;
    const Interval half = enclose(Rational(1, 2));
    const Interval dx = half * (alpha + beta) - make_interval(b.centre.X(0, 0));
    const Interval dy = half * (alpha - beta) - make_interval(b.centre.Y(0, 0));
    const Interval dist_sq = interval_sqr(dx) + interval_sqr(dy);
    const Interval e = make_interval(b.radius.real());
    return !certainly_less(interval_sqr(e), dist_sq);
}

// Exact GD at (h, s) for `steps` steps; the first step whose exact iterate
// certainly lies outside the cell's ball, or steps + 1.
size_t first_step_outside(const ScalarCell& c, const Rational& h, const Rational& s, size_t steps) {
    PrecisionScope scope(128);
    std::vector<Rational> x, y;
    point_start(c, s, x, y);
    std::vector<Rational> u0(x.size()), v0(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
        u0[i] = x[i] + y[i];
        v0[i] = x[i] - y[i];
    }
    // The scalar family is n = m = 1, A = [mu], X = x^T, Y = y^T (1 x d).
    const test::RationalRows A{{c.mu}};
    test::ExactIterate zr;
    zr.X = {x};
    zr.Y = {y};
    auto traj = cell_trajectory(cell_data(c), c.start);
    for (size_t k = 0; k <= steps; ++k) {
        if (!in_ball(traj.ball(), zr.X[0], zr.Y[0], u0, v0)) return k;
        if (k == steps) break;
        zr = test::exact_gd_step(A, zr, h);
        traj.advance();
    }
    return steps + 1;
}

// The pointwise certifier at random interior points of a certified cell.
void check_points(const ScalarCell& c, const ScalarCellCertificate& cert, int points, std::mt19937& rng) {
    for (int i = 0; i < points; ++i) {
        const Rational h = random_in(c.h_lo, c.h_hi, rng);
        std::vector<Rational> x, y;
        point_start(c, c.start == CellStartAxis::None ? Rational(1) : random_in(c.s_lo, c.s_hi, rng), x, y);
        ScalarCertificate pt = certify_scalar(reduce_scalar(c.mu, h, x, y), ScalarOptions{});
        INFO("h = " << h);
        REQUIRE(pt.outcome == cert.outcome);
        if (cert.outcome == Outcome::Converged) {
            PrecisionScope scope(256);
            const Interval& cell_b = cert.limit->reduced.b;
            const Interval& pt_b = pt.limit->imbalance;
            CHECK(!(hi(pt_b) < lo(cell_b) || lo(pt_b) > hi(cell_b)));
            CHECK(contains(cell_b, make_interval(midpoint(pt_b))));
        }
    }
}

}  // namespace

TEST_CASE("a cell's ball contains the exact iterate of random points of the cell", "[cell]") {
    std::mt19937 rng(7);
    ScalarCell c = small_cell("0.1", "0.11");
    for (int trial = 0; trial < 6; ++trial) {
        const Rational h = trial == 0 ? c.h_lo : trial == 1 ? c.h_hi : random_in(c.h_lo, c.h_hi, rng);
        CHECK(first_step_outside(c, h, 1, 6) == 7);
    }
    // With a scale axis.
    c.start = CellStartAxis::Scale;
    c.s_lo = parse_exact("0.9");
    c.s_hi = parse_exact("1.2");
    for (int trial = 0; trial < 6; ++trial) {
        const Rational h = random_in(c.h_lo, c.h_hi, rng);
        const Rational s = trial == 0 ? c.s_lo : trial == 1 ? c.s_hi : random_in(c.s_lo, c.s_hi, rng);
        CHECK(first_step_outside(c, h, s, 6) == 7);
    }
}

TEST_CASE("the containment check can fail: a point outside the cell leaves its ball", "[cell]") {
    ScalarCell c = small_cell("0.1", "0.101");
    CHECK(first_step_outside(c, parse_exact("0.2"), 1, 6) <= 6);
    c.start = CellStartAxis::Scale;
    c.s_lo = parse_exact("1");
    c.s_hi = parse_exact("1.01");
    CHECK(first_step_outside(c, parse_exact("0.1"), parse_exact("1.5"), 6) <= 6);
}


TEST_CASE("a converged cell's points converge, with their limit imbalance in the cell's", "[cell]") {
    std::mt19937 rng(11);
    for (auto [a, b] : std::vector<std::pair<const char*, const char*>>{{"0.02", "0.0201"}, {"0.037", "0.03701"}}) {
        ScalarCell c = headline_cell(a, b);
        ScalarCellCertificate cert = certify_scalar_cell(c, cell_driver_options(20000, nullptr));
        INFO(cert.reason);
        REQUIRE(cert.outcome == Outcome::Converged);
        check_points(c, cert, 4, rng);
    }
    // A scale axis.
    ScalarCell c = headline_cell("0.02", "0.0201");
    c.start = CellStartAxis::Scale;
    c.s_lo = parse_exact("1");
    c.s_hi = parse_exact("1.0002");
    ScalarCellCertificate cert = certify_scalar_cell(c, cell_driver_options(20000, nullptr));
    INFO(cert.reason);
    REQUIRE(cert.outcome == Outcome::Converged);
    check_points(c, cert, 3, rng);
}

TEST_CASE("a diverged cell's points diverge", "[cell]") {
    std::mt19937 rng(13);
    ScalarCell c = headline_cell("0.055", "0.0551");
    ScalarCellCertificate cert = certify_scalar_cell(c, cell_driver_options(20000, nullptr));
    INFO(cert.reason);
    REQUIRE(cert.outcome == Outcome::Diverged);
    check_points(c, cert, 4, rng);
}

TEST_CASE("a wide cell is undecided by its width, and bad cells are rejected", "[cell]") {
    ScalarCellCertificate cert = certify_scalar_cell(headline_cell("0.004", "0.04"), cell_driver_options(20000, nullptr));
    CHECK(cert.outcome == Outcome::Undecided);
    CHECK(cert.reason.find("too wide") != std::string::npos);
    CHECK(cert.precisions == std::vector<unsigned>{128});
    CHECK_THROWS_AS(certify_scalar_cell(headline_cell("0.04", "0.03"), cell_driver_options(10, nullptr)),
                    std::invalid_argument);
    ScalarCell c = headline_cell("0.03", "0.04");
    c.start = CellStartAxis::Scale;
    c.s_lo = 0;
    c.s_hi = 1;
    CHECK_THROWS_AS(cell_data(c), std::invalid_argument);
}

TEST_CASE("the relative h axis: the cell's h encloses t 2/L0 of its starts", "[cell]") {
    ScalarCell c = headline_cell("1", "1");
    c.h_axis = CellHAxis::TwoOverL0;
    PrecisionScope scope(128);
    CellData d = cell_data(c);
    ScalarCertificate pt = certify_scalar(reduce_scalar(c.mu, 1, c.x0, c.y0), ScalarOptions{});
    // h = 2 / L0 at t = 1: h L0 = 2 is enclosed.
    CHECK(contains(d.h_L0, Rational(2)));
    CHECK(contains(d.L0, pt.initial.L0));
}

TEST_CASE("the seed-boundary h axis: the cell's h encloses tau 4/(S0 + 4 mu) of its starts", "[cell]") {
    ScalarCell c = headline_cell("1", "1");
    c.h_axis = CellHAxis::SeedBoundary;
    c.h_lo = Rational(1, 2);
    c.h_hi = Rational(3, 4);
    PrecisionScope scope(128);
    const CellData d = cell_data(c);
    Rational S0 = 0;
    for (size_t k = 0; k < c.d(); ++k) S0 += c.x0[k] * c.x0[k] + c.y0[k] * c.y0[k];
    // Exact oracle: both ends of the tau interval, in rationals.
    CHECK(contains(d.h, Rational(c.h_lo * 4 / (S0 + 4 * c.mu))));
    CHECK(contains(d.h, Rational(c.h_hi * 4 / (S0 + 4 * c.mu))));
    CHECK(!contains(d.h, Rational(Rational(1, 4) * 4 / (S0 + 4 * c.mu))));
}
