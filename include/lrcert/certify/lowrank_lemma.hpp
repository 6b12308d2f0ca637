// Lemma LR (docs/math.md section 7.4b): convergence to a zero-loss limit when
// rank(A) = d < min(n, m), where no factor can have full row rank and Lemma
// G's hypothesis (ii) never holds. It is Lemma G with (ii) replaced by the
// low-rank PL inequality of section 7.4a,
//   |grad f|^2 >= 2 s^2 (1 - ||R||_F^2 / sigma_d(A)^2) f,
//   s = min(sigma_d(X), sigma_d(Y)),
// bounded over the lemma's ball by Weyl's inequalities.
#pragma once

#include "lrcert/certify/matrix_lemmas.hpp"
#include "lrcert/linalg/matrix.hpp"

namespace lrcert {

// What Lemma LR needs of the target, computed once per precision.
struct LowRankTarget {
    size_t d = 0;              // the width of X and Y
    size_t rank = 0;           // rank(A), exact (Gaussian elimination in rationals)
    LowerBound sigma_sq_low;   // t <= sigma_d(A)^2, proven by the inertia count of the
                               // Gram matrix G of A's smaller side: fewer than
                               // k - d + 1 eigenvalues of G are < t (k = min(n, m)); 0 if none
    bool usable() const { return rank == d && sigma_sq_low > 0; }
};

// rank(A), exactly (Gaussian elimination in rationals).
size_t exact_target_rank(const Matrix<Rational>& A);

// rank(A) exactly and a certified lower bound of sigma_d(A)^2 (at the
// caller's PrecisionScope); sigma_sq_low stays 0 when rank(A) != d or no
// positive bound is proven. Requires 1 <= d <= min(n, m).
LowRankTarget low_rank_target(const Matrix<Rational>& A, size_t d);

// Lower bounds of sigma_d(X_c) and sigma_d(Y_c) at a centre c, computed at a
// reference centre c* and reused while |c - c*| <= 1e-4 (1 + |c*|) (a
// heuristic threshold): by Weyl, sigma_d(X_c) >= sigma_d(X_c*) - |c - c*|,
// the same for Y (as NormCache, enclose/growth.hpp). Near a limit the centre
// hardly moves, so the eigenvalue work is done a handful of times in a run.
class FactorSigmas {
public:
    struct Bounds {
        LowerBound x, y;  // <= sigma_d(X_c), sigma_d(Y_c)
    };
    Bounds at(const Factors<Real>& c);
    size_t refreshes() const { return refreshes_; }

private:
    bool valid_ = false;
    Factors<Real> centre_;
    Bounds at_centre_;
    UpperBound scale_;
    size_t refreshes_ = 0;
};

// sigma_d(X_c), sigma_d(Y_c) from below at the exact point c (no reuse).
FactorSigmas::Bounds factor_sigmas(const Factors<Real>& c);

// Lemma LR at step K with ball B(c_K, e_K): Lemma G (section 7.4) with
// mu_B = s_B^2 (1 - R_B^2 / sigma_sq_low), s_B = min(sigma_d(X_c) - rho,
// sigma_d(Y_c) - rho)_+, R_B = ||R_c||_F + rho (sx + sy) + rho^2 >= sup_B ||R||_F.
// When it holds, the returned lemma's `lowrank` is set; all of Lemma G's
// conclusions follow (f(z_k) <= q^(k-K) F_K, z_k -> z_inf, f(z_inf) = 0,
// |z_inf - c_K| <= reach). `target` must be usable(); `sigmas` bound
// sigma_d(X_c), sigma_d(Y_c) at the ball's centre from below.
LemmaG check_lemma_lr(const Ball& ball, const Interval& h, const CentreNorms& s, const LowRankTarget& target,
                      const FactorSigmas::Bounds& sigmas);
// The same with the sigma bounds computed at the centre (factor_sigmas).
LemmaG check_lemma_lr(const Ball& ball, const Interval& h, const CentreNorms& s, const LowRankTarget& target);

}  // namespace lrcert
