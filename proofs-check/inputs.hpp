// lrcert-check's own inputs besides the certificate (docs/checker.md, section
// 1b): the problem file the user wrote and the claim files. A strict JSON
// reader (duplicate keys rejected, JSON numbers kept as their literal text in
// problem and claim files), SHA-256 of the problem file's bytes, the problem
// and claim file readers, the built-in claims lookup, and the comparison of
// the certificate's problem and claims with these inputs.
#pragma once

#include "num.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace chk {

// Parses JSON text. Throws Malformed (claims.hpp) on a syntax error, a
// duplicate key in any object ("duplicate key \"h\" in problem") or nesting
// deeper than 256 levels. numbers_as_text: every JSON number becomes a JSON
// string holding its literal text (problem and claim files: exact values);
// otherwise numbers stay numbers (the certificate, whose numbers are strings
// already and whose integers are counts). `what` names the input in messages.
nlohmann::json parse_strict(const std::string& text, bool numbers_as_text, const std::string& what);

// SHA-256 (FIPS 180-4) of `bytes`, as 64 lowercase hex digits.
std::string sha256_hex(const std::string& bytes);

// A problem as the checker reads it (docs/formats.md, "Problem files"):
// every number exact. Scalar: mu, x0, y0; matrix: A, X0, Y0 (row-major).
struct ProblemFile {
    std::string family, name, description;
    Q h, mu;
    std::vector<std::vector<Q>> A, X0, Y0;  // scalar: X0, Y0 are one row each
};

// Reads a problem object strictly: unknown keys, missing fields, wrong types,
// bad numbers, shapes that disagree and h <= 0 are Malformed, naming
// `where` (e.g. "problem file" or "certificate problem").
ProblemFile read_problem_object(const nlohmann::json& j, const std::string& where);

// "" when equal, else "problem: <field> differs: certificate X, problem file Y".
std::string compare_problems(const ProblemFile& cert, const ProblemFile& file);

// One claim as the checker reads it from a claim file (docs/claims.md, section 4).
struct ClaimText {
    std::string id, family, kind, origin;
    std::vector<std::string> assumptions, conclusions;
};

// Reads a claim file (its text) strictly; `origin` names it in messages.
std::vector<ClaimText> read_claim_file_text(const std::string& text, const std::string& origin);
// Reads a file, or every *.json directly in a folder (file-name order). Ids
// must be unique over everything read. Throws Malformed.
void read_claims_path(const std::string& path, std::vector<ClaimText>& into);

// The built-in claims folder: $LRCERT_CLAIMS_DIR when set (only that one),
// else <folder of the running checker>/../share/lrcert/claims, then
// <folder>/share/lrcert/claims. Returns "" and fills `tried` when none exists.
std::string locate_builtin_claims(std::vector<std::string>& tried);

// The expression text in normal form: tokens separated by single spaces,
// numbers written as exact rationals ("1e3" and "1000" agree). Throws
// Malformed on a character outside the claim language.
std::string normalise_expression(const std::string& text);

// The checker's inputs besides the certificate.
struct Inputs {
    std::string problem_path, problem_sha256;
    ProblemFile problem;
    bool claims_given = false;  // false: the claims are not compared (fuzz target only)
    std::vector<ClaimText> claims;
};

}  // namespace chk
