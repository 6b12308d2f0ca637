// lrcert-check: the claim expression language (docs/claims.md section 2)
// evaluated over rational intervals, with Kleene's three-valued logic.
#pragma once

#include "num.hpp"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace chk {

struct Malformed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

enum class Truth { False, True, Unknown };
const char* truth_name(Truth t);
Truth truth_and(Truth a, Truth b);
Truth truth_not(Truth a);

struct Value {
    enum Kind { Boolean, Number, Array, Unavailable } kind = Unavailable;
    Truth t = Truth::Unknown;
    I x;
    size_t r = 0, c = 0;
    std::vector<I> m;  // row-major r x c
    static Value truth(Truth v) { Value a; a.kind = Boolean; a.t = v; return a; }
    static Value number(const I& v) { Value a; a.kind = Number; a.x = v; return a; }
    static Value array(size_t rows, size_t cols, std::vector<I> v) {
        Value a; a.kind = Array; a.r = rows; a.c = cols; a.m = std::move(v); return a;
    }
    static Value none() { return Value(); }
};

using Env = std::map<std::string, Value>;

// Evaluates one assumption or conclusion. Throws Malformed on a syntax error,
// an unknown name or a type error. Names of the vocabulary missing from env
// are unavailable. `bits`: the precision of its interval arithmetic (num.hpp),
// given to the literals and to the names' values that carry none.
Truth evaluate_claim_text(const std::string& text, const Env& env, long bits);

}  // namespace chk
