#include "lowrank.hpp"

#include "spectral.hpp"

#include <algorithm>

namespace chk {

std::string lowrank_target(const Problem& p, const Q& t) {
    const size_t n = p.n(), m = p.m(), d = p.d(), k = std::min(n, m);
    if (!(d < k)) return "Lemma LR needs d < min(n, m)";
    if (!(t > 0)) return "sigma_sq_low is not positive";
    IMat A;
    A.r = n;
    A.c = m;
    for (const Q& x : p.A.a) A.a.push_back(I(x));
    const RankBounds r = rank_bounds(A);  // exact: every entry is thin
    if (r.lo != d || r.hi != d) return "rank(A) = " + std::to_string(r.lo) + " is not d = " + std::to_string(d);
    // The Gram matrix of the smaller side, exactly (its eigenvalues: sigma_i(A)^2).
    const Mat G = gram(p.A);
    IMat S;
    S.r = S.c = G.r;
    for (const Q& x : G.a) S.a.push_back(I(x));
    const std::optional<size_t> below = count_below(S, t);
    if (!below) return "the inertia count of A's Gram matrix at sigma_sq_low is not proven (a pivot is 0)";
    // lambda_d(G) >= t iff at most k - d eigenvalues are < t.
    if (*below > k - d) return "sigma_d(A)^2 >= sigma_sq_low does not hold (inertia count)";
    return "";
}

namespace {

// mu_B = s_B^2 (1 - R_B^2 / t) on B(c_K, P) (Lemma 7b); s_B and R_B of the last P asked.
struct LowRankPl : PlBound {
    Q sdx, sdy, rc, sx, sy, t;
    Q* s_B;
    Q* R_B;
    Q operator()(const Q& P, std::string& why) const override {
        const Q gx = sdx - P, gy = sdy - P;
        if (!(gx > 0) || !(gy > 0)) {
            why = "sigma_d(X) or sigma_d(Y) is not proven positive on the ball (Lemma LR)";
            return Q(0);
        }
        const Q sB = gx < gy ? gx : gy;
        const Q RB = rc + P * (sx + sy) + P * P;
        *s_B = sB;
        *R_B = RB;
        const Q f = 1 - RB * RB / t;
        if (!(f > 0)) {
            why = "||R||_F on the ball is not proven below sigma_d(A) (Lemma LR)";
            return Q(0);
        }
        return round_bits(sB * sB * f, 64, -1);
    }
};

}  // namespace

LemmaG lemma_lr(const Trajectory& tr, const Problem& p, const Q& rho_B, const Q& t, Q& s_B, Q& R_B) {
    LowRankPl pl;
    // sigma_d(X_c)^2 = lambda_min(X_c^T X_c) (the smaller Gram matrix, n >= d); the same for Y.
    pl.sdx = sqrt_down(lambda_min_down_z(gram_z(tr.Xz())), 64);
    pl.sdy = sqrt_down(lambda_min_down_z(gram_z(tr.Yz())), 64);
    pl.rc = sqrt_up(fro2(tr.R()), 64);
    pl.sx = tr.sx();
    pl.sy = tr.sy();
    pl.t = t;
    pl.s_B = &s_B;
    pl.R_B = &R_B;
    return lemma_g(tr, p, rho_B, &pl);
}

}  // namespace chk
