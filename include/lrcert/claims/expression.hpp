// The expression language of claims: parsed from text once (names and types are
// checked then), evaluated in interval arithmetic on an Environment of certified
// quantities. See docs/claims.md for the grammar and semantics.
//
// Evaluation never throws for a well-typed expression: a quantity the certifier
// could not certify (Environment::set_unavailable, or simply not set), a shape
// mismatch, a division by an interval containing 0, sqrt of a possibly
// negative value, or an overflow makes the affected subexpression "unavailable",
// and a comparison on an unavailable operand is Unknown. Comparisons are True
// only when certain for every point of the intervals.
//
// Numeric literals are exact: constant subexpressions (literals with + - * / ^,
// unary - and the functions other than sqrt) are folded to exact rationals at
// parse time and enclosed once at evaluation (unless the exact value would
// exceed about 2^20 bits: then the subexpression is evaluated in intervals);
// a comparison of two constants is decided exactly. Evaluation needs a
// PrecisionScope (held by the caller); environment values may have been
// computed at any precision.
#pragma once

#include "lrcert/claims/environment.hpp"
#include "lrcert/claims/truth.hpp"
#include "lrcert/claims/vocabulary.hpp"
#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/interval.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lrcert::claims {

// Static type of an expression. Array = vector or matrix.
enum class Type { Truth, Scalar, Array };
const char* to_string(Type t);  // "truth value", "number", "vector/matrix"

// An error in expression text. position() is the 0-based offset in the text;
// what() reads "column <position+1>: <problem>".
class ExpressionError : public std::runtime_error {
public:
    ExpressionError(std::size_t position, const std::string& problem);
    std::size_t position() const { return position_; }
    const std::string& problem() const { return problem_; }

private:
    std::size_t position_;
    std::string problem_;
};

// Value of an expression plus the evidence behind it: one note per comparison
// or truth-valued name that decided the result (with the intervals compared)
// and per unavailable quantity involved (with its reason).
struct Evaluation {
    Value value;
    std::vector<std::string> notes;
};

class Expression {
public:
    // Parses and type-checks `text`; names must be in the vocabulary of
    // `family` (see find_name). Throws ExpressionError.
    static Expression parse(std::string_view text, Family family = Family::All);

    const std::string& text() const { return text_; }
    Type type() const;

    Evaluation evaluate(const Environment& env) const;

    // For a truth-typed expression: its truth value (unavailable -> Unknown).
    // Throws std::logic_error if the expression is not truth-typed.
    Truth evaluate_truth(const Environment& env) const;

    struct Node;

private:
    std::string text_;
    std::shared_ptr<const Node> root_;
};

}  // namespace lrcert::claims
