// Floating-point Cholesky with an a-priori error bound; see
// include/lrcert/linalg/float_cholesky.hpp and docs/math.md 7.6a.
#include "lrcert/linalg/float_cholesky.hpp"

#include "lrcert/number/precision.hpp"

#include <mpfr.h>

#include <cfenv>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <stdexcept>

// The error model fl(a op b) = (a op b)(1 + delta), |delta| <= 2^-53, needs
// every double operation rounded once to double (no x87 extended registers).
static_assert(FLT_EVAL_METHOD == 0, "float_cholesky: double arithmetic must be evaluated in double");
static_assert(DBL_MANT_DIG == 53, "float_cholesky: IEEE double expected");

namespace lrcert {

namespace {

// The double x as an upper bound (exact: working precision >= 53 bits).
UpperBound up_of(double x) {
    Real r = new_real();
    mpfr_set_d(r.backend().data(), x, MPFR_RNDU);
    return UpperBound::assume_upper(r);
}

// sum_{k = k0}^{k1 - 1} a[k] b[k] in eight interleaved partial sums, two per
// SSE2 register (one order of summation among many; the error bound holds for
// every order, docs/math.md 7.6a). Every lane operation is one IEEE double
// rounding, as for scalars.
typedef double Lanes __attribute__((vector_size(16)));

Lanes load(const double* p) {
    Lanes v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

double dot(const double* a, const double* b, size_t k0, size_t k1) {
    Lanes s0 = {0, 0}, s1 = {0, 0}, s2 = {0, 0}, s3 = {0, 0};
    size_t k = k0;
    for (; k + 8 <= k1; k += 8) {
        s0 += load(a + k) * load(b + k);
        s1 += load(a + k + 2) * load(b + k + 2);
        s2 += load(a + k + 4) * load(b + k + 4);
        s3 += load(a + k + 6) * load(b + k + 6);
    }
    double tail = 0;
    for (; k < k1; ++k) tail += a[k] * b[k];
    const Lanes s = (s0 + s1) + (s2 + s3);
    return (s[0] + s[1]) + tail;
}

}  // namespace

UpperBound cholesky_backward_factor(size_t k) {
    if (k >= (size_t{1} << 50)) throw std::invalid_argument("cholesky_backward_factor: dimension too large");
    // k u / (1 - 2 k u) with u = 2^-53: numerator exact, denominator rounded down.
    Real num = new_real(), den = new_real();
    mpfr_set_ui_2exp(num.backend().data(), static_cast<unsigned long>(k), -53, MPFR_RNDU);
    mpfr_set_ui_2exp(den.backend().data(), static_cast<unsigned long>(k), -52, MPFR_RNDU);
    mpfr_ui_sub(den.backend().data(), 1, den.backend().data(), MPFR_RNDD);
    mpfr_div(num.backend().data(), num.backend().data(), den.backend().data(), MPFR_RNDU);
    return UpperBound::assume_upper(num);
}

FloatCholeskyTest float_cholesky_test(std::vector<double> M, size_t N) {
    FloatCholeskyTest out;
    if (M.size() != N * N) throw std::invalid_argument("float_cholesky_test: matrix size does not match N");
    if (N == 0) throw std::invalid_argument("float_cholesky_test: empty matrix");
    if (N >= (size_t{1} << 20)) throw std::invalid_argument("float_cholesky_test: N must be below 2^20");
    if (working_bits() < 53) throw std::logic_error("float_cholesky_test: needs a PrecisionScope of >= 53 bits");

    // Envelope: first[i] = first non-zero column of row i in the lower
    // triangle. In exact and in floating-point arithmetic L_ik = 0 for
    // k < first[i] (every term of its recurrence is an exact zero), so those
    // entries and the products with them are skipped.
    std::vector<size_t> first(N);
    for (size_t i = 0; i < N; ++i) {
        size_t f = i;
        for (size_t j = 0; j < i; ++j)
            if (M[i * N + j] != 0) {
                f = j;
                break;
            }
        first[i] = f;
    }
    // The trace bound: sum of max(M_ii, 0), rounded up.
    UpperBound trace = UpperBound::exact(0);
    for (size_t i = 0; i < N; ++i)
        if (M[i * N + i] > 0) trace = trace + up_of(M[i * N + i]);

    std::feclearexcept(FE_ALL_EXCEPT);
    double ops = 0;
    // Row-oriented (left-looking) Cholesky in place: L_ij for j < i from rows
    // i and j, then the pivot of row i. Rows are taken in blocks of kRows so
    // that each earlier row j is read once per block (cache reuse); every
    // entry is computed by the same operations as row by row.
    constexpr size_t kRows = 8;
    auto entry = [&](size_t i, size_t j) {
        double* Li = &M[i * N];
        const double* Lj = &M[j * N];
        const size_t k0 = std::max(first[i], first[j]);
        const double s = Li[j] - dot(Li, Lj, k0, j);
        Li[j] = s / Lj[j];
        ops += static_cast<double>(j - k0);
    };
    for (size_t i0 = 0; i0 < N; i0 += kRows) {
        const size_t i1 = std::min(N, i0 + kRows);
        size_t j0 = i0;
        for (size_t i = i0; i < i1; ++i) j0 = std::min(j0, first[i]);
        // Columns before the block: the rows j < i0 are complete.
        for (size_t j = j0; j < i0; ++j)
            for (size_t i = i0; i < i1; ++i)
                if (j >= first[i]) entry(i, j);
        // Inside the block, row by row.
        for (size_t i = i0; i < i1; ++i) {
            for (size_t j = std::max(first[i], i0); j < i; ++j) entry(i, j);
            double* Li = &M[i * N];
            const double p = Li[i] - dot(Li, Li, first[i], i);
            ops += static_cast<double>(i - first[i]);
            if (!(p > 0) || !std::isfinite(p)) {
                out.failure = "pivot " + std::to_string(i) + " of " + std::to_string(N) + " is not positive";
                return out;
            }
            Li[i] = std::sqrt(p);
        }
    }
    // Read the flags after the stores above (an opaque library call: the
    // computed values are in memory before it runs).
    const int flags = std::fetestexcept(FE_UNDERFLOW | FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO);
    if (flags != 0) {
        out.failure = std::string("floating-point exception raised (") + ((flags & FE_UNDERFLOW) ? "underflow" : "") +
                      ((flags & FE_OVERFLOW) ? " overflow" : "") + ((flags & FE_INVALID) ? " invalid" : "") +
                      ((flags & FE_DIVBYZERO) ? " division by zero" : "") + ")";
        return out;
    }
    out.completed = true;
    out.operations = ops;
    out.backward = cholesky_backward_factor(N + 1) * trace;
    return out;
}

}  // namespace lrcert
