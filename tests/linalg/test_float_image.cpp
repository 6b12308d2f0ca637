// Double images of matrices (linalg/float_image.hpp; docs/math.md 7.1a,
// Lemmas F1' and F4) against exact rationals: every double of an image is
// converted exactly (its integer significand and exponent, by this file's own
// frexp loop), and ||M 2^-e - P||_F^2 <= dist^2 is decided in rationals.
//   - point images (Lemma F1'): random Reals at 64..256 bits, entries flushed
//     to 0 (2^-600 next to 1), and the tight case x = 1 + 2^-53, whose
//     rounding error 2^-54 (after the scaling by 2^-1) is exactly u |p|: the
//     bound must be attained up to 2^-40;
//   - residual images (Lemma F4): R = A - X Y^T exact, A thin or a box (the
//     exact A and its box corners), X Y^T dominating or A dominating, and
//     the tight case 0.5 + 2^-54, a tie that rounds to 0.5 (error u |Q|);
//   - the spectral bound on a residual image (Lemma F3 on it) contains
//     sigma_1(R) exactly and is within 2^-30 of it.
#include "support/exact_oracles.hpp"

#include "lrcert/linalg/float_image.hpp"
#include "lrcert/linalg/spectral.hpp"
#include "lrcert/number/precision.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <optional>

using namespace lrcert;
using lrcert_test::Q;
using lrcert_test::Rng;

namespace {

Q pow2(long k) { return k >= 0 ? Q(Integer(1) << k) : Q(Integer(1), Integer(1) << -k); }

// The exact value of a finite double (its 53-bit significand times a power of two).
Q exact(double x) {
    if (x == 0) return Q(0);
    int ex = 0;
    const double f = std::frexp(x, &ex);  // x = f 2^ex, 1/2 <= |f| < 1
    const double scaled = std::ldexp(f, 53);  // an integer, exactly
    return Q(Integer(static_cast<long long>(scaled))) * pow2(ex - 53);
}

Real real_of(const Q& q) {
    Real r = rational_down(q);
    REQUIRE(to_rational(r) == q);  // q must be representable at the scope's precision
    return r;
}

// ||M 2^-e - P||_F^2 (exact).
Q distance_sq(const Matrix<Q>& M, const DoubleImage& im) {
    REQUIRE(M.rows() == im.rows);
    REQUIRE(M.cols() == im.cols);
    Q s = 0;
    for (size_t k = 0; k < M.size(); ++k) {
        const Q d = M[k] * pow2(-im.e) - exact(im.P[k]);
        s += d * d;
    }
    return s;
}

Q dist_sq(const DoubleImage& im) { return exact(im.dist) * exact(im.dist); }

Matrix<Q> random_dyadic(Rng& rng, size_t r, size_t c, long num, unsigned shift) {
    Matrix<Q> M(r, c);
    for (size_t k = 0; k < M.size(); ++k) M[k] = rng.dyadic(num, shift);
    return M;
}

Matrix<Real> reals(const Matrix<Q>& M) { return Matrix<Real>::from(M, [](const Q& q) { return real_of(q); }); }

// R = A - X Y^T exactly.
Matrix<Q> residual_exact(const Matrix<Q>& A, const Matrix<Q>& X, const Matrix<Q>& Y) {
    Matrix<Q> R = A;
    for (size_t i = 0; i < A.rows(); ++i)
        for (size_t j = 0; j < A.cols(); ++j)
            for (size_t t = 0; t < X.cols(); ++t) R(i, j) -= X(i, t) * Y(j, t);
    return R;
}

}  // namespace

TEST_CASE("point images contain the matrix (Lemma F1')", "[float_image]") {
    Rng rng(1601);
    int cases = 0, inexact = 0;
    for (unsigned bits : {64u, 128u, 256u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 80; ++rep) {
            const size_t r = static_cast<size_t>(rng.integer(1, 6)), c = static_cast<size_t>(rng.integer(1, 6));
            // Significands of up to 60 bits: most do not fit in a double.
            Matrix<Q> M(r, c);
            for (size_t k = 0; k < M.size(); ++k) {
                Integer z = rng.with_bits(static_cast<unsigned>(rng.integer(1, 60)));
                M[k] = Q(rng.coin() ? z : Integer(-z)) * pow2(rng.integer(-80, 40));
                if (rep % 7 == 3 && k % 3 == 0) M[k] = 0;
            }
            const std::optional<DoubleImage> im = double_image(reals(M));
            REQUIRE(im);
            INFO(bits << " bits, case " << rep);
            const Q d2 = distance_sq(M, *im);
            REQUIRE(d2 <= dist_sq(*im));
            for (double p : im->P) REQUIRE((p == 0 || std::fabs(p) >= kFlushBelow));
            if (d2 > 0) ++inexact;
            ++cases;
        }
    }
    CHECK(inexact > cases / 2);  // the roundings are really exercised
}

TEST_CASE("point images: flushed entries and the tight case", "[float_image]") {
    PrecisionScope scope(128);
    SECTION("2^-600 next to 1 becomes 0, and is counted") {
        Matrix<Q> M(1, 3);
        M[0] = 1;
        M[1] = pow2(-600) * 3;
        M[2] = -pow2(-700);
        const std::optional<DoubleImage> im = double_image(reals(M));
        REQUIRE(im);
        CHECK(im->P[1] == 0);
        CHECK(im->P[2] == 0);
        REQUIRE(distance_sq(M, *im) <= dist_sq(*im));
        REQUIRE(distance_sq(M, *im) > 0);
    }
    SECTION("x = 1 + 2^-53: the error u |p| is attained") {
        Matrix<Q> M(1, 1);
        M[0] = 1 + pow2(-53);
        const std::optional<DoubleImage> im = double_image(reals(M));
        REQUIRE(im);
        REQUIRE(im->e == 1);
        REQUIRE(exact(im->P[0]) == Q(1, 2));  // a tie, to even
        const Q err = distance_sq(M, *im);
        REQUIRE(err == pow2(-108));  // (2^-54)^2
        REQUIRE(err <= dist_sq(*im));
        REQUIRE(dist_sq(*im) <= err * (1 + pow2(-40)));
    }
    SECTION("the zero matrix has an exact image") {
        const std::optional<DoubleImage> im = double_image(reals(Matrix<Q>(2, 3)));
        REQUIRE(im);
        CHECK(im->dist == 0);
    }
}

TEST_CASE("residual images contain A - X Y^T (Lemma F4)", "[float_image]") {
    Rng rng(1602);
    int cases = 0, tight = 0;
    for (unsigned bits : {64u, 128u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 80; ++rep) {
            const size_t n = static_cast<size_t>(rng.integer(1, 5)), m = static_cast<size_t>(rng.integer(1, 5)),
                         d = static_cast<size_t>(rng.integer(1, 5));
            // Scales: A dominating, X Y^T dominating, or both of size 1.
            const unsigned mode = static_cast<unsigned>(rep % 3);
            const Matrix<Q> X = random_dyadic(rng, n, d, 1000, mode == 0 ? 40 : 12);
            const Matrix<Q> Y = random_dyadic(rng, m, d, 1000, mode == 0 ? 40 : 12);
            Matrix<Q> A(n, m);
            for (size_t k = 0; k < A.size(); ++k) A[k] = rng.rational(mode == 1 ? 3 : 3000, 7);
            // A enclosed at working precision (a box), or widened on purpose.
            Matrix<Interval> Ai = convert_matrix<Interval>(A);
            if (rep % 4 == 1)
                for (size_t k = 0; k < Ai.size(); ++k)
                    Ai[k] = make_interval(rational_down(A[k] - pow2(-20)), rational_up(A[k] + pow2(-20)));
            const std::optional<DoubleImage> ia = double_image(Ai), ix = double_image(reals(X)),
                                             iy = double_image(reals(Y));
            REQUIRE(ia);
            REQUIRE(ix);
            REQUIRE(iy);
            const std::optional<DoubleImage> ir = residual_image(*ia, *ix, *iy);
            REQUIRE(ir);
            INFO(bits << " bits, case " << rep << ": " << n << "x" << m << ", d = " << d << ", mode " << mode);
            // Every A' in the box: the exact A and the box's corners (lower and upper ends).
            Matrix<Q> lower(n, m), upper(n, m);
            for (size_t k = 0; k < A.size(); ++k) {
                lower[k] = to_rational(lo(Ai[k]));
                upper[k] = to_rational(hi(Ai[k]));
            }
            for (const Matrix<Q>* Ap : {&A, &lower, &upper})
                REQUIRE(distance_sq(residual_exact(*Ap, X, Y), *ir) <= dist_sq(*ir));
            // The spectral bound on the image holds for the exact R and is tight.
            const Matrix<Q> R = residual_exact(A, X, Y);
            if (const std::optional<UpperBound> up = float_spectral_norm_up(*ir)) {
                REQUIRE(lrcert_test::sigma_max_at_most(R, to_rational(*up)));
                if (rep % 4 != 1 && *up > 0) {
                    REQUIRE(lrcert_test::sigma_max_at_least(R, to_rational(*up) * (1 - pow2(-30))));
                    ++tight;
                }
            }
            ++cases;
        }
    }
    CHECK(tight > cases / 2);
}

TEST_CASE("residual images: the tight case and the refusals", "[float_image]") {
    PrecisionScope scope(128);
    SECTION("0.5 + 2^-54 rounds to 0.5: the error u |Q| is attained") {
        // A = 1 + 2^-52 (e_A = 1), X = 2^-27, Y = 2^-26: Q = RN(1/2 + 2^-53 - 2^-54).
        Matrix<Q> A(1, 1), X(1, 1), Y(1, 1);
        A[0] = 1 + pow2(-52);
        X[0] = pow2(-27);
        Y[0] = pow2(-26);
        const std::optional<DoubleImage> ir = residual_image(*double_image(convert_matrix<Interval>(A)),
                                                             *double_image(reals(X)), *double_image(reals(Y)));
        REQUIRE(ir);
        REQUIRE(ir->e == 1);
        REQUIRE(exact(ir->P[0]) == Q(1, 2));
        const Q err = distance_sq(residual_exact(A, X, Y), *ir);
        REQUIRE(err == pow2(-108));
        REQUIRE(err <= dist_sq(*ir));
        REQUIRE(dist_sq(*ir) <= err * (1 + pow2(-40)));
    }
    SECTION("a product scale beyond double's range is refused") {
        Matrix<Q> A(1, 1), X(1, 1), Y(1, 1);
        A[0] = pow2(600);
        X[0] = pow2(-600);
        Y[0] = pow2(-600);
        const std::optional<DoubleImage> ir = residual_image(*double_image(convert_matrix<Interval>(A)),
                                                             *double_image(reals(X)), *double_image(reals(Y)));
        CHECK_FALSE(ir);
    }
}
