// lrcert-check: the whole check of one certificate, from its JSON text to the
// verdict (docs/checker.md). main.cpp reads the file and calls this; the fuzz
// target tests/fuzz/fuzz_certificate.cpp calls it on arbitrary text.
#pragma once

#include "inputs.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace chk {

// Exit codes of lrcert-check.
constexpr int kExitAccept = 0;
constexpr int kExitReject = 1;
constexpr int kExitMalformed = 3;
constexpr int kExitInternal = 4;

// Parses `text` as a certificate and re-verifies it. With `inputs` (the
// command line always gives them) the certificate's problem and claims must
// equal the problem file and the claim files; the fuzz target passes none.
// Writes one line to `out` ("accept: ...", "reject: ...", "malformed: ..." or
// "internal error: ...") and returns the matching exit code. Never throws:
// every exception is mapped to a verdict.
// Per claim of a checked certify certificate: the verdict the certificate
// claims and the one the checker proves (for --strengthen, crosscheck.hpp).
struct ClaimFinding {
    std::string id, claimed, proven;
};

// `findings`, when given, receives one ClaimFinding per claim checked.
int check_certificate_text(const std::string& text, std::ostream& out, const Inputs* inputs = nullptr,
                           std::vector<ClaimFinding>* findings = nullptr);
// The same on a certificate already read by parse_strict(text, false, "certificate")
// (the cross-checks read it once for both).
int check_certificate_json(const nlohmann::json& cert, std::ostream& out, const Inputs* inputs = nullptr,
                           std::vector<ClaimFinding>* findings = nullptr);

}  // namespace chk
