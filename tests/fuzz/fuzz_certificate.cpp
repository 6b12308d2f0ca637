// Fuzz target: lrcert-check's certificate reader and checks
// (proofs-check/check.hpp, check_certificate_text). Every input must end in a
// verdict: accept, reject or malformed. "internal error" (an exception the
// checker did not expect, e.g. from its own arithmetic) is a finding.
// Each input is checked twice: without the checker's inputs, and with a
// problem file as lrcert-check reads it (docs/checker.md, section 1b): the
// text before a line "---" when the input has one, else the certificate's
// own `problem` (so that the comparison runs on every certificate). The claim
// files are not given (their comparison is not fuzzed here).
#include "fuzz_support.hpp"

#include "check.hpp"
#include "claims.hpp"
#include "inputs.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

namespace {

using nlohmann::json;

// Harness limits. The checker's work is proportional to the steps a
// certificate names (up to 10^8 by design) and grows with grid_bits (up to
// 2^20): honest work, not a parser problem. Certificates beyond these bounds
// are skipped so that an execution stays well under the fuzzing timeout.
constexpr long kMaxStep = 4000;
constexpr long kMaxGridBits = 8192;

bool too_much_work(const json& j, int depth = 0) {
    if (depth > 64) return false;  // certificates are shallow; deeper parts are never read
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            const json& v = it.value();
            if (v.is_number_integer()) {
                const std::string& k = it.key();
                const long limit = k == "grid_bits" ? kMaxGridBits
                                   : (k == "step" || k == "refined_step" || k == "steps" || k == "trajectory_steps")
                                       ? kMaxStep
                                       : -1;
                if (limit >= 0 && (v.is_number_unsigned() ? v.get<unsigned long>() > static_cast<unsigned long>(limit)
                                                          : v.get<long>() > limit))
                    return true;
            }
            if (too_much_work(v, depth + 1)) return true;
        }
    } else if (j.is_array()) {
        for (const json& v : j)
            if (too_much_work(v, depth + 1)) return true;
    }
    return false;
}

void check_once(const std::string& text, const chk::Inputs* inputs) {
    std::ostringstream out;
    int code = chk::kExitInternal;
    lrcert::fuzz::expect_only<lrcert::fuzz::NoException>("check_certificate_text",
                                                         [&] { code = chk::check_certificate_text(text, out, inputs); });
    if (code == chk::kExitInternal) lrcert::fuzz::finding("lrcert-check: " + out.str());
    if (code != chk::kExitAccept && code != chk::kExitReject && code != chk::kExitMalformed)
        lrcert::fuzz::finding("lrcert-check: unknown exit code " + std::to_string(code));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 65536) return 0;
    const std::string input = lrcert::fuzz::text_of(data, size);
    const size_t cut = input.find("\n---\n");
    const std::string text = cut == std::string::npos ? input : input.substr(cut + 5);
    const json pre = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!pre.is_discarded() && too_much_work(pre)) return 0;
    check_once(text, nullptr);
    // The problem file, read as lrcert-check's main() reads it; a malformed
    // one ends there (exit 3 in lrcert-check), anything else is a finding.
    std::string problem_text;
    if (cut != std::string::npos) problem_text = input.substr(0, cut);
    else if (pre.is_object() && pre.contains("problem")) problem_text = pre["problem"].dump();
    else return 0;
    chk::Inputs inputs;
    inputs.problem_path = "fuzz problem";
    inputs.problem_sha256 = chk::sha256_hex(problem_text);
    const bool read = lrcert::fuzz::expect_only<chk::Malformed>("problem file", [&] {
        inputs.problem = chk::read_problem_object(chk::parse_strict(problem_text, true, "problem file"), "problem file");
    });
    if (read) check_once(text, &inputs);
    return 0;
}
