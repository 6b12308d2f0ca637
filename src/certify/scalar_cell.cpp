// Set-valued certification of a cell (include/lrcert/certify/scalar_cell.hpp;
// docs/math.md, section 14).
#include "lrcert/certify/scalar_cell.hpp"

#include "lrcert/certify/driver.hpp"
#include "lrcert/certify/precision_plan.hpp"
#include "lrcert/dynamics/point_map.hpp"
#include "lrcert/enclose/growth.hpp"

#include <mpfr.h>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace lrcert {

namespace {

Rational dot(const std::vector<Rational>& a, const std::vector<Rational>& b) {
    Rational s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

Interval span(const Rational& a, const Rational& b) { return hull(enclose(a), enclose(b)); }

std::string interval_text(const Interval& x) {
    return "[" + decimal_down(lo(x), 6) + ", " + decimal_up(hi(x), 6) + "]";
}

// The scalar cell family for the certification driver (certify/driver.hpp).
class ScalarCellFamily {
public:
    using Map = ScalarMap;
    using Lemma = LemmaS;
    using Limit = CellLimit;
    using Certificate = ScalarCellCertificate;
    static constexpr bool has_divergence_test = true;
    static constexpr bool has_cycle_test = true;  // docs/math.md, section 14: a cycle on a cell
    static constexpr bool follows_past_bound = true;  // Lemma D on boxes of any size
    static constexpr const char* tail_name = "Lemma S";
    static constexpr const char* tail_proof = "lemma S";
    static constexpr const char* divergence_proof = "lemma D";
    // The radius cap of a cell: its ball is as wide as the cell's
    // trajectories are spread, far beyond rounding (a heuristic, as kRadiusCap).
    static constexpr Threshold kCellRadiusCap{"0.25"};
    // A cell's limit is as wide as its points' limits are spread: refining it
    // on, by less than 1% a step, buys nothing (a heuristic: when to stop, not
    // what is proven).
    static constexpr size_t stale_steps = 6;
    static constexpr double refine_gain = 0.99;
    // The centre's float run looks for a cycle this long at most.
    static constexpr size_t kCellDryRunSteps = 20000;

    explicit ScalarCellFamily(const ScalarCell& cell) : cell_(cell) {}

    Certificate certificate() const {
        Certificate cert;
        cert.cell = cell_;
        return cert;
    }

    // A float64 run at the cell's centre (h_c, the centre start), only to see
    // whether it settles into a cycle (the driver's options fix the precision):
    // then the driver tries a contraction region that holds for every h of the cell.
    DryRun dry_run(const DriverOptions& opt) const {
        PrecisionScope scope(128);
        const CellData d = primed_ ? primed_->second : cell_data(cell_);
        if (!d.h_bounded) return {};
        const double h = midpoint(d.h).convert_to<double>(), mu = midpoint(d.mu).convert_to<double>();
        const double x = midpoint(d.x_red).convert_to<double>(), y = midpoint(d.y_red).convert_to<double>();
        return dry_run_scalar(mu, h, x, y, std::min<size_t>(opt.max_steps, kCellDryRunSteps), opt.cancel);
    }

    bool decide_before(Certificate&, unsigned) const { return false; }

    // The cell's data computed before the driver starts (at `bits`): the first
    // attempt at that precision takes it instead of computing it again.
    void prime(CellData data, unsigned bits) const { primed_.emplace(bits, std::move(data)); }

    void begin_attempt(Certificate& cert) const {
        if (primed_ && primed_->first == working_bits())
            cert.data = std::move(primed_->second);
        else
            cert.data = cell_data(cell_);
        primed_.reset();
        data_ = &cert.data;
        // The cell's own width, relative: the start ball's radius and the h
        // interval's width (the part of delta_k that no precision removes).
        Ball b0 = ball_around(start_factors(cert.data));
        const Real w = b0.radius.real() + width_up(cert.data.h) / (mag_up(cert.data.h) + 1);
        own_width_ = w.convert_to<double>();
    }

    ScalarAffineTrajectory trajectory() const {
        if (!data_->h_bounded)
            throw std::logic_error("ScalarCellFamily: trajectory of a cell without a bounded h");
        return cell_trajectory(*data_, cell_.start);
    }

    UpperBound scale(const Ball& b) const {
        Interval x, y;
        ScalarMap::reduced_box(b, x, y);
        return UpperBound::exact(1) + (UpperBound::of_mag(x) + UpperBound::of_mag(y));
    }

    bool finite(const Ball& b) const { return ScalarMap::finite(b); }

    Threshold radius_cap() const { return kCellRadiusCap; }

    // The cap is the cell's doing when the cell is wider than 2^(-p/3) (then
    // more bits leave its ball as wide): undecided, to be split.
    std::string too_wide(const Ball& b, size_t k) const {
        if (!(own_width_ > std::ldexp(1.0, -static_cast<int>(working_bits() / 3)))) return {};
        return "the cell is too wide: its enclosure's radius " + b.radius.decimal(4) + " reaches the cap " +
               kCellRadiusCap.text() + " (1 + |z|) at step " + std::to_string(k) + " (last Lemma S failure: " +
               last_failure_ + ")";
    }

    bool try_divergence(Map& map, const Ball& b, size_t k, Certificate& cert) const {
        LemmaD D = check_lemma_d(b, map);
        if (!D.holds) return false;
        cert.divergence_step = k;
        cert.divergence = D;
        return true;
    }

    TailTry<Lemma, Limit> try_tail(Map& map, const Ball& b, size_t k) const {
        // v_vanishes = false: the enclosure holds whether or not v0 = 0.
        return tail_of(check_lemma_s(b, map, false), k);
    }

    // Lemma S on the affine set itself (docs/math.md, section 14.2): its
    // enclosures of r and S are tighter than its ball's box, by far for a set
    // spread along the minimizer curve.
    TailTry<Lemma, Limit> try_tail_on(ScalarAffineTrajectory& traj, size_t k) const {
        // Lemma S needs h eps < 1 and rho < 1 with eps >= |r| and rho >= |1 - h S - h^2 r (mu - r)|
        // at every point of the set, its centre among them: where the centre (in
        // double, with a margin) already fails, it is not tried (this only saves time).
        {
            const AffineSet2& s = traj.set();
            const double x = s.cx.convert_to<double>(), y = s.cy.convert_to<double>();
            const double h = midpoint(traj.map().h()).convert_to<double>(), mu = midpoint(traj.map().mu()).convert_to<double>();
            const double r = mu - x * y, S = x * x + y * y;
            if (h * std::abs(r) > 1.001 || std::abs(1 - h * S - h * h * r * (mu - r)) > 1.001) {
                last_failure_ = "at the set's centre h |r| >= 1 or |1 - h S - h^2 r (mu - r)| >= 1";
                return {};
            }
        }
        const AffineReducedEnclosures e = affine_reduced_enclosures(traj.set(), traj.map().mu());
        return tail_of(check_lemma_s_on(e.r, e.S, e.u, e.v, traj.map(), false), k);
    }
    TailTry<Lemma, Limit> tail_of(const LemmaSOnBall& s, size_t k) const {
        TailTry<Lemma, Limit> t;
        t.tried = true;
        t.lemma = s.lemma;
        if (!s.limit) {
            t.failure = t.lemma.failure;
            last_failure_ = t.failure;
            return t;
        }
        t.width = s.width;
        t.limit = CellLimit{k, t.lemma, *s.limit, t.width};
        return t;
    }
    void finish_limit(Certificate&) const {}

    std::string converged_reason(const Certificate& cert) const {
        std::ostringstream os;
        os << "Lemma S holds at step " << *cert.first_tail_step << " for every point of the cell (eps <= "
           << cert.first_lemma->eps.decimal(4) << "); limit refined at step " << cert.limit->step;
        return os.str();
    }

    std::string diverged_reason(const Certificate& cert) const {
        return "Lemma D holds at step " + std::to_string(*cert.divergence_step) +
               " for every point of the cell (t = h|r| in " + interval_text(cert.divergence->t) +
               "): |r_k| -> infinity";
    }

    std::string escape_reason(const std::string& bound_text, size_t k, const Certificate& cert) const {
        return bound_text + ", and Lemma D did not hold up to step " + std::to_string(k ? k - 1 : 0) +
               " on the whole cell (last Lemma S failure: " + cert.last_failure + ")";
    }

    std::string out_of_bits_detail(const Certificate&) const { return ""; }

    // ---- convergence to a cycle, on the whole cell (docs/math.md, sections 12, 14) ----
    // The reduced map for every h of the cell: its interval evaluations hold
    // for all of them, so the certified region attracts every point's run.
    PointMap point_map() const {
        return PointMap::scalar(cell_.mu, to_rational(lo(data_->h)), to_rational(hi(data_->h)));
    }

    Box state_box(const Ball& b) const {
        Interval x, y;
        ScalarMap::reduced_box(b, x, y);
        return {x, y};
    }

    std::string cycle_obstacle() const { return data_->h_bounded ? "" : "the cell's h is not bounded"; }

    // The cycle's quantities over the cell, in the reduced coordinates (the
    // cycle points move with h and the start: the boxes hold them all).
    void finish_cycle(Certificate& cert) const {
        CycleCertificate& c = *cert.cycle;
        const Interval half = enclose(Rational(1, 2));
        for (const Box& point : c.region.cycle) {
            Factors<Interval> z{Matrix<Interval>(1, 1), Matrix<Interval>(1, 1)};
            z.X(0, 0) = point[0];
            z.Y(0, 0) = point[1];
            c.points.push_back(std::move(z));
            const Interval r = data_->mu - point[0] * point[1];
            c.loss.push_back(half * interval_sqr(r));
            Interval lambda_minus, lambda_plus;
            scalar_hessian_eigenvalues(point[0], point[1], data_->mu, lambda_minus, lambda_plus);
            c.sharpness.push_back(cell_.d() >= 2 ? interval_max(lambda_plus, interval_abs(r)) : lambda_plus);
        }
    }

    static Factors<Interval> start_factors(const CellData& d) {
        Factors<Interval> z{Matrix<Interval>(1, 1), Matrix<Interval>(1, 1)};
        z.X(0, 0) = d.x_red;
        z.Y(0, 0) = d.y_red;
        return z;
    }

private:
    const ScalarCell& cell_;
    mutable const CellData* data_ = nullptr;
    mutable double own_width_ = 0;  // a heuristic: when more bits cannot help
    mutable std::optional<std::pair<unsigned, CellData>> primed_;
    mutable std::string last_failure_ = "Lemma S was never tried";
};

}  // namespace

void validate_cell(const ScalarCell& c) {
    auto bad = [](const std::string& what) { throw std::invalid_argument("scalar cell: " + what); };
    if (c.x0.empty() || c.x0.size() != c.y0.size()) bad("x0 and y0 must have the same length d >= 1");
    if (c.h_lo > c.h_hi) bad("h interval is reversed");
    if (c.h_lo <= 0) bad("h (or t) must be > 0");
    if (c.start != CellStartAxis::None && c.s_lo > c.s_hi) bad("start interval is reversed");
    if (c.start == CellStartAxis::Scale && c.s_lo <= 0) bad("scale must be > 0");
    if (c.start == CellStartAxis::Imbalance) {
        if (c.s_lo < 0) bad("imbalance must be >= 0");
        Rational b = 0;
        for (size_t i = 0; i < c.d(); ++i) b += (c.x0[i] - c.y0[i]) * (c.x0[i] - c.y0[i]);
        if (b == 0) bad("the imbalance axis needs an unbalanced base start (x0 != y0)");
    }
}

CellData cell_data(const ScalarCell& c) {
    validate_cell(c);
    CellData D;
    const size_t d = c.d();
    const Rational X2 = dot(c.x0, c.x0), Y2 = dot(c.y0, c.y0), P = dot(c.x0, c.y0);
    D.mu = enclose(c.mu);
    D.x0 = Matrix<Interval>(d, 1);
    D.y0 = Matrix<Interval>(d, 1);
    const Interval two = make_interval(2L), four = make_interval(4L), half = enclose(Rational(1, 2));
    switch (c.start) {
        case CellStartAxis::None:
            D.u_sq = enclose(X2 + 2 * P + Y2);
            D.v_sq = enclose(X2 - 2 * P + Y2);
            D.uv = enclose(X2 - Y2);
            D.S0 = enclose(X2 + Y2);
            D.r0 = enclose(c.mu - P);
            for (size_t i = 0; i < d; ++i) {
                D.x0(i, 0) = enclose(c.x0[i]);
                D.y0(i, 0) = enclose(c.y0[i]);
            }
            break;
        case CellStartAxis::Scale: {
            // |u0(s)|^2 = s^2 |x0|^2 + 2 x0.y0 + |y0|^2 / s^2, each term over s in [s1, s2].
            const Interval s = span(c.s_lo, c.s_hi);
            const Interval s2 = interval_sqr(s);
            const Interval A = s2 * enclose(X2), B = enclose(Y2) / s2, twoP = enclose(2 * P);
            D.u_sq = A + twoP + B;
            D.v_sq = A - twoP + B;
            D.uv = A - B;
            D.S0 = A + B;
            D.r0 = enclose(c.mu - P);  // x0 . y0 is unchanged by the scale
            for (size_t i = 0; i < d; ++i) {
                D.x0(i, 0) = s * enclose(c.x0[i]);
                D.y0(i, 0) = enclose(c.y0[i]) / s;
            }
            break;
        }
        case CellStartAxis::Imbalance: {
            // u0 is kept; v0 -> lambda v0 with lambda^2 |v0|^2 = t.
            const Rational U = X2 + 2 * P + Y2, V = X2 - 2 * P + Y2, UV = X2 - Y2;
            const Interval t = span(c.s_lo, c.s_hi);
            const Interval lambda = interval_sqrt(t / enclose(V));
            D.u_sq = enclose(U);
            D.v_sq = t;
            D.uv = lambda * enclose(UV);
            D.S0 = half * (D.u_sq + t);
            D.r0 = D.mu - (D.u_sq - t) / four;  // x0 . y0 = (|u0|^2 - |v0|^2) / 4
            for (size_t i = 0; i < d; ++i) {
                const Interval u = enclose(c.x0[i] + c.y0[i]), v = enclose(c.x0[i] - c.y0[i]);
                D.x0(i, 0) = half * (u + lambda * v);
                D.y0(i, 0) = half * (u - lambda * v);
            }
            break;
        }
    }
    // L0 (section 2): lambda_+ = (S0 + sqrt(S0^2 - 8 r0 mu + 12 r0^2)) / 2; the
    // discriminant is >= 0 at every point, interval_sqrt clamps its enclosure at 0.
    const Interval disc = interval_sqr(D.S0) - make_interval(8L) * D.r0 * D.mu + make_interval(12L) * interval_sqr(D.r0);
    const Interval lambda_plus = half * (D.S0 + interval_sqrt(disc));
    D.L0 = d >= 2 ? interval_max(lambda_plus, interval_abs(D.r0)) : lambda_plus;
    switch (c.h_axis) {
        case CellHAxis::Absolute: D.h = span(c.h_lo, c.h_hi); break;
        case CellHAxis::TwoOverL0:
            // h = t * 2 / L0: the hull over the t interval times the start box.
            D.h_bounded = certainly_positive(D.L0);
            D.h = D.h_bounded ? span(c.h_lo, c.h_hi) * two / D.L0 : make_interval(0L);
            break;
        case CellHAxis::SeedBoundary: {
            // h = tau * 4 / (S0 + 4 mu), likewise over the tau interval times the starts.
            const Interval unit = D.S0 + four * D.mu;
            D.h_bounded = certainly_positive(unit);
            D.h = D.h_bounded ? span(c.h_lo, c.h_hi) * four / unit : make_interval(0L);
            break;
        }
    }
    D.h_L0 = D.h * D.L0;
    // The reduced start (section 2): x0' = (|u0| + |v0|)/2, y0' = (|u0| - |v0|)/2.
    const Interval nu = interval_sqrt(D.u_sq), nv = interval_sqrt(D.v_sq);
    D.x_red = half * (nu + nv);
    D.y_red = half * (nu - nv);
    return D;
}

ScalarAffineTrajectory cell_trajectory(const CellData& data, CellStartAxis axis) {
    AffineSet2 start;
    start.e = UpperBound::exact(0);
    const Interval half = enclose(Rational(1, 2));
    auto upper_rad = [](const Interval& x, const Real& c) { return UpperBound::of_mag(x - make_interval(c)); };
    if (axis == CellStartAxis::Imbalance) {
        // The starts lie on a segment: (x0', y0') = ((|u0| + sigma)/2, (|u0| - sigma)/2),
        // sigma = |v0| = sqrt(t) = sigma_c + rho q_1 (section 14.2).
        const Interval nu = interval_sqrt(data.u_sq), sigma = interval_sqrt(data.v_sq);
        const Real sigma_c = midpoint(sigma);
        const UpperBound rho = upper_rad(sigma, sigma_c);
        const Interval sc = make_interval(sigma_c);
        const Interval px = half * (nu + sc), py = half * (nu - sc);
        const Interval col = half * make_interval(rho.real());
        start.cx = midpoint(px);
        start.cy = midpoint(py);
        const Real j = midpoint(col);
        Real minus_j = new_real();
        mpfr_neg(minus_j.backend().data(), j.backend().data(), MPFR_RNDN);  // exact
        start.jx = {zero<Real>(), j};
        start.jy = {zero<Real>(), minus_j};
        // The centre's rounding and the column's (|q_1| <= 1), in each coordinate.
        const UpperBound slack = upper_rad(col, j);
        start.e = euclid_up({upper_rad(px, start.cx) + slack, upper_rad(py, start.cy) + slack});
    } else {
        // The box of reduced starts: c + diag(rx, ry) (q_1, q_2).
        start.cx = midpoint(data.x_red);
        start.cy = midpoint(data.y_red);
        start.jx = {zero<Real>(), upper_rad(data.x_red, start.cx).real(), zero<Real>()};
        start.jy = {zero<Real>(), zero<Real>(), upper_rad(data.y_red, start.cy).real()};
    }
    const Real h_c = midpoint(data.h);
    const Real rho_h = upper_rad(data.h, h_c).real();
    return ScalarAffineTrajectory(ScalarMap(data.mu, data.h), h_c, rho_h, std::move(start));
}

DriverOptions cell_driver_options(size_t max_steps, const std::atomic<bool>* cancel) {
    DriverOptions o;
    o.precision = 128;
    o.max_precision = 512;
    o.max_steps = max_steps;
    o.cancel = cancel;
    return o;
}

ScalarCellCertificate certify_scalar_cell(const ScalarCell& cell, const DriverOptions& options) {
    validate_cell(cell);
    const ScalarCellFamily family(cell);
    if (cell.h_axis != CellHAxis::Absolute) {
        // The relative h is bounded only where its unit's denominator is certainly positive.
        PrecisionScope scope(options.precision ? options.precision : 128);
        CellData d = cell_data(cell);
        if (d.h_bounded) {
            family.prime(std::move(d), working_bits());
        } else {
            ScalarCellCertificate cert = family.certificate();
            cert.data = std::move(d);
            cert.precision_bits = working_bits();
            cert.precisions.push_back(cert.precision_bits);
            cert.reason = cell.h_axis == CellHAxis::TwoOverL0
                              ? "L0 is not certainly positive on the cell, so h = t 2/L0 is not bounded there"
                              : "S0 + 4 mu is not certainly positive on the cell, so h = tau 4/(S0 + 4 mu) is "
                                "not bounded there";
            return cert;
        }
    }
    return certify_with(family, options);
}

}  // namespace lrcert
