// What fuzzing (tests/fuzz, docs/testing.md) found, as clean errors: each
// input that once crashed, hung or threw an undocumented exception is refused
// with the documented error type and a message naming the problem. The raw
// inputs are replayed by the fuzz_replay_* ctest entries from
// tests/fuzz/regressions/.
#include <catch2/catch.hpp>

#include "lrcert/claims/claim.hpp"

using namespace lrcert::claims;

TEST_CASE("a claim file with a number beyond double is a ClaimError", "[fuzz][claims]") {
    // nlohmann's out_of_range error used to escape parse_claims.
    try {
        parse_claims(R"({"claims": 1e400})", "f.json");
        FAIL("no ClaimError");
    } catch (const ClaimError& e) {
        CHECK_THAT(e.what(), Catch::Contains("f.json: not valid JSON") && Catch::Contains("1e400"));
    }
}
