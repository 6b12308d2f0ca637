// `lrcert orbits` (include/lrcert/app/orbits_command.hpp; docs/math.md, section 11).
#include "lrcert/app/orbits_command.hpp"

#include "lrcert/app/errors.hpp"
#include "lrcert/certify/scalar_reduction.hpp"
#include "lrcert/dynamics/line_chaos.hpp"
#include "lrcert/dynamics/orbit.hpp"
#include "lrcert/io/file_paths.hpp"
#include "lrcert/number/parse.hpp"
#include "lrcert/version.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

namespace lrcert {

using nlohmann::json;

namespace {

constexpr unsigned kOrbitBits = 128;
constexpr int kGridScalar = 14;      // 14 x 14 starts per box (scalar family)
constexpr size_t kRandomStarts = 256;  // matrix family with N > 4

double dbl(const Rational& q) { return from_rational<double>(q); }

int digits() { return decimal_digits_for_bits(kOrbitBits); }

std::string show(const Interval& x) {
    return "[" + decimal_down(lo(x), 13) + ", " + decimal_up(hi(x), 13) + "]";
}

json interval_list(const std::vector<Interval>& v) {
    json a = json::array();
    for (const Interval& x : v) a.push_back(interval_json(x, digits()));
    return a;
}

// Starts of the search (docs/math.md, section 11.6): late points of the float64
// trajectory, a grid over the box of the trajectory and one over [-R, R]^N.
std::vector<Vec<double>> search_starts(const PointMap& F, Vec<double> z) {
    const size_t N = z.size();
    std::vector<Vec<double>> traj{z};
    for (int k = 0; k < 2000; ++k) {
        Vec<double> next = F.image(z);
        bool ok = std::all_of(next.begin(), next.end(), [](double v) { return std::isfinite(v) && std::abs(v) < 1e8; });
        if (!ok) break;
        z = std::move(next);
        traj.push_back(z);
    }
    std::vector<Vec<double>> starts(traj.end() - std::ptrdiff_t(std::min<size_t>(traj.size(), 24)), traj.end());
    Vec<double> lo_c(N, 0), hi_c(N, 0);
    double R = 1;
    for (const Vec<double>& t : traj)
        for (size_t i = 0; i < N; ++i) {
            lo_c[i] = std::min(lo_c[i], t[i]);
            hi_c[i] = std::max(hi_c[i], t[i]);
            R = std::max(R, std::abs(t[i]));
        }
    R = std::min(R * 1.25, 1e4);
    auto add_grid = [&](const Vec<double>& a, const Vec<double>& b) {
        if (N <= 4) {
            const size_t k = N == 2 ? kGridScalar : std::max<size_t>(2, size_t(std::pow(256.0, 1.0 / double(N))));
            size_t total = 1;
            for (size_t i = 0; i < N; ++i) total *= k;
            for (size_t s = 0; s < total; ++s) {
                Vec<double> p(N);
                size_t t = s;
                for (size_t i = 0; i < N; ++i, t /= k)
                    p[i] = a[i] + (b[i] - a[i]) * (double(t % k) + 0.5) / double(k);
                starts.push_back(p);
            }
        } else {
            std::mt19937_64 rng(20261202);
            std::uniform_real_distribution<double> u(0, 1);
            for (size_t s = 0; s < kRandomStarts; ++s) {
                Vec<double> p(N);
                for (size_t i = 0; i < N; ++i) p[i] = a[i] + (b[i] - a[i]) * u(rng);
                starts.push_back(p);
            }
        }
    };
    Vec<double> a = lo_c, b = hi_c;
    for (size_t i = 0; i < N; ++i) {
        const double pad = 0.1 * (hi_c[i] - lo_c[i]) + 0.1;
        a[i] = std::max(lo_c[i] - pad, -1e4);
        b[i] = std::min(hi_c[i] + pad, 1e4);
    }
    add_grid(a, b);
    add_grid(Vec<double>(N, -R), Vec<double>(N, R));
    return starts;
}

// An exact box for the certificate: every end as its exact rational text.
json exact_box(const Box& b) {
    json a = json::array();
    for (const Interval& x : b)
        a.push_back({{"lo", to_exact_string(to_rational(lo(x)))}, {"hi", to_exact_string(to_rational(hi(x)))}});
    return a;
}

json multiplier_json(const Multiplier& m) {
    switch (m.kind) {
        case Multiplier::Kind::RealValue: return {{"kind", "real"}, {"value", interval_json(m.value, digits())}};
        case Multiplier::Kind::ComplexPair:
            return {{"kind", "complex_pair"}, {"modulus", interval_json(m.value, digits())}};
        case Multiplier::Kind::Disc: break;
    }
    return {{"kind", "disc"}, {"centre", interval_json(m.value, digits())}, {"radius", upper_bound_json(m.radius, 6)}};
}

std::string multiplier_text(const Multiplier& m) {
    switch (m.kind) {
        case Multiplier::Kind::RealValue: return "real " + show(m.value);
        case Multiplier::Kind::ComplexPair: return "complex pair, modulus " + show(m.value);
        case Multiplier::Kind::Disc: break;
    }
    return "disc centre " + show(m.value) + " radius " + m.radius.decimal(3);
}

// A point of the orbit in the problem's own coordinates (docs/formats.md, "Orbits report").
struct Placement {
    const Problem& problem;
    const ScalarReduction* red = nullptr;  // scalar family
    bool plane = true;                     // d >= 2: u0 and v0 both non-zero

    json point(const Box& z, std::ostream& text) const {
        json pt;
        if (problem.family == Family::Matrix) {
            const size_t n = problem.n(), m = problem.m();
            json X = json::array(), Y = json::array();
            for (size_t i = 0; i < n; ++i) X.push_back(json::array({interval_json(z[i], digits())}));
            for (size_t j = 0; j < m; ++j) Y.push_back(json::array({interval_json(z[n + j], digits())}));
            pt["X"] = X;
            pt["Y"] = Y;
            text << "X = (";
            for (size_t i = 0; i < n + m; ++i) text << (i == n ? "), Y = (" : i ? ", " : "") << show(z[i]);
            text << ")";
            return pt;
        }
        const bool own = problem.d() == 1;  // d = 1: the reduced map is the problem's map
        text << (own ? "x = " : "x' = ") << show(z[0]) << (own ? ", y = " : ", y' = ") << show(z[1]);
        if (own) {
            pt["x"] = interval_list({z[0]});
            pt["y"] = interval_list({z[1]});
            return pt;
        }
        pt["reduced"] = {{"x", interval_json(z[0], digits())}, {"y", interval_json(z[1], digits())}};
        if (plane) {
            std::vector<Interval> x, y;
            reconstruct(*red, z[0] + z[1], z[0] - z[1], x, y);
            pt["x"] = interval_list(x);
            pt["y"] = interval_list(y);
        }
        return pt;
    }
};

void add_chaos(const Problem& p, const Placement& place, json& chaos, json& chaos_cert, std::ostream& text,
               bool& any) {
    const Rational& mu = p.mu();
    struct Line {
        const char* name;
        CubicLineMap g;
        bool balanced;
    };
    for (const Line& line : {Line{"x = y", balanced_line_map(mu, p.h), true},
                             Line{"x = -y", antibalanced_line_map(mu, p.h), false}}) {
        const double c = dbl(line.g.c), k = dbl(line.g.k);
        const double radius = 1.05 * std::sqrt(std::max(c + 1, 1.0) / k);
        std::optional<PeriodThreeWitness> w = find_period_three(line.g, radius);
        if (!w) continue;
        any = true;
        json pts = json::array();
        text << "  Li-Yorke chaos on the line " << line.name << " (a certified 3-cycle of w -> " << c
             << " w - " << k << " w^3; proven from it, in Coq: GD orbits of every minimal period on the line; "
             << "by Li and Yorke's theorem, cited: an uncountable scrambled set; docs/formal.md):\n";
        for (const Interval& wi : w->points) {
            // On x = y: x' = y' = u/2; on x = -y: x' = -y' = v/2 (docs/math.md, section 11.5).
            const Interval half = wi / make_interval(2L);
            Box z{half, line.balanced ? half : -half};
            text << "    ";
            pts.push_back(place.point(z, text));
            text << "\n";
        }
        json entry{{"kind", "li-yorke"},
                   {"line", line.name},
                   {"witness_period", 3},
                   {"points", pts},
                   {"map", {{"c", to_exact_string(line.g.c)}, {"k", to_exact_string(line.g.k)}}},
                   {"proven", "points of every minimal period n >= 1 on the line (Coq: line_every_period_gd)"},
                   {"cited", "the uncountable scrambled set (Li and Yorke 1975)"},
                   {"note", std::string("chaos on the invariant line ") + line.name +
                                " concerns only starts on that line (a null set of starts)"}};
        if (w->compact_invariant) {
            entry["invariant_interval_R_squared"] = to_exact_string((line.g.c + 1) / line.g.k);
            entry["topological_entropy_at_least"] = "log((1 + sqrt 5)/2)";
            text << "    entropy >= log((1 + sqrt 5)/2) on the invariant interval |w| <= R, R^2 = "
                 << to_exact_string((line.g.c + 1) / line.g.k)
                 << " (the invariance is proven in Coq; the entropy bound is cited, Block et al. 1980)\n";
        }
        chaos.push_back(entry);
        chaos_cert.push_back({{"line", line.name}, {"box", exact_box({w->box})}});
    }
}

}  // namespace

PeriodRange parse_periods(const std::string& text) {
    auto bad = [&]() {
        return InputError("--periods: expected P or P-Q with 1 <= P <= Q <= " + std::to_string(kMaxOrbitPeriod) +
                          ", got \"" + text + "\"");
    };
    auto number = [&](const std::string& s) {
        if (s.empty() || s.size() > 3 || !std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            throw bad();
        return size_t(std::stoul(s));
    };
    PeriodRange r;
    const size_t dash = text.find('-');
    r.first = number(text.substr(0, dash));
    r.last = dash == std::string::npos ? r.first : number(text.substr(dash + 1));
    if (r.first < 1 || r.first > r.last || r.last > kMaxOrbitPeriod) throw bad();
    return r;
}

OrbitsRun run_orbits(const Problem& p, const PeriodRange& periods) {
    PrecisionScope scope(kOrbitBits);
    OrbitsRun run;
    std::ostringstream text;
    json r;
    r["lrcert"] = LRCERT_VERSION;
    r["command"] = "orbits";
    r["problem"] = problem_record_json(p);
    r["periods"] = {{"from", periods.first}, {"to", periods.last}};
    r["precision_bits"] = kOrbitBits;
    json notes = json::array(), orbits = json::array(), chaos = json::array();
    json cert_orbits = json::array(), cert_chaos = json::array();
    auto finish_certificate = [&]() {
        run.certificate = {{"lrcert_orbits_certificate", 1},
                           {"problem", r["problem"]},
                           {"report", run.report},
                           {"orbits", cert_orbits},
                           {"chaos", cert_chaos}};
    };
    text << "lrcert orbits: " << family_name(p.family) << " family, d = " << p.d() << ", periods " << periods.first
         << "-" << periods.last << "\n";
    if (p.family == Family::Matrix && p.d() >= 2) {
        const std::string why = "undecided: for d >= 2 the symmetry (X, Y) -> (X Q, Y Q), Q orthogonal, maps orbits "
                                "to orbits, so no orbit is isolated and the Krawczyk test cannot apply";
        notes.push_back(why);
        text << "  " << why << "\n";
        r["orbits"] = orbits;
        r["chaos"] = chaos;
        r["notes"] = notes;
        r["outcome"] = "undecided";
        run.report = r;
        run.listing = text.str();
        run.exit_code = kExitUndecided;
        finish_certificate();
        return run;
    }
    std::optional<ScalarReduction> red;
    std::optional<PointMap> F;
    Vec<double> z0;
    Placement place{p};
    if (p.family == Family::Scalar) {
        red = reduce_scalar(p.mu(), p.h, p.z0.X.data(), p.z0.Y.data());
        place.red = &*red;
        F = PointMap::scalar(p.mu(), p.h);
        const double u = std::sqrt(dbl(red->u_sq)), v = std::sqrt(dbl(red->v_sq));
        // d = 1: the problem's own start; d >= 2: the reduced start (section 2).
        z0 = p.d() == 1 ? Vec<double>{dbl(p.z0.X[0]), dbl(p.z0.Y[0])} : Vec<double>{(u + v) / 2, (u - v) / 2};
        if (p.d() >= 2) {
            place.plane = red->u_sq > 0 && red->v_sq > 0;
            notes.push_back("orbits of the reduced map (x', y') (docs/math.md, section 2); in R^d each lies in the "
                            "plane spanned by the directions of u0 = x0 + y0 and v0 = x0 - y0, x = (alpha u0/|u0| + "
                            "beta v0/|v0|)/2, y = (alpha u0/|u0| - beta v0/|v0|)/2, alpha = x' + y', beta = x' - y'; "
                            "rotations of R^d give more orbits; stability is that of the reduced map");
            if (!place.plane)
                notes.push_back("the start has u0 = 0 or v0 = 0: the plane degenerates, points are given in reduced "
                                "coordinates only");
        }
    } else {
        F = PointMap(p.A, p.h, 1);
        z0 = Vec<double>();
        for (const Rational& q : p.z0.X.data()) z0.push_back(dbl(q));
        for (const Rational& q : p.z0.Y.data()) z0.push_back(dbl(q));
    }
    if (periods.first == 1)
        notes.push_back(p.family == Family::Scalar
                            ? "period 1: fixed points of GD are the critical points of f; the minimizers x y = mu form "
                              "a curve of fixed points (not isolated), which are not listed"
                            : "period 1: fixed points of GD are the critical points of f; for d = 1 those other than "
                              "the origin form curves (f(c X, Y/c) = f(X, Y)), are not isolated and are not listed");
    notes.push_back("the list holds the orbits the search found and certified; it is not proven to be complete");
    const Rational mu = p.family == Family::Scalar ? p.mu() : Rational(0);
    const double mu_d = dbl(mu);
    const bool scalar = p.family == Family::Scalar;
    const std::vector<Vec<double>> starts = search_starts(*F, z0);
    const OrbitSearchResult found =
        search_orbits(*F, periods.first, periods.last, starts, [&](size_t per, const Vec<double>& z) {
            if (per != 1) return false;
            if (scalar) return std::abs(mu_d - z[0] * z[1]) < 1e-6 * (1 + std::abs(mu_d));
            double s = 0;
            for (double v : z) s = std::max(s, std::abs(v));
            return s > 1e-8;
        });
    bool undecided = false;
    for (const CertifiedOrbit& o : found.orbits) {
        json oj;
        oj["period"] = o.period;
        oj["minimal"] = o.minimal;
        if (!o.minimal) oj["minimal_reason"] = o.minimal_reason;
        oj["stability"] = stability_name(o.stability.stability);
        oj["stability_reason"] = o.stability.reason;
        undecided |= !o.minimal || o.stability.stability == Stability::Undecided;
        text << "  period " << o.period << (o.minimal ? "  minimal  " : "  (minimal period not proven)  ")
             << stability_name(o.stability.stability) << "\n";
        json pts = json::array();
        for (size_t j = 0; j < o.points.size(); ++j) {
            text << "    point " << j << ": ";
            pts.push_back(place.point(o.points[j], text));
            text << "\n";
        }
        oj["points"] = pts;
        json ms = json::array();
        text << "    multipliers:";
        for (const Multiplier& m : o.stability.multipliers) {
            ms.push_back(multiplier_json(m));
            text << " " << multiplier_text(m) << ";";
        }
        if (o.stability.multipliers.empty()) text << " not separated (tr^2 - 4 det may vanish)";
        text << "\n";
        oj["multipliers"] = ms;
        if (o.stability.trace) oj["trace"] = interval_json(*o.stability.trace, digits());
        if (o.stability.determinant) oj["determinant"] = interval_json(*o.stability.determinant, digits());
        orbits.push_back(oj);
        // The box where the Krawczyk test held (search_boxes[0], before narrowing).
        cert_orbits.push_back({{"period", o.period}, {"box", exact_box(o.search_boxes.front())}});
    }
    if (found.orbits.empty()) text << "  no orbit certified\n";
    if (scalar) {
        bool any = false;
        add_chaos(p, place, chaos, cert_chaos, text, any);
        if (any)
            notes.push_back("Li-Yorke chaos on an invariant line concerns only starts on that line; a start off the "
                            "lines follows the two-dimensional map");
    }
    r["search"] = {{"starts", starts.size()}, {"candidates", found.candidates}, {"not_certified", found.not_certified}};
    r["orbits"] = orbits;
    r["chaos"] = chaos;
    r["notes"] = notes;
    r["outcome"] = undecided ? "undecided" : "decided";
    for (const auto& n : notes) text << "  note: " << n.get<std::string>() << "\n";
    run.exit_code = undecided ? kExitUndecided : kExitConfirmed;
    r["exit_code"] = run.exit_code;
    run.report = r;
    run.listing = text.str();
    finish_certificate();
    return run;
}

int orbits_command(const OrbitsOptions& o, std::ostream& out, std::ostream& err) {
    return run_guarded(err, [&]() -> int {
        const PeriodRange periods = parse_periods(o.periods);
        PathPlan paths;
        paths.input(o.problem_path, "problem file");
        if (!o.report_path.empty()) paths.output(o.report_path, "--report");
        if (!o.certificate_path.empty()) paths.output(o.certificate_path, "--certificate");
        paths.check();
        const Problem p = read_problem_file(o.problem_path);
        OrbitsRun run = run_orbits(p, periods);
        if (!o.quiet) out << run.listing;
        StagedOutputs outputs;
        if (!o.certificate_path.empty()) outputs.stage(o.certificate_path, run.certificate.dump(1) + "\n");
        if (!o.report_path.empty()) outputs.stage(o.report_path, run.report.dump(2) + "\n");
        outputs.commit();
        return run.exit_code;
    });
}

}  // namespace lrcert
