#include "orbits.hpp"

#include <cmath>

namespace chk {

namespace {

const long kPrecondBits = 64;  // the preconditioner's entries: any real matrix works

Q midpoint(const I& x) { return (x.lo + x.hi) / 2; }

bool strictly_inside(const I& inner, const I& outer) { return outer.lo < inner.lo && inner.hi < outer.hi; }

// K(X) = m - C G(m) + (I - C DG(X)) (X - m), G = F^p - id, with C the inverse
// of mid DF^p(m) - I rounded to kPrecondBits bits (docs/checker.md, Lemma 12).
// Empty string on success.
std::string krawczyk_image(const Problem& p, long period, const Box& X, Box& K) {
    const size_t N = X.size();
    Box m(N);
    for (size_t i = 0; i < N; ++i) m[i] = with_bits(I(midpoint(X[i])), X[i].bits);  // the box's precision
    const Iterated onX = iterate(p, X, period);
    if (!onX.ok) return "empty enclosure of F^j(X)";
    const Iterated atm = iterate(p, m, period);
    if (!atm.ok) return "empty enclosure of F^j(m)";
    Mat A(N, N);
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j < N; ++j)
            A(i, j) = round_bits(midpoint(atm.J[i * N + j]) - (i == j ? 1 : 0), kPrecondBits, 0);
    Mat C;
    if (!inverse(A, C)) return "DF^p(m) - I is singular at the box's midpoint";
    for (Q& c : C.a) c = round_bits(c, kPrecondBits, 0);
    Box Gm(N), off(N);
    for (size_t i = 0; i < N; ++i) {
        Gm[i] = atm.boxes.back()[i] - m[i];
        off[i] = X[i] - m[i];
    }
    // coq: krawczyk hyp jac_bound: Rb_ij = mag((I - C [DG])_ij) >= |(I - C (D - I))_ij| for every D with row i of D = row i of DF^p(xi_i), xi_1, xi_2 in X ([DG] = J_p - I; scalar family: the reduced 2-D map)
    IMat DG = onX.J;
    for (size_t i = 0; i < N; ++i) DG[i * N + i] = DG[i * N + i] - I(1);
    IMat R = multiply(thin(C), DG, N);
    for (I& r : R) r = -r;
    for (size_t i = 0; i < N; ++i) R[i * N + i] = R[i * N + i] + I(1);
    const Box CG = apply(thin(C), Gm), Roff = apply(R, off);
    K.assign(N, I(0));
    for (size_t i = 0; i < N; ++i) K[i] = m[i] - CG[i] + Roff[i];
    return "";
}

Q inf_norm_up(const IMat& M, size_t N) {
    Q best = 0;
    for (size_t i = 0; i < N; ++i) {
        Q s = 0;
        for (size_t j = 0; j < N; ++j) s += mag(M[i * N + j]);
        if (s > best) best = s;
    }
    return best;
}

}  // namespace

OrbitProof krawczyk_orbit(const Problem& p, long period, const Box& X, int rounds) {
    OrbitProof out;
    const size_t N = dim(p);
    if (X.size() != N) { out.failure = "box of dimension " + std::to_string(X.size()) + ", expected " + std::to_string(N); return out; }
    // coq: krawczyk hyp box: lo_i < hi_i (i = 1, 2)
    for (const I& x : X)
        if (!(x.lo < x.hi)) { out.failure = "a box side is empty or thin"; return out; }
    Box K;
    out.failure = krawczyk_image(p, period, X, K);
    if (!out.failure.empty()) return out;
    // coq: krawczyk hyp K_inside: K(X) in int X gives |g_i| + Rb_i1 r_1 + Rb_i2 r_2 < r_i, g = C (F^p(m) - m), m the midpoint, r the half widths of X
    // coq: krawczyk concl unique_zero: F^p has exactly one fixed point z in X, and |z_i - (m_i - g_i)| <= Rb_i1 r_1 + Rb_i2 r_2 (z in K(X))
    for (size_t i = 0; i < N; ++i)
        if (!strictly_inside(K[i], X[i])) {
            out.failure = "K(X) does not lie in the interior of X (coordinate " + std::to_string(i) + ": K = " +
                          text(K[i], 12) + ", X = " + text(X[i], 12) + ")";
            return out;
        }
    // A unique zero z of G in X, and z lies in K(X): narrow (every zero of G in a
    // box lies in its Krawczyk image, so z stays in every box below).
    // coq: krawczyk_narrow concl narrow: a fixed point z of F^p in a box Y has z - (m - C G(m)) = (I - C (D - I)) (z - m), rows of D rows of DF^p at points of Y: z in K(Y)
    Box cur = X;
    for (size_t i = 0; i < N; ++i) intersect_into(cur[i], K[i]);
    for (int r = 0; r < rounds; ++r) {
        Box next;
        if (!krawczyk_image(p, period, cur, next).empty()) break;
        bool narrower = false;
        Box both = cur;
        for (size_t i = 0; i < N; ++i) {
            if (!intersect_into(both[i], next[i])) { out.failure = "empty narrowing (cannot happen)"; return out; }
            narrower = narrower || (both[i].hi - both[i].lo) < (cur[i].hi - cur[i].lo);
        }
        cur = std::move(both);
        if (!narrower) break;
    }
    out.box = cur;
    const Iterated it = iterate(p, cur, period);
    if (!it.ok) { out.failure = "empty enclosure of the orbit"; return out; }
    out.points.assign(it.boxes.begin(), it.boxes.end() - 1);
    out.M = it.J;
    return out;
}

long minimal_period_failure(const Problem& p, long period, const Box& box) {
    // coq: minimal_period hyp fixed: z in X and F^p(z) = z (krawczyk)
    // coq: minimal_period hyp not_in_X: for every proper divisor q of p, B_q (holding F^q(z)) is disjoint from X, so F^q(z) is not in X
    // coq: minimal_period concl minimal: every j > 0 with F^j(z) = z is a multiple of p (minimal period p)
    const Iterated it = iterate(p, box, period);
    for (long q = 1; q < period; ++q)
        if (period % q == 0 && (!it.ok || !disjoint(it.boxes[q], box))) return q;
    return 0;
}

namespace {

// Gaussian elimination with partial pivoting in double (proposes vectors only).
std::vector<double> solve_double(std::vector<double> A, std::vector<double> b, size_t N) {
    for (size_t k = 0; k < N; ++k) {
        size_t piv = k;
        for (size_t i = k + 1; i < N; ++i)
            if (std::abs(A[i * N + k]) > std::abs(A[piv * N + k])) piv = i;
        if (A[piv * N + k] == 0) return {};
        for (size_t j = 0; j < N; ++j) std::swap(A[k * N + j], A[piv * N + j]);
        std::swap(b[k], b[piv]);
        for (size_t i = k + 1; i < N; ++i) {
            const double f = A[i * N + k] / A[k * N + k];
            for (size_t j = k; j < N; ++j) A[i * N + j] -= f * A[k * N + j];
            b[i] -= f * b[k];
        }
    }
    for (size_t k = N; k-- > 0;) {
        for (size_t j = k + 1; j < N; ++j) b[k] -= A[k * N + j] * b[j];
        b[k] /= A[k * N + k];
    }
    return b;
}

// P: columns from inverse iteration on mid M with each shift, then three rounds
// of the first-order correction P := P (I + E), E_ij = B_ij / (B_jj - B_ii),
// B = P^-1 mid(M) P, exact in rationals (entries rounded to 256 bits: any
// non-singular P serves). False if a P is singular.
bool similarity(const IMat& M, size_t N, const std::vector<double>& shifts, Mat& P, Mat& Pinv) {
    std::vector<double> Ad(N * N);
    Mat Mm(N, N);
    for (size_t k = 0; k < N * N; ++k) {
        Mm.a[k] = round_bits(midpoint(M[k]), 256, 0);
        Ad[k] = Mm.a[k].get_d();
        if (!std::isfinite(Ad[k])) return false;
    }
    P = Mat(N, N);
    for (size_t c = 0; c < N; ++c) {
        if (!std::isfinite(shifts[c])) return false;
        const double s = shifts[c] * (1 + 1e-9) + 1e-12;
        std::vector<double> A = Ad, x(N);
        for (size_t i = 0; i < N; ++i) {
            A[i * N + i] -= s;
            x[i] = 1 + 0.1 * double(i);
        }
        for (int it = 0; it < 4; ++it) {
            x = solve_double(A, x, N);
            if (x.empty()) return false;
            double mx = 0;
            for (double v : x) {
                if (!std::isfinite(v)) return false;  // also keeps NaN and infinity away from Q(double)
                mx = std::max(mx, std::abs(v));
            }
            if (!(mx > 0)) return false;
            for (double& v : x) v /= mx;
        }
        for (size_t i = 0; i < N; ++i) P(i, c) = Q(x[i]);
    }
    for (int round = 0; round < 3; ++round) {
        if (!inverse(P, Pinv)) return false;
        const Mat B = Pinv * Mm * P;
        Mat E(N, N);
        for (size_t i = 0; i < N; ++i) {
            E(i, i) = 1;
            for (size_t j = 0; j < N; ++j)
                if (i != j) {
                    const Q gap = B(j, j) - B(i, i);
                    if (gap == 0) return false;
                    E(i, j) = B(i, j) / gap;
                }
        }
        P = P * E;
        for (Q& x : P.a) x = round_bits(x, 256, 0);
    }
    return inverse(P, Pinv);
}

}  // namespace

std::string stability_failure(const IMat& M, size_t N, const std::string& claimed, const std::vector<double>& shifts,
                              std::vector<I>* real) {
    if (real) real->clear();
    if (claimed != "attracting" && claimed != "saddle" && claimed != "repelling" && claimed != "undecided")
        return "unknown stability \"" + claimed + "\"";
    if (N == 2) {
        if (claimed == "undecided") return "";
        const I T = M[0] + M[3], D = M[0] * M[3] - M[1] * M[2];
        const I p1 = I(1) - T + D, pm1 = I(1) + T + D;  // p(1), p(-1) for p(l) = l^2 - T l + D
        // coq: stability_2d hyp attracting: |D| < 1, 1 - T + D > 0 and 1 + T + D > 0 for T = tr A, D = det A (A = DF^p(z) in M, N = 2)
        // coq: stability_2d hyp saddle: (1 - T + D)(1 + T + D) < 0
        // coq: stability_2d hyp repelling: |D| > 1 and |T| < |1 + D|
        // coq: stability_2d concl eigenvalues: attracting: real eigenvalues in (-1, 1), a complex pair of squared modulus D < 1; saddle: exactly two real eigenvalues, one in (-1, 1), one of modulus > 1; repelling: real eigenvalues of modulus > 1, a complex pair of squared modulus D > 1
        if (claimed == "attracting") {
            if (D.lo > -1 && D.hi < 1 && p1.lo > 0 && pm1.lo > 0) return "";
            return "attracting not proven: det in " + text(D, 8) + ", 1 - tr + det in " + text(p1, 8) +
                   ", 1 + tr + det in " + text(pm1, 8);
        }
        if (claimed == "saddle") {
            const I prod = p1 * pm1;
            if (prod.hi < 0) return "";
            return "saddle not proven: (1 - tr + det)(1 + tr + det) in " + text(prod, 8) + " is not < 0";
        }
        const I aD = iabs(D), aT = iabs(T), a1D = iabs(I(1) + D);
        if (aD.lo > 1 && aT.hi < a1D.lo) return "";
        return "repelling not proven: |det| in " + text(aD, 8) + ", |tr| in " + text(aT, 8) + ", |1 + det| in " +
               text(a1D, 8);
    }
    // N > 2: Gershgorin discs of B = P^-1 M P (B contains P^-1 A P for every A in M).
    std::string gersh = "no similarity (the shifts are not " + std::to_string(N) + " real multipliers)";
    long inside = 0, outside = 0;
    Mat P, Pinv;
    if (shifts.size() == N && similarity(M, N, shifts, P, Pinv)) {
        const IMat B = multiply(multiply(thin(Pinv), M, N), thin(P), N);
        std::vector<I> hulls;
        for (size_t i = 0; i < N; ++i) {
            Q r = 0;
            for (size_t j = 0; j < N; ++j)
                if (j != i) r += mag(B[i * N + j]);
            const I& c = B[i * N + i];
            const Q mig = c.lo > 0 ? c.lo : c.hi < 0 ? Q(-c.hi) : Q(0);
            if (mag(c) + r < 1) ++inside;
            else if (mig - r > 1) ++outside;
            hulls.push_back(with_bits(I(c.lo - r, c.hi + r), c.bits));
        }
        if (real) {
            bool all = true;
            for (size_t i = 0; i < N && all; ++i)
                for (size_t j = 0; j < N && all; ++j)
                    if (i != j && !(hulls[i].hi < hulls[j].lo || hulls[j].hi < hulls[i].lo)) all = false;
            if (all) *real = hulls;
        }
        gersh = inside + outside == static_cast<long>(N)
                    ? ""
                    : "a Gershgorin disc of P^-1 M P meets the unit circle";
    }
    if (claimed == "undecided") return "";
    if (gersh.empty()) {
        const char* verdict = outside == 0 ? "attracting" : inside == 0 ? "repelling" : "saddle";
        if (claimed == verdict) return "";
        if (claimed != "attracting")
            return claimed + " contradicts the checker's Gershgorin count (" + std::to_string(inside) + " inside, " +
                   std::to_string(outside) + " outside the unit circle)";
    }
    if (claimed == "attracting") {
        IMat Pw = M;
        for (int k = 0; k <= 6; ++k) {
            // Pw = M^(2^k) contains A^(2^k) for A = DF^p(z); rho(A)^(2^k) <= ||A^(2^k)||_inf.
            if (inf_norm_up(Pw, N) < 1) return "";
            Pw = multiply(Pw, Pw, N);
        }
        return "attracting not proven: " + (gersh.empty() ? std::string("Gershgorin count") : gersh) +
               ", and ||M^(2^k)||_inf >= 1 for k <= 6";
    }
    return claimed + " not proven: " + gersh;
}

I cubic(const Cubic& g, const I& w) { return I(g.c) * w - I(g.k) * pow(w, 3); }

namespace {

I cubic_derivative(const Cubic& g, const I& w) { return I(g.c) - I(Q(3 * g.k)) * sqr(w); }

// K(X) for g^3 - id: G(m) = g^3(m) - m, (g^3)' over X by the chain rule over the
// naive images, C the reciprocal of (g^3)'(m) - 1 rounded to kPrecondBits bits.
bool krawczyk_1d(const Cubic& g, const I& X, I& K) {
    // coq: krawczyk_1d hyp jac_bound_1d: Rb = mag(1 - C ([DX] - 1)) >= |1 - C ((g^3)'(xi) - 1)| for xi in X, [DX] the chain-rule product of g'(w) = c - 3 k w^2 over the naive images of X, g(w) = c w - k w^3
    const I m = with_bits(I(midpoint(X)), X.bits);
    I w = m, d(1), W = X, DX(1);
    for (int j = 0; j < 3; ++j) {
        d = d * cubic_derivative(g, w);
        w = cubic(g, w);
        DX = DX * cubic_derivative(g, W);
        W = cubic(g, W);
    }
    const Q den = midpoint(d) - 1;
    if (den == 0) return false;
    const Q C = round_bits(1 / den, kPrecondBits, 0);
    K = m - I(C) * (w - m) + (I(1) - I(C) * (DX - I(1))) * (X - m);
    return true;
}

}  // namespace

PeriodThree period_three(const Cubic& g, const I& X, int rounds) {
    PeriodThree out;
    I K;
    // coq: krawczyk_1d hyp box_1d: lo < hi
    if (!(X.lo < X.hi)) { out.failure = "the box is empty or thin"; return out; }
    if (!krawczyk_1d(g, X, K)) { out.failure = "(g^3)'(m) = 1 at the midpoint"; return out; }
    // coq: krawczyk_1d hyp K_inside_1d: K(X) in int X gives |C (g^3(m) - m)| + Rb r < r, m the midpoint, r the half width of X
    // coq: krawczyk_1d concl unique_zero_1d: g^3 has exactly one fixed point w in X, and |w - (m - C (g^3(m) - m))| <= Rb r (w in K(X))
    if (!strictly_inside(K, X)) {
        out.failure = "K(X) = " + text(K, 12) + " does not lie in the interior of X = " + text(X, 12);
        return out;
    }
    // coq: krawczyk_1d_narrow concl narrow_1d: a fixed point w of g^3 in a box Y has w - (m - C (g^3(m) - m)) = (1 - C ((g^3)'(xi) - 1)) (w - m), xi in Y: w in K(Y)
    I cur = X;
    intersect_into(cur, K);
    for (int r = 0; r < rounds; ++r) {
        I next;
        if (!krawczyk_1d(g, cur, next)) break;
        I both = cur;
        if (!intersect_into(both, next)) { out.failure = "empty narrowing (cannot happen)"; return out; }
        const bool narrower = (both.hi - both.lo) < (cur.hi - cur.lo);
        cur = both;
        if (!narrower) break;
    }
    out.points = {cur, cubic(g, cur), cubic(g, cubic(g, cur))};
    // coq: period_three hyp g_out: g(X) is disjoint from the final box [lo, hi], which holds w, so g(w) < lo or hi < g(w)
    // coq: period_three concl minimal_3: every j > 0 with g^j(w) = w is a multiple of 3, and w, g(w), g^2(w) are distinct
    if (!(out.points[1].hi < cur.lo || cur.hi < out.points[1].lo))
        out.failure = "g(X) meets X (minimal period 3 not proven)";
    return out;
}

}  // namespace chk
