// Certified periodic orbits of the GD map F (docs/math.md, section 11).
//
// A period-p point is a zero of G(z) = F^p(z) - z. krawczyk_periodic proves
// that a box X holds exactly one zero (section 11.2); certify_orbit builds X
// around a Newton-refined double approximation (epsilon inflation), narrows
// it, proves the minimal period (F^q(X) disjoint from X for every proper
// divisor q of p, section 11.3) and classifies the stability from the
// enclosure of DF^p over X (section 11.4). Everything claimed holds for the
// exact map: a verdict that cannot be proven is `Undecided`, with a reason.
#pragma once

#include "lrcert/dynamics/iterated_map.hpp"
#include "lrcert/dynamics/stability.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lrcert {

struct KrawczykResult {
    bool proven = false;  // exactly one zero of F^p - id lies in `box`
    Box box;              // proven: a narrowed box holding that zero
    std::string reason;   // not proven: why
};

// The Krawczyk test on X (section 11.2), then up to `tighten` rounds of
// X <- K(X) intersected with X.
KrawczykResult krawczyk_periodic(const PointMap& F, size_t p, const Box& X, int tighten = 6);

// Newton's method in double on F^p(z) = z; nullopt if it does not converge
// (|G| <= 1e-12 (1 + |z|)) within `max_iter` steps or leaves |z| <= 1e8.
std::optional<Vec<double>> newton_periodic(const PointMap& F, size_t p, Vec<double> z, int max_iter = 60);

struct CertifiedOrbit {
    size_t period = 0;
    bool minimal = false;     // minimal period p proven
    std::string minimal_reason;  // not minimal: which divisor q was not excluded
    Box box;                  // the unique zero z of F^p - id in this box
    std::vector<Box> points;  // points[j] contains F^j(z), j = 0..p-1 (points[0] = box)
    Matrix<Interval> monodromy;  // contains DF^p(z)
    StabilityVerdict stability;
    // F^j of the first box where uniqueness was proven (before narrowing),
    // j = 0..p-1: wider than `points`, used to recognise candidates of the search.
    std::vector<Box> search_boxes;
};

// Certifies the period-p orbit near `guess` (a double approximation, refined
// by Newton first). nullopt when Krawczyk fails; `why` then says why.
std::optional<CertifiedOrbit> certify_orbit(const PointMap& F, size_t p, const Vec<double>& guess,
                                            std::string* why = nullptr);


// True if the orbits are proven distinct: a's box meets none of b's point
// boxes (then its unique zero is none of b's points).
bool distinct_orbits(const CertifiedOrbit& a, const CertifiedOrbit& b);

// True if the double point z lies in one of the orbit's search boxes.
bool in_orbit_boxes(const CertifiedOrbit& o, const Vec<double>& z);

struct OrbitSearchResult {
    std::vector<CertifiedOrbit> orbits;  // by period, each orbit once
    size_t candidates = 0;               // Newton convergences
    size_t not_certified = 0;            // candidates Krawczyk did not prove (not listed)
};

// Newton from every start for each p in [p_min, p_max] (increasing), then
// certification and deduplication (section 11.3): a candidate in the search
// boxes of an orbit found before (of a period dividing p), or with
// F^q(z) = z in double for a proper divisor q, is not certified again; an
// orbit whose minimal period is not proven is dropped when F^q - id is proven
// to vanish in its box, or when it meets an orbit of a divisor period; an
// orbit meeting a listed one of the same period is that orbit.
// `skip(p, z)` lets the caller drop candidates (e.g. non-isolated fixed points).
template <class Skip>
OrbitSearchResult search_orbits(const PointMap& F, size_t p_min, size_t p_max, const std::vector<Vec<double>>& starts,
                                Skip skip);

OrbitSearchResult search_orbits_impl(const PointMap& F, size_t p_min, size_t p_max,
                                     const std::vector<Vec<double>>& starts,
                                     bool (*skip)(const void*, size_t, const Vec<double>&), const void* ctx);

template <class Skip>
OrbitSearchResult search_orbits(const PointMap& F, size_t p_min, size_t p_max, const std::vector<Vec<double>>& starts,
                                Skip skip) {
    return search_orbits_impl(
        F, p_min, p_max, starts,
        [](const void* c, size_t p, const Vec<double>& z) { return (*static_cast<const Skip*>(c))(p, z); }, &skip);
}

}  // namespace lrcert
