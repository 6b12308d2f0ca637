#include "lrcert/number/precision.hpp"

#include <mpfr.h>

#include <mutex>
#include <set>

namespace lrcert {

namespace {
thread_local unsigned t_working_bits = 0;

// Boost 1.74 keeps mpfr_float's default precision in one process-wide
// variable. With scopes open in several threads (sweeps), it is kept at the
// largest precision of all open scopes, so that every Boost temporary (for
// example the endpoints of Boost.Interval's unary minus) has at least the bits
// of every working precision in use: no thread can lower it under another.
std::mutex g_scopes_mutex;
std::multiset<unsigned> g_open_scopes;
unsigned g_digits10_before_scopes = 0;

// Smallest decimal digit count whose Boost precision is >= bits.
unsigned digits10_covering(unsigned bits) {
    unsigned d10 = static_cast<unsigned>(boost::multiprecision::detail::digits2_2_10(bits));
    if (d10 == 0) d10 = 1;
    while (boost::multiprecision::detail::digits10_2_2(d10) < bits) ++d10;
    return d10;
}
}  // namespace

unsigned working_bits() { return t_working_bits; }

PrecisionScope::PrecisionScope(unsigned bits) : bits_(bits), previous_bits_(t_working_bits) {
    if (bits < 2 || bits > kMaxPrecisionBits)
        throw std::invalid_argument("precision of " + std::to_string(bits) +
                                    " bits is outside [2, " + std::to_string(kMaxPrecisionBits) + "]");
    t_working_bits = bits;
    std::lock_guard<std::mutex> lock(g_scopes_mutex);
    if (g_open_scopes.empty()) g_digits10_before_scopes = Real::default_precision();
    g_open_scopes.insert(bits);
    Real::default_precision(digits10_covering(*g_open_scopes.rbegin()));
}

PrecisionScope::~PrecisionScope() {
    t_working_bits = previous_bits_;
    std::lock_guard<std::mutex> lock(g_scopes_mutex);
    g_open_scopes.erase(g_open_scopes.find(bits_));
    Real::default_precision(g_open_scopes.empty() ? g_digits10_before_scopes
                                                  : digits10_covering(*g_open_scopes.rbegin()));
}

Real new_real() {
    if (t_working_bits == 0) throw std::logic_error("lrcert: number created outside a PrecisionScope");
    Real r;
    mpfr_set_prec(r.backend().data(), static_cast<mpfr_prec_t>(t_working_bits));
    mpfr_set_zero(r.backend().data(), 1);
    return r;
}

void round_to_working(Real& x) {
    if (t_working_bits == 0) throw std::logic_error("lrcert: rounding outside a PrecisionScope");
    mpfr_prec_round(x.backend().data(), static_cast<mpfr_prec_t>(t_working_bits), MPFR_RNDN);
}

}  // namespace lrcert
