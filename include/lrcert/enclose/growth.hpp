// The Lipschitz bounds of the two GD maps over a ball (docs/math.md, sections
// 3 and 7): upper bounds of sup ||DF||_2 = sup ||I - h Hess f||_2 over a set
// containing the ball, the gamma_k of the ball enclosure (enclose/ball.hpp).
// The maps of enclose/gd_map.hpp answer with these for their own balls.
#pragma once

#include "lrcert/enclose/ball.hpp"
#include "lrcert/linalg/float_image.hpp"

#include <optional>

namespace lrcert {

// ---- scalar family, reduced to d = 1: f = 1/2 (mu - x y)^2 --------------------------

// Upper bound of sup ||I - h Hess f(z)||_2 over the box x times y: the Hessian
// [[y^2, 2xy - mu], [2xy - mu, x^2]] has eigenvalues
// (S +- sqrt((x^2 - y^2)^2 + 4 (2xy - mu)^2)) / 2.
UpperBound scalar_growth_bound(const Interval& x, const Interval& y, const Interval& mu, const Interval& h);

// Eigenvalue enclosures of that Hessian over the box: lambda_minus, lambda_plus.
void scalar_hessian_eigenvalues(const Interval& x, const Interval& y, const Interval& mu, Interval& lambda_minus,
                                Interval& lambda_plus);

// ---- matrix family: f = 1/2 ||A - X Y^T||_F^2 ---------------------------------------

// Bounds at a thin centre c: upper bounds of ||X_c||_2, ||Y_c||_2, ||R_c||_2,
// ||R_c||_F and lower bounds of sigma_n(X_c), sigma_m(Y_c) (0 when n > d,
// m > d, or not computed).
struct CentreNorms {
    UpperBound sx, sy, sr, r_fro;
    LowerBound sigma_x, sigma_y;
};

// Certified spectral data at a reference centre c*, reused for nearby centres:
// by Weyl's inequalities, for |c - c*| <= delta,
//   ||X_c|| <= ||X_c*|| + delta,  sigma_n(X_c) >= sigma_n(X_c*) - delta,
//   ||R_c|| <= ||R_c*|| + delta (||X_c*|| + ||Y_c*||) + delta^2,
// so the O(n^3) eigenvalue work is redone only when the centre has moved more
// than `refresh` (relative to 1 + |c*|) -- near a limit, almost never.
// (docs/math.md, section 7.1, "Reuse across steps".)
class NormCache {
public:
    // When to refresh: a heuristic threshold, compared at round-to-nearest
    // (number/bound.hpp, Threshold); every delta gives sound bounds.
    static constexpr Threshold kRefresh{"1e-4"};
    explicit NormCache(Threshold refresh = kRefresh) : refresh_(refresh) {}
    // Bounds at c. Sigma bounds are computed only when `with_sigmas`. The
    // residual A - X_c Y_c^T it evaluates is stored in *residual if given.
    CentreNorms at(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas,
                   Matrix<Interval>* residual = nullptr);
    // The same with r_fro >= ||A - X_c Y_c^T||_F supplied by the caller (e.g.
    // from the plain rounded residual of enclose/point_step.hpp).
    CentreNorms at(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas, const UpperBound& r_fro);
    // The same into s, reusing its storage (no allocation per step between refreshes).
    void at(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas, const UpperBound& r_fro,
            CentreNorms& s);
    size_t refreshes() const { return refreshes_; }

private:
    void refresh(const Matrix<Interval>& A, const Factors<Real>& c);
    // The refresh's bounds from double images (docs/math.md 7.1a), each one
    // the double path cannot prove from the interval method.
    CentreNorms norms_in_double(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas);
    // A's double image (Lemma F1), kept while A's endpoints stay the same.
    const std::optional<DoubleImage>& image_of(const Matrix<Interval>& A);
    std::optional<Matrix<Interval>> a_seen_;
    std::optional<DoubleImage> a_image_;
    Threshold refresh_;
    bool valid_ = false;
    bool sigmas_ = false;
    Factors<Real> centre_;
    UpperBound scale_;  // |c*|
    double limit_ = 0;  // refresh_ (1 + |c*|) at round-to-nearest (the heuristic's distance, read once per refresh)
    CentreNorms at_centre_;
    size_t refreshes_ = 0;
};

// Upper bounds of |a - b| and |c| (Euclidean over all entries of X and Y),
// computed in double with upward rounding from the differences (exact from
// the limbs at <= 64 bits, else at working precision rounded away from 0;
// docs/math.md 7.1, "Reuse across steps"; Lemma K3 of 3.1). They
// are finite when the entries are (else +infinity) and are at most a few
// double roundings (relative 2^-50) above the exact norms.
UpperBound centre_distance_up(const Factors<Real>& a, const Factors<Real>& b);
UpperBound state_norm_up(const Factors<Real>& c);

// Bounds at c computed from scratch (no cache).
CentreNorms centre_norms(const Matrix<Interval>& A, const Factors<Real>& c, bool with_sigmas);

// Upper bound of sup ||I - h Hess f||_2 over B(c, e):
//   ||X|| <= sx + e, ||Y|| <= sy + e, ||R|| <= nu = sr + e (sx + sy) + e^2,
//   lambda_max <= Lambda = (sx + e)^2 + (sy + e)^2 + nu,  lambda_min >= -nu,
//   gamma = max(1 + h nu, h Lambda - 1).
UpperBound matrix_growth_bound(const CentreNorms& s, const UpperBound& e, const Interval& h);

}  // namespace lrcert
