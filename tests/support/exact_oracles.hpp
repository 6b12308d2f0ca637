// Exact decisions on rational matrices and a deterministic random source,
// shared by the soundness tests (test_growth_bounds, test_spectral). Nothing
// here uses lrcert's floating-point or interval code: Matrix<Rational> is only
// storage, every decision is made in exact rational arithmetic.
//
//   is_pd(S)    S symmetric positive definite: all leading principal minors
//               > 0 (Sylvester's criterion), by fraction-free (Bareiss)
//               elimination in integers.
//   is_psd(S)   S symmetric positive semidefinite. If all leading minors are
//               > 0, S is PSD; a negative leading minor proves S is not.
//               Otherwise (a vanishing leading minor) symmetric elimination in
//               rationals without pivoting decides: a negative pivot p = S'_kk
//               of the current Schur complement S' gives x^T S x < 0 for a
//               suitable x (not PSD); a zero pivot is allowed only if the rest
//               of its row is 0 (otherwise a 2x2 principal minor of S' is
//               negative) and is then skipped; a positive pivot is eliminated
//               (S' is PSD iff its Schur complement by that pivot is PSD).
//   spectral_norm_at_most(S, g)   ||S||_2 <= g for symmetric S, i.e.
//               g I - S and g I + S both PSD (eigenvalues of S in [-g, g]).
//   singular-value comparisons for any rational M, through the Gram matrix
//               M M^T whose eigenvalues are the squared singular values (plus
//               zeros when M has more rows than columns).
#pragma once

#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/rational.hpp"

#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

namespace lrcert_test {

using lrcert::Integer;
using lrcert::Matrix;
using Q = lrcert::Rational;

// Exact products and transposes (the oracles' own plain loops).
inline Matrix<Q> mul(const Matrix<Q>& a, const Matrix<Q>& b) {
    Matrix<Q> r(a.rows(), b.cols());
    for (size_t i = 0; i < a.rows(); ++i)
        for (size_t j = 0; j < b.cols(); ++j)
            for (size_t k = 0; k < a.cols(); ++k) r(i, j) += a(i, k) * b(k, j);
    return r;
}

inline Matrix<Q> transposed(const Matrix<Q>& a) {
    Matrix<Q> t(a.cols(), a.rows());
    for (size_t i = 0; i < a.rows(); ++i)
        for (size_t j = 0; j < a.cols(); ++j) t(j, i) = a(i, j);
    return t;
}

inline bool is_symmetric(const Matrix<Q>& S) {
    if (S.rows() != S.cols()) return false;
    for (size_t i = 0; i < S.rows(); ++i)
        for (size_t j = i + 1; j < S.cols(); ++j)
            if (S(i, j) != S(j, i)) return false;
    return true;
}

namespace detail {

// Signs of the leading principal minors D_1, ..., D_N of the symmetric S, by
// fraction-free (Bareiss) elimination on S scaled to integers: +1 if all are
// > 0 (S positive definite), -1 if the first non-positive one is < 0 (S not
// positive semidefinite: a principal minor is negative), 0 if it is 0 (no
// conclusion). Integer arithmetic with exact divisions, no gcds: the fast path.
inline int leading_minor_signs(const Matrix<Q>& S) {
    const size_t N = S.rows();
    Integer den = 1;
    for (size_t k = 0; k < S.size(); ++k) den = lcm(den, Integer(denominator(S[k])));
    std::vector<Integer> B(N * N);
    for (size_t k = 0; k < S.size(); ++k) B[k] = numerator(S[k]) * (den / denominator(S[k]));
    Integer prev = 1;
    for (size_t k = 0; k < N; ++k) {
        const Integer piv = B[k * N + k];
        if (piv <= 0) return piv < 0 ? -1 : 0;
        for (size_t i = k + 1; i < N; ++i)
            for (size_t j = i; j < N; ++j) {
                Integer v = (B[i * N + j] * piv - B[i * N + k] * B[k * N + j]) / prev;  // exact (Bareiss)
                B[i * N + j] = v;
                B[j * N + i] = v;
            }
        prev = piv;
    }
    return 1;
}

// The general decision: elimination in rationals with the zero-pivot rule.
inline bool is_psd_rational(Matrix<Q> S) {
    const size_t N = S.rows();
    for (size_t k = 0; k < N; ++k) {
        const Q p = S(k, k);
        if (p < 0) return false;
        if (p == 0) {
            for (size_t j = k + 1; j < N; ++j)
                if (S(k, j) != 0) return false;
            continue;
        }
        for (size_t i = k + 1; i < N; ++i) {
            if (S(i, k) == 0) continue;
            const Q f = S(i, k) / p;
            for (size_t j = k + 1; j < N; ++j) S(i, j) -= f * S(k, j);
        }
    }
    return true;
}

}  // namespace detail

inline bool is_psd(const Matrix<Q>& S) {
    if (!is_symmetric(S)) throw std::invalid_argument("is_psd: matrix not symmetric");
    const int signs = detail::leading_minor_signs(S);
    if (signs != 0) return signs > 0;
    return detail::is_psd_rational(S);
}

inline bool is_pd(const Matrix<Q>& S) {
    if (!is_symmetric(S)) throw std::invalid_argument("is_pd: matrix not symmetric");
    return detail::leading_minor_signs(S) > 0;
}

// s I + t S (S square).
inline Matrix<Q> shifted(const Matrix<Q>& S, const Q& s, const Q& t) {
    Matrix<Q> out(S.rows(), S.cols());
    for (size_t i = 0; i < S.rows(); ++i)
        for (size_t j = 0; j < S.cols(); ++j) out(i, j) = t * S(i, j) + (i == j ? s : Q(0));
    return out;
}

inline bool spectral_norm_at_most(const Matrix<Q>& S, const Q& g) {
    return is_psd(shifted(S, g, Q(-1))) && is_psd(shifted(S, g, Q(1)));
}

// M M^T, exact.
inline Matrix<Q> gram_rows(const Matrix<Q>& M) {
    Matrix<Q> G(M.rows(), M.rows());
    for (size_t i = 0; i < M.rows(); ++i)
        for (size_t j = i; j < M.rows(); ++j) {
            Q s = 0;
            for (size_t k = 0; k < M.cols(); ++k) s += M(i, k) * M(j, k);
            G(i, j) = s;
            G(j, i) = s;
        }
    return G;
}

// M^T M, exact.
inline Matrix<Q> gram_cols(const Matrix<Q>& M) {
    Matrix<Q> G(M.cols(), M.cols());
    for (size_t i = 0; i < M.cols(); ++i)
        for (size_t j = i; j < M.cols(); ++j) {
            Q s = 0;
            for (size_t k = 0; k < M.rows(); ++k) s += M(k, i) * M(k, j);
            G(i, j) = s;
            G(j, i) = s;
        }
    return G;
}

// The smaller of the two Gram matrices (same non-zero eigenvalues).
inline Matrix<Q> small_gram(const Matrix<Q>& M) { return M.rows() <= M.cols() ? gram_rows(M) : gram_cols(M); }

// sigma_1(M) <= t: t >= 0 and t^2 I - M M^T PSD.
inline bool sigma_max_at_most(const Matrix<Q>& M, const Q& t) {
    if (t < 0) return false;
    return is_psd(shifted(small_gram(M), t * t, Q(-1)));
}

// t <= sigma_1(M): t <= 0, or t^2 I - M M^T is not positive definite (some
// eigenvalue of M M^T is >= t^2).
inline bool sigma_max_at_least(const Matrix<Q>& M, const Q& t) {
    if (t <= 0) return true;
    return !is_pd(shifted(small_gram(M), t * t, Q(-1)));
}

// t <= sigma_r(M), r = rows(M) <= cols(M): t <= 0, or M M^T - t^2 I PSD.
inline bool sigma_min_at_least(const Matrix<Q>& M, const Q& t) {
    if (M.rows() > M.cols()) throw std::invalid_argument("sigma_min_at_least: more rows than columns");
    if (t <= 0) return true;
    return is_psd(shifted(gram_rows(M), -t * t, Q(1)));
}

// ---- deterministic random numbers ------------------------------------------------
// std::mt19937_64's output sequence is fixed by the standard (the
// distributions' are not), so every case is the same with every library.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    std::uint64_t raw() { return engine_(); }
    // Uniform enough in [first, last].
    long integer(long first, long last) {
        return first + static_cast<long>(engine_() % static_cast<std::uint64_t>(last - first + 1));
    }
    bool coin() { return (engine_() >> 17) & 1; }
    // p / q with |p| <= num_max and q in [1, den_max].
    Q rational(long num_max, long den_max) {
        const long p = integer(-num_max, num_max);
        const long q = integer(1, den_max);
        return Q(p, q);
    }
    // k / 2^s with |k| <= num_max and 0 <= s <= shift_max.
    Q dyadic(long num_max, unsigned shift_max) {
        const long k = integer(-num_max, num_max);
        const long s = integer(0, static_cast<long>(shift_max));
        return Q(Integer(k), Integer(1) << static_cast<unsigned>(s));
    }
    // A random unsigned integer of exactly `bits` bits (top bit set), bits >= 1.
    Integer with_bits(unsigned bits) {
        Integer z = 0;
        for (unsigned have = 0; have < bits; have += 64) {
            z <<= 64;
            z += Integer(engine_());
        }
        const unsigned words = (bits + 63) / 64;
        z >>= (words * 64 - bits);
        z |= Integer(1) << (bits - 1);
        return z;
    }

private:
    std::mt19937_64 engine_;
};

}  // namespace lrcert_test
