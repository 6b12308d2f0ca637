// The small C++ API (include/lrcert/lrcert.hpp).
#include "lrcert/lrcert.hpp"

#include "lrcert/claims/vocabulary.hpp"

#include <stdexcept>

namespace lrcert {

namespace {

const claims::Value* lookup(const CertifyRun& run, const std::string& name, std::string* why) {
    if (!claims::kind_of_name(name))
        throw std::invalid_argument("\"" + name + "\" is not a quantity of the claim vocabulary (docs/claims.md)");
    const claims::Value* v = run.quantities.find(name);
    if (!v) {
        if (why) *why = "not provided for this family";
        return nullptr;
    }
    if (const auto* u = std::get_if<claims::Unavailable>(v)) {
        if (why) *why = u->reason;
        return nullptr;
    }
    return v;
}

}  // namespace

CertifyRun certify(const Problem& problem, const CertifyOptions& options, const std::vector<claims::Claim>& claims) {
    validate_certify_options(options);
    return run_certify(problem, claims, options);
}

std::optional<Interval> quantity(const CertifyRun& run, const std::string& name, std::string* why) {
    const claims::Value* v = lookup(run, name, why);
    if (!v) return std::nullopt;
    if (const auto* x = std::get_if<Interval>(v)) return *x;
    if (why) *why = "\"" + name + "\" is not a scalar (use quantity_matrix)";
    return std::nullopt;
}

std::optional<Matrix<Interval>> quantity_matrix(const CertifyRun& run, const std::string& name, std::string* why) {
    const claims::Value* v = lookup(run, name, why);
    if (!v) return std::nullopt;
    if (const auto* m = std::get_if<Matrix<Interval>>(v)) return *m;
    if (why) *why = "\"" + name + "\" is not a vector or matrix (use quantity)";
    return std::nullopt;
}

}  // namespace lrcert
