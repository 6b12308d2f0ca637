#include "hessian.hpp"

#include <stdexcept>

namespace chk {

namespace {

// The numerators of m over the denominator den (a multiple of m.den).
std::vector<Z> over(const ZMat& m, const Z& den) {
    Z f;
    mpz_divexact(f.get_mpz_t(), den.get_mpz_t(), m.den.get_mpz_t());
    std::vector<Z> a = m.a;
    if (f != 1)
        for (Z& v : a) v *= f;
    return a;
}

}  // namespace

ZMat hessian_z(const Mat& A, const Mat& X, const Mat& Y, bool lower_only) {
    const size_t n = X.r, m = Y.r, d = X.c, off = n * d, N = (n + m) * d;
    if (Y.c != d || A.r != n || A.c != m) throw std::invalid_argument("hessian_z: sizes do not match");
    const ZMat zx = zmat(X), zy = zmat(Y), za = zmat(A);
    Z D;
    mpz_lcm(D.get_mpz_t(), zx.den.get_mpz_t(), zy.den.get_mpz_t());
    const std::vector<Z> x = over(zx, D), y = over(zy, D);  // X = x / D, Y = y / D
    ZMat H(N, N);
    mpz_lcm(H.den.get_mpz_t(), Z(D * D).get_mpz_t(), za.den.get_mpz_t());
    Z fp, fa;  // C / D^2 (products of two entries) and C / den(A)
    mpz_divexact(fp.get_mpz_t(), H.den.get_mpz_t(), Z(D * D).get_mpz_t());
    mpz_divexact(fa.get_mpz_t(), H.den.get_mpz_t(), za.den.get_mpz_t());
    // Gram blocks (numerators over D^2): gy = y^T y, gx = x^T x.
    std::vector<Z> gy(d * d), gx(d * d);
    for (size_t a = 0; a < d; ++a)
        for (size_t b = 0; b < d; ++b) {
            for (size_t j = 0; j < m; ++j) mpz_addmul(gy[a * d + b].get_mpz_t(), y[j * d + a].get_mpz_t(), y[j * d + b].get_mpz_t());
            for (size_t i = 0; i < n; ++i) mpz_addmul(gx[a * d + b].get_mpz_t(), x[i * d + a].get_mpz_t(), x[i * d + b].get_mpz_t());
            gy[a * d + b] *= fp;
            gx[a * d + b] *= fp;
        }
    // r = C R = fa a - fp (x y^T).
    std::vector<Z> r(n * m);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) {
            Z s = 0;
            for (size_t b = 0; b < d; ++b) mpz_addmul(s.get_mpz_t(), x[i * d + b].get_mpz_t(), y[j * d + b].get_mpz_t());
            r[i * m + j] = fa * za.a[i * m + j] - fp * s;
        }
    for (size_t a = 0; a < d; ++a)
        for (size_t b = 0; b < (lower_only ? a + 1 : d); ++b) {
            for (size_t i = 0; i < n; ++i) H.a[(i * d + a) * N + i * d + b] = gy[a * d + b];
            for (size_t j = 0; j < m; ++j) H.a[(off + j * d + a) * N + off + j * d + b] = gx[a * d + b];
        }
    const bool scaled = fp != 1;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j)
            for (size_t a = 0; a < d; ++a)
                for (size_t b = 0; b < d; ++b) {
                    // H(off + j d + b, i d + a) (lower triangle: off + j d + b > i d + a), written in place
                    mpz_ptr v = H.a[(off + j * d + b) * N + i * d + a].get_mpz_t();
                    mpz_mul(v, x[i * d + b].get_mpz_t(), y[j * d + a].get_mpz_t());
                    if (scaled) mpz_mul(v, v, fp.get_mpz_t());
                    if (a == b) mpz_sub(v, v, r[i * m + j].get_mpz_t());
                    if (!lower_only) mpz_set(H.a[(i * d + a) * N + off + j * d + b].get_mpz_t(), v);
                }
    return H;
}

Q hessian_rayleigh(const Mat& A, const Mat& X, const Mat& Y, const std::vector<Q>& v) {
    const size_t n = X.r, m = Y.r, d = X.c;
    if (Y.c != d || A.r != n || A.c != m || v.size() != (n + m) * d)
        throw std::invalid_argument("hessian_rayleigh: sizes do not match");
    Mat U(n, d), V(m, d);
    for (size_t k = 0; k < n * d; ++k) U.a[k] = v[k];
    for (size_t k = 0; k < m * d; ++k) V.a[k] = v[n * d + k];
    Q vv = 0;
    for (const Q& x : v) vv += x * x;
    if (vv == 0) throw std::logic_error("Rayleigh quotient of the zero vector");
    const ZMat Uz = zmat(U), Vz = zmat(V), Xz = zmat(X), Yz = zmat(Y), Az = zmat(A);
    const ZMat M = add(mul_t(Uz, Yz), mul_t(Xz, Vz), Q(1));  // U Y^T + X V^T
    const ZMat R = add(Az, mul_t(Xz, Yz), Q(-1));            // A - X Y^T
    const ZMat P = mul_t(Uz, Vz);                            // U V^T
    Z rp = 0;  // <R, P> R.den P.den
    for (size_t k = 0; k < R.a.size(); ++k) mpz_addmul(rp.get_mpz_t(), R.a[k].get_mpz_t(), P.a[k].get_mpz_t());
    Q inner(rp, R.den * P.den);
    inner.canonicalize();
    return (fro2(M) - 2 * inner) / vv;
}

HessianEntries::HessianEntries(const Mat& A, const Mat& X, const Mat& Y)
    : n_(X.r), m_(Y.r), d_(X.c), off_(X.r * X.c), N_((X.r + Y.r) * X.c) {
    const size_t n = n_, m = m_, d = d_;
    if (Y.c != d || A.r != n || A.c != m) throw std::invalid_argument("HessianEntries: sizes do not match");
    // The same numbers as hessian_z.
    const ZMat zx = zmat(X), zy = zmat(Y), za = zmat(A);
    Z D;
    mpz_lcm(D.get_mpz_t(), zx.den.get_mpz_t(), zy.den.get_mpz_t());
    x_ = over(zx, D);
    y_ = over(zy, D);
    mpz_lcm(C_.get_mpz_t(), Z(D * D).get_mpz_t(), za.den.get_mpz_t());
    Z fa;
    mpz_divexact(fp_.get_mpz_t(), C_.get_mpz_t(), Z(D * D).get_mpz_t());
    mpz_divexact(fa.get_mpz_t(), C_.get_mpz_t(), za.den.get_mpz_t());
    scaled_ = fp_ != 1;
    gy_.assign(d * d, Z(0));
    gx_.assign(d * d, Z(0));
    for (size_t a = 0; a < d; ++a)
        for (size_t b = 0; b < d; ++b) {
            for (size_t j = 0; j < m; ++j) mpz_addmul(gy_[a * d + b].get_mpz_t(), y_[j * d + a].get_mpz_t(), y_[j * d + b].get_mpz_t());
            for (size_t i = 0; i < n; ++i) mpz_addmul(gx_[a * d + b].get_mpz_t(), x_[i * d + a].get_mpz_t(), x_[i * d + b].get_mpz_t());
            gy_[a * d + b] *= fp_;
            gx_[a * d + b] *= fp_;
        }
    r_.assign(n * m, Z(0));
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) {
            Z s = 0;
            for (size_t b = 0; b < d; ++b) mpz_addmul(s.get_mpz_t(), x_[i * d + b].get_mpz_t(), y_[j * d + b].get_mpz_t());
            r_[i * m + j] = fa * za.a[i * m + j] - fp_ * s;
        }
}

const Z& HessianEntries::operator()(size_t row, size_t col) const {
    if (row >= N_ || col >= N_) throw std::out_of_range("HessianEntries: index");
    const size_t d = d_;
    if (row < off_ && col < off_) {  // the X block: (Y^T Y)_ab within a block i
        if (row / d != col / d) return zero_;
        return gy_[(row % d) * d + col % d];
    }
    if (row >= off_ && col >= off_) {  // the Y block: (X^T X)_ab within a block j
        if ((row - off_) / d != (col - off_) / d) return zero_;
        return gx_[((row - off_) % d) * d + (col - off_) % d];
    }
    // the coupling: H(i d + a, off + j d + b) = fp x_ib y_ja - [a = b] r_ij
    const size_t xr = row < off_ ? row : col, yc = (row < off_ ? col : row) - off_;
    const size_t i = xr / d, a = xr % d, j = yc / d, b = yc % d;
    mpz_mul(tmp_.get_mpz_t(), x_[i * d + b].get_mpz_t(), y_[j * d + a].get_mpz_t());
    if (scaled_) mpz_mul(tmp_.get_mpz_t(), tmp_.get_mpz_t(), fp_.get_mpz_t());
    if (a == b) mpz_sub(tmp_.get_mpz_t(), tmp_.get_mpz_t(), r_[i * m_ + j].get_mpz_t());
    return tmp_;
}

}  // namespace chk
