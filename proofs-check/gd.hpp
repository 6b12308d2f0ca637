// lrcert-check: the GD trajectory as a ball B(c_k, e_k) (centre on a dyadic grid,
// exact defects, the radius recurrence) and the lemmas S, D, G, DM. See
// docs/checker.md for the statements and proofs.
#pragma once

#include "fixed.hpp"

#include <optional>
#include <string>

namespace chk {

struct Problem {
    bool scalar = false;
    Q h;
    Mat A, X0, Y0;  // matrix family (scalar: A = [mu], X0 = x0^T, Y0 = y0^T)
    // scalar family, exact: mu, u = x0 + y0, v = x0 - y0
    Q mu, u_sq, v_sq, uv, S0, r0;
    size_t n() const { return A.r; }
    size_t m() const { return A.c; }
    size_t d() const { return X0.c; }
};

// Proven upper bounds of ||M||_2 (64 bits, rounded up): spectral_up from the
// exact Gram matrix (an exact residual of a double Cholesky guess, else exact
// elimination), spectral_up_coarse the same on M's numerators cut to 60
// leading bits plus sqrt(r c) of them (Weyl; docs/checker.md Lemma 1).
Q spectral_up(const ZMat& M);
Q spectral_up_of_gram(const ZMat& G);  // sqrt of the bound of lambda_max(G), G = gram(M) given
// warm: a vector kept between calls for the double power iteration that
// proposes the shift (Jacobi when it fails; the bound is proven either way).
Q spectral_up_coarse(const ZMat& M, std::vector<double>* warm = nullptr);
// A proven lower bound of lambda_min(G) (0 when none > 0 is proven), G symmetric
// in integers: an exact residual of a double Cholesky guess of G - t I, else
// exact elimination (linalg.hpp's lambda_min_down).
Q lambda_min_down_z(const ZMat& G);

// Ball enclosure of the exact GD trajectory z_k (for the scalar family, of the
// reduced two-dimensional run of docs/math.md section 2). The centres are
// dyadic fixed-point matrices (fixed.hpp): F(c_k) is exact integer arithmetic.
// The spectral bounds behind the growth factor gamma_k are exact only at
// refresh steps; in between they are Weyl bounds from the last refresh
// (docs/checker.md, Lemma 1, "Norms between refreshes").
class Trajectory {
public:
    // grid_bits: the centres' grid; interval_bits: the precision of the
    // boxes (num.hpp), passed on to everything computed from them.
    Trajectory(const Problem& p, long grid_bits, long interval_bits);
    void advance();
    long k = 0;
    Q e;  // radius: |z_k - c_k| <= e
    // The centre c_k = (X, Y) (dyadic) and the residual R = A - X Y^T at it, exact.
    const Mat& X() const;
    const Mat& Y() const;
    const Mat& R() const;
    const ZMat& Xz() const { return Xz_; }  // the same in integers (fixed.hpp)
    const ZMat& Yz() const { return Yz_; }
    // Matrix family: proven upper bounds at the centre of ||X||_2, ||Y||_2,
    // ||R||_2 (sqrt of lambda_max of the exact Gram matrix, up to 64 bits).
    const Q& sx() const;
    const Q& sy() const;
    const Q& sr() const;
    long norm_refreshes() const { return refreshes_; }  // steps whose gamma used freshly proven norms
    I box_x() const { return with_bits(I(X().a[0] - e, X().a[0] + e), ibits_); }  // scalar family: reduced x
    I box_y() const { return with_bits(I(Y().a[0] - e, Y().a[0] + e), ibits_); }
    long interval_bits() const { return ibits_; }

private:
    struct Norms {
        Q sx, sy, sr;
    };
    const Norms& exact_norms() const;
    Q matrix_gamma();
    const Problem& p_;
    ZMat A_;         // the (reduced) target, exact
    ZMat Xz_, Yz_;   // the centre, den = 2^s
    ZMat Rz_;        // A - X Y^T, exact
    ZMat XYt_, RY_, RtX_, Xn_, Yn_, Rt_;  // the step's products, F(c), R' (kept: their entries' limbs are reused)
    long bits_;
    long ibits_;
    // The last refresh: its centre, residual and exact norms (matrix family).
    ZMat Xref_, Yref_, Rref_;
    Norms ref_;
    long refreshes_ = 0;
    std::vector<double> warm_[3];  // the refreshes' power-iteration vectors of X, Y, R (guesses)
    double excess_log2_ = 0;  // the schedule's budget: log2 of the product of accepted g / g_ref beyond the slack
    mutable std::optional<Mat> X_, Y_, R_;
    mutable std::optional<Norms> norms_;
};

struct LemmaS {
    bool holds = false;
    std::string failure;
    Q eps, rho, c, Delta, delta;
};
// Lemma S on the box x * y; Delta given (checked as is) or chosen (fixed point);
// its bounds rounded up to `bits` significant bits.
LemmaS lemma_s(const I& x, const I& y, const Q& mu, const Q& h, const std::optional<Q>& Delta, long bits);

struct ScalarLimit {  // reduced limit: alpha = x + y, beta = x - y, a = alpha^2, b = beta^2
    I alpha, beta, a, b;
};
ScalarLimit limit_s(const I& x, const I& y, const Problem& p, const LemmaS& L, long bits);
bool tighten(ScalarLimit& L, const Problem& p);       // a - b = 4 mu and a = alpha^2 etc.; false if empty
bool intersect_into(ScalarLimit& total, const ScalarLimit& L);

// Lemma D at the box x * y with sign sigma; empty string when it holds.
std::string lemma_d(const I& x, const I& y, const Q& mu, const Q& h, int sigma, I& t);

struct LemmaG {
    bool holds = false;
    std::string failure;
    Q rho_B, L_B, reach;
    Q mu_B, G_B, q;  // the PL constant (a lower bound), the gradient bound and the contraction factor (upper)
};
// A PL constant over B(c_K, P): mu with |grad f|^2 >= 2 mu f there, or <= 0 and a reason.
struct PlBound {
    virtual ~PlBound() = default;
    virtual Q operator()(const Q& P, std::string& why) const = 0;
};
// Lemma G; with `pl`, mu_B = (*pl)(rho_B) replaces hypothesis (ii) (Lemma LR, lowrank.hpp).
LemmaG lemma_g(const Trajectory& tr, const Problem& p, const std::optional<Q>& rho_B, const PlBound* pl = nullptr);

// Lemma DM (divergence, docs/math.md section 10) at the trajectory's current
// ball with the certificate's kappa: t = h ||R||_2 >= t_lo, p = h (||X||_2^2 +
// ||Y||_2^2) <= p_up, a >= ||A||_2; holds iff kappa > 1, kappa p_up <= t_lo^2 and
// (1 - 1/kappa) t_lo^2 - (1 + h a) t_lo - 2 >= 0. t_hi >= t bounds the claim.
struct LemmaDM {
    bool holds = false;
    std::string failure;
    Q t_lo, t_hi, p_up, a_up;
};
LemmaDM lemma_dm(const Trajectory& tr, const Problem& p, const Q& kappa);

struct MatrixLimit {
    std::vector<I> X, Y;
    I sharpness, norm_gap, imbalance;  // imbalance only for square A
};
MatrixLimit limit_g(const Trajectory& tr, const Problem& p, const LemmaG& G, long bits);
bool intersect_into(MatrixLimit& total, const MatrixLimit& L);

}  // namespace chk
