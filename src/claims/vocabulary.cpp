#include "lrcert/claims/vocabulary.hpp"

#include <array>

namespace lrcert::claims {

namespace {

constexpr std::array kVocabulary = {
    // ---- both families ------------------------------------------------------
    VocabularyEntry{"h", Kind::Scalar, Family::All, "learning rate (the exact input, enclosed)"},
    VocabularyEntry{"n", Kind::Scalar, Family::All, "rows of A (1 in the scalar family)"},
    VocabularyEntry{"m", Kind::Scalar, Family::All, "columns of A (1 in the scalar family)"},
    VocabularyEntry{"d", Kind::Scalar, Family::All,
                    "inner dimension: columns of X and Y (length of x, y in the scalar family)"},
    VocabularyEntry{"L0", Kind::Scalar, Family::All,
                    "lambda_max of the Hessian of f at the initial point (the L of \"beyond 2/L\")"},
    VocabularyEntry{"converged", Kind::Truth, Family::All,
                    "true: certified that GD converges to a global minimizer (f -> min f: 0, or min_loss "
                    "when d < min(n, m)); false: certified that it does not; unknown otherwise"},
    VocabularyEntry{"periodic", Kind::Truth, Family::All,
                    "true: certified that GD converges to a cycle of minimal period >= 2 (outcome periodic); "
                    "false: certified that it does not (it converges to a minimizer, or diverges); unknown otherwise"},
    VocabularyEntry{"cycle_attracting", Kind::Truth, Family::All,
                    "true: certified that GD converges to a cycle, which is then attracting (a contraction "
                    "region of it is proven); unknown otherwise"},
    VocabularyEntry{"period", Kind::Scalar, Family::All,
                    "minimal period of the cycle GD converges to (only when periodic)"},
    VocabularyEntry{"cycle_loss", Kind::Vector, Family::All,
                    "f at each point of the cycle, in the order GD visits them from the certified step on (length period)"},
    VocabularyEntry{"cycle_sharpness", Kind::Vector, Family::All,
                    "lambda_max of the Hessian of f at each point of the cycle (length period)"},
    VocabularyEntry{"diverged", Kind::Truth, Family::All,
                    "true: certified that f -> infinity along GD (Lemma D, scalar family; Lemma DM, matrix "
                    "family); false: certified that GD converges (so f stays bounded); unknown otherwise"},
    VocabularyEntry{"sharpness_inf", Kind::Scalar, Family::All,
                    "lambda_max of the Hessian of f at the limit of GD (only when the limit is certified)"},
    VocabularyEntry{"loss_inf", Kind::Scalar, Family::All, "f at the limit of GD"},
    VocabularyEntry{"norm_gap_0", Kind::Scalar, Family::All,
                    "|x0|^2 - |y0|^2 (scalar family), ||X0||_F^2 - ||Y0||_F^2 (matrix family)"},
    VocabularyEntry{"norm_gap_inf", Kind::Scalar, Family::All, "norm_gap at the limit of GD"},
    // ---- scalar family: A = mu, x = X^T, y = Y^T in R^d ------------------------
    VocabularyEntry{"mu", Kind::Scalar, Family::Scalar, "the target: A = mu (a 1 x 1 matrix)"},
    VocabularyEntry{"x0", Kind::Vector, Family::Scalar, "initial x (length d)"},
    VocabularyEntry{"y0", Kind::Vector, Family::Scalar, "initial y (length d)"},
    VocabularyEntry{"S0", Kind::Scalar, Family::Scalar, "|x0|^2 + |y0|^2"},
    VocabularyEntry{"r0", Kind::Scalar, Family::Scalar, "initial residual mu - x0 . y0"},
    VocabularyEntry{"a0", Kind::Scalar, Family::Scalar,
                    "|x0 + y0|^2, computed exactly (a thin [0, 0] exactly when x0 = -y0)"},
    VocabularyEntry{"imbalance_0", Kind::Scalar, Family::Scalar,
                    "|x0 - y0|^2, computed exactly (a thin [0, 0] exactly when x0 = y0)"},
    VocabularyEntry{"x_inf", Kind::Vector, Family::Scalar, "limit of x (length d)"},
    VocabularyEntry{"y_inf", Kind::Vector, Family::Scalar, "limit of y (length d)"},
    VocabularyEntry{"imbalance_inf", Kind::Scalar, Family::Scalar, "|x_inf - y_inf|^2"},
    VocabularyEntry{"a_inf", Kind::Scalar, Family::Scalar, "|x_inf + y_inf|^2"},
    // ---- matrix family ----------------------------------------------------------
    VocabularyEntry{"A", Kind::Matrix, Family::Matrix, "the target matrix (n x m)"},
    VocabularyEntry{"X0", Kind::Matrix, Family::Matrix, "initial X (n x d)"},
    VocabularyEntry{"Y0", Kind::Matrix, Family::Matrix, "initial Y (m x d)"},
    VocabularyEntry{"X_inf", Kind::Matrix, Family::Matrix, "limit of X (n x d)"},
    VocabularyEntry{"Y_inf", Kind::Matrix, Family::Matrix, "limit of Y (m x d)"},
    VocabularyEntry{"imbalance_inf", Kind::Scalar, Family::Matrix,
                    "||X_inf - Y_inf||_F^2 (square A only; unavailable when n != m)"},
    VocabularyEntry{"min_loss", Kind::Scalar, Family::Matrix,
                    "f* = min f = 1/2 sum_{i>d} sigma_i(A)^2 (Eckart-Young): 0 when d >= min(n, m), an "
                    "enclosure when d < min(n, m), (n - 1) mu^2 / 2 exactly for A = mu I, d = 1"},
};

constexpr std::array kReportLabels = {
    // ---- scalar family ----------------------------------------------------------
    ReportLabel{"imbalance_inf", Family::Scalar, "imbalance |x_inf - y_inf|^2", ""},
    ReportLabel{"sharpness_inf", Family::Scalar, "sharpness |x_inf|^2+|y_inf|^2", "h S_inf"},
    ReportLabel{"norm_gap_inf", Family::Scalar, "norm gap |x|^2 - |y|^2", ""},
    ReportLabel{"a_inf", Family::Scalar, "a |x_inf + y_inf|^2", ""},
    ReportLabel{"loss_inf", Family::Scalar, "loss f at the limit", ""},
    ReportLabel{"x_inf", Family::Scalar, "x_inf", ""},
    ReportLabel{"y_inf", Family::Scalar, "y_inf", ""},
    // ---- matrix family ----------------------------------------------------------
    ReportLabel{"sharpness_inf", Family::Matrix, "sharpness lambda_max(Hess)", "h * it"},
    ReportLabel{"norm_gap_inf", Family::Matrix, "norm gap ||X||_F^2-||Y||_F^2", ""},
    ReportLabel{"imbalance_inf", Family::Matrix, "imbalance ||X - Y||_F^2", ""},
    ReportLabel{"loss_inf", Family::Matrix, "loss f at the limit", ""},
    ReportLabel{"X_inf", Family::Matrix, "X_inf", ""},
    ReportLabel{"Y_inf", Family::Matrix, "Y_inf", ""},
};

constexpr std::array kFunctions = {
    FunctionEntry{"norm2", "norm2(v) -> number",
                  "squared Euclidean norm of a vector; squared Frobenius norm of a matrix; x^2 of a number"},
    FunctionEntry{"fro2", "fro2(M) -> number", "||M||_F^2 (same as norm2)"},
    FunctionEntry{"trace", "trace(M) -> number",
                  "trace of a square matrix (unavailable if not square); a number is its own trace"},
    FunctionEntry{"dot", "dot(u, v) -> number",
                  "sum of u_k v_k: equal shapes, or two vectors of equal length in any orientation; "
                  "the product of two numbers"},
    FunctionEntry{"abs", "abs(x) -> number", "|x|"},
    FunctionEntry{"sqrt", "sqrt(x) -> number",
                  "square root; unavailable unless x is certainly >= 0"},
    FunctionEntry{"min", "min(a, b, ...) -> number", "minimum of two or more numbers"},
    FunctionEntry{"max", "max(a, b, ...) -> number", "maximum of two or more numbers"},
    FunctionEntry{"spec_norm", "spec_norm(M) -> number",
                  "spectral norm ||M||_2 = sigma_1(M) of a vector/matrix (certified enclosure)"},
    FunctionEntry{"sigma_min", "sigma_min(M) -> number",
                  "smallest singular value sigma_k(M), k = min(rows, cols); 0 exactly when rank(M) < k"},
    FunctionEntry{"sigma", "sigma(M, i) -> number",
                  "i-th largest singular value, 1-based; i an exact integer; unavailable unless 1 <= i <= "
                  "min(rows, cols)"},
    FunctionEntry{"lambda_max", "lambda_max(M) -> number",
                  "largest eigenvalue of the symmetric part (M + M^T)/2 of a square matrix (= lambda_max(M) for "
                  "symmetric M); unavailable if not square"},
    FunctionEntry{"rank", "rank(M) -> number",
                  "rank: exact for an exact matrix; otherwise an integer interval [lo, hi] of the possible ranks"},
};

}  // namespace

const char* to_string(Family f) {
    switch (f) {
        case Family::Scalar: return "scalar";
        case Family::Matrix: return "matrix";
        case Family::All: return "all";
    }
    return "?";
}

std::optional<Family> parse_family(std::string_view text) {
    if (text == "scalar") return Family::Scalar;
    if (text == "matrix") return Family::Matrix;
    if (text == "all") return Family::All;
    return std::nullopt;
}

const char* to_string(Kind k) {
    switch (k) {
        case Kind::Truth: return "truth";
        case Kind::Scalar: return "scalar";
        case Kind::Vector: return "vector";
        case Kind::Matrix: return "matrix";
    }
    return "?";
}

std::span<const VocabularyEntry> vocabulary() { return kVocabulary; }

std::span<const FunctionEntry> functions() { return kFunctions; }

std::span<const ReportLabel> report_labels() { return kReportLabels; }

const VocabularyEntry* find_name(std::string_view name, Family claim_family) {
    const VocabularyEntry* scalar = nullptr;
    const VocabularyEntry* matrix = nullptr;
    for (const VocabularyEntry& e : kVocabulary) {
        if (e.name != name) continue;
        if (e.family == Family::All) return &e;
        if (e.family == Family::Scalar) scalar = &e;
        if (e.family == Family::Matrix) matrix = &e;
    }
    switch (claim_family) {
        case Family::Scalar: return scalar;
        case Family::Matrix: return matrix;
        case Family::All: return scalar && matrix ? scalar : nullptr;
    }
    return nullptr;
}

std::optional<Kind> kind_of_name(std::string_view name) {
    for (const VocabularyEntry& e : kVocabulary)
        if (e.name == name) return e.kind;
    return std::nullopt;
}

}  // namespace lrcert::claims
