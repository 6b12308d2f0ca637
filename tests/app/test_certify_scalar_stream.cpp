// A scalar problem read the ordinary way and compactly (StartStorage::Compact,
// what `lrcert certify` does) gives the same report, verdicts and enclosures;
// above kMaxKeptCoordinates the report's limit coordinates, enclosed one at a
// time, contain the exact limit (oracle: from x0 = y0 and mu = 1 GD converges
// to x_inf = y_inf = x0 / |x0|, a closed form checked here in exact rationals).
#include "lrcert/app/certify_command.hpp"
#include "lrcert/certify/scalar_reduction.hpp"
#include "lrcert/io/problem_file.hpp"
#include "lrcert/number/parse.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <random>
#include <string>
#include <vector>

using namespace lrcert;

namespace {

// x0 (and y0 = x0 when `equal`) of 6-digit decimals, as strings and JSON numbers.
// Entries m 10^e with 6-digit m and e in [e_max - 3, e_max].
std::string problem_text(size_t d, bool equal, const std::string& h, int e_max, std::vector<Rational>* x_values) {
    std::mt19937_64 rng(d);
    std::uniform_int_distribution<long long> m(100000, 999999);
    std::uniform_int_distribution<int> e(e_max - 3, e_max), sign(0, 3);
    std::string x = "[", y = "[";
    for (size_t i = 0; i < d; ++i) {
        const long long mx = m(rng) * (sign(rng) == 0 ? -1 : 1), my = m(rng);
        const int ex = e(rng), ey = e(rng);
        const std::string tx = std::to_string(mx) + "e" + std::to_string(ex);
        const std::string ty = std::to_string(my) + "e" + std::to_string(ey);
        x += (i ? "," : "") + (i % 2 ? tx : "\"" + tx + "\"");
        y += (i ? "," : "") + (equal ? (i % 2 ? tx : "\"" + tx + "\"") : "\"" + ty + "\"");
        if (x_values) x_values->push_back(parse_exact(tx));
    }
    return "{\"family\": \"scalar\", \"mu\": \"1\", \"x0\": " + x + "], \"y0\": " + y + "], \"h\": \"" + h + "\"}";
}

nlohmann::json report_of(const Problem& p) {
    CertifyOptions o;
    const CertifyRun run = run_certify(p, {}, o);
    nlohmann::json r = report_json(run);
    r.erase("elapsed_seconds");
    r.erase("verdict_seconds");
    return r;
}

// lo <= s sqrt(q) <= hi for s = +-1, q >= 0, in exact rationals.
bool contains_signed_root(const Rational& lo, const Rational& hi, int s, const Rational& q) {
    if (s > 0) return (lo <= 0 || lo * lo <= q) && hi >= 0 && hi * hi >= q;
    return lo <= 0 && lo * lo >= q && (hi >= 0 || hi * hi <= q);
}

}  // namespace

TEST_CASE("ordinary and compact reading certify the same", "[cli][stream]") {
    for (size_t d : {size_t(3), size_t(2000), kMaxKeptCoordinates + 1}) {
        INFO("d = " << d);
        const std::string text = problem_text(d, false, "0.037", d < 100 ? -6 : -9, nullptr);
        const Problem a = parse_problem(text, "t.json");
        const Problem b = parse_problem(text, "t.json", StartStorage::Compact);
        REQUIRE(a == b);
        const nlohmann::json ra = report_of(a), rb = report_of(b);
        CHECK(ra == rb);
        REQUIRE(ra.at("outcome") == "converged");
        CHECK(ra.at("limit").at("x").size() == d);
    }
}

TEST_CASE("the limit's coordinates contain the exact limit, kept or enclosed one at a time", "[cli][stream]") {
    for (size_t d : {size_t(500), kMaxKeptCoordinates + 1}) {
        INFO("d = " << d);
        std::vector<Rational> x;
        const Problem p = parse_problem(problem_text(d, true, "0.5", -10, &x), "t.json", StartStorage::Compact);
        const nlohmann::json r = report_of(p);
        REQUIRE(r.at("outcome") == "converged");
        Rational norm2 = 0;
        for (const Rational& v : x) norm2 += v * v;
        const nlohmann::json& lx = r.at("limit").at("x");
        const nlohmann::json& ly = r.at("limit").at("y");
        REQUIRE(lx.size() == d);
        bool all = true;
        for (size_t i = 0; i < d; ++i) {
            const int s = x[i] < 0 ? -1 : 1;
            const Rational q = x[i] * x[i] / norm2;  // x_inf_i^2
            for (const nlohmann::json* l : {&lx, &ly}) {
                const Rational lo = parse_exact((*l)[i].at("lo").get<std::string>());
                const Rational hi = parse_exact((*l)[i].at("hi").get<std::string>());
                all = all && contains_signed_root(lo, hi, s, q);
            }
        }
        CHECK(all);
    }
}
