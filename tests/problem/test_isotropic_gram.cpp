// The Gram map of the isotropic rank-1 problem (problem/isotropic_gram.hpp,
// docs/math.md section 16) against full n-dimensional GD, exactly.
//
// Oracle: GD on f = 1/2 ||mu I - x y^T||_F^2 with the full n x n residual,
// by the tests' own plain loops (tests/support/exact_gd.hpp), from random
// rational starts, n = 2, 3, 5. The Gram map and the coefficient recursion
// must reproduce |x_k|^2, |y_k|^2, x_k.y_k and x_k, y_k exactly.
//   - In exact rationals for 8 steps: the bit length of the iterates triples
//     every step (the step is cubic), so 20 exact rational steps would need
//     numbers of about 3^20 * 10 bits; 8 steps already reach ~10^5 bits.
//   - In the prime field F_p, p = 2^61 - 1, for 20 steps (exact arithmetic
//     in another field, with the rational starts and h reduced mod p): the
//     claimed identity is a polynomial identity in (x0, y0, mu, h), and a
//     wrong map differs from GD by a non-zero polynomial of degree <= 3^20,
//     which vanishes at a random point of F_p with probability < 3^20 / p
//     < 2e-9 (Schwartz-Zippel). Several random points are checked.
// The loss formula, the exact detection of A = mu I and the Jacobian (by
// exact divided differences of the polynomial map) are checked too.
#include "lrcert/problem/isotropic_gram.hpp"

#include "support/exact_gd.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

using namespace lrcert;
using lrcert::test::ExactIterate;
using lrcert::test::RationalRows;

namespace {

Rational random_rational(std::mt19937& rng) {
    std::uniform_int_distribution<long> num(-9, 9), den(1, 8);
    return Rational(num(rng), den(rng));
}

template <class T>
T dot(const std::vector<T>& u, const std::vector<T>& v) {
    T s(0);
    for (size_t i = 0; i < u.size(); ++i) s += u[i] * v[i];
    return s;
}

// ---- the prime field F_p, p = 2^61 - 1 (the test's own) --------------------------
__extension__ typedef unsigned __int128 u128;
constexpr std::uint64_t kP = (std::uint64_t(1) << 61) - 1;

struct Fp {
    std::uint64_t v = 0;
    Fp() = default;
    explicit Fp(long k) : v(k >= 0 ? std::uint64_t(k) % kP : kP - std::uint64_t(-k) % kP) {}
    friend Fp operator+(Fp a, Fp b) { return raw((a.v + b.v) % kP); }
    friend Fp operator-(Fp a, Fp b) { return raw((a.v + kP - b.v) % kP); }
    friend Fp operator*(Fp a, Fp b) { return raw(std::uint64_t((u128(a.v) * b.v) % kP)); }
    Fp& operator+=(Fp b) { return *this = *this + b; }
    friend bool operator==(Fp a, Fp b) { return a.v == b.v; }
    static Fp raw(std::uint64_t x) {
        Fp f;
        f.v = x;
        return f;
    }
    Fp inverse() const {  // Fermat: v^(p-2)
        Fp r(1), b = *this;
        for (std::uint64_t e = kP - 2; e; e >>= 1, b = b * b)
            if (e & 1) r = r * b;
        return r;
    }
    static Fp of(long num, long den) { return Fp(num) * Fp(den).inverse(); }
};

// One GD step of f = 1/2 ||mu I - x y^T||_F^2 with the whole n x n residual.
std::pair<std::vector<Fp>, std::vector<Fp>> fp_gd_step(const std::vector<Fp>& x, const std::vector<Fp>& y, Fp mu,
                                                       Fp h) {
    const size_t n = x.size();
    std::vector<std::vector<Fp>> R(n, std::vector<Fp>(n));
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) R[i][j] = (i == j ? mu : Fp(0)) - x[i] * y[j];
    std::vector<Fp> xn = x, yn = y;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) {
            xn[i] += h * R[i][j] * y[j];
            yn[j] += h * R[i][j] * x[i];
        }
    return {xn, yn};
}

}  // namespace

TEST_CASE("Gram map and coefficients reproduce full GD exactly in rationals (8 steps, n = 2, 3, 5)") {
    std::mt19937 rng(20261203);
    for (size_t n : {2u, 3u, 5u}) {
        for (int trial = 0; trial < 2; ++trial) {
            const Rational mu = Rational(trial == 0 ? 2 : -3, 2), h = Rational(1, 10 + trial);
            RationalRows A(n, std::vector<Rational>(n, Rational(0)));
            for (size_t i = 0; i < n; ++i) A[i][i] = mu;
            ExactIterate z{RationalRows(n, std::vector<Rational>(1)), RationalRows(n, std::vector<Rational>(1))};
            std::vector<Rational> x0(n), y0(n);
            for (size_t i = 0; i < n; ++i) {
                x0[i] = z.X[i][0] = random_rational(rng);
                y0[i] = z.Y[i][0] = random_rational(rng);
            }
            Gram<Rational> g{dot(x0, x0), dot(y0, y0), dot(x0, y0)};
            GramCoefficients<Rational> k{Rational(1), Rational(0), Rational(0), Rational(1)};
            for (int step = 1; step <= 8; ++step) {
                z = lrcert::test::exact_gd_step(A, z, h);
                k = coefficient_step(k, g, mu, h);  // uses the Gram coordinates of the previous step
                g = gram_step(g, mu, h);
                std::vector<Rational> x(n), y(n);
                for (size_t i = 0; i < n; ++i) {
                    x[i] = z.X[i][0];
                    y[i] = z.Y[i][0];
                }
                INFO("n = " << n << ", trial " << trial << ", step " << step);
                REQUIRE(g.a == dot(x, x));
                REQUIRE(g.b == dot(y, y));
                REQUIRE(g.c == dot(x, y));
                for (size_t i = 0; i < n; ++i) {
                    REQUIRE(x[i] == k.p * x0[i] + k.q * y0[i]);
                    REQUIRE(y[i] == k.r * x0[i] + k.s * y0[i]);
                }
                // f = (n mu^2 - 2 mu c + a b) / 2, against the residual's plain sum of squares.
                REQUIRE(gram_loss(g, mu, n) == lrcert::test::exact_loss(A, z));
            }
        }
    }
}

TEST_CASE("Gram map and coefficients reproduce full GD exactly in F_p for 20 steps (n = 2, 3, 5)") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<long> num(-1000, 1000), den(1, 997);
    for (size_t n : {2u, 3u, 5u}) {
        for (int trial = 0; trial < 4; ++trial) {
            const Fp mu = Fp::of(num(rng), den(rng)), h = Fp::of(num(rng), den(rng));
            std::vector<Fp> x0(n), y0(n);
            for (size_t i = 0; i < n; ++i) {
                x0[i] = Fp::of(num(rng), den(rng));
                y0[i] = Fp::of(num(rng), den(rng));
            }
            std::vector<Fp> x = x0, y = y0;
            Gram<Fp> g{dot(x0, x0), dot(y0, y0), dot(x0, y0)};
            GramCoefficients<Fp> k{Fp(1), Fp(0), Fp(0), Fp(1)};
            for (int step = 1; step <= 20; ++step) {
                std::tie(x, y) = fp_gd_step(x, y, mu, h);
                k = coefficient_step(k, g, mu, h);
                g = gram_step(g, mu, h);
                INFO("n = " << n << ", trial " << trial << ", step " << step);
                REQUIRE(g.a == dot(x, x));
                REQUIRE(g.b == dot(y, y));
                REQUIRE(g.c == dot(x, y));
                for (size_t i = 0; i < n; ++i) {
                    REQUIRE(x[i] == k.p * x0[i] + k.q * y0[i]);
                    REQUIRE(y[i] == k.r * x0[i] + k.s * y0[i]);
                }
            }
        }
    }
}

TEST_CASE("a map that is off in one term is caught by the F_p comparison") {
    // The check can fail: drop the h^2 mu^2 c term of c+ and it must disagree.
    const Fp mu = Fp::of(3, 2), h = Fp::of(1, 7);
    std::vector<Fp> x{Fp(1), Fp::of(1, 2), Fp(2)}, y{Fp::of(1, 3), Fp(1), Fp(-1)};
    Gram<Fp> g{dot(x, x), dot(y, y), dot(x, y)};
    const Fp s = Fp(1) - h * g.b, t = Fp(1) - h * g.a;
    const Fp wrong_c = s * t * g.c + h * mu * s * g.a + h * mu * t * g.b;
    std::tie(x, y) = fp_gd_step(x, y, mu, h);
    CHECK_FALSE(wrong_c == dot(x, y));
    CHECK(gram_step(g, mu, h).c == dot(x, y));
}

TEST_CASE("gram_jacobian is the derivative of gram_step (exact divided differences)") {
    // gram_step is a polynomial of degree <= 3 in each coordinate, so the
    // central difference (F(z + t e) - F(z - t e)) / (2t) equals dF/de + t^2 F'''/6:
    // with two step sizes t, 2t the Richardson combination (4 D_t - D_2t) / 3 is exact.
    const Rational mu(5, 3), h(2, 9);
    const Gram<Rational> z{Rational(7, 5), Rational(2, 3), Rational(-1, 4)};
    Rational J[3][3];
    gram_jacobian(z, mu, h, J);
    for (int j = 0; j < 3; ++j) {
        auto shifted = [&](const Rational& t) {
            Gram<Rational> p = z, m = z;
            (j == 0 ? p.a : j == 1 ? p.b : p.c) += t;
            (j == 0 ? m.a : j == 1 ? m.b : m.c) -= t;
            const Gram<Rational> fp = gram_step(p, mu, h), fm = gram_step(m, mu, h);
            return std::vector<Rational>{(fp.a - fm.a) / (2 * t), (fp.b - fm.b) / (2 * t), (fp.c - fm.c) / (2 * t)};
        };
        const std::vector<Rational> d1 = shifted(Rational(1, 10)), d2 = shifted(Rational(1, 5));
        for (int i = 0; i < 3; ++i) REQUIRE(J[i][j] == (4 * d1[i] - d2[i]) / 3);
    }
}

TEST_CASE("isotropic_mu recognises exactly A = mu I") {
    Matrix<Rational> A(3, 3);
    for (size_t i = 0; i < 3; ++i) A(i, i) = Rational(2);
    REQUIRE(isotropic_mu(A) == Rational(2));
    A(1, 2) = Rational(1, 1000000);
    REQUIRE_FALSE(isotropic_mu(A));
    A(1, 2) = 0;
    A(2, 2) = Rational(2000001, 1000000);
    REQUIRE_FALSE(isotropic_mu(A));
    REQUIRE_FALSE(isotropic_mu(Matrix<Rational>(2, 3)));
    REQUIRE(isotropic_mu(Matrix<Rational>(2, 2)) == Rational(0));  // A = 0 = 0 I
}
