// The syntax tree of claim expressions, shared by the parser
// (expression_parser.cpp) and the evaluator (expression.cpp); internal to the
// claims layer (the public interface is include/lrcert/claims/expression.hpp).
#pragma once

#include "lrcert/claims/expression.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lrcert::claims {

// ============================================================================
// Syntax tree
// ============================================================================

namespace detail {

enum class Op {
    Constant,  // exact rational
    Name,      // vocabulary name
    Literal,   // true / false
    Neg, Add, Sub, Mul, Div, Pow,
    Call,
    Less, LessEq, Greater, GreaterEq, Equal, NotEqual,
    Not, And, Or, Implies,
};

enum class Func { Norm2, Fro2, Trace, Dot, Abs, Sqrt, Min, Max, SpecNorm, SigmaMin, Sigma, LambdaMax, Rank };

// Largest exponent accepted after '^'.
constexpr unsigned long kMaxExponent = 1000;
// Constant folding of x^n is skipped when the exact result would exceed this
// many bits (it is then evaluated in intervals).
constexpr unsigned long kMaxFoldBits = 1ul << 20;

}  // namespace detail

struct Expression::Node {
    detail::Op op = detail::Op::Constant;
    Type type = Type::Scalar;
    std::size_t begin = 0;
    std::size_t end = 0;
    std::optional<Rational> exact;  // Constant
    std::string name;               // Name, Call
    detail::Func func = detail::Func::Abs;          // Call
    unsigned long exponent = 0;     // Pow
    Truth literal = Truth::Unknown; // Literal
    std::vector<std::shared_ptr<const Node>> args;
    std::size_t depth = 1;          // of the syntax tree below and including this node
};

namespace detail {
using Node = Expression::Node;
using NodePtr = std::shared_ptr<const Node>;
}  // namespace detail

}  // namespace lrcert::claims
