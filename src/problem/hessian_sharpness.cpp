// Certified lambda_max of the Hessian by Lanczos + a float Cholesky test with
// a-priori error bounds; see include/lrcert/problem/hessian_sharpness.hpp and
// docs/math.md 7.6a.
#include "lrcert/problem/hessian_sharpness.hpp"

#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/linalg/float_cholesky.hpp"
#include "lrcert/linalg/lanczos.hpp"
#include "lrcert/problem/hessian.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <stdexcept>

namespace lrcert {

namespace {

constexpr double kU = 0x1p-53;  // unit roundoff of double

UpperBound up_of(double x) {
    Real r = new_real();
    mpfr_set_d(r.backend().data(), x, MPFR_RNDU);  // exact (>= 53 bits)
    return UpperBound::assume_upper(r);
}

Real real_of(double x) {
    Real r = new_real();
    mpfr_set_d(r.backend().data(), x, MPFR_RNDN);  // exact (>= 53 bits)
    return r;
}

// Exact data rounded to nearest double with |q - q~| <= u |q~|: true iff
// every rounded value is finite and either normal or an exact zero.
bool round_data(const Matrix<Rational>& in, Matrix<double>& out) {
    out = convert_matrix<double>(in);
    for (size_t k = 0; k < in.size(); ++k) {
        const double v = out[k];
        if (!std::isfinite(v)) return false;
        if (v == 0 ? in[k] != 0 : std::abs(v) < 0x1p-1022) return false;
    }
    return true;
}

// The double matrix B ~ t I - H (lower triangle, row-major N x N) and the
// row sums W_i of the weights w_ij with |(t I - H)_ij - B_ij| <= 4 u w_ij
// (docs/math.md 7.6a, "Formation error").
struct Formed {
    std::vector<double> B;
    double max_weight = 0;
    bool ok = false;
};

Formed form_shifted(double t, const Matrix<double>& X, const Matrix<double>& Y, const Matrix<double>& R,
                    const Matrix<double>& GX, const Matrix<double>& GY) {
    const size_t n = X.rows(), m = Y.rows(), d = X.cols(), off = n * d, N = (n + m) * d;
    Formed f;
    f.B.assign(N * N, 0.0);
    std::vector<double> W(N, 0.0);
    std::feclearexcept(FE_ALL_EXCEPT);
    // Diagonal blocks: n copies of t I - Y^T Y, then m copies of t I - X^T X.
    auto block = [&](size_t base, const Matrix<double>& G) {
        for (size_t a = 0; a < d; ++a)
            for (size_t b = 0; b <= a; ++b) {
                const double g = G(a, b);
                const size_t r = base + a, c = base + b;
                if (a == b) {
                    const double v = t - g;
                    f.B[r * N + c] = v;
                    W[r] += std::abs(g) + std::abs(v);
                } else {
                    f.B[r * N + c] = -g;
                    W[r] += std::abs(g);
                    W[c] += std::abs(g);
                }
            }
    };
    for (size_t i = 0; i < n; ++i) block(i * d, GY);
    for (size_t j = 0; j < m; ++j) block(off + j * d, GX);
    // Off-diagonal block: row Y_jb, column X_ia, -(X_ib Y_ja - delta_ab R_ij).
    for (size_t j = 0; j < m; ++j)
        for (size_t b = 0; b < d; ++b) {
            const size_t r = off + j * d + b;
            double* row = &f.B[r * N];
            double wr = 0;
            for (size_t i = 0; i < n; ++i) {
                const double xib = X(i, b);
                for (size_t a = 0; a < d; ++a) {
                    const double p = xib * Y(j, a);
                    double v = p, w = std::abs(p);
                    if (a == b) {
                        v = p - R(i, j);
                        w += std::abs(R(i, j)) + std::abs(v);
                    }
                    row[i * d + a] = -v;
                    wr += w;
                    W[i * d + a] += w;
                }
            }
            W[r] += wr;
        }
    const int flags = std::fetestexcept(FE_UNDERFLOW | FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO);
    f.ok = flags == 0;
    for (double w : W) f.max_weight = std::max(f.max_weight, w);
    f.ok = f.ok && std::isfinite(f.max_weight);
    return f;
}

// ||X||_F^2 + ||Y||_F^2 + ||R||_F >= lambda_max (docs/math.md 7.2), rounded up.
Interval crude_enclosure(const Matrix<Interval>& A, const Factors<Interval>& z, const Real& lower) {
    const UpperBound up = upper_of(frobenius_sq(z.X)) + upper_of(frobenius_sq(z.Y)) +
                          sqrt(upper_of(frobenius_sq(residual(A, z))));
    return make_interval(lower, up.real());
}

}  // namespace

Factors<double> hessian_times(const Matrix<double>& R, const Factors<double>& z, const Factors<double>& w) {
    const Matrix<double> GX = transposed_multiply(z.X, z.X), GY = transposed_multiply(z.Y, z.Y);
    Factors<double> out;
    out.X = multiply(w.X, GY) + multiply(multiply_transposed(z.X, w.Y), z.Y) - multiply(R, w.Y);
    out.Y = multiply(w.Y, GX) + multiply(multiply_transposed(z.Y, w.X), z.X) - transposed_multiply(R, w.X);
    return out;
}

HessianSharpness hessian_lambda_max(const Matrix<Rational>& A, const Factors<Rational>& z,
                                    const SharpnessOptions& options) {
    const size_t n = z.X.rows(), m = z.Y.rows(), d = z.X.cols();
    detail::require(z.Y.cols() == d && A.rows() == n && A.cols() == m, "hessian_lambda_max: shapes do not match");
    detail::require(d > 0 && n + m > 0, "hessian_lambda_max: empty problem");
    if (working_bits() < 53) throw std::logic_error("hessian_lambda_max: needs a PrecisionScope of >= 53 bits");
    const size_t N = (n + m) * d, off = n * d;
    HessianSharpness out;
    out.shift = new_real();
    out.formation_error = UpperBound::exact(0);
    out.backward_error = UpperBound::exact(0);

    // Exact ingredients, then rounded to nearest double.
    const Matrix<Rational> Rq = residual(A, z);
    const Matrix<Rational> GXq = detail::hessian_gram(z.X), GYq = detail::hessian_gram(z.Y);
    Matrix<double> X, Y, R, GX, GY;
    const bool data_ok = round_data(z.X, X) && round_data(z.Y, Y) && round_data(Rq, R) && round_data(GXq, GX) &&
                         round_data(GYq, GY);

    const Matrix<Interval> Ai = convert_matrix<Interval>(A);
    const Factors<Interval> zi{convert_matrix<Interval>(z.X), convert_matrix<Interval>(z.Y)};
    // Lower bounds of lambda_max: the diagonal entries (Gram diagonals) ...
    Real lower = new_real();
    bool have_lower = false;
    for (const Matrix<Rational>* G : {&GXq, &GYq})
        for (size_t a = 0; a < d; ++a) {
            const Real l = lo(enclose((*G)(a, a)));
            if (!have_lower || l > lower) lower = l;
            have_lower = true;
        }

    if (data_ok && N < (size_t{1} << 20)) {
        // ... and the Rayleigh quotient of a Lanczos vector.
        const Factors<double> zd{X, Y};
        auto apply = [&](const std::vector<double>& x, std::vector<double>& y) {
            Factors<double> w{Matrix<double>(n, d), Matrix<double>(m, d)};
            for (size_t k = 0; k < off; ++k) w.X[k] = x[k];
            for (size_t k = 0; k < m * d; ++k) w.Y[k] = x[off + k];
            const Factors<double> hw = hessian_times(R, zd, w);
            y.resize(N);
            for (size_t k = 0; k < off; ++k) y[k] = hw.X[k];
            for (size_t k = 0; k < m * d; ++k) y[off + k] = hw.Y[k];
        };
        const LanczosEstimate est = lanczos_largest(N, apply, options.lanczos_steps, options.lanczos_restarts);
        bool any = false;
        for (double x : est.vector) any = any || (std::isfinite(x) && x != 0);
        if (any) {
            Factors<Interval> dir{Matrix<Interval>(n, d), Matrix<Interval>(m, d)};
            for (size_t k = 0; k < N; ++k) {
                const double x = std::isfinite(est.vector[k]) ? est.vector[k] : 0.0;
                out.vector.push_back(real_of(x));
                (k < off ? dir.X[k] : dir.Y[k - off]) = make_interval(out.vector.back());
            }
            // v^T H v / v^T v = Q_z(U, V) / (|U|^2 + |V|^2), O(n m d) (docs/math.md 1).
            const Interval rq = hessian_form(Ai, zi, dir) / state_norm_sq(dir);
            if (lo(rq) > lower) lower = lo(rq);
        }

        // Upper bound: float Cholesky tests of t I - H at t = theta + margin 16^k.
        double scale = std::abs(est.value);
        for (size_t a = 0; a < d; ++a) scale = std::max({scale, std::abs(GX(a, a)), std::abs(GY(a, a))});
        double margin = options.relative_margin != 0 ? options.relative_margin * scale
                                                     : std::max(2 * est.residual, 8 * static_cast<double>(N) * kU * scale);
        for (int k = 0; k < options.attempts && std::isfinite(est.value) && scale > 0; ++k, margin *= 16) {
            const double t = est.value + margin;
            ++out.attempts;
            Formed f = form_shifted(t, X, Y, R, GX, GY);
            if (!f.ok) {
                out.failure = "forming t I - H in double raised a floating-point exception";
                continue;
            }
            const FloatCholeskyTest c = float_cholesky_test(std::move(f.B), N);
            if (!c.completed) {
                out.failure = "float Cholesky of t I - H at t = " + std::to_string(t) + ": " + c.failure;
                continue;
            }
            // e = 4 u (1 + 2^-30) max_i W_i  (the factor covers the rounding of W_i).
            Real fe = new_real();
            mpfr_set_d(fe.backend().data(), f.max_weight, MPFR_RNDU);
            mpfr_mul_2si(fe.backend().data(), fe.backend().data(), -51, MPFR_RNDU);  // 4 u = 2^-51
            out.formation_error = UpperBound::assume_upper(fe) * (UpperBound::exact(1) + up_of(0x1p-30));
            out.backward_error = c.backward;
            const UpperBound upper = up_of(t) + out.formation_error + out.backward_error;
            out.shift = real_of(t);
            out.float_test = true;
            out.certified = true;
            out.failure.clear();
            if (!(upper.real() >= lower))
                throw std::logic_error("hessian_lambda_max: lower bound above the proven upper bound (a bug)");
            out.value = make_interval(lower, upper.real());
            return out;
        }
    } else {
        out.failure = "the data or the Hessian's dimension leave the range of the double test";
    }

    if (!options.fallback) {
        out.value = crude_enclosure(Ai, zi, lower);
        return out;
    }
    // The dense interval method (docs/eigen.md section 2).
    const EigenEnclosure e = certified_lambda_max(hessian_matrix(Ai, zi));
    out.certified = e.certified;
    out.shift = e.shift;
    out.vector = e.vector;
    // (The lower end is the dense method's own: its vector is the one recorded.)
    out.value = e.value;
    return out;
}

}  // namespace lrcert
