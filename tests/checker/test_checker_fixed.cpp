// lrcert-check's fixed-point matrices (proofs-check/fixed.hpp) and the
// trajectory built on them (gd.hpp: dyadic centres, Weyl bounds between
// norm refreshes; docs/checker.md Lemma 1, section 4), its code only.
// Oracles: products, sums and norms recomputed here in plain mpq loops; the
// largest eigenvalue of a 2 x 2 Gram matrix in closed form, decided exactly;
// the exact rational GD run z_k, which every ball must contain; the
// principal minors for positive_semidefinite (crosscheck.hpp).
#include "crosscheck.hpp"
#include "fixed.hpp"
#include "gd.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

using chk::Mat;
using chk::Q;
using chk::Z;
using chk::ZMat;

namespace {

// Random rationals with mixed denominators (decimal, dyadic, 1/3-type).
Mat random_mat(std::mt19937& g, size_t r, size_t c) {
    static const long dens[] = {1, 3, 10, 64, 1000, 7};
    std::uniform_int_distribution<long> num(-2000, 2000), pick(0, 5);
    Mat m(r, c);
    for (Q& v : m.a) {
        v = Q(num(g), dens[pick(g)]);
        v.canonicalize();
    }
    return m;
}

Mat plain_mul(const Mat& x, const Mat& y, bool tx, bool ty) {  // op(x) op(y) in mpq
    const size_t r = tx ? x.c : x.r, inner = tx ? x.r : x.c, c = ty ? y.r : y.c;
    Mat p(r, c);
    for (size_t i = 0; i < r; ++i)
        for (size_t j = 0; j < c; ++j) {
            Q s = 0;
            for (size_t k = 0; k < inner; ++k) s += (tx ? x(k, i) : x(i, k)) * (ty ? y(j, k) : y(k, j));
            p(i, j) = s;
        }
    return p;
}

bool same(const Mat& a, const Mat& b) { return a.r == b.r && a.c == b.c && a.a == b.a; }

// lambda_max(M^T M) <= b^2 for a 2 x 2 M, decided exactly: with t = trace and
// D = det of G = M^T M, lambda_max = (t + sqrt(t^2 - 4 D)) / 2.
bool spectral_at_most(const Mat& M, const Q& b) {
    const Mat G = plain_mul(M, M, true, false);
    const Q t = G(0, 0) + G(1, 1), D = G(0, 0) * G(1, 1) - G(0, 1) * G(1, 0);
    const Q lhs = 2 * b * b - t;  // need lhs >= sqrt(t^2 - 4 D)
    return lhs >= 0 && lhs * lhs >= t * t - 4 * D;
}

}  // namespace

TEST_CASE("fixed-point products, sums and norms equal the mpq ones", "[checker][fixed]") {
    std::mt19937 g(15);
    for (int trial = 0; trial < 20; ++trial) {
        const size_t n = 1 + trial % 4, m = 1 + (trial / 2) % 3, d = 1 + (trial / 3) % 3;
        const Mat X = random_mat(g, n, d), Y = random_mat(g, m, d), A = random_mat(g, n, m);
        const ZMat Xz = chk::zmat(X), Yz = chk::zmat(Y), Az = chk::zmat(A);
        REQUIRE(same(chk::to_mat(Xz), X));
        const Mat P = plain_mul(X, Y, false, true);
        REQUIRE(same(chk::to_mat(chk::mul_t(Xz, Yz)), P));
        Mat R(n, m);
        for (size_t k = 0; k < R.a.size(); ++k) R.a[k] = A.a[k] - P.a[k];
        const ZMat Rz = chk::add(Az, chk::mul_t(Xz, Yz), Q(-1));
        REQUIRE(same(chk::to_mat(Rz), R));
        REQUIRE(same(chk::to_mat(chk::mul(Rz, Yz)), plain_mul(R, Y, false, false)));
        REQUIRE(same(chk::to_mat(chk::t_mul(Rz, Xz)), plain_mul(R, X, true, false)));
        const Q h(7, 100);
        Mat Xn = plain_mul(R, Y, false, false);
        for (size_t k = 0; k < Xn.a.size(); ++k) Xn.a[k] = X.a[k] + h * Xn.a[k];
        REQUIRE(same(chk::to_mat(chk::add(Xz, chk::mul(Rz, Yz), h)), Xn));
        Q f = 0, fd = 0;
        for (size_t k = 0; k < R.a.size(); ++k) f += R.a[k] * R.a[k];
        for (size_t k = 0; k < X.a.size(); ++k) fd += (X.a[k] - Xn.a[k]) * (X.a[k] - Xn.a[k]);
        REQUIRE(chk::fro2(Rz) == f);
        REQUIRE(chk::fro2_diff(Xz, chk::zmat(Xn)) == fd);
        REQUIRE(same(chk::gram(Xz), n <= d ? plain_mul(X, X, false, true) : plain_mul(X, X, true, false)));
    }
}

TEST_CASE("round_grid: one dyadic grid, the exact squared error, about `bits` bits", "[checker][fixed]") {
    std::mt19937 g(16);
    for (long bits : {16L, 40L, 200L}) {  // entries below 2^11: s >= 0, the grid step is 1/den
        const Mat X = random_mat(g, 3, 4);
        Q err2;
        const ZMat G = chk::round_grid(chk::zmat(X), bits, err2);
        const Mat C = chk::to_mat(G);
        // den a power of two: 2^s
        REQUIRE(mpz_popcount(G.den.get_mpz_t()) == 1);
        Q e2 = 0, top = 0;
        for (size_t k = 0; k < X.a.size(); ++k) {
            const Q diff = X.a[k] - C.a[k];
            e2 += diff * diff;
            REQUIRE(2 * abs(diff) * Q(G.den) <= 1);  // nearest: within half a grid step
            if (abs(X.a[k]) > top) top = abs(X.a[k]);
        }
        REQUIRE(err2 == e2);
        const Q scaled = top * Q(G.den);  // the largest entry in grid units: 2^(bits-2) .. 2^(bits+1)
        REQUIRE(scaled >= chk::pow2(bits - 2));
        REQUIRE(scaled <= chk::pow2(bits + 1));
    }
    // Huge entries with few bits: a grid coarser than 1 (s < 0), den = 1.
    Mat big(1, 2);
    big(0, 0) = Q(Z("123456789123456789"), 7);
    big(0, 1) = Q(-5, 3);
    Q err2;
    const ZMat G = chk::round_grid(chk::zmat(big), 4, err2);
    REQUIRE(G.den == 1);
    const Mat C = chk::to_mat(G);
    REQUIRE(C(0, 1) == 0);
    REQUIRE(err2 == (big(0, 0) - C(0, 0)) * (big(0, 0) - C(0, 0)) + Q(25, 9));
    // The zero matrix is exact.
    const ZMat Z0 = chk::round_grid(ZMat(2, 2), 64, err2);
    REQUIRE(err2 == 0);
    REQUIRE(chk::fro2(Z0) == 0);
}

TEST_CASE("Weyl bound of a refresh: ||M||_2 <= s_r + ||M - M_r||_F, and the increment is needed",
          "[checker][fixed]") {
    std::mt19937 g(17);
    int needed = 0;
    for (int trial = 0; trial < 40; ++trial) {
        const Mat Mr = random_mat(g, 2, 2);
        Mat M = Mr;
        const Mat D = random_mat(g, 2, 2);
        for (size_t k = 0; k < 4; ++k) M.a[k] += D.a[k] / (1 + trial);
        // s_r: the checker's proven bound at the reference.
        const Q sr = chk::sqrt_up(chk::lambda_max_up(chk::gram(chk::zmat(Mr))), 64);
        REQUIRE(spectral_at_most(Mr, sr));
        const Q w = chk::sqrt_up(chk::fro2_diff(chk::zmat(M), chk::zmat(Mr)), 64);
        REQUIRE(spectral_at_most(M, sr + w));
        if (!spectral_at_most(M, sr)) ++needed;  // the reference's bound alone fails
    }
    REQUIRE(needed > 0);
}

TEST_CASE("round_grid with a denominator o 2^w, w >= s (shift and one-limb division): nearest, exact error",
          "[checker][fixed]") {
    std::mt19937 g(17);
    std::uniform_int_distribution<long> num(-(1L << 40), 1L << 40);
    for (long o : {1L, 5L, 125L, 3L * 7 * 11}) {
        ZMat x(2, 3);
        x.den = o;
        x.den <<= 300;  // values about 2^40 / (o 2^300); bits = 30 gives s < 300
        for (Z& v : x.a) {
            v = num(g);
            v <<= 10;
            v += num(g);
        }
        const Mat X = chk::to_mat(x);
        Q err2;
        const ZMat G = chk::round_grid(x, 30, err2);
        REQUIRE(mpz_popcount(G.den.get_mpz_t()) == 1);
        const Mat C = chk::to_mat(G);
        Q e2 = 0;
        for (size_t k = 0; k < X.a.size(); ++k) {
            const Q diff = X.a[k] - C.a[k];
            e2 += diff * diff;
            REQUIRE(2 * abs(diff) * Q(G.den) <= 1);  // nearest
        }
        REQUIRE(err2 == e2);
        REQUIRE(err2 > 0);
    }
}

TEST_CASE("truncate_grid: floor onto 1/(odd 2^t), every error in [0, quantum)", "[checker][fixed]") {
    std::mt19937 g(18);
    for (long t : {0L, 5L, 37L}) {
        Mat X = random_mat(g, 3, 4);
        X.a[0] = chk::pow2(-t - 1);  // o / 2 grid steps of 1/(o 2^t), o odd: the error is exactly half a step
        ZMat x = chk::zmat(X);
        for (Z& v : x.a) v <<= 100;  // the same values over den 2^100: bits to drop
        x.den <<= 100;
        Q q;
        const ZMat y = chk::truncate_grid(x, t, q);
        REQUIRE(q > 0);
        REQUIRE(static_cast<long>(mpz_scan1(y.den.get_mpz_t(), 0)) == t);
        const Mat Y = chk::to_mat(y);
        for (size_t k = 0; k < X.a.size(); ++k) {
            const Q diff = X.a[k] - Y.a[k];
            REQUIRE(diff >= 0);
            REQUIRE(diff < q);
        }
        REQUIRE(X.a[0] - Y.a[0] == q / 2);  // the bound is not vacuous
        // quantum = 2^(v - t) / den: the grid step of the result
        REQUIRE(q == Q(1) / Q(y.den));
    }
    // Nothing to drop: the same matrix, quantum 0.
    Mat d(1, 2);
    d(0, 0) = Q(3, 8);
    d(0, 1) = Q(-1, 5);
    Q q;
    const ZMat y = chk::truncate_grid(chk::zmat(d), 3, q);
    REQUIRE(q == 0);
    REQUIRE(same(chk::to_mat(y), d));
}

TEST_CASE("the fixed-point trajectory's balls contain the exact GD iterates; refreshes are rare", "[checker][fixed]") {
    // Near the zero-residual point (X*, Y*), A = X* Y*^T, started off by 1/20.
    chk::Problem p;
    p.h = Q(1, 10);
    Mat Xs(2, 2), Ys(2, 2);
    Xs(0, 0) = Q(1); Xs(0, 1) = Q(1, 10); Xs(1, 0) = Q(-1, 5); Xs(1, 1) = Q(7, 10);
    Ys(0, 0) = Q(9, 10); Ys(0, 1) = Q(0); Ys(1, 0) = Q(3, 10); Ys(1, 1) = Q(4, 5);
    p.A = plain_mul(Xs, Ys, false, true);
    p.X0 = Xs;
    p.Y0 = Ys;
    p.X0(0, 0) += Q(1, 20);
    p.Y0(1, 0) -= Q(1, 20);
    // The exact run in mpq (plain loops), X+ = X + h R Y, Y+ = Y + h R^T X;
    // its sizes triple per step, so only the first steps are compared.
    const long exact_steps = 7, steps = 80;
    auto run = [&](chk::Trajectory& tr, const Q& shrink) {
        Mat X = p.X0, Y = p.Y0;
        for (long k = 1; k <= exact_steps; ++k) {
            Mat P = plain_mul(X, Y, false, true), R(2, 2);
            for (size_t i = 0; i < 4; ++i) R.a[i] = p.A.a[i] - P.a[i];
            Mat RY = plain_mul(R, Y, false, false), RtX = plain_mul(R, X, true, false);
            for (size_t i = 0; i < 4; ++i) {
                X.a[i] += p.h * RY.a[i];
                Y.a[i] += p.h * RtX.a[i];
            }
            tr.advance();
            Q d2 = 0;
            for (size_t i = 0; i < 4; ++i) {
                d2 += (X.a[i] - tr.X().a[i]) * (X.a[i] - tr.X().a[i]);
                d2 += (Y.a[i] - tr.Y().a[i]) * (Y.a[i] - tr.Y().a[i]);
            }
            REQUIRE(d2 > 0);  // the grid is coarse: the centre is not the exact iterate
            if (d2 > tr.e * tr.e * shrink * shrink) return false;
            // The exposed bounds are the exact ones at the centre.
            REQUIRE(spectral_at_most(tr.X(), tr.sx()));
            REQUIRE(spectral_at_most(tr.R(), tr.sr()));
        }
        return true;
    };
    chk::Trajectory tr(p, 24, 120);  // a coarse grid: defects and growth both matter
    REQUIRE(run(tr, Q(1)));
    while (tr.k < steps) tr.advance();
    REQUIRE(tr.norm_refreshes() >= 1);
    REQUIRE(tr.norm_refreshes() < steps / 2);  // the Weyl bounds carried most steps
    // A radius a quarter of the checker's does not hold at some step: the
    // recurrence is not vacuous (|z_k - c_k| <= e must be earned).
    chk::Trajectory again(p, 24, 120);
    REQUIRE(!run(again, Q(1, 4)));
}

namespace {

Q det(const std::vector<std::vector<Q>>& m) {  // Laplace expansion, small sizes only
    const size_t n = m.size();
    if (n == 0) return 1;
    Q s = 0;
    for (size_t j = 0; j < n; ++j) {
        std::vector<std::vector<Q>> minor;
        for (size_t i = 1; i < n; ++i) {
            std::vector<Q> row;
            for (size_t k = 0; k < n; ++k)
                if (k != j) row.push_back(m[i][k]);
            minor.push_back(row);
        }
        s += (j % 2 ? -1 : 1) * m[0][j] * det(minor);
    }
    return s;
}

bool psd_by_minors(const Mat& S) {  // every principal minor >= 0
    const size_t n = S.r;
    for (unsigned mask = 1; mask < (1u << n); ++mask) {
        std::vector<size_t> idx;
        for (size_t i = 0; i < n; ++i)
            if (mask & (1u << i)) idx.push_back(i);
        std::vector<std::vector<Q>> m(idx.size(), std::vector<Q>(idx.size()));
        for (size_t a = 0; a < idx.size(); ++a)
            for (size_t b = 0; b < idx.size(); ++b) m[a][b] = S(idx[a], idx[b]);
        if (det(m) < 0) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("positive_semidefinite (fraction-free, zero rows deleted) against the principal minors", "[checker][fixed]") {
    std::mt19937 g(18);
    int yes = 0, no = 0;
    for (int trial = 0; trial < 60; ++trial) {
        const size_t n = 2 + trial % 3;
        const Mat V = random_mat(g, n, 1 + trial % 2);
        Mat S = plain_mul(V, V, false, true);  // PSD, rank-deficient
        if (trial % 3 == 1) {  // a zero row and column
            for (size_t j = 0; j < n; ++j) S(0, j) = S(j, 0) = 0;
        }
        if (trial % 4 == 2) S(n - 1, n - 1) -= Q(1, 1000);  // usually indefinite now
        if (trial % 5 == 3) {  // zero pivot, nonzero rest of its row: never PSD
            S(0, 0) = 0;
            if (S(0, 1) == 0) S(0, 1) = S(1, 0) = 1;
        }
        const bool want = psd_by_minors(S);
        REQUIRE(chk::positive_semidefinite(S) == want);
        (want ? yes : no)++;
    }
    REQUIRE(yes > 10);
    REQUIRE(no > 10);
}

TEST_CASE("checker rayleigh, gershgorin and fro2 in integers equal plain mpq loops", "[checker][fixed]") {
    std::mt19937 g(15);
    for (size_t n : {1u, 3u, 9u}) {
        Mat a = random_mat(g, n, n), s(n, n);
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < n; ++j) s(i, j) = a(i, j) + a(j, i);  // symmetric
        const Mat vm = random_mat(g, 1, n);
        std::vector<Q> v = vm.a;
        v[0] += 1;  // never the zero vector (random_mat's numerators may all vanish only with tiny odds)
        Q num = 0, den = 0, f = 0, gb;
        for (size_t i = 0; i < n; ++i) {
            Q row = s(i, i);
            for (size_t j = 0; j < n; ++j) {
                num += v[i] * s(i, j) * v[j];
                f += s(i, j) * s(i, j);
                if (j != i) row += abs(s(i, j));
            }
            den += v[i] * v[i];
            if (i == 0 || row > gb) gb = row;
        }
        if (den == 0) continue;
        CHECK(chk::rayleigh(s, v) == num / den);
        CHECK(chk::gershgorin(s) == gb);
        CHECK(chk::fro2(s) == f);
    }
}

TEST_CASE("round_grid, one-limb split path: halves round up, the entries next to them to nearest, exact error",
          "[checker][fixed]") {
    for (long o : {1L, 5L, 3L * 7 * 11}) {
        ZMat x(1, 9);
        x.den = o;
        x.den <<= 300;
        x.a[0] = 1;
        x.a[0] <<= 200;  // the largest entry fixes the grid 2^-s
        Q err2;
        const ZMat G0 = chk::round_grid(x, 30, err2);
        const long s = static_cast<long>(mpz_sizeinbase(G0.den.get_mpz_t(), 2)) - 1;
        REQUIRE(s > 1);
        REQUIRE(s < 299);
        // (K + f) 2^-s over den = o 2^300: numerator (K + f) o 2^(300 - s); here 2 (K + f) o 2^(299 - s).
        const Z unit = Z(1) << static_cast<mp_bitcnt_t>(299 - s);
        const long K = 12345;
        const Z half = Z(2 * K + 1) * o * unit;              // f = 1/2 exactly: a tie, rounds up
        x.a[1] = half;
        x.a[2] = half - 1;                                   // just below: down
        x.a[3] = half + 1;                                   // just above: up
        x.a[4] = Z(2 * K * o + o - 1) * unit;                // f = (o - 1) / (2 o): down (0 when o = 1)
        x.a[5] = Z(2 * K * o + o + 1) * unit;                // f = (o + 1) / (2 o): up
        x.a[6] = -half;                                      // -K - 1/2: a tie, rounds up to -K
        x.a[7] = -(half + 1);                                // below -K - 1/2: down to -K - 1
        x.a[8] = Z(2 * K * o + o - 1) * unit + 1;            // just above (o - 1) / (2 o)
        const ZMat G = chk::round_grid(x, 30, err2);
        REQUIRE(G.den == G0.den);
        const Mat X = chk::to_mat(x), C = chk::to_mat(G);
        const Q grid = chk::pow2(s);
        Q e2 = 0;
        for (size_t k = 0; k < X.a.size(); ++k) {
            // oracle: floor(x 2^s + 1/2) 2^-s, in plain mpq
            const Q y = X.a[k] * grid + Q(1, 2);
            Z fl;
            mpz_fdiv_q(fl.get_mpz_t(), y.get_num_mpz_t(), y.get_den_mpz_t());
            REQUIRE(C.a[k] == Q(fl) / grid);
            const Q diff = X.a[k] - C.a[k];
            e2 += diff * diff;
        }
        REQUIRE(err2 == e2);
        REQUIRE(C.a[1] == Q(K + 1) / grid);
        REQUIRE(C.a[6] == Q(-K) / grid);
    }
}

TEST_CASE("fro2_up and fro2_diff_up: upper bounds within (1 + sqrt(n) 2^-31)^2 of the exact sums, exact when small",
          "[checker][fixed]") {
    std::mt19937 g(23);
    std::uniform_int_distribution<long> num(-(1L << 40), 1L << 40);
    for (int trial = 0; trial < 20; ++trial) {
        ZMat x(4, 5), y(4, 5);
        x.den = 3;
        x.den <<= 200;
        y.den = x.den;
        for (size_t k = 0; k < x.a.size(); ++k) {
            x.a[k] = num(g);
            x.a[k] <<= static_cast<mp_bitcnt_t>(trial * 9);
            x.a[k] += num(g);
            y.a[k] = x.a[k] + (k % 3 == 0 ? Z(0) : Z(num(g)) * (trial % 2 ? Z(1) : Z(x.a[k])));
        }
        x.a[7] = 0;  // zeros are skipped
        // Oracles: plain mpq sums of squares.
        Q f = 0, fd = 0;
        const Mat X = chk::to_mat(x), Y = chk::to_mat(y);
        for (size_t k = 0; k < X.a.size(); ++k) {
            f += X.a[k] * X.a[k];
            fd += (X.a[k] - Y.a[k]) * (X.a[k] - Y.a[k]);
        }
        const Q slack = Q(1) + Q(5, 1) * chk::pow2(-31);  // sqrt(20) < 5
        const Q fu = chk::fro2_up(x), fdu = chk::fro2_diff_up(x, y);
        REQUIRE(fu >= f);
        REQUIRE(fu <= f * slack * slack);
        REQUIRE(fdu >= fd);
        REQUIRE(fdu <= fd * slack * slack);
    }
    ZMat s(2, 2);  // entries of at most 32 bits: the sums are exact
    s.den = 7;
    s.a = {Z(3), Z(-4), Z(0), Z(4294967295L)};
    REQUIRE(chk::fro2_up(s) == chk::fro2(s));
    ZMat s2 = s;
    s2.a[1] = 5;
    REQUIRE(chk::fro2_diff_up(s, s2) == Q(81, 49));
    ZMat other = s2;
    other.den = 5;  // different denominators: the exact value
    REQUIRE(chk::fro2_diff_up(s, other) == chk::fro2_diff(s, other));
}

TEST_CASE("spectral_up and spectral_up_coarse bound ||M||_2 (closed form for 2 x 2), within 2^-38 of it (the shifts start 2^-40 above)",
          "[checker][fixed]") {
    std::mt19937 g(29);
    std::uniform_int_distribution<long> num(-(1L << 40), 1L << 40);
    int coarse_used = 0;
    std::vector<double> warm;
    for (int trial = 0; trial < 30; ++trial) {
        ZMat m(2, 2);
        m.den = trial % 3 == 0 ? Z(7) : Z(1000);
        m.den <<= static_cast<mp_bitcnt_t>(trial * 7);
        for (Z& v : m.a) {
            v = num(g);
            v <<= static_cast<mp_bitcnt_t>(trial * 5);  // from 41 bits (no cut) to 186 bits
            v += num(g);
        }
        if (trial == 5) m.a[1] = 0;
        const Mat M = chk::to_mat(m);
        const Q b = chk::spectral_up(m), bc = chk::spectral_up_coarse(m);
        REQUIRE(spectral_at_most(M, b));
        REQUIRE(spectral_at_most(M, bc));
        // not loose: below the bound shrunk by 2^-38 the closed form fails
        REQUIRE_FALSE(spectral_at_most(M, b * (1 - chk::pow2(-38))));
        REQUIRE_FALSE(spectral_at_most(M, bc * (1 - chk::pow2(-38))));
        if (bc != b) ++coarse_used;
        // With a power-iteration vector kept between calls (the refreshes' shift guess): still a bound,
        // at most 2^-14 (lambda) looser; twice, the second call warm-started from the first's vector.
        for (int call = 0; call < 2; ++call) {
            const Q bw = chk::spectral_up_coarse(m, &warm);
            REQUIRE(spectral_at_most(M, bw));
            REQUIRE_FALSE(spectral_at_most(M, bw * (1 - chk::pow2(-12))));
        }
    }
    REQUIRE(coarse_used > 0);
    // Not square: 3 x 2 (Gram M^T M, sums over 3 rows) and 2 x 3 (Gram M M^T, sums over 3 columns),
    // against the closed form of the 2 x 2 Gram matrix of the 3 x 2 one (||M||_2 = ||M^T||_2).
    for (int trial = 0; trial < 10; ++trial) {
        ZMat m(3, 2), mt(2, 3);
        m.den = 999;
        m.den <<= static_cast<mp_bitcnt_t>(trial * 11);
        mt.den = m.den;
        for (size_t i = 0; i < 3; ++i)
            for (size_t j = 0; j < 2; ++j) {
                Z v = num(g);
                v <<= static_cast<mp_bitcnt_t>(trial * 13);
                v += num(g);
                m.a[i * 2 + j] = v;
                mt.a[j * 3 + i] = v;
            }
        const Mat M = chk::to_mat(m);
        for (const ZMat* x : {&m, &mt}) {
            std::vector<double> w;
            const Q b = chk::spectral_up(*x), bc = chk::spectral_up_coarse(*x), bw = chk::spectral_up_coarse(*x, &w);
            REQUIRE(spectral_at_most(M, b));
            REQUIRE(spectral_at_most(M, bc));
            REQUIRE(spectral_at_most(M, bw));
            REQUIRE_FALSE(spectral_at_most(M, bc * (1 - chk::pow2(-12))));
        }
    }
    ZMat z(2, 3);  // the zero matrix
    REQUIRE(chk::spectral_up(z) == 0);
    REQUIRE(chk::spectral_up_coarse(z) == 0);
}

TEST_CASE("round_grid_into's error bound: the same grid values, at least the exact squared error, at most n 4^-s 2^-31 above",
          "[checker][fixed]") {
    std::mt19937 g(31);
    std::uniform_int_distribution<long> num(-(1L << 40), 1L << 40);
    int bounded = 0;
    for (long o : {1L, 5L, 125L, 3L * 7 * 11, 4294967291L /* < 2^32 */, 4294967311L /* > 2^32: exact */}) {
        for (int shiftish : {0, 40, 200}) {
            ZMat x(3, 4);
            x.den = o;
            x.den <<= static_cast<mp_bitcnt_t>(100 + shiftish);
            for (Z& v : x.a) {
                v = num(g);
                v <<= static_cast<mp_bitcnt_t>(shiftish);
                v += num(g);
            }
            Q exact, bound;
            const ZMat G = chk::round_grid(x, 30, exact);
            ZMat Gb(1, 1);  // reused (resized)
            chk::round_grid_into(Gb, x, 30, bound);
            REQUIRE(Gb.den == G.den);
            REQUIRE(Gb.a == G.a);
            // the exact error recomputed in plain mpq
            const Mat X = chk::to_mat(x), C = chk::to_mat(G);
            Q e2 = 0;
            for (size_t k = 0; k < X.a.size(); ++k) e2 += (X.a[k] - C.a[k]) * (X.a[k] - C.a[k]);
            REQUIRE(exact == e2);
            REQUIRE(bound >= e2);
            const long s = static_cast<long>(mpz_sizeinbase(G.den.get_mpz_t(), 2)) - 1;
            REQUIRE(bound <= e2 + Q(static_cast<long>(X.a.size())) * chk::pow2(-2 * s - 31));
            if (bound != e2) ++bounded;
        }
    }
    REQUIRE(bounded > 0);
}

TEST_CASE("add and add_into equal the mpq sums x + f y for factors of every kind", "[checker][fixed]") {
    std::mt19937 g(37);
    for (int trial = 0; trial < 12; ++trial) {
        const Mat X = random_mat(g, 3, 2), Y = random_mat(g, 3, 2);
        ZMat x = chk::zmat(X), y = chk::zmat(Y);
        x.den <<= static_cast<mp_bitcnt_t>(trial * 40);  // x over o 2^k: sx = h's denominator times a power of 2
        for (Z& v : x.a) v <<= static_cast<mp_bitcnt_t>(trial * 40);
        const Mat Xs = chk::to_mat(x);
        ZMat s(1, 1);
        for (const Q& f : {Q(1), Q(-1), Q(4, 25), Q(-3, 7), Q(5), Q(-12345678901L), Q(Z(Z(1) << 70), Z(3)), Q(Z(-(Z(1) << 70) - 1), Z(9))}) {
            Mat want(3, 2);
            for (size_t k = 0; k < want.a.size(); ++k) want.a[k] = Xs.a[k] + f * Y.a[k];
            chk::add_into(s, x, y, f);
            REQUIRE(same(chk::to_mat(s), want));
            REQUIRE(same(chk::to_mat(chk::add(x, y, f)), want));
        }
    }
}

TEST_CASE("lambda_min_down_z: a lower bound of lambda_min (2 x 2 closed form), within 2^-28 of it; 0 when singular",
          "[checker][fixed]") {
    std::mt19937 g(41);
    std::uniform_int_distribution<long> num(-(1L << 40), 1L << 40);
    for (int trial = 0; trial < 30; ++trial) {
        ZMat m(2, 2);
        m.den = 1000;
        m.den <<= static_cast<mp_bitcnt_t>(trial * 3);
        for (Z& v : m.a) {
            v = num(g);
            v <<= static_cast<mp_bitcnt_t>(trial * 4);
            v += num(g);
        }
        const ZMat G = chk::gram_z(m);
        const Mat Gq = chk::to_mat(G);
        const Q t = Gq(0, 0) + Gq(1, 1), D = Gq(0, 0) * Gq(1, 1) - Gq(0, 1) * Gq(1, 0);
        // b <= lambda_min = (t - sqrt(t^2 - 4 D)) / 2  <=>  t - 2 b >= 0 and (t - 2 b)^2 >= t^2 - 4 D
        auto at_most_min = [&](const Q& b) { const Q u = t - 2 * b; return u >= 0 && u * u >= t * t - 4 * D; };
        const Q b = chk::lambda_min_down_z(G);
        REQUIRE(b > 0);
        REQUIRE(at_most_min(b));
        REQUIRE_FALSE(at_most_min(b * (1 + chk::pow2(-28))));
    }
    // Ill-conditioned: [[1, 1], [1, 1 + 2^-k]] over 2^k, lambda_min of the Gram matrix about 2^-2k / 4
    // of its scale, below the double guess's resolution for large k: still never above lambda_min.
    for (int k = 10; k <= 40; k += 3) {
        ZMat m(2, 2);
        m.den = 1;
        m.den <<= static_cast<mp_bitcnt_t>(k);
        const Z one = Z(1) << static_cast<mp_bitcnt_t>(k);
        m.a = {one, one, one, one + 1};
        const ZMat G = chk::gram_z(m);
        const Mat Gq = chk::to_mat(G);
        const Q t = Gq(0, 0) + Gq(1, 1), D = Gq(0, 0) * Gq(1, 1) - Gq(0, 1) * Gq(1, 0);
        const Q b = chk::lambda_min_down_z(G);
        const Q u = t - 2 * b;
        REQUIRE(b >= 0);
        REQUIRE(u >= 0);
        REQUIRE(u * u >= t * t - 4 * D);
    }
    ZMat r(2, 2);  // rank one: lambda_min = 0, nothing > 0 is proven
    r.den = 7;
    r.a = {Z(3), Z(5), Z(6), Z(10)};
    REQUIRE(chk::lambda_min_down_z(chk::gram_z(r)) == 0);
}

namespace {

// Random integers of 0 to `limbs` limbs, either sign, with limbs drawn from
// {0, 1, 2^64 - 1, random}: all-ones limbs make every column accumulator carry
// and every negative term borrow (branch check17, docs/checker.md section 4).
Z random_wide(std::mt19937_64& g, size_t limbs) {
    std::uniform_int_distribution<int> pick(0, 3), len(0, static_cast<int>(limbs)), sign(0, 2);
    const int n = len(g);
    Z v = 0;
    for (int i = 0; i < n; ++i) {
        const int c = pick(g);
        const std::uint64_t w = c == 0 ? 0 : c == 1 ? 1 : c == 2 ? ~std::uint64_t{0} : g();
        v <<= 64;
        v += Z(static_cast<unsigned long>(w));
    }
    return sign(g) == 0 ? Z(-v) : v;
}

}  // namespace

TEST_CASE("exact dot products of multi-limb integers equal the mpz sums", "[checker][fixed]") {
    std::mt19937_64 g(1717);
    for (int trial = 0; trial < 60; ++trial) {
        const size_t r = 1 + trial % 5, inner = 1 + (trial * 7) % 23, c = 1 + (trial / 5) % 4;
        const size_t lx = 1 + trial % 5, ly = 1 + (trial / 4) % 5;  // 1 to 5 limbs each (5 x 5: branch check18)
        ZMat X(r, inner), Y(c, inner), Yt(inner, c), Xt(inner, r);
        X.den = 3;
        Y.den = Z(1) << 70;
        for (size_t i = 0; i < r; ++i)
            for (size_t k = 0; k < inner; ++k) Xt.a[k * r + i] = X.a[i * inner + k] = random_wide(g, lx);
        for (size_t j = 0; j < c; ++j)
            for (size_t k = 0; k < inner; ++k) Yt.a[k * c + j] = Y.a[j * inner + k] = random_wide(g, ly);
        if (trial % 6 == 0)  // entry (0, 0): pairs of terms that cancel (to zero for an even count)
            for (size_t k = 0; k + 1 < inner; k += 2) {
                Xt.a[(k + 1) * r] = X.a[k + 1] = X.a[k];
                Yt.a[(k + 1) * c] = Y.a[k + 1] = Z(-Y.a[k]);
            }
        Xt.den = X.den;
        Yt.den = Y.den;
        // oracle: plain mpz sums of products
        auto oracle = [&](size_t i, size_t j) {
            Z s = 0;
            for (size_t k = 0; k < inner; ++k) s += X.a[i * inner + k] * Y.a[j * inner + k];
            return s;
        };
        const ZMat P = chk::mul_t(X, Y), P2 = chk::mul(X, Yt), P3 = chk::t_mul(Xt, Yt);
        for (size_t i = 0; i < r; ++i)
            for (size_t j = 0; j < c; ++j) {
                const Z o = oracle(i, j);
                REQUIRE(P.a[i * c + j] == o);
                REQUIRE(P2.a[i * c + j] == o);
                REQUIRE(P3.a[i * c + j] == o);
            }
        REQUIRE(P.den == X.den * Y.den);
        // into a kept matrix whose entries already hold other values (and limbs)
        ZMat K = chk::mul_t(X, Y);
        for (Z& v : K.a) v = Z(-12345) << 300;
        chk::mul_t_into(K, X, Y);
        for (size_t k = 0; k < K.a.size(); ++k) REQUIRE(K.a[k] == P.a[k]);
    }
    // the extremes: every limb 2^64 - 1, many terms, all positive / all negative / alternating
    for (int mode = 0; mode < 3; ++mode) {
        const size_t inner = 200;
        ZMat X(1, inner), Y(1, inner);
        const Z big = (Z(1) << 256) - 1;
        Z o = 0;
        for (size_t k = 0; k < inner; ++k) {
            X.a[k] = big;
            Y.a[k] = mode == 0 ? big : mode == 1 ? Z(-big) : (k % 2 ? Z(-big) : big);
            o += X.a[k] * Y.a[k];
        }
        REQUIRE(chk::mul_t(X, Y).a[0] == o);
    }
}

TEST_CASE("bit_length and max_bit_length (branch check18) equal mpz_sizeinbase(v, 2), 0 for v = 0", "[checker][fixed]") {
    std::mt19937_64 g(18);
    std::vector<Z> vals = {Z(0), Z(1), Z(-1), Z(2), Z(3), Z(-4)};
    for (int e : {31, 32, 63, 64, 65, 127, 128, 129, 300}) {
        const Z p = Z(1) << e;
        vals.push_back(p);
        vals.push_back(p - 1);
        vals.push_back(Z(-p));
        vals.push_back(Z(1 - p));
    }
    for (int k = 0; k < 200; ++k) {
        Z v = 0;
        for (int l = 0; l <= k % 5; ++l) v = (v << 64) + Z(static_cast<unsigned long>(g() >> (k % 64)));
        vals.push_back(k % 2 ? Z(-v) : v);
    }
    size_t expect_max = 0;
    for (const Z& v : vals) {
        const size_t oracle = mpz_sgn(v.get_mpz_t()) ? mpz_sizeinbase(v.get_mpz_t(), 2) : 0;
        INFO(v.get_str(16));
        REQUIRE(chk::bit_length(v) == oracle);
        expect_max = std::max(expect_max, oracle);
    }
    REQUIRE(chk::max_bit_length(vals) == expect_max);
    REQUIRE(chk::max_bit_length({Z(0), Z(0)}) == 0);
    REQUIRE(chk::max_bit_length({}) == 0);
}
