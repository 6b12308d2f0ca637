// The scalar certifier against independent oracles: exact rational GD (the
// d-dimensional run against its reduction), a plain high-precision MPFR GD loop
// for the limit, and hand-built states for the lemmas' failure modes.
#include "lrcert/certify/scalar_certifier.hpp"
#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/problem/hessian.hpp"

#include <catch2/catch.hpp>

#include <boost/multiprecision/mpfr.hpp>

#include <cmath>
#include <random>

using namespace lrcert;

namespace {

std::vector<Rational> parse_all(std::initializer_list<const char*> texts) {
    std::vector<Rational> v;
    for (const char* t : texts) v.push_back(parse_exact(t));
    return v;
}

// The headline instance of examples/headline.json.
ScalarReduction headline(const char* h = "0.037") {
    std::vector<Rational> x0, y0;
    const char* xs[] = {"1.5", "3", "4.5"};
    for (int i = 0; i < 10; ++i) {
        x0.push_back(parse_exact(xs[i % 3]));
        y0.push_back(parse_exact(i % 2 ? "0.01" : "-0.01"));
    }
    return reduce_scalar(1, parse_exact(h), x0, y0);
}

// Plain GD in d dimensions with raw mpfr_float arithmetic at `bits`, written
// independently of lrcert's generic code: x+ = x + h r y, y+ = y + h r x.
void reference_run(const ScalarReduction& red, unsigned bits, size_t steps, std::vector<Real>& x,
                   std::vector<Real>& y) {
    PrecisionScope scope(bits);
    Real mu = from_rational<Real>(red.mu), h = from_rational<Real>(red.h);
    x.clear();
    y.clear();
    for (size_t i = 0; i < red.d(); ++i) {
        x.push_back(from_rational<Real>((*red.x0)[i]));
        y.push_back(from_rational<Real>((*red.y0)[i]));
    }
    for (size_t k = 0; k < steps; ++k) {
        Real xy = 0;
        for (size_t i = 0; i < x.size(); ++i) xy += x[i] * y[i];
        Real hr = h * (mu - xy);
        for (size_t i = 0; i < x.size(); ++i) {
            Real xi = x[i];
            x[i] = xi + hr * y[i];
            y[i] = y[i] + hr * xi;
        }
    }
}

bool near_inside(const Interval& enc, const Real& ref) {
    // The reference carries its own rounding error (4x the precision, far
    // below the enclosure's width); allow that much outside.
    Real slack = Real("1e-150") * (1 + abs(ref));
    return lo(enc) - slack <= ref && ref <= hi(enc) + slack;
}

}  // namespace

TEST_CASE("reduction: the d-dimensional exact run lies in the reduced ball's reconstruction", "[scalar]") {
    std::mt19937 gen(7);
    std::uniform_int_distribution<int> num(-20, 20);
    for (int trial = 0; trial < 4; ++trial) {
        size_t d = trial % 2 ? 3 : 5;
        std::vector<Rational> x0, y0;
        for (size_t i = 0; i < d; ++i) {
            x0.push_back(Rational(num(gen), 10));
            y0.push_back(Rational(num(gen), 10));
        }
        Rational mu = Rational(1 + trial, 2), h = Rational(1, 5 + trial);
        ScalarReduction red = reduce_scalar(mu, h, x0, y0);
        PrecisionScope scope(256);
        ScalarTrajectory traj = scalar_trajectory(red);
        std::vector<Rational> x = x0, y = y0;
        for (int k = 0; k <= 6; ++k) {
            std::vector<Interval> ex, ey;
            scalar_iterate(red, traj.ball(), ex, ey);
            for (size_t i = 0; i < d; ++i) {
                INFO("trial " << trial << " step " << k << " coordinate " << i);
                REQUIRE(contains(ex[i], x[i]));
                REQUIRE(contains(ey[i], y[i]));
            }
            // Exact rational GD step in d dimensions.
            Rational xy = 0;
            for (size_t i = 0; i < d; ++i) xy += x[i] * y[i];
            Rational hr = h * (mu - xy);
            for (size_t i = 0; i < d; ++i) {
                Rational xi = x[i];
                x[i] = xi + hr * y[i];
                y[i] = y[i] + hr * xi;
            }
            traj.advance();
        }
    }
}

TEST_CASE("closed-form L0 agrees with the certified eigenvalue routine", "[scalar]") {
    std::mt19937 gen(11);
    std::uniform_int_distribution<int> num(-30, 30);
    for (size_t d : {1, 2, 5}) {
        for (int trial = 0; trial < 3; ++trial) {
            Matrix<Rational> X(1, d), Y(1, d), A(1, 1);
            std::vector<Rational> x0, y0;
            for (size_t i = 0; i < d; ++i) {
                X(0, i) = Rational(num(gen), 7);
                Y(0, i) = Rational(num(gen), 11);
                x0.push_back(X(0, i));
                y0.push_back(Y(0, i));
            }
            A(0, 0) = Rational(num(gen), 5);
            ScalarReduction red = reduce_scalar(A(0, 0), Rational(1, 10), x0, y0);
            PrecisionScope scope(128);
            InitialSharpness s = scalar_initial_sharpness(red);
            Factors<Interval> z{convert_matrix<Interval>(X), convert_matrix<Interval>(Y)};
            EigenEnclosure e = certified_lambda_max(hessian_matrix(convert_matrix<Interval>(A), z));
            INFO("d = " << d << " L0 = [" << decimal_down(lo(s.L0), 20) << ", " << decimal_up(hi(s.L0), 20)
                        << "] eig = [" << decimal_down(lo(e.value), 20) << ", " << decimal_up(hi(e.value), 20) << "]");
            REQUIRE(e.certified);
            REQUIRE(lo(s.L0) <= hi(e.value));
            REQUIRE(lo(e.value) <= hi(s.L0));
            REQUIRE(certified_digits(s.L0) >= 30);
        }
    }
}

TEST_CASE("headline: converged, the limit contains a 4x-precision reference", "[scalar]") {
    ScalarReduction red = headline();
    ScalarCertificate c = certify_scalar(red, ScalarOptions{});
    REQUIRE(c.outcome == Outcome::Converged);
    REQUIRE(c.limit);
    REQUIRE(*c.first_tail_step <= c.limit->step);
    std::vector<Real> x, y;
    reference_run(red, 4 * c.precision_bits, 4000, x, y);
    PrecisionScope scope(4 * c.precision_bits);
    Real bx = 0, sx = 0, gap = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        INFO("coordinate " << i);
        REQUIRE(near_inside(c.limit->x[i], x[i]));
        REQUIRE(near_inside(c.limit->y[i], y[i]));
        bx += (x[i] - y[i]) * (x[i] - y[i]);
        sx += x[i] * x[i] + y[i] * y[i];
        gap += x[i] * x[i] - y[i] * y[i];
    }
    REQUIRE(near_inside(c.limit->imbalance, bx));
    REQUIRE(near_inside(c.limit->sharpness, sx));
    REQUIRE(near_inside(c.limit->norm_gap, gap));
    // Beyond 2/L, balanced as the theorem says, and many digits.
    REQUIRE(lo(c.h_times_L0) > 3);
    REQUIRE(hi(c.h_times_L0) < Real("3.9"));
    REQUIRE(hi(c.limit->imbalance) < lo(enclose(2 / red.h - 2 * red.mu)));
    REQUIRE(certified_digits(c.limit->imbalance) >= 30);
}

TEST_CASE("unseen instances: limits against references, several d and h", "[scalar]") {
    std::mt19937 gen(2024);
    std::uniform_int_distribution<int> num(-40, 40);
    int converged = 0;
    for (int trial = 0; trial < 6; ++trial) {
        size_t d = 2 + trial;
        std::vector<Rational> x0, y0;
        for (size_t i = 0; i < d; ++i) {
            x0.push_back(Rational(num(gen), 10));
            y0.push_back(Rational(num(gen), 40));
        }
        Rational mu = Rational(1 + trial % 3, 2);
        ScalarReduction pre = reduce_scalar(mu, 1, x0, y0);
        // h (S0 + 4 mu) in {1.5, 2.5, 3.5}: below and beyond.
        Rational h = Rational(3 + 2 * (trial % 3), 2) / (pre.S0 + 4 * mu);
        ScalarReduction red = reduce_scalar(mu, h, x0, y0);
        ScalarCertificate c = certify_scalar(red, ScalarOptions{});
        INFO("trial " << trial << ": " << outcome_name(c.outcome) << " " << c.reason);
        REQUIRE(c.outcome != Outcome::Diverged);
        if (c.outcome != Outcome::Converged) continue;
        ++converged;
        std::vector<Real> x, y;
        reference_run(red, 4 * c.precision_bits, 20000, x, y);
        PrecisionScope scope(4 * c.precision_bits);
        for (size_t i = 0; i < d; ++i) {
            REQUIRE(near_inside(c.limit->x[i], x[i]));
            REQUIRE(near_inside(c.limit->y[i], y[i]));
        }
        // Stability at the certified limit: h S_inf < 2.
        REQUIRE(hi(c.h * c.limit->sharpness) < 2);
    }
    REQUIRE(converged >= 4);
}

TEST_CASE("exceptional start x0 = -y0 never converges", "[scalar]") {
    ScalarReduction red = reduce_scalar(1, parse_exact("0.1"), parse_all({"0.5", "-1", "2"}),
                                        parse_all({"-0.5", "1", "-2"}));
    ScalarCertificate c = certify_scalar(red, ScalarOptions{});
    REQUIRE(c.outcome == Outcome::NotConverged);
    REQUIRE(c.reason.find("exceptional") != std::string::npos);
    REQUIRE_FALSE(c.limit);
}

TEST_CASE("h (S0 + 4 mu) near 5 diverges by Lemma D, and a float run blows up", "[scalar]") {
    ScalarReduction red = headline("0.05");
    ScalarCertificate c = certify_scalar(red, ScalarOptions{});
    REQUIRE(c.outcome == Outcome::Diverged);
    REQUIRE(c.divergence_step);
    std::vector<Real> x, y;
    reference_run(red, 128, *c.divergence_step + 4, x, y);
    PrecisionScope scope(128);
    Real xy = 0;
    for (size_t i = 0; i < x.size(); ++i) xy += x[i] * y[i];
    REQUIRE(abs(1 - xy) > 1e6);
}

TEST_CASE("Lemma S fails where it must", "[scalar][lemma]") {
    PrecisionScope scope(128);
    Interval mu = make_interval(4L), h = enclose(Rational(1, 2));
    SECTION("rho >= 1: at the minimizer x = y = 2, h S = 4 > 2 (unstable)") {
        LemmaS L = check_lemma_s(make_interval(2L), make_interval(2L), mu, h);
        REQUIRE_FALSE(L.holds);
        REQUIRE(L.failure.find("rho") != std::string::npos);
    }
    SECTION("h eps >= 1") {
        LemmaS L = check_lemma_s(make_interval(0L), make_interval(0L), mu, h);
        REQUIRE_FALSE(L.holds);
        REQUIRE(L.failure.find("h eps") != std::string::npos);
    }
    SECTION("drift too large: S close to 2/h with a sizeable residual") {
        // h = 1/2, S = 3.9 (h S = 1.95): rho < 1 at Delta = 0 but the drift
        // c eps / (1 - rho) pushes the window past h S = 2.
        Interval x = interval_sqrt(enclose(parse_exact("3.4")));
        Interval y = interval_sqrt(enclose(parse_exact("0.5")));
        Interval mu2 = x * y + enclose(parse_exact("0.05"));  // r = 0.05
        LemmaS L = check_lemma_s(x, y, mu2, h);
        REQUIRE_FALSE(L.holds);
    }
    SECTION("holds near a stable minimizer") {
        // x = 2, y = 1, mu = 2 + tiny residual; h S = 2.5 h = 0.5 with h = 1/10.
        Interval hh = enclose(Rational(1, 10));
        Interval m = enclose(parse_exact("2.001"));
        LemmaS L = check_lemma_s(make_interval(2L), make_interval(1L), m, hh);
        REQUIRE(L.holds);
        REQUIRE(L.rho < 1);
        ScalarLimitReduced lim = limit_from_lemma_s(make_interval(2L), make_interval(1L), m, L, false);
        REQUIRE(lim.consistent);
        // a_inf - b_inf = 4 mu is built in.
        REQUIRE(contains(lim.a - lim.b, parse_exact("8.004")));
    }
}

TEST_CASE("Lemma D holds only for escaping states", "[scalar][lemma]") {
    PrecisionScope scope(128);
    Interval mu = make_interval(1L), h = enclose(Rational(1, 10));
    REQUIRE_FALSE(check_lemma_d(make_interval(1L), make_interval(1L), mu, h).holds);  // minimizer
    // x y = -100: the flipped sign (sigma = -1) escapes.
    LemmaD flipped = check_lemma_d(make_interval(10L), make_interval(-10L), mu, h);
    REQUIRE(flipped.holds);
    REQUIRE(flipped.sigma == -1);
    // x y = 100 >> mu, S = 200, w = 100: t = 9.9, q = 1, h w t = 99 -> holds.
    LemmaD D = check_lemma_d(make_interval(10L), make_interval(10L), mu, h);
    REQUIRE(D.holds);
    REQUIRE(D.sigma == 1);
    // Very unbalanced with the same product: q = S / (2 w) large -> not proven.
    REQUIRE_FALSE(check_lemma_d(make_interval(1000L), enclose(Rational(1, 10)), mu, h).holds);
}

TEST_CASE("Lemma D is still tried past the iterate bound 1e30; the trajectory itself stops there",
          "[scalar][lemma][bound]") {
    // Very unbalanced start near the bound: |z| passes 1e30 a few steps
    // before Lemma D's hypotheses hold.
    ScalarReduction red = reduce_scalar(Rational(1), parse_exact("4e-59"), parse_all({"5e29"}), parse_all({"1e-10"}));
    ScalarCertificate c = certify_scalar(red, ScalarOptions{});
    INFO(c.reason);
    REQUIRE(c.outcome == Outcome::Diverged);
    REQUIRE(c.divergence_step);
    PrecisionScope scope(c.precision_bits);
    ScalarTrajectory traj = scalar_trajectory(red);
    while (traj.bound() == BallBound::Within) traj.advance();
    const size_t first_beyond = traj.step();
    CHECK(traj.bound() == BallBound::Beyond);
    CHECK(*c.divergence_step > first_beyond);
    CHECK_THROWS_AS(traj.advance(), std::logic_error);
    // A plain float64 GD (d = 1) crosses |z| = 1e30 at that step too (exact
    // rationals would need 3^k-fold longer numbers at step k).
    double x = 5e29, y = 1e-10, h = 4e-59;
    auto step = [&] {
        double hr = h * (1 - x * y);
        double xn = x + hr * y;
        y = y + hr * x;
        x = xn;
    };
    for (size_t k = 0; k + 1 < first_beyond; ++k) step();
    CHECK(std::hypot(x, y) <= 1e30);
    step();
    CHECK(std::hypot(x, y) > 1e30);
}

// Convergence to a cycle (docs/math.md, section 12): the start of the issue
// report, mu = 2, x0 = (2, 1, 0.5), y0 = (0.3, 0.1, -0.2), h L0 = 3, settles
// into a 2-cycle on the balanced line. Oracle: the reduced map on x' = y' is
// phi(s) = s (1 + h mu - h s^2); its 2-cycle {a, b} by a plain 600-bit Newton
// iteration here; in R^d the cycle points are x = y = s u0/|u0| (alpha = 2 s,
// beta = 0), and f = (mu - s^2)^2 / 2 there.
TEST_CASE("certify_scalar: a start that settles into a 2-cycle is periodic", "[scalar][periodic]") {
    using Big = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<600>>;
    const Rational mu(2), h = parse_exact("0.5513229463495344");
    const std::vector<Rational> x0{Rational(2), Rational(1), Rational(1, 2)};
    const std::vector<Rational> y0{Rational(3, 10), Rational(1, 10), Rational(-1, 5)};
    ScalarReduction red = reduce_scalar(mu, h, x0, y0);
    ScalarCertificate c = certify_scalar(red, ScalarOptions{});
    INFO(c.reason);
    REQUIRE(c.outcome == Outcome::Periodic);
    REQUIRE(c.cycle);
    REQUIRE(c.cycle->region.period == 2);
    CHECK(c.reason.find("minimal period 2") != std::string::npos);
    CHECK(c.proof == "cycle contraction");
    CHECK_FALSE(c.limit);

    const Big bmu(2), bh("0.5513229463495344");
    auto phi = [&](const Big& s) { return Big(s * (1 + bh * bmu - bh * s * s)); };
    auto dphi = [&](const Big& s) { return Big(1 + bh * bmu - 3 * bh * s * s); };
    Big a("-1.5796952050834");
    for (int it = 0; it < 100; ++it) {
        const Big b = phi(a);
        a -= (phi(b) - a) / (dphi(b) * dphi(a) - 1);
    }
    const Big b = phi(a);
    REQUIRE(abs(phi(b) - a) < Big("1e-150"));
    Big u_norm = 0;
    std::vector<Big> u;
    for (size_t i = 0; i < 3; ++i) {
        const Rational ui = x0[i] + y0[i];
        u.push_back(Big(numerator(ui).str()) / Big(denominator(ui).str()));
        u_norm += u.back() * u.back();
    }
    u_norm = sqrt(u_norm);
    PrecisionScope scope(c.precision_bits);
    auto inside = [](const Interval& x, const Big& v) {
        return Big(lo(x).str(0, std::ios_base::scientific)) <= v && v <= Big(hi(x).str(0, std::ios_base::scientific));
    };
    for (const Big& s : {a, b}) {
        bool found = false;
        for (size_t j = 0; j < 2 && !found; ++j) {
            const Factors<Interval>& z = c.cycle->points[j];
            bool all = true;
            for (size_t i = 0; i < 3; ++i) {
                const Big xi = s * u[i] / u_norm;
                all = all && inside(z.X(0, i), xi) && inside(z.Y(0, i), xi);
            }
            const Big r = bmu - s * s;
            all = all && inside(c.cycle->loss[j], Big(r * r / 2));
            found = all;
        }
        CHECK(found);
    }
    CHECK(max_width(c.cycle->region.cycle[0]) < UpperBound::of_rational(Rational(1, Integer(1) << 200)));
}

// Lemma N (docs/math.md, section 13). Oracle: the exact rational GD in R^d
// (plain loops here) for K + 6 steps: r_k != 0, and the l-adic valuation
// s_k = -v_l(r_k) follows s_{k+1} = 3 s_k + 2 e exactly, as the induction says.
namespace {
long plain_valuation(Rational q, long l) {
    if (q == 0) return 1L << 40;
    Integer num = numerator(q), den = denominator(q);
    long v = 0;
    while (num % l == 0) { num /= l; ++v; }
    while (den % l == 0) { den /= l; --v; }
    return v;
}
}  // namespace

TEST_CASE("Lemma N: the valuation of r_k follows the induction on the exact trajectory", "[scalar][lemma_n]") {
    const Rational mu(1), h = parse_exact("1.43417731896");
    const std::vector<Rational> x0{Rational(3, 32), Rational(3, 16), Rational(9, 32)};
    const std::vector<Rational> y0{Rational(-4, 25), Rational(4, 25), Rational(-4, 25)};
    ScalarReduction red = reduce_scalar(mu, h, x0, y0);
    const LemmaN N = check_lemma_n(red.mu, red.h, red.u_sq, red.v_sq);
    INFO(N.failure);
    REQUIRE(N.holds);
    std::vector<Rational> x = x0, y = y0;
    long s = 0;
    for (size_t k = 0; k <= N.step + 5; ++k) {
        Rational xy = 0;
        for (size_t i = 0; i < x.size(); ++i) xy += x[i] * y[i];
        const Rational r = mu - xy;
        REQUIRE(r != 0);
        if (k == N.step) {
            s = -plain_valuation(r, static_cast<long>(N.prime));
            CHECK(s == N.s);
        } else if (k > N.step) {
            s = 3 * s + 2 * N.e;
            CHECK(-plain_valuation(r, static_cast<long>(N.prime)) == s);
        }
        std::vector<Rational> nx = x, ny = y;
        for (size_t i = 0; i < x.size(); ++i) {
            nx[i] = x[i] + h * r * y[i];
            ny[i] = y[i] + h * r * x[i];
        }
        x = nx;
        y = ny;
    }
    // The certifier uses it: the float run is chaotic here.
    ScalarCertificate c = certify_scalar(red, ScalarOptions{});
    CHECK(c.outcome == Outcome::NotConverged);
    CHECK(c.proof == "lemma N");
}

TEST_CASE("Lemma N does not hold where it must not", "[scalar][lemma_n]") {
    // h |mu| <= 1: not applicable.
    CHECK_FALSE(check_lemma_n(Rational(1), Rational(1, 2), Rational(4), Rational(1)).holds);
    // A start at a minimizer (x0 = y0 = 1, mu = 1: r0 = 0): GD stays there, so it converges.
    const LemmaN at_min = check_lemma_n(Rational(1), Rational(3, 2), Rational(4), Rational(0));
    CHECK_FALSE(at_min.holds);
    CHECK(at_min.failure.find("r_0 = 0") != std::string::npos);
    // A start whose first step lands exactly on a minimizer: x0 = y0 = t with
    // r0 = 1 - t^2 and 1 + h r0 = 1/t (then x1 = y1 = 1): t = 1/2, h = 4/3 (h mu > 1).
    const LemmaN lands = check_lemma_n(Rational(1), Rational(4, 3), Rational(1), Rational(0));
    CHECK_FALSE(lands.holds);
    CHECK(lands.failure.find("r_1 = 0") != std::string::npos);
}

TEST_CASE("--digits: the verdict is the same for every D, the limit reaches D digits and holds the reference",
          "[scalar][digits]") {
    // Verdict first, digits on request (docs/math.md, section 8): refinement
    // stops at 10^-D (1 + |z|), more bits only when the digits need them.
    ScalarReduction red = headline();
    ScalarOptions all;  // digits = 0: refine until the limit stops narrowing
    const ScalarCertificate full = certify_scalar(red, all);
    REQUIRE(full.outcome == Outcome::Converged);
    std::vector<Real> x, y;
    reference_run(red, 1024, 4000, x, y);
    size_t last_steps = 0;
    for (unsigned D : {2u, 10u, 30u}) {
        ScalarOptions o;
        o.digits = D;
        const ScalarCertificate c = certify_scalar(red, o);
        INFO("D = " << D << ": " << c.reason);
        REQUIRE(c.outcome == Outcome::Converged);
        REQUIRE(c.digits_reached);
        REQUIRE(c.verdict_seconds);
        CHECK(*c.verdict_seconds <= c.driver_seconds);
        // Fewer digits, fewer steps (and never more than the full refinement).
        CHECK(c.steps_run >= last_steps);
        CHECK(c.steps_run <= full.steps_run);
        if (D == 2) CHECK(c.steps_run < full.steps_run);
        last_steps = c.steps_run;
        PrecisionScope scope(1024);
        // The width measure (reduced alpha, beta) against 10^-D (1 + |z|).
        const Real width = width_of(c.limit->reduced.alpha).real() + width_of(c.limit->reduced.beta).real();
        Real l1 = 1;  // >= 1 + |x'| + |y'| of the reduced limit (norms of the d-vectors)
        for (size_t i = 0; i < x.size(); ++i) l1 += abs(x[i]) + abs(y[i]);
        CHECK(width <= pow(Real(10), -static_cast<int>(D)) * l1);
        for (size_t i = 0; i < x.size(); ++i) {
            REQUIRE(near_inside(c.limit->x[i], x[i]));
            REQUIRE(near_inside(c.limit->y[i], y[i]));
        }
        // Narrow enough: at least D - 2 certified digits of the imbalance.
        CHECK(certified_digits(c.limit->imbalance) >= static_cast<int>(D) - 2);
    }
}

TEST_CASE("--digits beyond the starting precision: the run is repeated with more bits", "[scalar][digits]") {
    ScalarReduction red = headline();
    ScalarOptions o;
    o.precision = 64;  // about 19 digits at most
    o.digits = 40;
    const ScalarCertificate c = certify_scalar(red, o);
    REQUIRE(c.outcome == Outcome::Converged);
    CHECK(c.digits_reached);
    REQUIRE(c.precisions.size() >= 2);
    CHECK(c.precisions.front() == 64);
    CHECK(c.precision_bits > 128);
    {
        PrecisionScope scope(c.precision_bits);
        CHECK(certified_digits(c.limit->imbalance) >= 38);
    }
    // Capped below what 40 digits need: still converged (the proof stands), not reached.
    o.max_precision = 64;
    const ScalarCertificate capped = certify_scalar(red, o);
    CHECK(capped.outcome == Outcome::Converged);
    CHECK_FALSE(capped.digits_reached);
}
