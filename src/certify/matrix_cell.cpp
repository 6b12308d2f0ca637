// Set-valued certification of a matrix cell (include/lrcert/certify/matrix_cell.hpp;
// docs/math.md, section 14.1).
#include "lrcert/certify/matrix_cell.hpp"

#include "lrcert/certify/driver.hpp"
#include "lrcert/certify/matrix_family_parts.hpp"
#include "lrcert/dynamics/point_map.hpp"
#include "lrcert/linalg/eigen_bounds.hpp"
#include "lrcert/linalg/spectral.hpp"
#include "lrcert/problem/hessian.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace lrcert {

namespace {

Interval span(const Rational& a, const Rational& b) { return hull(enclose(a), enclose(b)); }

std::string interval_text(const Interval& x) {
    return "[" + decimal_down(lo(x), 6) + ", " + decimal_up(hi(x), 6) + "]";
}

UpperBound state_scale(const Ball& b) { return sqrt(upper_of(state_norm_sq(thin(b.centre)))); }

// The matrix cell family for the certification driver (certify/driver.hpp).
class MatrixCellFamily {
public:
    using Map = MatrixMap;
    using Lemma = LemmaG;
    using Limit = MatrixLimit;
    using Certificate = MatrixCellCertificate;
    static constexpr bool has_divergence_test = true;
    static constexpr bool has_cycle_test = true;  // docs/math.md, section 14: a cycle on a cell
    // As the pointwise matrix family: Lemma DM fires before |z| = 1e30 (section 10).
    static constexpr bool follows_past_bound = false;
    static constexpr const char* tail_name = "Lemma G";
    static constexpr const char* tail_proof = "lemma G";
    static constexpr const char* divergence_proof = "lemma DM";
    // The radius cap of a cell, as for scalar cells (scalar_cell.cpp): the
    // ball is as wide as the cell's trajectories are spread (a heuristic).
    static constexpr Threshold kCellRadiusCap{"1e-2"};

    explicit MatrixCellFamily(const MatrixCell& cell) : cell_(cell) {}

    Certificate certificate() const {
        Certificate cert;
        cert.cell = cell_;
        return cert;
    }

    // The centre's float run looks for a cycle this long at most.
    static constexpr size_t kCellDryRunSteps = 20000;

    // A float64 run at the cell's centre (the middle h and the middle scale),
    // only to see whether it settles into a cycle: then the driver tries a
    // contraction region that holds for every h of the cell (no proof rests on it).
    DryRun dry_run(const DriverOptions& opt) const {
        const unsigned bits = opt.precision ? opt.precision : 128;
        PrecisionScope scope(bits);
        MatrixCellData d = matrix_cell_data(cell_);
        if (!d.h_bounded) return {};
        const double h = midpoint(d.h).convert_to<double>();
        double s = 1;
        if (cell_.start == CellStartAxis::Scale) s = from_rational<double>((cell_.s_lo + cell_.s_hi) / 2);
        Factors<double> z{convert_matrix<double>(cell_.z0.X), convert_matrix<double>(cell_.z0.Y)};
        for (size_t k = 0; k < z.X.size(); ++k) z.X[k] *= s;
        for (size_t k = 0; k < z.Y.size(); ++k) z.Y[k] /= s;
        DryRun run = dry_run_matrix(convert_matrix<double>(cell_.A), z, h,
                                    std::min<size_t>(opt.max_steps, kCellDryRunSteps), opt.cancel);
        primed_.emplace(bits, std::move(d));  // the first attempt at `bits` takes it
        return run;
    }

    // The shape d < min(n, m): no PL inequality anywhere (as certify_matrix);
    // a cycle seen by the dry run is still tried when d = 1 (section 12).
    bool decide_before(Certificate& cert, unsigned p) const {
        const size_t n = cell_.A.rows(), m = cell_.A.cols(), d = cell_.z0.X.cols();
        if (d >= std::min(n, m) || (d == 1 && cert.dry_run.cycle_period >= 2)) return false;
        // Lemma LR (docs/math.md section 7.4b) when rank(A) = d exactly.
        if (exact_target_rank(cell_.A) == d) return false;
        PrecisionScope scope(p);
        cert.data = matrix_cell_data(cell_);
        cert.precision_bits = p;
        cert.precisions.push_back(p);
        cert.outcome = Outcome::Undecided;
        cert.reason = "no tail lemma on cells for d < min(n, m) with rank(A) != d yet: neither Lemma G (no factor "
                      "can have full row rank) nor Lemma LR (rank(A) = d) applies, and Lemma P (positive minimum loss) "
                      "is tried pointwise only";
        cert.last_failure = cert.reason;
        return true;
    }

    void begin_attempt(Certificate& cert) const {
        cert.divergence_step.reset();
        cert.divergence.reset();
        if (primed_ && primed_->first == working_bits())
            cert.data = std::move(primed_->second);
        else
            cert.data = matrix_cell_data(cell_);
        primed_.reset();
        data_ = &cert.data;
        a_up_ = spectral_norm_up(cert.data.A);
        // Lemma LR's target data (rank(A) = d < min(n, m)), at this attempt's precision.
        tail_.begin_attempt(cell_.A, cell_.z0.X.cols());
        // The cell's own width, relative (the part of e_k no precision removes).
        Ball b0 = ball_around(cert.data.z0);
        const Real w = b0.radius.real() / (state_scale(b0).real() + 1) +
                       width_up(cert.data.h) / (mag_up(cert.data.h) + 1);
        own_width_ = w.convert_to<double>();
    }

    MatrixTrajectory trajectory() const { return matrix_cell_trajectory(*data_); }

    UpperBound scale(const Ball& b) const { return UpperBound::exact(1) + state_scale(b); }

    Threshold radius_cap() const { return kCellRadiusCap; }

    std::string too_wide(const Ball& b, size_t k) const {
        if (!(own_width_ > std::ldexp(1.0, -static_cast<int>(working_bits() / 3)))) return {};
        return "the cell is too wide: its enclosure's radius " + b.radius.decimal(4) + " reaches the cap " +
               kCellRadiusCap.text() + " (1 + |z|) at step " + std::to_string(k) + " (last Lemma G failure: " +
               last_failure_ + ")";
    }

    // Lemma DM with the interval h: every bound it uses holds for every h of
    // the cell (section 14.1), so it proves divergence for every point.
    bool try_divergence(Map& map, const Ball& b, size_t k, Certificate& cert) const {
        LemmaDM D = check_lemma_dm(b, map.A(), map.h(), map.norms_at(b), a_up_);
        if (!D.holds) return false;
        cert.divergence_step = k;
        cert.divergence = D;
        return true;
    }

    // Lemma LR (rank(A) = d < min(n, m)) or Lemma G, with the interval h: it
    // holds for every h of the cell, as for a single h (section 14.1).
    TailTry<Lemma, Limit> try_tail(Map& map, const Ball& b, size_t k) const {
        TailTry<Lemma, Limit> t = tail_.try_tail(map, b, k);
        if (t.tried && !t.lemma.holds) last_failure_ = t.failure;
        return t;
    }

    void finish_limit(Certificate& cert) const {
        cert.limit = matrix_limit_at(cert.data.A, cert.limit->step, cert.limit->lemma, cert.limit->ball);
    }

    std::string converged_reason(const Certificate& cert) const {
        std::ostringstream os;
        os << (cert.first_lemma->lowrank ? "Lemma LR" : "Lemma G") << " holds at step " << *cert.first_tail_step
           << " for every point of the cell (h L_B <= "
           << upper_of(cert.data.h * point(cert.first_lemma->L_B)).decimal(4)
           << ", q <= " << cert.first_lemma->q.decimal(4) << "): GD converges to a global minimizer (f = 0); "
           << "limit refined at step " << cert.limit->step;
        return os.str();
    }

    std::string diverged_reason(const Certificate& cert) const {
        const LemmaDM& D = *cert.divergence;
        std::ostringstream os;
        os << "Lemma DM holds at step " << *cert.divergence_step << " for every point of the cell (t = h||R||_2 >= "
           << D.t.decimal(4) << ", p <= " << D.p.decimal(4) << ", h in " << interval_text(cert.data.h)
           << "): ||R_k|| -> infinity";
        return os.str();
    }

    std::string escape_reason(const std::string& bound_text, size_t k, const Certificate&) const {
        return bound_text + ", and Lemma DM did not hold on the whole cell up to step " +
               std::to_string(k == 0 ? 0 : k - 1);
    }

    std::string out_of_bits_detail(const Certificate& cert) const {
        return "; last Lemma G failure: " + cert.last_failure;
    }

    // ---- convergence to a cycle, on the whole cell (docs/math.md, sections 12, 14) ----
    // The GD map for every h of the cell: its interval evaluations hold for
    // all of them, so the certified region attracts every point's run.
    PointMap point_map() const {
        return PointMap(cell_.A, to_rational(lo(data_->h)), to_rational(hi(data_->h)), cell_.z0.X.cols());
    }

    Box state_box(const Ball& b) const { return matrix_state_box(b); }

    std::string cycle_obstacle() const {
        if (!data_->h_bounded) return "the cell's h is not bounded";
        return matrix_cycle_obstacle(cell_.z0.X.cols());
    }

    // The cycle's quantities over the cell (the cycle points move with h:
    // the boxes hold them all).
    void finish_cycle(Certificate& cert) const { finish_matrix_cycle(*cert.cycle, point_map(), data_->A); }

private:
    const MatrixCell& cell_;
    mutable const MatrixCellData* data_ = nullptr;
    mutable UpperBound a_up_;
    mutable double own_width_ = 0;  // a heuristic: when more bits cannot help
    mutable std::string last_failure_ = "Lemma G was never tried";
    mutable std::optional<std::pair<unsigned, MatrixCellData>> primed_;
    mutable ZeroLossTail tail_;  // Lemma LR or G (its target data: begin_attempt)
};

}  // namespace

void validate_matrix_cell(const MatrixCell& c) {
    auto bad = [](const std::string& what) { throw std::invalid_argument("matrix cell: " + what); };
    const size_t n = c.A.rows(), m = c.A.cols(), d = c.z0.X.cols();
    if (n == 0 || m == 0 || d == 0) bad("A, X0 and Y0 must be non-empty");
    if (c.z0.X.rows() != n || c.z0.Y.rows() != m || c.z0.Y.cols() != d)
        bad("shapes: A is n x m, X0 must be n x d and Y0 m x d");
    if (c.h_lo > c.h_hi) bad("h interval is reversed");
    if (c.h_lo <= 0) bad("h must be > 0");
    if (c.start == CellStartAxis::Imbalance) bad("the imbalance axis is defined for the scalar family only");
    if (c.h_axis == CellHAxis::SeedBoundary) bad("h relative to 4/(S0 + 4 mu) is defined for the scalar family only");
    if (c.start == CellStartAxis::Scale) {
        if (c.s_lo > c.s_hi) bad("scale interval is reversed");
        if (c.s_lo <= 0) bad("scale must be > 0");
    }
}

MatrixCellData matrix_cell_data(const MatrixCell& c) {
    validate_matrix_cell(c);
    MatrixCellData D;
    D.A = convert_matrix<Interval>(c.A);
    D.z0.X = convert_matrix<Interval>(c.z0.X);
    D.z0.Y = convert_matrix<Interval>(c.z0.Y);
    const Rational X2 = frobenius_sq(c.z0.X), Y2 = frobenius_sq(c.z0.Y);
    if (c.start == CellStartAxis::Scale) {
        // X0 -> s X0, Y0 -> Y0 / s: per entry the range over s in [s_lo, s_hi]
        // (each entry is monotone in s, so the interval product is its hull).
        const Interval s = span(c.s_lo, c.s_hi);
        D.z0.X = Matrix<Interval>::from(c.z0.X, [&](const Rational& q) { return s * enclose(q); });
        D.z0.Y = Matrix<Interval>::from(c.z0.Y, [&](const Rational& q) { return enclose(q) / s; });
        const Interval s2 = interval_sqr(s);
        D.norm_gap_0 = s2 * enclose(X2) - enclose(Y2) / s2;
    } else {
        D.norm_gap_0 = enclose(X2 - Y2);
    }
    // L0 (section 7.6) over the cell: the interval Hessian on the box of
    // starts holds the Hessian at every start, and the eigenvalue enclosure
    // holds lambda_max of every symmetric matrix in it (docs/eigen.md, section 2).
    D.L0 = certified_lambda_max(hessian_matrix(D.A, D.z0)).value;
    if (c.h_axis == CellHAxis::TwoOverL0) {
        // h = t 2/L0(z0) with each start's own L0: every such h lies in
        // [t] 2/[L0] when [L0] holds every start's L0 and is certainly positive.
        D.h_bounded = certainly_positive(D.L0);
        D.h = D.h_bounded ? span(c.h_lo, c.h_hi) * make_interval(2L) / D.L0 : make_interval(0L);
    } else {
        D.h = span(c.h_lo, c.h_hi);
    }
    D.h_L0 = D.h * D.L0;
    return D;
}

MatrixTrajectory matrix_cell_trajectory(const MatrixCellData& data) {
    // Section 14.6: the ball around the box of starts holds every start, and
    // the interval h makes each ball step hold F_h for every h of the cell.
    return MatrixTrajectory(MatrixMap(data.A, data.h), ball_around(data.z0));
}

MatrixCellCertificate certify_matrix_cell(const MatrixCell& cell, const DriverOptions& options) {
    validate_matrix_cell(cell);
    if (cell.h_axis != CellHAxis::Absolute) {
        PrecisionScope scope(options.precision ? options.precision : 128);
        MatrixCellData d = matrix_cell_data(cell);
        if (!d.h_bounded) {
            MatrixCellCertificate cert;
            cert.cell = cell;
            cert.data = std::move(d);
            cert.precision_bits = working_bits();
            cert.precisions.push_back(cert.precision_bits);
            cert.reason = "L0 is not certainly positive on the cell, so h = t 2/L0 is not bounded there";
            return cert;
        }
    }
    MatrixCellCertificate cert = certify_with(MatrixCellFamily(cell), options);
    if (cert.outcome == Outcome::Converged && cert.first_lemma && cert.first_lemma->lowrank) cert.proof = "lemma LR";
    return cert;
}

}  // namespace lrcert
