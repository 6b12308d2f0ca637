// lrcert-check's spectral functions of claims (proofs-check/spectral.hpp,
// docs/checker.md section 7, docs/math.md section 15.1), its code only. Oracle:
// matrices built here in exact rationals as U diag(s) V^T with U, V products of
// the rotations (3/5, 4/5), so their singular values are |s| exactly; a rank-2
// matrix from two exact rank-one terms with a nonzero 2 x 2 minor; boxes
// around them. A failing case for each function.
#include "claims.hpp"
#include "spectral.hpp"

#include <catch2/catch.hpp>

#include <vector>

using chk::I;
using chk::IMat;
using chk::Q;

namespace {

using QMat = std::vector<std::vector<Q>>;

QMat zeros(size_t r, size_t c) { return QMat(r, std::vector<Q>(c, Q(0))); }

QMat mul(const QMat& a, const QMat& b) {
    QMat r = zeros(a.size(), b[0].size());
    for (size_t i = 0; i < a.size(); ++i)
        for (size_t j = 0; j < b[0].size(); ++j)
            for (size_t k = 0; k < b.size(); ++k) r[i][j] += a[i][k] * b[k][j];
    return r;
}

QMat transposed(const QMat& a) {
    QMat r = zeros(a[0].size(), a.size());
    for (size_t i = 0; i < a.size(); ++i)
        for (size_t j = 0; j < a[0].size(); ++j) r[j][i] = a[i][j];
    return r;
}

// Product of the rotations (3/5, 4/5) in the planes (p, p+1), `twist` times over.
QMat orthogonal(size_t n, int twist) {
    QMat r = zeros(n, n);
    for (size_t i = 0; i < n; ++i) r[i][i] = 1;
    for (int t = 0; t < twist; ++t)
        for (size_t p = 0; p + 1 < n; ++p) {
            QMat g = zeros(n, n);
            for (size_t i = 0; i < n; ++i) g[i][i] = 1;
            g[p][p] = g[p + 1][p + 1] = Q(3, 5);
            g[p][p + 1] = Q(-4, 5);
            g[p + 1][p] = Q(4, 5);
            r = mul(r, g);
        }
    return r;
}

QMat with_singular_values(size_t rows, size_t cols, const std::vector<Q>& s) {
    QMat d = zeros(rows, cols);
    for (size_t i = 0; i < s.size(); ++i) d[i][i] = s[i];
    return mul(mul(orthogonal(rows, 1), d), transposed(orthogonal(cols, 2)));
}

IMat box(const QMat& a, const Q& radius = 0) {
    IMat m;
    m.r = a.size();
    m.c = a[0].size();
    for (const auto& row : a)
        for (const Q& x : row) m.a.push_back(I(x - radius, x + radius));
    return m;
}

chk::Value value(const IMat& m) { return chk::Value::array(m.r, m.c, m.a); }

bool inside(const Q& x, const I& v) { return v.lo <= x && x <= v.hi; }

}  // namespace

TEST_CASE("checker: singular values and lambda_max contain the closed forms") {
    const long steps = 200;
    struct Case {
        size_t rows, cols;
        std::vector<Q> s;
    };
    for (const Case& c : {Case{3, 3, {3, 2, Q(1, 2)}}, Case{2, 3, {5, Q(1, 3)}}, Case{4, 2, {Q(7, 2), Q(7, 3)}},
                          Case{3, 3, {3, 2, 0}}}) {
        const IMat m = box(with_singular_values(c.rows, c.cols, c.s));
        for (size_t i = 1; i <= c.s.size(); ++i) {
            CAPTURE(c.rows, c.cols, i);
            I v = chk::singular_value(m, i, steps);
            CHECK(inside(c.s[i - 1], v));
            CHECK(v.hi - v.lo < Q(1, 1000000000));
        }
    }
    // Symmetric R diag(5, -1, 2) R^T: lambda_max = 5; [[1, 2], [0, 1]]: 2 (symmetric part).
    QMat d = zeros(3, 3);
    d[0][0] = 5, d[1][1] = -1, d[2][2] = 2;
    const QMat r = orthogonal(3, 2);
    I l = chk::lambda_max_symmetric_part(box(mul(mul(r, d), transposed(r))), steps);
    CHECK(inside(Q(5), l));
    CHECK(l.hi - l.lo < Q(1, 1000000000));
    I n = chk::lambda_max_symmetric_part(box({{1, 2}, {0, 1}}), steps);
    CHECK(inside(Q(2), n));
    // Counts at an eigenvalue cannot be proven.
    CHECK_FALSE(chk::count_below(box({{1, 0}, {0, 2}}), Q(2)).has_value());
    CHECK(chk::count_below(box({{1, 0}, {0, 2}}), Q(3, 2)) == std::optional<size_t>(1));
}

TEST_CASE("checker: rank exact for thin matrices, an interval for boxes") {
    QMat a = zeros(3, 4);
    const Q u1[3] = {1, 0, 1}, u2[3] = {0, 1, 1};
    const Q v1[4] = {Q(1, 3), 2, 0, -1}, v2[4] = {1, Q(5, 7), 3, 0};
    for (size_t i = 0; i < 3; ++i)
        for (size_t j = 0; j < 4; ++j) a[i][j] = u1[i] * v1[j] + u2[i] * v2[j];
    REQUIRE(a[0][0] * a[1][1] - a[0][1] * a[1][0] != 0);  // rank >= 2; <= 2 by construction
    chk::RankBounds e = chk::rank_bounds(box(a));
    CHECK(e.lo == 2);
    CHECK(e.hi == 2);
    chk::RankBounds b = chk::rank_bounds(box(a, Q(1, 1000000)));
    CHECK(b.lo == 2);
    CHECK(b.hi == 3);

    chk::Env env;
    env["A"] = value(box(a));
    CHECK(chk::evaluate_claim_text("rank(A) == 2", env, 128) == chk::Truth::True);
    env["A"] = value(box(a, Q(1, 1000000)));
    CHECK(chk::evaluate_claim_text("rank(A) == 2", env, 128) == chk::Truth::Unknown);
    CHECK(chk::evaluate_claim_text("rank(A) >= 2", env, 128) == chk::Truth::True);
}

TEST_CASE("checker: spectral functions in claims, and their failing cases") {
    chk::Env env;
    env["A"] = value(box(with_singular_values(3, 3, {3, 2, Q(1, 2)})));
    env["X0"] = value(box(with_singular_values(2, 3, {1, 1})));
    env["h"] = chk::Value::number(I(Q(1, 2)));
    CHECK(chk::evaluate_claim_text("sigma(A, 2) > 1.999 and sigma(A, 2) < 2.001", env, 128) == chk::Truth::True);
    CHECK(chk::evaluate_claim_text("spec_norm(A) < 3.0001 and sigma_min(A) > 0.4999", env, 128) == chk::Truth::True);
    CHECK(chk::evaluate_claim_text("sigma(A, 2 * h) > 2.999", env, 128) == chk::Truth::True);
    // Index out of range or not an integer, lambda_max of a non-square matrix: unavailable.
    CHECK(chk::evaluate_claim_text("sigma(A, 4) > 0", env, 128) == chk::Truth::Unknown);
    CHECK(chk::evaluate_claim_text("sigma(A, h) > 0", env, 128) == chk::Truth::Unknown);
    CHECK(chk::evaluate_claim_text("lambda_max(X0) < 100", env, 128) == chk::Truth::Unknown);
    // A number where a matrix is needed, or a missing index: malformed.
    CHECK_THROWS_AS(chk::evaluate_claim_text("spec_norm(h) > 0", env, 128), chk::Malformed);
    CHECK_THROWS_AS(chk::evaluate_claim_text("sigma(A) > 0", env, 128), chk::Malformed);
}

TEST_CASE("checker: singular values of random rational matrices bracket the roots of det(t I - G)") {
    // Oracle: the characteristic polynomial of the Gram matrix, exactly; three
    // disjoint ordered enclosures with a sign change each hold one root each.
    auto p = [](const QMat& g, const Q& t) {
        const Q tr = g[0][0] + g[1][1] + g[2][2];
        const Q c2 = g[0][0] * g[1][1] - g[0][1] * g[1][0] + g[0][0] * g[2][2] - g[0][2] * g[2][0] +
                     g[1][1] * g[2][2] - g[1][2] * g[2][1];
        const Q det = g[0][0] * (g[1][1] * g[2][2] - g[1][2] * g[2][1]) -
                      g[0][1] * (g[1][0] * g[2][2] - g[1][2] * g[2][0]) +
                      g[0][2] * (g[1][0] * g[2][1] - g[1][1] * g[2][0]);
        return Q(t * t * t - tr * t * t + c2 * t - det);
    };
    unsigned long seed = 12345;
    auto next = [&](int lo, int hi) {
        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        return lo + static_cast<int>((seed >> 33) % static_cast<unsigned long>(hi - lo + 1));
    };
    for (int trial = 0; trial < 20; ++trial) {
        const size_t cols = trial % 2 == 0 ? 3 : 4;
        QMat a = zeros(3, cols);
        for (auto& row : a)
            for (Q& x : row) {
                x = Q(next(-9, 9), next(1, 7));
                x.canonicalize();  // gmpxx does not reduce n/d on construction
            }
        const QMat g = mul(a, transposed(a));
        if (p(g, 0) == 0) continue;
        std::vector<I> s;
        for (size_t i = 1; i <= 3; ++i) s.push_back(chk::singular_value(box(a), i, 200));
        CAPTURE(trial);
        for (size_t i = 0; i < 3; ++i) {
            CHECK(p(g, s[i].lo * s[i].lo) * p(g, s[i].hi * s[i].hi) <= 0);
            CHECK(s[i].hi - s[i].lo < Q(1, 1000000000));
            if (i > 0) CHECK(s[i].hi < s[i - 1].lo);
        }
    }
}
