#include "linalg.hpp"

#include "fixed.hpp"
#include "residual.hpp"

#include <cmath>
#include <stdexcept>

namespace chk {

Mat transpose(const Mat& m) {
    Mat t(m.c, m.r);
    for (size_t i = 0; i < m.r; ++i)
        for (size_t j = 0; j < m.c; ++j) t(j, i) = m(i, j);
    return t;
}

Mat operator*(const Mat& x, const Mat& y) {
    Mat p(x.r, y.c);
    for (size_t i = 0; i < x.r; ++i)
        for (size_t k = 0; k < x.c; ++k) {
            if (x(i, k) == 0) continue;
            for (size_t j = 0; j < y.c; ++j) p(i, j) += x(i, k) * y(k, j);
        }
    return p;
}

Mat operator+(const Mat& x, const Mat& y) {
    Mat s = x;
    for (size_t k = 0; k < s.a.size(); ++k) s.a[k] += y.a[k];
    return s;
}

Mat operator-(const Mat& x, const Mat& y) {
    Mat s = x;
    for (size_t k = 0; k < s.a.size(); ++k) s.a[k] -= y.a[k];
    return s;
}

Mat operator*(const Q& f, const Mat& x) {
    Mat s = x;
    for (Q& v : s.a) v *= f;
    return s;
}

Q fro2(const Mat& m) { return fro2(zmat(m)); }  // in integers (fixed.hpp)

// In integers over the common denominator (fixed.hpp): no gcd per term.
Mat gram(const Mat& m) { return gram(zmat(m)); }

bool positive_definite(const Mat& S) {
    const size_t n = S.r;
    Z L = 1;
    for (const Q& v : S.a) mpz_lcm(L.get_mpz_t(), L.get_mpz_t(), v.get_den_mpz_t());
    std::vector<Z> B(n * n);
    for (size_t k = 0; k < n * n; ++k) B[k] = S.a[k].get_num() * (L / S.a[k].get_den());
    Z prev = 1, t;
    // Bareiss: after step k, B(k, k) is the leading (k+1) x (k+1) principal minor
    // of L S. Only the upper triangle is updated (the matrix stays symmetric).
    for (size_t k = 0; k < n; ++k) {
        const Z& p = B[k * n + k];
        if (p <= 0) return false;
        for (size_t i = k + 1; i < n; ++i)
            for (size_t j = i; j < n; ++j) {
                t = p * B[i * n + j] - B[k * n + i] * B[k * n + j];
                mpz_divexact(B[i * n + j].get_mpz_t(), t.get_mpz_t(), prev.get_mpz_t());
            }
        prev = p;
    }
    return true;
}

namespace {

// Cyclic Jacobi for a symmetric double matrix: eigenvalues w, eigenvectors in
// the columns of V. Only a guess generator.
void jacobi(std::vector<double> a, size_t n, std::vector<double>& w, std::vector<double>& V) {
    V.assign(n * n, 0.0);
    for (size_t i = 0; i < n; ++i) V[i * n + i] = 1;
    for (int sweep = 0; sweep < 60; ++sweep) {
        double off = 0, diag = 0;
        for (size_t i = 0; i < n; ++i) {
            diag += a[i * n + i] * a[i * n + i];
            for (size_t j = i + 1; j < n; ++j) off += a[i * n + j] * a[i * n + j];
        }
        if (off <= 1e-34 * diag || off == 0) break;
        for (size_t p = 0; p < n; ++p)
            for (size_t q = p + 1; q < n; ++q) {
                double apq = a[p * n + q];
                if (apq == 0) continue;
                double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                double t = (theta >= 0 ? 1 : -1) / (std::abs(theta) + std::sqrt(theta * theta + 1));
                double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (size_t k = 0; k < n; ++k) {  // columns p, q
                    double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (size_t k = 0; k < n; ++k) {  // rows p, q
                    double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for (size_t k = 0; k < n; ++k) {
                    double vkp = V[k * n + p], vkq = V[k * n + q];
                    V[k * n + p] = c * vkp - s * vkq;
                    V[k * n + q] = s * vkp + c * vkq;
                }
            }
    }
    w.resize(n);
    for (size_t i = 0; i < n; ++i) w[i] = a[i * n + i];
}

// Exponent E with every |entry| < 2^(E+1); false for the zero matrix.
bool scale_of(const Mat& G, long& E) {
    bool any = false;
    for (const Q& v : G.a)
        if (v != 0) {
            long e = floor_log2(v);
            if (!any || e > E) E = e;
            any = true;
        }
    return any;
}

// Double eigen-decomposition of G 2^-E: index of the largest / smallest eigenvalue.
void eigen_guess(const Mat& G, long E, std::vector<double>& w, std::vector<double>& V) {
    std::vector<double> g(G.a.size());
    Q s = pow2(-E);
    for (size_t k = 0; k < g.size(); ++k) g[k] = Q(G.a[k] * s).get_d();
    jacobi(g, G.r, w, V);
    // A failed guess (overflow, NaN) must never reach Q(double), which is
    // undefined for NaN and infinity: it becomes 0. The guesses only propose
    // shifts and vectors; every bound drawn from them is proven exactly.
    for (double& x : w) if (!std::isfinite(x)) x = 0;
    for (double& x : V) if (!std::isfinite(x)) x = 0;
}

Mat shifted(const Mat& G, const Q& t, int sign) {  // sign * (t I - G)
    Mat M(G.r, G.c);
    for (size_t i = 0; i < G.r; ++i)
        for (size_t j = 0; j < G.c; ++j) M(i, j) = Q(sign) * ((i == j ? t : Q(0)) - G(i, j));
    return M;
}

// Solves M w = b approximately, in fixed point with p fractional bits
// (integers times 2^-p, truncating divisions, partial pivoting); false if a
// pivot vanishes. Only a guess generator (the Rayleigh quotient iteration's
// next vector): every bound drawn from w is proven exactly. An exact rational
// solve would cost fraction growth for no gain in what is proven.
bool solve(const Mat& M, const std::vector<Q>& b, long p, std::vector<Q>& w) {
    const size_t n = M.r;
    auto fix = [&](const Q& q) {
        Z num = q.get_num();
        num <<= static_cast<mp_bitcnt_t>(p);
        Z r;
        mpz_tdiv_q(r.get_mpz_t(), num.get_mpz_t(), q.get_den_mpz_t());
        return r;
    };
    std::vector<Z> a(n * n), y(n);
    for (size_t k = 0; k < n * n; ++k) a[k] = fix(M.a[k]);
    for (size_t i = 0; i < n; ++i) y[i] = fix(b[i]);
    Z f, t;
    for (size_t k = 0; k < n; ++k) {
        size_t piv = k;
        for (size_t i = k + 1; i < n; ++i)
            if (mpz_cmpabs(a[i * n + k].get_mpz_t(), a[piv * n + k].get_mpz_t()) > 0) piv = i;
        if (a[piv * n + k] == 0) return false;
        if (piv != k) {
            for (size_t j = 0; j < n; ++j) std::swap(a[piv * n + j], a[k * n + j]);
            std::swap(y[piv], y[k]);
        }
        for (size_t i = k + 1; i < n; ++i) {
            if (a[i * n + k] == 0) continue;
            f = a[i * n + k] << static_cast<mp_bitcnt_t>(p);  // f = a_ik / a_kk in units of 2^-p
            mpz_tdiv_q(f.get_mpz_t(), f.get_mpz_t(), a[k * n + k].get_mpz_t());
            for (size_t j = k; j < n; ++j) {
                t = f * a[k * n + j];
                a[i * n + j] -= t >> static_cast<mp_bitcnt_t>(p);
            }
            t = f * y[k];
            y[i] -= t >> static_cast<mp_bitcnt_t>(p);
        }
    }
    std::vector<Z> x(n);
    for (size_t i = n; i-- > 0;) {
        Z s = y[i];
        for (size_t j = i + 1; j < n; ++j) {
            t = a[i * n + j] * x[j];
            s -= t >> static_cast<mp_bitcnt_t>(p);
        }
        s <<= static_cast<mp_bitcnt_t>(p);
        mpz_tdiv_q(x[i].get_mpz_t(), s.get_mpz_t(), a[i * n + i].get_mpz_t());
    }
    w.assign(n, Q(0));
    for (size_t i = 0; i < n; ++i) w[i] = Q(x[i]) * pow2(-p);
    return true;
}

}  // namespace

// Both in integers over G's common denominator (fixed.hpp): no rational
// arithmetic per entry.
Q gershgorin(const Mat& G) { return gershgorin(zmat(G)); }

Q gershgorin(const ZMat& g) {
    const ZMat& G = g;  // the shape
    Z best, s, a;
    for (size_t i = 0; i < G.r; ++i) {
        s = g.a[i * G.c + i];
        for (size_t j = 0; j < G.c; ++j)
            if (j != i) {
                mpz_abs(a.get_mpz_t(), g.a[i * G.c + j].get_mpz_t());
                s += a;
            }
        if (i == 0 || s > best) best = s;
    }
    Q r(best, g.den);
    r.canonicalize();
    return r;
}

Q rayleigh(const Mat& G, const std::vector<Q>& v) { return rayleigh(zmat(G), v); }

Q rayleigh(const ZMat& g, const std::vector<Q>& v) {
    // v = w / vd with integers w: v^T G v / v^T v = (w^T g w) / (g.den w^T w).
    const ZMat& G = g;  // the shape
    Z vd = 1;
    for (const Q& x : v) mpz_lcm(vd.get_mpz_t(), vd.get_mpz_t(), x.get_den_mpz_t());
    std::vector<Z> w(G.r);
    for (size_t i = 0; i < G.r; ++i) {
        mpz_divexact(w[i].get_mpz_t(), vd.get_mpz_t(), v[i].get_den_mpz_t());
        w[i] *= v[i].get_num();
    }
    Z num = 0, den = 0, s;
    for (size_t i = 0; i < G.r; ++i) {
        if (w[i] == 0) continue;
        s = 0;
        for (size_t j = 0; j < G.c; ++j)
            if (w[j] != 0 && mpz_sgn(g.a[i * G.c + j].get_mpz_t()))  // the Hessian's zero blocks
                mpz_addmul(s.get_mpz_t(), g.a[i * G.c + j].get_mpz_t(), w[j].get_mpz_t());
        mpz_addmul(num.get_mpz_t(), w[i].get_mpz_t(), s.get_mpz_t());
        mpz_addmul(den.get_mpz_t(), w[i].get_mpz_t(), w[i].get_mpz_t());
    }
    if (den == 0) throw std::logic_error("Rayleigh quotient of the zero vector");
    Q r(num, den * g.den);
    r.canonicalize();
    return r;
}

namespace {

// rayleigh_lower on entries get(i, j), j <= i, of an n x n matrix over den.
template <class Get>
Q rayleigh_lower_impl(size_t n, const Z& gden, const Get& get, const std::vector<Q>& v) {
    // v = w / vd as in rayleigh; the off-diagonal sums counted twice.
    Z vd = 1;
    for (const Q& x : v) mpz_lcm(vd.get_mpz_t(), vd.get_mpz_t(), x.get_den_mpz_t());
    std::vector<Z> w(n);
    for (size_t i = 0; i < n; ++i) {
        mpz_divexact(w[i].get_mpz_t(), vd.get_mpz_t(), v[i].get_den_mpz_t());
        w[i] *= v[i].get_num();
    }
    Z num = 0, den = 0, s;
    for (size_t i = 0; i < n; ++i) {
        if (w[i] == 0) continue;
        s = 0;
        for (size_t j = 0; j < i; ++j) {
            if (w[j] == 0) continue;
            const Z& gij = get(i, j);
            if (mpz_sgn(gij.get_mpz_t())) mpz_addmul(s.get_mpz_t(), gij.get_mpz_t(), w[j].get_mpz_t());  // the Hessian's zero blocks
        }
        s *= 2;
        mpz_addmul(s.get_mpz_t(), get(i, i).get_mpz_t(), w[i].get_mpz_t());
        mpz_addmul(num.get_mpz_t(), w[i].get_mpz_t(), s.get_mpz_t());
        mpz_addmul(den.get_mpz_t(), w[i].get_mpz_t(), w[i].get_mpz_t());
    }
    if (den == 0) throw std::logic_error("Rayleigh quotient of the zero vector");
    Q r(num, den * gden);
    r.canonicalize();
    return r;
}

}  // namespace

Q rayleigh_lower(const ZMat& g, const std::vector<Q>& v) {
    return rayleigh_lower_impl(g.r, g.den, [&](size_t i, size_t j) -> const Z& { return g.a[i * g.c + j]; }, v);
}

Q rayleigh_lower(const SymEntries& g, const std::vector<Q>& v) {
    return rayleigh_lower_impl(g.order(), g.den(), [&](size_t i, size_t j) -> const Z& { return g(i, j); }, v);
}

namespace {

// The shifts from the double eigenvalues w of G 2^-E.
std::vector<Q> shifts_from(const std::vector<double>& w, long E) {
    double top = w[0];
    for (double x : w) top = std::max(top, x);
    Q base = Q(std::max(top, 0.0)) * pow2(E);
    std::vector<Q> ts;
    for (int k = 0; k < 6; ++k) ts.push_back(round_bits(base * (1 + pow2(-40 + 8 * k)) + pow2(E - 60 + 8 * k), 64, +1));
    return ts;
}

}  // namespace

std::vector<Q> lambda_max_shifts(const Mat& G) {
    long E = 0;
    if (!scale_of(G, E)) return {};
    std::vector<double> w, V;
    eigen_guess(G, E, w, V);
    return shifts_from(w, E);
}

bool eigen_guess(const ZMat& G, long& E, std::vector<double>& w) {
    // The same scale E (every |entry| < 2^(E+1), exact: from the largest
    // numerator), the doubles straight from the integers (a guess only).
    size_t big = G.a.size();
    for (size_t k = 0; k < G.a.size(); ++k)
        if (mpz_sgn(G.a[k].get_mpz_t()) && (big == G.a.size() || mpz_cmpabs(G.a[k].get_mpz_t(), G.a[big].get_mpz_t()) > 0))
            big = k;
    if (big == G.a.size() || G.r == 0 || G.c != G.r) return false;
    Q top(G.a[big], G.den);
    top.canonicalize();
    E = floor_log2(top);
    long ed = 0;
    const double md = mpz_get_d_2exp(&ed, G.den.get_mpz_t());
    std::vector<double> g(G.a.size()), V;
    for (size_t k = 0; k < g.size(); ++k) {
        if (mpz_sgn(G.a[k].get_mpz_t()) == 0) continue;
        long en = 0;
        const double mn = mpz_get_d_2exp(&en, G.a[k].get_mpz_t());
        g[k] = std::ldexp(mn / md, static_cast<int>(en - ed - E));
    }
    jacobi(g, G.r, w, V);
    for (double& x : w) if (!std::isfinite(x)) x = 0;  // as eigen_guess: never Q(NaN)
    return true;
}

std::vector<Q> lambda_max_shifts(const ZMat& G) {
    long E = 0;
    std::vector<double> w;
    if (!eigen_guess(G, E, w)) return {};
    return shifts_from(w, E);
}

std::vector<Q> lambda_min_shifts(const ZMat& G) {
    long E = 0;
    std::vector<double> w;
    if (!eigen_guess(G, E, w)) return {};
    double low = w[0];
    for (double x : w) low = std::min(low, x);
    if (!(low > 0)) return {};
    std::vector<Q> ts;  // as lambda_min_down's
    for (int k = 0; k < 4; ++k) ts.push_back(round_bits(Q(low) * pow2(E) * (1 - pow2(-30 + 8 * k)), 64, -1));
    return ts;
}

Q lambda_max_up(const Mat& G) {
    const std::vector<Q> ts = lambda_max_shifts(G);
    if (ts.empty()) return 0;
    for (const Q& t : ts)
        if (positive_definite(shifted(G, t, 1))) return t;
    return gershgorin(G);
}

Q lambda_min_down(const Mat& G) {
    long E = 0;
    if (!scale_of(G, E)) return 0;
    std::vector<double> w, V;
    eigen_guess(G, E, w, V);
    double low = w[0];
    for (double x : w) low = std::min(low, x);
    if (!(low > 0)) return 0;
    for (int k = 0; k < 4; ++k) {
        Q t = round_bits(Q(low) * pow2(E) * (1 - pow2(-30 + 8 * k)), 64, -1);
        if (positive_definite(shifted(G, t, -1))) return t;
    }
    return 0;
}

I lambda_max_tight(const Mat& G, long bits) {
    long E = 0;
    if (!scale_of(G, E)) return with_bits(I(0), bits);
    const size_t n = G.r;
    std::vector<double> w, V;
    eigen_guess(G, E, w, V);
    size_t top = 0;
    for (size_t i = 0; i < n; ++i) if (w[i] > w[top]) top = i;
    std::vector<Q> v(n), x;
    bool any = false;
    for (size_t i = 0; i < n; ++i) { v[i] = Q(V[i * n + top]); any = any || v[i] != 0; }
    if (!any) v[top] = 1;  // a failed guess: any non-zero vector serves
    const long p = bits + 16;
    // Rayleigh quotient iteration (fixed-point solves, rounded vectors): it
    // only improves the vector; the bounds below hold for any vector.
    Q rq = rayleigh(G, v);
    for (int it = 0; it < 8; ++it) {
        Q sigma = round_bits(rq, p, 0);
        if (!solve(shifted(G, sigma, -1), v, p + 32, x)) break;  // (G - sigma I) x = v, approximately
        Q m = 0;
        for (const Q& xi : x) if (abs(xi) > m) m = abs(xi);
        if (m == 0) break;
        for (size_t i = 0; i < n; ++i) v[i] = round_bits(x[i] / m, p, 0);
        Q next = rayleigh(G, v);
        bool done = abs(next - rq) <= abs(next) * pow2(-p - 8);
        rq = next;
        if (done) break;
    }
    Q lo = round_bits(rq, p, -1);
    for (size_t i = 0; i < n; ++i) if (G(i, i) > lo) lo = G(i, i);
    // The upper end: for small matrices first lambda_max <= t + ||E||_inf by
    // the exact residual E of the checker's fixed-point factor of t I - G
    // (residual.hpp, docs/checker.md section 5 step 2, "The factor in fixed
    // point"), kept when its width is at most twice the exact test's t - lo;
    // else lambda_max < t when t I - G is positive definite (exact elimination).
    std::optional<ZMat> Gz;
    for (int k = 0; k < 12; ++k) {
        Q t = lo + pow2(E + 1 - bits - 4 + 8 * k);
        if (n <= 64) {
            if (!Gz) Gz = zmat(G);
            if (const std::optional<Q> b = residual_bound_fixed(*Gz, t); b && *b - lo <= 2 * (t - lo))
                return with_bits(I(lo, *b), bits);
            // the same theorem with the multiprecision fixed-point factor (residual.hpp,
            // "A multiprecision factor"), precise enough to resolve t - lo
            long logn = 0;
            while ((size_t{1} << logn) < n) ++logn;
            const long pf = E - floor_log2(t - lo) + logn + 24;
            if (pf > 0 && pf <= 4 * bits + 256)
                if (const std::optional<Q> b = lambda_max_up_by_cholesky(G, t, pf, pf); b && *b - lo <= 2 * (t - lo))
                    return with_bits(I(lo, *b), bits);
        }
        if (positive_definite(shifted(G, t, 1))) return with_bits(I(lo, t), bits);
    }
    Q g = gershgorin(G);
    return with_bits(I(lo, g > lo ? g : lo), bits);
}

}  // namespace chk
