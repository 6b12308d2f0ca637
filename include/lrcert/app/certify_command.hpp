// The `lrcert certify` command: problem file -> certification -> claims ->
// readable report on stdout and report JSON (docs/cli.md, docs/formats.md).
//
// Exit codes: 0 every claim confirmed or vacuous and the outcome decided;
// 1 a counterexample to a theorem claim was certified (classification and
// observation claims only inform); 2 something is undecided (the outcome or a
// claim); 3 and above: errors (3 bad input, 4 output could not be written,
// 5 internal error; app/errors.hpp). On an error nothing is written
// (docs/cli.md, "Files").
#pragma once

#include "lrcert/app/errors.hpp"
#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/certify/scalar_certifier.hpp"
#include "lrcert/claims/claim.hpp"
#include "lrcert/io/problem_file.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace lrcert {


struct CertifyOptions {
    std::string problem_path;
    unsigned precision = 0;  // 0: planned
    unsigned max_precision = 4096;
    size_t max_steps = 100000;
    // Digits of the limit to certify (--digits; docs/cli.md): refinement stops
    // there and more bits are taken only when they need them.
    unsigned digits = 30;
    std::vector<std::string> claim_paths;  // files or directories, added to the built-ins
    bool builtin_claims = true;
    std::string builtin_claims_dir;        // where the built-in claim files live
    std::string report_path;               // "" : no report file
    std::string certificate_path;          // "" : no certificate file
    bool quiet = false;                    // no readable report on stdout
    // Threads for the matrix products of this run (--threads; docs/cli.md),
    // at most kMaxRowThreads (linalg/parallel_rows.hpp): 1 is serial; 0 keeps
    // the calling thread's RowThreads scope (serial without one, as in a
    // sweep's workers). Every count gives the same report and certificate,
    // bit for bit.
    unsigned threads = 0;
    const std::atomic<bool>* cancel = nullptr;  // set: run_certify throws Cancelled (certify/cancel.hpp)
    ProgressSink progress;                      // set: called as the certified run steps (certify/progress.hpp)
};

// Everything a certify run produced (for the report, tests and later tools).
struct CertifyRun {
    Problem problem;
    // Common to both families.
    Outcome outcome = Outcome::Undecided;
    std::string reason;
    unsigned precision_bits = 0;
    Interval L0;            // lambda_max of the Hessian at the start
    Interval h_times_L0;
    std::string L0_method;  // how L0 was certified
    // Family specific.
    std::optional<ScalarCertificate> scalar;
    std::optional<MatrixCertificate> matrix;
    // The certified quantities by their vocabulary names (docs/claims.md):
    // the table the claims were evaluated on.
    claims::Environment quantities;
    std::vector<claims::ClaimResult> claims;
    std::vector<claims::Claim> claim_texts;  // the evaluated claims, as loaded
    double seconds = 0;
    // Seconds until the outcome was proven (unset: decided without a
    // trajectory, or undecided), and whether the limit reached `digits`.
    std::optional<double> verdict_seconds;
    unsigned digits = 0;
    bool digits_reached = false;
    int exit_code = kExitUndecided;
};

// Validates the numeric options; throws InputError naming the option.
void validate_certify_options(const CertifyOptions& options);

// Certifies the problem and evaluates the claims (no output).
CertifyRun run_certify(const Problem& problem, const std::vector<claims::Claim>& claims,
                       const CertifyOptions& options);

// The claim environment of a scalar certificate (vocabulary: docs/claims.md).
claims::Environment scalar_environment(const Problem& problem, const ScalarCertificate& cert);

// The claim environment of a matrix certificate.
claims::Environment matrix_environment(const Problem& problem, const MatrixCertificate& cert);

// Report JSON (docs/formats.md, "Report").
nlohmann::json report_json(const CertifyRun& run);

// The certificate for lrcert-check (docs/checker.md, "Certificate format"):
// the problem, the report, and the parameters the checker needs to re-derive
// every enclosure and verdict.
nlohmann::json certificate_json(const CertifyRun& run, const std::vector<claims::Claim>& claims);

// The readable report.
void print_report(std::ostream& out, const CertifyRun& run);

// The whole command: reads, certifies, prints, writes; returns the exit code.
// Errors are printed to `err` as "lrcert: error: ..." and leave no report file.
int certify_command(const CertifyOptions& options, std::ostream& out, std::ostream& err);

}  // namespace lrcert
