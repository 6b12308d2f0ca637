#include "claims.hpp"

#include "spectral.hpp"

#include <algorithm>
#include <cctype>

namespace chk {

const char* truth_name(Truth t) { return t == Truth::True ? "true" : t == Truth::False ? "false" : "unknown"; }

Truth truth_not(Truth a) { return a == Truth::True ? Truth::False : a == Truth::False ? Truth::True : Truth::Unknown; }

Truth truth_and(Truth a, Truth b) {
    if (a == Truth::False || b == Truth::False) return Truth::False;
    if (a == Truth::True && b == Truth::True) return Truth::True;
    return Truth::Unknown;
}

namespace {

Truth truth_or(Truth a, Truth b) { return truth_not(truth_and(truth_not(a), truth_not(b))); }

const char* const kVocabulary[] = {"h", "n", "m", "d", "L0", "converged", "diverged", "sharpness_inf", "loss_inf",
                                   "norm_gap_0", "norm_gap_inf", "mu", "x0", "y0", "S0", "a0", "imbalance_0",
                                   "r0", "x_inf", "y_inf", "imbalance_inf", "a_inf", "A", "X0", "Y0",
                                   "X_inf", "Y_inf", "periodic", "cycle_attracting", "period", "cycle_loss",
                                   "cycle_sharpness", "min_loss"};
const char* const kFunctions[] = {"norm2", "fro2", "trace", "dot", "abs", "sqrt", "min", "max",
                                  "spec_norm", "sigma_min", "sigma", "lambda_max", "rank"};
const char* const kSpectral[] = {"spec_norm", "sigma_min", "sigma", "lambda_max", "rank"};
const char* const kReserved[] = {"and", "or", "not", "implies", "true", "false"};

template <class List>
bool listed(const List& list, const std::string& w) {
    return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

bool is_vector(const Value& v) { return v.r == 1 || v.c == 1; }
bool compatible(const Value& a, const Value& b) {
    return (a.r == b.r && a.c == b.c) || (is_vector(a) && is_vector(b) && a.m.size() == b.m.size());
}

// Recursive descent over the grammar of docs/claims.md, evaluating as it parses
// (Kleene's connectives give the same value with or without short cuts).
class Evaluator {
public:
    Evaluator(const std::string& s, const Env& env, long bits) : s_(s), env_(env), bits_(bits) {}

    Truth run() {
        Value v = expr();
        skip();
        if (pos_ != s_.size()) error("unexpected text");
        return as_truth(v);
    }

private:
    const std::string& s_;
    const Env& env_;
    const long bits_;
    size_t pos_ = 0;

    // An interval with the evaluator's precision unless it has a higher one.
    I tag(I x) const { return x.bits >= bits_ ? x : with_bits(x, bits_); }
    Value tagged(Value v) const {
        v.x = tag(v.x);
        for (I& e : v.m) e = tag(e);
        return v;
    }
    size_t depth_ = 0;

    // The evaluator is recursive: nesting (parentheses, function arguments,
    // the right side of 'implies', 'not', signs) is limited so that a deep
    // expression cannot exhaust the stack. lrcert accepts at most 200 levels
    // counted the same way (kMaxExpressionNesting), so nothing it writes is refused.
    static constexpr size_t kMaxNesting = 256;
    struct Nested {
        Evaluator& e;
        explicit Nested(Evaluator& ev) : e(ev) {
            if (++e.depth_ > kMaxNesting) e.error("nested more than " + std::to_string(kMaxNesting) + " levels deep");
        }
        ~Nested() { --e.depth_; }
        Nested(const Nested&) = delete;
        Nested& operator=(const Nested&) = delete;
    };

    [[noreturn]] void error(const std::string& what) {
        throw Malformed("claim expression `" + s_ + "`: column " + std::to_string(pos_ + 1) + ": " + what);
    }
    void skip() { while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_; }
    bool word_char(size_t i) const {
        return i < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i])) || s_[i] == '_');
    }
    std::string peek_word() {
        skip();
        size_t i = pos_;
        if (i >= s_.size() || !(std::isalpha(static_cast<unsigned char>(s_[i])) || s_[i] == '_')) return "";
        while (word_char(i)) ++i;
        return s_.substr(pos_, i - pos_);
    }
    bool accept_word(const char* w) {
        if (peek_word() != w) return false;
        pos_ += std::string(w).size();
        return true;
    }
    bool accept(const char* op) {
        skip();
        if (s_.compare(pos_, std::string(op).size(), op) != 0) return false;
        pos_ += std::string(op).size();
        return true;
    }

    Truth as_truth(const Value& v) {
        if (v.kind == Value::Unavailable) return Truth::Unknown;
        if (v.kind != Value::Boolean) error("a truth value is needed here");
        return v.t;
    }
    const I& num(const Value& v) {
        if (v.kind != Value::Number) error("a number is needed here");
        return v.x;
    }

    Value expr() {
        Nested level(*this);
        Value a = or_expr();
        if (!accept_word("implies")) return a;
        Truth ta = as_truth(a);
        Value b = expr();
        return Value::truth(truth_or(truth_not(ta), as_truth(b)));
    }
    Value or_expr() {
        Value a = and_expr();
        while (accept_word("or")) {
            Truth ta = as_truth(a);
            a = Value::truth(truth_or(ta, as_truth(and_expr())));
        }
        return a;
    }
    Value and_expr() {
        Value a = not_expr();
        while (accept_word("and")) {
            Truth ta = as_truth(a);
            a = Value::truth(truth_and(ta, as_truth(not_expr())));
        }
        return a;
    }
    Value not_expr() {
        if (accept_word("not")) {
            Nested level(*this);
            return Value::truth(truth_not(as_truth(not_expr())));
        }
        return comparison();
    }

    int cmp_op() {
        const char* ops[] = {"<=", ">=", "==", "!=", "<", ">"};
        for (int k = 0; k < 6; ++k)
            if (accept(ops[k])) return k;
        return -1;
    }

    Value comparison() {
        Value a = sum();
        int op = cmp_op();
        if (op < 0) return a;
        Value b = sum();
        if (cmp_op() >= 0) error("comparisons cannot be chained");
        if (a.kind == Value::Unavailable || b.kind == Value::Unavailable) return Value::truth(Truth::Unknown);
        const I &x = num(a), &y = num(b);
        auto less = [](const I& p, const I& q) {
            return p.hi < q.lo ? Truth::True : p.lo >= q.hi ? Truth::False : Truth::Unknown;
        };
        auto less_eq = [](const I& p, const I& q) {
            return p.hi <= q.lo ? Truth::True : p.lo > q.hi ? Truth::False : Truth::Unknown;
        };
        auto equal = [](const I& p, const I& q) {
            if (p.thin() && q.thin() && p.lo == q.lo) return Truth::True;
            return (p.hi < q.lo || q.hi < p.lo) ? Truth::False : Truth::Unknown;
        };
        switch (op) {
            case 0: return Value::truth(less_eq(x, y));
            case 1: return Value::truth(less_eq(y, x));
            case 2: return Value::truth(equal(x, y));
            case 3: return Value::truth(truth_not(equal(x, y)));
            case 4: return Value::truth(less(x, y));
            default: return Value::truth(less(y, x));
        }
    }

    Value arith(char op, const Value& a, const Value& b) {
        if (a.kind == Value::Unavailable || b.kind == Value::Unavailable) return Value::none();
        if (a.kind == Value::Boolean || b.kind == Value::Boolean) error("arithmetic on a truth value");
        if (a.kind == Value::Number && b.kind == Value::Number) {
            if (op == '+') return Value::number(a.x + b.x);
            if (op == '-') return Value::number(a.x - b.x);
            if (op == '*') return Value::number(a.x * b.x);
            if (contains_zero(b.x)) return Value::none();  // division by a quantity that may be 0
            return Value::number(a.x / b.x);
        }
        if (op == '+' || op == '-') {
            if (a.kind != Value::Array || b.kind != Value::Array) error("a number and a matrix cannot be added");
            if (!compatible(a, b)) return Value::none();  // shape mismatch
            Value r = a;
            for (size_t k = 0; k < r.m.size(); ++k) r.m[k] = op == '+' ? a.m[k] + b.m[k] : a.m[k] - b.m[k];
            return r;
        }
        if (op == '*') {
            if (a.kind == Value::Array && b.kind == Value::Array) error("the product of two matrices is not defined");
            const Value& s = a.kind == Value::Number ? a : b;
            Value r = a.kind == Value::Number ? b : a;
            for (I& v : r.m) v = s.x * v;
            return r;
        }
        if (b.kind != Value::Number) error("division by a matrix");
        if (contains_zero(b.x)) return Value::none();
        Value r = a;
        for (I& v : r.m) v = v / b.x;
        return r;
    }

    Value sum() {
        Value a = term();
        for (;;) {
            skip();
            if (accept("+")) a = arith('+', a, term());
            else if (accept("-")) a = arith('-', a, term());
            else return a;
        }
    }
    Value term() {
        Value a = unary();
        for (;;) {
            if (accept("*")) {
                if (accept("*")) error("'**' is not an operator; write x^2");
                a = arith('*', a, unary());
            } else if (accept("/")) {
                a = arith('/', a, unary());
            } else {
                return a;
            }
        }
    }
    Value unary() {
        if (accept("-")) {
            Nested level(*this);
            Value a = unary();
            if (a.kind == Value::Number) a.x = -a.x;
            else if (a.kind == Value::Array) for (I& v : a.m) v = -v;
            else if (a.kind == Value::Boolean) error("negation of a truth value");
            return a;
        }
        if (accept("+")) {
            Nested level(*this);
            return unary();
        }
        return power();
    }
    Value power() {
        Value a = primary();
        if (!accept("^")) return a;
        skip();
        size_t b = pos_;
        while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        if (b == pos_ || pos_ - b > 4) error("an integer exponent 0..1000 is needed after ^");
        unsigned k = static_cast<unsigned>(std::stoul(s_.substr(b, pos_ - b)));
        if (k > 1000) error("exponent above 1000");
        if (accept("^")) error("powers cannot be chained");
        if (a.kind == Value::Unavailable) return a;
        return Value::number(pow(num(a), k));
    }

    Value primary() {
        skip();
        if (pos_ >= s_.size()) error("unexpected end of the expression");
        char ch = s_[pos_];
        if (std::isdigit(static_cast<unsigned char>(ch)) || ch == '.') return number_literal();
        if (accept("(")) {
            Value v = expr();
            if (!accept(")")) error("')' expected");
            return v;
        }
        std::string w = peek_word();
        if (w.empty()) error("unexpected character '" + std::string(1, ch) + "'");
        pos_ += w.size();
        if (w == "true") return Value::truth(Truth::True);
        if (w == "false") return Value::truth(Truth::False);
        if (listed(kReserved, w)) error("misplaced '" + w + "'");
        if (listed(kFunctions, w)) return call(w);
        if (!listed(kVocabulary, w)) error("unknown name \"" + w + "\"");
        auto it = env_.find(w);
        return it == env_.end() ? Value::none() : tagged(it->second);
    }

    Value number_literal() {
        size_t b = pos_;
        while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        if (pos_ < s_.size() && s_[pos_] == '.') {
            ++pos_;
            while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        }
        if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            size_t save = pos_++;
            if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
            if (!(pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_])))) pos_ = save;
            while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        }
        if (word_char(pos_)) error("a name cannot follow a number (write 2 * h)");
        std::optional<Q> q = parse_number(s_.substr(b, pos_ - b));
        if (!q) error("bad number");
        return Value::number(with_bits(I(*q), bits_));
    }

    // spec_norm, sigma_min, sigma, lambda_max, rank (docs/checker.md section 7):
    // bisection on proven inertia counts and elimination (spectral.hpp).
    Value spectral(const std::string& f, const std::vector<Value>& args) {
        const Value& a = args[0];
        if (a.kind != Value::Array) error(f + " needs a vector/matrix");
        IMat M{a.r, a.c, a.m};
        const size_t k = std::min(a.r, a.c);
        // Bisection steps: the interval precision and a margin, capped so that
        // a large grid cannot make the check slow (fewer steps are still sound).
        const long steps = std::min(bits_ + 32, 640L);
        if (f == "rank") {
            RankBounds r = rank_bounds(M);
            return Value::number(I(Q(static_cast<unsigned long>(r.lo)), Q(static_cast<unsigned long>(r.hi))));
        }
        if (f == "lambda_max") {
            if (a.r != a.c) return Value::none();  // not square
            return Value::number(lambda_max_symmetric_part(M, steps));
        }
        size_t i = f == "spec_norm" ? 1 : k;
        if (f == "sigma") {
            const I& x = num(args[1]);
            // The index must be an exact integer 1..k, else the value is unavailable.
            if (!x.thin() || x.lo.get_den() != 1 || x.lo < 1 || x.lo > Q(static_cast<unsigned long>(k)))
                return Value::none();
            i = static_cast<size_t>(x.lo.get_num().get_ui());
        }
        return Value::number(singular_value(M, i, steps));
    }

    Value call(const std::string& f) {
        if (!accept("(")) error("'(' expected after " + f);
        std::vector<Value> args{expr()};
        while (accept(",")) args.push_back(expr());
        if (!accept(")")) error("')' expected");
        const size_t want = (f == "dot" || f == "sigma") ? 2 : (f == "min" || f == "max") ? 0 : 1;
        if ((want && args.size() != want) || (!want && args.size() < 2)) error("wrong number of arguments to " + f);
        for (const Value& a : args) {
            if (a.kind == Value::Boolean) error(f + " of a truth value");
            if (a.kind == Value::Unavailable) return Value::none();
        }
        const Value& a = args[0];
        if (listed(kSpectral, f)) return spectral(f, args);
        if (f == "norm2" || f == "fro2") {
            if (a.kind == Value::Number) return Value::number(sqr(a.x));
            I s(0);
            for (const I& v : a.m) s = s + sqr(v);
            return Value::number(s);
        }
        if (f == "trace") {
            if (a.kind == Value::Number) return a;
            if (a.r != a.c) return Value::none();
            I s(0);
            for (size_t i = 0; i < a.r; ++i) s = s + a.m[i * a.c + i];
            return Value::number(s);
        }
        if (f == "dot") {
            const Value& b = args[1];
            if (a.kind == Value::Number && b.kind == Value::Number) return Value::number(a.x * b.x);
            if (a.kind != b.kind) error("dot of a number and a matrix");
            if (!compatible(a, b)) return Value::none();
            I s(0);
            for (size_t k = 0; k < a.m.size(); ++k) s = s + a.m[k] * b.m[k];
            return Value::number(s);
        }
        for (const Value& v : args) num(v);
        if (f == "abs") return Value::number(iabs(a.x));
        if (f == "sqrt") return a.x.lo < 0 ? Value::none() : Value::number(isqrt(a.x));
        I r = a.x;
        for (size_t i = 1; i < args.size(); ++i) r = f == "min" ? imin(r, args[i].x) : imax(r, args[i].x);
        return Value::number(r);
    }
};

}  // namespace

Truth evaluate_claim_text(const std::string& text, const Env& env, long bits) {
    return Evaluator(text, env, bits).run();
}

}  // namespace chk
