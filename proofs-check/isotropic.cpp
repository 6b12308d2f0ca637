#include "isotropic.hpp"

namespace chk {

namespace {

Q up64(const Q& x) { return round_bits(x, 64, +1); }

// The Gram map at an exact point (docs/math.md section 16).
void gram_exact(const Q& a, const Q& b, const Q& c, const Q& mu, const Q& h, Q& A, Q& B, Q& C) {
    const Q s = 1 - h * b, t = 1 - h * a, hm = h * mu;
    A = s * s * a + 2 * hm * s * c + hm * hm * b;
    B = t * t * b + 2 * hm * t * c + hm * hm * a;
    C = s * t * c + hm * s * a + hm * t * b + hm * hm * c;
}

// Upper bound of sup ||DF||_2 over a box.
Q jacobian_norm(const GramBox& x, const Q& mu, const Q& h) {
    const I one(1), two(2), H(h), hm(h * mu);
    const I hm2 = hm * hm;
    const I s = one - H * x.b, t = one - H * x.a;
    const I J[3][3] = {{s * s, hm2 - two * H * s * x.a - two * H * hm * x.c, two * hm * s},
                       {hm2 - two * H * t * x.b - two * H * hm * x.c, t * t, two * hm * t},
                       {hm * s - H * s * x.c - H * hm * x.b, hm * t - H * t * x.c - H * hm * x.a, s * t + hm2}};
    Q fro = 0, rmax = 0, cmax = 0;
    for (int i = 0; i < 3; ++i) {
        Q row = 0, col = 0;
        for (int j = 0; j < 3; ++j) {
            const Q m = mag(J[i][j]);
            fro += m * m;
            row += m;
            col += mag(J[j][i]);
        }
        if (row > rmax) rmax = row;
        if (col > cmax) cmax = col;
    }
    const Q f = sqrt_up(up64(fro), 64), g = sqrt_up(up64(rmax * cmax), 64);
    return f < g ? f : g;
}

I nonneg(const I& x) { return I(x.lo < 0 ? Q(0) : x.lo, x.hi); }

}  // namespace

GramTrajectory::GramTrajectory(const Q& mu, const Q& h, const Q& a0, const Q& b0, const Q& c0, long grid_bits,
                               long interval_bits)
    : a(round_bits(a0, grid_bits, 0)), b(round_bits(b0, grid_bits, 0)), c(round_bits(c0, grid_bits, 0)),
      p(with_bits(I(1), interval_bits)), q(with_bits(I(0), interval_bits)), r(with_bits(I(0), interval_bits)),
      s(with_bits(I(1), interval_bits)), G(up64(a0 * b0 - c0 * c0)), mu_(mu), h_(h), bits_(grid_bits),
      ibits_(interval_bits) {
    const Q da = a - a0, db = b - b0, dc = c - c0;
    e = sqrt_up(da * da + db * db + dc * dc, 64);
}

GramBox GramTrajectory::box() const {
    return {with_bits(I(a - e, a + e), ibits_), with_bits(I(b - e, b + e), ibits_), with_bits(I(c - e, c + e), ibits_)};
}

void GramTrajectory::advance() {
    const GramBox x = box();
    const Q gamma = jacobian_norm(x, mu_, h_);
    Q A, B, C;
    gram_exact(a, b, c, mu_, h_, A, B, C);
    const Q na = round_bits(A, bits_, 0), nb = round_bits(B, bits_, 0), nc = round_bits(C, bits_, 0);
    const Q da = A - na, db = B - nb, dc = C - nc;
    const Q delta = sqrt_up(da * da + db * db + dc * dc, 64);
    // Coefficients and the bound of g, from the box of step k.
    const I one(1), H(h_), hm(h_ * mu_);
    const I sb = one - H * x.b, ta = one - H * x.a;
    const I np = sb * p + hm * r, nq = sb * q + hm * s, nr = ta * r + hm * p, ns = ta * s + hm * q;
    p = np;
    q = nq;
    r = nr;
    s = ns;
    const I det = one - H * (x.a + x.b) + H * H * (x.a * x.b - I(mu_ * mu_));
    G = round_bits(mag(sqr(det)) * G, ibits_, +1);
    a = na;
    b = nb;
    c = nc;
    e = up64(delta + gamma * e);
    ++k;
}

LemmaIResult lemma_i(const GramTrajectory& tr, const Q& mu, const Q& h, const Q& w, const Q& D, long bits) {
    LemmaIResult L;
    if (!(w > 0) || D < 0) {
        L.failure = "w must be > 0 and D >= 0";
        return L;
    }
    const GramBox x = tr.box();
    const I r0 = x.c - I(mu), g0 = x.a * x.b - sqr(x.c);
    L.g_K = g0.hi < 0 ? Q(0) : Q(g0.hi);
    if (tr.G < L.g_K) L.g_K = tr.G;
    L.eps = up64(mag(r0) + w * L.g_K);
    const I one(1), two(2), H(h), H2(h * h), M_(mu);
    const I a = with_bits(nonneg(I(x.a.lo - D, x.a.hi + D)), bits), b = with_bits(nonneg(I(x.b.lo - D, x.b.hi + D)), bits);
    const I r = with_bits(I(-L.eps, L.eps), bits), c = M_ + r, g(Q(0), Q(L.eps / w));
    const I lin = one - H * (a + b);
    L.q = up64(mag(lin + H2 * c * r));
    L.q_g = up64(mag(sqr(lin + H2 * (r * (c + M_) + g))));
    L.beta = up64(mag(H2 * (c - two * M_)));
    const Q second = up64(L.q_g + L.beta / w);
    L.rho = L.q > second ? L.q : second;
    if (!(L.rho < 1)) {
        L.failure = "rho = " + decimal(L.rho, 6, +1) + " is not < 1";
        return L;
    }
    const Q Msup = a.hi > b.hi ? a.hi : b.hi;
    const Q c1 = up64(mag(two * H * iabs(c) + H2 * I(Msup) * I(L.eps))), c2 = up64((2 * h + h * h * Msup) / w);
    L.C = c1 > c2 ? c1 : c2;
    L.reach = up64(L.C * L.eps / (1 - L.rho));
    if (!(L.reach <= D)) {
        L.failure = "the window D = " + decimal(D, 6, 0) + " does not hold the reach " + decimal(L.reach, 6, +1);
        return L;
    }
    const Q sq = sqrt_up(L.q_g, 64);
    if (!(sq < 1)) {
        L.failure = "sqrt(q_g) is not < 1";
        return L;
    }
    // At the interval precision (not 64 bits): these reaches are compared with the solver's.
    const Q tail = round_bits(L.eps / (1 - L.rho) + sqrt_up(L.g_K, bits) / (1 - sq), bits, +1);
    L.x_reach = round_bits(h * sqrt_up(b.hi, bits) * tail, bits, +1);
    L.y_reach = round_bits(h * sqrt_up(a.hi, bits) * tail, bits, +1);
    L.holds = true;
    return L;
}

}  // namespace chk
