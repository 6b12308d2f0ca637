// lrcert-check's L0 upper bound by an exact residual (proofs-check/residual.hpp,
// docs/checker.md section 5, step 2), its code only.
// Oracles: diagonal and 2 x 2 block matrices with exact eigenvalues built here;
// any factor L gives a valid bound (perturbed factors included); a shift
// below lambda_max must be refused (the Cholesky guess breaks down) and can
// never give a bound below lambda_max. The multiprecision Cholesky guess and the
// exact Rayleigh test against the same exact eigenvalues, at gaps of 2^-700;
// the L0 inertia cross-check (crosscheck.hpp) on enclosures that contain
// lambda_max or miss it by 2^-710.
#include "crosscheck.hpp"
#include "linalg.hpp"
#include "residual.hpp"

#include <catch2/catch.hpp>

#include <vector>

using chk::Mat;
using chk::Q;

namespace {

// Block diagonal with 2 x 2 blocks [[a, b], [b, a]] (eigenvalues a +- b),
// blocks k = 0 .. N/2 - 1 with a = 1 + k/7, b = 1/3 + k/11.
Mat blocks(size_t N, Q& top) {
    Mat H(N, N);
    top = 0;
    for (size_t k = 0; 2 * k + 1 < N; ++k) {
        const Q a = Q(1) + Q(static_cast<long>(k), 7), b = Q(1, 3) + Q(static_cast<long>(k), 11);
        H(2 * k, 2 * k) = H(2 * k + 1, 2 * k + 1) = a;
        H(2 * k, 2 * k + 1) = H(2 * k + 1, 2 * k) = b;
        if (a + b > top) top = a + b;
    }
    return H;
}

}  // namespace

TEST_CASE("checker residual bound: sound and tight above lambda_max", "[checker][residual]") {
    Q top;
    const Mat H = blocks(40, top);
    for (const Q& margin : {Q(1, 1000), Q(1, 1000000000)}) {
        const Q t = top + margin;
        const std::optional<Q> b = chk::lambda_max_up_by_residual(H, t);
        REQUIRE(b.has_value());
        REQUIRE(*b >= top);
        REQUIRE(*b >= t);                    // t + ||E|| with ||E|| >= 0
        REQUIRE(*b - t < Q(1, 1000000000000));  // the double factor is accurate to ~1e-15
    }
}

TEST_CASE("checker residual bound: a shift below lambda_max is refused", "[checker][residual]") {
    Q top;
    const Mat H = blocks(40, top);
    for (const Q& gap : {Q(1, 1000), Q(1, 1000000)}) {
        const std::optional<Q> b = chk::lambda_max_up_by_residual(H, top - gap);
        // Either the Cholesky guess breaks down or the bound still covers lambda_max.
        if (b) REQUIRE(*b >= top);
        REQUIRE_FALSE(b.has_value());
    }
}

TEST_CASE("checker residual bound: any factor is sound, a perturbed one only loosens it", "[checker][residual]") {
    Q top;
    const Mat H = blocks(6, top);
    const size_t N = 6;
    const Q t = top + Q(1, 100);
    // The exact factor of t I - H is irrational; a crude one at s = 20 bits.
    const std::optional<Q> good = chk::lambda_max_up_by_residual(H, t);
    REQUIRE(good);
    std::vector<long long> L(N * N, 0);
    for (size_t i = 0; i < N; ++i) L[i * N + i] = 1LL << 20;  // L = I: E = t I - H - I
    const Q b_identity = chk::residual_bound(H, t, L, 20);
    REQUIRE(b_identity >= top);
    // A perturbed factor (one entry off by 2^-4): still an upper bound, and looser.
    L[3 * N + 2] = 1LL << 16;
    const Q b_perturbed = chk::residual_bound(H, t, L, 20);
    REQUIRE(b_perturbed >= top);
    REQUIRE(b_perturbed > *good);
    // L = 0: the bound is t + ||t I - H||_inf, still sound.
    std::fill(L.begin(), L.end(), 0);
    REQUIRE(chk::residual_bound(H, t, L, 0) >= top);
    // Entries too large for exact 128-bit sums are refused.
    L[0] = 1LL << 62;
    REQUIRE_THROWS(chk::residual_bound(H, t, L, 0));
}

// ---- the multiprecision Cholesky guess (cholesky_guess, cholesky_residual_bound)
// and the exact Rayleigh test, for shifts far closer to lambda_max than double
// precision.

TEST_CASE("checker fixed-point Cholesky residual bound: sound and tight within 2^-700 of lambda_max",
          "[checker][residual]") {
    Q top;
    const Mat H = blocks(20, top);
    for (long g : {40L, 300L, 700L}) {
        const Q t = top + chk::pow2(-g);
        const long p = g + 40;
        const std::optional<Q> b = chk::lambda_max_up_by_cholesky(H, t, p, p);
        REQUIRE(b.has_value());
        REQUIRE(*b >= top);
        REQUIRE(*b >= t);
        REQUIRE(*b - t < chk::pow2(-g - 10));  // resolves the gap t - lambda_max
    }
}

TEST_CASE("checker fixed-point Cholesky residual bound: a shift below lambda_max never bounds it",
          "[checker][residual]") {
    Q top;
    const Mat H = blocks(20, top);
    for (long g : {10L, 300L, 700L}) {
        const Q t = top - chk::pow2(-g);
        for (long p : {g + 40, g - 8}) {
            const std::optional<Q> b = chk::lambda_max_up_by_cholesky(H, t, p, p);
            if (b) REQUIRE(*b >= top);  // the guess may survive rounding, the bound stays sound
        }
        REQUIRE_FALSE(chk::lambda_max_up_by_cholesky(H, t, g + 40, g + 40).has_value());  // t I - H is indefinite
    }
}

TEST_CASE("checker fixed-point Cholesky residual bound: any factor is sound, a wrong one only loosens it",
          "[checker][residual]") {
    Q top;
    const Mat H = blocks(6, top);
    const Q t = top + chk::pow2(-100);
    const std::optional<chk::FixedCholesky> F = chk::cholesky_guess(H, t, 160);
    REQUIRE(F);
    const Q good = chk::cholesky_residual_bound(H, t, *F, 160);
    REQUIRE(good >= top);
    REQUIRE(good - t < chk::pow2(-110));
    // The guess's own exact products (the recurrences' remainders) give the same bound.
    REQUIRE(chk::cholesky_guess_bound(H, t, *F, 160) == good);
    for (long g : {300L, 700L}) {
        Q top20;
        const Mat H20 = blocks(20, top20);
        const Q t20 = top20 + chk::pow2(-g);
        const std::optional<chk::FixedCholesky> F20 = chk::cholesky_guess(H20, t20, g + 40);
        REQUIRE(F20);
        REQUIRE(chk::cholesky_guess_bound(H20, t20, *F20, g + 40) == chk::cholesky_residual_bound(H20, t20, *F20, g + 40));
    }
    // A wrong factor (one entry off by 2^-10, or a pivot doubled): still an upper bound, and looser.
    chk::FixedCholesky wrong = *F;
    wrong.g[3 * 6 + 2] += chk::Z(1) << (160 - 10);
    const Q b_wrong = chk::cholesky_residual_bound(H, t, wrong, 160);
    REQUIRE(b_wrong >= top);
    REQUIRE(b_wrong > good);
    chk::FixedCholesky big = *F;
    big.g[5 * 6 + 5] *= 2;
    const Q b_big = chk::cholesky_residual_bound(H, t, big, 160);
    REQUIRE(b_big >= top);
    REQUIRE(b_big > good);
    // The zero factor: t + ||t I - H||_inf, still sound.
    chk::FixedCholesky zero = *F;
    for (chk::Z& v : zero.g) v = 0;
    REQUIRE(chk::cholesky_residual_bound(H, t, zero, 160) >= top);
}

TEST_CASE("checker exact Rayleigh test: the inverse-iteration vector proves lambda_max >= lo, never more",
          "[checker][residual]") {
    Q top;
    const Mat H = blocks(20, top);
    const Q t = top + chk::pow2(-700);
    const std::optional<chk::FixedCholesky> F = chk::cholesky_guess(H, t, 760);
    REQUIRE(F);
    for (int steps : {1, 2}) {
        const std::vector<chk::Z> v = chk::inverse_iteration_guess(*F, steps);
        REQUIRE(chk::rayleigh_at_least(H, v, top - chk::pow2(-700)));
        REQUIRE_FALSE(chk::rayleigh_at_least(H, v, top + chk::pow2(-1400)));  // no vector exceeds lambda_max
    }
    // The exact top eigenvector (1, 1) of the last block attains lambda_max exactly.
    std::vector<chk::Z> e(20, chk::Z(0));
    e[18] = e[19] = 1;
    REQUIRE(chk::rayleigh_at_least(H, e, top));
    REQUIRE_FALSE(chk::rayleigh_at_least(H, e, top + chk::pow2(-2000)));
    REQUIRE_FALSE(chk::rayleigh_at_least(H, std::vector<chk::Z>(20, chk::Z(0)), Q(-1000)));  // v = 0 proves nothing
}

TEST_CASE("checker L0 inertia test: enclosures 2^-700 wide around lambda_max, and just beside it",
          "[checker][residual]") {
    Q top;
    const Mat H = blocks(20, top);
    const Q w = chk::pow2(-700);
    // Containing lambda_max: accepted (at either end of the enclosure, and in it).
    CHECK(chk::l0_inertia_misfit(H, top - w, top + w).empty());
    CHECK(chk::l0_inertia_misfit(H, top - w, top + w / 1000).empty());
    CHECK(chk::l0_inertia_misfit(H, top - w / 1000, top + w).empty());
    CHECK(chk::l0_inertia_misfit(H, top, top + w).empty());
    CHECK(chk::l0_inertia_misfit(H, top - w, top).empty());
    // Beside it: rejected, naming the end that is wrong.
    CHECK(chk::l0_inertia_misfit(H, top - 2 * w, top - w).find("sharpness_initial.hi") != std::string::npos);
    CHECK(chk::l0_inertia_misfit(H, top + w / 1000, top + w).find("sharpness_initial.lo") != std::string::npos);
    CHECK(chk::l0_inertia_misfit(H, top + w, top + 2 * w).find("sharpness_initial.lo") != std::string::npos);
}
