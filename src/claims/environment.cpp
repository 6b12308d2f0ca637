// The table of certified quantities claims are evaluated on
// (include/lrcert/claims/environment.hpp).
#include "lrcert/claims/environment.hpp"

#include <stdexcept>

namespace lrcert::claims {

namespace {

Kind require_name(const std::string& name) {
    std::optional<Kind> kind = kind_of_name(name);
    if (!kind) throw std::invalid_argument("claims::Environment: \"" + name + "\" is not in the claims vocabulary");
    return *kind;
}

void require_kind(const std::string& name, Kind actual, const char* setter, bool ok) {
    if (!ok)
        throw std::invalid_argument("claims::Environment::" + std::string(setter) + ": \"" + name +
                                    "\" is a " + to_string(actual) + " quantity");
}

}  // namespace

void Environment::set_interval(const std::string& name, const Interval& value) {
    Kind k = require_name(name);
    require_kind(name, k, "set_interval", k == Kind::Scalar);
    values_.insert_or_assign(name, Value(value));
    exact_.erase(name);
}

void Environment::set_truth(const std::string& name, Truth value) {
    Kind k = require_name(name);
    require_kind(name, k, "set_truth", k == Kind::Truth);
    values_.insert_or_assign(name, Value(value));
}

void Environment::set_matrix(const std::string& name, const Matrix<Interval>& value) {
    Kind k = require_name(name);
    require_kind(name, k, "set_matrix", k == Kind::Vector || k == Kind::Matrix);
    if (k == Kind::Vector && value.rows() != 1 && value.cols() != 1)
        throw std::invalid_argument("claims::Environment::set_matrix: \"" + name + "\" is a vector; got a " +
                                    std::to_string(value.rows()) + " x " + std::to_string(value.cols()) +
                                    " matrix");
    values_.insert_or_assign(name, Value(value));
    exact_.erase(name);
}

void Environment::set_unavailable(const std::string& name, std::string reason) {
    require_name(name);
    values_.insert_or_assign(name, Value(Unavailable{std::move(reason)}));
    exact_.erase(name);
}

void Environment::set_exact(const std::string& name, const Rational& value) {
    set_interval(name, enclose(value));
    exact_.insert_or_assign(name, ExactValue(value));
}

void Environment::set_exact(const std::string& name, const Matrix<Rational>& value) {
    set_matrix(name, convert_matrix<Interval>(value));
    exact_.insert_or_assign(name, ExactValue(value));
}

const ExactValue* Environment::find_exact(const std::string& name) const {
    auto it = exact_.find(name);
    return it == exact_.end() ? nullptr : &it->second;
}

const Value* Environment::find(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? nullptr : &it->second;
}

// ============================================================================
// Errors, types
// ============================================================================

}  // namespace lrcert::claims
