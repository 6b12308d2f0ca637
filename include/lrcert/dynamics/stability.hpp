// Stability of a periodic orbit from an enclosure M of its monodromy matrix
// DF^p (docs/math.md, section 11.4). Every verdict holds for every matrix in M.
#pragma once

#include "lrcert/linalg/matrix.hpp"
#include "lrcert/number/bound.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lrcert {

enum class Stability { Attracting, Repelling, Saddle, Undecided };
// "attracting", "repelling", "saddle", "undecided".
const char* stability_name(Stability s);

// One multiplier (eigenvalue of DF^p at the orbit), or one disc holding some.
struct Multiplier {
    enum class Kind { RealValue, ComplexPair, Disc };
    Kind kind = Kind::RealValue;
    // RealValue: the eigenvalue; ComplexPair: the common modulus sqrt(det) of the
    // pair; Disc: the centre of a disc on the real axis holding some (N > 2,
    // section 11.4).
    Interval value;
    UpperBound radius;  // Disc: its radius; 0 otherwise
};

struct StabilityVerdict {
    Stability stability = Stability::Undecided;
    std::string reason;  // why undecided; the criterion used otherwise
    std::vector<Multiplier> multipliers;
    // N = 2: enclosures of tr M and det M.
    std::optional<Interval> trace, determinant;
};

// Stability of every matrix in the enclosure M (section 11.4): N = 2 by the
// closed form (Jury conditions); N > 2 from B = P^-1 M P with P built from the
// double eigenvectors of `approx` (a matrix near M): Gershgorin discs of B for
// a real spectrum, Bauer-Fike discs around a normal block-diagonal part of B
// when there are complex pairs.
StabilityVerdict classify_stability(const Matrix<Interval>& M, const Matrix<double>& approx);

}  // namespace lrcert
