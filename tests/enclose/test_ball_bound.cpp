// The iterate bound |z| <= 1e30 of a ball (enclose/ball.hpp, ball_bound;
// docs/math.md section 3, "Iterate bound"), whose |c| is bounded in double
// (Lemmas K3 and K3'), against exact rationals:
//   - random centres (entries with exponents from 2^-1500 to 2^1500, beyond
//     double's range on both sides, and centres scaled to |c| near 1e30) and
//     radii at 53 ... 256 bits: Within implies (|c| + e)^2 <= 10^60 exactly,
//     Beyond implies |c| - e > 10^30 exactly;
//   - built to make the bound tight: centres with |c| = 10^30 (1 -+ 2^-40)
//     are decided (Within / Beyond) although only 2^-40 relative separates
//     them from the bound, and a radius that moves the ball across it changes
//     the answer.
#include "lrcert/enclose/ball.hpp"

#include <catch2/catch.hpp>

#include <mpfr.h>

#include <random>

using namespace lrcert;

namespace {

using Q = Rational;

Q pow10(long k) {
    Q v = 1;
    for (long i = 0; i < k; ++i) v *= 10;
    return v;
}

// A working-precision number m 2^e (m a random 53-bit odd integer, signed).
Real random_entry(std::mt19937_64& gen, long e) {
    Real r = new_real();
    const long m = static_cast<long>(gen() >> 11) | 1;
    mpfr_set_si_2exp(r.backend().data(), (gen() & 1) ? m : -m, e - 53, MPFR_RNDN);
    return r;
}

Q norm_sq(const Ball& b) {
    Q s = 0;
    for (const Matrix<Real>* m : {&b.centre.X, &b.centre.Y})
        for (const Real& c : m->data()) {
            const Q q = to_rational(c);
            s += q * q;
        }
    return s;
}

Ball ball_of(size_t n, size_t d) {
    Ball b;
    b.centre.X = Matrix<Real>(n, d);
    b.centre.Y = Matrix<Real>(n, d);
    return b;
}

}  // namespace

TEST_CASE("ball_bound decides |z| <= 1e30 only when exact arithmetic agrees", "[ball][bound]") {
    std::mt19937_64 gen(30);
    const Q bound = pow10(30);
    long within = 0, beyond = 0, unbounded = 0;
    for (unsigned bits : {53u, 64u, 128u, 256u}) {
        PrecisionScope scope(bits);
        for (int rep = 0; rep < 300; ++rep) {
            const size_t n = 1 + gen() % 4, d = 1 + gen() % 3;
            Ball b = ball_of(n, d);
            const int mode = rep % 3;
            for (Matrix<Real>* m : {&b.centre.X, &b.centre.Y})
                for (size_t k = 0; k < m->size(); ++k) {
                    // mode 0: anywhere in MPFR's range used here; 1: entries of
                    // size about 1e30 / sqrt(entries) (|c| near the bound); 2: tiny.
                    const long e = mode == 0 ? static_cast<long>(gen() % 3001) - 1500
                                 : mode == 1 ? 99 - static_cast<long>(gen() % 4)
                                             : -1100 - static_cast<long>(gen() % 300);
                    (*m)[k] = random_entry(gen, e);
                }
            const long re = static_cast<long>(gen() % 120) - 20;
            Real radius = random_entry(gen, re);
            mpfr_abs(radius.backend().data(), radius.backend().data(), MPFR_RNDN);
            b.radius = UpperBound::assume_upper(radius);
            const Q c2 = norm_sq(b), e = to_rational(b.radius.real());
            const BallBound r = ball_bound(b);
            if (r == BallBound::Within) {
                // |c| + e <= B  <=>  e <= B and |c|^2 <= (B - e)^2.
                REQUIRE(e <= bound);
                REQUIRE(c2 <= (bound - e) * (bound - e));
                ++within;
            } else if (r == BallBound::Beyond) {
                // |c| - e > B  <=>  |c|^2 > (B + e)^2.
                REQUIRE(c2 > (bound + e) * (bound + e));
                ++beyond;
            } else {
                ++unbounded;
            }
        }
    }
    // Every answer occurs (the test exercises both decisions).
    CHECK(within > 100);
    CHECK(beyond > 100);
    CHECK(unbounded > 0);
}

TEST_CASE("ball_bound is tight: 2^-40 relative from the bound is decided", "[ball][bound]") {
    PrecisionScope scope(128);
    const Q bound = pow10(30);
    // Four equal entries t with |c| = 2 t = 10^30 (1 + s 2^-40).
    auto ball_at = [&](int s, const Q& radius) {
        Ball b = ball_of(1, 2);
        const Q t = bound / 2 * (1 + Q(s) / Q(Integer(1) << 40));
        for (Matrix<Real>* m : {&b.centre.X, &b.centre.Y})
            for (size_t k = 0; k < m->size(); ++k) (*m)[k] = rational_up(t);
        b.radius = UpperBound::of_rational(radius);
        return b;
    };
    CHECK(ball_bound(ball_at(-1, 0)) == BallBound::Within);
    CHECK(ball_bound(ball_at(1, 0)) == BallBound::Beyond);
    // A radius of 2^-39 |c| moves either ball across the bound: undecided.
    const Q wide = bound / Q(Integer(1) << 39);
    CHECK(ball_bound(ball_at(-1, wide)) == BallBound::Unbounded);
    CHECK(ball_bound(ball_at(1, wide)) == BallBound::Unbounded);
    // Entries beyond double's range: squares overflow in double, still decided.
    Ball huge = ball_of(1, 1);
    mpfr_set_si_2exp(huge.centre.X(0, 0).backend().data(), 1, 1200, MPFR_RNDN);
    huge.centre.Y(0, 0) = new_real();
    huge.radius = UpperBound::exact(1);
    CHECK(ball_bound(huge) == BallBound::Beyond);
    Ball tiny = ball_of(1, 1);
    mpfr_set_si_2exp(tiny.centre.X(0, 0).backend().data(), -3, -1200, MPFR_RNDN);
    tiny.centre.Y(0, 0) = new_real();
    tiny.radius = UpperBound::exact(0);
    CHECK(ball_bound(tiny) == BallBound::Within);
    // Not finite: never decided.
    Ball nan = ball_of(1, 1);
    mpfr_set_nan(nan.centre.Y(0, 0).backend().data());
    nan.radius = UpperBound::exact(0);
    CHECK(ball_bound(nan) == BallBound::Unbounded);
}
