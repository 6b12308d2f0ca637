#include "lrcert/certify/driver.hpp"

#include <cmath>

namespace lrcert {

unsigned bits_for_digits(unsigned digits) {
    return static_cast<unsigned>(std::ceil(digits * 3.3219280948873623)) + 8;
}

std::string dry_run_summary(const DryRun& run) {
    if (run.cycle_period >= 2)
        return "float64 run settles into a period-" + std::to_string(run.cycle_period) + " cycle";
    if (run.escaped) return "float64 run escapes (beyond 1e100 or overflow at step " + std::to_string(run.steps) + ")";
    return "";
}

std::string with_dry_run(const DryRun& run, const std::string& why) {
    const std::string seen = dry_run_summary(run);
    return seen.empty() ? why : seen + "; " + why;
}

std::string cycle_reason(const CycleCertificate& cycle) {
    const ContractionRegion& S = cycle.region;
    const std::string p = std::to_string(S.period);
    return "the enclosure at step " + std::to_string(cycle.step) + " lies in an attracting region of a cycle of " +
           "minimal period " + p + " (F^" + p + " maps {z : |Q (z - c)|_2 <= " + S.rho.decimal(4) +
           "} into itself and contracts it by q <= " + S.q.decimal(4) + "), so GD converges to that cycle";
}

}  // namespace lrcert
