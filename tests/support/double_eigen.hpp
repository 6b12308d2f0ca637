// The symmetric eigendecomposition of a double matrix, by Eigen: a test
// oracle that does not go through lrcert's own code, compiled once for all
// tests (Eigen's solvers are slow to compile, more so under the sanitizers).
#pragma once

#include "lrcert/linalg/matrix.hpp"

#include <vector>

namespace lrcert::test {

struct DoubleEigen {
    bool ok = false;
    std::vector<double> values;                // ascending
    std::vector<std::vector<double>> vectors;  // vectors[k]: a unit eigenvector of values[k] (if asked for)
};

// H symmetric.
DoubleEigen double_symmetric_eigen(const Matrix<double>& H, bool with_vectors = true);

}  // namespace lrcert::test
