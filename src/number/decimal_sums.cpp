#include "lrcert/number/decimal_sums.hpp"

#include <gmp.h>

#include <algorithm>

namespace lrcert {

namespace {

// The exact value of a 128-bit integer as an mpz integer.
Integer integer_of(Int128 v) {
    const bool negative = v < 0;
    // |v| as unsigned; correct also for the most negative value.
    UInt128 u = negative ? static_cast<UInt128>(0) - static_cast<UInt128>(v)
                                   : static_cast<UInt128>(v);
    Integer hi = static_cast<unsigned long long>(u >> 64);
    Integer r = (hi << 64) + Integer(static_cast<unsigned long long>(u & ~static_cast<std::uint64_t>(0)));
    return negative ? Integer(-r) : r;
}

Integer power_of_ten(std::int64_t k) {
    Integer r;
    mpz_ui_pow_ui(r.backend().data(), 10, static_cast<unsigned long>(k));
    return r;
}

}  // namespace

DecimalDotSum::Class& DecimalDotSum::class_of(std::int64_t e) {
    if (!based_) {
        based_ = true;
        base_ = e - kWindow / 2;
        window_.resize(static_cast<size_t>(kWindow));
    }
    const std::int64_t k = e - base_;
    Class& c = (k >= 0 && k < kWindow) ? window_[static_cast<size_t>(k)] : far_[e];
    c.used = true;
    return c;
}

void DecimalDotSum::spill(Class& c, Int128 p) {
    // c.partial + p overflowed and c.partial holds the sum wrapped modulo
    // 2^128; the old partial is (wrapped - p) modulo 2^128, recovered exactly in
    // unsigned arithmetic. It moves into the mpz part and p starts a new partial.
    const Int128 old = static_cast<Int128>(static_cast<UInt128>(c.partial) -
                                               static_cast<UInt128>(p));
    c.spilled += integer_of(old);
    c.partial = p;
}

Rational DecimalDotSum::value() const {
    // Sum over classes of (spilled + partial) 10^e, over the smallest exponent used.
    struct Term {
        std::int64_t e;
        const Class* c;
    };
    std::vector<Term> terms;
    for (size_t k = 0; k < window_.size(); ++k)
        if (window_[k].used) terms.push_back({base_ + static_cast<std::int64_t>(k), &window_[k]});
    for (const auto& [e, c] : far_) terms.push_back({e, &c});
    if (terms.empty()) return other_;
    std::int64_t emin = terms[0].e;
    for (const Term& t : terms) emin = std::min(emin, t.e);
    Integer num = 0;
    for (const Term& t : terms) num += (t.c->spilled + integer_of(t.c->partial)) * power_of_ten(t.e - emin);
    Rational r = emin >= 0 ? Rational(num * power_of_ten(emin)) : Rational(num, power_of_ten(-emin));
    return r + other_;
}

}  // namespace lrcert
