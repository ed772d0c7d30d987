// Chart arithmetic shared by the terminal and SVG charts: the weekly sparkline, the
// effect rows of a forest plot and their common scale with tick marks. No drawing and
// no markup here. Pure functions of JSON values; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace painlog::report {

// The character the sparkline shows for a week without nights.
inline constexpr std::string_view k_sparkline_gap = "·";

// One character per week of REPORT "weeks": ▁▂▃▄▅▆▇█ for mean pain 0 to 10 (scaled
// linearly, clamped), k_sparkline_gap when the mean is null or missing.
[[nodiscard]] std::string sparkline(const nlohmann::json& weeks);

// One effect finding to plot, in natural units (pain points, or odds ratios).
struct EffectRow {
    std::string label;    // term_label(): "position: stomach"
    std::string text;     // the finding's text, for tooltips
    std::string figures;  // effect_text(): "+1.4 (0.5 to 2.3)"
    double effect = 0.0;
    std::optional<double> ci_low;  // both or neither
    std::optional<double> ci_high;
    bool flagged = false;
    int direction = 0;  // +1 towards worse mornings, -1 towards better, 0 neither
};

// The effect findings of an ANALYSIS with a finite effect (for odds ratios, a positive
// one), in ranked_findings() order.
[[nodiscard]] std::vector<EffectRow> effect_rows(const nlohmann::json& result);

// A shared axis for the rows: it always includes "no difference" (0, or an odds ratio
// of 1) and every interval, rounded out to tick marks. Odds ratios are placed on a log
// scale.
class EffectScale {
public:
    EffectScale(const std::vector<EffectRow>& rows, bool odds_ratio);

    // Where a value in natural units lies: 0 at the left end, 1 at the right end.
    [[nodiscard]] double position(double value) const;

    // The tick marks in natural units, ascending; the first and last are the ends.
    [[nodiscard]] const std::vector<double>& ticks() const { return m_ticks; }

    // "no difference": 0 for pain points, 1 for odds ratios.
    [[nodiscard]] double reference() const { return m_odds_ratio ? 1.0 : 0.0; }

    // A tick's label: "-1", "0", "+2.5"; "x0.5", "x1", "x2" for odds ratios.
    [[nodiscard]] std::string tick_label(double tick) const;

    // The unit in words: "pain points" or "odds ratio".
    [[nodiscard]] std::string unit() const { return m_odds_ratio ? "odds ratio" : "pain points"; }

private:
    [[nodiscard]] double plotted(double value) const;

    bool m_odds_ratio;
    double m_low = -1.0;  // the ends, in plotted units (log for odds ratios)
    double m_high = 1.0;
    std::vector<double> m_ticks;
};

// A row as `width` (at least 3) box-drawing characters on `scale`: "│" at no
// difference, the interval as "├──┤", the estimate as "●" (flagged) or "○".
[[nodiscard]] std::string effect_bar(const EffectRow& row, const EffectScale& scale,
                                     std::size_t width);

}  // namespace painlog::report
