// Lemma LR (docs/math.md section 7.4b): the target's rank and sigma_d, the
// factors' sigma_d over the ball, and Lemma G's tail argument with the
// low-rank PL constant.
#include "lrcert/certify/lowrank_lemma.hpp"

#include "lrcert/claims/spectral_functions.hpp"
#include "lrcert/linalg/spectral.hpp"

#include <algorithm>
#include <stdexcept>

namespace lrcert {

size_t exact_target_rank(const Matrix<Rational>& A) { return claims::exact_rank(A); }

LowRankTarget low_rank_target(const Matrix<Rational>& A, size_t d) {
    const size_t k = std::min(A.rows(), A.cols());
    if (d < 1 || d > k) throw std::invalid_argument("low_rank_target: d must be 1..min(n, m)");
    LowRankTarget t;
    t.d = d;
    t.rank = exact_target_rank(A);
    t.sigma_sq_low = LowerBound::exact(0);
    if (t.rank != d) return t;
    const Matrix<Interval> Ai = convert_matrix<Interval>(A);
    const Matrix<Interval> G = claims::smaller_gram(Ai);
    // A candidate below sigma_d(A)^2 from the bisection enclosure, pulled down a
    // little so that the inertia count at it is proven (its pivots exclude 0);
    // the count itself is the proof: at most k - d eigenvalues of G lie below t
    // means lambda_d(G) = sigma_d(A)^2 >= t.
    const LowerBound s = lower_of(claims::enclose_sigma(Ai, d));
    if (!(s > 0)) return t;
    const LowerBound s2 = s * s;
    for (long shave : {20L, 10L, 4L}) {
        const LowerBound cand =
            s2 * (LowerBound::exact(1) - UpperBound::of_rational(Rational(1, 1L << shave)));
        const std::optional<size_t> below = claims::eigenvalues_below(G, cand.real());
        if (below && *below <= k - d) {
            t.sigma_sq_low = cand;
            return t;
        }
    }
    return t;
}

FactorSigmas::Bounds factor_sigmas(const Factors<Real>& centre) {
    const Factors<Interval> c = thin(centre);
    // sigma_d(X_c) = sigma_min(X_c^T) (X_c^T is d x n, d <= n); the same for Y.
    // The double path first (docs/math.md 7.1a).
    return {smallest_singular_down_cheap(transpose(c.X)), smallest_singular_down_cheap(transpose(c.Y))};
}

FactorSigmas::Bounds FactorSigmas::at(const Factors<Real>& c) {
    // When to refresh is a heuristic (every delta gives sound bounds).
    static constexpr Threshold kRefresh{"1e-4"};
    UpperBound delta = UpperBound::exact(0);
    if (valid_) delta = centre_distance_up(c, centre_);  // in double, rounded up (docs/math.md 7.1)
    if (!valid_ || exceeds(delta, kRefresh, 1 + scale_.real())) {
        centre_ = c;
        at_centre_ = factor_sigmas(c);
        scale_ = state_norm_up(c);
        valid_ = true;
        ++refreshes_;
        return at_centre_;
    }
    // Weyl: ||X_c - X_c*||_2 <= |c - c*| (Frobenius norm of the whole state).
    return {positive_part(at_centre_.x - delta), positive_part(at_centre_.y - delta)};
}

LemmaG check_lemma_lr(const Ball& ball, const Interval& h, const CentreNorms& s, const LowRankTarget& target) {
    return check_lemma_lr(ball, h, s, target, factor_sigmas(ball.centre));
}

LemmaG check_lemma_lr(const Ball& ball, const Interval& h, const CentreNorms& s, const LowRankTarget& target,
                      const FactorSigmas::Bounds& sigmas) {
    if (!target.usable()) throw std::logic_error("check_lemma_lr: the target has no certified rank(A) = d");
    const LowerBound& sdx = sigmas.x;
    const LowerBound& sdy = sigmas.y;
    LowRankPL data;
    data.rank = target.rank;
    data.sigma_sq_low = target.sigma_sq_low;
    const Interval sx = upto(s.sx), sy = upto(s.sy), rc = upto(s.r_fro);
    const PlConstant pl = [&](const UpperBound& rho, std::string& why) {
        // Weyl: sigma_d(X) >= sigma_d(X_c) - ||X - X_c||_2 >= sigma_d(X_c) - rho on B(c, rho).
        const LowerBound gx = sdx - rho, gy = sdy - rho;
        if (!(gx > 0) || !(gy > 0)) {
            why = "sigma_d(X) or sigma_d(Y) is not proven positive on the ball (Lemma LR)";
            return LowerBound::exact(0);
        }
        data.s_B = min(gx, gy);
        // ||R||_F <= ||R_c||_F + rho (||X_c||_2 + ||Y_c||_2) + rho^2 on B(c, rho) (section 7.1).
        const Interval P = upto(rho);
        data.R_B = upper_of(rc + P * (sx + sy) + interval_sqr(P));
        // 1 - R_B^2 / sigma_sq_low, from below.
        const Interval factor = make_interval(1L) - interval_sqr(point(data.R_B)) / point(data.sigma_sq_low);
        const LowerBound f = lower_of(factor);
        if (!(f > 0)) {
            why = "||R||_F over the ball is not proven below sigma_d(A) (Lemma LR)";
            return LowerBound::exact(0);
        }
        return data.s_B * data.s_B * f;
    };
    LemmaG G = check_lemma_g(ball, h, s, pl);
    if (G.holds) G.lowrank = data;
    return G;
}

}  // namespace lrcert
