#include "lrcert/certify/isotropic_lemma.hpp"

#include <cmath>
#include <mpfr.h>
#include <sstream>

namespace lrcert {

namespace {

UpperBound up(const Interval& x) { return UpperBound::of_mag(x); }

// [lo - D, hi + D], clamped at 0 (a = |x|^2 and b = |y|^2 are >= 0).
Interval window(const Interval& x, const UpperBound& D) {
    Interval w = widen(x, D);
    if (lo(w) < 0) w = make_interval(new_real(), hi(w));
    return w;
}

struct Bounds {
    UpperBound q, q_g, beta, rho, C, reach, x_reach, y_reach;
};

// The factor bounds of docs/math.md 16.1 over the window of half-width D.
Bounds bounds_on(const Gram<Interval>& box, const Interval& mu, const Interval& h, const Interval& w,
                 const UpperBound& eps, const UpperBound& g_K, const UpperBound& D) {
    const Interval one = make_interval(1L), two = make_interval(2L);
    const Interval a = window(box.a, D), b = window(box.b, D);
    const Interval r = widen(make_interval(0L), eps);  // |r| <= V <= eps
    const Interval c = mu + r;
    const Interval g = make_interval(new_real(), hi(point(eps) / w));  // 0 <= g <= V / w
    const Interval h2 = h * h;
    const Interval lin = one - h * (a + b);
    Bounds B;
    B.q = up(lin + h2 * c * r);
    B.q_g = up(interval_sqr(lin + h2 * (r * (c + mu) + g)));
    B.beta = up(h2 * (c - two * mu));
    B.rho = max(B.q, B.q_g + up(point(B.beta) / w));
    const Interval M = make_interval(new_real(), hi(interval_max(a, b)));  // sup of a and b
    B.C = max(up(two * h * interval_abs(c) + h2 * M * point(eps)), up((two * h + h2 * M) / w));
    if (!(B.rho < 1)) return B;
    const LowerBound gap = LowerBound::exact(1) - B.rho;
    B.reach = B.C * eps / gap;
    // sum_k h sqrt(b_k (r_k^2 + g_k)) <= h sqrt(sup b) sum_j (rho^j eps + q_g^(j/2) sqrt(g_K))
    //                                  = h sqrt(sup b) (eps / (1 - rho) + sqrt(g_K) / (1 - sqrt(q_g))).
    const LowerBound sgap = LowerBound::exact(1) - sqrt(B.q_g);
    const UpperBound tail = eps / gap + sqrt(g_K) / sgap;
    B.x_reach = up(h) * sqrt(UpperBound::of_mag(b)) * tail;
    B.y_reach = up(h) * sqrt(UpperBound::of_mag(a)) * tail;
    // Inflated by 1 + 2^-32 (still upper bounds): the checker's own reaches,
    // on another grid, then fit inside the reported limits (docs/math.md 16.1).
    const UpperBound inflate = UpperBound::of_rational(Rational(1) + Rational(1, 4294967296L));
    B.reach = B.reach * inflate;
    B.x_reach = B.x_reach * inflate;
    B.y_reach = B.y_reach * inflate;
    return B;
}

std::string text(const UpperBound& x) { return x.decimal(4); }

// The weight w of V = |r| + w g: a choice (any w > 0 gives a valid lemma), in
// working-precision reals (r and g may be far below double's range). Large
// enough that beta / w leaves rho near q (w >= 2 beta / (q - q^2), from the
// box's midpoint and |c - 2 mu| over the box), and that the window's
// g <= eps / w stays small: w >= r_up / max(g_up, r_up^2), which keeps
// eps = r_up + w g_up <= 2 r_up + ... and eps / w <= 2 max(g_up, r_up^2).
Real choose_weight(const Gram<Interval>& box, const Interval& mu, const Interval& h, const Real& r_up,
                   const Real& g_up) {
    Real w = new_real();
    w = 1;
    const Real hm = midpoint(h);
    const Real q = abs(Real(1) - hm * (midpoint(box.a) + midpoint(box.b)));
    const Real beta = hm * hm * mag_up(box.c - make_interval(2L) * mu);
    const Real spread = q - q * q;
    if (q < 1 && spread > 0 && beta > 0) w = 2 * beta / spread;
    if (r_up > 0) {
        const Real floor_g = g_up > r_up * r_up ? g_up : Real(r_up * r_up);
        const Real alt = r_up / floor_g;
        if (alt > w) w = alt;
    }
    if (!mpfr_number_p(w.backend().data()) || !(w > 0)) w = 1;
    return w;
}

}  // namespace

LemmaI check_lemma_i(const Gram<Interval>& box, const Interval& mu, const Interval& h, const UpperBound* g_bound) {
    LemmaI L;
    const Interval r0 = box.c - mu;
    Interval g0 = box.a * box.b - interval_sqr(box.c);
    L.g_K = UpperBound::assume_upper(hi(g0) < 0 ? new_real() : hi(g0));  // g >= 0 always
    if (g_bound) L.g_K = min(L.g_K, *g_bound);
    L.w = choose_weight(box, mu, h, mag_up(r0), L.g_K.real());
    const Interval w = make_interval(L.w);
    L.eps = up(r0) + up(point(L.g_K) * w);
    if (!L.eps.finite()) {
        L.failure = "the box at this step is not finite";
        return L;
    }
    // The window: first the bounds on the box itself (D = 0), then a window
    // twice the reach they give, checked until it holds its own reach.
    UpperBound D = UpperBound::exact(0);
    Bounds B = bounds_on(box, mu, h, w, L.eps, L.g_K, D);
    for (int attempt = 0; attempt < 4; ++attempt) {
        if (!(B.rho < 1)) break;
        D = UpperBound::exact(2) * B.reach;
        B = bounds_on(box, mu, h, w, L.eps, L.g_K, D);
        if (B.rho < 1 && B.reach.finite() && B.x_reach.finite() && B.y_reach.finite() && B.reach <= D) {
            L.holds = true;
            break;
        }
    }
    L.D = D;
    L.q = B.q;
    L.q_g = B.q_g;
    L.beta = B.beta;
    L.rho = B.rho;
    L.C = B.C;
    L.reach = B.reach;
    L.x_reach = B.x_reach;
    L.y_reach = B.y_reach;
    if (!L.holds) {
        std::ostringstream os;
        if (!(B.rho < 1))
            os << "rho = max(q, q_g + beta / w) <= " << text(B.rho) << " is not < 1 (q <= " << text(B.q)
               << ", q_g <= " << text(B.q_g) << ", eps <= " << text(L.eps)
               << "): not yet near the minimizer set c = mu, a b = mu^2, or h (a + b) not in (0, 2) there";
        else
            os << "the window does not hold its own reach (C eps / (1 - rho) <= " << text(B.reach) << " > D = "
               << text(D) << ")";
        L.failure = os.str();
    }
    return L;
}

}  // namespace lrcert
