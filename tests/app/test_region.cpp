// Certified regions (app/region.hpp): spec parsing, the branch and bound's
// splits at the seed boundary, every cell's outcome against the pointwise
// certifier at random interior points (an independent run per point), the
// determinism of the results, and `lrcert region` run as a user runs it.
#include "lrcert/app/region.hpp"
#include "lrcert/app/sweep_spec.hpp"
#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/certify/scalar_certifier.hpp"
#include "lrcert/io/exact_json.hpp"
#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/problem/hessian.hpp"
#include "lrcert/number/parse.hpp"

#include "support/files.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace lrcert;
using namespace lrcert::test;
using nlohmann::json;

namespace {

const char* kHeadline = R"({"family": "scalar", "mu": "1",
  "x0": ["1.5", "3", "4.5", "1.5", "3", "4.5", "1.5", "3", "4.5", "1.5"],
  "y0": ["-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01", "-0.01", "0.01"], "h": "0.037"})";

std::string spec_text(const std::string& h, const std::string& extra = "") {
    return std::string(R"({"lrcert_region": 1, "base": )") + kHeadline + R"(, "h": )" + h + extra + "}";
}

RegionSpec spec_of(const std::string& text) { return parse_region_spec(text, "spec.json", ""); }

std::string parse_error(const std::string& text) {
    try {
        spec_of(text);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

std::vector<claims::Claim> builtin_claims() {
    if (claims_dir().empty()) return {};
    return claims::applicable_claims(claims::load_claims_directory(claims_dir()), claims::Family::Scalar);
}

Rational inside(const Rational& a, const Rational& b, std::mt19937& rng) {
    std::uniform_int_distribution<int> k(1, 999);
    return a + (b - a) * Rational(k(rng), 1000);
}

// The pointwise matrix certifier at (h, z0) of the decided cell c: the same
// outcome, and the same limit in both imbalance enclosures.
void check_matrix_point(const RegionSpec& spec, const RegionCellResult& c, const Factors<Rational>& z0,
                        const Rational& h, const Rational& s) {
    MatrixOptions mo;
    mo.max_steps = 20000;
    const MatrixCertificate p = certify_matrix(spec.base.A, z0, h, mo);
    INFO("h = " << h << ", s = " << s << ": " << p.reason);
    CHECK(p.outcome == c.outcome);
    if (c.outcome == Outcome::Converged && p.limit && p.limit->imbalance && c.imb_lo) {
        PrecisionScope scope(128);
        CHECK(to_rational(lo(*p.limit->imbalance)) <= *c.imb_hi);
        CHECK(*c.imb_lo <= to_rational(hi(*p.limit->imbalance)));
    }
}

// The pointwise certifier at `per_cell` random interior points of each
// decided cell (each axis kind: exact points inside the cell).
void check_cells_pointwise(const RegionSpec& spec, const RegionRun& run, int per_cell, size_t max_cells_checked) {
    std::mt19937 rng(5);
    size_t checked = 0;
    max_cells_checked = sanitizer_scaled(max_cells_checked, std::max<size_t>(3, max_cells_checked / 4));
    for (const RegionCellResult& c : run.cells) {
        if (c.outcome == Outcome::Undecided) continue;
        if (checked++ >= max_cells_checked) break;
        for (int i = 0; i < per_cell; ++i) {
            std::vector<Rational> x = spec.base.z0.X.data(), y = spec.base.z0.Y.data();
            if (spec.start == CellStartAxis::Scale) {
                const Rational s = inside(c.box.s_lo, c.box.s_hi, rng);
                for (size_t k = 0; k < x.size(); ++k) {
                    x[k] *= s;
                    y[k] /= s;
                }
            } else if (spec.start == CellStartAxis::Imbalance) {
                // A rational lambda with t = lambda^2 |v0|^2 inside the cell (exact start).
                Rational V = 0;
                for (size_t k = 0; k < x.size(); ++k) V += (x[k] - y[k]) * (x[k] - y[k]);
                Rational lambda;
                {
                    PrecisionScope scope(256);
                    const Interval lo_l = interval_sqrt(enclose(c.box.s_lo / V));
                    const Interval hi_l = interval_sqrt(enclose(c.box.s_hi / V));
                    lambda = inside(to_rational(hi(lo_l)), to_rational(lo(hi_l)), rng);
                }
                REQUIRE(lambda * lambda * V > c.box.s_lo);
                REQUIRE(lambda * lambda * V < c.box.s_hi);
                for (size_t k = 0; k < x.size(); ++k) {
                    const Rational u = x[k] + y[k], v = x[k] - y[k];
                    x[k] = (u + lambda * v) / 2;
                    y[k] = (u - lambda * v) / 2;
                }
            }
            Rational h;
            if (spec.h_axis == CellHAxis::SeedBoundary) {
                // h = tau 4 / (S0 + 4 mu) with a random tau inside the cell: exact, S0 is rational.
                Rational S0 = 0;
                for (size_t k = 0; k < x.size(); ++k) S0 += x[k] * x[k] + y[k] * y[k];
                h = inside(c.box.h_lo, c.box.h_hi, rng) * 4 / (S0 + 4 * spec.base.mu());
            } else if (spec.h_axis == CellHAxis::TwoOverL0) {
                // A rational h with t = h L0 / 2 inside the cell (L0 of this start, certified).
                PrecisionScope scope(256);
                const Interval L0 = scalar_initial_sharpness(reduce_scalar(spec.base.mu(), 1, x, y)).L0;
                const Interval lo_h = enclose(c.box.h_lo) * make_interval(2L) / L0;
                const Interval hi_h = enclose(c.box.h_hi) * make_interval(2L) / L0;
                h = inside(to_rational(hi(lo_h)), to_rational(lo(hi_h)), rng);
            } else {
                h = inside(c.box.h_lo, c.box.h_hi, rng);
            }
            ScalarCertificate pt = certify_scalar(reduce_scalar(spec.base.mu(), h, x, y), ScalarOptions{});
            INFO("cell h = [" << c.box.h_lo << ", " << c.box.h_hi << "], point h = " << h);
            REQUIRE(pt.outcome == c.outcome);
            if (c.outcome == Outcome::Converged) {
                REQUIRE(c.imb_lo);
                PrecisionScope scope(256);
                // The point's certified imbalance meets the cell's (exact ends).
                CHECK(!(hi(pt.limit->imbalance) < rational_down(*c.imb_lo)));
                CHECK(!(lo(pt.limit->imbalance) > rational_up(*c.imb_hi)));
            }
        }
    }
}

// Every reported cell that is undecided, or has a theorem claim undecided,
// says why it was not split (or ends at h*, where no split helps).
void check_split_invariant(const RegionRun& run, const std::optional<Rational>& hstar) {
    for (const RegionCellResult& c : run.cells) {
        bool open = c.outcome == Outcome::Undecided;
        for (const auto& r : c.claims)
            open |= r.kind == claims::ClaimKind::Theorem && r.verdict == claims::Verdict::Undecided;
        const bool at_hstar = hstar && (c.box.h_lo == *hstar || c.box.h_hi == *hstar);
        if (open && !at_hstar) CHECK(c.row.contains("split"));
        if (!open) CHECK(!c.row.contains("split"));
    }
}

}  // namespace

TEST_CASE("region specs: bad intervals, unknown keys and bad matrix axes are rejected naming the field", "[region]") {
    CHECK(parse_error(spec_text(R"({"from": "0.02", "to": "0.03"})")).empty());
    CHECK(contains(parse_error(spec_text(R"({"from": "0.02", "to": "0.02"})")), "h: empty interval"));
    CHECK(contains(parse_error(spec_text(R"({"from": "0.03", "to": "0.02"})")), "h: reversed interval"));
    CHECK(contains(parse_error(spec_text(R"({"from": "0", "to": "0.02"})")), "h.from: must be > 0"));
    CHECK(contains(parse_error(spec_text(R"({"from": "0.01", "to": "0.02", "count": 3})")), "count"));
    CHECK(contains(parse_error(spec_text(R"({"from": "0.01", "to": "0.02"})", R"(, "colour": 1)")), "colour"));
    CHECK(contains(parse_error(spec_text(R"({"from": "0.01", "to": "0.02"})", R"(, "scale": {"from": "1", "to": "0.5"})")),
                   "scale: reversed interval"));
    CHECK(contains(parse_error(spec_text(R"({"from": "0.01", "to": "0.02", "relative_to": "L0"})")), "h.relative_to"));
    CHECK(parse_error(spec_text(R"x({"from": "0.1", "to": "1", "relative_to": "4/(S0+4mu)"})x")).empty());
    CHECK(contains(parse_error(R"x({"lrcert_region": 1, "base": {"family": "scalar", "mu": "-1", "x0": ["1"],
        "y0": ["2"], "h": "0.1"}, "h": {"from": "0.1", "to": "1", "relative_to": "4/(S0+4mu)"}})x"),
                   "needs mu > 0"));
    // A matrix base: h absolute or relative to 2/L0, and a scale axis only.
    CHECK(parse_error(R"({"lrcert_region": 1, "base": {"family": "matrix", "A": [["1"]], "X0": [["1"]],
        "Y0": [["1"]], "h": "0.1"}, "h": {"from": "0.1", "to": "0.2"}, "scale": {"from": "0.5", "to": "2"}})")
              .empty());
    CHECK(parse_error(R"({"lrcert_region": 1, "base": {"family": "matrix", "A": [["1"]], "X0": [["1"]],
        "Y0": [["1"]], "h": "0.1"}, "h": {"from": "0.1", "to": "0.2", "relative_to": "2/L0"}})")
              .empty());
    CHECK(contains(parse_error(R"x({"lrcert_region": 1, "base": {"family": "matrix", "A": [["1"]], "X0": [["1"]],
        "Y0": [["1"]], "h": "0.1"}, "h": {"from": "0.1", "to": "0.2", "relative_to": "4/(S0+4mu)"}})x"),
                   "scalar family only"));
    CHECK(contains(parse_error(R"({"lrcert_region": 1, "base": {"family": "matrix", "A": [["1"]], "X0": [["1"]],
        "Y0": [["1"]], "h": "0.1"}, "h": {"from": "0.1", "to": "0.2"}, "imbalance": {"from": "0", "to": "1"}})"),
                   "scalar family only"));
    CHECK(contains(parse_error(R"({"base": {"family": "scalar", "mu": "1", "x0": ["1"], "y0": ["1"], "h": "0.1"},
        "h": {"from": "0.1", "to": "0.2"}})"),
                   "lrcert_region"));
    CHECK(contains(parse_error(R"({"lrcert_region": 1, "base": {"family": "scalar", "mu": "1", "x0": ["1"], "y0": ["1"],
        "h": "0.1"}, "h": {"from": "0.1", "to": "0.2"}, "imbalance": {"from": "0", "to": "1"}})"),
                   "balanced"));
}

TEST_CASE("a cell straddling the seed boundary h* is split there; cells agree with pointwise runs", "[region]") {
    const std::vector<claims::Claim> claim_list = builtin_claims();
    // h* = 4 / (S0 + 4 mu) = 4000/100751 = 0.039702... lies inside an initial cell of [0.0396, 0.0398].
    RegionSpec spec = spec_of(spec_text(R"({"from": "0.0396", "to": "0.0398"})"));
    RegionRunOptions opt;
    opt.max_cells = 160;
    opt.jobs = 2;
    const RegionRun run = run_region(spec, claim_list, opt);
    const Rational hstar(4000, 100751);
    bool left = false, right = false, converged = false;
    for (const RegionCellResult& c : run.cells) {
        CHECK(!(c.box.h_lo < hstar && hstar < c.box.h_hi));
        left |= c.box.h_hi == hstar;
        right |= c.box.h_lo == hstar;
        converged |= c.outcome == Outcome::Converged;
        for (const auto& r : c.claims) {
            if (r.id != "seed.scalar.convergence_and_balancing") continue;
            // Right of h* the assumption h (S0 + 4 mu) <= 4 fails on the whole cell.
            if (c.box.h_lo >= hstar) CHECK(r.verdict != claims::Verdict::Confirmed);
            if (c.box.h_lo > hstar && !claim_list.empty()) CHECK(r.verdict == claims::Verdict::Vacuous);
            // Left of it the theorem is never contradicted.
            CHECK(r.verdict != claims::Verdict::Counterexample);
        }
    }
    CHECK(left);
    CHECK(right);
    CHECK(converged);
    CHECK(run.certified <= opt.max_cells);
    check_split_invariant(run, hstar);
    check_cells_pointwise(spec, run, 1, 25);
}

TEST_CASE("a scale axis across the seed boundary: certified cells straddling it are split", "[region]") {
    const std::vector<claims::Claim> claim_list = builtin_claims();
    if (claim_list.empty()) return;
    // S0(s) = s^2 |x0|^2 + |y0|^2 / s^2: the boundary h (S0 + 4 mu) = 4 is a curve across the cells.
    RegionSpec spec =
        spec_of(spec_text(R"({"from": "0.0397", "to": "0.039705"})", R"(, "scale": {"from": "1", "to": "1.00001"})"));
    RegionRunOptions opt;
    opt.max_cells = 200;
    opt.jobs = 2;
    const RegionRun run = run_region(spec, claim_list, opt);
    size_t straddling = 0, confirmed = 0, vacuous = 0;
    for (const auto& c : run.cells) {
        REQUIRE(c.outcome == Outcome::Converged);
        if (c.row.contains("split") && contains(c.row["split"].get<std::string>(), "straddles")) ++straddling;
        const std::string v = c.row["claims"]["seed.scalar.convergence_and_balancing"];
        confirmed += v == "confirmed";
        vacuous += v == "vacuous";
    }
    CHECK(run.cells.size() > 32);  // converged cells were split: beyond the initial 8 x 4 grid
    CHECK(straddling > 0);         // the budget ended with straddling cells, each saying so
    CHECK(confirmed > 0);          // both sides of the curve are decided on cells
    CHECK(vacuous > 0);
    check_split_invariant(run, std::nullopt);
    check_cells_pointwise(spec, run, 1, 10);
}

TEST_CASE("a diverged region: every cell diverges, and so do random points of it", "[region]") {
    RegionSpec spec = spec_of(spec_text(R"({"from": "0.055", "to": "0.0552"})"));
    RegionRunOptions opt;
    opt.max_cells = 16;
    const RegionRun run = run_region(spec, builtin_claims(), opt);
    for (const auto& c : run.cells) CHECK(c.outcome == Outcome::Diverged);
    check_cells_pointwise(spec, run, 2, 8);
}

TEST_CASE("a scale axis: cells agree with pointwise runs at random (h, s)", "[region]") {
    RegionSpec spec = spec_of(spec_text(R"({"from": "0.02", "to": "0.0202"})", R"(, "scale": {"from": "1", "to": "1.0004"})"));
    RegionRunOptions opt;
    opt.max_cells = 96;
    opt.jobs = 2;
    const RegionRun run = run_region(spec, {}, opt);
    size_t decided = 0;
    for (const auto& c : run.cells) decided += c.outcome != Outcome::Undecided;
    CHECK(decided > 0);
    check_cells_pointwise(spec, run, 1, 12);
}

// A relative-h region with an imbalance axis: every cell reports its absolute
// h; some cells are decided, and they agree with pointwise runs.
static RegionRun check_relative_region(const RegionSpec& spec, size_t max_cells) {
    RegionRunOptions opt;
    opt.max_cells = max_cells;
    opt.jobs = 2;
    RegionRun run = run_region(spec, builtin_claims(), opt);
    size_t decided = 0;
    for (const auto& c : run.cells) {
        decided += c.outcome != Outcome::Undecided;
        CHECK(c.row.contains("h_abs"));
        CHECK(c.row.contains("imbalance"));
    }
    CHECK(decided > 0);
    check_cells_pointwise(spec, run, 1, 12);
    return run;
}

TEST_CASE("a relative h axis with an imbalance axis: cells agree with pointwise runs", "[region]") {
    check_relative_region(spec_of(spec_text(R"({"from": "0.5", "to": "0.51", "relative_to": "2/L0"})",
                                            R"(, "imbalance": {"from": "90", "to": "90.5"})")),
                          64);
}

TEST_CASE("h relative to the seed theorem's boundary with an imbalance axis: cells agree with pointwise runs",
          "[region]") {
    RegionSpec spec = spec_of(spec_text(R"x({"from": "0.5", "to": "1", "relative_to": "4/(S0+4mu)"})x",
                                        R"(, "imbalance": {"from": "1", "to": "3"})"));
    REQUIRE(spec.h_axis == CellHAxis::SeedBoundary);
    const RegionRun run = check_relative_region(spec, 96);
    // Inside the theorem's range (tau <= 1) no cell is certified to diverge.
    for (const auto& c : run.cells) CHECK(c.outcome != Outcome::Diverged);
}

TEST_CASE("progress after each round: certified counts grow, and the last one is the results' decided area",
          "[region]") {
    RegionSpec spec = spec_of(spec_text(R"x({"from": "0.3", "to": "0.7", "relative_to": "4/(S0+4mu)"})x",
                                        R"(, "imbalance": {"from": "100", "to": "140"})"));
    RegionRunOptions opt;
    opt.max_cells = 200;
    opt.jobs = 2;
    std::vector<RegionProgress> seen;
    RegionHooks hooks;
    hooks.progress = [&](const RegionProgress& p) { seen.push_back(p); };
    const RegionRun run = run_region(spec, builtin_claims(), opt, hooks);
    REQUIRE(seen.size() >= 2);
    for (size_t k = 1; k < seen.size(); ++k) {
        CHECK(seen[k].certified >= seen[k - 1].certified);
        CHECK(seen[k].decided() >= seen[k - 1].decided());
    }
    CHECK(seen.back().certified == run.certified);
    // The exact area of the decided cells, from the cells themselves.
    Rational decided = 0;
    const Rational H = spec.h_to - spec.h_from, S = spec.s_to - spec.s_from;
    for (const auto& c : run.cells)
        if (c.outcome != Outcome::Undecided) decided += (c.box.h_hi - c.box.h_lo) * (c.box.s_hi - c.box.s_lo) / (H * S);
    CHECK(std::abs(seen.back().decided() - from_rational<double>(decided)) < 1e-12);
    CHECK(seen.back().decided() > 0);
    CHECK(seen.back().decided() < 1);  // some cells stay undecided at this budget: a mixed run
}

TEST_CASE("a matrix region (h x scale): cells agree with pointwise matrix runs at random (h, s)", "[region]") {
    const std::string spec_json = R"({"lrcert_region": 1, "base": {"family": "matrix",
        "A": [["1", "0.5"], ["-0.25", "0.75"]], "X0": [["0.5", "0.25"], ["-0.25", "0.5"]],
        "Y0": [["0.25", "0"], ["0.125", "0.25"]], "h": "0.2"},
        "h": {"from": "0.2", "to": "0.20008"}, "scale": {"from": "1", "to": "1.00004"}})";
    RegionSpec spec = spec_of(spec_json);
    REQUIRE(spec.base.family == Family::Matrix);
    RegionRunOptions opt;
    opt.max_cells = 64;
    opt.jobs = 2;
    std::vector<claims::Claim> claims_list;
    if (!claims_dir().empty())
        claims_list = claims::applicable_claims(claims::load_claims_directory(claims_dir()), claims::Family::Matrix);
    const RegionRun run = run_region(spec, claims_list, opt);
    // The cells partition the rectangle.
    Rational area = 0;
    for (const auto& c : run.cells)
        area += (c.box.h_hi - c.box.h_lo) * (c.box.s_hi - c.box.s_lo) /
                ((spec.h_to - spec.h_from) * (spec.s_to - spec.s_from));
    CHECK(area == 1);
    std::mt19937 rng(3);
    size_t converged = 0, diverged = 0, checked = 0;
    for (const auto& c : run.cells) {
        if (c.outcome == Outcome::Undecided) {
            CHECK(!c.reason.empty());
            continue;
        }
        (c.outcome == Outcome::Converged ? converged : diverged)++;
        if (c.outcome == Outcome::Converged) {
            CHECK(c.row.contains("imbalance_inf"));
            CHECK(c.row.contains("h_L0"));
        }
        if (checked++ >= 4) continue;
        const Rational h = inside(c.box.h_lo, c.box.h_hi, rng), s = inside(c.box.s_lo, c.box.s_hi, rng);
        const Factors<Rational> z0 = scaled_start(spec.base.z0, s);
        check_matrix_point(spec, c, z0, h, s);
    }
    CHECK(converged > 0);
    const json results = region_results_json(spec, opt, run);
    CHECK(results["spec"]["base"]["family"] == "matrix");
}

TEST_CASE("a matrix region with h relative to 2/L0: cells agree with pointwise runs at exact (h, s)", "[region]") {
    // The base of the test above, with t = h / (2/L0(start)) around its h = 0.2.
    const std::string base = R"({"family": "matrix",
        "A": [["1", "0.5"], ["-0.25", "0.75"]], "X0": [["0.5", "0.25"], ["-0.25", "0.5"]],
        "Y0": [["0.25", "0"], ["0.125", "0.25"]], "h": "0.2"})";
    RegionSpec probe = spec_of(R"({"lrcert_region": 1, "base": )" + base + R"(, "h": {"from": "0.2", "to": "0.3"}})");
    auto L0_at = [&](const Factors<Rational>& z0) {
        return certified_lambda_max(hessian_matrix(convert_matrix<Interval>(probe.base.A),
                                                   Factors<Interval>{convert_matrix<Interval>(z0.X),
                                                                     convert_matrix<Interval>(z0.Y)}))
            .value;
    };
    Rational t_lo;
    {
        PrecisionScope scope(128);
        // t = 0.2 L0 / 2 at the base start, as a rational near it.
        t_lo = to_rational(midpoint(enclose(Rational(1, 10)) * L0_at(probe.base.z0)));
    }
    const Rational t_hi = t_lo * Rational(10004, 10000);
    const std::string spec_json = R"({"lrcert_region": 1, "base": )" + base + R"(, "h": {"from": ")" +
                                  exact_text(t_lo) + R"(", "to": ")" + exact_text(t_hi) +
                                  R"(", "relative_to": "2/L0"}, "scale": {"from": "1", "to": "1.00004"}})";
    RegionSpec spec = spec_of(spec_json);
    REQUIRE(spec.h_axis == CellHAxis::TwoOverL0);
    RegionRunOptions opt;
    opt.max_cells = 64;
    opt.jobs = 2;
    const RegionRun run = run_region(spec, {}, opt);
    std::mt19937 rng(7);
    size_t decided = 0, checked = 0;
    for (const auto& c : run.cells) {
        if (c.outcome == Outcome::Undecided) continue;
        ++decided;
        CHECK(c.row.contains("h_abs"));
        if (checked++ >= 4) continue;
        const Rational s = inside(c.box.s_lo, c.box.s_hi, rng);
        const Factors<Rational> z0 = scaled_start(spec.base.z0, s);
        // A rational h with t = h L0 / 2 inside the cell (L0 of this start, certified).
        Rational h;
        {
            PrecisionScope scope(256);
            const Interval L0 = L0_at(z0);
            const Interval lo_h = enclose(c.box.h_lo) * make_interval(2L) / L0;
            const Interval hi_h = enclose(c.box.h_hi) * make_interval(2L) / L0;
            REQUIRE(hi(lo_h) < lo(hi_h));
            h = inside(to_rational(hi(lo_h)), to_rational(lo(hi_h)), rng);
        }
        check_matrix_point(spec, c, z0, h, s);
    }
    CHECK(decided > 0);
}

TEST_CASE("a region around an attracting 2-cycle: periodic cells agree with pointwise runs", "[region]") {
    // examples/cycle_2.json's problem (mu = 2, h L0 about 3): an attracting
    // 2-cycle on the balanced line. The cell's contraction region holds for
    // every h of the cell (docs/math.md, section 14, "A cycle on a cell").
    const std::string base = R"({"family": "scalar", "mu": "2", "x0": ["2", "1", "0.5"],
        "y0": ["0.3", "0.1", "-0.2"], "h": "0.5513229463495344"})";
    RegionSpec spec = spec_of(R"({"lrcert_region": 1, "base": )" + base + R"(, "h": {"from": "0.5513", "to": "0.5514"}})");
    RegionRunOptions opt;
    opt.max_cells = 64;
    opt.jobs = 2;
    const RegionRun run = run_region(spec, {}, opt);
    std::mt19937 rng(11);
    size_t periodic = 0;
    Rational periodic_area = 0;
    for (const auto& c : run.cells) {
        if (c.outcome == Outcome::Undecided) continue;
        REQUIRE(c.outcome == Outcome::Periodic);
        REQUIRE(c.row.contains("period"));
        CHECK(c.row["period"] == 2);
        periodic_area += (c.box.h_hi - c.box.h_lo) / (spec.h_to - spec.h_from);
        if (periodic++ >= 6) continue;
        for (int i = 0; i < 2; ++i) {
            const Rational h = inside(c.box.h_lo, c.box.h_hi, rng);
            const ScalarCertificate pt = certify_scalar(
                reduce_scalar(spec.base.mu(), h, spec.base.z0.X.data(), spec.base.z0.Y.data()), ScalarOptions{});
            INFO("cell h = [" << c.box.h_lo << ", " << c.box.h_hi << "], point h = " << h << ": " << pt.reason);
            CHECK(pt.outcome == Outcome::Periodic);
            REQUIRE(pt.cycle);
            CHECK(pt.cycle->region.period == 2);
        }
    }
    CHECK(periodic_area > Rational(1, 2));
    // The summary counts the periodic area.
    const json results = region_results_json(spec, opt, run);
    CHECK(results["summary"]["area_fraction"].contains("periodic"));
}

TEST_CASE("a matrix region around an attracting 2-cycle: periodic cells agree with pointwise runs", "[region]") {
    // examples/matrix_2x2_cycle.json's problem (2x2 A, d = 1, h = 0.58): an
    // attracting 2-cycle of the full GD map. The cell's contraction region holds
    // for every h of the cell (docs/math.md, section 14, "A cycle on a cell").
    // The starts lie near a point of the cycle: a plain matrix ball grows by
    // its norm bound every step, so cells far from the cycle are too wide
    // before they reach it (the example's own start needs 1216 bits pointwise).
    const std::string base = R"({"family": "matrix", "A": [["2", "0.3"], ["0.1", "0.5"]],
        "X0": [["1.0609"], ["0.0962"]], "Y0": [["1.0499"], ["0.1805"]], "h": "0.58"})";
    RegionSpec spec = spec_of(R"({"lrcert_region": 1, "base": )" + base +
                              R"(, "h": {"from": "0.5799", "to": "0.5801"}, "scale": {"from": "1", "to": "1.001"}})");
    RegionRunOptions opt;
    opt.max_cells = 32;
    opt.jobs = 2;
    const RegionRun run = run_region(spec, {}, opt);
    std::mt19937 rng(13);
    size_t periodic = 0;
    Rational periodic_area = 0;
    for (const auto& c : run.cells) {
        if (c.outcome == Outcome::Undecided) continue;
        REQUIRE(c.outcome == Outcome::Periodic);
        REQUIRE(c.row.contains("period"));
        CHECK(c.row["period"] == 2);
        periodic_area += (c.box.h_hi - c.box.h_lo) * (c.box.s_hi - c.box.s_lo) /
                         ((spec.h_to - spec.h_from) * (spec.s_to - spec.s_from));
        if (periodic++ >= 3) continue;
        const Rational h = inside(c.box.h_lo, c.box.h_hi, rng), s = inside(c.box.s_lo, c.box.s_hi, rng);
        MatrixOptions mo;
        mo.max_steps = 20000;
        const MatrixCertificate pt = certify_matrix(spec.base.A, scaled_start(spec.base.z0, s), h, mo);
        INFO("cell h = [" << c.box.h_lo << ", " << c.box.h_hi << "], point h = " << h << ", s = " << s << ": "
                          << pt.reason);
        CHECK(pt.outcome == Outcome::Periodic);
        REQUIRE(pt.cycle);
        CHECK(pt.cycle->region.period == 2);
    }
    CHECK(periodic_area > Rational(1, 2));
    const json results = region_results_json(spec, opt, run);
    CHECK(results["summary"]["area_fraction"].contains("periodic"));
}

TEST_CASE("a low-rank matrix region (rank(A) = d < min(n, m)): Lemma LR cells agree with pointwise runs",
          "[region]") {
    // examples/matrix_lowrank_3x3_r1.json: A = 3 u v^T, d = 1; Lemma G never
    // holds there, Lemma LR does (docs/math.md 7.4b), for every h of a cell.
    const std::string base = R"({"family": "matrix",
        "A": [["2/3", "-1/3", "2/3"], ["4/3", "-2/3", "4/3"], ["4/3", "-2/3", "4/3"]],
        "X0": [["0.5"], ["0.2"], ["0.9"]], "Y0": [["0.6"], ["-0.3"], ["0.4"]], "h": "0.15"})";
    RegionSpec spec = spec_of(R"({"lrcert_region": 1, "base": )" + base +
                              R"(, "h": {"from": "0.1499", "to": "0.1501"}, "scale": {"from": "0.9999", "to": "1.0001"}})");
    RegionRunOptions opt;
    opt.max_cells = 32;
    opt.jobs = 2;
    const RegionRun run = run_region(spec, {}, opt);
    std::mt19937 rng(17);
    size_t converged = 0, checked = 0;
    for (const auto& c : run.cells) {
        if (c.outcome == Outcome::Undecided) continue;
        REQUIRE(c.outcome == Outcome::Converged);
        CHECK(c.row["proof"] == "lemma LR");
        ++converged;
        if (checked++ >= 3) continue;
        const Rational h = inside(c.box.h_lo, c.box.h_hi, rng), s = inside(c.box.s_lo, c.box.s_hi, rng);
        check_matrix_point(spec, c, scaled_start(spec.base.z0, s), h, s);
    }
    CHECK(converged > 0);
}

TEST_CASE("region results are deterministic (cells sorted, any number of threads)", "[region]") {
    RegionSpec spec = spec_of(spec_text(R"({"from": "0.01", "to": "0.04"})"));
    RegionRunOptions one, two;
    one.max_cells = two.max_cells = sanitizer_scaled(64, 24);
    one.jobs = 1;
    two.jobs = 2;
    const json a = region_results_json(spec, one, run_region(spec, {}, one));
    const json b = region_results_json(spec, two, run_region(spec, {}, two));
    CHECK(a.dump() == b.dump());
    const json& cells = a["cells"];
    for (size_t i = 1; i < cells.size(); ++i)
        CHECK(parse_exact(cells[i - 1]["h"]["lo"].get<std::string>()) < parse_exact(cells[i]["h"]["lo"].get<std::string>()));
    // The area fractions add up to 1.
    Rational total = 0;
    for (const auto& [k, v] : a["summary"]["area_fraction"].items()) total += parse_exact(v.get<std::string>());
    CHECK(total == 1);
}

TEST_CASE("lrcert region: results, bad specs and options (exit 3), an output that is an input", "[region][cli]") {
    if (!have_binaries()) return;
    const fs::path d = scratch_dir("region-command");
    write_file(d / "r.json", spec_text(R"({"from": "0.01", "to": "0.04"})"));
    ToolResult r = run_tool("lrcert", d, "region r.json --max-cells 40 --jobs 2");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const json res = json::parse(slurp(d / "r.region.json"));
    CHECK(res["lrcert_region_results"] == 1);
    CHECK(res["spec"]["h"]["from"] == "0.01");
    CHECK(res["summary"]["theorem_verdicts"].contains("seed.scalar.convergence_and_balancing"));
    CHECK(res["cells"][0]["claims"].contains("seed.scalar.convergence_and_balancing"));

    write_file(d / "bad.json", spec_text(R"({"from": "0.04", "to": "0.01"})"));
    r = run_tool("lrcert", d, "region bad.json");
    CHECK(r.code == 3);
    CHECK(contains(r.err, "h: reversed interval"));
    CHECK(!fs::exists(d / "bad.region.json"));
    r = run_tool("lrcert", d, "region r.json --max-cells 0");
    CHECK(r.code == 3);
    CHECK(contains(r.err, "--max-cells"));
    r = run_tool("lrcert", d, "region r.json --min-width 2");
    CHECK(r.code == 3);
    const std::string before = slurp(d / "r.json");
    r = run_tool("lrcert", d, "region r.json --out r");  // r.json is the spec
    CHECK(r.code == 3);
    CHECK(slurp(d / "r.json") == before);
}
