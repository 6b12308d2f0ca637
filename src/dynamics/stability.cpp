// Stability from an enclosure of DF^p (docs/math.md, section 11.4).
#include "lrcert/dynamics/stability.hpp"

#include "lrcert/dynamics/box.hpp"
#include "lrcert/linalg/float_decompositions.hpp"

#include <algorithm>

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

// B = P^-1 M P with P the given double columns (exact), P^-1 exact then
// enclosed; false if P is singular or not finite.
bool similar(const Matrix<Interval>& M, const std::vector<std::vector<double>>& cols, Matrix<Interval>& B) {
    const size_t n = M.rows();
    std::vector<std::vector<Rational>> P(n, std::vector<Rational>(n)), Pinv;
    Matrix<Interval> Pi(n, n), Pinvi(n, n);
    for (size_t j = 0; j < n; ++j)
        for (size_t i = 0; i < n; ++i) {
            if (!std::isfinite(cols[j][i])) return false;
            P[i][j] = Rational(cols[j][i]);  // exact value of the double
            Pi(i, j) = enclose(P[i][j]);
        }
    std::vector<std::vector<Rational>> work = P;
    if (!invert_exact(work, Pinv)) return false;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) Pinvi(i, j) = enclose(Pinv[i][j]);
    B = multiply(multiply(Pinvi, M), Pi);
    return true;
}

std::string count_text(const char* how, size_t inside, size_t outside) {
    return std::string(how) + ": " + std::to_string(inside) + " inside the unit circle, " + std::to_string(outside) +
           " outside";
}

Stability from_counts(size_t inside, size_t outside) {
    return outside == 0 ? Stability::Attracting : inside == 0 ? Stability::Repelling : Stability::Saddle;
}

// Real spectrum: Gershgorin discs of B = P^-1 M P (section 11.4).
StabilityVerdict gershgorin(const Matrix<Interval>& B) {
    StabilityVerdict v;
    const size_t n = B.rows();
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
    v.stability = from_counts(inside, outside);
    v.reason = count_text("Gershgorin discs", inside, outside);
    return v;
}

// Complex pairs: B = Lambda + E with Lambda block diagonal and normal (2 x 2
// blocks [[a, b], [-b, a]]), every eigenvalue within ||E||_2 of one of
// Lambda's (Bauer-Fike, condition number 1; section 11.4).
StabilityVerdict bauer_fike(const Matrix<Interval>& B, const std::vector<bool>& pair_start) {
    StabilityVerdict v;
    const size_t n = B.rows();
    Matrix<Interval> E = B;
    struct Eig {
        Interval re, im, modulus;
        bool real;
        bool upper;  // the member a + ib, b > 0, of a conjugate pair
    };
    std::vector<Eig> eig;  // one per eigenvalue of Lambda (a pair gives two, conjugate)
    const Interval two = make_interval(2L);
    for (size_t i = 0; i < n; ++i) {
        if (pair_start[i]) {
            const Real a = midpoint((B(i, i) + B(i + 1, i + 1)) / two), b = midpoint((B(i, i + 1) - B(i + 1, i)) / two);
            E(i, i) = B(i, i) - make_interval(a);
            E(i + 1, i + 1) = B(i + 1, i + 1) - make_interval(a);
            E(i, i + 1) = B(i, i + 1) - make_interval(b);
            E(i + 1, i) = B(i + 1, i) + make_interval(b);
            const Interval ai = make_interval(a), bi = make_interval(b);
            const Interval mod = interval_sqrt(interval_sqr(ai) + interval_sqr(bi));
            eig.push_back({ai, bi, mod, false, true});
            eig.push_back({ai, -bi, mod, false, false});
            ++i;
        } else {
            const Real l = midpoint(B(i, i));
            E(i, i) = B(i, i) - make_interval(l);
            eig.push_back({make_interval(l), make_interval(0L), interval_abs(make_interval(l)), true, false});
        }
    }
    Matrix<Interval> Et(n, n);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) Et(i, j) = E(j, i);
    const UpperBound eps = sqrt(inf_norm(E) * inf_norm(Et));  // ||E||_2^2 <= ||E||_1 ||E||_inf
    size_t inside = 0, outside = 0;
    for (const Eig& e : eig) {
        if (UpperBound::of_mag(e.modulus) + eps < 1)
            ++inside;
        else if (LowerBound::of_mig(e.modulus) - eps > 1)
            ++outside;
    }
    const UpperBound two_eps = eps + eps;
    for (size_t i = 0; i < eig.size(); ++i) {
        bool alone = true;  // the eps-disc around eig[i] meets no other
        for (size_t j = 0; j < eig.size() && alone; ++j) {
            if (j == i) continue;
            const Interval d2 = interval_sqr(eig[i].re - eig[j].re) + interval_sqr(eig[i].im - eig[j].im);
            alone = LowerBound::of_mig(interval_sqrt(d2)) > two_eps;
        }
        const bool real = eig[i].real;
        if (real && alone) {
            v.multipliers.push_back({Multiplier::Kind::RealValue, widen(eig[i].re, eps), UpperBound::exact(0)});
        } else if (eig[i].upper) {
            // One of each conjugate pair: a disc off the real axis (|b| > eps) and alone holds one
            // non-real eigenvalue, whose conjugate is in the mirrored disc.
            if (alone && LowerBound::of_mig(eig[i].im) > eps)
                v.multipliers.push_back({Multiplier::Kind::ComplexPair, widen(eig[i].modulus, eps), UpperBound::exact(0)});
            else
                v.multipliers.push_back({Multiplier::Kind::Disc, eig[i].re, UpperBound::of_mag(eig[i].im) + eps});
        } else if (real) {
            v.multipliers.push_back({Multiplier::Kind::Disc, eig[i].re, eps});
        }
    }
    if (inside + outside < eig.size()) {
        v.reason = "a disc of radius ||E||_2 around an eigenvalue of the block-diagonal part meets the unit circle";
        return v;
    }
    v.stability = from_counts(inside, outside);
    v.reason = count_text("Bauer-Fike discs (complex pairs)", inside, outside);
    return v;
}

// N > 2 (section 11.4): P from the double eigenvectors of `approx`.
StabilityVerdict classify_large(const Matrix<Interval>& M, const Matrix<double>& approx) {
    StabilityVerdict v;
    const size_t n = M.rows();
    const GeneralEigen es = general_eigen(approx);
    if (!es.ok) {
        v.reason = "the eigenvectors of DF^p could not be computed (double)";
        return v;
    }
    double largest = 0;
    for (size_t k = 0; k < approx.size(); ++k) largest = std::max(largest, std::fabs(approx[k]));
    const double tol = 1e-9 * (1 + largest);
    std::vector<std::vector<double>> cols;
    std::vector<bool> pair_start;
    bool complex = false;
    for (size_t k = 0; k < es.values.size(); ++k) {
        const double im = es.values[k].imag();
        std::vector<double> re(n), imv(n);
        for (size_t i = 0; i < n; ++i) {
            re[i] = es.vectors[k][i].real();
            imv[i] = es.vectors[k][i].imag();
        }
        if (im > tol) {  // a + ib with vector p + iq: M [p q] = [p q] [[a, b], [-b, a]]
            cols.push_back(re);
            cols.push_back(imv);
            pair_start.push_back(true);
            pair_start.push_back(false);
            complex = true;
        } else if (im >= -tol) {
            cols.push_back(re);
            pair_start.push_back(false);
        }  // the conjugate -ib is covered by its partner
    }
    Matrix<Interval> B;
    if (cols.size() != n || !similar(M, cols, B)) {
        v.reason = "the eigenvector matrix of DF^p is singular or incomplete (a defective multiplier)";
        return v;
    }
    return complex ? bauer_fike(B, pair_start) : gershgorin(B);
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
    return classify_large(M, approx);
}

}  // namespace lrcert
