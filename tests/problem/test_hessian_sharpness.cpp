// L0 = lambda_max of the Hessian by Lanczos and the float Cholesky test
// (problem/hessian_sharpness.hpp, docs/math.md 7.6a).
//
// Oracles, none of them the code under test:
//   - the exact rational Hessian (hessian_matrix<Rational>) times a vector,
//     for the structured product;
//   - closed forms: the scalar family's lambda_+ (d = 1) and max(lambda_+, |r|)
//     (d >= 2), docs/eigen.md section 1, evaluated here in 256-bit intervals;
//     a zero-residual point with diagonal factors, lambda_max = sigma_1(X)^2 +
//     sigma_1(Y)^2 (docs/math.md 7.2), exact;
//   - the exact inertia of hi I - H and lo I - H (Bareiss, tests/support) and
//     the dense interval method, on random instances;
//   - failure of the hypothesis: shifts below lambda_max (the float test must
//     fail, and the dense method takes over), data beyond the double range.
#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/problem/hessian.hpp"
#include "lrcert/problem/hessian_sharpness.hpp"

#include "support/exact_oracles.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace lrcert;
using lrcert_test::Rng;

namespace {

Matrix<Rational> random_matrix(Rng& rng, size_t r, size_t c) {
    Matrix<Rational> M(r, c);
    for (size_t k = 0; k < M.size(); ++k) M[k] = rng.rational(1000, 997);
    return M;
}

// lambda_max(H) in [lo, hi], exactly (Sylvester: hi I - H PSD, lo I - H not PD).
void require_exact_enclosure(const Matrix<Rational>& A, const Factors<Rational>& z, const Interval& v) {
    const Matrix<Rational> H = hessian_matrix(A, z);
    const Rational l = to_rational(lo(v)), h = to_rational(hi(v));
    REQUIRE(lrcert_test::is_psd(lrcert_test::shifted(H, h, Rational(-1))));
    REQUIRE_FALSE(lrcert_test::is_pd(lrcert_test::shifted(H, l, Rational(-1))));
}

double relative_width(const Interval& v) {
    return ((hi(v) - lo(v)) / abs(hi(v))).convert_to<double>();
}

}  // namespace

TEST_CASE("hessian_times is the exact Hessian applied to a vector", "[hessian_sharpness]") {
    Rng rng(15);
    for (int rep = 0; rep < 5; ++rep) {
        const size_t n = 2 + rep % 3, m = 1 + rep % 2, d = 1 + rep % 3;
        const Matrix<Rational> A = random_matrix(rng, n, m);
        const Factors<Rational> z{random_matrix(rng, n, d), random_matrix(rng, m, d)};
        const Factors<Rational> w{random_matrix(rng, n, d), random_matrix(rng, m, d)};
        const Matrix<Rational> H = hessian_matrix(A, z);
        const Factors<double> hw = hessian_times(convert_matrix<double>(residual(A, z)),
                                                 {convert_matrix<double>(z.X), convert_matrix<double>(z.Y)},
                                                 {convert_matrix<double>(w.X), convert_matrix<double>(w.Y)});
        const size_t N = (n + m) * d, off = n * d;
        for (size_t i = 0; i < N; ++i) {
            Rational e = 0;
            for (size_t j = 0; j < N; ++j) e += H(i, j) * (j < off ? w.X[j] : w.Y[j - off]);
            const double got = i < off ? hw.X[i] : hw.Y[i - off];
            REQUIRE(got == Approx(from_rational<double>(e)).epsilon(1e-12).margin(1e-12));
        }
    }
}

TEST_CASE("scalar family: L0 contains the closed form lambda_+ (d = 1) and max(lambda_+, |r|)",
          "[hessian_sharpness]") {
    Rng rng(7);
    for (int rep = 0; rep < 8; ++rep) {
        const size_t d = rep < 4 ? 1 : 2 + static_cast<size_t>(rep);
        Matrix<Rational> A(1, 1);
        A(0, 0) = rng.rational(3000, 1000);
        const Factors<Rational> z{random_matrix(rng, 1, d), random_matrix(rng, 1, d)};
        Rational S = 0, xy = 0;
        for (size_t a = 0; a < d; ++a) {
            S += z.X(0, a) * z.X(0, a) + z.Y(0, a) * z.Y(0, a);
            xy += z.X(0, a) * z.Y(0, a);
        }
        const Rational mu = A(0, 0), r = mu - xy;
        Interval ref;
        {
            PrecisionScope wide(256);
            const Interval Si = enclose(S), ri = enclose(r);
            ref = (Si + interval_sqrt(interval_sqr(Si) - enclose(8 * r * mu) + enclose(12 * r * r))) / make_interval(2L);
            if (d >= 2 && hi(ref) < hi(abs(ri))) ref = abs(ri);
        }
        PrecisionScope scope(128);
        const HessianSharpness L = hessian_lambda_max(A, z);
        INFO("rep " << rep << ": " << L.failure);
        REQUIRE(L.float_test);
        REQUIRE(L.certified);
        REQUIRE(lo(L.value) <= hi(ref));
        REQUIRE(hi(L.value) >= lo(ref));
        REQUIRE(relative_width(L.value) < 1e-12);
    }
}

TEST_CASE("zero residual with diagonal factors: L0 contains sigma_1(X)^2 + sigma_1(Y)^2, exactly",
          "[hessian_sharpness]") {
    for (size_t n : {size_t{3}, size_t{8}}) {
        const size_t m = n, d = n;
        Factors<Rational> z{Matrix<Rational>(n, d), Matrix<Rational>(m, d)};
        for (size_t i = 0; i < d; ++i) {
            z.X(i, i) = Rational(static_cast<long>(i) + 1, 4);      // sigma_1(X) = n / 4
            z.Y(i, i) = Rational(3 * static_cast<long>(d - i), 8);  // sigma_1(Y) = 3 n / 8
        }
        const Matrix<Rational> A = multiply_transposed(z.X, z.Y);  // R = 0
        const Rational exact = Rational(static_cast<long>(n * n), 16) + Rational(static_cast<long>(9 * n * n), 64);
        PrecisionScope scope(128);
        const HessianSharpness L = hessian_lambda_max(A, z);
        REQUIRE(L.float_test);
        REQUIRE(to_rational(lo(L.value)) <= exact);
        REQUIRE(to_rational(hi(L.value)) >= exact);
        REQUIRE(relative_width(L.value) < 1e-11);
    }
}

TEST_CASE("random instances: exact inertia, overlap with the dense interval method, tight",
          "[hessian_sharpness]") {
    Rng rng(2015);
    for (int rep = 0; rep < 6; ++rep) {
        const size_t n = 2 + rep % 4, m = 2 + (rep + 1) % 3, d = 1 + rep % 4;
        const Matrix<Rational> A = random_matrix(rng, n, m);
        const Factors<Rational> z{random_matrix(rng, n, d), random_matrix(rng, m, d)};
        PrecisionScope scope(128);
        const HessianSharpness L = hessian_lambda_max(A, z);
        const EigenEnclosure old = certified_lambda_max(
            hessian_matrix(convert_matrix<Interval>(A), Factors<Interval>{convert_matrix<Interval>(z.X),
                                                                           convert_matrix<Interval>(z.Y)}));
        INFO("rep " << rep << " (n, m, d) = (" << n << ", " << m << ", " << d << "): " << L.failure);
        REQUIRE(L.float_test);
        REQUIRE(old.certified);
        REQUIRE(lo(L.value) <= hi(old.value));
        REQUIRE(lo(old.value) <= hi(L.value));
        // Width about (N^2 + 8 N) 2^-53 relative; the lower end is as good as the dense method's.
        REQUIRE(relative_width(L.value) < 1e-11);
        REQUIRE(((lo(old.value) - lo(L.value)) / abs(lo(old.value))).convert_to<double>() < 1e-20);
        require_exact_enclosure(A, z, L.value);
    }
}

TEST_CASE("the float test fails below lambda_max and the dense method takes over", "[hessian_sharpness]") {
    Rng rng(99);
    const size_t n = 4, m = 3, d = 3;
    const Matrix<Rational> A = random_matrix(rng, n, m);
    const Factors<Rational> z{random_matrix(rng, n, d), random_matrix(rng, m, d)};
    PrecisionScope scope(128);
    SharpnessOptions below;
    below.relative_margin = -1e-6;  // t = theta - 1e-6 scale < lambda_max: no shift may pass
    const HessianSharpness L = hessian_lambda_max(A, z, below);
    REQUIRE_FALSE(L.float_test);
    REQUIRE(L.attempts == below.attempts);
    REQUIRE(L.failure.find("pivot") != std::string::npos);
    REQUIRE(L.certified);  // by the interval Cholesky
    require_exact_enclosure(A, z, L.value);

    below.fallback = false;
    const HessianSharpness crude = hessian_lambda_max(A, z, below);
    REQUIRE_FALSE(crude.certified);
    require_exact_enclosure(A, z, crude.value);
}

TEST_CASE("data beyond the double range: the dense interval method", "[hessian_sharpness]") {
    Matrix<Rational> A(2, 2);
    Factors<Rational> z{Matrix<Rational>(2, 1), Matrix<Rational>(2, 1)};
    Rational big = 1;
    for (int k = 0; k < 201; ++k) big *= 10;  // 1e201: X^T X = 1e402 is not a double
    z.X(0, 0) = big;
    z.X(1, 0) = 1;
    z.Y(0, 0) = 1;
    z.Y(1, 0) = 2;
    A(0, 0) = 3;
    PrecisionScope scope(128);
    const HessianSharpness L = hessian_lambda_max(A, z);
    REQUIRE_FALSE(L.float_test);
    REQUIRE(L.failure.find("double") != std::string::npos);
    // (The dense method's own double guesses overflow too: its far side is
    // then the Gershgorin / Frobenius bound, uncertified, still an enclosure.)
    require_exact_enclosure(A, z, L.value);
}
