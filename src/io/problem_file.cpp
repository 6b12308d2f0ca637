#include "lrcert/io/problem_file.hpp"

#include "lrcert/io/problem_file_scan.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/problem/relative_step.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lrcert {

namespace {

using json = nlohmann::json;

const std::vector<std::string> kScalarFields = {"family", "name", "description", "mu", "x0", "y0", "h", "h_over_2_over_L0"};
const std::vector<std::string> kMatrixFields = {"family", "name", "description", "A", "X0", "Y0", "h", "h_over_2_over_L0"};
const char* const kRelative = "h_over_2_over_L0";

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

std::string kind_of(const json& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_object()) return "an object";
    if (v.is_array()) return v.empty() ? "an empty array" : "an array";
    if (v.is_string()) return "a string";
    return "a number";
}

struct Shape {
    size_t rows = 0;
    size_t cols = 0;
};

// A top-level vector field: its JSON value, or, when the scanner captured it
// (io/problem_file_scan.hpp), the captured array (the JSON value is then "[]").
struct VectorField {
    const json* value = nullptr;
    CapturedArray* captured = nullptr;  // read_column moves its column out
};

// Length of the non-empty array `field` (a vector of numbers), at most max_len.
size_t vector_length(const VectorField& f, const std::string& field, size_t max_len) {
    if (f.captured) {
        if (f.captured->size > max_len)
            throw InputError(field + ": " + std::to_string(f.captured->size) + " entries exceed the limit of " +
                             std::to_string(max_len));
        return f.captured->size;
    }
    const json& v = *f.value;
    if (!v.is_array() || v.empty())
        throw InputError(field + ": expected a non-empty array of numbers, got " + kind_of(v));
    if (v.size() > max_len)
        throw InputError(field + ": " + std::to_string(v.size()) + " entries exceed the limit of " +
                         std::to_string(max_len));
    return v.size();
}

// Shape of the non-empty rectangular array of arrays `field`.
Shape matrix_shape(const json& v, const std::string& field, size_t max_rows, size_t max_cols) {
    if (!v.is_array() || v.empty())
        throw InputError(field + ": expected a non-empty array of rows (arrays of numbers), got " + kind_of(v));
    if (v.size() > max_rows)
        throw InputError(field + ": " + std::to_string(v.size()) + " rows exceed the limit of " +
                         std::to_string(max_rows));
    Shape s;
    s.rows = v.size();
    for (size_t i = 0; i < v.size(); ++i) {
        const std::string row = element_path(field, i);
        const json& r = v[i];
        if (!r.is_array() || r.empty())
            throw InputError(row + ": expected a non-empty array of numbers (a row of " + field + "), got " +
                             kind_of(r));
        if (i == 0) {
            if (r.size() > max_cols)
                throw InputError(row + ": " + std::to_string(r.size()) + " columns exceed the limit of " +
                                 std::to_string(max_cols));
            s.cols = r.size();
        } else if (r.size() != s.cols) {
            throw InputError(row + ": has " + std::to_string(r.size()) + " entries but " +
                             element_path(field, 0) + " has " + std::to_string(s.cols) +
                             " (rows must have equal lengths)");
        }
    }
    return s;
}

// Entries of a vector field as an exact column; errors name the first bad
// element, as exact_number words them.
DecimalColumn read_column(const VectorField& f, const std::string& field) {
    if (!f.captured) {
        const json& v = *f.value;
        DecimalColumn c;
        c.reserve(v.size());
        for (size_t j = 0; j < v.size(); ++j) c.push_back(exact_number(v[j], element_path(field, j)));
        return c;
    }
    CapturedArray& a = *f.captured;
    if (a.texts.empty()) return std::move(a.small);  // read once: the capture is not needed again
    DecimalColumn c;
    c.reserve(a.size);
    size_t next = 0;  // index into a.texts (in index order)
    for (size_t j = 0; j < a.size; ++j) {
        if (next < a.texts.size() && a.texts[next].first == j) {
            c.push_back(exact_number(json(a.texts[next].second), element_path(field, j)));
            ++next;
        } else {
            c.push_back(a.small.small(j));
        }
    }
    return c;
}

// The column as a 1 x d matrix of Rationals.
Matrix<Rational> row_of_column(const DecimalColumn& c) {
    Matrix<Rational> r(1, c.size());
    for (size_t j = 0; j < c.size(); ++j) r(0, j) = c.value(j);
    return r;
}

Matrix<Rational> read_matrix(const json& v, const std::string& field, Shape s) {
    Matrix<Rational> r(s.rows, s.cols);
    for (size_t i = 0; i < s.rows; ++i) {
        const std::string row = element_path(field, i);
        for (size_t j = 0; j < s.cols; ++j) r(i, j) = exact_number(v[i][j], element_path(row, j));
    }
    return r;
}

Rational read_step(const json& v) {
    Rational h = exact_number(v, "h");
    if (h <= 0) {
        std::string text = v.is_string() ? v.get<std::string>() : to_exact_string(h);
        throw InputError("h: the learning rate must be > 0, got " + in_quotes(text));
    }
    return h;
}

// t of "h_over_2_over_L0" (h = t * 2/L0): > 0, like h.
Rational read_relative_step(const json& v) {
    Rational t = exact_number(v, kRelative);
    if (t <= 0) {
        std::string text = v.is_string() ? v.get<std::string>() : to_exact_string(t);
        throw InputError(std::string(kRelative) + ": must be > 0, got " + in_quotes(text));
    }
    return t;
}

// Exactly one of "h" and "h_over_2_over_L0"; h is read here, t only recorded
// (resolved once the start is read: resolve_step).
void read_h_or_relative(const json& doc, Problem& p) {
    const bool has_h = doc.contains("h"), has_t = doc.contains(kRelative);
    if (has_h && has_t)
        throw InputError("give exactly one of \"h\" and \"h_over_2_over_L0\", not both");
    if (!has_h && !has_t)
        throw InputError("missing field \"h\" (or \"h_over_2_over_L0\", h relative to 2/L0): give exactly one of them");
    if (has_h)
        p.h = read_step(doc.at("h"));
    else
        p.h_over_2_over_L0 = read_relative_step(doc.at(kRelative));
}

// h = t * 2/L0 at the start, 12 significant digits (problem/relative_step.hpp).
void resolve_step(Problem& p) {
    if (!p.h_over_2_over_L0) return;
    try {
        // A compact start is expanded for this once (the rule reads z0).
        const Factors<Rational> z0 =
            p.x0_column ? Factors<Rational>{row_of_column(*p.x0_column), row_of_column(*p.y0_column)} : p.z0;
        p.h = h_relative_to_two_over_L0(p.family == Family::Scalar, p.A, z0, *p.h_over_2_over_L0,
                                        kRelativeStepDigits);
    } catch (const std::exception& e) {
        throw InputError(std::string(kRelative) + ": " + e.what());
    }
}

std::string optional_string(const json& doc, const std::string& key) {
    auto it = doc.find(key);
    return it == doc.end() ? std::string() : string_value(*it, key);
}

void check_total(size_t n, size_t m, size_t d, size_t max_entries = kMaxProblemEntries) {
    // Each factor is at most 10^4 * 10^7, so the sum cannot overflow 64 bits.
    size_t total = n * m + n * d + m * d;
    if (total > max_entries)
        throw InputError("the problem has " + std::to_string(total) + " entries (n m + n d + m d with n = " +
                         std::to_string(n) + ", m = " + std::to_string(m) + ", d = " + std::to_string(d) +
                         "), more than the limit of " + std::to_string(max_entries));
}

// Every independent problem of the document is reported, not only the first
// (docs/formats.md, "Problem files"): each field is read on its own, and a
// check that needs fields which failed is skipped.
class Errors {
public:
    // Runs f; an InputError it throws is recorded. True if f succeeded.
    template <class F>
    bool attempt(F&& f) {
        try {
            f();
            return true;
        } catch (const InputError& e) {
            messages_.push_back(e.what());
            return false;
        }
    }
    // Throws the recorded errors: one as it is, several numbered.
    void throw_if_any() const {
        if (messages_.empty()) return;
        if (messages_.size() == 1) throw InputError(messages_[0]);
        std::string all = std::to_string(messages_.size()) + " errors:";
        for (size_t i = 0; i < messages_.size(); ++i) all += " (" + std::to_string(i + 1) + ") " + messages_[i] + ";";
        all.pop_back();
        throw InputError(all);
    }

private:
    std::vector<std::string> messages_;
};

// The top-level field `key` (required): captured by the scanner, or its JSON value.
VectorField vector_field(const json& doc, std::vector<CapturedArray>* captured, const std::string& key) {
    VectorField f;
    f.value = &require_field(doc, "", key);
    if (captured)
        for (CapturedArray& a : *captured)
            if (a.key == key) f.captured = &a;
    return f;
}

Problem problem_from_json(const json& doc, std::vector<CapturedArray>* captured, StartStorage storage) {
    if (!doc.is_object()) throw InputError("expected a JSON object at the top level, got " + kind_of(doc));
    const json& fam = require_field(doc, "", "family");
    if (!fam.is_string())
        throw InputError("family: expected \"scalar\" or \"matrix\", got " + kind_of(fam));
    const std::string family = fam.get<std::string>();
    Problem p;
    Errors errors;
    if (family == "scalar") {
        p.family = Family::Scalar;
        errors.attempt([&] { check_object(doc, "", kScalarFields); });
    } else if (family == "matrix") {
        p.family = Family::Matrix;
        errors.attempt([&] { check_object(doc, "", kMatrixFields); });
    } else {
        throw InputError("family: unknown family " + in_quotes(family) + " (expected \"scalar\" or \"matrix\")");
    }
    errors.attempt([&] { p.name = optional_string(doc, "name"); });
    errors.attempt([&] { p.description = optional_string(doc, "description"); });
    errors.attempt([&] { read_h_or_relative(doc, p); });

    if (p.family == Family::Scalar) {
        errors.attempt([&] {
            p.A = Matrix<Rational>(1, 1);
            p.A(0, 0) = exact_number(require_field(doc, "", "mu"), "mu");
        });
        size_t dx = 0, dy = 0;
        // A compact start may be longer (12 bytes an entry instead of a Rational's ~100).
        const size_t max_d = storage == StartStorage::Compact ? kMaxScalarRank : kMaxProblemRank;
        VectorField xf, yf;
        const bool x_ok = errors.attempt([&] {
            xf = vector_field(doc, captured, "x0");
            dx = vector_length(xf, "x0", max_d);
        });
        const bool y_ok = errors.attempt([&] {
            yf = vector_field(doc, captured, "y0");
            dy = vector_length(yf, "y0", max_d);
        });
        if (x_ok && y_ok) {
            errors.attempt([&] {
                if (dx != dy)
                    throw InputError("y0: has " + std::to_string(dy) + " entries but x0 has " + std::to_string(dx) +
                                     " (x0 and y0 must both have length d)");
                check_total(1, 1, dx, 2 * max_d + 1);
            });
        }
        // Each column is converted as soon as it is read (one long vector at a time in memory).
        auto store = [&](const VectorField& f, const char* name, Matrix<Rational>& row,
                         std::shared_ptr<const DecimalColumn>& column) {
            DecimalColumn c = read_column(f, name);
            if (storage == StartStorage::Compact)
                column = std::make_shared<const DecimalColumn>(std::move(c));
            else
                row = row_of_column(c);
        };
        if (x_ok) errors.attempt([&] { store(xf, "x0", p.z0.X, p.x0_column); });
        if (y_ok) errors.attempt([&] { store(yf, "y0", p.z0.Y, p.y0_column); });
        if (storage == StartStorage::Compact) {
            p.z0.X = Matrix<Rational>(1, 0);
            p.z0.Y = Matrix<Rational>(1, 0);
        }
        errors.throw_if_any();
        resolve_step(p);
        return p;
    }

    Shape sa, sx, sy;
    const bool a_ok = errors.attempt([&] { sa = matrix_shape(require_field(doc, "", "A"), "A", kMaxProblemRows, kMaxProblemRows); });
    const bool x_ok = errors.attempt([&] { sx = matrix_shape(require_field(doc, "", "X0"), "X0", kMaxProblemRows, kMaxProblemRank); });
    const bool y_ok = errors.attempt([&] { sy = matrix_shape(require_field(doc, "", "Y0"), "Y0", kMaxProblemRows, kMaxProblemRank); });
    bool shapes_ok = a_ok && x_ok && y_ok;
    if (shapes_ok) {
        shapes_ok = errors.attempt([&] {
            if (sx.rows != sa.rows)
                throw InputError("X0: has " + std::to_string(sx.rows) + " rows but A has " + std::to_string(sa.rows) +
                                 " (X0 must be n x d where A is n x m)");
        });
        shapes_ok &= errors.attempt([&] {
            if (sy.rows != sa.cols)
                throw InputError("Y0: has " + std::to_string(sy.rows) + " rows but A has " +
                                 std::to_string(sa.cols) + " columns (Y0 must be m x d where A is n x m)");
        });
        shapes_ok &= errors.attempt([&] {
            if (sy.cols != sx.cols)
                throw InputError("Y0: rows have " + std::to_string(sy.cols) + " entries but rows of X0 have " +
                                 std::to_string(sx.cols) + " (X0 and Y0 must have the same width d)");
        });
        if (shapes_ok) shapes_ok = errors.attempt([&] { check_total(sa.rows, sa.cols, sx.cols); });
    }
    // Entries are read for every matrix whose own shape is valid (bounded by
    // the size limits above), so that bad numbers are reported too.
    auto readable = [](const Shape& s) { return s.rows * s.cols <= kMaxProblemEntries; };
    if (a_ok && readable(sa)) errors.attempt([&] { p.A = read_matrix(doc.at("A"), "A", sa); });
    if (x_ok && readable(sx)) errors.attempt([&] { p.z0.X = read_matrix(doc.at("X0"), "X0", sx); });
    if (y_ok && readable(sy)) errors.attempt([&] { p.z0.Y = read_matrix(doc.at("Y0"), "Y0", sy); });
    errors.throw_if_any();
    resolve_step(p);
    return p;
}

json row_json(const Matrix<Rational>& M, size_t i) {
    json row = json::array();
    for (size_t j = 0; j < M.cols(); ++j) row.push_back(to_exact_string(M(i, j)));
    return row;
}

json matrix_json(const Matrix<Rational>& M) {
    json rows = json::array();
    for (size_t i = 0; i < M.rows(); ++i) rows.push_back(row_json(M, i));
    return rows;
}

bool same_matrix(const Matrix<Rational>& a, const Matrix<Rational>& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() && a.data() == b.data();
}

// The scalar start x0 (or y0) as exact strings, from whichever storage holds it.
json vector_json(const Matrix<Rational>& row, const DecimalColumn* column) {
    if (!column) return row_json(row, 0);
    json r = json::array();
    for (size_t j = 0; j < column->size(); ++j) r.push_back(to_exact_string(column->value(j)));
    return r;
}

// Same start of the scalar family, whichever storage each side uses.
bool same_scalar_start(const Problem& a, const Problem& b) {
    if (!a.x0_column && !b.x0_column) return same_matrix(a.z0.X, b.z0.X) && same_matrix(a.z0.Y, b.z0.Y);
    return a.d() == b.d() && *a.scalar_x0() == *b.scalar_x0() && *a.scalar_y0() == *b.scalar_y0();
}

}  // namespace

const char* family_name(Family f) { return f == Family::Scalar ? "scalar" : "matrix"; }

const Rational& Problem::mu() const {
    if (family != Family::Scalar) throw std::logic_error("Problem::mu(): only the scalar family has mu");
    return A(0, 0);
}

std::shared_ptr<const DecimalColumn> Problem::scalar_x0() const {
    if (x0_column) return x0_column;
    return std::make_shared<const DecimalColumn>(z0.X.data());
}

std::shared_ptr<const DecimalColumn> Problem::scalar_y0() const {
    if (y0_column) return y0_column;
    return std::make_shared<const DecimalColumn>(z0.Y.data());
}

bool operator==(const Problem& a, const Problem& b) {
    if (a.family != b.family || a.name != b.name || a.description != b.description || a.h != b.h ||
        a.h_over_2_over_L0 != b.h_over_2_over_L0 || !same_matrix(a.A, b.A))
        return false;
    if (a.family == Family::Scalar) return same_scalar_start(a, b);
    return same_matrix(a.z0.X, b.z0.X) && same_matrix(a.z0.Y, b.z0.Y);
}

Problem parse_problem(const std::string& json_text, const std::string& origin, StartStorage storage) {
    if (json_text.size() > kMaxProblemFileBytes)
        throw InputError(origin + ": " + std::to_string(json_text.size()) +
                         " bytes exceed the problem size limit of " + std::to_string(kMaxProblemFileBytes));
    // The fast way (io/problem_file_scan.hpp): long vectors scanned, the rest
    // parsed from the skeleton. Any doubt about the JSON itself and the whole
    // text is parsed the ordinary way, for the same values and messages.
    std::optional<ScannedProblemText> scanned = scan_problem_text(json_text);
    json doc;
    bool fast = false;
    if (scanned) {
        try {
            doc = parse_exact_json(scanned->skeleton, origin);
            fast = true;
        } catch (const InputError&) {
            fast = false;
        }
        if (!fast) scanned.reset();
    }
    if (!fast) doc = parse_exact_json(json_text, origin);
    try {
        return problem_from_json(doc, scanned ? &scanned->arrays : nullptr, storage);
    } catch (const InputError& e) {
        throw InputError(origin + ": " + e.what());
    }
}

Problem read_problem_file(const std::string& path, StartStorage storage) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw InputError("cannot read problem file " + in_quotes(path) + ": it is a directory");
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        throw InputError("cannot open problem file " + in_quotes(path) + ": " + std::strerror(errno));
    std::string text;
    // A file of known size is read in one call straight into the text (no
    // copy through a buffer); then, as for any other file, chunks to the end.
    std::error_code size_ec;
    const auto size = std::filesystem::file_size(path, size_ec);
    bool more = true;
    if (!size_ec && size > 0 && size <= kMaxProblemFileBytes) {
        text.resize(static_cast<size_t>(size));
        const size_t got = std::fread(text.data(), 1, text.size(), f);
        more = got == text.size();
        text.resize(got);
    }
    char buffer[1 << 16];
    bool too_large = false;
    while (more) {
        size_t got = std::fread(buffer, 1, sizeof buffer, f);
        text.append(buffer, got);
        if (text.size() > kMaxProblemFileBytes) {
            too_large = true;
            break;
        }
        if (got < sizeof buffer) break;
    }
    bool failed = std::ferror(f) != 0;
    int err = errno;
    std::fclose(f);
    if (too_large)
        throw InputError("problem file " + in_quotes(path) + " is larger than the limit of " +
                         std::to_string(kMaxProblemFileBytes) + " bytes");
    if (failed) throw InputError("cannot read problem file " + in_quotes(path) + ": " + std::strerror(err));
    return parse_problem(text, path, storage);
}

nlohmann::json problem_to_json(const Problem& p) {
    json j = json::object();
    j["family"] = family_name(p.family);
    if (!p.name.empty()) j["name"] = p.name;
    if (!p.description.empty()) j["description"] = p.description;
    if (p.family == Family::Scalar) {
        if (p.A.rows() != 1 || p.A.cols() != 1 || (!p.x0_column && (p.z0.X.rows() != 1 || p.z0.Y.rows() != 1)))
            throw std::logic_error("problem_to_json: a scalar-family problem must have n = m = 1");
        j["mu"] = to_exact_string(p.A(0, 0));
        j["x0"] = vector_json(p.z0.X, p.x0_column.get());
        j["y0"] = vector_json(p.z0.Y, p.y0_column.get());
    } else {
        j["A"] = matrix_json(p.A);
        j["X0"] = matrix_json(p.z0.X);
        j["Y0"] = matrix_json(p.z0.Y);
    }
    if (p.h_over_2_over_L0)
        j[kRelative] = to_exact_string(*p.h_over_2_over_L0);
    else
        j["h"] = to_exact_string(p.h);
    return j;
}

nlohmann::json problem_record_json(const Problem& p) {
    json j = problem_to_json(p);
    j["h"] = to_exact_string(p.h);
    return j;
}

}  // namespace lrcert
