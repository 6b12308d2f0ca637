// Lemma G's look-ahead in double (lemma_g_fails_in_double, certify/matrix_lemmas.hpp)
// against the certified check_lemma_g on the same balls: whenever the
// look-ahead reports a failure, check_lemma_g must fail with the same text;
// wherever check_lemma_g holds, the look-ahead must say nothing. Balls around
// exact zero-residual points A = X* Y*^T (n = m = d, so Lemma G can hold), at
// distances and radii from 1e-12 to 1 and step sizes on both sides of the
// stability limit, so that the holding case and the failures the doubling
// rho_B runs into (h L_B >= 2, PL constant not positive) all occur.
#include "lrcert/certify/matrix_lemmas.hpp"

#include "support/exact_oracles.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>
#include <map>

using namespace lrcert;
using lrcert_test::Q;
using lrcert_test::Rng;

TEST_CASE("Lemma G's double look-ahead never contradicts check_lemma_g", "[matrix][lemma]") {
    Rng rng(1604);
    PrecisionScope scope(128);
    int holds = 0, skipped = 0, unsure = 0;
    std::map<std::string, int> failures;
    for (int rep = 0; rep < 400; ++rep) {
        const size_t n = static_cast<size_t>(rng.integer(1, 4));
        Matrix<Q> Xs(n, n), Ys(n, n);
        for (size_t k = 0; k < Xs.size(); ++k) {
            Xs[k] = rng.dyadic(16, 3) + (k % (n + 1) == 0 ? 3 : 0);  // diagonally weighted: full rank mostly
            Ys[k] = rng.dyadic(16, 3) + (k % (n + 1) == 0 ? 3 : 0);
        }
        Matrix<Q> A(n, n);
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < n; ++j)
                for (size_t t = 0; t < n; ++t) A(i, j) += Xs(i, t) * Ys(j, t);
        // The centre: X*, Y* moved by 2^-k (k from 0 to 40), the radius 2^-j.
        const long k = rng.integer(0, 40), j = rng.integer(0, 40);
        const Q move = Q(Integer(1), Integer(1) << k), radius = Q(Integer(1), Integer(1) << j);
        Factors<Real> c{Matrix<Real>(n, n), Matrix<Real>(n, n)};
        for (size_t t = 0; t < Xs.size(); ++t) {
            c.X[t] = rational_down(Xs[t] + move * rng.dyadic(8, 3));
            c.Y[t] = rational_down(Ys[t] - move * rng.dyadic(8, 3));
        }
        const Ball ball{c, UpperBound::assume_upper(rational_up(radius))};
        const Matrix<Interval> Ai = convert_matrix<Interval>(A);
        const CentreNorms s = centre_norms(Ai, c, true);
        // h L around 2: L ~ ||X||^2 + ||Y||^2.
        const double sx = s.sx.real().convert_to<double>();
        const double L = 2 * sx * sx;
        const Q h = Q(static_cast<long>(rng.integer(1, 34)), 16) / Q(static_cast<long>(std::ceil(L)) + 1);
        const Interval hi_h = enclose(h);
        const LemmaG G = check_lemma_g(ball, hi_h, s);
        const std::optional<std::string> ahead = lemma_g_fails_in_double(ball, hi_h, s);
        INFO("case " << rep << ": n = " << n << ", move 2^-" << k << ", radius 2^-" << j << ", h = " << h
                     << "; check_lemma_g: " << (G.holds ? "holds" : G.failure));
        if (G.holds) {
            ++holds;
            REQUIRE_FALSE(ahead);
        } else if (ahead) {
            ++skipped;
            REQUIRE(*ahead == G.failure);
            ++failures[G.failure];
        } else {
            ++unsure;
        }
    }
    std::cout << "Lemma G look-ahead: " << holds << " balls where it holds, " << skipped
              << " failures told in double, " << unsure << " left to check_lemma_g\n";
    for (const auto& [why, count] : failures) std::cout << "  " << count << " x " << why << "\n";
    CHECK(holds > 20);
    CHECK(failures.size() >= 2);  // both kinds the growing rho_B runs into
    CHECK(skipped > 100);
}
