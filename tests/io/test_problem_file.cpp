// Problem files, exact JSON reading and atomic output: exact acceptance of
// both families, round trips, and one rejection per malformed kind with the
// message checked to name the offending field.
// (Over 500 lines on purpose: every field and every rejection of the problem-file format, plus the output-file primitives.)
#include "lrcert/io/exact_json.hpp"
#include "lrcert/io/output_file.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/parse.hpp"

#include <catch2/catch.hpp>

#include <mpfr.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

using namespace lrcert;
namespace fs = std::filesystem;

namespace {

// The message of the InputError thrown by parse_problem(text), or "" if none.
std::string problem_error(const std::string& text) {
    try {
        parse_problem(text, "test.json");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

bool has(const std::string& message, const std::string& part) {
    return message.find(part) != std::string::npos;
}

// A JSON object of `fields`, with the field `key` replaced by `value` (left
// out when value is "").
template <size_t N>
std::string object_with(const std::pair<std::string, std::string> (&fields)[N], const std::string& key,
                        const std::string& value) {
    std::string s = "{";
    bool first = true;
    for (const auto& [k, v] : fields) {
        std::string val = k == key ? value : v;
        if (val.empty()) continue;
        s += (first ? "" : ", ") + ("\"" + k + "\": ") + val;
        first = false;
    }
    return s + "}";
}

// A scalar problem text with one field replaced (value = raw JSON) or removed
// (value = "").
std::string scalar_with(const std::string& key, const std::string& value) {
    const std::pair<std::string, std::string> fields[] = {
        {"family", "\"scalar\""}, {"mu", "\"1\""}, {"x0", "[\"3\", \"0.5\"]"},
        {"y0", "[\"0.1\", \"-0.2\"]"}, {"h", "\"0.09\""}};
    return object_with(fields, key, value);
}

std::string matrix_with(const std::string& key, const std::string& value) {
    const std::pair<std::string, std::string> fields[] = {
        {"family", "\"matrix\""},
        {"A", "[[\"1\", \"2\", \"0\"], [\"3\", \"4\", \"0\"]]"},
        {"X0", "[[\"0.1\"], [\"0.2\"]]"},
        {"Y0", "[[\"0.3\"], [\"0.4\"], [\"0.5\"]]"},
        {"h", "\"0.05\""}};
    return object_with(fields, key, value);
}

Rational q(const char* text) { return parse_exact(text); }

// A fresh directory removed at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        static int counter = 0;
        path = fs::temp_directory_path() /
               ("lrcert_test_problem_file_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::vector<std::string> entries() const {
        std::vector<std::string> r;
        for (const auto& e : fs::directory_iterator(path)) r.push_back(e.path().filename().string());
        std::sort(r.begin(), r.end());
        return r;
    }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

// ---- acceptance -------------------------------------------------------------------

TEST_CASE("scalar family: strings and JSON numbers give the same exact values", "[io][problem]") {
    Problem s = parse_problem(
        R"({"family": "scalar", "mu": "1", "x0": ["3", "0.5"], "y0": ["0.1", "-0.2"], "h": "0.09"})", "s");
    Problem n = parse_problem(
        R"({"family": "scalar", "mu": 1, "x0": [3, 0.5], "y0": [0.1, -0.2], "h": 0.09})", "n");
    REQUIRE(s == n);
    REQUIRE(s.family == Family::Scalar);
    REQUIRE(s.n() == 1);
    REQUIRE(s.m() == 1);
    REQUIRE(s.d() == 2);
    REQUIRE(s.mu() == 1);
    REQUIRE(s.z0.X.rows() == 1);
    REQUIRE(s.z0.X(0, 0) == 3);
    REQUIRE(s.z0.X(0, 1) == Rational(1, 2));
    REQUIRE(s.z0.Y(0, 0) == Rational(1, 10));  // 0.1 is exactly 1/10, not a double
    REQUIRE(n.z0.Y(0, 0) == Rational(1, 10));
    REQUIRE(n.z0.Y(0, 1) == Rational(-1, 5));
    REQUIRE(n.h == Rational(9, 100));
    REQUIRE(s.name.empty());
    // mu may be zero or negative: the certifier decides what to do with it.
    REQUIRE(parse_problem(scalar_with("mu", "-2.5"), "t").mu() == Rational(-5, 2));
    REQUIRE(parse_problem(scalar_with("mu", "0"), "t").mu() == 0);
}

TEST_CASE("matrix family: exact decimals, exponents, big integers, fractions", "[io][problem]") {
    std::string good = R"({
        "family": "matrix", "name": "demo", "description": "2 x 3 target, rank 2",
        "A": [[1e-3, "1e-3", 123456789012345678901234567890], ["7/3", -0.5E+2, "-7/3"]],
        "X0": [[18446744073709551615, -9223372036854775808], [1e-400, "0.1"]],
        "Y0": [["1", 0], ["2", 0], ["3", 0.25]],
        "h": "1/20"
    })";
    Problem p = parse_problem(good, "good");
    REQUIRE(p.family == Family::Matrix);
    REQUIRE(p.n() == 2);
    REQUIRE(p.m() == 3);
    REQUIRE(p.d() == 2);
    REQUIRE(p.name == "demo");
    REQUIRE(p.description == "2 x 3 target, rank 2");
    REQUIRE(p.A(0, 0) == Rational(1, 1000));
    REQUIRE(p.A(0, 1) == Rational(1, 1000));
    REQUIRE(p.A(0, 2) == Rational(Integer("123456789012345678901234567890")));
    REQUIRE(p.A(1, 0) == Rational(7, 3));
    REQUIRE(p.A(1, 1) == -50);
    REQUIRE(p.A(1, 2) == Rational(-7, 3));
    REQUIRE(p.z0.X(0, 0) == Rational(Integer("18446744073709551615")));
    REQUIRE(p.z0.X(0, 1) == Rational(Integer("-9223372036854775808")));
    REQUIRE(p.z0.X(1, 0) == q("1e-400"));  // underflows a double, exact here
    REQUIRE(p.z0.X(1, 0) > 0);
    REQUIRE(p.z0.X(1, 1) == Rational(1, 10));
    REQUIRE(p.z0.Y(2, 1) == Rational(1, 4));
    REQUIRE(p.h == Rational(1, 20));
    REQUIRE_THROWS_AS(p.mu(), std::logic_error);
}

TEST_CASE("parse_exact_json keeps the literal text of every number", "[io][json]") {
    nlohmann::json j = parse_exact_json(
        R"({"a": [0.1, 1E-3, -0, 12, -12, 1.50, 123456789012345678901234567890, 18446744073709551615]})",
        "lit");
    const auto& a = j["a"];
    for (const auto& v : a) REQUIRE(v.is_string());
    REQUIRE(a[0] == "0.1");
    REQUIRE(a[1] == "1E-3");
    REQUIRE(a[2] == "0");
    REQUIRE(a[3] == "12");
    REQUIRE(a[4] == "-12");
    REQUIRE(a[5] == "1.50");
    REQUIRE(a[6] == "123456789012345678901234567890");
    REQUIRE(a[7] == "18446744073709551615");
    // Strings, booleans and null are unchanged.
    nlohmann::json k = parse_exact_json(R"([true, null, "x", {}])", "k");
    REQUIRE(k[0] == true);
    REQUIRE(k[1].is_null());
    REQUIRE(k[2] == "x");
    REQUIRE(k[3].is_object());
}

TEST_CASE("exact_number and exact_integer", "[io][json]") {
    REQUIRE(exact_number(nlohmann::json("0.1"), "f") == Rational(1, 10));
    REQUIRE(exact_number(nlohmann::json(7), "f") == 7);
    REQUIRE(exact_number(nlohmann::json(-9223372036854775807LL - 1), "f") ==
            Rational(Integer("-9223372036854775808")));
    // Leading zeros are decimal, not octal.
    REQUIRE(exact_number(nlohmann::json("025"), "f") == 25);
    REQUIRE(exact_number(nlohmann::json("09.5"), "f") == Rational(19, 2));
    REQUIRE(exact_number(nlohmann::json(std::uint64_t(18446744073709551615ull)), "f") ==
            Rational(Integer("18446744073709551615")));
    // A binary double in a json value built in code is refused, not converted.
    REQUIRE_THROWS_AS(exact_number(nlohmann::json(0.1), "f"), InputError);
    REQUIRE(exact_integer(nlohmann::json("256"), "precision", 16, 1 << 20) == 256);
    REQUIRE(exact_integer(nlohmann::json("2.56e2"), "precision", 16, 1 << 20) == 256);
    REQUIRE(exact_integer(parse_exact_json("512", "p"), "precision", 16, 1 << 20) == 512);
    auto integer_error = [](const nlohmann::json& v) -> std::string {
        try {
            exact_integer(v, "precision", 16, 1 << 20);
        } catch (const InputError& e) {
            return e.what();
        }
        return "";
    };
    REQUIRE(has(integer_error(nlohmann::json("2.5")), "precision"));
    REQUIRE(has(integer_error(nlohmann::json("8")), "[16, 1048576]"));
    REQUIRE(has(integer_error(nlohmann::json("1e30")), "precision"));
    REQUIRE(has(integer_error(nlohmann::json(true)), "precision"));
    REQUIRE(string_value(nlohmann::json("s"), "f") == "s");
    REQUIRE_THROWS_AS(string_value(nlohmann::json(1), "f"), InputError);
}

TEST_CASE("problem_to_json round trips exactly", "[io][problem]") {
    for (const std::string& text :
         {std::string(R"({"family": "scalar", "name": "s1", "description": "unbalanced start",
                          "mu": 1, "x0": [3, 0.5], "y0": ["0.1", "-1/3"], "h": 0.09})"),
          matrix_with("A", R"([["1e-3", "7/3", -2], [123456789012345678901234567890, "0", "0.1"]])")}) {
        Problem p = parse_problem(text, "in");
        nlohmann::json j = problem_to_json(p);
        Problem back = parse_problem(j.dump(), "round trip");
        REQUIRE(back == p);
        // Numbers are written as exact strings.
        REQUIRE(j["h"].is_string());
        Problem again = parse_problem(problem_to_json(back).dump(2), "again");
        REQUIRE(again == p);
    }
    Problem s = parse_problem(scalar_with("h", "0.09"), "s");
    nlohmann::json j = problem_to_json(s);
    REQUIRE(j["family"] == "scalar");
    REQUIRE(j["h"] == "9/100");
    REQUIRE(j["y0"][0] == "1/10");
    REQUIRE(!j.contains("name"));
    // Different values are not equal.
    Problem t = parse_problem(scalar_with("h", "0.0900000000000000000001"), "t");
    REQUIRE(!(t == s));
}

// ---- rejection ----------------------------------------------------------------------

TEST_CASE("malformed JSON names the origin and the position", "[io][json]") {
    std::string e = problem_error("{\"family\": \"scalar\",\n \"mu\": 1,, \"h\": 1}");
    INFO(e);
    REQUIRE(has(e, "test.json"));
    REQUIRE(has(e, "invalid JSON"));
    REQUIRE(has(e, "byte 31"));  // the second ',' (1-based byte offset)
    REQUIRE(has(e, "line 2, column 10"));
    e = problem_error("{\"family\": ");
    INFO(e);
    REQUIRE(has(e, "end of input"));
    e = problem_error(scalar_with("h", "\"1\"") + " x");
    INFO(e);
    REQUIRE(has(e, "invalid JSON"));
    REQUIRE(has(problem_error(""), "invalid JSON"));
    REQUIRE(has(problem_error("{\"mu\": tru}"), "invalid JSON"));
    // Comments are not JSON.
    REQUIRE(has(problem_error("// c\n" + scalar_with("h", "1")), "invalid JSON"));
    // A JSON number beyond the double range cannot pass nlohmann's lexer; the
    // message tells how to write it.
    e = problem_error(scalar_with("mu", "1e400"));
    INFO(e);
    REQUIRE(has(e, "1e400"));
    REQUIRE(has(e, "string"));
    REQUIRE(parse_problem(scalar_with("mu", "\"1e400\""), "t").mu() == q("1e400"));
    // Not an object at the top level.
    REQUIRE(has(problem_error("[1, 2]"), "top level"));
}

TEST_CASE("duplicate keys are errors naming the key", "[io][json]") {
    std::string e = problem_error(R"({"family": "scalar", "mu": 1, "x0": [1], "y0": [1], "h": 0.1, "h": 0.2})");
    INFO(e);
    REQUIRE(has(e, "duplicate key \"h\""));
    REQUIRE(has(e, "test.json"));
    try {
        parse_exact_json(R"({"a": [{"b": 1}, {"b": 1, "b": 2}]})", "dup");
        FAIL("no error");
    } catch (const InputError& err) {
        INFO(err.what());
        REQUIRE(has(err.what(), "duplicate key \"b\""));
        REQUIRE(has(err.what(), "a[1]"));
    }
}

TEST_CASE("missing, unknown and mistyped fields are named", "[io][problem]") {
    REQUIRE(has(problem_error(scalar_with("h", "")), "missing field \"h\""));
    REQUIRE(has(problem_error(scalar_with("mu", "")), "missing field \"mu\""));
    REQUIRE(has(problem_error(scalar_with("family", "")), "missing field \"family\""));
    REQUIRE(has(problem_error(matrix_with("Y0", "")), "missing field \"Y0\""));
    // Misspelt keys are never ignored.
    std::string e = problem_error(R"({"family": "scalar", "mu ": 1, "mu": 1, "x0": [1], "y0": [1], "h": 0.1})");
    INFO(e);
    REQUIRE(has(e, "unknown field \"mu \""));
    REQUIRE(has(problem_error(R"({"family": "scalar", "mu": 1, "x_0": [1], "x0": [1], "y0": [1], "h": 0.1})"),
                "unknown field \"x_0\""));
    // Fields of the other family are unknown too.
    REQUIRE(has(problem_error(R"({"family": "scalar", "mu": 1, "x0": [1], "y0": [1], "h": 0.1, "A": [[1]]})"),
                "unknown field \"A\""));
    REQUIRE(has(problem_error(matrix_with("h", "0.1, \"mu\": 1")), "unknown field \"mu\""));
    // Family.
    e = problem_error(scalar_with("family", "\"vector\""));
    REQUIRE(has(e, "family"));
    REQUIRE(has(e, "\"vector\""));
    REQUIRE(has(problem_error(scalar_with("family", "\"Scalar\"")), "family"));
    REQUIRE(has(problem_error(scalar_with("family", "3")), "family"));
    // name / description must be strings.
    REQUIRE(has(problem_error(scalar_with("h", "1, \"name\": true")), "name"));
    REQUIRE(has(problem_error(scalar_with("h", "1, \"name\": [\"a\"]")), "name"));
    REQUIRE(has(problem_error(scalar_with("h", "1, \"description\": null")), "description"));
}

TEST_CASE("wrong shapes are named", "[io][problem]") {
    // Ragged rows.
    std::string e = problem_error(matrix_with("A", R"([["1", "2", "3"], ["3", "4"]])"));
    INFO(e);
    REQUIRE(has(e, "A[1]"));
    REQUIRE(has(problem_error(matrix_with("X0", R"([["1"], ["1", "2"]])")), "X0[1]"));
    // Empty arrays.
    REQUIRE(has(problem_error(scalar_with("x0", "[]")), "x0"));
    REQUIRE(has(problem_error(matrix_with("A", "[]")), "A"));
    REQUIRE(has(problem_error(matrix_with("A", "[[], []]")), "A[0]"));
    REQUIRE(has(problem_error(matrix_with("Y0", "[[], [], []]")), "Y0[0]"));
    // Not arrays.
    REQUIRE(has(problem_error(scalar_with("x0", "\"3\"")), "x0"));
    REQUIRE(has(problem_error(matrix_with("A", R"(["1", "2"])")), "A[0]"));
    // Dimension mismatches.
    e = problem_error(scalar_with("y0", R"(["1", "2", "3"])"));
    INFO(e);
    REQUIRE(has(e, "y0"));
    REQUIRE(has(e, "x0"));
    e = problem_error(matrix_with("X0", R"([["1"], ["2"], ["3"]])"));
    INFO(e);
    REQUIRE(has(e, "X0"));
    REQUIRE(has(e, "rows"));
    e = problem_error(matrix_with("Y0", R"([["1"], ["2"]])"));
    INFO(e);
    REQUIRE(has(e, "Y0"));
    e = problem_error(matrix_with("Y0", R"([["1", "0"], ["2", "0"], ["3", "0"]])"));
    INFO(e);
    REQUIRE(has(e, "Y0"));
    REQUIRE(has(e, "width"));
}

TEST_CASE("every independent error of a problem file is reported at once", "[io][problem]") {
    // Three faults in three fields: all three are named, numbered.
    std::string e = problem_error(R"({"family": "scalar", "mu": "one", "x0": ["1", "NaN"], "y0": ["1", "2"], "h": "-1"})");
    INFO(e);
    REQUIRE(has(e, "3 errors:"));
    REQUIRE(has(e, "(1) h"));
    REQUIRE(has(e, "mu"));
    REQUIRE(has(e, "x0[1]"));
    // A shape mismatch and a bad entry elsewhere.
    e = problem_error(R"({"family": "matrix", "A": [["1", "x"]], "X0": [["1"], ["2"]], "Y0": [["1"], ["1"]], "h": "0.1"})");
    INFO(e);
    REQUIRE(has(e, "2 errors:"));
    REQUIRE(has(e, "X0: has 2 rows but A has 1"));
    REQUIRE(has(e, "A[0][1]"));
    // One error reads as before (no count).
    e = problem_error(scalar_with("h", "\"0\""));
    REQUIRE_FALSE(has(e, "errors:"));
    // An unknown field and a missing one together.
    e = problem_error(R"({"family": "scalar", "mu": 1, "x0": [1], "y0": [1], "hh": 0.1})");
    INFO(e);
    REQUIRE(has(e, "unknown field \"hh\""));
    REQUIRE(has(e, "missing field \"h\""));
}

TEST_CASE("the learning rate must be positive", "[io][problem]") {
    REQUIRE(has(problem_error(scalar_with("h", "\"0\"")), "h"));
    REQUIRE(has(problem_error(scalar_with("h", "0")), "> 0"));
    REQUIRE(has(problem_error(scalar_with("h", "0.0")), "> 0"));
    REQUIRE(has(problem_error(scalar_with("h", "\"-1/2\"")), "\"-1/2\""));
    REQUIRE(has(problem_error(scalar_with("h", "-0.001")), "h"));
    REQUIRE(has(problem_error(matrix_with("h", "-1")), "h"));
}

TEST_CASE("non-numbers in place of numbers are named with their path", "[io][problem]") {
    std::string e = problem_error(scalar_with("x0", R"(["NaN", "1"])"));
    INFO(e);
    REQUIRE(has(e, "x0[0]"));
    REQUIRE(has(e, "NaN"));
    e = problem_error(matrix_with("Y0", R"([["1"], ["inf"], ["0"]])"));
    INFO(e);
    REQUIRE(has(e, "Y0[1][0]"));
    REQUIRE(has(e, "\"inf\""));
    REQUIRE(has(problem_error(scalar_with("mu", "\"\"")), "mu"));
    REQUIRE(has(problem_error(scalar_with("mu", "\"1/0\"")), "mu"));
    REQUIRE(has(problem_error(scalar_with("mu", "\" 1\"")), "mu"));
    e = problem_error(matrix_with("X0", R"([["1"], [true]])"));
    INFO(e);
    REQUIRE(has(e, "X0[1][0]"));
    REQUIRE(has(e, "true"));
    e = problem_error(scalar_with("mu", "null"));
    REQUIRE(has(e, "mu"));
    REQUIRE(has(e, "null"));
    e = problem_error(scalar_with("h", "{}"));
    REQUIRE(has(e, "h"));
    REQUIRE(has(e, "object"));
    REQUIRE(has(problem_error(scalar_with("y0", R"(["1", [2]])")), "y0[1]"));
    REQUIRE(has(problem_error(matrix_with("A", R"([["1", "2", "x"], ["3", "4", "0"]])")), "A[0][2]"));
}

TEST_CASE("size limits", "[io][problem]") {
    // More rows than kMaxProblemRows.
    std::string rows = "[";
    for (size_t i = 0; i <= kMaxProblemRows; ++i) rows += (i ? ",[0]" : "[0]");
    rows += "]";
    std::string e = problem_error(matrix_with("A", rows));
    INFO(e.substr(0, 200));
    REQUIRE(has(e, "A"));
    REQUIRE(has(e, "limit"));
    // d beyond kMaxProblemRank.
    std::string vec = "[";
    for (size_t i = 0; i <= kMaxProblemRank; ++i) vec += (i ? ",0" : "0");
    vec += "]";
    e = problem_error(scalar_with("x0", vec));
    REQUIRE(has(e, "x0"));
    REQUIRE(has(e, "limit"));
}

TEST_CASE("problem files on disk", "[io][problem]") {
    TempDir dir;
    const std::string path = (dir.path / "p.json").string();
    write_file_atomically(path, scalar_with("h", "0.09"));
    Problem p = read_problem_file(path);
    REQUIRE(p.h == Rational(9, 100));
    // Errors in a file name the file.
    write_file_atomically(path, scalar_with("h", "0"));
    try {
        read_problem_file(path);
        FAIL("no error");
    } catch (const InputError& e) {
        REQUIRE(has(e.what(), path));
        REQUIRE(has(e.what(), "h"));
    }
    const std::string missing = (dir.path / "missing.json").string();
    try {
        read_problem_file(missing);
        FAIL("no error");
    } catch (const InputError& e) {
        REQUIRE(has(e.what(), missing));
    }
    try {
        read_problem_file(dir.path.string());
        FAIL("no error");
    } catch (const InputError& e) {
        REQUIRE(has(e.what(), dir.path.string()));
    }
}

// ---- atomic output ---------------------------------------------------------------------

TEST_CASE("write_file_atomically writes, replaces and leaves no temporary", "[io][output]") {
    TempDir dir;
    const fs::path out = dir.path / "out.txt";
    write_file_atomically(out.string(), "first\n");
    REQUIRE(slurp(out) == "first\n");
    std::string big(3 << 20, 'x');  // several write() calls
    write_file_atomically(out.string(), big);
    REQUIRE(slurp(out) == big);
    write_file_atomically(out.string(), "");
    REQUIRE(fs::exists(out));
    REQUIRE(fs::file_size(out) == 0);
    REQUIRE(dir.entries() == std::vector<std::string>{"out.txt"});
}

TEST_CASE("write_file_atomically failures throw naming the path and leave nothing", "[io][output]") {
    TempDir dir;
    const fs::path in_missing = dir.path / "nope" / "out.txt";
    try {
        write_file_atomically(in_missing.string(), "content");
        FAIL("no error");
    } catch (const OutputError& e) {
        REQUIRE(has(e.what(), in_missing.string()));
    }
    REQUIRE(!fs::exists(in_missing));
    REQUIRE(!fs::exists(dir.path / "nope"));
    REQUIRE(dir.entries().empty());
    // The target is a directory: the rename fails after the temporary was
    // written; the temporary must be gone and the directory untouched.
    fs::create_directory(dir.path / "sub");
    try {
        write_file_atomically((dir.path / "sub").string(), "content");
        FAIL("no error");
    } catch (const std::runtime_error& e) {
        REQUIRE(has(e.what(), (dir.path / "sub").string()));
    }
    REQUIRE(fs::is_directory(dir.path / "sub"));
    REQUIRE(dir.entries() == std::vector<std::string>{"sub"});
}

TEST_CASE("the shipped examples are valid problem files", "[io][problem]") {
    const char* source = std::getenv("LRCERT_SOURCE_DIR");
    if (!source) {
        WARN("LRCERT_SOURCE_DIR is not set: examples not checked");
        return;
    }
    const fs::path examples = fs::path(source) / "examples";
    if (!fs::is_directory(examples)) return;
    for (const auto& entry : fs::directory_iterator(examples)) {
        if (entry.path().extension() != ".json") continue;
        INFO(entry.path().string());
        Problem p = read_problem_file(entry.path().string());
        REQUIRE(parse_problem(problem_to_json(p).dump(), "round trip") == p);
    }
}

TEST_CASE("interval ends are decimals a strict reader accepts, or null for unbounded", "[io][output]") {
    PrecisionScope scope(128);
    auto real = [](const char* text) {
        Real r = new_real();
        mpfr_set_str(r.backend().data(), text, 10, MPFR_RNDN);
        return r;
    };
    Real nan = new_real(), pinf = new_real(), ninf = new_real();
    mpfr_set_nan(nan.backend().data());
    mpfr_set_inf(pinf.backend().data(), 1);
    mpfr_set_inf(ninf.backend().data(), -1);
    // Non-finite ends are null: no "nan", "inf" or "-inf" text.
    CHECK(lower_bound_json(nan, 17).is_null());
    CHECK(upper_bound_json(nan, 17).is_null());
    CHECK(lower_bound_json(ninf, 17).is_null());
    CHECK(upper_bound_json(pinf, 17).is_null());
    CHECK(lower_bound_json(pinf, 17).is_null());
    CHECK(upper_bound_json(ninf, 17).is_null());
    nlohmann::json both = interval_json(Interval(ninf, pinf), 17);
    CHECK(both["lo"].is_null());
    CHECK(both["hi"].is_null());
    CHECK(both.dump().find("inf") == std::string::npos);

    // Ordinary ends: outward-rounded decimals that parse_exact reads.
    Real third = real("0.333333333333333333333333333333333333333333");
    Rational q = to_rational(third);
    CHECK(parse_exact(lower_bound_json(third, 6).get<std::string>()) <= q);
    CHECK(q <= parse_exact(upper_bound_json(third, 6).get<std::string>()));
    CHECK(lower_bound_json(new_real(), 6) == "0");

    // Beyond the exact parser's exponent range (|e| <= 100000): a valid
    // power-of-ten bound on the same side, or null; never unreadable text.
    Real huge = new_real(), tiny = new_real();
    mpfr_set_ui_2exp(huge.backend().data(), 1, 400000, MPFR_RNDN);  // 2^400000 ~ 1e120412
    mpfr_set_si_2exp(tiny.backend().data(), 1, -400000, MPFR_RNDN);
    CHECK(lower_bound_json(huge, 17) == "1e99000");
    CHECK(upper_bound_json(huge, 17).is_null());
    Real neg_huge = new_real();
    mpfr_neg(neg_huge.backend().data(), huge.backend().data(), MPFR_RNDN);
    CHECK(lower_bound_json(neg_huge, 17).is_null());
    CHECK(upper_bound_json(neg_huge, 17) == "-1e99000");
    CHECK(lower_bound_json(tiny, 17) == "0");
    CHECK(upper_bound_json(tiny, 17) == "1e-99000");
    for (const Real* x : {&huge, &tiny, &neg_huge}) {
        for (const nlohmann::json& j : {lower_bound_json(*x, 17), upper_bound_json(*x, 17)}) {
            if (j.is_null()) continue;
            INFO(j.dump());
            CHECK_NOTHROW(parse_exact(j.get<std::string>()));
        }
    }
    // Each bound is on the right side of the value (exact comparison in MPFR).
    CHECK(mpfr_cmp_q(huge.backend().data(), parse_exact("1e99000").backend().data()) > 0);
    CHECK(mpfr_cmp_q(tiny.backend().data(), parse_exact("1e-99000").backend().data()) < 0);
}
