#include "lrcert/io/problem_file_scan.hpp"

#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/parse.hpp"

#include <algorithm>
#include <cstddef>

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

    // A string element: its content, found with a fast search for the closing
    // quote. A content that parses as a SmallDecimal has only digits, signs,
    // '.', 'e' and 'E', so it is plain; any other is checked character by character.
    bool string_element(std::string_view& text, std::optional<SmallDecimal>& value) {
        const size_t start = i_ + 1;
        // The common case in one pass: a decimal that ends at the closing quote.
        SmallDecimal fast;
        const size_t n = read_small_decimal(s_.substr(start), fast);
        if (n > 0 && start + n < s_.size() && s_[start + n] == '"') {
            text = s_.substr(start, n);
            value = fast;
            i_ = start + n + 1;
            return true;
        }
        const size_t close = s_.find('"', start);
        if (close == std::string_view::npos) return false;
        text = s_.substr(start, close - start);
        value = parse_small_decimal(text);
        if (!value) {
            for (char ch : text) {
                const unsigned char c = static_cast<unsigned char>(ch);
                if (c == '\\' || c < 0x20 || c >= 0x7f) return false;
            }
        }
        i_ = close + 1;
        return true;
    }

    // A non-empty or empty flat array of plain strings and numbers, into a.
    bool flat_array(CapturedArray& a) {
        if (!eat('[')) return false;
        const size_t begin = i_;
        // Room for the elements, estimated once from the mean length of the
        // first kSample and the position of the first ']' (the vectors still
        // grow if the guess is short).
        constexpr size_t kSample = 1024;
        const size_t close = s_.find(']', i_);
        skip_ws();
        if (eat(']')) return true;
        while (true) {
            std::string_view text;
            std::optional<SmallDecimal> x;
            if (i_ < s_.size() && s_[i_] == '"') {
                if (!string_element(text, x)) return false;
            } else {
                if (!json_number(text)) return false;
                x = parse_small_decimal(text);
            }
            if (a.size == kSample && close != std::string_view::npos) {
                const double per = static_cast<double>(i_ - begin) / static_cast<double>(kSample);
                const double guess = 1.05 * static_cast<double>(close - begin) / per + 16;
                a.small.reserve(static_cast<size_t>(std::min(guess, static_cast<double>(kMaxScalarRank) + 1)));
            }
            if (x) {
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
