// Stability from an enclosure of DF^p (docs/math.md, section 11.4).
#include "lrcert/dynamics/stability.hpp"

#include <Eigen/Dense>

#include <cmath>

namespace lrcert {

const char* stability_name(Stability s) {
    switch (s) {
        case Stability::Attracting: return "attracting";
        case Stability::Repelling: return "repelling";
        case Stability::Saddle: return "saddle";
        case Stability::Undecided: break;
    }
    return "undecided";
}

namespace {

Interval half(const Interval& x) { return x / make_interval(2L); }

// N = 2: p(l) = l^2 - T l + D (section 11.4).
StabilityVerdict classify_2d(const Matrix<Interval>& M) {
    StabilityVerdict v;
    const Interval T = M(0, 0) + M(1, 1);
    const Interval D = M(0, 0) * M(1, 1) - M(0, 1) * M(1, 0);
    const Interval one = make_interval(1L);
    v.trace = T;
    v.determinant = D;
    const Interval p_plus = one - T + D, p_minus = one + T + D;  // p(1), p(-1)
    if (certainly_positive(p_plus) && certainly_positive(p_minus) && certainly_less(interval_abs(D), one)) {
        v.stability = Stability::Attracting;
        v.reason = "Jury: |det| < 1 and |tr| < 1 + det (both multipliers inside the unit circle)";
    } else if (certainly_negative(p_plus * p_minus)) {
        v.stability = Stability::Saddle;
        v.reason = "p(1) p(-1) < 0 for p(l) = l^2 - tr l + det (one real multiplier inside, one outside)";
    } else if (certainly_less(one, interval_abs(D)) && certainly_less(interval_abs(T), interval_abs(one + D))) {
        v.stability = Stability::Repelling;
        v.reason = "|det| > 1 and |tr| < |1 + det| (both multipliers outside the unit circle)";
    } else {
        v.stability = Stability::Undecided;
        v.reason = "the enclosure of DF^p admits a multiplier on the unit circle (no Jury condition holds for every "
                   "matrix in it)";
    }
    const Interval disc = interval_sqr(T) - make_interval(4L) * D;
    if (certainly_positive(disc)) {
        const Interval s = interval_sqrt(disc);
        v.multipliers.push_back({Multiplier::Kind::RealValue, half(T + s), UpperBound::exact(0)});
        v.multipliers.push_back({Multiplier::Kind::RealValue, half(T - s), UpperBound::exact(0)});
    } else if (certainly_negative(disc)) {
        v.multipliers.push_back({Multiplier::Kind::ComplexPair, interval_sqrt(D), UpperBound::exact(0)});
    }
    return v;
}

// Exact inverse by Gauss-Jordan elimination; false if singular.
bool invert_exact(std::vector<std::vector<Rational>>& a, std::vector<std::vector<Rational>>& inv) {
    const size_t n = a.size();
    inv.assign(n, std::vector<Rational>(n, Rational(0)));
    for (size_t i = 0; i < n; ++i) inv[i][i] = 1;
    for (size_t c = 0; c < n; ++c) {
        size_t piv = c;
        while (piv < n && a[piv][c] == 0) ++piv;
        if (piv == n) return false;
        std::swap(a[piv], a[c]);
        std::swap(inv[piv], inv[c]);
        const Rational s = a[c][c];
        for (size_t j = 0; j < n; ++j) {
            a[c][j] /= s;
            inv[c][j] /= s;
        }
        for (size_t r = 0; r < n; ++r) {
            if (r == c || a[r][c] == 0) continue;
            const Rational f = a[r][c];
            for (size_t j = 0; j < n; ++j) {
                a[r][j] -= f * a[c][j];
                inv[r][j] -= f * inv[c][j];
            }
        }
    }
    return true;
}

// N > 2: Gershgorin discs of P^-1 M P (section 11.4).
StabilityVerdict classify_gershgorin(const Matrix<Interval>& M, const Matrix<double>& approx) {
    StabilityVerdict v;
    const size_t n = M.rows();
    Eigen::MatrixXd A(n, n);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) A(Eigen::Index(i), Eigen::Index(j)) = approx(i, j);
    Eigen::EigenSolver<Eigen::MatrixXd> es(A);
    if (es.info() != Eigen::Success) {
        v.reason = "the eigenvectors of DF^p could not be computed (double)";
        return v;
    }
    const double scale = 1 + A.cwiseAbs().maxCoeff();
    for (Eigen::Index k = 0; k < es.eigenvalues().size(); ++k)
        if (std::abs(es.eigenvalues()(k).imag()) > 1e-9 * scale) {
            v.reason = "complex multipliers: the Gershgorin test is implemented for real spectra only";
            return v;
        }
    std::vector<std::vector<Rational>> P(n, std::vector<Rational>(n)), Pinv;
    Matrix<Interval> Pi(n, n), Pinvi(n, n);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) {
            const double e = es.eigenvectors()(Eigen::Index(i), Eigen::Index(j)).real();
            if (!std::isfinite(e)) {
                v.reason = "the eigenvectors of DF^p are not finite (double)";
                return v;
            }
            P[i][j] = Rational(e);  // exact value of the double
            Pi(i, j) = enclose(P[i][j]);
        }
    std::vector<std::vector<Rational>> work = P;
    if (!invert_exact(work, Pinv)) {
        v.reason = "the eigenvector matrix is singular (a defective multiplier)";
        return v;
    }
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) Pinvi(i, j) = enclose(Pinv[i][j]);
    const Matrix<Interval> B = multiply(multiply(Pinvi, M), Pi);
    std::vector<Interval> centre(n);
    std::vector<UpperBound> radius(n, UpperBound::exact(0));
    size_t inside = 0, outside = 0;
    for (size_t i = 0; i < n; ++i) {
        centre[i] = B(i, i);
        for (size_t j = 0; j < n; ++j)
            if (j != i) radius[i] = radius[i] + UpperBound::of_mag(B(i, j));
        if (UpperBound::of_mag(centre[i]) + radius[i] < 1)
            ++inside;
        else if (LowerBound::of_mig(centre[i]) - radius[i] > 1)
            ++outside;
    }
    for (size_t i = 0; i < n; ++i) {
        // A disc meeting no other holds exactly one eigenvalue, real (the disc is
        // symmetric about the real axis and the matrix is real).
        bool alone = true;
        for (size_t j = 0; j < n && alone; ++j) {
            if (j == i) continue;
            const Interval gap = interval_abs(centre[i] - centre[j]);
            alone = LowerBound::of_mig(gap) > radius[i] + radius[j];
        }
        if (alone)
            v.multipliers.push_back({Multiplier::Kind::RealValue, widen(centre[i], radius[i]), UpperBound::exact(0)});
        else
            v.multipliers.push_back({Multiplier::Kind::Disc, centre[i], radius[i]});
    }
    if (inside + outside < n) {
        v.reason = "a Gershgorin disc of P^-1 DF^p P meets the unit circle";
        return v;
    }
    v.stability = outside == 0 ? Stability::Attracting : inside == 0 ? Stability::Repelling : Stability::Saddle;
    v.reason = "Gershgorin: " + std::to_string(inside) + " discs inside the unit circle, " + std::to_string(outside) +
               " outside";
    return v;
}

}  // namespace

StabilityVerdict classify_stability(const Matrix<Interval>& M, const Matrix<double>& approx) {
    detail::require(M.rows() == M.cols() && M.rows() >= 1, "classify_stability: square matrix expected");
    if (M.rows() == 2) return classify_2d(M);
    if (M.rows() == 1) {
        StabilityVerdict v;
        const Interval a = interval_abs(M(0, 0));
        v.multipliers.push_back({Multiplier::Kind::RealValue, M(0, 0), UpperBound::exact(0)});
        if (certainly_less(a, make_interval(1L)))
            v.stability = Stability::Attracting;
        else if (certainly_less(make_interval(1L), a))
            v.stability = Stability::Repelling;
        v.reason = v.stability == Stability::Undecided ? "the multiplier may have modulus 1" : "|multiplier| vs 1";
        return v;
    }
    return classify_gershgorin(M, approx);
}

}  // namespace lrcert
