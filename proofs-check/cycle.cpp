#include "cycle.hpp"

namespace chk {

// ---- the GD map on the state and its Jacobian (shared with orbits.cpp) ------------------

size_t dim(const Problem& p) { return p.scalar ? 2 : p.n() + p.m(); }

// Residual R = A - x y^T over the box (matrix family, d = 1).
std::vector<I> residual(const Problem& p, const Box& z) {
    const size_t n = p.n(), m = p.m();
    std::vector<I> R(n * m);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) R[i * m + j] = I(p.A(i, j)) - z[i] * z[n + j];
    return R;
}

// F(z) for every z in the box (naive interval evaluation).
Box image(const Problem& p, const Box& z) {
    const I H(p.h);
    if (p.scalar) {
        const I r = I(p.mu) - z[0] * z[1];
        return {z[0] + H * r * z[1], z[1] + H * r * z[0]};
    }
    const size_t n = p.n(), m = p.m();
    const std::vector<I> R = residual(p, z);
    Box out(n + m);
    for (size_t i = 0; i < n; ++i) {
        I s(0);
        for (size_t j = 0; j < m; ++j) s = s + R[i * m + j] * z[n + j];
        out[i] = z[i] + H * s;
    }
    for (size_t j = 0; j < m; ++j) {
        I s(0);
        for (size_t i = 0; i < n; ++i) s = s + R[i * m + j] * z[i];
        out[n + j] = z[n + j] + H * s;
    }
    return out;
}

// DF = I - h Hess f over the box.
IMat jacobian(const Problem& p, const Box& z) {
    const I H(p.h), one(1);
    if (p.scalar) {
        const I off = H * (I(p.mu) - I(2) * z[0] * z[1]);
        return {one - H * sqr(z[1]), off, off, one - H * sqr(z[0])};
    }
    const size_t n = p.n(), m = p.m(), N = n + m;
    const std::vector<I> R = residual(p, z);
    I x2(0), y2(0);
    for (size_t i = 0; i < n; ++i) x2 = x2 + sqr(z[i]);
    for (size_t j = 0; j < m; ++j) y2 = y2 + sqr(z[n + j]);
    IMat J(N * N, I(0));
    for (size_t i = 0; i < n; ++i) {
        J[i * N + i] = one - H * y2;  // dX+_i / dX_i
        for (size_t l = 0; l < m; ++l) J[i * N + n + l] = H * (R[i * m + l] - z[i] * z[n + l]);  // dX+_i / dY_l
    }
    for (size_t j = 0; j < m; ++j) {
        J[(n + j) * N + n + j] = one - H * x2;  // dY+_j / dY_j
        for (size_t k = 0; k < n; ++k) J[(n + j) * N + k] = H * (R[k * m + j] - z[k] * z[n + j]);  // dY+_j / dX_k
    }
    return J;
}

IMat multiply(const IMat& a, const IMat& b, size_t N) {
    IMat c(N * N, I(0));
    for (size_t i = 0; i < N; ++i)
        for (size_t k = 0; k < N; ++k) {
            if (a[i * N + k].lo == 0 && a[i * N + k].hi == 0) continue;
            for (size_t j = 0; j < N; ++j) c[i * N + j] = c[i * N + j] + a[i * N + k] * b[k * N + j];
        }
    return c;
}

Box apply(const IMat& a, const Box& v) {
    const size_t N = v.size();
    Box out(N, I(0));
    for (size_t i = 0; i < N; ++i)
        for (size_t k = 0; k < N; ++k) out[i] = out[i] + a[i * N + k] * v[k];
    return out;
}

IMat thin(const Mat& M) {
    IMat out;
    for (const Q& x : M.a) out.emplace_back(x);
    return out;
}

Iterated iterate(const Problem& p, const Box& box, long steps) {
    const size_t N = box.size();
    Iterated out;
    out.boxes.push_back(box);
    out.J.assign(N * N, I(0));
    for (size_t i = 0; i < N; ++i) out.J[i * N + i] = I(1);
    Box mid(N), offset(N);
    bool wide = false;
    for (size_t i = 0; i < N; ++i) {
        mid[i] = with_bits(I((box[i].lo + box[i].hi) / 2), box[i].bits);  // the box's precision
        offset[i] = box[i] - mid[i];
        wide = wide || !box[i].thin();
    }
    Box mj = mid;
    for (long j = 1; j <= steps; ++j) {
        const Box& prev = out.boxes.back();
        out.J = multiply(jacobian(p, prev), out.J, N);
        Box next = image(p, prev);
        if (wide) {
            mj = image(p, mj);
            const Box mv = apply(out.J, offset);
            for (size_t i = 0; i < N; ++i)
                if (!intersect_into(next[i], mj[i] + mv[i])) out.ok = false;  // both hold F^j(box): cannot happen
        }
        out.boxes.push_back(std::move(next));
        if (!out.ok) return out;
    }
    return out;
}

// Upper bound of |v|_2 for every v in the box: sqrt(sum mag^2), squared exactly.
Q norm_sq_up(const Box& v) {
    Q s = 0;
    for (const I& x : v) {
        Q m = mag(x);
        s += m * m;
    }
    return s;
}

// Exact inverse by Gauss-Jordan elimination; false if singular.
bool inverse(Mat M, Mat& inv) {
    const size_t n = M.r;
    inv = Mat(n, n);
    for (size_t i = 0; i < n; ++i) inv(i, i) = 1;
    for (size_t k = 0; k < n; ++k) {
        size_t piv = k;
        while (piv < n && M(piv, k) == 0) ++piv;
        if (piv == n) return false;
        if (piv != k)
            for (size_t j = 0; j < n; ++j) {
                std::swap(M(k, j), M(piv, j));
                std::swap(inv(k, j), inv(piv, j));
            }
        const Q f = 1 / M(k, k);
        for (size_t j = 0; j < n; ++j) {
            M(k, j) *= f;
            inv(k, j) *= f;
        }
        for (size_t i = 0; i < n; ++i) {
            if (i == k || M(i, k) == 0) continue;
            const Q g = M(i, k);
            for (size_t j = 0; j < n; ++j) {
                M(i, j) -= g * M(k, j);
                inv(i, j) -= g * inv(k, j);
            }
        }
    }
    return true;
}

bool disjoint(const Box& a, const Box& b) {
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].hi < b[i].lo || b[i].hi < a[i].lo) return true;
    return false;
}

namespace {

// c + Q^{-1} [-r, r]^N, exactly: c_i +- r sum_k |Q^{-1}_ik|.
Box region_hull(const std::vector<Q>& c, const Mat& Qinv, const Q& r, long bits) {
    Box out;
    for (size_t i = 0; i < c.size(); ++i) {
        Q s = 0;
        for (size_t k = 0; k < c.size(); ++k) s += abs(Qinv(i, k));
        out.push_back(with_bits(I(c[i] - r * s, c[i] + r * s), bits));
    }
    return out;
}

// lambda_max of the Hessian over the box (matrix family, d = 1): the tight
// enclosure at the box's exact midpoint, widened by Weyl's inequality
// |lambda_max(H(z)) - lambda_max(H(m))| <= ||H(z) - H(m)||_2 <= ||H(z) - H(m)||_F.
I hessian_lambda_max(const Problem& p, const Box& z, long bits) {
    const size_t n = p.n(), m = p.m(), N = n + m;
    auto hess = [&](const Box& w) {
        const std::vector<I> R = residual(p, w);
        I x2(0), y2(0);
        for (size_t i = 0; i < n; ++i) x2 = x2 + sqr(w[i]);
        for (size_t j = 0; j < m; ++j) y2 = y2 + sqr(w[n + j]);
        IMat Hm(N * N, I(0));
        for (size_t i = 0; i < n; ++i) Hm[i * N + i] = y2;
        for (size_t j = 0; j < m; ++j) Hm[(n + j) * N + n + j] = x2;
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < m; ++j) {
                I v = w[i] * w[n + j] - R[i * m + j];
                Hm[i * N + n + j] = v;
                Hm[(n + j) * N + i] = v;
            }
        return Hm;
    };
    Box mid;
    for (const I& x : z) mid.push_back(with_bits(I((x.lo + x.hi) / 2), bits));
    const IMat Hmid = hess(mid), Hbox = hess(z);
    Mat G(N, N);
    for (size_t k = 0; k < N * N; ++k) G.a[k] = Hmid[k].lo;
    // For z in the box H(z) lies in Hbox and G = Hmid.lo (H(m) itself) in Hmid, so
    // |H(z) - G| <= mag(Hbox - Hmid) entrywise.
    Q dev = 0;
    for (size_t k = 0; k < N * N; ++k) {
        Q a = mag(Hbox[k] - Hmid[k]);
        dev += a * a;
    }
    const Q e = sqrt_up(dev, bits);
    const I l = lambda_max_tight(G, bits);
    return with_bits(I(l.lo - e, l.hi + e), bits);
}

void cycle_quantities(CycleResult& C, const Problem& p, long period) {
    const long bits = C.bits;
    Iterated orbit = iterate(p, C.fixed_point, period - 1);
    C.points = orbit.boxes;
    C.loss.clear();
    C.sharpness.clear();
    const I half(Q(1, 2));
    for (const Box& z : C.points) {
        if (p.scalar) {
            const I r = I(p.mu) - z[0] * z[1];
            C.loss.push_back(half * sqr(r));
            const I x2 = sqr(z[0]), y2 = sqr(z[1]);
            // S^2 - 8 r mu + 12 r^2 = (x^2 - y^2)^2 + 4 (2 x y - mu)^2 >= 0.
            const I root = isqrt(sqr(x2 - y2) + I(4) * sqr(I(2) * z[0] * z[1] - I(p.mu)));
            const I lp = half * (x2 + y2 + root);
            // coq: L0_closed_form concl cycle_lambda_plus: lambda_+ = (S + sqrt((x^2 - y^2)^2 + 4 (2 x y - mu)^2)) / 2 = lambda_max (d = 1)
            // coq: L0_d_exact concl cycle_L0_d: max(lambda_+, |r|) = lambda_max(Hess f) for d >= 2 (S, r of the reduced point are those of the d-dimensional one)
            C.sharpness.push_back(p.d() >= 2 ? imax(lp, iabs(r)) : lp);
        } else {
            I s(0);
            for (const I& r : residual(p, z)) s = s + sqr(r);
            C.loss.push_back(half * s);
            C.sharpness.push_back(hessian_lambda_max(p, z, bits));
        }
    }
}

}  // namespace

Box trajectory_box(const Trajectory& tr, const Problem& p) {
    if (p.scalar) return {tr.box_x(), tr.box_y()};
    Box b;
    for (const Q& x : tr.X().a) b.push_back(with_bits(I(x - tr.e, x + tr.e), tr.interval_bits()));
    for (const Q& y : tr.Y().a) b.push_back(with_bits(I(y - tr.e, y + tr.e), tr.interval_bits()));
    return b;
}

CycleResult lemma_c(const Trajectory& tr, const Problem& p, const CycleRegion& S) {
    CycleResult C;
    C.bits = tr.interval_bits();  // the precision of everything below
    const long bits = C.bits;
    const size_t N = dim(p);
    if (!p.scalar && p.d() != 1) { C.failure = "the matrix family has a cycle certificate only for d = 1"; return C; }
    if (S.centre.size() != N || S.Qm.r != N || S.Qm.c != N) { C.failure = "centre or Q of the wrong size"; return C; }
    if (!(S.rho > 0)) { C.failure = "rho is not > 0"; return C; }
    if (S.period < 2) { C.failure = "period " + std::to_string(S.period) + " < 2 (not a cycle)"; return C; }
    // 1. The ball at step K lies in S.
    // coq: lemma_C hyp zK_in_S: |Q (z_K - c)|_2 <= rho (scalar family: the reduced 2-D map)
    const Box ball = trajectory_box(tr, p);
    Box w(N);
    for (size_t i = 0; i < N; ++i) w[i] = ball[i] - I(S.centre[i]);
    if (!(norm_sq_up(apply(thin(S.Qm), w)) <= S.rho * S.rho)) {
        C.failure = "the ball at step " + std::to_string(tr.k) + " does not lie in S (|Q (box - c)|_2 > rho)";
        return C;
    }
    // 2. Lemma C on H.
    Mat Qinv;
    if (!inverse(S.Qm, Qinv)) { C.failure = "Q is singular"; return C; }
    // coq: lemma_C hyp Qinv: Qi Q = I (exact rational inverse)
    // coq: inS_hull concl hull: |z_i - c_i| <= rho (|Qi_i1| + |Qi_i2|) for z in S, so H contains S
    C.hull = region_hull(S.centre, Qinv, S.rho, bits);
    const Iterated onH = iterate(p, C.hull, S.period);
    if (!onH.ok) { C.failure = "empty enclosure of F^j(H)"; return C; }
    const IMat M = multiply(multiply(thin(S.Qm), onH.J, N), thin(Qinv), N);
    IMat MtM(N * N, I(0));
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j < N; ++j)
            for (size_t k = 0; k < N; ++k) MtM[i * N + j] = MtM[i * N + j] + M[k * N + i] * M[k * N + j];
    Q inf = 0;
    for (size_t i = 0; i < N; ++i) {
        Q s = 0;
        for (size_t j = 0; j < N; ++j) s += mag(MtM[i * N + j]);
        if (s > inf) inf = s;
    }
    C.q = sqrt_up(inf, bits);
    // coq: lemma_C hyp jac_bound: 0 <= q and |B_i1| + |B_i2| <= q^2 (i = 1, 2) for B = M^T M, M = Q D Qi, row i of D = row i of DF^p(xi_i), xi_1, xi_2 in S, DF^j(z) = DF(F^{j-1} z) DF^{j-1}(z)
    Box c;
    for (const Q& x : S.centre) c.push_back(with_bits(I(x), bits));
    const Iterated atc = iterate(p, c, S.period);
    Box dc(N);
    for (size_t i = 0; i < N; ++i) dc[i] = atc.boxes.back()[i] - c[i];
    C.delta = sqrt_up(norm_sq_up(apply(thin(S.Qm), dc)), bits);
    // coq: lemma_C hyp delta: |Q (F^p(c) - c)|_2 <= delta
    // coq: lemma_C hyp q_lt_1: q < 1
    // coq: lemma_C hyp delta_q_rho: delta + q rho <= rho
    if (!(C.q < 1)) { C.failure = "q = " + decimal(C.q, 6, 1) + " is not < 1 (F^p is no contraction on H)"; return C; }
    if (!(C.delta + C.q * S.rho <= S.rho)) {
        C.failure = "delta + q rho = " + decimal(C.delta + C.q * S.rho, 6, 1) + " > rho = " + decimal(S.rho, 6, 1);
        return C;
    }
    // 3. The fixed point's box and the minimal period.
    // coq: lemma_C concl fixed_point: F^p maps S into S, contracts it by q in |Q .|_2 and has exactly one fixed point z* in S, |Q (z* - c)|_2 <= delta / (1 - q) <= r*
    // coq: lemma_C concl cycle_limit: |Q (z_{K + p n} - z*)|_2 <= 2 rho q^n and z_{K + p n + j} -> F^j(z*) for every j
    C.r_star = round_bits(C.delta / (1 - C.q), bits, +1);
    C.fixed_point = region_hull(S.centre, Qinv, C.r_star, bits);
    for (size_t i = 0; i < N; ++i)
        if (!intersect_into(C.fixed_point[i], C.hull[i])) { C.failure = "empty fixed-point box"; return C; }
    const Iterated orbit = iterate(p, C.fixed_point, S.period - 1);
    if (!orbit.ok) { C.failure = "empty enclosure of the cycle"; return C; }
    for (long j = 1; j < S.period; ++j)
        if (S.period % j == 0 && !disjoint(orbit.boxes[j], C.fixed_point)) {
            C.failure = "the fixed-point box meets its image under F^" + std::to_string(j) +
                        " (minimal period " + std::to_string(S.period) + " not proven)";
            return C;
        }
    cycle_quantities(C, p, S.period);
    return C;
}

bool narrow_cycle(CycleResult& C, const Problem& p, long period, int rounds) {
    bool narrower = false;
    for (int k = 0; k < rounds; ++k) {
        const Iterated it = iterate(p, C.fixed_point, period);
        if (!it.ok) break;
        Box next = C.fixed_point;
        bool changed = false;
        for (size_t i = 0; i < next.size(); ++i) {
            I before = next[i];
            if (!intersect_into(next[i], it.boxes.back()[i])) return narrower;  // cannot happen: z* in both
            changed = changed || next[i].lo != before.lo || next[i].hi != before.hi;
        }
        if (!changed) break;
        C.fixed_point = std::move(next);
        narrower = true;
    }
    if (narrower) cycle_quantities(C, p, period);
    return narrower;
}

}  // namespace chk
