// Claims (theorem statements over certified quantities), claim files, verdicts.
// File format and semantics: docs/claims.md. lrcert loads the built-in claims
// from the claims/ folder of the source tree, or any directory it is given
// (load_claims_directory); nothing here knows where that folder is.
#pragma once

#include "lrcert/claims/expression.hpp"
#include "lrcert/claims/truth.hpp"
#include "lrcert/claims/vocabulary.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lrcert::claims {

// How to read a verdict. Theorem: a certified counterexample contradicts the
// statement (up to its exceptional set). Observation: a conjecture to test; a
// counterexample is informative, not a bug. Classification: the verdict tells
// which side of a dividing line the instance is on (confirmed = the conclusion
// holds, counterexample = it certainly fails).
enum class ClaimKind { Theorem, Observation, Classification };
const char* to_string(ClaimKind k);  // "theorem", "observation", "classification"

struct Claim {
    std::string id;         // [A-Za-z0-9_.-]+, unique among loaded claims
    std::string source;     // citation, or "derived"
    std::string statement;  // human text
    Family family = Family::All;
    ClaimKind kind = ClaimKind::Theorem;
    std::vector<std::string> assumptions;  // all must hold (none: true)
    std::vector<std::string> conclusions;  // all must hold (at least one)
    std::string exceptional_set;           // null set an a.e. theorem cannot exclude; may be empty
    std::string note;                      // free text for readers; may be empty
    std::string origin;                    // file (or other origin) it was read from
};

// Any problem with a claim or claim file. The message names the origin, the
// claim id and the problem (for expression errors: which assumption or
// conclusion, the column and the text).
class ClaimError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Parses a claim file's text {"claims": [ ... ]}; every expression is parsed
// and type-checked; unknown keys, duplicate ids and malformed values are
// rejected. `origin` names the text in messages and is stored in Claim::origin.
std::vector<Claim> parse_claims(std::string_view json_text, const std::string& origin);

// parse_claims on the file's contents (origin = path).
std::vector<Claim> load_claims_file(const std::filesystem::path& path);

// Every *.json file directly in `dir`, in file-name order; ids must be unique
// across files.
std::vector<Claim> load_claims_directory(const std::filesystem::path& dir);

// Checks a claim built in code as parse_claims checks a loaded one. Throws ClaimError.
void validate_claim(const Claim& claim);

// Whether a claim applies to an instance of family `instance_family` (Scalar
// or Matrix; std::invalid_argument for All): its family is All or equal.
bool claim_applies(const Claim& claim, Family instance_family);
std::vector<Claim> applicable_claims(const std::vector<Claim>& claims, Family instance_family);

enum class Verdict { Confirmed, Counterexample, Vacuous, Undecided };
const char* to_string(Verdict v);  // "confirmed", "counterexample", "vacuous", "undecided"

// assumptions true & conclusions true -> confirmed; assumptions true &
// conclusions false -> counterexample; assumptions false -> vacuous; otherwise
// undecided.
Verdict verdict_of(Truth assumptions, Truth conclusions);

// One assumption or conclusion: its text, value and evidence (notes joined by "; ").
struct ItemResult {
    std::string text;
    Truth truth = Truth::Unknown;
    std::string detail;
};

struct ClaimResult {
    std::string id;
    std::string source;
    std::string statement;
    ClaimKind kind = ClaimKind::Theorem;
    Truth assumptions = Truth::Unknown;  // Kleene "and" of all assumptions
    Truth conclusions = Truth::Unknown;  // Kleene "and" of all conclusions; Unknown if not evaluated
    bool conclusions_evaluated = false;  // false when the assumptions are false
    Verdict verdict = Verdict::Undecided;
    std::string detail;  // why: which item was false / unknown and the evidence
    std::vector<ItemResult> assumption_items;
    std::vector<ItemResult> conclusion_items;  // empty if not evaluated
};

// Evaluates a claim on an instance (the caller holds the PrecisionScope and has
// checked claim_applies). Conclusions are evaluated only when the assumptions
// are not false. Throws ClaimError only for an invalid claim (see validate_claim).
ClaimResult evaluate_claim(const Claim& claim, const Environment& env);

// applicable_claims + evaluate_claim, in order.
std::vector<ClaimResult> evaluate_claims(const std::vector<Claim>& claims, Family instance_family,
                                         const Environment& env);

}  // namespace lrcert::claims
