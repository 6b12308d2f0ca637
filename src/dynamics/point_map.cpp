#include "lrcert/dynamics/point_map.hpp"

#include "lrcert/problem/hessian.hpp"

#include <utility>

namespace lrcert {

namespace {

// The step: an interval holding every h of the map; the middle one in double.
Interval step_of(const PointMap& F, const Interval*) { return hull(enclose(F.h()), enclose(F.h_hi())); }
double step_of(const PointMap& F, const double*) { return from_rational<double>((F.h() + F.h_hi()) / 2); }

template <class T>
Vec<T> image_of(const PointMap& F, const Vec<T>& z) {
    const Matrix<T> A = convert_matrix<T>(F.A());
    const T h = step_of(F, static_cast<const T*>(nullptr));
    return F.flatten(gd_step(A, F.factors(z), h));
}

template <class T>
Matrix<T> jacobian_of(const PointMap& F, const Vec<T>& z) {
    const Matrix<T> A = convert_matrix<T>(F.A());
    const T h = step_of(F, static_cast<const T*>(nullptr));
    const Matrix<T> H = hessian_matrix(A, F.factors(z));
    Matrix<T> J(H.rows(), H.cols());
    const T one = from_rational<T>(Rational(1));
    const T nought = zero<T>();
    for (size_t i = 0; i < H.rows(); ++i)
        for (size_t j = 0; j < H.cols(); ++j) {
            T v = (i == j ? one : nought) - h * H(i, j);
            J(i, j) = v;
        }
    return J;
}

}  // namespace

PointMap::PointMap(Matrix<Rational> A, Rational h, size_t d) : PointMap(std::move(A), h, h, d) {}

PointMap::PointMap(Matrix<Rational> A, Rational h_lo, Rational h_hi, size_t d)
    : A_(std::move(A)), h_(std::move(h_lo)), h_hi_(std::move(h_hi)), d_(d) {
    detail::require(d_ >= 1, "PointMap: d must be at least 1");
    detail::require(A_.rows() >= 1 && A_.cols() >= 1, "PointMap: A must not be empty");
    detail::require(h_ > 0, "PointMap: h must be positive");
    detail::require(h_ <= h_hi_, "PointMap: the h interval is reversed");
}

PointMap PointMap::scalar(const Rational& mu, const Rational& h) { return scalar(mu, h, h); }

PointMap PointMap::scalar(const Rational& mu, const Rational& h_lo, const Rational& h_hi) {
    Matrix<Rational> A(1, 1);
    A(0, 0) = mu;
    return PointMap(std::move(A), h_lo, h_hi, 1);
}

Vec<Interval> PointMap::image(const Vec<Interval>& z) const { return image_of(*this, z); }
Vec<double> PointMap::image(const Vec<double>& z) const { return image_of(*this, z); }
Matrix<Interval> PointMap::jacobian(const Vec<Interval>& z) const { return jacobian_of(*this, z); }
Matrix<double> PointMap::jacobian(const Vec<double>& z) const { return jacobian_of(*this, z); }

}  // namespace lrcert
