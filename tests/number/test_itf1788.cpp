// ITF1788 conformance of the interval core at 53 bits.
//
// Reads libieeep1788_tests_elem.itl (Apache-2.0 test data of the IEEE 1788
// interval test suite; not part of this repository) from $LRCERT_ITF1788, else
// from $LRCERT_SOURCE_DIR/../shared/itf1788. When the file is absent the test
// exits with code 77 (reported as skipped by ctest), never as passed.
//
// Scope: the testcases minimal_{neg,add,sub,mul,div,recip,sqr,sqrt,abs,min,max}_test
// (not the _dec variants), cases whose inputs are non-empty and bounded.
//
// What is checked, with R = lrcert's result and E = the expected interval:
//   - R contains E ("containment"), and R == E ("equality") for neg, add, sub,
//     mul, sqr, sqrt, abs, min, max, and for div/recip when the divisor
//     excludes 0. For an empty E (division by [0,0]) R must be empty.
//   - Exponent range: MPFR at 53 bits has the binary64 significand but a much
//     wider exponent range, so 0x1.FFFFFFFFFFFFFp1023 + 4 is finite for lrcert
//     and +infinity in binary64. R is therefore compared after rounding each
//     endpoint outward to binary64 (mpfr_get_d with MPFR_RNDD / MPFR_RNDU).
//     For R's endpoints inside the binary64 normal range this is the identity;
//     beyond it, it is what a tightest binary64 implementation returns (the
//     binary64 grid is a subset of MPFR's 53-bit grid). The cases where it
//     changed something are counted ("binary64-range"; here: overflow only).
//   - Literals: endpoints are read with mpfr_strtofr at 53 bits. A hex or
//     decimal endpoint that is representable must convert exactly (ternary 0).
//     A decimal that is not (e.g. 1.1 in the abs tests) denotes, by the IEEE
//     1788 literal rules, the tightest binary64 enclosure: lower endpoints are
//     rounded down, upper endpoints up (checked via the ternary sign). Such
//     cases are counted ("inexact literals").
#include "lrcert/number/interval.hpp"

#include <catch2/catch.hpp>
#include <mpfr.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace lrcert;

namespace {

// ---- the .itl syntax ----------------------------------------------------------

struct Literal {
    bool empty = false;
    Real lo, hi;            // valid when !empty; may be infinite
    bool inexact = false;   // a decimal endpoint was rounded outward
};

struct Case {
    std::string testcase;
    int line = 0;
    std::string text;
    std::string op;
    std::vector<Literal> args;
    Literal expected;
};

struct SyntaxError {
    int line;
    std::string what;
};

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string lower_case(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Replaces /* ... */ and // ... comments by blanks, keeping newlines so that
// offsets still give line numbers.
std::string strip_comments(const std::string& in) {
    std::string out = in;
    size_t i = 0;
    while (i < out.size()) {
        if (out.compare(i, 2, "/*") == 0) {
            size_t end = out.find("*/", i + 2);
            size_t stop = end == std::string::npos ? out.size() : end + 2;
            for (size_t k = i; k < stop; ++k)
                if (out[k] != '\n') out[k] = ' ';
            i = stop;
        } else if (out.compare(i, 2, "//") == 0) {
            while (i < out.size() && out[i] != '\n') out[i++] = ' ';
        } else if (out[i] == '"') {
            // Strings (descriptions) may contain comment-like text; skip them.
            size_t end = out.find('"', i + 1);
            i = end == std::string::npos ? out.size() : end + 1;
        } else {
            ++i;
        }
    }
    return out;
}

// One endpoint. `upper` selects the outward direction for inexact decimals.
Real parse_endpoint(const std::string& raw, bool upper, bool& inexact, int line) {
    const std::string t = trim(raw);
    const std::string l = lower_case(t);
    Real r = new_real();
    if (l == "infinity" || l == "+infinity" || l == "inf" || l == "+inf") {
        mpfr_set_inf(r.backend().data(), 1);
        return r;
    }
    if (l == "-infinity" || l == "-inf") {
        mpfr_set_inf(r.backend().data(), -1);
        return r;
    }
    if (t.empty()) throw SyntaxError{line, "empty endpoint"};
    // Only digits, signs, '.', hex digits, 'x', 'p', 'e' may occur; this keeps
    // mpfr_strtofr from accepting "nan", "@inf@" and the like.
    for (char c : l)
        if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-' || c == 'x' || c == 'p'))
            throw SyntaxError{line, "bad endpoint '" + t + "'"};
    char* end = nullptr;
    int ternary = mpfr_strtofr(r.backend().data(), t.c_str(), &end, 0, upper ? MPFR_RNDU : MPFR_RNDD);
    if (end == nullptr || *end != '\0' || !mpfr_number_p(r.backend().data()))
        throw SyntaxError{line, "bad endpoint '" + t + "'"};
    if (ternary != 0) {
        const bool hex = l.find("0x") != std::string::npos;
        // A hex literal must be exact at 53 bits; a rounded one is a parser bug.
        if (hex) throw SyntaxError{line, "hex endpoint '" + t + "' is not exact at 53 bits"};
        if ((upper && ternary < 0) || (!upper && ternary > 0))
            throw SyntaxError{line, "endpoint '" + t + "' rounded the wrong way"};
        inexact = true;
    }
    return r;
}

// Parses one literal starting at s[i] == '['; advances i past it.
Literal parse_literal(const std::string& s, size_t& i, int line) {
    size_t close = s.find(']', i);
    if (close == std::string::npos) throw SyntaxError{line, "missing ']'"};
    const std::string body = trim(s.substr(i + 1, close - i - 1));
    i = close + 1;
    if (i < s.size() && s[i] == '_') throw SyntaxError{line, "decorated literal in a bare-interval testcase"};
    Literal lit;
    const std::string lb = lower_case(body);
    if (lb == "empty") {
        lit.empty = true;
        return lit;
    }
    if (lb == "entire") {
        lit.lo = new_real();
        lit.hi = new_real();
        mpfr_set_inf(lit.lo.backend().data(), -1);
        mpfr_set_inf(lit.hi.backend().data(), 1);
        return lit;
    }
    size_t comma = body.find(',');
    std::string a = comma == std::string::npos ? body : body.substr(0, comma);
    std::string b = comma == std::string::npos ? body : body.substr(comma + 1);
    lit.lo = parse_endpoint(a, false, lit.inexact, line);
    lit.hi = parse_endpoint(b, true, lit.inexact, line);
    if (mpfr_inf_p(lit.lo.backend().data()) && mpfr_sgn(lit.lo.backend().data()) > 0)
        throw SyntaxError{line, "lower endpoint +infinity"};
    if (mpfr_inf_p(lit.hi.backend().data()) && mpfr_sgn(lit.hi.backend().data()) < 0)
        throw SyntaxError{line, "upper endpoint -infinity"};
    if (mpfr_greater_p(lit.lo.backend().data(), lit.hi.backend().data()))
        throw SyntaxError{line, "lower endpoint above upper endpoint"};
    return lit;
}

Case parse_case(const std::string& tc, const std::string& stmt, int line) {
    Case c;
    c.testcase = tc;
    c.line = line;
    c.text = trim(stmt);
    size_t eq = c.text.find('=');
    if (eq == std::string::npos) throw SyntaxError{line, "missing '='"};
    const std::string lhs = trim(c.text.substr(0, eq));
    const std::string rhs = trim(c.text.substr(eq + 1));
    size_t i = 0;
    while (i < lhs.size() && (std::isalnum(static_cast<unsigned char>(lhs[i])) || lhs[i] == '_')) ++i;
    c.op = lhs.substr(0, i);
    if (c.op.empty()) throw SyntaxError{line, "missing operation"};
    while (true) {
        while (i < lhs.size() && std::isspace(static_cast<unsigned char>(lhs[i]))) ++i;
        if (i == lhs.size()) break;
        if (lhs[i] != '[') throw SyntaxError{line, "argument is not an interval literal"};
        c.args.push_back(parse_literal(lhs, i, line));
    }
    size_t j = 0;
    if (rhs.empty() || rhs[0] != '[') throw SyntaxError{line, "result is not an interval literal"};
    c.expected = parse_literal(rhs, j, line);
    const std::string rest = trim(rhs.substr(j));
    // Allowed trailer: "signal Name" (exceptions; not checked here).
    if (!rest.empty() && rest.rfind("signal", 0) != 0) throw SyntaxError{line, "unexpected text after the result"};
    return c;
}

// All cases of the named testcases; throws SyntaxError on any malformed line
// inside them (so that a parser gap cannot silently drop cases).
std::map<std::string, std::vector<Case>> parse_itl(const std::string& raw,
                                                   const std::vector<std::string>& wanted) {
    const std::string s = strip_comments(raw);
    std::map<std::string, std::vector<Case>> out;
    auto line_of = [&](size_t off) { return 1 + static_cast<int>(std::count(s.begin(), s.begin() + off, '\n')); };
    size_t pos = 0;
    while ((pos = s.find("testcase", pos)) != std::string::npos) {
        // Must be a keyword at the start of a token.
        if (pos > 0 && !std::isspace(static_cast<unsigned char>(s[pos - 1]))) {
            pos += 8;
            continue;
        }
        size_t open = s.find('{', pos);
        if (open == std::string::npos) throw SyntaxError{line_of(pos), "testcase without '{'"};
        const std::string name = trim(s.substr(pos + 8, open - pos - 8));
        size_t close = s.find('}', open);
        if (close == std::string::npos) throw SyntaxError{line_of(pos), "testcase without '}'"};
        pos = close + 1;
        if (std::find(wanted.begin(), wanted.end(), name) == wanted.end()) continue;
        std::vector<Case>& cases = out[name];
        size_t start = open + 1;
        while (true) {
            size_t semi = s.find(';', start);
            if (semi == std::string::npos || semi > close) {
                if (!trim(s.substr(start, close - start)).empty())
                    throw SyntaxError{line_of(start), "statement without ';'"};
                break;
            }
            std::string stmt = s.substr(start, semi - start);
            size_t first = stmt.find_first_not_of(" \t\r\n");
            if (first != std::string::npos) cases.push_back(parse_case(name, stmt, line_of(start + first)));
            start = semi + 1;
        }
    }
    return out;
}

// ---- evaluation ---------------------------------------------------------------

Interval to_interval(const Literal& l) { return Interval(l.lo, l.hi); }

bool bounded(const Literal& l) {
    return !l.empty && mpfr_number_p(l.lo.backend().data()) && mpfr_number_p(l.hi.backend().data());
}

bool divisor_contains_zero(const Literal& y) {
    return mpfr_sgn(y.lo.backend().data()) <= 0 && mpfr_sgn(y.hi.backend().data()) >= 0;
}

Interval evaluate(const Case& c) {
    const auto& a = c.args;
    auto arity = [&](size_t n) {
        if (a.size() != n) throw SyntaxError{c.line, c.op + " expects " + std::to_string(n) + " arguments"};
    };
    if (c.op == "neg") return arity(1), -to_interval(a[0]);
    if (c.op == "add") return arity(2), to_interval(a[0]) + to_interval(a[1]);
    if (c.op == "sub") return arity(2), to_interval(a[0]) - to_interval(a[1]);
    if (c.op == "mul") return arity(2), to_interval(a[0]) * to_interval(a[1]);
    if (c.op == "div") return arity(2), to_interval(a[0]) / to_interval(a[1]);
    if (c.op == "recip") return arity(1), make_interval(1L) / to_interval(a[0]);
    if (c.op == "sqr") return arity(1), interval_sqr(to_interval(a[0]));
    if (c.op == "sqrt") return arity(1), interval_sqrt(to_interval(a[0]));
    if (c.op == "abs") return arity(1), interval_abs(to_interval(a[0]));
    if (c.op == "min") return arity(2), interval_min(to_interval(a[0]), to_interval(a[1]));
    if (c.op == "max") return arity(2), interval_max(to_interval(a[0]), to_interval(a[1]));
    throw SyntaxError{c.line, "unknown operation " + c.op};
}

// An endpoint rounded outward to binary64 (infinite beyond DBL_MAX).
Real to_binary64(const Real& x, mpfr_rnd_t rnd) {
    Real r = new_real();
    mpfr_set_d(r.backend().data(), mpfr_get_d(x.backend().data(), rnd), MPFR_RNDN);
    return r;
}

std::string hex(const Real& x) {
    char buf[128];
    mpfr_snprintf(buf, sizeof buf, "%Ra", x.backend().data());
    return buf;
}

std::string show(const Interval& x) {
    if (boost::numeric::empty(x)) return "[empty]";
    return "[" + hex(x.lower()) + "," + hex(x.upper()) + "]";
}

struct Stats {
    int in_file = 0;       // statements in the testcase
    int selected = 0;      // inputs non-empty and bounded
    int run = 0;           // selected cases where something was checked
    int containment = 0;   // containment (or emptiness) verified
    int equality = 0;      // R == E (required unless the divisor contains 0)
    int outside_binary64 = 0;  // rounding R outward to binary64 changed an endpoint
    int inexact = 0;       // a literal was rounded outward
    int unchecked = 0;     // selected but nothing could be checked
    int wider = 0;         // divisor contains 0: result strictly wider than expected (allowed)
};

}  // namespace

TEST_CASE("ITF1788 elementary operations at 53 bits", "[interval][itf1788]") {
    std::string dir;
    if (const char* d = std::getenv("LRCERT_ITF1788")) {
        dir = d;
    } else if (const char* src = std::getenv("LRCERT_SOURCE_DIR")) {
        dir = std::string(src) + "/../shared/itf1788";
    }
    const std::string path = dir + "/libieeep1788_tests_elem.itl";
    std::ifstream in(path);
    if (dir.empty() || !in) {
        std::cout << "ITF1788 data not found (" << (dir.empty() ? "LRCERT_ITF1788 / LRCERT_SOURCE_DIR unset" : path)
                  << "): skipped\n";
        std::exit(77);
    }
    std::stringstream buffer;
    buffer << in.rdbuf();

    const std::vector<std::string> ops = {"neg", "add", "sub", "mul", "div", "recip",
                                          "sqr", "sqrt", "abs", "min", "max"};
    std::vector<std::string> names;
    for (const auto& op : ops) names.push_back("minimal_" + op + "_test");

    PrecisionScope scope(53);
    std::map<std::string, std::vector<Case>> cases;
    try {
        cases = parse_itl(buffer.str(), names);
    } catch (const SyntaxError& e) {
        FAIL(path << ":" << e.line << ": " << e.what);
    }

    // LRCERT_ITF1788_VERBOSE=1 prints every non-empty case with lrcert's result.
    const bool verbose = std::getenv("LRCERT_ITF1788_VERBOSE") != nullptr;
    std::vector<std::string> failures;
    std::map<std::string, Stats> stats;
    auto fail = [&](const Case& c, const std::string& why, const Interval& r) {
        failures.push_back(path + ":" + std::to_string(c.line) + ": " + c.text + "  -- " + why + "; got " + show(r));
    };

    for (const auto& op : ops) {
        const std::string name = "minimal_" + op + "_test";
        INFO("testcase " << name);
        REQUIRE(cases.count(name) == 1);
        Stats& st = stats[op];
        for (const Case& c : cases[name]) {
            ++st.in_file;
            if (c.op != op) {
                failures.push_back(path + ":" + std::to_string(c.line) + ": operation " + c.op + " in " + name);
                continue;
            }
            bool inputs_ok = true;
            for (const auto& a : c.args) inputs_ok = inputs_ok && bounded(a);
            if (!inputs_ok) continue;
            ++st.selected;
            bool inexact = c.expected.inexact;
            for (const auto& a : c.args) inexact = inexact || a.inexact;
            if (inexact) ++st.inexact;

            Interval r;
            try {
                r = evaluate(c);
            } catch (const SyntaxError& e) {
                failures.push_back(path + ":" + std::to_string(c.line) + ": " + e.what);
                continue;
            } catch (const std::exception& e) {
                failures.push_back(path + ":" + std::to_string(c.line) + ": " + c.text + "  -- threw " + e.what());
                continue;
            }

            const bool zero_divisor = (op == "div" && divisor_contains_zero(c.args[1])) ||
                                      (op == "recip" && divisor_contains_zero(c.args[0]));
            const bool tight = !zero_divisor;  // every listed operation is tightest otherwise

            if (c.expected.empty) {
                // Only division by [0,0] has an empty result for bounded, non-empty
                // inputs here. The exact result set is empty; Boost returns empty.
                if (boost::numeric::empty(r)) {
                    ++st.run;
                    ++st.containment;
                    ++st.equality;
                } else if (tight) {
                    fail(c, "expected empty", r);
                } else {
                    ++st.unchecked;  // any interval contains the empty set: nothing to check
                }
                continue;
            }
            if (boost::numeric::empty(r)) {
                fail(c, "empty result, expected non-empty", r);
                continue;
            }
            if (mpfr_nan_p(r.lower().backend().data()) || mpfr_nan_p(r.upper().backend().data())) {
                fail(c, "NaN endpoint", r);
                continue;
            }

            const Real rl = to_binary64(r.lower(), MPFR_RNDD);
            const Real ru = to_binary64(r.upper(), MPFR_RNDU);
            const bool projected = !mpfr_equal_p(rl.backend().data(), r.lower().backend().data()) ||
                                   !mpfr_equal_p(ru.backend().data(), r.upper().backend().data());
            if (projected) ++st.outside_binary64;
            const bool contains_expected = mpfr_lessequal_p(rl.backend().data(), c.expected.lo.backend().data()) &&
                                           mpfr_greaterequal_p(ru.backend().data(), c.expected.hi.backend().data());
            const bool equal = mpfr_equal_p(rl.backend().data(), c.expected.lo.backend().data()) &&
                               mpfr_equal_p(ru.backend().data(), c.expected.hi.backend().data());
            ++st.run;
            if (verbose)
                std::cout << "  " << c.line << ": " << c.text << "  -> " << show(r)
                          << (equal ? "  (equal)" : "  (wider)") << "\n";
            if (!contains_expected) {
                fail(c, "result does not contain the expected interval", r);
                continue;
            }
            ++st.containment;
            if (equal) {
                ++st.equality;
            } else if (tight) {
                fail(c, "result is not the expected (tightest) interval", r);
            } else {
                ++st.wider;
            }
        }
        // A testcase that yields nothing would make the check vacuous.
        CHECK(st.run > 0);
    }

    std::cout << "ITF1788 " << path << " at 53 bits:\n"
              << "  op     cases  selected  run  contain  equal  binary64-range  inexact-literal  unchecked  wider(0 in divisor)\n";
    int total_run = 0;
    for (const auto& op : ops) {
        const Stats& s = stats[op];
        total_run += s.run;
        char line[200];
        std::snprintf(line, sizeof line, "  %-6s %5d %9d %4d %8d %6d %15d %16d %10d %20d\n", op.c_str(), s.in_file,
                      s.selected, s.run, s.containment, s.equality, s.outside_binary64, s.inexact, s.unchecked, s.wider);
        std::cout << line;
    }
    std::cout << "  total run: " << total_run << ", failures: " << failures.size() << "\n";
    for (size_t k = 0; k < failures.size() && k < 15; ++k) std::cout << "  FAIL " << failures[k] << "\n";
    if (failures.size() > 15) std::cout << "  ... and " << failures.size() - 15 << " more\n";
    REQUIRE(failures.empty());
}
