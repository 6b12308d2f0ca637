// lrcert-check's L0 upper bound by an exact residual (proofs-check/residual.hpp,
// docs/checker.md section 5, step 2), its code only.
// Oracles: diagonal and 2 x 2 block matrices with exact eigenvalues built here;
// any factor L gives a valid bound (perturbed factors included); a shift
// below lambda_max must be refused (the Cholesky guess breaks down) and can
// never give a bound below lambda_max. The multiprecision LDL^T guess and the
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

// ---- the multiprecision LDL^T guess (ldl_guess, ldl_residual_bound) and the
// exact Rayleigh test, for shifts far closer to lambda_max than double precision.

TEST_CASE("checker LDL^T residual bound: sound and tight within 2^-300 of lambda_max", "[checker][residual]") {
    Q top;
    const Mat H = blocks(20, top);
    for (long g : {40L, 300L, 700L}) {
        const Q t = top + chk::pow2(-g);
        const long p = g + 40;
        const std::optional<Q> b = chk::lambda_max_up_by_ldl(H, t, p, p);
        REQUIRE(b.has_value());
        REQUIRE(*b >= top);
        REQUIRE(*b >= t);
        REQUIRE(*b - t < chk::pow2(-g - 10));  // resolves the gap t - lambda_max
    }
}

TEST_CASE("checker LDL^T residual bound: a shift below lambda_max never bounds it", "[checker][residual]") {
    Q top;
    const Mat H = blocks(20, top);
    for (long g : {10L, 300L, 700L}) {
        const Q t = top - chk::pow2(-g);
        for (long p : {g + 40, g - 8}) {
            const std::optional<Q> b = chk::lambda_max_up_by_ldl(H, t, p, p);
            if (b) REQUIRE(*b >= top);  // the guess may survive rounding, the bound stays sound
        }
        REQUIRE_FALSE(chk::lambda_max_up_by_ldl(H, t, g + 40, g + 40).has_value());  // t I - H is indefinite
    }
}

TEST_CASE("checker LDL^T residual bound: any factor with D >= 0 is sound, D < 0 is refused", "[checker][residual]") {
    Q top;
    const Mat H = blocks(6, top);
    const Q t = top + chk::pow2(-100);
    std::optional<chk::FixedLdl> F = chk::ldl_guess(H, t, 160);
    REQUIRE(F);
    const std::optional<Q> good = chk::ldl_residual_bound(H, t, *F, 160);
    REQUIRE(good);
    REQUIRE(*good >= top);
    // A wrong factor (one multiplier off by 2^-10): still an upper bound, and looser.
    chk::FixedLdl wrong = *F;
    wrong.l[3 * 6 + 2] += chk::Z(1) << (160 - 10);
    const std::optional<Q> b_wrong = chk::ldl_residual_bound(H, t, wrong, 160);
    REQUIRE(b_wrong);
    REQUIRE(*b_wrong >= top);
    REQUIRE(*b_wrong > *good);
    // A wrong pivot: larger is sound and looser; negative is refused (L D L^T not PSD).
    chk::FixedLdl big = *F;
    big.d[5] += chk::Z(1) << 150;
    const std::optional<Q> b_big = chk::ldl_residual_bound(H, t, big, 160);
    REQUIRE(b_big);
    REQUIRE(*b_big >= top);
    REQUIRE(*b_big > *good);
    chk::FixedLdl negative = *F;
    negative.d[0] = -1;
    REQUIRE_FALSE(chk::ldl_residual_bound(H, t, negative, 160).has_value());
    // The zero factor: t + ||t I - H||_inf, still sound.
    chk::FixedLdl zero = *F;
    for (chk::Z& v : zero.l) v = 0;
    for (chk::Z& v : zero.d) v = 0;
    const std::optional<Q> b_zero = chk::ldl_residual_bound(H, t, zero, 160);
    REQUIRE(b_zero);
    REQUIRE(*b_zero >= top);
}

TEST_CASE("checker exact Rayleigh test: the inverse-iteration vector proves lambda_max >= lo, never more",
          "[checker][residual]") {
    Q top;
    const Mat H = blocks(20, top);
    const Q t = top + chk::pow2(-700);
    const std::optional<chk::FixedLdl> F = chk::ldl_guess(H, t, 760);
    REQUIRE(F);
    const std::vector<chk::Z> v = chk::inverse_iteration_guess(*F);
    REQUIRE(chk::rayleigh_at_least(H, v, top - chk::pow2(-700)));
    REQUIRE_FALSE(chk::rayleigh_at_least(H, v, top + chk::pow2(-1400)));  // no vector exceeds lambda_max
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
