// Fuzz target: the sweep-spec reader (include/lrcert/app/sweep_spec.hpp,
// parse_sweep_spec(text, origin, base_dir)); relative base files resolve
// against examples/figures of the source tree, as for the example specs.
// Everything malformed must be refused with InputError. For a small accepted
// spec the grid is expanded and the normal form (spec_to_json) must be a fixed
// point: parsing it again gives the same normal form.
#include "fuzz_support.hpp"

#include "lrcert/app/sweep_spec.hpp"

#ifndef LRCERT_FUZZ_SPEC_DIR
#error "LRCERT_FUZZ_SPEC_DIR (the folder relative base files resolve against) must be defined"
#endif

using namespace lrcert;

namespace {

size_t axis_size(const AxisSpec& a) { return a.values.empty() ? a.count : a.values.size(); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 65536) return 0;
    const std::string text = fuzz::text_of(data, size);
    SweepSpec spec;
    if (!fuzz::expect_only<InputError>("parse_sweep_spec",
                                       [&] { spec = parse_sweep_spec(text, "fuzz.json", LRCERT_FUZZ_SPEC_DIR); }))
        return 0;
    // Harness limits: the work below grows with the grid and the problem size
    // (an L0 per start row for h relative to 2/L0), not with the text.
    const size_t points = axis_size(spec.h) * (spec.start_kind == StartAxis::None ? 1 : axis_size(spec.start));
    const size_t entries = spec.base.A.size() + spec.base.z0.X.size() + spec.base.z0.Y.size();
    if (points > 64 || entries > 64) return 0;
    fuzz::expect_only<InputError>("expand_grid", [&] {
        SweepGrid g = expand_grid(spec);
        if (g.points.size() != points) fuzz::finding("expand_grid: wrong number of points");
    });
    std::string normal;
    fuzz::expect_only<fuzz::NoException>("spec_to_json", [&] { normal = spec_to_json(spec).dump(); });
    SweepSpec again;
    if (!fuzz::expect_only<InputError>("parse_sweep_spec(spec_to_json)",
                                       [&] { again = parse_sweep_spec(normal, "", ""); }))
        fuzz::finding("parse_sweep_spec refuses the normal form: " + normal.substr(0, 300));
    if (spec_to_json(again).dump() != normal) fuzz::finding("the normal form is not a fixed point: " + normal.substr(0, 300));
    return 0;
}
