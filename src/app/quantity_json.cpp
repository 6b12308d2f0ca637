#include "lrcert/app/quantity_json.hpp"

#include "lrcert/app/sweep_spec.hpp"
#include "lrcert/claims/vocabulary.hpp"
#include "lrcert/number/precision.hpp"
#include "lrcert/io/exact_json.hpp"

#include <set>
#include <string>
#include <variant>

namespace lrcert {

using nlohmann::json;

json quantity_json(const claims::Environment& quantities, std::string_view name, const IntervalWriter& write,
                   const std::string& where) {
    const claims::Value* v = quantities.find(std::string(name));
    if (!v) return nullptr;
    if (const auto* x = std::get_if<Interval>(v)) return write(*x, where);
    if (const auto* M = std::get_if<Matrix<Interval>>(v)) {
        // A vector (d x 1) is a flat array; a matrix is rows.
        if (claims::kind_of_name(name) == claims::Kind::Vector) {
            json a = json::array();
            for (size_t i = 0; i < M->size(); ++i)
                a.push_back(write(M->data()[i], where + "[" + std::to_string(i) + "]"));
            return a;
        }
        json rows = json::array();
        for (size_t i = 0; i < M->rows(); ++i) {
            json row = json::array();
            for (size_t j = 0; j < M->cols(); ++j)
                row.push_back(write((*M)(i, j), where + "[" + std::to_string(i) + "][" + std::to_string(j) + "]"));
            rows.push_back(row);
        }
        return rows;
    }
    return nullptr;  // a truth value or unavailable
}

json quantity_json(const claims::Environment& quantities, std::string_view name, int digits) {
    return quantity_json(
        quantities, name, [digits](const Interval& x, const std::string&) { return interval_json(x, digits); },
        std::string(name));
}

std::vector<std::string_view> limit_names() {
    const std::string_view suffix = "_inf";
    std::vector<std::string_view> names;
    std::set<std::string_view> seen;
    for (const auto& entry : claims::vocabulary()) {
        std::string_view name = entry.name;
        if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix) continue;
        if (seen.insert(name).second) names.push_back(name);
    }
    return names;
}

json limit_json(const claims::Environment& quantities, const IntervalWriter& write, const std::string& prefix) {
    json limit = json::object();
    for (std::string_view name : limit_names()) {
        const std::string key(name.substr(0, name.size() - 4));  // without "_inf"
        json q = quantity_json(quantities, name, write, prefix + key);
        if (!q.is_null()) limit[key] = q;
    }
    return limit;
}

json limit_json(const claims::Environment& quantities, int digits) {
    return limit_json(
        quantities, [digits](const Interval& x, const std::string&) { return interval_json(x, digits); }, "");
}

std::optional<Rational> balancing_bound(const Problem& p) {
    if (p.family == Family::Scalar) return 2 / p.h - 2 * p.mu();
    if (p.n() != p.m()) return std::nullopt;
    Rational tr = 0;
    for (size_t i = 0; i < p.n(); ++i) tr += p.A(i, i);
    return Rational(2 * static_cast<long>(p.d())) / p.h - 2 * tr;
}

std::string decimal_text(const Rational& q) {
    const std::string text = exact_text(q);
    if (text.find('/') == std::string::npos) return text;
    PrecisionScope scope(128);
    return exact_text(round_to_digits(from_rational<Real>(q), 17));
}

void put_exact(json& obj, const std::string& key, const std::optional<Rational>& q) {
    if (!q) {
        obj[key] = nullptr;
        return;
    }
    const std::string text = exact_text(*q);
    obj[key] = text;
    if (text.find('/') != std::string::npos) obj[key + "_decimal"] = decimal_text(*q);
}

}  // namespace lrcert
