// lrcert-check's own inputs besides the certificate (docs/checker.md, section
// 1b): the problem file the user wrote and the claim files. A strict JSON
// reader (duplicate keys rejected, JSON numbers kept as their literal text in
// problem and claim files), SHA-256 of the problem file's bytes, the problem
// and claim file readers, the built-in claims lookup, and the comparison of
// the certificate's problem and claims with these inputs.
#pragma once

#include "num.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
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
// t: "h_over_2_over_L0" when given (h relative to 2/L0); h is then 0 in a
// problem file (which gives t alone) and the solver's resolution in a
// certificate (which records both).
struct ProblemFile {
    std::string family, name, description;
    Q h, mu;
    std::optional<Q> t;
    std::vector<std::vector<Q>> A, X0, Y0;  // scalar: X0, Y0 are one row each
};

// Reads a problem object strictly: unknown keys, missing fields, wrong types,
// bad numbers, shapes that disagree and h <= 0 (t <= 0) are Malformed, naming
// `where` (e.g. "problem file" or "certificate problem"). A problem file
// (record = false) gives exactly one of "h" and "h_over_2_over_L0"; a
// certificate's problem (record = true) gives "h" and optionally t.
ProblemFile read_problem_object(const nlohmann::json& j, const std::string& where, bool record = false);

// "" when equal, else "problem: <field> differs: certificate X, problem file Y".
// When the file gives t the certificate must give the same t (its h is then
// checked by relative_h_failure, not compared).
std::string compare_problems(const ProblemFile& cert, const ProblemFile& file);

// docs/checker.md, section 1c. "" when the certificate's problem gives no t,
// or when its h is exactly 2 t / L0 rounded to 12 significant digits (to
// nearest), decided by the checker's own enclosure of 2 t / L0, tightened
// until the rounding is decided: the scalar family by the closed form, its
// square root to 64, 128, ..., 65536 bits; the matrix family by
// matrix_L0(bits), an enclosure of L0 of about `bits` bits (bits = 0: the one
// the checker already has), for bits = 0, 64, ..., 1024 (empty: cannot
// verify). Else the reason (a rejection). `report_t`, the report's echo of t
// (null when absent), must equal t.
std::string relative_h_failure(const ProblemFile& cert, const nlohmann::json& report_t,
                               const std::function<I(long bits)>& matrix_L0);

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
