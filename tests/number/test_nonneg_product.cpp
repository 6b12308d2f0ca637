// Upper bounds of products of non-negative double matrices
// (number/nonneg_product.hpp; docs/math.md 3.2, Lemma C3) against exact
// rationals:
//   - random shapes and operands (exponents from the subnormal range to 2^400,
//     exact zeros, both strides of the left factor): every output entry is
//     >= the exact sum of products, and at most (1 + (len + 2) 2^-49) times it plus
//     a few subnormals (the bound is not loose);
//   - built to need each part of the bound: sums whose plain double result
//     is below the exact sum (each product rounded down), so the factor
//     (1 + len 2^-51) is needed, and products that underflow to 0, where only
//     the additive term len 2^-1074 keeps the output above the exact sum (and
//     is within a factor 2^126 of it: the exact sum is len 2^-1200);
//   - the refusals: an overflowing sum and an infinite operand.
#include "lrcert/number/nonneg_product.hpp"
#include "lrcert/number/precision.hpp"
#include "lrcert/number/rational.hpp"

#include <catch2/catch.hpp>

#include <mpfr.h>

#include <cfloat>
#include <cmath>
#include <random>
#include <vector>

using namespace lrcert;

namespace {

using Q = Rational;

Q exact_d(double x) {
    Real r;
    mpfr_set_prec(r.backend().data(), 53);
    mpfr_set_d(r.backend().data(), x, MPFR_RNDN);  // exact
    Q q;
    mpfr_get_q(q.backend().data(), r.backend().data());
    return q;
}

// out against the exact product, entry by entry; counts the entries whose
// plain double sum alone would have been below the exact one.
void check_product(size_t rows, size_t len, size_t cols, const std::vector<double>& a, size_t a_row, size_t a_step,
                   const std::vector<double>& b, long& below_without_correction) {
    std::vector<double> out;
    REQUIRE(nonneg_product_up(rows, len, cols, a.data(), a_row, a_step, b.data(), out));
    REQUIRE(out.size() == rows * cols);
    const Q slack = 1 + Q(static_cast<long>(len + 2)) / Q(Integer(1) << 49);
    const Q tiny = Q(static_cast<long>(4 * len + 4)) * exact_d(DBL_TRUE_MIN);
    for (size_t i = 0; i < rows; ++i)
        for (size_t k = 0; k < cols; ++k) {
            Q s = 0;
            double plain = 0;
            for (size_t j = 0; j < len; ++j) {
                const double x = a[i * a_row + j * a_step], y = b[j * cols + k];
                s += exact_d(x) * exact_d(y);
                plain += x * y;
            }
            const Q o = exact_d(out[i * cols + k]);
            REQUIRE(o >= s);
            REQUIRE(o <= s * slack + tiny);
            if (exact_d(plain) < s) ++below_without_correction;
        }
}

}  // namespace

TEST_CASE("nonneg_product_up bounds exact products of non-negative doubles", "[nonneg_product]") {
    std::mt19937_64 gen(1729);
    auto value = [&](int mode) {
        if (gen() % 7 == 0) return 0.0;
        const int e = mode == 0 ? static_cast<int>(gen() % 200) - 100
                    : mode == 1 ? static_cast<int>(gen() % 60) - 1100   // products underflow
                                : static_cast<int>(gen() % 800) - 400;
        return std::ldexp(static_cast<double>(gen() >> 11), e - 53);
    };
    long below = 0, products = 0;
    for (int rep = 0; rep < 300; ++rep) {
        const int mode = rep % 3;
        const size_t rows = 1 + gen() % 5, len = 1 + gen() % 40, cols = 1 + gen() % 5;
        std::vector<double> a(rows * len), b(len * cols);
        for (double& x : a) x = value(mode);
        for (double& x : b) x = value(mode == 1 ? 0 : mode);
        const bool transposed = rep % 2 == 1;  // a stored len x rows
        check_product(rows, len, cols, a, transposed ? 1 : len, transposed ? rows : 1, b, below);
        products += static_cast<long>(rows * cols);
    }
    // The correction is needed on a good share of the random entries.
    CHECK(below > products / 20);
}

TEST_CASE("nonneg_product_up: every part of Lemma C3's bound is needed", "[nonneg_product]") {
    long below = 0;
    // Products rounded down: (1 + 2^-52)(1 + 2^-52) = 1 + 2^-51 + 2^-104 rounds
    // to 1 + 2^-51, and the sum of 4 of them (exact in double: 4 + 2^-49) is
    // below the exact sum by 4 2^-104: the factor (1 + len 2^-51) covers it.
    const double x = 1 + std::ldexp(1.0, -52);
    std::vector<double> a(4, x), b(4, x);
    check_product(1, 4, 1, a, 4, 1, b, below);
    CHECK(below == 1);
    // Products that underflow to 0 (2^-600 2^-600 = 2^-1200): the plain sum
    // is 0, the exact one 40 2^-1200; only len 2^-1074 bounds it.
    std::vector<double> t(40, std::ldexp(1.0, -600)), u(40, std::ldexp(1.0, -600));
    std::vector<double> out;
    REQUIRE(nonneg_product_up(1, 40, 1, t.data(), 40, 1, u.data(), out));
    const Q exact_sum = Q(40) * exact_d(std::ldexp(1.0, -600)) * exact_d(std::ldexp(1.0, -600));
    REQUIRE(exact_d(out[0]) >= exact_sum);
    REQUIRE(exact_d(out[0]) <= exact_sum * Q(Integer(1) << 127));
    REQUIRE(out[0] > 0);
    // Refusals: an overflowing sum, an infinite operand (times a positive one).
    std::vector<double> big(2, DBL_MAX), two(2, 2.0);
    CHECK_FALSE(nonneg_product_up(1, 2, 1, big.data(), 2, 1, two.data(), out));
    std::vector<double> inf(1, HUGE_VAL), one(1, 1.0);
    CHECK_FALSE(nonneg_product_up(1, 1, 1, inf.data(), 1, 1, one.data(), out));
    // An exact zero times an infinite magnitude adds nothing (0 |W| = 0 for any real W).
    std::vector<double> zero(1, 0.0);
    REQUIRE(nonneg_product_up(1, 1, 1, zero.data(), 1, 1, inf.data(), out));
    CHECK(out[0] <= 2 * DBL_TRUE_MIN);
}
