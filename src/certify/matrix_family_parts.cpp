// The parts the matrix families share (include/lrcert/certify/matrix_family_parts.hpp).
#include "lrcert/certify/matrix_family_parts.hpp"

#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/problem/hessian.hpp"

#include <algorithm>

namespace lrcert {

void ZeroLossTail::begin_attempt(const Matrix<Rational>& A, size_t d) {
    lowrank_.reset();
    factor_sigmas_ = FactorSigmas{};
    if (d < std::min(A.rows(), A.cols()) && exact_target_rank(A) == d) lowrank_ = low_rank_target(A, d);
}

TailTry<LemmaG, MatrixLimit> ZeroLossTail::try_tail(MatrixMap& map, const Ball& b, size_t k) const {
    TailTry<LemmaG, MatrixLimit> t;
    const CentreNorms& s = map.norms_at(b);
    if (!map.with_sigmas()) return t;
    t.tried = true;
    if (!(lowrank_ && lowrank_->usable())) {
        // Lemma G's chain in double first (a look-ahead, docs/math.md 7.4): a
        // clear failure is reported without the certified evaluation.
        if (std::optional<std::string> why = lemma_g_fails_in_double(b, map.h(), s)) {
            t.lemma.failure = *why;
            t.failure = std::move(*why);
            return t;
        }
    }
    t.lemma = lowrank_ && lowrank_->usable()
                  ? check_lemma_lr(b, map.h(), s, *lowrank_, factor_sigmas_.at(b.centre))  // Lemma LR
                  : check_lemma_g(b, map.h(), s);
    if (!t.lemma.holds) {
        t.failure = t.lemma.failure;
        return t;
    }
    t.width = limit_radius(t.lemma, b);  // the reported radius (docs/math.md 7.5)
    t.limit = MatrixLimit{k, t.lemma, b, {}, {}, {}, {}, {}};
    return t;
}

Box matrix_state_box(const Ball& b) {
    const Factors<Interval> box = ball_box(b);
    Box z(box.X.data());
    z.insert(z.end(), box.Y.data().begin(), box.Y.data().end());
    return z;
}

std::string matrix_cycle_obstacle(size_t d) {
    if (d < 2) return "";
    return "for d >= 2 every cycle lies on a continuum of cycles (the rotations (X, Y) -> (X Q, Y Q), Q "
           "orthogonal, commute with GD), so none is isolated and no contraction certificate exists";
}

void finish_matrix_cycle(CycleCertificate& c, const PointMap& F, const Matrix<Interval>& A) {
    for (const Box& point : c.region.cycle) {
        Factors<Interval> z = F.factors(point);
        c.loss.push_back(objective(A, z));
        c.sharpness.push_back(certified_lambda_max(hessian_matrix(A, z)).value);
        c.points.push_back(std::move(z));
    }
}

}  // namespace lrcert
