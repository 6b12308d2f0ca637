// Double images of matrices (docs/math.md 7.1a, Lemmas F1, F1' and F4): a
// double matrix P and a power of two 2^e with ||M' 2^-e - P||_F <= dist for
// every matrix M' the image stands for. The double path of the spectral
// bounds (linalg/spectral.hpp, Lemma F3) works on such images.
//
// Entries of P are 0 or of magnitude at least 2^-500 (kFlushBelow), so that
// products of two of them stay in double's normal range (Lemma F2).
#pragma once

#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/interval.hpp"

#include <optional>
#include <vector>

namespace lrcert {

struct DoubleImage {
    size_t rows = 0, cols = 0;
    std::vector<double> P;  // row-major
    long e = 0;
    double dist = 0;
};

// Entries of an image below this magnitude are set to 0 (and counted in dist).
inline constexpr double kFlushBelow = 0x1p-500;

// Of every matrix in the box (Lemma F1): P the midpoints times 2^-e rounded
// to nearest, dist measured in MPFR. nullopt if an endpoint is not finite.
std::optional<DoubleImage> double_image(const Matrix<Interval>& M);

// Of a point matrix (Lemma F1'): P = RN(M 2^-e), one conversion per entry,
// dist a-priori (u ||P||_F plus 2^-500 per flushed entry). nullopt if an
// entry is not finite.
std::optional<DoubleImage> double_image(const Matrix<Real>& M);

// Of R = A' - X' Y'^T for every A', X', Y' the images stand for (Lemma F4;
// A: n x m, X: n x d, Y: m x d): Q = RN(2^(eA - e) PA - 2^(eX + eY - e) RN(PX PY^T))
// with e = max(eA, eX + eY), dist from the a-priori error of the double
// products. nullopt when a scale or a result leaves double's normal range.
std::optional<DoubleImage> residual_image(const DoubleImage& A, const DoubleImage& X, const DoubleImage& Y);

}  // namespace lrcert
