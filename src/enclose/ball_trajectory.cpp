#include "lrcert/enclose/ball_trajectory.hpp"

namespace lrcert {

MatrixTrajectory matrix_trajectory(const Matrix<Rational>& A, const Factors<Rational>& z0, const Rational& h) {
    return MatrixTrajectory(MatrixMap(convert_matrix<Interval>(A), enclose(h)),
                            ball_around(Factors<Interval>{convert_matrix<Interval>(z0.X), convert_matrix<Interval>(z0.Y)}));
}

}  // namespace lrcert
