// Fuzz target: the claim expression language (include/lrcert/claims/expression.hpp).
// The text is parsed for each claim family; a parse error must be an
// ExpressionError. A parsed expression is evaluated on an empty environment
// and on one where every vocabulary name has a value (evaluation is
// documented never to throw).
#include "fuzz_support.hpp"

#include "lrcert/claims/expression.hpp"
#include "lrcert/number/precision.hpp"
#include "lrcert/number/scalar.hpp"

using namespace lrcert;
using namespace lrcert::claims;

namespace {

constexpr unsigned kBits = 64;

// Every name of the vocabulary set: scalars to intervals (some containing 0),
// vectors to 3-vectors, matrices to 2 x 3 ones, truth values cycling.
Environment full_environment() {
    Environment env;
    const Truth truths[] = {Truth::True, Truth::False, Truth::Unknown};
    size_t k = 0;
    for (const VocabularyEntry& e : vocabulary()) {
        const std::string name(e.name);
        ++k;
        Interval x = k % 4 == 0 ? hull(enclose(Rational(-1)), enclose(Rational(2)))
                                : enclose(Rational(static_cast<long>(k), 3));
        switch (e.kind) {
            case Kind::Truth: env.set_truth(name, truths[k % 3]); break;
            case Kind::Scalar: env.set_interval(name, x); break;
            case Kind::Vector:
            case Kind::Matrix: {
                const size_t rows = e.kind == Kind::Vector ? 3 : 2;
                Matrix<Interval> m(rows, e.kind == Kind::Vector ? 1 : 3);
                for (size_t i = 0; i < m.rows(); ++i)
                    for (size_t j = 0; j < m.cols(); ++j) m(i, j) = enclose(Rational(static_cast<long>(i + 2 * j) - 1, 2));
                env.set_matrix(name, m);
                break;
            }
        }
        if (k % 7 == 0) env.set_unavailable(name, "not certified (fuzz)");
    }
    return env;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 4096) return 0;
    const std::string text = fuzz::text_of(data, size);
    PrecisionScope scope(kBits);
    static const Environment empty;
    static const Environment full = full_environment();
    for (Family family : {Family::Scalar, Family::Matrix, Family::All}) {
        Expression e;
        if (!fuzz::expect_only<ExpressionError>("Expression::parse", [&] { e = Expression::parse(text, family); }))
            continue;
        for (const Environment* env : {&empty, &full}) {
            Evaluation v;
            fuzz::expect_only<fuzz::NoException>("evaluate", [&] { v = e.evaluate(*env); });
            const bool truth_value = std::holds_alternative<Truth>(v.value);
            if (truth_value != (e.type() == Type::Truth) && !std::holds_alternative<Unavailable>(v.value))
                fuzz::finding("the value of \"" + text + "\" does not have the expression's type");
            if (e.type() == Type::Truth) {
                Truth t = Truth::Unknown;
                fuzz::expect_only<fuzz::NoException>("evaluate_truth", [&] { t = e.evaluate_truth(*env); });
                if (t != (truth_value ? std::get<Truth>(v.value) : Truth::Unknown))
                    fuzz::finding("evaluate and evaluate_truth disagree on \"" + text + "\"");
            }
        }
    }
    return 0;
}
