// The exit codes of every command (docs/cli.md, "Exit codes") and one mapping
// from exceptions to messages and exit codes: bad input (problem, spec,
// claims, options) -> 3, output not written -> 4, anything else -> 5.
// Messages go to `err` as "lrcert: error: ...".
#pragma once

#include "lrcert/claims/claim.hpp"
#include "lrcert/io/exact_json.hpp"
#include "lrcert/io/output_file.hpp"

#include <ostream>

namespace lrcert {

constexpr int kExitConfirmed = 0;       // certified; every claim confirmed or vacuous
constexpr int kExitCounterexample = 1;  // a theorem claim has a certified counterexample (or compare: left)
constexpr int kExitUndecided = 2;       // something is undecided
constexpr int kExitBadInput = 3;        // bad input: file, field, option, usage
constexpr int kExitOutput = 4;          // an output could not be written (nothing was changed)
constexpr int kExitInternal = 5;        // internal error
// An interrupted sweep exits 128 + the signal (130 SIGINT, 143 SIGTERM).

// Runs body() (returning an exit code) and maps its exceptions.
template <class F>
int run_guarded(std::ostream& err, F body) {
    try {
        return body();
    } catch (const InputError& e) {
        err << "lrcert: error: " << e.what() << "\n";
        return kExitBadInput;
    } catch (const claims::ClaimError& e) {
        err << "lrcert: error: " << e.what() << "\n";
        return kExitBadInput;
    } catch (const OutputError& e) {
        err << "lrcert: error: " << e.what() << "\n";
        return kExitOutput;
    } catch (const std::exception& e) {
        err << "lrcert: internal error: " << e.what() << "\n";
        return kExitInternal;
    }
}

}  // namespace lrcert
