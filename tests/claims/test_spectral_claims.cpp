// Spectral functions of claims (docs/claims.md "Spectral functions", docs/math.md
// section 15.3): spec_norm, sigma_min, sigma, lambda_max and rank against closed
// forms. The oracle matrices are built in exact rationals in this file as
// U diag(s) V^T with U, V products of the exact rotations (3/5, 4/5), so their
// singular values are |s| exactly; rank-deficient matrices are sums of exact
// rank-one terms with a nonzero minor of full size checked here. Interval
// matrices are boxes around them. A failing case for each function.
#include "lrcert/claims/expression.hpp"
#include "lrcert/claims/spectral_functions.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/number/precision.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using namespace lrcert;
using namespace lrcert::claims;

namespace {

using QM = Matrix<Rational>;

Rational q(const char* text) { return parse_exact(text); }

QM product(const QM& a, const QM& b) {
    QM r(a.rows(), b.cols());
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = 0; j < b.cols(); ++j) {
            Rational s = 0;
            for (std::size_t k = 0; k < a.cols(); ++k) s += a(i, k) * b(k, j);
            r(i, j) = s;
        }
    return r;
}

QM transpose_of(const QM& a) {
    QM r(a.cols(), a.rows());
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = 0; j < a.cols(); ++j) r(j, i) = a(i, j);
    return r;
}

// The n x n identity with the rotation [[3/5, -4/5], [4/5, 3/5]] in rows/cols p, p+1.
QM rotation(std::size_t n, std::size_t p) {
    QM r(n, n);
    for (std::size_t i = 0; i < n; ++i) r(i, i) = 1;
    r(p, p) = q("3/5");
    r(p, p + 1) = q("-4/5");
    r(p + 1, p) = q("4/5");
    r(p + 1, p + 1) = q("3/5");
    return r;
}

// An orthogonal n x n matrix (n >= 2): a product of rotations in every plane (p, p+1).
QM orthogonal(std::size_t n, int twist) {
    QM r(n, n);
    for (std::size_t i = 0; i < n; ++i) r(i, i) = 1;
    for (int t = 0; t < twist; ++t)
        for (std::size_t p = 0; p + 1 < n; ++p) r = product(r, rotation(n, p));
    return r;
}

// U diag(s) V^T, rows x cols, s of length min(rows, cols).
QM with_singular_values(std::size_t rows, std::size_t cols, const std::vector<Rational>& s) {
    QM d(rows, cols);
    for (std::size_t i = 0; i < s.size(); ++i) d(i, i) = s[i];
    return product(product(orthogonal(rows, 1), d), transpose_of(orthogonal(cols, 2)));
}

Matrix<Interval> enclosed(const QM& a, const char* radius = "0") {
    Matrix<Interval> r(a.rows(), a.cols());
    const Rational e = q(radius);
    for (std::size_t k = 0; k < a.size(); ++k) {
        Interval lo_end = enclose(Rational(a[k] - e)), hi_end = enclose(Rational(a[k] + e));
        r[k] = make_interval(lo(lo_end), hi(hi_end));
    }
    return r;
}

Rational width(const Interval& x) { return to_rational(hi(x)) - to_rational(lo(x)); }

Truth truth(const std::string& text, const Environment& env) {
    return Expression::parse(text, Family::Matrix).evaluate_truth(env);
}

std::string notes_of(const std::string& text, const Environment& env) {
    std::string all;
    for (const std::string& s : Expression::parse(text, Family::Matrix).evaluate(env).notes) all += s + "\n";
    return all;
}

}  // namespace

TEST_CASE("singular values of exact rotated diagonal matrices contain the closed form", "[claims][spectral]") {
    PrecisionScope scope(256);
    const Rational tight = q("1e-40");
    struct Case {
        std::size_t rows, cols;
        std::vector<const char*> s;  // descending
    };
    for (const Case& c : {Case{3, 3, {"3", "2", "1/2"}}, Case{2, 3, {"5", "1/3"}}, Case{4, 2, {"7/2", "7/3"}},
                          Case{4, 4, {"4", "3", "2", "1"}}, Case{3, 3, {"3", "2", "0"}}, Case{3, 3, {"2", "2", "1"}}}) {
        std::vector<Rational> s;
        for (const char* x : c.s) s.push_back(q(x));
        const QM a = with_singular_values(c.rows, c.cols, s);
        const Matrix<Interval> box = enclosed(a);
        CAPTURE(c.rows, c.cols, c.s);
        for (std::size_t i = 1; i <= s.size(); ++i) {
            CAPTURE(i);
            Interval v = enclose_sigma(box, i);
            CHECK(contains(v, s[i - 1]));
            // Zero singular values are enclosed by [0, sqrt(width of the eigenvalue bound)].
            CHECK(width(v) < (s[i - 1] == 0 ? q("1e-30") : tight));
        }
        CHECK(contains(enclose_spectral_norm(box), s.front()));
        CHECK(contains(enclose_sigma_min(box), s.back()));
        CHECK(width(enclose_sigma_min(box)) < (s.back() == 0 ? q("1e-30") : tight));
    }
}

TEST_CASE("interval boxes around rotated diagonal matrices contain the centre's singular values",
          "[claims][spectral]") {
    PrecisionScope scope(128);
    const std::vector<Rational> s = {q("3"), q("2"), q("1/2")};
    const QM a = with_singular_values(3, 3, s);
    const Matrix<Interval> box = enclosed(a, "1e-12");
    for (std::size_t i = 1; i <= 3; ++i) {
        Interval v = enclose_sigma(box, i);
        CHECK(contains(v, s[i - 1]));
        // Weyl: every matrix of the box has sigma_i within ||E||_F <= 3e-12 of s_i; a
        // sharp enclosure is not required, a useful one is.
        CHECK(width(v) < q("1e-9"));
    }
    // Through the claim language: the singular values are separated with certainty.
    Environment env;
    env.set_matrix("A", box);
    CHECK(truth("sigma(A, 2) > 1.999 and sigma(A, 2) < 2.001", env) == Truth::True);
    CHECK(truth("sigma_min(A) > 0.49 and spec_norm(A) < 3.01", env) == Truth::True);
    CHECK(truth("sigma(A, 1) == 3", env) == Truth::Unknown);  // not thin
}

TEST_CASE("eigenvalue counts by interval LDL^T are certified or refused", "[claims][spectral]") {
    PrecisionScope scope(64);
    // R diag(1, 2, 3) R^T, R orthogonal: 0, 1, 2, 3 eigenvalues below 0.5, 1.5, 2.5, 3.5.
    QM d(3, 3);
    d(0, 0) = 1, d(1, 1) = 2, d(2, 2) = 3;
    const QM r = orthogonal(3, 1);
    const Matrix<Interval> g = enclosed(product(product(r, d), transpose_of(r)));
    CHECK(eigenvalues_below(g, Real(0.5)) == std::optional<std::size_t>(0));
    CHECK(eigenvalues_below(g, Real(1.5)) == std::optional<std::size_t>(1));
    CHECK(eigenvalues_below(g, Real(2.5)) == std::optional<std::size_t>(2));
    CHECK(eigenvalues_below(g, Real(3.5)) == std::optional<std::size_t>(3));
    // At an eigenvalue the shifted matrix is singular: nothing can be proven.
    QM diag(3, 3);
    diag(0, 0) = 1, diag(1, 1) = 2, diag(2, 2) = 3;
    CHECK_FALSE(eigenvalues_below(enclosed(diag), Real(1)).has_value());
}

TEST_CASE("lambda_max is the largest eigenvalue of the symmetric part", "[claims][spectral]") {
    PrecisionScope scope(128);
    // Symmetric R diag(5, -1, 2) R^T: lambda_max = 5.
    QM d(3, 3);
    d(0, 0) = 5, d(1, 1) = -1, d(2, 2) = 2;
    const QM r = orthogonal(3, 2);
    const Matrix<Interval> sym = enclosed(product(product(r, d), transpose_of(r)));
    CHECK(contains(enclose_lambda_max_sym(sym), Rational(5)));
    CHECK(width(enclose_lambda_max_sym(sym)) < q("1e-30"));
    // Non-symmetric [[1, 2], [0, 1]]: symmetric part [[1, 1], [1, 1]], eigenvalues 2 and 0.
    QM n(2, 2);
    n(0, 0) = 1, n(0, 1) = 2, n(1, 1) = 1;
    Environment env;
    env.set_matrix("A", enclosed(n));
    CHECK(truth("lambda_max(A) > 1.999 and lambda_max(A) < 2.001", env) == Truth::True);
    // Failing case: not square.
    env.set_matrix("X0", enclosed(with_singular_values(2, 3, {Rational(1), Rational(1)})));
    CHECK(truth("lambda_max(X0) < 100", env) == Truth::Unknown);
    CHECK(notes_of("lambda_max(X0) < 100", env).find("lambda_max of a 2x3 matrix") != std::string::npos);
    CHECK_THROWS_AS(enclose_lambda_max_sym(enclosed(with_singular_values(2, 3, {Rational(1), Rational(1)}))),
                    std::invalid_argument);
}

TEST_CASE("rank: exact for exact matrices, an interval of possible ranks for boxes", "[claims][spectral]") {
    PrecisionScope scope(128);
    // A 3 x 4 matrix of rank 2: u1 v1^T + u2 v2^T with u3 = u1 + u2 as its third row.
    QM a(3, 4);
    const Rational u1[3] = {1, 0, 1}, u2[3] = {0, 1, 1};
    const Rational v1[4] = {q("1/3"), 2, 0, -1}, v2[4] = {1, q("5/7"), 3, 0};
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 4; ++j) a(i, j) = u1[i] * v1[j] + u2[i] * v2[j];
    // Oracle: rank <= 2 by construction; the leading 2 x 2 minor is nonzero, so rank = 2.
    REQUIRE(a(0, 0) * a(1, 1) - a(0, 1) * a(1, 0) != 0);
    CHECK(exact_rank(a) == 2);
    Environment env;
    env.set_exact("A", a);
    CHECK(truth("rank(A) == 2", env) == Truth::True);
    CHECK(notes_of("rank(A) == 2", env).find("exactly") != std::string::npos);
    CHECK(truth("rank(A) < min(n, m)", env) == Truth::Unknown);  // n, m not set here
    // The exact zero matrix and a full-rank square one.
    CHECK(exact_rank(QM(2, 3)) == 0);
    CHECK(exact_rank(with_singular_values(3, 3, {Rational(3), Rational(2), q("1/100")})) == 3);

    // A box around the rank-2 matrix contains matrices of rank 2 and 3: undecided.
    RankRange r = enclose_rank(enclosed(a, "1e-20"));
    CHECK(r.lo == 2);
    CHECK(r.hi == 3);
    env.set_matrix("A", enclosed(a, "1e-20"));
    CHECK(truth("rank(A) == 2", env) == Truth::Unknown);
    CHECK(truth("rank(A) >= 2", env) == Truth::True);
    CHECK(notes_of("rank(A) == 2", env).find("every rank from 2 to 3") != std::string::npos);
    // A box around a full-rank matrix: decided.
    const QM full = with_singular_values(3, 3, {Rational(3), Rational(2), q("1/2")});
    RankRange f = enclose_rank(enclosed(full, "1e-20"));
    CHECK(f.lo == 3);
    CHECK(f.hi == 3);
    // The enclosure of an exact matrix with non-dyadic entries decides its rank
    // when the pivots stay away from 0 (rank 2 here: the third row is the sum).
    RankRange e = enclose_rank(enclosed(a));
    CHECK(e.lo == 2);
}

TEST_CASE("sigma: the index must be an exact integer in range", "[claims][spectral]") {
    PrecisionScope scope(64);
    Environment env;
    env.set_matrix("A", enclosed(with_singular_values(3, 3, {Rational(3), Rational(2), Rational(1)})));
    env.set_exact("h", q("1/2"));
    env.set_exact("d", Rational(2));
    CHECK(truth("sigma(A, d) > 1.9", env) == Truth::True);  // an exact name as the index
    // Out of range at evaluation (shapes are known only then): unavailable, with the reason.
    CHECK(truth("sigma(A, 4) > 0", env) == Truth::Unknown);
    CHECK(notes_of("sigma(A, 4) > 0", env).find("i = 4 but a 3x3 matrix has singular values i = 1..3") !=
          std::string::npos);
    CHECK(truth("sigma(A, 2 * h) > 0", env) == Truth::True);  // 2 * (1/2) = 1 exactly
    CHECK(truth("sigma(A, h) > 0", env) == Truth::Unknown);
    CHECK(notes_of("sigma(A, h) > 0", env).find("not an exact integer") != std::string::npos);
    CHECK_THROWS_AS(enclose_sigma(enclosed(QM(2, 2)), 3), std::invalid_argument);
    // Constant indices are checked when the claim is parsed.
    CHECK_THROWS_WITH(Expression::parse("sigma(A, 0) > 0", Family::Matrix), Catch::Contains("integer >= 1"));
    CHECK_THROWS_WITH(Expression::parse("sigma(A, 3/2) > 0", Family::Matrix), Catch::Contains("got 3/2"));
    CHECK_THROWS_WITH(Expression::parse("sigma(A) > 0", Family::Matrix), Catch::Contains("takes 2 arguments"));
    CHECK_THROWS_WITH(Expression::parse("spec_norm(h) > 0", Family::Matrix), Catch::Contains("needs a vector/matrix"));
    CHECK_THROWS_WITH(Expression::parse("rank(h > 0) > 0", Family::Matrix), Catch::Contains("needs a vector/matrix"));
}

namespace {

// det(t I - G) of a symmetric 3 x 3 rational matrix, exactly:
// t^3 - tr(G) t^2 + (sum of the principal 2 x 2 minors) t - det(G).
Rational char_poly3(const QM& g, const Rational& t) {
    const Rational tr = g(0, 0) + g(1, 1) + g(2, 2);
    const Rational c2 = g(0, 0) * g(1, 1) - g(0, 1) * g(1, 0) + g(0, 0) * g(2, 2) - g(0, 2) * g(2, 0) +
                        g(1, 1) * g(2, 2) - g(1, 2) * g(2, 1);
    const Rational det = g(0, 0) * (g(1, 1) * g(2, 2) - g(1, 2) * g(2, 1)) -
                         g(0, 1) * (g(1, 0) * g(2, 2) - g(1, 2) * g(2, 0)) +
                         g(0, 2) * (g(1, 0) * g(2, 1) - g(1, 1) * g(2, 0));
    return t * t * t - tr * t * t + c2 * t - det;
}

}  // namespace

TEST_CASE("singular values of random rational matrices bracket the roots of det(t I - G)", "[claims][spectral]") {
    // Oracle: the characteristic polynomial of the Gram matrix in exact rationals.
    // Three pairwise disjoint enclosures [a_i, b_i] of sigma_1 > sigma_2 > sigma_3,
    // each with a sign change of p on [a_i^2, b_i^2], contain one root each (p has
    // three roots), in the right order: each encloses its own singular value.
    PrecisionScope scope(192);
    std::mt19937 rng(12);
    std::uniform_int_distribution<int> num(-9, 9), den(1, 7);
    for (int trial = 0; trial < 20; ++trial) {
        const std::size_t cols = trial % 2 == 0 ? 3 : 4;
        QM a(3, cols);
        for (std::size_t k = 0; k < a.size(); ++k) a[k] = Rational(num(rng)) / den(rng);
        const QM g = product(a, transpose_of(a));
        if (char_poly3(g, Rational(0)) == 0) continue;  // singular: the smallest root is 0, tested elsewhere
        const Matrix<Interval> box = enclosed(a);
        std::vector<Interval> s;
        for (std::size_t i = 1; i <= 3; ++i) s.push_back(enclose_sigma(box, i));
        CAPTURE(trial);
        for (std::size_t i = 0; i < 3; ++i) {
            const Rational lo2 = to_rational(lo(s[i])) * to_rational(lo(s[i]));
            const Rational hi2 = to_rational(hi(s[i])) * to_rational(hi(s[i]));
            CHECK(char_poly3(g, lo2) * char_poly3(g, hi2) <= 0);
            CHECK(width(s[i]) < q("1e-40"));
            if (i > 0) CHECK(hi(s[i]) < lo(s[i - 1]));
        }
    }
}
