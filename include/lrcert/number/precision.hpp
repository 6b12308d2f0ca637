// Working precision of MPFR numbers, set explicitly by a scope object.
//
// Boost.Multiprecision 1.74 keeps mpfr_float's default precision in decimal
// digits, which cannot express every bit count (53 bits is unreachable). lrcert
// therefore keeps its own working precision in bits, thread-local and only ever
// changed by a PrecisionScope:
//   - every value created by lrcert's number layer (new_real, the interval
//     rounding policy, enclosures of rationals) has exactly `bits` bits;
//   - default-constructed mpfr_float values and literals get Boost's default
//     precision, one process-wide value: the scopes keep it at the fewest
//     decimal digits covering the largest precision of all scopes open in any
//     thread (e.g. 16 digits = 55 bits for 53), so a thread never lowers it
//     under another thread's working precision;
//   - ordinary mpfr_float expressions (x + y, abs(x), ...) are NOT covered:
//     Boost 1.74 gives their result the operands' precision converted to
//     decimal digits and back, which can be fewer bits (53 -> 15 digits -> 51
//     bits), rounded to nearest. Nothing rigorous may rely on them; the number
//     layer uses MPFR calls on new_real() values with an explicit direction.
// There is no hidden default: outside any scope, working_bits() is 0 and the
// number layer refuses to create values.
#pragma once

#include <boost/multiprecision/mpfr.hpp>

#include <stdexcept>

namespace lrcert {

using Real = boost::multiprecision::mpfr_float;

// Range accepted for a working precision (MPFR allows more; beyond a million
// bits a GD step takes seconds and nothing in lrcert needs it).
constexpr unsigned kMinPrecisionBits = 16;
constexpr unsigned kMaxPrecisionBits = 1u << 20;

// Working precision in bits of this thread; 0 outside every PrecisionScope.
unsigned working_bits();

// Sets the working precision of this thread for its lifetime; restores the
// previous one on destruction. Throws std::invalid_argument for a precision
// outside [2, kMaxPrecisionBits] (2 is MPFR's minimum; the ITF1788 test needs 53).
class PrecisionScope {
public:
    explicit PrecisionScope(unsigned bits);
    ~PrecisionScope();
    PrecisionScope(const PrecisionScope&) = delete;
    PrecisionScope& operator=(const PrecisionScope&) = delete;
    unsigned bits() const { return bits_; }

private:
    unsigned bits_;
    unsigned previous_bits_;
};

// A Real equal to zero with exactly working_bits() bits. Throws
// std::logic_error outside a PrecisionScope.
Real new_real();

// Rounds x in place to exactly working_bits() bits (round to nearest).
void round_to_working(Real& x);

}  // namespace lrcert
