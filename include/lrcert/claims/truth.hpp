// Three-valued (Kleene) truth values: the value of a claim's assumption or
// conclusion on an instance. Unknown means "not certified either way" (an
// interval comparison that overlaps, an unavailable quantity); it never means
// "probably".
//
//   not:      T -> F, F -> T, U -> U
//   and:      F if either side is F; else U if either side is U; else T
//   or:       T if either side is T; else U if either side is U; else F
//   implies:  (not a) or b    (so F implies anything = T, anything implies T = T)
#pragma once

namespace lrcert::claims {

enum class Truth { True, False, Unknown };

constexpr Truth truth_of(bool b) { return b ? Truth::True : Truth::False; }

constexpr Truth truth_not(Truth a) {
    if (a == Truth::True) return Truth::False;
    if (a == Truth::False) return Truth::True;
    return Truth::Unknown;
}

constexpr Truth truth_and(Truth a, Truth b) {
    if (a == Truth::False || b == Truth::False) return Truth::False;
    if (a == Truth::Unknown || b == Truth::Unknown) return Truth::Unknown;
    return Truth::True;
}

constexpr Truth truth_or(Truth a, Truth b) {
    if (a == Truth::True || b == Truth::True) return Truth::True;
    if (a == Truth::Unknown || b == Truth::Unknown) return Truth::Unknown;
    return Truth::False;
}

constexpr Truth truth_implies(Truth a, Truth b) { return truth_or(truth_not(a), b); }

// "true", "false", "unknown"
constexpr const char* to_string(Truth a) {
    return a == Truth::True ? "true" : a == Truth::False ? "false" : "unknown";
}

}  // namespace lrcert::claims
