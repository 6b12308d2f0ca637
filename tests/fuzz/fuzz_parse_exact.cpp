// Fuzz target: the exact-number parser (include/lrcert/number/parse.hpp).
// Accepted texts must round-trip through to_exact_string; everything else must
// be refused with ParseError.
#include "fuzz_support.hpp"

#include "lrcert/number/parse.hpp"

using namespace lrcert;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 4096) return 0;  // numbers are short; longer texts only cost time
    const std::string text = fuzz::text_of(data, size);
    Rational q;
    if (!fuzz::expect_only<ParseError>("parse_exact", [&] { q = parse_exact(text); })) return 0;
    const std::string canonical = to_exact_string(q);
    Rational back;
    if (!fuzz::expect_only<ParseError>("parse_exact(to_exact_string)", [&] { back = parse_exact(canonical); }))
        fuzz::finding("to_exact_string gave text parse_exact refuses: \"" + canonical + "\"");
    if (back != q) fuzz::finding("round trip changed the value of \"" + text + "\"");
    return 0;
}
