// The built-in claims matrix.balancing_bound_rank and scalar.norm_gap_shrinks
// (claims/matrix_balancing.json, claims/scalar_norm_gap.json; docs/claims.md
// section 6). Oracles: a zero-residual point in closed form where the rank
// bound is attained (X = 2 [I 0], Y = [I 0]/2, n = m = 2, d = 3, h = 2 /
// lambda_max = 8/17), and exact rational GD (tests/support/exact_gd.hpp) for
// the identity D_{k+1} = (1 - h^2 r_k^2) D_k and the product it gives.
#include "lrcert/claims/claim.hpp"
#include "lrcert/claims/expression.hpp"
#include "lrcert/number/parse.hpp"

#include "support/exact_gd.hpp"
#include "support/files.hpp"

#include <catch2/catch.hpp>

using namespace lrcert;
using namespace lrcert::claims;

namespace {

Interval exact(const char* text) { return enclose(parse_exact(text)); }

Claim builtin(const std::string& id) {
    for (const Claim& c : load_claims_directory(lrcert::test::source_dir() + "/claims"))
        if (c.id == id) return c;
    FAIL("no built-in claim " << id);
    return {};
}

Matrix<Rational> rationals(std::size_t rows, std::size_t cols, std::initializer_list<const char*> entries) {
    Matrix<Rational> m(rows, cols);
    std::size_t k = 0;
    for (const char* e : entries) m[k++] = parse_exact(e);
    return m;
}

}  // namespace

TEST_CASE("matrix.balancing_bound_rank: 2 min(n, d)/h - 2 tr(A), attained, sharper than 2 d/h", "[claims][builtin]") {
    PrecisionScope scope(128);
    const Claim rank_bound = builtin("matrix.balancing_bound_rank");
    const Claim d_bound = builtin("matrix.balancing_bound");
    CHECK(rank_bound.kind == ClaimKind::Theorem);
    CHECK(rank_bound.family == Family::Matrix);

    // X = [[2,0,0],[0,2,0]], Y = [[1/2,0,0],[0,1/2,0]]: X Y^T = I = A (zero residual),
    // sigma_1(X)^2 + sigma_1(Y)^2 = 4 + 1/4 = 17/4 = lambda_max of the Hessian there
    // (docs/claims.md section 6), so h = 8/17 is the largest stable learning rate.
    // ||X - Y||_F^2 = 2 (3/2)^2 = 9/2 and 2 min(n, d)/h - 2 tr(A) = 4 * 17/8 - 4 = 9/2:
    // the rank bound holds with equality; the d bound is 6 * 17/8 - 4 = 35/4.
    const Matrix<Rational> X = rationals(2, 3, {"2", "0", "0", "0", "2", "0"});
    const Matrix<Rational> Y = rationals(2, 3, {"1/2", "0", "0", "0", "1/2", "0"});
    Environment env;
    env.set_exact("h", parse_exact("8/17"));
    env.set_exact("n", Rational(2));
    env.set_exact("m", Rational(2));
    env.set_exact("d", Rational(3));
    env.set_exact("A", rationals(2, 2, {"1", "0", "0", "1"}));
    env.set_exact("X_inf", X);
    env.set_exact("Y_inf", Y);
    env.set_truth("converged", Truth::True);
    env.set_exact("loss_inf", Rational(0));

    // The derivation's steps on this point, in the claim language itself.
    auto holds = [&](const std::string& text) {
        return Expression::parse(text, Family::Matrix).evaluate_truth(env);
    };
    CHECK(holds("fro2(X_inf) <= rank(X_inf) * spec_norm(X_inf)^2 + 1/10^20") == Truth::True);
    CHECK(holds("rank(X_inf) <= min(n, d)") == Truth::True);
    CHECK(holds("abs(spec_norm(X_inf)^2 + spec_norm(Y_inf)^2 - 17/4) < 1/10^20") == Truth::True);
    CHECK(holds("fro2(X_inf - Y_inf) == 9/2") == Truth::True);

    SECTION("at equality: never a counterexample (confirmed, or undecided where h = 8/17 is enclosed)") {
        env.set_interval("imbalance_inf", exact("9/2"));
        const Verdict v = evaluate_claim(rank_bound, env).verdict;
        CHECK((v == Verdict::Confirmed || v == Verdict::Undecided));
        CHECK(evaluate_claim(d_bound, env).verdict == Verdict::Confirmed);
    }
    SECTION("just below the bound: confirmed") {
        env.set_interval("imbalance_inf", exact("4.49"));
        CHECK(evaluate_claim(rank_bound, env).verdict == Verdict::Confirmed);
    }
    SECTION("a failing case: above 9/2 but below 35/4 only the d bound holds") {
        env.set_interval("imbalance_inf", exact("5"));
        ClaimResult r = evaluate_claim(rank_bound, env);
        CHECK(r.verdict == Verdict::Counterexample);
        CHECK_THAT(r.detail, Catch::Contains("exceptional set"));
        CHECK(evaluate_claim(d_bound, env).verdict == Verdict::Confirmed);
    }
    SECTION("outside the theorem: positive loss or n != m is vacuous") {
        env.set_interval("imbalance_inf", exact("5"));
        env.set_exact("loss_inf", Rational(1, 2));
        CHECK(evaluate_claim(rank_bound, env).verdict == Verdict::Vacuous);
        env.set_exact("loss_inf", Rational(0));
        env.set_exact("m", Rational(3));
        CHECK(evaluate_claim(rank_bound, env).verdict == Verdict::Vacuous);
    }
}

namespace {

using lrcert::test::ExactIterate;
using lrcert::test::RationalRows;

Rational gap(const ExactIterate& z) {
    Rational s = 0;
    for (const Rational& v : z.X[0]) s += v * v;
    for (const Rational& v : z.Y[0]) s -= v * v;
    return s;
}

Rational residual(const Rational& mu, const ExactIterate& z) {
    Rational s = mu;
    for (std::size_t k = 0; k < z.X[0].size(); ++k) s -= z.X[0][k] * z.Y[0][k];
    return s;
}

// The product prod_{j<k} (1 - h^2 r_j^2) along exact GD, checked against D_k / D_0
// at every step; returns the product after `steps` steps and D_0, D_steps.
struct GapRun {
    Rational d0, dk, product;
};

GapRun run_gap(const Rational& mu, const Rational& h, const ExactIterate& z0, std::size_t steps) {
    const RationalRows A = {{mu}};
    const std::vector<ExactIterate> zs = lrcert::test::exact_gd(A, z0, h, steps);
    Rational product = 1;
    for (std::size_t k = 0; k < steps; ++k) {
        const Rational r = residual(mu, zs[k]);
        CHECK(gap(zs[k + 1]) == (1 - h * h * r * r) * gap(zs[k]));  // the identity, exactly
        product *= 1 - h * h * r * r;
    }
    CHECK(gap(zs[steps]) == product * gap(zs[0]));
    return {gap(zs[0]), gap(zs[steps]), product};
}

Environment scalar_env(const GapRun& g) {
    Environment env;
    env.set_truth("converged", Truth::True);
    env.set_exact("norm_gap_0", g.d0);
    env.set_interval("norm_gap_inf", enclose(g.dk));
    return env;
}

}  // namespace

TEST_CASE("scalar.norm_gap_shrinks: D_{k+1} = (1 - h^2 r_k^2) D_k on exact GD, and its product", "[claims][builtin]") {
    PrecisionScope scope(256);
    const Claim c = builtin("scalar.norm_gap_shrinks");
    CHECK(c.kind == ClaimKind::Observation);
    CHECK(c.family == Family::Scalar);

    SECTION("a small learning rate: every factor is in (0, 1], the gap shrinks: confirmed") {
        // mu = 1, h = 1/4, x0 = (3/2, 1/4), y0 = (1/5, 1/2), d = 2.
        ExactIterate z0{{{parse_exact("3/2"), parse_exact("1/4")}}, {{parse_exact("1/5"), parse_exact("1/2")}}};
        GapRun g = run_gap(1, parse_exact("1/4"), z0, 5);
        REQUIRE(g.product > 0);
        REQUIRE(g.product < 1);
        Environment env = scalar_env(g);
        // The claim's product norm_gap_inf / norm_gap_0 contains the exact product.
        Evaluation e = Expression::parse("norm_gap_inf / norm_gap_0", Family::Scalar).evaluate(env);
        REQUIRE(std::holds_alternative<Interval>(e.value));
        CHECK(contains(std::get<Interval>(e.value), g.product));
        CHECK(evaluate_claim(c, env).verdict == Verdict::Confirmed);
    }
    SECTION("a failing case: h |r0| = 3 > sqrt(2) multiplies the gap by -8") {
        // mu = 1, h = 1, x0 = (2, 0), y0 = (-1, 1): r0 = 1 - (-2) = 3, D0 = 4 - 2 = 2.
        ExactIterate z0{{{Rational(2), Rational(0)}}, {{Rational(-1), Rational(1)}}};
        GapRun g = run_gap(1, 1, z0, 1);
        CHECK(g.product == -8);
        CHECK(g.dk == -16);
        ClaimResult r = evaluate_claim(c, scalar_env(g));
        CHECK(r.verdict == Verdict::Counterexample);
        CHECK_THAT(r.detail, Catch::Contains("observation"));
    }
    SECTION("a zero gap stays zero: vacuous") {
        // x0 = (1, 0), y0 = (0, 1): D0 = 0, and D_k = 0 for every k by the identity.
        ExactIterate z0{{{Rational(1), Rational(0)}}, {{Rational(0), Rational(1)}}};
        GapRun g = run_gap(parse_exact("1/2"), parse_exact("1/3"), z0, 3);
        CHECK(g.dk == 0);
        CHECK(evaluate_claim(c, scalar_env(g)).verdict == Verdict::Vacuous);
    }
    SECTION("not converged: vacuous; unknown convergence: undecided") {
        ExactIterate z0{{{Rational(2), Rational(0)}}, {{Rational(-1), Rational(1)}}};
        Environment env = scalar_env(run_gap(1, 1, z0, 1));
        env.set_truth("converged", Truth::False);
        CHECK(evaluate_claim(c, env).verdict == Verdict::Vacuous);
        env.set_truth("converged", Truth::Unknown);
        CHECK(evaluate_claim(c, env).verdict == Verdict::Undecided);
    }
}
