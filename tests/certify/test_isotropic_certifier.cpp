// The isotropic family (A = mu I, d = 1; certify/isotropic_certifier.hpp,
// docs/math.md section 16) against independent oracles:
//   - exact rational GD (tests/support/exact_gd.hpp, the full n x n residual):
//     the Gram balls and the coefficient intervals contain the exact values;
//   - a plain high-precision GD loop of the full n-dimensional problem (raw
//     MPFR numbers at 640 bits, its own loops, 1500 steps): the certified
//     limits contain its last iterate up to a slack of 1e-100, and its loss
//     is f* = (n - 1) mu^2 / 2 to that slack. The slack is safe: the loop's
//     rounding is 2^-640 per operation, and the certified contraction
//     (rho < 0.6 per step) puts the exact iterate of step 1500 within
//     1e-200 of the limit;
//   - Lemma I's hypotheses fail where they must: far from the minimizer set,
//     and at a minimizer with h (a + b) > 2; a run whose reference does not
//     converge (h mu > 1) is not reported converged.
#include "lrcert/certify/isotropic_certifier.hpp"
#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/enclose/gram_trajectory.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/problem/hessian.hpp"

#include "support/exact_gd.hpp"
#include "support/example_problems.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>

using namespace lrcert;

namespace {

Problem example(const std::string& name) { return test::example_problem(name); }

// Plain GD on f = 1/2 ||mu I - x y^T||_F^2 at `bits`, with the whole residual.
void reference_run(const Rational& mu_q, const std::vector<Rational>& x0, const std::vector<Rational>& y0,
                   const Rational& h_q, unsigned bits, size_t steps, std::vector<Real>& x, std::vector<Real>& y,
                   Real& loss) {
    PrecisionScope scope(bits);
    const size_t n = x0.size();
    const Real mu = from_rational<Real>(mu_q), h = from_rational<Real>(h_q);
    x.clear();
    y.clear();
    for (size_t i = 0; i < n; ++i) {
        x.push_back(from_rational<Real>(x0[i]));
        y.push_back(from_rational<Real>(y0[i]));
    }
    std::vector<std::vector<Real>> R(n, std::vector<Real>(n));
    auto residual = [&] {
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < n; ++j) R[i][j] = (i == j ? mu : Real(0)) - x[i] * y[j];
    };
    for (size_t k = 0; k < steps; ++k) {
        residual();
        std::vector<Real> xn = x, yn = y;
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < n; ++j) {
                xn[i] += h * R[i][j] * y[j];
                yn[j] += h * R[i][j] * x[i];
            }
        x = xn;
        y = yn;
    }
    residual();
    loss = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) loss += R[i][j] * R[i][j] / 2;
}

bool near_inside(const Interval& enc, const Real& ref) {
    Real slack = Real("1e-100") * (1 + abs(ref));
    return lo(enc) - slack <= ref && ref <= hi(enc) + slack;
}

std::vector<Rational> column(const Matrix<Rational>& M) {
    std::vector<Rational> v;
    for (size_t i = 0; i < M.rows(); ++i) v.push_back(M(i, 0));
    return v;
}

Rational dot(const std::vector<Rational>& u, const std::vector<Rational>& v) {
    Rational s = 0;
    for (size_t i = 0; i < u.size(); ++i) s += u[i] * v[i];
    return s;
}

}  // namespace

TEST_CASE("Gram balls and coefficient intervals contain the exact rational iterates", "[isotropic]") {
    std::mt19937 gen(12);
    std::uniform_int_distribution<int> num(-9, 9);
    for (size_t n : {2u, 3u, 5u}) {
        const Rational mu(3, 2), h = parse_exact("0.13");
        test::RationalRows A(n, std::vector<Rational>(n, Rational(0)));
        for (size_t i = 0; i < n; ++i) A[i][i] = mu;
        test::ExactIterate z{test::RationalRows(n, std::vector<Rational>(1)), test::RationalRows(n, std::vector<Rational>(1))};
        std::vector<Rational> x0(n), y0(n);
        for (size_t i = 0; i < n; ++i) {
            x0[i] = z.X[i][0] = Rational(num(gen), 7);
            y0[i] = z.Y[i][0] = Rational(num(gen), 5);
        }
        PrecisionScope scope(192);
        GramTrajectory traj(Gram<Rational>{dot(x0, x0), dot(y0, y0), dot(x0, y0)}, mu, h);
        for (int k = 0; k <= 6; ++k) {
            std::vector<Rational> x(n), y(n);
            for (size_t i = 0; i < n; ++i) {
                x[i] = z.X[i][0];
                y[i] = z.Y[i][0];
            }
            const Gram<Interval> box = traj.box();
            INFO("n = " << n << ", step " << k);
            REQUIRE(contains(box.a, dot(x, x)));
            REQUIRE(contains(box.b, dot(y, y)));
            REQUIRE(contains(box.c, dot(x, y)));
            const GramCoefficients<Interval>& co = traj.coefficients();
            for (size_t i = 0; i < n; ++i) {
                REQUIRE(contains(co.p * enclose(x0[i]) + co.q * enclose(y0[i]), x[i]));
                REQUIRE(contains(co.r * enclose(x0[i]) + co.s * enclose(y0[i]), y[i]));
            }
            z = test::exact_gd_step(A, z, h);
            traj.advance();
        }
    }
}

TEST_CASE("examples/matrix_isotropic_d1.json converges; limits contain a high-precision reference",
          "[isotropic]") {
    Problem p = example("matrix_isotropic_d1");
    MatrixCertificate c = certify_matrix(p.A, p.z0, p.h, MatrixOptions{});
    INFO(c.reason);
    REQUIRE(c.outcome == Outcome::Converged);
    REQUIRE(c.proof == "lemma I");
    REQUIRE(c.isotropic);
    REQUIRE_FALSE(c.limit);  // the Lemma G limit is not used
    const IsotropicCertificate& iso = *c.isotropic;
    REQUIRE(iso.limit);
    const Rational mu = p.A(0, 0);
    const size_t n = p.n();
    // f* = (n - 1) mu^2 / 2, by the exact formula (here 4).
    REQUIRE(iso.min_loss == Rational(static_cast<long>(n) - 1) * mu * mu / 2);
    REQUIRE(iso.min_loss == 4);
    REQUIRE(iso.first_lemma->holds);
    REQUIRE(iso.first_lemma->rho < 1);

    std::vector<Real> x, y;
    Real loss;
    reference_run(mu, column(p.z0.X), column(p.z0.Y), p.h, 640, 1500, x, y, loss);
    PrecisionScope scope(640);  // the reference's own precision, for its derived values and the comparisons
    const IsotropicLimit& L = *iso.limit;
    Real a = 0, b = 0, cc = 0, d2 = 0;
    for (size_t i = 0; i < n; ++i) {
        REQUIRE(near_inside(L.x[i], x[i]));
        REQUIRE(near_inside(L.y[i], y[i]));
        REQUIRE(certified_digits(L.x[i]) >= 30);
        a += x[i] * x[i];
        b += y[i] * y[i];
        cc += x[i] * y[i];
        d2 += (x[i] - y[i]) * (x[i] - y[i]);
    }
    REQUIRE(near_inside(L.a, a));
    REQUIRE(near_inside(L.b, b));
    REQUIRE(near_inside(L.imbalance, d2));
    REQUIRE(near_inside(L.norm_gap, a - b));
    REQUIRE(abs(cc - from_rational<Real>(mu)) < Real("1e-100"));
    // The reference's loss is f* (the certified loss_inf) to the slack.
    REQUIRE(abs(loss - from_rational<Real>(iso.min_loss)) < Real("1e-100"));
    REQUIRE(certified_digits(L.a) >= 30);
    // The limit's sharpness a_inf + b_inf (docs/math.md 16.1) against lambda_max of the
    // full 2n x 2n Hessian at the reference point (the general Hessian assembly and
    // certified eigenvalue bound, at 256 bits; the point is within 1e-100 of a minimizer).
    {
        PrecisionScope s256(256);
        Factors<Interval> z{Matrix<Interval>(n, 1), Matrix<Interval>(n, 1)};
        for (size_t i = 0; i < n; ++i) {
            z.X(i, 0) = make_interval(x[i]);
            z.Y(i, 0) = make_interval(y[i]);
        }
        const Interval lam = certified_lambda_max(hessian_matrix(convert_matrix<Interval>(p.A), z)).value;
        const Interval sharp = L.a + L.b;
        const Real slack("1e-50");
        REQUIRE(lo(lam) - slack <= hi(sharp));
        REQUIRE(lo(sharp) - slack <= hi(lam));
    }
}

TEST_CASE("examples/matrix_isotropic_d1_large_h.json: h L0 > 2 at the start, converges to a stable minimizer",
          "[isotropic]") {
    Problem p = example("matrix_isotropic_d1_large_h");
    MatrixCertificate c = certify_matrix(p.A, p.z0, p.h, MatrixOptions{});
    INFO(c.reason);
    REQUIRE(c.outcome == Outcome::Converged);
    REQUIRE(lo(c.h_times_L0) > 2);
    const IsotropicLimit& L = *c.isotropic->limit;
    std::vector<Real> x, y;
    Real loss;
    reference_run(p.A(0, 0), column(p.z0.X), column(p.z0.Y), p.h, 640, 1500, x, y, loss);
    PrecisionScope scope(640);
    Real a = 0, b = 0;
    for (size_t i = 0; i < p.n(); ++i) {
        REQUIRE(near_inside(L.x[i], x[i]));
        REQUIRE(near_inside(L.y[i], y[i]));
        a += x[i] * x[i];
        b += y[i] * y[i];
    }
    // Linearly stable limit: h (a + b) < 2, although h L0 > 2 at the start.
    REQUIRE(from_rational<Real>(p.h) * (a + b) < 2);
    REQUIRE(hi(enclose(p.h) * (L.a + L.b)) < 2);
    REQUIRE(abs(loss - Real("0.5")) < Real("1e-100"));
}

TEST_CASE("random isotropic instances (n = 2, 3, 5; mu = 1, -1, 0) converge with limits around the reference", "[isotropic]") {
    std::mt19937 gen(2026);
    std::uniform_int_distribution<int> num(-9, 9);
    int converged = 0;
    for (size_t n : {2u, 3u, 5u}) {
        // mu = 0 (n = 5): the minimizers are x.y = 0, |x|^2 |y|^2 = 0, reached with one factor -> 0.
        const Rational mu(n == 3 ? -1 : n == 5 ? 0 : 1), h(1, 8);
        Matrix<Rational> A(n, n), X(n, 1), Y(n, 1);
        for (size_t i = 0; i < n; ++i) {
            A(i, i) = mu;
            X(i, 0) = Rational(num(gen), 10);
            Y(i, 0) = Rational(num(gen), 10);
        }
        MatrixOptions o;
        o.max_steps = 5000;
        MatrixCertificate c = certify_matrix(A, Factors<Rational>{X, Y}, h, o);
        INFO("n = " << n << ": " << c.reason);
        REQUIRE(c.isotropic);
        std::vector<Real> x, y;
        Real loss;
        reference_run(mu, column(X), column(Y), h, 640, 4000, x, y, loss);
        if (c.outcome != Outcome::Converged) continue;
        ++converged;
        PrecisionScope scope(640);
        REQUIRE(abs(loss - from_rational<Real>(c.isotropic->min_loss)) < Real("1e-100"));
        for (size_t i = 0; i < n; ++i) {
            REQUIRE(near_inside(c.isotropic->limit->x[i], x[i]));
            REQUIRE(near_inside(c.isotropic->limit->y[i], y[i]));
        }
    }
    REQUIRE(converged == 3);
}

TEST_CASE("Lemma I fails where it must", "[isotropic][lemma]") {
    PrecisionScope scope(128);
    const Interval mu = enclose(Rational(2));
    // The minimizer a = b = c = mu = 2 (x = y, |x|^2 = 2), in a thin box.
    const Interval eps = enclose(Rational(1, 1000000000));
    const Gram<Interval> at_min{widen(mu, UpperBound::of_mag(eps)), widen(mu, UpperBound::of_mag(eps)),
                                widen(mu, UpperBound::of_mag(eps))};
    SECTION("holds near a minimizer with h (a + b) = 0.4") {
        LemmaI L = check_lemma_i(at_min, mu, enclose(Rational(1, 10)));
        INFO(L.failure);
        REQUIRE(L.holds);
        REQUIRE(L.rho < 1);
        REQUIRE(L.reach <= L.D);
    }
    SECTION("fails at the same minimizer with h (a + b) = 2.4 > 2") {
        LemmaI L = check_lemma_i(at_min, mu, enclose(Rational(6, 10)));
        REQUIRE_FALSE(L.holds);
        REQUIRE(L.failure.find("not < 1") != std::string::npos);
    }
    SECTION("fails far from the minimizer set (the example's start)") {
        Problem p = example("matrix_isotropic_d1");
        std::vector<Rational> x0 = column(p.z0.X), y0 = column(p.z0.Y);
        const Gram<Interval> start{enclose(dot(x0, x0)), enclose(dot(y0, y0)), enclose(dot(x0, y0))};
        LemmaI L = check_lemma_i(start, enclose(p.A(0, 0)), enclose(p.h));
        REQUIRE_FALSE(L.holds);
    }
    SECTION("a run with h mu > 1 (no stable minimizer) is not converged") {
        Matrix<Rational> A(3, 3), X(3, 1), Y(3, 1);
        for (size_t i = 0; i < 3; ++i) {
            A(i, i) = 2;
            X(i, 0) = Rational(static_cast<long>(i) + 1, 3);
            Y(i, 0) = Rational(2 - static_cast<long>(i), 4);
        }
        MatrixOptions o;
        o.max_steps = 3000;
        o.max_precision = 512;
        MatrixCertificate c = certify_matrix(A, Factors<Rational>{X, Y}, Rational(6, 10), o);
        REQUIRE(c.isotropic);
        REQUIRE(c.outcome == Outcome::Undecided);
        REQUIRE_FALSE(c.isotropic->limit);
        REQUIRE(c.reason.find("Lemma I") != std::string::npos);
    }
}
