// Enclosures of F^j over a box and of DF^p (dynamics/iterated_map.hpp), against
// exact rational oracles written here with plain loops.
//
// For random problems (the reduced scalar map, and matrix problems with d = 1),
// random boxes with exact dyadic ends and p = 1..4: at exact points of the box
// (its corners, its centre and random dyadic points), F^j(z) computed exactly
// (tests/support/exact_gd.hpp) lies in boxes[j] for every j, and DF^p(z),
// computed exactly by the chain rule with the closed-form Jacobian of the d = 1
// map (below), lies in `jacobian`. The oracle can fail: points moved out of the
// box by two box widths are caught outside boxes[p].
//
// Closed form for d = 1 (X = x in R^n, Y = y in R^m, R = A - x y^T):
//   dX+_i/dX_k = delta_ik (1 - h |y|^2),   dX+_i/dY_l = h (R_il - x_i y_l),
//   dY+_j/dY_l = delta_jl (1 - h |x|^2),   dY+_j/dX_k = h (R_kj - x_k y_j).
#include "lrcert/dynamics/iterated_map.hpp"

#include "support/exact_gd.hpp"
#include "support/exact_oracles.hpp"

#include <catch2/catch.hpp>

using namespace lrcert;
using lrcert_test::Q;
using lrcert_test::Rng;
using lrcert::test::ExactIterate;
using lrcert::test::RationalRows;

namespace {

using QVec = std::vector<Q>;
using QMat = std::vector<QVec>;

ExactIterate as_iterate(const QVec& z, size_t n, size_t m) {
    ExactIterate it;
    for (size_t i = 0; i < n; ++i) it.X.push_back({z[i]});
    for (size_t j = 0; j < m; ++j) it.Y.push_back({z[n + j]});
    return it;
}

QVec as_vector(const ExactIterate& it) {
    QVec z;
    for (const auto& row : it.X) z.push_back(row[0]);
    for (const auto& row : it.Y) z.push_back(row[0]);
    return z;
}

QMat jacobian_d1(const RationalRows& A, const Q& h, const QVec& z) {
    const size_t n = A.size(), m = A[0].size(), N = n + m;
    QMat J(N, QVec(N, Q(0)));
    Q xx = 0, yy = 0;
    for (size_t i = 0; i < n; ++i) xx += z[i] * z[i];
    for (size_t j = 0; j < m; ++j) yy += z[n + j] * z[n + j];
    for (size_t i = 0; i < n; ++i) {
        J[i][i] = 1 - h * yy;
        for (size_t l = 0; l < m; ++l) J[i][n + l] = h * (A[i][l] - 2 * z[i] * z[n + l]);
    }
    for (size_t j = 0; j < m; ++j) {
        J[n + j][n + j] = 1 - h * xx;
        for (size_t k = 0; k < n; ++k) J[n + j][k] = h * (A[k][j] - 2 * z[k] * z[n + j]);
    }
    return J;
}

QMat product(const QMat& a, const QMat& b) {
    QMat c(a.size(), QVec(b[0].size(), Q(0)));
    for (size_t i = 0; i < a.size(); ++i)
        for (size_t k = 0; k < b.size(); ++k)
            for (size_t j = 0; j < b[0].size(); ++j) c[i][j] += a[i][k] * b[k][j];
    return c;
}

struct Case {
    RationalRows A;
    Q h;
};

PointMap map_of(const Case& c) {
    Matrix<Rational> A(c.A.size(), c.A[0].size());
    for (size_t i = 0; i < A.rows(); ++i)
        for (size_t j = 0; j < A.cols(); ++j) A(i, j) = c.A[i][j];
    return PointMap(A, c.h, 1);
}

// Exact points of the box [c_i - r, c_i + r]: corners (all of them for N <= 4), the centre, random dyadic points.
std::vector<QVec> points_of(Rng& rng, const QVec& c, const Q& r) {
    const size_t N = c.size();
    std::vector<QVec> pts{c};
    const size_t corners = N <= 4 ? (size_t(1) << N) : 8;
    for (size_t s = 0; s < corners; ++s) {
        QVec z = c;
        for (size_t i = 0; i < N; ++i) z[i] += (((s >> (i % 16)) & 1) ? r : -r);
        pts.push_back(z);
    }
    for (int t = 0; t < 6; ++t) {
        QVec z = c;
        for (size_t i = 0; i < N; ++i) z[i] += r * Q(rng.integer(-64, 64), 64);
        pts.push_back(z);
    }
    return pts;
}

}  // namespace

TEST_CASE("iterate_box encloses F^j and DF^p at exact points of the box", "[dynamics]") {
    Rng rng(20261202);
    PrecisionScope scope(128);
    size_t checked = 0, caught = 0;
    for (int trial = 0; trial < 40; ++trial) {
        Case c;
        const bool scalar = trial % 2 == 0;
        const size_t n = scalar ? 1 : size_t(rng.integer(1, 3)), m = scalar ? 1 : size_t(rng.integer(1, 3));
        c.A.assign(n, std::vector<Q>(m));
        for (auto& row : c.A)
            for (auto& a : row) a = rng.dyadic(40, 4);
        c.h = Q(rng.integer(1, 40), 64);
        const PointMap F = map_of(c);
        QVec centre(n + m);
        for (auto& v : centre) v = rng.dyadic(48, 5);
        const Q r(1, Integer(1) << static_cast<unsigned>(rng.integer(6, 20)));
        Vec<Real> cr;
        for (const Q& q : centre) cr.push_back(Real(q));  // dyadic: exact
        const Box box = box_around(cr, UpperBound::of_rational(r));
        const size_t p = size_t(rng.integer(1, 4));
        const IteratedImage img = iterate_box(F, box, p);
        REQUIRE(img.finite);
        REQUIRE(img.boxes.size() == p + 1);
        for (const QVec& z : points_of(rng, centre, r)) {
            ExactIterate it = as_iterate(z, n, m);
            QMat J(n + m, QVec(n + m, Q(0)));
            for (size_t i = 0; i < n + m; ++i) J[i][i] = 1;
            for (size_t j = 1; j <= p; ++j) {
                J = product(jacobian_d1(c.A, c.h, as_vector(it)), J);
                it = lrcert::test::exact_gd_step(c.A, it, c.h);
                const QVec fz = as_vector(it);
                for (size_t i = 0; i < n + m; ++i) REQUIRE(contains(img.boxes[j][i], fz[i]));
            }
            for (size_t i = 0; i < n + m; ++i)
                for (size_t k = 0; k < n + m; ++k) REQUIRE(contains(img.jacobian(i, k), J[i][k]));
            ++checked;
        }
        // Outside the box the enclosure must not hold in general: the oracle can fail.
        QVec far = centre;
        for (auto& v : far) v += 4 * r;
        ExactIterate it = as_iterate(far, n, m);
        for (size_t j = 0; j < p; ++j) it = lrcert::test::exact_gd_step(c.A, it, c.h);
        const QVec fz = as_vector(it);
        for (size_t i = 0; i < n + m; ++i)
            if (!contains(img.boxes[p][i], fz[i])) {
                ++caught;
                break;
            }
    }
    CHECK(checked >= 40 * 8);
    CHECK(caught >= 30);  // most far points are caught
}

TEST_CASE("PointMap in double agrees with the interval map", "[dynamics]") {
    PrecisionScope scope(128);
    const PointMap F = PointMap::scalar(Rational(2), Rational(1, 4));
    const Vec<double> z{0.75, -1.5};
    const Vec<double> fz = F.image(z);
    const Box fb = F.image(thin_box({Real(0.75), Real(-1.5)}));
    // r = 2 + 1.125 = 3.125: x+ = 0.75 + 0.25 * 3.125 * (-1.5), y+ = -1.5 + 0.25 * 3.125 * 0.75.
    CHECK(fz[0] == 0.75 - 0.25 * 3.125 * 1.5);
    CHECK(fz[1] == -1.5 + 0.25 * 3.125 * 0.75);
    CHECK(contains(fb[0], Rational(3, 4) - Rational(1, 4) * Rational(25, 8) * Rational(3, 2)));
    CHECK(contains(fb[1], Rational(-3, 2) + Rational(1, 4) * Rational(25, 8) * Rational(3, 4)));
}
