// Certified periodic orbits (dynamics/orbit.hpp, dynamics/stability.hpp,
// dynamics/line_chaos.hpp) against independent oracles written here:
//
// - period 2 of the scalar map: off the minimizers a 2-cycle lies on x = y or
//   x = -y (docs/math.md, section 11.5); on x = y the cycle points u = x + y are
//   roots of q = (g(g(u)) - u) / (g(u) - u), g(u) = c u - k u^3, found by exact
//   rational polynomial division and bisection of sign changes (2^-200 wide);
//   the certified boxes must contain them;
// - an attracting 2-cycle: a 500-bit MPFR loop of plain GD from a nearby start
//   converges into the certified boxes;
// - stability verdicts on exact matrices with known eigenvalues; a widened or
//   shifted enclosure is not claimed; a box moved by ten radii fails Krawczyk;
// - period 3 on the line x = y in a window found by a float scan: the exact
//   polynomial g^3(w) - w changes sign across the certified box.
#include "lrcert/dynamics/line_chaos.hpp"
#include "lrcert/dynamics/orbit.hpp"

#include "support/exact_oracles.hpp"

#include <catch2/catch.hpp>

#include <mpfr.h>

#include <cmath>

using namespace lrcert;
using lrcert_test::Q;

namespace {

// h = 3 / L0 of the issue's problem (mu = 2, x0 = (2, 1, 0.5), y0 = (0.3, 0.1, -0.2)).
const Q kIssueH = Q(Integer("300000000000000000000000000000000000"), Integer("544145680832595654347784527980167958"));

using Poly = std::vector<Q>;  // coefficients, lowest degree first

Poly mul(const Poly& a, const Poly& b) {
    Poly c(a.size() + b.size() - 1, Q(0));
    for (size_t i = 0; i < a.size(); ++i)
        for (size_t j = 0; j < b.size(); ++j) c[i + j] += a[i] * b[j];
    return c;
}
Poly add(Poly a, const Poly& b) {
    if (a.size() < b.size()) a.resize(b.size(), Q(0));
    for (size_t i = 0; i < b.size(); ++i) a[i] += b[i];
    return a;
}
Poly scale(Poly a, const Q& s) {
    for (Q& v : a) v *= s;
    return a;
}
// g(p(u)) with g(w) = c w - k w^3.
Poly compose_g(const Q& c, const Q& k, const Poly& p) { return add(scale(p, c), scale(mul(p, mul(p, p)), -k)); }
Q eval(const Poly& p, const Q& u) {
    Q s = 0;
    for (size_t i = p.size(); i-- > 0;) s = s * u + p[i];
    return s;
}
// Exact division a / b; the remainder must be 0.
Poly divide(Poly a, const Poly& b) {
    while (!b.empty() && a.size() >= b.size() && a.back() == 0) a.pop_back();
    Poly q(a.size() - b.size() + 1, Q(0));
    for (size_t i = q.size(); i-- > 0;) {
        q[i] = a[i + b.size() - 1] / b.back();
        for (size_t j = 0; j < b.size(); ++j) a[i + j] -= q[i] * b[j];
    }
    for (const Q& r : a) REQUIRE(r == 0);
    return q;
}
// Enclosures [a, b] of width <= 2^-200 of the roots of p where it changes sign on a grid over [-L, L].
std::vector<std::pair<Q, Q>> roots(const Poly& p, const Q& L, int grid) {
    std::vector<std::pair<Q, Q>> out;
    for (int i = 0; i < grid; ++i) {
        Q a = -L + 2 * L * Q(i, grid), b = -L + 2 * L * Q(i + 1, grid);
        if (eval(p, a) * eval(p, b) >= 0) continue;
        for (int it = 0; it < 200; ++it) {
            Q m = (a + b) / 2;
            (eval(p, a) * eval(p, m) <= 0 ? b : a) = m;
        }
        out.push_back({a, b});
    }
    return out;
}

bool contains_both(const Interval& x, const std::pair<Q, Q>& r) { return contains(x, r.first) && contains(x, r.second); }

// The float64 reduced trajectory of the issue's problem from step 1000 on (where it has settled).
std::vector<Vec<double>> issue_trajectory(const PointMap& F) {
    const double u = std::sqrt(6.59), v = std::sqrt(4.19);
    Vec<double> z{(u + v) / 2, (u - v) / 2};
    std::vector<Vec<double>> late;
    for (int k = 0; k < 1010; ++k) {
        z = F.image(z);
        if (k >= 1000) late.push_back(z);
    }
    return late;
}

bool no_skip(size_t, const Vec<double>&) { return false; }

double dbl(const Real& x) { return mpfr_get_d(x.backend().data(), MPFR_RNDN); }

}  // namespace

TEST_CASE("the issue's attracting 2-cycle on x = y: closed form, stability, a 500-bit run", "[dynamics][orbits]") {
    PrecisionScope scope(128);
    const Q mu = 2, h = kIssueH;
    const PointMap F = PointMap::scalar(mu, h);
    const std::vector<Vec<double>> late = issue_trajectory(F);
    CHECK(std::abs(late.back()[0] - late.back()[1]) < 1e-12);  // the float run settles on x = y
    const OrbitSearchResult found = search_orbits(F, 2, 2, late, no_skip);
    REQUIRE(found.orbits.size() == 1);  // the trajectory's points give one orbit, listed once
    const CertifiedOrbit& o = found.orbits[0];
    CHECK(o.period == 2);
    CHECK(o.minimal);
    CHECK(o.stability.stability == Stability::Attracting);
    REQUIRE(o.stability.multipliers.size() == 2);
    for (const Multiplier& m : o.stability.multipliers) CHECK(certainly_less(interval_abs(m.value), make_interval(1L)));

    // Closed form: u = x + y is a root of q = (g(g(u)) - u)/(g(u) - u); the cycle's x = y = u/2.
    const Q c = 1 + h * mu, k = h / 4;
    const Poly id{Q(0), Q(1)};
    const Poly g1 = compose_g(c, k, id), g2 = compose_g(c, k, g1);
    const Poly q = divide(add(g2, scale(id, -1)), add(g1, scale(id, -1)));
    CHECK(q.size() == 7);  // degree 6
    const auto rs = roots(q, Q(10), 4000);
    size_t matched = 0;
    for (const Box& pt : o.points)
        for (const auto& r : rs) {
            const std::pair<Q, Q> half{r.first / 2, r.second / 2};
            if (contains_both(pt[0], half) && contains_both(pt[1], half)) ++matched;
        }
    CHECK(matched == 2);  // both points of the cycle
    // The float values of the issue: x = y near -1.5797 and -1.1482.
    const double x0 = dbl(lo(o.points[0][0])), x1 = dbl(lo(o.points[1][0]));
    CHECK(std::min(x0, x1) == Approx(-1.57969520508).margin(1e-9));
    CHECK(std::max(x0, x1) == Approx(-1.14820816717).margin(1e-9));

    // A 500-bit run of plain GD from a start near the cycle ends in the certified boxes.
    mpfr_t x, y, r, nx, ny, hh, mm;
    for (mpfr_ptr v : {x, y, r, nx, ny, hh, mm}) mpfr_init2(v, 500);
    mpfr_set_q(hh, h.backend().data(), MPFR_RNDN);
    mpfr_set_q(mm, mu.backend().data(), MPFR_RNDN);
    mpfr_set_d(x, dbl(lo(o.points[0][0])) + 1e-3, MPFR_RNDN);
    mpfr_set_d(y, dbl(lo(o.points[0][1])) - 2e-3, MPFR_RNDN);
    for (int step = 0; step < 20000; ++step) {  // an even count: back at the phase of points[0]
        mpfr_mul(r, x, y, MPFR_RNDN);
        mpfr_sub(r, mm, r, MPFR_RNDN);
        mpfr_mul(r, r, hh, MPFR_RNDN);  // h r
        mpfr_fma(nx, r, y, x, MPFR_RNDN);  // x + h r y
        mpfr_fma(ny, r, x, y, MPFR_RNDN);  // y + h r x
        mpfr_swap(x, nx);
        mpfr_swap(y, ny);
    }
    Q xq, yq;
    mpfr_get_q(xq.backend().data(), x);
    mpfr_get_q(yq.backend().data(), y);
    for (mpfr_ptr v : {x, y, r, nx, ny, hh, mm}) mpfr_clear(v);
    CHECK(contains(o.points[0][0], xq));
    CHECK(contains(o.points[0][1], yq));
    CHECK_FALSE(contains(o.points[1][0], xq));
}

TEST_CASE("tampered boxes fail Krawczyk; period 2 off the minimizers lies on x = y or x = -y", "[dynamics][orbits]") {
    PrecisionScope scope(128);
    const PointMap F = PointMap::scalar(Q(2), kIssueH);
    const std::vector<Vec<double>> late = issue_trajectory(F);
    std::optional<CertifiedOrbit> o = certify_orbit(F, 2, late.back());
    REQUIRE(o);
    // The first (uniqueness) box moved by ten radii: the test must fail.
    const Box& X = o->search_boxes[0];
    Vec<Real> moved;
    for (const Interval& xi : X) moved.push_back(midpoint(xi) + 10 * (hi(xi) - lo(xi)) / 2);
    const Real radius = (hi(X[0]) - lo(X[0])) / 2;
    CHECK_FALSE(krawczyk_periodic(F, 2, box_around(moved, UpperBound::assume_upper(radius))).proven);
    CHECK(krawczyk_periodic(F, 2, X).proven);  // the untouched box passes
    // A fixed point on the curve of minimizers x y = 2 is not isolated: never certified.
    std::string why;
    CHECK_FALSE(certify_orbit(F, 1, {1.0, 2.0}, &why));
    CHECK_FALSE(why.empty());
    CHECK_FALSE(krawczyk_periodic(F, 1, box_around({Real(1), Real(2)}, UpperBound::of_rational(Q(1, 1000)))).proven);
    // Every 2-cycle from a grid search: on x = y or on x = -y (checked on the boxes).
    std::vector<Vec<double>> grid;
    for (int i = 0; i < 16; ++i)
        for (int j = 0; j < 16; ++j) grid.push_back({-4 + 8 * (i + 0.5) / 16, -4 + 8 * (j + 0.5) / 16});
    const OrbitSearchResult all = search_orbits(F, 1, 2, grid, [](size_t p, const Vec<double>& z) {
        return p == 1 && std::abs(2 - z[0] * z[1]) < 1e-6;  // the curve of minimizers: not isolated
    });
    size_t two_cycles = 0;
    for (const CertifiedOrbit& c : all.orbits) {
        if (c.period != 2) continue;
        ++two_cycles;
        CHECK(c.minimal);
        const Interval& bx = c.box[0];
        const Interval& by = c.box[1];
        const bool balanced = !(hi(bx) < lo(by) || hi(by) < lo(bx));
        const Interval nby = -by;
        const bool anti = !(hi(bx) < lo(nby) || hi(nby) < lo(bx));
        CHECK((balanced || anti));
    }
    CHECK(two_cycles >= 1);
    // The saddle at the origin is the one isolated fixed point.
    size_t fixed = 0;
    for (const CertifiedOrbit& c : all.orbits)
        if (c.period == 1) {
            ++fixed;
            CHECK(contains(c.box[0], Q(0)));
            CHECK(c.stability.stability == Stability::Saddle);
        }
    CHECK(fixed == 1);
    // Listed orbits are pairwise distinct.
    for (size_t i = 0; i < all.orbits.size(); ++i)
        for (size_t j = i + 1; j < all.orbits.size(); ++j)
            if (all.orbits[i].period == all.orbits[j].period) CHECK(distinct_orbits(all.orbits[i], all.orbits[j]));
}

namespace {

Matrix<Interval> exact_matrix(const std::vector<std::vector<Q>>& rows) {
    Matrix<Interval> M(rows.size(), rows.size());
    for (size_t i = 0; i < rows.size(); ++i)
        for (size_t j = 0; j < rows.size(); ++j) M(i, j) = enclose(rows[i][j]);
    return M;
}

Matrix<double> mid_double(const Matrix<Interval>& M) {
    Matrix<double> D(M.rows(), M.cols());
    for (size_t k = 0; k < M.size(); ++k) D[k] = dbl(midpoint(M[k]));
    return D;
}

Stability stability_of(const std::vector<std::vector<Q>>& rows) {
    const Matrix<Interval> M = exact_matrix(rows);
    return classify_stability(M, mid_double(M)).stability;
}

// P D P^-1 for a fixed rational P (det 1), exactly.
std::vector<std::vector<Q>> conjugated_matrix(const std::vector<std::vector<Q>>& D) {
    const size_t n = D.size();
    std::vector<std::vector<Q>> P(n, std::vector<Q>(n, Q(0))), Pi = P, R = P;
    for (size_t i = 0; i < n; ++i) {
        P[i][i] = Pi[i][i] = 1;
        if (i + 1 < n) {
            P[i][i + 1] = Q(1, 2);  // unit upper bidiagonal; its inverse: (-1/2)^(j-i) above the diagonal
        }
    }
    for (size_t i = 0; i < n; ++i)
        for (size_t j = i + 1; j < n; ++j) {
            Q v = 1;
            for (size_t t = i; t < j; ++t) v *= Q(-1, 2);
            Pi[i][j] = v;
        }
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j)
            for (size_t t = 0; t < n; ++t)
                for (size_t u = 0; u < n; ++u) R[i][j] += P[i][t] * D[t][u] * Pi[u][j];
    return R;
}

std::vector<std::vector<Q>> conjugated(const std::vector<Q>& l) {
    std::vector<std::vector<Q>> D(l.size(), std::vector<Q>(l.size(), Q(0)));
    for (size_t i = 0; i < l.size(); ++i) D[i][i] = l[i];
    return conjugated_matrix(D);
}

}  // namespace

TEST_CASE("stability verdicts on exact matrices; widened enclosures are not claimed", "[dynamics][orbits]") {
    PrecisionScope scope(128);
    // 2 x 2 with known eigenvalues.
    CHECK(stability_of({{Q(1, 2), Q(1, 3)}, {Q(0), Q(-3, 10)}}) == Stability::Attracting);
    CHECK(stability_of({{Q(2), Q(5)}, {Q(0), Q(1, 2)}}) == Stability::Saddle);
    CHECK(stability_of({{Q(2), Q(0)}, {Q(1), Q(-3)}}) == Stability::Repelling);
    CHECK(stability_of({{Q(-3, 2), Q(0)}, {Q(0), Q(-5, 4)}}) == Stability::Repelling);  // det > 1, both negative
    CHECK(stability_of({{Q(0), Q(-3, 2)}, {Q(3, 2), Q(0)}}) == Stability::Repelling);  // complex, |l| = 3/2
    CHECK(stability_of({{Q(0), Q(-1, 2)}, {Q(1, 2), Q(0)}}) == Stability::Attracting);  // complex, |l| = 1/2
    CHECK(stability_of({{Q(1), Q(0)}, {Q(0), Q(1, 2)}}) == Stability::Undecided);   // l = 1
    CHECK(stability_of({{Q(-1), Q(0)}, {Q(0), Q(1, 2)}}) == Stability::Undecided);  // l = -1
    CHECK(stability_of({{Q(0), Q(-1)}, {Q(1), Q(0)}}) == Stability::Undecided);     // |l| = 1, complex
    {
        const Matrix<Interval> M = exact_matrix({{Q(0), Q(-1, 2)}, {Q(1, 2), Q(0)}});
        const StabilityVerdict v = classify_stability(M, mid_double(M));
        REQUIRE(v.multipliers.size() == 1);
        CHECK(v.multipliers[0].kind == Multiplier::Kind::ComplexPair);
        CHECK(contains(v.multipliers[0].value, Q(1, 2)));
    }
    // The issue's attracting cycle: its enclosure widened until it holds a
    // matrix with multiplier 1 is not claimed attracting.
    const PointMap F = PointMap::scalar(Q(2), kIssueH);
    std::optional<CertifiedOrbit> o = certify_orbit(F, 2, issue_trajectory(F).back());
    REQUIRE(o);
    REQUIRE(o->stability.stability == Stability::Attracting);
    Matrix<Interval> wide = o->monodromy;
    const Real l_max = hi(o->stability.multipliers[0].value);  // the larger multiplier
    const Real shift = 1 - l_max + Real(1) / 100;              // l_max + shift > 1
    for (size_t i = 0; i < 2; ++i) wide(i, i) = hull(wide(i, i), wide(i, i) + make_interval(shift));
    CHECK(classify_stability(wide, mid_double(wide)).stability != Stability::Attracting);
    // Shifted (not widened) to multipliers beyond 1: not attracting either.
    Matrix<Interval> moved = o->monodromy;
    for (size_t i = 0; i < 2; ++i) moved(i, i) = moved(i, i) + make_interval(shift);
    CHECK(classify_stability(moved, mid_double(moved)).stability != Stability::Attracting);
    // N > 2: Gershgorin after the similarity from the double eigenvectors.
    CHECK(stability_of(conjugated({Q(1, 2), Q(-1, 5), Q(3, 4)})) == Stability::Attracting);
    CHECK(stability_of(conjugated({Q(1, 2), Q(2), Q(-1, 5)})) == Stability::Saddle);
    CHECK(stability_of(conjugated({Q(3), Q(-2), Q(5, 4), Q(-3, 2)})) == Stability::Repelling);
    CHECK(stability_of(conjugated({Q(1), Q(1, 2), Q(1, 4)})) == Stability::Undecided);
    // N > 2 with a complex pair: Bauer-Fike discs around a normal block-diagonal part.
    const Q z = 0;
    CHECK(stability_of(conjugated_matrix({{Q(1, 5), Q(1, 2), z}, {Q(-1, 2), Q(1, 5), z}, {z, z, Q(1, 4)}})) ==
          Stability::Attracting);  // |0.2 +- 0.5 i| = 0.54
    CHECK(stability_of(conjugated_matrix({{Q(1), Q(2), z}, {Q(-2), Q(1), z}, {z, z, Q(1, 4)}})) ==
          Stability::Saddle);  // |1 +- 2 i| = 2.24
    CHECK(stability_of(conjugated_matrix({{Q(1), Q(2), z, z}, {Q(-2), Q(1), z, z}, {z, z, Q(3), z}, {z, z, z, Q(-2)}})) ==
          Stability::Repelling);
    CHECK(stability_of(conjugated_matrix({{Q(3, 5), Q(4, 5), z}, {Q(-4, 5), Q(3, 5), z}, {z, z, Q(1, 4)}})) ==
          Stability::Undecided);  // |0.6 +- 0.8 i| = 1
    {
        const Matrix<Interval> M =
            exact_matrix(conjugated_matrix({{Q(1, 5), Q(1, 2), z}, {Q(-1, 2), Q(1, 5), z}, {z, z, Q(1, 4)}}));
        const StabilityVerdict v = classify_stability(M, mid_double(M));
        size_t pairs = 0, reals = 0;
        for (const Multiplier& m : v.multipliers) {
            if (m.kind == Multiplier::Kind::ComplexPair) {
                ++pairs;
                CHECK(lo(m.value) * lo(m.value) <= Real(29) / 100);  // |l|^2 = 0.29
                CHECK(hi(m.value) * hi(m.value) >= Real(29) / 100);
            }
            if (m.kind == Multiplier::Kind::RealValue) {
                ++reals;
                CHECK(contains(m.value, Q(1, 4)));
            }
        }
        CHECK(pairs == 1);
        CHECK(reals == 1);
    }
}

TEST_CASE("the matrix family with d = 1: the origin is a certified saddle", "[dynamics][orbits]") {
    PrecisionScope scope(128);
    Matrix<Rational> A(2, 2);
    A(0, 0) = 2;
    A(0, 1) = Q(1, 2);
    A(1, 0) = 0;
    A(1, 1) = 1;
    const PointMap F(A, Q(1, 10), 1);
    std::optional<CertifiedOrbit> o = certify_orbit(F, 1, {1e-3, -2e-3, 1e-3, 5e-4});
    REQUIRE(o);
    for (const Interval& b : o->box) CHECK(contains(b, Q(0)));
    // DF(0) = I - h [[0, -A], [-A^T, 0]]: multipliers 1 +- h sigma_i(A), two above 1, two below.
    CHECK(o->stability.stability == Stability::Saddle);
    CHECK(o->stability.multipliers.size() == 4);
}

TEST_CASE("period three on x = y in a window found by a float scan: Li-Yorke witness", "[dynamics][orbits][chaos]") {
    PrecisionScope scope(128);
    // Scan c = 1 + h mu of w -> c w - w^3 for an attracting 3-cycle (float, not a proof).
    double found_c = 0;
    for (int i = 0; i <= 2000 && found_c == 0; ++i) {
        const double c = 2.3 + 0.3 * i / 2000;
        for (double w0 : {0.3, -0.7, 1.1}) {
            double w = w0;
            for (int t = 0; t < 3000 && std::abs(w) < 10; ++t) w = c * w - w * w * w;
            if (!(std::abs(w) < 10)) continue;
            double w1 = c * w - w * w * w, w2 = c * w1 - w1 * w1 * w1, w3 = c * w2 - w2 * w2 * w2;
            if (std::abs(w3 - w) < 1e-10 && std::abs(w1 - w) > 1e-3) found_c = c;
        }
    }
    REQUIRE(found_c > 0);
    // h = 4 (k = h/4 = 1), mu = (c - 1)/h as an exact decimal.
    const Q h = 4, mu = (Q(Integer(static_cast<long>(std::llround(found_c * 1e6))), Integer(1000000)) - 1) / h;
    const CubicLineMap g = balanced_line_map(mu, h);
    CHECK(g.k == 1);
    std::optional<PeriodThreeWitness> wit = find_period_three(g, 2.5);
    REQUIRE(wit);
    CHECK(wit->compact_invariant);  // c <= 3
    // Oracle: the exact g^3(w) - w changes sign across the box of the first point.
    const Poly id{Q(0), Q(1)};
    const Poly g3 = compose_g(g.c, g.k, compose_g(g.c, g.k, compose_g(g.c, g.k, id)));
    const Poly G = add(g3, scale(id, -1));
    const Q a = to_rational(lo(wit->points[0])), b = to_rational(hi(wit->points[0]));
    CHECK(eval(G, a) * eval(G, b) < 0);
    // ... and it is no fixed point: g(w) - w keeps its sign there.
    const Poly G1 = add(compose_g(g.c, g.k, id), scale(id, -1));
    CHECK(eval(G1, a) * eval(G1, b) > 0);
    // The line x = -y with mu > 0: c = 1 - h mu < 0 here, g is monotone: no 3-cycle.
    CHECK_FALSE(find_period_three(antibalanced_line_map(mu, h), 2.5));
}
