#include "lrcert/certify/scalar_lemmas.hpp"

#include <gmp.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace lrcert {

namespace {

// [-m, m] for an upper bound m of a magnitude.
Interval symmetric(const UpperBound& m) {
    Real neg = new_real();
    mpfr_neg(neg.backend().data(), m.real().backend().data(), MPFR_RNDD);  // exact
    return Interval(neg, m.real());
}

bool intersect_into(Interval& x, const Interval& y) {
    if (hi(x) < lo(y) || hi(y) < lo(x)) return false;
    x = boost::numeric::intersect(x, y);
    return true;
}

}  // namespace

LemmaS check_lemma_s(const Interval& x, const Interval& y, const Interval& mu, const Interval& h) {
    return check_lemma_s_rs(mu - x * y, interval_sqr(x) + interval_sqr(y), mu, h);
}

LemmaS check_lemma_s_rs(const Interval& r, const Interval& S, const Interval& mu, const Interval& h) {
    LemmaS L;
    L.eps = UpperBound::of_mag(r);
    L.S = S;
    const Interval R = symmetric(L.eps);
    const Interval one = make_interval(1L);

    Interval heps = h * point(L.eps);
    if (!(hi(heps) < 1)) {
        L.failure = "h eps >= 1";
        return L;
    }
    // Every state with |r| <= eps has S = |x|^2 + |y|^2 >= 2 |x y| = 2 |mu - r|
    // >= 2 (|mu| - eps): the window never needs to reach below that.
    LowerBound floor_S = (LowerBound::of_mig(mu) - L.eps) * LowerBound::exact(2);
    if (floor_S < 0) floor_S = LowerBound::exact(0);
    auto evaluate = [&](const UpperBound& Delta) {
        Interval IS = widen(L.S, Delta);
        if (lo(IS) < floor_S.real()) IS = Interval(floor_S.real(), hi(IS));
        L.rho = UpperBound::of_mag(one - h * IS - h * h * R * (mu - R));
        L.c = UpperBound::of_mag(h * h * R * IS + make_interval(4L) * h * (mu - R));
    };
    // Fixed point for Delta: start from the sup of the drift with Delta = 0,
    // then take twice the drift bound until it fits (a few rounds suffice).
    L.Delta = UpperBound::exact(0);
    for (int round = 0; round < 6; ++round) {
        evaluate(L.Delta);
        if (!(L.rho < 1)) {
            L.failure = "rho >= 1 (no contraction of r on the S-window)";
            return L;
        }
        const LowerBound one_minus_rho = LowerBound::exact(1) - L.rho;
        const UpperBound drift = L.c * L.eps / one_minus_rho;
        if (round > 0 && drift <= L.Delta) {
            // h eps < 1 and rho < 1 hold; delta = 2 h eps / ((1 - rho)(1 - h eps)).
            const UpperBound h_eps = upper_of(heps);
            const LowerBound one_minus_heps = LowerBound::exact(1) - h_eps;
            L.delta = UpperBound::exact(2) * h_eps / (one_minus_rho * one_minus_heps);
            L.holds = true;
            L.failure.clear();
            return L;
        }
        L.Delta = drift * UpperBound::exact(2);
        L.failure = "drift of S too large for the window (c eps / (1 - rho) > Delta)";
    }
    return L;
}

ScalarLimitReduced limit_from_lemma_s(const Interval& x, const Interval& y, const Interval& mu, const LemmaS& lemma,
                                      bool v_vanishes) {
    return limit_from_lemma_s_uv(x + y, x - y, mu, lemma, v_vanishes);
}

ScalarLimitReduced limit_from_lemma_s_uv(const Interval& u, const Interval& v, const Interval& mu,
                                         const LemmaS& lemma, bool v_vanishes) {
    ScalarLimitReduced lim;
    const UpperBound half_delta = lemma.delta / LowerBound::exact(2);
    Interval E = interval_exp(symmetric(half_delta));  // the positive factor's range
    lim.alpha = u * E;
    lim.beta = v_vanishes ? make_interval(0L) : v * E;
    Interval four_mu = make_interval(4L) * mu;
    // a_inf - b_inf = 4 mu (r_inf = 0): intersect both ways.
    lim.a = interval_sqr(lim.alpha);
    lim.b = interval_sqr(lim.beta);
    lim.consistent = intersect_into(lim.a, lim.b + four_mu) && intersect_into(lim.b, lim.a - four_mu);
    if (!lim.consistent) return lim;
    // Back to alpha, beta when their signs are certain.
    if (certainly_positive(lim.alpha)) lim.consistent &= intersect_into(lim.alpha, interval_sqrt(lim.a));
    if (certainly_negative(lim.alpha)) lim.consistent &= intersect_into(lim.alpha, -interval_sqrt(lim.a));
    if (!v_vanishes) {
        if (certainly_positive(lim.beta)) lim.consistent &= intersect_into(lim.beta, interval_sqrt(lim.b));
        if (certainly_negative(lim.beta)) lim.consistent &= intersect_into(lim.beta, -interval_sqrt(lim.b));
    }
    return lim;
}

LemmaD check_lemma_d(const Interval& x, const Interval& y, const Interval& mu, const Interval& h) {
    LemmaD D;
    Interval S = interval_sqr(x) + interval_sqr(y);
    for (int sigma : {1, -1}) {
        Interval w = make_interval(static_cast<long>(sigma)) * x * y;
        Interval m = make_interval(static_cast<long>(sigma)) * mu;
        if (!certainly_positive(w) || !certainly_less(m, w)) continue;
        Interval t = h * (w - m);
        Interval q = S / (make_interval(2L) * w);
        if (certainly_less_equal(make_interval(4L) * q, t) && certainly_less_equal(make_interval(2L), h * w * t)) {
            D.holds = true;
            D.sigma = sigma;
            D.t = t;
            return D;
        }
    }
    return D;
}

}  // namespace lrcert

namespace lrcert {

namespace {

// v_l(z) for an integer z != 0.
long valuation(const Integer& z, unsigned long l) {
    mpz_t rest;
    mpz_init(rest);
    mpz_t prime;
    mpz_init_set_ui(prime, l);
    const long v = static_cast<long>(mpz_remove(rest, z.backend().data(), prime));
    mpz_clear(rest);
    mpz_clear(prime);
    return v;
}

// v_l(q) for q != 0.
long valuation(const Rational& q, unsigned long l) {
    return valuation(Integer(numerator(q)), l) - valuation(Integer(denominator(q)), l);
}

size_t bits_of(const Rational& q) {
    return mpz_sizeinbase(numerator(q).backend().data(), 2) + mpz_sizeinbase(denominator(q).backend().data(), 2);
}

// The primes tried: those dividing h's denominator (found by trial division
// up to 10^4) and 2, 3, 5, 7.
std::vector<unsigned long> candidate_primes(const Rational& h) {
    std::vector<unsigned long> out;
    Integer den = denominator(h);
    for (unsigned long p = 2; p < 10000 && den > 1; ++p) {
        bool prime = true;
        for (unsigned long q = 2; q * q <= p && prime; ++q) prime = p % q != 0;
        if (!prime) continue;
        if (den % p == 0) {
            out.push_back(p);
            while (den % p == 0) den /= p;
        }
    }
    for (unsigned long p : {2ul, 3ul, 5ul, 7ul})
        if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    return out;
}

}  // namespace

LemmaN check_lemma_n(const Rational& mu, const Rational& h, const Rational& u_sq, const Rational& v_sq,
                     size_t max_bits) {
    LemmaN N;
    if (!(h * abs(mu) > 1)) {
        N.failure = "h |mu| <= 1";
        return N;
    }
    const std::vector<unsigned long> primes = candidate_primes(h);
    Rational A = u_sq, B = v_sq;
    for (size_t k = 0;; ++k) {
        const Rational r = mu - (A - B) / 4;
        if (r == 0) {
            N.failure = "r_" + std::to_string(k) + " = 0 exactly: GD reaches a global minimizer";
            return N;
        }
        for (unsigned long l : primes) {
            const long s = -valuation(r, l), e = -valuation(h, l);
            const bool mu_ok = mu == 0 || s + valuation(mu, l) > 0;
            const bool w_ok = A + B == 0 || valuation(A + B, l) + e + 2 * s - valuation(Rational(2), l) > 0;
            if (s + e > 0 && mu_ok && w_ok) {
                N.holds = true;
                N.step = k;
                N.prime = l;
                N.s = s;
                N.e = e;
                return N;
            }
        }
        const Rational t = h * r;
        A *= (1 + t) * (1 + t);
        B *= (1 - t) * (1 - t);
        if (bits_of(A) + bits_of(B) > max_bits) {
            N.failure = "no prime's valuation condition held up to step " + std::to_string(k);
            return N;
        }
    }
}

}  // namespace lrcert

namespace lrcert {

LemmaSOnBall check_lemma_s(const Ball& b, const ScalarMap& map, bool v_vanishes) {
    Interval x, y;
    ScalarMap::reduced_box(b, x, y);
    return check_lemma_s_on(map.mu() - x * y, interval_sqr(x) + interval_sqr(y), x + y, x - y, map,
                            v_vanishes);
}

LemmaSOnBall check_lemma_s_on(const Interval& r, const Interval& S, const Interval& u, const Interval& v,
                              const ScalarMap& map, bool v_vanishes) {
    LemmaSOnBall s;
    s.lemma = check_lemma_s_rs(r, S, map.mu(), map.h());
    if (!s.lemma.holds) return s;
    s.limit = limit_from_lemma_s_uv(u, v, map.mu(), s.lemma, v_vanishes);
    if (!s.limit->consistent) throw std::logic_error("Lemma S limit enclosures do not intersect (a bug)");
    s.width = width_of(s.limit->alpha) + width_of(s.limit->beta);
    return s;
}

LemmaD check_lemma_d(const Ball& b, const ScalarMap& map) {
    Interval x, y;
    ScalarMap::reduced_box(b, x, y);
    return check_lemma_d(x, y, map.mu(), map.h());
}

}  // namespace lrcert

namespace lrcert {

LemmaM check_lemma_m(const Rational& mu, const Rational& h, const Rational& u_sq, const Rational& v_sq) {
    LemmaM M;
    if (mu != 0) {
        M.failure = "mu != 0";
        return M;
    }
    if (u_sq != 0 && v_sq != 0) {
        M.failure = "the start is on neither invariant line (x0 + y0 != 0 and x0 - y0 != 0)";
        return M;
    }
    M.holds = true;
    // On u = 0 the moving square is b = |v|^2; on v = 0 it is a = |u|^2 (both
    // zero at the origin, which lies on both lines and is named "u").
    M.line = u_sq == 0 ? "u" : "v";
    M.w0 = u_sq == 0 ? v_sq : u_sq;
    M.h_w0 = h * M.w0;
    if (M.h_w0 < 8) {
        M.kind = LemmaMCase::Converges;
        M.rate = M.h_w0 <= 6;
    } else if (M.h_w0 == 8) {
        M.kind = LemmaMCase::TwoCycle;
    } else {
        M.kind = LemmaMCase::Diverges;
        const Rational s = M.h_w0 / 4 - 1;
        M.q = s * s;  // > 1 since h w0 / 4 > 2
    }
    return M;
}

}  // namespace lrcert
