#include "lrcert/io/exact_json.hpp"

#include "lrcert/number/parse.hpp"

#include <mpfr.h>

#include <algorithm>

namespace lrcert {

namespace {

using json = nlohmann::json;

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

std::string describe_path(const std::string& path) {
    return path.empty() ? std::string("the top-level object") : "object " + path;
}

// Strips nlohmann's "[json.exception.parse_error.101] parse error at line 1,
// column 5: " prefix (we print our own position) and keeps the description.
std::string nlohmann_description(const std::string& what) {
    std::string s = what;
    if (!s.empty() && s[0] == '[') {
        size_t close = s.find("] ");
        if (close != std::string::npos) s = s.substr(close + 2);
    }
    const std::string prefix = "parse error";
    if (s.compare(0, prefix.size(), prefix) == 0) {
        size_t colon = s.find(": ");
        if (colon != std::string::npos) s = s.substr(colon + 2);
    }
    return s;
}

// SAX consumer that builds a nlohmann::json DOM in which every number is a
// string holding its literal text.
class ExactSax : public nlohmann::json_sax<json> {
public:
    ExactSax(const std::string& text, const std::string& origin) : text_(text), origin_(origin) {}

    json& result() { return root_; }

    bool null() override { return value(json(nullptr)); }
    bool boolean(bool v) override { return value(json(v)); }
    bool number_integer(number_integer_t v) override { return value(json(std::to_string(v))); }
    bool number_unsigned(number_unsigned_t v) override { return value(json(std::to_string(v))); }
    bool number_float(number_float_t, const string_t& literal) override {
        // nlohmann's lexer writes the locale's decimal point into the token
        // in place of '.'; a JSON number has no other non-digit characters
        // than + - e E, so map anything else back to '.'.
        std::string s = literal;
        for (char& c : s)
            if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E')) c = '.';
        return value(json(std::move(s)));
    }
    bool string(string_t& v) override { return value(json(std::move(v))); }
    bool binary(binary_t&) override {
        throw InputError(origin_ + ": unexpected binary value");  // not produced by text JSON
    }
    bool start_object(std::size_t) override { return open(json::object()); }
    bool key(string_t& k) override {
        json& obj = *stack_.back();
        if (obj.contains(k))
            throw InputError(origin_ + ": duplicate key " + in_quotes(k) + " in " +
                             describe_path(paths_.back()));
        key_ = k;
        slot_ = &obj[k];
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(json::array()); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& ex) override {
        std::string message = origin_ + ": invalid JSON " + where(position) + ": " +
                              nlohmann_description(ex.what());
        // 406: a JSON number literal beyond the double range (nlohmann's lexer
        // converts every float literal to double and refuses infinities).
        if (ex.id == 406) message += " (write such numbers as JSON strings, e.g. \"1e400\")";
        throw InputError(message);
    }

private:
    // Where the byte `position` (1-based count of bytes read) is.
    std::string where(size_t position) const {
        if (position == 0) position = 1;
        if (position > text_.size()) return "at end of input (byte " + std::to_string(position) + ")";
        size_t index = position - 1;
        size_t line = 1 + static_cast<size_t>(std::count(text_.begin(), text_.begin() + index, '\n'));
        size_t last_nl = text_.rfind('\n', index == 0 ? 0 : index - 1);
        size_t column = (last_nl == std::string::npos || last_nl >= index) ? index + 1 : index - last_nl;
        return "at byte " + std::to_string(position) + " (line " + std::to_string(line) +
               ", column " + std::to_string(column) + ")";
    }

    // Places v in the current container (or as the root); returns its
    // address. If `path` is given, sets it to the path of v (only containers
    // need one: it names them in duplicate-key messages).
    json* place(json&& v, std::string* path) {
        if (stack_.empty()) {
            root_ = std::move(v);
            if (path) path->clear();
            return &root_;
        }
        json& top = *stack_.back();
        if (top.is_array()) {
            if (path) *path = element_path(paths_.back(), top.size());
            top.push_back(std::move(v));
            return &top.back();
        }
        if (path) *path = field_path(paths_.back(), key_);
        *slot_ = std::move(v);
        return slot_;
    }

    bool value(json&& v) {
        place(std::move(v), nullptr);
        return true;
    }

    bool open(json&& container) {
        if (stack_.size() >= kMaxJsonDepth)
            throw InputError(origin_ + ": JSON nested deeper than " +
                             std::to_string(kMaxJsonDepth) + " levels");
        std::string path;
        json* p = place(std::move(container), &path);
        stack_.push_back(p);
        paths_.push_back(std::move(path));
        return true;
    }

    bool close() {
        stack_.pop_back();
        paths_.pop_back();
        return true;
    }

    const std::string& text_;
    const std::string& origin_;
    json root_;
    std::vector<json*> stack_;
    std::vector<std::string> paths_;
    std::string key_;
    json* slot_ = nullptr;
};

std::string type_name_of(const json& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_object()) return "an object";
    if (v.is_array()) return "an array";
    if (v.is_string()) return "the string " + in_quotes(v.get<std::string>());
    if (v.is_number_float()) return "a binary floating-point number";
    return "a number";
}

// At most `limit` characters of s, for messages about huge values.
std::string excerpt(const std::string& s, size_t limit = 80) {
    if (s.size() <= limit) return s;
    return s.substr(0, limit) + "... (" + std::to_string(s.size()) + " characters)";
}

// The reason parse_exact gives at the end of its message, "not an exact
// number: "<text>" (<reason>)", as " (<reason>)"; "" if there is none.
std::string parse_reason(const std::string& what) {
    if (what.empty() || what.back() != ')') return "";
    size_t open = what.rfind(" (");
    if (open == std::string::npos) return "";
    std::string reason = what.substr(open);
    return reason.size() <= 80 ? reason : "";
}

}  // namespace

std::string field_path(const std::string& where, const std::string& key) {
    return where.empty() ? key : where + "." + key;
}

std::string element_path(const std::string& where, size_t i) {
    return where + "[" + std::to_string(i) + "]";
}

nlohmann::json parse_exact_json(const std::string& text, const std::string& origin) {
    ExactSax sax(text, origin);
    // strict = true: only white space may follow the value. Comments are not
    // JSON and are refused (ignore_comments = false).
    bool ok = json::sax_parse(text, &sax, json::input_format_t::json, true, false);
    if (!ok) throw InputError(origin + ": invalid JSON");  // not reached: errors throw above
    return std::move(sax.result());
}

Rational exact_number(const nlohmann::json& v, const std::string& field) {
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        try {
            return parse_exact(s);
        } catch (const ParseError& e) {
            throw InputError(field + ": expected an exact number (e.g. \"0.1\", \"-2.5e-3\", \"7/3\"), got " +
                             in_quotes(excerpt(s)) + parse_reason(e.what()));
        }
    }
    if (v.is_number_integer()) {
        if (v.is_number_unsigned())
            return Rational(Integer(static_cast<unsigned long long>(v.get<std::uint64_t>())));
        return Rational(Integer(static_cast<long long>(v.get<std::int64_t>())));
    }
    if (v.is_number_float())
        throw InputError(field + ": a binary floating-point JSON value cannot be taken as an exact number "
                                 "(read the document with parse_exact_json, or write the number as a string)");
    throw InputError(field + ": expected a number, got " + type_name_of(v));
}

long long exact_integer(const nlohmann::json& v, const std::string& field, long long min, long long max) {
    Rational q = exact_number(v, field);
    // (appended piecewise: "[" + std::to_string(...) trips a GCC 12 -Wrestrict false positive)
    std::string range = "[";
    range += std::to_string(min);
    range += ", ";
    range += std::to_string(max);
    range += "]";
    if (denominator(q) != 1)
        throw InputError(field + ": expected an integer in " + range + ", got " + excerpt(q.str()));
    Integer k = numerator(q);
    if (k < min || k > max)
        throw InputError(field + ": expected an integer in " + range + ", got " + excerpt(k.str()));
    return k.convert_to<long long>();
}

std::string string_value(const nlohmann::json& v, const std::string& field) {
    if (!v.is_string()) throw InputError(field + ": expected a string, got " + type_name_of(v));
    return v.get<std::string>();
}

void check_object(const nlohmann::json& v, const std::string& where,
                  const std::vector<std::string>& allowed) {
    const std::string what = where.empty() ? std::string("the top level") : where;
    if (!v.is_object()) throw InputError(what + ": expected a JSON object, got " + type_name_of(v));
    for (const auto& item : v.items()) {
        if (std::find(allowed.begin(), allowed.end(), item.key()) != allowed.end()) continue;
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        throw InputError("unknown field " + in_quotes(field_path(where, item.key())) +
                         (where.empty() ? "" : " in " + where) + " (allowed: " + list + ")");
    }
}

const nlohmann::json& require_field(const nlohmann::json& obj, const std::string& where,
                                    const std::string& key) {
    auto it = obj.find(key);
    if (it == obj.end()) throw InputError("missing field " + in_quotes(field_path(where, key)));
    return *it;
}

namespace {

// Binary exponents beyond which a bound is written as a fixed power of ten.
constexpr mpfr_exp_t kLargestExponent = 332000;   // 2^332000 > 10^99942
constexpr mpfr_exp_t kSmallestExponent = -332000;  // 2^-332000 < 10^-99942

// lower = true: a number <= x, else a number >= x (see the header).
nlohmann::json bound_json(const Real& x, int digits, bool lower) {
    mpfr_srcptr v = x.backend().data();
    if (!mpfr_number_p(v)) return nullptr;
    if (mpfr_zero_p(v)) return "0";
    const bool positive = mpfr_sgn(v) > 0;
    const mpfr_exp_t e = mpfr_get_exp(v);  // 2^(e-1) <= |x| < 2^e
    if (e > kLargestExponent) {
        if (lower && positive) return "1e99000";
        if (!lower && !positive) return "-1e99000";
        return nullptr;
    }
    if (e < kSmallestExponent) {
        if (lower) return positive ? "0" : "-1e-99000";
        return positive ? "1e-99000" : "0";
    }
    return lower ? decimal_down(x, std::max(digits, 2)) : decimal_up(x, std::max(digits, 2));
}

}  // namespace

nlohmann::json lower_bound_json(const Real& x, int digits) { return bound_json(x, digits, true); }
nlohmann::json upper_bound_json(const Real& x, int digits) { return bound_json(x, digits, false); }
nlohmann::json upper_bound_json(const UpperBound& x, int digits) { return upper_bound_json(x.real(), digits); }
nlohmann::json lower_bound_json(const LowerBound& x, int digits) { return lower_bound_json(x.real(), digits); }

nlohmann::json interval_json(const Interval& x, int digits) {
    return nlohmann::json{{"lo", lower_bound_json(lo(x), digits)}, {"hi", upper_bound_json(hi(x), digits)}};
}

}  // namespace lrcert
