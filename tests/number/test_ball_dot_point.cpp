// One more term for the fixed-point sum and its rounding to nearest
// (BallDot::add_point, BallDot::round_nearest; number/ball_dot.hpp,
// docs/math.md 3.2 "One more term") against exact rationals and MPFR:
//   - random point vectors at 53 .. 512 bits (every limb count) plus a point c
//     whose exponent is far above every product (the unit raised: shifts of
//     a few bits up to beyond the whole accumulator), about equal, or far
//     below (truncated, or below one unit), zero products, zero c: the
//     exact sum s = sum_k a_k b_k -+ c lies in [X - n_neg u, X + n_pos u]
//     (X the accumulated sum read off parts(), u = 2^unit_exp), checked
//     exactly;
//   - a case built to make that bound tight: c's lowest bits just below the
//     unit (truncated by almost a whole unit) and the products' truncations
//     in the same direction, so s sits within 2^-50 u of the bound's end;
//   - round_nearest(+-) is MPFR's rounding to nearest of +-X (an
//     independent implementation of the rounding), and |RN(X) - s| is
//     within half an ulp plus max(n_pos, n_neg) u (Lemma C's (C1) pattern).
#include "lrcert/number/ball_dot.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

using Limb = mp_limb_t;

using namespace lrcert;

namespace {

using Q = Rational;

std::mt19937_64& engine() {
    static std::mt19937_64 e(0xadd9017u);
    return e;
}

long uniform(long first, long last) {
    return first + static_cast<long>(engine()() % static_cast<std::uint64_t>(last - first + 1));
}

Q pow2(long e) {
    return e >= 0 ? Q(Integer(1) << static_cast<unsigned>(e)) : Q(Integer(1), Integer(1) << static_cast<unsigned>(-e));
}

Q exact(mpfr_srcptr x) {
    if (mpfr_zero_p(x)) return Q(0);
    mpz_t m;
    mpz_init(m);
    const mpfr_exp_t e = mpfr_get_z_2exp(m, x);
    Integer z;
    mpz_set(z.backend().data(), m);
    mpz_clear(m);
    return Q(z) * pow2(e);
}

// A working-precision number with a random significand of full precision
// (top and bottom bits random), random sign, |x| in [2^(e-1), 2^e); 0 with
// probability `zeros`.
Real random_point(long e, double zeros = 0) {
    Real r = new_real();
    if (std::uniform_real_distribution<double>(0, 1)(engine()) < zeros) {
        mpfr_set_zero(r.backend().data(), 1);
        return r;
    }
    const mpfr_prec_t p = mpfr_get_prec(r.backend().data());
    Integer z = 0;
    for (mpfr_prec_t have = 0; have < p; have += 64) {
        z <<= 64;
        z += Integer(engine()());
    }
    z >>= static_cast<unsigned>((p + 63) / 64 * 64 - p);
    z |= Integer(1) << static_cast<unsigned>(p - 1);
    if (engine()() & 1) z = -z;
    mpfr_set_z_2exp(r.backend().data(), z.backend().data(), e - p, MPFR_RNDN);  // exact: p bits
    return r;
}

struct Checked {
    bool raised_far = false, truncated = false, below_unit = false;
};

// Runs exact_sum + add_point on a, b, c and checks the containment, the
// rounding and the error bound; returns what the case exercised.
void check_case(const std::vector<Real>& a, const std::vector<Real>& b, const Real& c, bool negate) {
    const size_t n = a.size();
    BallOperand A, B, C;
    REQUIRE(A.assign_points(n, [&](size_t k) { return &a[k]; }));
    REQUIRE(B.assign_points(n, [&](size_t k) { return &b[k]; }));
    REQUIRE(C.assign_points(1, [&](size_t) { return &c; }));
    BallDot& dot = BallDot::for_this_thread();
    REQUIRE(dot.exact_sum(A.data(), 1, B.data(), 1, n));
    const long unit_before = dot.counts().unit_exp;
    bool products_zero = true;
    for (size_t k = 0; k < n; ++k) products_zero = products_zero && (A[k].sign == 0 || B[k].sign == 0);
    if (!dot.add_point(C[0], negate)) {
        // Only when c sets the unit and that unit is outside [2^-1000, 2^900].
        const long c_unit = static_cast<long>(mpfr_get_exp(c.backend().data())) -
                            64 * static_cast<long>((mpfr_get_prec(c.backend().data()) + 63) / 64) - 64;
        REQUIRE((products_zero || c_unit > unit_before));
        REQUIRE((c_unit < -1000 || c_unit > 900));
        return;
    }
    const BallDot::Parts p = dot.parts();
    REQUIRE(p.fixed_point);
    Q s = 0;
    for (size_t k = 0; k < n; ++k) s += exact(a[k].backend().data()) * exact(b[k].backend().data());
    s += negate ? -exact(c.backend().data()) : exact(c.backend().data());
    const Q X = exact(p.X), u = pow2(p.unit_exp);
    INFO("n = " << n << ", unit 2^" << p.unit_exp << ", n_pos " << p.n_pos << ", n_neg " << p.n_neg);
    REQUIRE(X - Q(static_cast<long>(p.n_neg)) * u <= s);
    REQUIRE(s <= X + Q(static_cast<long>(p.n_pos)) * u);
    for (bool neg_out : {false, true}) {
        Real got = new_real(), want = new_real();
        dot.round_nearest(got.backend().data(), neg_out);
        mpfr_set(want.backend().data(), p.X, MPFR_RNDN);
        if (neg_out) mpfr_neg(want.backend().data(), want.backend().data(), MPFR_RNDN);
        REQUIRE(mpfr_equal_p(got.backend().data(), want.backend().data()));
        if (!mpfr_zero_p(want.backend().data()))  // (the sign of a zero is not specified)
            REQUIRE((mpfr_signbit(got.backend().data()) != 0) == (mpfr_signbit(want.backend().data()) != 0));
        // |RN(X) - s| <= hu(RN(X)) + max(n_pos, n_neg) u.
        const Q z = neg_out ? -exact(got.backend().data()) : exact(got.backend().data());
        const Q hu = mpfr_zero_p(got.backend().data())
                         ? Q(0)
                         : pow2(static_cast<long>(mpfr_get_exp(got.backend().data())) -
                                static_cast<long>(mpfr_get_prec(got.backend().data())) - 1);
        const Q err = z > s ? z - s : s - z;
        REQUIRE(err <= hu + Q(static_cast<long>(std::max(p.n_pos, p.n_neg))) * u);
    }
}

}  // namespace

TEST_CASE("add_point keeps Lemma K2's bound and round_nearest is MPFR's rounding", "[ball_dot][point]") {
    int cases = 0, raised = 0, below = 0, all_zero = 0;
    for (unsigned bits : {53u, 64u, 100u, 128u, 192u, 256u, 320u, 448u, 512u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 250; ++rep) {
            const size_t n = static_cast<size_t>(uniform(1, 12));
            const long eprod = uniform(-40, 40);  // the products' exponents are about 2 eprod
            const double zeros = rep % 10 == 0 ? 1.0 : 0.1;
            std::vector<Real> a, b;
            for (size_t k = 0; k < n; ++k) {
                a.push_back(random_point(eprod + uniform(-3, 3), zeros));
                b.push_back(random_point(eprod + uniform(-3, 3), zeros));
            }
            if (zeros == 1.0) ++all_zero;
            // c's exponent: far above the products (shifts from a few bits to
            // past the accumulator), near them, below them, far below.
            long ec = 2 * eprod;
            switch (rep % 5) {
                case 0: ec += uniform(1, 70); break;
                case 1: ec += uniform(70, 2 * static_cast<long>(bits) + 300); break;
                case 2: ec += uniform(-8, 8); break;
                case 3: ec -= uniform(10, static_cast<long>(bits) + 40); break;
                default: ec -= uniform(static_cast<long>(bits) + 60, static_cast<long>(bits) + 400); break;
            }
            ec = std::min(ec, 900L);  // the unit stays in the kernel's range (below: the case beyond it)
            if (rep % 5 <= 1) ++raised;
            if (rep % 5 == 4) ++below;
            const Real c = rep % 23 == 0 ? random_point(0, 1.0) : random_point(ec);
            check_case(a, b, c, rep % 2 == 1);
            ++cases;
        }
    }
    {
        // A point whose unit would be beyond 2^900: add_point refuses.
        PrecisionScope scope(128);
        const std::vector<Real> a{random_point(0)}, b{random_point(0)};
        const Real c = random_point(1200);
        BallOperand A, B, C;
        REQUIRE(A.assign_points(1, [&](size_t k) { return &a[k]; }));
        REQUIRE(B.assign_points(1, [&](size_t k) { return &b[k]; }));
        REQUIRE(C.assign_points(1, [&](size_t) { return &c; }));
        BallDot& dot = BallDot::for_this_thread();
        REQUIRE(dot.exact_sum(A.data(), 1, B.data(), 1, 1));
        CHECK_FALSE(dot.add_point(C[0], false));
        CHECK_FALSE(dot.parts().fixed_point);
    }
    // Exact ties: c + half an ulp of c (a power-of-two product), c's last
    // bit even and odd: round_nearest must round to even, as MPFR does.
    int ties = 0;
    for (unsigned bits : {53u, 64u, 128u, 200u, 256u, 512u}) {
        PrecisionScope scope(bits);
        for (int parity = 0; parity < 2; ++parity)
            for (int sign = 0; sign < 2; ++sign) {
                Real c = random_point(uniform(280, 320));  // (the tiny product's unit stays above 2^-1000)
                mpfr_ptr cp = c.backend().data();
                Limb* sig = static_cast<Limb*>(mpfr_custom_get_significand(cp));
                const unsigned spare = static_cast<unsigned>((bits + 63) / 64 * 64 - bits);
                sig[0] = (sig[0] & ~(Limb(1) << spare)) | (Limb(parity) << spare);  // the last bit
                if ((mpfr_signbit(cp) != 0) != (sign != 0)) mpfr_neg(cp, cp, MPFR_RNDN);
                Real half = new_real(), one = new_real();
                mpfr_set_ui_2exp(half.backend().data(), 1, static_cast<long>(mpfr_get_exp(cp)) - static_cast<long>(bits) - 1,
                                 MPFR_RNDN);
                mpfr_set_ui(one.backend().data(), 1, MPFR_RNDN);
                check_case({half}, {one}, c, false);
                ++ties;
            }
    }
    CHECK(ties == 24);
    CHECK(cases == 9 * 250);
    CHECK(raised > 800);
    CHECK(below > 400);
    CHECK(all_zero > 200);
}

TEST_CASE("add_point's bound is tight: truncations of almost a unit in one direction", "[ball_dot][point]") {
    // 128 bits (L = 2). One product a b with a = (2^127 + 2^64 - 1) 2^-128,
    // b = (2^127 + 1) 2^-128: the unit is 2^(0 - 192) and the product's 64
    // dropped bits are those of a's low limb, all ones (a 2^127 + a): it loses
    // (1 - 2^-64) units. c = (2^128 - 1) 2^(-124 - 128): its lowest 60 bits
    // lie below the unit, all ones: it loses (1 - 2^-60) units. Both
    // positive, so s - X = (2 - 2^-64 - 2^-60) u: below n_pos u = 2 u by less
    // than 2^-50 u, and above (n_pos - 1) u.
    PrecisionScope scope(128);
    auto value = [](const Integer& m, long e) {
        Real r = new_real();
        mpfr_set_z_2exp(r.backend().data(), m.backend().data(), e, MPFR_RNDN);  // exact: 128 bits
        return r;
    };
    const Integer top = Integer(1) << 127;
    const std::vector<Real> a{value(top + ((Integer(1) << 64) - 1), -128)}, b{value(top + 1, -128)};
    const Real c = value((Integer(1) << 128) - 1, -124 - 128);
    BallOperand A, B, C;
    REQUIRE(A.assign_points(1, [&](size_t k) { return &a[k]; }));
    REQUIRE(B.assign_points(1, [&](size_t k) { return &b[k]; }));
    REQUIRE(C.assign_points(1, [&](size_t) { return &c; }));
    BallDot& dot = BallDot::for_this_thread();
    REQUIRE(dot.exact_sum(A.data(), 1, B.data(), 1, 1));
    REQUIRE(dot.add_point(C[0], false));
    const BallDot::Parts p = dot.parts();
    const Q s = exact(a[0].backend().data()) * exact(b[0].backend().data()) + exact(c.backend().data());
    const Q X = exact(p.X), u = pow2(p.unit_exp);
    CHECK(p.unit_exp == -192);
    CHECK(p.n_pos == 2);
    CHECK(p.n_neg == 0);
    REQUIRE(s <= X + Q(static_cast<long>(p.n_pos)) * u);
    // One count fewer would exclude the exact sum: c's truncation must count.
    REQUIRE(s > X + Q(static_cast<long>(p.n_pos) - 1) * u);
    REQUIRE(X + Q(static_cast<long>(p.n_pos)) * u - s < u * pow2(-50));
    check_case(a, b, c, false);
}
