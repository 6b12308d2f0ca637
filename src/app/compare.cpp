// `lrcert compare` (include/lrcert/app/compare.hpp).
#include "lrcert/app/compare.hpp"

#include "lrcert/app/errors.hpp"

#include "lrcert/app/certify_command.hpp"
#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/certify/scalar_certifier.hpp"
#include "lrcert/certify/scalar_reduction.hpp"
#include "lrcert/number/parse.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>

namespace lrcert {

namespace {

constexpr size_t kMaxCsvBytes = size_t(1) << 30;

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(" \t\r");
    if (a == std::string::npos) return "";
    size_t b = s.find_last_not_of(" \t\r");
    return s.substr(a, b - a + 1);
}

std::vector<std::string> split_fields(const std::string& line) {
    std::vector<std::string> f;
    size_t start = 0;
    for (;;) {
        size_t comma = line.find(',', start);
        f.push_back(trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return f;
}

bool is_step_number(const std::string& s) {
    return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool non_finite_text(const std::string& s) {
    std::string t = lower(s);
    if (!t.empty() && (t[0] == '+' || t[0] == '-')) t.erase(0, 1);
    return t == "nan" || t == "inf" || t == "infinity";
}

// Enclosures of the iterate at the trajectory's current step, CSV order.
std::vector<Interval> enclosures(const ScalarTrajectory& traj, const ScalarReduction& red) {
    std::vector<Interval> x, y;
    scalar_iterate(red, traj.ball(), x, y);
    x.insert(x.end(), y.begin(), y.end());
    return x;
}

std::vector<Interval> enclosures(const MatrixTrajectory& traj, const ScalarReduction&) {
    Factors<Interval> z = ball_box(traj.ball());
    std::vector<Interval> v(z.X.data());
    v.insert(v.end(), z.Y.data().begin(), z.Y.data().end());
    return v;
}

std::string show(const Rational& q) {
    PrecisionScope scope(64);
    return decimal_up(rational_up(q), 6);
}

struct Pass {
    std::optional<size_t> left_row, unclear_row;
    std::string reason;          // set when unclear_row is past the iterate bound
    bool bound_proven = false;   // ... and the bound is proven exceeded (more bits cannot help)
    size_t step = 0;
    std::string entry, value, lo, hi, distance;
    std::optional<Rational> max_distance;  // nullopt: infinite
    bool max_infinite = false;
    size_t max_step = 0;
    std::string max_entry;
};

// The exact start: entry k (CSV order) of z_0, the problem's own rationals.
Rational exact_start(const Problem& p, size_t k) {
    if (p.family == Family::Scalar) {
        const size_t d = p.d();
        return k < d ? p.scalar_x0()->value(k) : p.scalar_y0()->value(k - d);
    }
    const size_t n = p.n(), d = p.d();
    return k < n * d ? p.z0.X(k / d, k % d) : p.z0.Y((k - n * d) / d, (k - n * d) % d);
}

template <class Traj>
Pass run_pass(Traj& traj, const ScalarReduction& red, const Problem& p, const std::vector<TrajectoryRow>& rows,
              const Rational& tol) {
    Pass pass;
    pass.max_distance = Rational(0);
    const std::vector<std::string> names = entry_names(p);
    for (size_t r = 0; r < rows.size(); ++r) {
        const TrajectoryRow& row = rows[r];
        while (traj.step() < row.step && traj.bound() == BallBound::Within) traj.advance();
        if (traj.bound() != BallBound::Within) {
            // Past |z| <= 1e30 nothing is enclosed (enclose/ball.hpp): this row
            // and every later one are undecided.
            if (!pass.unclear_row) {
                pass.unclear_row = r;
                pass.step = row.step;
                pass.reason = bound_reason(traj.bound(), traj.step()) + past_bound_text();
                pass.bound_proven = traj.bound() == BallBound::Beyond;
            }
            break;
        }
        std::vector<Interval> enc = enclosures(traj, red);
        EntryStatus row_status = EntryStatus::Within;
        size_t offending = 0;
        std::string offending_distance;
        for (size_t i = 0; i < enc.size(); ++i) {
            const Interval& I = enc[i];
            bool finite = mpfr_number_p(lo(I).backend().data()) && mpfr_number_p(hi(I).backend().data());
            EntryStatus st;
            std::optional<Rational> dist;  // nullopt: infinite / unknown
            if (!finite) {
                st = EntryStatus::Unclear;
            } else if (!row.values[i]) {
                st = EntryStatus::Left;
            } else if (row.step == 0) {
                // Step 0 is z_0 itself, known exactly: decided for every
                // tolerance, 0 included (its enclosure may be wider).
                const Rational out = abs(*row.values[i] - exact_start(p, i));
                dist = out;
                st = out > tol ? EntryStatus::Left : EntryStatus::Within;
            } else {
                const Rational& v = *row.values[i];
                Rational a = to_rational(lo(I)), b = to_rational(hi(I));
                Rational out = 0;
                if (v < a) out = a - v;
                if (v > b) out = v - b;
                Rational far = std::max(Rational(abs(v - a)), Rational(abs(v - b)));
                dist = out;
                st = out > tol ? EntryStatus::Left : far <= tol ? EntryStatus::Within : EntryStatus::Unclear;
            }
            // Largest distance from the enclosure (finite enclosures only).
            if (finite && !pass.max_infinite) {
                if (!dist) {
                    pass.max_infinite = true;
                    pass.max_step = row.step;
                    pass.max_entry = names[i];
                } else if (*dist > *pass.max_distance) {
                    pass.max_distance = *dist;
                    pass.max_step = row.step;
                    pass.max_entry = names[i];
                }
            }
            if (st == EntryStatus::Left && row_status != EntryStatus::Left) {
                row_status = EntryStatus::Left;
                offending = i;
                offending_distance = dist ? show(*dist) : "inf";
            } else if (st == EntryStatus::Unclear && row_status == EntryStatus::Within) {
                row_status = EntryStatus::Unclear;
                offending = i;
                offending_distance = dist ? show(*dist) : "unknown";
            }
        }
        auto record = [&]() {
            pass.step = row.step;
            pass.entry = names[offending];
            pass.value = row.texts[offending];
            if (row.step == 0) {
                // The exact start, as the enclosure it is compared with.
                pass.lo = pass.hi = to_exact_string(exact_start(p, offending));
            } else {
                pass.lo = decimal_down(lo(enc[offending]), 17);
                pass.hi = decimal_up(hi(enc[offending]), 17);
            }
            pass.distance = offending_distance;
        };
        if (row_status == EntryStatus::Left) {
            pass.left_row = r;
            record();
            break;  // the first departure is what is asked for
        }
        if (row_status == EntryStatus::Unclear && !pass.unclear_row) {
            pass.unclear_row = r;
            record();
        }
    }
    return pass;
}

}  // namespace

std::vector<std::string> entry_names(const Problem& p) {
    std::vector<std::string> names;
    if (p.family == Family::Scalar) {
        for (const char* v : {"x", "y"})
            for (size_t i = 0; i < p.d(); ++i) names.push_back(std::string(v) + "[" + std::to_string(i) + "]");
        return names;
    }
    for (size_t i = 0; i < p.n(); ++i)
        for (size_t j = 0; j < p.d(); ++j) names.push_back("X[" + std::to_string(i) + "][" + std::to_string(j) + "]");
    for (size_t i = 0; i < p.m(); ++i)
        for (size_t j = 0; j < p.d(); ++j) names.push_back("Y[" + std::to_string(i) + "][" + std::to_string(j) + "]");
    return names;
}

std::vector<TrajectoryRow> parse_trajectory_csv(const std::string& text, const std::string& origin, const Problem& p) {
    const std::vector<std::string> names = entry_names(p);
    const size_t columns = 1 + names.size();
    std::vector<TrajectoryRow> rows;
    std::istringstream in(text);
    std::string line;
    size_t lineno = 0;
    bool seen_content = false;
    while (std::getline(in, line)) {
        ++lineno;
        std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        std::vector<std::string> f = split_fields(t);
        if (!seen_content) {
            seen_content = true;
            if (!is_step_number(f[0])) {
                if (f.size() != columns)
                    throw InputError(origin + ":" + std::to_string(lineno) + ": the header has " +
                                     std::to_string(f.size()) + " columns, expected " + std::to_string(columns) +
                                     " (step, then " + names.front() + " .. " + names.back() + ")");
                continue;  // header
            }
        }
        auto where = [&](size_t col) {
            return origin + ":" + std::to_string(lineno) + ": column " + std::to_string(col + 1);
        };
        if (f.size() != columns)
            throw InputError(origin + ":" + std::to_string(lineno) + ": has " + std::to_string(f.size()) +
                             " columns, expected " + std::to_string(columns) + " (step, then " + names.front() +
                             " .. " + names.back() + " for this " + family_name(p.family) + " problem)");
        if (!is_step_number(f[0]))
            throw InputError(where(0) + " (step): expected an integer >= 0, got \"" + f[0] + "\"");
        TrajectoryRow row;
        row.line = lineno;
        row.step = std::stoull(f[0]);
        if (row.step > 100000000)
            throw InputError(where(0) + " (step): step " + f[0] + " exceeds the limit of 100000000");
        if (!rows.empty() && row.step <= rows.back().step)
            throw InputError(where(0) + " (step): steps must increase from row to row, got " + f[0] + " after " +
                             std::to_string(rows.back().step));
        for (size_t c = 1; c < columns; ++c) {
            row.texts.push_back(f[c]);
            if (non_finite_text(f[c])) {
                row.values.emplace_back(std::nullopt);
                continue;
            }
            try {
                row.values.emplace_back(parse_exact(f[c]));
            } catch (const ParseError&) {
                throw InputError(where(c) + " (" + names[c - 1] + "): expected a number, got \"" + f[c] + "\"");
            }
        }
        rows.push_back(std::move(row));
    }
    if (rows.empty()) throw InputError(origin + ": no trajectory rows");
    return rows;
}

CompareReport compare_trajectory(const Problem& p, const std::vector<TrajectoryRow>& rows, const Rational& tol,
                                 unsigned max_precision) {
    CompareReport rep;
    rep.rows = rows.size();
    unsigned bits = std::min(128u, max_precision);
    ScalarReduction red;
    if (p.family == Family::Scalar) red = reduce_scalar(p.mu(), p.h, p.z0.X.data(), p.z0.Y.data());
    Pass pass;
    for (;;) {
        rep.precisions.push_back(bits);
        {
            PrecisionScope scope(bits);
            if (p.family == Family::Scalar) {
                ScalarTrajectory traj = scalar_trajectory(red);
                pass = run_pass(traj, red, p, rows, tol);
            } else {
                MatrixTrajectory traj = matrix_trajectory(p.A, p.z0, p.h);
                pass = run_pass(traj, red, p, rows, tol);
            }
        }
        if (!pass.unclear_row || pass.bound_proven || bits >= max_precision) break;
        bits = std::min(2 * bits, max_precision);
    }
    rep.precision_bits = bits;
    rep.left_row = pass.left_row;
    rep.unclear_row = pass.unclear_row;
    rep.step = pass.step;
    rep.entry = pass.entry;
    rep.value = pass.value;
    rep.lo = pass.lo;
    rep.hi = pass.hi;
    rep.distance = pass.distance;
    rep.reason = pass.reason;
    rep.max_distance = pass.max_infinite ? "inf" : show(*pass.max_distance);
    rep.max_distance_step = pass.max_step;
    rep.max_distance_entry = pass.max_entry;
    return rep;
}

int compare_command(const CompareOptions& o, std::ostream& out, std::ostream& err) {
    return run_guarded(err, [&]() -> int {
        Rational tol;
        try {
            tol = parse_exact(o.tol);
        } catch (const ParseError&) {
            throw InputError("--tol: expected a number >= 0 (e.g. 1e-9), got \"" + o.tol + "\"");
        }
        if (tol < 0) throw InputError("--tol: expected a number >= 0, got \"" + o.tol + "\"");
        if (o.max_precision < 64 || o.max_precision > 65536)
            throw InputError("--max-precision " + std::to_string(o.max_precision) + " is outside [64, 65536] bits");
        Problem p = read_problem_file(o.problem_path);
        std::ifstream in(o.trajectory_path, std::ios::binary);
        if (!in) throw InputError(o.trajectory_path + ": cannot read the trajectory file: " + std::strerror(errno));
        std::ostringstream ss;
        ss << in.rdbuf();
        if (ss.str().size() > kMaxCsvBytes) throw InputError(o.trajectory_path + ": larger than 1 GiB");
        std::vector<TrajectoryRow> rows = parse_trajectory_csv(ss.str(), o.trajectory_path, p);
        CompareReport rep = compare_trajectory(p, rows, tol, o.max_precision);
        int code = rep.left_row ? kExitCounterexample : rep.unclear_row ? kExitUndecided : kExitConfirmed;
        if (!o.quiet) {
            out << "lrcert compare: " << rep.rows << " rows (steps " << rows.front().step << ".." << rows.back().step
                << "), tolerance " << o.tol << ", precision " << rep.precision_bits << " bits\n";
            if (rep.left_row) {
                out << "LEFT at step " << rep.step << " (line " << rows[*rep.left_row].line << "): " << rep.entry
                    << " = " << rep.value << " is " << rep.distance << " outside the certified enclosure [" << rep.lo
                    << ", " << rep.hi << "] (more than the tolerance)\n";
                if (rep.unclear_row)
                    out << "  (step " << rows[*rep.unclear_row].step
                        << " before it could not be decided at the precision cap)\n";
            } else if (rep.unclear_row && !rep.reason.empty()) {
                out << "UNDECIDED: no departure found before step " << rep.step << " (line "
                    << rows[*rep.unclear_row].line << "); from there on nothing is enclosed: " << rep.reason << "\n";
            } else if (rep.unclear_row) {
                out << "UNDECIDED: no departure found, but at step " << rep.step << " " << rep.entry << " = "
                    << rep.value << " cannot be placed within the tolerance of the enclosure [" << rep.lo << ", "
                    << rep.hi << "] (too wide at " << rep.precision_bits << " bits; raise --max-precision)\n";
            } else {
                out << "INSIDE: every value is within the tolerance of the exact GD iterate\n";
            }
            out << "  largest distance from an enclosure: " << rep.max_distance;
            if (!rep.max_distance_entry.empty())
                out << " (step " << rep.max_distance_step << ", " << rep.max_distance_entry << ")";
            out << "\n";
        }
        return code;
    });
}

}  // namespace lrcert
