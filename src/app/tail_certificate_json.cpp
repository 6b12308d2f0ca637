#include "lrcert/app/tail_certificate_json.hpp"

#include "lrcert/io/exact_json.hpp"
#include "lrcert/number/parse.hpp"

namespace lrcert {

using nlohmann::json;

namespace {

// The exact value of a bound, as the checker reads it.
std::string exact(const Real& x) { return to_exact_string(to_rational(x)); }

}  // namespace

TailCertificateJson tail_certificate_json(const ScalarCertificate& c) {
    TailCertificateJson t;
    if (c.degenerate) {
        // Lemma M (docs/math.md, section 17): exact, decided at step 0.
        const LemmaM& M = *c.degenerate;
        const char* kind = M.kind == LemmaMCase::Converges ? "converges"
                           : M.kind == LemmaMCase::TwoCycle ? "two_cycle"
                                                            : "diverges";
        t.report = json{{"lemma", "M"},
                        {"step", 0},
                        {"line", M.line},
                        {"h_w0", to_exact_string(M.h_w0)},
                        {"case", kind}};
        if (M.kind == LemmaMCase::Diverges) t.report["q"] = to_exact_string(M.q);
        t.checker["lemma_M"] = json{{"line", M.line}, {"h_w0", to_exact_string(M.h_w0)}};
    } else if (c.outcome == Outcome::Converged) {
        const LemmaS& L = *c.first_lemma;
        const ScalarLimit& lim = *c.limit;
        t.report = json{{"lemma", "S"},
                        {"step", *c.first_tail_step},
                        {"eps", upper_bound_json(L.eps, 6)},
                        {"rho", upper_bound_json(L.rho, 6)},
                        {"c", upper_bound_json(L.c, 6)},
                        {"Delta", upper_bound_json(L.Delta, 6)},
                        {"delta", upper_bound_json(L.delta, 6)},
                        {"refined_step", lim.step},
                        {"refined_delta", upper_bound_json(lim.lemma.delta, 6)}};
        t.checker["lemma_S"] = json{{"step", *c.first_tail_step}, {"Delta", exact(L.Delta.real())}};
        t.checker["lemma_S_refined"] = json{{"step", lim.step}, {"Delta", exact(lim.lemma.Delta.real())}};
    } else if (c.outcome == Outcome::Diverged) {
        t.report = json{{"lemma", "D"},
                        {"step", *c.divergence_step},
                        {"sigma", c.divergence->sigma},
                        {"t", interval_json(c.divergence->t, 12)}};
        t.checker["lemma_D"] = json{{"step", *c.divergence_step}, {"sigma", c.divergence->sigma}};
    } else if (c.outcome == Outcome::NotConverged && c.nonconvergence) {
        const LemmaN& N = *c.nonconvergence;
        t.report = json{{"lemma", "N"}, {"step", N.step}, {"prime", N.prime}, {"s", N.s}, {"e", N.e}};
        t.checker["lemma_N"] = json{{"step", N.step}, {"prime", N.prime}};
    }
    return t;
}

TailCertificateJson tail_certificate_json(const MatrixCertificate& c) {
    TailCertificateJson t;
    if (c.limit && c.first_lemma->positive_loss) {
        // Lemma P (docs/math.md 7.4c).
        const LemmaP& P = *c.first_lemma->positive_loss;
        const MatrixLimit& lim = *c.limit;
        t.report = json{{"lemma", "P"},
                        {"step", *c.first_tail_step},
                        {"rho_B", upper_bound_json(P.rho_B, 6)},
                        {"L_B", upper_bound_json(P.L_B, 6)},
                        {"sX", lower_bound_json(P.sX, 6)},
                        {"tau", lower_bound_json(P.tau, 6)},
                        {"delta_B", lower_bound_json(P.delta_B, 6)},
                        {"mu_B", lower_bound_json(P.mu_B, 6)},
                        {"G_B", upper_bound_json(P.G_B, 6)},
                        {"q", upper_bound_json(P.q, 6)},
                        {"E_K", upper_bound_json(P.E_K, 6)},
                        {"reach", upper_bound_json(P.reach, 6)},
                        {"refined_step", lim.step},
                        {"refined_reach", upper_bound_json(lim.lemma.reach, 6)}};
        t.checker["lemma_P"] = json{{"step", *c.first_tail_step}, {"rho_B", exact(P.rho_B.real())}};
        t.checker["lemma_P_refined"] = json{{"step", lim.step}, {"rho_B", exact(lim.lemma.rho_B.real())}};
    } else if (c.limit) {
        const LemmaG& G = *c.first_lemma;
        const MatrixLimit& lim = *c.limit;
        t.report = json{{"lemma", "G"},
                        {"step", *c.first_tail_step},
                        {"rho_B", upper_bound_json(G.rho_B, 6)},
                        {"L_B", upper_bound_json(G.L_B, 6)},
                        {"mu_B", lower_bound_json(G.mu_B, 6)},
                        {"G_B", upper_bound_json(G.G_B, 6)},
                        {"q", upper_bound_json(G.q, 6)},
                        {"reach", upper_bound_json(G.reach, 6)},
                        {"refined_step", lim.step},
                        {"refined_reach", upper_bound_json(lim.lemma.reach, 6)}};
        if (G.lowrank) {
            // Lemma LR (docs/math.md section 7.4b): Lemma G's fields and the low-rank PL data.
            const LowRankPL& L = *G.lowrank;
            t.report["lemma"] = "LR";
            t.report["rank"] = L.rank;
            t.report["sigma_sq_low"] = lower_bound_json(L.sigma_sq_low, 6);
            t.report["s_B"] = lower_bound_json(L.s_B, 6);
            t.report["R_B"] = upper_bound_json(L.R_B, 6);
            t.checker["lemma_LR"] = json{{"step", *c.first_tail_step},
                                         {"rho_B", exact(G.rho_B.real())},
                                         {"sigma_sq_low", exact(L.sigma_sq_low.real())}};
            t.checker["lemma_LR_refined"] = json{{"step", lim.step}, {"rho_B", exact(lim.lemma.rho_B.real())}};
        } else {
            t.checker["lemma_G"] = json{{"step", *c.first_tail_step}, {"rho_B", exact(G.rho_B.real())}};
            t.checker["lemma_G_refined"] = json{{"step", lim.step}, {"rho_B", exact(lim.lemma.rho_B.real())}};
        }
    } else if (c.isotropic && c.isotropic->limit) {
        // Lemma I on the Gram map (docs/math.md, section 16.1); lrcert-check does not verify it yet.
        const LemmaI& L = *c.isotropic->first_lemma;
        const IsotropicLimit& lim = *c.isotropic->limit;
        t.report = json{{"lemma", "I"},
                        {"step", *c.isotropic->first_tail_step},
                        {"w", upper_bound_json(L.w, 6)},
                        {"eps", upper_bound_json(L.eps, 6)},
                        {"rho", upper_bound_json(L.rho, 6)},
                        {"q", upper_bound_json(L.q, 6)},
                        {"q_g", upper_bound_json(L.q_g, 6)},
                        {"beta", upper_bound_json(L.beta, 6)},
                        {"C", upper_bound_json(L.C, 6)},
                        {"D", upper_bound_json(L.D, 6)},
                        {"reach", upper_bound_json(L.reach, 6)},
                        {"refined_step", lim.step},
                        {"refined_reach", upper_bound_json(lim.lemma.reach, 6)},
                        {"refined_x_reach", upper_bound_json(lim.lemma.x_reach, 6)},
                        {"refined_y_reach", upper_bound_json(lim.lemma.y_reach, 6)}};
        t.checker["lemma_I"] =
            json{{"step", *c.isotropic->first_tail_step}, {"w", exact(L.w)}, {"D", exact(L.D.real())}};
        t.checker["lemma_I_refined"] =
            json{{"step", lim.step}, {"w", exact(lim.lemma.w)}, {"D", exact(lim.lemma.D.real())}};
    } else if (c.outcome == Outcome::Diverged) {
        const LemmaDM& D = *c.divergence;
        t.report = json{{"lemma", "DM"},
                        {"step", *c.divergence_step},
                        {"t", lower_bound_json(D.t, 12)},
                        {"p", upper_bound_json(D.p, 12)},
                        {"a", upper_bound_json(D.a, 12)},
                        {"kappa", lower_bound_json(D.kappa, 12)},
                        {"g", lower_bound_json(D.g, 12)}};
        t.checker["lemma_DM"] = json{{"step", *c.divergence_step}, {"kappa", exact(D.kappa.real())}};
    }
    return t;
}

}  // namespace lrcert

namespace lrcert {

json isotropic_json(const IsotropicCertificate& c, int digits) {
    json r{{"mu", to_exact_string(c.mu)}, {"min_loss", to_exact_string(c.min_loss)}, {"reduction", "gram"}};
    if (c.limit) {
        r["gram_limit"] = json{{"a", interval_json(c.limit->a, digits)},
                               {"b", interval_json(c.limit->b, digits)},
                               {"c", to_exact_string(c.mu)}};
    }
    return r;
}

}  // namespace lrcert
