// Contraction regions of cycles (dynamics/contraction.hpp) against
// independent oracles written here:
//   - the reduced scalar map on its balanced line x = y is the 1-D map
//     phi(x) = x (1 + h mu - h x^2); its 2-cycles are found by a plain
//     600-bit Newton iteration on phi(phi(x)) = x in this file, and its
//     symmetric 2-cycle {a, -a} has the closed form h a^2 = 2 + h mu;
//   - the multiplier of a 2-cycle {a, b} of phi along the line is
//     phi'(a) phi'(b), and across it (the v = x - y direction, v+ = (1 - h r) v)
//     (1 - h r_a)(1 - h r_b): the cycle attracts in 2-D iff both are < 1 in modulus;
//   - long plain 600-bit GD runs from a start near the cycle approach the
//     certified cycle points.
// The tests can fail: a region around a repelling cycle must not be
// certified, and boxes outside the region are not contained in it.
#include "lrcert/dynamics/contraction.hpp"

#include <catch2/catch.hpp>

#include <boost/multiprecision/mpfr.hpp>

using namespace lrcert;

namespace {

using Big = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<600>>;

Big phi(const Big& x, const Big& h, const Big& mu) { return x * (1 + h * mu - h * x * x); }
Big dphi(const Big& x, const Big& h, const Big& mu) { return 1 + h * mu - 3 * h * x * x; }

// Newton on phi(phi(x)) - x from x.
Big two_cycle_point(Big x, const Big& h, const Big& mu) {
    for (int it = 0; it < 200; ++it) {
        const Big y = phi(x, h, mu);
        const Big g = phi(y, h, mu) - x;
        const Big dg = dphi(y, h, mu) * dphi(x, h, mu) - 1;
        x -= g / dg;
    }
    return x;
}

bool box_contains(const Box& b, const std::vector<Big>& z) {
    for (size_t i = 0; i < b.size(); ++i) {
        const Big lo_i(lo(b[i]).str(0, std::ios_base::scientific)), hi_i(hi(b[i]).str(0, std::ios_base::scientific));
        if (!(lo_i <= z[i] && z[i] <= hi_i)) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("the attracting 2-cycle on the balanced line: region, enclosure, minimal period", "[dynamics]") {
    // mu = 2, h = 3/5 (h mu = 6/5): phi(x) = x (11/5 - 3 x^2 / 5); the minimizer
    // x^2 = 2 has phi' = -7/5, so it is unstable on the line, and a 2-cycle attracts.
    const Rational mu(2), h(3, 5);
    const Big bmu(2), bh("0.6");
    // A float run of the 1-D map from 1.3 settles into a 2-cycle.
    double x = 1.3;
    for (int k = 0; k < 4000; ++k) x = x * (2.2 - 0.6 * x * x);
    const Big a = two_cycle_point(Big(x), bh, bmu);
    const Big b = phi(a, bh, bmu);
    REQUIRE(abs(phi(b, bh, bmu) - a) < Big("1e-150"));
    REQUIRE(abs(a - b) > Big("0.1"));
    // The oracle's multipliers: along the line and across it.
    const Big along = dphi(a, bh, bmu) * dphi(b, bh, bmu);
    const Big across = (1 - bh * (bmu - a * a)) * (1 - bh * (bmu - b * b));
    INFO("along " << along.str(8) << ", across " << across.str(8));
    REQUIRE(abs(along) < 1);
    REQUIRE(abs(across) < 1);

    PrecisionScope scope(256);
    const PointMap F = PointMap::scalar(mu, h);
    const ContractionRegion S = contraction_region(F, {x, x}, 2);
    INFO(S.failure);
    REQUIRE(S.holds);
    CHECK(S.minimal);
    CHECK(S.q < 1);
    REQUIRE(S.cycle.size() == 2);
    // Each oracle point lies in one cycle box, and the boxes are narrow.
    const std::vector<Big> pa{a, a}, pb{b, b};
    const bool a_first = box_contains(S.cycle[0], pa);
    CHECK((a_first ? box_contains(S.cycle[1], pb) : (box_contains(S.cycle[0], pb) && box_contains(S.cycle[1], pa))));
    CHECK(max_width(S.cycle[0]) < UpperBound::of_rational(Rational(1, Integer(1) << 200)));
    // The region contains its own fixed-point box and not a box 2 rho away.
    CHECK(region_contains(S, S.fixed_point));
    Vec<Real> far = S.centre;
    far[0] += 3 * S.rho.real();
    far[1] += 3 * S.rho.real();
    CHECK_FALSE(region_contains(S, box_around(far, UpperBound::exact(0))));

    // A plain 600-bit GD run of the 2-D map from a start off the line approaches the cycle.
    Big px = Big(x) + Big("1e-3"), py = Big(x) - Big("2e-3");
    for (int k = 0; k < 2000; ++k) {
        const Big r = bmu - px * py;
        const Big nx = px + bh * r * py, ny = py + bh * r * px;
        px = nx;
        py = ny;
    }
    const Big dist = std::min(abs(px - a) + abs(py - a), abs(px - b) + abs(py - b));
    CHECK(dist < Big("1e-20"));
}

TEST_CASE("no region is certified around a repelling cycle", "[dynamics]") {
    // The symmetric 2-cycle {a, -a}, h a^2 = 2 + h mu, of phi: phi'(a) = 1 + h mu - 3 h a^2 = -5 - 2 h mu,
    // so the multiplier along the line is (5 + 2 h mu)^2 > 1: repelling (here h mu = 1).
    const Rational mu(2), h(1, 2);
    const double a = std::sqrt((2 + 0.5 * 2) / 0.5);
    PrecisionScope scope(256);
    const PointMap F = PointMap::scalar(mu, h);
    const ContractionRegion S = contraction_region(F, {a, a}, 2);
    CHECK_FALSE(S.holds);
    CHECK_FALSE(S.failure.empty());
}

TEST_CASE("proper divisors", "[dynamics]") {
    CHECK(proper_divisors(1).empty());
    CHECK(proper_divisors(2) == std::vector<size_t>{1});
    CHECK(proper_divisors(12) == std::vector<size_t>{1, 2, 3, 4, 6});
    CHECK(proper_divisors(7) == std::vector<size_t>{1});
}
