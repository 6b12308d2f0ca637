#include "lrcert/linalg/float_decompositions.hpp"

#include <Eigen/Dense>

#include <cmath>

namespace lrcert {

namespace {

Eigen::MatrixXd to_eigen(const Matrix<double>& m) {
    Eigen::MatrixXd e(static_cast<Eigen::Index>(m.rows()), static_cast<Eigen::Index>(m.cols()));
    for (size_t i = 0; i < m.rows(); ++i)
        for (size_t j = 0; j < m.cols(); ++j) e(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = m(i, j);
    return e;
}

}  // namespace

SymmetricEigen symmetric_eigen(const Matrix<double>& S, bool with_vectors) {
    SymmetricEigen out;
    if (S.rows() == 0 || S.rows() != S.cols()) return out;
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(to_eigen(S),
                                                            with_vectors ? Eigen::ComputeEigenvectors
                                                                         : Eigen::EigenvaluesOnly);
    if (es.info() != Eigen::Success) return out;
    const auto n = static_cast<Eigen::Index>(S.rows());
    out.values.resize(S.rows());
    for (Eigen::Index k = 0; k < n; ++k) out.values[static_cast<size_t>(k)] = es.eigenvalues()(k);
    if (with_vectors) {
        out.vectors = Matrix<double>(S.rows(), S.cols());
        for (Eigen::Index i = 0; i < n; ++i)
            for (Eigen::Index k = 0; k < n; ++k)
                out.vectors(static_cast<size_t>(i), static_cast<size_t>(k)) = es.eigenvectors()(i, k);
    }
    out.ok = true;
    return out;
}

GeneralEigen general_eigen(const Matrix<double>& M) {
    GeneralEigen out;
    if (M.rows() == 0 || M.rows() != M.cols()) return out;
    const Eigen::EigenSolver<Eigen::MatrixXd> es(to_eigen(M));
    if (es.info() != Eigen::Success) return out;
    const Eigen::MatrixXcd V = es.eigenvectors();  // by value: computed once
    const Eigen::Index n = V.rows();
    for (Eigen::Index k = 0; k < n; ++k) {
        out.values.push_back(es.eigenvalues()(k));
        std::vector<std::complex<double>> v(static_cast<size_t>(n));
        for (Eigen::Index i = 0; i < n; ++i) v[static_cast<size_t>(i)] = V(i, k);
        out.vectors.push_back(std::move(v));
    }
    out.ok = true;
    return out;
}

std::vector<double> singular_values(const Matrix<double>& M) {
    if (M.rows() == 0 || M.cols() == 0) return {};
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(to_eigen(M));
    const auto& s = svd.singularValues();
    return std::vector<double>(s.data(), s.data() + s.size());
}

bool approximate_inverse(const Matrix<double>& A, Matrix<double>& inverse) {
    if (A.rows() == 0 || A.rows() != A.cols()) return false;
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(to_eigen(A));
    if (!lu.isInvertible()) return false;
    const Eigen::MatrixXd inv = lu.inverse();
    const size_t n = A.rows();
    inverse = Matrix<double>(n, n);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) {
            inverse(i, j) = inv(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
            if (!std::isfinite(inverse(i, j))) return false;
        }
    return true;
}

}  // namespace lrcert
