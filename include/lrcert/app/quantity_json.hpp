// The certified quantities of a run as JSON, generated from the one table of
// them (CertifyRun::quantities, keyed by the claim vocabulary's names,
// docs/claims.md): the report's "limit" object and the sweep rows' limit
// columns are written from here, so a quantity a family adds to its table
// appears in every output without editing the writers.
#pragma once

#include "lrcert/claims/expression.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace lrcert {

// The quantity `name` of the table: an interval {"lo", "hi"} (docs/formats.md,
// "Interval ends"), a vector as an array of intervals, a matrix as rows of
// intervals; null when it is unavailable or not set. `digits` significant
// digits per end, rounded outward. Needs a PrecisionScope.
nlohmann::json quantity_json(const claims::Environment& quantities, std::string_view name, int digits);

// Every limit quantity (vocabulary name "<key>_inf") that the table holds, as
// {"<key>": quantity_json(...)}: the report's "limit" object.
nlohmann::json limit_json(const claims::Environment& quantities, int digits);

}  // namespace lrcert
