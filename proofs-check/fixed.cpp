#include "fixed.hpp"

#include <algorithm>
#include <stdexcept>

namespace chk {

ZMat zmat(const Mat& m) {
    ZMat z(m.r, m.c);
    for (const Q& v : m.a) mpz_lcm(z.den.get_mpz_t(), z.den.get_mpz_t(), v.get_den_mpz_t());
    for (size_t k = 0; k < m.a.size(); ++k) {
        mpz_divexact(z.a[k].get_mpz_t(), z.den.get_mpz_t(), m.a[k].get_den_mpz_t());
        z.a[k] *= m.a[k].get_num();
    }
    return z;
}

Mat to_mat(const ZMat& m) {
    Mat q(m.r, m.c);
    for (size_t k = 0; k < m.a.size(); ++k) {
        mpq_set_num(q.a[k].get_mpq_t(), m.a[k].get_mpz_t());
        mpq_set_den(q.a[k].get_mpq_t(), m.den.get_mpz_t());
        q.a[k].canonicalize();
    }
    return q;
}

ZMat mul_t(const ZMat& x, const ZMat& y) {
    if (x.c != y.c) throw std::logic_error("mul_t: shapes");
    ZMat p(x.r, y.r);
    for (size_t i = 0; i < x.r; ++i)
        for (size_t j = 0; j < y.r; ++j) {
            mpz_ptr s = p.a[i * y.r + j].get_mpz_t();
            for (size_t k = 0; k < x.c; ++k) mpz_addmul(s, x.a[i * x.c + k].get_mpz_t(), y.a[j * y.c + k].get_mpz_t());
        }
    p.den = x.den * y.den;
    return p;
}

ZMat mul(const ZMat& x, const ZMat& y) {
    if (x.c != y.r) throw std::logic_error("mul: shapes");
    ZMat p(x.r, y.c);
    for (size_t i = 0; i < x.r; ++i)
        for (size_t k = 0; k < x.c; ++k) {
            mpz_srcptr v = x.a[i * x.c + k].get_mpz_t();
            if (mpz_sgn(v) == 0) continue;
            for (size_t j = 0; j < y.c; ++j) mpz_addmul(p.a[i * y.c + j].get_mpz_t(), v, y.a[k * y.c + j].get_mpz_t());
        }
    p.den = x.den * y.den;
    return p;
}

ZMat t_mul(const ZMat& x, const ZMat& y) {
    if (x.r != y.r) throw std::logic_error("t_mul: shapes");
    ZMat p(x.c, y.c);
    for (size_t k = 0; k < x.r; ++k)
        for (size_t i = 0; i < x.c; ++i) {
            mpz_srcptr v = x.a[k * x.c + i].get_mpz_t();
            if (mpz_sgn(v) == 0) continue;
            for (size_t j = 0; j < y.c; ++j) mpz_addmul(p.a[i * y.c + j].get_mpz_t(), v, y.a[k * y.c + j].get_mpz_t());
        }
    p.den = x.den * y.den;
    return p;
}

ZMat add(const ZMat& x, const ZMat& y, const Q& f) {
    if (x.r != y.r || x.c != y.c) throw std::logic_error("add: shapes");
    // x.a / x.den + (fn y.a) / (fd y.den) over L = lcm(x.den, fd y.den).
    const Z fd_yd = f.get_den() * y.den;
    ZMat s(x.r, x.c);
    mpz_lcm(s.den.get_mpz_t(), x.den.get_mpz_t(), fd_yd.get_mpz_t());
    Z sx, sy;
    mpz_divexact(sx.get_mpz_t(), s.den.get_mpz_t(), x.den.get_mpz_t());
    mpz_divexact(sy.get_mpz_t(), s.den.get_mpz_t(), fd_yd.get_mpz_t());
    sy *= f.get_num();
    for (size_t k = 0; k < x.a.size(); ++k) {
        mpz_ptr t = s.a[k].get_mpz_t();
        mpz_mul(t, x.a[k].get_mpz_t(), sx.get_mpz_t());
        mpz_addmul(t, y.a[k].get_mpz_t(), sy.get_mpz_t());
    }
    return s;
}

Mat gram(const ZMat& m) {
    if (m.r <= m.c) return to_mat(mul_t(m, m));
    return to_mat(t_mul(m, m));
}

Q fro2(const ZMat& m) {
    Z s = 0;
    for (const Z& v : m.a) mpz_addmul(s.get_mpz_t(), v.get_mpz_t(), v.get_mpz_t());
    Q q(s, m.den * m.den);
    q.canonicalize();
    return q;
}

Q fro2_diff(const ZMat& x, const ZMat& y) { return fro2(add(x, y, Q(-1))); }

ZMat round_grid(const ZMat& x, long bits, Q& err2) {
    ZMat g(x.r, x.c);
    size_t top = 0;
    for (const Z& v : x.a) top = std::max(top, mpz_sgn(v.get_mpz_t()) ? mpz_sizeinbase(v.get_mpz_t(), 2) : size_t{0});
    if (top == 0) {  // the zero matrix is on every grid
        err2 = 0;
        return g;
    }
    // log2 of the largest |entry| is within 1 of top - bits(den): the grid
    // 2^-s keeps bits - 1 to bits + 1 significant bits of it (any s is sound).
    const long s = bits - (static_cast<long>(top) - static_cast<long>(mpz_sizeinbase(x.den.get_mpz_t(), 2)));
    // x.a / x.den = N / (D 2^s) with N = x.a 2^max(s,0), D = x.den 2^max(-s,0);
    // the nearest m = round(N / D) has error (N - m D) / (D 2^s).
    Z D = x.den, N, rem, twice;
    if (s < 0) D <<= static_cast<mp_bitcnt_t>(-s);
    Z E = 0;
    for (size_t k = 0; k < x.a.size(); ++k) {
        N = x.a[k];
        if (s > 0) N <<= static_cast<mp_bitcnt_t>(s);
        mpz_fdiv_qr(g.a[k].get_mpz_t(), rem.get_mpz_t(), N.get_mpz_t(), D.get_mpz_t());  // 0 <= rem < D
        twice = rem << 1;
        if (twice >= D) {
            g.a[k] += 1;
            rem -= D;
        }
        mpz_addmul(E.get_mpz_t(), rem.get_mpz_t(), rem.get_mpz_t());
    }
    Z scale = D * D;  // err2 = E / (D 2^s)^2
    if (s >= 0) {
        scale <<= static_cast<mp_bitcnt_t>(2 * s);
        g.den = 1;
        g.den <<= static_cast<mp_bitcnt_t>(s);
    } else {
        E <<= static_cast<mp_bitcnt_t>(-2 * s);
        for (Z& v : g.a) v <<= static_cast<mp_bitcnt_t>(-s);
    }
    err2 = Q(E, scale);
    err2.canonicalize();
    return g;
}

}  // namespace chk
