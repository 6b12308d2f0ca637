// Certified singular-value bounds (linalg/spectral.hpp): spectral_norm,
// spectral_norm_up and smallest_singular_down, against exact rational oracles
// (tests/support/exact_oracles.hpp), with no floating point in the decision:
//   sigma_1(M) <= u        iff  u^2 I - M M^T is positive semidefinite;
//   l <= sigma_1(M)        iff  l <= 0 or l^2 I - M M^T is not positive definite;
//   s <= sigma_r(M)        iff  s <= 0 or M M^T - s^2 I is PSD (r = rows <= cols);
// each decided by exact elimination (Sylvester / LDL^T) on rationals, with the
// bound converted exactly to a rational.
// The bounds must hold for every matrix in the interval box, so they are
// checked at exact members: for thin boxes the one member (dyadic entries;
// also non-dyadic rationals, whose enclosures are one ulp wide), for boxes
// with width their corners, random corners and random inner points.
// Closed forms with tight expectations: diagonal matrices (sigma = |d_i|),
// rank-1 matrices u v^T with |u|, |v| rational (sigma_1 = |u| |v|, sigma_r = 0),
// U diag(s) V^T with rational orthogonal U, V (2x2 and 2x3); rank-deficient
// matrices and boxes containing a singular member, where the contract
// (a lower bound, 0 when positivity cannot be proven) forces exactly 0; more
// rows than columns (0 by contract); and the wide boxes [-1, 1]^(r x c), whose
// largest member norm sqrt(r c) (the all-ones matrix) equals the box's
// Frobenius bound: the upper end must be that, up to rounding.
#include "support/exact_oracles.hpp"

#include "lrcert/linalg/spectral.hpp"

#include <catch2/catch.hpp>

#include <iostream>
#include <type_traits>
#include <vector>

using namespace lrcert;

// The one-sided results are typed (number/bound.hpp): an upper bound of the
// norm and a lower bound of sigma_min, which do not convert into each other.
static_assert(std::is_same_v<decltype(spectral_norm_up(std::declval<const Matrix<Interval>&>())), UpperBound>);
static_assert(std::is_same_v<decltype(smallest_singular_down(std::declval<const Matrix<Interval>&>())), LowerBound>);
using lrcert_test::Q;
using lrcert_test::mul;
using lrcert_test::Rng;
using lrcert_test::sigma_max_at_least;
using lrcert_test::sigma_max_at_most;
using lrcert_test::sigma_min_at_least;
using lrcert_test::transposed;

namespace {

Matrix<Interval> enclose_matrix(const Matrix<Q>& M) { return convert_matrix<Interval>(M); }

// The box [c - w, c + w] entrywise, endpoints rounded outward.
Matrix<Interval> box(const Matrix<Q>& c, const Q& w) {
    Matrix<Interval> B(c.rows(), c.cols());
    for (size_t k = 0; k < c.size(); ++k) B[k] = make_interval(rational_down(c[k] - w), rational_up(c[k] + w));
    return B;
}

// Exact members of a box: the lower corner, the upper corner, `corners`
// random corners and `inner` random inner points.
std::vector<Matrix<Q>> members(Rng& rng, const Matrix<Interval>& B, int corners, int inner) {
    std::vector<Matrix<Q>> out;
    auto make = [&](auto pick) {
        Matrix<Q> M(B.rows(), B.cols());
        for (size_t k = 0; k < B.size(); ++k) M[k] = pick(to_rational(lo(B[k])), to_rational(hi(B[k])));
        out.push_back(M);
    };
    make([](const Q& l, const Q&) { return l; });
    make([](const Q&, const Q& u) { return u; });
    for (int c = 0; c < corners; ++c) make([&](const Q& l, const Q& u) { return rng.coin() ? l : u; });
    for (int c = 0; c < inner; ++c)
        make([&](const Q& l, const Q& u) { return l + (u - l) * Q(rng.integer(0, 1 << 20), 1 << 20); });
    return out;
}

struct Bounds {
    Q lo, hi;     // spectral_norm
    Q up;         // spectral_norm_up
    Q smallest;   // smallest_singular_down
};

Bounds bounds_of(const Matrix<Interval>& B) {
    Interval s = spectral_norm(B);
    return {to_rational(lo(s)), to_rational(hi(s)), to_rational(spectral_norm_up(B)),
            to_rational(smallest_singular_down(B))};
}

// Every claim of `b` at the exact member M.
void check_member(const Bounds& b, const Matrix<Q>& M) {
    REQUIRE(b.lo >= 0);
    REQUIRE(b.lo <= b.hi);
    REQUIRE(b.up == b.hi);
    REQUIRE(sigma_max_at_most(M, b.hi));
    REQUIRE(sigma_max_at_least(M, b.lo));
    if (M.rows() <= M.cols()) {
        REQUIRE(b.smallest >= 0);
        REQUIRE(sigma_min_at_least(M, b.smallest));
    } else {
        REQUIRE(b.smallest == 0);  // the contract for rows > cols
    }
}

Matrix<Q> dyadic_matrix(Rng& rng, size_t r, size_t c) {
    Matrix<Q> M(r, c);
    for (size_t k = 0; k < M.size(); ++k) M[k] = rng.dyadic(1000, 8);
    return M;
}

Matrix<Q> rational_matrix(Rng& rng, size_t r, size_t c) {
    Matrix<Q> M(r, c);
    for (size_t k = 0; k < M.size(); ++k) M[k] = rng.rational(50, 17);
    return M;
}

Q pow2(int k) { return k >= 0 ? Q(Integer(1) << k) : Q(Integer(1), Integer(1) << -k); }

// 2x2 rotation with cosine c and sine s (c^2 + s^2 = 1, rational).
Matrix<Q> rotation(const Q& c, const Q& s) {
    Matrix<Q> R(2, 2);
    R(0, 0) = c;
    R(0, 1) = -s;
    R(1, 0) = s;
    R(1, 1) = c;
    return R;
}

// [lo, hi] contains the exact value v and is at most rel * v wide.
void require_tight(const Q& l, const Q& h, const Q& v, int rel_bits) {
    REQUIRE(l <= v);
    REQUIRE(v <= h);
    REQUIRE(h - l <= v * pow2(-rel_bits));
}

}  // namespace

TEST_CASE("the exact singular-value oracle decides known cases", "[spectral][oracle]") {
    // diag(3, -5): sigma_1 = 5, sigma_2 = 3.
    Matrix<Q> D(2, 2);
    D(0, 0) = 3;
    D(1, 1) = -5;
    REQUIRE(sigma_max_at_most(D, 5));
    REQUIRE_FALSE(sigma_max_at_most(D, 5 - Q(1, 1000000000)));
    REQUIRE(sigma_max_at_least(D, 5));
    REQUIRE_FALSE(sigma_max_at_least(D, 5 + Q(1, 1000000000)));
    REQUIRE(sigma_min_at_least(D, 3));
    REQUIRE_FALSE(sigma_min_at_least(D, 3 + Q(1, 1000000000)));
    // Rank 1: [[1, 2], [2, 4]] has sigma = 5, 0.
    Matrix<Q> R(2, 2);
    R(0, 0) = 1;
    R(0, 1) = R(1, 0) = 2;
    R(1, 1) = 4;
    REQUIRE(sigma_max_at_most(R, 5));
    REQUIRE(sigma_max_at_least(R, 5));
    REQUIRE_FALSE(sigma_max_at_most(R, 5 - Q(1, 1000000000)));
    REQUIRE(sigma_min_at_least(R, 0));
    REQUIRE_FALSE(sigma_min_at_least(R, Q(1, 1000000000)));
}

namespace {

// Determinant by Laplace expansion along the first row (small matrices only).
Q det(const Matrix<Q>& M) {
    const size_t N = M.rows();
    if (N == 0) return 1;
    Q s = 0;
    for (size_t j = 0; j < N; ++j) {
        if (M(0, j) == 0) continue;
        Matrix<Q> minor(N - 1, N - 1);
        for (size_t i = 1; i < N; ++i)
            for (size_t k = 0, c = 0; k < N; ++k)
                if (k != j) minor(i - 1, c++) = M(i, k);
        s += (j % 2 ? -1 : 1) * M(0, j) * det(minor);
    }
    return s;
}

// The principal submatrix on the index set `mask`.
Matrix<Q> principal(const Matrix<Q>& M, unsigned mask) {
    std::vector<size_t> idx;
    for (size_t i = 0; i < M.rows(); ++i)
        if (mask >> i & 1) idx.push_back(i);
    Matrix<Q> P(idx.size(), idx.size());
    for (size_t i = 0; i < idx.size(); ++i)
        for (size_t j = 0; j < idx.size(); ++j) P(i, j) = M(idx[i], idx[j]);
    return P;
}

}  // namespace

TEST_CASE("is_psd and is_pd agree with brute-force minor criteria", "[spectral][oracle]") {
    // PSD iff every principal minor is >= 0; PD iff every leading one is > 0.
    Rng rng(9);
    int psd = 0, not_psd = 0, singular_psd = 0;
    for (int rep = 0; rep < 400; ++rep) {
        const size_t N = static_cast<size_t>(rng.integer(1, 4));
        Matrix<Q> S(N, N);
        if (rep % 2 == 0) {
            // B B^T + t I with B of rank <= k: often PSD, often singular.
            const size_t k = static_cast<size_t>(rng.integer(1, 3));
            Matrix<Q> B(N, k);
            for (size_t i = 0; i < B.size(); ++i) B[i] = rng.rational(3, 2);
            S = lrcert_test::shifted(lrcert_test::gram_rows(B), Q(rng.integer(-1, 1), 4), 1);
        } else {
            for (size_t i = 0; i < N; ++i)
                for (size_t j = i; j < N; ++j) S(i, j) = S(j, i) = rng.rational(4, 3);
        }
        bool minors_nonneg = true, leading_pos = true;
        for (unsigned mask = 1; mask < (1u << N); ++mask) minors_nonneg &= det(principal(S, mask)) >= 0;
        for (size_t k = 1; k <= N; ++k) leading_pos &= det(principal(S, (1u << k) - 1)) > 0;
        INFO("case " << rep);
        REQUIRE(lrcert_test::is_psd(S) == minors_nonneg);
        REQUIRE(lrcert_test::is_pd(S) == leading_pos);
        (minors_nonneg ? psd : not_psd) += 1;
        if (minors_nonneg && !leading_pos) ++singular_psd;
    }
    CHECK(psd > 50);
    CHECK(not_psd > 50);
    CHECK(singular_psd > 20);  // the zero-pivot path is exercised
}

TEST_CASE("thin dyadic matrices: exact bounds, tight", "[spectral]") {
    Rng rng(1);
    int cases = 0, positive_smallest = 0;
    for (unsigned bits : {53u, 128u, 256u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 150; ++rep) {
            const size_t r = static_cast<size_t>(rng.integer(1, 4)), c = static_cast<size_t>(rng.integer(1, 4));
            const Matrix<Q> M = dyadic_matrix(rng, r, c);
            const Matrix<Interval> B = enclose_matrix(M);
            for (size_t k = 0; k < B.size(); ++k) REQUIRE(lo(B[k]) == hi(B[k]));  // really thin
            const Bounds b = bounds_of(B);
            INFO(bits << " bits, case " << rep << ": " << r << "x" << c);
            check_member(b, M);
            ++cases;
            // Tight: the far end of sigma_1 within 2^-(bits - 24) relative.
            if (b.hi > 0) {
                REQUIRE_FALSE(sigma_max_at_most(M, b.hi * (1 - pow2(-static_cast<int>(bits) + 24))));
                REQUIRE_FALSE(sigma_max_at_least(M, b.lo * (1 + pow2(-static_cast<int>(bits) + 24)) + pow2(-1000)));
            }
            if (b.smallest > 0) {
                ++positive_smallest;
                REQUIRE_FALSE(sigma_min_at_least(M, b.smallest * (1 + pow2(-static_cast<int>(bits) / 2))));
            }
        }
    }
    std::cout << "spectral, thin dyadic: " << cases << " matrices, " << positive_smallest
              << " with a positive smallest-singular-value bound\n";
    CHECK(positive_smallest > cases / 4);
}

TEST_CASE("thin non-dyadic rational matrices: bounds hold at the exact matrix", "[spectral]") {
    Rng rng(2);
    PrecisionScope scope(128);
    for (int rep = 0; rep < 200; ++rep) {
        const size_t r = static_cast<size_t>(rng.integer(1, 4)), c = static_cast<size_t>(rng.integer(1, 4));
        const Matrix<Q> M = rational_matrix(rng, r, c);
        const Bounds b = bounds_of(enclose_matrix(M));
        INFO("case " << rep << ": " << r << "x" << c);
        check_member(b, M);
        if (b.hi > 0) REQUIRE(b.hi - b.lo <= b.hi * pow2(-100));
    }
}

TEST_CASE("boxes with width: bounds hold at corners and inner points", "[spectral]") {
    Rng rng(3);
    PrecisionScope scope(128);
    static const Q widths[] = {Q(1, 1L << 40), Q(1, 1000), Q(1, 10), Q(1, 2), Q(2)};
    int cases = 0, points = 0;
    for (int rep = 0; rep < 200; ++rep) {
        const size_t r = static_cast<size_t>(rng.integer(1, 4)), c = static_cast<size_t>(rng.integer(1, 4));
        const Q w = widths[rng.integer(0, 4)];
        const Matrix<Interval> B = box(rational_matrix(rng, r, c), w);
        const Bounds b = bounds_of(B);
        ++cases;
        for (const Matrix<Q>& M : members(rng, B, 6, 4)) {
            INFO("case " << rep << ": " << r << "x" << c << ", width " << w);
            check_member(b, M);
            ++points;
        }
    }
    std::cout << "spectral, boxes: " << cases << " boxes, " << points << " exact members\n";
}

TEST_CASE("closed forms: diagonal, rank 1, U diag(s) V^T", "[spectral]") {
    PrecisionScope scope(128);
    SECTION("diagonal (square and rectangular)") {
        Rng rng(4);
        for (int rep = 0; rep < 50; ++rep) {
            const size_t k = static_cast<size_t>(rng.integer(1, 4)), extra = static_cast<size_t>(rng.integer(0, 2));
            Matrix<Q> D(k, k + extra);
            Q big = 0, small = -1;
            for (size_t i = 0; i < k; ++i) {
                Q v = 0;
                while (v == 0) v = rng.dyadic(1000, 6);
                D(i, i) = v;
                big = std::max<Q>(big, abs(v));
                small = small < 0 ? Q(abs(v)) : std::min<Q>(small, abs(v));
            }
            for (const Matrix<Q>& M : {D, transposed(D)}) {
                const Bounds b = bounds_of(enclose_matrix(M));
                check_member(b, M);
                require_tight(b.lo, b.hi, big, 100);
                if (M.rows() <= M.cols()) {
                    REQUIRE(b.smallest <= small);
                    REQUIRE(b.smallest >= small * (1 - pow2(-60)));
                }
            }
        }
    }
    SECTION("rank 1: u v^T with |u| = 3a, |v| = 7b") {
        // (1, 2, 2) has norm 3, (2, 3, 6) has norm 7, (3, 4) norm 5.
        const std::vector<std::vector<long>> us = {{1, 2, 2}, {3, 4}, {2, 3, 6}, {5}};
        const std::vector<long> norms = {3, 5, 7, 5};
        for (size_t iu = 0; iu < us.size(); ++iu)
            for (size_t iv = 0; iv < us.size(); ++iv)
                for (const Q& scale : {Q(1), Q(-5, 8), Q(1, 3), Q(1000, 7)}) {
                    Matrix<Q> M(us[iu].size(), us[iv].size());
                    for (size_t i = 0; i < M.rows(); ++i)
                        for (size_t j = 0; j < M.cols(); ++j) M(i, j) = scale * us[iu][i] * us[iv][j];
                    const Q sigma = abs(scale) * norms[iu] * norms[iv];
                    const Bounds b = bounds_of(enclose_matrix(M));
                    INFO(M.rows() << "x" << M.cols() << ", sigma " << sigma);
                    check_member(b, M);
                    require_tight(b.lo, b.hi, sigma, 100);
                    // Rank 1 with 2 or more rows (rows <= cols): sigma_r = 0 exactly, so
                    // any positive claim would be false; the contract returns 0.
                    if (M.rows() >= 2 && M.rows() <= M.cols()) REQUIRE(b.smallest == 0);
                    if (M.rows() == 1) {  // sigma_r = sigma_1
                        REQUIRE(b.smallest <= sigma);
                        REQUIRE(b.smallest >= sigma * (1 - pow2(-90)));
                    }
                }
    }
    SECTION("U diag(s1, s2) V^T with rational orthogonal U, V") {
        Rng rng(5);
        Matrix<Q> V3(3, 3);  // (1/3) [[1, 2, 2], [2, 1, -2], [2, -2, 1]]
        const long v3[3][3] = {{1, 2, 2}, {2, 1, -2}, {2, -2, 1}};
        for (size_t i = 0; i < 3; ++i)
            for (size_t j = 0; j < 3; ++j) V3(i, j) = Q(v3[i][j], 3);
        REQUIRE(lrcert_test::gram_rows(V3)(0, 0) == 1);
        for (int rep = 0; rep < 40; ++rep) {
            Q s1 = rng.rational(40, 9), s2 = rng.rational(40, 9);
            if (s1 == 0) s1 = 1;
            if (rep % 5 == 0) s2 = 0;  // rank deficient
            const Q big = std::max<Q>(abs(s1), abs(s2)), small = std::min<Q>(abs(s1), abs(s2));
            const Matrix<Q> U = rotation(Q(3, 5), Q(4, 5)), W = rotation(Q(5, 13), Q(12, 13));
            Matrix<Q> S(2, 2);
            S(0, 0) = s1;
            S(1, 1) = s2;
            const Matrix<Q> M2 = mul(mul(U, S), transposed(W));
            Matrix<Q> S3(2, 3);
            S3(0, 0) = s1;
            S3(1, 1) = s2;
            const Matrix<Q> M3 = mul(mul(U, S3), transposed(V3));
            for (const Matrix<Q>& M : {M2, M3, transposed(M3)}) {
                const Bounds b = bounds_of(enclose_matrix(M));
                INFO(M.rows() << "x" << M.cols() << ", s = " << s1 << ", " << s2);
                check_member(b, M);
                require_tight(b.lo, b.hi, big, 100);
                if (M.rows() <= M.cols()) {
                    REQUIRE(b.smallest <= small);
                    if (small == 0) {
                        REQUIRE(b.smallest == 0);
                    } else {
                        REQUIRE(b.smallest >= small * (1 - pow2(-40)));
                    }
                }
            }
        }
    }
}

TEST_CASE("rank deficiency and singular members force a zero smallest-singular bound", "[spectral]") {
    PrecisionScope scope(128);
    SECTION("zero and empty matrices") {
        const Matrix<Q> Z(2, 3);
        const Bounds b = bounds_of(enclose_matrix(Z));
        check_member(b, Z);
        REQUIRE(b.lo == 0);
        REQUIRE(b.smallest == 0);
        REQUIRE(b.hi <= pow2(-100));
        const Matrix<Interval> E(0, 0);
        REQUIRE(lo(spectral_norm(E)) == 0);
        REQUIRE(hi(spectral_norm(E)) == 0);
        REQUIRE(smallest_singular_down(E) == 0);
    }
    SECTION("a rank-deficient 3x3 (row 3 = row 1 + row 2)") {
        Matrix<Q> M(3, 3);
        const long rows[3][3] = {{1, 2, 3}, {-4, 5, 6}, {-3, 7, 9}};
        for (size_t i = 0; i < 3; ++i)
            for (size_t j = 0; j < 3; ++j) M(i, j) = Q(rows[i][j], 7);
        const Bounds b = bounds_of(enclose_matrix(M));
        check_member(b, M);
        REQUIRE(b.smallest == 0);
    }
    SECTION("nearly singular: a valid lower bound of a tiny sigma_2") {
        // [[1, 1], [1, 1 + t]]: sigma_2 ~ t / 2.
        Matrix<Q> M(2, 2);
        M(0, 0) = M(0, 1) = M(1, 0) = 1;
        M(1, 1) = 1 + pow2(-60);
        const Bounds b = bounds_of(enclose_matrix(M));
        check_member(b, M);  // sigma_2 ~ 2^-61: whatever is returned must not exceed it
        // With t = 2^-20, sigma_2^2 ~ 2^-42 is far above the rounding floor at
        // 128 bits: the bound is positive and within 2^-30 (relative).
        M(1, 1) = 1 + pow2(-20);
        const Bounds c = bounds_of(enclose_matrix(M));
        check_member(c, M);
        REQUIRE(c.smallest > 0);
        REQUIRE_FALSE(sigma_min_at_least(M, c.smallest * (1 + pow2(-30))));
    }
    SECTION("a box containing a singular member") {
        Rng rng(6);
        for (int rep = 0; rep < 30; ++rep) {
            // [[a, b], [c, d]] with the box of d containing b c / a.
            Matrix<Q> C(2, 2);
            for (size_t k = 0; k < 4; ++k) C[k] = rng.rational(9, 5);
            if (C(0, 0) == 0) C(0, 0) = 1;
            C(1, 1) = C(0, 1) * C(1, 0) / C(0, 0) + Q(rng.integer(-9, 9), 100);
            const Matrix<Interval> B = box(C, Q(1, 10));
            const Bounds b = bounds_of(B);
            REQUIRE(b.smallest == 0);
            for (const Matrix<Q>& M : members(rng, B, 4, 2)) check_member(b, M);
        }
    }
    SECTION("more rows than columns: 0 by contract") {
        Rng rng(7);
        for (int rep = 0; rep < 20; ++rep) {
            const size_t c = static_cast<size_t>(rng.integer(1, 3));
            const Matrix<Q> M = rational_matrix(rng, c + 1, c);
            REQUIRE(smallest_singular_down(enclose_matrix(M)) == 0);
        }
    }
}

TEST_CASE("wide boxes: the upper end is the attained Frobenius bound", "[spectral]") {
    PrecisionScope scope(128);
    Rng rng(8);
    for (size_t r = 1; r <= 4; ++r)
        for (size_t c = 1; c <= 4; ++c) {
            // Every entry in [-1, 1]: the all-ones member has sigma_1 = sqrt(r c),
            // the largest in the box, and ||.||_F of the box is sqrt(r c) too.
            Matrix<Interval> B(r, c);
            for (size_t k = 0; k < B.size(); ++k) B[k] = make_interval(Real(-1), Real(1));
            const Bounds b = bounds_of(B);
            REQUIRE(b.hi * b.hi >= Q(static_cast<long>(r * c)));
            REQUIRE(b.hi * b.hi <= Q(static_cast<long>(r * c)) * (1 + pow2(-100)));
            REQUIRE(b.smallest == 0);  // the box contains the zero matrix
            for (const Matrix<Q>& M : members(rng, B, 8, 4)) check_member(b, M);
        }
}
