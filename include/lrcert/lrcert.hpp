// lrcert's C++ API (docs/api.md): read a problem file, certify it, read the
// certified quantities. Everything else of include/lrcert/ is usable too; this
// header is the small, stable part a downstream project starts from:
//
//     #include <lrcert/lrcert.hpp>
//     lrcert::Problem p = lrcert::read_problem_file("headline.json");
//     lrcert::CertifyRun run = lrcert::certify(p);
//     if (run.outcome == lrcert::Outcome::Converged) {
//         lrcert::PrecisionScope scope(run.precision_bits);
//         lrcert::Interval imb = lrcert::quantity(run, "imbalance_inf").value();
//         ...  // lo(imb) <= exact limit imbalance <= hi(imb)
//     }
//
// Build: find_package(lrcert) and link lrcert::lrcert, or pkg-config lrcert.
#pragma once

#include "lrcert/app/certify_command.hpp"
#include "lrcert/claims/claim.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/interval.hpp"
#include "lrcert/number/precision.hpp"
#include "lrcert/version.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lrcert {

// Certifies `problem` (docs/math.md: L0, the trajectory, convergence or
// divergence, the limit) and evaluates `claims` (none by default; see
// claims::load_claims_file / load_claims_directory). Throws InputError for
// options out of range (validate_certify_options); never writes a file.
CertifyRun certify(const Problem& problem, const CertifyOptions& options = {},
                   const std::vector<claims::Claim>& claims = {});

// The certified enclosure of a scalar quantity by its vocabulary name
// (docs/claims.md: "L0", "h", "imbalance_inf", "sharpness_inf", ...), or
// nullopt when it is not certified on this run (then `why`, if given, says
// why) or is not a scalar. Throws std::invalid_argument for a name that is not
// in the vocabulary.
std::optional<Interval> quantity(const CertifyRun& run, const std::string& name, std::string* why = nullptr);

// The same for vector and matrix quantities ("x_inf", "X_inf", "A", ...).
std::optional<Matrix<Interval>> quantity_matrix(const CertifyRun& run, const std::string& name,
                                                std::string* why = nullptr);

}  // namespace lrcert
