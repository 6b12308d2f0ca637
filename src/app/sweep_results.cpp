// Sweep results (app/sweep_results.hpp): the document, its CSV, reading and merging shards.
#include "lrcert/app/sweep_results.hpp"

#include "lrcert/version.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace lrcert {

namespace {

using nlohmann::json;

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csv_value(const json& v) {
    if (v.is_null()) return "";
    if (v.is_string()) return csv_field(v.get<std::string>());
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return v.dump();
}

json at_path(const json& v, std::initializer_list<const char*> path) {
    const json* cur = &v;
    for (const char* key : path) {
        if (!cur->is_object()) return nullptr;
        auto it = cur->find(key);
        if (it == cur->end()) return nullptr;
        cur = &*it;
    }
    return *cur;
}

}  // namespace

// ---- results -------------------------------------------------------------------------

json results_json(const SweepSpec& spec, const SweepGrid& grid, const std::vector<claims::Claim>& claim_list,
                  std::vector<json> points, const std::optional<Shard>& shard) {
    json r;
    r["lrcert_sweep_results"] = 1;
    r["lrcert"] = LRCERT_VERSION;
    r["spec"] = spec_to_json(spec);
    json cl = json::array();
    for (const auto& c : claim_list) cl.push_back(json{{"id", c.id}, {"kind", claims::to_string(c.kind)}});
    r["claims"] = cl;
    r["points_total"] = grid.points.size();
    if (shard && shard->count > 1) r["shard"] = json{{"index", shard->index}, {"count", shard->count}};
    r["points"] = json(std::move(points));
    return r;
}

std::string results_text(const json& results) { return results.dump(1) + "\n"; }

std::string results_csv(const json& results) {
    std::vector<std::string> ids;
    for (const auto& c : results.at("claims")) ids.push_back(c.at("id").get<std::string>());
    std::ostringstream os;
    const char* head[] = {"index",          "h_param",           "h",
                          "start_param",    "imbalance_0",       "norm_gap_0",
                          "L0_lo",          "L0_hi",             "h_L0_lo",
                          "h_L0_hi",        "regime",            "outcome",
                          "proof",          "precision_bits",    "steps",
                          "limit_imbalance_lo", "limit_imbalance_hi", "limit_sharpness_lo",
                          "limit_sharpness_hi", "h_limit_sharpness_lo", "h_limit_sharpness_hi",
                          "limit_norm_gap_lo", "limit_norm_gap_hi", "balancing_bound"};
    bool first = true;
    for (const char* h : head) {
        os << (first ? "" : ",") << h;
        first = false;
    }
    for (const auto& id : ids) os << "," << csv_field("verdict:" + id);
    // No free text (the reason is in the JSON): every field is a number, an
    // exact text or a word, so numpy.genfromtxt reads the file as well as pandas.
    os << ",exit_code\r\n";
    for (const auto& p : results.at("points")) {
        std::vector<json> v{at_path(p, {"index"}),
                            at_path(p, {"h_param"}),
                            at_path(p, {"h"}),
                            at_path(p, {"start_param"}),
                            at_path(p, {"imbalance_0"}),
                            at_path(p, {"norm_gap_0"}),
                            at_path(p, {"L0", "lo"}),
                            at_path(p, {"L0", "hi"}),
                            at_path(p, {"h_L0", "lo"}),
                            at_path(p, {"h_L0", "hi"}),
                            at_path(p, {"regime"}),
                            at_path(p, {"outcome"}),
                            at_path(p, {"proof"}),
                            at_path(p, {"precision_bits"}),
                            at_path(p, {"steps"}),
                            at_path(p, {"limit", "imbalance", "lo"}),
                            at_path(p, {"limit", "imbalance", "hi"}),
                            at_path(p, {"limit", "sharpness", "lo"}),
                            at_path(p, {"limit", "sharpness", "hi"}),
                            at_path(p, {"limit", "h_sharpness", "lo"}),
                            at_path(p, {"limit", "h_sharpness", "hi"}),
                            at_path(p, {"limit", "norm_gap", "lo"}),
                            at_path(p, {"limit", "norm_gap", "hi"}),
                            at_path(p, {"balancing_bound"})};
        for (const auto& id : ids) {
            json verdicts = at_path(p, {"verdicts"});
            v.push_back(verdicts.is_object() && verdicts.contains(id) ? verdicts[id] : json(nullptr));
        }
        v.push_back(at_path(p, {"exit_code"}));
        for (size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << csv_value(v[i]);
        os << "\r\n";
    }
    return os.str();
}

json read_results_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the results file: " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    json doc;
    try {
        doc = json::parse(ss.str());
    } catch (const json::exception& e) {
        throw InputError(path + ": not a JSON document (" + std::string(e.what()) + ")");
    }
    if (!doc.is_object() || !doc.contains("lrcert_sweep_results") || doc["lrcert_sweep_results"] != 1 ||
        !doc.contains("points") || !doc["points"].is_array() || !doc.contains("spec") || !doc.contains("claims") ||
        !doc.contains("points_total") || !doc["points_total"].is_number_unsigned()) {
        // Region results are read elsewhere (is_region_results_file); both kinds are accepted.
        std::string what = "not an lrcert sweep or region results file (expected \"lrcert_sweep_results\": 1 with "
                           "\"spec\", \"claims\", \"points_total\" and \"points\", or \"lrcert_region_results\": 1)";
        if (doc.is_object() && doc.contains("family"))
            what += "; this is a problem file: lrcert sweep or lrcert region writes results";
        else if (doc.is_object() && (doc.contains("lrcert_sweep") || doc.contains("lrcert_region")))
            what += "; this is a specification: run it with lrcert sweep or lrcert region first";
        throw InputError(path + ": " + what);
    }
    for (const auto& p : doc["points"])
        if (!p.is_object() || !p.contains("index") || !p["index"].is_number_unsigned())
            throw InputError(path + ": a point has no \"index\"");
    return doc;
}

json merge_results(const std::vector<json>& shards, const std::vector<std::string>& origins) {
    if (shards.empty()) throw InputError("merge: no shard files given");
    auto origin = [&](size_t i) { return i < origins.size() ? origins[i] : "shard " + std::to_string(i); };
    const json& first = shards[0];
    size_t count = 0;
    for (size_t i = 0; i < shards.size(); ++i) {
        const json& s = shards[i];
        if (!s.contains("shard") || !s["shard"].is_object())
            throw InputError(origin(i) + ": not a shard file (no \"shard\" field: it holds all points already)");
        size_t c = s["shard"].value("count", size_t(0));
        if (i == 0) count = c;
        if (c != count)
            throw InputError(origin(i) + ": shard of a " + std::to_string(c) + "-way split, but " + origin(0) +
                             " is of a " + std::to_string(count) + "-way split");
        for (const char* key : {"lrcert", "spec", "claims", "points_total"})
            if (s.value(key, json()) != first.value(key, json()))
                throw InputError(origin(i) + ": \"" + key + "\" differs from " + origin(0) +
                                 " (the shards are not of the same sweep)");
    }
    if (shards.size() != count)
        throw InputError("merge: " + std::to_string(shards.size()) + " shard files given, the sweep was split into " +
                         std::to_string(count));
    std::vector<int> seen(count, -1);
    const size_t total = first["points_total"].get<size_t>();
    std::vector<const json*> rows(total, nullptr);
    for (size_t i = 0; i < shards.size(); ++i) {
        size_t si = shards[i]["shard"].value("index", count);
        if (si >= count) throw InputError(origin(i) + ": bad shard index");
        if (seen[si] >= 0)
            throw InputError(origin(i) + ": shard " + std::to_string(si) + "/" + std::to_string(count) +
                             " was already given as " + origin(static_cast<size_t>(seen[si])));
        seen[si] = static_cast<int>(i);
        size_t expected = si < total ? (total - si + count - 1) / count : 0;
        if (shards[i]["points"].size() != expected)
            throw InputError(origin(i) + ": holds " + std::to_string(shards[i]["points"].size()) +
                             " points, shard " + std::to_string(si) + "/" + std::to_string(count) + " has " +
                             std::to_string(expected) + " (an incomplete shard?)");
        for (const auto& p : shards[i]["points"]) {
            size_t idx = p["index"].get<size_t>();
            if (idx >= total || idx % count != si || rows[idx])
                throw InputError(origin(i) + ": point index " + std::to_string(idx) + " does not belong to shard " +
                                 std::to_string(si) + "/" + std::to_string(count) + " or is repeated");
            rows[idx] = &p;
        }
    }
    json merged = first;
    merged.erase("shard");
    json points = json::array();
    for (size_t k = 0; k < total; ++k) points.push_back(*rows[k]);  // all present: counts checked above
    merged["points"] = std::move(points);
    return merged;
}

}  // namespace lrcert
