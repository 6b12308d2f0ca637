#include "lrcert/io/problem_file_scan.hpp"

#include "lrcert/number/parse.hpp"

namespace lrcert {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

class Scanner {
public:
    explicit Scanner(std::string_view text) : s_(text) {}

    std::optional<ScannedProblemText> run() {
        ScannedProblemText out;
        std::vector<std::pair<size_t, size_t>> cuts;  // [begin, end) of captured arrays
        skip_ws();
        if (!eat('{')) return std::nullopt;
        skip_ws();
        if (!eat('}')) {
            while (true) {
                std::string_view key;
                if (!plain_string(key)) return std::nullopt;  // escapes in a key: the ordinary way
                skip_ws();
                if (!eat(':')) return std::nullopt;
                skip_ws();
                const size_t begin = i_;
                bool captured = false;
                if ((key == "x0" || key == "y0") && i_ < s_.size() && s_[i_] == '[') {
                    CapturedArray a;
                    a.key = std::string(key);
                    if (flat_array(a) && a.size > 0) {
                        cuts.emplace_back(begin, i_);
                        out.arrays.push_back(std::move(a));
                        captured = true;
                    } else {
                        i_ = begin;  // not capturable: left in the skeleton
                    }
                }
                if (!captured && !skip_value()) return std::nullopt;
                skip_ws();
                if (eat(',')) {
                    skip_ws();
                    continue;
                }
                if (eat('}')) break;
                return std::nullopt;
            }
        }
        skip_ws();
        if (i_ != s_.size()) return std::nullopt;
        size_t from = 0;
        for (const auto& [b, e] : cuts) {
            out.skeleton.append(s_.substr(from, b - from));
            out.skeleton += "[]";
            from = e;
        }
        out.skeleton.append(s_.substr(from));
        return out;
    }

private:
    void skip_ws() {
        while (i_ < s_.size() && is_ws(s_[i_])) ++i_;
    }
    bool eat(char c) {
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }

    // A JSON string of printable ASCII without escapes; its content in out.
    bool plain_string(std::string_view& out) {
        if (!eat('"')) return false;
        const size_t start = i_;
        while (i_ < s_.size()) {
            const unsigned char c = static_cast<unsigned char>(s_[i_]);
            if (c == '"') {
                out = s_.substr(start, i_ - start);
                ++i_;
                return true;
            }
            if (c == '\\' || c < 0x20 || c >= 0x7f) return false;
            ++i_;
        }
        return false;
    }

    // A JSON number (RFC 8259 grammar) whose value is below 10^300, so that
    // the JSON reader accepts it (it refuses numbers beyond the double range).
    bool json_number(std::string_view& out) {
        const size_t start = i_;
        eat('-');
        size_t digits = 0;
        if (eat('0')) {
            digits = 1;
        } else {
            if (i_ >= s_.size() || s_[i_] < '1' || s_[i_] > '9') return false;
            while (i_ < s_.size() && is_digit(s_[i_])) ++i_, ++digits;
        }
        if (eat('.')) {
            const size_t f = i_;
            while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
            if (i_ == f) return false;
        }
        long exponent = 0;
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            ++i_;
            bool negative = false;
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) negative = s_[i_++] == '-';
            const size_t f = i_;
            while (i_ < s_.size() && is_digit(s_[i_])) {
                if (i_ - f < 4) exponent = exponent * 10 + (s_[i_] - '0');
                ++i_;
            }
            if (i_ == f || i_ - f > 3) return false;
            if (negative) exponent = -exponent;
        }
        // The integer part has `digits` digits: the value is below 10^(digits + exponent).
        if (static_cast<long>(digits) + exponent > 300) return false;
        out = s_.substr(start, i_ - start);
        return true;
    }

    // A non-empty or empty flat array of plain strings and numbers, into a.
    bool flat_array(CapturedArray& a) {
        if (!eat('[')) return false;
        skip_ws();
        if (eat(']')) return true;
        while (true) {
            std::string_view text;
            if (i_ < s_.size() && s_[i_] == '"') {
                if (!plain_string(text)) return false;
            } else if (!json_number(text)) {
                return false;
            }
            if (std::optional<SmallDecimal> x = parse_small_decimal(text)) {
                a.small.push_back(*x);
            } else {
                a.texts.emplace_back(a.size, std::string(text));
                a.small.push_back(SmallDecimal{});  // placeholder, see CapturedArray
            }
            ++a.size;
            skip_ws();
            if (eat(',')) {
                skip_ws();
                continue;
            }
            return eat(']');
        }
    }

    // Moves past one JSON value of any form, tracking strings (with escapes)
    // and brackets only: the skeleton's JSON parse validates it.
    bool skip_value() {
        if (i_ >= s_.size()) return false;
        int depth = 0;
        do {
            const char c = s_[i_];
            if (c == '"') {
                ++i_;
                while (i_ < s_.size() && s_[i_] != '"') i_ += s_[i_] == '\\' ? 2 : 1;
                if (i_ >= s_.size()) return false;
                ++i_;
            } else if (c == '[' || c == '{') {
                ++depth;
                ++i_;
            } else if (c == ']' || c == '}') {
                if (depth == 0) return false;  // a closing bracket where a value should be
                --depth;
                ++i_;
            } else if (depth > 0) {
                ++i_;
            } else {
                // A scalar token: up to the next delimiter.
                const size_t start = i_;
                while (i_ < s_.size() && !is_ws(s_[i_]) && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']') ++i_;
                return i_ > start;
            }
        } while (depth > 0 && i_ < s_.size());
        return depth == 0;
    }

    std::string_view s_;
    size_t i_ = 0;
};

}  // namespace

std::optional<ScannedProblemText> scan_problem_text(std::string_view text) { return Scanner(text).run(); }

}  // namespace lrcert
