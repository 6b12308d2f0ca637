// lrcert::Interval against a second, independent implementation: MPFI.
//
// For fixed-seed random rationals at 53, 64, 113 and 256 bits, the results of
// +, -, *, /, sqr, sqrt, exp and the enclosure of a rational must have exactly
// MPFI's endpoints: for these operations both libraries return the tightest
// enclosure at the working precision (each endpoint is one correctly rounded
// MPFR operation in the outward direction), so any difference is a bug in one
// of them. The exact rational results of +, -, *, / must lie in lrcert's
// intervals. PrecisionScope: exact bit counts, nesting, and refusal outside
// any scope.
#include "lrcert/number/interval.hpp"
#include "lrcert/number/parse.hpp"

#include <catch2/catch.hpp>
#include "support/mpfi.hpp"

#include <mpfi.h>

#include <cstdint>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace lrcert;

using lrcert::test::Mpfi;
using lrcert::test::to_mpfi;

namespace {

std::string hex(mpfr_srcptr x) {
    char buf[160];
    mpfr_snprintf(buf, sizeof buf, "%Ra", x);
    return buf;
}

std::string show(const Interval& x) {
    return "[" + hex(x.lower().backend().data()) + ", " + hex(x.upper().backend().data()) + "]";
}

std::string show(const Mpfi& x) { return "[" + hex(&x.get()->left) + ", " + hex(&x.get()->right) + "]"; }

// Deterministic random rationals of varied size and shape.
class RationalSource {
public:
    explicit RationalSource(std::uint64_t seed) : rng_(seed) {}

    Integer bits(unsigned n) {
        Integer z = 0;
        for (unsigned have = 0; have < n; have += 64) {
            z <<= 64;
            z += Integer(rng_());
        }
        unsigned words = (n + 63) / 64;
        z >>= (words * 64 - n);
        return z;
    }
    unsigned uniform(unsigned lo, unsigned hi) { return std::uniform_int_distribution<unsigned>(lo, hi)(rng_); }
    bool coin() { return rng_() & 1; }

    // Any sign, numerator up to 160 bits, denominator up to 120 bits; sometimes
    // an integer, sometimes dyadic, sometimes tiny or huge.
    Rational any() {
        Integer num = bits(uniform(1, 160));
        if (num == 0) num = 1;
        Integer den;
        switch (uniform(0, 7)) {
            case 0: den = 1; break;                                    // integer
            case 1: den = Integer(1) << uniform(0, 300); break;        // dyadic
            default: den = bits(uniform(1, 120)); if (den == 0) den = 3; break;
        }
        Rational q(num, den);
        if (uniform(0, 5) == 0) {  // scale far away from 1
            Integer s = Integer(1) << uniform(100, 1200);
            q = coin() ? Rational(q * Rational(s)) : Rational(q / Rational(s));
        }
        return coin() ? Rational(-q) : q;
    }

    // |x| <= 40 with a non-dyadic denominator most of the time (for exp).
    Rational moderate() {
        unsigned den = uniform(1, 1000000);
        long span = 40L * den;
        long k = std::uniform_int_distribution<long>(-span, span)(rng_);
        return Rational(k, den);
    }

private:
    std::mt19937_64 rng_;
};

struct Comparison {
    unsigned bits;
    std::vector<std::string> failures;
    int compared = 0;

    void fail(const std::string& what) { failures.push_back(std::to_string(bits) + " bits: " + what); }

    // Endpoints equal to MPFI's and of exactly `bits` bits.
    void same(const std::string& what, const Interval& x, const Mpfi& ref) {
        ++compared;
        if (!mpfr_equal_p(x.lower().backend().data(), &ref.get()->left) ||
            !mpfr_equal_p(x.upper().backend().data(), &ref.get()->right)) {
            fail(what + ": lrcert " + show(x) + " != MPFI " + show(ref));
            return;
        }
        precision(what, x);
    }
    void precision(const std::string& what, const Interval& x) {
        const auto pl = mpfr_get_prec(x.lower().backend().data());
        const auto pu = mpfr_get_prec(x.upper().backend().data());
        if (pl != static_cast<mpfr_prec_t>(bits) || pu != static_cast<mpfr_prec_t>(bits))
            fail(what + ": endpoint precision " + std::to_string(pl) + "/" + std::to_string(pu));
    }
    void holds(const std::string& what, const Interval& x, const Rational& exact) {
        if (!contains(x, exact)) fail(what + ": " + show(x) + " excludes the exact value " + to_exact_string(exact));
    }
};

void report(const Comparison& c) {
    std::cout << c.bits << " bits: " << c.compared << " interval results compared with MPFI, " << c.failures.size()
              << " failures\n";
    INFO(c.bits << " bits: " << c.compared << " comparisons with MPFI, " << c.failures.size() << " failures");
    std::ostringstream first;
    for (size_t k = 0; k < c.failures.size() && k < 10; ++k) first << c.failures[k] << "\n";
    INFO(first.str());
    CHECK(c.compared > 0);
    CHECK(c.failures.empty());
}

using BinaryMpfi = int (*)(mpfi_ptr, mpfi_srcptr, mpfi_srcptr);
using UnaryMpfi = int (*)(mpfi_ptr, mpfi_srcptr);

Interval lrcert_binary(char op, const Interval& x, const Interval& y) {
    switch (op) {
        case '+': return x + y;
        case '-': return x - y;
        case '*': return x * y;
        default: return x / y;
    }
}

BinaryMpfi mpfi_binary(char op) {
    switch (op) {
        case '+': return mpfi_add;
        case '-': return mpfi_sub;
        case '*': return mpfi_mul;
        default: return mpfi_div;
    }
}

Rational exact_binary(char op, const Rational& a, const Rational& b) {
    switch (op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        default: return a / b;
    }
}

bool excludes_zero(const Interval& y) { return y.lower() > 0 || y.upper() < 0; }

void compare_binary(Comparison& c, char op, const std::string& tag, const Interval& x, const Interval& y) {
    if (op == '/' && !excludes_zero(y)) return;
    Mpfi mx(c.bits), my(c.bits), mr(c.bits);
    to_mpfi(mx, x);
    to_mpfi(my, y);
    mpfi_binary(op)(mr.get(), mx.get(), my.get());
    c.same(tag + " " + show(x) + " " + op + " " + show(y), lrcert_binary(op, x, y), mr);
}

void compare_unary(Comparison& c, const std::string& name, Interval (*f)(const Interval&), UnaryMpfi g,
                   const Interval& x) {
    Mpfi mx(c.bits), mr(c.bits);
    to_mpfi(mx, x);
    g(mr.get(), mx.get());
    c.same(name + " " + show(x), f(x), mr);
}

}  // namespace

TEST_CASE("lrcert intervals agree with MPFI endpoint for endpoint", "[interval][mpfi]") {
    for (unsigned bits : {53u, 64u, 113u, 256u}) {
        PrecisionScope scope(bits);
        Comparison c{bits, {}, 0};
        RationalSource src(0x1788'0000u + bits);
        const char ops[] = {'+', '-', '*', '/'};
        for (int iter = 0; iter < 400; ++iter) {
            const Rational a = src.any(), b = src.any(), a2 = src.any(), b2 = src.any();

            // Enclosure of rationals: lrcert::enclose vs mpfi_set_q.
            const Interval A = enclose(a), B = enclose(b);
            for (const auto& [q, X] : {std::pair{a, A}, std::pair{b, B}}) {
                Mpfi m(bits);
                mpfi_set_q(m.get(), q.backend().data());
                c.same("enclose(" + to_exact_string(q) + ")", X, m);
                c.holds("enclose", X, q);
            }

            // Thin inputs: the exact result of a op b lies in A op B.
            for (char op : ops) {
                compare_binary(c, op, "thin", A, B);
                c.holds(std::string("thin ") + op, lrcert_binary(op, A, B), exact_binary(op, a, b));
            }

            // Wide inputs of any sign pattern (M*M, M*N, ...): hulls of two enclosures.
            const Interval W = hull(A, enclose(a2)), V = hull(B, enclose(b2));
            for (char op : ops) {
                compare_binary(c, op, "wide", W, V);
                if (op != '/' || excludes_zero(V)) {
                    const Interval r = lrcert_binary(op, W, V);
                    for (const Rational& x : {a, a2})
                        for (const Rational& y : {b, b2}) c.holds(std::string("wide ") + op, r, exact_binary(op, x, y));
                }
            }
            // A divisor interval containing 0 has no tight finite answer; MPFI and
            // Boost may differ there, but the result must still be unbounded.
            if (!excludes_zero(V)) {
                const Interval r = W / V;
                if (!boost::numeric::empty(r) && mpfr_number_p(r.lower().backend().data()) &&
                    mpfr_number_p(r.upper().backend().data()))
                    c.fail("division by " + show(V) + " (contains 0) gave the bounded " + show(r));
            }

            // sqr: thin and wide (the wide one may contain 0).
            compare_unary(c, "sqr", interval_sqr, mpfi_sqr, A);
            compare_unary(c, "sqr", interval_sqr, mpfi_sqr, W);
            // sqrt of non-negative intervals; a partially negative argument is
            // clamped at 0, i.e. equals sqrt of its intersection with [0, inf).
            compare_unary(c, "sqrt", interval_sqrt, mpfi_sqrt, enclose(abs(a)));
            if (W.upper() >= 0) {
                Interval clamped = W.lower() >= 0 ? W : Interval(new_real(), W.upper());
                Mpfi mw(bits), mr(bits);
                to_mpfi(mw, clamped);
                mpfi_sqrt(mr.get(), mw.get());
                c.same("sqrt " + show(W), interval_sqrt(W), mr);
            }
            // exp of moderate arguments (thin and wide).
            const Interval E = enclose(src.moderate());
            compare_unary(c, "exp", interval_exp, mpfi_exp, E);
            compare_unary(c, "exp", interval_exp, mpfi_exp, hull(E, enclose(src.moderate())));
        }
        report(c);
    }
}

TEST_CASE("a round-to-nearest enclosure would differ from MPFI", "[interval][mpfi]") {
    // Sanity check of the oracle itself: 1/3 at 53 bits has distinct endpoints
    // in MPFI, so a comparison against a thin nearest value would fail.
    PrecisionScope scope(53);
    Mpfi m(53);
    mpfi_set_q(m.get(), Rational(1, 3).backend().data());
    REQUIRE(mpfr_less_p(&m.get()->left, &m.get()->right));
    const Interval third = enclose(Rational(1, 3));
    REQUIRE(mpfr_equal_p(third.lower().backend().data(), &m.get()->left));
    REQUIRE(mpfr_equal_p(third.upper().backend().data(), &m.get()->right));
}

TEST_CASE("PrecisionScope: exact bit counts, nesting, refusal outside a scope", "[precision]") {
    REQUIRE(working_bits() == 0);
    const unsigned boost_default = Real::default_precision();

    SECTION("nothing is created outside a scope") {
        REQUIRE_THROWS_AS(new_real(), std::logic_error);
        REQUIRE_THROWS_AS(enclose(Rational(1, 3)), std::logic_error);
        REQUIRE_THROWS_AS(make_interval(1L), std::logic_error);
        REQUIRE_THROWS_AS(rational_up(Rational(1, 3)), std::logic_error);
        Real x(1);
        REQUIRE_THROWS_AS(round_to_working(x), std::logic_error);
        // An interval made inside a scope cannot be computed with after it.
        Interval kept = [] {
            PrecisionScope s(64);
            return enclose(Rational(2, 3));
        }();
        REQUIRE(working_bits() == 0);
        REQUIRE_THROWS_AS(kept + kept, std::logic_error);
        REQUIRE_THROWS_AS(interval_exp(kept), std::logic_error);
    }

    SECTION("invalid precisions are refused and change nothing") {
        REQUIRE_THROWS_AS(PrecisionScope(1), std::invalid_argument);
        REQUIRE_THROWS_AS(PrecisionScope(0), std::invalid_argument);
        REQUIRE_THROWS_AS(PrecisionScope(kMaxPrecisionBits + 1), std::invalid_argument);
        REQUIRE(working_bits() == 0);
        PrecisionScope ok(kMaxPrecisionBits);
        REQUIRE(working_bits() == kMaxPrecisionBits);
    }

    SECTION("results have exactly the requested bits") {
        for (unsigned bits : {2u, 16u, 53u, 64u, 113u, 256u, 1000u}) {
            PrecisionScope s(bits);
            REQUIRE(s.bits() == bits);
            REQUIRE(working_bits() == bits);
            const auto p = static_cast<mpfr_prec_t>(bits);
            REQUIRE(mpfr_get_prec(new_real().backend().data()) == p);
            const Interval x = enclose(Rational(-7, 3));
            const Interval y = enclose(Rational(5, 11));
            const Interval m = hull(x, y);  // contains 0
            for (const Interval& r : {x, y, x + y, x - y, x * y, x / y, m * m, m * y, interval_sqr(x),
                                      interval_sqr(m), interval_sqrt(y), interval_sqrt(m), interval_exp(x),
                                      interval_abs(m), interval_abs(x), -x, make_interval(3L)}) {
                INFO(bits << " bits: " << show(r));
                CHECK(mpfr_get_prec(r.lower().backend().data()) == p);
                CHECK(mpfr_get_prec(r.upper().backend().data()) == p);
            }
            CHECK(mpfr_get_prec(mag_up(x).backend().data()) == p);
            CHECK(mpfr_get_prec(mig_down(x).backend().data()) == p);
            CHECK(mpfr_get_prec(rational_down(Rational(1, 3)).backend().data()) == p);
            Real z(1);
            mpfr_set_prec(z.backend().data(), 3 * p);
            mpfr_const_pi(z.backend().data(), MPFR_RNDN);
            round_to_working(z);
            CHECK(mpfr_get_prec(z.backend().data()) == p);
        }
    }

    SECTION("scopes nest and restore") {
        {
            PrecisionScope outer(64);
            REQUIRE(working_bits() == 64);
            const unsigned outer_default = Real::default_precision();
            {
                PrecisionScope inner(113);
                REQUIRE(working_bits() == 113);
                REQUIRE(mpfr_get_prec(enclose(Rational(1, 3)).lower().backend().data()) == 113);
                {
                    PrecisionScope innermost(53);
                    REQUIRE(working_bits() == 53);
                    REQUIRE(mpfr_get_prec(new_real().backend().data()) == 53);
                }
                REQUIRE(working_bits() == 113);
            }
            REQUIRE(working_bits() == 64);
            REQUIRE(Real::default_precision() == outer_default);
            REQUIRE(mpfr_get_prec(new_real().backend().data()) == 64);
        }
        REQUIRE(working_bits() == 0);
        REQUIRE(Real::default_precision() == boost_default);
    }

    SECTION("the default precision of Boost temporaries covers the working bits") {
        for (unsigned bits : {2u, 16u, 53u, 64u, 113u, 256u, 1000u}) {
            PrecisionScope s(bits);
            Real d;  // default-constructed: Boost's default precision
            CHECK(mpfr_get_prec(d.backend().data()) >= static_cast<mpfr_prec_t>(bits));
        }
    }
}

TEST_CASE("mag_up and mig_down bound |x| at a precision where Boost expressions lose bits", "[interval]") {
    // At 53 bits a Boost expression such as abs(x) is evaluated at 51 bits and
    // rounded to nearest; mag_up / mig_down must not be affected.
    PrecisionScope scope(53);
    const Rational ulp(1, Integer(1) << 52);
    for (const Rational& q : {Rational(1) + ulp, Rational(1) + 3 * ulp, -(Rational(1) + ulp), -(Rational(1) + 3 * ulp)}) {
        const Interval x = enclose(q);
        REQUIRE(lo(x) == hi(x));  // representable at 53 bits
        const Rational a = abs(q);
        CHECK(to_rational(mag_up(x)) >= a);
        CHECK(to_rational(mig_down(x)) <= a);
        CHECK(to_rational(mag_up(x)) == a);
        CHECK(to_rational(mig_down(x)) == a);
    }
}
