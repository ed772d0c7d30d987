#include "report/charts.h"

#include "report/words.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace painlog::report {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 8> k_bars{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

// A round step giving about `count` intervals over `range`: 1, 2, 2.5 or 5 times a power of 10.
double nice_step(double range, double count) {
    const double raw = range / count;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double factor : {1.0, 2.0, 2.5, 5.0}) {
        if (factor * magnitude >= raw * 0.999)
            return factor * magnitude;
    }
    return 10.0 * magnitude;
}

std::string trimmed_number(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3g", value);
    return buffer;
}

}  // namespace

std::string sparkline(const json& weeks) {
    std::string out;
    if (!weeks.is_array())
        return out;
    for (const json& week : weeks) {
        const std::optional<double> mean = number(field(week, "mean_pain"));
        if (!mean) {
            out += k_sparkline_gap;
            continue;
        }
        const double scaled =
            std::clamp(*mean, 0.0, 10.0) / 10.0 * static_cast<double>(k_bars.size() - 1);
        out += k_bars[static_cast<std::size_t>(std::lround(scaled))];
    }
    return out;
}

std::vector<EffectRow> effect_rows(const json& result) {
    const bool odds_ratio = is_odds_ratio(result);
    std::vector<EffectRow> rows;
    for (const json* finding : ranked_findings(result)) {
        if (!is_effect(*finding))
            continue;
        const std::optional<double> effect = number(field(*finding, "effect"));
        if (!effect || (odds_ratio && *effect <= 0.0))
            continue;
        EffectRow row;
        row.label = term_label(*finding);
        row.text = finding_text(*finding);
        row.figures = effect_text(*finding, odds_ratio);
        row.effect = *effect;
        const std::optional<double> low = number(field(*finding, "ci_low"));
        const std::optional<double> high = number(field(*finding, "ci_high"));
        if (low && high && *low <= *high && (!odds_ratio || *low > 0.0)) {
            row.ci_low = low;
            row.ci_high = high;
        }
        row.flagged = field(*finding, "flagged") == true;
        const double reference = odds_ratio ? 1.0 : 0.0;
        row.direction = *effect > reference ? 1 : (*effect < reference ? -1 : 0);
        rows.push_back(std::move(row));
    }
    return rows;
}

EffectScale::EffectScale(const std::vector<EffectRow>& rows, bool odds_ratio)
    : m_odds_ratio(odds_ratio) {
    double low = 0.0;
    double high = 0.0;
    for (const EffectRow& row : rows) {
        for (const std::optional<double>& value :
             {std::optional<double>(row.effect), row.ci_low, row.ci_high}) {
            if (!value)
                continue;
            low = std::min(low, plotted(*value));
            high = std::max(high, plotted(*value));
        }
    }
    if (high - low < 1e-9) {
        low -= 1.0;
        high += 1.0;
    }
    if (m_odds_ratio) {
        // Ticks at powers of two (x0.25, x0.5, x1, x2, ...), every other one when wide.
        const double ln2 = std::log(2.0);
        const double first = std::floor(low / ln2);
        const double last = std::ceil(high / ln2);
        const double every = last - first > 8 ? 2.0 : 1.0;
        double k = first;
        for (;; k += every) {
            m_ticks.push_back(std::exp(k * ln2));
            if (k >= last - 1e-9)
                break;
        }
        m_low = first * ln2;
        m_high = k * ln2;
        return;
    }
    const double step = nice_step(high - low, 4.0);
    m_low = std::floor(low / step + 1e-9) * step;
    m_high = std::ceil(high / step - 1e-9) * step;
    for (double tick = m_low; tick <= m_high + step * 1e-6; tick += step) {
        m_ticks.push_back(std::fabs(tick) < step * 1e-6 ? 0.0 : tick);
    }
}

double EffectScale::plotted(double value) const {
    return m_odds_ratio ? std::log(value) : value;
}

double EffectScale::position(double value) const {
    return std::clamp((plotted(value) - m_low) / (m_high - m_low), 0.0, 1.0);
}

std::string EffectScale::tick_label(double tick) const {
    if (m_odds_ratio)
        return "x" + trimmed_number(tick);
    if (tick == 0.0)
        return "0";
    return (tick > 0 ? "+" : "") + trimmed_number(tick);
}

std::string effect_bar(const EffectRow& row, const EffectScale& scale, std::size_t width) {
    width = std::max<std::size_t>(width, 3);
    const auto column = [&](double value) {
        return static_cast<std::size_t>(
            std::lround(scale.position(value) * static_cast<double>(width - 1)));
    };
    std::vector<std::string_view> cells(width, " ");
    cells[column(scale.reference())] = "│";
    if (row.ci_low && row.ci_high) {
        const std::size_t from = column(*row.ci_low);
        const std::size_t to = column(*row.ci_high);
        for (std::size_t c = from; c <= to; ++c) cells[c] = "─";
        if (from < to) {
            cells[from] = "├";
            cells[to] = "┤";
        }
    }
    cells[column(row.effect)] = row.flagged ? "●" : "○";
    std::string bar;
    for (const std::string_view cell : cells) bar += cell;
    return bar;
}

}  // namespace painlog::report
