#include "gd.hpp"

#include "residual.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace chk {

namespace {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

Q up64(const Q& q) { return round_bits(q, 64, +1); }
Q pos(const Q& q) { return q > 0 ? q : Q(0); }

}  // namespace

// ||M||_2 <= sqrt(lambda_max(G)), G = gram(M), rounded up to 64 bits:
// lambda_max(G) <= t + ||E||_inf by the exact residual of the checker's own
// double Cholesky factor of t I - G (residual.hpp, N^3/6 fixed-size integer
// work, docs/checker.md section 5 step 2) for the shifts of lambda_max_up;
// exact elimination only if every one fails. G stays in integers over one
// denominator (no rational canonicalisation per entry).
Q spectral_up(const ZMat& M) { return spectral_up_of_gram(gram_z(M)); }

Q spectral_up_of_gram(const ZMat& G) {
    const std::vector<Q> ts = lambda_max_shifts(G);
    if (ts.empty()) return Q(0);
    for (const Q& t : ts)
        if (const std::optional<Q> b = lambda_max_up_by_residual(G, t)) return up64(sqrt_up(*b, 64));
    return up64(sqrt_up(lambda_max_up(to_mat(G)), 64));
}

// lambda_min(G) >= -b for b >= lambda_max(-G) by the exact residual at the
// shift -t (the double Cholesky guess of G - t I, residual.hpp: the same
// theorem for -G), t from lambda_min_shifts; exact elimination
// (lambda_min_down) only when every guess breaks down. 0 when nothing > 0 is proven.
Q lambda_min_down_z(const ZMat& G) {
    const std::vector<Q> ts = lambda_min_shifts(G);
    if (ts.empty()) return lambda_min_down(to_mat(G));
    ZMat neg = G;
    for (Z& v : neg.a) mpz_neg(v.get_mpz_t(), v.get_mpz_t());
    for (const Q& t : ts)
        if (const std::optional<Q> b = lambda_max_up_by_residual(neg, Q(-t)); b && -*b > 0) return Q(-*b);
    return lambda_min_down(to_mat(G));
}

// The same bound from M's numerators cut to their 60 leading bits, for the
// refreshes' gamma (docs/checker.md Lemma 1, "Norms between refreshes"):
// M = (2^t / den) (A + F) with A = floor(num / 2^t), 0 <= F_ij < 1, so
// ||M||_2 <= (2^t / den) (||A||_2 + ||F||_F) <= (2^t / den) (||A||_2 + sqrt(r c))
// (the triangle inequality, ||F||_2 <= ||F||_F). The Gram matrix of A is
// exact in 128-bit integers (instead of products of num's limbs); the bound
// is at most about sqrt(r c) 2^-59 (relative) above spectral_up's.
Q spectral_up_coarse(const ZMat& M, std::vector<double>* warm) {
    const size_t top = max_bit_length(M.a);
    // The Gram matrix is the smaller of A A^T and A^T A; its sums run over the other dimension.
    const size_t inner = std::max(M.r, M.c);
    if (top <= 60 || inner >= 64) return spectral_up(M);
    const auto t = static_cast<mp_bitcnt_t>(top - 60);
    // A = floor(num / 2^t): |A_ij| <= 2^60, so every Gram entry, a sum of
    // inner < 64 products of at most 2^120, is exact in a signed 128-bit integer.
    std::vector<long long> a(M.a.size());
    Z q;
    for (size_t k = 0; k < M.a.size(); ++k) {
        mpz_fdiv_q_2exp(q.get_mpz_t(), M.a[k].get_mpz_t(), t);
        a[k] = mpz_get_si(q.get_mpz_t());  // fits: |q| <= 2^60
    }
    const bool rows = M.r <= M.c;  // A A^T (rows x rows) or A^T A
    const size_t n = rows ? M.r : M.c;
    ZMat G(n, n);  // den = 1
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j <= i; ++j) {
            i128 s = 0;
            for (size_t k = 0; k < inner; ++k) {
                const long long u = rows ? a[i * M.c + k] : a[k * M.c + i], v = rows ? a[j * M.c + k] : a[k * M.c + j];
                s += static_cast<i128>(u) * v;
            }
            const bool neg = s < 0;
            const u128 m = neg ? static_cast<u128>(-(s + 1)) + 1 : static_cast<u128>(s);
            const mp_limb_t limbs[2] = {static_cast<mp_limb_t>(m), static_cast<mp_limb_t>(m >> 64)};
            mpz_t view;
            mpz_set(G.a[i * n + j].get_mpz_t(), mpz_roinit_n(view, limbs, neg ? -2 : 2));
            G.a[j * n + i] = G.a[i * n + j];
        }
    Z scale = 1;
    scale <<= t;
    Q f(scale, M.den);
    f.canonicalize();
    // The shift: first from a few power iterations in double, warm-started
    // from the previous refresh's vector (a guess; the bound is the exact
    // residual's, valid for any shift); when neither of its two shifts passes
    // the double Cholesky, spectral_up_of_gram's Jacobi guess.
    Q lam;
    bool found = false;
    if (warm) {
        std::vector<double> gd(n * n), v(n, 1.0), w(n);
        for (size_t k = 0; k < n * n; ++k) gd[k] = mpz_get_d(G.a[k].get_mpz_t());
        if (warm->size() == n) v = *warm;
        // Up to 64 iterations, ending once the Rayleigh quotient settles
        // (after 8; a guess either way: any shift gives a proven bound).
        double rho = 0, prev = 0;
        for (int it = 0; it < 64; ++it) {
            double vv = 0, vw = 0;
            for (size_t i = 0; i < n; ++i) {
                double acc = 0;
                for (size_t j = 0; j < n; ++j) acc += gd[i * n + j] * v[j];
                w[i] = acc;
                vv += v[i] * v[i];
                vw += v[i] * acc;
            }
            if (!(vv > 0) || !std::isfinite(vw)) break;
            prev = rho;
            rho = vw / vv;
            if (it >= 8 && std::abs(rho - prev) <= 0x1p-40 * std::abs(rho)) break;
            double ww = 0;
            for (double x : w) ww += x * x;
            if (!(ww > 0) || !std::isfinite(ww)) break;
            const double inv = 1 / std::sqrt(ww);
            for (size_t i = 0; i < n; ++i) v[i] = w[i] * inv;
        }
        *warm = v;
        if (rho > 0 && std::isfinite(rho))
            for (double rel : {0x1p-20, 0x1p-14}) {
                if (const std::optional<Q> b = lambda_max_up_by_residual(G, Q(rho * (1 + rel)))) {
                    lam = up64(sqrt_up(*b, 64));
                    found = true;
                    break;
                }
            }
    }
    if (!found) lam = spectral_up_of_gram(G);
    return up64((lam + sqrt_up(Q(static_cast<long>(M.r * M.c)), 64)) * f);
}

namespace {

// sup ||I - h Hess||_2 over the box x * y of the d = 1 problem (docs/math.md section 3):
// eigenvalues (S +- sqrt((x^2 - y^2)^2 + 4 (2xy - mu)^2)) / 2, |1 - h lambda| convex.
Q scalar_gamma(const I& x, const I& y, const Q& mu, const Q& h) {
    I x2 = sqr(x), y2 = sqr(y), S = x2 + y2;
    I p = I(2) * x * y - I(mu);
    I root = isqrt(sqr(x2 - y2) + I(4) * sqr(p));
    I lm = (S - root) * I(Q(1, 2)), lp = (S + root) * I(Q(1, 2));
    // coq: ball_step_enclosure hyp eig_hull: Llo <= lam_minus(w) and lam_plus(w) <= Lhi for w in [c - e, c + e]
    // coq: ball_step_enclosure hyp gamma_ends: |1 - h Llo| <= gamma and |1 - h Lhi| <= gamma
    return mag(I(1) - I(h) * hull(lm, lp));
}

}  // namespace

Trajectory::Trajectory(const Problem& p, long grid_bits, long interval_bits)
    : p_(p), bits_(grid_bits), ibits_(interval_bits) {
    std::vector<I> start;
    Mat X, Y, A;
    if (p.scalar) {
        A = Mat(1, 1);
        A(0, 0) = p.mu;
        const I su = with_bits(I(sqrt_down(p.u_sq, bits_ + 32), sqrt_up(p.u_sq, bits_ + 32)), ibits_);
        const I sv = with_bits(I(sqrt_down(p.v_sq, bits_ + 32), sqrt_up(p.v_sq, bits_ + 32)), ibits_);
        // coq: scalar_reduction concl reduced_start: x0' = (|u0| + |v0|) / 2 and y0' = (|u0| - |v0|) / 2
        start = {(su + sv) * I(Q(1, 2)), (su - sv) * I(Q(1, 2))};  // x0' and y0' (section 2)
        X = Mat(1, 1);
        Y = Mat(1, 1);
    } else {
        A = p.A;
        for (const Q& v : p.X0.a) start.emplace_back(v);
        for (const Q& v : p.Y0.a) start.emplace_back(v);
        X = Mat(p.X0.r, p.X0.c);
        Y = Mat(p.Y0.r, p.Y0.c);
    }
    Q d2 = 0;
    for (size_t i = 0; i < start.size(); ++i) {
        Q c = round_bits((start[i].lo + start[i].hi) / 2, bits_, 0);
        Q dist = start[i].hi - c > c - start[i].lo ? Q(start[i].hi - c) : Q(c - start[i].lo);
        d2 += dist * dist;
        (i < X.a.size() ? X.a[i] : Y.a[i - X.a.size()]) = c;
    }
    e = up64(sqrt_up(d2, 64));
    A_ = zmat(A);
    Xz_ = zmat(X);
    Yz_ = zmat(Y);
    Rz_ = add(A_, mul_t(Xz_, Yz_), Q(-1));
    X_ = std::move(X);
    Y_ = std::move(Y);
}

const Mat& Trajectory::X() const {
    if (!X_) X_ = to_mat(Xz_);
    return *X_;
}

const Mat& Trajectory::Y() const {
    if (!Y_) Y_ = to_mat(Yz_);
    return *Y_;
}

const Mat& Trajectory::R() const {
    if (!R_) R_ = to_mat(Rz_);
    return *R_;
}

const Trajectory::Norms& Trajectory::exact_norms() const {
    if (!norms_) {
        if (p_.scalar) throw std::logic_error("spectral bounds of the scalar family's trajectory");
        // The Gram matrices in integer arithmetic (fixed.hpp), their bound by
        // an exact residual (as at a refresh), exact elimination only when it fails.
        norms_ = Norms{spectral_up(Xz_), spectral_up(Yz_), spectral_up(Rz_)};
    }
    return *norms_;
}

const Q& Trajectory::sx() const { return exact_norms().sx; }
const Q& Trajectory::sy() const { return exact_norms().sy; }
const Q& Trajectory::sr() const { return exact_norms().sr; }

namespace {

// sup ||I - h Hess||_2 over B(c, e) from sx >= ||X_c||_2, sy >= ||Y_c||_2, sr >= ||R_c||_2:
// ||X|| <= sx + e, ||Y|| <= sy + e, ||R|| <= nu on the ball; lambda in [-nu, Lambda].
Q matrix_growth(const Q& sx, const Q& sy, const Q& sr, const Q& e, const Q& h) {
    // coq: hessian_bound concl spectrum: -nu <= lambda(Hess) <= (sx + e)^2 + (sy + e)^2 + nu given ||X||_2 <= sx + e, ||Y||_2 <= sy + e, ||R||_2 <= nu
    // coq: weyl_spec concl sx_sy: ||X||_2 <= sx + e and ||Y||_2 <= sy + e on the ball
    // coq: residual_spec concl nu: ||R||_2 <= sr + e (sx + sy) + e^2 = nu on the ball
    Q nu = sr + e * (sx + sy) + e * e;
    Q Lambda = (sx + e) * (sx + e) + (sy + e) * (sy + e) + nu;
    Q g1 = 1 + h * nu, g2 = h * Lambda - 1;
    return up64(g1 > g2 ? g1 : g2);
}

}  // namespace

// gamma_k from the bounds at the last refresh c_r (Weyl, docs/checker.md
// Lemma 1): ||M_k||_2 <= s_r + ||M_k - M_r||_F for M = X, Y, R, with the
// Frobenius norms of the exact differences. The exact bounds are recomputed
// (a refresh) when these would raise gamma_k by more than 2^-8 (gamma_r - 1)
// or 2^-30 over the refresh's own values: a heuristic schedule of the
// checker's own; every schedule gives a proven gamma_k.
Q Trajectory::matrix_gamma() {
    const Q& h = p_.h;
    if (refreshes_ > 0) {
        // coq: weyl_spec concl refresh: ||M_k||_2 <= s_r + ||M_k - M_r||_F for M = X, Y, R (s_r >= ||M_r||_2 at the last refresh)
        const Q bx = up64(ref_.sx + sqrt_up(fro2_diff_up(Xz_, Xref_), 64));
        const Q by = up64(ref_.sy + sqrt_up(fro2_diff_up(Yz_, Yref_), 64));
        const Q br = up64(ref_.sr + sqrt_up(fro2_diff_up(Rz_, Rref_), 64));
        const Q g = matrix_growth(bx, by, br, e, h);
        // The schedule's comparisons in double (a heuristic: any decision is
        // sound); g_ref is matrix_growth of the refresh's bounds at the current radius.
        const double gd = g.get_d(), sxd = ref_.sx.get_d(), syd = ref_.sy.get_d(), srd = ref_.sr.get_d(),
                     ed = e.get_d(), hd = h.get_d();
        const double nu = srd + ed * (sxd + syd) + ed * ed;
        const double Lam = (sxd + ed) * (sxd + ed) + (syd + ed) * (syd + ed) + nu;
        const double g_ref = std::max(1 + hd * nu, hd * Lam - 1);
        const double slack = (g_ref - 1) / 16;
        if (gd - g_ref <= std::max(slack, 0x1p-16)) return g;
        // Beyond that slack, up to g <= (1 + 1/8) g_ref while the product of
        // these excess factors g / g_ref over the whole run stays below 2^20
        // (a heuristic, like the rest of the schedule: the checker's radius is
        // far below what its final-ball check needs, docs/checker.md Lemma 1):
        // fewer refreshes in a transient that moves the centre every step.
        if (8 * (gd - g_ref) <= g_ref) {
            const double more = std::log2(gd / g_ref);
            if (excess_log2_ + more <= 20) {
                excess_log2_ += more;
                return g;
            }
        }
    }
    // The refresh's bounds (spectral_up_coarse: an exact residual of the
    // numerators' leading bits, else exact elimination).
    ref_ = norms_ ? *norms_
                  : Norms{spectral_up_coarse(Xz_, &warm_[0]), spectral_up_coarse(Yz_, &warm_[1]),
                          spectral_up_coarse(Rz_, &warm_[2])};
    Xref_ = Xz_;
    Yref_ = Yz_;
    Rref_ = Rz_;
    ++refreshes_;
    return matrix_growth(ref_.sx, ref_.sy, ref_.sr, e, h);
}

void Trajectory::advance() {
    const Q& h = p_.h;
    // coq: ball_step_enclosure hyp ball: |z_k - c_k| <= e
    const Q gamma = p_.scalar ? up64(scalar_gamma(box_x(), box_y(), p_.mu, h)) : matrix_gamma();
    // G = (X + h R' Y, Y + h R'^T X), exact, with R' the exact residual R
    // truncated 48 bits below the centre's grid (R has twice the grid's bits:
    // the products with R' cost about half); c_{k+1} the rounding of G to the
    // grid. F(c_k) = G + h (D Y, D^T X), D = R - R', |D_ij| < q, so
    // |F(c_k) - c_{k+1}| <= |G - c_{k+1}| + h sqrt(n m) q sqrt(|X|_F^2 + |Y|_F^2)
    // (docs/checker.md Lemma 1, "The truncated residual").
    long grid = 0;
    for (const ZMat* M : {&Xz_, &Yz_})
        grid = std::max(grid, mpz_sgn(M->den.get_mpz_t()) ? static_cast<long>(mpz_scan1(M->den.get_mpz_t(), 0)) : 0L);
    Q q;
    truncate_grid_into(Rt_, Rz_, grid + 48, q);
    const ZMat& Rt = Rt_;
    Q dropped = 0;  // h ||D||_F ||(X, Y)||_F >= |h (D Y, D^T X)|
    if (q > 0) {
        const Q nm(static_cast<long>(Rz_.r * Rz_.c));
        // ||(X, Y)||_F^2 <= sum over both of (entries) 4^bits(largest numerator) / den^2
        // (|a| < 2^bits(a)): a crude bound suffices, this term is 2^-48 of the rounding.
        auto crude = [](const ZMat& M) {
            const size_t top = max_bit_length(M.a);
            Z a = static_cast<long>(M.a.size());
            a <<= 2 * top;
            Q r(a, M.den * M.den);
            r.canonicalize();
            return r;
        };
        dropped = up64(abs(h) * sqrt_up(nm * q * q, 64) * sqrt_up(crude(Xz_) + crude(Yz_), 64));
    }
    mul_into(RY_, Rt, Yz_);
    t_mul_into(RtX_, Rt, Xz_);
    add_into(Xn_, Xz_, RY_, h);
    add_into(Yn_, Yz_, RtX_, h);
    Q ex, ey;
    round_grid_into(Xz_, Xn_, bits_, ex);
    round_grid_into(Yz_, Yn_, bits_, ey);
    // coq: ball_step_enclosure hyp delta: |F(c_k) - c_{k+1}| <= delta
    // coq: ball_step_enclosure concl radius: |F(z_k) - c_{k+1}| <= delta + gamma e <= e_{k+1}
    e = up64(sqrt_up(ex + ey, 64) + dropped + gamma * e);  // e_{k+1} = delta_k + gamma_k e_k
    ++k;
    mul_t_into(XYt_, Xz_, Yz_);
    add_into(Rz_, A_, XYt_, Q(-1));
    X_.reset();
    Y_.reset();
    R_.reset();
    norms_.reset();
}

LemmaS lemma_s(const I& x, const I& y, const Q& mu, const Q& h, const std::optional<Q>& Delta, long bits) {
    LemmaS L;
    // coq: lemma_S hyp eps_bound: |r_K| <= eps
    L.eps = round_bits(mag(I(mu) - x * y), bits, +1);
    // coq: lemma_S hyp S_box: S_lo <= S_K <= S_hi
    I S = sqr(x) + sqr(y);
    const Q heps = h * L.eps;
    // coq: lemma_S hyp h_eps_lt_1: h eps < 1
    if (!(heps < 1)) { L.failure = "h eps >= 1"; return L; }
    const I R = with_bits(I(-L.eps, L.eps), bits), H(h), one(1);
    Q drift;
    // S = |x|^2 + |y|^2 >= 2 |x y| = 2 |mu - r| >= 2 (|mu| - eps) whenever |r| <= eps.
    Q floor_S = abs(mu);
    floor_S = 2 * (floor_S - L.eps);
    if (floor_S < 0) floor_S = 0;
    auto evaluate = [&](const Q& D) {
        Q lower = S.lo - D;
        if (lower < floor_S) lower = floor_S;
        // coq: lemma_S hyp window: I_S = [max(S_lo - Delta, max(0, 2 (|mu| - eps))), S_hi + Delta]
        const I IS = with_bits(I(lower, S.hi + D), bits);
        // coq: lemma_S hyp rho_bound: |1 - h S - h^2 r (mu - r)| <= rho for S in I_S, |r| <= eps
        L.rho = round_bits(mag(one - H * IS - H * H * R * (I(mu) - R)), bits, +1);
        // coq: lemma_S hyp c_bound: |h^2 r S + 4 h (mu - r)| <= c for S in I_S, |r| <= eps
        L.c = round_bits(mag(H * H * R * IS + I(4) * H * (I(mu) - R)), bits, +1);
        if (L.rho < 1) drift = round_bits(L.c * L.eps / (1 - L.rho), bits, +1);
        return L.rho < 1;
    };
    if (Delta) {
        L.Delta = *Delta;
        // coq: lemma_S hyp Delta_nonneg: 0 <= Delta
        if (L.Delta < 0) { L.failure = "Delta < 0"; return L; }
        // coq: lemma_S hyp rho_lt_1: rho < 1
        if (!evaluate(L.Delta)) { L.failure = "rho >= 1 (no contraction of r on the S-window)"; return L; }
        // coq: lemma_S hyp drift_le_Delta: c eps / (1 - rho) <= Delta
        if (drift > L.Delta) { L.failure = "c eps / (1 - rho) > Delta (drift of S exceeds the window)"; return L; }
    } else {
        L.Delta = 0;
        // (Delta = 0 or 2 c eps / (1 - rho) rounded up: Delta >= 0)
        for (int round = 0;; ++round) {
            // coq: lemma_S hyp rho_lt_1: rho < 1
            if (!evaluate(L.Delta)) { L.failure = "rho >= 1"; return L; }
            // coq: lemma_S hyp drift_le_Delta: c eps / (1 - rho) <= Delta
            if (round > 0 && drift <= L.Delta) break;
            if (round == 6) { L.failure = "drift of S too large"; return L; }
            L.Delta = up64(2 * drift);
        }
    }
    // coq: lemma_S concl delta: 2 h eps / ((1 - rho) (1 - h eps)) <= delta
    L.delta = round_bits(2 * heps / ((1 - L.rho) * (1 - heps)), bits, +1);
    L.holds = true;
    return L;
}

bool tighten(ScalarLimit& L, const Problem& p) {
    const I four_mu(4 * p.mu);  // exact; the results keep L's precision
    // coq: lemma_S concl a_minus_b: a_inf - b_inf = 4 mu
    bool ok = intersect_into(L.a, sqr(L.alpha)) && intersect_into(L.b, sqr(L.beta)) &&
              intersect_into(L.a, L.b + four_mu) && intersect_into(L.b, L.a - four_mu);
    if (!ok) return false;
    if (L.alpha.lo > 0) ok = ok && intersect_into(L.alpha, isqrt(L.a));
    if (L.alpha.hi < 0) ok = ok && intersect_into(L.alpha, -isqrt(L.a));
    if (L.beta.lo > 0) ok = ok && intersect_into(L.beta, isqrt(L.b));
    if (L.beta.hi < 0) ok = ok && intersect_into(L.beta, -isqrt(L.b));
    return ok;
}

ScalarLimit limit_s(const I& x, const I& y, const Problem& p, const LemmaS& L, long bits) {
    const Q half = L.delta / 2;
    const I E = iexp(with_bits(I(-half, half), bits));  // the range of the positive factor prod (1 +- h r_j)
    ScalarLimit lim;
    // coq: lemma_S concl alpha_inf: alpha_inf = alpha_K E with exp(-delta/2) <= E <= exp(delta/2)
    lim.alpha = (x + y) * E;
    // coq: lemma_S concl beta_inf: beta_inf = beta_K E with exp(-delta/2) <= E <= exp(delta/2)
    lim.beta = p.v_sq == 0 ? with_bits(I(0), bits) : (x - y) * E;  // v0 = 0 keeps v = 0 exactly
    lim.a = sqr(lim.alpha);
    lim.b = sqr(lim.beta);
    return lim;
}

bool intersect_into(ScalarLimit& t, const ScalarLimit& L) {
    return intersect_into(t.alpha, L.alpha) && intersect_into(t.beta, L.beta) && intersect_into(t.a, L.a) &&
           intersect_into(t.b, L.b);
}

std::string lemma_d(const I& x, const I& y, const Q& mu, const Q& h, int sigma, I& t) {
    // coq: lemma_D hyp sigma: sigma = 1 or sigma = -1
    if (sigma != 1 && sigma != -1) return "sigma is not +1 or -1";
    I S = sqr(x) + sqr(y), w = I(sigma) * x * y, m(sigma * mu);
    // coq: lemma_D hyp w_pos: 0 < w
    if (!(w.lo > 0)) return "w = sigma x y > 0 is not proven";
    // coq: lemma_D hyp w_gt_m: m < w
    if (!(m.hi < w.lo)) return "w > sigma mu is not proven";
    t = I(h) * (w - m);
    I q = S / (I(2) * w);
    // coq: lemma_D hyp t_ge_4q: 4 q <= t
    if (!((I(4) * q).hi <= t.lo)) return "t >= 4 q is not proven";
    // coq: lemma_D hyp hwt_ge_2: 2 <= h w t
    if (!((I(h) * w * t).lo >= 2)) return "h w t >= 2 is not proven";
    return "";
}

LemmaG lemma_g(const Trajectory& tr, const Problem& p, const std::optional<Q>& rho_B, const PlBound* pl) {
    LemmaG G;
    const size_t n = p.n(), m = p.m(), d = p.d();
    const Q& e = tr.e;
    const Q &sx = tr.sx(), &sy = tr.sy(), &sr = tr.sr(), &h = p.h;
    // coq: lemma_G hyp ball: |(X_K, Y_K) - (X_c, Y_c)|_F <= e (the matrix ball step itself is still on paper, docs/formal.md)
    // coq: lemma_G hyp centre_norms: sx >= ||X_c||_2, sy >= ||Y_c||_2, sr >= ||R_c||_2 (spec_bound)
    // sigma_n(X_c), sigma_m(Y_c) from below (0 when rows > d).
    // coq: lemma_G hyp sigma_low: |X_c^T w| >= sgx |w| and |Y_c^T w| >= sgy |w| (low_bound; sgx^2 <= lambda_min(X_c X_c^T), 0 when n > d)
    Q sgx = n <= d ? sqrt_down(lambda_min_down_z(gram_z(tr.Xz())), 64) : Q(0);
    Q sgy = m <= d ? sqrt_down(lambda_min_down_z(gram_z(tr.Yz())), 64) : Q(0);
    if (!pl && !(sgx > 0) && !(sgy > 0)) { G.failure = "neither X nor Y is proven to have full row rank"; return G; }
    // f <= F_K on B(c_K, e_K): ||R|| <= ||R_c||_F + e (sx + sy) + e^2.
    // coq: lemma_G hyp F_K: ||R_c||_F <= rc and (rc + e (sx + sy) + e^2)^2 / 2 <= F_K
    Q rf = sqrt_up(fro2(tr.R()), 64) + e * (sx + sy) + e * e;
    Q FK = up64(rf * rf / 2);
    Q P = rho_B ? *rho_B : up64(2 * e);
    for (int round = 0; round < 8; ++round) {
        G.rho_B = P;
        Q nu = sr + P * (sx + sy) + P * P;
        G.L_B = up64((sx + P) * (sx + P) + (sy + P) * (sy + P) + nu);
        Q GB = sx + sy + 2 * P;
        std::string why;
        Q muB = pl ? (*pl)(P, why) : pos(sgx - P) * pos(sgx - P) + pos(sgy - P) * pos(sgy - P);
        // coq: lemma_G hyp L_B: (sx + P)^2 + (sy + P)^2 + (sr + P (sx + sy) + P^2) <= L_B
        // coq: lemma_G hyp G_B: sx + sy + 2 P <= G_B
        // coq: lemma_G hyp mu_B: mu_B <= (sgx - P)_+^2 + (sgy - P)_+^2
        // coq: lemma_G hyp hL_lt_2: h L_B < 2
        if (!(h * G.L_B < 2)) { G.failure = "h L_B >= 2 on the ball"; return G; }
        if (!(muB > 0)) { G.failure = why.empty() ? "PL constant mu_B is not positive on the ball" : why; return G; }
        Q q = up64(pos(1 - 2 * muB * h * (1 - h * G.L_B / 2)));
        Q sq = sqrt_up(q, 64);
        // coq: lemma_G hyp q: max(0, 1 - 2 mu_B h (1 - h L_B / 2)) <= q <= sq^2, 0 <= sq < 1
        if (!(sq < 1)) { G.failure = "no contraction (q >= 1)"; return G; }
        G.reach = up64(e + h * GB * sqrt_up(2 * FK, 64) / (1 - sq));
        G.mu_B = muB;
        G.G_B = GB;
        G.q = q;
        // coq: lemma_G hyp reach: 0 <= P and e + h G_B sqrt(2 F_K) / (1 - sq) <= reach <= P
        // coq: lemma_G concl tail: |z_{K+k} - c_K|_F <= reach, f(z_{K+k}) <= q^k F_K, z_k -> z_inf entrywise with f(z_inf) = 0, |z_inf - c_K|_F <= reach, Hess f(z_inf) <= L_B
        if (P >= 0 && G.reach <= P) { G.holds = true; return G; }
        G.failure = "e_K + h G_B sqrt(2 F_K) / (1 - sqrt q) > rho_B (the path may leave the ball)";
        if (rho_B) return G;
        P = up64(2 * G.reach);
    }
    return G;
}

LemmaDM lemma_dm(const Trajectory& tr, const Problem& p, const Q& kappa) {
    LemmaDM D;
    const size_t n = p.n(), m = p.m();
    const Q &e = tr.e, &h = p.h;
    // ||R_c||_2 >= every column and row norm and ||R_c||_F / sqrt(min(n, m)).
    Q best = 0;
    std::vector<Q> cols(m), rows(n);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) {
            const Q v = tr.R()(i, j) * tr.R()(i, j);
            cols[j] += v;
            rows[i] += v;
        }
    for (const Q& c : cols) best = c > best ? c : best;
    for (const Q& r : rows) best = r > best ? r : best;
    const Q fro = fro2(tr.R()) / Q(static_cast<long>(n < m ? n : m));
    best = fro > best ? fro : best;
    // On the ball: ||R||_2 >= ||R_c||_2 - e (sx + sy) - e^2, ||X||_2 <= sx + e, ||Y||_2 <= sy + e.
    const Q dev = e * (tr.sx() + tr.sy()) + e * e;
    D.t_lo = round_bits(h * pos(sqrt_down(best, 64) - dev), 64, -1);
    D.t_hi = up64(h * (tr.sr() + dev));
    D.p_up = up64(h * ((tr.sx() + e) * (tr.sx() + e) + (tr.sy() + e) * (tr.sy() + e)));
    const Q fa = sqrt_up(fro2(p.A), 64), sa = sqrt_up(lambda_max_up(gram(p.A)), 64);
    D.a_up = sa < fa ? sa : fa;
    if (!(kappa > 1)) { D.failure = "kappa > 1 is not given"; return D; }
    if (!(kappa * D.p_up <= D.t_lo * D.t_lo)) { D.failure = "p <= t^2 / kappa is not proven"; return D; }
    const Q g = (1 - 1 / kappa) * D.t_lo * D.t_lo - (1 + h * D.a_up) * D.t_lo - 2;
    if (!(g >= 0)) { D.failure = "g(t) = (1 - 1/kappa) t^2 - (1 + h a) t - 2 >= 0 is not proven"; return D; }
    D.holds = true;
    return D;
}

MatrixLimit limit_g(const Trajectory& tr, const Problem& p, const LemmaG& G, long bits) {
    MatrixLimit L;
    const Q& r = G.reach;
    // coq: lemma_G concl limit_box: |X_inf,ik - X_c,ik| <= |z_inf - c_K|_F <= reach (mdist_coord), the same for Y
    for (const Q& c : tr.X().a) L.X.push_back(with_bits(I(c - r, c + r), bits));
    for (const Q& c : tr.Y().a) L.Y.push_back(with_bits(I(c - r, c + r), bits));
    // At a zero-residual point lambda_max(Hess) = sigma_1(X)^2 + sigma_1(Y)^2; Weyl: +- r.
    // sigma_1(X_c)^2 is needed only to a width well below r: lambda_max_tight
    // at 24 - log2(r) bits (at most `bits`), a tenth of the work of `bits` bits
    // for a refined limit; any precision gives a valid enclosure.
    const long lbits = r > 0 ? std::min(bits, std::max(64L, 24 - floor_log2(r))) : bits;
    auto sigma1 = [&](const Mat& M) {
        I l = lambda_max_tight(gram(M), lbits);
        return with_bits(I(pos(sqrt_down(l.lo, bits) - r), sqrt_up(l.hi, bits) + r), bits);
    };
    L.sharpness = sqr(sigma1(tr.X())) + sqr(sigma1(tr.Y()));
    // coq: lemma_G concl sharpness_cap: lambda_max(Hess f(z_inf)) <= L_B
    if (G.L_B < L.sharpness.hi && G.L_B >= L.sharpness.lo) L.sharpness.hi = G.L_B;
    // ||X||^2 - ||Y||^2 moves by <= 2 |c| r + r^2 on the ball.
    Q gap = fro2(tr.X()) - fro2(tr.Y()), spread = 2 * sqrt_up(fro2(tr.X()) + fro2(tr.Y()), bits) * r + r * r;
    L.norm_gap = with_bits(I(gap - spread, gap + spread), bits);
    if (p.n() == p.m()) {
        // ||X - Y||^2 moves by <= 2 sqrt(2) ||D|| r + 2 r^2.
        Mat D = tr.X() - tr.Y();
        Q f = fro2(D), s = 2 * sqrt_up(2 * f, bits) * r + 2 * r * r;
        L.imbalance = with_bits(I(pos(f - s), f + s), bits);
    }
    return L;
}

bool intersect_into(MatrixLimit& t, const MatrixLimit& L) {
    bool ok = intersect_into(t.sharpness, L.sharpness) && intersect_into(t.norm_gap, L.norm_gap) &&
              intersect_into(t.imbalance, L.imbalance);
    for (size_t i = 0; i < t.X.size(); ++i) ok = ok && intersect_into(t.X[i], L.X[i]);
    for (size_t i = 0; i < t.Y.size(); ++i) ok = ok && intersect_into(t.Y[i], L.Y[i]);
    return ok;
}

}  // namespace chk
