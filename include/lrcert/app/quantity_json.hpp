// The certified quantities of a run as JSON, generated from the one table of
// them (CertifyRun::quantities, keyed by the claim vocabulary's names,
// docs/claims.md): the report's "limit" object, the fixture's limit values
// and the sweep rows' limit columns are written from here, so a quantity a
// family adds to its table appears in every output without editing the
// writers.
#pragma once

#include "lrcert/claims/expression.hpp"
#include "lrcert/io/problem_file.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lrcert {

// Writes one certified interval; `where` names it, e.g. "limit.x[0]" or
// "limit.X[1][2]" (the quantity's path and its entry).
using IntervalWriter = std::function<nlohmann::json(const Interval& x, const std::string& where)>;

// The quantity `name` of the table: an interval written by `write`, a vector
// as an array of them, a matrix as rows of them; null when it is unavailable
// or not set. `where` is the quantity's path (entries append "[i]", "[i][j]").
nlohmann::json quantity_json(const claims::Environment& quantities, std::string_view name,
                             const IntervalWriter& write, const std::string& where);

// The same with intervals {"lo", "hi"} (docs/formats.md, "Interval ends"),
// `digits` significant digits per end, rounded outward. Needs a PrecisionScope.
nlohmann::json quantity_json(const claims::Environment& quantities, std::string_view name, int digits);

// Every limit quantity (vocabulary name "<key>_inf") that the table holds, as
// {"<key>": quantity_json(..., prefix + "<key>")}: the report's "limit"
// object and the fixture's limit values.
nlohmann::json limit_json(const claims::Environment& quantities, const IntervalWriter& write,
                          const std::string& prefix);
nlohmann::json limit_json(const claims::Environment& quantities, int digits);

// The vocabulary names of the limit quantities ("<key>_inf"), each once, in
// vocabulary order.
std::vector<std::string_view> limit_names();

// The balancing bound of the theorems (docs/claims.md), exact from the
// problem: 2/h - 2 mu (scalar family), 2d/h - 2 tr(A) (square A); nullopt
// for a matrix A that is not square.
std::optional<Rational> balancing_bound(const Problem& problem);

// obj[key] = the exact text of q (docs/formats.md: a finite decimal, or "p/q"),
// and, when that is a fraction p/q, obj[key + "_decimal"] = q with 17
// significant digits (nearest; a display value, not a bound). A null q
// writes null (and no decimal).
void put_exact(nlohmann::json& obj, const std::string& key, const std::optional<Rational>& q);
// q as a decimal: its exact text when that is a finite decimal, else 17
// significant digits (nearest).
std::string decimal_text(const Rational& q);

}  // namespace lrcert
