#include "analytics/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace painlog::analytics {

namespace {

// Sums and night counts of y per group in one pass: group_of(i) is row i's group, or
// npos for none. Each group's sum adds its rows in row order, as a pass per group did.
template <typename GroupOf>
std::vector<GroupMean> groups(std::vector<std::string> labels, const Eigen::VectorXd& y, GroupOf group_of) {
    std::vector<double> sums(labels.size(), 0.0);
    std::vector<std::size_t> counts(labels.size(), 0);
    for (Eigen::Index i = 0; i < y.size(); ++i) {
        const std::size_t g = group_of(static_cast<std::size_t>(i));
        if (g == std::string::npos) continue;
        sums[g] += y(i);
        ++counts[g];
    }
    std::vector<GroupMean> out;
    for (std::size_t g = 0; g < labels.size(); ++g) {
        out.push_back({std::move(labels[g]), counts[g],
                       counts[g] > 0 ? sums[g] / static_cast<double>(counts[g])
                                     : std::numeric_limits<double>::quiet_NaN()});
    }
    return out;
}

std::string short_number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}

// The median, by selection rather than a sort.
double median(std::vector<double> v) {
    const std::size_t m = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m), v.end());
    if (v.size() % 2 == 1) return v[m];
    const double below = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m));
    return (below + v[m]) / 2.0;
}

}  // namespace

Summary summarise(const ModelFrame& frame) {
    constexpr std::size_t k_none = std::string::npos;
    Summary s;
    s.outcome = frame.outcome;
    s.nights = static_cast<std::size_t>(frame.y.size());
    s.mean = frame.y.size() > 0 ? frame.y.mean() : std::numeric_limits<double>::quiet_NaN();
    for (const FactorInfo& f : frame.factors) {
        FactorSummary fs{f.name, f.kind, {}};
        switch (f.kind) {
            case FactorKind::k_categorical: {
                std::vector<std::string> labels;
                for (const Level& level : f.levels) labels.push_back(level.name);
                fs.groups = groups(std::move(labels), frame.y, [&](std::size_t i) { return f.codes[i]; });
                break;
            }
            case FactorKind::k_yes_no:
                fs.groups = groups({"yes", "no"}, frame.y, [&](std::size_t i) {
                    return f.values[i] == 1.0 ? std::size_t{0} : f.values[i] == 0.0 ? std::size_t{1} : k_none;
                });
                break;
            case FactorKind::k_numeric:
                if (std::find(f.values.begin(), f.values.end(), 0.0) != f.values.end()) {
                    fs.groups = groups({"with", "without"}, frame.y, [&](std::size_t i) {
                        return f.values[i] != 0.0 ? std::size_t{0} : f.values[i] == 0.0 ? std::size_t{1} : k_none;
                    });
                } else {
                    const double m = median(f.values);
                    fs.groups = groups({"above median " + short_number(m), "at or below median " + short_number(m)},
                                       frame.y, [&](std::size_t i) {
                                           return f.values[i] > m ? std::size_t{0} : f.values[i] <= m ? std::size_t{1} : k_none;
                                       });
                }
                break;
        }
        s.factors.push_back(std::move(fs));
    }
    return s;
}

}  // namespace painlog::analytics
