// Lemma DM (docs/math.md, section 10) on random small matrix instances: a
// `diverged` outcome is followed, in an independent plain GD loop at 3300 bits
// (boost's mpfr_float_1000, nothing of lrcert), by ||R_k||_F at least doubling
// at every step after the lemma step; on a `converged` run the lemma's
// hypotheses are shown impossible at every step up to the tail step, from the
// same plain loop.
#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/certify/matrix_lemmas.hpp"

#include <boost/multiprecision/mpfr.hpp>
#include <catch2/catch.hpp>

#include <random>
#include <vector>

using namespace lrcert;

namespace {

using F = boost::multiprecision::mpfr_float_1000;

struct Instance {
    size_t n, m, d;
    std::vector<long> A, X, Y;  // entries k / 20, row-major
    long h;                     // h = k / 100
};

Instance random_instance(std::mt19937& rng) {
    Instance I;
    std::uniform_int_distribution<int> side(2, 3), entry(-20, 20), hk(5, 200);
    I.n = side(rng);
    I.m = side(rng);
    // d >= min(n, m): smaller d is decided (undecided) before any trajectory.
    std::uniform_int_distribution<int> width(static_cast<int>(std::min(I.n, I.m)), 3);
    I.d = width(rng);
    for (size_t k = 0; k < I.n * I.m; ++k) I.A.push_back(entry(rng));
    for (size_t k = 0; k < I.n * I.d; ++k) I.X.push_back(entry(rng));
    for (size_t k = 0; k < I.m * I.d; ++k) I.Y.push_back(entry(rng));
    I.h = hk(rng);
    return I;
}

Matrix<Rational> exact(const std::vector<long>& v, size_t rows, size_t cols) {
    Matrix<Rational> M(rows, cols);
    for (size_t i = 0; i < rows; ++i)
        for (size_t j = 0; j < cols; ++j) M(i, j) = Rational(v[i * cols + j], 20);
    return M;
}

// The plain loop: per step, ||R||_F^2, ||X||_F^2, ||Y||_F^2 at 3300 bits.
struct Norms {
    F r2, x2, y2;
};
std::vector<Norms> plain_gd(const Instance& I, size_t steps) {
    const size_t n = I.n, m = I.m, d = I.d;
    std::vector<F> A(n * m), X(n * d), Y(m * d);
    for (size_t k = 0; k < A.size(); ++k) A[k] = F(I.A[k]) / 20;
    for (size_t k = 0; k < X.size(); ++k) X[k] = F(I.X[k]) / 20;
    for (size_t k = 0; k < Y.size(); ++k) Y[k] = F(I.Y[k]) / 20;
    const F h = F(I.h) / 100;
    std::vector<Norms> out;
    for (size_t step = 0; step <= steps; ++step) {
        std::vector<F> R(n * m);
        Norms N{0, 0, 0};
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < m; ++j) {
                F s = 0;
                for (size_t k = 0; k < d; ++k) s += X[i * d + k] * Y[j * d + k];
                R[i * m + j] = A[i * m + j] - s;
                N.r2 += R[i * m + j] * R[i * m + j];
            }
        for (const F& x : X) N.x2 += x * x;
        for (const F& y : Y) N.y2 += y * y;
        out.push_back(N);
        std::vector<F> Xn = X, Yn = Y;
        for (size_t i = 0; i < n; ++i)
            for (size_t k = 0; k < d; ++k) {
                F s = 0;
                for (size_t j = 0; j < m; ++j) s += R[i * m + j] * Y[j * d + k];
                Xn[i * d + k] += h * s;
            }
        for (size_t j = 0; j < m; ++j)
            for (size_t k = 0; k < d; ++k) {
                F s = 0;
                for (size_t i = 0; i < n; ++i) s += R[i * m + j] * X[i * d + k];
                Yn[j * d + k] += h * s;
            }
        X = Xn;
        Y = Yn;
    }
    return out;
}

}  // namespace

TEST_CASE("Lemma DM on random instances: diverged runs blow up, converged runs never meet its hypotheses",
          "[matrix][lemma][divergence]") {
    std::mt19937 rng(20261202);
    size_t diverged = 0, converged = 0;
    for (int trial = 0; trial < 30; ++trial) {
        const Instance I = random_instance(rng);
        INFO("trial " << trial << ": " << I.n << " x " << I.m << ", d = " << I.d << ", h = " << I.h << "/100");
        const Matrix<Rational> A = exact(I.A, I.n, I.m);
        const Factors<Rational> z0{exact(I.X, I.n, I.d), exact(I.Y, I.m, I.d)};
        MatrixOptions opt;
        opt.max_steps = 4000;
        opt.max_precision = 1024;
        const MatrixCertificate c = certify_matrix(A, z0, Rational(I.h, 100), opt);
        INFO(c.reason);
        if (c.outcome == Outcome::Diverged) {
            ++diverged;
            REQUIRE(c.proof == "lemma DM");
            REQUIRE(c.divergence_step);
            const size_t K = *c.divergence_step;
            CHECK(K <= 10);
            const std::vector<Norms> N = plain_gd(I, K + 4);
            // ||R_K||_F >= ||R_K||_2 >= t / h.
            const F t = F(c.divergence->t.decimal(30));
            CHECK(sqrt(N[K].r2) * F(I.h) / 100 >= t);
            // ||R_k||_F at least doubles at every step after the lemma step.
            for (size_t k = K + 1; k < K + 4; ++k) {
                INFO("step " << k);
                CHECK(N[k + 1].r2 >= 4 * N[k].r2);
            }
        } else if (c.outcome == Outcome::Converged) {
            ++converged;
            REQUIRE(c.first_tail_step);
            const size_t K = *c.first_tail_step;
            const std::vector<Norms> N = plain_gd(I, K);
            // The lemma at step k needs, with kappa = t^2 / p at its largest,
            // t^2 - p - (1 + h a) t - 2 >= 0. With t <= h ||R||_F,
            // p >= h (||X||_F^2 + ||Y||_F^2) / d and a >= ||A||_F / sqrt(min(n, m)),
            // and t^2 - (1 + h a) t <= max(0, its value at the upper bound) (convex),
            // the hypotheses are impossible when the bound below is < 0.
            const F h = F(I.h) / 100;
            F a2 = 0;
            for (long v : I.A) a2 += F(v) * F(v) / 400;
            const F a = sqrt(a2 / F(static_cast<long>(std::min(I.n, I.m))));
            for (size_t k = 0; k <= K; ++k) {
                INFO("step " << k);
                const F t = h * sqrt(N[k].r2);
                const F p = h * (N[k].x2 + N[k].y2) / F(static_cast<long>(I.d));
                F phi = t * t - (1 + h * a) * t;
                if (phi < 0) phi = 0;
                CHECK(phi - p - 2 < 0);
            }
        }
    }
    // Both regimes occur in the sample.
    CHECK(diverged >= 5);
    CHECK(converged >= 5);
}

TEST_CASE("Lemma DM fails where it must", "[matrix][lemma]") {
    PrecisionScope scope(128);
    // A = [[4]], X = Y = [[2]]: a minimizer (R = 0, t = 0).
    Matrix<Rational> A(1, 1);
    A(0, 0) = 4;
    Ball ball{Factors<Real>{Matrix<Real>(1, 1), Matrix<Real>(1, 1)}, UpperBound::assume_upper(Real("1e-30"))};
    ball.centre.X(0, 0) = 2;
    ball.centre.Y(0, 0) = 2;
    const Matrix<Interval> Ai = convert_matrix<Interval>(A);
    const UpperBound a = UpperBound::of_rational(Rational(4));
    {
        LemmaDM D = check_lemma_dm(ball, Ai, enclose(Rational(1)), centre_norms(Ai, ball.centre, false), a);
        CHECK_FALSE(D.holds);
        CHECK(D.failure.find("t = h ||R||_2 <= 2") != std::string::npos);
    }
    // X = Y = [[10]]: R = -96, h = 1: t = 96, p = 200 -> kappa < 1... t^2 = 9216 > 200:
    // kappa about 46, g(96) = (1 - 1/46) 9216 - 5 * 96 - 2 > 0: holds.
    ball.centre.X(0, 0) = 10;
    ball.centre.Y(0, 0) = 10;
    {
        LemmaDM D = check_lemma_dm(ball, Ai, enclose(Rational(1)), centre_norms(Ai, ball.centre, false), a);
        CHECK(D.holds);
        CHECK(D.kappa > 40);
        CHECK(D.kappa < 47);
        CHECK(D.t > 95);
        CHECK(D.t < 96);
    }
    // The same with a huge ball radius: t's lower bound collapses.
    ball.radius = UpperBound::assume_upper(Real("10"));
    {
        LemmaDM D = check_lemma_dm(ball, Ai, enclose(Rational(1)), centre_norms(Ai, ball.centre, false), a);
        CHECK_FALSE(D.holds);
    }
    // X = [[10]], Y = [[1/10]]: R = 3, h = 1: t = 3, p = 100.01 > t^2: kappa < 1.
    ball.radius = UpperBound::assume_upper(Real("1e-30"));
    ball.centre.Y(0, 0) = Real("0.1");
    {
        LemmaDM D = check_lemma_dm(ball, Ai, enclose(Rational(1)), centre_norms(Ai, ball.centre, false), a);
        CHECK_FALSE(D.holds);
        CHECK(D.failure.find("kappa") != std::string::npos);
    }
}
