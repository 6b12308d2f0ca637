#include "lrcert/dynamics/contraction.hpp"

#include "lrcert/linalg/float_decompositions.hpp"

#include <cmath>
#include <utility>

namespace lrcert {

namespace {

// x solving A x = b by Gaussian elimination with partial pivoting (a search
// step: nothing here is part of a proof); false if A is numerically singular.
template <class T>
bool solve(Matrix<T> A, Vec<T> b, Vec<T>& x) {
    using std::abs;
    const size_t n = A.rows();
    for (size_t k = 0; k < n; ++k) {
        size_t piv = k;
        for (size_t i = k + 1; i < n; ++i)
            if (abs(A(i, k)) > abs(A(piv, k))) piv = i;
        if (A(piv, k) == 0) return false;
        if (piv != k) {
            for (size_t j = 0; j < n; ++j) std::swap(A(k, j), A(piv, j));
            std::swap(b[k], b[piv]);
        }
        for (size_t i = k + 1; i < n; ++i) {
            T f = A(i, k) / A(k, k);
            for (size_t j = k; j < n; ++j) A(i, j) -= f * A(k, j);
            b[i] -= f * b[k];
        }
    }
    x.assign(n, zero<T>());
    for (size_t k = n; k-- > 0;) {
        T s = b[k];
        for (size_t j = k + 1; j < n; ++j) s -= A(k, j) * x[j];
        x[k] = s / A(k, k);
    }
    return true;
}

template <class T>
T sup_dist(const Vec<T>& a, const Vec<T>& b) {
    using std::abs;
    T s = zero<T>();
    for (size_t i = 0; i < a.size(); ++i) {
        T d = abs(a[i] - b[i]);
        if (d > s) s = d;
    }
    return s;
}

// Newton's method on G = F^p - id, in double and then at the working
// precision (midpoints of thin interval evaluations); keeps an iterate only
// while |G| decreases.
Vec<Real> refine(const PointMap& F, const Vec<double>& approx, size_t p) {
    const size_t n = F.dim();
    Vec<double> z = approx;
    for (int it = 0; it < 8; ++it) {
        Vec<double> fz;
        Matrix<double> J;
        iterate_point_jacobian(F, z, p, fz, J);
        for (size_t i = 0; i < n; ++i) J(i, i) -= 1;
        Vec<double> g(n), dz;
        for (size_t i = 0; i < n; ++i) g[i] = fz[i] - z[i];
        if (!solve(J, g, dz)) break;
        Vec<double> next(n);
        for (size_t i = 0; i < n; ++i) next[i] = z[i] - dz[i];
        const Vec<double> fnext = iterate_point(F, next, p);
        if (!(sup_dist(fnext, next) < sup_dist(fz, z))) break;
        z = std::move(next);
    }
    Vec<Real> c;
    for (double v : z) c.push_back(Real(v));
    for (int it = 0; it < 6; ++it) {
        const IteratedImage img = iterate_box(F, thin_box(c), p);
        if (!img.finite) break;
        const Vec<Real> fc = box_midpoint(img.boxes.back());
        Matrix<Real> J(n, n);
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < n; ++j) J(i, j) = midpoint(img.jacobian(i, j)) - (i == j ? 1 : 0);
        Vec<Real> g(n), dz;
        for (size_t i = 0; i < n; ++i) g[i] = fc[i] - c[i];
        if (!solve(J, g, dz)) break;
        Vec<Real> next(n);
        for (size_t i = 0; i < n; ++i) next[i] = c[i] - dz[i];
        const IteratedImage nimg = iterate_box(F, thin_box(next), p);
        if (!nimg.finite) break;
        if (!(sup_dist(box_midpoint(nimg.boxes.back()), next) < sup_dist(fc, c))) break;
        c = std::move(next);
    }
    return c;
}

// Q = P^{-1} with P's columns a real basis of (approximate) eigenvectors of
// DF^p(c): real eigenvectors, and the real and imaginary parts of one vector
// of each complex pair, so Q DF^p Q^{-1} is close to block diagonal with
// 1 x 1 blocks and 2 x 2 rotation-scalings, whose 2-norms are the moduli of
// the eigenvalues. The identity when that basis is badly conditioned.
Matrix<Rational> coordinates(const Matrix<Interval>& J) {
    const size_t n = J.rows();
    Matrix<double> M(n, n);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) M(i, j) = static_cast<double>(midpoint(J(i, j)));
    Matrix<Rational> Q(n, n);
    for (size_t i = 0; i < n; ++i) Q(i, i) = 1;
    const GeneralEigen es = general_eigen(M);
    if (!es.ok) return Q;
    Matrix<double> P(n, n);
    size_t col = 0;
    const auto set_column = [&](size_t c, const std::vector<std::complex<double>>& v, bool imaginary) {
        for (size_t i = 0; i < n; ++i) P(i, c) = imaginary ? v[i].imag() : v[i].real();
    };
    for (size_t k = 0; k < n && col < n; ++k) {
        const std::complex<double> lambda = es.values[k];
        if (std::fabs(lambda.imag()) <= 1e-12 * (1 + std::abs(lambda))) {
            set_column(col++, es.vectors[k], false);
        } else if (lambda.imag() > 0 && col + 1 < n) {
            set_column(col++, es.vectors[k], false);
            set_column(col++, es.vectors[k], true);
        }
    }
    if (col != n) return Q;
    const std::vector<double> s = singular_values(P);
    if (!(s[n - 1] > 1e-10 * s[0])) return Q;
    Matrix<double> Pinv;
    if (!approximate_inverse(P, Pinv)) return Q;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) Q(i, j) = Rational(Pinv(i, j));  // the double's exact value
    return Q;
}

// The exact inverse (Gauss-Jordan in rationals); nullopt if Q is singular.
std::optional<Matrix<Rational>> exact_inverse(Matrix<Rational> Q) {
    const size_t n = Q.rows();
    Matrix<Rational> I(n, n);
    for (size_t i = 0; i < n; ++i) I(i, i) = 1;
    for (size_t k = 0; k < n; ++k) {
        size_t piv = k;
        while (piv < n && Q(piv, k) == 0) ++piv;
        if (piv == n) return std::nullopt;
        if (piv != k)
            for (size_t j = 0; j < n; ++j) {
                std::swap(Q(k, j), Q(piv, j));
                std::swap(I(k, j), I(piv, j));
            }
        const Rational inv = 1 / Q(k, k);
        for (size_t j = 0; j < n; ++j) {
            Q(k, j) *= inv;
            I(k, j) *= inv;
        }
        for (size_t i = 0; i < n; ++i) {
            if (i == k || Q(i, k) == 0) continue;
            const Rational f = Q(i, k);
            for (size_t j = 0; j < n; ++j) {
                Q(i, j) -= f * Q(k, j);
                I(i, j) -= f * I(k, j);
            }
        }
    }
    return I;
}

Matrix<Interval> enclosed(const Matrix<Rational>& M) { return convert_matrix<Interval>(M); }

// Upper bound of the Euclidean norm of every vector in the box.
UpperBound euclid_of(const Box& b) {
    std::vector<UpperBound> mags;
    for (const Interval& x : b) mags.push_back(UpperBound::of_mag(x));
    UpperBound s = UpperBound::exact(0);
    for (const UpperBound& m : mags) s = s + m * m;
    return sqrt(s);
}

// Upper bound of ||M||_2 for every M in the box: ||M||_2^2 = lambda_max(M^T M)
// <= ||M^T M||_inf (any induced norm bounds the spectral radius).
UpperBound two_norm_up(const Matrix<Interval>& M) { return sqrt(inf_norm(multiply(transpose(M), M))); }

// c + Q^{-1} [-r, r]^N.
Box region_hull(const Vec<Real>& c, const Matrix<Interval>& Q_inverse, const UpperBound& r) {
    const Box w(c.size(), around(Real(0), r));
    return add(thin_box(c), multiply(Q_inverse, w));
}

}  // namespace

ContractionRegion contraction_region(const PointMap& F, const Vec<double>& approx, size_t p) {
    ContractionRegion S;
    S.period = p;
    detail::require(p >= 1 && approx.size() == F.dim(), "contraction_region: bad period or point");
    S.centre = refine(F, approx, p);
    const Box c = thin_box(S.centre);
    const IteratedImage at_c = iterate_box(F, c, p);
    if (!at_c.finite) {
        S.failure = "the enclosure of F^" + std::to_string(p) + " at the orbit point overflowed";
        return S;
    }
    S.Q = coordinates(at_c.jacobian);
    const std::optional<Matrix<Rational>> Qinv = exact_inverse(S.Q);
    if (!Qinv) {
        S.failure = "the eigenvector coordinates are singular";
        return S;
    }
    S.Q_inverse = enclosed(*Qinv);
    const Matrix<Interval> Qi = enclosed(S.Q);
    S.delta = euclid_of(multiply(Qi, subtract(at_c.boxes.back(), c)));

    // Radii from (1 + |c|_inf) / 4 down by factors of 4.
    const UpperBound scale = UpperBound::exact(1) + sup_norm(c);
    UpperBound rho = scale * UpperBound::of_rational(Rational(1, 4));
    UpperBound best_q = UpperBound::infinity();
    for (int k = 0; k < 24; ++k, rho = rho * UpperBound::of_rational(Rational(1, 4))) {
        const Box hull = region_hull(S.centre, S.Q_inverse, rho);
        const IteratedImage img = iterate_box(F, hull, p);
        if (!img.finite) continue;
        const UpperBound q = two_norm_up(multiply(multiply(Qi, img.jacobian), S.Q_inverse));
        if (q < best_q) best_q = q;
        if (!(q < 1)) continue;
        if (!(S.delta + q * rho <= rho)) continue;
        S.holds = true;
        S.rho = rho;
        S.q = q;
        S.hull = hull;
        break;
    }
    if (!S.holds) {
        S.failure = best_q.finite() && !(best_q < 1)
                        ? "F^" + std::to_string(p) + " is not a contraction near the orbit (||Q DF^p Q^-1||_2 <= " +
                              best_q.decimal(4) + " at best, not < 1)"
                        : "no radius where F^" + std::to_string(p) + " maps the region into itself";
        return S;
    }
    // |w*| <= delta + q |w*| at the fixed point.
    const UpperBound r_star = S.delta / (LowerBound::exact(1) - S.q);
    std::optional<Box> fp = intersect(region_hull(S.centre, S.Q_inverse, r_star), S.hull);
    S.fixed_point = fp ? std::move(*fp) : S.hull;
    const IteratedImage orbit = iterate_box(F, S.fixed_point, p - 1);
    S.cycle.assign(orbit.boxes.begin(), orbit.boxes.end());
    S.minimal = true;
    for (size_t j : proper_divisors(p)) {
        const IteratedImage img = iterate_box(F, S.fixed_point, j);
        if (!img.finite || !disjoint(img.boxes.back(), S.fixed_point)) {
            S.minimal = false;
            break;
        }
    }
    return S;
}

bool region_contains(const ContractionRegion& S, const Box& box) {
    if (!S.holds) return false;
    const Box w = multiply(enclosed(S.Q), subtract(box, thin_box(S.centre)));
    return euclid_of(w) <= S.rho;
}

}  // namespace lrcert
