// The parser of the claims expression language (docs/claims.md): lexer,
// names checked against the vocabulary (with suggestions), exact constant
// folding, static types.
// (Over 500 lines on purpose: the recursive-descent parser is one class whose rules read in grammar order, docs/claims.md.)
#include "lrcert/claims/expression.hpp"

#include "expression_tree.hpp"

#include "lrcert/number/parse.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

namespace lrcert::claims {

namespace {

using namespace detail;

// ---- lexer ------------------------------------------------------------------

enum class Tok {
    Number, Ident, LParen, RParen, Comma, Plus, Minus, Star, Slash, Caret,
    Less, LessEq, Greater, GreaterEq, EqEq, NotEq, End,
};

struct Token {
    Tok kind;
    std::size_t begin;
    std::size_t end;
    std::string text;
};

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::vector<Token> lex(std::string_view s) {
    std::vector<Token> out;
    std::size_t i = 0;
    auto push = [&](Tok k, std::size_t b, std::size_t e) { out.push_back({k, b, e, std::string(s.substr(b, e - b))}); };
    while (i < s.size()) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        std::size_t b = i;
        if (is_digit(c) || (c == '.' && i + 1 < s.size() && is_digit(s[i + 1]))) {
            while (i < s.size() && is_digit(s[i])) ++i;
            if (i < s.size() && s[i] == '.') {
                ++i;
                while (i < s.size() && is_digit(s[i])) ++i;
            }
            if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
                std::size_t j = i + 1;
                if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
                if (j < s.size() && is_digit(s[j])) {
                    i = j;
                    while (i < s.size() && is_digit(s[i])) ++i;
                }
            }
            if (i < s.size() && (is_ident_char(s[i]) || s[i] == '.'))
                throw ExpressionError(b, "malformed number \"" +
                                             std::string(s.substr(b, i + 1 - b)) +
                                             "\" (write a product as 2 * h)");
            push(Tok::Number, b, i);
            continue;
        }
        if (is_ident_start(c)) {
            while (i < s.size() && is_ident_char(s[i])) ++i;
            push(Tok::Ident, b, i);
            continue;
        }
        auto next_is = [&](char n) { return i + 1 < s.size() && s[i + 1] == n; };
        switch (c) {
            case '(': push(Tok::LParen, b, ++i); break;
            case ')': push(Tok::RParen, b, ++i); break;
            case ',': push(Tok::Comma, b, ++i); break;
            case '+': push(Tok::Plus, b, ++i); break;
            case '-': push(Tok::Minus, b, ++i); break;
            case '*':
                if (next_is('*')) throw ExpressionError(b, "'**' is not an operator; write x^2 for powers");
                push(Tok::Star, b, ++i);
                break;
            case '/': push(Tok::Slash, b, ++i); break;
            case '^': push(Tok::Caret, b, ++i); break;
            case '<':
                if (next_is('=')) { i += 2; push(Tok::LessEq, b, i); }
                else push(Tok::Less, b, ++i);
                break;
            case '>':
                if (next_is('=')) { i += 2; push(Tok::GreaterEq, b, i); }
                else push(Tok::Greater, b, ++i);
                break;
            case '=':
                if (!next_is('=')) throw ExpressionError(b, "'=' is not an operator; write == for equality");
                i += 2;
                push(Tok::EqEq, b, i);
                break;
            case '!':
                if (!next_is('=')) throw ExpressionError(b, "'!' is not an operator; write 'not'");
                i += 2;
                push(Tok::NotEq, b, i);
                break;
            case '&':
                throw ExpressionError(b, "'&' is not an operator; write 'and'");
            case '|':
                throw ExpressionError(b, "'|' is not an operator; write 'or', or abs(x) for |x|");
            default: {
                std::string shown = std::isprint(static_cast<unsigned char>(c))
                                        ? std::string("'") + c + "'"
                                        : "byte " + std::to_string(static_cast<unsigned char>(c));
                throw ExpressionError(b, "unexpected character " + shown);
            }
        }
    }
    out.push_back({Tok::End, s.size(), s.size(), ""});
    return out;
}

// ---- names ------------------------------------------------------------------

struct FunctionInfo {
    std::string_view name;
    Func func;
    std::size_t min_args;
    std::size_t max_args;  // 0: unbounded
};

constexpr FunctionInfo kFunctionInfo[] = {
    {"norm2", Func::Norm2, 1, 1}, {"fro2", Func::Fro2, 1, 1}, {"trace", Func::Trace, 1, 1},
    {"dot", Func::Dot, 2, 2},     {"abs", Func::Abs, 1, 1},   {"sqrt", Func::Sqrt, 1, 1},
    {"min", Func::Min, 2, 0},     {"max", Func::Max, 2, 0},
    {"spec_norm", Func::SpecNorm, 1, 1}, {"sigma_min", Func::SigmaMin, 1, 1}, {"sigma", Func::Sigma, 2, 2},
    {"lambda_max", Func::LambdaMax, 1, 1}, {"rank", Func::Rank, 1, 1},
};

bool is_integer(const Rational& q) { return mpz_cmp_ui(mpq_denref(q.backend().data()), 1) == 0; }

bool is_spectral(Func f) {
    return f == Func::SpecNorm || f == Func::SigmaMin || f == Func::Sigma || f == Func::LambdaMax || f == Func::Rank;
}

const FunctionInfo* find_function(std::string_view name) {
    for (const FunctionInfo& f : kFunctionInfo) {
        if (f.name != name) continue;
        // Every function must be documented in the table of vocabulary.hpp.
        const auto documented = functions();
        if (std::none_of(documented.begin(), documented.end(), [&](const FunctionEntry& e) { return e.name == name; }))
            throw std::logic_error("claims: function " + std::string(name) + " is missing from functions()");
        return &f;
    }
    return nullptr;
}

constexpr std::string_view kKeywords[] = {"and", "or", "not", "implies", "true", "false"};

bool is_keyword(std::string_view s) {
    return std::find(std::begin(kKeywords), std::end(kKeywords), s) != std::end(kKeywords);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// The closest known spelling of `name` for a claim of `family`, or "".
std::string suggest(std::string_view name, Family family) {
    std::vector<std::string_view> candidates;
    for (const VocabularyEntry& e : vocabulary())
        if (find_name(e.name, family)) candidates.push_back(e.name);
    for (const FunctionInfo& f : kFunctionInfo) candidates.push_back(f.name);
    for (std::string_view k : kKeywords) candidates.push_back(k);
    for (std::string_view c : candidates)
        if (equal_ignoring_case(c, name)) return std::string(c);
    std::string best;
    std::size_t best_d = 3;
    for (std::string_view c : candidates) {
        std::size_t dist = edit_distance(name, c);
        if (dist < best_d && dist < name.size() && dist < c.size()) {
            best_d = dist;
            best = std::string(c);
        }
    }
    return best;
}

// ---- exact folding ------------------------------------------------------------

// Bits of q's numerator and denominator (plus 2).
unsigned long size_bits(const Rational& q) {
    Integer num = boost::multiprecision::numerator(q);
    Integer den = boost::multiprecision::denominator(q);
    unsigned long bits = 2;
    if (num != 0) bits += boost::multiprecision::msb(abs(num));
    bits += boost::multiprecision::msb(den);
    return bits;
}

// Whether a + b, a - b, a * b, a / b are folded: the exact result has at most
// about size_bits(a) + size_bits(b) bits. Without this bound a chain such as
// 1e100000 * 1e100000 * ... makes the exact value grow with every factor (a
// few kilobytes of text took minutes); a larger constant is evaluated in
// intervals, as x^n beyond kMaxFoldBits.
bool foldable(const Rational& a, const Rational& b) { return size_bits(a) + size_bits(b) <= kMaxFoldBits; }

std::optional<Rational> exact_power(const Rational& q, unsigned long n) {
    const unsigned long bits = size_bits(q);
    if (n != 0 && bits > kMaxFoldBits / n) return std::nullopt;
    Rational result = 1;
    Rational base = q;
    while (n > 0) {
        if (n & 1) result *= base;
        n >>= 1;
        if (n > 0) base *= base;
    }
    return result;
}

// ---- parser -------------------------------------------------------------------

class Parser {
public:
    Parser(std::string_view text, Family family) : text_(text), family_(family), toks_(lex(text)) {}

    NodePtr parse() {
        if (peek().kind == Tok::End) throw ExpressionError(0, "empty expression");
        NodePtr n = parse_implies();
        if (peek().kind != Tok::End) throw ExpressionError(peek().begin, "unexpected " + describe(peek()));
        return n;
    }

private:
    std::string_view text_;
    Family family_;
    std::vector<Token> toks_;
    std::size_t pos_ = 0;
    std::size_t depth_ = 0;  // open nested constructs (see Nested)

    // One level of nesting (a parenthesis, a function argument, the right side
    // of 'implies', a unary operator, 'not'), for the lifetime of the object.
    // The parser is recursive: the limit keeps deep nesting from exhausting
    // the stack.
    class Nested {
    public:
        Nested(Parser& p, std::size_t at) : p_(p) {
            if (++p_.depth_ > kMaxExpressionNesting)
                throw ExpressionError(at, "nested too deeply (more than " + std::to_string(kMaxExpressionNesting) +
                                              " levels of parentheses, function arguments, 'implies', 'not' "
                                              "or unary signs)");
        }
        ~Nested() { --p_.depth_; }
        Nested(const Nested&) = delete;
        Nested& operator=(const Nested&) = delete;

    private:
        Parser& p_;
    };

    const Token& peek(std::size_t ahead = 0) const { return toks_[std::min(pos_ + ahead, toks_.size() - 1)]; }
    const Token& take() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }
    bool at_word(std::string_view w) const { return peek().kind == Tok::Ident && peek().text == w; }

    static std::string describe(const Token& t) {
        if (t.kind == Tok::End) return "end of expression";
        return "'" + t.text + "'";
    }

    static std::shared_ptr<Node> node(Op op, Type type, std::size_t b, std::size_t e) {
        auto n = std::make_shared<Node>();
        n->op = op;
        n->type = type;
        n->begin = b;
        n->end = e;
        return n;
    }

    // Sets the operands of n. The evaluator and the destructor recurse over
    // the syntax tree, so its depth is limited (a left-associative chain such
    // as a sum of many terms is as deep as it is long).
    static void set_args(const std::shared_ptr<Node>& n, std::vector<NodePtr> args) {
        for (const NodePtr& a : args) n->depth = std::max(n->depth, a->depth + 1);
        if (n->depth > kMaxExpressionDepth)
            throw ExpressionError(n->begin, "too many operations inside one another (the syntax tree is more than " +
                                                std::to_string(kMaxExpressionDepth) +
                                                " levels deep, e.g. a sum of that many terms)");
        n->args = std::move(args);
    }

    static NodePtr constant(Rational q, std::size_t b, std::size_t e) {
        auto n = node(Op::Constant, Type::Scalar, b, e);
        n->exact = std::move(q);
        return n;
    }

    static std::string side_type(const char* side, const NodePtr& n) {
        return std::string("the ") + side + " side is a " + to_string(n->type);
    }

    // expr := or_expr ('implies' expr)?        (right associative)
    NodePtr parse_implies() {
        Nested level(*this, peek().begin);
        NodePtr left = parse_or();
        if (!at_word("implies")) return left;
        std::size_t at = take().begin;
        NodePtr right = parse_implies();
        return logic(Op::Implies, "implies", at, left, right);
    }

    NodePtr parse_or() {
        NodePtr left = parse_and();
        while (at_word("or")) {
            std::size_t at = take().begin;
            NodePtr right = parse_and();
            left = logic(Op::Or, "or", at, left, right);
        }
        return left;
    }

    NodePtr parse_and() {
        NodePtr left = parse_not();
        while (at_word("and")) {
            std::size_t at = take().begin;
            NodePtr right = parse_not();
            left = logic(Op::And, "and", at, left, right);
        }
        return left;
    }

    NodePtr parse_not() {
        if (!at_word("not")) return parse_comparison();
        std::size_t at = take().begin;
        Nested level(*this, at);
        NodePtr arg = parse_not();
        if (arg->type != Type::Truth)
            throw ExpressionError(at, "'not' needs a truth value; its operand is a " +
                                          std::string(to_string(arg->type)));
        auto n = node(Op::Not, Type::Truth, at, arg->end);
        set_args(n, {arg});
        return n;
    }

    NodePtr logic(Op op, const char* word, std::size_t at, const NodePtr& l, const NodePtr& r) {
        for (const auto& [side, n] : {std::pair{"left", l}, std::pair{"right", r}})
            if (n->type != Type::Truth)
                throw ExpressionError(at, std::string("'") + word + "' needs truth values; " + side_type(side, n) +
                                              (n->type == Type::Scalar ? " (compare it with <, <=, ...)" : ""));
        auto n = node(op, Type::Truth, l->begin, r->end);
        set_args(n, {l, r});
        return n;
    }

    static std::optional<Op> comparison_op(Tok k) {
        switch (k) {
            case Tok::Less: return Op::Less;
            case Tok::LessEq: return Op::LessEq;
            case Tok::Greater: return Op::Greater;
            case Tok::GreaterEq: return Op::GreaterEq;
            case Tok::EqEq: return Op::Equal;
            case Tok::NotEq: return Op::NotEqual;
            default: return std::nullopt;
        }
    }

    NodePtr parse_comparison() {
        NodePtr left = parse_sum();
        std::optional<Op> op = comparison_op(peek().kind);
        if (!op) return left;
        const Token& t = take();
        std::size_t at = t.begin;
        std::string sym = t.text;
        NodePtr right = parse_sum();
        if (comparison_op(peek().kind))
            throw ExpressionError(peek().begin, "chained comparison; write 'a < b and b < c'");
        for (const auto& [side, n] : {std::pair{"left", left}, std::pair{"right", right}}) {
            if (n->type == Type::Scalar) continue;
            std::string hint = n->type == Type::Array ? " (compare norm2(...), dot(...) or trace(...))"
                                                      : " (use the truth value directly, with 'not' or 'implies')";
            throw ExpressionError(at, "'" + sym + "' compares numbers; " + side_type(side, n) + hint);
        }
        auto n = node(*op, Type::Truth, left->begin, right->end);
        set_args(n, {left, right});
        return n;
    }

    NodePtr parse_sum() {
        NodePtr left = parse_term();
        while (peek().kind == Tok::Plus || peek().kind == Tok::Minus) {
            const Token& t = take();
            Op op = t.kind == Tok::Plus ? Op::Add : Op::Sub;
            std::size_t at = t.begin;
            NodePtr right = parse_term();
            left = arith(op, at, left, right);
        }
        return left;
    }

    NodePtr parse_term() {
        NodePtr left = parse_unary();
        while (peek().kind == Tok::Star || peek().kind == Tok::Slash) {
            const Token& t = take();
            Op op = t.kind == Tok::Star ? Op::Mul : Op::Div;
            std::size_t at = t.begin;
            NodePtr right = parse_unary();
            left = arith(op, at, left, right);
        }
        return left;
    }

    NodePtr arith(Op op, std::size_t at, const NodePtr& l, const NodePtr& r) {
        const char* sym = op == Op::Add ? "+" : op == Op::Sub ? "-" : op == Op::Mul ? "*" : "/";
        for (const auto& [side, n] : {std::pair{"left", l}, std::pair{"right", r}})
            if (n->type == Type::Truth)
                throw ExpressionError(at, std::string("'") + sym + "' needs numbers or vectors/matrices; " +
                                              side_type(side, n));
        Type type = Type::Scalar;
        bool ls = l->type == Type::Scalar;
        bool rs = r->type == Type::Scalar;
        switch (op) {
            case Op::Add:
            case Op::Sub:
                if (ls != rs)
                    throw ExpressionError(at, std::string("'") + sym + "' cannot combine a number and a vector/matrix");
                type = l->type;
                break;
            case Op::Mul:
                if (!ls && !rs)
                    throw ExpressionError(at, "'*' of two vectors/matrices is not defined; use dot(u, v) for an inner product");
                type = ls && rs ? Type::Scalar : Type::Array;
                break;
            default:  // Div
                if (!rs) throw ExpressionError(at, "'/' cannot divide by a vector/matrix");
                type = l->type;
                break;
        }
        if (l->exact && r->exact) {
            const Rational& a = *l->exact;
            const Rational& b = *r->exact;
            if (op == Op::Div && b == 0) throw ExpressionError(at, "division by zero");
            if (foldable(a, b)) {
                switch (op) {
                    case Op::Add: return constant(a + b, l->begin, r->end);
                    case Op::Sub: return constant(a - b, l->begin, r->end);
                    case Op::Mul: return constant(a * b, l->begin, r->end);
                    default: return constant(a / b, l->begin, r->end);
                }
            }
        }
        auto n = node(op, type, l->begin, r->end);
        set_args(n, {l, r});
        return n;
    }

    NodePtr parse_unary() {
        if (peek().kind == Tok::Plus || peek().kind == Tok::Minus) {
            const Token& t = take();
            bool minus = t.kind == Tok::Minus;
            std::size_t at = t.begin;
            Nested level(*this, at);
            NodePtr arg = parse_unary();
            if (arg->type == Type::Truth)
                throw ExpressionError(at, std::string("unary '") + (minus ? "-" : "+") +
                                              "' needs a number or vector/matrix; its operand is a truth value");
            if (!minus) return arg;
            if (arg->exact) return constant(-*arg->exact, at, arg->end);
            auto n = node(Op::Neg, arg->type, at, arg->end);
            set_args(n, {arg});
            return n;
        }
        return parse_power();
    }

    NodePtr parse_power() {
        NodePtr base = parse_primary();
        if (peek().kind != Tok::Caret) return base;
        std::size_t at = take().begin;
        const Token& e = peek();
        bool digits = e.kind == Tok::Number &&
                      std::all_of(e.text.begin(), e.text.end(), [](char c) { return is_digit(c); });
        if (!digits || e.text.size() > 6 || std::stoul(e.text) > kMaxExponent)
            throw ExpressionError(e.kind == Tok::End ? at : e.begin,
                                  "the exponent after '^' must be an integer literal from 0 to " +
                                      std::to_string(kMaxExponent));
        unsigned long exponent = std::stoul(take().text);
        std::size_t end = e.end;
        if (peek().kind == Tok::Caret)
            throw ExpressionError(peek().begin, "chained '^' is ambiguous; use parentheses");
        if (base->type != Type::Scalar)
            throw ExpressionError(at, "'^' needs a number base; the base is a " + std::string(to_string(base->type)) +
                                          (base->type == Type::Array ? " (use norm2(v) for |v|^2)" : ""));
        if (base->exact)
            if (std::optional<Rational> q = exact_power(*base->exact, exponent)) return constant(*q, base->begin, end);
        auto n = node(Op::Pow, Type::Scalar, base->begin, end);
        n->exponent = exponent;
        set_args(n, {base});
        return n;
    }

    NodePtr parse_primary() {
        const Token& t = peek();
        switch (t.kind) {
            case Tok::Number: {
                take();
                try {
                    return constant(parse_exact(t.text), t.begin, t.end);
                } catch (const ParseError&) {
                    throw ExpressionError(t.begin, "malformed number \"" + t.text + "\"");
                }
            }
            case Tok::LParen: {
                std::size_t open = take().begin;
                NodePtr inner = parse_implies();
                if (peek().kind != Tok::RParen)
                    throw ExpressionError(peek().begin, "expected ')' to close the '(' at column " +
                                                            std::to_string(open + 1) + ", found " + describe(peek()));
                std::size_t close_end = take().end;
                auto n = std::make_shared<Node>(*inner);
                n->begin = open;
                n->end = close_end;
                return n;
            }
            case Tok::Ident: return parse_name();
            default:
                throw ExpressionError(t.begin, "expected a value, found " + describe(t));
        }
    }

    NodePtr parse_name() {
        const Token& t = take();
        const std::string& name = t.text;
        if (name == "true" || name == "false") {
            auto n = node(Op::Literal, Type::Truth, t.begin, t.end);
            n->literal = name == "true" ? Truth::True : Truth::False;
            return n;
        }
        if (is_keyword(name)) throw ExpressionError(t.begin, "expected a value, found '" + name + "'");
        if (const FunctionInfo* f = find_function(name)) return parse_call(t, *f);
        const VocabularyEntry* e = find_name(name, family_);
        if (!e) {
            if (kind_of_name(name)) {
                std::string families;
                for (const VocabularyEntry& v : vocabulary())
                    if (v.name == name) families += std::string(families.empty() ? "" : " and ") + to_string(v.family);
                throw ExpressionError(t.begin, "\"" + name + "\" is defined for the " + families +
                                                   " family only; this claim's family is " + to_string(family_));
            }
            std::string s = suggest(name, family_);
            throw ExpressionError(t.begin, "unknown name \"" + name + "\"" +
                                               (s.empty() ? std::string() : " (did you mean \"" + s + "\"?)"));
        }
        if (peek().kind == Tok::LParen)
            throw ExpressionError(t.begin, "\"" + name + "\" is a quantity, not a function");
        Type type = e->kind == Kind::Truth ? Type::Truth : e->kind == Kind::Scalar ? Type::Scalar : Type::Array;
        auto n = node(Op::Name, type, t.begin, t.end);
        n->name = name;
        return n;
    }

    NodePtr parse_call(const Token& t, const FunctionInfo& f) {
        if (peek().kind != Tok::LParen)
            throw ExpressionError(t.begin, "\"" + t.text + "\" is a function; write " + t.text + "(...)");
        take();
        std::vector<NodePtr> args;
        if (peek().kind != Tok::RParen) {
            while (true) {
                args.push_back(parse_implies());
                if (peek().kind != Tok::Comma) break;
                take();
            }
        }
        if (peek().kind != Tok::RParen)
            throw ExpressionError(peek().begin, "expected ',' or ')' in the arguments of " + t.text + ", found " +
                                                    describe(peek()));
        std::size_t end = take().end;
        std::size_t count = args.size();
        if (count < f.min_args || (f.max_args != 0 && count > f.max_args)) {
            std::string want = f.max_args == 0 ? "at least " + std::to_string(f.min_args)
                                               : std::to_string(f.min_args);
            throw ExpressionError(t.begin, t.text + "() takes " + want + " argument" +
                                               (f.min_args == 1 && f.max_args == 1 ? "" : "s") + ", got " +
                                               std::to_string(count));
        }
        // The spectral functions take a vector/matrix (sigma also an index).
        if (is_spectral(f.func)) {
            if (args[0]->type != Type::Array)
                throw ExpressionError(args[0]->begin, t.text + "() needs a vector/matrix; this argument is a " +
                                                          to_string(args[0]->type));
            if (f.func == Func::Sigma) {
                const NodePtr& i = args[1];
                if (i->type != Type::Scalar)
                    throw ExpressionError(i->begin, "the index of sigma(M, i) must be a number; this argument is a " +
                                                        std::string(to_string(i->type)));
                if (i->exact && !(is_integer(*i->exact) && *i->exact >= 1))
                    throw ExpressionError(i->begin, "the index of sigma(M, i) must be an integer >= 1 (the i-th largest "
                                                    "singular value, 1-based); got " + to_exact_string(*i->exact));
            }
        }
        bool numbers_only = f.func == Func::Abs || f.func == Func::Sqrt || f.func == Func::Min || f.func == Func::Max;
        for (const NodePtr& a : args) {
            if (a->type == Type::Truth || (numbers_only && a->type != Type::Scalar))
                throw ExpressionError(a->begin, t.text + "() needs " +
                                                    (numbers_only ? "numbers" : "vectors/matrices or numbers") +
                                                    "; this argument is a " + to_string(a->type));
        }
        if (f.func == Func::Dot && args[0]->type != args[1]->type)
            throw ExpressionError(t.begin, "dot() needs two vectors/matrices or two numbers; got a " +
                                               std::string(to_string(args[0]->type)) + " and a " +
                                               to_string(args[1]->type));
        // Exact folding of constant scalar arguments.
        bool all_exact = std::all_of(args.begin(), args.end(), [](const NodePtr& a) { return a->exact.has_value(); });
        if (all_exact) {
            const Rational& a = *args[0]->exact;
            switch (f.func) {
                case Func::Abs: return constant(a < 0 ? Rational(-a) : a, t.begin, end);
                case Func::Norm2:
                case Func::Fro2:
                    if (foldable(a, a)) return constant(a * a, t.begin, end);
                    break;
                case Func::Trace: return constant(a, t.begin, end);
                case Func::Dot:
                    if (foldable(a, *args[1]->exact)) return constant(a * *args[1]->exact, t.begin, end);
                    break;
                case Func::Min:
                case Func::Max: {
                    Rational r = a;
                    for (const NodePtr& x : args)
                        if (f.func == Func::Min ? *x->exact < r : *x->exact > r) r = *x->exact;
                    return constant(r, t.begin, end);
                }
                case Func::Sqrt:
                case Func::SpecNorm:
                case Func::SigmaMin:
                case Func::Sigma:
                case Func::LambdaMax:
                case Func::Rank: break;
            }
        }
        auto n = node(Op::Call, Type::Scalar, t.begin, end);
        n->name = t.text;
        n->func = f.func;
        set_args(n, std::move(args));
        return n;
    }
};

}  // namespace

const char* to_string(Type t) {
    switch (t) {
        case Type::Truth: return "truth value";
        case Type::Scalar: return "number";
        case Type::Array: return "vector/matrix";
    }
    return "?";
}

ExpressionError::ExpressionError(std::size_t position, const std::string& problem)
    : std::runtime_error("column " + std::to_string(position + 1) + ": " + problem),
      position_(position),
      problem_(problem) {}

Expression Expression::parse(std::string_view text, Family family) {
    Expression e;
    e.text_ = std::string(text);
    e.root_ = Parser(e.text_, family).parse();
    return e;
}

}  // namespace lrcert::claims
