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

CentreNorms centre_norms(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas) {
    Factors<Interval> z{thin_matrix(c.X), thin_matrix(c.Y)};
    Matrix<Interval> R = residual(A, z);
    CentreNorms s;
    s.sx = spectral_norm_up(z.X);
    s.sy = spectral_norm_up(z.Y);
    s.sr = spectral_norm_up(R);
    s.r_fro = sqrt_up(hi(frobenius_sq(R)));
    const size_t n = c.X.rows(), m = c.Y.rows(), d = c.X.cols();
    s.sigma_x = with_sigmas && n <= d ? smallest_singular_down(z.X) : new_real();
    s.sigma_y = with_sigmas && m <= d ? smallest_singular_down(z.Y) : new_real();
    return s;
}

void NormCache::refresh(const Matrix<Interval>& A, const Factors<Real>& c) {
    centre_ = c;
    at_centre_ = centre_norms(A, c, sigmas_);
    scale_ = sqrt_up(hi(state_norm_sq(thin(c))));
    valid_ = true;
    ++refreshes_;
}

CentreNorms NormCache::at(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas) {
    MpfrRounding rnd;
    Real delta = new_real();
    if (valid_) delta = sqrt_up(hi(state_norm_sq(thin(c) - thin(centre_))));
    Real limit = rnd.mul_down(Real(refresh_), rnd.add_down(make_interval(1L).lower(), scale_));
    if (!valid_ || delta > limit || (with_sigmas && !sigmas_)) {
        sigmas_ = sigmas_ || with_sigmas;
        refresh(A, c);
        delta = new_real();
    }
    CentreNorms s;
    s.sx = rnd.add_up(at_centre_.sx, delta);
    s.sy = rnd.add_up(at_centre_.sy, delta);
    // ||R_c||_F is cheap: recomputed at c; ||R_c||_2 <= min(||R_c||_F, cached bound).
    Matrix<Interval> R = residual(A, thin(c));
    s.r_fro = sqrt_up(hi(frobenius_sq(R)));
    Real moved = rnd.add_up(at_centre_.sr, rnd.add_up(rnd.mul_up(delta, rnd.add_up(at_centre_.sx, at_centre_.sy)),
                                                      rnd.mul_up(delta, delta)));
    s.sr = moved < s.r_fro ? moved : s.r_fro;
    auto down = [&](const Real& sigma) {
        Real v = rnd.sub_down(sigma, delta);
        return v > 0 ? v : new_real();
    };
    s.sigma_x = down(at_centre_.sigma_x);
    s.sigma_y = down(at_centre_.sigma_y);
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

LemmaG check_lemma_g(const Ball& ball, const Interval& h, const CentreNorms& s) {
    LemmaG G;
    const size_t n = ball.centre.X.rows(), m = ball.centre.Y.rows(), d = ball.centre.X.cols();
    if (!(s.sigma_x > 0) && !(s.sigma_y > 0)) {
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
        G.mu_B = rnd.add_down(pl_part(s.sigma_x), pl_part(s.sigma_y));
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
