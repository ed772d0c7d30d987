// How often a null gear factor is flagged as the number of blocks (switches) shrinks:
// the measurement behind k_min_blocks (analytics/findings.h). 1000 simulated journals
// per row (AR(1) noise, phi 0.5, SD 1.5; see tests/analytics/simulate.h); prints the
// share flagged by the AR(1) default and by classic OLS, ignoring the blocks rule, and
// the share the rule turns into "too early to tell".
#include <cstdio>

#include "analytics/analysis.h"
#include "analytics/simulate.h"

using namespace painlog::analytics;

int main() {
    struct Row {
        std::size_t nights;
        std::size_t every;
    };
    const Row rows[] = {{90, 30}, {120, 30}, {150, 30}, {180, 30}, {84, 14}, {112, 14}, {60, 7}};
    const FrameSpec spec{"pain", {"stress", "factor"}, {}, true};
    constexpr int k_reps = 1000;
    for (const Row& row : rows) {
        test::Rng rng(7);
        int ar1 = 0;
        int classic = 0;
        int too_early = 0;
        for (int j = 0; j < k_reps; ++j) {
            const Table table = test::simulate_journal({row.nights, {row.every}, 0.0}, rng);
            AnalysisOptions options;
            const auto r = analyse(table, spec, options);
            options.se = SeMethod::k_classic;
            const auto c = analyse(table, spec, options);
            if (!r.ok() || !c.ok()) {
                std::fprintf(stderr, "analysis failed\n");
                return 1;
            }
            for (const TermResult& t : r->terms) {
                ar1 += (t.factor == "factor" && t.p_adjusted < 0.05) ? 1 : 0;
            }
            for (const TermResult& t : c->terms) {
                classic += (t.factor == "factor" && t.p_adjusted < 0.05) ? 1 : 0;
            }
            for (const Finding& f : r->findings) {
                too_early += f.kind == FindingKind::k_too_early ? 1 : 0;
            }
        }
        std::printf("%3zu nights, gear switched every %2zu (~%zu blocks): AR(1) %4.1f%%, classic %4.1f%%, "
                    "too early %3.0f%%\n",
                    row.nights, row.every, row.nights / row.every, 100.0 * ar1 / k_reps, 100.0 * classic / k_reps,
                    100.0 * too_early / k_reps);
    }
    return 0;
}
