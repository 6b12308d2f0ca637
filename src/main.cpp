// lrcert command line (docs/cli.md).
#include "lrcert/app/certify_command.hpp"
#include "lrcert/version.hpp"
#include "lrcert/app/claims_location.hpp"
#include "lrcert/app/compare.hpp"
#include "lrcert/app/fixture.hpp"
#include "lrcert/app/orbits_command.hpp"
#include "lrcert/app/region.hpp"
#include "lrcert/app/region_shards.hpp"
#include "lrcert/app/sweep.hpp"
#include "lrcert/linalg/parallel_rows.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <functional>
#include <iostream>
#include <string>
#include <thread>

namespace {

unsigned default_threads() { return std::clamp(std::thread::hardware_concurrency(), 1u, lrcert::kMaxRowThreads); }

// A whole number in [lo, hi], with a message that names what is wrong (CLI11's
// own Range reads "Value abc not in range 1 to 10000" for text that is no
// number at all). CLI11 puts the option's name in front: "--digits: ...".
// `of` names the unit where the option's name does not ("of threads").
template <class T>
CLI::Validator whole_in(T lo, T hi, const std::string& of = "") {
    const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    const std::string what = of.empty() ? "a whole number" : "a whole number of " + of;
    return CLI::Validator(
        [lo, hi, range, what](std::string& text) -> std::string {
            long long v = 0;
            if (!CLI::detail::lexical_cast(text, v)) return "expected " + what + " in " + range + ", got \"" + text + "\"";
            if (v < static_cast<long long>(lo) || static_cast<unsigned long long>(v) > static_cast<unsigned long long>(hi))
                return text + " is outside the range " + range;
            return "";
        },
        "INT in " + range);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"lrcert " LRCERT_VERSION
                 " -- certified gradient descent for f(X, Y) = 1/2 ||A - X Y^T||_F^2.\n"
                 "Every printed number is a proven enclosure; what cannot be proven is reported undecided."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("lrcert ") + LRCERT_VERSION);

    lrcert::CertifyOptions opt;
    bool no_builtin = false;
    std::string claims_dir_option;  // --claims-dir of certify or sweep
    CLI::App* certify = app.add_subcommand(
        "certify",
        "Certify a problem file: L0 and h L0 against 2, the trajectory, convergence (Lemma S for\n"
        "the scalar family, Lemma G for the matrix family) or divergence (Lemma D, scalar), the\n"
        "limit, and the verdicts of the claims.\n"
        "Exit codes: 0 all claims confirmed or vacuous; 1 a theorem claim has a certified\n"
        "counterexample;\n"
        "2 something is undecided; 3 bad input; 4 output not written; 5 internal error.");
    certify->add_option("PROBLEM", opt.problem_path, "problem file (JSON, docs/formats.md)")->required();
    certify->add_option("--precision", opt.precision,
                        "starting precision in bits [32, 65536] (default: planned from a float64 dry run)")
        ->check(whole_in(32u, 65536u));
    certify->add_option("--max-precision", opt.max_precision,
                        "escalation limit in bits [32, 65536] (default 4096)")
        ->capture_default_str()
        ->check(whole_in(32u, 65536u));
    certify->add_option("--max-steps", opt.max_steps, "GD steps per precision attempt [1, 10^8] (default 100000)")
        ->capture_default_str()
        ->check(whole_in(size_t{1}, size_t{100000000}));
    certify->add_option("--digits", opt.digits,
                        "digits of the limit to certify [1, 10000] (default 30): refinement stops there and more "
                        "bits are taken only when the digits need them")
        ->capture_default_str()
        ->check(whole_in(1u, 10000u));
    certify->add_option("--claims", opt.claim_paths,
                        "extra claim file or directory (repeatable; docs/claims.md)");
    certify->add_flag("--no-builtin-claims", no_builtin, "do not evaluate the built-in claims in claims/");
    certify->add_option("--claims-dir", claims_dir_option,
                        "folder of the built-in claims (default: found beside the lrcert binary; or LRCERT_CLAIMS_DIR)");
    certify->add_option("--report", opt.report_path, "write the report JSON here (docs/formats.md)");
    certify->add_option("--certificate", opt.certificate_path,
                        "write a certificate for lrcert-check here (docs/checker.md)");
    certify->add_flag("--quiet", opt.quiet, "no readable report on stdout");
    // Default: one thread per core (the report does not depend on the count).
    opt.threads = default_threads();
    certify->add_option("--threads", opt.threads,
                        "threads for the matrix products [1, " + std::to_string(lrcert::kMaxRowThreads) +
                            "] (default: one per core; 1 = serial); report and certificate are identical for "
                            "every count")
        ->check(whole_in(1u, lrcert::kMaxRowThreads, "threads"));

    // ---- sweep / merge / plot (docs/cli.md) ----
    lrcert::SweepOptions sweep_opt;
    std::string shard_text;
    bool sweep_no_progress = false;
    CLI::App* sweep = app.add_subcommand(
        "sweep",
        "Certify every point of a grid over h (absolute or in multiples of 2/L0) and the start\n"
        "(scale or imbalance) around a base problem, in parallel; write results CSV and JSON.\n"
        "Exit codes: 0 results written; 1 results written and some point has a certified\n"
        "counterexample to a theorem claim; 3 bad input; 4 output not written; 5 internal error.");
    sweep->add_option("SPEC", sweep_opt.spec_path, "sweep specification (JSON, docs/formats.md)")->required();
    sweep->add_option("--out", sweep_opt.out_prefix,
                      "write PREFIX.json and PREFIX.csv (default: SPEC without .json, plus .results,\n"
                      "plus .shard-I-of-N for a shard)");
    sweep->add_option("--shard", shard_text, "run only the points with index % N == I (I/N, 0 <= I < N)");
    sweep->add_option("--jobs", sweep_opt.jobs, "threads [1, 1024] (default: one per core)")
        ->check(whole_in(1u, lrcert::kMaxJobs));
    sweep->add_flag("--resume", sweep_opt.resume,
                    "continue an interrupted sweep from PREFIX.journal (same spec and options)");
    sweep->add_option("--svg", sweep_opt.svg_prefix,
                      "also write the plots PREFIX-imbalance.svg and PREFIX-verdicts.svg (not with --shard)");
    sweep->add_option("--claims-dir", claims_dir_option,
                      "folder of the built-in claims (default: found beside the lrcert binary; or LRCERT_CLAIMS_DIR)");
    sweep->add_flag("--quiet", sweep_opt.quiet, "no summary on stdout");
    sweep->add_flag("--no-progress", sweep_no_progress, "no progress on stderr (a self-overwriting line on a terminal, else a plain line every 10 s)");

    lrcert::MergeOptions merge_opt;
    CLI::App* merge = app.add_subcommand(
        "merge",
        "Combine the shard results of one sweep (lrcert sweep --shard I/N) or one region run\n"
        "(lrcert region --shard I/N) into the results of the unsharded run (byte-identical).\n"
        "Exit codes as for sweep.");
    merge->add_option("SHARDS", merge_opt.shard_paths, "the N shard result files (PREFIX.json)")->required();
    merge->add_option("--out", merge_opt.out_prefix, "write PREFIX.json and PREFIX.csv (region: PREFIX.json)")->required();
    merge->add_option("--svg", merge_opt.svg_prefix,
                      "also write the plots PREFIX-imbalance.svg, PREFIX-verdicts.svg\n"
                      "(region: PREFIX.phase.svg, PREFIX.imbalance.svg)");
    merge->add_flag("--quiet", merge_opt.quiet, "no summary on stdout");

    lrcert::PlotOptions plot_opt;
    CLI::App* plot = app.add_subcommand(
        "plot",
        "Draw the plots of a complete sweep results file: PREFIX-imbalance.svg (limit imbalance\n"
        "against h) and PREFIX-verdicts.svg (outcome map). Exit codes: 0 written; 3 bad input;\n"
        "4 output not written; 5 internal error.");
    plot->add_option("RESULTS", plot_opt.results_path,
                     "sweep or region results JSON (not a shard); region results give PREFIX.phase.svg\n"
                     "and PREFIX.imbalance.svg")->required();
    plot->add_option("--svg", plot_opt.svg_prefix, "output prefix (default: RESULTS without .json)");
    plot->add_option("--x-axis", plot_opt.x_axis,
                     "x axis of the imbalance figure: spec (the spec's h axis), h, or relative (h / (2/L0))")
        ->capture_default_str();
    plot->add_flag("--png", plot_opt.png, "also PREFIX-*.png (rsvg-convert, Debian package librsvg2-bin)");
    plot->add_flag("--pdf", plot_opt.pdf, "also PREFIX-*.pdf (rsvg-convert)");
    plot->add_flag("--quiet", plot_opt.quiet, "no summary on stdout");

    // ---- fixture / compare (docs/cli.md) ----
    lrcert::FixtureOptions fixture_opt;
    CLI::App* fixture = app.add_subcommand(
        "fixture",
        "Certified reference values of a GD run: the iterates and the loss at the given steps and the\n"
        "limit (when convergence is proven), each with D correct digits or, flagged, its enclosure.\n"
        "Exit codes: 0 every value has D certified digits; 2 some are only enclosures; 3 bad input;\n"
        "4 output not written; 5 internal error.");
    fixture->add_option("PROBLEM", fixture_opt.problem_path, "problem file (JSON)")->required();
    fixture->add_option("--steps", fixture_opt.steps, "steps, e.g. 0,1,2,10,100 or 0-20,50 (default 0,1,2,10,100)")
        ->capture_default_str();
    fixture->add_option("--digits", fixture_opt.digits, "significant digits per value [1, 1000] (default 17)")
        ->capture_default_str()
        ->check(whole_in(1, 1000));
    fixture->add_option("--out", fixture_opt.out_path, "write the fixture here (default: stdout)");
    fixture->add_option("--max-precision", fixture_opt.max_precision,
                        "cap of the working precision in bits [64, 65536] (default 8192)")
        ->capture_default_str()
        ->check(whole_in(64u, 65536u));
    fixture->add_option("--max-steps", fixture_opt.max_steps,
                        "GD steps for the limit certification [1, 10^8] (default 100000)")
        ->capture_default_str()
        ->check(whole_in(size_t{1}, size_t{100000000}));
    fixture->add_flag("--no-limit", fixture_opt.no_limit, "do not certify the limit");
    fixture_opt.threads = default_threads();
    fixture->add_option("--threads", fixture_opt.threads,
                        "threads for the matrix products [1, " + std::to_string(lrcert::kMaxRowThreads) +
                            "] (default: one per core; 1 = serial); the fixture is identical for every count")
        ->check(whole_in(1u, lrcert::kMaxRowThreads, "threads"));
    fixture->add_flag("--quiet", fixture_opt.quiet, "no summary on stdout (with --out)");

    lrcert::CompareOptions compare_opt;
    CLI::App* compare = app.add_subcommand(
        "compare",
        "Check a float trajectory (CSV: step, then x then y entries, or X then Y row-major) against\n"
        "the certified enclosures of exact GD; report the first step where it leaves them by more\n"
        "than the tolerance. Exit codes: 0 inside everywhere; 1 left; 2 undecided at the precision\n"
        "cap; 3 bad input; 5 internal error.");
    compare->add_option("PROBLEM", compare_opt.problem_path, "problem file (JSON)")->required();
    compare->add_option("TRAJECTORY", compare_opt.trajectory_path, "trajectory CSV (docs/formats.md)")->required();
    compare->add_option("--tol", compare_opt.tol, "absolute tolerance T >= 0, exact decimal (default 1e-9)")
        ->capture_default_str();
    compare->add_option("--max-precision", compare_opt.max_precision,
                        "cap of the working precision in bits [64, 65536] (default 4096)")
        ->capture_default_str()
        ->check(whole_in(64u, 65536u));
    compare->add_flag("--quiet", compare_opt.quiet, "no report on stdout (exit code only)");

    // ---- orbits (docs/cli.md) ----
    lrcert::OrbitsOptions orbits_opt;
    CLI::App* orbits = app.add_subcommand(
        "orbits",
        "Certified periodic orbits of the GD map (Krawczyk: existence and uniqueness, minimal period,\n"
        "stability and multipliers) found by a Newton search, and Li-Yorke chaos on the invariant\n"
        "lines x = y, x = -y (scalar family). Exit codes: 0 every listed verdict decided; 2 something\n"
        "undecided; 3 bad input; 4 output not written; 5 internal error.");
    orbits->add_option("PROBLEM", orbits_opt.problem_path, "problem file (JSON)")->required();
    orbits->add_option("--periods", orbits_opt.periods, "periods P or P-Q, 1 <= P <= Q <= 16 (default 1-8)")
        ->capture_default_str();
    orbits->add_option("--report", orbits_opt.report_path, "write the orbits report JSON here (docs/formats.md)");
    orbits->add_option("--certificate", orbits_opt.certificate_path,
                       "write the orbits certificate for lrcert-check here (docs/checker.md)");
    orbits->add_flag("--quiet", orbits_opt.quiet, "no listing on stdout");

    // ---- region (docs/cli.md) ----
    lrcert::RegionOptions region_opt;
    CLI::App* region = app.add_subcommand(
        "region",
        "Certify a region of the scalar family: every h in an interval (absolute or in multiples of\n"
        "2/L0) and every start along an optional scale or imbalance interval, by branch and bound\n"
        "over cells, each certified as a set (converged, diverged or undecided). Exit codes: 0\n"
        "results written; 1 written and a theorem claim has a counterexample on a cell; 3 bad input;\n"
        "4 output not written; 5 internal error.");
    region->add_option("SPEC", region_opt.spec_path, "region specification (JSON, docs/formats.md)")->required();
    region->add_option("--out", region_opt.out_prefix, "write PREFIX.json (default: SPEC without .json, plus .region)");
    region->add_option("--max-cells", region_opt.max_cells, "cells certified in all [1, 10^8] (default 512)")
        ->capture_default_str()
        ->check(whole_in(size_t{1}, size_t{100000000}));
    region->add_option("--min-width", region_opt.min_width,
                       "no cell is split below this width relative to the spec's interval, exact, in (0, 1]\n"
                       "(default 1/1024)")
        ->capture_default_str();
    region->add_option("--jobs", region_opt.jobs, "threads [1, 1024] (default: one per core)")
        ->check(whole_in(1u, lrcert::kMaxJobs));
    region->add_option("--claims-dir", claims_dir_option,
                       "folder of the built-in claims (default: found beside the lrcert binary; or LRCERT_CLAIMS_DIR)");
    std::string region_shard_text;
    region->add_option("--shard", region_shard_text,
                       "certify only the root cells (initial grid) with index % N == I (I/N, 0 <= I < N);\n"
                       "lrcert merge of all N shards gives the unsharded results byte for byte");
    region->add_flag("--resume", region_opt.resume,
                     "continue an interrupted run from PREFIX.journal (same spec and options)");
    region->add_option("--svg", region_opt.svg_prefix,
                       "also write the figures PREFIX.phase.svg and PREFIX.imbalance.svg (not with --shard)");
    region->add_flag("--quiet", region_opt.quiet, "no summary on stdout");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // Help and version exit 0; usage errors (unknown options, values out
        // of their documented range) are bad input.
        if (e.get_exit_code() == 0) return app.exit(e);
        // A mistyped subcommand would otherwise read "A subcommand is required".
        std::string names;
        bool known = false;
        const CLI::App& top = app;
        for (const CLI::App* sub : top.get_subcommands(std::function<bool(const CLI::App*)>{})) {
            names += " " + sub->get_name();
            known |= argc >= 2 && sub->get_name() == argv[1];
        }
        if (argc >= 2 && argv[1][0] != '-' && !known) {
            std::cerr << "lrcert: error: unknown subcommand \"" << argv[1] << "\" (expected one of:" << names
                      << "; see lrcert --help)\n";
            return lrcert::kExitBadInput;
        }
        // An option before any subcommand: lrcert itself has only --help and --version.
        const std::string first = argc >= 2 ? argv[1] : "";
        if (!first.empty() && first[0] == '-' && first != "-h" && first != "--help" && first != "--version") {
            std::cerr << "lrcert: error: unknown option \"" << first
                      << "\" (lrcert takes --help, --version or a subcommand first, one of:" << names
                      << "; see lrcert --help)\n";
            return lrcert::kExitBadInput;
        }
        std::cerr << "lrcert: error: " << e.what() << " (see lrcert --help, lrcert SUBCOMMAND --help)\n";
        return lrcert::kExitBadInput;
    }
    const lrcert::ClaimsLocation claims_location = lrcert::locate_builtin_claims(claims_dir_option);
    if (certify->parsed()) {
        opt.builtin_claims = !no_builtin;
        if (opt.builtin_claims && claims_location.dir.empty()) {
            std::cerr << "lrcert: error: " << claims_location.error() << "\n";
            return lrcert::kExitBadInput;
        }
        opt.builtin_claims_dir = claims_location.dir;
        return lrcert::certify_command(opt, std::cout, std::cerr);
    }
    if (sweep->parsed()) {
        if (!shard_text.empty()) {
            try {
                sweep_opt.shard = lrcert::parse_shard(shard_text);
            } catch (const lrcert::InputError& e) {
                std::cerr << "lrcert: error: " << e.what() << "\n";
                return lrcert::kExitBadInput;
            }
        }
        sweep_opt.progress = !sweep_no_progress;
        sweep_opt.builtin_claims_dir = claims_location.dir;
        sweep_opt.builtin_claims_error = claims_location.error();
        return lrcert::sweep_command(sweep_opt, std::cout, std::cerr);
    }
    if (region->parsed()) {
        if (!region_shard_text.empty()) {
            try {
                const lrcert::Shard sh = lrcert::parse_shard(region_shard_text);
                region_opt.shard_index = sh.index;
                region_opt.shard_count = sh.count;
            } catch (const lrcert::InputError& e) {
                std::cerr << "lrcert: error: " << e.what() << "\n";
                return lrcert::kExitBadInput;
            }
        }
        region_opt.builtin_claims_dir = claims_location.dir;
        region_opt.builtin_claims_error = claims_location.error();
        return lrcert::region_command(region_opt, std::cout, std::cerr);
    }
    if (merge->parsed()) {
        if (!merge_opt.shard_paths.empty() && lrcert::is_region_results_file(merge_opt.shard_paths.front()))
            return lrcert::region_merge_command(merge_opt, std::cout, std::cerr);
        return lrcert::merge_command(merge_opt, std::cout, std::cerr);
    }
    if (plot->parsed()) {
        if (lrcert::is_region_results_file(plot_opt.results_path))
            return lrcert::region_plot_command(plot_opt, std::cout, std::cerr);
        return lrcert::plot_command(plot_opt, std::cout, std::cerr);
    }
    if (fixture->parsed()) return lrcert::fixture_command(fixture_opt, std::cout, std::cerr);
    if (compare->parsed()) return lrcert::compare_command(compare_opt, std::cout, std::cerr);
    if (orbits->parsed()) return lrcert::orbits_command(orbits_opt, std::cout, std::cerr);
    return lrcert::kExitBadInput;
}
