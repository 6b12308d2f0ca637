// Cross-checks of a certificate (crosscheck.hpp, docs/checker.md "Cross-checks").
#include "crosscheck.hpp"

#include "check.hpp"
#include "gd.hpp"
#include "residual.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

using nlohmann::json;

namespace chk {


namespace {

constexpr size_t kMaxInertiaD = 50;

// A number of the certificate, or nullopt when absent or not a number (the
// main check then reports the malformed field).
std::optional<Q> number_at(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return std::nullopt;
    return parse_number(j[key].get<std::string>());
}

std::optional<std::vector<Q>> vector_at(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_array()) return std::nullopt;
    std::vector<Q> v;
    for (const json& e : j[key]) {
        if (!e.is_string()) return std::nullopt;
        std::optional<Q> q = parse_number(e.get<std::string>());
        if (!q) return std::nullopt;
        v.push_back(*q);
    }
    return v;
}

// "" or the reason the reported L0 enclosure is refuted by the Hessian's
// inertia (scalar family, d <= kMaxInertiaD; other certificates are skipped).
std::string inertia_check(const json& cert) {
    if (!cert.is_object() || !cert.contains("problem") || !cert.contains("report")) return "";
    const json& p = cert["problem"];
    const json& r = cert["report"];
    if (!p.is_object() || !p.contains("family") || p["family"] != "scalar") return "";
    std::optional<Q> mu = number_at(p, "mu");
    std::optional<std::vector<Q>> x = vector_at(p, "x0"), y = vector_at(p, "y0");
    if (!mu || !x || !y || x->size() != y->size() || x->empty() || x->size() > kMaxInertiaD) return "";
    if (!r.is_object() || !r.contains("sharpness_initial")) return "";
    std::optional<Q> lo = number_at(r["sharpness_initial"], "lo"), hi = number_at(r["sharpness_initial"], "hi");
    if (!lo || !hi) return "";
    return l0_inertia_misfit(scalar_hessian(*mu, *x, *y), *lo, *hi);
}

constexpr size_t kMaxTrajectoryD = 8;
constexpr long kTrajectorySteps = 4;

// "" or the first step k <= kTrajectorySteps at which the exact unreduced GD
// x+ = x + h r y, y+ = y + h r x (r = mu - x . y) leaves the exact reduced
// recursion |u|^2+ = (1 + h r)^2 |u|^2, |v|^2+ = (1 - h r)^2 |v|^2,
// r = mu - (|u|^2 - |v|^2) / 4 (u = x + y, v = x - y; docs/math.md section 2)
// on which the two-dimensional proof runs (scalar family, d <= kMaxTrajectoryD).
std::string trajectory_check(const json& cert) {
    if (!cert.is_object() || !cert.contains("problem")) return "";
    const json& p = cert["problem"];
    if (!p.is_object() || !p.contains("family") || p["family"] != "scalar") return "";
    std::optional<Q> mu = number_at(p, "mu"), h = number_at(p, "h");
    std::optional<std::vector<Q>> x = vector_at(p, "x0"), y = vector_at(p, "y0");
    if (!mu || !h || !x || !y || x->size() != y->size() || x->empty() || x->size() > kMaxTrajectoryD) return "";
    const size_t d = x->size();
    auto uv = [&](Q& A, Q& B) {
        A = 0, B = 0;
        for (size_t i = 0; i < d; ++i) {
            Q s = (*x)[i] + (*y)[i], t = (*x)[i] - (*y)[i];
            A += s * s, B += t * t;
        }
    };
    Q A, B;
    uv(A, B);
    // The checker's own ball enclosure of the reduced run (gd.hpp, Lemma 1),
    // on the grid of the main check: at every step k its box must contain the
    // exact reduced state, alpha_k^2 = |u_k|^2 and beta_k^2 = |v_k|^2
    // (alpha = x' + y', beta = x' - y'; docs/math.md section 2).
    Problem P;  // the reduced problem (outlives `ball`, which refers to it)
    std::optional<Trajectory> ball;
    if (cert.contains("grid_bits") && cert["grid_bits"].is_number_integer() && cert["grid_bits"].get<long long>() >= 2 &&
        cert["grid_bits"].get<long long>() <= 65536) {
        const long grid = cert["grid_bits"].get<long>();
        P.scalar = true;
        P.h = *h;
        P.mu = *mu;
        P.u_sq = A;
        P.v_sq = B;
        P.A = Mat(1, 1);
        P.A(0, 0) = *mu;
        P.X0 = Mat(1, d);
        P.Y0 = Mat(1, d);
        ball.emplace(P, grid + 64, grid + 96);
    }
    auto in_ball = [&](long k, const Q& a, const Q& b) -> std::string {
        if (!ball) return "";
        const I bx = ball->box_x(), by = ball->box_y(), sa = sqr(bx + by), sb = sqr(bx - by);
        if (!(sa.lo <= a && a <= sa.hi && sb.lo <= b && b <= sb.hi))
            return "GD reduction: at step " + std::to_string(k) +
                   " the checker's ball enclosure misses the exact (|u|^2, |v|^2) of the d-dimensional run";
        return "";
    };
    if (std::string m = in_ball(0, A, B); !m.empty()) return m;
    for (long k = 1; k <= kTrajectorySteps; ++k) {
        Q xy = 0;
        for (size_t i = 0; i < d; ++i) xy += (*x)[i] * (*y)[i];
        const Q hr = *h * (*mu - xy);
        const Q rr = *mu - (A - B) / 4;
        if (rr != *mu - xy) return "GD reduction: r_" + std::to_string(k - 1) + " of the d-dimensional run differs";
        std::vector<Q> xn(d), yn(d);
        for (size_t i = 0; i < d; ++i) xn[i] = (*x)[i] + hr * (*y)[i], yn[i] = (*y)[i] + hr * (*x)[i];
        *x = std::move(xn), *y = std::move(yn);
        A *= (1 + hr) * (1 + hr);
        B *= (1 - hr) * (1 - hr);
        Q a, b;
        uv(a, b);
        if (a != A || b != B)
            return "GD reduction: at step " + std::to_string(k) +
                   " the exact d-dimensional iterate's (|u|^2, |v|^2) leaves the reduced recursion";
        if (ball) ball->advance();
        if (std::string m = in_ball(k, a, b); !m.empty()) return m;
    }
    return "";
}

Mat shifted(const Mat& H, const Q& t, int sign) {  // sign (t I - H)
    Mat S(H.r, H.c);
    for (size_t i = 0; i < H.r; ++i)
        for (size_t j = 0; j < H.c; ++j) S(i, j) = sign * ((i == j ? t : Q(0)) - H(i, j));
    return S;
}

}  // namespace

Mat scalar_hessian(const Q& mu, const std::vector<Q>& x, const std::vector<Q>& y) {
    const size_t d = x.size();
    Q xy = 0;
    for (size_t i = 0; i < d; ++i) xy += x[i] * y[i];
    const Q r = mu - xy;
    Mat H(2 * d, 2 * d);
    for (size_t i = 0; i < d; ++i)
        for (size_t j = 0; j < d; ++j) {
            H(i, j) = y[i] * y[j];
            H(d + i, d + j) = x[i] * x[j];
            H(i, d + j) = y[i] * x[j] - (i == j ? r : Q(0));
            H(d + j, i) = H(i, d + j);
        }
    return H;
}

bool positive_semidefinite(const Mat& S0) {
    // Fraction-free (Bareiss) symmetric elimination of L S0, L the lcm of the
    // denominators (as positive_definite, linalg.cpp): after step k the
    // entries are the Schur complement times the last nonzero pivot (a
    // leading principal minor, > 0), so signs are those of LDL^T. A zero
    // pivot with a nonzero rest of its row: not PSD; with a zero row, the
    // row and column are deleted (the rest is unchanged and the question the
    // same), so `prev` stays.
    const size_t n = S0.r;
    Z L = 1;
    for (const Q& v : S0.a) mpz_lcm(L.get_mpz_t(), L.get_mpz_t(), v.get_den_mpz_t());
    std::vector<Z> B(n * n);
    for (size_t k = 0; k < n * n; ++k) B[k] = S0.a[k].get_num() * (L / S0.a[k].get_den());
    Z prev = 1, t;
    for (size_t k = 0; k < n; ++k) {
        const Z& p = B[k * n + k];
        if (p < 0) return false;
        if (p == 0) {
            for (size_t j = k + 1; j < n; ++j)
                if (B[k * n + j] != 0) return false;
            continue;
        }
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

// The two facts of l0_inertia_misfit proven cheaply when possible (residual.hpp):
// lambda_max(H) <= t + ||E||_inf <= hi by the exact residual E of a fixed-point
// Cholesky guess of t I - H at a dyadic t a little below hi, and lambda_max(H) >= lo
// by the exact Rayleigh quotient of the guess's inverse-iteration vector. The
// exact elimination of hi I - H (lo I - H) at the precision of the report's
// ends (e.g. 768 bits) costs N^3/3 products of numbers growing to N times that
// size; here N^3/6 products of about p bits, p a little more than log2 of
// ||H|| / (hi - lo). A fact not proven here is decided exactly by the caller.
struct FastInertia {
    bool upper = false, lower = false;
};

FastInertia fast_inertia(const Mat& H, const Q& lo, const Q& hi) {
    FastInertia r;
    if (!(lo < hi) || H.r == 0) return r;
    long scale = hi != 0 ? floor_log2(hi) : 0;
    for (const Q& v : H.a)
        if (v != 0) scale = std::max(scale, floor_log2(v));
    long logn = 0;
    while ((size_t{1} << logn) < H.r) ++logn;
    const Q w = hi - lo;
    // t = hi - gap (rounded down to the 2^-p grid, by far less than gap): a
    // factor of t I - H exists when lambda_max < t, and ||E|| ~ N 2^-p ||H||.
    // A small gap first: lambda_max may lie anywhere in [lo, hi], and a guess
    // that breaks down costs as much as one that succeeds; each halving of
    // the gap costs one more bit of p.
    for (const long g : {12L, 28L, 60L}) {
        const Q gap = w * pow2(-g);
        const long p = scale - floor_log2(gap) + logn + 24;
        if (p > 65536) break;
        Z tz;
        const Q ts = (hi - gap) * pow2(p);
        mpz_fdiv_q(tz.get_mpz_t(), ts.get_num_mpz_t(), ts.get_den_mpz_t());
        const Q t = Q(tz) * pow2(-p);
        const std::optional<FixedCholesky> F = cholesky_guess(H, t, p);
        if (!F || cholesky_guess_bound(H, t, *F, p) > hi) continue;
        r.upper = true;
        // One inverse-iteration step usually suffices (the quotient's error is
        // about (t - lambda_max)^2 / (the gap to the next eigenvalue)); a second
        // when it does not.
        r.lower = rayleigh_at_least(H, inverse_iteration_guess(*F, 1), lo) ||
                  rayleigh_at_least(H, inverse_iteration_guess(*F, 2), lo);
        break;
    }
    return r;
}

}  // namespace

std::string l0_inertia_misfit(const Mat& H, const Q& lo, const Q& hi) {
    const FastInertia fast = fast_inertia(H, lo, hi);
    // lambda_max(H) <= hi  <=>  hi I - H is positive semidefinite.
    if (!fast.upper && !positive_semidefinite(shifted(H, hi, 1)))
        return "L0 inertia: sharpness_initial.hi = " + exact_text(hi) +
               " is below lambda_max of the exact Hessian (H - hi I has a positive eigenvalue)";
    // lambda_max(H) >= lo  <=>  lo I - H is not positive definite.
    if (!fast.lower && positive_definite(shifted(H, lo, 1)))
        return "L0 inertia: sharpness_initial.lo = " + exact_text(lo) +
               " is above lambda_max of the exact Hessian (H - lo I is negative definite)";
    return "";
}

int crosscheck_certificate_text(const std::string& text, bool strengthen, std::ostream& out, const Inputs* inputs) {
    // The certificate read once, strictly, for the cross-checks and the main
    // check; when the strict reader refuses it, as before: the cross-checks on
    // nlohmann's reading, the main check on the text (which names the problem).
    json cert;
    bool strict = false;
    try {
        cert = parse_strict(text, false, "certificate");
        strict = true;
    } catch (const std::exception&) {
        try {
            cert = json::parse(text);
        } catch (const std::exception&) {
            cert = json();
        }
    }
    try {
        std::string m = inertia_check(cert);
        if (m.empty()) m = trajectory_check(cert);
        if (!m.empty()) {
            out << "reject: " << m << "\n";
            return kExitReject;
        }
    } catch (const std::exception&) {
        // An absurd number: the main check names the problem.
    }
    std::vector<ClaimFinding> findings;
    std::ostringstream main_out;
    const int rc = strict ? check_certificate_json(cert, main_out, inputs, &findings)
                          : check_certificate_text(text, main_out, inputs, &findings);
    out << main_out.str();
    if (rc != kExitAccept || !strengthen) return rc;
    size_t stronger = 0;
    for (const ClaimFinding& f : findings)
        if (f.claimed == "undecided" && f.proven != "undecided") {
            out << "strengthen: claim " << f.id << ": the certificate says undecided, the checker proves "
                << f.proven << "\n";
            ++stronger;
        }
    if (stronger == 0) out << "strengthen: nothing the certificate left undecided is decided by the checker\n";
    return rc;
}

}  // namespace chk
