// Claim files, validation, evaluation and verdicts (docs/claims.md).
#include "lrcert/claims/claim.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

namespace lrcert::claims {

namespace {

using json = nlohmann::json;

constexpr const char* kTopKeys[] = {"claims", "note"};
constexpr const char* kClaimKeys[] = {"id",          "source",          "statement", "family", "kind",
                                      "assumptions", "conclusions",     "exceptional_set", "note"};

template <std::size_t N>
std::string key_list(const char* const (&keys)[N]) {
    std::string s;
    for (const char* k : keys) s += std::string(s.empty() ? "" : ", ") + k;
    return s;
}

template <std::size_t N>
bool allowed(const char* const (&keys)[N], const std::string& key) {
    return std::any_of(std::begin(keys), std::end(keys), [&](const char* k) { return key == k; });
}

std::string where(const std::string& origin) { return origin.empty() ? std::string() : origin + ": "; }

std::string claim_label(const std::string& origin, const std::string& id) {
    return where(origin) + "claim \"" + id + "\": ";
}

bool valid_id(const std::string& id) {
    if (id.empty()) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
               c == '-';
    });
}

std::optional<ClaimKind> parse_kind(const std::string& s) {
    if (s == "theorem") return ClaimKind::Theorem;
    if (s == "observation") return ClaimKind::Observation;
    if (s == "classification") return ClaimKind::Classification;
    return std::nullopt;
}

struct Compiled {
    std::vector<Expression> assumptions;
    std::vector<Expression> conclusions;
};

// Validates `claim` and parses its expressions; throws ClaimError.
Compiled compile(const Claim& claim) {
    std::string label = claim_label(claim.origin, claim.id);
    if (!valid_id(claim.id))
        throw ClaimError(label + "the id must be non-empty and use only letters, digits, '_', '.', '-'");
    if (claim.source.empty()) throw ClaimError(label + "\"source\" is empty (cite the paper, or write \"derived\")");
    if (claim.statement.empty()) throw ClaimError(label + "\"statement\" is empty");
    if (claim.conclusions.empty()) throw ClaimError(label + "there must be at least one conclusion");
    Compiled c;
    auto parse_all = [&](const std::vector<std::string>& texts, const char* what, std::vector<Expression>& out) {
        for (std::size_t i = 0; i < texts.size(); ++i) {
            std::string item = std::string(what) + " " + std::to_string(i + 1) + " \"" + texts[i] + "\": ";
            Expression e;
            try {
                e = Expression::parse(texts[i], claim.family);
            } catch (const ExpressionError& err) {
                throw ClaimError(label + item + err.what());
            }
            if (e.type() != Type::Truth)
                throw ClaimError(label + item + "is a " + to_string(e.type()) +
                                 ", not a truth value (an assumption or conclusion must be a comparison, a "
                                 "truth-valued name, or a logical combination of them)");
            out.push_back(std::move(e));
        }
    };
    parse_all(claim.assumptions, "assumption", c.assumptions);
    parse_all(claim.conclusions, "conclusion", c.conclusions);
    return c;
}

std::string get_string(const json& obj, const char* key, const std::string& label, bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
        if (required) throw ClaimError(label + "missing \"" + key + "\"");
        return {};
    }
    if (!it->is_string()) throw ClaimError(label + "\"" + key + "\" must be a string");
    return it->get<std::string>();
}

std::vector<std::string> get_strings(const json& obj, const char* key, const std::string& label, bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
        if (required) throw ClaimError(label + "missing \"" + key + "\"");
        return {};
    }
    if (!it->is_array()) throw ClaimError(label + "\"" + key + "\" must be an array of strings");
    std::vector<std::string> out;
    for (const json& v : *it) {
        if (!v.is_string()) throw ClaimError(label + "\"" + key + "\" must be an array of strings");
        out.push_back(v.get<std::string>());
    }
    return out;
}

Claim claim_from_json(const json& j, std::size_t index, const std::string& origin) {
    std::string at = where(origin) + "claim #" + std::to_string(index + 1);
    if (!j.is_object()) throw ClaimError(at + ": must be a JSON object");
    auto id_it = j.find("id");
    if (id_it == j.end() || !id_it->is_string()) throw ClaimError(at + ": missing \"id\" (a string)");
    Claim c;
    c.id = id_it->get<std::string>();
    c.origin = origin;
    std::string label = claim_label(origin, c.id);
    for (const auto& item : j.items())
        if (!allowed(kClaimKeys, item.key()))
            throw ClaimError(label + "unknown key \"" + item.key() + "\" (allowed: " + key_list(kClaimKeys) + ")");
    c.source = get_string(j, "source", label, true);
    c.statement = get_string(j, "statement", label, true);
    std::string family = get_string(j, "family", label, true);
    std::optional<Family> f = parse_family(family);
    if (!f) throw ClaimError(label + "\"family\" must be \"scalar\", \"matrix\" or \"all\", not \"" + family + "\"");
    c.family = *f;
    std::string kind = get_string(j, "kind", label, false);
    if (!kind.empty()) {
        std::optional<ClaimKind> k = parse_kind(kind);
        if (!k)
            throw ClaimError(label + "\"kind\" must be \"theorem\", \"observation\" or \"classification\", not \"" +
                             kind + "\"");
        c.kind = *k;
    } else if (j.contains("kind")) {
        throw ClaimError(label + "\"kind\" is empty");
    }
    c.assumptions = get_strings(j, "assumptions", label, false);
    c.conclusions = get_strings(j, "conclusions", label, true);
    c.exceptional_set = get_string(j, "exceptional_set", label, false);
    c.note = get_string(j, "note", label, false);
    return c;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
    std::string s;
    for (const std::string& p : parts) s += (s.empty() ? "" : sep) + p;
    return s;
}

std::string trimmed(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    std::size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e + 1 - b);
}

ItemResult evaluate_item(const Expression& e, const Environment& env) {
    Evaluation ev = e.evaluate(env);
    ItemResult r;
    r.text = e.text();
    r.truth = std::holds_alternative<Truth>(ev.value) ? std::get<Truth>(ev.value) : Truth::Unknown;
    r.detail = join(ev.notes, "; ");
    return r;
}

// "assumption 2 (`text`) is false: evidence". When the evidence starts with a
// note on the whole item ("`text` is false: left ..., right ..."), that note's
// own wording replaces `state`.
std::string describe(const char* what, std::size_t i, const ItemResult& r, const char* state) {
    std::string quoted(1, '`');
    quoted.append(trimmed(r.text));
    quoted.push_back('`');
    std::string s = std::string(what) + " " + std::to_string(i + 1) + " (" + quoted + ") ";
    if (r.detail.rfind(quoted + " ", 0) == 0) return s + r.detail.substr(quoted.size() + 1);
    s += state;
    if (!r.detail.empty()) s += ": " + r.detail;
    return s;
}

std::vector<std::string> describe_all(const char* what, const std::vector<ItemResult>& items, Truth which,
                                      const char* state, const std::string& remark = "") {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].truth == which) out.push_back(describe(what, i, items[i], state) + remark);
    return out;
}

}  // namespace

const char* to_string(ClaimKind k) {
    switch (k) {
        case ClaimKind::Theorem: return "theorem";
        case ClaimKind::Observation: return "observation";
        case ClaimKind::Classification: return "classification";
    }
    return "?";
}

const char* to_string(Verdict v) {
    switch (v) {
        case Verdict::Confirmed: return "confirmed";
        case Verdict::Counterexample: return "counterexample";
        case Verdict::Vacuous: return "vacuous";
        case Verdict::Undecided: return "undecided";
    }
    return "?";
}

Verdict verdict_of(Truth assumptions, Truth conclusions) {
    if (assumptions == Truth::False) return Verdict::Vacuous;
    if (assumptions == Truth::True && conclusions == Truth::True) return Verdict::Confirmed;
    if (assumptions == Truth::True && conclusions == Truth::False) return Verdict::Counterexample;
    return Verdict::Undecided;
}

void validate_claim(const Claim& claim) { compile(claim); }

std::vector<Claim> parse_claims(std::string_view json_text, const std::string& origin) {
    json j;
    try {
        j = json::parse(json_text.begin(), json_text.end());
    } catch (const json::exception& e) {
        // parse_error, and out_of_range for a number beyond double (1e400).
        throw ClaimError(where(origin) + "not valid JSON: " + e.what());
    }
    if (!j.is_object()) throw ClaimError(where(origin) + "a claim file must be a JSON object {\"claims\": [...]}");
    for (const auto& item : j.items())
        if (!allowed(kTopKeys, item.key()))
            throw ClaimError(where(origin) + "unknown key \"" + item.key() + "\" at the top level (allowed: " +
                             key_list(kTopKeys) + ")");
    if (j.contains("note") && !j["note"].is_string()) throw ClaimError(where(origin) + "\"note\" must be a string");
    auto it = j.find("claims");
    if (it == j.end() || !it->is_array()) throw ClaimError(where(origin) + "missing \"claims\" (an array)");
    std::vector<Claim> claims;
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < it->size(); ++i) {
        Claim c = claim_from_json((*it)[i], i, origin);
        if (auto [pos, fresh] = seen.emplace(c.id, i); !fresh)
            throw ClaimError(claim_label(origin, c.id) + "duplicate id (claims #" + std::to_string(pos->second + 1) +
                             " and #" + std::to_string(i + 1) + ")");
        compile(c);
        claims.push_back(std::move(c));
    }
    return claims;
}

std::vector<Claim> load_claims_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ClaimError(path.string() + ": cannot open the claim file: " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw ClaimError(path.string() + ": cannot read the claim file");
    return parse_claims(text.str(), path.string());
}

std::vector<Claim> load_claims_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw ClaimError(dir.string() + ": not a directory of claim files");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    if (ec) throw ClaimError(dir.string() + ": cannot list the directory: " + ec.message());
    std::sort(files.begin(), files.end());
    std::vector<Claim> all;
    std::map<std::string, std::string> origin_of;
    for (const auto& f : files) {
        for (Claim& c : load_claims_file(f)) {
            if (auto [pos, fresh] = origin_of.emplace(c.id, c.origin); !fresh)
                throw ClaimError(claim_label(c.origin, c.id) + "id already used in " + pos->second);
            all.push_back(std::move(c));
        }
    }
    return all;
}

bool claim_applies(const Claim& claim, Family instance_family) {
    if (instance_family == Family::All)
        throw std::invalid_argument("claim_applies: an instance is of family scalar or matrix, not all");
    return claim.family == Family::All || claim.family == instance_family;
}

std::vector<Claim> applicable_claims(const std::vector<Claim>& claims, Family instance_family) {
    std::vector<Claim> out;
    for (const Claim& c : claims)
        if (claim_applies(c, instance_family)) out.push_back(c);
    return out;
}

// The parsed expressions of a claim, remembered per thread: a region or a
// sweep evaluates the same few claims on every cell or point. The key is all
// of the claim that compile reads, so a changed claim is compiled again.
const Compiled& compiled_claim(const Claim& claim) {
    thread_local std::map<std::string, Compiled> cache;
    std::string key = claim.origin + '\x1f' + claim.id + '\x1f' + claim.source + '\x1f' + claim.statement + '\x1f' +
                      std::to_string(static_cast<int>(claim.family)) + '\x1f' + std::to_string(static_cast<int>(claim.kind));
    for (const auto* texts : {&claim.assumptions, &claim.conclusions}) {
        key += '\x1e';
        for (const std::string& t : *texts) key += t + '\x1f';
    }
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    if (cache.size() >= 256) cache.clear();  // bounded: a long run with many claim sets
    return cache.emplace(std::move(key), compile(claim)).first->second;
}

ClaimResult evaluate_claim(const Claim& claim, const Environment& env) {
    const Compiled& compiled = compiled_claim(claim);
    ClaimResult r;
    r.id = claim.id;
    r.source = claim.source;
    r.statement = claim.statement;
    r.kind = claim.kind;

    r.assumptions = Truth::True;
    for (const Expression& e : compiled.assumptions) {
        r.assumption_items.push_back(evaluate_item(e, env));
        r.assumptions = truth_and(r.assumptions, r.assumption_items.back().truth);
    }
    if (r.assumptions != Truth::False) {
        r.conclusions_evaluated = true;
        r.conclusions = Truth::True;
        for (const Expression& e : compiled.conclusions) {
            r.conclusion_items.push_back(evaluate_item(e, env));
            r.conclusions = truth_and(r.conclusions, r.conclusion_items.back().truth);
        }
    }
    r.verdict = verdict_of(r.assumptions, r.conclusions);

    std::vector<std::string> parts;
    switch (r.verdict) {
        case Verdict::Confirmed:
            parts.push_back(compiled.assumptions.empty() ? "no assumptions"
                                                         : "all assumptions hold");
            for (std::size_t i = 0; i < r.conclusion_items.size(); ++i)
                parts.push_back(describe("conclusion", i, r.conclusion_items[i], "holds"));
            break;
        case Verdict::Counterexample:
            parts = describe_all("conclusion", r.conclusion_items, Truth::False, "is false");
            if (!claim.exceptional_set.empty())
                parts.push_back("the instance may lie in the theorem's exceptional set: " + claim.exceptional_set);
            if (claim.kind == ClaimKind::Observation)
                parts.push_back("this claim is an observation to test, so a counterexample is a finding, not a bug");
            if (claim.kind == ClaimKind::Classification)
                parts.push_back("this claim is a classification: the conclusion certainly fails on this instance");
            break;
        case Verdict::Vacuous:
            parts = describe_all("assumption", r.assumption_items, Truth::False, "is false");
            parts.push_back("the claim does not apply to this instance");
            break;
        case Verdict::Undecided:
            if (r.assumptions == Truth::Unknown) {
                parts = describe_all("assumption", r.assumption_items, Truth::Unknown, "is not decided");
                for (const std::string& s :
                     describe_all("conclusion", r.conclusion_items, Truth::False, "is false",
                                  " (so the claim would have a counterexample if the assumptions were certified)"))
                    parts.push_back(s);
            } else {
                parts = describe_all("conclusion", r.conclusion_items, Truth::Unknown, "is not decided");
            }
            break;
    }
    r.detail = join(parts, "; ");
    return r;
}

std::vector<ClaimResult> evaluate_claims(const std::vector<Claim>& claims, Family instance_family,
                                         const Environment& env) {
    std::vector<ClaimResult> out;
    for (const Claim& c : claims)
        if (claim_applies(c, instance_family)) out.push_back(evaluate_claim(c, env));
    return out;
}

}  // namespace lrcert::claims
