// The matrix GD step at a ball's centre in plain rounded arithmetic, with an
// a-priori bound of its error (docs/math.md, section 3.2, Lemma C).
//
// For a centre c = (X, Y) of working-precision numbers (precision p <= 512):
//   R~ = RN(a - X Y^T)       each entry one rounding of the exactly
//                            accumulated sum of the products and -a (the
//                            midpoint of A's enclosure), BallDot's
//                            fixed-point sum (number/ball_dot.hpp);
//   X' = RN(X + HR Y),  Y' = RN(Y + HR^T X),  HR = RN(h~ R~)   each entry one
//                            rounding of the accumulated sum of the
//                            products and the old entry (h~ the midpoint of
//                            h's enclosure; Lemma C', docs/math.md 3.2);
// and, evaluated in double with upward rounding (Lemma K3) in units of 2^-p
// (so that their squares stay in double's normal range), entrywise bounds
//   rho >= |R~ - R_c|        (R_c = A - X Y^T, exact A),
//   b   >= |(X', Y') - F(c)| (F the exact GD map with the exact A and h),
// the defect being the Euclidean norm of b, rounded up. No interval
// arithmetic and no allocation per term. Outside the kernel's range (an entry
// not finite or of another precision, an exponent beyond +-2^20, p > 512, a
// dot product off the fixed-point path, a double bound that overflows) the
// functions return false and the caller evaluates F(c) in intervals
// (docs/math.md, section 3). Where only the one-more-term sums leave the
// kernel's unit range (a whole entry below 2^-800, say), the step of Lemma C
// (the sum rounded once against the entry, R~ scaled by a power of two) is
// used instead.
//
// The loops are over row ranges (residual_rows, step_rows) so that they can
// be split into blocks later; every entry is computed independently.
#pragma once

#include "lrcert/enclose/ball.hpp"

#include <memory>
#include <vector>

namespace lrcert {

class BallOperand;

class PointStep {
public:
    PointStep() = default;
    // A and h: the enclosures of the exact data. Their midpoints and radii are
    // taken at the working precision of each use (recomputed when it changes).
    PointStep(Matrix<Interval> A, Interval h) : A_(std::move(A)), h_(std::move(h)) {}

    // The residual at c (Lemma C, part 1): R~ and rho >= |R~ - R_c|
    // entrywise. False (nothing usable) outside the range above.
    bool residual(const Factors<Real>& c);
    // After a successful residual(c): R~, the entrywise bounds rho in units of
    // 2^-p (rho_ij 2^-p >= |R~_ij - (R_c)_ij|; row-major, as R~), and an upper
    // bound of ||R_c||_F (||R~||_F rounded up plus ||rho||_2 2^-p rounded up).
    const Matrix<Real>& residual_point() const { return R_; }
    const std::vector<double>& residual_error() const { return rho_; }
    const UpperBound& residual_fro() const { return fro_; }

    // The next centre and its defect bound (Lemma C, part 2), from the
    // residual computed by residual(c) for the same c: out.defect >=
    // |F(c) - out.centre| (Euclidean over all entries). False outside the
    // range above (out is then unspecified).
    bool step(const Factors<Real>& c, CentreStep& out);

private:
    void prepare();
    bool fused_step(const Factors<Real>& c, CentreStep& out);
    Matrix<Interval> A_;
    Interval h_;
    unsigned bits_ = 0;          // precision of the midpoints below (0: none yet)
    Matrix<Real> a_;             // midpoints of A's entries
    std::shared_ptr<const BallOperand> a_points_;  // a_ as point entries (the residual's extra terms; shared by copies)
    std::vector<double> a_rad_;  // >= |A_ij - a_ij| 2^p
    Real h_mid_;
    double h_rad_ = 0;    // >= |h - h_mid|
    double h_rad_s_ = 0;  // h_rad_ 2^p
    Matrix<Real> R_;
    Matrix<Real> Rs_;  // R_ 2^shift (the step's fallback)
    Matrix<Real> HR_;  // RN(h~ R~) (the fused step)
    std::vector<double> sigma_;  // >= |h R_c - HR| entrywise, in units of 2^-p (the fused step)
    std::vector<double> rho_;
    std::vector<double> xmag_, ymag_, prop_x_, prop_y_;  // |X|, |Y| and the propagated rho (step)
    UpperBound fro_;
    unsigned long prepared_ = 0;  // this thread's residual() call number of R_ (point_step.cpp, Workspace)
};

}  // namespace lrcert
