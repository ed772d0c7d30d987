#include "analytics/frame.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace painlog::analytics {

namespace {

constexpr std::size_t k_sparse_level_nights = 3;

using Numbers = std::vector<double>;
using Labels = std::vector<std::string>;

std::size_t column_size(const Column& column) {
    return std::visit([](const auto& v) { return v.size(); }, column.values);
}

const Column* find_column(const Table& table, const std::string& name) {
    for (const Column& column : table) {
        if (column.name == name) {
            return &column;
        }
    }
    return nullptr;
}

bool is_missing(const Column& column, std::size_t row) {
    if (const auto* numbers = std::get_if<Numbers>(&column.values)) {
        return std::isnan((*numbers)[row]);
    }
    return std::get<Labels>(column.values)[row].empty();
}

// Distinct non-missing values of a column over the given rows (as text for labels).
std::size_t distinct_values(const Column& column, const std::vector<std::size_t>& rows) {
    if (const auto* numbers = std::get_if<Numbers>(&column.values)) {
        std::set<double> seen;
        for (std::size_t r : rows) {
            if (!std::isnan((*numbers)[r])) {
                seen.insert((*numbers)[r]);
            }
        }
        return seen.size();
    }
    std::set<std::string> seen;
    for (std::size_t r : rows) {
        if (!std::get<Labels>(column.values)[r].empty()) {
            seen.insert(std::get<Labels>(column.values)[r]);
        }
    }
    return seen.size();
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

// Fills levels, reference and codes of a categorical factor over `rows`.
Result<FactorInfo> describe_categorical(const Column& column, const std::vector<std::size_t>& rows,
                                        const FrameSpec& spec) {
    const Labels& labels = std::get<Labels>(column.values);
    std::map<std::string, std::size_t> counts;
    for (std::size_t r : rows) {
        ++counts[labels[r]];
    }
    FactorInfo info;
    info.name = column.name;
    info.kind = FactorKind::k_categorical;
    std::size_t best = 0;
    for (const auto& [name, nights] : counts) {  // std::map: sorted, so ties keep the first
        info.levels.push_back({name, nights});
        if (nights > best) {
            best = nights;
            info.reference = name;
        }
    }
    if (auto named = spec.references.find(column.name); named != spec.references.end()) {
        if (counts.count(named->second) == 0) {
            std::vector<std::string> allowed;
            for (const Level& level : info.levels) {
                allowed.push_back("'" + level.name + "'");
            }
            return Error{"unknown reference level '" + named->second + "' for column '" +
                         column.name + "'; allowed levels: " + join(allowed)};
        }
        info.reference = named->second;
    }
    for (std::size_t r : rows) {
        const auto it = std::find_if(info.levels.begin(), info.levels.end(),
                                     [&](const Level& l) { return l.name == labels[r]; });
        info.codes.push_back(static_cast<std::size_t>(it - info.levels.begin()));
    }
    info.blocks = count_blocks(info.codes);
    return info;
}

FactorInfo describe_numeric(const Column& column, const std::vector<std::size_t>& rows) {
    const Numbers& numbers = std::get<Numbers>(column.values);
    FactorInfo info;
    info.name = column.name;
    bool yes_no = true;
    for (std::size_t r : rows) {
        info.values.push_back(numbers[r]);
        yes_no = yes_no && (numbers[r] == 0.0 || numbers[r] == 1.0);
    }
    info.kind = yes_no ? FactorKind::k_yes_no : FactorKind::k_numeric;
    info.blocks = count_blocks(info.values);
    return info;
}

Result<bool> validate(const Table& table, const FrameSpec& spec) {
    if (table.empty() || column_size(table.front()) == 0) {
        return Error{"no data: the table has no rows; record some nights first"};
    }
    for (const Column& column : table) {
        if (column_size(column) != column_size(table.front())) {
            return Error{"column '" + column.name + "' has " + std::to_string(column_size(column)) +
                         " rows but '" + table.front().name + "' has " +
                         std::to_string(column_size(table.front())) + "; columns must be equally long"};
        }
    }
    const Column* outcome = find_column(table, spec.outcome);
    if (outcome == nullptr || !std::holds_alternative<Numbers>(outcome->values)) {
        return Error{"outcome column '" + spec.outcome + "' is " +
                     (outcome == nullptr ? "missing" : "not numeric") + "; it must be a numeric column"};
    }
    for (const std::string& factor : spec.factors) {
        if (find_column(table, factor) == nullptr) {
            return Error{"unknown factor column '" + factor + "'; check the factor names"};
        }
    }
    for (const auto& [name, level] : spec.references) {
        const Column* column = find_column(table, name);
        const bool is_factor = std::find(spec.factors.begin(), spec.factors.end(), name) != spec.factors.end();
        if (column == nullptr || !is_factor || !std::holds_alternative<Labels>(column->values)) {
            return Error{"reference level '" + level + "' given for '" + name +
                         "', which is not a categorical factor of the model"};
        }
    }
    return true;
}

}  // namespace

std::size_t count_blocks(const std::vector<std::size_t>& codes) {
    std::size_t blocks = codes.empty() ? 0 : 1;
    for (std::size_t i = 1; i < codes.size(); ++i) {
        blocks += codes[i] != codes[i - 1] ? 1U : 0U;
    }
    return blocks;
}

std::size_t count_blocks(const std::vector<double>& values) {
    std::size_t blocks = values.empty() ? 0 : 1;
    for (std::size_t i = 1; i < values.size(); ++i) {
        blocks += values[i] != values[i - 1] ? 1U : 0U;
    }
    return blocks;
}

Eigen::Index term_index(const ModelFrame& frame, const std::string& name) {
    for (std::size_t j = 0; j < frame.terms.size(); ++j) {
        if (frame.terms[j].name == name) {
            return static_cast<Eigen::Index>(j);
        }
    }
    return -1;
}

Result<ModelFrame> build_frame(const Table& table, const FrameSpec& spec) {
    if (auto valid = validate(table, spec); !valid) {
        return valid.error();
    }
    ModelFrame frame;
    frame.outcome = spec.outcome;
    frame.intercept = spec.intercept;
    const std::size_t n_rows = column_size(table.front());
    std::vector<std::size_t> all_rows(n_rows);
    for (std::size_t r = 0; r < n_rows; ++r) {
        all_rows[r] = r;
    }
    // Factors without variation among their own values cost no rows: leave them out first.
    std::vector<const Column*> used;
    for (const std::string& name : spec.factors) {
        const Column* column = find_column(table, name);
        if (distinct_values(*column, all_rows) < 2) {
            frame.notes.push_back("factor '" + name + "' left out: it has the same value on every night");
        } else {
            used.push_back(column);
        }
    }
    const Column* outcome = find_column(table, spec.outcome);
    for (std::size_t r = 0; r < n_rows; ++r) {
        bool complete = !is_missing(*outcome, r);
        for (const Column* column : used) {
            complete = complete && !is_missing(*column, r);
        }
        if (complete) {
            frame.rows.push_back(r);
        }
    }
    frame.rows_dropped = n_rows - frame.rows.size();
    if (frame.rows.empty()) {
        return Error{"no night has the outcome '" + spec.outcome +
                     "' and every factor recorded; record more or choose fewer factors"};
    }
    if (frame.rows_dropped > 0) {
        frame.notes.push_back(std::to_string(frame.rows_dropped) +
                              " nights left out because the outcome or a factor was missing");
    }
    std::erase_if(used, [&](const Column* column) {
        if (distinct_values(*column, frame.rows) >= 2) {
            return false;
        }
        frame.notes.push_back("factor '" + column->name +
                              "' left out: it has the same value on every night with complete data");
        return true;
    });
    for (const Column* column : used) {
        if (std::holds_alternative<Labels>(column->values)) {
            auto info = describe_categorical(*column, frame.rows, spec);
            if (!info) {
                return info.error();
            }
            frame.factors.push_back(std::move(info).value());
        } else {
            frame.factors.push_back(describe_numeric(*column, frame.rows));
        }
    }
    if (spec.intercept) {
        frame.terms.push_back({"(intercept)", "", ""});
    }
    for (const FactorInfo& factor : frame.factors) {
        if (factor.kind != FactorKind::k_categorical) {
            frame.terms.push_back({factor.name, factor.name, ""});
            continue;
        }
        for (const Level& level : factor.levels) {
            if (level.nights < k_sparse_level_nights) {
                frame.notes.push_back("level '" + level.name + "' of '" + factor.name + "' has only " +
                                      std::to_string(level.nights) + " night(s); its estimate is unreliable");
            }
            if (level.name != factor.reference) {
                frame.terms.push_back({factor.name + "=" + level.name, factor.name, level.name});
            }
        }
    }
    const auto n = static_cast<Eigen::Index>(frame.rows.size());
    frame.x.resize(n, static_cast<Eigen::Index>(frame.terms.size()));
    frame.y.resize(n);
    const Numbers& y = std::get<Numbers>(outcome->values);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto row = static_cast<std::size_t>(i);
        frame.y(i) = y[frame.rows[row]];
        Eigen::Index j = 0;
        if (spec.intercept) {
            frame.x(i, j++) = 1.0;
        }
        for (const FactorInfo& factor : frame.factors) {
            if (factor.kind != FactorKind::k_categorical) {
                frame.x(i, j++) = factor.values[row];
                continue;
            }
            for (std::size_t level = 0; level < factor.levels.size(); ++level) {
                if (factor.levels[level].name != factor.reference) {
                    frame.x(i, j++) = factor.codes[row] == level ? 1.0 : 0.0;
                }
            }
        }
    }
    return frame;
}

}  // namespace painlog::analytics
