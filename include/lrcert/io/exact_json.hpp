// Reading JSON without ever passing a number through binary floating point.
//
// parse_exact_json parses JSON text with nlohmann's SAX interface and replaces
// every JSON number by a JSON string holding its literal text: the number 0.1
// becomes the string "0.1" (later read as exactly 1/10 by exact_number), a
// number too long for int64/uint64 keeps all its digits. Integers that fit in
// int64/uint64 are re-written from their (exact) value, so "-0" reads as "0"
// and nothing else changes. A JSON number beyond the range of a double (e.g.
// 1e400) is refused by nlohmann's parser; the error says to quote it.
//
// Stricter than plain JSON in two ways: a duplicate key in an object is an
// error (JSON leaves it undefined; nlohmann keeps the last one), and nesting is
// limited to kMaxJsonDepth levels.
//
// The field helpers below read such a document: they accept JSON strings with
// number text (and int64/uint64 JSON integers, which are exact), and refuse
// binary floating-point JSON values outright. Their errors name the field path
// given by the caller, e.g. "X0[1][0]" or "tail.rho".
//
// Writing: every interval end and one-sided bound lrcert writes into JSON goes
// through lower_bound_json / upper_bound_json / interval_json below, which
// never write NaN or infinity (docs/formats.md, "Interval ends").
#pragma once

#include "lrcert/number/bound.hpp"
#include "lrcert/number/interval.hpp"
#include "lrcert/number/rational.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lrcert {

// Bad input: malformed JSON, a missing/unknown/ill-typed field, an unreadable
// input file. The message is meant for the user as is.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

constexpr size_t kMaxJsonDepth = 64;

// Parses `text` as one JSON value (nothing but white space may follow it).
// Every number becomes a string with its literal text. Throws InputError
// "<origin>: invalid JSON at byte <pos> (line <l>, column <c>): <what was
// expected>" for malformed text, and "<origin>: duplicate key "<k>" in <path>"
// for a repeated key.
nlohmann::json parse_exact_json(const std::string& text, const std::string& origin);

// The exact value of a number field: a string with exact number text (see
// parse_exact: "0.1", "-3.25e-4", "7/3"), or a JSON integer. Anything else (a
// boolean, null, an object, an array, a non-number string such as "NaN",
// "inf" or "", a binary floating-point JSON value) throws InputError naming
// `field` and, for strings, the offending text.
Rational exact_number(const nlohmann::json& v, const std::string& field);

// An integer field in [min, max]: a number as accepted by exact_number whose
// value is an integer ("256", 256, "2.56e2" all give 256). Throws InputError
// naming `field` otherwise.
long long exact_integer(const nlohmann::json& v, const std::string& field,
                        long long min, long long max);

// A string field (no conversion of other types); throws InputError otherwise.
std::string string_value(const nlohmann::json& v, const std::string& field);

// Checks that `v` is a JSON object whose keys are all in `allowed`. Throws
// InputError naming `where` ("" = the top level) and the first unknown key,
// listing the allowed ones: a misspelt key is never silently ignored.
void check_object(const nlohmann::json& v, const std::string& where,
                  const std::vector<std::string>& allowed);

// obj[key], or InputError "missing field <path>" (obj must be an object).
const nlohmann::json& require_field(const nlohmann::json& obj, const std::string& where,
                                    const std::string& key);

// The path of member `key` of the object at path `where`: "key" at the top
// level ("" ), "where.key" below it.
std::string field_path(const std::string& where, const std::string& key);
// The path of element i of the array at path `where`: "where[i]".
std::string element_path(const std::string& where, size_t i);

// ---- writing bounds (docs/formats.md, "Interval ends") ------------------------------

// A lower / upper bound of a real number as JSON: a decimal string with
// `digits` significant digits (at least 2), rounded down / up, that
// parse_exact reads (its exponent is within |e| <= 99000), or null when there
// is no such bound: null is "unbounded on that side" (-infinity for a lower
// bound, +infinity for an upper one). Written for the bound x:
//   finite x, 2^-332000 <= |x| < 2^332000   its decimal, rounded outward
//   x = 0                                   "0"
//   0 < |x| < 2^-332000                      "0" or "-1e-99000" (lower), "1e-99000" or "0" (upper)
//   |x| >= 2^332000                          "1e99000" (lower, x > 0), "-1e99000" (upper, x < 0), else null
//   NaN or +-infinity                       null
// so the text is a valid bound of the same side whenever x is.
nlohmann::json lower_bound_json(const Real& x, int digits);
nlohmann::json upper_bound_json(const Real& x, int digits);
// The same for typed bounds: an upper bound prints rounded up, a lower bound down.
nlohmann::json upper_bound_json(const UpperBound& x, int digits);
nlohmann::json lower_bound_json(const LowerBound& x, int digits);

// {"lo": lower_bound_json(lo(x)), "hi": upper_bound_json(hi(x))}.
nlohmann::json interval_json(const Interval& x, int digits);

}  // namespace lrcert
