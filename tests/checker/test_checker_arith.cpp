// lrcert-check's interval arithmetic (proofs-check/num.hpp, docs/checker.md
// section 4): the precision of the rounding of large ends travels with each
// interval (no global state). Oracle: exact rationals (GMP) -- powers of 1/3,
// whose exact values are known, must lie in every enclosure; an enclosure is
// thin exactly while no end exceeds 2 bits + 64 bits of size.
#include "num.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using chk::I;
using chk::Q;

namespace {

Q third_power(unsigned k) {
    Q r = 1;
    for (unsigned i = 0; i < k; ++i) r /= 3;
    return r;
}

// (1/3)^k by k - 1 products of intervals.
I product_power(const I& x, unsigned k) {
    I r = x;
    for (unsigned i = 1; i < k; ++i) r = r * x;
    return r;
}

}  // namespace

TEST_CASE("the precision of interval arithmetic is carried by the intervals") {
    const I third = chk::with_bits(I(Q(1, 3)), 64);
    REQUIRE(third.precision() == 64);

    // 3^60 has 96 bits: the product's size stays below 2 * 64 + 64 = 192 bits up to
    // k = 60 (exact, thin), and is rounded to 64 bits beyond.
    const I exact = product_power(third, 60);
    CHECK(exact.thin());
    CHECK(exact.lo == third_power(60));
    const I rounded = product_power(third, 130);
    CHECK_FALSE(rounded.thin());
    CHECK(rounded.lo <= third_power(130));
    CHECK(third_power(130) <= rounded.hi);
    CHECK(mpz_sizeinbase(rounded.hi.get_num_mpz_t(), 2) <= 64);  // 64 significant bits
    CHECK(mpz_sizeinbase(rounded.lo.get_num_mpz_t(), 2) <= 64);
    CHECK(rounded.precision() == 64);

    // A constant takes the other operand's precision; the larger one wins.
    CHECK((I(Q(1, 3)) * third).bits == 64);
    const I fine = chk::with_bits(I(Q(1, 3)), 512);
    CHECK((fine * third).bits == 512);
    CHECK(product_power(fine, 130).thin());  // 3^130 has 207 bits: exact at 512 bits

    // Without a precision, kDefaultIntervalBits (256): exact up to 2 * 256 + 64 bits.
    CHECK(product_power(I(Q(1, 3)), 130).thin());
    const I big = product_power(I(Q(1, 3)), 400);  // 3^400: 634 bits
    CHECK_FALSE(big.thin());
    CHECK(big.lo <= third_power(400));
    CHECK(third_power(400) <= big.hi);

    // No global state: the same computation gives the same result before and
    // after one at another precision.
    const I again = product_power(third, 130);
    CHECK(again.lo == rounded.lo);
    CHECK(again.hi == rounded.hi);

    // sqrt and exp bound at the operand's precision: sqrt(2) to about 64 bits.
    const I root = chk::isqrt(chk::with_bits(I(2), 64));
    CHECK(root.lo * root.lo <= 2);
    CHECK(2 <= root.hi * root.hi);
    CHECK(root.hi - root.lo <= chk::pow2(-60));
    CHECK(root.hi - root.lo > 0);
    const I root_fine = chk::isqrt(chk::with_bits(I(2), 512));
    CHECK(root_fine.hi - root_fine.lo <= chk::pow2(-500));
}

TEST_CASE("interval products are the hull of the four corner products, in every sign case") {
    // Ends from {-3, -1/2, 0, 2/7, 5}: every sign pattern (both signs, zero
    // ends, zero inside), against min / max of the four exact corner products.
    const Q ends[] = {Q(-3), Q(-1, 2), Q(0), Q(2, 7), Q(5)};
    for (const Q& al : ends)
        for (const Q& ah : ends)
            for (const Q& bl : ends)
                for (const Q& bh : ends) {
                    if (ah < al || bh < bl) continue;
                    const I a(al, ah), b(bl, bh);
                    const Q c[4] = {al * bl, al * bh, ah * bl, ah * bh};
                    const I p = a * b;
                    CHECK(p.lo == *std::min_element(c, c + 4));
                    CHECK(p.hi == *std::max_element(c, c + 4));
                }
}

TEST_CASE("checker round_bits: the dyadic shortcut and the gcd-free result equal the plain division", "[checker]") {
    // Oracle: q 2^s rounded by plain mpz division of numerator and denominator
    // (floor, ceiling, nearest with ties up), times 2^-s as a canonical mpq.
    auto oracle = [](const Q& q, long bits, int dir) -> Q {
        const long s = bits - 1 - chk::floor_log2(q);
        chk::Z n = q.get_num(), d = q.get_den(), r;
        if (s >= 0) n <<= static_cast<mp_bitcnt_t>(s); else d <<= static_cast<mp_bitcnt_t>(-s);
        if (dir < 0) mpz_fdiv_q(r.get_mpz_t(), n.get_mpz_t(), d.get_mpz_t());
        else if (dir > 0) mpz_cdiv_q(r.get_mpz_t(), n.get_mpz_t(), d.get_mpz_t());
        else { n = 2 * n + d; d *= 2; mpz_fdiv_q(r.get_mpz_t(), n.get_mpz_t(), d.get_mpz_t()); }
        Q out(r);
        return out * chk::pow2(-s);
    };
    std::vector<Q> qs;
    for (long num : {1L, -1L, 3L, -3L, 5L, 7L, -12345L, 1000001L, 6L, -40L})
        for (long e : {0L, 1L, 2L, 7L, 63L, 64L, 65L, 200L})
            for (long den : {1L, 3L, 10L}) {
                Q q(num, den);
                q.canonicalize();
                qs.push_back(q * chk::pow2(-e));
                qs.push_back(q * chk::pow2(e));
            }
    // halves of the grid: ties at every bit count below
    for (long b : {1L, 2L, 5L, 64L}) qs.push_back(Q(2 * (1L << 20) + 1, 1) * chk::pow2(-b));
    for (const Q& q : qs)
        for (long bits : {1L, 2L, 5L, 21L, 64L, 130L})
            for (int dir : {-1, 0, 1}) {
                const Q got = chk::round_bits(q, bits, dir), want = oracle(q, bits, dir);
                INFO("q = " << q.get_str() << " bits " << bits << " dir " << dir);
                REQUIRE(got == want);
                // canonical: numerator and denominator coprime
                chk::Z g;
                mpz_gcd(g.get_mpz_t(), got.get_num_mpz_t(), got.get_den_mpz_t());
                REQUIRE(g == 1);
                if (dir < 0) REQUIRE(got <= q);
                if (dir > 0) REQUIRE(got >= q);
            }
}
