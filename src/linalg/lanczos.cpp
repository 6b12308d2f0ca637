// Lanczos estimate of lambda_max; see include/lrcert/linalg/lanczos.hpp.
#include "lrcert/linalg/lanczos.hpp"

#include "lrcert/linalg/float_decompositions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace lrcert {

namespace {

double dotv(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

void normalize(std::vector<double>& v) {
    const double n = std::sqrt(dotv(v, v));
    if (n > 0)
        for (double& x : v) x /= n;
}

}  // namespace

LanczosEstimate lanczos_largest(size_t N, const std::function<void(const std::vector<double>&, std::vector<double>&)>& apply,
                                int steps, int restarts) {
    if (N == 0) throw std::invalid_argument("lanczos_largest: empty operator");
    LanczosEstimate out;
    // Deterministic start: a fixed pseudo-random vector (xorshift), so that it
    // is unlikely to be orthogonal to the top eigenvector.
    std::vector<double> start(N);
    uint64_t s = 0x9e3779b97f4a7c15ULL;
    for (double& x : start) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        x = static_cast<double>(s >> 11) * 0x1p-53 - 0.5;
    }
    normalize(start);
    const size_t k_max = std::min<size_t>(N, static_cast<size_t>(std::max(steps, 2)));
    std::vector<double> w(N);
    for (int cycle = 0; cycle <= restarts; ++cycle) {
        std::vector<std::vector<double>> Q{start};
        std::vector<double> alpha, beta;
        for (size_t k = 0; k < k_max; ++k) {
            apply(Q[k], w);
            ++out.products;
            alpha.push_back(dotv(w, Q[k]));
            // Full reorthogonalization, twice (classical Gram-Schmidt).
            for (int pass = 0; pass < 2; ++pass)
                for (const auto& q : Q) {
                    const double c = dotv(w, q);
                    for (size_t i = 0; i < N; ++i) w[i] -= c * q[i];
                }
            const double b = std::sqrt(dotv(w, w));
            if (k + 1 == k_max || !(b > 1e-300)) break;
            beta.push_back(b);
            std::vector<double> next(N);
            for (size_t i = 0; i < N; ++i) next[i] = w[i] / b;
            Q.push_back(std::move(next));
        }
        const size_t m = alpha.size();
        Matrix<double> T(m, m);
        for (size_t i = 0; i < m; ++i) {
            T(i, i) = alpha[i];
            if (i + 1 < m) T(i, i + 1) = T(i + 1, i) = beta[i];
        }
        const SymmetricEigen es = symmetric_eigen(T);
        if (!es.ok) break;
        const size_t top = m - 1;
        std::vector<double> v(N, 0.0);
        for (size_t j = 0; j < m; ++j) {
            const double c = es.vectors(j, top);
            const auto& q = Q[j];
            for (size_t i = 0; i < N; ++i) v[i] += c * q[i];
        }
        normalize(v);
        apply(v, w);
        ++out.products;
        const double theta = dotv(v, w);
        double r = 0;
        for (size_t i = 0; i < N; ++i) r += (w[i] - theta * v[i]) * (w[i] - theta * v[i]);
        out.value = theta;
        out.vector = v;
        out.residual = std::sqrt(r);
        if (!(out.residual > std::ldexp(std::abs(theta), -40))) break;
        start = std::move(v);
    }
    return out;
}

}  // namespace lrcert
