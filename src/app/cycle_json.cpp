#include "lrcert/app/cycle_json.hpp"

#include "lrcert/io/exact_json.hpp"
#include "lrcert/number/parse.hpp"

#include <ostream>

namespace lrcert {

using nlohmann::json;

namespace {

Matrix<Interval> column(const std::vector<Interval>& v) {
    Matrix<Interval> c(v.size(), 1);
    for (size_t i = 0; i < v.size(); ++i) c(i, 0) = v[i];
    return c;
}

json intervals_json(const std::vector<Interval>& v, int digits) {
    json a = json::array();
    for (const Interval& x : v) a.push_back(interval_json(x, digits));
    return a;
}

json matrix_json(const Matrix<Interval>& M, int digits) {
    json rows = json::array();
    for (size_t i = 0; i < M.rows(); ++i) {
        json row = json::array();
        for (size_t j = 0; j < M.cols(); ++j) row.push_back(interval_json(M(i, j), digits));
        rows.push_back(row);
    }
    return rows;
}

std::string exact(const Real& x) { return to_exact_string(to_rational(x)); }

std::string short_text(const Interval& x) { return "[" + decimal_down(lo(x), 20) + ", " + decimal_up(hi(x), 20) + "]"; }

}  // namespace

void set_cycle_quantities(claims::Environment& env, Outcome outcome, const CycleCertificate* cycle) {
    using claims::Truth;
    // A limit point that is a minimizer, or divergence, excludes a cycle; the
    // invariants of docs/math.md section 6 do not (the start may cycle on its line).
    const Truth periodic = outcome == Outcome::Periodic                                      ? Truth::True
                           : outcome == Outcome::Converged || outcome == Outcome::Diverged ? Truth::False
                                                                                           : Truth::Unknown;
    env.set_truth("periodic", periodic);
    env.set_truth("cycle_attracting", cycle ? Truth::True : Truth::Unknown);
    if (cycle) {
        env.set_interval("period", make_interval(static_cast<long>(cycle->region.period)));
        env.set_matrix("cycle_loss", column(cycle->loss));
        env.set_matrix("cycle_sharpness", column(cycle->sharpness));
    } else {
        const std::string why = std::string("no certified cycle (outcome ") + outcome_name(outcome) + ")";
        for (const char* name : {"period", "cycle_loss", "cycle_sharpness"}) env.set_unavailable(name, why);
    }
}

json cycle_json(const CycleCertificate& c, bool scalar, int digits) {
    json j;
    j["period"] = c.region.period;
    j["step"] = c.step;
    json points = json::array();
    for (const Factors<Interval>& z : c.points) {
        if (scalar) {
            points.push_back(json{{"x", intervals_json(z.X.data(), digits)}, {"y", intervals_json(z.Y.data(), digits)}});
        } else {
            points.push_back(json{{"X", matrix_json(z.X, digits)}, {"Y", matrix_json(z.Y, digits)}});
        }
    }
    j["points"] = points;
    if (scalar) {
        json reduced = json::array();
        for (const Box& b : c.region.cycle)
            reduced.push_back(json{{"x", interval_json(b[0], digits)}, {"y", interval_json(b[1], digits)}});
        j["reduced_points"] = reduced;
    }
    j["loss"] = intervals_json(c.loss, digits);
    j["sharpness"] = intervals_json(c.sharpness, digits);
    j["region"] = json{{"rho", upper_bound_json(c.region.rho, 6)},
                       {"q", upper_bound_json(c.region.q, 6)},
                       {"delta", upper_bound_json(c.region.delta, 6)}};
    return j;
}

json cycle_proof_json(const CycleCertificate& c) {
    json centre = json::array();
    for (const Real& x : c.region.centre) centre.push_back(exact(x));
    json Q = json::array();
    for (size_t i = 0; i < c.region.Q.rows(); ++i) {
        json row = json::array();
        for (size_t k = 0; k < c.region.Q.cols(); ++k) row.push_back(to_exact_string(c.region.Q(i, k)));
        Q.push_back(row);
    }
    return json{{"step", c.step}, {"period", c.region.period}, {"centre", centre}, {"Q", Q},
                {"rho", to_exact_string(c.region.rho.rational())}};
}

void print_cycle(std::ostream& out, const CycleCertificate& c, bool scalar) {
    out << "\ncycle (minimal period " << c.region.period << ", reached from step " << c.step
        << "; every digit shown is certified):\n";
    for (size_t j = 0; j < c.points.size(); ++j) {
        out << "  point " << j << ":";
        if (scalar) {
            out << " reduced (x', y') = (" << short_text(c.region.cycle[j][0]) << ", "
                << short_text(c.region.cycle[j][1]) << ")";
        }
        out << "\n    loss f in " << short_text(c.loss[j]) << ", sharpness in " << short_text(c.sharpness[j]) << "\n";
    }
    out << "  region: |Q (z - c)|_2 <= " << c.region.rho.decimal(4) << ", contraction of F^" << c.region.period
        << " by q <= " << c.region.q.decimal(4) << "\n";
}

}  // namespace lrcert
