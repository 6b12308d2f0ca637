// The interval evaluator of claim expressions (docs/claims.md): never throws
// for a parsed expression; unavailable quantities and undefined operations
// make the affected subexpression unavailable and its comparisons unknown.
#include "lrcert/claims/expression.hpp"

#include "expression_tree.hpp"

#include "lrcert/claims/spectral_functions.hpp"
#include "lrcert/number/parse.hpp"

#include <mpfr.h>

#include <algorithm>
#include <optional>
#include <utility>

namespace lrcert::claims {

namespace {

using namespace detail;

// ---- evaluator --------------------------------------------------------------------

using Notes = std::vector<std::string>;

void append(Notes& to, const Notes& from) {
    for (const std::string& s : from)
        if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(s);
}

bool is_nan(const Real& x) { return mpfr_nan_p(x.backend().data()) != 0; }
bool bad(const Interval& x) { return is_nan(lo(x)) || is_nan(hi(x)); }

bool is_vector(const Matrix<Interval>& a) { return a.rows() == 1 || a.cols() == 1; }

std::string shape(const Matrix<Interval>& a) { return std::to_string(a.rows()) + "x" + std::to_string(a.cols()); }

// Equal shapes, or two vectors with the same number of entries.
bool compatible(const Matrix<Interval>& a, const Matrix<Interval>& b) {
    if (a.rows() == b.rows() && a.cols() == b.cols()) return true;
    return is_vector(a) && is_vector(b) && a.size() == b.size();
}

std::string format(const Interval& x) {
    constexpr int kDigits = 8;
    std::string l = decimal_down(lo(x), kDigits);
    std::string u = decimal_up(hi(x), kDigits);
    if (lo(x) == hi(x) && l == u) return l;
    return "[" + l + ", " + u + "]";
}

Truth truth_value(const Value& v) {
    if (const Truth* t = std::get_if<Truth>(&v)) return *t;
    return Truth::Unknown;
}

class Evaluator {
public:
    Evaluator(std::string_view text, const Environment& env) : text_(text), env_(env) {}

    Evaluation eval(const Node& n) {
        switch (n.op) {
            case Op::Constant: return {enclose(*n.exact), {}};
            case Op::Literal: return {n.literal, {}};
            case Op::Name: return name(n);
            case Op::Neg:
            case Op::Add:
            case Op::Sub:
            case Op::Mul:
            case Op::Div:
            case Op::Pow:
            case Op::Call: return numeric(n);
            case Op::Less:
            case Op::LessEq:
            case Op::Greater:
            case Op::GreaterEq:
            case Op::Equal:
            case Op::NotEqual: return compare(n);
            case Op::Not: {
                Evaluation a = eval(*n.args[0]);
                return {truth_not(truth_value(a.value)), std::move(a.notes)};
            }
            case Op::And:
            case Op::Or:
            case Op::Implies: return logic(n);
        }
        return {Unavailable{"internal error: unknown node"}, {}};
    }

private:
    std::string_view text_;
    const Environment& env_;

    std::string quote(const Node& n) const {
        std::string r(1, '`');
        r.append(text_.substr(n.begin, n.end - n.begin));
        r.push_back('`');
        return r;
    }

    Evaluation unavailable(const std::string& reason, Notes notes, const std::string& note) {
        append(notes, {note});
        return {Unavailable{reason}, std::move(notes)};
    }

    Evaluation name(const Node& n) {
        const Value* v = env_.find(n.name);
        if (!v) {
            std::string reason = "not provided for this instance";
            return unavailable(reason, {}, n.name + " is unavailable: " + reason);
        }
        if (const Unavailable* u = std::get_if<Unavailable>(v))
            return unavailable(u->reason, {}, n.name + " is unavailable: " + u->reason);
        if (const Truth* t = std::get_if<Truth>(v)) return {*t, {n.name + " is " + to_string(*t)}};
        if (const Interval* x = std::get_if<Interval>(v)) {
            if (bad(*x)) return unavailable("NaN enclosure", {}, n.name + " is unavailable: its enclosure is NaN");
            return {*v, {}};
        }
        const Matrix<Interval>& m = std::get<Matrix<Interval>>(*v);
        for (std::size_t k = 0; k < m.size(); ++k)
            if (bad(m[k])) return unavailable("NaN enclosure", {}, n.name + " is unavailable: an entry is NaN");
        return {*v, {}};
    }

    static Interval one() { return make_interval(1L); }

    Evaluation numeric(const Node& n) {
        std::vector<Evaluation> args;
        args.reserve(n.args.size());
        Notes notes;
        const Unavailable* missing = nullptr;
        for (const NodePtr& a : n.args) args.push_back(eval(*a));
        for (const Evaluation& a : args) {
            append(notes, a.notes);
            if (!missing) missing = std::get_if<Unavailable>(&a.value);
        }
        if (missing) return {*missing, std::move(notes)};
        Evaluation r = compute(n, args, notes);
        // Overflow or an undefined operation (0 * inf, ...) shows up as NaN.
        bool nan = false;
        if (const Interval* x = std::get_if<Interval>(&r.value)) nan = bad(*x);
        if (const Matrix<Interval>* m = std::get_if<Matrix<Interval>>(&r.value))
            for (std::size_t k = 0; k < m->size(); ++k) nan = nan || bad((*m)[k]);
        if (nan)
            return unavailable("overflow or undefined arithmetic", std::move(r.notes),
                               quote(n) + " is unavailable: overflow or undefined arithmetic (NaN)");
        return r;
    }

    Evaluation compute(const Node& n, const std::vector<Evaluation>& args, Notes& notes) {
        auto scalar = [&](std::size_t i) -> const Interval& { return std::get<Interval>(args[i].value); };
        auto array = [&](std::size_t i) -> const Matrix<Interval>& { return std::get<Matrix<Interval>>(args[i].value); };
        auto is_scalar = [&](std::size_t i) { return std::holds_alternative<Interval>(args[i].value); };
        auto mismatch = [&](const Node& at, const std::string& what) {
            return unavailable("shape mismatch", notes, quote(at) + " is unavailable: shape mismatch (" + what + ")");
        };
        auto may_be_zero = [&](const Node& divisor, const Interval& y) {
            return unavailable("division by a quantity that may be 0", notes,
                               quote(n) + " is unavailable: the divisor " + quote(divisor) + " may be 0 (it is in " +
                                   format(y) + ")");
        };

        switch (n.op) {
            case Op::Neg:
                if (is_scalar(0)) return {Interval(-scalar(0)), notes};
                {
                    Matrix<Interval> r = array(0);
                    for (std::size_t k = 0; k < r.size(); ++k) r[k] = -r[k];
                    return {std::move(r), notes};
                }
            case Op::Add:
            case Op::Sub: {
                bool add = n.op == Op::Add;
                if (is_scalar(0)) return {add ? Interval(scalar(0) + scalar(1)) : Interval(scalar(0) - scalar(1)), notes};
                const Matrix<Interval>& a = array(0);
                const Matrix<Interval>& b = array(1);
                if (!compatible(a, b)) return mismatch(n, shape(a) + (add ? " + " : " - ") + shape(b));
                Matrix<Interval> r(a.rows(), a.cols());
                for (std::size_t k = 0; k < a.size(); ++k) r[k] = add ? a[k] + b[k] : a[k] - b[k];
                return {std::move(r), notes};
            }
            case Op::Mul: {
                if (is_scalar(0) && is_scalar(1)) return {Interval(scalar(0) * scalar(1)), notes};
                std::size_t s = is_scalar(0) ? 0 : 1;
                Matrix<Interval> r = array(1 - s);
                for (std::size_t k = 0; k < r.size(); ++k) r[k] = scalar(s) * r[k];
                return {std::move(r), notes};
            }
            case Op::Div: {
                const Interval& y = scalar(1);
                if (lo(y) <= 0 && hi(y) >= 0) return may_be_zero(*n.args[1], y);
                if (is_scalar(0)) return {Interval(scalar(0) / y), notes};
                Matrix<Interval> r = array(0);
                for (std::size_t k = 0; k < r.size(); ++k) r[k] = r[k] / y;
                return {std::move(r), notes};
            }
            case Op::Pow: {
                if (n.exponent == 0) return {one(), notes};
                if (n.exponent == 1) return {scalar(0), notes};
                return {boost::numeric::pow(scalar(0), static_cast<int>(n.exponent)), notes};
            }
            case Op::Call: return call(n, args, notes);
            default: break;
        }
        return {Unavailable{"internal error"}, notes};
    }

    Evaluation call(const Node& n, const std::vector<Evaluation>& args, Notes& notes) {
        auto scalar = [&](std::size_t i) -> const Interval& { return std::get<Interval>(args[i].value); };
        auto is_scalar = [&](std::size_t i) { return std::holds_alternative<Interval>(args[i].value); };
        switch (n.func) {
            case Func::Norm2:
            case Func::Fro2: {
                if (is_scalar(0)) return {interval_sqr(scalar(0)), notes};
                return {frobenius_sq(std::get<Matrix<Interval>>(args[0].value)), notes};
            }
            case Func::Trace: {
                if (is_scalar(0)) return {scalar(0), notes};
                const Matrix<Interval>& a = std::get<Matrix<Interval>>(args[0].value);
                if (a.rows() != a.cols())
                    return unavailable("trace of a non-square matrix", notes,
                                       quote(n) + " is unavailable: trace of a " + shape(a) + " matrix");
                Interval s = make_interval(0L);
                for (std::size_t i = 0; i < a.rows(); ++i) s += a(i, i);
                return {s, notes};
            }
            case Func::Dot: {
                if (is_scalar(0)) return {Interval(scalar(0) * scalar(1)), notes};
                const Matrix<Interval>& a = std::get<Matrix<Interval>>(args[0].value);
                const Matrix<Interval>& b = std::get<Matrix<Interval>>(args[1].value);
                if (!compatible(a, b))
                    return unavailable("shape mismatch", notes,
                                       quote(n) + " is unavailable: shape mismatch (dot of " + shape(a) + " and " +
                                           shape(b) + ")");
                Interval s = make_interval(0L);
                for (std::size_t k = 0; k < a.size(); ++k) s += a[k] * b[k];
                return {s, notes};
            }
            case Func::Abs: return {interval_abs(scalar(0)), notes};
            case Func::Sqrt: {
                const Interval& x = scalar(0);
                if (lo(x) < 0)
                    return unavailable("sqrt of a possibly negative value", notes,
                                       quote(n) + " is unavailable: the argument may be negative (it is in " +
                                           format(x) + ")");
                return {interval_sqrt(x), notes};
            }
            case Func::Min:
            case Func::Max: {
                Interval r = scalar(0);
                for (std::size_t i = 1; i < args.size(); ++i)
                    r = n.func == Func::Min ? interval_min(r, scalar(i)) : interval_max(r, scalar(i));
                return {r, notes};
            }
            case Func::SpecNorm:
            case Func::SigmaMin:
            case Func::Sigma:
            case Func::LambdaMax:
            case Func::Rank:
                // The linear algebra reports impossible input by exceptions; an
                // evaluation never throws (expression.hpp), so it becomes unavailable.
                try {
                    return spectral(n, std::get<Matrix<Interval>>(args[0].value), notes);
                } catch (const std::exception& e) {
                    return unavailable("the spectral computation failed", notes,
                                       quote(n) + " is unavailable: " + e.what());
                }
        }
        return {Unavailable{"internal error"}, notes};
    }

    static bool is_integer(const Rational& q) { return mpz_cmp_ui(mpq_denref(q.backend().data()), 1) == 0; }

    // spec_norm, sigma_min, sigma, lambda_max, rank of the box `a` (docs/claims.md,
    // "Spectral functions"; proofs: docs/math.md section 15.1).
    Evaluation spectral(const Node& n, const Matrix<Interval>& a, Notes& notes) {
        const std::size_t k = std::min(a.rows(), a.cols());
        switch (n.func) {
            case Func::SpecNorm: return {enclose_spectral_norm(a), notes};
            case Func::SigmaMin: return {enclose_sigma_min(a), notes};
            case Func::Sigma: {
                std::optional<ExactValue> index = exact(*n.args[1]);
                const Rational* q = index ? std::get_if<Rational>(&*index) : nullptr;
                if (!q || !is_integer(*q))
                    return unavailable("the index of sigma(M, i) is not an exact integer", notes,
                                       quote(n) + " is unavailable: the index " + quote(*n.args[1]) +
                                           " is not an exact integer");
                if (*q < 1 || *q > Rational(static_cast<unsigned long>(k)))
                    return unavailable("sigma(M, i) with i out of range", notes,
                                       quote(n) + " is unavailable: i = " + to_exact_string(*q) + " but a " +
                                           shape(a) + " matrix has singular values i = 1.." + std::to_string(k));
                return {enclose_sigma(a, static_cast<std::size_t>(q->convert_to<unsigned long>())), notes};
            }
            case Func::LambdaMax:
                if (a.rows() != a.cols())
                    return unavailable("lambda_max of a non-square matrix", notes,
                                       quote(n) + " is unavailable: lambda_max of a " + shape(a) + " matrix");
                return {enclose_lambda_max_sym(a), notes};
            case Func::Rank: {
                // An exact matrix has an exact rank (rational elimination).
                if (std::optional<ExactValue> ex = exact(*n.args[0]))
                    if (const Matrix<Rational>* m = std::get_if<Matrix<Rational>>(&*ex))
                        return {make_interval(static_cast<long>(exact_rank(*m))), notes};
                RankRange r = enclose_rank(a);
                if (r.lo != r.hi)
                    append(notes, {quote(n) + " is not decided: every rank from " + std::to_string(r.lo) + " to " +
                                   std::to_string(r.hi) + " is possible for the matrices in the enclosure"});
                return {make_interval(Real(static_cast<long>(r.lo)), Real(static_cast<long>(r.hi))), notes};
            }
            default: break;
        }
        return {Unavailable{"internal error"}, notes};
    }

    // ---- exact evaluation (docs/claims.md, "Exact evaluation") ----------------
    //
    // The exact value of a numeric subexpression built only from constants and
    // names with an exact value (Environment::set_exact), with + - * / ^, unary
    // minus, norm2, fro2, trace, dot, abs, min and max; nullopt when a leaf is
    // not exact, for sqrt, a division by exactly 0, a shape mismatch, a trace
    // of a non-square matrix, or a result beyond kMaxFoldBits (the interval
    // evaluation then decides, or reports why not).

    static unsigned long bits_of(const Rational& q) {
        return mpz_sizeinbase(mpq_numref(q.backend().data()), 2) + mpz_sizeinbase(mpq_denref(q.backend().data()), 2);
    }
    static bool too_big(const Rational& q) { return bits_of(q) > kMaxFoldBits; }

    static bool exact_vector(const Matrix<Rational>& a) { return a.rows() == 1 || a.cols() == 1; }
    static bool exact_compatible(const Matrix<Rational>& a, const Matrix<Rational>& b) {
        if (a.rows() == b.rows() && a.cols() == b.cols()) return true;
        return exact_vector(a) && exact_vector(b) && a.size() == b.size();
    }

    std::optional<ExactValue> exact(const Node& n) {
        switch (n.op) {
            case Op::Constant: return ExactValue(*n.exact);
            case Op::Name: {
                const ExactValue* v = env_.find_exact(n.name);
                if (!v) return std::nullopt;
                return *v;
            }
            case Op::Neg:
            case Op::Add:
            case Op::Sub:
            case Op::Mul:
            case Op::Div:
            case Op::Pow:
            case Op::Call: break;
            default: return std::nullopt;
        }
        std::vector<ExactValue> args;
        args.reserve(n.args.size());
        for (const NodePtr& a : n.args) {
            std::optional<ExactValue> v = exact(*a);
            if (!v) return std::nullopt;
            args.push_back(std::move(*v));
        }
        std::optional<ExactValue> r = exact_compute(n, args);
        if (!r) return std::nullopt;
        if (const Rational* q = std::get_if<Rational>(&*r)) {
            if (too_big(*q)) return std::nullopt;
        } else {
            const Matrix<Rational>& m = std::get<Matrix<Rational>>(*r);
            for (std::size_t k = 0; k < m.size(); ++k)
                if (too_big(m[k])) return std::nullopt;
        }
        return r;
    }

    static std::optional<ExactValue> exact_compute(const Node& n, const std::vector<ExactValue>& args) {
        auto is_scalar = [&](std::size_t i) { return std::holds_alternative<Rational>(args[i]); };
        auto scalar = [&](std::size_t i) -> const Rational& { return std::get<Rational>(args[i]); };
        auto array = [&](std::size_t i) -> const Matrix<Rational>& { return std::get<Matrix<Rational>>(args[i]); };
        switch (n.op) {
            case Op::Neg: {
                if (is_scalar(0)) return ExactValue(Rational(-scalar(0)));
                Matrix<Rational> r = array(0);
                for (std::size_t k = 0; k < r.size(); ++k) r[k] = -r[k];
                return ExactValue(std::move(r));
            }
            case Op::Add:
            case Op::Sub: {
                bool add = n.op == Op::Add;
                if (is_scalar(0) && is_scalar(1))
                    return ExactValue(add ? Rational(scalar(0) + scalar(1)) : Rational(scalar(0) - scalar(1)));
                if (is_scalar(0) || is_scalar(1)) return std::nullopt;
                const Matrix<Rational>& a = array(0);
                const Matrix<Rational>& b = array(1);
                if (!exact_compatible(a, b)) return std::nullopt;
                Matrix<Rational> r(a.rows(), a.cols());
                for (std::size_t k = 0; k < a.size(); ++k) r[k] = add ? Rational(a[k] + b[k]) : Rational(a[k] - b[k]);
                return ExactValue(std::move(r));
            }
            case Op::Mul: {
                if (is_scalar(0) && is_scalar(1)) return ExactValue(Rational(scalar(0) * scalar(1)));
                if (!is_scalar(0) && !is_scalar(1)) return std::nullopt;
                std::size_t s = is_scalar(0) ? 0 : 1;
                Matrix<Rational> r = array(1 - s);
                for (std::size_t k = 0; k < r.size(); ++k) r[k] = scalar(s) * r[k];
                return ExactValue(std::move(r));
            }
            case Op::Div: {
                if (!is_scalar(1) || scalar(1) == 0) return std::nullopt;
                const Rational& y = scalar(1);
                if (is_scalar(0)) return ExactValue(Rational(scalar(0) / y));
                Matrix<Rational> r = array(0);
                for (std::size_t k = 0; k < r.size(); ++k) r[k] = r[k] / y;
                return ExactValue(std::move(r));
            }
            case Op::Pow: {
                if (!is_scalar(0)) return std::nullopt;
                if (bits_of(scalar(0)) * n.exponent > kMaxFoldBits) return std::nullopt;
                Rational r = 1;
                for (unsigned long k = 0; k < n.exponent; ++k) r *= scalar(0);
                return ExactValue(std::move(r));
            }
            case Op::Call: break;
            default: return std::nullopt;
        }
        switch (n.func) {
            case Func::Norm2:
            case Func::Fro2: {
                if (is_scalar(0)) return ExactValue(Rational(scalar(0) * scalar(0)));
                Rational s = 0;
                for (const Rational& x : array(0).data()) s += x * x;
                return ExactValue(std::move(s));
            }
            case Func::Trace: {
                if (is_scalar(0)) return ExactValue(scalar(0));
                const Matrix<Rational>& a = array(0);
                if (a.rows() != a.cols()) return std::nullopt;
                Rational s = 0;
                for (std::size_t i = 0; i < a.rows(); ++i) s += a(i, i);
                return ExactValue(std::move(s));
            }
            case Func::Dot: {
                if (is_scalar(0) && is_scalar(1)) return ExactValue(Rational(scalar(0) * scalar(1)));
                if (is_scalar(0) || is_scalar(1)) return std::nullopt;
                const Matrix<Rational>& a = array(0);
                const Matrix<Rational>& b = array(1);
                if (!exact_compatible(a, b)) return std::nullopt;
                Rational s = 0;
                for (std::size_t k = 0; k < a.size(); ++k) s += a[k] * b[k];
                return ExactValue(std::move(s));
            }
            case Func::Abs: {
                if (!is_scalar(0)) return std::nullopt;
                return ExactValue(scalar(0) < 0 ? Rational(-scalar(0)) : scalar(0));
            }
            case Func::Min:
            case Func::Max: {
                for (std::size_t i = 0; i < args.size(); ++i)
                    if (!is_scalar(i)) return std::nullopt;
                Rational r = scalar(0);
                for (std::size_t i = 1; i < args.size(); ++i)
                    if (n.func == Func::Min ? scalar(i) < r : scalar(i) > r) r = scalar(i);
                return ExactValue(std::move(r));
            }
            case Func::Rank: {
                if (is_scalar(0)) return std::nullopt;
                return ExactValue(Rational(static_cast<long>(exact_rank(array(0)))));
            }
            // Singular values and eigenvalues are irrational in general.
            case Func::Sqrt:
            case Func::SpecNorm:
            case Func::SigmaMin:
            case Func::Sigma:
            case Func::LambdaMax: return std::nullopt;
        }
        return std::nullopt;
    }

    static std::string exact_text(const Rational& q) {
        constexpr unsigned long kMaxShownBits = 256;
        if (bits_of(q) <= kMaxShownBits) return to_exact_string(q);
        return format(enclose(q));
    }

    Evaluation compare(const Node& n) {
        if (n.args[0]->op == Op::Constant && n.args[1]->op == Op::Constant) return compare_exact(n);
        // Both sides exact rationals: decided exactly.
        if (std::optional<ExactValue> ex = exact(*n.args[0])) {
            if (const Rational* xq = std::get_if<Rational>(&*ex)) {
                if (std::optional<ExactValue> ey = exact(*n.args[1])) {
                    if (const Rational* yq = std::get_if<Rational>(&*ey)) return compare_rationals(n, *xq, *yq);
                }
            }
        }
        Evaluation a = eval(*n.args[0]);
        Evaluation b = eval(*n.args[1]);
        Notes notes = a.notes;
        append(notes, b.notes);
        const Interval* x = std::get_if<Interval>(&a.value);
        const Interval* y = std::get_if<Interval>(&b.value);
        if (!x || !y) return {Truth::Unknown, notes};
        // x op y for every point: certain; for no point: false; else unknown.
        auto less = [](const Interval& p, const Interval& q) {
            if (hi(p) < lo(q)) return Truth::True;
            if (lo(p) >= hi(q)) return Truth::False;
            return Truth::Unknown;
        };
        auto less_eq = [](const Interval& p, const Interval& q) {
            if (hi(p) <= lo(q)) return Truth::True;
            if (lo(p) > hi(q)) return Truth::False;
            return Truth::Unknown;
        };
        auto equal = [](const Interval& p, const Interval& q) {
            if (lo(p) == hi(p) && lo(q) == hi(q) && lo(p) == lo(q)) return Truth::True;
            if (hi(p) < lo(q) || hi(q) < lo(p)) return Truth::False;
            return Truth::Unknown;
        };
        Truth t = Truth::Unknown;
        switch (n.op) {
            case Op::Less: t = less(*x, *y); break;
            case Op::LessEq: t = less_eq(*x, *y); break;
            case Op::Greater: t = less(*y, *x); break;
            case Op::GreaterEq: t = less_eq(*y, *x); break;
            case Op::Equal: t = equal(*x, *y); break;
            default: t = truth_not(equal(*x, *y)); break;
        }
        std::string verdict = t == Truth::True    ? " holds"
                              : t == Truth::False ? " is false"
                                                  : " is not decided (the enclosures overlap)";
        append(notes, {quote(n) + verdict + ": left " + format(*x) + ", right " + format(*y)});
        return {t, notes};
    }

    // Two exact constants: decided exactly (their enclosures need not be thin).
    Evaluation compare_exact(const Node& n) { return compare_rationals(n, *n.args[0]->exact, *n.args[1]->exact); }

    Evaluation compare_rationals(const Node& n, const Rational& x, const Rational& y) {
        bool holds = false;
        switch (n.op) {
            case Op::Less: holds = x < y; break;
            case Op::LessEq: holds = x <= y; break;
            case Op::Greater: holds = x > y; break;
            case Op::GreaterEq: holds = x >= y; break;
            case Op::Equal: holds = x == y; break;
            default: holds = x != y; break;
        }
        return {truth_of(holds), {quote(n) + (holds ? " holds" : " is false") + " exactly: left " + exact_text(x) +
                                  ", right " + exact_text(y)}};
    }

    Evaluation logic(const Node& n) {
        Evaluation a = eval(*n.args[0]);
        Truth ta = truth_value(a.value);
        // Short cuts: the right side cannot change the result.
        if (n.op == Op::And && ta == Truth::False) return {Truth::False, a.notes};
        if (n.op == Op::Or && ta == Truth::True) return {Truth::True, a.notes};
        if (n.op == Op::Implies && ta == Truth::False) return {Truth::True, a.notes};
        Evaluation b = eval(*n.args[1]);
        Truth tb = truth_value(b.value);
        // For implies, the left side counts through its negation.
        Truth la = n.op == Op::Implies ? truth_not(ta) : ta;
        Truth t = n.op == Op::And ? truth_and(la, tb) : truth_or(la, tb);
        // Evidence: the operands whose value equals the result's (for "and" =
        // false / "or" = true those decide it; otherwise all of that value).
        Notes notes;
        if (la == t) append(notes, a.notes);
        if (tb == t) append(notes, b.notes);
        return {t, notes};
    }
};

}  // namespace

Type Expression::type() const {
    if (!root_) throw std::logic_error("claims::Expression: empty expression");
    return root_->type;
}

Evaluation Expression::evaluate(const Environment& env) const {
    if (!root_) throw std::logic_error("claims::Expression: empty expression");
    return Evaluator(text_, env).eval(*root_);
}

Truth Expression::evaluate_truth(const Environment& env) const {
    if (type() != Type::Truth)
        throw std::logic_error("claims::Expression::evaluate_truth: `" + text_ + "` is a " + to_string(type()));
    return truth_value(evaluate(env).value);
}

}  // namespace lrcert::claims
