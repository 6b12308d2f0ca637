// lrcert-check's L0 upper bound by an exact residual (proofs-check/residual.hpp,
// docs/checker.md section 5, step 2), its code only.
// Oracles: diagonal and 2 x 2 block matrices with exact eigenvalues built here;
// any factor L gives a valid bound (perturbed factors included); a shift
// below lambda_max must be refused (the Cholesky guess breaks down) and can
// never give a bound below lambda_max. The multiprecision Cholesky guess and the
// exact Rayleigh test against the same exact eigenvalues, at gaps of 2^-700;
// the L0 inertia cross-check (crosscheck.hpp) on enclosures that contain
// lambda_max or miss it by 2^-710.
// The Hessian in integers (hessian.hpp) against the Hessian of the quartic
// f(X, Y) = 1/2 ||A - X Y^T||_F^2 extracted from values of f only (no formula
// for H), and the residual bound on a matrix in integers (also over a
// denominator that is not the least one) against t + max_i sum_j |E_ij| with
// E = t I - H - L L^T 2^-2s computed entry by entry in plain mpq (at most
// N 2^-2s above it: the 128-bit path bounds each |E_ij| within 2^-2s).
#include "crosscheck.hpp"
#include "fixed.hpp"
#include "hessian.hpp"
#include "linalg.hpp"
#include "num.hpp"
#include "residual.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <vector>

using chk::Mat;
using chk::Q;
using chk::Z;

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

namespace {

// f at z = (vec(X) row-major, vec(Y)).
Q f_at(const Mat& A, const std::vector<Q>& z, size_t n, size_t m, size_t d) {
    Q s = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) {
            Q r = A(i, j);
            for (size_t b = 0; b < d; ++b) r -= z[i * d + b] * z[n * d + j * d + b];
            s += r * r;
        }
    return s / 2;
}

// H_kl from values of f: g(h) = [f(z+h e_k+h e_l) - f(z+h e_k-h e_l) - f(z-h e_k+h e_l)
// + f(z-h e_k-h e_l)] / (4 h^2) = c11 + h^2 (c31 + c13) for a quartic, so
// H_kl = c11 = (4 g(1) - g(2)) / 3; on the diagonal q(h) = [f(z+h e_k) +
// f(z-h e_k) - 2 f(z)] / h^2 = H_kk + 2 c4 h^2, likewise H_kk = (4 q(1) - q(2)) / 3.
Mat oracle_hessian(const Mat& A, const Mat& X, const Mat& Y) {
    const size_t n = X.r, m = Y.r, d = X.c, N = (n + m) * d;
    std::vector<Q> z;
    for (const Q& v : X.a) z.push_back(v);
    for (const Q& v : Y.a) z.push_back(v);
    auto shifted = [&](size_t k, const Q& a, size_t l, const Q& b) {
        std::vector<Q> w = z;
        w[k] += a;
        w[l] += b;
        return f_at(A, w, n, m, d);
    };
    Mat H(N, N);
    for (size_t k = 0; k < N; ++k)
        for (size_t l = 0; l < N; ++l) {
            Q g[2];
            for (int u = 0; u < 2; ++u) {
                const Q h = u + 1;
                if (k == l)
                    g[u] = (shifted(k, h, k, 0) + shifted(k, -h, k, 0) - 2 * f_at(A, z, n, m, d)) / (h * h);
                else
                    g[u] = (shifted(k, h, l, h) - shifted(k, h, l, -h) - shifted(k, -h, l, h) + shifted(k, -h, l, -h)) /
                           (4 * h * h);
            }
            H(k, l) = (4 * g[0] - g[1]) / 3;
        }
    return H;
}

Mat random_mat(std::mt19937& rng, size_t r, size_t c, long den) {
    std::uniform_int_distribution<long> num(-999, 999);
    Mat M(r, c);
    for (Q& v : M.a) {
        v = Q(num(rng), den);
        v.canonicalize();
    }
    return M;
}

}  // namespace

TEST_CASE("hessian_z equals the Hessian of f from its values (exact rationals)", "[checker][hessian]") {
    std::mt19937 rng(15);
    struct Shape { size_t n, m, d; long da, dx, dy; };
    for (const Shape& s : {Shape{2, 3, 1, 7, 10, 100}, Shape{3, 2, 2, 1000, 1000, 1000}, Shape{3, 3, 2, 3, 8, 12},
                           Shape{4, 2, 3, 1, 1, 1}, Shape{1, 1, 1, 9, 4, 6}}) {
        const Mat A = random_mat(rng, s.n, s.m, s.da), X = random_mat(rng, s.n, s.d, s.dx),
                  Y = random_mat(rng, s.m, s.d, s.dy);
        const chk::ZMat Hz = chk::hessian_z(A, X, Y);
        const Mat H = oracle_hessian(A, X, Y);
        REQUIRE(Hz.r == H.r);
        REQUIRE(Hz.c == H.c);
        const Mat Hq = chk::to_mat(Hz);
        for (size_t k = 0; k < H.a.size(); ++k) REQUIRE(Hq.a[k] == H.a[k]);
        // The entries on request (branch check17): equal to the table, entry for entry,
        // over the same denominator; the residual bound and the Rayleigh quotient
        // from them equal the table's.
        const chk::HessianEntries He(A, X, Y);
        REQUIRE(He.order() == Hz.r);
        REQUIRE(He.den() == Hz.den);
        for (size_t r = 0; r < H.r; ++r)
            for (size_t c = 0; c < H.c; ++c) REQUIRE(He(r, c) == Hz.a[r * H.c + c]);
        for (const Q& t : {Q(chk::gershgorin(Hz) + Q(1, 3)), Q(chk::gershgorin(Hz) * 2)}) {
            const std::optional<Q> be = chk::residual_bound_fixed(He, t), bz = chk::residual_bound_fixed(Hz, t);
            REQUIRE(be.has_value() == bz.has_value());
            if (be) REQUIRE(*be == *bz);
        }
        // The lower triangle only (branch check17): the same entries at c <= r, 0 above.
        const Mat Hl = chk::to_mat(chk::hessian_z(A, X, Y, true));
        for (size_t r = 0; r < H.r; ++r)
            for (size_t c = 0; c < H.c; ++c) REQUIRE(Hl(r, c) == (c <= r ? H(r, c) : Q(0)));
        // rayleigh_lower on it: v^T H v / v^T v of the oracle's H, in plain mpq.
        std::uniform_int_distribution<long> num(-50, 50);
        for (int trial = 0; trial < 3; ++trial) {
            std::vector<Q> v(H.r);
            for (Q& x : v) { x = Q(num(rng), trial == 0 ? 1 : 7 + trial); x.canonicalize(); }
            v[0] = 1;
            if (H.r > 1) v[1] = 2;  // so that entry (1, 0) counts
            Q vhv = 0, vv = 0;
            for (size_t r = 0; r < H.r; ++r) {
                vv += v[r] * v[r];
                for (size_t c = 0; c < H.c; ++c) vhv += v[r] * H(r, c) * v[c];
            }
            const chk::ZMat Hlz = chk::hessian_z(A, X, Y, true);
            REQUIRE(chk::rayleigh_lower(Hlz, v) == vhv / vv);
            REQUIRE(chk::rayleigh_lower(He, v) == vhv / vv);
            REQUIRE(chk::hessian_rayleigh(A, X, Y, v) == vhv / vv);  // the quadratic form (branch check17)
            REQUIRE(chk::rayleigh(Hz, v) == vhv / vv);
            // an upper-triangle entry is not read; a lower one is (the test can fail)
            chk::ZMat Hm = Hlz;
            if (H.r > 1) {
                Hm.a[1] += 1000;  // (0, 1): above the diagonal
                REQUIRE(chk::rayleigh_lower(Hm, v) == vhv / vv);
                Hm.a[H.r] += 1;  // (1, 0)
                REQUIRE(chk::rayleigh_lower(Hm, v) != vhv / vv);
            }
        }
    }
    // A wrong A changes it (the test can fail).
    const Mat A = random_mat(rng, 2, 2, 10), X = random_mat(rng, 2, 1, 10), Y = random_mat(rng, 2, 1, 10);
    Mat A2 = A;
    A2(0, 1) += Q(1, 10);
    REQUIRE(chk::to_mat(chk::hessian_z(A2, X, Y)).a != oracle_hessian(A, X, Y).a);
}

TEST_CASE("residual bound on a matrix in integers equals the plain rational one", "[checker][hessian][residual]") {
    std::mt19937 rng(7);
    const Mat A = random_mat(rng, 4, 3, 10), X = random_mat(rng, 4, 2, 100), Y = random_mat(rng, 3, 2, 100);
    const Mat H = oracle_hessian(A, X, Y);
    const size_t N = H.r;
    chk::ZMat Hz = chk::hessian_z(A, X, Y);
    // Also on a denominator that is not the least one (3 times too large).
    chk::ZMat H3 = Hz;
    for (Z& v : H3.a) v *= 3;
    H3.den *= 3;
    Q gersh = chk::gershgorin(Hz);
    for (const Q& t : {Q(gersh + Q(1, 3)), Q(gersh * 2)}) {
        const std::optional<Q> bz = chk::lambda_max_up_by_residual(Hz, t), b3 = chk::lambda_max_up_by_residual(H3, t),
                               bq = chk::lambda_max_up_by_residual(H, t);
        REQUIRE(bz.has_value());
        REQUIRE(b3.has_value());
        REQUIRE(bq.has_value());
        REQUIRE(*bz == *bq);
        REQUIRE(*b3 == *bq);
        REQUIRE(*bz >= t);
        // A factor chosen here (a crude diagonal one, integers times 2^-s), the bound in plain mpq.
        const long s = 20;
        std::vector<long long> L(N * N, 0);
        for (size_t i = 0; i < N; ++i) L[i * N + i] = 1L << s;  // L = I
        L[1 * N + 0] = 12345;
        Q worst = 0;
        for (size_t i = 0; i < N; ++i) {
            Q row = 0;
            for (size_t j = 0; j < N; ++j) {
                Q llt = 0;
                for (size_t k = 0; k < N; ++k) llt += Q(static_cast<long>(L[i * N + k])) * Q(static_cast<long>(L[j * N + k]));
                Q e = (i == j ? t : Q(0)) - H(i, j) - llt * chk::pow2(-2 * s);
                row += abs(e);
            }
            if (row > worst) worst = row;
        }
        // The bound is t + max_i sum_j |E_ij| or above it by at most N 2^-2s
        // (the 128-bit path's bound of each |E_ij|), rounded up to 64 bits.
        const Q want = chk::round_bits(t + worst, 64, +1);
        const Q most = chk::round_bits(t + worst + Q(static_cast<long>(N)) * chk::pow2(-2 * s), 64, +1);
        const Q bz_s = chk::residual_bound(Hz, t, L, s);
        REQUIRE(bz_s >= want);
        REQUIRE(bz_s <= most);
        REQUIRE(chk::residual_bound(H3, t, L, s) == bz_s);
        REQUIRE(chk::residual_bound(H, t, L, s) == bz_s);
    }
}

TEST_CASE("residual bound, 128-bit path: the fractional part of -H_ij 2^2s is bounded, not dropped",
          "[checker][residual]") {
    // H_ij = -1 / (3 2^50) off the diagonal, 0 on it; L = 0 at s = 30; t = 2^-50.
    // Exactly: E = t I - H, every row of |E| sums to 2^-50 + 3 / (3 2^50) = 2^-49,
    // so t + ||E||_inf = 3 2^-50; each -H_ij 2^60 = 2^10 / 3 = 341 + 1/3 (a
    // quotient with a remainder: dropping the 1/3 would give 3 2^-50 - 2^-60).
    const size_t N = 4;
    chk::ZMat H(N, N);
    H.den = 3;
    H.den <<= 50;
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j < N; ++j) H.a[i * N + j] = i == j ? 0 : -1;
    const Q t = chk::pow2(-50), exact = 3 * chk::pow2(-50);
    const std::vector<long long> L(N * N, 0);
    const Q b = chk::residual_bound(H, t, L, 30);
    REQUIRE(b >= exact);                                             // never below the exact t + ||E||_inf
    REQUIRE(b <= exact + Q(static_cast<long>(N)) * chk::pow2(-60));  // within N 2^-2s
    REQUIRE(chk::residual_bound(chk::to_mat(H), t, L, 30) == b);
}

TEST_CASE("residual bound with the fixed-point factor: sound at shifts just below lambda_max, tight above it",
          "[checker][residual]") {
    Q top;
    const Mat H = blocks(40, top);
    const chk::ZMat Hz = chk::zmat(H);
    // Above lambda_max: a bound, within 2^-50 of t (the factor's resolution: |r_ij| < g_jj,
    // |E_ij| about 2^-p of the scale, 2^2p about 2^123 / max (t - H_ii)).
    for (const Q& margin : {Q(1, 1000), Q(1, 1000000000)}) {
        const Q t = top + margin;
        const std::optional<Q> b = chk::residual_bound_fixed(Hz, t);
        REQUIRE(b.has_value());
        REQUIRE(*b >= t);
        REQUIRE(*b - t < chk::pow2(-50));
    }
    // Just below lambda_max (t I - H indefinite by less than the factor's resolution,
    // 2^-2p N of the scale): either nothing, or a bound that still covers lambda_max.
    int proven = 0;
    for (int k = 90; k <= 130; k += 2) {
        const Q t = top - top * chk::pow2(-k);
        const std::optional<Q> b = chk::residual_bound_fixed(Hz, t);
        if (b) {
            REQUIRE(*b >= top);
            ++proven;
        }
    }
    // Far below: t I - H has a non-positive diagonal entry or breaks down.
    REQUIRE_FALSE(chk::residual_bound_fixed(Hz, Q(1, 2)).has_value());
    REQUIRE_FALSE(chk::residual_bound_fixed(Hz, top - Q(1, 100)).has_value());
    // The whole bound (fixed point first) equals a valid bound above lambda_max and none below.
    REQUIRE(chk::lambda_max_up_by_residual(Hz, top + Q(1, 1000)).has_value());
    REQUIRE_FALSE(chk::lambda_max_up_by_residual(Hz, top - Q(1, 1000)).has_value());
    INFO("shifts below lambda_max still bounded: " << proven);
}

TEST_CASE("residual bound with the fixed-point factor on the Hessian in integers: at least lambda_max of an exact oracle",
          "[checker][residual][hessian]") {
    std::mt19937 rng(11);
    for (int trial = 0; trial < 6; ++trial) {
        const Mat A = random_mat(rng, 4, 3, 10), X = random_mat(rng, 4, 2, 100), Y = random_mat(rng, 3, 2, 100);
        const chk::ZMat Hz = chk::hessian_z(A, X, Y);
        const Mat H = chk::to_mat(Hz);
        // lambda_max(H) < t iff t I - H is positive definite (exact elimination, the oracle).
        const Q g = chk::gershgorin(Hz);
        // bisect a shift close to lambda_max with the exact test: lo <= lambda_max < hi
        Q lo = -g, hi = g + 1;
        for (int it = 0; it < 30; ++it) {  // a gap of about 2^-30 of the scale, well above the factor's resolution
            const Q mid = (lo + hi) / 2;
            Mat S = H;
            for (Q& v : S.a) v = -v;
            for (size_t i = 0; i < S.r; ++i) S(i, i) += mid;
            if (chk::positive_definite(S)) hi = mid;
            else lo = mid;
        }
        // above: a bound >= hi > lambda_max; at lo (<= lambda_max): none, or a bound >= lo... and >= lambda_max
        const std::optional<Q> b = chk::residual_bound_fixed(Hz, hi);
        REQUIRE(b.has_value());
        REQUIRE(*b >= hi);
        REQUIRE(*b - hi < chk::pow2(-40) * (g + 1));
        const std::optional<Q> bl = chk::residual_bound_fixed(Hz, lo);
        if (bl) REQUIRE(*bl >= lo);
    }
}

TEST_CASE("residual bound with the fixed-point factor: t + ||E||_inf of its own factor (plain mpq), at most N 2^-2p above",
          "[checker][residual][hessian]") {
    std::mt19937 rng(13);
    for (int trial = 0; trial < 4; ++trial) {
        const Mat A = random_mat(rng, 3, 3, 10), X = random_mat(rng, 3, 2, 100), Y = random_mat(rng, 3, 2, 7);
        const chk::ZMat Hz = chk::hessian_z(A, X, Y);
        const Mat H = chk::to_mat(Hz);
        const size_t N = H.r;
        const Q t = chk::gershgorin(Hz) + Q(1, 3);
        std::vector<long long> g;
        long twop = 0;
        const std::optional<Q> b = chk::residual_bound_fixed(Hz, t, &g, &twop);
        REQUIRE(b.has_value());
        REQUIRE(g.size() == N * N);
        // E = t I - H - g g^T 2^-2p, entry by entry in mpq (the oracle), and its worst row sum.
        Q worst = 0;
        for (size_t i = 0; i < N; ++i) {
            Q row = 0;
            for (size_t j = 0; j < N; ++j) {
                Q llt = 0;
                for (size_t k = 0; k < N; ++k) llt += Q(static_cast<long>(g[i * N + k])) * Q(static_cast<long>(g[j * N + k]));
                row += abs((i == j ? t : Q(0)) - H(i, j) - llt * chk::pow2(-twop));
            }
            if (row > worst) worst = row;
        }
        REQUIRE(*b >= chk::round_bits(t + worst, 64, +1));
        REQUIRE(*b <= chk::round_bits(t + worst + Q(static_cast<long>(N)) * chk::pow2(-twop), 64, +1));
        for (size_t i = 0; i < N; ++i)
            for (size_t k = i + 1; k < N; ++k) REQUIRE(g[i * N + k] == 0);  // lower triangular
    }
}

TEST_CASE("residual bound with the fixed-point factor: entries below the factor's resolution still count",
          "[checker][residual]") {
    // H = 0 but for tiny off-diagonal entries -2^-200 (s_ij = floor(2^-200 2^2p) = 0, f_ij > 0):
    // E = t I - H - L L^T has |E_ij| >= 2^-200 there, so the bound must exceed t.
    const size_t N = 3;
    chk::ZMat H(N, N);
    H.den = 1;
    H.den <<= 200;
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j < N; ++j) H.a[i * N + j] = i == j ? 0 : -1;
    const Q t(1);
    std::vector<long long> g;
    long twop = 0;
    const std::optional<Q> b = chk::residual_bound_fixed(H, t, &g, &twop);
    REQUIRE(b.has_value());
    // the exact t + ||E||_inf of the factor used, in mpq
    const Mat Hq = chk::to_mat(H);
    Q worst = 0;
    for (size_t i = 0; i < N; ++i) {
        Q row = 0;
        for (size_t j = 0; j < N; ++j) {
            Q llt = 0;
            for (size_t k = 0; k < N; ++k) llt += Q(static_cast<long>(g[i * N + k])) * Q(static_cast<long>(g[j * N + k]));
            row += abs((i == j ? t : Q(0)) - Hq(i, j) - llt * chk::pow2(-twop));
        }
        if (row > worst) worst = row;
    }
    REQUIRE(worst > 0);
    REQUIRE(*b >= chk::round_bits(t + worst, 64, +1));
    REQUIRE(*b > t);
}

namespace {

// G = R^T diag(lam) R with R a product of the rotations (3/5, 4/5) in the
// planes (p, p + 1): a dense rational matrix whose eigenvalues are lam exactly.
Mat known_spectrum(const std::vector<Q>& lam) {
    const size_t n = lam.size();
    Mat R(n, n);
    for (size_t i = 0; i < n; ++i) R(i, i) = 1;
    for (int twist = 0; twist < 2; ++twist)
        for (size_t p = 0; p + 1 < n; ++p) {
            Mat S = R;
            for (size_t j = 0; j < n; ++j) {
                S(p, j) = Q(3, 5) * R(p, j) - Q(4, 5) * R(p + 1, j);
                S(p + 1, j) = Q(4, 5) * R(p, j) + Q(3, 5) * R(p + 1, j);
            }
            R = S;
        }
    Mat G(n, n);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) {
            Q s = 0;
            for (size_t k = 0; k < n; ++k) s += R(k, i) * lam[k] * R(k, j);
            G(i, j) = s;
        }
    return G;
}

}  // namespace

TEST_CASE("lambda_max_tight: the residual upper end (branch check17) contains the exact lambda_max, narrowly",
          "[checker][residual]") {
    std::mt19937 rng(1717);
    std::uniform_int_distribution<long> num(-3000, 3000);
    for (size_t n : {2u, 3u, 8u, 16u}) {
        for (int kind = 0; kind < 3; ++kind) {
            std::vector<Q> lam(n);
            for (Q& x : lam) { x = Q(num(rng), 1000); x.canonicalize(); }
            Q top = lam[0];
            for (const Q& x : lam) if (x > top) top = x;
            if (kind == 1 && n > 1) lam[1] = top - chk::pow2(-30);            // a cluster at the top
            if (kind == 2) for (Q& x : lam) x = abs(x) * Q(1, 7) + Q(1, 3);  // a positive Gram-like spectrum
            top = lam[0];
            for (const Q& x : lam) if (x > top) top = x;
            const Mat G = known_spectrum(lam);
            for (long bits : {24L, 40L, 64L, 100L}) {
                const chk::I e = chk::lambda_max_tight(G, bits);
                REQUIRE(e.lo <= top);
                REQUIRE(top <= e.hi);
                REQUIRE(e.hi - e.lo <= (abs(top) + 1) * chk::pow2(-bits + 8));
            }
        }
    }
}

TEST_CASE("residual bound with the fixed-point factor at N = 144 (branch check18: dot products of up to 143 terms): "
          "t + ||E||_inf of its own factor, exactly as an integer oracle recomputes it",
          "[checker][residual][hessian]") {
    std::mt19937 rng(18);
    const Mat A = random_mat(rng, 9, 9, 10), X = random_mat(rng, 9, 8, 100), Y = random_mat(rng, 9, 8, 7);
    const chk::ZMat Hz = chk::hessian_z(A, X, Y);
    const Mat H = chk::to_mat(Hz);
    const size_t N = H.r;
    REQUIRE(N == 144);
    for (int shift = 0; shift < 2; ++shift) {
        const Q t = chk::gershgorin(Hz) + (shift ? Q(1, 1000000) : Q(1, 3));
        std::vector<long long> g;
        long twop = 0;
        const std::optional<Q> b = chk::residual_bound_fixed(Hz, t, &g, &twop);
        REQUIRE(b.has_value());
        REQUIRE(g.size() == N * N);
        // (g g^T)_ij in mpz (the oracle), then E = t I - H - g g^T 2^-2p in mpq, its worst row sum.
        const Q scale = chk::pow2(-twop);
        Q worst = 0;
        std::vector<Q> rows(N, Q(0));
        for (size_t i = 0; i < N; ++i)
            for (size_t j = 0; j <= i; ++j) {
                Z llt = 0;
                for (size_t k = 0; k <= j; ++k)
                    if (g[i * N + k] && g[j * N + k]) llt += Z(static_cast<long>(g[i * N + k])) * Z(static_cast<long>(g[j * N + k]));
                const Q e = abs((i == j ? t : Q(0)) - H(i, j) - Q(llt) * scale);
                rows[i] += e;
                if (j != i) rows[j] += e;
            }
        for (const Q& r : rows) if (r > worst) worst = r;
        REQUIRE(*b >= chk::round_bits(t + worst, 64, +1));
        REQUIRE(*b <= chk::round_bits(t + worst + Q(static_cast<long>(N)) * scale, 64, +1));
    }
}
