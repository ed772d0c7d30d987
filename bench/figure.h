// One benchmark figure as the tools print it and bench_report reads it: a JSON object
// on one line of standard output (human-readable progress goes to standard error).
// Budgets are not here: bench_report owns them, by figure id. Plain values.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace painlog::bench {

struct Figure {
    std::string id;                        // the budget's key (bench/report.cpp)
    std::string what;                      // what was measured, in words
    double value = 0.0;                    // painlog's figure
    std::string unit;                      // "ms", "rows/s", "MB", ...
    std::optional<std::string> comparison; // what it was compared with
    std::optional<double> comparison_value;
    std::optional<double> ratio;           // median of the pairwise ratios
    int rounds = 0;                        // measurements (pairs, for a comparison)
    std::string note;
};

// The figure as one JSON line.
[[nodiscard]] inline std::string to_line(const Figure& f) {
    nlohmann::json j{{"id", f.id}, {"what", f.what}, {"value", f.value}, {"unit", f.unit}, {"rounds", f.rounds}};
    if (f.comparison) j["comparison"] = *f.comparison;
    if (f.comparison_value) j["comparison_value"] = *f.comparison_value;
    if (f.ratio) j["ratio"] = *f.ratio;
    if (!f.note.empty()) j["note"] = f.note;
    return j.dump() + "\n";
}

// The median (the mean of the middle two for an even count); NaN for none.
[[nodiscard]] inline double median(std::vector<double> values) {
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

// The value at quantile q in [0, 1] (nearest rank); NaN for none.
[[nodiscard]] inline double quantile(std::vector<double> values, double q) {
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace painlog::bench
