#include "lrcert/certify/matrix_lemmas.hpp"

#include <algorithm>
#include <cmath>
#include <mpfr.h>
#include <vector>

namespace lrcert {

namespace {

// Lemma DM's bounds are weakened by this relative margin (t down, p and a up;
// still sound) so that an independent re-derivation with its own roundings
// and spectral bounds proves the same inequalities (docs/math.md, section 10).
constexpr long kDmMarginBits = 10;

// ||R_c||_2 from below for every R in the interval matrix: the largest column
// and row norm, and ||R||_F / sqrt(min(n, m)) (rank <= min(n, m)).
LowerBound spectral_norm_down(const Matrix<Interval>& R) {
    const size_t n = R.rows(), m = R.cols();
    std::vector<LowerBound> cols(m, LowerBound::exact(0)), rows(n, LowerBound::exact(0));
    LowerBound fro = LowerBound::exact(0);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) {
            const LowerBound v = LowerBound::of_mig(R(i, j));
            const LowerBound v2 = v * v;
            cols[j] = cols[j] + v2;
            rows[i] = rows[i] + v2;
            fro = fro + v2;
        }
    LowerBound best = sqrt(fro / UpperBound::exact(static_cast<long>(std::min(n, m))));
    for (const LowerBound& c : cols) best = max(best, sqrt(c));
    for (const LowerBound& r : rows) best = max(best, sqrt(r));
    return best;
}

}  // namespace

LemmaG check_lemma_g(const Ball& ball, const Interval& h, const CentreNorms& s, const PlConstant& pl) {
    LemmaG G;
    const size_t n = ball.centre.X.rows(), m = ball.centre.Y.rows(), d = ball.centre.X.cols();
    if (!pl && !(s.sigma_x > 0) && !(s.sigma_y > 0)) {
        G.failure = d < std::min(n, m)
                        ? "with d < min(n, m) neither X nor Y can have full row rank (Lemma G; Lemma LR needs rank(A) = d)"
                        : "X and Y are not proven to have full row rank (PL constant 0)";
        return G;
    }
    const Interval one = make_interval(1L), two = make_interval(2L);
    const Interval e = upto(ball.radius);
    const Interval sx = upto(s.sx), sy = upto(s.sy);
    // sup over B(c_K, e_K) of f = ||R||_F^2 / 2, with ||R||_F <= ||R_c||_F + e (sx + sy) + e^2.
    Interval rf = upto(s.r_fro) + e * (sx + sy) + interval_sqr(e);
    G.F_K = upper_of(interval_sqr(rf) / two);

    UpperBound rho = ball.radius * UpperBound::exact(2);
    for (int round = 0; round < 8; ++round) {
        Interval P = upto(rho);
        Interval nu = upto(s.sr) + P * (sx + sy) + interval_sqr(P);
        G.L_B = upper_of(interval_sqr(sx + P) + interval_sqr(sy + P) + nu);
        G.G_B = upper_of(sx + sy + two * P);
        // (sigma - rho)_+^2 for each factor (Weyl for singular values).
        // Clamping to 0 is sound: (.)_+^2 >= 0 whatever the gap, so 0 is a lower
        // bound even when the gap is not positive or not a number (NaN from
        // non-finite inputs); mu_B = 0 then fails the PL test below.
        auto pl_part = [&](const LowerBound& sigma) {
            const LowerBound gap = sigma - rho;
            return gap > 0 ? gap * gap : LowerBound::exact(0);
        };
        std::string why;
        G.mu_B = pl ? pl(rho, why) : pl_part(s.sigma_x) + pl_part(s.sigma_y);
        G.rho_B = rho;
        if (!(hi(h * upto(G.L_B)) < 2)) {
            G.failure = "h L_B >= 2 on the ball (not proven stable)";
            return G;
        }
        if (!(G.mu_B > 0)) {
            G.failure = why.empty() ? "PL constant not positive on the ball" : why;
            return G;
        }
        Interval q = one - two * point(G.mu_B) * h * (one - h * point(G.L_B) / two);
        // q = max(0, 1 - 2 mu_B h (1 - h L_B / 2)), so an upper end <= 0 gives
        // the upper bound 0. A NaN upper end is no bound at all: it must fail
        // here, not be clamped to 0 (which would claim a contraction).
        const UpperBound q_up = upper_of(q);
        if (q_up.nan()) {
            G.failure = "no contraction bound (q is not a number)";
            return G;
        }
        G.q = q_up > 0 ? q_up : UpperBound::exact(0);
        if (!(G.q < 1)) {
            G.failure = "no contraction (q >= 1)";
            return G;
        }
        const LowerBound one_minus_sqrt_q = LowerBound::exact(1) - sqrt(G.q);
        const UpperBound path = upper_of(h * point(G.G_B) * interval_sqrt(two * point(G.F_K))) / one_minus_sqrt_q;
        G.reach = ball.radius + path;
        if (G.reach <= rho) {
            G.holds = true;
            G.failure.clear();
            return G;
        }
        rho = G.reach * UpperBound::exact(2);
        G.failure = "the iterates' path may leave the ball (e_K + path > rho_B)";
    }
    return G;
}

}  // namespace lrcert

namespace lrcert {

LemmaDM check_lemma_dm(const Ball& ball, const Matrix<Interval>& A, const Interval& h, const CentreNorms& s,
                       const UpperBound& a_up) {
    LemmaDM D;
    const UpperBound& e = ball.radius;
    if (!e.finite()) {
        D.failure = "the ball is not finite";
        return D;
    }
    // A shortcut, no claim: t below is at most hi(h) ||R_c||_2 <= hi(h) s.sr, so
    // when that is <= 2 the first test fails anyway (and the O(n m d) interval
    // residual is not needed).
    if (!(upper_of(h) * s.sr > 2)) {
        D.failure = "t = h ||R||_2 <= 2";
        return D;
    }
    const LowerBound down = LowerBound::exact(1) - UpperBound::of_rational(Rational(1, 1L << kDmMarginBits));
    const UpperBound up = UpperBound::exact(1) + UpperBound::of_rational(Rational(1, 1L << kDmMarginBits));
    // ||R||_2 >= ||R_c||_2 - e (sx + sy) - e^2 on the ball (section 7.1).
    const Matrix<Interval> Rc = residual(A, thin(ball.centre));
    const LowerBound sigma = spectral_norm_down(Rc) - (e * (s.sx + s.sy) + e * e);
    D.t = positive_part(lower_of(h * point(positive_part(sigma)))) * down;
    // g(t) >= 0 forces t > 2 ((1 - 1/kappa) t^2 >= t + 2): a cheap first test.
    if (!(D.t > 2)) {
        D.failure = "t = h ||R||_2 <= 2";
        return D;
    }
    // ||X||_2 <= sx + e, ||Y||_2 <= sy + e on the ball.
    const UpperBound px = s.sx + e, py = s.sy + e;
    D.p = upper_of(h * point(px * px + py * py)) * up;
    D.a = a_up * up;
    if (!(D.p > 0) || !D.p.finite() || !D.a.finite()) {
        D.failure = "p = h (||X||^2 + ||Y||^2) is 0 or not finite";
        return D;
    }
    D.kappa = lower_of(interval_sqr(point(D.t)) / point(D.p));
    {   // kappa rounded down to 64 bits (any kappa in (1, t^2/p] will do): a short certificate entry.
        mpfr_t k64;
        mpfr_init2(k64, 64);
        mpfr_set(k64, D.kappa.real().backend().data(), MPFR_RNDD);
        Real k = D.kappa.real();
        mpfr_set(k.backend().data(), k64, MPFR_RNDD);  // down again below 64 working bits
        mpfr_clear(k64);
        D.kappa = LowerBound::assume_lower(k);
    }
    if (!(D.kappa > 1)) {
        D.failure = "kappa = t^2 / p <= 1";
        return D;
    }
    const Interval T = point(D.t), one = make_interval(1L);
    const Interval g = (one - one / point(D.kappa)) * interval_sqr(T) - (one + h * point(D.a)) * T - make_interval(2L);
    D.g = lower_of(g);
    if (!(D.g >= 0)) {
        D.failure = "g(t) = (1 - 1/kappa) t^2 - (1 + h a) t - 2 < 0";
        return D;
    }
    D.holds = true;
    return D;
}

std::optional<std::string> lemma_g_fails_in_double(const Ball& ball, const Interval& h, const CentreNorms& s) {
    auto d = [](const Real& x) { return mpfr_get_d(x.backend().data(), MPFR_RNDN); };
    constexpr double kMargin = 0x1p-20;
    // a < b (a, b >= 0) decided with room to spare, else unsure.
    bool unsure = false;
    auto less = [&](double a, double b) {
        if (!(std::fabs(a - b) > kMargin * std::max(std::fabs(a), std::fabs(b)))) unsure = true;
        return a < b;
    };
    const double e = d(ball.radius.real()), sx = d(s.sx.real()), sy = d(s.sy.real()), sr = d(s.sr.real());
    const double hm = d(hi(h)), sigx = d(s.sigma_x.real()), sigy = d(s.sigma_y.real());
    if (!(sigx > 0) && !(sigy > 0)) return std::nullopt;  // check_lemma_g's own first test
    for (double v : {e, sx, sy, sr, hm, sigx, sigy, d(s.r_fro.real())})
        if (!std::isfinite(v)) return std::nullopt;
    const double rf = d(s.r_fro.real()) + e * (sx + sy) + e * e;
    const double F_K = rf * rf / 2;
    double rho = 2 * e;
    std::string failure;
    for (int round = 0; round < 8; ++round) {
        const double nu = sr + rho * (sx + sy) + rho * rho;
        const double L = (sx + rho) * (sx + rho) + (sy + rho) * (sy + rho) + nu;
        const double G_B = sx + sy + 2 * rho;
        double mu = 0;
        for (double sigma : {sigx, sigy})
            if (less(rho, sigma)) mu += (sigma - rho) * (sigma - rho);
        if (!less(hm * L, 2)) failure = "h L_B >= 2 on the ball (not proven stable)";
        else if (!(mu > 0)) failure = "PL constant not positive on the ball";
        if (unsure) return std::nullopt;
        if (!failure.empty()) return failure;
        const double q = std::max(0.0, 1 - 2 * mu * hm * (1 - hm * L / 2));
        if (!less(q, 1) || unsure) return std::nullopt;  // (q >= 1 cannot be told apart from q just below 1 here)
        const double path = hm * G_B * std::sqrt(2 * F_K) / (1 - std::sqrt(q));
        const double reach = e + path;
        if (!less(rho, reach) || unsure) return std::nullopt;  // reach <= rho: the lemma may hold
        rho = 2 * reach;
    }
    return "the iterates' path may leave the ball (e_K + path > rho_B)";
}

}  // namespace lrcert
