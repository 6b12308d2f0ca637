#include "support/double_eigen.hpp"

#include <Eigen/Dense>

namespace lrcert::test {

DoubleEigen double_symmetric_eigen(const Matrix<double>& H, bool with_vectors) {
    const auto n = static_cast<Eigen::Index>(H.rows());
    Eigen::MatrixXd E(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) E(i, j) = H(static_cast<size_t>(i), static_cast<size_t>(j));
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(E, with_vectors ? Eigen::ComputeEigenvectors
                                                                            : Eigen::EigenvaluesOnly);
    DoubleEigen out;
    if (es.info() != Eigen::Success) return out;
    for (Eigen::Index k = 0; k < n; ++k) {
        out.values.push_back(es.eigenvalues()(k));
        if (with_vectors) {
            std::vector<double> v(static_cast<size_t>(n));
            for (Eigen::Index i = 0; i < n; ++i) v[static_cast<size_t>(i)] = es.eigenvectors()(i, k);
            out.vectors.push_back(std::move(v));
        }
    }
    out.ok = true;
    return out;
}

}  // namespace lrcert::test
