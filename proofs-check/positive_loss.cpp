#include "positive_loss.hpp"

#include "spectral.hpp"

namespace chk {

namespace {

Q up64(const Q& q) { return round_bits(q, 64, +1); }
Q down64(const Q& q) { return round_bits(q, 64, -1); }
Q pos(const Q& q) { return q > 0 ? q : Q(0); }

// sigma_d(X Y^T)^2 from below: lambda_min(Gx Gy) > t iff Gx Gy Gx - t Gx is
// positive definite (Gx = X^T X, Gy = Y^T Y; congruent to Gx^(1/2) Gy Gx^(1/2) - t I),
// by bisection on t with exact tests. 0 if nothing > 0 is proven.
Q tau_sq_down(const Mat& X, const Mat& Y) {
    const Mat Gx = transpose(X) * X, Gy = transpose(Y) * Y;
    const Mat H0 = Gx * Gy * Gx;
    Q lo = 0, hi = up64(lambda_max_up(Gx) * lambda_max_up(Gy));
    for (int step = 0; step < 60 && hi > 0; ++step) {
        const Q t = step == 0 ? hi : round_bits((lo + hi) / 2, 64, -1);
        if (!(t > lo)) break;
        if (positive_definite(H0 - t * Gx))
            lo = t;
        else
            hi = t;
    }
    return lo;
}

}  // namespace

MinLoss min_loss(const Problem& p, long steps) {
    const size_t d = p.d();
    IMat A;
    A.r = p.A.r;
    A.c = p.A.c;
    // The elimination of count_below rounds at the entries' precision: `steps`
    // bits, so that f* is as narrow as the bisection (the solver's f* is
    // enclosed at its working precision, up to 4096 bits).
    for (const Q& a : p.A.a) A.a.push_back(with_bits(I(a), steps));
    MinLoss M;
    Q s_lo = 0, s_hi = 0;
    // The squares sigma_i^2 with exact ends (f* and the gap need no square root).
    std::vector<I> sq;
    for (size_t i = 1; i <= d + 1; ++i) {
        sq.push_back(singular_value_sq(A, i, steps));
        M.sigma.push_back(isqrt(sq.back()));
        if (i <= d) {
            s_lo += sq.back().lo;
            s_hi += sq.back().hi;
        }
    }
    const Q fro = fro2(p.A);
    // Eckart-Young (on paper: docs/math.md 7.4c).
    M.f_star = I(pos((fro - s_hi) / 2), pos((fro - s_lo) / 2));
    M.gap = sq[d - 1].lo > sq[d].hi;
    return M;
}

Q hessian_move(const Q& sx, const Q& sy, const Q& r) {
    return up64((2 * sqrt_up(sx * sx + sy * sy, 64) + r) * r + r * (sx + sy) + r * r);
}

LemmaP lemma_p(const Trajectory& tr, const Problem& p, const Q& f_star_low, const Q& rho_B) {
    LemmaP L;
    L.rho_B = rho_B;
    const Q& e = tr.e;
    const Q &sx = tr.sx(), &sy = tr.sy(), &sr = tr.sr(), &h = p.h;
    // Centre data: sigma_d(X_c), sigma_d(X_c Y_c^T), ||R_c^T X_c||_F, ||R_c Y_c||_F.
    const Q sXc = sqrt_down(lambda_min_down(transpose(tr.X()) * tr.X()), 64);
    if (!(sXc > 0)) { L.failure = "sigma_d(X) at the centre is not proven positive"; return L; }
    const Q tauc = sqrt_down(tau_sq_down(tr.X(), tr.Y()), 64);
    if (!(tauc > 0)) { L.failure = "sigma_d(X Y^T) at the centre is not proven positive"; return L; }
    const Q ac = sqrt_up(fro2(transpose(tr.R()) * tr.X()), 64), bc = sqrt_up(fro2(tr.R() * tr.Y()), 64);
    // sup over B(c_K, e_K): f <= F_K (as in Lemma G), |grad f| <= G_K.
    const Q rf = sqrt_up(fro2(tr.R()), 64) + e * (sx + sy) + e * e;
    const Q FK = up64(rf * rf / 2);
    // sup |grad f| over B(c, r): ||R^T X||_F <= a_c + w (sx + r) + sr r, w = r (sx + sy) + r^2 (also R Y).
    auto gradient_sup = [&](const Q& r) {
        const Q w = r * (sx + sy) + r * r;
        const Q a = up64(ac + w * (sx + r) + sr * r), b = up64(bc + w * (sy + r) + sr * r);
        return sqrt_up(a * a + b * b, 64);
    };
    const Q GK = gradient_sup(e);
    const Q& P = rho_B;
    if (!(P >= e)) { L.failure = "rho_B < e_K"; return L; }
    // On B = B(c_K, rho_B): ||X Y^T - X_c Y_c^T||_F <= W.
    const Q W = up64(P * (sx + sy) + P * P);
    const Q x2 = sx + P, r2 = up64(sr + W);
    L.L_B = up64((sx + P) * (sx + P) + (sy + P) * (sy + P) + r2);
    // (Lemma P is on paper: docs/math.md 7.4c.)
    if (!(h * L.L_B < 2)) { L.failure = "h L_B >= 2 on the ball"; return L; }
    L.sX = down64(sXc - P);
    if (!(L.sX > 0)) { L.failure = "sigma_d(X) is not proven positive on the ball"; return L; }
    L.tau = down64(tauc - W);
    const Q a = up64(ac + W * (sx + P) + sr * P);
    const Q pr = up64(a / L.sX);
    const Q tp = down64(L.tau - pr);
    if (!(tp > 0)) { L.failure = "sigma_d(X Y^T) - ||P R||_2 is not proven positive on the ball"; return L; }
    L.delta_B = down64(tp * tp - r2 * r2);
    if (!(L.delta_B > 0)) { L.failure = "no spectral gap on the ball (delta_B <= 0)"; return L; }
    const Q sX2 = L.sX * L.sX;
    const Q inv_mu = up64(1 / sX2 + (r2 * r2 / sX2 + x2 * x2) / L.delta_B);
    L.mu_B = down64(1 / inv_mu);
    const Q Epl = up64(GK * GK / (2 * L.mu_B));
    const Q Eloss = up64(pos(FK - f_star_low));
    L.E_K = Epl < Eloss ? Epl : Eloss;
    const Q slack = 1 - h * L.L_B / 2;
    L.q = up64(pos(1 - 2 * L.mu_B * h * slack));
    const Q sq = sqrt_up(L.q, 64);
    if (!(sq < 1)) { L.failure = "no contraction (q >= 1)"; return L; }
    L.reach = up64(e + sqrt_up(h * L.E_K / slack, 64) / (1 - sq));
    L.G_B = gradient_sup(L.reach);  // the iterates lie in B(c_K, reach)
    if (!(L.reach + h * L.G_B <= P)) { L.failure = "reach + h G_B > rho_B (the path may leave the ball)"; return L; }
    L.holds = true;
    return L;
}

}  // namespace chk
