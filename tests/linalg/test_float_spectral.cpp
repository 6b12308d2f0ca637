// The double path of the certified singular-value bounds (linalg/spectral.hpp:
// float_spectral_norm_up, float_smallest_singular_down and the *_cheap
// variants; docs/math.md 7.1a), against exact rational oracles
// (tests/support/exact_oracles.hpp: PSD decisions by exact elimination, no
// floating point):
//   sigma_1(M) <= u        iff  u^2 I - M M^T is positive semidefinite;
//   s <= sigma_r(M)        iff  s <= 0 or M M^T - s^2 I is PSD (r = rows <= cols).
// Randomized containment on thin matrices (dyadic, and non-dyadic rationals
// whose enclosures are one ulp wide) and on boxes (the width enters only
// through Lemma F1's distance, so the upper corner of [1, 1 + w] I fails
// without it); closed forms U diag(s) V^T with rational orthogonal U, V,
// where the bounds must also be tight (within 2^-30 of the exact value, so a
// bound that is merely "some upper bound" fails); entries far outside the
// double range (the power-of-two scaling) and entries flushed to zero;
// singular matrices, where no positive lower bound may come out.
#include "support/exact_oracles.hpp"

#include "lrcert/linalg/spectral.hpp"

#include <catch2/catch.hpp>

#include <iostream>
#include <optional>
#include <vector>

using namespace lrcert;
using lrcert_test::Q;
using lrcert_test::mul;
using lrcert_test::Rng;
using lrcert_test::sigma_max_at_least;
using lrcert_test::sigma_max_at_most;
using lrcert_test::sigma_min_at_least;
using lrcert_test::transposed;

namespace {

Matrix<Interval> enclose_matrix(const Matrix<Q>& M) { return convert_matrix<Interval>(M); }

Q pow2(int k) { return k >= 0 ? Q(Integer(1) << k) : Q(Integer(1), Integer(1) << -k); }

Matrix<Q> scaled(const Matrix<Q>& a, const Q& s) {
    Matrix<Q> r = a;
    for (size_t k = 0; k < r.size(); ++k) r[k] *= s;
    return r;
}

// A rational orthogonal n x n matrix: the Householder reflection I - 2 v v^T / v^T v.
Matrix<Q> householder(Rng& rng, size_t n) {
    std::vector<Q> v(n);
    Q vv = 0;
    while (vv == 0) {
        vv = 0;
        for (size_t i = 0; i < n; ++i) {
            v[i] = Q(rng.integer(-5, 5));
            vv += v[i] * v[i];
        }
    }
    Matrix<Q> H(n, n);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) H(i, j) = (i == j ? Q(1) : Q(0)) - 2 * v[i] * v[j] / vv;
    return H;
}

// Both double-path bounds hold at the exact member M (when they are given).
void check_member(const Matrix<Interval>& B, const Matrix<Q>& M) {
    const std::optional<UpperBound> up = float_spectral_norm_up(B);
    if (up) REQUIRE(sigma_max_at_most(M, to_rational(*up)));
    REQUIRE(sigma_max_at_most(M, to_rational(spectral_norm_up_cheap(B))));
    if (M.rows() <= M.cols()) {
        const std::optional<LowerBound> low = float_smallest_singular_down(B);
        if (low) REQUIRE(sigma_min_at_least(M, to_rational(*low)));
        REQUIRE(sigma_min_at_least(M, to_rational(smallest_singular_down_cheap(B))));
    }
}

}  // namespace

TEST_CASE("double spectral bounds contain the exact values: random thin matrices", "[spectral][float_spectral]") {
    Rng rng(71);
    int cases = 0, uppers = 0, lowers = 0;
    for (unsigned bits : {32u, 64u, 128u, 256u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 60; ++rep) {
            const size_t r = static_cast<size_t>(rng.integer(1, 6)), c = static_cast<size_t>(rng.integer(1, 6));
            Matrix<Q> M(r, c);
            for (size_t k = 0; k < M.size(); ++k) M[k] = rep % 2 ? rng.dyadic(1000, 8) : rng.rational(50, 17);
            const Matrix<Interval> B = enclose_matrix(M);
            INFO(bits << " bits, case " << rep << ": " << r << "x" << c);
            ++cases;
            check_member(B, M);
            const std::optional<UpperBound> up = float_spectral_norm_up(B);
            if (up) {
                ++uppers;
                // Tight: sigma_1 >= u (1 - 2^-30) (when M != 0).
                if (*up > 0) REQUIRE(sigma_max_at_least(M, to_rational(*up) * (1 - pow2(-30))));
            }
            if (r <= c) {
                if (const std::optional<LowerBound> low = float_smallest_singular_down(B); low && *low > 0) {
                    ++lowers;
                    // Tight up to the shift, 2^-24 of lambda_max at most: here sigma_r is
                    // not tiny against sigma_1 for most cases, so test against 2^-10.
                    REQUIRE_FALSE(sigma_min_at_least(M, to_rational(*low) * (1 + pow2(-10)) + pow2(-40)));
                }
            }
        }
    }
    std::cout << "float spectral, thin: " << cases << " matrices, " << uppers << " upper bounds, " << lowers
              << " positive lower bounds by the double path\n";
    CHECK(uppers == cases);  // the double path must not fail on these (else it is never used)
    CHECK(lowers > cases / 4);
}

TEST_CASE("double spectral bounds hold on boxes (Lemma F1's distance)", "[spectral][float_spectral]") {
    PrecisionScope scope(128);
    SECTION("[1, 1 + w] I: the upper corner has norm 1 + w") {
        for (int w_bits : {10, 20, 30, 45}) {
            for (size_t n : {size_t{1}, size_t{3}, size_t{5}}) {
                Matrix<Interval> B(n, n);
                Matrix<Q> upper(n, n), lower(n, n);
                for (size_t i = 0; i < n; ++i) {
                    B(i, i) = make_interval(rational_down(Q(1)), rational_up(1 + pow2(-w_bits)));
                    upper(i, i) = 1 + pow2(-w_bits);
                    lower(i, i) = 1;
                }
                INFO("w = 2^-" << w_bits << ", n = " << n);
                REQUIRE(float_spectral_norm_up(B));
                check_member(B, upper);
                check_member(B, lower);
            }
        }
    }
    SECTION("random boxes, corners and inner points") {
        Rng rng(72);
        const Q widths[] = {Q(0), pow2(-50), pow2(-20), Q(1, 1000), Q(1, 10)};
        int points = 0;
        for (int rep = 0; rep < 60; ++rep) {
            const size_t r = static_cast<size_t>(rng.integer(1, 5)), c = static_cast<size_t>(rng.integer(1, 5));
            const Q w = widths[rng.integer(0, 4)];
            Matrix<Q> C(r, c);
            for (size_t k = 0; k < C.size(); ++k) C[k] = rng.rational(50, 17);
            Matrix<Interval> B(r, c);
            for (size_t k = 0; k < C.size(); ++k)
                B[k] = make_interval(rational_down(C[k] - w), rational_up(C[k] + w));
            INFO("case " << rep << ": " << r << "x" << c << ", width " << w);
            for (int m = 0; m < 8; ++m) {
                Matrix<Q> M(r, c);
                for (size_t k = 0; k < M.size(); ++k) {
                    const Q l = to_rational(lo(B[k])), u = to_rational(hi(B[k]));
                    M[k] = m < 6 ? (rng.coin() ? l : u) : l + (u - l) * Q(rng.integer(0, 1 << 20), 1 << 20);
                }
                check_member(B, M);
                ++points;
            }
        }
        std::cout << "float spectral, boxes: " << points << " exact members\n";
    }
}

TEST_CASE("double spectral bounds are tight on U diag(s) V^T", "[spectral][float_spectral]") {
    Rng rng(73);
    for (unsigned bits : {64u, 192u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 30; ++rep) {
            const size_t r = static_cast<size_t>(rng.integer(1, 6)), c = static_cast<size_t>(rng.integer(r, 7));
            const size_t k = std::min(r, c);
            Matrix<Q> S(r, c);
            Q big = 0, small = -1;
            for (size_t i = 0; i < k; ++i) {
                Q s = 0;
                while (s == 0) s = rng.rational(40, 9);
                // A few ill-conditioned cases: the lower bound must stay sound.
                if (rep % 7 == 0 && i == k - 1) s *= pow2(-18);
                S(i, i) = s;
                big = std::max<Q>(big, abs(s));
                small = small < 0 ? Q(abs(s)) : std::min<Q>(small, abs(s));
            }
            const Matrix<Q> M = mul(mul(householder(rng, r), S), householder(rng, c));
            const Matrix<Interval> B = enclose_matrix(M);
            INFO(bits << " bits, case " << rep << ": " << r << "x" << c << ", sigma in [" << small << ", " << big
                      << "]");
            check_member(B, M);
            check_member(enclose_matrix(transposed(M)), transposed(M));  // the other Gram side
            const std::optional<UpperBound> up = float_spectral_norm_up(B);
            REQUIRE(up);
            REQUIRE(to_rational(*up) >= big);
            REQUIRE(to_rational(*float_spectral_norm_up(enclose_matrix(transposed(M)))) <= big * (1 + pow2(-30)));
            REQUIRE(to_rational(*up) <= big * (1 + pow2(-30)));
            const std::optional<LowerBound> low = float_smallest_singular_down(B);
            if (small * small >= big * big * pow2(-20)) {
                // lambda_min / lambda_max >= 2^-20: the shifts 2^-40 .. 2^-24 leave it positive.
                REQUIRE(low);
                REQUIRE(to_rational(*low) <= small);
                REQUIRE(to_rational(*low) >= small - big * pow2(-16));
            }
        }
    }
}

TEST_CASE("double spectral bounds: scaling beyond the double range, flushed entries, singular matrices",
          "[spectral][float_spectral]") {
    PrecisionScope scope(128);
    Rng rng(74);
    SECTION("entries of size 2^-3000 and 2^3000") {
        for (int shift : {-3000, -1100, 1100, 3000}) {
            Matrix<Q> M(3, 4);
            for (size_t k = 0; k < M.size(); ++k) M[k] = rng.rational(30, 7);
            M(0, 0) = 5;
            const Matrix<Q> Ms = scaled(M, pow2(shift));
            const Matrix<Interval> B = enclose_matrix(Ms);
            INFO("scale 2^" << shift);
            REQUIRE(float_spectral_norm_up(B));
            check_member(B, Ms);
            // The same bound as for M, scaled (the image is the same doubles).
            REQUIRE(to_rational(*float_spectral_norm_up(B)) <=
                    to_rational(*float_spectral_norm_up(enclose_matrix(M))) * pow2(shift) * (1 + pow2(-30)));
        }
    }
    SECTION("entries 2^-600 below the largest are flushed to zero and counted in the distance") {
        Matrix<Q> M(2, 3);
        M(0, 0) = 1;
        M(1, 1) = pow2(-600);
        M(1, 2) = pow2(-700) * 3;
        M(0, 2) = Q(1, 3);
        const Matrix<Interval> B = enclose_matrix(M);
        REQUIRE(float_spectral_norm_up(B));
        check_member(B, M);
        // sigma_2 is about 2^-600 and cannot be proven by the double path.
        const std::optional<LowerBound> low = float_smallest_singular_down(B);
        REQUIRE((!low || to_rational(*low) <= pow2(-599)));
    }
    SECTION("singular matrices give no positive lower bound") {
        for (int rep = 0; rep < 30; ++rep) {
            const size_t r = static_cast<size_t>(rng.integer(2, 5)), c = static_cast<size_t>(rng.integer(r, 6));
            Matrix<Q> M(r, c);
            for (size_t k = 0; k < M.size(); ++k) M[k] = rng.rational(20, 9);
            // Row r-1 = row 0 + row 1 / 3 (when r > 2) or a copy of row 0: rank < r.
            for (size_t j = 0; j < c; ++j) M(r - 1, j) = r > 2 ? M(0, j) + M(1, j) / 3 : M(0, j);
            const Matrix<Interval> B = enclose_matrix(M);
            const std::optional<LowerBound> low = float_smallest_singular_down(B);
            INFO("case " << rep);
            REQUIRE((!low || !(*low > 0)));
            REQUIRE(!(smallest_singular_down_cheap(B) > 0));
            check_member(B, M);
        }
    }
    SECTION("zero and empty matrices") {
        const Matrix<Interval> Z = enclose_matrix(Matrix<Q>(3, 2));
        REQUIRE(float_spectral_norm_up(Z));
        REQUIRE(*float_spectral_norm_up(Z) == 0);
        REQUIRE(spectral_norm_up_cheap(Matrix<Interval>(0, 0)) == 0);
    }
}

TEST_CASE("double spectral bounds on 16 x 16 and 24 x 12 random matrices", "[spectral][float_spectral]") {
    PrecisionScope scope(192);
    Rng rng(75);
    for (auto [r, c] : {std::pair<size_t, size_t>{16, 16}, {24, 12}, {12, 24}}) {
        Matrix<Q> M(r, c);
        for (size_t k = 0; k < M.size(); ++k) M[k] = Q(rng.integer(-10, 10), 10);
        const Matrix<Interval> B = enclose_matrix(M);
        INFO(r << "x" << c);
        const std::optional<UpperBound> up = float_spectral_norm_up(B);
        REQUIRE(up);
        check_member(B, M);
        REQUIRE(sigma_max_at_least(M, to_rational(*up) * (1 - pow2(-30))));
        // The interval method agrees to 2^-30.
        REQUIRE(to_rational(spectral_norm_up(B)) <= to_rational(*up));
        REQUIRE(to_rational(*up) <= to_rational(spectral_norm_up(B)) * (1 + pow2(-30)));
    }
}
