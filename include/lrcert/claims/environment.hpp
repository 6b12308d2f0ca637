// The table of certified quantities of one instance, by the names of the
// claim vocabulary (docs/claims.md, "Vocabulary"): what claims are evaluated
// on, and what the report, the sweep rows and the C++ API read
// (app/quantity_json.hpp, lrcert/lrcert.hpp).
#pragma once

#include "lrcert/claims/truth.hpp"
#include "lrcert/claims/vocabulary.hpp"
#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/interval.hpp"
#include "lrcert/number/rational.hpp"

#include <map>
#include <string>
#include <variant>

namespace lrcert::claims {

// A quantity that is not certified on this instance, and why.
struct Unavailable {
    std::string reason;
};

// Truth, scalar interval, vector/matrix of intervals (a vector is d x 1 or
// 1 x d), or unavailable.
using Value = std::variant<Truth, Interval, Matrix<Interval>, Unavailable>;

// The exact value of a quantity that is a rational function of the exact
// inputs (h, mu, x0, S0, ...; docs/claims.md "Exact names"): a rational, or a
// vector/matrix of rationals.
using ExactValue = std::variant<Rational, Matrix<Rational>>;

// Certified quantities of one instance, by vocabulary name. Setters throw
// std::invalid_argument for a name not in the vocabulary, a kind mismatch
// (set_interval on a truth name, ...), or a vector that is not d x 1 / 1 x d.
// A name that is never set evaluates as unavailable ("not provided").
class Environment {
public:
    void set_interval(const std::string& name, const Interval& value);
    void set_truth(const std::string& name, Truth value);
    void set_matrix(const std::string& name, const Matrix<Interval>& value);
    void set_unavailable(const std::string& name, std::string reason);

    // The exact value of a scalar / vector / matrix quantity, set together
    // with its enclosure (the enclosure is the rational enclosed at the
    // current precision; the caller holds a PrecisionScope). Comparisons whose
    // two sides are built from exact values only are decided exactly
    // (docs/claims.md, "Exact evaluation"). Same checks as set_interval /
    // set_matrix. A later set_interval, set_matrix or set_unavailable of the
    // name drops its exact value.
    void set_exact(const std::string& name, const Rational& value);
    void set_exact(const std::string& name, const Matrix<Rational>& value);

    // The value set for name, or nullptr.
    const Value* find(const std::string& name) const;
    // The exact value set for name (set_exact), or nullptr.
    const ExactValue* find_exact(const std::string& name) const;

private:
    std::map<std::string, Value, std::less<>> values_;
    std::map<std::string, ExactValue, std::less<>> exact_;
};

// Deepest nesting Expression::parse accepts: levels of parentheses, function
// arguments, right sides of 'implies', 'not' and unary signs, counted
// together (the parser is recursive; deeper text is an ExpressionError).
constexpr std::size_t kMaxExpressionNesting = 200;
// Deepest syntax tree Expression::parse accepts (the evaluator is recursive,
// with large frames under the sanitizers): e.g. a sum or product of at most
// about that many terms.
constexpr std::size_t kMaxExpressionDepth = 200;

}  // namespace lrcert::claims
