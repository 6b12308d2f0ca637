// One mapping from exceptions to messages and exit codes for every command:
// bad input (problem, spec, claims, options) -> 3, output not written -> 4,
// anything else -> 5. Messages go to `err` as "lrcert: error: ...".
#pragma once

#include "lrcert/app/certify_command.hpp"
#include "lrcert/io/output_file.hpp"

#include <ostream>

namespace lrcert {

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
