// The outputs of a `periodic` outcome (docs/formats.md, "Cycle"): the cycle's
// quantities in the claim table, the report's "cycle" object, the
// certificate's proof data for lrcert-check, and the readable lines.
#pragma once

#include "lrcert/certify/outcome.hpp"
#include "lrcert/claims/environment.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>

namespace lrcert {

// The truths `periodic` and `cycle_attracting` from the outcome, and, with a
// cycle, `period`, `cycle_loss`, `cycle_sharpness` (else unavailable).
void set_cycle_quantities(claims::Environment& env, Outcome outcome, const CycleCertificate* cycle);

// {"period", "step", "points": [{"x", "y"} | {"X", "Y"}], "reduced_points"
// (scalar family), "loss", "sharpness", "region": {"rho", "q", "delta"}};
// intervals with `digits` digits per end, rounded outward.
nlohmann::json cycle_json(const CycleCertificate& cycle, bool scalar, int digits);

// Exact data the checker re-verifies: {"step", "period", "centre", "Q", "rho"}.
nlohmann::json cycle_proof_json(const CycleCertificate& cycle);

// The readable block of `lrcert certify`.
void print_cycle(std::ostream& out, const CycleCertificate& cycle, bool scalar);

}  // namespace lrcert
