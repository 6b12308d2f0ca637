// Region specifications (include/lrcert/app/region.hpp; docs/formats.md,
// "Region specification"): the exact-number rules of sweep specs.
#include "lrcert/app/region.hpp"

#include "lrcert/app/sweep_spec.hpp"
#include "lrcert/io/exact_json.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lrcert {

namespace {

using nlohmann::json;

const std::vector<std::string> kTopFields = {"lrcert_region", "name",      "description", "base",  "h",
                                             "scale",         "imbalance", "digits",      "max_steps", "claims"};

std::string qtext(const Rational& q) { return "\"" + exact_text(q) + "\""; }


// {"from", "to"} with from < to (and the sign rule of the axis).
void parse_interval(const json& v, const std::string& where, const std::vector<std::string>& allowed, bool positive,
                    Rational& from, Rational& to) {
    check_object(v, where, allowed);
    from = exact_number(require_field(v, where, "from"), field_path(where, "from"));
    to = exact_number(require_field(v, where, "to"), field_path(where, "to"));
    if (positive && from <= 0) throw InputError(field_path(where, "from") + ": must be > 0, got " + qtext(from));
    if (!positive && from < 0) throw InputError(field_path(where, "from") + ": must be >= 0, got " + qtext(from));
    if (from == to) throw InputError(where + ": empty interval (from = to = " + qtext(from) + ")");
    if (from > to)
        throw InputError(where + ": reversed interval (from " + qtext(from) + " > to " + qtext(to) + ")");
}

}  // namespace

const char* start_axis_name(CellStartAxis a) {
    switch (a) {
        case CellStartAxis::Scale: return "scale";
        case CellStartAxis::Imbalance: return "imbalance";
        case CellStartAxis::None: return "";
    }
    return "";
}

const char* h_axis_name(CellHAxis a) {
    switch (a) {
        case CellHAxis::TwoOverL0: return "2/L0";
        case CellHAxis::SeedBoundary: return "4/(S0+4mu)";
        case CellHAxis::Absolute: return "absolute";
    }
    return "absolute";
}

double scalar_L0_estimate(double S0, double xy, double mu, size_t d) {
    const double r0 = mu - xy;
    const double lp = 0.5 * (S0 + std::sqrt(std::max(0.0, S0 * S0 - 8 * r0 * mu + 12 * r0 * r0)));
    return d >= 2 ? std::max(lp, std::abs(r0)) : lp;
}

double h_axis_unit_estimate(CellHAxis a, double S0, double xy, double mu, size_t d) {
    switch (a) {
        case CellHAxis::TwoOverL0: return 2 / scalar_L0_estimate(S0, xy, mu, d);
        case CellHAxis::SeedBoundary: return 4 / (S0 + 4 * mu);
        case CellHAxis::Absolute: return 1;
    }
    return 1;
}

RegionSpec parse_region_spec(const std::string& text, const std::string& origin, const std::string& base_dir) {
    const std::string prefix = origin.empty() ? std::string() : origin + ": ";
    json doc = parse_exact_json(text, origin.empty() ? "region spec" : origin);
    reject_problem_file(doc, origin, "region");
    RegionSpec spec;
    spec.origin = origin;
    try {
        check_object(doc, "", kTopFields);
        exact_integer(require_field(doc, "", "lrcert_region"), "lrcert_region", 1, 1);
        if (doc.contains("name")) spec.name = string_value(doc.at("name"), "name");
        if (doc.contains("description")) spec.description = string_value(doc.at("description"), "description");

        spec.base = read_spec_base(require_field(doc, "", "base"), base_dir, spec.base_source, spec.base_path);

        const json& h = require_field(doc, "", "h");
        parse_interval(h, "h", {"from", "to", "relative_to"}, true, spec.h_from, spec.h_to);
        if (h.contains("relative_to")) {
            std::string r = string_value(h.at("relative_to"), "h.relative_to");
            if (r == "2/L0")
                spec.h_axis = CellHAxis::TwoOverL0;
            else if (r == "4/(S0+4mu)")
                spec.h_axis = CellHAxis::SeedBoundary;
            else if (r != "absolute")
                throw InputError("h.relative_to: unknown value \"" + r +
                                 "\" (expected \"absolute\", \"2/L0\" or \"4/(S0+4mu)\")");
        }

        if (doc.contains("scale") && doc.contains("imbalance"))
            throw InputError("scale, imbalance: give at most one start axis");
        if (doc.contains("scale")) {
            spec.start = CellStartAxis::Scale;
            parse_interval(doc.at("scale"), "scale", {"from", "to"}, true, spec.s_from, spec.s_to);
        } else if (doc.contains("imbalance")) {
            spec.start = CellStartAxis::Imbalance;
            parse_interval(doc.at("imbalance"), "imbalance", {"from", "to"}, false, spec.s_from, spec.s_to);
            if (spec.base.family == Family::Matrix)
                throw InputError("imbalance: the imbalance axis is defined for the scalar family only (use a "
                                 "\"scale\" axis for a matrix base problem)");
            if (*initial_imbalance(spec.base) == 0)
                throw InputError("imbalance: the base start is balanced (x0 = y0), so there is no imbalance "
                                 "direction x0 - y0 to stretch (use a \"scale\" axis or an unbalanced base start)");
        }
        if (spec.base.family == Family::Matrix) {
            // Matrix cells (docs/math.md, section 14.1): h absolute or relative to 2/L0, at most a scale axis.
            if (spec.h_axis == CellHAxis::SeedBoundary)
                throw InputError(std::string("h.relative_to: \"") + h_axis_name(spec.h_axis) +
                                 "\" is supported for the scalar family only (give an absolute h or \"2/L0\" for a "
                                 "matrix base problem)");
        } else if (spec.h_axis == CellHAxis::SeedBoundary && !(spec.base.mu() > 0)) {
            throw InputError("h.relative_to: \"4/(S0+4mu)\" needs mu > 0 (the seed theorem's boundary), got mu = " +
                             qtext(spec.base.mu()));
        }
        if (doc.contains("digits")) spec.digits = static_cast<int>(exact_integer(doc.at("digits"), "digits", 6, 60));
        if (doc.contains("max_steps"))
            spec.max_steps = static_cast<size_t>(exact_integer(doc.at("max_steps"), "max_steps", 1, 100000000));
        if (doc.contains("claims")) spec.claims = read_spec_claims(doc.at("claims"), base_dir);
    } catch (const InputError& e) {
        throw InputError(prefix + e.what());
    }
    return spec;
}

RegionSpec read_region_spec(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the region spec file");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw InputError(path + ": cannot read the region spec file");
    return parse_region_spec(ss.str(), path, std::filesystem::path(path).parent_path().string());
}

json region_spec_to_json(const RegionSpec& spec) {
    json j;
    j["lrcert_region"] = 1;
    j["name"] = spec.name;
    j["description"] = spec.description;
    j["base"] = problem_to_json(spec.base);
    j["base_source"] = spec.base_source.empty() ? json(nullptr) : json(spec.base_source);
    j["h"] = {{"from", exact_text(spec.h_from)},
              {"to", exact_text(spec.h_to)},
              {"relative_to", h_axis_name(spec.h_axis)}};
    if (spec.start != CellStartAxis::None)
        j[start_axis_name(spec.start)] = {{"from", exact_text(spec.s_from)}, {"to", exact_text(spec.s_to)}};
    j["digits"] = spec.digits;
    j["max_steps"] = spec.max_steps;
    j["claims"] = spec.claims;
    return j;
}

}  // namespace lrcert
