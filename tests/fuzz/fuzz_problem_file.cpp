// Fuzz target: the problem-file reader (include/lrcert/io/problem_file.hpp,
// parse_problem on the file's text). Accepted problems must round-trip through
// problem_to_json; everything else must be refused with InputError.
#include "fuzz_support.hpp"

#include "lrcert/io/problem_file.hpp"

using namespace lrcert;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 65536) return 0;
    const std::string text = fuzz::text_of(data, size);
    Problem p;
    if (!fuzz::expect_only<InputError>("parse_problem", [&] { p = parse_problem(text, "fuzz.json"); })) return 0;
    std::string again;
    Problem q;
    fuzz::expect_only<fuzz::NoException>("problem_to_json", [&] { again = problem_to_json(p).dump(); });
    if (!fuzz::expect_only<InputError>("parse_problem(problem_to_json)", [&] { q = parse_problem(again, "again"); }))
        fuzz::finding("parse_problem refuses problem_to_json's output: " + again.substr(0, 200));
    if (!(q == p)) fuzz::finding("problem_to_json round trip changed the problem");
    return 0;
}
