// The names a claim may use: one table (name, kind, family, meaning) read by
// the expression parser (a name outside it is rejected when the claim file is
// loaded), by Environment (the certifier can only set listed names, with the
// listed kind) and by docs/claims.md (a test checks the document lists every
// entry). Add a quantity here first, then teach the certifier to fill it.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace lrcert::claims {

// Problem family of an instance (Scalar: n = m = 1, A = mu; Matrix: the rest),
// of a claim (All: applies to both) and of a vocabulary entry (All: defined
// for both families).
enum class Family { Scalar, Matrix, All };

// "scalar", "matrix", "all"
const char* to_string(Family f);
std::optional<Family> parse_family(std::string_view text);

// Kind of a named quantity. A Vector is a d x 1 or 1 x d Matrix<Interval>.
enum class Kind { Truth, Scalar, Vector, Matrix };

// "truth", "scalar", "vector", "matrix"
const char* to_string(Kind k);

struct VocabularyEntry {
    std::string_view name;
    Kind kind;
    Family family;
    std::string_view meaning;
};

// Every entry, in documentation order. A name may have one entry per family
// (imbalance_inf: scalar and matrix meanings), always with the same kind.
std::span<const VocabularyEntry> vocabulary();

// The entry of `name` usable in a claim of family `claim_family`: for Scalar or
// Matrix an entry of that family or of All; for All an entry of All, or a name
// defined in both families. nullptr if there is none.
const VocabularyEntry* find_name(std::string_view name, Family claim_family);

// Kind of `name` in any family; nullopt if the name is not in the vocabulary.
std::optional<Kind> kind_of_name(std::string_view name);

// Short labels of quantities for the printed report of `lrcert certify`
// (stdout), per family, in printing order. A quantity of a run's table
// without a label is printed under its name, after the labelled ones.
struct ReportLabel {
    std::string_view name;
    Family family;  // Scalar or Matrix
    std::string_view label;
    // Non-empty: the line also shows h times the quantity under this name.
    std::string_view times_h;
};

std::span<const ReportLabel> report_labels();

struct FunctionEntry {
    std::string_view name;
    std::string_view signature;  // e.g. "norm2(v) -> scalar"
    std::string_view meaning;
};

// The functions of the expression language, in documentation order.
std::span<const FunctionEntry> functions();

}  // namespace lrcert::claims
