#include "lrcert/certify/matrix_lemmas.hpp"

#include "lrcert/linalg/spectral.hpp"

namespace lrcert {

namespace {

Matrix<Interval> thin_matrix(const Matrix<Real>& m) {
    return Matrix<Interval>::from(m, [](const Real& x) { return make_interval(x); });
}

Real up(const Interval& x) { return hi(x); }

// Interval from an upper bound known to be >= 0: [0, u].
Interval upto(const Real& u) { return Interval(new_real(), u); }

}  // namespace

CentreNorms centre_norms(const Matrix<Interval>& A, const Factors<Real>& c) {
    Factors<Interval> z{thin_matrix(c.X), thin_matrix(c.Y)};
    Matrix<Interval> R = residual(A, z);
    CentreNorms s;
    s.sx = spectral_norm_up(z.X);
    s.sy = spectral_norm_up(z.Y);
    s.sr = spectral_norm_up(R);
    s.r_fro = sqrt_up(hi(frobenius_sq(R)));
    return s;
}

Real matrix_growth_bound(const CentreNorms& s, const Real& e, const Interval& h) {
    Interval E = upto(e);
    Interval sx = upto(s.sx) + E, sy = upto(s.sy) + E;
    Interval nu = upto(s.sr) + E * (upto(s.sx) + upto(s.sy)) + interval_sqr(E);
    Interval Lambda = interval_sqr(sx) + interval_sqr(sy) + nu;
    Interval one = make_interval(1L);
    return up(interval_max(one + h * nu, h * Lambda - one));
}

LemmaG check_lemma_g(const Matrix<Interval>& A, const Ball& ball, const Interval& h, const CentreNorms& s) {
    LemmaG G;
    const size_t n = ball.centre.X.rows(), m = ball.centre.Y.rows(), d = ball.centre.X.cols();
    G.sigma_x = n <= d ? smallest_singular_down(thin_matrix(ball.centre.X)) : new_real();
    G.sigma_y = m <= d ? smallest_singular_down(thin_matrix(ball.centre.Y)) : new_real();
    if (!(G.sigma_x > 0) && !(G.sigma_y > 0)) {
        G.failure = d < std::max(n, m) ? "no tail lemma for d < max(n, m) yet: neither X nor Y has proven full row rank"
                                       : "X and Y are not proven to have full row rank (PL constant 0)";
        return G;
    }
    const Interval one = make_interval(1L), two = make_interval(2L);
    const Interval e = upto(ball.radius);
    const Interval sx = upto(s.sx), sy = upto(s.sy);
    // sup over B(c_K, e_K) of f = ||R||_F^2 / 2, with ||R||_F <= ||R_c||_F + e (sx + sy) + e^2.
    Interval rf = upto(s.r_fro) + e * (sx + sy) + interval_sqr(e);
    G.F_K = up(interval_sqr(rf) / two);

    MpfrRounding rnd;
    Real rho = rnd.mul_up(ball.radius, two.upper());
    for (int round = 0; round < 8; ++round) {
        Interval P = upto(rho);
        Interval nu = upto(s.sr) + P * (sx + sy) + interval_sqr(P);
        G.L_B = up(interval_sqr(sx + P) + interval_sqr(sy + P) + nu);
        G.G_B = up(sx + sy + two * P);
        // (sigma - rho)_+^2 for each factor (Weyl for singular values).
        auto pl_part = [&](const Real& sigma) {
            Real gap = rnd.sub_down(sigma, rho);
            return gap > 0 ? rnd.mul_down(gap, gap) : new_real();
        };
        G.mu_B = rnd.add_down(pl_part(G.sigma_x), pl_part(G.sigma_y));
        G.rho_B = rho;
        if (!(hi(h * upto(G.L_B)) < 2)) {
            G.failure = "h L_B >= 2 on the ball (not proven stable)";
            return G;
        }
        if (!(G.mu_B > 0)) {
            G.failure = "PL constant not positive on the ball";
            return G;
        }
        Interval q = one - two * make_interval(G.mu_B) * h * (one - h * make_interval(G.L_B) / two);
        G.q = hi(q) > 0 ? hi(q) : new_real();
        if (!(G.q < 1)) {
            G.failure = "no contraction (q >= 1)";
            return G;
        }
        Real one_minus_sqrt_q = rnd.sub_down(one.lower(), rnd.sqrt_up(G.q));
        Real path = rnd.div_up(up(h * make_interval(G.G_B) * interval_sqrt(two * make_interval(G.F_K))),
                               one_minus_sqrt_q);
        G.reach = rnd.add_up(ball.radius, path);
        if (G.reach <= rho) {
            G.holds = true;
            G.failure.clear();
            return G;
        }
        rho = rnd.mul_up(G.reach, two.upper());
        G.failure = "the iterates' path may leave the ball (e_K + path > rho_B)";
    }
    return G;
}

}  // namespace lrcert
