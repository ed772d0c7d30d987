#include "analytics/fdr.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace painlog::analytics {

std::vector<double> benjamini_hochberg(const std::vector<double>& p_values) {
    std::vector<double> adjusted = p_values;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < p_values.size(); ++i) {
        if (!std::isnan(p_values[i])) {
            order.push_back(i);
        }
    }
    // Largest first; stable so that ties keep their order, as R's order().
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return p_values[a] > p_values[b]; });
    const auto m = static_cast<double>(order.size());
    double running = 1.0;
    for (std::size_t r = 0; r < order.size(); ++r) {
        const double rank = m - static_cast<double>(r);  // 1-based rank from the smallest
        // (m / rank) p, in R's order of operations: for the largest p it is p exactly.
        running = std::min(running, (m / rank) * p_values[order[r]]);
        adjusted[order[r]] = running;
    }
    return adjusted;
}

}  // namespace painlog::analytics
