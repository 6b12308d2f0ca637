// An independent high-precision reference: plain gradient descent on
// f(X, Y) = 1/2 ||A - X Y^T||_F^2 with raw MPFR numbers (mpfr_t, round to
// nearest, its own loops), not lrcert's gd_step or matrix code, so a test
// compares lrcert's enclosures with a computation that shares only the input
// types with it:
//   R = A - X Y^T,  X' = X + h R Y,  Y' = Y + h R^T X  (simultaneous).
// Its error is not bounded rigorously: tests compare with a slack far above the
// rounding of `bits`-bit arithmetic over the steps run (near_inside).
#pragma once

#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/precision.hpp"
#include "lrcert/number/rational.hpp"
#include "lrcert/number/interval.hpp"
#include "lrcert/problem/factorization.hpp"

#include <mpfr.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace lrcert::test {

struct ReferenceGD {
    Matrix<Real> X, Y;      // the last iterate, each entry with exactly `bits` bits
    Real loss;              // f at the last iterate (`bits` bits)
    size_t steps = 0;       // GD steps run
    bool stopped = false;   // ||R||_F < 10^-stop_exp was reached (with a stop_exp only)
};

namespace detail {

// An mpfr_t vector of `count` values at `bits` bits, cleared on destruction.
struct MpfrVec {
    std::vector<mpfr_t> v;
    MpfrVec(size_t count, unsigned bits) : v(count) {
        for (mpfr_t& x : v) mpfr_init2(x, bits);
    }
    ~MpfrVec() {
        for (mpfr_t& x : v) mpfr_clear(x);
    }
    MpfrVec(const MpfrVec&) = delete;
    MpfrVec& operator=(const MpfrVec&) = delete;
    mpfr_t& operator[](size_t k) { return v[k]; }
};

// x = q rounded to nearest (numerator and denominator rounded first, as q is exact input).
inline void set_rational(mpfr_t x, const Rational& q, unsigned bits) {
    mpfr_t num, den;
    mpfr_init2(num, bits);
    mpfr_init2(den, bits);
    mpfr_set_z(num, numerator(q).backend().data(), MPFR_RNDN);
    mpfr_set_z(den, denominator(q).backend().data(), MPFR_RNDN);
    mpfr_div(x, num, den, MPFR_RNDN);
    mpfr_clear(num);
    mpfr_clear(den);
}

// An lrcert Real with exactly `bits` bits equal to x.
inline Real to_real(const mpfr_t x, unsigned bits) {
    PrecisionScope scope(bits);
    Real r = new_real();
    mpfr_set(r.backend().data(), x, MPFR_RNDN);
    return r;
}

}  // namespace detail

// GD from z0 with step h at `bits` bits: max_steps steps, or fewer when
// stop_exp is given and ||R||_F < 10^-stop_exp is reached first (the residual
// is computed before each step), or when ||R||_F is no longer finite.
inline ReferenceGD reference_gd(const Matrix<Rational>& A_q, const Factors<Rational>& z0, const Rational& h_q,
                                unsigned bits, size_t max_steps, std::optional<long> stop_exp = {}) {
    const size_t n = A_q.rows(), m = A_q.cols(), d = z0.X.cols();
    detail::MpfrVec A(n * m, bits), X(n * d, bits), Y(m * d, bits), R(n * m, bits), Xn(n * d, bits),
        Yn(m * d, bits), w(5, bits);
    mpfr_t &h = w[0], &t = w[1], &s = w[2], &fro = w[3], &bound = w[4];
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) detail::set_rational(A[i * m + j], A_q(i, j), bits);
    for (size_t i = 0; i < n; ++i)
        for (size_t k = 0; k < d; ++k) detail::set_rational(X[i * d + k], z0.X(i, k), bits);
    for (size_t j = 0; j < m; ++j)
        for (size_t k = 0; k < d; ++k) detail::set_rational(Y[j * d + k], z0.Y(j, k), bits);
    detail::set_rational(h, h_q, bits);
    if (stop_exp) {
        mpfr_set_ui(bound, 10, MPFR_RNDN);
        mpfr_pow_si(bound, bound, -2 * *stop_exp, MPFR_RNDN);  // compare ||R||_F^2 with 10^(-2 stop_exp)
    }
    ReferenceGD ref;
    for (size_t step = 0; step <= max_steps; ++step) {
        mpfr_set_ui(fro, 0, MPFR_RNDN);
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < m; ++j) {
                mpfr_set(s, A[i * m + j], MPFR_RNDN);
                for (size_t k = 0; k < d; ++k) {
                    mpfr_mul(t, X[i * d + k], Y[j * d + k], MPFR_RNDN);
                    mpfr_sub(s, s, t, MPFR_RNDN);
                }
                mpfr_set(R[i * m + j], s, MPFR_RNDN);
                mpfr_mul(t, s, s, MPFR_RNDN);
                mpfr_add(fro, fro, t, MPFR_RNDN);
            }
        ref.steps = step;
        if (!mpfr_number_p(fro)) break;
        if (stop_exp && mpfr_less_p(fro, bound)) {
            ref.stopped = true;
            break;
        }
        if (step == max_steps) break;
        for (size_t i = 0; i < n; ++i)
            for (size_t k = 0; k < d; ++k) {
                mpfr_set_ui(s, 0, MPFR_RNDN);
                for (size_t j = 0; j < m; ++j) {
                    mpfr_mul(t, R[i * m + j], Y[j * d + k], MPFR_RNDN);
                    mpfr_add(s, s, t, MPFR_RNDN);
                }
                mpfr_mul(s, s, h, MPFR_RNDN);
                mpfr_add(Xn[i * d + k], X[i * d + k], s, MPFR_RNDN);
            }
        for (size_t j = 0; j < m; ++j)
            for (size_t k = 0; k < d; ++k) {
                mpfr_set_ui(s, 0, MPFR_RNDN);
                for (size_t i = 0; i < n; ++i) {
                    mpfr_mul(t, R[i * m + j], X[i * d + k], MPFR_RNDN);
                    mpfr_add(s, s, t, MPFR_RNDN);
                }
                mpfr_mul(s, s, h, MPFR_RNDN);
                mpfr_add(Yn[j * d + k], Y[j * d + k], s, MPFR_RNDN);
            }
        for (size_t i = 0; i < n * d; ++i) mpfr_set(X[i], Xn[i], MPFR_RNDN);
        for (size_t i = 0; i < m * d; ++i) mpfr_set(Y[i], Yn[i], MPFR_RNDN);
    }
    PrecisionScope scope(bits);  // lrcert's Matrix<Real> creates its entries at the working precision
    ref.X = Matrix<Real>(n, d);
    ref.Y = Matrix<Real>(m, d);
    for (size_t i = 0; i < n; ++i)
        for (size_t k = 0; k < d; ++k) ref.X(i, k) = detail::to_real(X[i * d + k], bits);
    for (size_t j = 0; j < m; ++j)
        for (size_t k = 0; k < d; ++k) ref.Y(j, k) = detail::to_real(Y[j * d + k], bits);
    mpfr_div_ui(fro, fro, 2, MPFR_RNDN);  // f = ||R||_F^2 / 2 at the last iterate
    ref.loss = detail::to_real(fro, bits);
    return ref;
}

// ref lies in enc widened by slack (1 + |ref|) (at the caller's precision).
inline bool near_inside(const Interval& enc, const Real& ref, const char* slack_text) {
    const Real slack = Real(slack_text) * (1 + abs(ref));
    return Real(lo(enc)) - slack <= ref && ref <= Real(hi(enc)) + slack;
}

}  // namespace lrcert::test
