// lrcert-check's L0 upper bound by an exact residual (proofs-check/residual.hpp,
// docs/checker.md section 5, step 2), its code only.
// Oracles: diagonal and 2 x 2 block matrices with exact eigenvalues built here;
// any factor L gives a valid bound (perturbed factors included); a shift
// below lambda_max must be refused (the Cholesky guess breaks down) and can
// never give a bound below lambda_max.
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
