// Exact evaluation of claims (docs/claims.md "Exact evaluation", docs/math.md
// section 15): the exact names carry their rational value, comparisons of
// exact expressions are decided exactly (also on a boundary), mixing with
// intervals falls back to intervals; every exact name of both families
// against an oracle in plain GMP on random rational inputs; the seed claim on
// its learning-rate boundary (confirmed) and just beyond it (vacuous).
#include "lrcert/app/certify_command.hpp"
#include "lrcert/claims/claim.hpp"
#include "lrcert/claims/expression.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/number/precision.hpp"

#include <catch2/catch.hpp>
#include <gmp.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace lrcert;
using namespace lrcert::claims;

namespace {

// ---- the oracle: plain GMP rationals -----------------------------------------------

struct Q {
    mpq_t v;
    Q() { mpq_init(v); }
    Q(long p, unsigned long q) {
        mpq_init(v);
        mpq_set_si(v, p, q);
        mpq_canonicalize(v);
    }
    Q(const Q& o) {
        mpq_init(v);
        mpq_set(v, o.v);
    }
    Q& operator=(const Q& o) {
        mpq_set(v, o.v);
        return *this;
    }
    ~Q() { mpq_clear(v); }
    std::string text() const {
        char* s = mpq_get_str(nullptr, 10, v);
        std::string r(s);
        void (*free_fn)(void*, size_t) = nullptr;
        mp_get_memory_functions(nullptr, nullptr, &free_fn);
        free_fn(s, r.size() + 1);
        return r;
    }
};

Q add(const Q& a, const Q& b) { Q r; mpq_add(r.v, a.v, b.v); return r; }
Q sub(const Q& a, const Q& b) { Q r; mpq_sub(r.v, a.v, b.v); return r; }
Q mul(const Q& a, const Q& b) { Q r; mpq_mul(r.v, a.v, b.v); return r; }

std::mt19937& rng() {
    static std::mt19937 g(20260212u);
    return g;
}

// A random rational p/q, |p| <= 40, 1 <= q <= 16 (nonzero if asked).
Q random_q(bool nonzero = false, bool positive = false) {
    std::uniform_int_distribution<long> num(positive ? 1 : -40, 40), den(1, 16);
    long p = 0;
    do p = num(rng()); while (nonzero && p == 0);
    return Q(p, static_cast<unsigned long>(den(rng())));
}

bool equals(const Rational& got, const Q& expected) { return mpq_equal(got.backend().data(), expected.v) != 0; }

const Rational& exact_scalar(const Environment& env, const std::string& name) {
    const ExactValue* v = env.find_exact(name);
    INFO(name);
    REQUIRE(v != nullptr);
    REQUIRE(std::holds_alternative<Rational>(*v));
    return std::get<Rational>(*v);
}

const Matrix<Rational>& exact_matrix(const Environment& env, const std::string& name) {
    const ExactValue* v = env.find_exact(name);
    INFO(name);
    REQUIRE(v != nullptr);
    REQUIRE(std::holds_alternative<Matrix<Rational>>(*v));
    return std::get<Matrix<Rational>>(*v);
}

void check_scalar(const Environment& env, const std::string& name, const Q& expected) {
    const Rational& got = exact_scalar(env, name);
    INFO(name << ": got " << to_exact_string(got) << ", expected " << expected.text());
    CHECK(equals(got, expected));
    // The enclosure contains the exact value.
    const Value* iv = env.find(name);
    REQUIRE(iv != nullptr);
    REQUIRE(std::holds_alternative<Interval>(*iv));
    CHECK(contains(std::get<Interval>(*iv), got));
}

void check_matrix(const Environment& env, const std::string& name, size_t rows, size_t cols,
                  const std::vector<Q>& expected) {
    const Matrix<Rational>& got = exact_matrix(env, name);
    INFO(name);
    REQUIRE(got.rows() == rows);
    REQUIRE(got.cols() == cols);
    for (size_t k = 0; k < expected.size(); ++k) CHECK(equals(got[k], expected[k]));
}

std::string json_list(const std::vector<Q>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", \"" : "\"") + v[i].text() + "\"";
    return s + "]";
}

CertifyRun certify_text(const std::string& text, size_t max_steps, const std::vector<Claim>& claims = {}) {
    CertifyOptions o;
    o.max_steps = max_steps;
    return run_certify(parse_problem(text, "test problem"), claims, o);
}

std::vector<Claim> seed_claim() {
    const char* root = std::getenv("LRCERT_SOURCE_DIR");
    if (!root) {
        WARN("LRCERT_SOURCE_DIR is not set (run through ctest); skipped");
        std::exit(77);
    }
    return load_claims_file(std::string(root) + "/claims/scalar_seed_paper.json");
}

const ClaimResult& result_of(const CertifyRun& run, const std::string& id) {
    for (const ClaimResult& r : run.claims)
        if (r.id == id) return r;
    FAIL("no result for " << id);
    return run.claims.front();
}

const char* const kBoundary =
    R"({"family": "scalar", "mu": "1", "x0": ["3", "0"], "y0": ["0", "0.5"], "h": "16/53"})";

}  // namespace

TEST_CASE("comparisons of exact names are decided exactly, also on the boundary", "[claims][exact]") {
    PrecisionScope scope(64);
    Environment env;
    env.set_exact("h", parse_exact("16/53"));
    env.set_exact("mu", Rational(1));
    env.set_exact("S0", parse_exact("37/4"));
    env.set_interval("L0", enclose(parse_exact("9")));
    auto truth = [&](const char* text) { return Expression::parse(text, claims::Family::Scalar).evaluate_truth(env); };
    CHECK(truth("h * (S0 + 4*mu) <= 4") == Truth::True);
    CHECK(truth("h * (S0 + 4*mu) == 4") == Truth::True);
    CHECK(truth("h * (S0 + 4*mu) < 4") == Truth::False);
    CHECK(truth("4 >= (S0 + 4*mu) * h") == Truth::True);
    CHECK(truth("h*S0 + 4*h*mu != 4") == Truth::False);
    CHECK(truth("max(h, mu) == 1 and min(h, mu) == 16/53 and abs(-h) == h") == Truth::True);
    CHECK(truth("(h * (S0 + 4*mu))^3 == 64") == Truth::True);
    // The evidence says it was exact.
    Evaluation e = Expression::parse("h * (S0 + 4*mu) <= 4", claims::Family::Scalar).evaluate(env);
    REQUIRE(e.notes.size() == 1);
    CHECK(e.notes[0].find("holds exactly: left 4, right 4") != std::string::npos);
    // Mixed with an interval quantity: interval semantics (an enclosure of a
    // thin 9 at 64 bits is exact, so this one is still decided ...)
    CHECK(truth("h * L0 < 3") == Truth::True);
    // ... but sqrt is never exact: sqrt(S0)^2 == S0 is not decided.
    CHECK(truth("sqrt(S0)^2 == S0") == Truth::Unknown);
    // Division by an exact 0 is unavailable, as in intervals.
    CHECK(truth("h / (mu - 1) > 0") == Truth::Unknown);
    // A later set_interval drops the exact value.
    env.set_interval("h", enclose(parse_exact("16/53")));
    CHECK(env.find_exact("h") == nullptr);
    CHECK(truth("h * (S0 + 4*mu) <= 4") == Truth::Unknown);
}

TEST_CASE("exact vectors and matrices: norm2, fro2, trace, dot", "[claims][exact]") {
    PrecisionScope scope(64);
    Environment env;
    Matrix<Rational> x(3, 1), y(3, 1), A(2, 2);
    x[0] = parse_exact("1/3"), x[1] = parse_exact("-2/7"), x[2] = parse_exact("5");
    y[0] = parse_exact("3"), y[1] = parse_exact("7/2"), y[2] = parse_exact("-1/10");
    A[0] = parse_exact("1/3"), A[1] = 2, A[2] = 0, A[3] = parse_exact("2/3");
    env.set_exact("x0", x);
    env.set_exact("y0", y);
    env.set_exact("A", A);
    auto truth = [&](const char* text, claims::Family f) { return Expression::parse(text, f).evaluate_truth(env); };
    // 1 - 1 - 1/2 = -1/2
    CHECK(truth("dot(x0, y0) == -1/2", claims::Family::Scalar) == Truth::True);
    CHECK(truth("norm2(x0 - x0) == 0", claims::Family::Scalar) == Truth::True);
    CHECK(truth("norm2(x0) == 1/9 + 4/49 + 25", claims::Family::Scalar) == Truth::True);
    CHECK(truth("trace(A) == 1", claims::Family::Matrix) == Truth::True);
    CHECK(truth("fro2(3 * A) == 1 + 36 + 4", claims::Family::Matrix) == Truth::True);
    CHECK(truth("fro2(A / 2) < 41/36", claims::Family::Matrix) == Truth::False);
}

TEST_CASE("exact names of the scalar family against a GMP oracle on random rational inputs", "[claims][exact]") {
    for (int trial = 0; trial < 6; ++trial) {
        std::uniform_int_distribution<int> dim(1, 5);
        const int d = dim(rng());
        Q mu = random_q(true, true), h(1, static_cast<unsigned long>(50 + trial));
        std::vector<Q> x, y;
        for (int i = 0; i < d; ++i) x.push_back(random_q()), y.push_back(random_q());
        std::string text = "{\"family\": \"scalar\", \"mu\": \"" + mu.text() + "\", \"h\": \"" + h.text() +
                           "\", \"x0\": " + json_list(x) + ", \"y0\": " + json_list(y) + "}";
        INFO(text);
        CertifyRun run = certify_text(text, 20);
        const Environment& env = run.quantities;
        PrecisionScope scope(run.precision_bits);
        Q S0, xy, a0, imb, gap;
        for (int i = 0; i < d; ++i) {
            S0 = add(S0, add(mul(x[i], x[i]), mul(y[i], y[i])));
            xy = add(xy, mul(x[i], y[i]));
            Q s = add(x[i], y[i]), t = sub(x[i], y[i]);
            a0 = add(a0, mul(s, s));
            imb = add(imb, mul(t, t));
            gap = add(gap, sub(mul(x[i], x[i]), mul(y[i], y[i])));
        }
        check_scalar(env, "h", h);
        check_scalar(env, "mu", mu);
        check_scalar(env, "n", Q(1, 1));
        check_scalar(env, "m", Q(1, 1));
        check_scalar(env, "d", Q(d, 1));
        check_scalar(env, "S0", S0);
        check_scalar(env, "r0", sub(mu, xy));
        check_scalar(env, "a0", a0);
        check_scalar(env, "imbalance_0", imb);
        check_scalar(env, "norm_gap_0", gap);
        check_matrix(env, "x0", static_cast<size_t>(d), 1, x);
        check_matrix(env, "y0", static_cast<size_t>(d), 1, y);
        // Not exact: eigenvalues, and everything about the limit but its loss.
        CHECK(env.find_exact("L0") == nullptr);
        CHECK(env.find_exact("sharpness_inf") == nullptr);
        CHECK(env.find_exact("imbalance_inf") == nullptr);
        if (run.outcome == Outcome::Converged) check_scalar(env, "loss_inf", Q(0, 1));
        // A claim over exact names only is decided, whatever the outcome.
        Truth t = Expression::parse("h * (S0 + 4*mu) <= 4 or h * (S0 + 4*mu) > 4", claims::Family::Scalar)
                      .evaluate_truth(env);
        CHECK(t == Truth::True);
    }
}

TEST_CASE("exact names of the matrix family against a GMP oracle on random rational inputs", "[claims][exact]") {
    for (int trial = 0; trial < 3; ++trial) {
        const size_t n = 2, m = trial == 1 ? 3 : 2, d = trial == 2 ? 1 : 2;
        std::vector<Q> A, X, Y;
        for (size_t k = 0; k < n * m; ++k) A.push_back(random_q());
        for (size_t k = 0; k < n * d; ++k) X.push_back(random_q());
        for (size_t k = 0; k < m * d; ++k) Y.push_back(random_q());
        auto rows = [](const std::vector<Q>& v, size_t r, size_t c) {
            std::string s = "[";
            for (size_t i = 0; i < r; ++i) {
                std::vector<Q> row(v.begin() + static_cast<long>(i * c), v.begin() + static_cast<long>((i + 1) * c));
                s += (i ? ", " : "") + json_list(row);
            }
            return s + "]";
        };
        Q h(1, 40);
        std::string text = "{\"family\": \"matrix\", \"h\": \"" + h.text() + "\", \"A\": " + rows(A, n, m) +
                           ", \"X0\": " + rows(X, n, d) + ", \"Y0\": " + rows(Y, m, d) + "}";
        INFO(text);
        CertifyRun run = certify_text(text, 5);
        const Environment& env = run.quantities;
        PrecisionScope scope(run.precision_bits);
        Q gap;
        for (const Q& q : X) gap = add(gap, mul(q, q));
        for (const Q& q : Y) gap = sub(gap, mul(q, q));
        check_scalar(env, "h", h);
        check_scalar(env, "n", Q(static_cast<long>(n), 1));
        check_scalar(env, "m", Q(static_cast<long>(m), 1));
        check_scalar(env, "d", Q(static_cast<long>(d), 1));
        check_scalar(env, "norm_gap_0", gap);
        check_matrix(env, "A", n, m, A);
        check_matrix(env, "X0", n, d, X);
        check_matrix(env, "Y0", m, d, Y);
        CHECK(env.find_exact("L0") == nullptr);
        // trace and fro2 of the exact inputs, exactly.
        Q fa;
        for (const Q& q : A) fa = add(fa, mul(q, q));
        std::string claim = "fro2(A) == " + fa.text();
        CHECK(Expression::parse(claim, claims::Family::Matrix).evaluate_truth(env) == Truth::True);
        if (n == m) {
            std::string tr = "trace(A) == " + add(A[0], A[3]).text();
            CHECK(Expression::parse(tr, claims::Family::Matrix).evaluate_truth(env) == Truth::True);
        }
    }
}

TEST_CASE("the seed claim on its learning-rate boundary is confirmed, just beyond it vacuous", "[claims][exact]") {
    const std::string id = "seed.scalar.convergence_and_balancing";
    SECTION("h (S0 + 4 mu) = 4 exactly: confirmed") {
        CertifyRun run = certify_text(kBoundary, 100000, seed_claim());
        const ClaimResult& r = result_of(run, id);
        INFO(r.detail);
        CHECK(r.assumptions == Truth::True);
        CHECK(r.verdict == Verdict::Confirmed);
        CHECK(r.assumption_items.at(1).detail.find("holds exactly: left 4, right 4") != std::string::npos);
    }
    SECTION("h = 16/53 + 10^-30: the assumption is false, decided; the claim is vacuous") {
        Rational h = parse_exact("16/53") + parse_exact("1e-30");
        std::string text = R"({"family": "scalar", "mu": "1", "x0": ["3", "0"], "y0": ["0", "0.5"], "h": ")" +
               to_exact_string(h) + "\"}";
        CertifyRun run = certify_text(text, 100000, seed_claim());
        const ClaimResult& r = result_of(run, id);
        INFO(r.detail);
        CHECK(r.assumption_items.at(1).truth == Truth::False);
        CHECK(r.assumptions == Truth::False);
        CHECK(r.verdict == Verdict::Vacuous);
    }
}
