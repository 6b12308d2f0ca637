#include "num.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace chk {

long size_bits(const Q& q) {
    return static_cast<long>(mpz_sizeinbase(q.get_num_mpz_t(), 2) + mpz_sizeinbase(q.get_den_mpz_t(), 2));
}

Q pow2(long e) {
    Q r = 1;
    if (e >= 0)
        mpq_mul_2exp(r.get_mpq_t(), r.get_mpq_t(), static_cast<mp_bitcnt_t>(e));
    else
        mpq_div_2exp(r.get_mpq_t(), r.get_mpq_t(), static_cast<mp_bitcnt_t>(-e));
    return r;
}

long floor_log2(const Q& q) {
    Z n = abs(q.get_num());
    const Z& d = q.get_den();
    long e = static_cast<long>(mpz_sizeinbase(n.get_mpz_t(), 2)) - static_cast<long>(mpz_sizeinbase(d.get_mpz_t(), 2));
    // 2^(e-1) < |q| < 2^(e+1); decide whether |q| >= 2^e.
    Z a = n, b = d;
    if (e >= 0) b <<= static_cast<mp_bitcnt_t>(e); else a <<= static_cast<mp_bitcnt_t>(-e);
    return a >= b ? e : e - 1;
}

// q * 2^s as an integer, rounded in direction dir (-1 floor, +1 ceiling, 0 nearest).
static Z scaled_int(const Q& q, long s, int dir) {
    Z n = q.get_num(), d = q.get_den(), r;
    // A dyadic q (den = 2^e; the trajectory's and most intervals' ends): n 2^s / 2^e
    // rounded by shifts, the same integers as the divisions below (branch check17).
    if (mpz_popcount(d.get_mpz_t()) == 1) {
        long e = static_cast<long>(mpz_scan1(d.get_mpz_t(), 0)) - s;  // q 2^s = n / 2^e
        if (e <= 0) {
            mpz_mul_2exp(r.get_mpz_t(), n.get_mpz_t(), static_cast<mp_bitcnt_t>(-e));
            return r;
        }
        const auto ue = static_cast<mp_bitcnt_t>(e);
        if (dir < 0) mpz_fdiv_q_2exp(r.get_mpz_t(), n.get_mpz_t(), ue);
        else if (dir > 0) mpz_cdiv_q_2exp(r.get_mpz_t(), n.get_mpz_t(), ue);
        else {  // floor((2 n + 2^e) / 2^(e+1)) = floor((n + 2^(e-1)) / 2^e)
            Z half = 1;
            half <<= ue - 1;
            n += half;
            mpz_fdiv_q_2exp(r.get_mpz_t(), n.get_mpz_t(), ue);
        }
        return r;
    }
    if (s >= 0) n <<= static_cast<mp_bitcnt_t>(s); else d <<= static_cast<mp_bitcnt_t>(-s);
    if (dir < 0) mpz_fdiv_q(r.get_mpz_t(), n.get_mpz_t(), d.get_mpz_t());
    else if (dir > 0) mpz_cdiv_q(r.get_mpz_t(), n.get_mpz_t(), d.get_mpz_t());
    else { n = 2 * n + d; d *= 2; mpz_fdiv_q(r.get_mpz_t(), n.get_mpz_t(), d.get_mpz_t()); }
    return r;
}

Q round_bits(const Q& q, long bits, int dir) {
    if (q == 0) return q;
    long s = bits - 1 - floor_log2(q);
    Z r = scaled_int(q, s, dir);
    // r 2^-s in lowest terms without a gcd: the common factors are the 2s of r
    // (the same canonical rational as Q(r) * pow2(-s)).
    Q out;
    if (s <= 0 || r == 0) {
        if (s < 0) r <<= static_cast<mp_bitcnt_t>(-s);
        mpq_set_z(out.get_mpq_t(), r.get_mpz_t());
        return out;
    }
    const long k = std::min(static_cast<long>(mpz_scan1(r.get_mpz_t(), 0)), s);
    if (k > 0) mpz_tdiv_q_2exp(r.get_mpz_t(), r.get_mpz_t(), static_cast<mp_bitcnt_t>(k));
    Z den = 1;
    den <<= static_cast<mp_bitcnt_t>(s - k);
    mpq_set_num(out.get_mpq_t(), r.get_mpz_t());
    mpq_set_den(out.get_mpq_t(), den.get_mpz_t());
    return out;
}

void sqrt_bounds(const Q& q, long bits, Q& lo, Q& hi) {
    if (q < 0) throw std::logic_error("sqrt of a negative number");
    if (q == 0) { lo = hi = 0; return; }
    if (mpz_perfect_square_p(q.get_num_mpz_t()) && mpz_perfect_square_p(q.get_den_mpz_t())) {
        Z a, b;
        mpz_sqrt(a.get_mpz_t(), q.get_num_mpz_t());
        mpz_sqrt(b.get_mpz_t(), q.get_den_mpz_t());
        lo = hi = Q(a, b);
        lo.canonicalize(); hi.canonicalize();
        return;
    }
    // N = floor(q 4^k) with about 2 bits + 4 bits; r = isqrt(N) <= sqrt(q 4^k) < r + 1.
    long k = bits + 2 - floor_log2(q) / 2;
    Z N = scaled_int(q, 2 * k, -1), r;
    mpz_sqrt(r.get_mpz_t(), N.get_mpz_t());
    lo = Q(r) * pow2(-k);
    hi = Q(r + 1) * pow2(-k);
}

Q sqrt_up(const Q& q, long bits) { Q l, h; sqrt_bounds(q, bits, l, h); return h; }
Q sqrt_down(const Q& q, long bits) { Q l, h; sqrt_bounds(q, bits, l, h); return l; }

// Taylor series for 0 <= x <= 1/2: sum_{k<=N} x^k/k! <= exp(x) <= that + 2 x^(N+1)/(N+1)!.
static void exp_small(const Q& x, long bits, Q& lo, Q& hi) {
    Q tl = 1, tu = 1, sl = 1, su = 1, eps = pow2(-bits - 8);
    for (long k = 1;; ++k) {
        tl = round_bits(tl * x / k, bits + 16, -1);
        tu = round_bits(tu * x / k, bits + 16, +1);
        if (tu < eps) { lo = sl; hi = su + 2 * tu; return; }  // tu bounds the first omitted term
        sl += tl; su += tu;
    }
}

void exp_bounds(const Q& x, long bits, Q& lo, Q& hi) {
    if (x == 0) { lo = hi = 1; return; }
    // Beyond |x| = 2^20 the ends' exponents have millions of bits: too large to
    // check. Below that, halving and squaring keep `bits` significant bits
    // at every level, so a very wide but valid enclosure (e^5000, the
    // limit of a run with h = 1e-12) is checkable.
    if (abs(x) > Q(1L << 20)) throw std::range_error("exp bound requested for |x| > 2^20 (enclosure too wide to check)");
    if (x < 0) {
        Q l, h;
        exp_bounds(-x, bits, l, h);
        lo = round_bits(1 / h, bits + 8, -1);
        hi = round_bits(1 / l, bits + 8, +1);
        return;
    }
    if (x > Q(1, 2)) {  // exp(x) = exp(x/2)^2
        Q l, h;
        exp_bounds(x / 2, bits + 2, l, h);
        lo = round_bits(l * l, bits + 8, -1);
        hi = round_bits(h * h, bits + 8, +1);
        return;
    }
    exp_small(x, bits, lo, hi);
}

std::optional<Q> parse_number(const std::string& s) {
    size_t i = 0, n = s.size();
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    std::string mant;
    size_t start = i;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) mant += s[i++];
    if (i < n && s[i] == '/') {  // p/q
        if (mant.empty()) return std::nullopt;
        std::string den = s.substr(i + 1);
        if (den.empty() || den.size() > 100000) return std::nullopt;
        for (char c : den) if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        Z p(mant, 10), q(den, 10);
        if (q == 0) return std::nullopt;
        Q r(p, q);
        r.canonicalize();
        return neg ? Q(-r) : r;
    }
    long frac = 0;
    if (i < n && s[i] == '.') {
        ++i;
        while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) { mant += s[i++]; ++frac; }
    }
    if (mant.empty() || (i == start)) return std::nullopt;
    long ex = 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool eneg = false;
        if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
        size_t es = i;
        while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) {
            ex = ex * 10 + (s[i++] - '0');
            if (ex > 100000) return std::nullopt;
        }
        if (i == es) return std::nullopt;
        if (eneg) ex = -ex;
    }
    if (i != n) return std::nullopt;
    Z m(mant, 10), p;
    long e10 = ex - frac;
    mpz_ui_pow_ui(p.get_mpz_t(), 10, static_cast<unsigned long>(e10 < 0 ? -e10 : e10));
    Q r = e10 >= 0 ? Q(m * p) : Q(m, p);
    r.canonicalize();
    return neg ? Q(-r) : r;
}

std::string decimal(const Q& q, int digits, int dir) {
    if (q == 0) return "0";
    // |q| = m 10^e with 10^(digits-1) <= m < 10^digits (m rounded).
    Q a = abs(q);
    long e = static_cast<long>(floor_log2(a) * 0.30102999566398) - digits + 1;
    int sdir = q < 0 ? -dir : dir;
    for (;;) {
        Z p, m;
        mpz_ui_pow_ui(p.get_mpz_t(), 10, static_cast<unsigned long>(e < 0 ? -e : e));
        Q s = e >= 0 ? Q(a / Q(p)) : Q(a * Q(p));
        Z num = s.get_num(), den = s.get_den();
        if (sdir < 0) mpz_fdiv_q(m.get_mpz_t(), num.get_mpz_t(), den.get_mpz_t());
        else mpz_cdiv_q(m.get_mpz_t(), num.get_mpz_t(), den.get_mpz_t());
        std::string ds = m.get_str();
        if (static_cast<int>(ds.size()) > digits) { ++e; continue; }
        if (static_cast<int>(ds.size()) < digits && m != 0 && e > -1000000) { --e; continue; }
        std::string out = (q < 0 ? "-" : "") + ds.substr(0, 1);
        if (ds.size() > 1) out += "." + ds.substr(1);
        long exp10 = e + static_cast<long>(ds.size()) - 1;
        if (exp10 != 0) out += "e" + std::to_string(exp10);
        return out;
    }
}

std::string exact_text(const Q& q) { return q.get_str(); }

// ---- intervals ------------------------------------------------------------------

// An endpoint that still needs more bits after rounding has a huge (or tiny)
// magnitude: beyond 2^(+-kMaxEndpointBits) nothing is checked (arithmetic on
// such rationals grows without bound; a chain of products of 1e100000 in a
// claim expression ran for minutes).
static const long kMaxEndpointBits = 1L << 22;

static void check_size(const Q& q) {
    if (size_bits(q) > kMaxEndpointBits)
        throw std::range_error("interval end point of magnitude beyond 2^(+-" + std::to_string(kMaxEndpointBits) +
                               ") (too large to check)");
}

// q rounded to `bits` bits in direction dir when it is large, as tidy.
static Q tidy_bound(const Q& q, long bits, int dir) {
    if (size_bits(q) <= 2 * bits + 64) return q;
    Q r = round_bits(q, bits, dir);
    check_size(r);
    return r;
}

I with_bits(I x, long bits) {
    x.bits = bits;
    return x;
}

I tidy(I x) {
    x.lo = tidy_bound(x.lo, x.precision(), -1);
    x.hi = tidy_bound(x.hi, x.precision(), +1);
    return x;
}

namespace {
// [lo, hi] with the precision of the operands (the larger one).
I result(const Q& lo, const Q& hi, const I& a, const I& b) { return with_bits(I(lo, hi), a.bits > b.bits ? a.bits : b.bits); }
I result(const Q& lo, const Q& hi, const I& a) { return with_bits(I(lo, hi), a.bits); }
}  // namespace

I operator+(const I& a, const I& b) { return tidy(result(a.lo + b.lo, a.hi + b.hi, a, b)); }
I operator-(const I& a, const I& b) { return tidy(result(a.lo - b.hi, a.hi - b.lo, a, b)); }
I operator-(const I& a) { return result(-a.hi, -a.lo, a); }

I operator*(const I& a, const I& b) {
    if (a.thin() && b.thin()) {
        const Q p = a.lo * b.lo;
        return tidy(result(p, p, a, b));
    }
    // Sign cases with two products (the extreme products are known); the
    // general case takes the min and max of all four.
    const int sa = a.lo >= 0 ? 1 : (a.hi <= 0 ? -1 : 0), sb = b.lo >= 0 ? 1 : (b.hi <= 0 ? -1 : 0);
    if (sa != 0 && sb != 0) {
        if (sa > 0 && sb > 0) return tidy(result(a.lo * b.lo, a.hi * b.hi, a, b));
        if (sa < 0 && sb < 0) return tidy(result(a.hi * b.hi, a.lo * b.lo, a, b));
        if (sa > 0) return tidy(result(a.hi * b.lo, a.lo * b.hi, a, b));  // b <= 0
        return tidy(result(a.lo * b.hi, a.hi * b.lo, a, b));              // a <= 0 <= b
    }
    if (sa != 0) {  // 0 inside b
        if (sa > 0) return tidy(result(a.hi * b.lo, a.hi * b.hi, a, b));
        return tidy(result(a.lo * b.hi, a.lo * b.lo, a, b));
    }
    if (sb != 0) {  // 0 inside a
        if (sb > 0) return tidy(result(a.lo * b.hi, a.hi * b.hi, a, b));
        return tidy(result(a.hi * b.lo, a.lo * b.lo, a, b));
    }
    Q p[4] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
    I r = result(p[0], p[0], a, b);
    for (const Q& x : p) { if (x < r.lo) r.lo = x; if (x > r.hi) r.hi = x; }
    return tidy(r);
}

I operator/(const I& a, const I& b) {
    if (contains_zero(b)) throw std::logic_error("interval division by an interval containing 0");
    return a * result(1 / b.hi, 1 / b.lo, b);
}

I sqr(const I& a) {
    if (a.lo >= 0) return tidy(result(a.lo * a.lo, a.hi * a.hi, a));
    if (a.hi <= 0) return tidy(result(a.hi * a.hi, a.lo * a.lo, a));
    Q m = mag(a);
    return tidy(result(0, m * m, a));
}

// A bound of q^k in direction dir (-1 lower, +1 upper) for odd k, by
// repeated squaring with every large intermediate rounded in that direction
// (exact while the values stay small).
static Q pow_bound(const Q& q, unsigned k, long bits, int dir) {
    if (q < 0) return -pow_bound(-q, k, bits, -dir);  // odd k: q^k = -(|q|^k)
    Q r = 1, b = q;  // non-negative: rounding each factor in direction dir keeps a bound
    for (;;) {
        if (k & 1) r = tidy_bound(r * b, bits, dir);
        k >>= 1;
        if (k == 0) return r;
        b = tidy_bound(b * b, bits, dir);
    }
}

I pow(const I& a, unsigned k) {
    if (k == 0) return result(1, 1, a);
    if (k % 2 == 0) return sqr(pow(a, k / 2));                      // exact range: x^(k/2) squared
    const long bits = a.precision();                               // odd powers are increasing
    return result(pow_bound(a.lo, k, bits, -1), pow_bound(a.hi, k, bits, +1), a);
}

I isqrt(const I& a) {
    if (a.lo < 0) throw std::logic_error("sqrt of a possibly negative interval");
    return result(sqrt_down(a.lo, a.precision()), sqrt_up(a.hi, a.precision()), a);
}

I iabs(const I& a) {
    if (a.lo >= 0) return a;
    if (a.hi <= 0) return -a;
    return result(0, mag(a), a);
}

I imin(const I& a, const I& b) { return result(a.lo < b.lo ? a.lo : b.lo, a.hi < b.hi ? a.hi : b.hi, a, b); }
I imax(const I& a, const I& b) { return result(a.lo > b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi, a, b); }
I hull(const I& a, const I& b) { return result(a.lo < b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi, a, b); }

I iexp(const I& a) {
    Q l, h, t;
    exp_bounds(a.lo, a.precision(), l, t);
    exp_bounds(a.hi, a.precision(), t, h);
    return result(l, h, a);
}

Q mag(const I& a) { return abs(a.lo) > abs(a.hi) ? Q(abs(a.lo)) : Q(abs(a.hi)); }
bool contains_zero(const I& a) { return a.lo <= 0 && a.hi >= 0; }

bool intersect_into(I& a, const I& b) {
    if (a.hi < b.lo || b.hi < a.lo) return false;
    if (b.lo > a.lo) a.lo = b.lo;
    if (b.hi < a.hi) a.hi = b.hi;
    if (b.bits > a.bits) a.bits = b.bits;
    return true;
}

bool inside(const I& inner, const I& outer) { return outer.lo <= inner.lo && inner.hi <= outer.hi; }

std::string text(const I& a, int digits) {
    if (a.thin() && size_bits(a.lo) < 200) return exact_text(a.lo);
    return "[" + decimal(a.lo, digits, -1) + ", " + decimal(a.hi, digits, +1) + "]";
}

}  // namespace chk
