// Re-verifies an lrcert certificate with the checker's own exact rational
// arithmetic (docs/checker.md): reading the certificate, the checks in order,
// the verdict (check.hpp).
// (Over 500 lines on purpose: the checker's certificate reader and verdict logic stay in one file so that an auditor reads them top to bottom.)
#include "check.hpp"
#include "isotropic.hpp"
#include "lowrank.hpp"

#include "claims.hpp"
#include "cycle.hpp"
#include "gd.hpp"
#include "hessian.hpp"
#include "inputs.hpp"
#include "orbits.hpp"
#include "residual.hpp"
#include "positive_loss.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <optional>
#include <iostream>

using nlohmann::json;
using namespace chk;

namespace {

struct Reject {
    std::string msg;
};
struct Internal : std::runtime_error {
    using std::runtime_error::runtime_error;
};


// ---- resource limits (docs/checker.md, section 9), enforced before any work ------------

const long kMaxSteps = 1000000;    // any step K the certificate names
const long kMaxGridBits = 65536;   // grid_bits (lrcert's --max-precision is at most 65536)
const size_t kMaxState = 4096;     // (n + m) d, the size of the matrix family's state

// A step the certificate names: an integer in [0, kMaxSteps], else rejected
// naming the limit (a negative or non-integer value is malformed).
long step_count(const json& j, const std::string& name) {
    if (!j.is_number_integer()) throw Malformed(name + ": an integer is expected");
    if (j.is_number_unsigned() ? j.get<unsigned long long>() > static_cast<unsigned long long>(kMaxSteps)
                               : j.get<long long>() > kMaxSteps)
        throw Reject{"limit: " + name + " = " + j.dump() + " exceeds the checker's limit of " +
                     std::to_string(kMaxSteps) + " steps"};
    const long v = j.get<long>();
    if (v < 0) throw Malformed(name + ": " + std::to_string(v) + " is out of range");
    return v;
}

// Every key of the object j must be one of `allowed` (the certificate's own
// sections; the report is compared field by field instead).
void known_keys(const json& j, std::initializer_list<const char*> allowed, const std::string& where) {
    if (!j.is_object()) throw Malformed(where + ": an object is expected");
    for (auto it = j.begin(); it != j.end(); ++it) {
        bool ok = false;
        for (const char* a : allowed) ok = ok || it.key() == a;
        if (!ok) throw Malformed(where + ": unknown key \"" + it.key() + "\"");
    }
}

// ---- reading the certificate --------------------------------------------------------

const json& at(const json& j, const std::string& where, const char* key) {
    if (!j.is_object() || !j.contains(key)) throw Malformed("missing field \"" + where + key + "\"");
    return j.at(key);
}

Q number(const json& j, const std::string& name) {
    if (!j.is_string()) throw Malformed(name + ": a number as a JSON string is expected");
    std::optional<Q> q = parse_number(j.get<std::string>());
    if (!q) throw Malformed(name + ": not a number: \"" + j.get<std::string>() + "\"");
    return *q;
}

long integer(const json& j, const std::string& name, long lo, long hi) {
    if (!j.is_number_integer()) throw Malformed(name + ": an integer is expected");
    long v = j.get<long>();
    if (v < lo || v > hi) throw Malformed(name + ": " + std::to_string(v) + " is out of range");
    return v;
}

std::string str(const json& j, const std::string& name) {
    if (!j.is_string()) throw Malformed(name + ": a string is expected");
    return j.get<std::string>();
}

I interval(const json& j, const std::string& name) {
    known_keys(j, {"lo", "hi"}, name);
    Q lo = number(at(j, name + ".", "lo"), name + ".lo"), hi = number(at(j, name + ".", "hi"), name + ".hi");
    return I(lo, hi);
}

Mat matrix(const json& j, const std::string& name) {
    if (!j.is_array() || j.empty() || !j[0].is_array() || j[0].empty()) throw Malformed(name + ": not a matrix");
    Mat M(j.size(), j[0].size());
    for (size_t i = 0; i < M.r; ++i) {
        if (!j[i].is_array() || j[i].size() != M.c) throw Malformed(name + ": rows of different lengths");
        for (size_t k = 0; k < M.c; ++k)
            M(i, k) = number(j[i][k], name + "[" + std::to_string(i) + "][" + std::to_string(k) + "]");
    }
    return M;
}

Mat row(const json& j, const std::string& name) {
    if (!j.is_array() || j.empty()) throw Malformed(name + ": a non-empty array is expected");
    Mat M(1, j.size());
    for (size_t k = 0; k < M.c; ++k) M.a[k] = number(j[k], name + "[" + std::to_string(k) + "]");
    return M;
}

// ---- comparing with the report --------------------------------------------------------

std::string quoted(const json& j, const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "?"; }

// "" when the claimed interval contains the checker's enclosure, else the reason.
std::string misfit(const std::string& name, const json& claimed, const I& mine) {
    I c = interval(claimed, name);
    if (std::getenv("LRCERT_CHECK_TRACE"))  // diagnostics: widths of the claimed and the checker's enclosures
        std::cerr << "trace: " << name << " claimed width " << decimal(c.hi - c.lo, 3, 1) << ", checker's "
                  << decimal(mine.hi - mine.lo, 3, 1) << (inside(mine, c) ? "" : " (does not fit)") << "\n";
    if (inside(mine, c)) return "";
    // Enough digits to show the difference (the claimed ends are printed as given).
    int digits = static_cast<int>(std::min<size_t>(90, std::max(quoted(claimed, "lo").size(), quoted(claimed, "hi").size())));
    return name + " claimed [" + quoted(claimed, "lo") + ", " + quoted(claimed, "hi") +
           "] does not contain the checker's enclosure " + text(mine, std::max(digits, 20));
}

// A claimed upper bound (a decimal string) must be >= the checker's own bound;
// null (docs/formats.md: an unbounded side) claims nothing.
void upper_bound_at_least(const std::string& name, const json& claimed, const Q& mine) {
    if (claimed.is_null()) return;
    const Q c = number(claimed, name);
    if (c < mine)
        throw Reject{name + " claimed <= " + claimed.get<std::string>() + ", below the checker's bound " +
                     decimal(mine, 12, +1)};
}

// A printed lower bound must be at most the checker's own lower bound (null:
// no claim).
void lower_bound_at_most(const std::string& name, const json& claimed, const Q& mine) {
    if (claimed.is_null()) return;
    const Q c = number(claimed, name);
    if (c > mine)
        throw Reject{name + " claimed >= " + claimed.get<std::string>() + ", above the checker's bound " +
                     decimal(mine, 12, -1)};
}

void require_in(const std::string& name, const json& claimed, const I& mine) {
    std::string m = misfit(name, claimed, mine);
    if (!m.empty()) throw Reject{m};
}

// Lemma N (docs/checker.md): h |mu| > 1; r_k != 0 for k <= K and, at step K,
// with s = -v_l(r_K), e = -v_l(h), w = v_l(|u_K|^2 + |v_K|^2):
// s + e > 0, s + v_l(mu) > 0 (or mu = 0), w + e + 2 s - v_l(2) > 0 (or
// |u_K|^2 + |v_K|^2 = 0). Exact, on |u|^2+ = (1 + h r)^2 |u|^2,
// |v|^2+ = (1 - h r)^2 |v|^2, r = mu - (|u|^2 - |v|^2)/4. "" when it holds.
long valuation(const Q& q, long l) {
    Z num = q.get_num(), den = q.get_den(), p = l;
    long v = 0;
    while (num != 0 && mpz_divisible_p(num.get_mpz_t(), p.get_mpz_t())) { num /= p; ++v; }
    while (mpz_divisible_p(den.get_mpz_t(), p.get_mpz_t())) { den /= p; --v; }
    return v;
}

std::string lemma_n(const Problem& p, long K, long l, long& s_K, long& e_h) {
    // coq: lemma_N hyp prime: l is a prime
    for (long q = 2; q * q <= l; ++q)
        if (l % q == 0) return std::to_string(l) + " is not a prime";
    // coq: lemma_N hyp h_mu_gt_1: 1 < h |mu|
    Q hm = p.h * (p.mu < 0 ? Q(-p.mu) : p.mu);
    if (!(hm > 1)) return "h |mu| = " + exact_text(hm) + " is not > 1";
    Q A = p.u_sq, B = p.v_sq;
    for (long k = 0;; ++k) {
        Q r = p.mu - (A - B) / 4;
        // coq: lemma_N hyp r_nonzero: r_k != 0 for k < K, with A = |u_k|^2, B = |v_k|^2 and r_k = mu - (A - B) / 4
        if (r == 0) return "r_" + std::to_string(k) + " = 0 exactly";
        if (k == K) {
            // coq: lemma_N hyp s_val: s = -v_l(r_K), i.e. r_K / l^(-s) = a / b with l dividing neither a nor b
            // coq: lemma_N hyp e_val: e = -v_l(h), i.e. h / l^(-e) = a / b with l dividing neither a nor b
            const long s = -valuation(r, l), e = -valuation(p.h, l);
            s_K = s;
            e_h = e;
            // coq: lemma_N hyp i: 0 < s + e
            if (!(s + e > 0)) return "s + e = " + std::to_string(s + e) + " is not > 0";
            // coq: lemma_N hyp iii: v_l(mu) >= 1 - s, i.e. s + v_l(mu) > 0 or mu = 0
            if (p.mu != 0 && !(s + valuation(p.mu, l) > 0)) return "s + v(mu) is not > 0";
            // coq: lemma_N hyp ii: v_l(S_K) >= 1 - e - 2 s with S_K = (A + B) / 2, i.e. v_l(A + B) + e + 2 s - v_l(2) > 0 or A + B = 0
            if (A + B != 0 && !(valuation(A + B, l) + e + 2 * s - valuation(Q(2), l) > 0))
                return "v(|u|^2 + |v|^2) + e + 2 s - v(2) is not > 0";
            return "";
        }
        Q t = p.h * r;
        A *= (1 + t) * (1 + t);
        B *= (1 - t) * (1 - t);
    }
}

// Lemma M (docs/checker.md Lemma 17, docs/math.md section 17): mu = 0 and
// the start on the named invariant line, exactly: "u" needs x0 + y0 = 0
// (then |x - y|^2 moves), "v" needs x0 - y0 = 0 (then |x + y|^2 moves). Sets
// w0 to the moving square at the start. "" when the hypotheses hold; the case
// (h w0 against 8) is the caller's.
std::string lemma_m(const Problem& p, const std::string& line, Q& w0) {
    // coq: lemma_M hyp mu_zero: mu = 0
    // coq: lemma_M hyp line: on_u: |x0 + y0|^2 = 0 and w0 = |x0 - y0|^2; not on_u: |x0 - y0|^2 = 0 and w0 = |x0 + y0|^2
    if (p.mu != 0) return "mu = " + exact_text(p.mu) + " is not 0";
    if (line == "u") {
        if (p.u_sq != 0) return "the start is not on the line u = 0: |x0 + y0|^2 = " + exact_text(p.u_sq);
        w0 = p.v_sq;
    } else if (line == "v") {
        if (p.v_sq != 0) return "the start is not on the line v = 0: |x0 - y0|^2 = " + exact_text(p.v_sq);
        w0 = p.u_sq;
    } else {
        throw Malformed("scalar.lemma_M.line: \"u\" or \"v\" expected, not \"" + line + "\"");
    }
    return "";
}

// The certificate's problem must be the problem file the user gave, value
// for value (docs/checker.md, section 1b).
void compare_problem_with_file(const json& pj, const Inputs* inputs) {
    if (!inputs) return;
    const std::string why = compare_problems(read_problem_object(pj, "certificate problem", true), inputs->problem);
    if (!why.empty()) throw Reject{why};
}

// The certificate's claims must be exactly the claims of the claim files that
// apply to the family, in the files' order, with the same kind and the same
// expressions (normal form: whitespace and the spelling of numbers ignored).
void compare_claims_with_files(const json& cc, const std::string& family, const Inputs* inputs) {
    if (!inputs || !inputs->claims_given) return;
    std::vector<const ClaimText*> want;
    for (const ClaimText& c : inputs->claims)
        if (c.family == "all" || c.family == family) want.push_back(&c);
    if (!cc.is_array()) throw Malformed("claims: an array is expected");
    auto in_cert = [&](const std::string& id) {
        for (const json& x : cc)
            if (x.is_object() && x.contains("id") && x["id"] == id) return true;
        return false;
    };
    for (size_t i = 0; i < cc.size() || i < want.size(); ++i) {
        if (i >= cc.size() || (i < want.size() && str(at(cc[i], "claims[].", "id"), "claims[].id") != want[i]->id &&
                               !in_cert(want[i]->id)))
            throw Reject{"claim " + want[i]->id + ": in the claim files (" + want[i]->origin +
                         ") but not in the certificate"};
        const std::string id = str(at(cc[i], "claims[].", "id"), "claims[].id");
        const ClaimText* c = nullptr;
        for (const ClaimText* w : want)
            if (w->id == id) c = w;
        if (!c) throw Reject{"claim " + id + ": in the certificate but not in the claim files (for family " + family + ")"};
        if (i >= want.size() || want[i] != c) throw Reject{"claim " + id + ": not in the claim files' order"};
        const std::string kind = str(at(cc[i], "claims[" + id + "].", "kind"), "kind");
        if (kind != c->kind)
            throw Reject{"claim " + id + ": kind differs: certificate '" + kind + "', claims file '" + c->kind + "'"};
        const std::string fam = str(at(cc[i], "claims[" + id + "].", "family"), "family");
        if (fam != c->family)
            throw Reject{"claim " + id + ": family differs: certificate '" + fam + "', claims file '" + c->family + "'"};
        for (int side = 0; side < 2; ++side) {
            const char* key = side ? "conclusions" : "assumptions";
            const char* one = side ? "conclusion" : "assumption";
            const std::vector<std::string>& mine = side ? c->conclusions : c->assumptions;
            const json& list = at(cc[i], "claims[" + id + "].", key);
            if (!list.is_array()) throw Malformed("claim " + id + ": " + key + " must be an array");
            for (size_t k = 0; k < std::max(list.size(), mine.size()); ++k) {
                const std::string theirs = k < list.size() ? str(list[k], id) : "";
                const std::string file = k < mine.size() ? mine[k] : "";
                if (k >= list.size() || k >= mine.size() || normalise_expression(theirs) != normalise_expression(file))
                    throw Reject{"claim " + id + ": " + one + " differs: certificate '" +
                                 (k < list.size() ? theirs : "(none)") + "', claims file '" +
                                 (k < mine.size() ? file : "(none)") + "'"};
            }
        }
    }
}

class Checker {
public:
    Checker(const json& cert, const Inputs* inputs, std::vector<ClaimFinding>* findings)
        : cert_(cert), inputs_(inputs), findings_(findings) {}
    std::string run();
    // "id verdict" per claim, in the certificate's order (filled by run()).
    std::vector<std::string> verdicts;

private:
    const json& cert_;
    const Inputs* inputs_;
    std::vector<ClaimFinding>* findings_;  // optional: every claim's claimed and proven verdict
    json rep_;
    Problem p_;
    long grid_ = 0;
    long ibits_ = kDefaultIntervalBits;  // interval arithmetic (num.hpp): grid_ + 96, set by read_problem
    std::string outcome_;
    Env env_;
    std::string summary_;

    I exact(const Q& q) const { return with_bits(I(q), ibits_); }  // a thin input at ibits_
    void read_problem();
    void check_echo();
    void check_report_keys();
    void check_outcome_objects();
    void check_final_ball(Trajectory* tr, long min_step, long exact_step);
    void check_regime(const I& hL0);
    void check_scalar();
    Truth check_scalar_lemma_m(const json& sc);
    void check_matrix();
    Truth check_isotropic();
    Truth check_positive_loss(const json& mc);
    void check_gram_final_ball(GramTrajectory* tr, long min_step);
    void check_claims();
    void check_cycle();
    void cycle_env();
    I scalar_L0();
    I matrix_L0();
};

// The problem section (shared by both certificate kinds).
Problem parse_problem(const json& pj) {
    Problem P;
    std::string family = str(at(pj, "problem.", "family"), "problem.family");
    P.h = number(at(pj, "problem.", "h"), "problem.h");
    // coq: lemma_M hyp h_pos: 0 < h
    if (!(P.h > 0)) throw Malformed("problem.h must be > 0");
    if (family == "scalar") {
        P.scalar = true;
        P.mu = number(at(pj, "problem.", "mu"), "problem.mu");
        P.X0 = row(at(pj, "problem.", "x0"), "problem.x0");
        P.Y0 = row(at(pj, "problem.", "y0"), "problem.y0");
        if (P.X0.c != P.Y0.c) throw Malformed("problem.x0 and problem.y0 differ in length");
        P.A = Mat(1, 1);
        P.A(0, 0) = P.mu;
        Q xy = 0;
        for (size_t i = 0; i < P.X0.c; ++i) {
            const Q &x = P.X0.a[i], &y = P.Y0.a[i];
            P.u_sq += (x + y) * (x + y);
            P.v_sq += (x - y) * (x - y);
            P.uv += (x + y) * (x - y);
            P.S0 += x * x + y * y;
            xy += x * y;
        }
        P.r0 = P.mu - xy;
    } else if (family == "matrix") {
        P.A = matrix(at(pj, "problem.", "A"), "problem.A");
        P.X0 = matrix(at(pj, "problem.", "X0"), "problem.X0");
        P.Y0 = matrix(at(pj, "problem.", "Y0"), "problem.Y0");
        if (P.X0.r != P.A.r || P.Y0.r != P.A.c || P.X0.c != P.Y0.c) throw Malformed("problem: shapes disagree");
    } else {
        throw Malformed("unknown family \"" + family + "\"");
    }
    const size_t N = P.X0.c * (P.A.r + P.A.c);
    if (!P.scalar && N > kMaxState)
        throw Reject{"limit: the state has (n + m) d = " + std::to_string(N) + " entries, beyond the checker's limit of " +
                     std::to_string(kMaxState) + " (its exact Hessian)"};
    return P;
}

void Checker::read_problem() {
    long version = integer(at(cert_, "", "lrcert_certificate"), "lrcert_certificate", 0, 1L << 30);
    if (version != 1) throw Malformed("unknown certificate version " + std::to_string(version));
    known_keys(cert_, {"lrcert_certificate", "family", "problem", "report", "grid_bits", "cycle", "scalar", "matrix", "claims"},
               "certificate");
    if (cert_.contains("scalar"))
        known_keys(cert_["scalar"],
                   {"trajectory_steps", "final_centre", "lemma_S", "lemma_S_refined", "lemma_D", "lemma_N", "lemma_M"},
                   "scalar");
    if (cert_.contains("matrix"))
        known_keys(cert_["matrix"],
                   {"trajectory_steps", "final_centre", "sharpness_bits", "L0", "lemma_G", "lemma_G_refined", "lemma_DM",
                    "lemma_I", "lemma_I_refined", "lemma_LR", "lemma_LR_refined", "lemma_P", "lemma_P_refined"},
                   "matrix");
    // Their objects too (the parameters of each lemma, the L0 hint).
    auto sub = [&](const char* section, const char* key, std::initializer_list<const char*> allowed) {
        if (cert_.contains(section) && cert_[section].contains(key))
            known_keys(cert_[section][key], allowed, std::string(section) + "." + key);
    };
    sub("scalar", "lemma_S", {"step", "Delta"});
    sub("scalar", "lemma_S_refined", {"step", "Delta"});
    sub("scalar", "lemma_D", {"step", "sigma"});
    sub("scalar", "lemma_N", {"step", "prime"});
    sub("scalar", "lemma_M", {"line", "h_w0"});
    sub("matrix", "lemma_G", {"step", "rho_B"});
    sub("matrix", "lemma_G_refined", {"step", "rho_B"});
    sub("matrix", "lemma_LR", {"step", "rho_B", "sigma_sq_low"});
    sub("matrix", "lemma_LR_refined", {"step", "rho_B"});
    sub("matrix", "lemma_P", {"step", "rho_B"});
    sub("matrix", "lemma_P_refined", {"step", "rho_B"});
    sub("matrix", "lemma_DM", {"step", "kappa"});
    sub("matrix", "lemma_I", {"step", "w", "D"});
    sub("matrix", "lemma_I_refined", {"step", "w", "D"});
    sub("matrix", "L0", {"vector", "shift", "certified"});
    if (cert_.contains("cycle")) known_keys(cert_["cycle"], {"step", "period", "centre", "Q", "rho"}, "cycle");
    if (cert_.contains("claims") && cert_["claims"].is_array())
        for (const json& c : cert_["claims"])
            known_keys(c, {"id", "kind", "family", "assumptions", "conclusions"}, "claims[]");
    // Every step the certificate names is within the limit before any work.
    for (const char* section : {"scalar", "matrix"})
        if (cert_.contains(section))
            for (auto it = cert_[section].begin(); it != cert_[section].end(); ++it)
                if (it->is_object() && it->contains("step"))
                    step_count((*it)["step"], std::string(section) + "." + it.key() + ".step");
    if (cert_.contains("cycle") && cert_["cycle"].contains("step")) step_count(cert_["cycle"]["step"], "cycle.step");
    for (const char* section : {"scalar", "matrix"})
        if (cert_.contains(section) && cert_[section].contains("trajectory_steps"))
            step_count(cert_[section]["trajectory_steps"], std::string(section) + ".trajectory_steps");
    if (cert_.contains("report") && cert_["report"].is_object() && cert_["report"].contains("steps"))
        step_count(cert_["report"]["steps"], "report.steps");
    const json& gj = at(cert_, "", "grid_bits");
    if (gj.is_number_integer() && !(gj.is_number_unsigned() ? gj.get<unsigned long long>() <= 65536ULL
                                                            : gj.get<long long>() <= kMaxGridBits))
        throw Reject{"limit: grid_bits = " + gj.dump() + " exceeds the checker's limit of " +
                     std::to_string(kMaxGridBits) + " bits"};
    grid_ = integer(gj, "grid_bits", 2, kMaxGridBits);
    rep_ = at(cert_, "", "report");
    const json& pj = at(cert_, "", "problem");
    std::string family = str(at(pj, "problem.", "family"), "problem.family");
    if (family != str(at(cert_, "", "family"), "family")) throw Malformed("family differs from problem.family");
    p_ = parse_problem(pj);
    compare_problem_with_file(pj, inputs_);
    // Working precisions: the trajectory grid, 64 bits finer than the solver's
    // (docs/checker.md), and interval arithmetic 32 bits finer still.
    ibits_ = grid_ + 64 + 32;
}

void Checker::check_echo() {
    if (str(at(rep_, "report.", "family"), "report.family") != (p_.scalar ? "scalar" : "matrix"))
        throw Reject{"report.family differs from the problem's family"};
    if (number(at(rep_, "report.", "h"), "report.h") != p_.h)
        throw Reject{"report.h " + str(rep_["h"], "report.h") + " differs from the problem's h " + exact_text(p_.h)};
    if (p_.scalar && number(at(rep_, "report.", "mu"), "report.mu") != p_.mu)
        throw Reject{"report.mu differs from the problem's mu " + exact_text(p_.mu)};
    const long dims[3] = {static_cast<long>(p_.n()), static_cast<long>(p_.m()), static_cast<long>(p_.d())};
    const char* names[3] = {"n", "m", "d"};
    for (int k = 0; k < 3; ++k)
        if (integer(at(rep_, "report.", names[k]), std::string("report.") + names[k], 0, 1L << 40) != dims[k])
            throw Reject{std::string("report.") + names[k] + " differs from the problem's"};
}

// The report's own objects are read strictly, like the problem file: a key
// lrcert does not write there is malformed (exit 3; docs/checker.md, section 3).
void Checker::check_report_keys() {
    known_keys(rep_,
               {"lrcert", "family", "name", "n", "m", "d", "h", "h_decimal", "h_over_2_over_L0", "mu", "precision_bits",
                "precisions_tried", "sharpness_initial", "sharpness_initial_method", "sharpness_initial_bits",
                "h_times_sharpness_initial", "regime", "outcome", "reason", "proof", "steps", "final_radius",
                "initial", "dry_run", "tail_certificate", "limit", "balancing_bound", "cycle", "claims", "exit_code",
                "elapsed_seconds", "verdict_seconds", "digits", "isotropic", "min_loss"},
               "report");
    if (rep_.contains("min_loss")) {
        if (p_.scalar) throw Malformed("report: unknown key \"min_loss\" for the scalar family");
        known_keys(rep_["min_loss"], {"f_star", "sigma", "gap"}, "report.min_loss");
    }
    if (rep_.contains("isotropic")) {
        if (p_.scalar) throw Malformed("report: unknown key \"isotropic\" for the scalar family");
        known_keys(rep_["isotropic"], {"mu", "min_loss", "reduction", "gram_limit"}, "report.isotropic");
        if (rep_["isotropic"].contains("gram_limit"))
            known_keys(rep_["isotropic"]["gram_limit"], {"a", "b", "c"}, "report.isotropic.gram_limit");
    }
    if (p_.scalar && rep_.contains("sharpness_initial_bits"))
        throw Malformed("report: unknown key \"sharpness_initial_bits\" for the scalar family");
    if (!p_.scalar && rep_.contains("mu")) throw Malformed("report: unknown key \"mu\" for the matrix family");
    const json& init = at(rep_, "report.", "initial");
    if (p_.scalar)
        known_keys(init, {"S0", "r0", "norm_gap", "norm_gap_decimal", "imbalance", "imbalance_decimal", "lambda_plus"},
                   "report.initial");
    else
        known_keys(init, {"norm_gap"}, "report.initial");
    if (rep_.contains("dry_run")) known_keys(rep_["dry_run"], {"log2_growth", "steps", "settled", "escaped"}, "report.dry_run");
    if (rep_.contains("tail_certificate")) {
        const json& tc = rep_["tail_certificate"];
        const std::string lemma = str(at(tc, "tail_certificate.", "lemma"), "tail_certificate.lemma");
        if (lemma == "S")
            known_keys(tc, {"lemma", "step", "eps", "rho", "c", "Delta", "delta", "refined_step", "refined_delta"},
                       "report.tail_certificate");
        else if (lemma == "D")
            known_keys(tc, {"lemma", "step", "sigma", "t"}, "report.tail_certificate");
        else if (lemma == "N")
            known_keys(tc, {"lemma", "step", "prime", "s", "e"}, "report.tail_certificate");
        else if (lemma == "M")
            known_keys(tc, {"lemma", "step", "line", "h_w0", "case", "q"}, "report.tail_certificate");
        else if (lemma == "G")
            known_keys(tc, {"lemma", "step", "rho_B", "L_B", "mu_B", "G_B", "q", "reach", "refined_step", "refined_reach"},
                       "report.tail_certificate");
        else if (lemma == "LR")
            known_keys(tc, {"lemma", "step", "rho_B", "L_B", "mu_B", "G_B", "q", "reach", "refined_step", "refined_reach",
                            "rank", "sigma_sq_low", "s_B", "R_B"},
                       "report.tail_certificate");
        else if (lemma == "P")
            known_keys(tc, {"lemma", "step", "rho_B", "L_B", "sX", "tau", "delta_B", "mu_B", "G_B", "q", "E_K", "reach",
                            "refined_step", "refined_reach"},
                       "report.tail_certificate");
        else if (lemma == "DM")
            known_keys(tc, {"lemma", "step", "t", "p", "a", "kappa", "g"}, "report.tail_certificate");
        else if (lemma == "I")
            known_keys(tc, {"lemma", "step", "w", "eps", "rho", "q", "q_g", "beta", "C", "D", "reach", "refined_step",
                            "refined_reach", "refined_x_reach", "refined_y_reach"},
                       "report.tail_certificate");
        else
            throw Malformed("report.tail_certificate.lemma: unknown lemma \"" + lemma + "\"");
    }
    if (rep_.contains("limit")) {
        if (p_.scalar)
            known_keys(rep_["limit"], {"x", "y", "imbalance", "a", "sharpness", "norm_gap", "loss"}, "report.limit");
        else
            known_keys(rep_["limit"], {"X", "Y", "imbalance", "sharpness", "norm_gap", "loss"}, "report.limit");
    }
    if (rep_.contains("cycle")) {
        const json& rc = rep_["cycle"];
        if (p_.scalar)
            known_keys(rc, {"period", "step", "points", "reduced_points", "loss", "sharpness", "region"}, "report.cycle");
        else
            known_keys(rc, {"period", "step", "points", "loss", "sharpness", "region"}, "report.cycle");
        if (rc.contains("region")) known_keys(rc["region"], {"rho", "q", "delta"}, "report.cycle.region");
        for (const char* key : {"points", "reduced_points"})
            if (rc.contains(key) && rc[key].is_array())
                for (const json& pt : rc[key])
                    known_keys(pt, p_.scalar ? std::initializer_list<const char*>{"x", "y"}
                                             : std::initializer_list<const char*>{"X", "Y"},
                               std::string("report.cycle.") + key + "[]");
    }
    const json& claims = at(rep_, "report.", "claims");
    if (claims.is_array())
        for (const json& c : claims)
            known_keys(c, {"id", "source", "statement", "kind", "assumptions", "conclusions", "verdict", "detail"},
                       "report.claims[]");
}

// The report's `steps` N and `final_radius` r: the solver's ball at its last
// step N has radius r around the certificate's `final_centre` c (state
// coordinates: the reduced (x', y'), or vec(X) then vec(Y)). N must be the
// certificate's trajectory_steps and fit the outcome (`min_step`: N >= it;
// `exact_step`: N equals it). The checker encloses z_N in its own ball
// B(c', e') and requires |c - c'|_2 + e' <= r: then |z_N - c|_2 <= r is
// proven. r = null claims nothing; without a final_centre no ball was
// followed (an exceptional start), and then N = 0 and r = null.
// `tr`: the outcome's trajectory (at a step <= N), or null for a fresh one.
void Checker::check_final_ball(Trajectory* tr, long min_step, long exact_step) {
    const std::string sname = p_.scalar ? "scalar" : "matrix";
    const json& sec = at(cert_, "", sname.c_str());
    const long N = step_count(at(rep_, "report.", "steps"), "report.steps");
    const long T = step_count(at(sec, sname + ".", "trajectory_steps"), sname + ".trajectory_steps");
    if (N != T)
        throw Reject{"report.steps = " + std::to_string(N) + " differs from the certificate's " + sname +
                     ".trajectory_steps = " + std::to_string(T)};
    if (exact_step >= 0 && N != exact_step)
        throw Reject{"report.steps = " + std::to_string(N) + " is not the step " + std::to_string(exact_step) +
                     " at which the outcome's lemma holds (the solver's run stops there)"};
    if (N < min_step)
        throw Reject{"report.steps = " + std::to_string(N) + " is before the step " + std::to_string(min_step) +
                     " the reported limit comes from"};
    const json& rj = at(rep_, "report.", "final_radius");
    if (!sec.contains("final_centre")) {
        if (N != 0 || !rj.is_null())
            throw Reject{"report.final_radius / steps: the certificate has no " + sname +
                         ".final_centre, so no ball was followed; steps must be 0 and final_radius null"};
        return;
    }
    const json& cj = sec["final_centre"];
    const size_t dim = p_.scalar ? 2 : (p_.n() + p_.m()) * p_.d();
    if (!cj.is_array() || cj.size() != dim)
        throw Malformed(sname + ".final_centre: an array of " + std::to_string(dim) + " numbers is expected");
    if (rj.is_null()) return;  // an unbounded radius claims nothing
    const Q r = number(rj, "report.final_radius");
    std::optional<Trajectory> own;
    if (!tr) tr = &own.emplace(p_, grid_ + 64, ibits_);
    if (tr->k > N) throw Internal("final ball: the trajectory is past the report's step");
    while (tr->k < N) tr->advance();
    Q d2 = 0;
    for (size_t i = 0; i < dim; ++i) {
        const Q c = number(cj[i], sname + ".final_centre[" + std::to_string(i) + "]");
        const size_t nx = tr->X().a.size();
        const Q diff = c - (i < nx ? tr->X().a[i] : tr->Y().a[i - nx]);
        d2 += diff * diff;
    }
    const Q need = sqrt_up(d2, 64) + tr->e;
    if (std::getenv("LRCERT_CHECK_TRACE"))
        std::cerr << "trace: final_radius claimed " << rj.get<std::string>() << " at step " << N
                  << ", the checker's ball needs " << decimal(need, 3, 1) << " (its own radius "
                  << decimal(tr->e, 3, 1) << "; norm refreshes at " << tr->norm_refreshes() << " of " << N << " steps)\n";
    if (r < need)
        throw Reject{"report.final_radius claimed <= " + rj.get<std::string>() + " at step " + std::to_string(N) +
                     ", but the ball around " + sname + ".final_centre holds the checker's enclosure of z_" +
                     std::to_string(N) + " only with a radius of " + decimal(need, 6, +1)};
}

// After the outcome's own checks (which name the first failing item of a
// forged outcome): an object only another outcome carries is rejected, since
// its numbers would go unchecked.
void Checker::check_outcome_objects() {
    if (rep_.contains("tail_certificate")) {
        const bool expected = outcome_ == "converged" || outcome_ == "diverged" ||
                              (outcome_ == "not_converged" && p_.scalar &&
                               (at(cert_, "", "scalar").contains("lemma_N") || at(cert_, "", "scalar").contains("lemma_M")));
        if (!expected)
            throw Reject{"report.tail_certificate is given for the outcome " + outcome_ +
                         ", which has no tail lemma (its numbers would be unchecked)"};
    }
    if (rep_.contains("limit") && outcome_ != "converged")
        throw Reject{"report.limit is given for the outcome " + outcome_ + " (no limit is proven)"};
    if (rep_.contains("balancing_bound") && !(outcome_ == "converged" && (p_.scalar || p_.n() == p_.m())))
        throw Reject{"report.balancing_bound is given, but it is reported (and checked) only for a converged run of "
                     "the scalar family or of a square A"};
    if (rep_.contains("cycle") && outcome_ != "periodic")
        throw Reject{"report.cycle is given for the outcome " + outcome_};
}

void Checker::check_regime(const I& hL0) {
    std::string regime = str(at(rep_, "report.", "regime"), "report.regime");
    bool beyond = hL0.lo > 2, below = hL0.hi < 2;
    if ((regime == "beyond_2_over_L" && !beyond) || (regime == "below_2_over_L" && !below))
        throw Reject{"regime claimed " + regime + " but the checker's h L0 is " + text(hL0)};
    if (regime != "beyond_2_over_L" && regime != "below_2_over_L" && regime != "undecided")
        throw Malformed("report.regime: unknown value " + regime);
}

// ---- scalar family --------------------------------------------------------------------

I Checker::scalar_L0() {
    const Q &S = p_.S0, &r = p_.r0, &mu = p_.mu;
    Q disc = S * S - 8 * r * mu + 12 * r * r;  // = (x^2 - y^2)^2 + 4 (2xy - mu)^2 >= 0 for d = 1 reduction
    // coq: L0_closed_form concl lambda_plus: lambda_+ = (S + sqrt(S^2 - 8 r mu + 12 r^2)) / 2 = lambda_max (d = 1)
    I lp = (I(S) + isqrt(exact(disc))) * I(Q(1, 2));
    const json& init = at(rep_, "report.", "initial");
    require_in("initial.S0", at(init, "initial.", "S0"), I(S));
    require_in("initial.r0", at(init, "initial.", "r0"), I(r));
    require_in("initial.lambda_plus", at(init, "initial.", "lambda_plus"), lp);
    if (number(at(init, "initial.", "norm_gap"), "initial.norm_gap") != p_.uv)
        throw Reject{"initial.norm_gap differs from |x0|^2 - |y0|^2 = " + exact_text(p_.uv)};
    if (number(at(init, "initial.", "imbalance"), "initial.imbalance") != p_.v_sq)
        throw Reject{"initial.imbalance differs from |x0 - y0|^2 = " + exact_text(p_.v_sq)};
    // coq: L0_d_exact concl L0_d: max(lambda_+, |r|) = lambda_max(Hess f) for d >= 2 (an upper bound in every direction, attained)
    return p_.d() >= 2 ? imax(lp, iabs(I(r))) : lp;
}

// The two applications of a tail lemma a certificate names: the earliest
// (step K, parameter) and the one behind the reported limit (KR >= K).
struct TailSteps {
    long K, KR;
    Q param, param_refined;
};

TailSteps read_tail(const json& section, const std::string& family, const std::string& lemma,
                    const char* param) {
    const std::string refined = lemma + "_refined";
    const json& L = at(section, family + ".", lemma.c_str());
    const json& LR = at(section, family + ".", refined.c_str());
    TailSteps t;
    t.K = step_count(at(L, family + "." + lemma + ".", "step"), lemma + ".step");
    t.KR = step_count(at(LR, family + "." + refined + ".", "step"), refined + ".step");
    t.param = number(at(L, family + "." + lemma + ".", param), lemma + "." + param);
    t.param_refined = number(at(LR, family + "." + refined + ".", param), refined + "." + param);
    if (t.KR < t.K) throw Reject{refined + ".step precedes " + lemma + ".step"};
    return t;
}

void Checker::check_scalar() {
    const json& sc = at(cert_, "", "scalar");
    const long d = static_cast<long>(p_.d());
    Truth converged = Truth::Unknown;
    if (sc.contains("lemma_M")) {
        converged = check_scalar_lemma_m(sc);
    } else if (outcome_ == "converged") {
        const TailSteps T = read_tail(sc, "scalar", "lemma_S", "Delta");
        const long K = T.K, KR = T.KR;
        const Q &D = T.param, &DR = T.param_refined;
        Trajectory tr(p_, grid_ + 64, ibits_);
        while (tr.k < K) tr.advance();
        LemmaS L = lemma_s(tr.box_x(), tr.box_y(), p_.mu, p_.h, D, ibits_);
        if (!L.holds) throw Reject{"lemma_S at step " + std::to_string(K) + " does not hold: " + L.failure};
        // The report's printed parameters of Lemma S are upper bounds: each must
        // be at least the checker's own (computed on its own, finer box).
        const json& tcS = at(rep_, "report.", "tail_certificate");
        const std::pair<const char*, const Q*> params[] = {{"eps", &L.eps}, {"rho", &L.rho}, {"c", &L.c},
                                                          {"Delta", &L.Delta}, {"delta", &L.delta}};
        for (const auto& [name, mine] : params)
            upper_bound_at_least("tail_certificate." + std::string(name), at(tcS, "tail_certificate.", name), *mine);
        while (tr.k < KR) tr.advance();
        L = lemma_s(tr.box_x(), tr.box_y(), p_.mu, p_.h, DR, ibits_);
        if (!L.holds) throw Reject{"lemma_S_refined at step " + std::to_string(KR) + " does not hold: " + L.failure};
        upper_bound_at_least("tail_certificate.refined_delta", at(tcS, "tail_certificate.", "refined_delta"), L.delta);
        ScalarLimit total = limit_s(tr.box_x(), tr.box_y(), p_, L, ibits_);
        if (!tighten(total, p_)) throw Internal("empty limit enclosure");
        const json& tc = at(rep_, "report.", "tail_certificate");
        if (str(at(tc, "tail_certificate.", "lemma"), "tail_certificate.lemma") != "S" ||
            integer(at(tc, "tail_certificate.", "step"), "tail_certificate.step", 0, 1L << 40) != K ||
            integer(at(tc, "tail_certificate.", "refined_step"), "tail_certificate.refined_step", 0, 1L << 40) != KR)
            throw Reject{"report.tail_certificate does not match the certificate's lemma_S steps"};
        // The d-dimensional limit (section 2) and its comparison with the report.
        const json& lim = at(rep_, "report.", "limit");
        const I half(Q(1, 2));
        std::vector<I> xs, ys;
        // coq: lemma_S_d concl d_limit: x_inf = (alpha_inf u0/|u0| + beta_inf v0/|v0|)/2, y_inf = (alpha_inf u0/|u0| - beta_inf v0/|v0|)/2 (a term with u0 = 0 or v0 = 0 vanishes)
        // coq: limit_quantities concl limit_values: |x_inf - y_inf|^2 = beta_inf^2, |x_inf + y_inf|^2 = alpha_inf^2, |x_inf|^2 - |y_inf|^2 = alpha_inf beta_inf (u0.v0)/(|u0| |v0|), sharpness_inf = S_inf = (a_inf + b_inf)/2 (r = 0)
        auto assemble = [&]() -> std::string {
            I fa = p_.u_sq == 0 ? I(0) : total.alpha / isqrt(exact(p_.u_sq));
            I fb = p_.v_sq == 0 ? I(0) : total.beta / isqrt(exact(p_.v_sq));
            xs.clear();
            ys.clear();
            std::string bad;
            for (long i = 0; i < d; ++i) {
                I pu = fa * I(p_.X0.a[i] + p_.Y0.a[i]), pv = fb * I(p_.X0.a[i] - p_.Y0.a[i]);
                xs.push_back((pu + pv) * half);
                ys.push_back((pu - pv) * half);
            }
            I gap = (p_.u_sq == 0 || p_.v_sq == 0) ? I(0)
                                                   : total.alpha * total.beta * I(p_.uv) / isqrt(exact(p_.u_sq * p_.v_sq));
            env_["x_inf"] = Value::array(d, 1, xs);
            env_["y_inf"] = Value::array(d, 1, ys);
            env_["imbalance_inf"] = Value::number(total.b);
            env_["a_inf"] = Value::number(total.a);
            env_["sharpness_inf"] = Value::number((total.a + total.b) * half);
            env_["norm_gap_inf"] = Value::number(gap);
            env_["loss_inf"] = Value::number(I(0));
            auto xj = at(lim, "limit.", "x"), yj = at(lim, "limit.", "y");
            if (!xj.is_array() || !yj.is_array() || static_cast<long>(xj.size()) != d ||
                static_cast<long>(yj.size()) != d)
                throw Malformed("limit.x / limit.y must have d entries");
            for (long i = 0; i < d && bad.empty(); ++i) {
                bad = misfit("limit.x[" + std::to_string(i) + "]", xj[i], xs[i]);
                if (bad.empty()) bad = misfit("limit.y[" + std::to_string(i) + "]", yj[i], ys[i]);
            }
            const char* names[] = {"imbalance", "sharpness", "norm_gap", "a", "loss"};
            const char* envs[] = {"imbalance_inf", "sharpness_inf", "norm_gap_inf", "a_inf", "loss_inf"};
            for (int k = 0; k < 5 && bad.empty(); ++k)
                bad = misfit(std::string("limit.") + names[k], at(lim, "limit.", names[k]), env_[envs[k]].x);
            return bad;
        };
        std::string bad = assemble();
        // No search: the limit is enclosed at exactly the certificate's refined
        // step KR (lemma_S_refined.step), the step the solver's limit comes from.
        if (!bad.empty()) throw Reject{bad + " (the limit enclosed at step " + std::to_string(KR) + ")"};
        require_in("balancing_bound", at(rep_, "report.", "balancing_bound"), I(2 / p_.h - 2 * p_.mu));
        summary_ = "converged: Lemma S at steps " + std::to_string(K) + " and " + std::to_string(KR) +
                   ", limit enclosed at step " + std::to_string(tr.k);
        check_final_ball(&tr, KR, -1);
        converged = Truth::True;
    } else if (outcome_ == "diverged") {
        const json& LD = at(sc, "scalar.", "lemma_D");
        long K = step_count(at(LD, "scalar.lemma_D.", "step"), "lemma_D.step");
        int sigma = static_cast<int>(integer(at(LD, "scalar.lemma_D.", "sigma"), "lemma_D.sigma", -1, 1));
        Trajectory tr(p_, grid_ + 64, ibits_);
        while (tr.k < K) tr.advance();
        I t;
        std::string why = lemma_d(tr.box_x(), tr.box_y(), p_.mu, p_.h, sigma, t);
        if (!why.empty()) throw Reject{"lemma_D at step " + std::to_string(K) + " does not hold: " + why};
        const json& tc = at(rep_, "report.", "tail_certificate");
        if (str(at(tc, "tail_certificate.", "lemma"), "tail_certificate.lemma") != "D" ||
            integer(at(tc, "tail_certificate.", "step"), "tail_certificate.step", 0, 1L << 40) != K)
            throw Reject{"report.tail_certificate does not match the certificate's lemma_D step"};
        require_in("tail_certificate.t", at(tc, "tail_certificate.", "t"), t);
        if (integer(at(tc, "tail_certificate.", "sigma"), "tail_certificate.sigma", -1, 1) != sigma)
            throw Reject{"tail_certificate.sigma differs from the certificate's lemma_D.sigma"};
        summary_ = "diverged: Lemma D at step " + std::to_string(K);
        check_final_ball(&tr, 0, K);
        converged = Truth::False;
    } else if (outcome_ == "periodic") {
        check_cycle();
        converged = Truth::False;
    } else if (outcome_ == "not_converged") {
        // coq: exceptional_starts hyp u_zero: alpha_0 = |u0| = 0 and 0 < mu
        // coq: exceptional_starts hyp v_zero: beta_0 = |v0| = 0 and mu < 0
        bool u_zero = p_.u_sq == 0 && p_.mu > 0, v_zero = p_.v_sq == 0 && p_.mu < 0;
        if (sc.contains("lemma_N")) {
            const json& LN = at(sc, "scalar.", "lemma_N");
            const long K = integer(at(LN, "scalar.lemma_N.", "step"), "lemma_N.step", 0, 64);
            const long l = integer(at(LN, "scalar.lemma_N.", "prime"), "lemma_N.prime", 2, 1L << 30);
            long s_K = 0, e_h = 0;
            const std::string why = lemma_n(p_, K, l, s_K, e_h);
            if (!why.empty()) throw Reject{"lemma_N at step " + std::to_string(K) + " does not hold: " + why};
            const json& tc = at(rep_, "report.", "tail_certificate");
            if (str(at(tc, "tail_certificate.", "lemma"), "tail_certificate.lemma") != "N" ||
                integer(at(tc, "tail_certificate.", "step"), "tail_certificate.step", 0, 1L << 40) != K)
                throw Reject{"report.tail_certificate does not match the certificate's lemma_N step"};
            // coq: lemma_N concl no_minimizer: r_k != 0 for every k, and neither r_k nor f(z_k) = r_k^2 / 2 tends to 0 (converged is false)
            summary_ = "not_converged: Lemma N (" + std::to_string(l) + "-adic) from step " + std::to_string(K);
            // The report's prime, s = -v_l(r_K) and e = -v_l(h): exact integers.
            if (integer(at(tc, "tail_certificate.", "prime"), "tail_certificate.prime", 0, 1L << 40) != l)
                throw Reject{"tail_certificate.prime differs from the certificate's lemma_N.prime " + std::to_string(l)};
            if (integer(at(tc, "tail_certificate.", "s"), "tail_certificate.s", -(1L << 40), 1L << 40) != s_K)
                throw Reject{"tail_certificate.s differs from -v_l(r_K) = " + std::to_string(s_K)};
            if (integer(at(tc, "tail_certificate.", "e"), "tail_certificate.e", -(1L << 40), 1L << 40) != e_h)
                throw Reject{"tail_certificate.e differs from -v_l(h) = " + std::to_string(e_h)};
        } else if (!u_zero && !v_zero) {
            throw Reject{"outcome not_converged: neither exact invariant holds (x0 = -y0 with mu > 0, "
                         "or x0 = y0 with mu < 0) and no lemma_N is given"};
        } else {
            summary_ = u_zero ? "not_converged: x0 = -y0 and mu > 0 (exact)" : "not_converged: x0 = y0 and mu < 0 (exact)";
        }
        converged = Truth::False;
        check_final_ball(nullptr, 0, -1);  // the run before Lemma N, if any
    } else if (outcome_ == "undecided") {
        check_final_ball(nullptr, 0, -1);
    }
    env_["converged"] = Value::truth(converged);
    env_["diverged"] = Value::truth(outcome_ == "diverged" ? Truth::True : converged == Truth::True ? Truth::False : Truth::Unknown);
    env_["mu"] = Value::number(I(p_.mu));
    std::vector<I> x0, y0;
    for (long i = 0; i < d; ++i) { x0.emplace_back(p_.X0.a[i]); y0.emplace_back(p_.Y0.a[i]); }
    env_["x0"] = Value::array(d, 1, x0);
    env_["y0"] = Value::array(d, 1, y0);
    env_["S0"] = Value::number(I(p_.S0));
    env_["r0"] = Value::number(I(p_.r0));
    env_["a0"] = Value::number(I(p_.u_sq));
    env_["imbalance_0"] = Value::number(I(p_.v_sq));
    env_["norm_gap_0"] = Value::number(I(p_.uv));
}

// Lemma M (Lemma 17): mu = 0 on an invariant line, decided from the exact
// problem alone; no ball was followed. The outcome must be the case's:
// h w0 < 8 converged (the limit is exactly the origin), h w0 = 8
// not_converged (the exact period-2 orbit), h w0 > 8 diverged.
Truth Checker::check_scalar_lemma_m(const json& sc) {
    const json& LM = at(sc, "scalar.", "lemma_M");
    for (const char* other : {"lemma_S", "lemma_S_refined", "lemma_D", "lemma_N"})
        if (sc.contains(other))
            throw Reject{std::string("scalar.") + other + " is given beside scalar.lemma_M (one outcome, one proof)"};
    const std::string line = str(at(LM, "scalar.lemma_M.", "line"), "lemma_M.line");
    Q w0;
    if (const std::string why = lemma_m(p_, line, w0); !why.empty())
        throw Reject{"lemma_M does not hold: " + why};
    const Q hw = p_.h * w0;
    if (number(at(LM, "scalar.lemma_M.", "h_w0"), "lemma_M.h_w0") != hw)
        throw Reject{"lemma_M.h_w0 differs from h w0 = " + exact_text(hw)};
    // coq: lemma_M concl converges: h w0 < 8: w_k -> 0, f(x_k, y_k) -> 0 and every entry of x_k, y_k -> 0 (the origin, f = 0 = min f)
    // coq: lemma_M concl two_cycle: h w0 = 8: x_k = (-1)^k x0, y_k = (-1)^k y0 and f(x_k, y_k) = 2 / h^2 > 0 for every k
    // coq: lemma_M concl diverges: h w0 > 8: q = (h w0 / 4 - 1)^2 > 1, w_{k+1} >= q w_k, w_k -> infinity and f(x_k, y_k) -> infinity
    const char* kase = hw < 8 ? "converges" : hw == 8 ? "two_cycle" : "diverges";
    const char* fits = hw < 8 ? "converged" : hw == 8 ? "not_converged" : "diverged";
    if (outcome_ != fits)
        throw Reject{"lemma_M: h w0 = " + exact_text(hw) + " gives the outcome " + fits + ", not " + outcome_};
    const json& tc = at(rep_, "report.", "tail_certificate");
    if (str(at(tc, "tail_certificate.", "lemma"), "tail_certificate.lemma") != "M" ||
        integer(at(tc, "tail_certificate.", "step"), "tail_certificate.step", 0, 1L << 40) != 0)
        throw Reject{"report.tail_certificate does not match the certificate's lemma_M (lemma M at step 0)"};
    if (str(at(tc, "tail_certificate.", "line"), "tail_certificate.line") != line)
        throw Reject{"tail_certificate.line differs from the certificate's lemma_M.line " + line};
    if (number(at(tc, "tail_certificate.", "h_w0"), "tail_certificate.h_w0") != hw)
        throw Reject{"tail_certificate.h_w0 differs from h w0 = " + exact_text(hw)};
    if (str(at(tc, "tail_certificate.", "case"), "tail_certificate.case") != kase)
        throw Reject{"tail_certificate.case differs from " + std::string(kase)};
    if (hw > 8) {
        // w_{k+1} = w_k (h w_k / 4 - 1)^2 >= q w_k with q = (h w0 / 4 - 1)^2 > 1.
        const Q s = hw / 4 - 1, q = s * s;
        if (number(at(tc, "tail_certificate.", "q"), "tail_certificate.q") != q)
            throw Reject{"tail_certificate.q differs from (h w0 / 4 - 1)^2 = " + exact_text(q)};
    } else if (tc.contains("q")) {
        throw Reject{"tail_certificate.q is given, but only the case diverges has a growth factor"};
    }
    check_final_ball(nullptr, 0, 0);  // decided before any step: no ball, steps 0
    summary_ = std::string(fits) + ": Lemma M on the line " + line + " = 0, h w0 = " + exact_text(hw) + " (exact)";
    if (hw == 8 || hw > 8) return Truth::False;
    // The limit is exactly the origin (Lemma 17): every limit quantity is 0.
    const long d = static_cast<long>(p_.d());
    const json& lim = at(rep_, "report.", "limit");
    const std::vector<I> zeros(d, I(0));
    env_["x_inf"] = Value::array(d, 1, zeros);
    env_["y_inf"] = Value::array(d, 1, zeros);
    for (const char* name : {"imbalance_inf", "a_inf", "sharpness_inf", "norm_gap_inf", "loss_inf"})
        env_[name] = Value::number(I(0));
    const json xj = at(lim, "limit.", "x"), yj = at(lim, "limit.", "y");
    if (!xj.is_array() || !yj.is_array() || static_cast<long>(xj.size()) != d || static_cast<long>(yj.size()) != d)
        throw Malformed("limit.x / limit.y must have d entries");
    std::string bad;
    for (long i = 0; i < d && bad.empty(); ++i) {
        bad = misfit("limit.x[" + std::to_string(i) + "]", xj[i], I(0));
        if (bad.empty()) bad = misfit("limit.y[" + std::to_string(i) + "]", yj[i], I(0));
    }
    for (const char* name : {"imbalance", "sharpness", "norm_gap", "a", "loss"})
        if (bad.empty()) bad = misfit(std::string("limit.") + name, at(lim, "limit.", name), I(0));
    if (!bad.empty()) throw Reject{bad + " (Lemma M: the limit is exactly the origin)"};
    require_in("balancing_bound", at(rep_, "report.", "balancing_bound"), I(2 / p_.h - 2 * p_.mu));
    return Truth::True;
}

// ---- matrix family --------------------------------------------------------------------

// The (n+m)d x (n+m)d Hessian at z0 (ordering: vec(X) row-major, then vec(Y)).
Mat hessian(const Mat& A, const Mat& X, const Mat& Y) {
    const size_t n = X.r, m = Y.r, d = X.c, off = n * d;
    Mat GX = transpose(X) * X, GY = transpose(Y) * Y, R = A - X * transpose(Y), H((n + m) * d, (n + m) * d);
    for (size_t a = 0; a < d; ++a)
        for (size_t b = 0; b < d; ++b) {
            for (size_t i = 0; i < n; ++i) H(i * d + a, i * d + b) = GY(a, b);
            for (size_t j = 0; j < m; ++j) H(off + j * d + a, off + j * d + b) = GX(a, b);
            for (size_t i = 0; i < n; ++i)
                for (size_t j = 0; j < m; ++j) {
                    Q v = X(i, b) * Y(j, a) - (a == b ? R(i, j) : Q(0));
                    H(i * d + a, off + j * d + b) = v;
                    H(off + j * d + b, i * d + a) = v;
                }
        }
    return H;
}

I Checker::matrix_L0() {
    const json& L0 = at(at(cert_, "", "matrix"), "matrix.", "L0");
    const json& vj = at(L0, "matrix.L0.", "vector");
    // The exact Hessian built in integers (hessian.hpp, docs/math.md 7.2): the
    // same values as hessian(), without an mpq per product, sum and entry.
    // First its entries on request (HessianEntries: the residual bound and the
    // Rayleigh quotient read each entry of the lower triangle once or twice);
    // the N x N table only for the fallbacks below.
    const HessianEntries He(p_.A, p_.X0, p_.Y0);
    std::optional<ZMat> Hfull;
    auto full = [&]() -> const ZMat& { if (!Hfull) Hfull = hessian_z(p_.A, p_.X0, p_.Y0); return *Hfull; };
    const size_t N = He.order();
    if (N == 0) throw Malformed("matrix.L0: the Hessian is empty");
    if (!vj.is_array() || vj.size() != N) throw Malformed("matrix.L0.vector must have (n + m) d entries");
    std::vector<Q> v;
    for (size_t i = 0; i < N; ++i) v.push_back(number(vj[i], "matrix.L0.vector[" + std::to_string(i) + "]"));
    Q t = number(at(L0, "matrix.L0.", "shift"), "matrix.L0.shift");
    // e^T H e and Rayleigh quotients are lower bounds of lambda_max: the
    // largest diagonal entry (numerators over one positive denominator).
    size_t top = 0;
    for (size_t i = 1; i < N; ++i) if (He(i, i) > He(top, top)) top = i;
    Q lo(He(top, top), He.den());
    lo.canonicalize();
    bool any = false;
    for (const Q& x : v) any = any || x != 0;
    // v^T H v from the Hessian's quadratic form (hessian.hpp, docs/math.md section 1)
    if (any) { Q rq = hessian_rayleigh(p_.A, p_.X0, p_.Y0, v); if (rq > lo) lo = rq; }
    std::optional<Q> claimed_hi;
    if (const json& si = rep_.value("sharpness_initial", json()); si.is_object() && si.contains("hi") && si["hi"].is_string())
        claimed_hi = parse_number(si["hi"].get<std::string>());
    // First lambda_max <= t + ||E||_inf with the exact residual E of the checker's
    // own factor of t I - H (residual.hpp, O(N^3) fixed-size integer work). When
    // it reaches the report's upper end it is the bound; otherwise the smaller
    // of it, Gershgorin's and sqrt(||H||_F^2) (each an upper bound of lambda_max).
    std::optional<Q> by_residual = residual_bound_fixed(He, t);
    if (!by_residual) by_residual = lambda_max_up_by_residual(full(), t);  // the double guess (the fixed one again first)
    Q hi;
    if (by_residual && claimed_hi && *by_residual <= *claimed_hi) {
        hi = *by_residual;
    } else {
        hi = gershgorin(full());
        if (const Q fro = sqrt_up(fro2(full()), ibits_); fro < hi) hi = fro;
        if (by_residual && *by_residual < hi) hi = *by_residual;
    }
    // The Hessian as rationals, only for the two bounds below (rarely needed).
    std::optional<Mat> Hq;
    auto rational = [&]() -> const Mat& { if (!Hq) Hq = to_mat(full()); return *Hq; };
    // Then the same residual theorem with a multiprecision fixed-point Cholesky
    // guess (residual.hpp), precise enough to resolve claimed_hi - t: a shift
    // proven by interval Cholesky lies within far less than double precision
    // of the report's upper end (N^3/6 products of about p bits).
    if (claimed_hi && t < *claimed_hi && hi > *claimed_hi) {
        const Mat& H = rational();
        long scale = t != 0 ? floor_log2(t) : 0;
        for (const Q& x : H.a)
            if (x != 0 && floor_log2(x) > scale) scale = floor_log2(x);
        long logn = 0;
        while ((size_t{1} << logn) < H.r) ++logn;
        const long p = scale - floor_log2(*claimed_hi - t) + logn + 24;
        if (p <= 4 * ibits_ + 256)
            if (const std::optional<Q> b = lambda_max_up_by_cholesky(H, t, p, p); b && *b < hi) hi = *b;
    }
    // Exact elimination at t (O(N^3) big rationals) only when neither residual
    // bound reaches the report's upper end.
    if (t < hi && (!claimed_hi || hi > *claimed_hi)) {
        Mat S = rational();
        for (size_t k = 0; k < S.a.size(); ++k) S.a[k] = -S.a[k];
        for (size_t i = 0; i < S.r; ++i) S(i, i) += t;
        if (positive_definite(S)) hi = t;  // t I - H positive definite: lambda_max < t
    }
    require_in("initial.norm_gap", at(at(rep_, "report.", "initial"), "initial.", "norm_gap"),
               I(fro2(p_.X0) - fro2(p_.Y0)));
    return with_bits(I(lo, hi), ibits_);
}

// ---- the isotropic family: A = mu I, d = 1, on the Gram map (section 6, Lemma I) -----------

// The report's steps and final_radius for a Gram ball: final_centre is (a, b, c).
void Checker::check_gram_final_ball(GramTrajectory* tr, long min_step) {
    const json& sec = at(cert_, "", "matrix");
    const long N = step_count(at(rep_, "report.", "steps"), "report.steps");
    const long T = step_count(at(sec, "matrix.", "trajectory_steps"), "matrix.trajectory_steps");
    if (N != T)
        throw Reject{"report.steps = " + std::to_string(N) + " differs from the certificate's matrix.trajectory_steps = " +
                     std::to_string(T)};
    if (N < min_step)
        throw Reject{"report.steps = " + std::to_string(N) + " is before the step " + std::to_string(min_step) +
                     " the reported limit comes from"};
    const json& rj = at(rep_, "report.", "final_radius");
    const json& cj = at(sec, "matrix.", "final_centre");
    if (!cj.is_array() || cj.size() != 3)
        throw Malformed("matrix.final_centre: the isotropic family's Gram centre (a, b, c), 3 numbers, is expected");
    if (rj.is_null()) return;
    const Q r = number(rj, "report.final_radius");
    if (tr->k > N) throw Internal("final Gram ball: the trajectory is past the report's step");
    while (tr->k < N) tr->advance();
    const Q own[3] = {tr->a, tr->b, tr->c};
    Q d2 = 0;
    for (size_t i = 0; i < 3; ++i) {
        const Q diff = number(cj[i], "matrix.final_centre[" + std::to_string(i) + "]") - own[i];
        d2 += diff * diff;
    }
    const Q need = sqrt_up(d2, 64) + tr->e;
    if (r < need)
        throw Reject{"report.final_radius claimed <= " + rj.get<std::string>() + " at step " + std::to_string(N) +
                     ", but the Gram ball around matrix.final_centre holds the checker's enclosure only with a "
                     "radius of " + decimal(need, 6, +1)};
}

Truth Checker::check_isotropic() {
    const size_t n = p_.n();
    // The shape and A = mu I, exactly.
    bool iso = n >= 2 && p_.m() == n && p_.d() == 1;
    const Q mu = iso ? p_.A.a[0] : Q(0);
    for (size_t i = 0; iso && i < n; ++i)
        for (size_t j = 0; j < n; ++j)
            if (p_.A.a[i * n + j] != (i == j ? mu : Q(0))) iso = false;
    if (!iso) throw Reject{"the certificate claims the isotropic family, but A is not mu I (n >= 2) with d = 1"};
    const json& ij = at(rep_, "report.", "isotropic");
    const Q f_star = Q(static_cast<long>(n) - 1) * mu * mu / 2;
    if (number(at(ij, "isotropic.", "mu"), "isotropic.mu") != mu) throw Reject{"isotropic.mu is not A's mu"};
    if (number(at(ij, "isotropic.", "min_loss"), "isotropic.min_loss") != f_star)
        throw Reject{"isotropic.min_loss is not (n - 1) mu^2 / 2 = " + exact_text(f_star)};
    Q a0 = 0, b0 = 0, c0 = 0;
    for (size_t i = 0; i < n; ++i) {
        a0 += p_.X0.a[i] * p_.X0.a[i];
        b0 += p_.Y0.a[i] * p_.Y0.a[i];
        c0 += p_.X0.a[i] * p_.Y0.a[i];
    }
    GramTrajectory tr(mu, p_.h, a0, b0, c0, grid_ + 64, ibits_);
    const json& mc = at(cert_, "", "matrix");
    if (outcome_ == "undecided") {
        if (ij.contains("gram_limit")) throw Reject{"isotropic.gram_limit is given for the outcome undecided"};
        check_gram_final_ball(&tr, 0);
        return Truth::Unknown;
    }
    if (outcome_ != "converged")
        throw Reject{"outcome " + outcome_ + ": the isotropic family has no proof of this outcome"};
    const TailSteps T = read_tail(mc, "matrix", "lemma_I", "w");
    const Q D = number(at(at(mc, "matrix.", "lemma_I"), "matrix.lemma_I.", "D"), "lemma_I.D");
    const Q DR = number(at(at(mc, "matrix.", "lemma_I_refined"), "matrix.lemma_I_refined.", "D"), "lemma_I_refined.D");
    while (tr.k < T.K) tr.advance();
    LemmaIResult L = lemma_i(tr, mu, p_.h, T.param, D, ibits_);
    if (!L.holds) throw Reject{"lemma_I at step " + std::to_string(T.K) + " does not hold: " + L.failure};
    const json& tc = at(rep_, "report.", "tail_certificate");
    if (str(at(tc, "tail_certificate.", "lemma"), "tail_certificate.lemma") != "I" ||
        integer(at(tc, "tail_certificate.", "step"), "tail_certificate.step", 0, 1L << 40) != T.K ||
        integer(at(tc, "tail_certificate.", "refined_step"), "tail_certificate.refined_step", 0, 1L << 40) != T.KR)
        throw Reject{"report.tail_certificate does not match the certificate's lemma_I steps"};
    // The report's printed bounds are upper bounds: each at least the checker's own.
    const std::pair<const char*, const Q*> params[] = {{"eps", &L.eps}, {"rho", &L.rho}, {"q", &L.q},
                                                      {"q_g", &L.q_g}, {"beta", &L.beta}, {"C", &L.C},
                                                      {"reach", &L.reach}};
    for (const auto& [name, mine] : params)
        upper_bound_at_least("tail_certificate." + std::string(name), at(tc, "tail_certificate.", name), *mine);
    while (tr.k < T.KR) tr.advance();
    L = lemma_i(tr, mu, p_.h, T.param_refined, DR, ibits_);
    if (!L.holds) throw Reject{"lemma_I_refined at step " + std::to_string(T.KR) + " does not hold: " + L.failure};
    upper_bound_at_least("tail_certificate.refined_reach", at(tc, "tail_certificate.", "refined_reach"), L.reach);
    upper_bound_at_least("tail_certificate.refined_x_reach", at(tc, "tail_certificate.", "refined_x_reach"), L.x_reach);
    upper_bound_at_least("tail_certificate.refined_y_reach", at(tc, "tail_certificate.", "refined_y_reach"), L.y_reach);
    // The limit (docs/math.md 16.1): a, b within the reach, a b = mu^2, c = mu,
    // x, y within their reaches of x_KR, y_KR; f = f*, lambda_max = a + b.
    const GramBox x = tr.box();
    auto widen_nonneg = [&](const I& v, const Q& rr) { return with_bits(I(v.lo - rr < 0 ? Q(0) : Q(v.lo - rr), v.hi + rr), ibits_); };
    I A = widen_nonneg(x.a, L.reach), B = widen_nonneg(x.b, L.reach);
    const I mu2(mu * mu);
    if (A.lo > 0) {
        I t = mu2 / A;
        if (!intersect_into(B, t)) throw Internal("isotropic limit: b and mu^2 / a do not meet");
    }
    if (B.lo > 0) {
        I t = mu2 / B;
        if (!intersect_into(A, t)) throw Internal("isotropic limit: a and mu^2 / b do not meet");
    }
    std::vector<I> X, Y;
    for (size_t i = 0; i < n; ++i) {
        const I px = tr.p * I(p_.X0.a[i]) + tr.q * I(p_.Y0.a[i]);
        const I py = tr.r * I(p_.X0.a[i]) + tr.s * I(p_.Y0.a[i]);
        X.push_back(with_bits(I(px.lo - L.x_reach, px.hi + L.x_reach), ibits_));
        Y.push_back(with_bits(I(py.lo - L.y_reach, py.hi + L.y_reach), ibits_));
    }
    I imbalance = A + B - I(2 * mu);
    if (imbalance.lo < 0) imbalance.lo = 0;
    const I norm_gap = A - B, sharpness = A + B;
    const json& lim = at(rep_, "report.", "limit");
    std::string bad;
    const json &Xj = at(lim, "limit.", "X"), &Yj = at(lim, "limit.", "Y");
    for (int side = 0; side < 2 && bad.empty(); ++side) {
        const json& Mj = side ? Yj : Xj;
        if (!Mj.is_array() || Mj.size() != n) throw Malformed("limit.X / limit.Y have the wrong shape");
        for (size_t i = 0; i < n && bad.empty(); ++i) {
            if (!Mj[i].is_array() || Mj[i].size() != 1) throw Malformed("limit.X / limit.Y rows");
            bad = misfit(std::string("limit.") + (side ? "Y[" : "X[") + std::to_string(i) + "][0]", Mj[i][0],
                         side ? Y[i] : X[i]);
        }
    }
    if (bad.empty()) bad = misfit("limit.sharpness", at(lim, "limit.", "sharpness"), sharpness);
    if (bad.empty()) bad = misfit("limit.norm_gap", at(lim, "limit.", "norm_gap"), norm_gap);
    if (bad.empty()) bad = misfit("limit.imbalance", at(lim, "limit.", "imbalance"), imbalance);
    if (bad.empty()) bad = misfit("limit.loss", at(lim, "limit.", "loss"), I(f_star));
    const json& gl = at(ij, "isotropic.", "gram_limit");
    if (bad.empty()) bad = misfit("isotropic.gram_limit.a", at(gl, "gram_limit.", "a"), A);
    if (bad.empty()) bad = misfit("isotropic.gram_limit.b", at(gl, "gram_limit.", "b"), B);
    if (bad.empty() && number(at(gl, "gram_limit.", "c"), "gram_limit.c") != mu) bad = "isotropic.gram_limit.c is not mu";
    if (!bad.empty()) throw Reject{bad + " (the limit enclosed at step " + std::to_string(T.KR) + ")"};
    require_in("balancing_bound", at(rep_, "report.", "balancing_bound"),
               I(Q(2) / p_.h - Q(2 * static_cast<long>(n)) * mu));
    env_["X_inf"] = Value::array(n, 1, X);
    env_["Y_inf"] = Value::array(n, 1, Y);
    env_["sharpness_inf"] = Value::number(sharpness);
    env_["norm_gap_inf"] = Value::number(norm_gap);
    env_["imbalance_inf"] = Value::number(imbalance);
    env_["loss_inf"] = Value::number(I(f_star));
    env_["min_loss"] = Value::number(I(f_star));
    summary_ = "converged (isotropic, Gram map): Lemma I at steps " + std::to_string(T.K) + " and " +
               std::to_string(T.KR) + ", f* = " + exact_text(f_star);
    check_gram_final_ball(&tr, T.KR);
    return Truth::True;
}

// ---- Lemma P: d < min(n, m), convergence to a global minimizer with f -> f* (docs/checker.md 5.4) ----

Truth Checker::check_positive_loss(const json& mc) {
    const size_t n = p_.n(), m = p_.m(), d = p_.d();
    if (!(d < (n < m ? n : m))) throw Reject{"lemma_P is for d < min(n, m)"};
    // f* and the gap, by the checker's own bisection (docs/math.md 7.4c).
    const MinLoss F = min_loss(p_, 2 * ibits_);
    if (!F.gap) throw Reject{"sigma_d(A) > sigma_{d+1}(A) is not proven (Lemma P needs the gap)"};
    const TailSteps T = read_tail(mc, "matrix", "lemma_P", "rho_B");
    Trajectory tr(p_, grid_ + 64, ibits_);
    while (tr.k < T.K) tr.advance();
    LemmaP L = lemma_p(tr, p_, F.f_star.lo, T.param);
    if (!L.holds) throw Reject{"lemma_P at step " + std::to_string(T.K) + " does not hold: " + L.failure};
    const json& tc = at(rep_, "report.", "tail_certificate");
    if (str(at(tc, "tail_certificate.", "lemma"), "tail_certificate.lemma") != "P" ||
        integer(at(tc, "tail_certificate.", "step"), "tail_certificate.step", 0, 1L << 40) != T.K ||
        integer(at(tc, "tail_certificate.", "refined_step"), "tail_certificate.refined_step", 0, 1L << 40) != T.KR)
        throw Reject{"report.tail_certificate does not match the certificate's lemma_P steps"};
    // The report's printed bounds: upper bounds at least the checker's, lower bounds at most.
    const std::pair<const char*, const Q*> ups[] = {{"rho_B", &L.rho_B}, {"L_B", &L.L_B}, {"G_B", &L.G_B},
                                                   {"q", &L.q}, {"reach", &L.reach}};
    for (const auto& [name, mine] : ups)
        upper_bound_at_least("tail_certificate." + std::string(name), at(tc, "tail_certificate.", name), *mine);
    lower_bound_at_most("tail_certificate.mu_B", at(tc, "tail_certificate.", "mu_B"), L.mu_B);
    lower_bound_at_most("tail_certificate.delta_B", at(tc, "tail_certificate.", "delta_B"), L.delta_B);
    while (tr.k < T.KR) tr.advance();
    L = lemma_p(tr, p_, F.f_star.lo, T.param_refined);
    if (!L.holds) throw Reject{"lemma_P_refined at step " + std::to_string(T.KR) + " does not hold: " + L.failure};
    upper_bound_at_least("tail_certificate.refined_reach", at(tc, "tail_certificate.", "refined_reach"), L.reach);
    // The limit: entries c +- reach; f(z_inf) = f*; the sharpness from the Hessian at the centre.
    const long bits = ibits_;
    const Q& r = L.reach;
    std::vector<I> X, Y;
    for (const Q& c : tr.X().a) X.push_back(with_bits(I(c - r, c + r), bits));
    for (const Q& c : tr.Y().a) Y.push_back(with_bits(I(c - r, c + r), bits));
    const Q move = hessian_move(tr.sx(), tr.sy(), r);
    // The centre's lambda_max is needed only to a width well below `move`
    // (as in limit_g): 24 - log2(move) bits, at most `bits`.
    const long lbits = move > 0 ? std::min(bits, std::max(64L, 24 - floor_log2(move))) : bits;
    const I hc = lambda_max_tight(hessian(p_.A, tr.X(), tr.Y()), lbits);
    I sharpness = with_bits(I(hc.lo - move, hc.hi + move), bits);
    if (L.L_B < sharpness.hi && L.L_B >= sharpness.lo) sharpness.hi = L.L_B;
    const Q gap = fro2(tr.X()) - fro2(tr.Y()), spread = 2 * sqrt_up(fro2(tr.X()) + fro2(tr.Y()), bits) * r + r * r;
    const I norm_gap = with_bits(I(gap - spread, gap + spread), bits);
    const bool square = n == m;
    I imbalance;
    if (square) {
        const Mat D = tr.X() - tr.Y();
        const Q f = fro2(D), sp = 2 * sqrt_up(2 * f, bits) * r + 2 * r * r;
        imbalance = with_bits(I(f - sp > 0 ? Q(f - sp) : Q(0), f + sp), bits);
    }
    const json& lim = at(rep_, "report.", "limit");
    if (lim.contains("imbalance") != square) throw Reject{"limit.imbalance is reported iff A is square"};
    std::string bad;
    const json &Xj = at(lim, "limit.", "X"), &Yj = at(lim, "limit.", "Y");
    for (int side = 0; side < 2 && bad.empty(); ++side) {
        const json& Mj = side ? Yj : Xj;
        const std::vector<I>& mine = side ? Y : X;
        const size_t rows = side ? m : n;
        if (!Mj.is_array() || Mj.size() != rows) throw Malformed("limit.X / limit.Y have the wrong shape");
        for (size_t i = 0; i < rows && bad.empty(); ++i) {
            if (!Mj[i].is_array() || Mj[i].size() != d) throw Malformed("limit.X / limit.Y rows");
            for (size_t j = 0; j < d && bad.empty(); ++j)
                bad = misfit(std::string("limit.") + (side ? "Y[" : "X[") + std::to_string(i) + "][" + std::to_string(j) +
                                 "]",
                             Mj[i][j], mine[i * d + j]);
        }
    }
    if (bad.empty()) bad = misfit("limit.sharpness", at(lim, "limit.", "sharpness"), sharpness);
    if (bad.empty()) bad = misfit("limit.norm_gap", at(lim, "limit.", "norm_gap"), norm_gap);
    if (bad.empty()) bad = misfit("limit.loss", at(lim, "limit.", "loss"), F.f_star);
    if (bad.empty() && square) bad = misfit("limit.imbalance", lim["imbalance"], imbalance);
    const json& ml = at(rep_, "report.", "min_loss");
    if (bad.empty()) bad = misfit("min_loss.f_star", at(ml, "min_loss.", "f_star"), F.f_star);
    if (!bad.empty()) throw Reject{bad + " (the limit enclosed at step " + std::to_string(T.KR) + ")"};
    if (square) {
        Q tr_A = 0;
        for (size_t i = 0; i < n; ++i) tr_A += p_.A(i, i);
        require_in("balancing_bound", at(rep_, "report.", "balancing_bound"),
                   I(Q(2 * static_cast<long>(d)) / p_.h - 2 * tr_A));
    }
    env_["X_inf"] = Value::array(n, d, X);
    env_["Y_inf"] = Value::array(m, d, Y);
    env_["sharpness_inf"] = Value::number(sharpness);
    env_["norm_gap_inf"] = Value::number(norm_gap);
    env_["loss_inf"] = Value::number(F.f_star);
    env_["min_loss"] = Value::number(F.f_star);
    if (square) env_["imbalance_inf"] = Value::number(imbalance);
    summary_ = "converged (positive loss): Lemma P at steps " + std::to_string(T.K) + " and " +
               std::to_string(T.KR) + ", f* in " + text(F.f_star, 12);
    check_final_ball(&tr, T.KR, -1);
    return Truth::True;
}

void Checker::check_matrix() {
    const json& mc = at(cert_, "", "matrix");
    const size_t n = p_.n(), m = p_.m(), d = p_.d();
    Truth converged = Truth::Unknown;
    if (rep_.contains("isotropic") || mc.contains("lemma_I") || mc.contains("lemma_I_refined")) {
        converged = check_isotropic();
    } else if (outcome_ == "converged" && (mc.contains("lemma_P") || mc.contains("lemma_P_refined"))) {
        for (const char* other : {"lemma_G", "lemma_G_refined", "lemma_LR", "lemma_LR_refined"})
            if (mc.contains(other)) throw Reject{std::string("the certificate names both lemma_P and ") + other};
        converged = check_positive_loss(mc);
    } else if (outcome_ == "converged") {
        // Lemma G, or Lemma LR (Lemma G with the low-rank PL bound, lowrank.hpp) when the certificate names it.
        const bool lr = mc.contains("lemma_LR") || mc.contains("lemma_LR_refined");
        const std::string lemma = lr ? "lemma_LR" : "lemma_G";
        const TailSteps T = read_tail(mc, "matrix", lemma, "rho_B");
        const long K = T.K, KR = T.KR;
        const Q &rho = T.param, &rhoR = T.param_refined;
        Q sigma_sq_low = 0;
        if (lr) {
            if (mc.contains("lemma_G") || mc.contains("lemma_G_refined"))
                throw Reject{"the certificate names both lemma_G and lemma_LR"};
            sigma_sq_low = number(at(at(mc, "matrix.", "lemma_LR"), "matrix.lemma_LR.", "sigma_sq_low"),
                                  "lemma_LR.sigma_sq_low");
            const std::string why = lowrank_target(p_, sigma_sq_low);
            if (!why.empty()) throw Reject{"lemma_LR: " + why};
        }
        Q s_B = 0, R_B = 0;  // Lemma LR's ball bounds, the checker's own
        auto tail_lemma = [&](const Trajectory& t, const Q& r) {
            return lr ? lemma_lr(t, p_, r, sigma_sq_low, s_B, R_B) : lemma_g(t, p_, r);
        };
        Trajectory tr(p_, grid_ + 64, ibits_);
        while (tr.k < K) tr.advance();
        LemmaG G = tail_lemma(tr, rho);
        if (!G.holds) throw Reject{lemma + " at step " + std::to_string(K) + " does not hold: " + G.failure};
        // The report's printed rho_B, L_B and reach are upper bounds: each must
        // be at least the checker's own.
        const json& tcG = at(rep_, "report.", "tail_certificate");
        const std::pair<const char*, const Q*> params[] = {
            {"rho_B", &G.rho_B}, {"L_B", &G.L_B}, {"G_B", &G.G_B}, {"q", &G.q}, {"reach", &G.reach}};
        for (const auto& [name, mine] : params)
            upper_bound_at_least("tail_certificate." + std::string(name), at(tcG, "tail_certificate.", name), *mine);
        lower_bound_at_most("tail_certificate.mu_B", at(tcG, "tail_certificate.", "mu_B"), G.mu_B);
        if (lr) {
            // The printed low-rank data: rank(A) = d, sigma_sq_low and s_B lower bounds, R_B an upper bound.
            if (integer(at(tcG, "tail_certificate.", "rank"), "tail_certificate.rank", 0, 1L << 40) !=
                static_cast<long>(d))
                throw Reject{"tail_certificate.rank is not d = rank(A)"};
            lower_bound_at_most("tail_certificate.sigma_sq_low", at(tcG, "tail_certificate.", "sigma_sq_low"),
                                sigma_sq_low);
            lower_bound_at_most("tail_certificate.s_B", at(tcG, "tail_certificate.", "s_B"), s_B);
            upper_bound_at_least("tail_certificate.R_B", at(tcG, "tail_certificate.", "R_B"), R_B);
        }
        while (tr.k < KR) tr.advance();
        G = tail_lemma(tr, rhoR);
        if (!G.holds) throw Reject{lemma + "_refined at step " + std::to_string(KR) + " does not hold: " + G.failure};
        upper_bound_at_least("tail_certificate.refined_reach", at(tcG, "tail_certificate.", "refined_reach"), G.reach);
        const json& tc = at(rep_, "report.", "tail_certificate");
        if (str(at(tc, "tail_certificate.", "lemma"), "tail_certificate.lemma") != (lr ? "LR" : "G") ||
            integer(at(tc, "tail_certificate.", "step"), "tail_certificate.step", 0, 1L << 40) != K ||
            integer(at(tc, "tail_certificate.", "refined_step"), "tail_certificate.refined_step", 0, 1L << 40) != KR)
            throw Reject{"report.tail_certificate does not match the certificate's " + lemma + " steps"};
        const long bits = ibits_;
        MatrixLimit total = limit_g(tr, p_, G, bits);
        const json& lim = at(rep_, "report.", "limit");
        const bool square = n == m;
        if (lim.contains("imbalance") != square) throw Reject{"limit.imbalance is reported iff A is square"};
        auto compare = [&]() -> std::string {
            std::string bad;
            const json &Xj = at(lim, "limit.", "X"), &Yj = at(lim, "limit.", "Y");
            for (int side = 0; side < 2 && bad.empty(); ++side) {
                const json& Mj = side ? Yj : Xj;
                const std::vector<I>& mine = side ? total.Y : total.X;
                const size_t rows = side ? m : n;
                if (!Mj.is_array() || Mj.size() != rows) throw Malformed("limit.X / limit.Y have the wrong shape");
                for (size_t i = 0; i < rows && bad.empty(); ++i) {
                    if (!Mj[i].is_array() || Mj[i].size() != d) throw Malformed("limit.X / limit.Y rows");
                    for (size_t j = 0; j < d && bad.empty(); ++j)
                        bad = misfit(std::string("limit.") + (side ? "Y[" : "X[") + std::to_string(i) + "][" +
                                         std::to_string(j) + "]",
                                     Mj[i][j], mine[i * d + j]);
                }
            }
            if (bad.empty()) bad = misfit("limit.sharpness", at(lim, "limit.", "sharpness"), total.sharpness);
            if (bad.empty()) bad = misfit("limit.norm_gap", at(lim, "limit.", "norm_gap"), total.norm_gap);
            if (bad.empty()) bad = misfit("limit.loss", at(lim, "limit.", "loss"), I(0));
            if (bad.empty() && square) bad = misfit("limit.imbalance", lim["imbalance"], total.imbalance);
            return bad;
        };
        std::string bad = compare();
        // No search: the limit is enclosed at exactly the certificate's refined
        // step KR (lemma_G_refined.step), the step the solver's limit comes from.
        if (!bad.empty()) throw Reject{bad + " (the limit enclosed at step " + std::to_string(KR) + ")"};
        if (square) {
            Q tr_A = 0;
            for (size_t i = 0; i < n; ++i) tr_A += p_.A(i, i);
            require_in("balancing_bound", at(rep_, "report.", "balancing_bound"),
                       I(Q(2 * static_cast<long>(d)) / p_.h - 2 * tr_A));
        }
        env_["X_inf"] = Value::array(n, d, total.X);
        env_["Y_inf"] = Value::array(m, d, total.Y);
        env_["sharpness_inf"] = Value::number(total.sharpness);
        env_["norm_gap_inf"] = Value::number(total.norm_gap);
        env_["loss_inf"] = Value::number(I(0));
        env_["min_loss"] = Value::number(I(0));  // Lemma G: d >= min(n, m), every A is reachable
        if (square) env_["imbalance_inf"] = Value::number(total.imbalance);
        summary_ = std::string("converged: ") + (lr ? "Lemma LR" : "Lemma G") + " at steps " + std::to_string(K) + " and " + std::to_string(KR) +
                   ", limit enclosed at step " + std::to_string(tr.k);
        check_final_ball(&tr, KR, -1);
        converged = Truth::True;
    } else if (outcome_ == "diverged") {
        const json& LD = at(mc, "matrix.", "lemma_DM");
        const long K = step_count(at(LD, "matrix.lemma_DM.", "step"), "lemma_DM.step");
        const Q kappa = number(at(LD, "matrix.lemma_DM.", "kappa"), "lemma_DM.kappa");
        Trajectory tr(p_, grid_ + 64, ibits_);
        while (tr.k < K) tr.advance();
        LemmaDM D = lemma_dm(tr, p_, kappa);
        if (!D.holds) throw Reject{"lemma_DM at step " + std::to_string(K) + " does not hold: " + D.failure};
        const json& tc = at(rep_, "report.", "tail_certificate");
        if (str(at(tc, "tail_certificate.", "lemma"), "tail_certificate.lemma") != "DM" ||
            integer(at(tc, "tail_certificate.", "step"), "tail_certificate.step", 0, 1L << 40) != K)
            throw Reject{"report.tail_certificate does not match the certificate's lemma_DM step"};
        // The report's one-sided bounds must be consistent with the checker's.
        if (number(at(tc, "tail_certificate.", "kappa"), "tail_certificate.kappa") > kappa)
            throw Reject{"tail_certificate.kappa exceeds the certificate's lemma_DM.kappa"};
        if (number(at(tc, "tail_certificate.", "t"), "tail_certificate.t") > D.t_hi)
            throw Reject{"tail_certificate.t claims t >= " + str(tc["t"], "t") + " but t <= " + decimal(D.t_hi, 12, 1)};
        const Q a_claim = number(at(tc, "tail_certificate.", "a"), "tail_certificate.a");
        if (a_claim < 0 || a_claim * a_claim < fro2(p_.A) / Q(static_cast<long>(n < m ? n : m)))
            throw Reject{"tail_certificate.a is below ||A||_F / sqrt(min(n, m)) <= ||A||_2"};
        // p >= h (||X_K||_2^2 + ||Y_K||_2^2) >= h ((||X_c||_F / sqrt(min(n, d)) - e)_+^2 + (likewise Y)).
        {
            const Q e = tr.e;
            auto sigma_lo = [&](const Mat& M, size_t rows) {
                const Q lo = sqrt_down(fro2(M) / Q(static_cast<long>(rows < d ? rows : d)), 64) - e;
                return lo > 0 ? Q(lo * lo) : Q(0);
            };
            const Q p_lo = p_.h * (sigma_lo(tr.X(), n) + sigma_lo(tr.Y(), m));
            if (const json& pj = at(tc, "tail_certificate.", "p"); !pj.is_null() && number(pj, "tail_certificate.p") < p_lo)
                throw Reject{"tail_certificate.p claims p <= " + str(pj, "p") + " but p >= " + decimal(p_lo, 12, -1)};
            // g (a lower bound of g(t_K) = (1 - 1/kappa) t_K^2 - (1 + h a) t_K - 2 with the report's a)
            // is at most (1 - 1/kappa) t_hi^2 - (1 + h a) t_lo - 2.
            const Q g_hi = (1 - 1 / kappa) * D.t_hi * D.t_hi - (1 + p_.h * (a_claim > 0 ? a_claim : Q(0))) * D.t_lo - 2;
            if (const json& gj = at(tc, "tail_certificate.", "g"); !gj.is_null() && number(gj, "tail_certificate.g") > g_hi)
                throw Reject{"tail_certificate.g claims g(t) >= " + str(gj, "g") + " but g(t) <= " + decimal(g_hi, 12, 1)};
        }
        summary_ = "diverged: Lemma DM at step " + std::to_string(K);
        check_final_ball(&tr, 0, K);
        converged = Truth::False;
    } else if (outcome_ == "periodic") {
        check_cycle();
        converged = Truth::False;
    } else if (outcome_ != "undecided") {
        throw Reject{"outcome " + outcome_ + ": the matrix family has no proof of this outcome"};
    } else {
        check_final_ball(nullptr, 0, -1);
    }
    env_["converged"] = Value::truth(converged);
    env_["diverged"] = Value::truth(outcome_ == "diverged" ? Truth::True : converged == Truth::True ? Truth::False : Truth::Unknown);
    auto thin_all = [](const Mat& M) {
        std::vector<I> v;
        for (const Q& q : M.a) v.emplace_back(q);
        return v;
    };
    env_["A"] = Value::array(n, m, thin_all(p_.A));
    env_["X0"] = Value::array(n, d, thin_all(p_.X0));
    env_["Y0"] = Value::array(m, d, thin_all(p_.Y0));
    env_["norm_gap_0"] = Value::number(I(fro2(p_.X0) - fro2(p_.Y0)));
}

// ---- Lemma C: convergence to a cycle (outcome periodic) ----------------------------------

void Checker::check_cycle() {
    const json& cj = at(cert_, "", "cycle");
    CycleRegion S;
    S.step = step_count(at(cj, "cycle.", "step"), "cycle.step");
    S.period = integer(at(cj, "cycle.", "period"), "cycle.period", 0, 100000);
    const json& cc = at(cj, "cycle.", "centre");
    if (!cc.is_array() || cc.empty()) throw Malformed("cycle.centre: a non-empty array is expected");
    for (size_t i = 0; i < cc.size(); ++i) S.centre.push_back(number(cc[i], "cycle.centre[" + std::to_string(i) + "]"));
    S.Qm = matrix(at(cj, "cycle.", "Q"), "cycle.Q");
    S.rho = number(at(cj, "cycle.", "rho"), "cycle.rho");
    const json& rc = at(rep_, "report.", "cycle");
    if (integer(at(rc, "report.cycle.", "period"), "report.cycle.period", 0, 1L << 40) != S.period)
        throw Reject{"report.cycle.period differs from the certificate's cycle.period " + std::to_string(S.period)};
    if (integer(at(rc, "report.cycle.", "step"), "report.cycle.step", 0, 1L << 40) != S.step)
        throw Reject{"report.cycle.step differs from the certificate's cycle.step " + std::to_string(S.step)};
    const json& region = at(rc, "report.cycle.", "region");
    if (!(number(at(region, "report.cycle.region.", "rho"), "report.cycle.region.rho") >= S.rho))
        throw Reject{"report.cycle.region.rho is below the certificate's cycle.rho " + decimal(S.rho, 6, -1)};
    Trajectory tr(p_, grid_ + 64, ibits_);
    while (tr.k < S.step) tr.advance();
    CycleResult C = lemma_c(tr, p_, S);
    if (!C.failure.empty())
        throw Reject{"lemma_C at step " + std::to_string(S.step) + " with period " + std::to_string(S.period) +
                     " does not hold: " + C.failure};
    // The reported cycle against the checker's enclosures.
    const size_t P = static_cast<size_t>(S.period), d = p_.d(), n = p_.n(), m = p_.m();
    auto list = [&](const char* key, size_t len) -> const json& {
        const json& a = at(rc, "report.cycle.", key);
        if (!a.is_array() || a.size() != len)
            throw Malformed(std::string("report.cycle.") + key + " must have " + std::to_string(len) + " entries");
        return a;
    };
    const I half(Q(1, 2));
    auto compare = [&]() -> std::string {
        std::string bad;
        const json &pts = list("points", P), &loss = list("loss", P), &sharp = list("sharpness", P);
        for (size_t j = 0; j < P && bad.empty(); ++j) {
            const Box& z = C.points[j];
            const std::string at_j = "cycle.points[" + std::to_string(j) + "]";
            if (p_.scalar) {
                const json& red = list("reduced_points", P)[j];
                const std::string rn = "cycle.reduced_points[" + std::to_string(j) + "]";
                bad = misfit(rn + ".x", at(red, rn + ".", "x"), z[0]);
                if (bad.empty()) bad = misfit(rn + ".y", at(red, rn + ".", "y"), z[1]);
                // Back in R^d (docs/math.md section 2): alpha = x' + y', beta = x' - y'.
                const I alpha = z[0] + z[1], beta = z[0] - z[1];
                const I fa = p_.u_sq == 0 ? I(0) : alpha / isqrt(exact(p_.u_sq));
                const I fb = p_.v_sq == 0 ? I(0) : beta / isqrt(exact(p_.v_sq));
                const json &xj = at(pts[j], at_j + ".", "x"), &yj = at(pts[j], at_j + ".", "y");
                if (!xj.is_array() || !yj.is_array() || xj.size() != d || yj.size() != d)
                    throw Malformed(at_j + ".x / .y must have d entries");
                for (size_t i = 0; i < d && bad.empty(); ++i) {
                    const I pu = fa * I(p_.X0.a[i] + p_.Y0.a[i]), pv = fb * I(p_.X0.a[i] - p_.Y0.a[i]);
                    bad = misfit(at_j + ".x[" + std::to_string(i) + "]", xj[i], (pu + pv) * half);
                    if (bad.empty()) bad = misfit(at_j + ".y[" + std::to_string(i) + "]", yj[i], (pu - pv) * half);
                }
            } else {
                for (int side = 0; side < 2 && bad.empty(); ++side) {
                    const json& Mj = at(pts[j], at_j + ".", side ? "Y" : "X");
                    const size_t rows = side ? m : n;
                    if (!Mj.is_array() || Mj.size() != rows) throw Malformed(at_j + ".X / .Y have the wrong shape");
                    for (size_t i = 0; i < rows && bad.empty(); ++i) {
                        if (!Mj[i].is_array() || Mj[i].size() != 1) throw Malformed(at_j + ".X / .Y rows");
                        bad = misfit(at_j + (side ? ".Y[" : ".X[") + std::to_string(i) + "][0]", Mj[i][0],
                                     z[side ? n + i : i]);
                    }
                }
            }
            if (bad.empty()) bad = misfit("cycle.loss[" + std::to_string(j) + "]", loss[j], C.loss[j]);
            if (bad.empty()) bad = misfit("cycle.sharpness[" + std::to_string(j) + "]", sharp[j], C.sharpness[j]);
        }
        return bad;
    };
    std::string bad = compare();
    for (int round = 0; !bad.empty() && round < 16; ++round) {
        if (!narrow_cycle(C, p_, S.period, 4)) break;
        bad = compare();
    }
    if (!bad.empty()) throw Reject{bad};
    // The report's q and delta are upper bounds of the same quantities for the
    // same c, Q, rho: each at least the checker's own (Lemma 10).
    upper_bound_at_least("cycle.region.q", at(region, "report.cycle.region.", "q"), C.q);
    upper_bound_at_least("cycle.region.delta", at(region, "report.cycle.region.", "delta"), C.delta);
    check_final_ball(&tr, 0, S.step);
    env_["period"] = Value::number(I(S.period));
    env_["cycle_loss"] = Value::array(P, 1, C.loss);
    env_["cycle_sharpness"] = Value::array(P, 1, C.sharpness);
    summary_ = "periodic: Lemma C with period " + std::to_string(S.period) + " from step " + std::to_string(S.step) +
               " (q <= " + decimal(C.q, 4, 1) + ")";
}

// periodic: true for a certified cycle, false when GD converges or diverges,
// unknown otherwise; cycle_attracting: true for a certified (attracting) cycle.
void Checker::cycle_env() {
    const bool cycle = outcome_ == "periodic";
    env_["periodic"] = Value::truth(cycle ? Truth::True
                                    : outcome_ == "converged" || outcome_ == "diverged" ? Truth::False
                                                                                       : Truth::Unknown);
    env_["cycle_attracting"] = Value::truth(cycle ? Truth::True : Truth::Unknown);
}

// ---- claims ---------------------------------------------------------------------------

void Checker::check_claims() {
    const json& rc = at(rep_, "report.", "claims");
    const json& cc = at(cert_, "", "claims");
    compare_claims_with_files(cc, p_.scalar ? "scalar" : "matrix", inputs_);
    if (!rc.is_array() || !cc.is_array() || rc.size() != cc.size())
        throw Malformed("claims: the certificate must carry the expressions of every reported claim");
    for (const json& r : rc) {
        std::string id = str(at(r, "claims[].", "id"), "claims[].id");
        const json* c = nullptr;
        for (const json& x : cc)
            if (x.contains("id") && x["id"] == id) c = &x;
        if (!c) throw Malformed("claim \"" + id + "\": no expressions in the certificate");
        auto conj = [&](const char* key) {
            Truth t = Truth::True;
            const json& list = at(*c, "claims[" + id + "].", key);
            if (!list.is_array()) throw Malformed("claim " + id + ": " + key + " must be an array");
            for (const json& e : list) t = truth_and(t, evaluate_claim_text(str(e, id), env_, ibits_));
            return t;
        };
        Truth A = conj("assumptions"), C = conj("conclusions");
        std::string verdict = A == Truth::False ? "vacuous"
                              : A == Truth::Unknown ? "undecided"
                              : C == Truth::True ? "confirmed"
                              : C == Truth::False ? "counterexample" : "undecided";
        std::string ra = str(at(r, "claims[].", "assumptions"), "assumptions");
        std::string rcn = str(at(r, "claims[].", "conclusions"), "conclusions");
        std::string rv = str(at(r, "claims[].", "verdict"), "verdict");
        if (findings_) findings_->push_back({id, rv, verdict});  // --strengthen (crosscheck.hpp)
        if (ra != "unknown" && ra != truth_name(A))
            throw Reject{"claim " + id + ": assumptions claimed " + ra + ", the checker finds " + truth_name(A)};
        if (rcn != "unknown" && rcn != truth_name(C))
            throw Reject{"claim " + id + ": conclusions claimed " + rcn + ", the checker finds " + truth_name(C)};
        if (rv != "undecided" && rv != verdict)
            throw Reject{"claim " + id + ": verdict claimed " + rv + ", the checker can only prove " + verdict};
        // A classification whose conclusion is false is a classification that
        // fails here, as lrcert prints it ("[fails]"), not a refuted theorem.
        const bool classification = c->contains("kind") && (*c)["kind"] == "classification";
        verdicts.push_back(id + " " + (classification && rv == "counterexample" ? "fails (classification)" : rv));
    }
}

std::string Checker::run() {
    read_problem();
    check_echo();
    outcome_ = str(at(rep_, "report.", "outcome"), "report.outcome");
    if (outcome_ != "converged" && outcome_ != "diverged" && outcome_ != "not_converged" && outcome_ != "undecided" &&
        outcome_ != "periodic")
        throw Malformed("report.outcome: unknown value " + outcome_);
    check_report_keys();
    // Informational, but a number: the precision of the final attempt is the grid.
    if (integer(at(rep_, "report.", "precision_bits"), "report.precision_bits", 0, 1L << 40) != grid_)
        throw Reject{"report.precision_bits differs from the certificate's grid_bits " + std::to_string(grid_)};
    // Extension point: the certificate is read, its problem equals the
    // problem file and the report's echo is checked; an additional check of
    // the certificate (e.g. a cross-check in its own file) is called here,
    // with cert_, rep_ and p_, and throws Reject to reject.
    I L0 = p_.scalar ? scalar_L0() : matrix_L0();
    // h given relative to 2/L0 (docs/checker.md, section 1c).
    auto tighter_L0 = [&](long bits) {  // matrix family: the L0 above, or narrower (lambda_max_tight)
        I e = bits == 0 ? L0 : lambda_max_tight(hessian(p_.A, p_.X0, p_.Y0), bits);
        return intersect_into(e, L0) ? e : L0;
    };
    if (const std::string why = relative_h_failure(read_problem_object(at(cert_, "", "problem"), "certificate problem", true),
                                                   rep_.value("h_over_2_over_L0", json()), tighter_L0);
        !why.empty())
        throw Reject{why};
    require_in("sharpness_initial", at(rep_, "report.", "sharpness_initial"), L0);
    I hL0 = I(p_.h) * L0;
    require_in("h_times_sharpness_initial", at(rep_, "report.", "h_times_sharpness_initial"), hL0);
    check_regime(hL0);
    env_["h"] = Value::number(I(p_.h));
    env_["n"] = Value::number(I(static_cast<long>(p_.n())));
    env_["m"] = Value::number(I(static_cast<long>(p_.m())));
    env_["d"] = Value::number(I(static_cast<long>(p_.d())));
    env_["L0"] = Value::number(L0);
    if (p_.scalar) check_scalar(); else check_matrix();
    check_outcome_objects();
    cycle_env();
    if (summary_.empty()) summary_ = outcome_;
    check_claims();
    return summary_ + "; L0 in " + text(L0, 12) + "; " + std::to_string(rep_["claims"].size()) + " claim verdicts";
}

// ---- the orbits certificate (lrcert orbits --certificate; Lemmas 12-16) ----------------------

// The orbits certificate's interval arithmetic: large ends rounded outward to
// 192 bits (docs/checker.md, section 4), the precision of its boxes (num.hpp).
const long kOrbitBits = 192;

class OrbitsChecker {
public:
    OrbitsChecker(const json& cert, const Inputs* inputs) : cert_(cert), inputs_(inputs) {}
    std::string run();

private:
    const json& cert_;
    const Inputs* inputs_;
    json rep_;
    Problem p_;

    void check_keys();
    Box box(const json& j, const std::string& name, size_t N);
    std::string point_misfit(const std::string& name, const json& pt, const Box& z);
    void check_multipliers(const std::string& name, const json& orbit, const IMat& M, size_t N,
                           const std::vector<I>& real, long& checked, long& skipped);
    std::string check_chaos();
};

Box OrbitsChecker::box(const json& j, const std::string& name, size_t N) {
    if (!j.is_array() || j.size() != N) throw Malformed(name + ": an array of " + std::to_string(N) + " intervals is expected");
    Box b;
    for (size_t i = 0; i < N; ++i) {
        b.push_back(with_bits(interval(j[i], name + "[" + std::to_string(i) + "]"), kOrbitBits));
        if (!(b.back().lo < b.back().hi)) throw Malformed(name + ": every side must have lo < hi");
    }
    return b;
}

// "" when the reported point (problem coordinates, docs/formats.md "Orbits
// report") contains the checker's enclosure z of the state.
std::string OrbitsChecker::point_misfit(const std::string& name, const json& pt, const Box& z) {
    const size_t d = p_.d(), n = p_.n(), m = p_.m();
    auto list = [&](const char* key, size_t len) -> const json& {
        const json& a = at(pt, name + ".", key);
        if (!a.is_array() || a.size() != len) throw Malformed(name + "." + key + " must have " + std::to_string(len) + " entries");
        return a;
    };
    std::string bad;
    if (!p_.scalar) {
        for (int side = 0; side < 2 && bad.empty(); ++side) {
            const json& Mj = list(side ? "Y" : "X", side ? m : n);
            for (size_t i = 0; i < (side ? m : n) && bad.empty(); ++i) {
                if (!Mj[i].is_array() || Mj[i].size() != 1) throw Malformed(name + ".X / .Y rows must have 1 entry");
                bad = misfit(name + (side ? ".Y[" : ".X[") + std::to_string(i) + "][0]", Mj[i][0], z[side ? n + i : i]);
            }
        }
        return bad;
    }
    if (d == 1) {
        bad = misfit(name + ".x[0]", list("x", 1)[0], z[0]);
        if (bad.empty()) bad = misfit(name + ".y[0]", list("y", 1)[0], z[1]);
        return bad;
    }
    const json& red = at(pt, name + ".", "reduced");
    bad = misfit(name + ".reduced.x", at(red, name + ".reduced.", "x"), z[0]);
    if (bad.empty()) bad = misfit(name + ".reduced.y", at(red, name + ".reduced.", "y"), z[1]);
    if (!bad.empty() || (!pt.contains("x") && !pt.contains("y"))) return bad;
    if (p_.u_sq == 0 || p_.v_sq == 0)
        throw Reject{name + ": points in R^d given although u0 = 0 or v0 = 0 (the plane degenerates)"};
    // Back in R^d (docs/math.md section 2): alpha = x' + y', beta = x' - y'.
    const I half(Q(1, 2)), alpha = z[0] + z[1], beta = z[0] - z[1];
    const I fa = alpha / isqrt(with_bits(I(p_.u_sq), kOrbitBits)), fb = beta / isqrt(with_bits(I(p_.v_sq), kOrbitBits));
    const json &xj = list("x", d), &yj = list("y", d);
    for (size_t i = 0; i < d && bad.empty(); ++i) {
        const I pu = fa * I(p_.X0.a[i] + p_.Y0.a[i]), pv = fb * I(p_.X0.a[i] - p_.Y0.a[i]);
        bad = misfit(name + ".x[" + std::to_string(i) + "]", xj[i], (pu + pv) * half);
        if (bad.empty()) bad = misfit(name + ".y[" + std::to_string(i) + "]", yj[i], (pu - pv) * half);
    }
    return bad;
}

// N = 2: trace, determinant and the multipliers in closed form (docs/checker.md,
// Lemma 15). N > 2: when every Gershgorin disc of the checker meets no other
// (`real`: their real intervals, one real multiplier in each), every reported
// real multiplier must contain the checker's interval that it meets;
// otherwise, or for complex pairs and discs, not compared (counted as skipped).
void OrbitsChecker::check_multipliers(const std::string& name, const json& orbit, const IMat& M, size_t N,
                                      const std::vector<I>& real, long& checked, long& skipped) {
    const json& ms = at(orbit, name + ".", "multipliers");
    if (!ms.is_array()) throw Malformed(name + ".multipliers: an array is expected");
    for (size_t j = 0; j < ms.size(); ++j) {
        const std::string nj = name + ".multipliers[" + std::to_string(j) + "]";
        const std::string kind = str(at(ms[j], nj + ".", "kind"), nj + ".kind");
        if (kind != "real" && kind != "complex_pair" && kind != "disc")
            throw Malformed(nj + ".kind: unknown kind \"" + kind + "\"");
    }
    if (N != 2) {
        if (ms.empty()) return;
        if (real.size() != N) { ++skipped; return; }
        bool all_real = true;
        std::vector<bool> used(N, false);
        for (size_t j = 0; j < ms.size(); ++j) {
            const std::string nj = name + ".multipliers[" + std::to_string(j) + "]";
            const std::string kind = str(at(ms[j], nj + ".", "kind"), nj + ".kind");
            // N pairwise disjoint discs, one real multiplier in each: all N are real.
            if (kind == "complex_pair")
                throw Reject{nj + " is a complex pair, but the checker proves every multiplier real"};
            if (kind != "real") { all_real = false; continue; }
            const I v = interval(at(ms[j], nj + ".", "value"), nj + ".value");
            size_t k = 0;
            while (k < N && (used[k] || real[k].hi < v.lo || v.hi < real[k].lo)) ++k;
            // All N multipliers lie in the N disjoint discs: an interval meeting none holds none.
            if (k == N) throw Reject{nj + ".value " + text(v, 20) + " meets none of the checker's enclosures of the multipliers"};
            used[k] = true;
            require_in(nj + ".value", at(ms[j], nj + ".", "value"), real[k]);
        }
        ++(all_real ? checked : skipped);
        return;
    }
    const I T = M[0] + M[3], D = M[0] * M[3] - M[1] * M[2];
    if (orbit.contains("trace")) require_in(name + ".trace", orbit["trace"], T);
    if (orbit.contains("determinant")) require_in(name + ".determinant", orbit["determinant"], D);
    if (ms.empty()) return;
    if (ms.size() > 2) throw Malformed(name + ".multipliers: at most 2 entries for N = 2");
    const I disc = sqr(T) - I(4) * D;
    // coq: multipliers_2d concl real_pair: disc = T^2 - 4 D > 0: the real eigenvalues of A are exactly (T - sqrt disc)/2 and (T + sqrt disc)/2 (N = 2, T = tr A, D = det A)
    // coq: multipliers_2d concl complex_pair: disc < 0: no real eigenvalue; T/2 +- i sqrt(-disc)/2 are the eigenvalues, of squared modulus D (modulus sqrt(D))
    if (disc.lo > 0) {
        const I root = isqrt(disc), half(Q(1, 2));
        const I r[2] = {(T - root) * half, (T + root) * half};
        auto fits = [&](size_t j, int k) {
            const std::string nj = name + ".multipliers[" + std::to_string(j) + "]";
            if (str(at(ms[j], nj + ".", "kind"), nj + ".kind") != "real") return false;
            return misfit(nj + ".value", at(ms[j], nj + ".", "value"), r[k]).empty();
        };
        const bool ok = ms.size() == 1 ? fits(0, 0) || fits(0, 1) : (fits(0, 0) && fits(1, 1)) || (fits(0, 1) && fits(1, 0));
        if (!ok)
            throw Reject{name + ".multipliers do not contain the checker's real multipliers " + text(r[0], 20) + " and " +
                         text(r[1], 20)};
    } else if (disc.hi < 0) {
        const I mod = isqrt(D);  // D > T^2 / 4 >= 0
        for (size_t j = 0; j < ms.size(); ++j) {
            const std::string nj = name + ".multipliers[" + std::to_string(j) + "]";
            if (str(at(ms[j], nj + ".", "kind"), nj + ".kind") != "complex_pair")
                throw Reject{nj + " is not a complex pair, but the checker's tr^2 - 4 det is < 0"};
            require_in(nj + ".modulus", at(ms[j], nj + ".", "modulus"), mod);
        }
    } else {
        ++skipped;
        return;
    }
    ++checked;
}

std::string OrbitsChecker::check_chaos() {
    const json &cc = at(cert_, "", "chaos"), &rc = at(rep_, "report.", "chaos");
    if (!cc.is_array() || !rc.is_array() || cc.size() != rc.size())
        throw Malformed("chaos: the certificate must give a box for every reported chaos entry");
    if (!p_.scalar && !cc.empty()) throw Malformed("chaos: only the scalar family has invariant lines");
    std::string lines;
    for (size_t i = 0; i < cc.size(); ++i) {
        const std::string name = "chaos[" + std::to_string(i) + "]";
        const std::string line = str(at(cc[i], name + ".", "line"), name + ".line");
        if (str(at(rc[i], "report." + name + ".", "line"), "report." + name + ".line") != line)
            throw Reject{"report." + name + ".line differs from the certificate's " + line};
        // coq: line_reduction concl line_cubic: on x = y, u = x + y follows u+ = c u - k u^3 with c = 1 + h mu, k = h/4; on x = -y, v = x - y follows v+ = c v - k v^3 with c = 1 - h mu
        Cubic g;
        g.k = p_.h / 4;
        if (line == "x = y") g.c = 1 + p_.h * p_.mu;
        else if (line == "x = -y") g.c = 1 - p_.h * p_.mu;
        else throw Malformed(name + ".line: unknown line \"" + line + "\"");
        const json& mj = at(rc[i], "report." + name + ".", "map");
        if (number(at(mj, name + ".map.", "c"), name + ".map.c") != g.c || number(at(mj, name + ".map.", "k"), name + ".map.k") != g.k)
            throw Reject{name + ".map differs from the checker's c = " + exact_text(g.c) + ", k = " + exact_text(g.k)};
        if (integer(at(rc[i], name + ".", "witness_period"), name + ".witness_period", 0, 1000) != 3)
            throw Reject{name + ".witness_period is not 3"};
        const Box X = box(at(cc[i], name + ".", "box"), name + ".box", 1);
        const PeriodThree t = period_three(g, X[0], 12);
        // coq: line_chaos concl ly_point: a point a of the 3-cycle has g^3(a) <= a < g(a) < g^2(a) or g^3(a) >= a > g(a) > g^2(a) (Li and Yorke's hypothesis); increasing: g([a, g a]) covers [g a, g^2 a] and g([g a, g^2 a]) covers [a, g^2 a]; decreasing: g([g a, a]) covers [g^2 a, g a] and g([g^2 a, g a]) covers [g^2 a, a]
        // coq: line_every_period concl every_period: for every n >= 1 g has a point x of minimal period n (g^n x = x, g^j x != x for 0 < j < n) in the hull of the 3-cycle (Li and Yorke's period three implies every period), and GD on the line has an orbit of minimal period n (line_every_period_gd)
        if (!t.failure.empty()) throw Reject{name + " (line " + line + "): Lemma L3 does not hold: " + t.failure};
        const json& pts = at(rc[i], "report." + name + ".", "points");
        if (!pts.is_array() || pts.size() != 3) throw Malformed(name + ".points must have 3 entries");
        const I half(Q(1, 2));
        for (size_t j = 0; j < 3; ++j) {
            // On x = y: x' = y' = u/2; on x = -y: x' = -y' = v/2 (docs/math.md, section 11.5).
            const I w = t.points[j] * half;
            const Box z{w, line == "x = y" ? w : -w};
            const std::string bad = point_misfit(name + ".points[" + std::to_string(j) + "]", pts[j], z);
            if (!bad.empty()) throw Reject{bad};
        }
        if (rc[i].contains("invariant_interval_R_squared")) {
            const Q R2 = (g.c + 1) / g.k;
            if (number(rc[i]["invariant_interval_R_squared"], name + ".invariant_interval_R_squared") != R2)
                throw Reject{name + ".invariant_interval_R_squared differs from (c + 1)/k = " + exact_text(R2)};
            // coq: invariant_interval hyp invariant_R: c > 0, k > 0, 4 c^3 <= 27 (c + 1) and R^2 = (c + 1)/k
            // coq: invariant_interval concl maps_into: g maps [-R, R] into itself
            // coq: periodic_in_R concl periodic_in_J: every periodic point of g (the 3-cycle, the points of every period) lies in [-R, R]
            if (!(g.c > 0 && g.k > 0 && 4 * g.c * g.c * g.c <= 27 * (g.c + 1)))
                throw Reject{name + ": [-R, R] is not proven invariant (4 c^3 <= 27 (c + 1) fails)"};
        }
        lines += (lines.empty() ? "" : " and ") + line;
    }
    return lines;
}

// Every object of the orbits certificate and its report holds only the keys
// lrcert orbits writes there (docs/checker.md, section 3b); else malformed.
void OrbitsChecker::check_keys() {
    known_keys(cert_, {"lrcert_orbits_certificate", "problem", "report", "orbits", "chaos"}, "orbits certificate");
    known_keys(rep_, {"lrcert", "command", "problem", "periods", "precision_bits", "search", "orbits", "chaos", "notes",
                      "outcome", "exit_code"},
               "report");
    if (rep_.contains("periods")) known_keys(rep_["periods"], {"from", "to"}, "report.periods");
    if (rep_.contains("search")) known_keys(rep_["search"], {"starts", "candidates", "not_certified"}, "report.search");
    for (const char* list : {"orbits", "chaos"})
        if (cert_.contains(list) && cert_[list].is_array())
            for (const json& e : cert_[list])
                known_keys(e, std::string(list) == "orbits" ? std::initializer_list<const char*>{"period", "box"}
                                                            : std::initializer_list<const char*>{"line", "box"},
                           std::string(list) + "[]");
    auto point_keys = [&](const json& pts, const std::string& where) {
        if (!pts.is_array()) return;
        for (const json& pt : pts) {
            if (p_.scalar) known_keys(pt, {"x", "y", "reduced"}, where);
            else known_keys(pt, {"X", "Y"}, where);
            if (pt.is_object() && pt.contains("reduced")) known_keys(pt["reduced"], {"x", "y"}, where + ".reduced");
        }
    };
    if (rep_.contains("orbits") && rep_["orbits"].is_array())
        for (const json& o : rep_["orbits"]) {
            known_keys(o, {"period", "minimal", "minimal_reason", "stability", "stability_reason", "points",
                           "multipliers", "trace", "determinant"},
                       "report.orbits[]");
            if (o.contains("points")) point_keys(o["points"], "report.orbits[].points[]");
            if (o.contains("multipliers") && o["multipliers"].is_array())
                for (const json& m : o["multipliers"]) {
                    const std::string kind = m.is_object() && m.contains("kind") && m["kind"].is_string() ? m["kind"].get<std::string>() : "";
                    const std::string where = "report.orbits[].multipliers[]";
                    if (kind == "real") known_keys(m, {"kind", "value"}, where);
                    else if (kind == "complex_pair") known_keys(m, {"kind", "modulus"}, where);
                    else if (kind == "disc") known_keys(m, {"kind", "centre", "radius"}, where);
                }
        }
    if (rep_.contains("chaos") && rep_["chaos"].is_array())
        for (const json& c : rep_["chaos"]) {
            known_keys(c, {"kind", "line", "witness_period", "points", "map", "proven", "cited", "note",
                           "invariant_interval_R_squared", "topological_entropy_at_least"},
                       "report.chaos[]");
            if (c.contains("points")) point_keys(c["points"], "report.chaos[].points[]");
            if (c.contains("map")) known_keys(c["map"], {"c", "k"}, "report.chaos[].map");
        }
}

std::string OrbitsChecker::run() {
    long version = integer(at(cert_, "", "lrcert_orbits_certificate"), "lrcert_orbits_certificate", 0, 1L << 30);
    if (version != 1) throw Malformed("unknown orbits certificate version " + std::to_string(version));
    const json& pj = at(cert_, "", "problem");
    p_ = parse_problem(pj);
    compare_problem_with_file(pj, inputs_);
    // h given relative to 2/L0 (docs/checker.md, section 1c).
    auto own_L0 = [&](long bits) { return lambda_max_tight(hessian(p_.A, p_.X0, p_.Y0), bits ? bits : 64); };
    if (const std::string why = relative_h_failure(read_problem_object(pj, "certificate problem", true),
                                                   pj.value("h_over_2_over_L0", json()), own_L0);
        !why.empty())
        throw Reject{why};
    rep_ = at(cert_, "", "report");
    check_keys();
    if (str(at(rep_, "report.", "command"), "report.command") != "orbits")
        throw Reject{"report.command is not \"orbits\""};
    if (at(rep_, "report.", "problem") != pj) throw Reject{"report.problem differs from the certificate's problem"};
    const json &ro = at(rep_, "report.", "orbits"), &co = at(cert_, "", "orbits");
    if (!ro.is_array() || !co.is_array() || ro.size() != co.size())
        throw Malformed("orbits: the certificate must give a box for every reported orbit");
    if (!p_.scalar && p_.d() != 1) {
        if (!ro.empty()) throw Reject{"orbits reported for the matrix family with d >= 2 (no orbit is isolated)"};
        if (str(at(rep_, "report.", "outcome"), "report.outcome") != "undecided")
            throw Reject{"report.outcome must be undecided for the matrix family with d >= 2"};
        return "orbits: none (matrix family with d >= 2: undecided)";
    }
    const size_t N = dim(p_);
    if (N > 64) throw Malformed("problem too large for the checker's orbit proofs (n + m > 64)");
    std::vector<OrbitProof> proofs;
    std::vector<long> periods;
    std::vector<bool> minimals;
    long counts[4] = {0, 0, 0, 0}, checked = 0, skipped = 0;
    const char* kinds[4] = {"attracting", "saddle", "repelling", "undecided"};
    for (size_t i = 0; i < co.size(); ++i) {
        const std::string name = "orbits[" + std::to_string(i) + "]";
        const long per = integer(at(co[i], name + ".", "period"), name + ".period", 1, 64);
        if (integer(at(ro[i], "report." + name + ".", "period"), "report." + name + ".period", 0, 1L << 40) != per)
            throw Reject{"report." + name + ".period differs from the certificate's period " + std::to_string(per)};
        OrbitProof pr = krawczyk_orbit(p_, per, box(at(co[i], name + ".", "box"), name + ".box", N), 12);
        if (!pr.failure.empty())
            throw Reject{name + " (period " + std::to_string(per) + "): Lemma K does not hold: " + pr.failure};
        const json& minimal = at(ro[i], "report." + name + ".", "minimal");
        if (!minimal.is_boolean()) throw Malformed(name + ".minimal: a boolean is expected");
        if (minimal.get<bool>())
            if (long q = minimal_period_failure(p_, per, pr.box))
                throw Reject{name + ": minimal period " + std::to_string(per) + " not proven: F^" + std::to_string(q) +
                             "(X) meets X"};
        const json& pts = at(ro[i], "report." + name + ".", "points");
        if (!pts.is_array() || pts.size() != static_cast<size_t>(per))
            throw Malformed(name + ".points must have " + std::to_string(per) + " entries");
        for (long j = 0; j < per; ++j) {
            const std::string bad = point_misfit(name + ".points[" + std::to_string(j) + "]", pts[j], pr.points[j]);
            if (!bad.empty()) throw Reject{bad};
        }
        const std::string stab = str(at(ro[i], "report." + name + ".", "stability"), name + ".stability");
        // N > 2: the report's real multipliers serve as shifts for the checker's own
        // eigenvectors (hints only: nothing about them is assumed).
        std::vector<double> shifts;
        const json& ms = at(ro[i], "report." + name + ".", "multipliers");
        if (!ms.is_array()) throw Malformed(name + ".multipliers: an array is expected");
        for (size_t j = 0; j < ms.size() && N > 2; ++j) {
            const std::string nj = name + ".multipliers[" + std::to_string(j) + "]";
            if (str(at(ms[j], nj + ".", "kind"), nj + ".kind") == "real") {
                const I v = interval(at(ms[j], nj + ".", "value"), nj + ".value");
                shifts.push_back(Q((v.lo + v.hi) / 2).get_d());
            }
        }
        std::vector<I> real;
        const std::string why = stability_failure(pr.M, N, stab, shifts, &real);
        if (!why.empty()) throw Reject{name + ".stability " + stab + ": " + why};
        for (int k = 0; k < 4; ++k)
            if (stab == kinds[k]) ++counts[k];
        check_multipliers(name, ro[i], pr.M, N, real, checked, skipped);
        // Distinct orbits: the box misses every point of an earlier orbit, unless the
        // periods alone separate them (a proven minimal period not dividing the other's).
        // coq: distinct_divisor concl distinct_div: z_A (period pA) and z_B (period pB) are on different orbits (F^n(z_B) != z_A) when pA is proven minimal and does not divide pB, or pB is proven minimal and does not divide pA
        // coq: distinct_orbits hyp boxes_disjoint: the box X_A (holding z_A) is disjoint from every point box B_j (holding F^j(z_B), j < p) of every earlier orbit that distinct_divisor does not separate (same period, or a period not excluded by a proven minimal one)
        // coq: distinct_orbits concl distinct: F^n(z_B) != z_A for every n: the orbits are different
        const bool min_i = minimal.get<bool>();
        for (size_t k = 0; k < proofs.size(); ++k) {
            if ((min_i && periods[k] % per != 0) || (minimals[k] && per % periods[k] != 0)) continue;
            for (const Box& b : proofs[k].points)
                if (!disjoint(pr.box, b))
                    throw Reject{"orbits[" + std::to_string(k) + "] and " + name + " are not proven distinct"};
        }
        proofs.push_back(std::move(pr));
        periods.push_back(per);
        minimals.push_back(min_i);
    }
    std::string summary = "orbits: " + std::to_string(co.size()) + " orbit" + (co.size() == 1 ? "" : "s") + " (";
    bool first = true;
    for (int k = 0; k < 4; ++k)
        if (counts[k]) {
            summary += (first ? "" : ", ") + std::to_string(counts[k]) + " " + kinds[k];
            first = false;
        }
    summary += first ? "none)" : ")";
    summary += "; multipliers compared for " + std::to_string(checked);
    if (skipped)
        summary += ", not compared for " + std::to_string(skipped) +
                   " (not separated, or not all real for N > 2)";
    if (p_.scalar) {
        const std::string lines = check_chaos();
        summary += lines.empty() ? "; no chaos witness" : "; chaos on " + lines;
    }
    return summary;
}

}  // namespace

namespace {

// The exit code and the verdict line of a check: what `body` returns when it
// finishes, else the kind of its failure (Reject or a size the argument
// cannot be re-derived within: reject; a malformed input: malformed).
template <class Body>
int verdict_of(std::ostream& out, Body&& body) {
    try {
        return body();
    } catch (const Reject& r) {
        out << "reject: " << r.msg << "\n";
        return kExitReject;
    } catch (const Malformed& e) {
        out << "malformed: " << e.what() << "\n";
        return kExitMalformed;
    } catch (const json::exception& e) {
        out << "malformed: " << e.what() << "\n";
        return kExitMalformed;
    } catch (const std::range_error& e) {
        out << "reject: " << e.what() << "\n";
        return kExitReject;
    } catch (const std::exception& e) {
        out << "internal error: " << e.what() << "\n";
        return kExitInternal;
    }
}

}  // namespace

int chk::check_certificate_text(const std::string& text, std::ostream& out, const Inputs* inputs,
                               std::vector<ClaimFinding>* findings) {
    json cert;
    const int parsed = verdict_of(out, [&] {
        cert = parse_strict(text, false, "certificate");
        return kExitAccept;
    });
    if (parsed != kExitAccept) return parsed;
    return check_certificate_json(cert, out, inputs, findings);
}

int chk::check_certificate_json(const json& cert, std::ostream& out, const Inputs* inputs,
                               std::vector<ClaimFinding>* findings) {
    return verdict_of(out, [&] {
        std::string summary;
        if (cert.is_object() && cert.contains("lrcert_orbits_certificate")) {
            OrbitsChecker checker(cert, inputs);
            summary = checker.run();
        } else {
            Checker checker(cert, inputs, findings);
            summary = checker.run();
            summary += "; claims:";
            for (const std::string& v : checker.verdicts) summary += " " + v + ",";
            if (checker.verdicts.empty()) summary += " none";
            else summary.pop_back();
        }
        if (inputs) summary = "problem " + inputs->problem_path + " (sha256 " + inputs->problem_sha256 + "); " + summary;
        out << "accept: " << summary << "\n";
        return kExitAccept;
    });
}
