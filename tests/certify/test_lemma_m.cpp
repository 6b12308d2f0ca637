// Lemma M (docs/math.md, section 17): mu = 0 on an invariant line of the
// scalar family. The oracle is the test's own exact rational GD in d
// dimensions (x+ = x + h r y, y+ = y + h r x, r = mu - x.y), plus a plain MPFR
// loop for the long sublinear tail: the line's invariant holds exactly, the
// moving square decreases below the proven rate bound, the exact period-2
// orbit at h w0 = 8, the growth factor q beyond it; and the starts Lemma M must
// not touch (off the lines, mu != 0) keep their own proofs.
#include "lrcert/certify/scalar_certifier.hpp"
#include "lrcert/number/parse.hpp"

#include <catch2/catch.hpp>

#include <boost/multiprecision/mpfr.hpp>

#include <vector>

using namespace lrcert;

namespace {

using RatVec = std::vector<Rational>;

RatVec parse_all(std::initializer_list<const char*> texts) {
    RatVec v;
    for (const char* t : texts) v.push_back(parse_exact(t));
    return v;
}

RatVec negated(const RatVec& v) {
    RatVec w;
    for (const Rational& x : v) w.push_back(-x);
    return w;
}

Rational dot(const RatVec& a, const RatVec& b) {
    Rational s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

// |a + sign b|^2, exactly.
Rational sq_combination(const RatVec& a, const RatVec& b, int sign) {
    Rational s = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        const Rational c = a[i] + sign * b[i];
        s += c * c;
    }
    return s;
}

// One exact GD step of f = 1/2 (mu - x.y)^2 in d dimensions, plain loops.
void exact_step(const Rational& mu, const Rational& h, RatVec& x, RatVec& y) {
    const Rational hr = h * (mu - dot(x, y));
    for (size_t i = 0; i < x.size(); ++i) {
        const Rational xi = x[i];
        x[i] = xi + hr * y[i];
        y[i] = y[i] + hr * xi;
    }
}

bool is_exact_zero(const Interval& v) { return lo(v) == 0 && hi(v) == 0; }

ScalarCertificate certify(const Rational& mu, const Rational& h, const RatVec& x0, const RatVec& y0) {
    return certify_scalar(reduce_scalar(mu, h, x0, y0), ScalarOptions{});
}

}  // namespace

TEST_CASE("Lemma M (M1): on x0 = -y0 with h b0 < 8 the exact run stays on the line and decreases; converged to the origin",
          "[scalar][lemma_m]") {
    const Rational mu = 0, h = parse_exact("0.25");
    const RatVec x0 = parse_all({"0.5", "-1", "2"});  // d = 3
    const RatVec y0 = negated(x0);
    const Rational b0 = sq_combination(x0, y0, -1);
    REQUIRE(b0 == 21);
    REQUIRE(h * b0 < 6);  // the rate bound of (M1) applies

    // Exact oracle: a = |x + y|^2 stays 0, b = |x - y|^2 decreases and obeys
    // b_k <= b0 / (1 + k h b0 / 2) and b+ = b (1 - h b / 4)^2.
    RatVec x = x0, y = y0;
    Rational b = b0;
    for (int k = 1; k <= 7; ++k) {
        exact_step(mu, h, x, y);
        const Rational a_k = sq_combination(x, y, +1), b_k = sq_combination(x, y, -1);
        CHECK(a_k == 0);
        CHECK(b_k == b * (1 - h * b / 4) * (1 - h * b / 4));
        CHECK(b_k < b);
        CHECK(b_k <= b0 / (1 + k * h * b0 / 2));
        CHECK(b_k * h * k < 2);
        b = b_k;
    }

    // A plain 256-bit loop of the same GD for 20000 steps: still within the
    // bound (its rounding error is far below the bound's margin ~ 1/k^2).
    {
        PrecisionScope scope(256);
        std::vector<Real> xr, yr;
        for (size_t i = 0; i < x0.size(); ++i) {
            xr.push_back(from_rational<Real>(x0[i]));
            yr.push_back(from_rational<Real>(y0[i]));
        }
        const Real hr0 = from_rational<Real>(h), b0r = from_rational<Real>(b0);
        for (int k = 1; k <= 20000; ++k) {
            Real xy = 0;
            for (size_t i = 0; i < xr.size(); ++i) xy += xr[i] * yr[i];
            const Real step = hr0 * (0 - xy);
            for (size_t i = 0; i < xr.size(); ++i) {
                const Real xi = xr[i];
                xr[i] = xi + step * yr[i];
                yr[i] = yr[i] + step * xi;
            }
            if (k % 5000 == 0) {
                Real bk = 0;
                for (size_t i = 0; i < xr.size(); ++i) bk += (xr[i] - yr[i]) * (xr[i] - yr[i]);
                CHECK(bk <= b0r / (1 + k * hr0 * b0r / 2));
                CHECK(bk > b0r / (1 + k * hr0 * b0r / 2) / 2);  // sublinear: not much faster than 2/(h k)
            }
        }
    }

    const ScalarCertificate c = certify(mu, h, x0, y0);
    INFO(c.reason);
    REQUIRE(c.outcome == Outcome::Converged);
    CHECK(c.proof == "lemma M");
    REQUIRE(c.degenerate);
    CHECK(c.degenerate->line == "u");
    CHECK(c.degenerate->w0 == b0);
    CHECK(c.degenerate->h_w0 == h * b0);
    CHECK(c.degenerate->rate);
    CHECK(!c.final_centre);  // decided exactly, no trajectory
    CHECK(c.steps_run == 0);
    REQUIRE(c.first_tail_step);
    CHECK(*c.first_tail_step == 0);
    REQUIRE(c.limit);
    REQUIRE(c.limit->x.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CHECK(is_exact_zero(c.limit->x[i]));
        CHECK(is_exact_zero(c.limit->y[i]));
    }
    CHECK(is_exact_zero(c.limit->imbalance));
    CHECK(is_exact_zero(c.limit->a));
    CHECK(is_exact_zero(c.limit->sharpness));
    CHECK(is_exact_zero(c.limit->norm_gap));
    CHECK(c.reason.find("21/4 < 8") != std::string::npos);
    // h L0 > 2 here: L0 = lambda_+ = (S0 + sqrt(S0^2 + 12 r0^2))/2 with S0 = 21/2, r0 = 21/4: 63/4.
    CHECK(lo(c.h_times_L0) <= Real(63) / 16);  // 63/16 is dyadic: exact in Real
    CHECK(hi(c.h_times_L0) >= Real(63) / 16);
}

TEST_CASE("Lemma M (M1) on x0 = y0 (the line v = 0), d = 1 and d = 4, and at the origin", "[scalar][lemma_m]") {
    SECTION("x0 = y0, d = 4, 6 < h a0 < 8: converged without the rate statement") {
        const Rational h = Rational(1, 2);
        const RatVec x0 = parse_all({"1", "-0.5", "0.25", "1.5"});
        const Rational a0 = sq_combination(x0, x0, +1);  // |x0 + y0|^2 = 4 |x0|^2
        REQUIRE(h * a0 > 6);
        REQUIRE(h * a0 < 8);
        RatVec x = x0, y = x0;
        Rational a = a0;
        for (int k = 1; k <= 6; ++k) {
            exact_step(0, h, x, y);
            CHECK(sq_combination(x, y, -1) == 0);  // b stays 0 exactly
            const Rational a_k = sq_combination(x, y, +1);
            CHECK(a_k == a * (1 - h * a / 4) * (1 - h * a / 4));
            CHECK(a_k < a);
            a = a_k;
        }
        const ScalarCertificate c = certify(0, h, x0, x0);
        INFO(c.reason);
        REQUIRE(c.outcome == Outcome::Converged);
        REQUIRE(c.degenerate);
        CHECK(c.degenerate->line == "v");
        CHECK(c.degenerate->h_w0 == h * a0);
        CHECK(!c.degenerate->rate);
        REQUIRE(c.limit);
        for (const Interval& v : c.limit->x) CHECK(is_exact_zero(v));
        CHECK(is_exact_zero(c.limit->a));
    }
    SECTION("d = 1, x0 = -y0") {
        const ScalarCertificate c = certify(0, Rational(1, 3), {Rational(3, 2)}, {Rational(-3, 2)});
        // b0 = 9, h b0 = 3
        REQUIRE(c.outcome == Outcome::Converged);
        REQUIRE(c.degenerate);
        CHECK(c.degenerate->h_w0 == 3);
        REQUIRE(c.limit->x.size() == 1);
        CHECK(is_exact_zero(c.limit->x[0]));
    }
    SECTION("h b0 = 4: one step to the origin exactly") {
        const RatVec x0 = {Rational(1), Rational(0)}, y0 = {Rational(-1), Rational(0)};  // b0 = 4
        RatVec x = x0, y = y0;
        exact_step(0, 1, x, y);
        CHECK(x == RatVec{0, 0});
        CHECK(y == RatVec{0, 0});
        const ScalarCertificate c = certify(0, 1, x0, y0);
        CHECK(c.outcome == Outcome::Converged);
        CHECK(c.proof == "lemma M");
    }
    SECTION("the origin itself") {
        const ScalarCertificate c = certify(0, 1, {Rational(0), Rational(0)}, {Rational(0), Rational(0)});
        REQUIRE(c.outcome == Outcome::Converged);
        REQUIRE(c.degenerate);
        CHECK(c.degenerate->w0 == 0);
        CHECK(c.reason.find("the start is the origin") != std::string::npos);
    }
}

TEST_CASE("Lemma M (M2): h b0 = 8 is an exact period-2 orbit, not_converged", "[scalar][lemma_m]") {
    const RatVec x0 = parse_all({"1", "1", "0"}), y0 = negated(x0);  // b0 = 4 |x0|^2 = 8, so h b0 = 8 at h = 1
    REQUIRE(sq_combination(x0, y0, -1) == 8);
    const Rational h8 = 1;
    RatVec x = x0, y = y0;
    const Rational f0 = (0 - dot(x0, y0)) * (0 - dot(x0, y0)) / 2;
    CHECK(f0 == 2 / (h8 * h8));
    for (int k = 1; k <= 6; ++k) {
        exact_step(0, h8, x, y);
        CHECK(x == (k % 2 ? negated(x0) : x0));
        CHECK(y == (k % 2 ? negated(y0) : y0));
    }
    const ScalarCertificate c = certify(0, h8, x0, y0);
    INFO(c.reason);
    CHECK(c.outcome == Outcome::NotConverged);
    CHECK(c.proof == "lemma M");
    REQUIRE(c.degenerate);
    CHECK(c.degenerate->kind == LemmaMCase::TwoCycle);
    CHECK(!c.limit);
    CHECK(!c.cycle);
    CHECK(c.reason.find("period-2") != std::string::npos);
}

TEST_CASE("Lemma M (M3): h b0 > 8 grows by at least q = (h b0/4 - 1)^2 per step, diverged", "[scalar][lemma_m]") {
    const Rational h = Rational(9, 8);
    const RatVec x0 = parse_all({"1", "0", "1"}), y0 = negated(x0);  // b0 = 8, h b0 = 9
    const Rational b0 = sq_combination(x0, y0, -1);
    REQUIRE(h * b0 == 9);
    const Rational q = (h * b0 / 4 - 1) * (h * b0 / 4 - 1);  // 25/16
    RatVec x = x0, y = y0;
    Rational b = b0;
    for (int k = 1; k <= 5; ++k) {
        exact_step(0, h, x, y);
        CHECK(sq_combination(x, y, +1) == 0);
        const Rational b_k = sq_combination(x, y, -1);
        CHECK(b_k >= q * b);
        b = b_k;
    }
    const ScalarCertificate c = certify(0, h, x0, y0);
    INFO(c.reason);
    REQUIRE(c.outcome == Outcome::Diverged);
    CHECK(c.proof == "lemma M");
    REQUIRE(c.degenerate);
    CHECK(c.degenerate->kind == LemmaMCase::Diverges);
    CHECK(c.degenerate->q == Rational(25, 16));
    CHECK(!c.divergence);  // not Lemma D
}

TEST_CASE("Lemma M is not used off the invariant lines or with mu != 0", "[scalar][lemma_m]") {
    SECTION("mu = 0 off the lines: check_lemma_m fails, the run is Lemma S's") {
        const RatVec x0 = parse_all({"1", "0.5"}), y0 = parse_all({"0.2", "-0.3"});
        const ScalarReduction red = reduce_scalar(0, Rational(1, 4), x0, y0);
        const LemmaM M = check_lemma_m(red.mu, red.h, red.u_sq, red.v_sq);
        CHECK(!M.holds);
        CHECK(M.failure.find("neither invariant line") != std::string::npos);
        const ScalarCertificate c = certify_scalar(red, ScalarOptions{});
        INFO(c.reason);
        CHECK(!c.degenerate);
        CHECK(c.proof != "lemma M");
        CHECK(c.outcome == Outcome::Converged);
        CHECK(c.proof == "lemma S");
    }
    SECTION("x0 = -y0 with mu = -1/2: Lemma S converges to a = 0, b = -4 mu = 2") {
        const RatVec x0 = parse_all({"0.2", "0.1"}), y0 = negated(x0);
        const ScalarReduction red = reduce_scalar(Rational(-1, 2), Rational(1, 2), x0, y0);
        CHECK(!check_lemma_m(red.mu, red.h, red.u_sq, red.v_sq).holds);
        CHECK(check_lemma_m(red.mu, red.h, red.u_sq, red.v_sq).failure == "mu != 0");
        const ScalarCertificate c = certify_scalar(red, ScalarOptions{});
        INFO(c.reason);
        CHECK(!c.degenerate);
        REQUIRE(c.outcome == Outcome::Converged);
        CHECK(c.proof == "lemma S");
        CHECK(lo(c.limit->imbalance) <= 2);
        CHECK(hi(c.limit->imbalance) >= 2);
    }
    SECTION("x0 = -y0 with mu = 1/2: the exact invariant of section 6, not Lemma M") {
        const RatVec x0 = parse_all({"0.2", "0.1"}), y0 = negated(x0);
        const ScalarCertificate c = certify(Rational(1, 2), Rational(1, 2), x0, y0);
        CHECK(!c.degenerate);
        CHECK(c.outcome == Outcome::NotConverged);
        CHECK(c.proof == "invariant u = x + y = 0");
    }
}
