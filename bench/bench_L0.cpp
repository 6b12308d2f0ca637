// Time to the certified L0 (lambda_max of the (n+m)d x (n+m)d Hessian at the
// start) for n = m = d in {8, 16, 32}: the dense interval method (interval
// Cholesky at 128 bits, certified_lambda_max of hessian_matrix) against
// Lanczos + the float Cholesky test (hessian_lambda_max, docs/math.md 7.6a),
// in the same run. Data: entries k / 1000, |k| <= 1000, fixed seed; A =
// X Y^T / 2 + noise, so that R is not small. CPU seconds per call, medians.
// The dense method at n = 32 takes minutes: only with --dense-32.
// Plain timing (no Google Benchmark loop): each call is seconds long.
#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/problem/hessian.hpp"
#include "lrcert/problem/hessian_sharpness.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <vector>

namespace {

using namespace lrcert;

Matrix<Rational> random_matrix(std::mt19937_64& g, size_t r, size_t c) {
    Matrix<Rational> M(r, c);
    for (size_t k = 0; k < M.size(); ++k) M[k] = Rational(static_cast<long>(g() % 2001) - 1000, 1000);
    return M;
}

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    bool dense32 = false;
    for (int i = 1; i < argc; ++i) dense32 = dense32 || std::strcmp(argv[i], "--dense-32") == 0;
    std::printf("%4s %6s | %12s %12s %8s | %10s %10s %s\n", "n", "N", "dense (s)", "float (s)", "ratio",
                "width dense", "width float", "float test");
    for (size_t n : {size_t{8}, size_t{16}, size_t{32}}) {
        std::mt19937_64 g(15 + n);
        const size_t m = n, d = n;
        const Factors<Rational> z{random_matrix(g, n, d), random_matrix(g, m, d)};
        Matrix<Rational> A = random_matrix(g, n, m);
        const Matrix<Rational> P = multiply_transposed(z.X, z.Y);
        for (size_t k = 0; k < A.size(); ++k) A[k] = A[k] / 10 + P[k] / 2;
        PrecisionScope scope(128);
        std::vector<double> tf, td;
        HessianSharpness fast;
        for (int rep = 0; rep < 5; ++rep) {
            const double t0 = cpu_seconds();
            fast = hessian_lambda_max(A, z);
            tf.push_back(cpu_seconds() - t0);
        }
        EigenEnclosure dense;
        const int dense_reps = n <= 8 ? 5 : (n <= 16 ? 1 : (dense32 ? 1 : 0));
        for (int rep = 0; rep < dense_reps; ++rep) {
            const double t0 = cpu_seconds();
            const Factors<Interval> zi{convert_matrix<Interval>(z.X), convert_matrix<Interval>(z.Y)};
            dense = certified_lambda_max(hessian_matrix(convert_matrix<Interval>(A), zi));
            td.push_back(cpu_seconds() - t0);
        }
        auto rel = [](const Interval& v) { return ((hi(v) - lo(v)) / abs(hi(v))).convert_to<double>(); };
        const double mf = median(tf);
        if (td.empty()) {
            std::printf("%4zu %6zu | %12s %12.4f %8s | %10s %10.2e %s\n", n, (n + m) * d, "(skipped)", mf, "-", "-",
                        rel(fast.value), fast.float_test ? "yes" : "no");
        } else {
            const double md = median(td);
            const bool overlap = lo(fast.value) <= hi(dense.value) && lo(dense.value) <= hi(fast.value);
            std::printf("%4zu %6zu | %12.4f %12.4f %8.1f | %10.2e %10.2e %s%s\n", n, (n + m) * d, md, mf, md / mf,
                        rel(dense.value), rel(fast.value), fast.float_test ? "yes" : "no",
                        overlap ? "" : "  ENCLOSURES DISJOINT");
        }
        std::fflush(stdout);
    }
    return 0;
}
