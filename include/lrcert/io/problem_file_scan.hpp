// The fast reading of a problem file's long vectors (docs/formats.md,
// "Problem files"; issue 15 item 4): the top-level "x0" and "y0" arrays are
// read by a small dedicated scanner straight into compact exact columns
// (number/decimal_column.hpp), so that no JSON tree of per-number objects is
// built for them. Everything else of the document is still parsed by the
// ordinary exact JSON reader (io/exact_json.hpp), on a skeleton of the text in
// which each captured array is replaced by "[]".
//
// The scanner is only an accelerator, never a judge: it captures an array only
// when every element is a plain JSON string (printable ASCII, no escapes) or a
// JSON number well inside the double range, and it gives up (nullopt) on any
// text it does not fully understand. Whenever it gives up, or the skeleton
// is not valid JSON, the caller parses the whole original text the ordinary
// way, so that every error message stays exactly what it was.
#pragma once

#include "lrcert/number/decimal_column.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lrcert {

// One captured top-level array: its element count, the elements that are
// SmallDecimals (number/parse.hpp), and the text of every other element (in
// index order) for the ordinary exact parse, which gives the value or the
// error message naming the element.
struct CapturedArray {
    std::string key;  // "x0" or "y0"
    size_t size = 0;
    DecimalColumn small;  // entries at the indices not listed in `texts` are SmallDecimals
    std::vector<std::pair<size_t, std::string>> texts;
};

struct ScannedProblemText {
    std::string skeleton;  // the text with each captured array replaced by "[]"
    std::vector<CapturedArray> arrays;
};

// The skeleton and the captured arrays of `text`, or nullopt when the scanner
// does not understand the text (the caller parses it the ordinary way).
// Captures the values of the top-level keys "x0" and "y0" that are non-empty
// flat arrays as described above. Guarantee: if the skeleton is valid JSON,
// the original text is valid JSON with the same structure, and element j of
// a captured array has the same exact value (or, for a string, the same
// text) as the ordinary reader gives it.
std::optional<ScannedProblemText> scan_problem_text(std::string_view text);

}  // namespace lrcert
