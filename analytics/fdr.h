// False discovery rate control across many tests: Benjamini-Hochberg adjusted
// p-values, exactly as R's p.adjust(p, method = "BH"). Pure function; thread-safe.
#pragma once

#include <vector>

namespace painlog::analytics {

// Adjusted p-values in the order given: p_(i) * m / i, made monotone from the largest
// down and capped at 1, where m counts the non-missing p-values. NaN (missing) stays
// NaN and does not count in m, as R's na.rm handling of p.adjust.
[[nodiscard]] std::vector<double> benjamini_hochberg(const std::vector<double>& p_values);

}  // namespace painlog::analytics
