// The in-place interval kernels (number/interval_kernels.hpp: accumulate_product,
// accumulate_square, IntervalDot) and the interval matrix products built on them
// (linalg/matrix.hpp: multiply, multiply_transposed, transposed_multiply for
// Matrix<Interval>, src/matrix_kernels.cpp), against two oracles:
//   - exact rationals: the endpoints are random dyadic rationals with at most
//     `bits` significant bits (so exactly representable), every corner product
//     is computed exactly, and the exact range of a x b is the hull of the four
//     corner products; the range of a dot product (independent factors) is the
//     sum of the ranges of its terms;
//   - MPFI (mpfi_mul, mpfi_sqr, mpfi_add at the same precision), an
//     independent implementation of tightest interval operations.
// Every sign case: a > 0, a < 0, lo < 0 < hi, zero width (lo = hi != 0),
// [0, hi], [lo, 0], [0, 0], and [-0, hi] (a negative zero end), for both
// factors, at 53, 113 and 256 bits, plus inputs with more bits than the
// working precision. Required:
//   - containment, the header's guarantee: [lo, hi] contains
//     [lo0, hi0] + { x y : x in a, y in b } (resp. { x^2 : x in a }), checked
//     against the exact range, every corner combination of a dot product, and
//     random exact points of the factors;
//   - tightness where the answer is known: a single product (or square)
//     accumulated from [0, 0] is the exact range rounded outward ("min(a b)
//     rounded down, max(a b) rounded up"), endpoint for endpoint equal to
//     MPFI's mpfi_mul (mpfi_sqr);
//   - with a non-zero accumulator, unless both factors straddle 0, each end
//     is one correctly rounded fused multiply-add, RD(lo0 + min) and
//     RU(hi0 + max) (the implementation's stated rounding; for IntervalDot
//     the chain of those roundings, simulated exactly); for a square the
//     lower end always is;
//   - in every case the result lies inside MPFI's mpfi_mul + mpfi_add (two
//     roundings per term): never looser than the naive interval evaluation.
// The matrix products (the midpoint-radius kernel, number/ball_dot.hpp) must
// contain the exact range of every entry and the exact product of member
// matrices (corners and random points), and be at most 3/2 as wide as the
// exact range plus roundings; IntervalDot over k = 0, 1, ... must contain the
// range and lie inside MPFI's naive evaluation;
// multiply_transposed(A, A) (dependent entries) must contain every member's
// A A^T.
// (Over 500 lines on purpose: every sign case of every kernel at three precisions, each against two oracles.)
#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/interval_kernels.hpp"

#include <catch2/catch.hpp>
#include "support/mpfi.hpp"

#include <mpfi.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace lrcert;

using lrcert::test::Mpfi;
using lrcert::test::to_mpfi;

namespace {

using Q = Rational;

// ---- raw MPFR / MPFI holders -----------------------------------------------------

class Raw {
public:
    explicit Raw(unsigned bits) { mpfr_init2(v_, static_cast<mpfr_prec_t>(bits)); }
    ~Raw() { mpfr_clear(v_); }
    Raw(const Raw&) = delete;
    Raw& operator=(const Raw&) = delete;
    mpfr_ptr get() { return v_; }
    mpfr_srcptr get() const { return v_; }

private:
    mpfr_t v_;
};

Q exact(mpfr_srcptr x) {
    Real r;
    mpfr_set_prec(r.backend().data(), mpfr_get_prec(x));
    mpfr_set(r.backend().data(), x, MPFR_RNDN);
    return to_rational(r);
}

std::string hex(mpfr_srcptr x) {
    char buf[200];
    mpfr_snprintf(buf, sizeof buf, "%Ra", x);
    return buf;
}

std::string show(const Interval& x) {
    return "[" + hex(x.lower().backend().data()) + ", " + hex(x.upper().backend().data()) + "]";
}

// q rounded in direction rnd to `bits` bits, as an MPFR number.
bool equals_rounded(mpfr_srcptr x, const Q& q, mpfr_rnd_t rnd, unsigned bits) {
    Raw r(bits);
    mpfr_set_q(r.get(), q.backend().data(), rnd);
    return mpfr_equal_p(x, r.get()) != 0;
}

// ---- random dyadic intervals of every sign class ----------------------------------

std::mt19937_64& engine() {
    static std::mt19937_64 e(0x5eed1234u);
    return e;
}

long uniform(long first, long last) {
    return first + static_cast<long>(engine()() % static_cast<std::uint64_t>(last - first + 1));
}

// A positive dyadic rational with at most `bits` significant bits, exponent
// spread over [-bits - 40, 40].
Q positive_dyadic(unsigned bits) {
    const unsigned nb = static_cast<unsigned>(uniform(1, static_cast<long>(bits)));
    Integer mant = 0;
    for (unsigned have = 0; have < nb; have += 64) {
        mant <<= 64;
        mant += Integer(engine()());
    }
    mant >>= ((nb + 63) / 64) * 64 - nb;
    mant |= Integer(1) << (nb - 1);
    const long e = uniform(-static_cast<long>(bits) - 40, 40) - static_cast<long>(nb);
    return e >= 0 ? Q(Integer(mant << static_cast<unsigned>(e))) : Q(mant, Integer(1) << static_cast<unsigned>(-e));
}

enum class Sign { positive, negative, straddle, thin, zero_lo, zero_hi, zero, negzero_lo };
const Sign kSigns[] = {Sign::positive, Sign::negative, Sign::straddle, Sign::thin,
                       Sign::zero_lo,  Sign::zero_hi,  Sign::zero,     Sign::negzero_lo};

const char* name(Sign s) {
    switch (s) {
        case Sign::positive: return "positive";
        case Sign::negative: return "negative";
        case Sign::straddle: return "straddle";
        case Sign::thin: return "thin";
        case Sign::zero_lo: return "[0, b]";
        case Sign::zero_hi: return "[a, 0]";
        case Sign::zero: return "[0, 0]";
        default: return "[-0, b]";
    }
}

bool straddles(Sign s) { return s == Sign::straddle; }

// A Real of exactly `bits` bits equal to q (q must be representable).
Real real_at(const Q& q, unsigned bits) {
    Real r;
    mpfr_set_prec(r.backend().data(), static_cast<mpfr_prec_t>(bits));
    REQUIRE(mpfr_set_q(r.backend().data(), q.backend().data(), MPFR_RNDN) == 0);
    return r;
}

Real zero_at(unsigned bits, int sign) {
    Real r;
    mpfr_set_prec(r.backend().data(), static_cast<mpfr_prec_t>(bits));
    mpfr_set_zero(r.backend().data(), sign);
    return r;
}

Interval random_interval(Sign s, unsigned bits) {
    auto pair = [&](Q a, Q b) {
        if (b < a) std::swap(a, b);
        return Interval(real_at(a, bits), real_at(b, bits));
    };
    switch (s) {
        case Sign::positive: return pair(positive_dyadic(bits), positive_dyadic(bits));
        case Sign::negative: return pair(-positive_dyadic(bits), -positive_dyadic(bits));
        case Sign::straddle: return pair(-positive_dyadic(bits), positive_dyadic(bits));
        case Sign::thin: {
            Q q = uniform(0, 1) ? positive_dyadic(bits) : Q(-positive_dyadic(bits));
            return Interval(real_at(q, bits), real_at(q, bits));
        }
        case Sign::zero_lo: return Interval(zero_at(bits, 1), real_at(positive_dyadic(bits), bits));
        case Sign::zero_hi: return Interval(real_at(-positive_dyadic(bits), bits), zero_at(bits, 1));
        case Sign::zero: return Interval(zero_at(bits, 1), zero_at(bits, 1));
        default: return Interval(zero_at(bits, -1), real_at(positive_dyadic(bits), bits));
    }
}

// An arbitrary accumulator [c_lo, c_hi] (any signs).
Interval random_accumulator(unsigned bits) {
    static const Sign kinds[] = {Sign::positive, Sign::negative, Sign::straddle, Sign::thin, Sign::zero};
    return random_interval(kinds[uniform(0, 4)], bits);
}

// An exact point of [lo, hi] (dyadic endpoints): lo + t (hi - lo), t in [0, 1].
Q random_point(const Interval& x) {
    const Q l = to_rational(lo(x)), u = to_rational(hi(x));
    return l + (u - l) * Q(uniform(0, 1 << 16), 1 << 16);
}

// ---- exact ranges ----------------------------------------------------------------

struct Range {
    Q lo, hi;
};

Range product_range(const Interval& a, const Interval& b) {
    const Q al = to_rational(lo(a)), ah = to_rational(hi(a)), bl = to_rational(lo(b)), bh = to_rational(hi(b));
    const Q c[] = {al * bl, al * bh, ah * bl, ah * bh};
    return {*std::min_element(std::begin(c), std::end(c)), *std::max_element(std::begin(c), std::end(c))};
}

Range square_range(const Interval& a) {
    const Q al = to_rational(lo(a)), ah = to_rational(hi(a));
    const Q big = std::max<Q>(al * al, ah * ah);
    if (al >= 0) return {al * al, big};
    if (ah <= 0) return {ah * ah, big};
    return {Q(0), big};
}

bool contains_range(mpfr_srcptr lo_, mpfr_srcptr hi_, const Q& l, const Q& h) {
    return exact(lo_) <= l && h <= exact(hi_);
}

// [lo, hi] inside MPFI's interval.
bool inside(mpfr_srcptr lo_, mpfr_srcptr hi_, const Mpfi& m) {
    return mpfr_greaterequal_p(lo_, m.left()) && mpfr_lessequal_p(hi_, m.right());
}

// Failures are collected and reported once per test case (with the first few).
struct Log {
    std::vector<std::string> failures;
    long checks = 0;
    void expect(bool ok, const std::string& what) {
        ++checks;
        if (!ok) failures.push_back(what);
    }
};

void report(const Log& log, const std::string& what) {
    std::cout << what << ": " << log.checks << " checks, " << log.failures.size() << " failures\n";
    std::ostringstream first;
    for (size_t k = 0; k < log.failures.size() && k < 10; ++k) first << log.failures[k] << "\n";
    INFO(first.str());
    CHECK(log.checks > 0);
    CHECK(log.failures.empty());
}

const unsigned kBits[] = {53, 113, 256};

}  // namespace

TEST_CASE("accumulate_product: every sign case against exact corners and MPFI", "[kernels]") {
    Log log;
    long products = 0, rounded = 0;  // products from [0, 0]; those whose hull is not representable
    for (unsigned bits : kBits) {
        PrecisionScope scope(bits);
        Raw acc_lo(bits), acc_hi(bits), t1(bits), t2(bits);
        for (Sign sa : kSigns)
            for (Sign sb : kSigns)
                for (int rep = 0; rep < 25; ++rep) {
                    const Interval a = random_interval(sa, bits), b = random_interval(sb, bits);
                    const std::string what = std::to_string(bits) + " bits, " + name(sa) + " x " + name(sb) + ": " +
                                             show(a) + " x " + show(b);
                    const Range r = product_range(a, b);
                    ++products;
                    Mpfi ma(bits), mb(bits), mp(bits);
                    to_mpfi(ma, a);
                    to_mpfi(mb, b);
                    mpfi_mul(mp.get(), ma.get(), mb.get());

                    // From [0, 0]: the exact hull rounded outward, = MPFI's product.
                    mpfr_set_zero(acc_lo.get(), 1);
                    mpfr_set_zero(acc_hi.get(), 1);
                    accumulate_product(acc_lo.get(), acc_hi.get(), a.lower().backend().data(),
                                       a.upper().backend().data(), b.lower().backend().data(),
                                       b.upper().backend().data(), t1.get(), t2.get());
                    log.expect(equals_rounded(acc_lo.get(), r.lo, MPFR_RNDD, bits) &&
                                   equals_rounded(acc_hi.get(), r.hi, MPFR_RNDU, bits),
                               what + ": not the outward-rounded exact hull, got [" + hex(acc_lo.get()) + ", " +
                                   hex(acc_hi.get()) + "]");
                    log.expect(mpfr_equal_p(acc_lo.get(), mp.left()) && mpfr_equal_p(acc_hi.get(), mp.right()),
                               what + ": differs from MPFI [" + hex(mp.left()) + ", " + hex(mp.right()) + "]");
                    if (exact(acc_lo.get()) != r.lo || exact(acc_hi.get()) != r.hi) ++rounded;
                    // Every corner product and random exact points lie inside.
                    for (int k = 0; k < 4; ++k) {
                        const Q x = k & 1 ? to_rational(hi(a)) : to_rational(lo(a));
                        const Q y = k & 2 ? to_rational(hi(b)) : to_rational(lo(b));
                        log.expect(contains_range(acc_lo.get(), acc_hi.get(), x * y, x * y), what + ": corner");
                    }
                    for (int k = 0; k < 3; ++k) {
                        const Q x = random_point(a), y = random_point(b);
                        log.expect(contains_range(acc_lo.get(), acc_hi.get(), x * y, x * y), what + ": point");
                    }

                    // With a non-zero accumulator.
                    const Interval c = random_accumulator(bits);
                    mpfr_set(acc_lo.get(), c.lower().backend().data(), MPFR_RNDN);
                    mpfr_set(acc_hi.get(), c.upper().backend().data(), MPFR_RNDN);
                    accumulate_product(acc_lo.get(), acc_hi.get(), a.lower().backend().data(),
                                       a.upper().backend().data(), b.lower().backend().data(),
                                       b.upper().backend().data(), t1.get(), t2.get());
                    const Q want_lo = to_rational(lo(c)) + r.lo, want_hi = to_rational(hi(c)) + r.hi;
                    const std::string with = what + " + " + show(c);
                    log.expect(contains_range(acc_lo.get(), acc_hi.get(), want_lo, want_hi),
                               with + ": excludes the exact range");
                    Mpfi mc(bits), ms(bits);
                    to_mpfi(mc, c);
                    mpfi_add(ms.get(), mc.get(), mp.get());
                    log.expect(inside(acc_lo.get(), acc_hi.get(), ms), with + ": looser than MPFI mul + add");
                    if (!(straddles(sa) && straddles(sb)))
                        log.expect(equals_rounded(acc_lo.get(), want_lo, MPFR_RNDD, bits) &&
                                       equals_rounded(acc_hi.get(), want_hi, MPFR_RNDU, bits),
                                   with + ": not one correctly rounded fused multiply-add per end");
                }
    }
    std::cout << "accumulate_product: " << products << " products, " << rounded << " with rounding\n";
    CHECK(rounded > products / 3);  // the rounding directions are really exercised
    report(log, "accumulate_product");
}

TEST_CASE("accumulate_square: every sign case against exact squares and MPFI", "[kernels]") {
    Log log;
    for (unsigned bits : kBits) {
        PrecisionScope scope(bits);
        Raw acc_lo(bits), acc_hi(bits), t1(bits), t2(bits);
        for (Sign sa : kSigns)
            for (int rep = 0; rep < 100; ++rep) {
                const Interval a = random_interval(sa, bits);
                const std::string what = std::to_string(bits) + " bits, " + name(sa) + ": " + show(a);
                const Range r = square_range(a);
                Mpfi ma(bits), mp(bits);
                to_mpfi(ma, a);
                mpfi_sqr(mp.get(), ma.get());

                mpfr_set_zero(acc_lo.get(), 1);
                mpfr_set_zero(acc_hi.get(), 1);
                accumulate_square(acc_lo.get(), acc_hi.get(), a.lower().backend().data(), a.upper().backend().data(),
                                  t1.get(), t2.get());
                log.expect(equals_rounded(acc_lo.get(), r.lo, MPFR_RNDD, bits) &&
                               equals_rounded(acc_hi.get(), r.hi, MPFR_RNDU, bits),
                           what + ": not the outward-rounded exact range");
                log.expect(mpfr_equal_p(acc_lo.get(), mp.left()) && mpfr_equal_p(acc_hi.get(), mp.right()),
                           what + ": differs from MPFI sqr");
                for (int k = 0; k < 3; ++k) {
                    const Q x = k == 0 ? to_rational(lo(a)) : k == 1 ? to_rational(hi(a)) : random_point(a);
                    log.expect(contains_range(acc_lo.get(), acc_hi.get(), x * x, x * x), what + ": point");
                }
                // A square is never negative: from [0, 0] the lower end is >= 0.
                log.expect(mpfr_sgn(acc_lo.get()) >= 0, what + ": negative lower end");

                const Interval c = random_accumulator(bits);
                mpfr_set(acc_lo.get(), c.lower().backend().data(), MPFR_RNDN);
                mpfr_set(acc_hi.get(), c.upper().backend().data(), MPFR_RNDN);
                accumulate_square(acc_lo.get(), acc_hi.get(), a.lower().backend().data(), a.upper().backend().data(),
                                  t1.get(), t2.get());
                const Q want_lo = to_rational(lo(c)) + r.lo, want_hi = to_rational(hi(c)) + r.hi;
                const std::string with = what + " + " + show(c);
                log.expect(contains_range(acc_lo.get(), acc_hi.get(), want_lo, want_hi),
                           with + ": excludes the exact range");
                Mpfi mc(bits), ms(bits);
                to_mpfi(mc, c);
                mpfi_add(ms.get(), mc.get(), mp.get());
                log.expect(inside(acc_lo.get(), acc_hi.get(), ms), with + ": looser than MPFI sqr + add");
                // The lower end is always one rounding (min = 0 adds nothing).
                log.expect(equals_rounded(acc_lo.get(), want_lo, MPFR_RNDD, bits), with + ": lower end not tight");
                if (!straddles(sa))
                    log.expect(equals_rounded(acc_hi.get(), want_hi, MPFR_RNDU, bits), with + ": upper end not tight");
            }
    }
    report(log, "accumulate_square");
}

TEST_CASE("IntervalDot: sums of products contain every corner combination, within MPFI", "[kernels]") {
    Log log;
    long combinations = 0;
    for (unsigned bits : kBits) {
        PrecisionScope scope(bits);
        IntervalDot dot;
        for (int rep = 0; rep < 300; ++rep) {
            const size_t k = static_cast<size_t>(uniform(1, 4));
            std::vector<Interval> a, b;
            std::vector<Sign> sa, sb;
            for (size_t t = 0; t < k; ++t) {
                sa.push_back(kSigns[uniform(0, 7)]);
                sb.push_back(kSigns[uniform(0, 7)]);
                a.push_back(random_interval(sa.back(), bits));
                b.push_back(random_interval(sb.back(), bits));
            }
            std::string what = std::to_string(bits) + " bits, terms:";
            for (size_t t = 0; t < k; ++t) what += std::string(" ") + name(sa[t]) + " x " + name(sb[t]);
            dot.reset();
            for (size_t t = 0; t < k; ++t) dot.add_product(a[t], b[t]);
            const Interval v = dot.value();
            mpfr_srcptr vl = v.lower().backend().data(), vh = v.upper().backend().data();
            log.expect(mpfr_get_prec(vl) == static_cast<mpfr_prec_t>(bits) &&
                           mpfr_get_prec(vh) == static_cast<mpfr_prec_t>(bits),
                       what + ": endpoint precision");
            // Exact range (independent factors): the sum of the terms' ranges.
            Q lo_sum = 0, hi_sum = 0;
            for (size_t t = 0; t < k; ++t) {
                const Range r = product_range(a[t], b[t]);
                lo_sum += r.lo;
                hi_sum += r.hi;
            }
            log.expect(contains_range(vl, vh, lo_sum, hi_sum), what + ": excludes the exact range " + show(v));
            // Every corner combination, directly.
            for (size_t mask = 0; mask < (size_t(1) << (2 * k)); ++mask) {
                Q s = 0;
                for (size_t t = 0; t < k; ++t) {
                    const Q x = (mask >> (2 * t)) & 1 ? to_rational(hi(a[t])) : to_rational(lo(a[t]));
                    const Q y = (mask >> (2 * t + 1)) & 1 ? to_rational(hi(b[t])) : to_rational(lo(b[t]));
                    s += x * y;
                }
                log.expect(contains_range(vl, vh, s, s), what + ": corner combination outside");
                ++combinations;
            }
            // Random exact points.
            Q s = 0;
            for (size_t t = 0; t < k; ++t) s += random_point(a[t]) * random_point(b[t]);
            log.expect(contains_range(vl, vh, s, s), what + ": point outside");
            // Never looser than MPFI's naive evaluation (mul, then add, term by term).
            Mpfi acc(bits), ma(bits), mb(bits), mp(bits);
            mpfi_set_si(acc.get(), 0);
            for (size_t t = 0; t < k; ++t) {
                to_mpfi(ma, a[t]);
                to_mpfi(mb, b[t]);
                mpfi_mul(mp.get(), ma.get(), mb.get());
                mpfi_add(acc.get(), acc.get(), mp.get());
            }
            log.expect(inside(vl, vh, acc), what + ": looser than MPFI");
            // Without a product of two zero-straddling factors, each end is a
            // chain of correctly rounded fused multiply-adds: simulate it exactly.
            bool single_rounding = true;
            for (size_t t = 0; t < k; ++t) single_rounding &= !(straddles(sa[t]) && straddles(sb[t]));
            if (single_rounding) {
                Raw el(bits), eh(bits);
                mpfr_set_zero(el.get(), 1);
                mpfr_set_zero(eh.get(), 1);
                for (size_t t = 0; t < k; ++t) {
                    const Range r = product_range(a[t], b[t]);
                    mpfr_set_q(el.get(), Q(exact(el.get()) + r.lo).backend().data(), MPFR_RNDD);
                    mpfr_set_q(eh.get(), Q(exact(eh.get()) + r.hi).backend().data(), MPFR_RNDU);
                }
                log.expect(mpfr_equal_p(vl, el.get()) && mpfr_equal_p(vh, eh.get()),
                           what + ": not the chain of correctly rounded fused multiply-adds");
            }
            // reset() really resets: the same sum again.
            dot.reset();
            for (size_t t = 0; t < k; ++t) dot.add_product(a[t], b[t]);
            const Interval again = dot.value();
            log.expect(mpfr_equal_p(again.lower().backend().data(), vl) &&
                           mpfr_equal_p(again.upper().backend().data(), vh),
                       what + ": reset");
        }
    }
    std::cout << "IntervalDot: " << combinations << " corner combinations\n";
    report(log, "IntervalDot");
}

TEST_CASE("kernels with inputs of more bits than the working precision", "[kernels]") {
    // Factors at 256 bits, accumulator at 53: still the exact hull rounded
    // outward once, and MPFI at 53 bits agrees.
    Log log;
    Raw acc_lo(53), acc_hi(53), t1(53), t2(53);
    for (Sign sa : kSigns)
        for (Sign sb : kSigns)
            for (int rep = 0; rep < 10; ++rep) {
                auto wide_pair = [&] {
                    PrecisionScope wide(256);
                    return std::pair<Interval, Interval>(random_interval(sa, 256), random_interval(sb, 256));
                };
                const auto [a, b] = wide_pair();
                PrecisionScope scope(53);
                REQUIRE(mpfr_get_prec(a.upper().backend().data()) == 256);
                const std::string what = std::string(name(sa)) + " x " + name(sb) + ": " + show(a) + " x " + show(b);
                const Range r = product_range(a, b);
                mpfr_set_zero(acc_lo.get(), 1);
                mpfr_set_zero(acc_hi.get(), 1);
                accumulate_product(acc_lo.get(), acc_hi.get(), a.lower().backend().data(), a.upper().backend().data(),
                                   b.lower().backend().data(), b.upper().backend().data(), t1.get(), t2.get());
                log.expect(equals_rounded(acc_lo.get(), r.lo, MPFR_RNDD, 53) &&
                               equals_rounded(acc_hi.get(), r.hi, MPFR_RNDU, 53),
                           what + ": not the outward-rounded exact hull at 53 bits");
                IntervalDot dot;
                dot.add_product(a, b);
                dot.add_product(b, a);
                const Interval v = dot.value();
                log.expect(contains_range(v.lower().backend().data(), v.upper().backend().data(), 2 * r.lo, 2 * r.hi),
                           what + ": IntervalDot excludes the exact range");
            }
    report(log, "mixed precision");
}

TEST_CASE("interval matrix products contain the exact products of every member", "[kernels][matrix]") {
    Log log;
    for (unsigned bits : kBits) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 60; ++rep) {
            const size_t r = static_cast<size_t>(uniform(1, 4)), len = static_cast<size_t>(uniform(1, 4)),
                         c = static_cast<size_t>(uniform(1, 4));
            auto random_matrix = [&](size_t rows, size_t cols) {
                Matrix<Interval> M(rows, cols);
                for (size_t k = 0; k < M.size(); ++k) M[k] = random_interval(kSigns[uniform(0, 7)], bits);
                return M;
            };
            const Matrix<Interval> A = random_matrix(r, len), B = random_matrix(len, c);
            const Matrix<Interval> At = transpose(A), Bt = transpose(B);
            const std::string what = std::to_string(bits) + " bits, " + std::to_string(r) + "x" +
                                     std::to_string(len) + " times " + std::to_string(len) + "x" + std::to_string(c);
            const Matrix<Interval> P1 = multiply(A, B);
            const Matrix<Interval> P2 = multiply_transposed(A, Bt);
            const Matrix<Interval> P3 = transposed_multiply(At, B);
            REQUIRE(P1.rows() == r);
            REQUIRE(P1.cols() == c);
            REQUIRE(P2.rows() == r);
            REQUIRE(P2.cols() == c);
            REQUIRE(P3.rows() == r);
            REQUIRE(P3.cols() == c);
            // Exact points of the boxes.
            std::vector<Matrix<Q>> As, Bs;
            for (int p = 0; p < 4; ++p) {
                Matrix<Q> a(r, len), b(len, c);
                for (size_t k = 0; k < a.size(); ++k)
                    a[k] = p == 0 ? to_rational(lo(A[k])) : p == 1 ? to_rational(hi(A[k])) : random_point(A[k]);
                for (size_t k = 0; k < b.size(); ++k)
                    b[k] = p == 0 ? to_rational(hi(B[k])) : p == 1 ? to_rational(lo(B[k])) : random_point(B[k]);
                As.push_back(a);
                Bs.push_back(b);
            }
            for (size_t i = 0; i < r; ++i)
                for (size_t j = 0; j < c; ++j) {
                    Q lo_sum = 0, hi_sum = 0;
                    Mpfi acc(bits), ma(bits), mb(bits), mp(bits);
                    mpfi_set_si(acc.get(), 0);
                    IntervalDot dot;
                    for (size_t k = 0; k < len; ++k) {
                        const Range t = product_range(A(i, k), B(k, j));
                        lo_sum += t.lo;
                        hi_sum += t.hi;
                        to_mpfi(ma, A(i, k));
                        to_mpfi(mb, B(k, j));
                        mpfi_mul(mp.get(), ma.get(), mb.get());
                        mpfi_add(acc.get(), acc.get(), mp.get());
                        dot.add_product(A(i, k), B(k, j));
                    }
                    const Interval ref = dot.value();
                    // The products use the midpoint-radius kernel (number/ball_dot.hpp):
                    // its radius overestimates the exact one by at most 3/2 (Rump 1999),
                    // plus roundings (the radii in double, the ends at `bits` bits).
                    Q mags = 0;
                    for (size_t k = 0; k < len; ++k) {
                        const Q a_mag = std::max<Q>(abs(to_rational(lo(A(i, k)))), abs(to_rational(hi(A(i, k)))));
                        const Q b_mag = std::max<Q>(abs(to_rational(lo(B(k, j)))), abs(to_rational(hi(B(k, j)))));
                        mags += a_mag * b_mag;
                    }
                    const Q slack = Q(3, 2) * (hi_sum - lo_sum) * (1 + Q(1, Integer(1) << 40)) +
                                    mags / Q(Integer(1) << (bits - 4));
                    for (const Matrix<Interval>* P : {&P1, &P2, &P3}) {
                        mpfr_srcptr pl = (*P)(i, j).lower().backend().data(), ph = (*P)(i, j).upper().backend().data();
                        const std::string at = what + " entry (" + std::to_string(i) + ", " + std::to_string(j) + ")";
                        log.expect(contains_range(pl, ph, lo_sum, hi_sum), at + ": excludes the exact range");
                        log.expect(exact(ph) - exact(pl) <= slack, at + ": wider than 3/2 the exact range");
                        log.expect(contains_range(ref.lower().backend().data(), ref.upper().backend().data(), lo_sum,
                                                  hi_sum) &&
                                       inside(ref.lower().backend().data(), ref.upper().backend().data(), acc),
                                   at + ": IntervalDot excludes the range or is looser than MPFI");
                        for (size_t p = 0; p < As.size(); ++p) {
                            Q s = 0;
                            for (size_t k = 0; k < len; ++k) s += As[p](i, k) * Bs[p](k, j);
                            log.expect(contains_range(pl, ph, s, s), at + ": exact product of a member outside");
                        }
                    }
                }
            // A X^T with shared factors (X X^T): dependent entries, containment only.
            const Matrix<Interval> G = multiply_transposed(A, A);
            for (size_t p = 0; p < As.size(); ++p)
                for (size_t i = 0; i < r; ++i)
                    for (size_t j = 0; j < r; ++j) {
                        Q s = 0;
                        for (size_t k = 0; k < len; ++k) s += As[p](i, k) * As[p](j, k);
                        log.expect(contains_range(G(i, j).lower().backend().data(), G(i, j).upper().backend().data(),
                                                  s, s),
                                   what + ": X X^T excludes a member's Gram entry");
                    }
        }
    }
    report(log, "matrix products");
}
