// Calibration of the default analysis by simulation: how often a factor with no effect
// is flagged (adjusted p < 0.05), and how often a real 1-point effect is, in journals
// with AR(1) noise (phi 0.5, SD 1.5 pain points) and a real stress effect beside it.
// Seeded and deterministic; classic OLS and Newey-West rates are printed beside.
#include <cstdio>
#include <string>

#include <doctest/doctest.h>

#include "analytics/analysis.h"
#include "analytics/simulate.h"

namespace painlog::analytics {
namespace {

constexpr int k_journals = 500;

// Share of journals whose factor finding is flagged, under the given standard errors.
double flagged_share(const test::JournalDesign& design, SeMethod se, std::uint64_t seed) {
    test::Rng rng(seed);
    AnalysisOptions options;
    options.se = se;
    int flagged = 0;
    for (int j = 0; j < k_journals; ++j) {
        const Table table = test::simulate_journal(design, rng);
        const auto result = analyse(table, {"pain", {"stress", "factor"}, {}, true}, options);
        REQUIRE(result.ok());
        for (const Finding& f : result->findings) {
            flagged += (f.factor == "factor" && f.flagged) ? 1 : 0;
        }
    }
    return static_cast<double>(flagged) / k_journals;
}

struct Scenario {
    const char* name;
    test::JournalDesign design;
    double bound;   // maximum false-positive share (effect 0) or minimum power (effect 1)
    bool is_power;
};

void run(const Scenario& s, std::uint64_t seed) {
    const double rate = flagged_share(s.design, SeMethod::k_auto, seed);
    const double classic = flagged_share(s.design, SeMethod::k_classic, seed);
    const double hac = flagged_share(s.design, SeMethod::k_hac, seed);
    char line[256];
    std::snprintf(line, sizeof line, "%s: %s %.1f%% with AR(1) (default), %.1f%% classic OLS, %.1f%% Newey-West",
                  s.name, s.is_power ? "power" : "false positives", 100.0 * rate, 100.0 * classic, 100.0 * hac);
    MESSAGE(line);
    if (s.is_power) {
        CHECK(rate >= s.bound);
    } else {
        CHECK(rate <= s.bound);
    }
}

TEST_CASE("calibration: a null factor is rarely flagged - nightly or as gear in blocks") {
    run({"nightly yes/no, 180 nights", {180, {0}, 0.0}, 0.07, false}, 101);
    run({"gear switched every 14 nights, 180 nights", {180, {14}, 0.0}, 0.08, false}, 102);
    run({"gear switched every 30 nights, 365 nights", {365, {30}, 0.0}, 0.08, false}, 103);
}

TEST_CASE("power: a true 1-point effect is found") {
    run({"nightly yes/no, 180 nights", {180, {0}, 1.0}, 0.90, true}, 201);
    run({"gear switched every 30 nights, 365 nights", {365, {30}, 1.0}, 0.90, true}, 202);
}

}  // namespace
}  // namespace painlog::analytics
