// lrcert-check's own inputs: strict JSON, SHA-256, problem and claim files,
// the built-in claims lookup and the comparisons (inputs.hpp).
#include "inputs.hpp"

#include "claims.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

using nlohmann::json;
namespace fs = std::filesystem;

namespace chk {

// ---- strict JSON ------------------------------------------------------------------------

namespace {

class StrictBuilder {
public:
    StrictBuilder(bool numbers_as_text, std::string what) : text_(numbers_as_text), what_(std::move(what)) {}
    json root;
    std::string error;

    bool null() { return put(json(nullptr)); }
    bool boolean(bool b) { return put(json(b)); }
    bool number_integer(json::number_integer_t v) { return put(text_ ? json(std::to_string(v)) : json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return put(text_ ? json(std::to_string(v)) : json(v)); }
    bool number_float(json::number_float_t v, const json::string_t& literal) {
        return put(text_ ? json(literal) : json(v));
    }
    bool string(json::string_t& s) { return put(json(s)); }
    bool binary(json::binary_t&) { return fail("binary values are not JSON"); }
    bool start_object(std::size_t) { return open(json::object()); }
    bool start_array(std::size_t) { return open(json::array()); }
    bool end_object() { stack_.pop_back(); return true; }
    bool end_array() { stack_.pop_back(); return true; }
    bool key(json::string_t& k) {
        if (stack_.back()->contains(k)) return fail("duplicate key \"" + k + "\"");
        key_ = k;
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const json::exception& e) {
        if (error.empty()) error = std::string("not JSON: ") + e.what();
        return false;
    }

private:
    bool text_;
    std::string what_, key_;
    std::vector<json*> stack_;

    bool fail(const std::string& m) {
        if (error.empty()) error = m;
        return false;
    }
    json* insert(json v) {
        if (stack_.empty()) {
            root = std::move(v);
            return &root;
        }
        json& top = *stack_.back();
        if (top.is_array()) {
            top.push_back(std::move(v));
            return &top.back();
        }
        top[key_] = std::move(v);
        return &top[key_];
    }
    bool put(json v) {
        insert(std::move(v));
        return true;
    }
    bool open(json v) {
        if (stack_.size() >= 256) return fail("nested deeper than 256 levels");
        stack_.push_back(insert(std::move(v)));
        return true;
    }
};

}  // namespace

json parse_strict(const std::string& text, bool numbers_as_text, const std::string& what) {
    StrictBuilder b(numbers_as_text, what);
    bool ok = false;
    try {
        ok = json::sax_parse(text, &b);
    } catch (const json::exception& e) {
        if (b.error.empty()) b.error = std::string("not JSON: ") + e.what();
    }
    if (!ok || !b.error.empty()) throw Malformed(what + ": " + (b.error.empty() ? "not JSON" : b.error));
    return b.root;
}

// ---- SHA-256 (FIPS 180-4) ---------------------------------------------------------------

std::string sha256_hex(const std::string& bytes) {
    static constexpr std::array<std::uint32_t, 64> k = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    std::array<std::uint32_t, 8> H = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    auto rotr = [](std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
    // Padding: 0x80, zeros to 56 mod 64, the bit length as 64-bit big-endian.
    std::string msg = bytes;
    const std::uint64_t bits = static_cast<std::uint64_t>(bytes.size()) * 8;
    msg.push_back(static_cast<char>(0x80));
    while (msg.size() % 64 != 56) msg.push_back('\0');
    for (int i = 7; i >= 0; --i) msg.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
    for (size_t off = 0; off < msg.size(); off += 64) {
        std::array<std::uint32_t, 64> w{};
        for (int t = 0; t < 16; ++t)
            for (int b = 0; b < 4; ++b)
                w[t] = (w[t] << 8) | static_cast<unsigned char>(msg[off + 4 * t + b]);
        for (int t = 16; t < 64; ++t) {
            std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        std::uint32_t a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
        for (int t = 0; t < 64; ++t) {
            std::uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
            std::uint32_t ch = (e & f) ^ (~e & g);
            std::uint32_t t1 = h + S1 + ch + k[t] + w[t];
            std::uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
            std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
            std::uint32_t t2 = S0 + maj;
            h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
        }
        H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
    }
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (std::uint32_t x : H)
        for (int i = 7; i >= 0; --i) out.push_back(hex[(x >> (4 * i)) & 0xf]);
    return out;
}

// ---- the problem --------------------------------------------------------------------------

namespace {

void only_keys(const json& j, const std::set<std::string>& allowed, const std::string& where) {
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!allowed.count(it.key())) throw Malformed(where + ": unknown key \"" + it.key() + "\"");
}

const json& field(const json& j, const char* key, const std::string& where) {
    if (!j.contains(key)) throw Malformed(where + ": missing field \"" + key + "\"");
    return j.at(key);
}

Q exact(const json& v, const std::string& name) {
    if (!v.is_string()) throw Malformed(name + ": a number is expected");
    std::optional<Q> q = parse_number(v.get<std::string>());
    if (!q) throw Malformed(name + ": not a number: \"" + v.get<std::string>() + "\"");
    return *q;
}

std::vector<Q> vec(const json& v, const std::string& name) {
    if (!v.is_array() || v.empty()) throw Malformed(name + ": a non-empty array of numbers is expected");
    std::vector<Q> out;
    for (size_t i = 0; i < v.size(); ++i) out.push_back(exact(v[i], name + "[" + std::to_string(i) + "]"));
    return out;
}

std::vector<std::vector<Q>> mat(const json& v, const std::string& name) {
    if (!v.is_array() || v.empty()) throw Malformed(name + ": a non-empty array of rows is expected");
    std::vector<std::vector<Q>> out;
    for (size_t i = 0; i < v.size(); ++i) {
        out.push_back(vec(v[i], name + "[" + std::to_string(i) + "]"));
        if (out.back().size() != out.front().size()) throw Malformed(name + ": rows of different lengths");
    }
    return out;
}

std::string text_field(const json& j, const char* key, const std::string& where) {
    if (!j.contains(key)) return "";
    if (!j.at(key).is_string()) throw Malformed(where + ": " + key + " must be a string");
    return j.at(key).get<std::string>();
}

}  // namespace

ProblemFile read_problem_object(const json& j, const std::string& where, bool record) {
    if (!j.is_object()) throw Malformed(where + ": not a JSON object");
    ProblemFile p;
    const json& fam = field(j, "family", where);
    if (!fam.is_string()) throw Malformed(where + ": family must be a string");
    p.family = fam.get<std::string>();
    if (p.family == "scalar")
        only_keys(j, {"family", "name", "description", "mu", "x0", "y0", "h", "h_over_2_over_L0"}, where);
    else if (p.family == "matrix")
        only_keys(j, {"family", "name", "description", "A", "X0", "Y0", "h", "h_over_2_over_L0"}, where);
    else
        throw Malformed(where + ": unknown family \"" + p.family + "\"");
    p.name = text_field(j, "name", where);
    p.description = text_field(j, "description", where);
    const bool has_h = j.contains("h"), has_t = j.contains("h_over_2_over_L0");
    if (!record && has_h == has_t)
        throw Malformed(where + ": give exactly one of \"h\" and \"h_over_2_over_L0\"" +
                        (has_h ? " (both are given)" : " (neither is given)"));
    if (record || has_h) {
        p.h = exact(field(j, "h", where), where + ": h");
        if (!(p.h > 0)) throw Malformed(where + ": h must be > 0");
    }
    if (has_t) {
        p.t = exact(j.at("h_over_2_over_L0"), where + ": h_over_2_over_L0");
        if (!(*p.t > 0)) throw Malformed(where + ": h_over_2_over_L0 must be > 0");
    }
    if (p.family == "scalar") {
        p.mu = exact(field(j, "mu", where), where + ": mu");
        p.X0 = {vec(field(j, "x0", where), where + ": x0")};
        p.Y0 = {vec(field(j, "y0", where), where + ": y0")};
        if (p.X0[0].size() != p.Y0[0].size()) throw Malformed(where + ": x0 and y0 differ in length");
    } else {
        p.A = mat(field(j, "A", where), where + ": A");
        p.X0 = mat(field(j, "X0", where), where + ": X0");
        p.Y0 = mat(field(j, "Y0", where), where + ": Y0");
        if (p.X0.size() != p.A.size() || p.Y0.size() != p.A[0].size() || p.X0[0].size() != p.Y0[0].size())
            throw Malformed(where + ": shapes disagree");
    }
    return p;
}

std::string compare_problems(const ProblemFile& c, const ProblemFile& f) {
    auto differs = [](const std::string& what, const std::string& a, const std::string& b) {
        return "problem: " + what + " differs: certificate " + a + ", problem file " + b;
    };
    if (c.family != f.family) return differs("family", c.family, f.family);
    if (c.name != f.name) return differs("name", "\"" + c.name + "\"", "\"" + f.name + "\"");
    if (c.description != f.description) return differs("description", "\"" + c.description + "\"", "\"" + f.description + "\"");
    auto t_text = [](const std::optional<Q>& t) { return t ? exact_text(*t) : std::string("(none)"); };
    if (c.t != f.t) return differs("h_over_2_over_L0", t_text(c.t), t_text(f.t));
    if (!f.t && c.h != f.h) return differs("h", exact_text(c.h), exact_text(f.h));
    if (c.mu != f.mu) return differs("mu", exact_text(c.mu), exact_text(f.mu));
    const bool scalar = c.family == "scalar";
    auto cmp = [&](const char* name, const std::vector<std::vector<Q>>& a,
                   const std::vector<std::vector<Q>>& b) -> std::string {
        if (a.size() != b.size() || a[0].size() != b[0].size())
            return "problem: " + std::string(name) + " differs in shape";
        for (size_t i = 0; i < a.size(); ++i)
            for (size_t k = 0; k < a[i].size(); ++k)
                if (a[i][k] != b[i][k])
                    return differs(std::string(name) + (scalar ? "" : "[" + std::to_string(i) + "]") + "[" +
                                       std::to_string(k) + "]",
                                   exact_text(a[i][k]), exact_text(b[i][k]));
        return "";
    };
    std::string d;
    if (!scalar && (d = cmp("A", c.A, f.A)) != "") return d;
    if ((d = cmp(scalar ? "x0" : "X0", c.X0, f.X0)) != "") return d;
    return cmp(scalar ? "y0" : "Y0", c.Y0, f.Y0);
}

// ---- h relative to 2/L0 (docs/checker.md, section 1c) ----------------------------------------

namespace {

Q pow10(long e) {
    Z p;
    mpz_ui_pow_ui(p.get_mpz_t(), 10, static_cast<unsigned long>(e < 0 ? -e : e));
    return e < 0 ? Q(Z(1), p) : Q(p);
}

// floor(log10 q) for q > 0, exact.
long floor_log10(const Q& q) {
    long e = static_cast<long>(static_cast<double>(floor_log2(q)) * 0.30102999566398120);
    while (pow10(e) > q) --e;
    while (pow10(e + 1) <= q) ++e;
    return e;
}

// The scalar family's L0 at the start, lo <= L0 <= hi, the square root to
// `bits` bits (docs/math.md section 2: lambda_+ = (S0 + sqrt(S0^2 - 8 r0 mu +
// 12 r0^2)) / 2, L0 = max(lambda_+, |r0|) for d >= 2).
void scalar_L0_bounds(const ProblemFile& p, long bits, Q& lo, Q& hi) {
    Q S = 0, xy = 0;
    for (size_t i = 0; i < p.X0[0].size(); ++i) {
        S += p.X0[0][i] * p.X0[0][i] + p.Y0[0][i] * p.Y0[0][i];
        xy += p.X0[0][i] * p.Y0[0][i];
    }
    const Q r = p.mu - xy;
    const Q disc = S * S - 8 * r * p.mu + 12 * r * r;
    Q slo, shi;
    sqrt_bounds(disc, bits, slo, shi);
    lo = (S + slo) / 2;
    hi = (S + shi) / 2;
    if (p.X0[0].size() >= 2) {
        const Q ar = r < 0 ? Q(-r) : r;
        if (ar > lo) lo = ar;
        if (ar > hi) hi = ar;
    }
}

}  // namespace

std::string relative_h_failure(const ProblemFile& c, const json& report_t,
                               const std::function<I(long bits)>& matrix_L0) {
    if (!c.t) {
        if (!report_t.is_null()) return "report.h_over_2_over_L0 is given but the problem gives h, not t";
        return "";
    }
    const Q& t = *c.t;
    const std::string tt = exact_text(t), ht = exact_text(c.h);
    if (!report_t.is_string() || !parse_number(report_t.get<std::string>()) ||
        *parse_number(report_t.get<std::string>()) != t)
        return "report.h_over_2_over_L0 differs from the problem's h_over_2_over_L0 " + tt;
    // h must be m 10^e with the integer m in [10^11, 10^12); the 12-digit
    // decimals nearest below and above it are h - u_below and h + u.
    const long E = floor_log10(c.h);
    const Q u = pow10(E - 11);
    const Q m = c.h / u;
    if (m.get_den() != 1)
        return "h_over_2_over_L0: h = " + ht + " is not a decimal of 12 significant digits, so not 2t/L0 rounded";
    const Q u_below = m == pow10(11) ? Q(u / 10) : u;
    const Q low = c.h - u_below / 2, high = c.h + u / 2;  // h = round(x) when low < x < high
    auto decide = [&](const Q& L0lo, const Q& L0hi) -> int {  // 1 yes, 0 no, -1 undecided
        if (std::getenv("LRCERT_CHECK_TRACE"))  // diagnostics: how wide an L0 the decision needed
            std::cerr << "trace: h_over_2_over_L0 with L0 width " << decimal(L0hi - L0lo, 3, 1) << "\n";
        if (!(L0lo > 0)) return -1;
        const Q xlo = 2 * t / L0hi, xhi = 2 * t / L0lo;
        if (low < xlo && xhi < high) return 1;
        if (xhi < low || xlo > high) return 0;
        return -1;
    };
    auto why_not = [&](const Q& L0lo, const Q& L0hi) {
        return "h_over_2_over_L0: h = " + ht + " is not 2t/L0 = 2 (" + tt + ")/L0 rounded to 12 significant digits (" +
               "2t/L0 in [" + decimal(2 * t / L0hi, 20, -1) + ", " + decimal(2 * t / L0lo, 20, +1) + "])";
    };
    if (c.family == "scalar") {
        Q lo, hi;
        for (long bits = 64; bits <= (1L << 16); bits *= 2) {
            scalar_L0_bounds(c, bits, lo, hi);
            const int v = decide(lo, hi);
            if (v == 1) return "";
            if (v == 0) return why_not(lo, hi);
            if (lo == hi && lo > 0) break;  // exact L0: 2t/L0 is on a rounding boundary
        }
        return "h_over_2_over_L0: cannot verify h = " + ht + ": 2t/L0 = 2 (" + tt +
               ")/L0 is not decided against the 12-digit rounding boundaries by the checker's enclosure (L0 in [" +
               decimal(lo, 20, -1) + ", " + decimal(hi, 20, +1) + "])";
    }
    if (!matrix_L0)
        return "h_over_2_over_L0: cannot verify h = " + ht + " for the matrix family here (no L0 enclosure)";
    I L0;
    for (long bits = 0; bits <= 1024; bits = bits ? 2 * bits : 64) {
        L0 = matrix_L0(bits);
        const int v = decide(L0.lo, L0.hi);
        if (v == 1) return "";
        if (v == 0) return why_not(L0.lo, L0.hi);
    }
    return "h_over_2_over_L0: cannot verify h = " + ht + ": the checker's L0 enclosure [" + decimal(L0.lo, 20, -1) +
           ", " + decimal(L0.hi, 20, +1) + "] does not decide 2t/L0 rounded to 12 significant digits";
}

// ---- claim files ----------------------------------------------------------------------------

namespace {

std::vector<std::string> strings(const json& v, const std::string& name) {
    if (!v.is_array()) throw Malformed(name + " must be an array of strings");
    std::vector<std::string> out;
    for (const json& e : v) {
        if (!e.is_string()) throw Malformed(name + " must be an array of strings");
        out.push_back(e.get<std::string>());
    }
    return out;
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Malformed("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

std::vector<ClaimText> read_claim_file_text(const std::string& text, const std::string& origin) {
    json j = parse_strict(text, true, origin);
    if (!j.is_object()) throw Malformed(origin + ": not a JSON object");
    only_keys(j, {"claims", "note"}, origin);
    const json& list = field(j, "claims", origin);
    if (!list.is_array()) throw Malformed(origin + ": claims must be an array");
    std::vector<ClaimText> out;
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string where = origin + ": claims[" + std::to_string(i) + "]";
        const json& c = list[i];
        if (!c.is_object()) throw Malformed(where + ": not an object");
        only_keys(c, {"id", "source", "statement", "family", "kind", "assumptions", "conclusions",
                      "exceptional_set", "note"},
                  where);
        ClaimText t;
        t.origin = origin;
        for (const char* key : {"id", "source", "statement", "family"})
            if (!field(c, key, where).is_string()) throw Malformed(where + ": " + key + " must be a string");
        t.id = c["id"].get<std::string>();
        t.family = c["family"].get<std::string>();
        if (t.family != "scalar" && t.family != "matrix" && t.family != "all")
            throw Malformed(where + ": unknown family \"" + t.family + "\"");
        t.kind = c.contains("kind") ? (c["kind"].is_string() ? c["kind"].get<std::string>() : "?") : "theorem";
        if (t.kind != "theorem" && t.kind != "observation" && t.kind != "classification")
            throw Malformed(where + ": unknown kind");
        for (const char* key : {"exceptional_set", "note"})
            if (c.contains(key) && !c[key].is_string()) throw Malformed(where + ": " + key + " must be a string");
        if (c.contains("assumptions")) t.assumptions = strings(c["assumptions"], where + ": assumptions");
        t.conclusions = strings(field(c, "conclusions", where), where + ": conclusions");
        if (t.conclusions.empty()) throw Malformed(where + ": conclusions must not be empty");
        out.push_back(std::move(t));
    }
    return out;
}

void read_claims_path(const std::string& path, std::vector<ClaimText>& into) {
    std::error_code ec;
    std::vector<std::string> files;
    if (fs::is_directory(path, ec)) {
        for (const auto& e : fs::directory_iterator(path, ec))
            if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
        if (ec) throw Malformed(path + ": cannot list the folder");
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(path);
    }
    for (const std::string& f : files)
        for (ClaimText& c : read_claim_file_text(read_bytes(f), f)) {
            for (const ClaimText& o : into)
                if (o.id == c.id) throw Malformed(f + ": claim id \"" + c.id + "\" already read from " + o.origin);
            into.push_back(std::move(c));
        }
}

std::string locate_builtin_claims(std::vector<std::string>& tried) {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("LRCERT_CLAIMS_DIR"); env && *env) {
        candidates.push_back(env);
    } else {
        std::error_code ec;
        fs::path exe = fs::read_symlink("/proc/self/exe", ec);
        if (!ec) {
            candidates.push_back((exe.parent_path() / ".." / "share" / "lrcert" / "claims").lexically_normal().string());
            candidates.push_back((exe.parent_path() / "share" / "lrcert" / "claims").string());
        }
    }
    for (const std::string& c : candidates) {
        tried.push_back(c);
        std::error_code ec;
        if (fs::is_directory(c, ec)) return c;
    }
    return "";
}

std::string normalise_expression(const std::string& s) {
    std::string out;
    size_t i = 0;
    auto emit = [&](const std::string& tok) {
        if (!out.empty()) out += ' ';
        out += tok;
    };
    auto digit = [&](size_t k) { return k < s.size() && std::isdigit(static_cast<unsigned char>(s[k])); };
    while (i < s.size()) {
        const char ch = s[i];
        if (std::isspace(static_cast<unsigned char>(ch))) { ++i; continue; }
        if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') {
            size_t j = i;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
            emit(s.substr(i, j - i));
            i = j;
        } else if (digit(i) || (ch == '.' && digit(i + 1))) {
            size_t j = i;
            while (digit(j)) ++j;
            if (j < s.size() && s[j] == '.') { ++j; while (digit(j)) ++j; }
            if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
                size_t save = j++;
                if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
                if (!digit(j)) j = save; else while (digit(j)) ++j;
            }
            std::optional<Q> q = parse_number(s.substr(i, j - i));
            if (!q) throw Malformed("claim expression: bad number \"" + s.substr(i, j - i) + "\"");
            emit(exact_text(*q));
            i = j;
        } else if (i + 1 < s.size() && std::string("<>=!").find(ch) != std::string::npos && s[i + 1] == '=') {
            emit(s.substr(i, 2));
            i += 2;
        } else if (std::string("+-*/^(),<>").find(ch) != std::string::npos) {
            emit(std::string(1, ch));
            ++i;
        } else {
            throw Malformed("claim expression: unexpected character '" + std::string(1, ch) + "'");
        }
    }
    return out;
}

}  // namespace chk
