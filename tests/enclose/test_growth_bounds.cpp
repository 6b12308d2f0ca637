// Growth factors of the ball enclosure and the ball step that uses them, against
// exact rational oracles.
//
// Tested: scalar_growth_bound (certify/scalar_lemmas.hpp, on the reduced d = 1
// map of certify/scalar_reduction.hpp: f = (mu - x y)^2 / 2 in the reduced
// coordinates x', y'), matrix_growth_bound with CentreNorms from centre_norms
// and from NormCache after a small move of the centre
// (certify/matrix_lemmas.hpp), the CentreNorms themselves, and ball_step
// (enclose/ball.hpp).
//
// The GD map is F(z) = z - h grad f(z), so DF(z) = I - h Hess f(z), a symmetric
// matrix. A growth factor gamma for a set B must satisfy ||DF(z)||_2 <= gamma at
// every z in B, for every h (and mu) in their enclosures. Oracle:
//   - z runs over exact rational points: for boxes a 5 x 5 grid (corners and
//     edges included) and random points, corners also at the ends of the mu and
//     h enclosures; for balls B(c, e) the centre, exact points of the sphere
//     |z - c| = e (inverse stereographic projection of random rational points,
//     so |w| = 1 exactly), points just inside it, random inner points,
//     c +- e e_k, and a point found by projected gradient ascent of ||DF|| in
//     double (Eigen; it only chooses the point, which is rounded to a dyadic
//     point exactly inside the ball). Radii go up to 1, centres include
//     zero-residual points and the saddle X = Y = 0;
//   - Hess f(z) is computed exactly in rationals by plain loops in this file
//     (plain_hessian; the project's hessian_matrix is not used). It is checked
//     against f itself: t -> f(z + t w) is a quartic, so the 5-point stencil
//     (-f(2) + 16 f(1) - 30 f(0) + 16 f(-1) - f(-2)) / 12 is exactly w^T H w;
//   - ||DF||_2 <= gamma is decided exactly: gamma I - DF and gamma I + DF are
//     both positive semidefinite (fraction-free elimination, with an exact
//     LDL^T fallback for vanishing minors; tests/support/exact_oracles.hpp),
//     gamma converted exactly to a rational.
// Each check can fail: the oracle is shown to reject numbers just below
// ||DF|| (max |DF_kk| (1 - 2^-30) <= ||DF||_2), a constructed saddle case has a
// known lower bound of ||DF|| that only the e^2 term of the residual bound
// covers, and the bounds are shown to be tight where they must be (thin
// boxes: within 2^-100; zero-residual centres with e = 0: within 2^-60).
//
// Ball step: for exact z in B(c, e), F(z) is computed exactly (plain loops) and
// |F(z) - c_next|^2 <= e_next^2 is checked exactly. With the true growth factor
// it must hold (also along four-step exact trajectories). With a too small one
// it must fail: growth factor 0 at every point with |F(z) - F(c)| > 2 delta,
// and gamma / 10, 0 and a value just below the critical one in a constructed
// case whose |F(z) - c_next| is known in closed form (a value just above it
// must pass: the check is sharp).
// (Over 500 lines on purpose: both maps' growth bounds and the ball step, each against an exact Hessian oracle written here.)
#include "support/exact_oracles.hpp"

#include "lrcert/certify/matrix_lemmas.hpp"
#include "lrcert/certify/scalar_lemmas.hpp"
#include "lrcert/enclose/ball.hpp"

#include <catch2/catch.hpp>

#include "support/double_eigen.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <vector>

using namespace lrcert;
using lrcert_test::Q;
using lrcert_test::Rng;
using lrcert_test::spectral_norm_at_most;

namespace {

// ---- exact problem pieces (plain loops; Matrix is only storage) -------------------

template <class T>
Matrix<T> plain_residual(const Matrix<T>& A, const Factors<T>& z) {
    const size_t n = z.X.rows(), m = z.Y.rows(), d = z.X.cols();
    Matrix<T> R(n, m);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) {
            T s = A(i, j);
            for (size_t a = 0; a < d; ++a) s -= z.X(i, a) * z.Y(j, a);
            R(i, j) = s;
        }
    return R;
}

Q plain_objective(const Matrix<Q>& A, const Factors<Q>& z) {
    Matrix<Q> R = plain_residual(A, z);
    Q s = 0;
    for (size_t k = 0; k < R.size(); ++k) s += R[k] * R[k];
    return s / 2;
}

// Hess f(z), variables vec(X) row-major then vec(Y) row-major:
//   d2f / dX_ia dX_kb = [i = k] sum_j Y_ja Y_jb
//   d2f / dY_ja dY_lb = [j = l] sum_i X_ia X_ib
//   d2f / dX_ia dY_jb = X_ib Y_ja - [a = b] R_ij
// (differentiate grad_X f = -R Y once more; checked below against f itself).
template <class T>
Matrix<T> plain_hessian(const Matrix<T>& A, const Factors<T>& z) {
    const size_t n = z.X.rows(), m = z.Y.rows(), d = z.X.cols();
    const size_t N = (n + m) * d;
    const Matrix<T> R = plain_residual(A, z);
    auto ix = [&](size_t i, size_t a) { return i * d + a; };
    auto iy = [&](size_t j, size_t a) { return n * d + j * d + a; };
    Matrix<T> H(N, N);
    for (size_t a = 0; a < d; ++a)
        for (size_t b = 0; b < d; ++b) {
            T yy = T(0), xx = T(0);
            for (size_t j = 0; j < m; ++j) yy += z.Y(j, a) * z.Y(j, b);
            for (size_t i = 0; i < n; ++i) xx += z.X(i, a) * z.X(i, b);
            for (size_t i = 0; i < n; ++i) H(ix(i, a), ix(i, b)) = yy;
            for (size_t j = 0; j < m; ++j) H(iy(j, a), iy(j, b)) = xx;
        }
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j)
            for (size_t a = 0; a < d; ++a)
                for (size_t b = 0; b < d; ++b) {
                    T v = z.X(i, b) * z.Y(j, a);
                    if (a == b) v -= R(i, j);
                    H(ix(i, a), iy(j, b)) = v;
                    H(iy(j, b), ix(i, a)) = v;
                }
    return H;
}

// DF = I - h H.
Matrix<Q> jacobian_of_step(const Matrix<Q>& H, const Q& h) { return lrcert_test::shifted(H, Q(1), -h); }

// Exact GD step F(z) = (X + h R Y, Y + h R^T X).
Factors<Q> plain_step(const Matrix<Q>& A, const Factors<Q>& z, const Q& h) {
    const size_t n = z.X.rows(), m = z.Y.rows(), d = z.X.cols();
    const Matrix<Q> R = plain_residual(A, z);
    Factors<Q> out = z;
    for (size_t i = 0; i < n; ++i)
        for (size_t a = 0; a < d; ++a) {
            Q s = 0;
            for (size_t j = 0; j < m; ++j) s += R(i, j) * z.Y(j, a);
            out.X(i, a) += h * s;
        }
    for (size_t j = 0; j < m; ++j)
        for (size_t a = 0; a < d; ++a) {
            Q s = 0;
            for (size_t i = 0; i < n; ++i) s += R(i, j) * z.X(i, a);
            out.Y(j, a) += h * s;
        }
    return out;
}

// ---- states as flat vectors -------------------------------------------------------

size_t state_size(const Factors<Q>& z) { return z.X.size() + z.Y.size(); }

Q& entry(Factors<Q>& z, size_t k) { return k < z.X.size() ? z.X[k] : z.Y[k - z.X.size()]; }
const Q& entry(const Factors<Q>& z, size_t k) { return k < z.X.size() ? z.X[k] : z.Y[k - z.X.size()]; }

Factors<Q> plus_scaled(const Factors<Q>& z, const Q& t, const std::vector<Q>& w) {
    Factors<Q> out = z;
    for (size_t k = 0; k < w.size(); ++k) entry(out, k) += t * w[k];
    return out;
}

Q dist_sq(const Factors<Q>& a, const Factors<Q>& b) {
    Q s = 0;
    for (size_t k = 0; k < state_size(a); ++k) {
        Q t = entry(a, k) - entry(b, k);
        s += t * t;
    }
    return s;
}

Factors<Q> exact_of(const Factors<Real>& c) {
    auto conv = [](const Real& x) { return to_rational(x); };
    return {Matrix<Q>::from(c.X, conv), Matrix<Q>::from(c.Y, conv)};
}

// A Real equal to the dyadic rational q (REQUIREd exact).
Real real_of(const Q& q) {
    Real r = from_rational<Real>(q);
    REQUIRE(to_rational(r) == q);
    return r;
}

Factors<Real> real_of(const Factors<Q>& z) {
    return {Matrix<Real>::from(z.X, [](const Q& q) { return real_of(q); }),
            Matrix<Real>::from(z.Y, [](const Q& q) { return real_of(q); })};
}

Matrix<Q> random_matrix(Rng& rng, size_t r, size_t c, long num, long den) {
    Matrix<Q> M(r, c);
    for (size_t k = 0; k < M.size(); ++k) M[k] = rng.rational(num, den);
    return M;
}

Matrix<Q> dyadic_matrix(Rng& rng, size_t r, size_t c, long num, unsigned shift) {
    Matrix<Q> M(r, c);
    for (size_t k = 0; k < M.size(); ++k) M[k] = rng.dyadic(num, shift);
    return M;
}

// An exact unit vector in Q^N: inverse stereographic projection of a random
// rational point p in Q^(N-1), w = (2 p, |p|^2 - 1) / (|p|^2 + 1), then a random
// signed permutation of the coordinates.
std::vector<Q> unit_vector(Rng& rng, size_t N) {
    std::vector<Q> w(N);
    if (N == 1) {
        w[0] = rng.coin() ? 1 : -1;
        return w;
    }
    std::vector<Q> p(N - 1);
    Q s = 0;
    for (auto& x : p) {
        x = rng.rational(9, 7);
        s += x * x;
    }
    for (size_t k = 0; k + 1 < N; ++k) w[k] = 2 * p[k] / (s + 1);
    w[N - 1] = (s - 1) / (s + 1);
    for (size_t k = N - 1; k > 0; --k) std::swap(w[k], w[static_cast<size_t>(rng.integer(0, static_cast<long>(k)))]);
    for (auto& x : w)
        if (rng.coin()) x = -x;
    Q check = 0;
    for (const auto& x : w) check += x * x;
    REQUIRE(check == 1);
    return w;
}

double to_double(const Q& q) { return from_rational<double>(q); }

// ||DF||_2 <= gamma, decided exactly. First with gamma rounded down to a
// multiple of 2^-40 (a sufficient condition with much smaller numbers: if
// ||DF|| <= gamma' <= gamma the claim holds), then, only if that fails, with
// gamma itself.
bool norm_within(const Matrix<Q>& DF, const Q& gamma) {
    const Integer scale = Integer(1) << 40;
    const Integer num = numerator(gamma) * scale;
    const Q rounded(Integer(num / denominator(gamma)), scale);  // truncation: <= gamma for gamma >= 0
    if (gamma >= 0 && rounded <= gamma && spectral_norm_at_most(DF, rounded)) return true;
    return spectral_norm_at_most(DF, gamma);
}

// Lower bound of ||S||_2 that the exact oracle must respect: max_k |S_kk|.
Q max_abs_diagonal(const Matrix<Q>& S) {
    Q best = 0;
    for (size_t k = 0; k < S.rows(); ++k) best = std::max<Q>(best, abs(S(k, k)));
    return best;
}

// ---- a heuristic worst point of a ball (double; only chooses a point) ---------------

struct DoubleProblem {
    size_t n, m, d;
    Matrix<double> A;
    double h;
};

Factors<double> unflatten(const DoubleProblem& p, const std::vector<double>& v) {
    Factors<double> z{Matrix<double>(p.n, p.d), Matrix<double>(p.m, p.d)};
    for (size_t k = 0; k < v.size(); ++k) (k < z.X.size() ? z.X[k] : z.Y[k - z.X.size()]) = v[k];
    return z;
}

// ||I - h H(z)||_2 and its gradient in z (through the extreme eigenpair:
// d lambda / dz = dQ_z(v) / dz with Q_z(U, V) = ||U Y^T + X V^T||^2 - 2 <R, U V^T>,
// dQ/dX = 2 J V + 2 U V^T Y, dQ/dY = 2 J^T U + 2 V U^T X, J = U Y^T + X V^T).
double norm_and_gradient(const DoubleProblem& p, const std::vector<double>& zv, std::vector<double>* grad) {
    Factors<double> z = unflatten(p, zv);
    Matrix<double> H = plain_hessian(p.A, z);
    const size_t N = H.rows();
    const test::DoubleEigen es = test::double_symmetric_eigen(H);
    REQUIRE(es.ok);
    size_t best = 0;
    double value = -1;
    for (size_t k = 0; k < N; ++k) {
        double g = std::abs(1 - p.h * es.values[k]);
        if (g > value) value = g, best = k;
    }
    if (grad) {
        const double sgn = 1 - p.h * es.values[best] >= 0 ? 1 : -1;
        const std::vector<double>& v = es.vectors[best];
        Factors<double> dir = unflatten(p, v);
        const Matrix<double>& U = dir.X;
        const Matrix<double>& V = dir.Y;
        Matrix<double> J = multiply_transposed(U, z.Y) + multiply_transposed(z.X, V);
        Matrix<double> gX = multiply(J, V) + multiply(multiply_transposed(U, V), z.Y);
        Matrix<double> gY = transposed_multiply(J, U) + multiply(multiply_transposed(V, U), z.X);
        grad->assign(N, 0);
        for (size_t k = 0; k < N; ++k) (*grad)[k] = -sgn * p.h * 2 * (k < gX.size() ? gX[k] : gY[k - gX.size()]);
    }
    return value;
}

// Projected gradient ascent of ||DF|| over B(c, e) from a few random boundary
// points; returns the best displacement found (double, |delta| <= e).
std::vector<double> worst_displacement(const DoubleProblem& p, const std::vector<double>& c, double e, Rng& rng) {
    const size_t N = c.size();
    auto at = [&](const std::vector<double>& delta, std::vector<double>* g) {
        std::vector<double> z(N);
        for (size_t k = 0; k < N; ++k) z[k] = c[k] + delta[k];
        return norm_and_gradient(p, z, g);
    };
    auto project = [&](std::vector<double>& delta) {
        double s = 0;
        for (double x : delta) s += x * x;
        s = std::sqrt(s);
        if (s > e)
            for (double& x : delta) x *= e / s;
    };
    std::vector<double> best_delta(N, 0);
    double best = at(best_delta, nullptr);
    for (int start = 0; start < 3; ++start) {
        std::vector<double> delta(N);
        for (double& x : delta) x = static_cast<double>(rng.integer(-1000, 1000));
        double s = 0;
        for (double x : delta) s += x * x;
        if (s == 0) continue;
        for (double& x : delta) x *= e / std::sqrt(s);
        std::vector<double> g;
        double value = at(delta, &g);
        double step = e;
        for (int it = 0; it < 40 && step > e * 1e-9; ++it) {
            double gn = 0;
            for (double x : g) gn += x * x;
            gn = std::sqrt(gn);
            if (gn == 0) break;
            std::vector<double> trial = delta;
            for (size_t k = 0; k < N; ++k) trial[k] += step * g[k] / gn;
            project(trial);
            std::vector<double> gt;
            double vt = at(trial, &gt);
            if (vt > value) {
                delta = trial, value = vt, g = gt;
                step *= 1.5;
            } else {
                step *= 0.5;
            }
        }
        if (value > best) best = value, best_delta = delta;
    }
    return best_delta;
}

// A dyadic displacement near `delta` on the grid e 2^-20 (e is dyadic), pulled
// in by 2^-16 first so that the rounding cannot leave the ball; REQUIREd to lie
// exactly in the closed ball of radius e. (A coarse grid keeps the exact
// oracle's numbers short.)
std::vector<Q> rational_displacement(const std::vector<double>& delta, const Q& e) {
    const double ed = to_double(e);
    std::vector<Q> out(delta.size());
    for (size_t k = 0; k < delta.size(); ++k) {
        const double units = std::nearbyint(std::ldexp(delta[k] * (1 - std::ldexp(1.0, -16)) / ed, 20));
        out[k] = Q(static_cast<long>(units), 1L << 20) * e;
    }
    Q s = 0;
    for (const auto& x : out) s += x * x;
    REQUIRE(s <= e * e);
    return out;
}

// ---- random problems -----------------------------------------------------------

struct MatrixCase {
    Matrix<Q> A;
    Factors<Q> c;  // dyadic centre
    Q e;           // dyadic radius
    Q h;           // exact learning rate (often not dyadic)
};

// lambda_max of the Hessian at the centre, in double (chooses h only).
double approx_sharpness(const MatrixCase& mc) {
    DoubleProblem p{mc.A.rows(), mc.A.cols(), mc.c.X.cols(),
                    Matrix<double>::from(mc.A, [](const Q& q) { return to_double(q); }), 0};
    std::vector<double> z;
    for (size_t k = 0; k < state_size(mc.c); ++k) z.push_back(to_double(entry(mc.c, k)));
    Matrix<double> H = plain_hessian(p.A, unflatten(p, z));
    const test::DoubleEigen es = test::double_symmetric_eigen(H, false);
    REQUIRE(es.ok);
    double top = 0;
    for (double v : es.values) top = std::max(top, std::abs(v));
    return top;
}

// h = t / L rounded to a multiple of 10^-6 (usually not dyadic), t in (0, 3].
Q learning_rate(Rng& rng, double L) {
    static const double t_values[] = {0.05, 0.5, 1.0, 1.5, 1.9, 2.5, 3.0};
    const double t = t_values[rng.integer(0, 6)];
    const double h = t / std::max(L, 1e-3);
    long k = std::lround(h * 1e6);
    if (k < 1) k = 1;
    return Q(k, 1000000);
}

MatrixCase random_matrix_case(Rng& rng, bool zero_residual) {
    const size_t n = static_cast<size_t>(rng.integer(1, 3));
    const size_t m = static_cast<size_t>(rng.integer(1, 3));
    const size_t d = static_cast<size_t>(rng.integer(1, 3));
    MatrixCase mc;
    mc.c = {dyadic_matrix(rng, n, d, 24, 4), dyadic_matrix(rng, m, d, 24, 4)};
    if (zero_residual) {
        mc.A = Matrix<Q>(n, m);
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < m; ++j)
                for (size_t a = 0; a < d; ++a) mc.A(i, j) += mc.c.X(i, a) * mc.c.Y(j, a);
    } else {
        mc.A = random_matrix(rng, n, m, 9, 7);
    }
    static const Q radii[] = {Q(1, 1L << 30), Q(1, 64), Q(1, 8), Q(1, 2), Q(1)};
    mc.e = radii[rng.integer(0, 4)];
    mc.h = learning_rate(rng, approx_sharpness(mc));
    return mc;
}

// Exact points of B(c, e): the centre, two exact sphere points, one just
// inside, one random inner point, c +- e e_k, and the ascent's worst point.
std::vector<Factors<Q>> ball_points(Rng& rng, const MatrixCase& mc) {
    const size_t N = state_size(mc.c);
    std::vector<Factors<Q>> pts{mc.c};
    pts.push_back(plus_scaled(mc.c, mc.e, unit_vector(rng, N)));
    pts.push_back(plus_scaled(mc.c, mc.e, unit_vector(rng, N)));
    pts.push_back(plus_scaled(mc.c, mc.e * (1 - Q(1, 1L << 30)), unit_vector(rng, N)));
    pts.push_back(plus_scaled(mc.c, mc.e * Q(rng.integer(1, 15), 16), unit_vector(rng, N)));
    std::vector<Q> axis(N, 0);
    axis[static_cast<size_t>(rng.integer(0, static_cast<long>(N) - 1))] = rng.coin() ? 1 : -1;
    pts.push_back(plus_scaled(mc.c, mc.e, axis));
    DoubleProblem p{mc.A.rows(), mc.A.cols(), mc.c.X.cols(),
                    Matrix<double>::from(mc.A, [](const Q& q) { return to_double(q); }), to_double(mc.h)};
    std::vector<double> c;
    for (size_t k = 0; k < N; ++k) c.push_back(to_double(entry(mc.c, k)));
    pts.push_back(plus_scaled(mc.c, Q(1), rational_displacement(worst_displacement(p, c, to_double(mc.e), rng), mc.e)));
    for (const auto& z : pts) REQUIRE(dist_sq(z, mc.c) <= mc.e * mc.e);
    return pts;
}

Factors<Q> random_direction(Rng& rng, size_t n, size_t m, size_t d) {
    return {random_matrix(rng, n, d, 5, 3), random_matrix(rng, m, d, 5, 3)};
}

}  // namespace

// ---- the oracles themselves --------------------------------------------------------

TEST_CASE("plain_hessian equals exact second differences of f", "[growth][oracle]") {
    Rng rng(101);
    int checked = 0;
    for (int rep = 0; rep < 40; ++rep) {
        const size_t n = static_cast<size_t>(rng.integer(1, 3)), m = static_cast<size_t>(rng.integer(1, 3)),
                     d = static_cast<size_t>(rng.integer(1, 3));
        Matrix<Q> A = random_matrix(rng, n, m, 9, 5);
        Factors<Q> z{random_matrix(rng, n, d, 7, 4), random_matrix(rng, m, d, 7, 4)};
        Matrix<Q> H = plain_hessian(A, z);
        REQUIRE(lrcert_test::is_symmetric(H));
        const size_t N = H.rows();
        auto second_difference = [&](const std::vector<Q>& w) {
            auto f = [&](long t) { return plain_objective(A, plus_scaled(z, Q(t), w)); };
            return (-f(2) + 16 * f(1) - 30 * f(0) + 16 * f(-1) - f(-2)) / 12;
        };
        auto form = [&](const std::vector<Q>& w) {
            Q s = 0;
            for (size_t i = 0; i < N; ++i)
                for (size_t j = 0; j < N; ++j) s += w[i] * H(i, j) * w[j];
            return s;
        };
        // Polarization: every entry from e_k and e_k + e_l.
        for (size_t k = 0; k < N; ++k)
            for (size_t l = k; l < N; ++l) {
                std::vector<Q> w(N, 0);
                w[k] += 1;
                w[l] += 1;
                REQUIRE(form(w) == second_difference(w));
                ++checked;
            }
        Factors<Q> dir = random_direction(rng, n, m, d);
        std::vector<Q> w;
        for (size_t k = 0; k < N; ++k) w.push_back(entry(dir, k));
        REQUIRE(form(w) == second_difference(w));
    }
    // The scalar (d = 1) closed form of the header comment: [[y^2, 2xy - mu], [2xy - mu, x^2]].
    Matrix<Q> A(1, 1);
    A(0, 0) = Q(7, 3);
    Factors<Q> z{Matrix<Q>(1, 1), Matrix<Q>(1, 1)};
    z.X(0, 0) = Q(-5, 4);
    z.Y(0, 0) = Q(2, 9);
    Matrix<Q> H = plain_hessian(A, z);
    const Q x = z.X(0, 0), y = z.Y(0, 0), mu = A(0, 0);
    REQUIRE(H(0, 0) == y * y);
    REQUIRE(H(1, 1) == x * x);
    REQUIRE(H(0, 1) == 2 * x * y - mu);
    CHECK(checked > 500);
}

TEST_CASE("the exact norm oracle decides known cases and rejects values below the norm", "[growth][oracle]") {
    Matrix<Q> D(3, 3);
    D(0, 0) = 3;
    D(1, 1) = -5;
    D(2, 2) = Q(1, 7);
    REQUIRE(spectral_norm_at_most(D, 5));
    REQUIRE_FALSE(spectral_norm_at_most(D, 5 - Q(1, 1000000000)));
    // [[1, 1], [1, 1]] has eigenvalues 0 and 2 (semidefinite at the boundary).
    Matrix<Q> J(2, 2);
    J(0, 0) = J(0, 1) = J(1, 0) = J(1, 1) = 1;
    REQUIRE(spectral_norm_at_most(J, 2));
    REQUIRE_FALSE(spectral_norm_at_most(J, 2 - Q(1, 1000000000)));
    // [[0, 1], [1, 0]]: eigenvalues +-1; zero pivot with a non-zero row.
    Matrix<Q> P(2, 2);
    P(0, 1) = P(1, 0) = 1;
    REQUIRE(spectral_norm_at_most(P, 1));
    REQUIRE_FALSE(spectral_norm_at_most(P, Q(999999, 1000000)));
    REQUIRE_FALSE(lrcert_test::is_psd(P));
    // Rotation-conjugated diag(2, -1/2) with rational rotation (3/5, 4/5):
    // eigenvalues 2 and -1/2, entries not dyadic.
    const Q c(3, 5), s(4, 5);
    Matrix<Q> Rm(2, 2);
    Rm(0, 0) = 2 * c * c - Q(1, 2) * s * s;
    Rm(1, 1) = 2 * s * s - Q(1, 2) * c * c;
    Rm(0, 1) = Rm(1, 0) = (2 + Q(1, 2)) * c * s;
    REQUIRE(spectral_norm_at_most(Rm, 2));
    REQUIRE_FALSE(spectral_norm_at_most(Rm, 2 - Q(1, 1000000000)));
    REQUIRE(spectral_norm_at_most(lrcert_test::shifted(Rm, Q(1, 2), 1), Q(5, 2)));
}

// ---- 1. scalar (reduced d = 1) growth bound -------------------------------------------

TEST_CASE("scalar_growth_bound dominates ||I - h Hess f|| on the whole box", "[growth][scalar]") {
    Rng rng(2024);
    int cases = 0, points = 0, rejected_below = 0;
    static const Q widths[] = {Q(0), Q(1, 1L << 40), Q(1, 1000), Q(1, 10), Q(1, 2)};
    for (int rep = 0; rep < 400; ++rep) {
        const unsigned bits = rep % 2 ? 64 : 128;
        PrecisionScope scope(bits);
        const Q xc = rng.rational(30, 7) / 10, yc = rng.rational(30, 7) / 10;
        const Q wx = widths[rng.integer(0, 4)], wy = widths[rng.integer(0, 4)];
        const Q mu_q = rng.rational(40, 9) / 10;
        Interval x = make_interval(rational_down(xc - wx), rational_up(xc + wx));
        Interval y = make_interval(rational_down(yc - wy), rational_up(yc + wy));
        const double xd = to_double(xc), yd = to_double(yc), md = to_double(mu_q);
        const double Lc = (xd * xd + yd * yd +
                           std::sqrt(std::pow(xd * xd - yd * yd, 2) + 4 * std::pow(2 * xd * yd - md, 2))) / 2;
        const Q h_q = learning_rate(rng, Lc);
        const Interval mu = enclose(mu_q), h = enclose(h_q);
        const Q gamma = to_rational(scalar_growth_bound(x, y, mu, h));
        ++cases;

        const Q xl = to_rational(lo(x)), xh = to_rational(hi(x)), yl = to_rational(lo(y)), yh = to_rational(hi(y));
        auto check = [&](const Q& px, const Q& py, const Q& pm, const Q& ph) {
            Matrix<Q> A(1, 1);
            A(0, 0) = pm;
            Factors<Q> z{Matrix<Q>(1, 1), Matrix<Q>(1, 1)};
            z.X(0, 0) = px;
            z.Y(0, 0) = py;
            const Matrix<Q> DF = jacobian_of_step(plain_hessian(A, z), ph);
            INFO("bits " << bits << " case " << rep << ": x = " << to_double(px) << ", y = " << to_double(py)
                         << ", mu = " << to_double(pm) << ", h = " << to_double(ph) << ", gamma = "
                         << to_double(gamma));
            REQUIRE(spectral_norm_at_most(DF, gamma));
            ++points;
            const Q below = max_abs_diagonal(DF) * (1 - Q(1, 1L << 30));
            if (below > 0) {
                REQUIRE_FALSE(spectral_norm_at_most(DF, below));
                ++rejected_below;
            }
        };
        // 5 x 5 grid of the box, corners and edges included, at the exact mu and h.
        for (int i = 0; i <= 4; ++i)
            for (int j = 0; j <= 4; ++j) check(xl + (xh - xl) * Q(i, 4), yl + (yh - yl) * Q(j, 4), mu_q, h_q);
        // Corners at the ends of the mu and h enclosures.
        for (const Q& px : {xl, xh})
            for (const Q& py : {yl, yh})
                for (const Q& pm : {to_rational(lo(mu)), to_rational(hi(mu))})
                    for (const Q& ph : {to_rational(lo(h)), to_rational(hi(h))}) check(px, py, pm, ph);
        // Random inner points.
        for (int k = 0; k < 6; ++k) {
            const Q tx(rng.integer(0, 1 << 20), 1 << 20), ty(rng.integer(0, 1 << 20), 1 << 20);
            check(xl + (xh - xl) * tx, yl + (yh - yl) * ty, mu_q, h_q);
        }
    }
    std::cout << "scalar_growth_bound: " << cases << " boxes, " << points << " exact points, " << rejected_below
              << " oracle rejections below the norm\n";
    CHECK(rejected_below > points / 2);
}

TEST_CASE("scalar_growth_bound is tight on thin boxes with dyadic data", "[growth][scalar]") {
    Rng rng(77);
    PrecisionScope scope(128);
    int tight = 0;
    for (int rep = 0; rep < 200; ++rep) {
        const Q xq = rng.dyadic(40, 4), yq = rng.dyadic(40, 4), mu_q = rng.dyadic(60, 4);
        const double xd = to_double(xq), yd = to_double(yq), md = to_double(mu_q);
        const double Lc = (xd * xd + yd * yd +
                           std::sqrt(std::pow(xd * xd - yd * yd, 2) + 4 * std::pow(2 * xd * yd - md, 2))) / 2;
        // A dyadic learning rate near t / L (t in (0, 3]) on a 2^-30 grid.
        const Q h_dyadic = Q(std::ldexp(std::nearbyint(std::ldexp(to_double(learning_rate(rng, Lc)), 30)), -30));
        if (h_dyadic == 0) continue;
        Matrix<Q> A(1, 1);
        A(0, 0) = mu_q;
        Factors<Q> z{Matrix<Q>(1, 1), Matrix<Q>(1, 1)};
        z.X(0, 0) = xq;
        z.Y(0, 0) = yq;
        const Matrix<Q> DF = jacobian_of_step(plain_hessian(A, z), h_dyadic);
        const Q gamma =
            to_rational(scalar_growth_bound(enclose(xq), enclose(yq), enclose(mu_q), enclose(h_dyadic)));
        INFO("case " << rep);
        REQUIRE(spectral_norm_at_most(DF, gamma));
        // At most 2^-100 (relative) above the exact norm.
        REQUIRE_FALSE(spectral_norm_at_most(DF, gamma * (1 - Q(Integer(1), Integer(1) << 100))));
        ++tight;
    }
    CHECK(tight > 190);
}

// ---- 1b. matrix growth bound on balls ----------------------------------------------

TEST_CASE("matrix_growth_bound dominates ||I - h Hess f|| on the whole ball", "[growth][matrix]") {
    Rng rng(31337);
    PrecisionScope scope(128);
    int cases = 0, points = 0, cached = 0, ascent_best = 0, wide = 0;
    // Over balls with e >= 1/8: the largest and the median share of the bound's
    // excess over 1 reached at the ascent point, (||DF(z)|| - 1) / (gamma - 1).
    std::vector<double> excess_share;
    for (int rep = 0; rep < 300; ++rep) {
        MatrixCase mc = random_matrix_case(rng, rep % 2 == 0);
        if (rep % 6 == 1 || rep % 6 == 3) {
            // Centres at the saddle X = Y = 0 (or X = 0 only), where the
            // second-order term e^2 of the residual bound is what counts.
            mc.c.X = Matrix<Q>(mc.c.X.rows(), mc.c.X.cols());
            if (rep % 6 == 1) mc.c.Y = Matrix<Q>(mc.c.Y.rows(), mc.c.Y.cols());
            mc.h = learning_rate(rng, approx_sharpness(mc));
        }
        const Matrix<Interval> Ai = convert_matrix<Interval>(mc.A);
        const Interval h = enclose(mc.h);
        const Factors<Real> c = real_of(mc.c);
        CentreNorms s;
        if (rep % 3 == 0) {
            // Through the cache: spectral data at a nearby reference centre c*,
            // moved by Weyl's inequalities to c.
            Factors<Q> cstar_q = mc.c;
            for (size_t k = 0; k < state_size(cstar_q); ++k) entry(cstar_q, k) += rng.dyadic(64, 0) / (1L << 26);
            NormCache cache;
            cache.at(Ai, real_of(cstar_q), false);
            s = cache.at(Ai, c, false);
            REQUIRE(cache.refreshes() == 1);
            ++cached;
        } else {
            s = centre_norms(Ai, c, false);
        }
        const Q gamma = to_rational(matrix_growth_bound(s, UpperBound::assume_upper(real_of(mc.e)), h));
        ++cases;
        const DoubleProblem p{mc.A.rows(), mc.A.cols(), mc.c.X.cols(),
                              Matrix<double>::from(mc.A, [](const Q& q) { return to_double(q); }),
                              to_double(mc.h)};
        std::vector<Factors<Q>> pts = ball_points(rng, mc);
        std::vector<double> norms;
        for (size_t k = 0; k < pts.size(); ++k) {
            const Matrix<Q> DF = jacobian_of_step(plain_hessian(mc.A, pts[k]), mc.h);
            INFO("case " << rep << " point " << k << " (n, m, d) = (" << mc.A.rows() << ", " << mc.A.cols() << ", "
                         << mc.c.X.cols() << "), e = " << to_double(mc.e) << ", h = " << to_double(mc.h)
                         << ", gamma = " << to_double(gamma));
            REQUIRE(norm_within(DF, gamma));
            ++points;
            std::vector<double> zv;
            for (size_t i = 0; i < state_size(pts[k]); ++i) zv.push_back(to_double(entry(pts[k], i)));
            norms.push_back(norm_and_gradient(p, zv, nullptr));
        }
        // The ascent point (last) is the worst one found, usually.
        if (norms.back() >= *std::max_element(norms.begin(), norms.end()) * (1 - 1e-12)) ++ascent_best;
        if (mc.e >= Q(1, 8) && gamma > 1) {
            ++wide;
            excess_share.push_back((norms.back() - 1) / (to_double(gamma) - 1));
        }
    }
    std::cout << "matrix_growth_bound: " << cases << " balls (" << cached << " through NormCache), " << points
              << " exact points; the ascent point was the worst in " << ascent_best << " balls\n";
    std::sort(excess_share.begin(), excess_share.end());
    if (!excess_share.empty())
        std::cout << "  (||DF|| - 1) / (gamma - 1) at the ascent point over " << wide
                  << " balls with e >= 1/8: median " << excess_share[excess_share.size() / 2] << ", largest "
                  << excess_share.back() << "\n";
    CHECK(ascent_best > cases / 2);
}

TEST_CASE("matrix_growth_bound is the exact formula rounded up, in double and in MPFR", "[growth][matrix]") {
    // The formula gamma = max(1 + h nu, h Lambda - 1) (docs/math.md 7.3) in
    // exact rationals from the stored bounds, against the returned bound:
    // never below it, and within relative 2^-44 of it (a few double
    // roundings). Inputs over 40 binades, the radius down to 2^-900 (squares
    // that underflow double), h Lambda around 2 (the branch of the maximum),
    // and inputs above 2^500 (the MPFR path).
    Rng rng(2026);
    PrecisionScope scope(128);
    auto value = [&](long lo_exp, long hi_exp) {
        const long k = rng.integer(lo_exp, hi_exp);
        const Q m(rng.with_bits(100), Integer(1) << 100);  // in [1/2, 1): exact at 128 bits
        return k >= 0 ? m * Q(Integer(1) << static_cast<unsigned>(k)) : m / Q(Integer(1) << static_cast<unsigned>(-k));
    };
    int cases = 0, big = 0, tiny_e = 0, second_branch = 0;
    for (int rep = 0; rep < 3000; ++rep) {
        const Q sx = value(-20, 20), sy = value(-20, 20), sr = rep % 7 == 0 ? Q(0) : value(-60, 10);
        Q e = rep % 5 == 0 ? Q(0) : rep % 5 == 1 ? value(-900, -400) : value(-40, 2);
        Q sxq = sx;
        if (rep % 97 == 0) {
            sxq = value(501, 520);  // beyond the double path's range
            ++big;
        }
        const Q Lambda0 = (sxq + e) * (sxq + e) + (sy + e) * (sy + e) + sr + e * (sxq + sy) + e * e;
        // h around 2 / Lambda half the time (h Lambda - 1 the maximum or near it).
        Q h = rep % 2 == 0 ? Q(2) / Lambda0 * (1 + value(-30, -1) * (rng.coin() ? 1 : -1)) : value(-12, 2);
        h = to_rational(UpperBound::of_rational(h));  // exact at working precision
        CentreNorms s;
        s.sx = UpperBound::assume_upper(real_of(sxq));
        s.sy = UpperBound::assume_upper(real_of(sy));
        s.sr = UpperBound::assume_upper(real_of(sr));
        const Q nu = sr + e * (sxq + sy) + e * e;
        const Q Lambda = (sxq + e) * (sxq + e) + (sy + e) * (sy + e) + nu;
        const Q first = 1 + h * nu, second = h * Lambda - 1;
        const Q exact = first >= second ? first : second;
        if (second > first) ++second_branch;
        const Q gamma = to_rational(matrix_growth_bound(s, UpperBound::assume_upper(real_of(e)), enclose(h)));
        INFO("case " << rep << ": sx = " << to_double(sxq) << ", sy = " << to_double(sy) << ", sr = " << to_double(sr)
                     << ", e = " << to_double(e) << ", h = " << to_double(h) << ", exact = " << to_double(exact)
                     << ", gamma = " << to_double(gamma));
        REQUIRE(gamma >= exact);
        REQUIRE(gamma <= exact * (1 + Q(Integer(1), Integer(1) << 44)));
        if (e != 0 && e < Q(Integer(1), Integer(1) << 400)) ++tiny_e;
        ++cases;
    }
    CHECK(big > 20);
    CHECK(tiny_e > 400);
    CHECK(second_branch > 300);
    CHECK(cases == 3000);
}

TEST_CASE("matrix_growth_bound at the saddle X = Y = 0 needs the second-order residual term", "[growth][matrix]") {
    // A = diag(a, ...), c = 0, d = 2, and the point X = t E_11, Y = -t E_11 with
    // 2 t^2 <= e^2: R = A + t^2 E_11, so ||R||_2 = a + t^2, and directions
    // (p w^T, q w^T) with w = e_2 (orthogonal to the columns used by X, Y) have
    // J = 0 and Q = -2 p^T R q: lambda_min(Hess) = -(a + t^2), so
    //   ||DF(z)||_2 >= 1 + h (a + t^2),
    // which exceeds 1 + h ||R_c||_2 = 1 + h a by h t^2 (the e^2 term of nu).
    PrecisionScope scope(128);
    int checked = 0;
    for (const Q& a : {Q(3), Q(1, 2), Q(5, 4)})
        for (const Q& e : {Q(1, 4), Q(1), Q(2)})
            for (size_t n : {1, 2, 3}) {
                const size_t m = n == 3 ? 2 : n, d = 2;
                MatrixCase mc;
                mc.A = Matrix<Q>(n, m);
                mc.A(0, 0) = a;
                for (size_t k = 1; k < std::min(n, m); ++k) mc.A(k, k) = a / 2;
                mc.c = {Matrix<Q>(n, d), Matrix<Q>(m, d)};
                mc.e = e;
                mc.h = Q(1, 10) / a;  // h lambda small: the 1 + h nu branch is the active one
                Q t = e * Q(181, 256);  // 181/256 < 1/sqrt(2)
                Factors<Q> z = mc.c;
                z.X(0, 0) = t;
                z.Y(0, 0) = -t;
                REQUIRE(dist_sq(z, mc.c) <= e * e);
                const Matrix<Q> DF = jacobian_of_step(plain_hessian(mc.A, z), mc.h);
                const Q lower = 1 + mc.h * (a + t * t);
                // The claimed lower bound of ||DF(z)|| holds (the oracle rejects just below it)...
                REQUIRE_FALSE(spectral_norm_at_most(DF, lower * (1 - Q(1, 1L << 40))));
                // ... and is above 1 + h a by a margin rounding cannot explain.
                REQUIRE(lower > (1 + mc.h * a) * (1 + Q(1, 100000)));
                const CentreNorms s = centre_norms(convert_matrix<Interval>(mc.A), real_of(mc.c), false);
                const Q gamma = to_rational(matrix_growth_bound(s, UpperBound::assume_upper(real_of(e)), enclose(mc.h)));
                INFO("a = " << a << ", e = " << e << ", n = " << n << ", gamma = " << to_double(gamma));
                REQUIRE(norm_within(DF, gamma));
                ++checked;
            }
    CHECK(checked == 27);
}

TEST_CASE("matrix_growth_bound is tight at zero-residual centres", "[growth][matrix]") {
    // At R = 0 the Hessian is J^T J with lambda_max = ||X||_2^2 + ||Y||_2^2 and a
    // null vector (X K, -Y K^T), so ||DF(c)||_2 = max(1, h L - 1): the bound at
    // e = 0 must be that up to rounding (Frobenius norms would overshoot).
    Rng rng(4242);
    PrecisionScope scope(128);
    int tight = 0;
    for (int rep = 0; rep < 200; ++rep) {
        MatrixCase mc = random_matrix_case(rng, true);
        const CentreNorms s = centre_norms(convert_matrix<Interval>(mc.A), real_of(mc.c), false);
        const Q gamma = to_rational(matrix_growth_bound(s, UpperBound::exact(0), enclose(mc.h)));
        const Matrix<Q> DF = jacobian_of_step(plain_hessian(mc.A, mc.c), mc.h);
        INFO("case " << rep << " gamma = " << to_double(gamma));
        REQUIRE(norm_within(DF, gamma));
        // (Tight to 2^-30, not to working precision: centre_norms takes the
        // spectral norms from the double path of docs/math.md 7.1a.)
        REQUIRE_FALSE(spectral_norm_at_most(DF, gamma * (1 - Q(Integer(1), Integer(1) << 30))));
        ++tight;
    }
    CHECK(tight == 200);
}

TEST_CASE("CentreNorms (direct and through NormCache) bound the exact norms at the centre", "[growth][matrix]") {
    Rng rng(99);
    PrecisionScope scope(128);
    int with_sigma = 0;
    for (int rep = 0; rep < 200; ++rep) {
        MatrixCase mc = random_matrix_case(rng, rep % 3 == 0);
        const size_t n = mc.A.rows(), m = mc.A.cols(), d = mc.c.X.cols();
        const Matrix<Interval> Ai = convert_matrix<Interval>(mc.A);
        CentreNorms s;
        const bool through_cache = rep % 2 == 1;
        if (through_cache) {
            Factors<Q> cstar_q = mc.c;
            for (size_t k = 0; k < state_size(cstar_q); ++k) entry(cstar_q, k) += rng.dyadic(64, 0) / (1L << 24);
            NormCache cache;
            cache.at(Ai, real_of(cstar_q), true);
            s = cache.at(Ai, real_of(mc.c), true);
            REQUIRE(cache.refreshes() == 1);
        } else {
            s = centre_norms(Ai, real_of(mc.c), true);
        }
        const Matrix<Q> R = plain_residual(mc.A, mc.c);
        INFO("case " << rep << (through_cache ? " (cache)" : " (direct)"));
        REQUIRE(lrcert_test::sigma_max_at_most(mc.c.X, to_rational(s.sx)));
        REQUIRE(lrcert_test::sigma_max_at_most(mc.c.Y, to_rational(s.sy)));
        REQUIRE(lrcert_test::sigma_max_at_most(R, to_rational(s.sr)));
        Q fro = 0;
        for (size_t k = 0; k < R.size(); ++k) fro += R[k] * R[k];
        REQUIRE(to_rational(s.r_fro) >= 0);
        REQUIRE(fro <= to_rational(s.r_fro) * to_rational(s.r_fro));
        if (n <= d) {
            REQUIRE(lrcert_test::sigma_min_at_least(mc.c.X, to_rational(s.sigma_x)));
        } else {
            REQUIRE(s.sigma_x == 0);
        }
        if (m <= d) {
            REQUIRE(lrcert_test::sigma_min_at_least(mc.c.Y, to_rational(s.sigma_y)));
        } else {
            REQUIRE(s.sigma_y == 0);
        }
        if (s.sigma_x > 0 || s.sigma_y > 0) ++with_sigma;
    }
    CHECK(with_sigma > 20);
}

TEST_CASE("NormCache's refresh (double images, docs/math.md 7.1a) is tight at its centre", "[growth][matrix]") {
    // The refresh bounds ||X||, ||Y|| and ||A - X Y^T|| from double images of
    // the centre and of the residual (Lemmas F1', F4, F3), without intervals:
    // they must hold exactly and be within 2^-30 of the exact norms.
    Rng rng(1603);
    int tight_r = 0;
    for (unsigned bits : {64u, 128u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 100; ++rep) {
            MatrixCase mc = random_matrix_case(rng, rep % 4 == 0);
            const Matrix<Interval> Ai = convert_matrix<Interval>(mc.A);
            NormCache cache;
            const CentreNorms s = cache.at(Ai, real_of(mc.c), true);
            REQUIRE(cache.refreshes() == 1);
            const Matrix<Q> R = plain_residual(mc.A, mc.c);
            INFO(bits << " bits, case " << rep);
            const Q one_less = 1 - Q(Integer(1), Integer(1) << 30);
            const bool zero_residual = rep % 4 == 0;
            const Matrix<Q>* mats[3] = {&mc.c.X, &mc.c.Y, &R};
            const UpperBound* bounds[3] = {&s.sx, &s.sy, &s.sr};
            for (int i = 0; i < 3; ++i) {
                REQUIRE(lrcert_test::sigma_max_at_most(*mats[i], to_rational(*bounds[i])));
                if (*bounds[i] > 0 && !(zero_residual && i == 2))
                    REQUIRE(lrcert_test::sigma_max_at_least(*mats[i], to_rational(*bounds[i]) * one_less));
            }
            // At R = 0 the bound is the image's a-priori error, relative 2^-50 or so
            // of ||X|| ||Y|| (the caller's ||R||_F caps it: NormCache::at).
            if (zero_residual)
                REQUIRE(to_rational(s.sr) <= Q(Integer(1), Integer(1) << 40) * (1 + to_rational(s.sx * s.sy)));
            else
                ++tight_r;
        }
    }
    CHECK(tight_r > 100);
}

TEST_CASE("centre_distance_up bounds |a - b| from above, tightly", "[growth][matrix]") {
    // Exact: |a - b|^2 <= up^2 in rationals; tight: up^2 <= |a - b|^2 (1 + 2^-40).
    // The differences are taken from the limbs in integers when the
    // exponents are at most 63 apart, else in MPFR: entries with exponent
    // gaps 0..70, both signs, zeros and equal entries, at every limb count.
    Rng rng(1605);
    int cases = 0;
    for (unsigned bits : {53u, 64u, 100u, 128u, 192u, 256u, 320u, 448u, 512u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 150; ++rep) {
            const size_t n = static_cast<size_t>(rng.integer(1, 4)), d = static_cast<size_t>(rng.integer(1, 3));
            Factors<Q> a{Matrix<Q>(n, d), Matrix<Q>(n, d)}, b = a;
            for (size_t k = 0; k < state_size(a); ++k) {
                const long ea = rng.integer(-40, 40), gap = rng.integer(0, 70);
                auto value = [&](long e) {
                    const Integer z = rng.with_bits(bits);  // a full significand
                    return Q(rng.coin() ? z : Integer(-z)) * (e >= 0 ? Q(Integer(1) << e) : Q(Integer(1), Integer(1) << -e)) /
                           Q(Integer(1) << bits);
                };
                entry(a, k) = value(ea);
                switch (rng.integer(0, 6)) {
                    case 0: entry(b, k) = entry(a, k); break;  // equal
                    case 6:  // a few ulps apart (the typical step): cancellation down to one limb
                        entry(b, k) = entry(a, k) + Q(rng.integer(-300, 300)) *
                                                        (ea >= static_cast<long>(bits)
                                                             ? Q(Integer(1) << (ea - static_cast<long>(bits)))
                                                             : Q(Integer(1), Integer(1) << (static_cast<long>(bits) - ea)));
                        break;
                    case 1: entry(b, k) = 0; break;
                    case 2: entry(b, k) = -entry(a, k); break;
                    default: entry(b, k) = value(rng.coin() ? ea - gap : ea + gap);
                }
                if (rep % 9 == 0) entry(a, k) = 0;
            }
            const UpperBound up = centre_distance_up(real_of(a), real_of(b));
            Q exact = 0;
            for (size_t k = 0; k < state_size(a); ++k) exact += (entry(a, k) - entry(b, k)) * (entry(a, k) - entry(b, k));
            const Q u = to_rational(up);
            INFO(bits << " bits, case " << rep);
            REQUIRE(exact <= u * u);
            REQUIRE(u * u <= exact * (1 + Q(Integer(1), Integer(1) << 40)));
            ++cases;
        }
    }
    CHECK(cases == 9 * 150);
}

// ---- 2. the ball step ------------------------------------------------------------------

namespace {

// Growth factor of the family: scalar_growth_bound on the ball's box for
// n = m = d = 1, matrix_growth_bound otherwise.
UpperBound growth_factor(const Matrix<Interval>& Ai, const Interval& h, const Ball& b) {
    if (Ai.rows() == 1 && Ai.cols() == 1 && b.centre.X.cols() == 1) {
        Factors<Interval> box = ball_box(b);
        return scalar_growth_bound(box.X(0, 0), box.Y(0, 0), Ai(0, 0), h);
    }
    return matrix_growth_bound(centre_norms(Ai, b.centre, false), b.radius, h);
}

bool inside(const Factors<Q>& z, const Ball& b) {
    const Q e = to_rational(b.radius);
    return dist_sq(z, exact_of(b.centre)) <= e * e;
}

}  // namespace

TEST_CASE("ball_step with the true growth factor contains F(z) for exact z in the ball", "[ball]") {
    Rng rng(8080);
    PrecisionScope scope(128);
    int cases = 0, points = 0, chains = 0, zero_gamma_caught = 0, zero_gamma_certain = 0;
    for (int rep = 0; rep < 300; ++rep) {
        MatrixCase mc = random_matrix_case(rng, rep % 4 == 0);
        if (rep % 3 == 0) {  // the scalar family's reduced map: n = m = d = 1
            mc.A = Matrix<Q>(1, 1);
            mc.A(0, 0) = rng.rational(40, 9) / 10;
            mc.c = {dyadic_matrix(rng, 1, 1, 24, 4), dyadic_matrix(rng, 1, 1, 24, 4)};
            mc.h = learning_rate(rng, approx_sharpness(mc));
        }
        const Matrix<Interval> Ai = convert_matrix<Interval>(mc.A);
        const Interval h = enclose(mc.h);
        const Ball ball{real_of(mc.c), UpperBound::assume_upper(real_of(mc.e))};
        const UpperBound gamma = growth_factor(Ai, h, ball);
        const Ball next = ball_step(Ai, h, ball, gamma);
        const Ball next0 = ball_step(Ai, h, ball, UpperBound::exact(0));  // growth factor 0: radius = delta only
        const Factors<Q> Fc = plain_step(mc.A, mc.c, mc.h);
        REQUIRE(inside(Fc, next0));  // delta alone covers the centre's image
        ++cases;
        std::vector<Factors<Q>> pts = ball_points(rng, mc);
        for (size_t k = 0; k < pts.size(); ++k) {
            const Factors<Q> Fz = plain_step(mc.A, pts[k], mc.h);
            INFO("case " << rep << " point " << k << ": e = " << to_double(mc.e) << ", gamma = " << gamma.real());
            REQUIRE(inside(Fz, next));
            ++points;
            // With growth factor 0 the step must miss F(z) whenever
            // |F(z) - F(c)| > 2 delta (since |F(c) - c_next| <= delta).
            const Q delta = to_rational(next0.radius);
            if (dist_sq(Fz, Fc) > 4 * delta * delta) {
                ++zero_gamma_certain;
                REQUIRE_FALSE(inside(Fz, next0));
                ++zero_gamma_caught;
            }
        }
        // Four steps of an exact trajectory from a sphere point stay in the balls.
        if (rep % 5 == 0) {
            Factors<Q> z = pts[1];
            Ball b = ball;
            for (int step = 0; step < 4; ++step) {
                b = ball_step(Ai, h, b, growth_factor(Ai, h, b));
                z = plain_step(mc.A, z, mc.h);
                INFO("case " << rep << " chain step " << step);
                REQUIRE(inside(z, b));
            }
            ++chains;
        }
    }
    std::cout << "ball_step: " << cases << " balls, " << points << " exact points, " << chains
              << " four-step chains; growth factor 0 caught at " << zero_gamma_caught << " of " << points
              << " points\n";
    CHECK(zero_gamma_certain > points * 3 / 4);
}

TEST_CASE("ball_step with a too small growth factor is caught by exact containment", "[ball]") {
    // Centre z = 0 with A = diag(a1, ...) (or mu = a1 for the scalar family),
    // h = 1/2, e = 1/4, and the point X = Y = s E_11 with s = e/2, so
    // |z - c| = sqrt(2) s < e. F(0) = 0 exactly (thin), so c_next = 0 and delta = 0;
    // R = A - s^2 E_11 gives F(z) = s (1 + h (a1 - s^2)) (E_11, E_11), i.e.
    //   |F(z) - c_next| = gamma* e  with  gamma* = (1 + h (a1 - s^2)) / sqrt 2,
    // and ||DF(0)||_2 = 1 + h ||A||_2. The containment holds iff e_next >= gamma* e.
    PrecisionScope scope(128);
    const Q a1 = 3, h_q(1, 2), e_q(1, 4), s_q = e_q / 2;
    const Q gamma_star_sq = (1 + h_q * (a1 - s_q * s_q)) * (1 + h_q * (a1 - s_q * s_q)) / 2;
    // Dyadic neighbours of the irrational gamma* on a 2^-40 grid.
    Q g_lo = Q(std::ldexp(std::floor(std::ldexp(std::sqrt(to_double(gamma_star_sq)), 40)), -40));
    while (g_lo * g_lo >= gamma_star_sq) g_lo -= Q(1, 1L << 40);
    while ((g_lo + Q(1, 1L << 40)) * (g_lo + Q(1, 1L << 40)) < gamma_star_sq) g_lo += Q(1, 1L << 40);
    const Q g_hi = g_lo + Q(1, 1L << 40);
    REQUIRE(g_lo * g_lo < gamma_star_sq);
    REQUIRE(gamma_star_sq < g_hi * g_hi);

    for (size_t dim : {1, 2}) {
        INFO((dim == 1 ? "scalar family (1x1, d = 1)" : "matrix family (2x2, d = 2)"));
        Matrix<Q> A(dim, dim);
        A(0, 0) = a1;
        if (dim == 2) A(1, 1) = 1;
        const Matrix<Interval> Ai = convert_matrix<Interval>(A);
        const Interval h = enclose(h_q);
        const Factors<Q> c{Matrix<Q>(dim, dim), Matrix<Q>(dim, dim)};
        Factors<Q> z = c;
        z.X(0, 0) = s_q;
        z.Y(0, 0) = s_q;
        const Ball ball{real_of(c), UpperBound::assume_upper(real_of(e_q))};
        REQUIRE(dist_sq(z, c) <= e_q * e_q);
        const Factors<Q> Fz = plain_step(A, z, h_q);
        REQUIRE(dist_sq(Fz, c) == gamma_star_sq * e_q * e_q);  // the closed form above

        const UpperBound gamma = growth_factor(Ai, h, ball);
        INFO("gamma = " << gamma.real());
        // The true growth factor is about 1 + h (a1 + e^2) > gamma*: contained.
        const Ball good = ball_step(Ai, h, ball, gamma);
        REQUIRE(to_rational(good.radius) == to_rational(gamma) * e_q);  // delta = 0, gamma e exact here
        REQUIRE(inside(Fz, good));
        // gamma / 10 and 0 are too small: caught.
        Real tenth = rational_down(to_rational(gamma) / 10);
        REQUIRE_FALSE(inside(Fz, ball_step(Ai, h, ball, UpperBound::assume_upper(tenth))));
        REQUIRE_FALSE(inside(Fz, ball_step(Ai, h, ball, UpperBound::exact(0))));
        // Sharp: just below gamma* fails, just above holds.
        REQUIRE_FALSE(inside(Fz, ball_step(Ai, h, ball, UpperBound::assume_upper(rational_down(g_lo)))));
        REQUIRE(inside(Fz, ball_step(Ai, h, ball, UpperBound::assume_upper(rational_down(g_hi)))));
    }
}
