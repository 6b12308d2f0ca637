// Fuzz target: claim files (include/lrcert/claims/claim.hpp, parse_claims on a
// file's text). Everything malformed must be refused with ClaimError; every
// parsed claim must pass validate_claim.
#include "fuzz_support.hpp"

#include "lrcert/claims/claim.hpp"

using namespace lrcert::claims;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 65536) return 0;
    const std::string text = lrcert::fuzz::text_of(data, size);
    std::vector<Claim> claims;
    if (!lrcert::fuzz::expect_only<ClaimError>("parse_claims", [&] { claims = parse_claims(text, "fuzz.json"); }))
        return 0;
    for (const Claim& c : claims)
        if (!lrcert::fuzz::expect_only<ClaimError>("validate_claim", [&] { validate_claim(c); }))
            lrcert::fuzz::finding("a parsed claim fails validate_claim: " + c.id);
    return 0;
}
