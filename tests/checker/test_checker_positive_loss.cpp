// lrcert-check's f* and gap for Lemma P (proofs-check/positive_loss.hpp,
// docs/checker.md section 5), its code only. Oracle: A = U diag(s) V^T with U, V
// products of rational rotations, so f* = 1/2 sum_{i>d} s_i^2 exactly; a failing
// case: equal singular values sigma_d = sigma_{d+1} (no gap may be proven).
#include "positive_loss.hpp"

#include <catch2/catch.hpp>

#include <vector>

using chk::Mat;
using chk::Q;

namespace {

Mat rotation(size_t p, size_t q, const Q& c, const Q& s) {
    Mat r(3, 3);
    for (size_t i = 0; i < 3; ++i) r(i, i) = 1;
    r(p, p) = c;
    r(q, q) = c;
    r(p, q) = -s;
    r(q, p) = s;
    return r;
}

chk::Problem target(const std::vector<Q>& s, size_t d) {
    const Mat U = rotation(0, 1, Q(3, 5), Q(4, 5)) * rotation(1, 2, Q(5, 13), Q(12, 13));
    const Mat V = rotation(0, 2, Q(8, 17), Q(15, 17)) * rotation(0, 1, Q(7, 25), Q(24, 25));
    Mat D(3, 3);
    for (size_t i = 0; i < 3; ++i) D(i, i) = s[i];
    chk::Problem p;
    p.A = U * D * chk::transpose(V);
    p.X0 = Mat(3, d);
    p.Y0 = Mat(3, d);
    p.h = Q(1, 10);
    return p;
}

}  // namespace

TEST_CASE("checker: f* of exact Eckart-Young targets and the gap", "[checker][positive_loss]") {
    const std::vector<Q> s = {Q(3), Q(2), Q(1)};
    for (size_t d : {size_t(1), size_t(2)}) {
        const chk::MinLoss M = chk::min_loss(target(s, d), 200);
        Q f = 0;
        for (size_t i = d; i < 3; ++i) f += s[i] * s[i] / 2;
        CHECK(M.f_star.lo <= f);
        CHECK(f <= M.f_star.hi);
        CHECK(M.f_star.hi - M.f_star.lo < Q(1, 1000000000));
        CHECK(M.gap);
        for (size_t i = 0; i <= d; ++i) CHECK((M.sigma[i].lo <= s[i] && s[i] <= M.sigma[i].hi));
    }
    // sigma_1 = sigma_2 = 2: no gap for d = 1 (Lemma P must not be accepted).
    const chk::MinLoss M = chk::min_loss(target({Q(2), Q(2), Q(1)}, 1), 200);
    CHECK_FALSE(M.gap);
    CHECK(M.f_star.lo <= Q(5, 2));
    CHECK(Q(5, 2) <= M.f_star.hi);
}
