// What the pointwise matrix family (matrix_certifier.cpp) and the matrix cell
// family (matrix_cell.cpp) share for the certification driver
// (certify/driver.hpp): the zero-loss tail (Lemma LR when rank(A) = d <
// min(n, m), Lemma G otherwise; docs/math.md 7.4, 7.4b, 14.1) and the parts of
// the cycle test (docs/math.md 12, 14). The interval h of a cell makes each of
// them hold for every h of the cell, as for a single h.
#pragma once

#include "lrcert/certify/driver.hpp"
#include "lrcert/certify/lowrank_lemma.hpp"
#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/dynamics/point_map.hpp"

#include <optional>
#include <string>

namespace lrcert {

// Lemma G, or Lemma LR in its place when rank(A) = d < min(n, m) (Lemma LR's
// target is then computed once per attempt, at its precision).
class ZeroLossTail {
public:
    // The target data of Lemma LR for this attempt: set when d < min(n, m) and
    // rank(A) = d exactly (rational elimination); reset otherwise.
    void begin_attempt(const Matrix<Rational>& A, size_t d);

    // Not tried (t.tried false) until the map carries the sigma bounds at the
    // ball's centre. Otherwise Lemma LR when its target is usable (rank and
    // sigma_d(A)^2 > 0 proven), else Lemma G; when the lemma holds, t.limit
    // is its limit at step k with width its reach (|z_inf - c_k| <= reach),
    // and otherwise t.failure says why.
    TailTry<LemmaG, MatrixLimit> try_tail(MatrixMap& map, const Ball& b, size_t k) const;

private:
    std::optional<LowRankTarget> lowrank_;  // Lemma LR's data, d < min(n, m) only
    mutable FactorSigmas factor_sigmas_;    // sigma_d of the factors, reused across steps
};

// The box of the ball in the point map's state order: vec(X), then vec(Y).
// It holds every point of the ball.
Box matrix_state_box(const Ball& b);

// Why no cycle certificate can exist for d factors, "" for d = 1: for d >= 2
// the rotations (X, Y) -> (X Q, Y Q) commute with GD, so no cycle is isolated.
std::string matrix_cycle_obstacle(size_t d);

// The certified cycle's loss, sharpness (certified lambda_max of the Hessian)
// and factor boxes at each of its boxes, through F's state-to-factors map; A
// encloses the exact data. Every enclosure holds the value at every point of
// the box.
void finish_matrix_cycle(CycleCertificate& cycle, const PointMap& F, const Matrix<Interval>& A);

}  // namespace lrcert
