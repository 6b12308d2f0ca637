// Exact oracle for the generic GD step lrcert::gd_step and the objective,
// gradient and Hessian form it is built from (problem/factorization.hpp).
//
// The same template runs with double, Real, Interval and Rational. Here the
// exact trajectory of small random problems with rational data is computed by
// an implementation of its own (plain loops over rationals, nothing shared
// with the generic matrix layer beyond the storage), and then:
//   - gd_step<Rational> must reproduce it exactly;
//   - gd_step<Interval> at 64 and 256 bits must contain every exact entry at
//     every step, and at 256 bits be narrow (relative width < 1e-60);
//   - gd_step<double> and gd_step<Real> (256 bits) must be close to it (a
//     sanity check: floating point carries no guarantee);
//   - the exact trajectory must satisfy the identities of docs/math.md section 2
//     (scalar family: r+ = s r, D+ = (1 - h^2 r^2) D) and the matrix analogue
//     X+^T X+ - Y+^T Y+ = X^T X - Y^T Y + h^2 (Y^T R^T R Y - X^T R R^T X).
// objective / gradient / hessian_form are checked against exact values that
// use none of them: f by plain loops, the gradient and Q from exact 5-point
// finite differences of f along lines (exact because t -> f(z + t w) is a
// polynomial of degree 4), and, for the scalar d = 1 family, the formulas
//   f = (mu - x y)^2 / 2,  grad = (-(mu - x y) y, -(mu - x y) x),
//   Q(u, v) = y^2 u^2 + 2 (2 x y - mu) u v + x^2 v^2.
// Learning rates are h = 0.5/L and h = 3/L (6 significant decimal digits),
// L = lambda_max of the Hessian at the start, assembled in double from
// hessian_form by polarization; for the scalar family L is also checked
// against the closed-form spectrum of docs/eigen.md section 1.
// (Over 500 lines on purpose: one exact oracle (rational GD and closed forms) for both families and every scalar type of the generic step.)
#include "lrcert/number/interval.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/problem/factorization.hpp"

#include <catch2/catch.hpp>

#include "support/double_eigen.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace lrcert;

namespace {

using Q = Rational;
constexpr int kSteps = 6;

// ---- deterministic small random rationals --------------------------------------
// std::mt19937's output sequence is fixed by the standard (the distributions'
// are not), so the problems are the same with every standard library.
class Rng {
public:
    explicit Rng(std::uint32_t seed) : engine_(seed) {}
    long integer(long first, long last) {  // uniform enough in [first, last]
        return first + static_cast<long>(engine_() % static_cast<std::uint32_t>(last - first + 1));
    }
    // p/q with |p| <= 3 and q in {1, 2, 3, 4}. (Draws in sequence: the order
    // of evaluation of function arguments is unspecified.)
    Q entry() {
        const long p = integer(-3, 3);
        const long q = integer(1, 4);
        return Q(p, q);
    }
    // mu in (0, 3]: p/q with p in [1, 6], q in {1, 2}
    Q positive() {
        const long p = integer(1, 6);
        const long q = integer(1, 2);
        return Q(p, q);
    }

private:
    std::mt19937 engine_;
};

Matrix<Q> random_matrix(Rng& rng, size_t rows, size_t cols) {
    Matrix<Q> m(rows, cols);
    for (size_t k = 0; k < m.size(); ++k) m[k] = rng.entry();
    return m;
}

struct Problem {
    std::string name;
    bool scalar = false;  // n = m = 1: A = [mu], X = x^T, Y = y^T
    Matrix<Q> A;
    Factors<Q> z0;
};

Problem scalar_problem(Rng& rng, size_t d, int index) {
    Problem p;
    p.name = "scalar d=" + std::to_string(d) + " #" + std::to_string(index);
    p.scalar = true;
    p.A = Matrix<Q>(1, 1);
    p.A(0, 0) = rng.positive();
    p.z0 = {random_matrix(rng, 1, d), random_matrix(rng, 1, d)};
    return p;
}

Problem matrix_problem(Rng& rng, size_t n, size_t m, size_t d, int index) {
    Problem p;
    p.name = "matrix (n,m,d)=(" + std::to_string(n) + "," + std::to_string(m) + "," + std::to_string(d) +
             ") #" + std::to_string(index);
    p.A = random_matrix(rng, n, m);
    p.z0 = {random_matrix(rng, n, d), random_matrix(rng, m, d)};
    return p;
}

std::vector<Problem> problems() {
    Rng rng(20240611u);
    std::vector<Problem> out;
    for (int i = 0; i < 3; ++i) out.push_back(scalar_problem(rng, 1, i));
    for (int i = 0; i < 3; ++i) out.push_back(scalar_problem(rng, 3, i));
    const size_t shapes[][3] = {{2, 2, 1}, {3, 2, 2}, {2, 3, 4}};
    for (const auto& s : shapes)
        for (int i = 0; i < 2; ++i) out.push_back(matrix_problem(rng, s[0], s[1], s[2], i));
    return out;
}

// ---- the exact reference, written independently of the generic layer ----------------

// All entries of a state, X first (row-major), then Y.
std::vector<Q> flatten(const Factors<Q>& z) {
    std::vector<Q> v(z.X.data());
    v.insert(v.end(), z.Y.data().begin(), z.Y.data().end());
    return v;
}

template <class T>
std::vector<T> flatten_any(const Factors<T>& z) {
    std::vector<T> v(z.X.data());
    v.insert(v.end(), z.Y.data().begin(), z.Y.data().end());
    return v;
}

Matrix<Q> ref_residual(const Matrix<Q>& A, const Factors<Q>& z) {
    const size_t n = A.rows(), m = A.cols(), d = z.X.cols();
    Matrix<Q> R(n, m);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) {
            Q s = A(i, j);
            for (size_t k = 0; k < d; ++k) s -= z.X(i, k) * z.Y(j, k);
            R(i, j) = s;
        }
    return R;
}

Q ref_objective(const Matrix<Q>& A, const Factors<Q>& z) {
    Matrix<Q> R = ref_residual(A, z);
    Q s = 0;
    for (size_t k = 0; k < R.size(); ++k) s += R[k] * R[k];
    return s / 2;
}

Factors<Q> ref_step(const Matrix<Q>& A, const Factors<Q>& z, const Q& h) {
    const size_t n = A.rows(), m = A.cols(), d = z.X.cols();
    Matrix<Q> R = ref_residual(A, z);
    Factors<Q> out{z.X, z.Y};
    for (size_t i = 0; i < n; ++i)
        for (size_t k = 0; k < d; ++k) {
            Q s = 0;
            for (size_t j = 0; j < m; ++j) s += R(i, j) * z.Y(j, k);
            out.X(i, k) += h * s;
        }
    for (size_t j = 0; j < m; ++j)
        for (size_t k = 0; k < d; ++k) {
            Q s = 0;
            for (size_t i = 0; i < n; ++i) s += R(i, j) * z.X(i, k);
            out.Y(j, k) += h * s;
        }
    return out;
}

// z + t w
Factors<Q> shifted(const Factors<Q>& z, const Q& t, const Factors<Q>& w) {
    Factors<Q> out{z.X, z.Y};
    for (size_t k = 0; k < out.X.size(); ++k) out.X[k] += t * w.X[k];
    for (size_t k = 0; k < out.Y.size(); ++k) out.Y[k] += t * w.Y[k];
    return out;
}

// The state with a single 1 at flat position p (X entries first, then Y).
Factors<Q> unit_direction(const Factors<Q>& shape, size_t p) {
    Factors<Q> e{Matrix<Q>(shape.X.rows(), shape.X.cols()), Matrix<Q>(shape.Y.rows(), shape.Y.cols())};
    if (p < e.X.size())
        e.X[p] = 1;
    else
        e.Y[p - e.X.size()] = 1;
    return e;
}

// phi(t) = f(z + t w) is a polynomial of degree 4 in t, so the 5-point central
// differences are exact: phi'(0) = <grad f, w>, phi''(0) = Q_z(w).
struct LineDerivatives {
    Q first;
    Q second;
};
LineDerivatives line_derivatives(const Matrix<Q>& A, const Factors<Q>& z, const Factors<Q>& w) {
    Q fm2 = ref_objective(A, shifted(z, Q(-2), w));
    Q fm1 = ref_objective(A, shifted(z, Q(-1), w));
    Q f0 = ref_objective(A, z);
    Q fp1 = ref_objective(A, shifted(z, Q(1), w));
    Q fp2 = ref_objective(A, shifted(z, Q(2), w));
    return {(fm2 - 8 * fm1 + 8 * fp1 - fp2) / 12, (-fp2 + 16 * fp1 - 30 * f0 + 16 * fm1 - fm2) / 12};
}

// Exact Gram difference X^T X - Y^T Y (d x d).
Matrix<Q> gram_difference(const Factors<Q>& z) {
    const size_t d = z.X.cols();
    Matrix<Q> D(d, d);
    for (size_t a = 0; a < d; ++a)
        for (size_t b = 0; b < d; ++b) {
            Q s = 0;
            for (size_t i = 0; i < z.X.rows(); ++i) s += z.X(i, a) * z.X(i, b);
            for (size_t j = 0; j < z.Y.rows(); ++j) s -= z.Y(j, a) * z.Y(j, b);
            D(a, b) = s;
        }
    return D;
}

// ---- helpers ---------------------------------------------------------------------

double to_double(const Q& q) { return q.convert_to<double>(); }

// lrcert::to_rational, except for zero: mpfr_get_z_2exp gives zero the
// exponent emin (about -2^30), so to_rational(0) builds a 2^30-bit power of
// two (0.5 s and 256 MB per call).
Q exact_value(const Real& x) { return mpfr_zero_p(x.backend().data()) ? Q(0) : to_rational(x); }

Q abs_q(const Q& q) { return q < 0 ? Q(-q) : q; }

Q max_abs(const std::vector<Q>& v) {
    Q m = 0;
    for (const Q& q : v) m = std::max(m, abs_q(q));
    return m;
}

Q pow10(int e) {
    Integer p = 1;
    for (int i = 0; i < std::abs(e); ++i) p *= 10;
    return e >= 0 ? Q(p) : Q(1) / Q(p);
}

// x rounded to `digits` significant decimal digits, as an exact rational.
Q decimal_rational(double x, int digits) {
    REQUIRE(x > 0);
    REQUIRE(std::isfinite(x));
    int e = static_cast<int>(std::floor(std::log10(x))) - (digits - 1);
    double mantissa = std::round(x / std::pow(10.0, e));
    return Q(Integer(static_cast<long>(mantissa))) * pow10(e);
}

std::string show(const Q& q) {
    std::ostringstream s;
    s.precision(17);
    s << to_double(q);
    return s.str();
}

Factors<Q> convert_to_q(const Factors<double>& z) {
    Factors<Q> out{Matrix<Q>(z.X.rows(), z.X.cols()), Matrix<Q>(z.Y.rows(), z.Y.cols())};
    for (size_t k = 0; k < z.X.size(); ++k) out.X[k] = Q(z.X[k]);  // exact (mpq_set_d)
    for (size_t k = 0; k < z.Y.size(); ++k) out.Y[k] = Q(z.Y[k]);
    return out;
}

// lambda_max and the full spectrum of the Hessian at z, in double, assembled
// from hessian_form<double> by polarization: H_pq = (Q(e_p + e_q) - Q(e_p) - Q(e_q)) / 2.
std::vector<double> hessian_spectrum_double(const Matrix<Q>& A, const Factors<Q>& z) {
    Matrix<double> Ad = convert_matrix<double>(A);
    Factors<double> zd{convert_matrix<double>(z.X), convert_matrix<double>(z.Y)};
    const size_t N = z.X.size() + z.Y.size();
    auto unit = [&](size_t p, size_t q) {
        Factors<double> e{Matrix<double>(z.X.rows(), z.X.cols()), Matrix<double>(z.Y.rows(), z.Y.cols())};
        for (size_t r : {p, q}) {
            if (r == N) continue;
            if (r < e.X.size())
                e.X[r] += 1.0;
            else
                e.Y[r - e.X.size()] += 1.0;
        }
        return e;
    };
    std::vector<double> diag(N);
    for (size_t p = 0; p < N; ++p) diag[p] = hessian_form(Ad, zd, unit(p, N));
    Matrix<double> H(N, N);
    for (size_t p = 0; p < N; ++p)
        for (size_t q = 0; q < N; ++q)
            H(p, q) = p == q ? diag[p] : (hessian_form(Ad, zd, unit(p, q)) - diag[p] - diag[q]) / 2;
    const test::DoubleEigen solver = test::double_symmetric_eigen(H, false);
    REQUIRE(solver.ok);
    return solver.values;  // ascending
}

// ---- interval checks ---------------------------------------------------------------

// Every exact entry lies in its interval; with `max_relative` > 0 also
// width <= max_relative * |exact| (absolute width when exact == 0).
// Returns the number of failing entries (each one is also reported) and
// raises `worst_width` to the largest relative width seen.
int check_enclosure(const std::vector<Interval>& enc, const std::vector<Q>& exact, const Q& max_relative,
                    const std::string& where, double& worst_width) {
    REQUIRE(enc.size() == exact.size());
    int failures = 0;
    for (size_t k = 0; k < enc.size(); ++k) {
        INFO(where << ", entry " << k << ": exact " << show(exact[k]) << ", interval ["
                   << decimal_down(lo(enc[k]), 20) << ", " << decimal_up(hi(enc[k]), 20) << "]");
        const bool inside = contains(enc[k], exact[k]);
        CHECK(inside);
        if (!inside) ++failures;
        REQUIRE(mpfr_number_p(lo(enc[k]).backend().data()));
        REQUIRE(mpfr_number_p(hi(enc[k]).backend().data()));
        const Q width = exact_value(hi(enc[k])) - exact_value(lo(enc[k]));
        const Q scale = exact[k] == 0 ? Q(1) : abs_q(exact[k]);
        worst_width = std::max(worst_width, to_double(width / scale));
        if (max_relative > 0) {
            const bool narrow = width <= max_relative * scale;
            INFO("width " << show(width) << ", bound " << show(max_relative * scale));
            CHECK(narrow);
            if (!narrow) ++failures;
        }
    }
    return failures;
}

// "" when a == b entrywise, else a short description of the first difference
// (the exact rationals have thousands of digits: do not print them whole).
std::string first_mismatch(const std::vector<Q>& a, const std::vector<Q>& b) {
    if (a.size() != b.size()) return "sizes " + std::to_string(a.size()) + " and " + std::to_string(b.size());
    for (size_t k = 0; k < a.size(); ++k)
        if (a[k] != b[k]) return "entry " + std::to_string(k) + ": " + show(a[k]) + " vs " + show(b[k]);
    return "";
}

// max_k |approx_k - exact_k| / max(1, max_k |exact_k|)
double scaled_error(const std::vector<Q>& approx, const std::vector<Q>& exact) {
    REQUIRE(approx.size() == exact.size());
    Q err = 0;
    for (size_t k = 0; k < exact.size(); ++k) err = std::max(err, abs_q(approx[k] - exact[k]));
    return to_double(err / std::max(Q(1), max_abs(exact)));
}

}  // namespace

// ==================================================================================

TEST_CASE("scalar d = 1: objective, gradient and Hessian form equal the hand formulas", "[gd][oracle]") {
    Rng rng(7u);
    for (int trial = 0; trial < 20; ++trial) {
        const Q mu = rng.positive();
        const Q x = rng.entry();
        const Q y = rng.entry();
        const Q u = rng.entry();
        const Q v = rng.entry();
        INFO("mu " << mu << ", x " << x << ", y " << y << ", (u, v) = (" << u << ", " << v << ")");
        Matrix<Q> A(1, 1), X(1, 1), Y(1, 1), U(1, 1), V(1, 1);
        A(0, 0) = mu;
        X(0, 0) = x;
        Y(0, 0) = y;
        U(0, 0) = u;
        V(0, 0) = v;
        Factors<Q> z{X, Y}, dir{U, V};
        const Q r = mu - x * y;
        CHECK(objective(A, z) == r * r / 2);
        Factors<Q> g = gradient(A, z);
        CHECK(g.X(0, 0) == -r * y);
        CHECK(g.Y(0, 0) == -r * x);
        const Q q = y * y * u * u + 2 * (2 * x * y - mu) * u * v + x * x * v * v;
        CHECK(hessian_form(A, z, dir) == q);
        // The finite-difference oracle used below agrees with the hand formulas.
        LineDerivatives ld = line_derivatives(A, z, dir);
        CHECK(ld.first == g.X(0, 0) * u + g.Y(0, 0) * v);
        CHECK(ld.second == q);
        // GD step by hand.
        const Q h(1, 3);
        Factors<Q> s = gd_step(A, z, h);
        CHECK(s.X(0, 0) == x + h * r * y);
        CHECK(s.Y(0, 0) == y + h * r * x);
        // Interval and double versions at one point.
        PrecisionScope scope(64);
        Matrix<Interval> Ai = convert_matrix<Interval>(A);
        Factors<Interval> zi{convert_matrix<Interval>(X), convert_matrix<Interval>(Y)};
        Factors<Interval> di{convert_matrix<Interval>(U), convert_matrix<Interval>(V)};
        // (Named rationals: contains(Interval, <expression template>) is ambiguous.)
        const Q f_exact = r * r / 2, gx_exact = -r * y, gy_exact = -r * x;
        CHECK(contains(objective(Ai, zi), f_exact));
        CHECK(contains(hessian_form(Ai, zi, di), q));
        Factors<Interval> gi = gradient(Ai, zi);
        CHECK(contains(gi.X(0, 0), gx_exact));
        CHECK(contains(gi.Y(0, 0), gy_exact));
    }
}

TEST_CASE("objective, gradient and Hessian form against exact finite differences", "[gd][oracle]") {
    Rng rng(11u);
    for (const Problem& p : problems()) {
        INFO(p.name);
        const Factors<Q>& z = p.z0;
        const size_t N = z.X.size() + z.Y.size();
        // objective: plain loops.
        const Q f = ref_objective(p.A, z);
        CHECK(objective(p.A, z) == f);
        // gradient: d/dt f(z + t e_p) at 0, for every coordinate p.
        const std::vector<Q> g = flatten(gradient(p.A, z));
        REQUIRE(g.size() == N);
        std::vector<Q> g_exact(N);
        for (size_t k = 0; k < N; ++k) {
            g_exact[k] = line_derivatives(p.A, z, unit_direction(z, k)).first;
            CHECK(g[k] == g_exact[k]);
        }
        // Hessian form: second derivative along random directions and the unit ones.
        std::vector<Factors<Q>> dirs;
        for (int i = 0; i < 3; ++i)
            dirs.push_back({random_matrix(rng, z.X.rows(), z.X.cols()), random_matrix(rng, z.Y.rows(), z.Y.cols())});
        for (size_t k = 0; k < N; ++k) dirs.push_back(unit_direction(z, k));
        std::vector<Q> q_exact;
        for (const Factors<Q>& w : dirs) {
            q_exact.push_back(line_derivatives(p.A, z, w).second);
            CHECK(hessian_form(p.A, z, w) == q_exact.back());
        }
        // The same quantities in Interval (enclosure) and double (close).
        {
            PrecisionScope scope(64);
            Matrix<Interval> Ai = convert_matrix<Interval>(p.A);
            Factors<Interval> zi{convert_matrix<Interval>(z.X), convert_matrix<Interval>(z.Y)};
            CHECK(contains(objective(Ai, zi), f));
            double unused = 0;
            check_enclosure(flatten_any(gradient(Ai, zi)), g_exact, Q(0), "interval gradient", unused);
            for (size_t i = 0; i < dirs.size(); ++i) {
                Factors<Interval> wi{convert_matrix<Interval>(dirs[i].X), convert_matrix<Interval>(dirs[i].Y)};
                INFO("direction " << i);
                CHECK(contains(hessian_form(Ai, zi, wi), q_exact[i]));
            }
        }
        Matrix<double> Ad = convert_matrix<double>(p.A);
        Factors<double> zd{convert_matrix<double>(z.X), convert_matrix<double>(z.Y)};
        CHECK(std::abs(objective(Ad, zd) - to_double(f)) <= 1e-12 * std::max(1.0, to_double(f)));
        CHECK(scaled_error(flatten(convert_to_q(gradient(Ad, zd))), g_exact) <= 1e-12);
    }
}

TEST_CASE("scalar family: the Hessian spectrum has the closed form of docs/eigen.md section 1", "[gd][oracle]") {
    for (const Problem& p : problems()) {
        if (!p.scalar) continue;
        INFO(p.name);
        const Factors<Q>& z = p.z0;
        const size_t d = z.X.cols();
        const Q mu = p.A(0, 0);
        Q xy = 0, S = 0;
        for (size_t k = 0; k < d; ++k) {
            xy += z.X(0, k) * z.Y(0, k);
            S += z.X(0, k) * z.X(0, k) + z.Y(0, k) * z.Y(0, k);
        }
        const double r = to_double(mu - xy), Sd = to_double(S), m = to_double(mu);
        const double root = std::sqrt(Sd * Sd - 8 * r * m + 12 * r * r);
        std::vector<double> expected{(Sd - root) / 2, (Sd + root) / 2};
        if (d >= 2) {
            // -r and +r from the rotations of u and v, and +-r with multiplicity d - 2.
            // The closed form assumes x and y linearly independent (Gram determinant > 0).
            Q xx = 0, yy = 0;
            for (size_t k = 0; k < d; ++k) {
                xx += z.X(0, k) * z.X(0, k);
                yy += z.Y(0, k) * z.Y(0, k);
            }
            REQUIRE(xx * yy - xy * xy > 0);
            for (size_t k = 0; k + 1 < d; ++k) {
                expected.push_back(r);
                expected.push_back(-r);
            }
        }
        std::sort(expected.begin(), expected.end());
        std::vector<double> spectrum = hessian_spectrum_double(p.A, z);
        REQUIRE(static_cast<size_t>(spectrum.size()) == expected.size());
        for (size_t k = 0; k < expected.size(); ++k) {
            INFO("eigenvalue " << k << ": computed " << spectrum[k] << ", closed form "
                               << expected[k]);
            CHECK(std::abs(spectrum[k] - expected[k]) <= 1e-10 * std::max(1.0, Sd));
        }
    }
}

TEST_CASE("GD step: exact trajectories, interval enclosures, double and Real", "[gd][oracle]") {
    const Q relative_bound = Q(1) / pow10(60);
    int runs = 0, beyond = 0;
    double worst_double = 0, worst_real = 0, worst_width64 = 0, worst_width256 = 0;
    Q largest = 0;  // largest |entry| of an exact iterate
    for (const Problem& p : problems()) {
        const double L = hessian_spectrum_double(p.A, p.z0).back();  // ascending
        REQUIRE(L > 0);
        for (double c : {0.5, 3.0}) {
            const Q h = decimal_rational(c / L, 6);
            INFO(p.name << ", h = " << to_exact_string(h) << " (" << c << "/L, L = " << L << ")");
            const double hL = to_double(h) * L;
            CHECK(std::abs(hL - c) <= 1e-5 * c);
            if (hL > 2) ++beyond;
            ++runs;

            // Exact trajectory z_0 .. z_6 by the independent reference.
            std::vector<Factors<Q>> exact{p.z0};
            for (int k = 0; k < kSteps; ++k) exact.push_back(ref_step(p.A, exact.back(), h));
            for (const Factors<Q>& z : exact) largest = std::max(largest, max_abs(flatten(z)));

            // gd_step<Rational> is the exact step.
            {
                Factors<Q> z = p.z0;
                for (int k = 1; k <= kSteps; ++k) {
                    z = gd_step(p.A, z, h);
                    INFO("Rational step " << k);
                    CHECK(first_mismatch(flatten(z), flatten(exact[k])) == "");
                }
            }

            // Identities of the exact trajectory (docs/math.md section 2 and its matrix analogue).
            for (int k = 0; k < kSteps; ++k) {
                INFO("identities at step " << k);
                const Factors<Q>& z = exact[k];
                const Factors<Q>& zn = exact[k + 1];
                if (p.scalar) {
                    const size_t d = z.X.cols();
                    Q xy = 0, xyn = 0, S = 0, D = 0, Dn = 0;
                    for (size_t i = 0; i < d; ++i) {
                        xy += z.X(0, i) * z.Y(0, i);
                        xyn += zn.X(0, i) * zn.Y(0, i);
                        S += z.X(0, i) * z.X(0, i) + z.Y(0, i) * z.Y(0, i);
                        D += z.X(0, i) * z.X(0, i) - z.Y(0, i) * z.Y(0, i);
                        Dn += zn.X(0, i) * zn.X(0, i) - zn.Y(0, i) * zn.Y(0, i);
                    }
                    const Q mu = p.A(0, 0), r = mu - xy, rn = mu - xyn;
                    const Q s = 1 - h * S - h * h * r * (mu - r);
                    CHECK(first_mismatch({rn}, {Q(s * r)}) == "");
                    CHECK(first_mismatch({Dn}, {Q((1 - h * h * r * r) * D)}) == "");
                } else {
                    // X+^T X+ - Y+^T Y+ = X^T X - Y^T Y + h^2 ((RY)^T (RY) - (R^T X)^T (R^T X))
                    Matrix<Q> R = ref_residual(p.A, z);
                    Factors<Q> g{Matrix<Q>(z.X.rows(), z.X.cols()), Matrix<Q>(z.Y.rows(), z.Y.cols())};
                    for (size_t i = 0; i < R.rows(); ++i)
                        for (size_t j = 0; j < R.cols(); ++j)
                            for (size_t a = 0; a < z.X.cols(); ++a) {
                                g.X(i, a) += R(i, j) * z.Y(j, a);  // R Y
                                g.Y(j, a) += R(i, j) * z.X(i, a);  // R^T X
                            }
                    Matrix<Q> expected = gram_difference(z);
                    Matrix<Q> corr = gram_difference(g);  // (RY)^T RY - (R^T X)^T R^T X
                    for (size_t e = 0; e < expected.size(); ++e) expected[e] += h * h * corr[e];
                    CHECK(first_mismatch(gram_difference(zn).data(), expected.data()) == "");
                }
            }

            // Interval at 64 and 256 bits: containment at every step, narrow at 256.
            for (unsigned bits : {64u, 256u}) {
                PrecisionScope scope(bits);
                Matrix<Interval> Ai = convert_matrix<Interval>(p.A);
                Factors<Interval> z{convert_matrix<Interval>(p.z0.X), convert_matrix<Interval>(p.z0.Y)};
                const Interval hi_ = enclose(h);
                REQUIRE(contains(hi_, h));
                for (int k = 1; k <= kSteps; ++k) {
                    z = gd_step(Ai, z, hi_);
                    const std::string where = "Interval " + std::to_string(bits) + " bits, step " + std::to_string(k);
                    CHECK(check_enclosure(flatten_any(z), flatten(exact[k]), bits == 256 ? relative_bound : Q(0),
                                          where, bits == 256 ? worst_width256 : worst_width64) == 0);
                }
                if (bits == 256) {
                    // The enclosures are tight enough to reject the exact values moved
                    // by 1e-60 relative: the containment check above has teeth.
                    const std::vector<Q> ex = flatten(exact[kSteps]);
                    const std::vector<Interval> enc = flatten_any(z);
                    for (size_t e = 0; e < ex.size(); ++e) {
                        const Q moved = ex[e] + relative_bound * (ex[e] == 0 ? Q(1) : abs_q(ex[e]));
                        INFO("perturbed entry " << e);
                        CHECK_FALSE(contains(enc[e], moved));
                    }
                }
            }

            // double: sanity only, error relative to the state's magnitude.
            {
                Matrix<double> Ad = convert_matrix<double>(p.A);
                Factors<double> z{convert_matrix<double>(p.z0.X), convert_matrix<double>(p.z0.Y)};
                const double hd = from_rational<double>(h);
                for (int k = 1; k <= kSteps; ++k) {
                    z = gd_step(Ad, z, hd);
                    const std::vector<Q> ex = flatten(exact[k]);
                    if (max_abs(ex) > Q(1e300)) break;  // beyond double's range
                    for (double v : flatten_any(z)) REQUIRE(std::isfinite(v));
                    const double err = scaled_error(flatten(convert_to_q(z)), ex);
                    worst_double = std::max(worst_double, err);
                    INFO("double step " << k << ": scaled error " << err);
                    CHECK(err <= 1e-9);
                }
            }

            // Real at 256 bits: sanity only, same measure.
            {
                PrecisionScope scope(256);
                Matrix<Real> Ar = convert_matrix<Real>(p.A);
                Factors<Real> z{convert_matrix<Real>(p.z0.X), convert_matrix<Real>(p.z0.Y)};
                const Real hr = from_rational<Real>(h);
                for (int k = 1; k <= kSteps; ++k) {
                    z = gd_step(Ar, z, hr);
                    std::vector<Q> approx;
                    for (const Real& v : flatten_any(z)) approx.push_back(exact_value(v));
                    const double err = scaled_error(approx, flatten(exact[k]));
                    worst_real = std::max(worst_real, err);
                    INFO("Real step " << k << ": scaled error " << err);
                    CHECK(err <= 1e-60);
                }
            }
        }
    }
    CHECK(runs == 24);
    CHECK(beyond == 12);
    WARN("over " << runs << " runs of " << kSteps << " steps: largest exact |entry| " << show(largest)
                 << "; worst relative interval width at 64 bits " << worst_width64 << ", at 256 bits "
                 << worst_width256 << "; worst scaled error of double " << worst_double << ", of Real(256) "
                 << worst_real);
}
