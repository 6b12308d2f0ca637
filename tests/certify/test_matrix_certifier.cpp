// The matrix certifier against independent oracles: exact rational GD for the
// ball enclosures, a plain high-precision MPFR GD loop for the limit
// (tests/support/reference_gd.hpp), an exact inertia count for L0, and the
// scalar family for the cross-family check.
#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/problem/hessian.hpp"

#include "support/example_problems.hpp"
#include "support/reference_gd.hpp"

#include <catch2/catch.hpp>

#include <mpfr.h>

#include <cstdlib>
#include <random>

using namespace lrcert;

namespace {

Problem example(const std::string& name) { return test::example_problem(name); }

// The limit's enclosure holds the reference's value up to 1e-100 (1 + |ref|).
bool near_inside(const Interval& enc, const Real& ref) { return test::near_inside(enc, ref, "1e-100"); }

// Number of eigenvalues of the exact symmetric matrix H greater than s, by
// Sylvester's law of inertia: the count of positive pivots of LDL^T of H - s I
// (exact rationals; a zero pivot means s is an eigenvalue: reported as -1).
int eigenvalues_above(Matrix<Rational> H, const Rational& s) {
    const size_t N = H.rows();
    for (size_t i = 0; i < N; ++i) H(i, i) -= s;
    int positive = 0;
    for (size_t k = 0; k < N; ++k) {
        Rational piv = H(k, k);
        if (piv == 0) return -1;
        if (piv > 0) ++positive;
        for (size_t i = k + 1; i < N; ++i) {
            if (H(i, k) == 0) continue;
            Rational f = H(i, k) / piv;
            for (size_t j = k + 1; j < N; ++j) H(i, j) -= f * H(k, j);
        }
    }
    return positive;
}

}  // namespace

TEST_CASE("matrix balls contain the exact rational iterates", "[matrix]") {
    std::mt19937 gen(5);
    std::uniform_int_distribution<int> num(-9, 9);
    for (auto [n, m, d] : {std::tuple{2, 3, 2}, std::tuple{3, 3, 3}, std::tuple{2, 2, 1}}) {
        Matrix<Rational> A(n, m), X(n, d), Y(m, d);
        for (size_t k = 0; k < A.size(); ++k) A[k] = Rational(num(gen), 5);
        for (size_t k = 0; k < X.size(); ++k) X[k] = Rational(num(gen), 7);
        for (size_t k = 0; k < Y.size(); ++k) Y[k] = Rational(num(gen), 11);
        Rational h = parse_exact("0.13");
        PrecisionScope scope(192);
        MatrixTrajectory traj = matrix_trajectory(A, Factors<Rational>{X, Y}, h);
        Factors<Rational> z{X, Y};
        for (int k = 0; k <= 6; ++k) {
            Factors<Interval> enc = ball_box(traj.ball());
            for (size_t i = 0; i < z.X.size(); ++i) REQUIRE(contains(enc.X[i], z.X[i]));
            for (size_t i = 0; i < z.Y.size(); ++i) REQUIRE(contains(enc.Y[i], z.Y[i]));
            z = gd_step(A, z, h);  // exact rationals
            traj.advance();
        }
    }
}

TEST_CASE("matrix examples: limits contain a high-precision reference, L0 an exact eigenvalue count",
          "[matrix]") {
    // matrix_3x5_d3 has d = 3 < max(n, m): Lemma G's PL bound comes from X alone.
    for (const char* name : {"matrix_4x4", "matrix_3x5", "matrix_3x5_d3"}) {
        INFO(name);
        Problem p = example(name);
        MatrixCertificate c = certify_matrix(p.A, p.z0, p.h, MatrixOptions{});
        INFO(c.reason);
        REQUIRE(c.outcome == Outcome::Converged);
        REQUIRE(c.limit);
        // Beyond 2/L, as the example says.
        REQUIRE(lo(c.h_times_L0) > 2);
        const test::ReferenceGD ref = test::reference_gd(p.A, p.z0, p.h, 2 * c.precision_bits, 6000);
        const Matrix<Real>& X = ref.X;
        const Matrix<Real>& Y = ref.Y;
        PrecisionScope scope(2 * c.precision_bits);
        for (size_t k = 0; k < X.size(); ++k) REQUIRE(near_inside(c.limit->X[k], X[k]));
        for (size_t k = 0; k < Y.size(); ++k) REQUIRE(near_inside(c.limit->Y[k], Y[k]));
        Real gap = 0;
        for (size_t k = 0; k < X.size(); ++k) gap += X[k] * X[k];
        for (size_t k = 0; k < Y.size(); ++k) gap -= Y[k] * Y[k];
        REQUIRE(near_inside(c.limit->norm_gap, gap));
        REQUIRE(certified_digits(c.limit->X[0]) >= 30);
        // Linear stability of the certified limit.
        REQUIRE(hi(c.h * c.limit->sharpness) < 2);
        // L0: exactly one eigenvalue count change across the enclosure, none above it.
        Matrix<Rational> H = hessian_matrix(p.A, p.z0);
        Rational below = to_rational(lo(c.L0)) - Rational(1, 1000000);
        Rational above = to_rational(hi(c.L0)) + Rational(1, 1000000);
        REQUIRE(eigenvalues_above(H, above) == 0);
        REQUIRE(eigenvalues_above(H, below) >= 1);
        REQUIRE(c.L0_certified);
    }
}

TEST_CASE("shapes and instances not covered come back undecided", "[matrix]") {
    SECTION("A = diag(2, 2, 1) with d = 1 (not isotropic: no Gram reduction; sigma_1 = sigma_2: no gap for Lemma P)") {
        Problem p = example("matrix_isotropic_d1");
        p.A(0, 0) = 2;
        p.A(1, 1) = 2;
        p.A(2, 2) = 1;
        MatrixCertificate c = certify_matrix(p.A, p.z0, p.h, MatrixOptions{});
        REQUIRE_FALSE(c.isotropic);
        REQUIRE(c.outcome == Outcome::Undecided);
        REQUIRE(c.reason.find("sigma_1(A) > sigma_2(A) is not proven") != std::string::npos);
    }
    SECTION("a diverging 3x3 instance") {
        Problem p = example("matrix_3x3_diverging");
        MatrixCertificate c = certify_matrix(p.A, p.z0, p.h, MatrixOptions{});
        REQUIRE(c.outcome == Outcome::Diverged);
        REQUIRE(c.proof == "lemma DM");
        REQUIRE(c.divergence_step);
        CHECK(*c.divergence_step == 4);  // the iterates exceed 1e30 at step 7
        REQUIRE(c.divergence->holds);
        CHECK(c.divergence->kappa > 1);
        CHECK(c.divergence->g >= 0);
        REQUIRE(lo(c.h_times_L0) > 2);
        REQUIRE(hi(c.h_times_L0) < 4);
    }
}

TEST_CASE("Lemma G fails where it must", "[matrix][lemma]") {
    PrecisionScope scope(128);
    // A minimizer of A = [[4]] with X = Y = [[2]] (1x1, d = 1): lambda_max = 8.
    Matrix<Rational> A(1, 1);
    A(0, 0) = 4;
    Ball ball{Factors<Real>{Matrix<Real>(1, 1), Matrix<Real>(1, 1)}, UpperBound::assume_upper(Real("1e-30"))};
    ball.centre.X(0, 0) = 2;
    ball.centre.Y(0, 0) = 2;
    Matrix<Interval> Ai = convert_matrix<Interval>(A);
    CentreNorms s = centre_norms(Ai, ball.centre, true);
    SECTION("h L_B >= 2: h = 1/2 at a minimizer with lambda_max = 8") {
        LemmaG G = check_lemma_g(ball, enclose(Rational(1, 2)), s);
        REQUIRE_FALSE(G.holds);
        REQUIRE(G.failure.find("h L_B") != std::string::npos);
    }
    SECTION("holds with h = 1/10 (h lambda_max = 0.8)") {
        LemmaG G = check_lemma_g(ball, enclose(Rational(1, 10)), s);
        REQUIRE(G.holds);
        REQUIRE(G.reach >= ball.radius);
    }
    SECTION("rank deficiency: d < min(n, m)") {
        Problem p = example("matrix_isotropic_d1");
        PrecisionScope inner(128);
        Ball b = ball_around(Factors<Interval>{convert_matrix<Interval>(p.z0.X), convert_matrix<Interval>(p.z0.Y)});
        CentreNorms t = centre_norms(convert_matrix<Interval>(p.A), b.centre, true);
        LemmaG G = check_lemma_g(b, enclose(p.h), t);
        REQUIRE_FALSE(G.holds);
        REQUIRE(G.failure.find("full row rank") != std::string::npos);
    }
    SECTION("far from a minimizer the path bound fails") {
        Ball far = ball;
        far.centre.X(0, 0) = 1;  // f = (4 - 2)^2 / 2 = 2
        CentreNorms t = centre_norms(Ai, far.centre, true);
        LemmaG G = check_lemma_g(far, enclose(Rational(1, 10)), t);
        REQUIRE_FALSE(G.holds);
    }
}

TEST_CASE("a scalar instance written as a 1x1 matrix problem gives the same limit", "[matrix][scalar]") {
    Problem sp = example("headline");
    ScalarReduction red = reduce_scalar(sp.mu(), sp.h, sp.z0.X.data(), sp.z0.Y.data());
    ScalarCertificate sc = certify_scalar(red, ScalarOptions{});
    MatrixCertificate mc = certify_matrix(sp.A, sp.z0, sp.h, MatrixOptions{});
    REQUIRE(sc.outcome == Outcome::Converged);
    REQUIRE(mc.outcome == Outcome::Converged);
    PrecisionScope scope(std::max(sc.precision_bits, mc.precision_bits));
    for (size_t i = 0; i < sp.d(); ++i) {
        INFO("coordinate " << i);
        REQUIRE(lo(sc.limit->x[i]) <= hi(mc.limit->X(0, i)));
        REQUIRE(lo(mc.limit->X(0, i)) <= hi(sc.limit->x[i]));
        REQUIRE(lo(sc.limit->y[i]) <= hi(mc.limit->Y(0, i)));
        REQUIRE(lo(mc.limit->Y(0, i)) <= hi(sc.limit->y[i]));
        REQUIRE(certified_digits(mc.limit->X(0, i)) >= 25);
    }
    // Both L0 enclosures (closed form and certified eigenvalues) intersect.
    REQUIRE(lo(sc.initial.L0) <= hi(mc.L0));
    REQUIRE(lo(mc.L0) <= hi(sc.initial.L0));
    REQUIRE(lo(sc.limit->sharpness) <= hi(mc.limit->sharpness));
    REQUIRE(lo(mc.limit->sharpness) <= hi(sc.limit->sharpness));
}

TEST_CASE("trajectories stop at the iterate bound |z| <= 1e30", "[matrix][bound]") {
    PrecisionScope scope(128);
    auto ball_at = [](const char* centre, const char* radius) {
        Ball b;
        b.centre.X = Matrix<Real>(1, 1);
        b.centre.Y = Matrix<Real>(1, 1);
        b.centre.X(0, 0) = rational_up(parse_exact(centre));
        b.centre.Y(0, 0) = new_real();
        b.radius = UpperBound::of_rational(parse_exact(radius));
        return b;
    };
    CHECK(ball_bound(ball_at("1e29", "1")) == BallBound::Within);
    CHECK(ball_bound(ball_at("-1e29", "8e29")) == BallBound::Within);
    CHECK(ball_bound(ball_at("1e29", "1e30")) == BallBound::Unbounded);  // straddles the bound
    CHECK(ball_bound(ball_at("-2e30", "1")) == BallBound::Beyond);
    Ball nan_ball = ball_at("1", "1");
    Real nan = new_real();
    mpfr_set_nan(nan.backend().data());
    nan_ball.radius = UpperBound::assume_upper(nan);
    CHECK(ball_bound(nan_ball) == BallBound::Unbounded);
    CHECK(bound_reason(BallBound::Beyond, 18).find("exceed 1e30 at step 18") != std::string::npos);

    // The diverging example: the trajectory is followed up to the first step
    // beyond the bound, and not advanced past it.
    Problem p = example("matrix_3x3_diverging");
    MatrixTrajectory traj = matrix_trajectory(p.A, p.z0, p.h);
    while (traj.bound() == BallBound::Within && traj.step() < 1000) traj.advance();
    REQUIRE(traj.bound() == BallBound::Beyond);
    CHECK(traj.step() > 1);
    CHECK(traj.step() < 30);
    CHECK_THROWS_AS(traj.advance(), std::logic_error);
    // Exact rational GD: |z|^2 <= 1e60 at the step before, > 1e60 at that step.
    auto norm_sq = [](const Factors<Rational>& z) {
        Rational s = 0;
        for (const Rational& q : z.X.data()) s += q * q;
        for (const Rational& q : z.Y.data()) s += q * q;
        return s;
    };
    Factors<Rational> z = p.z0;
    for (size_t k = 0; k + 1 < traj.step(); ++k) z = gd_step(p.A, z, p.h);
    CHECK(norm_sq(z) <= parse_exact("1e60"));
    z = gd_step(p.A, z, p.h);
    CHECK(norm_sq(z) > parse_exact("1e60"));
}

TEST_CASE("certify and fixture/compare follow the same proven balls", "[matrix][scalar][ball]") {
    // The certifier's last ball (steps_run, final_radius) is the ball the
    // trajectory of fixture and compare (matrix_trajectory / scalar_trajectory)
    // holds at that step, bit for bit.
    for (const char* name : {"matrix_4x4", "matrix_3x5", "matrix_3x5_d3", "matrix_3x3_diverging"}) {
        INFO(name);
        Problem p = example(name);
        MatrixCertificate c = certify_matrix(p.A, p.z0, p.h, MatrixOptions{});
        INFO(c.reason);
        REQUIRE(c.steps_run > 0);
        PrecisionScope scope(c.precision_bits);
        MatrixTrajectory traj = matrix_trajectory(p.A, p.z0, p.h);
        while (traj.step() < c.steps_run && traj.bound() == BallBound::Within) traj.advance();
        REQUIRE(traj.step() == c.steps_run);
        CHECK(traj.ball().radius == c.final_radius);
    }
    for (const char* name : {"headline", "balanced"}) {
        INFO(name);
        Problem p = example(name);
        ScalarReduction red = reduce_scalar(p.mu(), p.h, p.z0.X.data(), p.z0.Y.data());
        ScalarCertificate c = certify_scalar(red, ScalarOptions{});
        INFO(c.reason);
        REQUIRE(c.outcome == Outcome::Converged);
        PrecisionScope scope(c.precision_bits);
        ScalarTrajectory traj = scalar_trajectory(red);
        while (traj.step() < c.steps_run) traj.advance();
        CHECK(traj.ball().radius == c.final_radius);
    }
}
