// Certified periodic orbits (docs/math.md, sections 11.2-11.3).
#include "lrcert/dynamics/orbit.hpp"

#include "lrcert/linalg/float_decompositions.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cmath>

namespace lrcert {

namespace {

double to_double(const Real& x) { return mpfr_get_d(x.backend().data(), MPFR_RNDN); }

// The double d exactly, as a thin interval.
Interval exact_double(double d) {
    Real r = new_real();
    mpfr_set_d(r.backend().data(), d, MPFR_RNDN);  // exact: working precision >= 53 bits
    return make_interval(r);
}

double sup_norm(const Vec<double>& z) {
    double s = 0;
    for (double v : z) s = std::max(s, std::abs(v));
    return s;
}

bool finite(const Vec<double>& z) {
    return std::all_of(z.begin(), z.end(), [](double v) { return std::isfinite(v); });
}

// An approximate inverse of DF^p(z) - I in double; false if singular or not finite.
bool inverse_of_step_minus_identity(const Matrix<double>& J, Matrix<double>& C) {
    Matrix<double> A = J;
    for (size_t i = 0; i < A.rows(); ++i) A(i, i) -= 1.0;
    return approximate_inverse(A, C);
}

Vec<double> as_double(const Vec<Real>& z) {
    Vec<double> d;
    for (const Real& v : z) d.push_back(to_double(v));
    return d;
}

Vec<Real> as_real(const Vec<double>& z) {
    Vec<Real> r;
    for (double v : z) r.push_back(lo(exact_double(v)));
    return r;
}

// One Krawczyk operator K(X) (section 11.2); nullopt if an enclosure is not finite.
std::optional<Box> krawczyk_operator(const PointMap& F, size_t p, const Box& X) {
    const size_t n = F.dim();
    const Vec<Real> mr = box_midpoint(X);
    const Box m = thin_box(mr);
    const IteratedImage at_m = iterate_box(F, m, p);
    const IteratedImage over_X = iterate_box(F, X, p);
    if (!at_m.finite || !over_X.finite) return std::nullopt;
    const Box Gm = subtract(at_m.boxes[p], m);  // contains G(m)
    Vec<double> img;
    Matrix<double> J;
    iterate_point_jacobian(F, as_double(mr), p, img, J);
    Matrix<double> Cd;
    if (!inverse_of_step_minus_identity(J, Cd)) return std::nullopt;
    Matrix<Interval> C(n, n), R(n, n);  // C as used (exact doubles); R = I - C DG(X)
    for (size_t k = 0; k < C.size(); ++k) C[k] = exact_double(Cd[k]);
    Matrix<Interval> DG = over_X.jacobian;
    for (size_t i = 0; i < n; ++i) DG(i, i) = DG(i, i) - make_interval(1L);
    const Matrix<Interval> CDG = multiply(C, DG);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) R(i, j) = (i == j ? make_interval(1L) : make_interval(0L)) - CDG(i, j);
    Box K = add(subtract(m, multiply(C, Gm)), multiply(R, subtract(X, m)));
    for (const Interval& k : K)
        if (!is_finite(k)) return std::nullopt;
    return K;
}

}  // namespace

KrawczykResult krawczyk_periodic(const PointMap& F, size_t p, const Box& X, int tighten) {
    KrawczykResult res;
    detail::require(p >= 1 && X.size() == F.dim(), "krawczyk_periodic: bad period or box");
    detail::require(working_bits() >= 53, "krawczyk_periodic: needs at least 53 bits (C holds doubles exactly)");
    std::optional<Box> K = krawczyk_operator(F, p, X);
    if (!K) {
        res.reason = "an enclosure over the box is not finite, or DF^p - I is singular in double";
        return res;
    }
    if (!interior_subset(*K, X)) {
        res.reason = "K(X) is not inside X (Krawczyk test failed)";
        return res;
    }
    // Unique zero in X, and it lies in K(X) (section 11.2); every zero in the
    // narrower boxes below is that one.
    res.proven = true;
    std::optional<Box> cur = intersect(*K, X);
    for (int round = 0; round < tighten && cur; ++round) {
        std::optional<Box> next = krawczyk_operator(F, p, *cur);
        if (!next) break;
        std::optional<Box> both = intersect(*next, *cur);
        if (!both) break;  // cannot happen while the zero is in cur; keep cur
        const bool progress = max_width(*both) < max_width(*cur);
        cur = std::move(both);
        if (!progress) break;
    }
    res.box = *cur;
    return res;
}

std::optional<Vec<double>> newton_periodic(const PointMap& F, size_t p, Vec<double> z, int max_iter) {
    Vec<double> img;
    Matrix<double> J, C;
    int converged_for = -1;
    for (int it = 0; it < max_iter; ++it) {
        iterate_point_jacobian(F, z, p, img, J);
        if (!finite(img)) return std::nullopt;
        double g = 0;
        for (size_t i = 0; i < z.size(); ++i) g = std::max(g, std::abs(img[i] - z[i]));
        if (g <= 1e-12 * (1 + sup_norm(z)) && converged_for < 0) converged_for = it;
        if (converged_for >= 0 && it >= converged_for + 2) return z;  // two polishing steps
        if (!inverse_of_step_minus_identity(J, C)) return std::nullopt;
        Vec<double> next = z;
        for (size_t i = 0; i < z.size(); ++i)
            for (size_t j = 0; j < z.size(); ++j) next[i] -= C(i, j) * (img[j] - z[j]);
        if (!finite(next) || sup_norm(next) > 1e8) return std::nullopt;
        z = std::move(next);
    }
    return converged_for >= 0 ? std::optional<Vec<double>>(z) : std::nullopt;
}

std::optional<CertifiedOrbit> certify_orbit(const PointMap& F, size_t p, const Vec<double>& guess, std::string* why) {
    auto fail = [&](const std::string& reason) -> std::optional<CertifiedOrbit> {
        if (why) *why = reason;
        return std::nullopt;
    };
    std::optional<Vec<double>> z = newton_periodic(F, p, guess);
    if (!z) return fail("Newton's method did not converge");
    const Vec<double> gz = iterate_point(F, *z, p);
    double g = 0;
    for (size_t i = 0; i < z->size(); ++i) g = std::max(g, std::abs(gz[i] - (*z)[i]));
    const double size = 1 + sup_norm(*z);
    // Epsilon inflation (section 11.2): radii growing by 10 until the test holds.
    KrawczykResult kr;
    Box first;
    for (double r = std::max(1e-13 * size, 10 * g); r <= 1e-3 * size; r *= 10) {
        first = box_around(as_real(*z), UpperBound::assume_upper(lo(exact_double(r))));
        kr = krawczyk_periodic(F, p, first);
        if (kr.proven) break;
    }
    if (!kr.proven) return fail(kr.reason.empty() ? "no box passed the Krawczyk test" : kr.reason);
    CertifiedOrbit o;
    o.period = p;
    o.box = kr.box;
    const IteratedImage img = iterate_box(F, o.box, p);
    const IteratedImage wide = iterate_box(F, first, p);
    if (!img.finite || !wide.finite) return fail("an enclosure of the orbit is not finite");
    o.points.assign(img.boxes.begin(), img.boxes.begin() + std::ptrdiff_t(p));
    o.search_boxes.assign(wide.boxes.begin(), wide.boxes.begin() + std::ptrdiff_t(p));
    o.monodromy = img.jacobian;
    // Minimal period (section 11.3): F^q(X) misses X for every proper divisor q.
    o.minimal = true;
    for (size_t q : proper_divisors(p))
        if (!disjoint(img.boxes[q], o.box)) {
            o.minimal = false;
            o.minimal_reason = "F^" + std::to_string(q) + " of the orbit's box meets the box";
            break;
        }
    Vec<double> unused;
    Matrix<double> J;
    iterate_point_jacobian(F, *z, p, unused, J);
    o.stability = classify_stability(o.monodromy, J);
    return o;
}

bool distinct_orbits(const CertifiedOrbit& a, const CertifiedOrbit& b) {
    for (const Box& pt : b.points)
        if (!disjoint(a.box, pt)) return false;
    return true;
}

bool in_orbit_boxes(const CertifiedOrbit& o, const Vec<double>& z) {
    for (const Box& b : o.search_boxes) {
        bool inside = true;
        for (size_t i = 0; i < z.size() && inside; ++i) inside = lo(b[i]) <= z[i] && z[i] <= hi(b[i]);
        if (inside) return true;
    }
    return false;
}

OrbitSearchResult search_orbits_impl(const PointMap& F, size_t p_min, size_t p_max,
                                     const std::vector<Vec<double>>& starts,
                                     bool (*skip)(const void*, size_t, const Vec<double>&), const void* ctx) {
    OrbitSearchResult res;
    for (size_t p = p_min; p <= p_max; ++p) {
        std::vector<Vec<double>> failed;  // candidates not certified (not retried)
        const std::vector<size_t> divs = proper_divisors(p);
        for (const Vec<double>& s : starts) {
            std::optional<Vec<double>> z = newton_periodic(F, p, s);
            if (!z) continue;
            ++res.candidates;
            if (skip(ctx, p, *z)) continue;
            const bool known = std::any_of(res.orbits.begin(), res.orbits.end(), [&](const CertifiedOrbit& o) {
                return p % o.period == 0 && in_orbit_boxes(o, *z);
            });
            if (known) continue;
            // A candidate of a lower period q | p is searched at q, not here.
            const bool lower = std::any_of(divs.begin(), divs.end(), [&](size_t q) {
                const Vec<double> fq = iterate_point(F, *z, q);
                for (size_t i = 0; i < fq.size(); ++i)
                    if (std::abs(fq[i] - (*z)[i]) > 1e-9 * (1 + sup_norm(*z))) return false;
                return true;
            });
            if (lower) continue;
            const double tol = 1e-9 * (1 + sup_norm(*z));
            const bool tried = std::any_of(failed.begin(), failed.end(), [&](const Vec<double>& f) {
                for (size_t i = 0; i < f.size(); ++i)
                    if (std::abs(f[i] - (*z)[i]) > tol) return false;
                return true;
            });
            if (tried) continue;
            std::optional<CertifiedOrbit> c = certify_orbit(F, p, *z);
            if (!c) {
                ++res.not_certified;
                failed.push_back(*z);
                continue;
            }
            // Minimal period not proven: if F^q - id has a (unique) zero in the box
            // where z is the unique zero of F^p - id, that zero is z, of period q | p.
            if (!c->minimal && std::any_of(divs.begin(), divs.end(), [&](size_t q) {
                    return krawczyk_periodic(F, q, c->search_boxes[0], 0).proven;
                }))
                continue;
            // Possibly the same orbit as one listed: not listed again. The periods
            // alone separate two orbits when one has a proven minimal period that does
            // not divide the other's (docs/math.md 11.3); else the boxes must be
            // disjoint, the test lrcert-check repeats (docs/checker.md, Lemma 13).
            const bool same = std::any_of(res.orbits.begin(), res.orbits.end(), [&](const CertifiedOrbit& o) {
                const bool separated = (c->minimal && o.period % p != 0) || (o.minimal && p % o.period != 0);
                return !separated && !distinct_orbits(*c, o);
            });
            if (!same) res.orbits.push_back(std::move(*c));
        }
    }
    return res;
}

}  // namespace lrcert
