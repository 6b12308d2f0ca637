// lrcert command line (docs/cli.md).
#include "lrcert/app/certify_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

#ifndef LRCERT_CLAIMS_DIR
#define LRCERT_CLAIMS_DIR ""
#endif

int main(int argc, char** argv) {
    CLI::App app{"lrcert " LRCERT_VERSION
                 " -- certified gradient descent for f(X, Y) = 1/2 ||A - X Y^T||_F^2.\n"
                 "Every printed number is a proven enclosure; what cannot be proven is reported undecided."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("lrcert ") + LRCERT_VERSION);

    lrcert::CertifyOptions opt;
    opt.builtin_claims_dir = LRCERT_CLAIMS_DIR;
    bool no_builtin = false;
    CLI::App* certify = app.add_subcommand(
        "certify",
        "Certify a problem file: L0 and h L0 against 2, the trajectory, convergence (Lemma S) or\n"
        "divergence (Lemma D), the limit, and the verdicts of the claims.\n"
        "Exit codes: 0 all claims confirmed or vacuous; 1 a counterexample was certified;\n"
        "2 something is undecided; 3 bad input; 4 output not written; 5 internal error.");
    certify->add_option("PROBLEM", opt.problem_path, "problem file (JSON, docs/formats.md)")->required();
    certify->add_option("--precision", opt.precision,
                        "starting precision in bits [32, 65536] (default: planned from a float64 dry run)");
    certify->add_option("--max-precision", opt.max_precision,
                        "escalation limit in bits [32, 65536] (default 4096)")
        ->capture_default_str();
    certify->add_option("--max-steps", opt.max_steps, "GD steps per precision attempt (default 100000)")
        ->capture_default_str();
    certify->add_option("--claims", opt.claim_paths,
                        "extra claim file or directory (repeatable; docs/claims.md)");
    certify->add_flag("--no-builtin-claims", no_builtin, "do not evaluate the built-in claims in claims/");
    certify->add_option("--report", opt.report_path, "write the report JSON here (docs/formats.md)");
    certify->add_option("--certificate", opt.certificate_path,
                        "write a certificate for lrcert-check here (docs/checker.md)");
    certify->add_flag("--quiet", opt.quiet, "no readable report on stdout");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        // Help and version exit 0; usage errors are bad input.
        return code == 0 ? 0 : lrcert::kExitBadInput;
    }
    if (certify->parsed()) {
        opt.builtin_claims = !no_builtin;
        return lrcert::certify_command(opt, std::cout, std::cerr);
    }
    return lrcert::kExitBadInput;
}
