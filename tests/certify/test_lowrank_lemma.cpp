// Lemma LR (certify/lowrank_lemma.hpp, docs/math.md sections 7.4a and 7.4b)
// against independent oracles:
//   - closed forms: A = U S V^T with U, V exactly orthogonal rational matrices
//     (products of plane rotations by (3/5, 4/5)), so rank(A) and sigma_d(A)
//     are known exactly; the certified rank must equal it and the certified
//     t <= sigma_d(A)^2 must lie within a relative 2^-16 below sigma_d(A)^2;
//   - the PL inequality of section 7.4a itself at random rational points,
//     evaluated in plain double arithmetic far from its rounding (a margin);
//   - a plain high-precision GD loop (raw MPFR at 640 bits, its own loops:
//     tests/support/reference_gd.hpp) run
//     until ||R||_F < 1e-90: the certified limit of each low-rank example
//     contains its last iterate up to a slack of 1e-80 (the exact limit is
//     within about 1e-88 of that iterate: the remaining path is bounded by
//     h G sqrt(2 f) / (1 - sqrt q));
//   - hypotheses that must fail: rank(A) > d (no target), ||R||_F above
//     sigma_d(A) on the ball, a rank-deficient factor, h too large (the
//     reference does not converge and the run is not reported converged).
#include "lrcert/certify/lowrank_lemma.hpp"
#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/parse.hpp"

#include "support/example_problems.hpp"
#include "support/reference_gd.hpp"

#include <catch2/catch.hpp>


#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace lrcert;

namespace {

Problem example(const std::string& name) { return test::example_problem(name); }

using QM = std::vector<std::vector<Rational>>;

QM identity_q(size_t n) {
    QM I(n, std::vector<Rational>(n, Rational(0)));
    for (size_t i = 0; i < n; ++i) I[i][i] = 1;
    return I;
}

QM mul(const QM& a, const QM& b) {
    QM c(a.size(), std::vector<Rational>(b[0].size(), Rational(0)));
    for (size_t i = 0; i < a.size(); ++i)
        for (size_t k = 0; k < b.size(); ++k)
            for (size_t j = 0; j < b[0].size(); ++j) c[i][j] += a[i][k] * b[k][j];
    return c;
}

QM transposed(const QM& a) {
    QM t(a[0].size(), std::vector<Rational>(a.size()));
    for (size_t i = 0; i < a.size(); ++i)
        for (size_t j = 0; j < a[0].size(); ++j) t[j][i] = a[i][j];
    return t;
}

// The rotation by (c, s) = (3/5, 4/5) in the plane (i, j) of R^n: exactly orthogonal.
QM rotation(size_t n, size_t i, size_t j) {
    QM G = identity_q(n);
    G[i][i] = Rational(3, 5);
    G[j][j] = Rational(3, 5);
    G[i][j] = Rational(-4, 5);
    G[j][i] = Rational(4, 5);
    return G;
}

// An exactly orthogonal n x n matrix from a few rotations.
QM orthogonal(size_t n, unsigned seed) {
    QM U = identity_q(n);
    for (size_t k = 0; k + 1 < n; ++k) U = mul(U, rotation(n, (k + seed) % n, (k + seed + 1) % n));
    if (n > 2) U = mul(U, rotation(n, 0, n - 1));
    return U;
}

// A = U diag(sigma) V^T (n x m; sigma has min(n, m) entries).
Matrix<Rational> constructed(size_t n, size_t m, const std::vector<Rational>& sigma) {
    const QM U = orthogonal(n, 0), V = orthogonal(m, 1);
    // The oracle's own premise: U, V are orthogonal exactly.
    REQUIRE(mul(transposed(U), U) == identity_q(n));
    REQUIRE(mul(transposed(V), V) == identity_q(m));
    QM S(n, std::vector<Rational>(m, Rational(0)));
    for (size_t i = 0; i < sigma.size(); ++i) S[i][i] = sigma[i];
    const QM A = mul(mul(U, S), transposed(V));
    Matrix<Rational> out(n, m);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) out(i, j) = A[i][j];
    return out;
}

// ref lies in enc widened by 1e-80 (1 + |ref|), compared at 640 bits.
bool near_inside(const Interval& enc, const Real& ref) {
    PrecisionScope scope(640);
    return test::near_inside(enc, ref, "1e-80");
}

double width_log10(const Interval& x) {
    const double w = static_cast<double>(hi(x) - lo(x));
    return w > 0 ? std::log10(w) : -1000;
}

// A ball of radius r around an exact point (dyadic entries).
Ball ball_at(const Matrix<Rational>& X, const Matrix<Rational>& Y, const char* r) {
    Ball b;
    b.centre = Factors<Real>{convert_matrix<Real>(X), convert_matrix<Real>(Y)};
    b.radius = UpperBound::of_rational(parse_exact(r));
    return b;
}

}  // namespace

TEST_CASE("the target's rank and sigma_d(A)^2 against constructed A = U S V^T", "[lowrank]") {
    PrecisionScope scope(128);
    struct Case {
        size_t n, m, d;
        std::vector<Rational> sigma;
        bool usable;
    };
    const std::vector<Case> cases = {
        {3, 3, 1, {Rational(3), Rational(0), Rational(0)}, true},
        {4, 4, 2, {Rational(3), Rational(2), Rational(0), Rational(0)}, true},
        {4, 4, 2, {Rational(2), Rational(2), Rational(0), Rational(0)}, true},  // sigma_1 = sigma_2
        {4, 4, 3, {Rational(3), Rational(2), Rational(1, 2), Rational(0)}, true},
        {3, 5, 2, {Rational(5, 2), Rational(1, 3), Rational(0)}, true},
        {5, 3, 1, {Rational(7, 4), Rational(0), Rational(0)}, true},
        // rank(A) > d: Lemma LR has no target (the minimum loss is positive).
        {4, 4, 2, {Rational(3), Rational(2), Rational(1, 2), Rational(0)}, false},
        // rank(A) < d.
        {4, 4, 3, {Rational(3), Rational(2), Rational(0), Rational(0)}, false},
    };
    for (const Case& c : cases) {
        const Matrix<Rational> A = constructed(c.n, c.m, c.sigma);
        size_t rank = 0;
        for (const Rational& s : c.sigma) rank += s != 0;
        INFO(c.n << "x" << c.m << " d = " << c.d << " rank " << rank);
        const LowRankTarget t = low_rank_target(A, c.d);
        REQUIRE(t.rank == rank);
        REQUIRE(t.usable() == c.usable);
        if (!c.usable) {
            REQUIRE(t.sigma_sq_low == 0);
            continue;
        }
        const Rational exact = c.sigma[c.d - 1] * c.sigma[c.d - 1];  // sigma_d(A)^2, the closed form
        const Rational got = to_rational(t.sigma_sq_low);
        REQUIRE(got <= exact);
        REQUIRE(got >= exact * (1 - Rational(1, 1L << 16)));
    }
    REQUIRE_THROWS(low_rank_target(constructed(3, 3, {Rational(1), Rational(0), Rational(0)}), 4));
}

TEST_CASE("the PL inequality of docs/math.md 7.4a at random points (no violation)", "[lowrank]") {
    // |grad f|^2 >= 2 s^2 (1 - ||R||_F^2 / sigma_d(A)^2) f with s = min(sigma_d(X), sigma_d(Y)),
    // for rank-1 targets A = sigma u v^T and d = 1 (sigma_1 of a vector is its norm).
    std::mt19937 rng(12);
    std::uniform_real_distribution<double> U(-1, 1);
    const size_t n = 4, m = 3;
    size_t informative = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<double> u(n), v(m), x(n), y(m);
        for (auto& e : u) e = U(rng);
        for (auto& e : v) e = U(rng);
        const double scale = 0.05 + 0.3 * std::abs(U(rng));
        for (size_t i = 0; i < n; ++i) x[i] = u[i] + scale * U(rng);
        for (size_t j = 0; j < m; ++j) y[j] = v[j] + scale * U(rng);
        double nu = 0, nv = 0, nx = 0, ny = 0;
        for (double e : u) nu += e * e;
        for (double e : v) nv += e * e;
        for (double e : x) nx += e * e;
        for (double e : y) ny += e * e;
        const double sigma2 = nu * nv;  // sigma_1(u v^T)^2
        double r2 = 0, g2 = 0;
        std::vector<double> Ry(n, 0), Rtx(m, 0);
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < m; ++j) {
                const double r = u[i] * v[j] - x[i] * y[j];
                r2 += r * r;
                Ry[i] += r * y[j];
                Rtx[j] += r * x[i];
            }
        for (double e : Ry) g2 += e * e;
        for (double e : Rtx) g2 += e * e;
        const double s2 = std::min(nx, ny);
        const double rhs = s2 * r2 * (1 - r2 / sigma2);  // = 2 s^2 (1 - ...) f
        if (rhs > 0) ++informative;
        INFO("trial " << trial);
        REQUIRE(g2 >= rhs - 1e-9 * (1 + std::abs(rhs)));
    }
    REQUIRE(informative > 200);
}

TEST_CASE("Lemma LR at an exact minimizer holds where Lemma G cannot, and fails where it must", "[lowrank]") {
    PrecisionScope scope(256);
    // A = x y^T with x = (1, 2, 2), y = (2, -1, 2)/3 (rank 1), d = 1; the exact
    // minimizer (x, y) itself, and the sharpness |x|^2 + |y|^2 = 10.
    Matrix<Rational> X(3, 1), Y(3, 1);
    X(0, 0) = 1, X(1, 0) = 2, X(2, 0) = 2;
    Y(0, 0) = Rational(2, 3), Y(1, 0) = Rational(-1, 3), Y(2, 0) = Rational(2, 3);
    Matrix<Rational> A(3, 3);
    for (size_t i = 0; i < 3; ++i)
        for (size_t j = 0; j < 3; ++j) A(i, j) = X(i, 0) * Y(j, 0);
    const Matrix<Interval> Ai = convert_matrix<Interval>(A);
    const LowRankTarget target = low_rank_target(A, 1);
    REQUIRE(target.usable());
    REQUIRE(to_rational(target.sigma_sq_low) <= 9);  // sigma_1(A) = |x| |y| = 3
    const Interval h = enclose(Rational(1, 10));

    // Y has 1/3 entries: the centre is Y rounded to the working grid, so
    // the ball's radius covers that rounding (2^-200) and more.
    SECTION("holds on a small ball around the minimizer; Lemma G's hypothesis (ii) does not") {
        const Ball b = ball_at(X, Y, "1/1000000000000");
        NormCache cache;
        const CentreNorms s = cache.at(Ai, b.centre, true);
        const LemmaG G = check_lemma_g(b, h, s);
        REQUIRE_FALSE(G.holds);  // no factor of full row rank (d = 1 < 3)
        const LemmaG L = check_lemma_lr(b, h, s, target);
        INFO(L.failure);
        REQUIRE(L.holds);
        REQUIRE(L.lowrank);
        REQUIRE(L.lowrank->rank == 1);
        // s_B <= min(|x|, |y|) = 1 (closed form at the centre), and close to it.
        REQUIRE(L.lowrank->s_B <= 1);
        REQUIRE(L.lowrank->s_B.real() > Real("0.999"));
        // mu_B <= s^2 (1 - 0) = 1, L_B >= 10 (the exact sharpness), h L_B < 2.
        REQUIRE(L.mu_B <= 1);
        REQUIRE(L.L_B.real() >= 10);
        REQUIRE(L.reach.real() >= Real("1e-12"));  // reach = e_K + path >= e_K
        REQUIRE(L.reach.real() < Real("1e-10"));
    }
    SECTION("fails when ||R||_F on the ball exceeds sigma_d(A): a start near 0") {
        // x = (1, 1, 1)/10, y = -x: <A, x y^T> = -5/100 < 0, so ||R||_F^2 =
        // 9 + 1/10 + |x|^2 |y|^2 > 9 = sigma_1(A)^2 (closed form).
        Matrix<Rational> X0(3, 1), Y0(3, 1);
        for (size_t i = 0; i < 3; ++i) X0(i, 0) = Rational(1, 10), Y0(i, 0) = Rational(-1, 10);
        const Ball b = ball_at(X0, Y0, "0");
        NormCache cache;
        const LemmaG L = check_lemma_lr(b, h, cache.at(Ai, b.centre, true), target);
        REQUIRE_FALSE(L.holds);
        INFO(L.failure);
        REQUIRE(L.failure.find("below sigma_d(A)") != std::string::npos);
    }
    SECTION("fails when the ball reaches a rank-deficient factor") {
        // The minimizer's ball with radius above sigma_1(Y) = 1: Y = 0 lies in it
        // (h small enough that h L_B < 2 holds on that ball).
        const Ball b = ball_at(X, Y, "3/2");
        NormCache cache;
        const LemmaG L = check_lemma_lr(b, enclose(Rational(1, 1000)), cache.at(Ai, b.centre, true), target);
        INFO(L.failure);
        REQUIRE_FALSE(L.holds);
        REQUIRE(L.failure.find("sigma_d(X) or sigma_d(Y)") != std::string::npos);
    }
    SECTION("fails for h L_B >= 2 at the minimizer (h = 1/4, sharpness 10)") {
        const Ball b = ball_at(X, Y, "1/1000000000000");
        NormCache cache;
        const LemmaG L = check_lemma_lr(b, enclose(Rational(1, 4)), cache.at(Ai, b.centre, true), target);
        REQUIRE_FALSE(L.holds);
        REQUIRE(L.failure.find("h L_B >= 2") != std::string::npos);
    }
    SECTION("a target with rank(A) > d is refused") {
        Matrix<Rational> B = A;
        B(0, 0) += 1;  // rank 2
        const LowRankTarget t2 = low_rank_target(B, 1);
        REQUIRE(t2.rank == 2);
        REQUIRE_FALSE(t2.usable());
        const Ball b = ball_at(X, Y, "1/1000000000000");
        NormCache cache;
        REQUIRE_THROWS_AS(check_lemma_lr(b, h, cache.at(Ai, b.centre, true), t2), std::logic_error);
    }
}

TEST_CASE("the low-rank examples converge by Lemma LR; the limits contain a high-precision GD reference",
          "[lowrank]") {
    for (const char* name : {"matrix_lowrank_3x3_r1", "matrix_lowrank_4x4_r2"}) {
        INFO(name);
        const Problem p = example(name);
        const size_t n = p.A.rows(), m = p.A.cols(), d = p.z0.X.cols();
        REQUIRE(d < std::min(n, m));
        const MatrixCertificate c = certify_matrix(p.A, p.z0, p.h, MatrixOptions{});
        INFO(c.reason);
        REQUIRE(c.outcome == Outcome::Converged);
        REQUIRE(c.proof == "lemma LR");
        REQUIRE(c.reason.find("Lemma LR holds at step") != std::string::npos);
        REQUIRE(c.first_lemma);
        REQUIRE(c.first_lemma->lowrank);
        REQUIRE(c.first_lemma->lowrank->rank == d);
        REQUIRE(c.limit);
        REQUIRE(c.limit->lemma.lowrank);

        const test::ReferenceGD ref = test::reference_gd(p.A, p.z0, p.h, 640, 20000, 90);
        INFO("reference steps " << ref.steps);
        REQUIRE(ref.stopped);  // ||R||_F < 1e-90
        const MatrixLimit& L = *c.limit;
        for (size_t i = 0; i < n; ++i)
            for (size_t k = 0; k < d; ++k) {
                INFO("X[" << i << "][" << k << "] = " << ref.X(i, k).str(71, std::ios_base::scientific));
                REQUIRE(near_inside(L.X(i, k), ref.X(i, k)));
                REQUIRE(width_log10(L.X(i, k)) < -25);  // the enclosure says something
            }
        for (size_t j = 0; j < m; ++j)
            for (size_t k = 0; k < d; ++k) {
                INFO("Y[" << j << "][" << k << "] = " << ref.Y(j, k).str(71, std::ios_base::scientific));
                REQUIRE(near_inside(L.Y(j, k), ref.Y(j, k)));
            }
        // The sharpness at the limit, sigma_1(X)^2 + sigma_1(Y)^2 (section 7.2), is below 2/h.
        PrecisionScope scope(c.precision_bits);
        REQUIRE(hi(c.h * L.sharpness) < 2);
    }
}

TEST_CASE("low-rank instances Lemma LR does not cover are not reported converged", "[lowrank]") {
    SECTION("rank(A) = 3 > d = 2: not Lemma LR; Lemma P (positive loss) with the exact Eckart-Young f*") {
        Problem p = example("matrix_lowrank_4x4_r2");
        p.A = constructed(4, 4, {Rational(3), Rational(2), Rational(1, 2), Rational(0)});
        const MatrixCertificate c = certify_matrix(p.A, p.z0, p.h, MatrixOptions{});
        INFO(c.reason);
        REQUIRE(c.proof != "lemma LR");
        REQUIRE(!(c.first_lemma && c.first_lemma->lowrank));
        // sigma_2 = 2 > sigma_3 = 1/2: the gap holds, f* = (1/2)^2 / 2 = 1/8 exactly.
        REQUIRE(c.min_loss);
        REQUIRE(c.min_loss->gap);
        PrecisionScope scope(256);
        CHECK(lo(c.min_loss->f_star) <= Real(1) / 8);
        CHECK(Real(1) / 8 <= hi(c.min_loss->f_star));
        if (c.outcome == Outcome::Converged) CHECK(c.proof == "lemma P");
    }
    SECTION("h = 0.35 on the rank-1 example: the reference does not converge, nor does the certificate") {
        Problem p = example("matrix_lowrank_3x3_r1");
        p.h = Rational(7, 20);
        const test::ReferenceGD ref = test::reference_gd(p.A, p.z0, p.h, 256, 3000, 30);
        REQUIRE_FALSE(ref.stopped);
        MatrixOptions o;
        o.max_steps = 3000;
        const MatrixCertificate c = certify_matrix(p.A, p.z0, p.h, o);
        INFO(c.reason);
        REQUIRE(c.outcome != Outcome::Converged);
        // What it does instead: a certified attracting 2-cycle (Lemma C, d = 1).
        REQUIRE(c.outcome == Outcome::Periodic);
        REQUIRE(c.cycle);
        REQUIRE(c.cycle->region.period == 2);
    }
}

TEST_CASE("sigma_d of the factors: reused bounds stay below the exact values (Weyl)", "[lowrank]") {
    PrecisionScope scope(128);
    // d = 1: sigma_1 of a column vector is its norm, a closed form.
    Matrix<Rational> X(3, 1), Y(2, 1);
    X(0, 0) = 1, X(1, 0) = 2, X(2, 0) = 2;  // |x| = 3
    Y(0, 0) = 3, Y(1, 0) = 4;               // |y| = 5
    FactorSigmas cache;
    auto at = [&](const Rational& shift) {
        Matrix<Rational> Xs = X;
        Xs(0, 0) += shift;
        return cache.at(Factors<Real>{convert_matrix<Real>(Xs), convert_matrix<Real>(Y)});
    };
    const FactorSigmas::Bounds b0 = at(0);
    REQUIRE(cache.refreshes() == 1);
    REQUIRE(b0.x <= 3);
    REQUIRE(b0.x.real() > Real("2.999999"));
    REQUIRE(b0.y <= 5);
    REQUIRE(b0.y.real() > Real("4.999999"));
    // A centre moved by -1/10^6 (within the reuse threshold): |x'| = sqrt((1 - 10^-6)^2 + 8) < 3.
    const Rational s(-1, 1000000);
    const FactorSigmas::Bounds b1 = at(s);
    REQUIRE(cache.refreshes() == 1);  // reused
    const Rational x2 = (1 + s) * (1 + s) + 8;
    REQUIRE(to_rational(b1.x) * to_rational(b1.x) <= x2);  // below the exact sigma_1(X')
    REQUIRE(b1.x <= b0.x);
    // Moved by 1/10 (beyond the threshold): recomputed at the new centre.
    const FactorSigmas::Bounds b2 = at(Rational(1, 10));
    REQUIRE(cache.refreshes() == 2);
    REQUIRE(to_rational(b2.x) * to_rational(b2.x) <= Rational(121, 100) + 8);
    REQUIRE(b2.x.real() > Real("3.03"));  // sqrt(9.21) = 3.0348...
}
