#include "lrcert/app/quantity_json.hpp"

#include "lrcert/claims/vocabulary.hpp"
#include "lrcert/io/exact_json.hpp"

#include <set>
#include <string>
#include <variant>

namespace lrcert {

using nlohmann::json;

json quantity_json(const claims::Environment& quantities, std::string_view name, int digits) {
    const claims::Value* v = quantities.find(std::string(name));
    if (!v) return nullptr;
    if (const auto* x = std::get_if<Interval>(v)) return interval_json(*x, digits);
    if (const auto* M = std::get_if<Matrix<Interval>>(v)) {
        // A vector (d x 1) is a flat array; a matrix is rows.
        if (claims::kind_of_name(name) == claims::Kind::Vector) {
            json a = json::array();
            for (const Interval& e : M->data()) a.push_back(interval_json(e, digits));
            return a;
        }
        json rows = json::array();
        for (size_t i = 0; i < M->rows(); ++i) {
            json row = json::array();
            for (size_t j = 0; j < M->cols(); ++j) row.push_back(interval_json((*M)(i, j), digits));
            rows.push_back(row);
        }
        return rows;
    }
    return nullptr;  // a truth value or unavailable
}

json limit_json(const claims::Environment& quantities, int digits) {
    const std::string suffix = "_inf";
    json limit = json::object();
    std::set<std::string_view> seen;
    for (const auto& entry : claims::vocabulary()) {
        std::string_view name = entry.name;
        if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix) continue;
        if (!seen.insert(name).second) continue;
        json q = quantity_json(quantities, name, digits);
        if (!q.is_null()) limit[std::string(name.substr(0, name.size() - suffix.size()))] = q;
    }
    return limit;
}

}  // namespace lrcert
