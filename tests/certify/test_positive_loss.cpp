// Lemma P (d < min(n, m), positive minimum loss; docs/math.md 7.4c) against
// independent oracles: exact Eckart-Young targets A = U diag(s) V^T with
// rational orthogonal U, V (f* an exact rational), the PL inequality
// |grad f|^2 >= 2 mu_B (f - f*) at random rational points of the lemma's ball
// in exact rationals, a plain MPFR GD loop (tests/support/reference_gd.hpp) for
// the limit and its loss, and points where the hypothesis must fail (a saddle point with zero
// gradient, a far start, equal singular values sigma_d = sigma_{d+1}).
#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/certify/positive_loss_lemma.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/parse.hpp"

#include "support/example_problems.hpp"
#include "support/reference_gd.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace lrcert;

namespace {

Problem example(const std::string& name) { return test::example_problem(name); }

using QMat = Matrix<Rational>;

QMat mul(const QMat& a, const QMat& b) {
    QMat r(a.rows(), b.cols());
    for (size_t i = 0; i < a.rows(); ++i)
        for (size_t j = 0; j < b.cols(); ++j) {
            Rational s(0);
            for (size_t k = 0; k < a.cols(); ++k) s += a(i, k) * b(k, j);
            r(i, j) = s;
        }
    return r;
}

QMat trans(const QMat& a) {
    QMat r(a.cols(), a.rows());
    for (size_t i = 0; i < a.rows(); ++i)
        for (size_t j = 0; j < a.cols(); ++j) r(j, i) = a(i, j);
    return r;
}

// The rotation by (c, s) (c^2 + s^2 = 1, rational) in the plane (p, q) of R^N.
QMat rotation(size_t N, size_t p, size_t q, const Rational& c, const Rational& s) {
    QMat r(N, N);
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j < N; ++j) r(i, j) = Rational(i == j ? 1 : 0);
    r(p, p) = c;
    r(q, q) = c;
    r(p, q) = -s;
    r(q, p) = s;
    return r;
}

// Rational orthogonal N x N matrices (products of Pythagorean rotations).
QMat orthogonal(size_t N, int seed) {
    const Rational cs[][2] = {{Rational(3, 5), Rational(4, 5)},   {Rational(5, 13), Rational(12, 13)},
                              {Rational(8, 17), Rational(15, 17)}, {Rational(7, 25), Rational(24, 25)},
                              {Rational(20, 29), Rational(21, 29)}};
    QMat r = rotation(N, 0, 1, cs[seed % 5][0], cs[seed % 5][1]);
    for (size_t p = 1; p + 1 < N; ++p) r = mul(r, rotation(N, p, p + 1, cs[(seed + p) % 5][0], cs[(seed + p) % 5][1]));
    if (N > 2) r = mul(r, rotation(N, 0, N - 1, cs[(seed + 3) % 5][0], cs[(seed + 3) % 5][1]));
    return r;
}

// A = U diag(s) V^T, n x m, with U, V rational orthogonal (s: min(n, m) values).
struct Target {
    QMat A, U, V;
};
Target eckart_young(size_t n, size_t m, const std::vector<Rational>& s, int seed) {
    Target t;
    t.U = orthogonal(n, seed);
    t.V = orthogonal(m, seed + 2);
    QMat D(n, m);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) D(i, j) = Rational(i == j ? s[i] : Rational(0));
    t.A = mul(mul(t.U, D), trans(t.V));
    return t;
}

Rational tail_sum(const std::vector<Rational>& s, size_t d) {
    Rational f(0);
    for (size_t i = d; i < s.size(); ++i) f += s[i] * s[i];
    return f / 2;
}

// Exact f and |grad f|^2 at rational (X, Y).
void exact_f_grad(const QMat& A, const QMat& X, const QMat& Y, Rational& f, Rational& g) {
    QMat R = A;
    const QMat P = mul(X, trans(Y));
    for (size_t k = 0; k < R.size(); ++k) R[k] -= P[k];
    f = Rational(0);
    for (size_t k = 0; k < R.size(); ++k) f += R[k] * R[k];
    f /= 2;
    const QMat RY = mul(R, Y), RtX = mul(trans(R), X);
    g = Rational(0);
    for (size_t k = 0; k < RY.size(); ++k) g += RY[k] * RY[k];
    for (size_t k = 0; k < RtX.size(); ++k) g += RtX[k] * RtX[k];
}

// The limit's enclosure holds the reference's value up to 1e-100 (1 + |ref|).
bool near_inside(const Interval& enc, const Real& ref) { return test::near_inside(enc, ref, "1e-100"); }

Factors<Real> real_factors(const QMat& X, const QMat& Y) {
    return Factors<Real>{convert_matrix<Real>(X), convert_matrix<Real>(Y)};
}

}  // namespace

TEST_CASE("f* of exact Eckart-Young targets: the enclosure contains the exact rational", "[positive_loss]") {
    PrecisionScope scope(256);
    struct Case {
        size_t n, m, d;
        std::vector<Rational> s;
        bool gap;
    };
    const std::vector<Case> cases = {
        {3, 3, 1, {Rational(3), Rational(2), Rational(1)}, true},
        {3, 3, 2, {Rational(3), Rational(2), Rational(1)}, true},
        {3, 4, 1, {Rational(5, 2), Rational(1), Rational(1, 3)}, true},
        {4, 3, 2, {Rational(2), Rational(7, 4), Rational(1, 2)}, true},
        {4, 4, 2, {Rational(3), Rational(2), Rational(2), Rational(1)}, false},  // sigma_2 = sigma_3
        {3, 3, 1, {Rational(2), Rational(2), Rational(1)}, false},               // sigma_1 = sigma_2
    };
    int seed = 0;
    for (const Case& c : cases) {
        INFO(c.n << "x" << c.m << ", d = " << c.d);
        const Target t = eckart_young(c.n, c.m, c.s, seed++);
        // U, V are orthogonal (the oracle's own check).
        const QMat UtU = mul(trans(t.U), t.U);
        for (size_t i = 0; i < c.n; ++i)
            for (size_t j = 0; j < c.n; ++j) REQUIRE(UtU(i, j) == Rational(i == j ? 1 : 0));
        const MinLoss M = enclose_min_loss(t.A, c.d);
        REQUIRE(contains(M.f_star, tail_sum(c.s, c.d)));
        REQUIRE(hi(M.f_star) - lo(M.f_star) < Real("1e-60"));
        for (size_t i = 0; i <= c.d; ++i) REQUIRE(contains(M.sigma[i], c.s[i]));
        CHECK(M.gap == c.gap);
    }
    // d must be below min(n, m).
    const Target t = eckart_young(3, 3, {Rational(3), Rational(2), Rational(1)}, 0);
    CHECK_THROWS_AS(enclose_min_loss(t.A, 3), std::invalid_argument);
}

TEST_CASE("Lemma P near an exact minimizer: the PL inequality holds at random rational points of its ball",
          "[positive_loss]") {
    PrecisionScope scope(256);
    // s = (9, 4, 1): the minimizers X = U_d diag(3, 2), Y = V_d diag(3, 2) are rational.
    for (size_t d : {size_t(1), size_t(2)}) {
        INFO("d = " << d);
        const std::vector<Rational> s = {Rational(9), Rational(4), Rational(1)};
        const Target t = eckart_young(3, 3, s, 1);
        const Rational f_star = tail_sum(s, d);
        const Rational roots[] = {Rational(3), Rational(2)};
        QMat X(3, d), Y(3, d);
        std::mt19937 gen(17 + static_cast<unsigned>(d));
        std::uniform_int_distribution<int> wiggle(-1000, 1000);
        for (size_t i = 0; i < 3; ++i)
            for (size_t a = 0; a < d; ++a) {
                // a minimizer moved by at most 1e-4 per entry
                X(i, a) = t.U(i, a) * roots[a] + Rational(wiggle(gen), 10000000);
                Y(i, a) = t.V(i, a) * roots[a] + Rational(wiggle(gen), 10000000);
            }
        const Matrix<Interval> A = convert_matrix<Interval>(t.A);
        const Factors<Real> c = real_factors(X, Y);
        const Interval h = enclose(Rational(1, 20));
        const CentreNorms norms = centre_norms(A, c, false);
        const MinLoss M = enclose_min_loss(t.A, d);
        const LemmaP P = check_lemma_p(Ball{c, UpperBound::exact(0)}, h, norms, positive_loss_centre(A, c),
                                       lower_of(M.f_star));
        INFO(P.failure);
        REQUIRE(P.holds);
        REQUIRE(P.mu_B > 0);
        REQUIRE(P.reach + upper_of(h * point(P.G_B)) <= P.rho_B);
        // The PL inequality at exact rational points z with |z - c| <= rho_B.
        const Rational mu = to_rational(P.mu_B);
        const Rational rho = to_rational(P.rho_B);
        const size_t N = 6 * d;
        std::uniform_int_distribution<int> unit(-1000, 1000);
        for (int trial = 0; trial < 30; ++trial) {
            QMat Xz = X, Yz = Y;
            // each entry within rho / N, so |Delta| <= rho / sqrt(N) <= rho
            const Rational scale = rho / Rational(static_cast<long>(N) * 1000);
            const Rational sign = trial % 3 == 0 ? Rational(1) : Rational(unit(gen) % 2 ? 1 : -1);
            for (size_t k = 0; k < Xz.size(); ++k) Xz[k] += scale * Rational(unit(gen)) * sign;
            for (size_t k = 0; k < Yz.size(); ++k) Yz[k] += scale * Rational(unit(gen));
            Rational f, g;
            exact_f_grad(t.A, Xz, Yz, f, g);
            REQUIRE(f >= f_star);  // Eckart-Young: f* is the minimum
            REQUIRE(g >= 2 * mu * (f - f_star));
        }
    }
}

TEST_CASE("Lemma P must not fire at a saddle point (zero gradient, f > f*) or far from a minimizer",
          "[positive_loss]") {
    PrecisionScope scope(256);
    const std::vector<Rational> s = {Rational(9), Rational(4), Rational(1)};
    const Target t = eckart_young(3, 3, s, 1);
    const Matrix<Interval> A = convert_matrix<Interval>(t.A);
    const MinLoss M = enclose_min_loss(t.A, 1);
    const Interval h = enclose(Rational(1, 20));
    // X = 2 u_2, Y = 2 v_2: a critical point (grad f = 0 exactly) with f - f* = (81 - 16) / 2 > 0,
    // so no PL inequality can hold there.
    QMat X(3, 1), Y(3, 1);
    for (size_t i = 0; i < 3; ++i) {
        X(i, 0) = 2 * t.U(i, 1);
        Y(i, 0) = 2 * t.V(i, 1);
    }
    Rational f, g;
    exact_f_grad(t.A, X, Y, f, g);
    REQUIRE(g == 0);
    REQUIRE(f - tail_sum(s, 1) == Rational(65, 2));
    const Factors<Real> c = real_factors(X, Y);
    const LemmaP saddle = check_lemma_p(Ball{c, UpperBound::exact(0)}, h, centre_norms(A, c, false),
                                        positive_loss_centre(A, c), lower_of(M.f_star));
    CHECK_FALSE(saddle.holds);
    CHECK(saddle.failure.find("gap") != std::string::npos);
    // Far away: a small random start.
    QMat X0(3, 1), Y0(3, 1);
    X0(0, 0) = Rational(1, 2);
    X0(1, 0) = Rational(3, 10);
    X0(2, 0) = Rational(-1, 5);
    Y0(0, 0) = Rational(2, 5);
    Y0(1, 0) = Rational(-1, 10);
    Y0(2, 0) = Rational(3, 5);
    const Factors<Real> c0 = real_factors(X0, Y0);
    const LemmaP far = check_lemma_p(Ball{c0, UpperBound::exact(0)}, h, centre_norms(A, c0, false),
                                     positive_loss_centre(A, c0), lower_of(M.f_star));
    CHECK_FALSE(far.holds);
}

TEST_CASE("positive-loss examples converge to a global minimizer: f*, the limit and its loss contain the "
          "references",
          "[positive_loss]") {
    struct Case {
        const char* name;
        Rational f_star;  // exact: A = U diag(3, 2, 1) V^T
    };
    for (const Case& k : {Case{"matrix_posloss_d1", Rational(5, 2)}, Case{"matrix_posloss_d2", Rational(1, 2)}}) {
        INFO(k.name);
        const Problem p = example(k.name);
        const MatrixCertificate c = certify_matrix(p.A, p.z0, p.h, MatrixOptions{});
        INFO(c.reason);
        REQUIRE(c.outcome == Outcome::Converged);
        CHECK(c.proof == "lemma P");
        REQUIRE(c.limit);
        REQUIRE(c.limit->lemma.positive_loss);
        REQUIRE(c.min_loss);
        CHECK(c.min_loss->gap);
        CHECK(contains(c.min_loss->f_star, k.f_star));

        const unsigned bits = 2 * c.precision_bits + 64;
        const test::ReferenceGD ref = test::reference_gd(p.A, p.z0, p.h, bits, 6000);
        const Matrix<Real>& X = ref.X;
        const Matrix<Real>& Y = ref.Y;
        const Real& f = ref.loss;
        PrecisionScope scope(bits);
        for (size_t i = 0; i < X.size(); ++i) CHECK(near_inside(c.limit->X[i], X[i]));
        for (size_t i = 0; i < Y.size(); ++i) CHECK(near_inside(c.limit->Y[i], Y[i]));
        CHECK(near_inside(c.min_loss->f_star, f));  // loss_inf = f*
        CHECK(certified_digits(c.limit->X[0]) >= 20);
        // The limit is linearly stable: h lambda_max(Hess f(z_inf)) < 2.
        CHECK(hi(c.h * c.limit->sharpness) < 2);
    }
}

TEST_CASE("sigma_d(A) = sigma_{d+1}(A): no certified gap, the run is undecided at once", "[positive_loss]") {
    const Target t = eckart_young(3, 3, {Rational(2), Rational(1), Rational(1)}, 0);
    QMat X0(3, 2), Y0(3, 2);
    const int xs[] = {5, 1, 3, -4, -2, 2}, ys[] = {4, 2, -1, 3, 6, -5};
    for (size_t k = 0; k < 6; ++k) {
        X0[k] = Rational(xs[k], 10);
        Y0[k] = Rational(ys[k], 10);
    }
    const MatrixCertificate c = certify_matrix(t.A, Factors<Rational>{X0, Y0}, Rational(1, 5), MatrixOptions{});
    CHECK(c.outcome == Outcome::Undecided);
    INFO(c.reason);
    CHECK(c.reason.find("sigma_2(A) > sigma_3(A) is not proven") != std::string::npos);
    CHECK(c.steps_run == 0);
}
