// Claims layer: three-valued logic, the expression language (parser,
// precedence, errors, interval semantics), environments, claim files and
// verdicts, the built-in claim files and their documentation.
// (Over 500 lines on purpose: the whole claim language (grammar, three-valued logic, vocabulary, files, verdicts) in one executable.)
#include "lrcert/claims/claim.hpp"
#include "lrcert/claims/expression.hpp"
#include "lrcert/number/parse.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace lrcert;
using namespace lrcert::claims;

namespace {

constexpr Truth T = Truth::True;
constexpr Truth F = Truth::False;
constexpr Truth U = Truth::Unknown;

Interval exact(const char* text) { return enclose(parse_exact(text)); }

Matrix<Interval> column(std::initializer_list<const char*> entries) {
    Matrix<Interval> m(entries.size(), 1);
    std::size_t k = 0;
    for (const char* e : entries) m[k++] = exact(e);
    return m;
}

Matrix<Interval> matrix(std::size_t rows, std::size_t cols, std::initializer_list<const char*> entries) {
    Matrix<Interval> m(rows, cols);
    std::size_t k = 0;
    for (const char* e : entries) m[k++] = exact(e);
    return m;
}

Truth truth(const std::string& text, const Environment& env = Environment(), Family family = Family::All) {
    return Expression::parse(text, family).evaluate_truth(env);
}

Interval number(const std::string& text, const Environment& env, Family family = Family::All) {
    Evaluation e = Expression::parse(text, family).evaluate(env);
    REQUIRE(std::holds_alternative<Interval>(e.value));
    return std::get<Interval>(e.value);
}

// The ExpressionError of parsing `text`, or fails.
ExpressionError parse_error(const std::string& text, Family family = Family::All) {
    try {
        Expression::parse(text, family);
    } catch (const ExpressionError& e) {
        return e;
    }
    FAIL("no error for: " << text);
    return ExpressionError(0, "");
}

std::string claim_error(const std::string& json_text, const std::string& origin = "test.json") {
    try {
        parse_claims(json_text, origin);
    } catch (const ClaimError& e) {
        return e.what();
    }
    FAIL("no ClaimError for: " << json_text);
    return "";
}

std::filesystem::path source_dir() {
    const char* dir = std::getenv("LRCERT_SOURCE_DIR");
    if (!dir) FAIL("LRCERT_SOURCE_DIR is not set (ctest sets it to the source tree)");
    return dir;
}

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Claim find_claim(const std::vector<Claim>& claims, const std::string& id) {
    for (const Claim& c : claims)
        if (c.id == id) return c;
    FAIL("no claim " << id);
    return {};
}

}  // namespace

// ---------------------------------------------------------------------------
// Three-valued logic
// ---------------------------------------------------------------------------

TEST_CASE("Kleene truth tables", "[claims][truth]") {
    const Truth all[] = {T, F, U};
    // Expected tables, rows a = T, F, U; columns b = T, F, U.
    const Truth and_table[3][3] = {{T, F, U}, {F, F, F}, {U, F, U}};
    const Truth or_table[3][3] = {{T, T, T}, {T, F, U}, {T, U, U}};
    const Truth implies_table[3][3] = {{T, F, U}, {T, T, T}, {T, U, U}};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            INFO(to_string(all[i]) << " op " << to_string(all[j]));
            CHECK(truth_and(all[i], all[j]) == and_table[i][j]);
            CHECK(truth_or(all[i], all[j]) == or_table[i][j]);
            CHECK(truth_implies(all[i], all[j]) == implies_table[i][j]);
        }
    CHECK(truth_not(T) == F);
    CHECK(truth_not(F) == T);
    CHECK(truth_not(U) == U);
    CHECK(truth_of(true) == T);
    CHECK(truth_of(false) == F);
    CHECK(std::string(to_string(U)) == "unknown");
}

TEST_CASE("logic operators in the language follow Kleene logic", "[claims][truth]") {
    PrecisionScope scope(64);
    Environment env;
    env.set_truth("converged", U);
    const char* names[] = {"true", "false", "converged"};
    const Truth values[] = {T, F, U};
    for (int i = 0; i < 3; ++i) {
        CHECK(truth(std::string("not ") + names[i], env) == truth_not(values[i]));
        for (int j = 0; j < 3; ++j) {
            std::string a = names[i], b = names[j];
            INFO(a << " / " << b);
            CHECK(truth(a + " and " + b, env) == truth_and(values[i], values[j]));
            CHECK(truth(a + " or " + b, env) == truth_or(values[i], values[j]));
            CHECK(truth(a + " implies " + b, env) == truth_implies(values[i], values[j]));
        }
    }
}

// ---------------------------------------------------------------------------
// Parser: precedence, exact constants, errors
// ---------------------------------------------------------------------------

TEST_CASE("operator precedence and associativity", "[claims][parser]") {
    PrecisionScope scope(64);
    CHECK(truth("1 + 2 * 3 == 7") == T);
    CHECK(truth("(1 + 2) * 3 == 9") == T);
    CHECK(truth("10 - 2 - 3 == 5") == T);      // left associative
    CHECK(truth("12 / 2 / 3 == 2") == T);      // left associative
    CHECK(truth("-2^2 == -4") == T);           // ^ binds tighter than unary minus
    CHECK(truth("2 * 3^2 == 18") == T);
    CHECK(truth("2^0 == 1 and 0^0 == 1") == T);
    CHECK(truth("- -3 == 3") == T);
    CHECK(truth("1 + 1 > 1 + 0") == T);        // arithmetic binds tighter than comparison
    CHECK(truth("not 1 > 2") == T);            // not binds looser than comparison
    CHECK(truth("not 1 > 2 and 1 < 2") == T);  // (not (1 > 2)) and (1 < 2)
    CHECK(truth("true or false and false") == T);      // and binds tighter than or
    CHECK(truth("true or true implies false") == F);   // or binds tighter than implies
    CHECK(truth("false implies false implies false") == T);  // right associative
    CHECK(truth("not not true") == T);
    CHECK(truth("((true))") == T);
    CHECK(truth("min(3, 1, 2) == 1 and max(3, 1, 2) == 3") == T);
}

TEST_CASE("numeric literals are exact", "[claims][parser]") {
    PrecisionScope scope(64);
    // Folded exactly at parse time: interval evaluation could not prove these.
    CHECK(truth("0.1 + 0.2 == 0.3") == T);
    CHECK(truth("1/3 * 3 == 1") == T);
    CHECK(truth("(1/3)^2 == 1/9") == T);
    CHECK(truth("2.5e-1 == 1/4 and 1E+3 == 1000 and .5 == 1/2") == T);
    CHECK(truth("abs(-7/3) == 7/3") == T);
    // A quantity in the environment is an enclosure: 1/10 is not dyadic.
    Environment env;
    env.set_interval("h", exact("0.1"));
    CHECK(truth("h * 10 == 1", env) == U);
    CHECK(truth("h < 0.1000001 and h > 0.0999999", env) == T);
    CHECK(truth("h == 0.1", env) == U);
}

TEST_CASE("syntax errors name the position", "[claims][parser]") {
    struct Case {
        const char* text;
        std::size_t column;  // 1-based
        const char* words;
    };
    const Case cases[] = {
        {"mu >", 5, "expected a value"},
        {"h * (L0 + 2 > 1", 16, "expected ')'"},
        {"h > 1)", 6, "unexpected ')'"},
        {"2h > 1", 1, "malformed number"},
        {"1.5.2 > 1", 1, "malformed number"},
        {"h = 1", 3, "=="},
        {"h > 1 && h < 2", 7, "'and'"},
        {"!converged", 1, "'not'"},
        {"h > 0 > -1", 7, "chained comparison"},
        {"h^2^2 > 0", 4, "chained '^'"},
        {"h^1.5 > 0", 3, "integer literal"},
        {"h^-1 > 0", 3, "integer literal"},
        {"h^1001 > 0", 3, "integer literal"},
        {"h ** 2 > 0", 3, "'**'"},
        {"1/0 > 0", 2, "division by zero"},
        {"", 1, "empty expression"},
        {"h > 1 and", 10, "expected a value"},
        {"h > 1 and and", 11, "expected a value, found 'and'"},
        {"h # 2", 3, "unexpected character"},
        {"norm2(x0 y0) > 0", 10, "expected ',' or ')'"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        ExpressionError e = parse_error(c.text, Family::Scalar);
        CHECK(e.position() + 1 == c.column);
        CHECK_THAT(e.what(), Catch::Contains(c.words));
        CHECK_THAT(e.what(), Catch::StartsWith("column " + std::to_string(c.column) + ": "));
    }
}

TEST_CASE("names are checked against the vocabulary", "[claims][parser]") {
    ExpressionError e = parse_error("h * nrom2(x0) > 0", Family::Scalar);
    CHECK(e.position() == 4);
    CHECK_THAT(e.what(), Catch::Contains("unknown name \"nrom2\"") && Catch::Contains("did you mean \"norm2\""));
    e = parse_error("h * l0 > 2");
    CHECK_THAT(e.what(), Catch::Contains("did you mean \"L0\""));
    e = parse_error("convergd");
    CHECK_THAT(e.what(), Catch::Contains("did you mean \"converged\""));
    e = parse_error("zzz > 1");
    CHECK_THAT(e.what(), Catch::Contains("unknown name \"zzz\"") && !Catch::Contains("did you mean"));
    // Family restrictions: x0 is scalar-family, X0 matrix-family.
    e = parse_error("norm2(X0) > 0", Family::Scalar);
    CHECK_THAT(e.what(), Catch::Contains("matrix family only"));
    e = parse_error("norm2(x0) > 0", Family::All);
    CHECK_THAT(e.what(), Catch::Contains("scalar family only"));
    CHECK_NOTHROW(Expression::parse("norm2(X0) > 0", Family::Matrix));
    // Defined in both families: usable in a claim of family all.
    CHECK_NOTHROW(Expression::parse("imbalance_inf <= 2/h", Family::All));
    CHECK_NOTHROW(Expression::parse("mu > 0", Family::Scalar));
    CHECK_THROWS_AS(Expression::parse("mu > 0", Family::Matrix), ExpressionError);
    // Functions and quantities are not interchangeable.
    CHECK_THAT(parse_error("norm2 > 0").what(), Catch::Contains("is a function"));
    CHECK_THAT(parse_error("L0(2) > 0").what(), Catch::Contains("not a function"));
    CHECK_THAT(parse_error("min(h) > 0").what(), Catch::Contains("at least 2 arguments"));
    CHECK_THAT(parse_error("abs(h, h) > 0").what(), Catch::Contains("takes 1 argument, got 2"));
}

TEST_CASE("types are checked at parse time", "[claims][parser]") {
    struct Case {
        const char* text;
        std::size_t column;
        const char* words;
    };
    const Case cases[] = {
        {"h + converged > 0", 3, "the right side is a truth value"},
        {"norm2(converged) > 0", 7, "this argument is a truth value"},
        {"x0 > 0", 4, "the left side is a vector/matrix"},
        {"converged == true", 11, "compares numbers"},
        {"h and converged", 3, "'and' needs truth values; the left side is a number"},
        {"not h", 1, "'not' needs a truth value"},
        {"x0 * y0 > 0", 4, "use dot(u, v)"},
        {"h + x0 > 0", 3, "cannot combine a number and a vector/matrix"},
        {"h / x0 > 0", 3, "cannot divide by a vector/matrix"},
        {"x0^2 > 0", 3, "'^' needs a number base"},
        {"abs(x0) > 0", 5, "needs numbers"},
        {"dot(x0, h) > 0", 1, "two vectors/matrices or two numbers"},
        {"-converged", 1, "truth value"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        ExpressionError e = parse_error(c.text, Family::Scalar);
        CHECK(e.position() + 1 == c.column);
        CHECK_THAT(e.what(), Catch::Contains(c.words));
    }
    CHECK(Expression::parse("h * L0").type() == Type::Scalar);
    CHECK(Expression::parse("x0 + y0", Family::Scalar).type() == Type::Array);
    CHECK(Expression::parse("converged").type() == Type::Truth);
    CHECK(Expression::parse("h > 1 or converged").type() == Type::Truth);
}

// ---------------------------------------------------------------------------
// Interval semantics
// ---------------------------------------------------------------------------

TEST_CASE("comparisons are certain, certainly false, or unknown", "[claims][eval]") {
    PrecisionScope scope(64);
    Environment env;
    // loss_inf in [1, 2], sharpness_inf in [2, 3], L0 in [3/2, 5/2] (overlaps both).
    env.set_interval("loss_inf", make_interval(Real(1), Real(2)));
    env.set_interval("sharpness_inf", make_interval(Real(2), Real(3)));
    env.set_interval("L0", make_interval(Real(1.5), Real(2.5)));
    env.set_interval("h", exact("2"));
    // Touching at 2: <= certain, < not.
    CHECK(truth("loss_inf <= sharpness_inf", env) == T);
    CHECK(truth("loss_inf < sharpness_inf", env) == U);
    CHECK(truth("sharpness_inf >= loss_inf", env) == T);
    CHECK(truth("sharpness_inf > loss_inf", env) == U);
    CHECK(truth("sharpness_inf < loss_inf", env) == F);  // 2 < 2 is false too
    CHECK(truth("sharpness_inf <= loss_inf", env) == U);
    CHECK(truth("sharpness_inf + 1/10 <= loss_inf", env) == F);
    CHECK(truth("sharpness_inf + 1/10 < loss_inf", env) == F);
    CHECK(truth("loss_inf >= sharpness_inf + 1/10", env) == F);
    // [2, 3] < 2 is certainly false (no point is below 2), [1, 2] > 2 likewise.
    CHECK(truth("sharpness_inf < 2", env) == F);
    CHECK(truth("loss_inf > 2", env) == F);
    // Overlap.
    CHECK(truth("L0 < 2", env) == U);
    CHECK(truth("L0 <= 2", env) == U);
    CHECK(truth("L0 > 2", env) == U);
    CHECK(truth("L0 >= 2", env) == U);
    CHECK(truth("L0 < 3", env) == T);
    CHECK(truth("L0 > 1", env) == T);
    // ==: true only for equal thin intervals; false when disjoint.
    CHECK(truth("h == 2", env) == T);
    CHECK(truth("h != 2", env) == F);
    CHECK(truth("h == 3", env) == F);
    CHECK(truth("h != 3", env) == T);
    CHECK(truth("L0 == 2", env) == U);
    CHECK(truth("L0 != 2", env) == U);
    CHECK(truth("L0 == L0", env) == U);  // a wide interval is not known to equal anything
    CHECK(truth("L0 == 3", env) == F);
}

TEST_CASE("evaluation encloses hand-computed exact values", "[claims][eval]") {
    PrecisionScope scope(128);
    Environment env;
    env.set_interval("h", exact("3/10"));
    env.set_interval("mu", exact("7/5"));
    env.set_matrix("x0", column({"1/3", "2", "-0.25"}));
    Matrix<Interval> y0(1, 3);  // a row vector: either orientation is accepted
    y0[0] = exact("-1/2");
    y0[1] = exact("1/5");
    y0[2] = exact("3");
    env.set_matrix("y0", y0);

    auto check = [&](const std::string& text, const char* value) {
        INFO(text << " should be " << value);
        Interval x = number(text, env, Family::Scalar);
        Rational q = parse_exact(value);
        CHECK(contains(x, q));
        CHECK(width_up(x) < Real("1e-30"));
    };
    // |x0|^2 = 1/9 + 4 + 1/16 = 601/144; |y0|^2 = 1/4 + 1/25 + 9 = 929/100.
    check("norm2(x0)", "601/144");
    check("fro2(y0)", "929/100");
    // x0 . y0 = -1/6 + 2/5 - 3/4 = -31/60
    check("dot(x0, y0)", "-31/60");
    check("dot(y0, x0)", "-31/60");
    // x0 + y0 = (-1/6, 11/5, 11/4): 1/36 + 121/25 + 121/16
    check("norm2(x0 + y0)", "44749/3600");
    check("norm2(x0 - 2 * y0)", "156241/3600");  // (4/3, 8/5, -25/4)
    check("norm2(y0 * 2 / 4)", "929/400");
    check("norm2(-x0)", "601/144");
    check("mu - dot(x0, y0)", "23/12");
    check("h * (norm2(x0) + norm2(y0) + 4 * mu)", "68629/12000");
    check("2/h - 2*mu", "58/15");
    check("sqrt(mu^2)", "7/5");
    check("abs(dot(x0, y0))", "31/60");
    check("min(h, mu) + max(h, mu)", "17/10");
    check("trace(mu)", "7/5");
    check("(mu - h)^3", "1331/1000");

    Environment menv;
    menv.set_interval("h", exact("1/2"));
    menv.set_matrix("A", matrix(2, 2, {"1", "2", "3", "4"}));
    menv.set_matrix("X0", matrix(2, 1, {"1/2", "-1"}));
    menv.set_matrix("Y0", matrix(2, 1, {"3", "1/4"}));
    menv.set_interval("d", exact("1"));
    auto mcheck = [&](const std::string& text, const char* value) {
        INFO(text << " should be " << value);
        Interval x = number(text, menv, Family::Matrix);
        CHECK(contains(x, parse_exact(value)));
        CHECK(width_up(x) < Real("1e-30"));
    };
    mcheck("trace(A)", "5");
    mcheck("fro2(A)", "30");
    mcheck("fro2(X0 - Y0)", "125/16");  // (-5/2, -5/4)
    mcheck("fro2(X0) - fro2(Y0)", "-125/16");
    mcheck("2*d/h - 2*trace(A)", "-6");
    mcheck("dot(A, A)", "30");
    CHECK(truth("sqrt(4) == 2", menv) == T);  // exact square root stays thin
}

TEST_CASE("unavailable quantities make results unknown, never errors", "[claims][eval]") {
    PrecisionScope scope(64);
    Environment env;
    env.set_interval("h", exact("1/2"));
    env.set_interval("n", exact("2"));
    env.set_interval("m", exact("3"));
    env.set_unavailable("L0", "the eigenvalue bound did not close");
    // A name never set is unavailable too.
    Evaluation e = Expression::parse("h * L0 > 2").evaluate(env);
    REQUIRE(std::holds_alternative<Truth>(e.value));
    CHECK(std::get<Truth>(e.value) == U);
    REQUIRE(e.notes.size() == 1);
    CHECK_THAT(e.notes[0], Catch::Contains("L0 is unavailable: the eigenvalue bound did not close"));
    e = Expression::parse("h * L0").evaluate(env);
    REQUIRE(std::holds_alternative<Unavailable>(e.value));
    CHECK(std::get<Unavailable>(e.value).reason == "the eigenvalue bound did not close");
    CHECK(truth("sharpness_inf < 1", env) == U);
    CHECK_THAT(Expression::parse("sharpness_inf < 1").evaluate(env).notes[0],
               Catch::Contains("sharpness_inf is unavailable: not provided"));
    CHECK(truth("converged", env) == U);
    // Kleene logic decides despite the unknown part.
    CHECK(truth("false and h * L0 > 2", env) == F);
    CHECK(truth("h * L0 > 2 and false", env) == F);
    CHECK(truth("h > 0 or L0 > 2", env) == T);
    CHECK(truth("n == m implies imbalance_inf <= 1", env) == T);  // n != m: the guard is false
    CHECK(truth("L0 > 2 or not (L0 > 2)", env) == U);
    // Undefined arithmetic is unavailable, not an error.
    env.set_interval("loss_inf", make_interval(Real(-1), Real(1)));
    CHECK(truth("1 / loss_inf > 0", env) == U);
    CHECK_THAT(Expression::parse("1 / loss_inf > 0").evaluate(env).notes[0], Catch::Contains("may be 0"));
    CHECK(truth("1 / (h - 1/2) > 0", env) == U);
    CHECK(truth("sqrt(loss_inf) >= 0", env) == U);
    CHECK(truth("sqrt(h - 1) >= 0", env) == U);
    CHECK(truth("abs(loss_inf) <= 1", env) == T);
    CHECK(truth("loss_inf^2 <= 1 and loss_inf^2 >= 0", env) == T);  // even power: no dependency loss
}

TEST_CASE("shape mismatches are unavailable", "[claims][eval]") {
    PrecisionScope scope(64);
    Environment env;
    env.set_matrix("X_inf", matrix(2, 1, {"1", "2"}));
    env.set_matrix("Y_inf", matrix(3, 1, {"1", "2", "3"}));
    env.set_matrix("A", matrix(2, 3, {"1", "2", "3", "4", "5", "6"}));
    CHECK(truth("fro2(X_inf - Y_inf) >= 0", env, Family::Matrix) == U);
    CHECK_THAT(Expression::parse("fro2(X_inf - Y_inf) >= 0", Family::Matrix).evaluate(env).notes[0],
               Catch::Contains("shape mismatch (2x1 - 3x1)"));
    CHECK(truth("dot(X_inf, Y_inf) >= 0", env, Family::Matrix) == U);
    CHECK(truth("trace(A) > 0", env, Family::Matrix) == U);
    CHECK(truth("fro2(A) == 91", env, Family::Matrix) == T);
}

TEST_CASE("the environment accepts only vocabulary names of the right kind", "[claims][env]") {
    PrecisionScope scope(64);
    Environment env;
    CHECK_THROWS_AS(env.set_interval("converged", exact("1")), std::invalid_argument);
    CHECK_THROWS_AS(env.set_truth("h", T), std::invalid_argument);
    CHECK_THROWS_AS(env.set_interval("learning_rate", exact("1")), std::invalid_argument);
    CHECK_THROWS_AS(env.set_unavailable("nonsense", "x"), std::invalid_argument);
    CHECK_THROWS_AS(env.set_matrix("h", matrix(1, 1, {"1"})), std::invalid_argument);
    CHECK_THROWS_AS(env.set_matrix("x0", matrix(2, 2, {"1", "2", "3", "4"})), std::invalid_argument);
    CHECK_NOTHROW(env.set_matrix("x0", matrix(1, 2, {"1", "2"})));
    CHECK_NOTHROW(env.set_matrix("X0", matrix(2, 2, {"1", "2", "3", "4"})));
    CHECK(env.find("h") == nullptr);
    env.set_interval("h", exact("1"));
    REQUIRE(env.find("h") != nullptr);
    env.set_unavailable("h", "replaced");
    CHECK(std::holds_alternative<Unavailable>(*env.find("h")));
}

TEST_CASE("vocabulary table is consistent", "[claims][vocabulary]") {
    for (const VocabularyEntry& e : vocabulary()) {
        INFO(e.name);
        CHECK(kind_of_name(e.name) == e.kind);  // one kind per name across families
        CHECK(!e.meaning.empty());
        CHECK(find_name(e.name, e.family == Family::All ? Family::Scalar : e.family) != nullptr);
    }
    CHECK(find_name("imbalance_inf", Family::All) != nullptr);
    CHECK(find_name("x0", Family::All) == nullptr);
    CHECK(find_name("X0", Family::Scalar) == nullptr);
    CHECK(find_name("h", Family::Matrix) != nullptr);
    CHECK(!kind_of_name("norm2"));
    // Every documented function is a function of the parser.
    for (const FunctionEntry& f : functions()) {
        INFO(f.name);
        CHECK_THAT(parse_error(std::string(f.name)).what(), Catch::Contains("is a function"));
    }
}

// ---------------------------------------------------------------------------
// Claims and verdicts
// ---------------------------------------------------------------------------

namespace {

const char* kTestClaim = R"({
  "claims": [{
    "id": "test.balance",
    "source": "derived",
    "statement": "a test claim",
    "family": "scalar",
    "assumptions": ["mu > 0", "converged"],
    "conclusions": ["imbalance_inf <= 2/h - 2*mu"],
    "exceptional_set": "a null set of starts"
  }]
})";

Environment balance_env(const char* mu, Truth converged, const char* imbalance) {
    Environment env;
    env.set_interval("h", exact("1/2"));
    env.set_interval("mu", exact(mu));
    env.set_truth("converged", converged);
    if (imbalance)
        env.set_interval("imbalance_inf", exact(imbalance));
    else
        env.set_unavailable("imbalance_inf", "the limit was not certified");
    return env;
}

}  // namespace

TEST_CASE("verdict table", "[claims][verdict]") {
    CHECK(verdict_of(T, T) == Verdict::Confirmed);
    CHECK(verdict_of(T, F) == Verdict::Counterexample);
    CHECK(verdict_of(T, U) == Verdict::Undecided);
    CHECK(verdict_of(F, T) == Verdict::Vacuous);
    CHECK(verdict_of(F, F) == Verdict::Vacuous);
    CHECK(verdict_of(F, U) == Verdict::Vacuous);
    CHECK(verdict_of(U, T) == Verdict::Undecided);
    CHECK(verdict_of(U, F) == Verdict::Undecided);
    CHECK(verdict_of(U, U) == Verdict::Undecided);
    CHECK(std::string(to_string(Verdict::Counterexample)) == "counterexample");
}

TEST_CASE("evaluate_claim gives all four verdicts with explanations", "[claims][verdict]") {
    PrecisionScope scope(64);
    Claim c = parse_claims(kTestClaim, "test.json").at(0);
    CHECK(c.origin == "test.json");
    CHECK(c.family == Family::Scalar);
    CHECK(c.kind == ClaimKind::Theorem);
    // 2/h - 2 mu = 4 - 2 mu = 2 for mu = 1.

    SECTION("confirmed") {
        ClaimResult r = evaluate_claim(c, balance_env("1", T, "3/2"));
        CHECK(r.verdict == Verdict::Confirmed);
        CHECK(r.assumptions == T);
        CHECK(r.conclusions == T);
        CHECK(r.conclusions_evaluated);
        CHECK(r.id == "test.balance");
        CHECK(r.source == "derived");
        CHECK(r.statement == "a test claim");
        REQUIRE(r.conclusion_items.size() == 1);
        CHECK(r.conclusion_items[0].truth == T);
        CHECK_THAT(r.conclusion_items[0].detail, Catch::Contains("holds"));
        CHECK_THAT(r.detail, Catch::Contains("all assumptions hold"));
    }
    SECTION("counterexample mentions the exceptional set") {
        ClaimResult r = evaluate_claim(c, balance_env("1", T, "5/2"));
        CHECK(r.verdict == Verdict::Counterexample);
        CHECK(r.conclusions == F);
        CHECK_THAT(r.detail, Catch::Contains("conclusion 1 (`imbalance_inf <= 2/h - 2*mu`) is false"));
        CHECK_THAT(r.detail, Catch::Contains("the instance may lie in the theorem's exceptional set: a null set of starts"));
        // Without an exceptional set, no such sentence.
        Claim plain = c;
        plain.exceptional_set.clear();
        CHECK_THAT(evaluate_claim(plain, balance_env("1", T, "5/2")).detail, !Catch::Contains("exceptional set"));
    }
    SECTION("vacuous: conclusions are not evaluated") {
        ClaimResult r = evaluate_claim(c, balance_env("-1", T, nullptr));
        CHECK(r.verdict == Verdict::Vacuous);
        CHECK(r.assumptions == F);
        CHECK_FALSE(r.conclusions_evaluated);
        CHECK(r.conclusion_items.empty());
        CHECK_THAT(r.detail, Catch::Contains("assumption 1 (`mu > 0`) is false"));
        r = evaluate_claim(c, balance_env("1", F, "5/2"));
        CHECK(r.verdict == Verdict::Vacuous);
        CHECK_THAT(r.detail, Catch::Contains("converged is false"));
    }
    SECTION("undecided: unknown assumptions or conclusions") {
        ClaimResult r = evaluate_claim(c, balance_env("1", U, "3/2"));
        CHECK(r.verdict == Verdict::Undecided);
        CHECK(r.assumptions == U);
        CHECK_THAT(r.detail, Catch::Contains("assumption 2 (`converged`) is not decided"));
        // Unknown assumptions with a false conclusion: still undecided, but said.
        r = evaluate_claim(c, balance_env("1", U, "5/2"));
        CHECK(r.verdict == Verdict::Undecided);
        CHECK_THAT(r.detail, Catch::Contains("is false: left 2.5, right 2 (so the claim would have a counterexample if the assumptions were certified)"));
        // An unavailable quantity: undecided, with its reason.
        r = evaluate_claim(c, balance_env("1", T, nullptr));
        CHECK(r.verdict == Verdict::Undecided);
        CHECK(r.assumptions == T);
        CHECK(r.conclusions == U);
        CHECK_THAT(r.detail, Catch::Contains("imbalance_inf is unavailable: the limit was not certified"));
        // An overlapping enclosure: undecided.
        Environment env = balance_env("1", T, "2");
        env.set_interval("imbalance_inf", make_interval(Real(1.5), Real(2.5)));
        r = evaluate_claim(c, env);
        CHECK(r.verdict == Verdict::Undecided);
        CHECK_THAT(r.detail, Catch::Contains("not decided (the enclosures overlap)"));
    }
}

TEST_CASE("claims with no assumptions, and family filtering", "[claims][verdict]") {
    PrecisionScope scope(64);
    std::vector<Claim> claims = parse_claims(R"({"claims": [
        {"id": "a", "source": "derived", "statement": "s", "family": "all", "kind": "classification",
         "conclusions": ["h * L0 > 2"]},
        {"id": "s", "source": "derived", "statement": "s", "family": "scalar", "conclusions": ["mu > 0"]},
        {"id": "m", "source": "derived", "statement": "s", "family": "matrix", "conclusions": ["trace(A) > 0"]}
    ]})", "inline");
    REQUIRE(claims.size() == 3);
    CHECK(claims[0].assumptions.empty());
    CHECK(claims[0].kind == ClaimKind::Classification);
    CHECK(claim_applies(claims[0], Family::Scalar));
    CHECK(claim_applies(claims[0], Family::Matrix));
    CHECK(claim_applies(claims[1], Family::Scalar));
    CHECK_FALSE(claim_applies(claims[1], Family::Matrix));
    CHECK_FALSE(claim_applies(claims[2], Family::Scalar));
    CHECK_THROWS_AS(claim_applies(claims[0], Family::All), std::invalid_argument);
    std::vector<Claim> scalar = applicable_claims(claims, Family::Scalar);
    REQUIRE(scalar.size() == 2);
    CHECK(scalar[1].id == "s");

    Environment env;
    env.set_interval("h", exact("1"));
    env.set_interval("L0", exact("3"));
    env.set_interval("mu", exact("1"));
    std::vector<ClaimResult> results = evaluate_claims(claims, Family::Scalar, env);
    REQUIRE(results.size() == 2);
    CHECK(results[0].assumptions == T);  // no assumptions: true
    CHECK(results[0].verdict == Verdict::Confirmed);
    CHECK(results[1].verdict == Verdict::Confirmed);
    env.set_interval("L0", exact("1"));
    ClaimResult r = evaluate_claim(claims[0], env);
    CHECK(r.verdict == Verdict::Counterexample);
    CHECK_THAT(r.detail, Catch::Contains("classification"));
}

TEST_CASE("claim file errors name the file, the claim and the problem", "[claims][file]") {
    auto one = [](const std::string& fields) {
        return R"({"claims": [{"id": "c1", "source": "derived", "statement": "s", "family": "scalar", )" + fields +
               "}]}";
    };
    std::string e = claim_error(one(R"("conclusions": ["mu > 0"], "assumption": ["mu > 0"])"));
    CHECK_THAT(e, Catch::StartsWith("test.json: claim \"c1\": unknown key \"assumption\""));
    e = claim_error(R"({"claims": [], "comment": "x"})");
    CHECK_THAT(e, Catch::Contains("test.json") && Catch::Contains("unknown key \"comment\""));
    e = claim_error(one(R"("assumptions": ["mu > 0", "h * nrom2(x0) < 1"], "conclusions": ["mu > 0"])"));
    CHECK_THAT(e, Catch::Contains("test.json: claim \"c1\": assumption 2 \"h * nrom2(x0) < 1\": column 5: "
                                  "unknown name \"nrom2\" (did you mean \"norm2\"?)"));
    e = claim_error(one(R"("conclusions": ["mu > 0", "h + 1"])"));
    CHECK_THAT(e, Catch::Contains("conclusion 2") && Catch::Contains("not a truth value"));
    e = claim_error(one(R"("conclusions": ["norm2(X0) > 0"])"));
    CHECK_THAT(e, Catch::Contains("claim \"c1\"") && Catch::Contains("matrix family only"));
    e = claim_error(one(R"("conclusions": [])"));
    CHECK_THAT(e, Catch::Contains("at least one conclusion"));
    e = claim_error(one(R"("assumptions": ["mu > 0"])"));
    CHECK_THAT(e, Catch::Contains("missing \"conclusions\""));
    e = claim_error(one(R"("conclusions": "mu > 0")"));
    CHECK_THAT(e, Catch::Contains("array of strings"));
    e = claim_error(one(R"("conclusions": ["mu > 0"], "kind": "lemma")"));
    CHECK_THAT(e, Catch::Contains("\"kind\""));
    e = claim_error(R"({"claims": [{"id": "c1", "source": "derived", "statement": "s", "family": "vector", "conclusions": ["h > 0"]}]})");
    CHECK_THAT(e, Catch::Contains("\"family\" must be"));
    e = claim_error(R"({"claims": [{"source": "derived"}]})");
    CHECK_THAT(e, Catch::Contains("claim #1") && Catch::Contains("missing \"id\""));
    e = claim_error(R"({"claims": [{"id": "bad id", "source": "derived", "statement": "s", "family": "all", "conclusions": ["h > 0"]}]})");
    CHECK_THAT(e, Catch::Contains("the id must"));
    e = claim_error(R"({"claims": [{"id": "c1", "source": "", "statement": "s", "family": "all", "conclusions": ["h > 0"]}]})");
    CHECK_THAT(e, Catch::Contains("\"source\" is empty"));
    std::string dup = R"({"id": "c1", "source": "derived", "statement": "s", "family": "all", "conclusions": ["h > 0"]})";
    e = claim_error("{\"claims\": [" + dup + ", " + dup + "]}");
    CHECK_THAT(e, Catch::Contains("duplicate id"));
    e = claim_error("{\"claims\": [");
    CHECK_THAT(e, Catch::Contains("test.json: not valid JSON"));
    e = claim_error("[]");
    CHECK_THAT(e, Catch::Contains("JSON object"));
    CHECK_THROWS_AS(load_claims_file("/nonexistent/claims.json"), ClaimError);
    // A claim built in code is checked the same way.
    Claim c;
    c.id = "code";
    c.source = "derived";
    c.statement = "s";
    c.conclusions = {"h >"};
    CHECK_THROWS_AS(validate_claim(c), ClaimError);
    c.conclusions = {"h > 0"};
    CHECK_NOTHROW(validate_claim(c));
}

// ---------------------------------------------------------------------------
// Built-in claim files and documentation
// ---------------------------------------------------------------------------

TEST_CASE("every built-in claim file loads", "[claims][builtin]") {
    std::filesystem::path dir = source_dir() / "claims";
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        ++files;
        INFO(entry.path());
        std::vector<Claim> claims;
        CHECK_NOTHROW(claims = load_claims_file(entry.path()));
        CHECK(!claims.empty());
        for (const Claim& c : claims) CHECK(!c.source.empty());
    }
    CHECK(files >= 4);
    std::vector<Claim> all = load_claims_directory(dir);
    CHECK(all.size() >= 6);
}

TEST_CASE("built-in claims give the expected verdicts", "[claims][builtin]") {
    PrecisionScope scope(128);
    std::vector<Claim> all = load_claims_directory(source_dir() / "claims");

    SECTION("seed paper, scalar case") {
        Claim c = find_claim(all, "seed.scalar.convergence_and_balancing");
        CHECK(c.family == Family::Scalar);
        // mu = 1, h = 1/2, x0 = (1, 0), y0 = (1/2, 1/2): h (S0 + 4 mu) = (3/2 + 4)/2 = 11/4 <= 4.
        Environment env;
        env.set_interval("h", exact("1/2"));
        env.set_interval("mu", exact("1"));
        env.set_matrix("x0", column({"1", "0"}));
        env.set_matrix("y0", column({"1/2", "1/2"}));
        env.set_interval("S0", exact("3/2"));
        env.set_interval("a0", exact("5/2"));  // |(3/2, 1/2)|^2
        env.set_truth("converged", T);
        env.set_interval("imbalance_inf", make_interval(Real("0.3"), Real("0.31")));
        CHECK(evaluate_claim(c, env).verdict == Verdict::Confirmed);
        // The bound 2/h - 2 mu = 2 violated: a certified counterexample.
        env.set_interval("imbalance_inf", exact("2.001"));
        ClaimResult r = evaluate_claim(c, env);
        CHECK(r.verdict == Verdict::Counterexample);
        CHECK_THAT(r.detail, Catch::Contains("exceptional set: a Lebesgue-null set"));
        // x0 = -y0 is excluded: vacuous (a0 is exactly 0).
        env.set_matrix("y0", column({"-1", "0"}));
        env.set_interval("S0", exact("2"));
        env.set_interval("a0", exact("0"));
        CHECK(evaluate_claim(c, env).verdict == Verdict::Vacuous);
        // h too large: vacuous.
        env.set_matrix("y0", column({"1/2", "1/2"}));
        env.set_interval("S0", exact("3/2"));
        env.set_interval("a0", exact("5/2"));
        env.set_interval("h", exact("1"));
        CHECK(evaluate_claim(c, env).verdict == Verdict::Vacuous);
    }
    SECTION("regime") {
        Claim beyond = find_claim(all, "regime.beyond_2_over_L");
        Claim below = find_claim(all, "regime.below_2_over_L");
        Environment env;
        env.set_interval("h", exact("1"));
        env.set_interval("L0", make_interval(Real("2.5"), Real("2.6")));
        CHECK(evaluate_claim(beyond, env).verdict == Verdict::Confirmed);
        CHECK(evaluate_claim(below, env).verdict == Verdict::Counterexample);
        env.set_interval("L0", make_interval(Real("1.5"), Real("1.6")));
        CHECK(evaluate_claim(beyond, env).verdict == Verdict::Counterexample);
        CHECK(evaluate_claim(below, env).verdict == Verdict::Confirmed);
        env.set_interval("L0", make_interval(Real("1.9"), Real("2.1")));
        CHECK(evaluate_claim(beyond, env).verdict == Verdict::Undecided);
        CHECK(evaluate_claim(below, env).verdict == Verdict::Undecided);
        env.set_unavailable("L0", "no eigenvalue bound");
        CHECK_THAT(evaluate_claim(beyond, env).detail, Catch::Contains("no eigenvalue bound"));
    }
    SECTION("stability") {
        Claim c = find_claim(all, "stability.limit_is_linearly_stable");
        CHECK(c.family == Family::All);
        Environment env;
        env.set_interval("h", exact("1/2"));
        env.set_truth("converged", T);
        env.set_interval("sharpness_inf", exact("3"));
        CHECK(evaluate_claim(c, env).verdict == Verdict::Confirmed);
        env.set_interval("sharpness_inf", exact("5"));
        CHECK(evaluate_claim(c, env).verdict == Verdict::Counterexample);
        env.set_truth("converged", F);
        CHECK(evaluate_claim(c, env).verdict == Verdict::Vacuous);
    }
    SECTION("matrix balancing and norm gap") {
        Claim bound = find_claim(all, "matrix.balancing_bound");
        Claim gap = find_claim(all, "matrix.norm_gap_does_not_grow");
        CHECK(gap.kind == ClaimKind::Observation);
        Environment env;
        env.set_interval("h", exact("1/4"));
        env.set_interval("n", exact("2"));
        env.set_interval("m", exact("2"));
        env.set_interval("d", exact("2"));
        env.set_matrix("A", matrix(2, 2, {"1", "0", "0", "1"}));
        env.set_truth("converged", T);
        env.set_interval("loss_inf", exact("0"));
        // 2 d / h - 2 tr(A) = 16 - 4 = 12
        env.set_interval("imbalance_inf", exact("11.9"));
        CHECK(evaluate_claim(bound, env).verdict == Verdict::Confirmed);
        env.set_interval("imbalance_inf", exact("12.1"));
        CHECK(evaluate_claim(bound, env).verdict == Verdict::Counterexample);
        // A limit with positive loss (A = mu I, d = 1: docs/math.md section 16) is outside the theorem.
        env.set_interval("loss_inf", exact("4"));
        CHECK(evaluate_claim(bound, env).verdict == Verdict::Vacuous);
        env.set_interval("loss_inf", exact("0"));
        env.set_interval("m", exact("3"));
        CHECK(evaluate_claim(bound, env).verdict == Verdict::Vacuous);
        env.set_interval("norm_gap_0", exact("-2"));
        env.set_interval("norm_gap_inf", exact("1/2"));
        CHECK(evaluate_claim(gap, env).verdict == Verdict::Confirmed);
        env.set_interval("norm_gap_inf", exact("3"));
        ClaimResult r = evaluate_claim(gap, env);
        CHECK(r.verdict == Verdict::Counterexample);
        CHECK_THAT(r.detail, Catch::Contains("observation to test"));
    }
}

TEST_CASE("docs/claims.md documents the whole vocabulary and every function", "[claims][docs]") {
    std::string doc = read_text(source_dir() / "docs" / "claims.md");
    for (const VocabularyEntry& e : vocabulary()) {
        INFO(e.name);
        CHECK_THAT(doc, Catch::Contains("| `" + std::string(e.name) + "` | " + to_string(e.kind) + " | " +
                                        to_string(e.family) + " |"));
    }
    for (const FunctionEntry& f : functions()) {
        INFO(f.name);
        std::string quoted(1, '`');
        quoted.append(f.signature);
        quoted.push_back('`');
        CHECK_THAT(doc, Catch::Contains(quoted));
    }
}
