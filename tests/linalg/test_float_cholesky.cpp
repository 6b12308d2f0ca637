// The float Cholesky test with Rump's a-priori bound (linalg/float_cholesky.hpp,
// docs/math.md 7.6a) and the Lanczos estimate (linalg/lanczos.hpp).
//
// Oracles: the tridiagonal Toeplitz matrix tridiag(-1, 2, -1) + s I, whose
// eigenvalues s + 2 - 2 cos(k pi / (N + 1)) are known in closed form (entries
// exact in double); the backward factor k u / (1 - 2 k u) in exact rationals.
// A case where the hypothesis fails: an indefinite matrix, with lambda_min far
// below -backward, must never pass (a pass would contradict the theorem);
// an underflowing factorization is refused.
#include "lrcert/linalg/float_cholesky.hpp"
#include "lrcert/linalg/lanczos.hpp"
#include "lrcert/number/interval.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace lrcert;

namespace {

std::vector<double> toeplitz(size_t N, double s) {
    std::vector<double> M(N * N, 0.0);
    for (size_t i = 0; i < N; ++i) {
        M[i * N + i] = 2 + s;
        if (i > 0) M[i * N + i - 1] = M[(i - 1) * N + i] = -1;
    }
    return M;
}

double toeplitz_min(size_t N) { return 2 - 2 * std::cos(M_PI / static_cast<double>(N + 1)); }

}  // namespace

TEST_CASE("backward factor k u / (1 - 2 k u) is an upper bound, tight", "[float_cholesky]") {
    PrecisionScope scope(128);
    for (size_t k : {size_t{1}, size_t{17}, size_t{513}, size_t{2049}, size_t{1} << 19}) {
        const Rational u = Rational(1) / (Integer(1) << 53);
        const Rational exact = Rational(static_cast<long>(k)) * u / (1 - 2 * Rational(static_cast<long>(k)) * u);
        const Rational got = to_rational(cholesky_backward_factor(k));
        REQUIRE(got >= exact);
        REQUIRE(got <= exact * (1 + Rational(1) / (Integer(1) << 100)));
    }
}

TEST_CASE("float Cholesky test: positive definite Toeplitz matrices pass, the bound is sound", "[float_cholesky]") {
    PrecisionScope scope(128);
    for (size_t N : {size_t{1}, size_t{2}, size_t{10}, size_t{200}}) {
        const double lmin = toeplitz_min(N);
        const FloatCholeskyTest t = float_cholesky_test(toeplitz(N, 0.0), N);
        INFO("N = " << N);
        REQUIRE(t.completed);
        // backward = gamma/(1-gamma) tr = (N+1) u / (1 - 2 (N+1) u) * 2N, and lambda_min >= -backward trivially here.
        const double expected = (static_cast<double>(N) + 1) * 0x1p-53 * 2 * static_cast<double>(N);
        REQUIRE(t.backward.real().convert_to<double>() == Approx(expected).epsilon(1e-12));
        REQUIRE(lmin > -t.backward.real().convert_to<double>());
        // Only the tridiagonal envelope is computed: 2 (N - 1) multiply-adds at most.
        REQUIRE(t.operations <= 2.0 * static_cast<double>(N));
    }
}

TEST_CASE("float Cholesky test: indefinite matrices never pass (the hypothesis fails)", "[float_cholesky]") {
    PrecisionScope scope(128);
    for (size_t N : {size_t{2}, size_t{10}, size_t{200}}) {
        // lambda_min = -1e-6, far below -backward (about 1e-11 for N = 200).
        const double s = -toeplitz_min(N) - 1e-6;
        const FloatCholeskyTest t = float_cholesky_test(toeplitz(N, s), N);
        INFO("N = " << N << ": " << t.failure);
        REQUIRE_FALSE(t.completed);
        REQUIRE(t.failure.find("pivot") != std::string::npos);
    }
    // A dense indefinite matrix: ones(N) - 1/2 I has eigenvalues N - 1/2 and -1/2.
    const size_t N = 50;
    std::vector<double> M(N * N, 1.0);
    for (size_t i = 0; i < N; ++i) M[i * N + i] = 0.5;
    REQUIRE_FALSE(float_cholesky_test(M, N).completed);
}

TEST_CASE("float Cholesky test: underflow is refused, bad input rejected", "[float_cholesky]") {
    PrecisionScope scope(128);
    // L_10 = 1e-300 / 1e-100 = 1e-200, and 1e-200^2 underflows.
    const std::vector<double> M = {1e-200, 1e-300, 1e-300, 1e-200};
    const FloatCholeskyTest t = float_cholesky_test(M, 2);
    REQUIRE_FALSE(t.completed);
    REQUIRE(t.failure.find("underflow") != std::string::npos);
    REQUIRE_THROWS_AS(float_cholesky_test({1.0, 0.0, 0.0}, 2), std::invalid_argument);
}

TEST_CASE("Lanczos finds the top of a known spectrum", "[lanczos]") {
    // The Toeplitz matrix 2 I - tridiag(1) has top eigenvalue 2 + 2 cos(pi / (N + 1)).
    const size_t N = 100;
    auto apply = [&](const std::vector<double>& x, std::vector<double>& y) {
        y.assign(N, 0.0);
        for (size_t i = 0; i < N; ++i) {
            y[i] = 2 * x[i];
            if (i > 0) y[i] -= x[i - 1];
            if (i + 1 < N) y[i] -= x[i + 1];
        }
    };
    const LanczosEstimate e = lanczos_largest(N, apply, 80, 8);
    const double top = 2 + 2 * std::cos(M_PI / static_cast<double>(N + 1));
    REQUIRE(e.value <= top + 1e-12);
    REQUIRE(e.value == Approx(top).epsilon(1e-9));
    REQUIRE(e.vector.size() == N);
}
