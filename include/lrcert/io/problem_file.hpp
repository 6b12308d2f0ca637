// Problem files: the instance f(X, Y) = 1/2 ||A - X Y^T||_F^2, the start
// z0 = (X0, Y0) and the learning rate h, all as exact rationals.
//
// Two families (docs/formats.md, "Problem files"):
//   {"family": "scalar", "mu": "1", "x0": ["3", "0.5"], "y0": ["0.1", "-0.2"], "h": "0.09"}
//   {"family": "matrix", "A": [["1","2"],["3","4"]], "X0": [[..],[..]], "Y0": [[..],[..]],
//    "h": "0.05"}
// plus optional "name" and "description" strings. Instead of "h" a file may
// give "h_over_2_over_L0": t > 0, and h = t * 2/L0 rounded to 12 significant
// digits (L0 = lambda_max of the Hessian at the start; the rule of
// include/lrcert/problem/relative_step.hpp), resolved when the file is read. Numbers are JSON strings with
// exact number text ("0.1", "7/3", "-2.5e-3") or JSON numbers, whose decimal
// text is taken exactly (0.1 is 1/10). Unknown fields are rejected.
//
// The scalar family is stored as n = m = 1: A = [mu] (1 x 1), X0 = x0^T and
// Y0 = y0^T (1 x d), or, when read with StartStorage::Compact, with x0 and y0
// in compact exact columns instead (for d up to 10^7; see Problem::x0_column).
#pragma once

#include "lrcert/io/exact_json.hpp"
#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/rational.hpp"
#include "lrcert/problem/factorization.hpp"

#include <nlohmann/json.hpp>

#include "lrcert/number/decimal_column.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace lrcert {

// Size limits of a problem (checked before any number is converted).
constexpr size_t kMaxProblemRows = 10000;              // n, m
constexpr size_t kMaxProblemRank = 1000000;            // d
constexpr size_t kMaxProblemEntries = 10000000;        // n m + n d + m d
constexpr size_t kMaxScalarRank = 10000000;            // d of a scalar problem read with StartStorage::Compact
constexpr size_t kMaxProblemFileBytes = size_t(1) << 30;  // 1 GiB of JSON text

enum class Family { Scalar, Matrix };

// "scalar" / "matrix".
const char* family_name(Family f);

struct Problem {
    Family family = Family::Matrix;
    Matrix<Rational> A;   // n x m (1 x 1 = [mu] for the scalar family)
    Factors<Rational> z0; // X0: n x d, Y0: m x d
    Rational h;           // > 0 (resolved when given relative to 2/L0)
    // t when the file gave "h_over_2_over_L0" = t (h is then t * 2/L0 rounded
    // to 12 significant digits); nullopt when it gave h.
    std::optional<Rational> h_over_2_over_L0;
    std::string name;         // "" if absent
    std::string description;  // "" if absent
    // The scalar family read with StartStorage::Compact: x0 and y0 as compact
    // exact columns (shared, never modified), and z0 is then empty (1 x 0
    // each). Otherwise both are null and z0 holds the start. Never both.
    std::shared_ptr<const DecimalColumn> x0_column, y0_column;

    size_t n() const { return A.rows(); }
    size_t m() const { return A.cols(); }
    size_t d() const { return x0_column ? x0_column->size() : z0.X.cols(); }
    // x0 and y0 of the scalar family as columns, from whichever storage holds
    // them (shared when compact, built from z0 otherwise).
    std::shared_ptr<const DecimalColumn> scalar_x0() const;
    std::shared_ptr<const DecimalColumn> scalar_y0() const;
    // mu = A(0, 0); throws std::logic_error for the matrix family.
    const Rational& mu() const;
};

// Same family, name, description, exactly the same numbers and shapes, and h
// given the same way (both absolute, or both relative with the same t).
bool operator==(const Problem& a, const Problem& b);

// How a scalar problem's x0 and y0 are held: as z0 (1 x d matrices of
// Rationals, what every consumer reads), or Compact (Problem::x0_column,
// y0_column; about 12 bytes an entry; for consumers that read those:
// run_certify).
enum class StartStorage { Rationals, Compact };

// Parses and validates a problem. Throws InputError whose message starts with
// "<origin>: " and names the offending field (e.g. "X0[1][0]"). The top-level
// x0 and y0 arrays are read by a dedicated scanner without a JSON tree
// (io/problem_file_scan.hpp); the values and messages are the same either way.
// A scalar problem read with StartStorage::Compact may have d up to
// kMaxScalarRank (else kMaxProblemRank, like the matrix family).
Problem parse_problem(const std::string& json_text, const std::string& origin,
                      StartStorage storage = StartStorage::Rationals);

// Reads the file at `path` and parses it with origin = path. A missing,
// unreadable or too large file throws InputError naming the path.
Problem read_problem_file(const std::string& path, StartStorage storage = StartStorage::Rationals);

// The problem in its file format, every number an exact string ("p" or "p/q"),
// so that parse_problem(problem_to_json(p).dump(), ...) == p: "h", or
// "h_over_2_over_L0" alone when h was given relative to 2/L0.
nlohmann::json problem_to_json(const Problem& p);

// What reports and certificates record (docs/formats.md, "Writing problem
// files"): problem_to_json plus the resolved exact "h" also when h was given
// relative to 2/L0 (then both keys; such an object is not a problem file).
nlohmann::json problem_record_json(const Problem& p);

}  // namespace lrcert
