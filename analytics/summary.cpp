#include "analytics/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace painlog::analytics {

namespace {

// Mean of y over the rows where `in(i)` holds.
template <typename Predicate>
GroupMean group(std::string label, const Eigen::VectorXd& y, Predicate in) {
    GroupMean g{std::move(label), 0, 0.0};
    double sum = 0.0;
    for (Eigen::Index i = 0; i < y.size(); ++i) {
        if (in(static_cast<std::size_t>(i))) {
            sum += y(i);
            ++g.nights;
        }
    }
    g.mean = g.nights > 0 ? sum / static_cast<double>(g.nights) : std::numeric_limits<double>::quiet_NaN();
    return g;
}

std::string short_number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
}

}  // namespace

Summary summarise(const ModelFrame& frame) {
    Summary s;
    s.outcome = frame.outcome;
    s.nights = static_cast<std::size_t>(frame.y.size());
    s.mean = frame.y.size() > 0 ? frame.y.mean() : std::numeric_limits<double>::quiet_NaN();
    for (const FactorInfo& f : frame.factors) {
        FactorSummary fs{f.name, f.kind, {}};
        switch (f.kind) {
            case FactorKind::k_categorical:
                for (std::size_t level = 0; level < f.levels.size(); ++level) {
                    fs.groups.push_back(
                        group(f.levels[level].name, frame.y, [&](std::size_t i) { return f.codes[i] == level; }));
                }
                break;
            case FactorKind::k_yes_no:
                fs.groups.push_back(group("yes", frame.y, [&](std::size_t i) { return f.values[i] == 1.0; }));
                fs.groups.push_back(group("no", frame.y, [&](std::size_t i) { return f.values[i] == 0.0; }));
                break;
            case FactorKind::k_numeric:
                if (std::find(f.values.begin(), f.values.end(), 0.0) != f.values.end()) {
                    fs.groups.push_back(group("with", frame.y, [&](std::size_t i) { return f.values[i] != 0.0; }));
                    fs.groups.push_back(group("without", frame.y, [&](std::size_t i) { return f.values[i] == 0.0; }));
                } else {
                    const double m = median(f.values);
                    fs.groups.push_back(group("above median " + short_number(m), frame.y,
                                              [&](std::size_t i) { return f.values[i] > m; }));
                    fs.groups.push_back(group("at or below median " + short_number(m), frame.y,
                                              [&](std::size_t i) { return f.values[i] <= m; }));
                }
                break;
        }
        s.factors.push_back(std::move(fs));
    }
    return s;
}

}  // namespace painlog::analytics
