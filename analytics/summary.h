// The first layer of the analysis, readable without any model: per factor, the mean
// outcome on nights with and without it (or per level), with night counts.
// Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analytics/frame.h"

namespace painlog::analytics {

struct GroupMean {
    std::string label;       // "yes"/"no", "with"/"without", a level, or a median split
    std::size_t nights = 0;
    double mean = 0.0;       // mean outcome; NaN when nights is 0
};

struct FactorSummary {
    std::string factor;
    FactorKind kind = FactorKind::k_numeric;
    std::vector<GroupMean> groups;
};

struct Summary {
    std::string outcome;
    std::size_t nights = 0;
    double mean = 0.0;
    std::vector<FactorSummary> factors;
};

// Means of frame.y over the frame's rows. Yes/no factors: "yes" then "no". Categorical:
// one group per level in sorted order. Numeric with some zero values: "with" (non-zero)
// then "without" (zero); numeric without zeros: "above median M" then "at or below
// median M".
[[nodiscard]] Summary summarise(const ModelFrame& frame);

}  // namespace painlog::analytics
