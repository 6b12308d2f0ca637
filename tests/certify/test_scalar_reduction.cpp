// The scalar reduction (certify/scalar_reduction.hpp): the exact one-pass sums
// against a plain exact-rational oracle written here (the textbook sums over
// u0 = x0 + y0 and v0 = x0 - y0), and the reconstruction of the d-dimensional
// point, whole or one coordinate at a time, containing the exact value.
#include "lrcert/certify/scalar_reduction.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/number/precision.hpp"

#include <catch2/catch.hpp>

#include <gmp.h>

#include <random>
#include <vector>

using namespace lrcert;

namespace {

Rational decimal(long long m, long e) {
    Integer p;
    mpz_ui_pow_ui(p.backend().data(), 10, static_cast<unsigned long>(e < 0 ? -e : e));
    return e >= 0 ? Rational(Integer(m) * p) : Rational(Integer(m), p);
}

// Mixed entries: 6-digit decimals with exponents in [-12, 2], negatives,
// zeros, 18-digit mantissas, a far exponent now and then, fractions.
Rational random_value(std::mt19937_64& rng, size_t i) {
    std::uniform_int_distribution<int> kind(0, 9), e(-12, 2);
    std::uniform_int_distribution<long long> six(-999999, 999999), big(-999999999999999999LL, 999999999999999999LL);
    if (i % 4999 == 3) return decimal(six(rng), i % 2 ? 3000 : -3000);
    switch (kind(rng)) {
        case 0: return Rational(0);
        case 1: return Rational(six(rng), 7 + (i % 5));  // no finite decimal: on the side
        case 2: return decimal(big(rng), e(rng));
        default: return decimal(six(rng), e(rng));
    }
}

}  // namespace

TEST_CASE("reduce_scalar's one-pass sums are the exact textbook sums", "[reduction]") {
    std::mt19937_64 rng(99);
    for (size_t d : {size_t(1), size_t(2), size_t(50), size_t(100000)}) {
        std::vector<Rational> x, y;
        for (size_t i = 0; i < d; ++i) {
            x.push_back(random_value(rng, i));
            y.push_back(random_value(rng, i + 1));
        }
        if (d == 2) y = {-x[0], -x[1]};  // x0 = -y0: u0 = 0 exactly
        const Rational mu(3, 2), h(1, 10);
        const ScalarReduction red = reduce_scalar(mu, h, x, y);
        // The oracle: the six sums of the expanded definitions, in plain rationals.
        Rational uu = 0, vv = 0, uv = 0, S = 0, xy = 0;
        for (size_t i = 0; i < d; ++i) {
            const Rational u = x[i] + y[i], v = x[i] - y[i];
            uu += u * u;
            vv += v * v;
            uv += u * v;
            S += x[i] * x[i] + y[i] * y[i];
            xy += x[i] * y[i];
        }
        INFO("d = " << d);
        CHECK(red.u_sq == uu);
        CHECK(red.v_sq == vv);
        CHECK(red.uv == uv);
        CHECK(red.S0 == S);
        CHECK(red.r0 == mu - xy);
        CHECK(red.d() == d);
        if (d == 2) CHECK(red.u_sq == 0);
        // The shared start is the input, exactly.
        bool same = true;
        for (size_t i = 0; i < d; ++i) same = same && (*red.x0)[i] == x[i] && (*red.y0)[i] == y[i];
        CHECK(same);
    }
}

TEST_CASE("the reconstruction contains the exact point, whole or coordinate by coordinate", "[reduction]") {
    // alpha = a |u0| and beta = b |v0| make x_i = (a u_i + b v_i)/2 and
    // y_i = (a u_i - b v_i)/2 exact rationals: the oracle.
    PrecisionScope scope(128);
    std::mt19937_64 rng(7);
    const size_t d = 2000;
    std::vector<Rational> x, y;
    for (size_t i = 0; i < d; ++i) {
        x.push_back(random_value(rng, i));
        y.push_back(random_value(rng, i + 7));
    }
    const ScalarReduction red = reduce_scalar(Rational(1), Rational(1, 20), x, y);
    const Rational a(3, 7), b(-5, 11);
    const Interval alpha = enclose(a) * interval_sqrt(enclose(red.u_sq));
    const Interval beta = enclose(b) * interval_sqrt(enclose(red.v_sq));
    std::vector<Interval> X, Y;
    reconstruct(red, alpha, beta, X, Y);
    REQUIRE(X.size() == d);
    const Reconstruction one(red, alpha, beta);
    bool contained = true, same = true;
    for (size_t i = 0; i < d; ++i) {
        const Rational u = x[i] + y[i], v = x[i] - y[i];
        const Rational xi = (a * u + b * v) / 2, yi = (a * u - b * v) / 2;
        contained = contained && lo(X[i]) <= xi && xi <= hi(X[i]) && lo(Y[i]) <= yi && yi <= hi(Y[i]);
        Interval xs, ys;
        one.coordinate(i, xs, ys);
        same = same && lo(xs) == lo(X[i]) && hi(xs) == hi(X[i]) && lo(ys) == lo(Y[i]) && hi(ys) == hi(Y[i]);
        // Tight: the width is a few ulps of the magnitude at 128 bits.
        const Rational w = to_rational(hi(X[i])) - to_rational(lo(X[i]));
        contained = contained && w <= Rational(1, Integer("1000000000000000000000000000000")) * (1 + abs(xi));
    }
    CHECK(contained);
    CHECK(same);
}
