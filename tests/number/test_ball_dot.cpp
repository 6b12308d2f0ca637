// The midpoint-radius dot product (number/ball_dot.hpp; docs/math.md 3.1)
// against exact rationals:
//   - random interval vectors with exact dyadic endpoints (thin, narrow, wide,
//     straddling 0, zero; exponents spread over 2^-150 .. 2^40) at 53 .. 512
//     bits (every limb count of the fixed-point path, and precisions that are
//     not multiples of 64): the result contains the exact range of the sum,
//     computed in mpq (the sum of the hulls of the corner products);
//   - the fixed-point sum X of thin inputs: exact sum - X lies in
//     (-n_neg u, n_pos u), the lemma of docs/math.md 3.1, checked exactly;
//   - a cancellation built to make that bound tight: every product loses
//     almost a whole unit to truncation, in the same direction, and the large
//     terms cancel, so the exact sum lies within 2^-59 u of the bound's end
//     (an error term one unit smaller would exclude it) while the standard
//     a-priori bound n 2^-p sum |a b| is 2^60 times wider;
//   - the hypotheses of the fixed-point path failing (640 bits, an exponent
//     beyond 2^20, a unit below 2^-1000, an infinite entry): the endpoint
//     fallback runs and still contains the exact range;
//   - narrow intervals at working precision: the radius and |m| are the least
//     doubles above the exact distance and magnitude (the limb path);
//   - a zero midpoint times balls gives exactly [0, 0]; long sums (up to 3000
//     terms of all-ones significands, mixed signs) carry exactly, and the
//     ends formed on the integer sum are at least as tight as the MPFR ends;
//   - plus_subnormal_tail_up against exact sums;
//   - the upward double operations up_mul / up_add against exact products and
//     sums, including subnormal, zero and overflowing operands, and their
//     mirror images down_mul / down_add and the rounded square roots
//     (Lemma K3').
#include "lrcert/number/ball_dot.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace lrcert;

namespace {

using Q = Rational;

std::mt19937_64& engine() {
    static std::mt19937_64 e(0xba11d07u);
    return e;
}

long uniform(long first, long last) {
    return first + static_cast<long>(engine()() % static_cast<std::uint64_t>(last - first + 1));
}

Q pow2(long e) {
    return e >= 0 ? Q(Integer(1) << static_cast<unsigned>(e)) : Q(Integer(1), Integer(1) << static_cast<unsigned>(-e));
}

// Exact value of an MPFR number of any precision.
Q exact(mpfr_srcptr x) {
    Real r;
    mpfr_set_prec(r.backend().data(), mpfr_get_prec(x));
    mpfr_set(r.backend().data(), x, MPFR_RNDN);
    return to_rational(r);
}

// A dyadic rational with at most `bits` significant bits, |q| in [2^(e-1), 2^e).
Q dyadic(unsigned bits, long e) {
    Integer m = 0;
    for (unsigned have = 0; have < bits; have += 64) {
        m <<= 64;
        m += Integer(engine()());
    }
    m >>= ((bits + 63) / 64) * 64 - bits;
    m |= Integer(1) << (bits - 1);
    const Q q = Q(m) * pow2(e - static_cast<long>(bits));
    return uniform(0, 1) ? q : Q(-q);
}

Real real_at(const Q& q, unsigned bits) {
    Real r;
    mpfr_set_prec(r.backend().data(), static_cast<mpfr_prec_t>(bits));
    REQUIRE(mpfr_set_q(r.backend().data(), q.backend().data(), MPFR_RNDN) == 0);
    return r;
}

// Random intervals of the kinds the enclosure step sees (thin centres, narrow
// enclosures of rationals, residuals a few ulps wide) and wider ones.
Interval random_interval(unsigned bits, long emin, long emax) {
    const long e = uniform(emin, emax);
    const Q c = dyadic(bits, e);
    switch (uniform(0, 5)) {
        case 0:
        case 1: return Interval(real_at(c, bits), real_at(c, bits));  // thin
        case 2: {  // a few ulps wide
            const Q w = pow2(e - static_cast<long>(bits)) * Q(uniform(1, 8));
            return Interval(real_at(c - w, bits + 8), real_at(c, bits + 8));
        }
        case 3: {  // wide, one sign: [c, c (1 + j/8)] (or the other way round)
            const Q b = c * Q(8 + uniform(1, 8), 8);
            return c < 0 ? Interval(real_at(b, bits + 4), real_at(c, bits + 4))
                         : Interval(real_at(c, bits + 4), real_at(b, bits + 4));
        }
        case 4: {  // straddling 0
            const Q a = dyadic(bits, e), b = dyadic(bits, e - uniform(0, 3));
            const Q l = a < 0 ? a : Q(-a), h = b > 0 ? b : Q(-b);
            return Interval(real_at(l, bits), real_at(h, bits));
        }
        default: return make_interval(0L);  // zero (at working precision)
    }
}

struct Range {
    Q lo, hi;
};

Range product_range(const Interval& a, const Interval& b) {
    const Q al = exact(lo(a).backend().data()), ah = exact(hi(a).backend().data());
    const Q bl = exact(lo(b).backend().data()), bh = exact(hi(b).backend().data());
    const Q c[] = {al * bl, al * bh, ah * bl, ah * bh};
    return {*std::min_element(std::begin(c), std::end(c)), *std::max_element(std::begin(c), std::end(c))};
}

Range dot_range(const std::vector<Interval>& a, const std::vector<Interval>& b) {
    Range r{0, 0};
    for (size_t k = 0; k < a.size(); ++k) {
        const Range t = product_range(a[k], b[k]);
        r.lo += t.lo;
        r.hi += t.hi;
    }
    return r;
}

struct Result {
    Q lo, hi;
    BallDot::Parts parts;
    Q X;
};

// BallDot over a and b (equal lengths), stride 1.
Result ball_dot(const std::vector<Interval>& a, const std::vector<Interval>& b, bool* prepared = nullptr) {
    BallOperand A, B;
    const bool ok_a = A.assign(a.size(), [&](size_t k) { return &a[k]; });
    const bool ok_b = B.assign(b.size(), [&](size_t k) { return &b[k]; });
    if (prepared) *prepared = ok_a && ok_b;
    BallDot dot;
    Real l = new_real(), h = new_real();
    dot.dot(A.data(), 1, B.data(), 1, a.size(), l.backend().data(), h.backend().data());
    Result r{to_rational(l), to_rational(h), dot.parts(), 0};
    if (r.parts.fixed_point) r.X = exact(r.parts.X);
    return r;
}

}  // namespace

TEST_CASE("up_mul and up_add bound exact products and sums of doubles", "[balldot]") {
    std::vector<double> values = {0.0, DBL_TRUE_MIN, 3 * DBL_TRUE_MIN, DBL_MIN, 1.0, 0.1, 1e300, DBL_MAX};
    for (int k = 0; k < 200; ++k)
        values.push_back(std::ldexp(static_cast<double>(engine()() >> 11), static_cast<int>(uniform(-1130, 960))));
    long checked = 0;
    auto exact_d = [](double x) {
        Real r;
        mpfr_set_prec(r.backend().data(), 53);
        mpfr_set_d(r.backend().data(), x, MPFR_RNDN);
        return to_rational(r);
    };
    for (double a : values)
        for (double b : values) {
            const double p = up_mul(a, b), s = up_add(a, b);
            const Q qa = exact_d(a), qb = exact_d(b);
            if (std::isfinite(p)) {
                REQUIRE(exact_d(p) >= qa * qb);
                // Tight: at most two doubles above the exact product (or the
                // smallest subnormal for an underflow).
                if (qa * qb > 0) REQUIRE(exact_d(std::nextafter(std::nextafter(p, 0.0), 0.0)) <= qa * qb);
                if (a == 0 || b == 0) REQUIRE(p == 0);
            } else {
                REQUIRE(std::isinf(p));  // an overflow gives +infinity, never NaN
            }
            if (std::isfinite(s)) REQUIRE(exact_d(s) >= qa + qb);
            if (a == 0) REQUIRE(s == b);
            ++checked;
        }
    REQUIRE(next_up_nonneg(-0.0) == DBL_TRUE_MIN);
    REQUIRE(std::isinf(next_up_nonneg(HUGE_VAL)));
    REQUIRE(checked > 40000);
}

TEST_CASE("down_mul, down_add and the double square roots bound exact results from below / above", "[balldot]") {
    std::vector<double> values = {0.0, DBL_TRUE_MIN, 3 * DBL_TRUE_MIN, DBL_MIN, 0.5, 1.0, 0.1, 1e300, DBL_MAX};
    for (int k = 0; k < 200; ++k)
        values.push_back(std::ldexp(static_cast<double>(engine()() >> 11), static_cast<int>(uniform(-1130, 960))));
    auto exact_d = [](double x) {
        Real r;
        mpfr_set_prec(r.backend().data(), 53);
        mpfr_set_d(r.backend().data(), x, MPFR_RNDN);
        return to_rational(r);
    };
    long checked = 0, needed_prev = 0;
    for (double a : values)
        for (double b : values) {
            const double p = down_mul(a, b), s = down_add(a, b);
            const Q qa = exact_d(a), qb = exact_d(b);
            REQUIRE(std::isfinite(p));  // an overflow gives the largest double
            REQUIRE(p >= 0);
            REQUIRE(exact_d(p) <= qa * qb);
            // Tight: at most two doubles below the exact product (unless it overflows).
            const double p2 = std::nextafter(std::nextafter(p, HUGE_VAL), HUGE_VAL);
            if (qa * qb > 0 && std::isfinite(p2)) REQUIRE(exact_d(p2) >= qa * qb);
            if (a == 0 || b == 0) REQUIRE(p == 0);
            REQUIRE(std::isfinite(s));
            REQUIRE(exact_d(s) <= qa + qb);
            if (a == 0) REQUIRE(s == b);
            // The step below matters: the rounded result itself is above the exact one.
            if ((std::isfinite(a * b) && exact_d(a * b) > qa * qb) || (std::isfinite(a + b) && exact_d(a + b) > qa + qb))
                ++needed_prev;
            ++checked;
        }
    REQUIRE(needed_prev > 1000);
    REQUIRE(next_down_nonneg(0.0) == 0.0);
    REQUIRE(next_down_nonneg(-0.0) == 0.0);
    REQUIRE(next_down_nonneg(HUGE_VAL) == DBL_MAX);
    REQUIRE(next_down_nonneg(DBL_TRUE_MIN) == 0.0);
    REQUIRE(std::isnan(next_down_nonneg(std::nan(""))));
    // Square roots: down_sqrt(s)^2 <= s <= up_sqrt(s)^2, exactly.
    for (double v : values) {
        const Q q = exact_d(v), lo = exact_d(down_sqrt(v)), hi = exact_d(up_sqrt(v));
        REQUIRE(lo * lo <= q);
        REQUIRE(q <= hi * hi);
        if (v == 0) REQUIRE((down_sqrt(v) == 0 && up_sqrt(v) == 0));
    }
    // A perfect square: the bounds bracket the exact root tightly.
    REQUIRE(down_sqrt(4.0) == std::nextafter(2.0, 0.0));
    REQUIRE(up_sqrt(4.0) == std::nextafter(2.0, 3.0));
    REQUIRE(checked > 40000);
}

TEST_CASE("magnitude_up / magnitude_down bracket |x| within 2^-52, at every precision and exponent", "[balldot]") {
    long checked = 0;
    for (unsigned bits : {53u, 64u, 100u, 128u, 256u, 512u, 700u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 300; ++rep) {
            Real x = new_real();
            // Random significand bits (all ones now and then: the +1 of the
            // upper bound must carry into the next power of two).
            const long e = uniform(-1200, 1200);
            if (rep % 10 == 0) {
                mpfr_set_si_2exp(x.backend().data(), 1, e, MPFR_RNDN);
                mpfr_nextbelow(x.backend().data());
            } else {
                mpfr_set_ui_2exp(x.backend().data(), engine()() | 1, e - 64, MPFR_RNDN);
                Real t = new_real();
                mpfr_set_ui_2exp(t.backend().data(), engine()(), e - 64 - 64, MPFR_RNDN);
                mpfr_add(x.backend().data(), x.backend().data(), t.backend().data(), MPFR_RNDN);
            }
            if (rep % 2) mpfr_neg(x.backend().data(), x.backend().data(), MPFR_RNDN);
            const double up = magnitude_up(x.backend().data()), down = magnitude_down(x.backend().data());
            const Q q = abs(to_rational(x));
            auto exact_d = [](double v) {
                Real r;
                mpfr_set_prec(r.backend().data(), 53);
                mpfr_set_d(r.backend().data(), v, MPFR_RNDN);
                return to_rational(r);
            };
            REQUIRE(down >= 0);
            REQUIRE(exact_d(down) <= q);
            if (std::isfinite(up)) {
                REQUIRE(exact_d(up) >= q);
                // Tight in the normal range: within 2^-52 relative.
                if (e > -900 && e < 900) {
                    REQUIRE(exact_d(up) <= q * (1 + Q(1, 1L << 52)) * (1 + Q(1, 1L << 52)));
                    REQUIRE(exact_d(down) >= q * (1 - Q(1, 1L << 52)));
                }
            } else {
                REQUIRE(e > 1000);
            }
            ++checked;
        }
        Real z = new_real();
        REQUIRE(magnitude_up(z.backend().data()) == 0);
        REQUIRE(magnitude_down(z.backend().data()) == 0);
        mpfr_set_inf(z.backend().data(), -1);
        REQUIRE(std::isinf(magnitude_up(z.backend().data())));
        REQUIRE(magnitude_down(z.backend().data()) == DBL_MAX);
    }
    REQUIRE(checked == 2100);
    // pow2_double: exactly 2^e over double's whole range (std::ldexp is exact there), 0 / +infinity outside.
    for (long e = -1074; e <= 1023; ++e) REQUIRE(pow2_double(e) == std::ldexp(1.0, static_cast<int>(e)));
    REQUIRE(pow2_double(-1075) == 0.0);
    REQUIRE(std::isinf(pow2_double(1024)));
}

TEST_CASE("BallDot contains the exact range of random dyadic dot products", "[balldot]") {
    long fixed_runs = 0, total = 0;
    for (unsigned bits : {53u, 64u, 100u, 128u, 150u, 192u, 256u, 320u, 384u, 448u, 512u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 60; ++rep) {
            const size_t len = static_cast<size_t>(uniform(1, 40));
            std::vector<Interval> a, b;
            for (size_t k = 0; k < len; ++k) {
                a.push_back(random_interval(bits, -150, 40));
                b.push_back(random_interval(bits, -150, 40));
            }
            const Range exact_range = dot_range(a, b);
            const Result r = ball_dot(a, b);
            INFO(bits << " bits, length " << len << ", rep " << rep);
            REQUIRE(r.lo <= exact_range.lo);
            REQUIRE(exact_range.hi <= r.hi);
            // And random exact points of the boxes.
            for (int p = 0; p < 3; ++p) {
                Q s = 0;
                for (size_t k = 0; k < len; ++k) {
                    auto point = [](const Interval& x) {
                        const Q l = exact(lo(x).backend().data()), h = exact(hi(x).backend().data());
                        return l + (h - l) * Q(uniform(0, 1 << 20), 1 << 20);
                    };
                    s += point(a[k]) * point(b[k]);
                }
                REQUIRE(r.lo <= s);
                REQUIRE(s <= r.hi);
            }
            fixed_runs += r.parts.fixed_point;
            ++total;
        }
    }
    // Every run took the fixed-point path (exponents in range, <= 8 limbs).
    REQUIRE(fixed_runs == total);
}

TEST_CASE("BallDot: the fixed-point sum is within (-n_neg u, n_pos u) of the exact sum", "[balldot]") {
    for (unsigned bits : {53u, 64u, 128u, 200u, 256u, 512u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 100; ++rep) {
            const size_t len = static_cast<size_t>(uniform(1, 64));
            std::vector<Interval> a, b;
            Q sum = 0;
            for (size_t k = 0; k < len; ++k) {
                const Q x = dyadic(bits, uniform(-60, 20)), y = dyadic(bits, uniform(-60, 20));
                a.push_back(Interval(real_at(x, bits), real_at(x, bits)));
                b.push_back(Interval(real_at(y, bits), real_at(y, bits)));
                sum += x * y;
            }
            const Result r = ball_dot(a, b);
            REQUIRE(r.parts.fixed_point);
            REQUIRE(r.parts.rho == 0);  // thin inputs: no radius
            REQUIRE(r.parts.n_pos + r.parts.n_neg == len);
            const Q u = pow2(r.parts.unit_exp);
            INFO(bits << " bits, length " << len);
            // Strict when the count is positive; 0 when there is no such product.
            const Q above = sum - r.X, below = r.X - sum;
            REQUIRE(above <= Q(static_cast<long>(r.parts.n_pos)) * u);
            REQUIRE(below <= Q(static_cast<long>(r.parts.n_neg)) * u);
            if (r.parts.n_pos > 0) REQUIRE(above < Q(static_cast<long>(r.parts.n_pos)) * u);
            if (r.parts.n_neg > 0) REQUIRE(below < Q(static_cast<long>(r.parts.n_neg)) * u);
            REQUIRE(r.lo <= sum);
            REQUIRE(sum <= r.hi);
        }
    }
}

TEST_CASE("BallDot under cancellation: the truncation bound is attained to 2^-59 units", "[balldot]") {
    // (At 64 bits the truncation drops a single bit, half a unit: from 128 on
    // it drops 65 or more, all ones.)
    for (unsigned bits : {128u, 192u, 256u, 512u}) {
        PrecisionScope scope(bits);
        const long p = static_cast<long>(bits);
        // (1 - 2^-p)(1 + 2^(1-p)) = 1 + 2^-p - 2^(1-2p): its significand product
        // 2^(2p-1) + 2^(p-1) - 1 ends in p - 1 one bits, all below the unit
        // (the truncation drops p - 63 of them: almost one unit). The -1 * 1
        // terms are exact and cancel the leading 1s.
        const Q ones = 1 - pow2(-p), one_and = 1 + pow2(1 - p);
        for (int sign : {1, -1}) {
            for (size_t k : {size_t(1), size_t(7), size_t(32)}) {
                std::vector<Interval> a, b;
                Q sum = 0, abs_sum = 0;
                for (size_t i = 0; i < k; ++i) {
                    a.push_back(Interval(real_at(sign * ones, bits), real_at(sign * ones, bits)));
                    b.push_back(Interval(real_at(one_and, bits), real_at(one_and, bits)));
                    a.push_back(Interval(real_at(Q(-sign), bits), real_at(Q(-sign), bits)));
                    b.push_back(Interval(real_at(Q(1), bits), real_at(Q(1), bits)));
                    sum += sign * ones * one_and - sign;
                    abs_sum += ones * one_and + 1;
                }
                const Result r = ball_dot(a, b);
                INFO(bits << " bits, " << k << " pairs, sign " << sign);
                REQUIRE(r.parts.fixed_point);
                const Q u = pow2(r.parts.unit_exp);
                REQUIRE(r.lo <= sum);
                REQUIRE(sum <= r.hi);
                // The truncated products all err the same way, by 1 - 2^(63-p) units each:
                // an error term of (count - 1) units would exclude the exact sum.
                const Q n = Q(static_cast<long>(k));
                if (sign > 0) {
                    REQUIRE(sum - r.X > (n - pow2(-59)) * u);
                    REQUIRE(sum > r.X + (n - 1) * u);
                    // hi = RU(X + n u): within 2^-59 units and one rounding of the exact sum.
                    REQUIRE(r.hi - sum < pow2(-59) * u + pow2(8 - 2 * p));
                } else {
                    REQUIRE(r.X - sum > (n - pow2(-59)) * u);
                    REQUIRE(sum < r.X - (n - 1) * u);
                }
                // The enclosure is 2^60 times narrower than the standard a-priori
                // bound gamma_n sum |a b| >= n 2^-p sum |a b| of a rounded dot product.
                REQUIRE((r.hi - r.lo) * pow2(60) < Q(static_cast<long>(2 * k)) * pow2(-p) * abs_sum);
            }
        }
    }
}

TEST_CASE("BallDot falls back to the endpoint kernel when its hypotheses fail", "[balldot]") {
    SECTION("640 bits: more than 8 limbs") {
        PrecisionScope scope(640);
        std::vector<Interval> a, b;
        for (int k = 0; k < 10; ++k) {
            a.push_back(random_interval(640, -20, 20));
            b.push_back(random_interval(640, -20, 20));
        }
        const Range e = dot_range(a, b);
        const Result r = ball_dot(a, b);
        REQUIRE_FALSE(r.parts.fixed_point);
        REQUIRE(r.lo <= e.lo);
        REQUIRE(e.hi <= r.hi);
    }
    SECTION("an exponent beyond 2^20, and an infinite end: the operand is refused") {
        PrecisionScope scope(128);
        std::vector<Interval> a{make_interval(1L), make_interval(2L)}, b{make_interval(3L), make_interval(4L)};
        Real big = new_real();
        mpfr_set_ui_2exp(big.backend().data(), 1, (1L << 20) + 5, MPFR_RNDN);
        a[1] = Interval(big, big);
        bool prepared = true;
        Result r = ball_dot(a, b, &prepared);
        REQUIRE_FALSE(prepared);
        const Q exact_sum = 3 + exact(big.backend().data()) * 4;
        REQUIRE(r.lo <= exact_sum);
        REQUIRE(exact_sum <= r.hi);
        Real inf = new_real();
        mpfr_set_inf(inf.backend().data(), 1);
        a[1] = Interval(make_interval(0L).lower(), inf);
        BallOperand A;
        REQUIRE_FALSE(A.assign(a.size(), [&](size_t k) { return &a[k]; }));
    }
    SECTION("a unit below 2^-1000: the dot product is evaluated by endpoints") {
        PrecisionScope scope(128);
        std::vector<Interval> a, b;
        Q sum = 0;
        for (int k = 0; k < 5; ++k) {
            const Q x = dyadic(128, -500), y = dyadic(128, -480);
            a.push_back(Interval(real_at(x, 128), real_at(x, 128)));
            b.push_back(Interval(real_at(y, 128), real_at(y, 128)));
            sum += x * y;
        }
        const Result r = ball_dot(a, b);
        REQUIRE_FALSE(r.parts.fixed_point);
        REQUIRE(r.lo <= sum);
        REQUIRE(sum <= r.hi);
    }
}

namespace {

// The midpoint of a prepared entry, exactly: sign M 2^(exp - 64 L).
Q entry_midpoint(const BallEntry& e, unsigned bits) {
    if (e.sign == 0) return 0;
    const size_t L = (bits + 63) / 64;
    Integer M = 0;
    for (size_t j = L; j-- > 0;) {
        M <<= 64;
        M += Integer(static_cast<unsigned long>(e.limbs[j]));
    }
    const Q m = Q(M) * pow2(static_cast<long>(e.exp) - 64 * static_cast<long>(L));
    return e.sign > 0 ? m : Q(-m);
}

Q exact_double(double x) {
    Real r;
    mpfr_set_prec(r.backend().data(), 53);
    mpfr_set_d(r.backend().data(), x, MPFR_RNDN);
    return to_rational(r);
}

// x is the least double >= t (t >= 0; +infinity above the largest double).
bool least_double_above(double x, const Q& t) {
    if (std::isinf(x)) return t > exact_double(DBL_MAX);
    if (exact_double(x) < t) return false;
    if (x == 0) return t == 0;
    return exact_double(std::nextafter(x, 0.0)) < t;
}

}  // namespace

TEST_CASE("BallOperand: narrow intervals' radius and |m| are the least doubles above the exact ones", "[balldot]") {
    // Ends at working precision, one exponent (the limb path of docs/math.md
    // 3.1, "Narrow intervals") and across binades, wide ones and exponents
    // beyond the double range (MPFR's conversions): every radius is the least
    // double >= max(hi - m, m - lo), every magnitude the least double >= |m|.
    long narrow = 0, total = 0;
    for (unsigned bits : {53u, 64u, 128u, 200u, 256u, 512u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 400; ++rep) {
            const long e = rep % 10 == 0 ? uniform(-1200, 1030) : uniform(-300, 300);
            const Q c = dyadic(bits, e);
            const long shift = uniform(0, 3) == 0 ? uniform(60, 80) : uniform(0, 20);
            const Q w = pow2(e - static_cast<long>(bits) + shift) * Q(uniform(0, 1000));
            Real l = new_real(), h = new_real();
            mpfr_set_q(l.backend().data(), Q(c - w).backend().data(), MPFR_RNDD);
            mpfr_set_q(h.backend().data(), c.backend().data(), MPFR_RNDU);
            const Interval x(l, h);
            BallOperand op;
            REQUIRE(op.assign(1, [&](size_t) { return &x; }));
            const BallEntry& b = op[0];
            const Q lo = exact(l.backend().data()), hi = exact(h.backend().data()), m = entry_midpoint(b, bits);
            INFO(bits << " bits, exponent " << e << ", shift " << shift);
            REQUIRE(lo <= m);
            REQUIRE(m <= hi);
            if (lo != hi) {
                // m = RN((lo + hi) / 2) at working precision (the limb midpoint's oracle).
                Real mid = new_real();
                const Q half = (lo + hi) / 2;
                mpfr_set_q(mid.backend().data(), half.backend().data(), MPFR_RNDN);
                REQUIRE(m == exact(mid.backend().data()));
            }
            REQUIRE(least_double_above(b.rad, std::max<Q>(hi - m, m - lo)));
            REQUIRE(least_double_above(b.mag, m < 0 ? Q(-m) : m));
            if (mpfr_get_exp(l.backend().data()) == mpfr_get_exp(h.backend().data()) && lo != hi && lo * hi > 0 &&
                std::abs(e) < 900)
                ++narrow;
            ++total;
        }
    }
    REQUIRE(narrow > total / 2);  // the limb path was exercised
}

TEST_CASE("BallDot: a zero midpoint times balls stays exactly 0; long sums carry exactly", "[balldot]") {
    for (unsigned bits : {53u, 128u, 192u, 256u}) {
        PrecisionScope scope(bits);
        // [0, 0] times narrow balls: every radius term has a zero factor.
        for (int rep = 0; rep < 50; ++rep) {
            const size_t len = static_cast<size_t>(uniform(1, 20));
            std::vector<Interval> a, b;
            for (size_t k = 0; k < len; ++k) {
                a.push_back(make_interval(0L));
                const Q c = dyadic(bits, uniform(-40, 40));
                Real l = new_real(), h = new_real();
                mpfr_set_q(l.backend().data(), c.backend().data(), MPFR_RNDD);
                mpfr_nextbelow(l.backend().data());
                mpfr_set_q(h.backend().data(), c.backend().data(), MPFR_RNDU);
                b.push_back(Interval(l, h));
            }
            const Result r = ball_dot(a, b);
            REQUIRE(r.lo == 0);
            REQUIRE(r.hi == 0);
        }
        // Long sums of products with all-ones significands and mixed signs
        // (every accumulator limb carries), thin and narrow: the fixed-point
        // sum within (-n_neg u, n_pos u) of the exact one, the ends at least
        // as tight as RD(X - RU(n_neg u + rho)), RU(X + RU(n_pos u + rho)) in
        // MPFR (the MPFR ends of docs/math.md 3.1), and containing the range.
        for (int rep = 0; rep < 12; ++rep) {
            const size_t len = static_cast<size_t>(uniform(100, 3000));
            const bool narrow = rep % 2 == 1;
            std::vector<Interval> a, b;
            Q sum = 0;
            const Q ones = Q(Integer(1) << bits) - 1;
            for (size_t k = 0; k < len; ++k) {
                const long p = static_cast<long>(bits);
            const Q x = ones * pow2(uniform(-p - 3, -p)) * (uniform(0, 1) ? 1 : -1);
                const Q y = (uniform(0, 3) == 0 ? dyadic(bits, uniform(-2, 2)) : ones * pow2(-p)) *
                            (uniform(0, 1) ? 1 : -1);
                Real xr = real_at(x, bits);
                Real xl = xr, xh = xr;
                if (narrow) mpfr_nextbelow(xl.backend().data());
                a.push_back(Interval(xl, xh));
                b.push_back(Interval(real_at(y, bits), real_at(y, bits)));
                sum += x * y;
            }
            const Range range = dot_range(a, b);
            const Result r = ball_dot(a, b);
            INFO(bits << " bits, length " << len << (narrow ? ", narrow" : ", thin"));
            REQUIRE(r.parts.fixed_point);
            REQUIRE(r.lo <= range.lo);
            REQUIRE(range.hi <= r.hi);
            const Q u = pow2(r.parts.unit_exp);
            if (!narrow) {
                REQUIRE(sum - r.X < Q(static_cast<long>(r.parts.n_pos) + 1) * u);
                REQUIRE(r.X - sum < Q(static_cast<long>(r.parts.n_neg) + 1) * u);
            }
            Real X, lo_ref = new_real(), hi_ref = new_real();
            // (r.parts.X pointed into the helper's BallDot: X from its exact copy r.X)
            mpfr_set_prec(X.backend().data(), static_cast<mpfr_prec_t>(64 * ((bits + 63) / 64 + 2)));
            REQUIRE(mpfr_set_q(X.backend().data(), r.X.backend().data(), MPFR_RNDN) == 0);
            const double unit = std::ldexp(1.0, static_cast<int>(r.parts.unit_exp));
            mpfr_sub_d(lo_ref.backend().data(), X.backend().data(),
                       up_add(static_cast<double>(r.parts.n_neg) * unit, r.parts.rho), MPFR_RNDD);
            mpfr_add_d(hi_ref.backend().data(), X.backend().data(),
                       up_add(static_cast<double>(r.parts.n_pos) * unit, r.parts.rho), MPFR_RNDU);
            REQUIRE(r.lo >= to_rational(lo_ref));
            REQUIRE(r.hi <= to_rational(hi_ref));
        }
    }
}

TEST_CASE("plus_subnormal_tail_up bounds s + n 2^-1074 from above", "[balldot]") {
    std::vector<double> values = {0.0, DBL_TRUE_MIN, DBL_MIN, 0x1p-900, std::nextafter(0x1p-900, 0.0), 1.0, DBL_MAX};
    for (int k = 0; k < 300; ++k)
        values.push_back(std::ldexp(static_cast<double>(engine()() >> 11), static_cast<int>(uniform(-1130, 960))));
    const std::uint64_t counts[] = {0, 1, 2, 3, 1000, std::uint64_t(1) << 30, std::uint64_t(1) << 40};
    for (double s : values)
        for (std::uint64_t n : counts) {
            const double b = plus_subnormal_tail_up(s, n);
            if (std::isinf(b)) continue;  // +infinity bounds everything
            REQUIRE(exact_double(b) >= exact_double(s) + Q(static_cast<long>(n)) * pow2(-1074));
            if (n == 0) REQUIRE(b <= std::nextafter(s, HUGE_VAL));
        }
}

TEST_CASE("BallDot: the ends are the integer sum's ends rounded outward once", "[balldot]") {
    // lo = RD((X/u - n_neg - C) u), hi = RU((X/u + n_pos + C) u) with C =
    // ceil(rho / u) (docs/math.md 3.1, "The enclosure"), recomputed here in
    // exact rationals and rounded by MPFR's mpfr_set_q: equal to the kernel's
    // own rounding of its integer, at precisions with and without spare bits.
    long compared = 0;
    for (unsigned bits : {53u, 64u, 100u, 128u, 200u, 256u, 512u}) {
        PrecisionScope scope(bits);
        const long W = static_cast<long>((bits + 63) / 64) + 2;
        for (int rep = 0; rep < 300; ++rep) {
            const size_t len = static_cast<size_t>(uniform(1, 40));
            std::vector<Interval> a, b;
            for (size_t k = 0; k < len; ++k) {
                a.push_back(random_interval(bits, -30, 10));
                b.push_back(random_interval(bits, -30, 10));
            }
            const Result r = ball_dot(a, b);
            if (!r.parts.fixed_point || r.parts.n_pos + r.parts.n_neg == 0) continue;
            const Q u = pow2(r.parts.unit_exp);
            const Q rho_units = exact_double(r.parts.rho) / u;
            Integer C = 0;
            {
                // ceil of a non-negative rational
                mpz_t q;
                mpz_init(q);
                mpz_cdiv_q(q, mpq_numref(rho_units.backend().data()), mpq_denref(rho_units.backend().data()));
                C = Integer(q);
                mpz_clear(q);
            }
            if (C >= (Integer(1) << static_cast<unsigned>(64 * W - 3))) continue;  // the MPFR ends instead
            const Q low = r.X - (Q(static_cast<long>(r.parts.n_neg)) + Q(C)) * u;
            const Q high = r.X + (Q(static_cast<long>(r.parts.n_pos)) + Q(C)) * u;
            Real lo_ref = new_real(), hi_ref = new_real();
            mpfr_set_q(lo_ref.backend().data(), low.backend().data(), MPFR_RNDD);
            mpfr_set_q(hi_ref.backend().data(), high.backend().data(), MPFR_RNDU);
            INFO(bits << " bits, length " << len);
            REQUIRE(r.lo == to_rational(lo_ref));
            REQUIRE(r.hi == to_rational(hi_ref));
            ++compared;
        }
    }
    REQUIRE(compared > 1000);
}

namespace {

// floor(q) for a rational q >= 0.
Integer floor_nonneg(const Q& q) {
    mpz_t f;
    mpz_init(f);
    mpz_fdiv_q(f, mpq_numref(q.backend().data()), mpq_denref(q.backend().data()));
    Integer r(f);
    mpz_clear(f);
    return r;
}

// A working-precision number with a random significand (all ones now and
// then: every limb of the products and of the sum carries) and exponent e.
Q random_significand(unsigned bits, long e, bool all_ones) {
    if (all_ones) return (1 - pow2(-static_cast<long>(bits))) * pow2(e);
    return dyadic(bits, e);
}

}  // namespace

TEST_CASE("BallDot: the fixed-point sum is exactly the sum of the truncated products (Lemma K2)", "[balldot]") {
    // X = u (sum_pos floor(|m_x m_y| / u) - sum_neg floor(|m_x m_y| / u)),
    // u = 2^(E - 64 L - 64), recomputed here in exact rationals: the
    // kernel's value itself, not only its error bound (the 4-limb carry
    // chain of the 2-limb path and the carry-save words of the others).
    // Exponent spreads up to 300 bits (T's limbs from every q = d / 64, and
    // products below one unit), zero entries, all-ones significands, mixed
    // signs, lengths up to 3000.
    long checked = 0;
    for (unsigned bits : {53u, 64u, 100u, 128u, 192u, 256u, 512u}) {
        PrecisionScope scope(bits);
        const long L = static_cast<long>((bits + 63) / 64);
        for (int rep = 0; rep < 80; ++rep) {
            const size_t len = static_cast<size_t>(rep % 8 == 7 ? uniform(1000, 3000) : uniform(1, 40));
            const long spread = rep % 4 == 0 ? 0 : rep % 4 == 1 ? 70 : rep % 4 == 2 ? 150 : 300;
            const bool ones = rep % 3 == 0;
            std::vector<Interval> a, b;
            std::vector<Q> xs, ys;
            for (size_t k = 0; k < len; ++k) {
                Q x = uniform(0, 15) == 0 ? Q(0) : random_significand(bits, -uniform(0, spread), ones);
                Q y = uniform(0, 15) == 0 ? Q(0) : random_significand(bits, -uniform(0, spread), ones);
                if (uniform(0, 1)) x = -x;
                if (uniform(0, 1)) y = -y;
                a.push_back(Interval(real_at(x, bits), real_at(x, bits)));
                b.push_back(Interval(real_at(y, bits), real_at(y, bits)));
                xs.push_back(x);
                ys.push_back(y);
            }
            const Result r = ball_dot(a, b);
            REQUIRE(r.parts.fixed_point);
            // E from the exact midpoints: |m| in [2^(e-1), 2^e).
            long E = LONG_MIN;
            size_t pos = 0, neg = 0;
            for (size_t k = 0; k < len; ++k) {
                if (xs[k] == 0 || ys[k] == 0) continue;
                const long ex = mpfr_get_exp(lo(a[k]).backend().data()), ey = mpfr_get_exp(lo(b[k]).backend().data());
                E = std::max(E, ex + ey);
                (xs[k] * ys[k] > 0 ? pos : neg) += 1;
            }
            INFO(bits << " bits, length " << len << ", spread " << spread << (ones ? ", all ones" : ""));
            REQUIRE(r.parts.n_pos == pos);
            REQUIRE(r.parts.n_neg == neg);
            if (E == LONG_MIN) {
                REQUIRE(r.X == 0);
                continue;
            }
            REQUIRE(r.parts.unit_exp == E - 64 * L - 64);
            const Q u = pow2(r.parts.unit_exp);
            Integer units = 0;
            for (size_t k = 0; k < len; ++k) {
                const Q p = xs[k] * ys[k];
                if (p > 0) units += floor_nonneg(p / u);
                if (p < 0) units -= floor_nonneg(-p / u);
            }
            REQUIRE(r.X == Q(units) * u);
            ++checked;
        }
    }
    REQUIRE(checked > 500);
}

TEST_CASE("BallDot: rho bounds the exact radius sum, also when a chain's plain sum underflows to 0", "[balldot]") {
    // rho >= sum_k |m_x| r_y + r_x (|m_y| + r_y) (Lemma K1) with the entries'
    // own midpoints and radii, exactly; thin on one side, on the other, on
    // both (rho = 0), and terms whose double products underflow to 0 while
    // both factors are non-zero (the chain must still be bounded, not taken
    // as exactly 0).
    long checked = 0, underflowed = 0;
    for (unsigned bits : {64u, 128u, 256u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 200; ++rep) {
            const size_t len = static_cast<size_t>(uniform(1, 24));
            // 0: both balls, 1: thin right, 2: thin left; 3, 4, 5: tiny terms, both
            // balls, thin left (chain 2 exactly 0), thin right (chain 1 exactly 0).
            const int shape = rep % 6;
            std::vector<Interval> a, b;
            auto ball = [&](bool thin, long e) {
                const Q c = dyadic(bits, e);
                if (thin) return Interval(real_at(c, bits), real_at(c, bits));
                Real l = new_real(), h = new_real();
                mpfr_set_q(l.backend().data(), c.backend().data(), MPFR_RNDD);
                mpfr_set_q(h.backend().data(), c.backend().data(), MPFR_RNDU);
                for (long s = uniform(1, 4); s > 0; --s) mpfr_nextbelow(l.backend().data());
                return Interval(l, h);
            };
            for (size_t k = 0; k < len; ++k) {
                if (shape >= 3) {
                    // One large thin term keeps the unit in range; the others have
                    // |m| ~ 2^-500 and radii ~ 2^-500 2^-p: |m| r below 2^-1074 (from
                    // 128 bits on), so a chain's plain sum is 0 although its exact
                    // sum is not; with one side thin, the other chain is exactly 0
                    // and rho rests on the underflowed chain alone.
                    const bool big = k == 0;
                    a.push_back(big ? ball(true, 1) : ball(shape == 4, -500));
                    b.push_back(big ? ball(true, 1) : ball(shape == 5, -500));
                } else {
                    a.push_back(uniform(0, 9) == 0 ? make_interval(0L) : ball(shape == 2, uniform(-20, 20)));
                    b.push_back(uniform(0, 9) == 0 ? make_interval(0L) : ball(shape == 1, uniform(-20, 20)));
                }
            }
            BallOperand A, B;
            REQUIRE(A.assign(a.size(), [&](size_t k) { return &a[k]; }));
            REQUIRE(B.assign(b.size(), [&](size_t k) { return &b[k]; }));
            BallDot dot;
            Real l = new_real(), h = new_real();
            dot.dot(A.data(), 1, B.data(), 1, len, l.backend().data(), h.backend().data());
            const BallDot::Parts parts = dot.parts();
            REQUIRE(parts.fixed_point);
            Q radius = 0;
            bool some_radius = false;
            for (size_t k = 0; k < len; ++k) {
                const Q mx = entry_midpoint(A[k], bits), my = entry_midpoint(B[k], bits);
                const Q rx = exact_double(A[k].rad), ry = exact_double(B[k].rad);
                radius += (mx < 0 ? Q(-mx) : mx) * ry + rx * ((my < 0 ? Q(-my) : my) + ry);
                some_radius = some_radius || A[k].rad != 0 || B[k].rad != 0;
                if ((A[k].mag != 0 && B[k].rad != 0 && A[k].mag * B[k].rad == 0) ||
                    (A[k].rad != 0 && B[k].mag_rad != 0 && A[k].rad * B[k].mag_rad == 0))
                    ++underflowed;
            }
            INFO(bits << " bits, shape " << shape << ", length " << len);
            REQUIRE(exact_double(parts.rho) >= radius);
            if (!some_radius) REQUIRE(parts.rho == 0);
            // And the enclosure contains the exact range.
            const Range e = dot_range(a, b);
            REQUIRE(to_rational(l) <= e.lo);
            REQUIRE(e.hi <= to_rational(h));
            ++checked;
        }
    }
    REQUIRE(checked == 600);
    REQUIRE(underflowed > 300);  // the underflowing chains were exercised
}

TEST_CASE("BallDot: an integer end whose only dropped bit is in its lowest limb rounds outward", "[balldot]") {
    // Eight products (-1)(1) (each 2^(64 L + 62) units) and one of 7 units:
    // X/u = -2^(64 L + 65) + 7, n_neg = 8, so the lower end's integer is
    // -(2^(64 L + 65) + 1): 64 (L + 2) - 62 bits, normalised by 62 bits, its
    // one low bit in the lowest of the two dropped limbs. RD must step away
    // from 0 (the same end as mpfr_set_q of the exact integer end).
    for (unsigned bits : {64u, 100u, 128u, 192u, 256u, 512u}) {
        PrecisionScope scope(bits);
        const long L = static_cast<long>((bits + 63) / 64);
        std::vector<Interval> a, b;
        for (int k = 0; k < 8; ++k) {
            a.push_back(make_interval(-1L));
            b.push_back(make_interval(1L));
        }
        const Q s = pow2(1 - 32 * L - 32);
        a.push_back(Interval(real_at(7 * s, bits), real_at(7 * s, bits)));
        b.push_back(Interval(real_at(s, bits), real_at(s, bits)));
        const Result r = ball_dot(a, b);
        INFO(bits << " bits");
        REQUIRE(r.parts.fixed_point);
        REQUIRE(r.parts.unit_exp == 2 - 64 * L - 64);
        const Q u = pow2(r.parts.unit_exp);
        REQUIRE(r.X == (7 - pow2(64 * L + 65)) * u);
        const Q low = r.X - 8 * u, high = r.X + 1 * u;
        Real lo_ref = new_real(), hi_ref = new_real();
        mpfr_set_q(lo_ref.backend().data(), low.backend().data(), MPFR_RNDD);
        mpfr_set_q(hi_ref.backend().data(), high.backend().data(), MPFR_RNDU);
        REQUIRE(to_rational(lo_ref) < low);  // inexact: the end is not representable
        REQUIRE(r.lo == to_rational(lo_ref));
        REQUIRE(r.hi == to_rational(hi_ref));
    }
}

// ---- one more term: add_point and round_nearest (docs/math.md 3.2, "One more term") ----
//
// Against exact rationals and MPFR:
//   - random point vectors at 53 .. 512 bits plus a point c far above every
//     product (the unit raised: shifts of a few bits up to past the whole
//     accumulator), about equal, or far below (truncated, or below one
//     unit), zero products, zero c: the exact sum s = sum_k a_k b_k -+ c lies
//     in [X - n_neg u, X + n_pos u], checked exactly; a unit beyond 2^900 is
//     refused;
//   - a case built to make that bound tight (truncations of almost a unit in
//     one direction), and exact ties (round to even);
//   - round_nearest(+-) is MPFR's rounding to nearest of +-X, and |RN(X) - s|
//     is within half an ulp plus max(n_pos, n_neg) u (Lemma C's (C1) pattern).

namespace {

using Limb = mp_limb_t;

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


// The point operands of sum_k a_k b_k and the extra term c.
struct PointSum {
    BallOperand A, B, C;
    PointSum(const std::vector<Real>& a, const std::vector<Real>& b, const Real& c) {
        REQUIRE(A.assign_points(a.size(), [&](size_t k) { return &a[k]; }));
        REQUIRE(B.assign_points(b.size(), [&](size_t k) { return &b[k]; }));
        REQUIRE(C.assign_points(1, [&](size_t) { return &c; }));
    }
    // exact_sum of the products on this thread's accumulator.
    BallDot& sum() {
        BallDot& dot = BallDot::for_this_thread();
        REQUIRE(dot.exact_sum(A.data(), 1, B.data(), 1, A.size()));
        return dot;
    }
};

// Runs exact_sum + add_point on a, b, c and checks the containment, the
// rounding and the error bound.
void check_point_sum(const std::vector<Real>& a, const std::vector<Real>& b, const Real& c, bool negate) {
    const size_t n = a.size();
    PointSum ps(a, b, c);
    BallOperand &A = ps.A, &B = ps.B, &C = ps.C;
    BallDot& dot = ps.sum();
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
            check_point_sum(a, b, c, rep % 2 == 1);
            ++cases;
        }
    }
    {
        // A point whose unit would be beyond 2^900: add_point refuses.
        PrecisionScope scope(128);
        const std::vector<Real> a{random_point(0)}, b{random_point(0)};
        const Real c = random_point(1200);
        PointSum ps(a, b, c);
        BallDot& dot = ps.sum();
        CHECK_FALSE(dot.add_point(ps.C[0], false));
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
                check_point_sum({half}, {one}, c, false);
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
    PointSum ps(a, b, c);
    BallDot& dot = ps.sum();
    REQUIRE(dot.add_point(ps.C[0], false));
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
    check_point_sum(a, b, c, false);
}
