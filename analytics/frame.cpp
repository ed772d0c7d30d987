#include "analytics/frame.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

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

// Whether a column holds at least two distinct non-missing values over the given rows
// (stops at the first value that differs from the first one).
bool varies(const Column& column, const std::vector<std::size_t>& rows) {
    return std::visit(
        [&](const auto& values) {
            const auto* first = static_cast<decltype(&values[0])>(nullptr);
            for (std::size_t r : rows) {
                if (is_missing(column, r)) {
                    continue;
                }
                if (first == nullptr) {
                    first = &values[r];
                } else if (values[r] != *first) {
                    return true;
                }
            }
            return false;
        },
        column.values);
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
    // Each row's label, looked up once per distinct label: codes in order of first
    // appearance, renumbered below in sorted order.
    std::unordered_map<std::string_view, std::size_t> seen;
    std::vector<std::string_view> names;
    std::vector<std::size_t> first_codes;
    first_codes.reserve(rows.size());
    for (std::size_t r : rows) {
        const auto [it, added] = seen.try_emplace(labels[r], names.size());
        if (added) {
            names.push_back(labels[r]);
        }
        first_codes.push_back(it->second);
    }
    std::vector<std::size_t> order(names.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return names[a] < names[b]; });
    std::vector<std::size_t> sorted_code(names.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        sorted_code[order[i]] = i;
    }
    FactorInfo info;
    info.name = column.name;
    info.kind = FactorKind::k_categorical;
    for (std::size_t i : order) {
        info.levels.push_back({std::string(names[i]), 0});
    }
    info.codes.reserve(rows.size());
    for (std::size_t code : first_codes) {
        info.codes.push_back(sorted_code[code]);
        ++info.levels[info.codes.back()].nights;
    }
    std::size_t best = 0;
    for (const Level& level : info.levels) {  // sorted, so ties keep the first
        if (level.nights > best) {
            best = level.nights;
            info.reference = level.name;
        }
    }
    if (auto named = spec.references.find(column.name); named != spec.references.end()) {
        const auto known = std::find_if(info.levels.begin(), info.levels.end(),
                                        [&](const Level& level) { return level.name == named->second; });
        if (known == info.levels.end()) {
            std::vector<std::string> allowed;
            for (const Level& level : info.levels) {
                allowed.push_back("'" + level.name + "'");
            }
            return Error{"unknown reference level '" + named->second + "' for column '" +
                         column.name + "'; allowed levels: " + join(allowed)};
        }
        info.reference = named->second;
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
        if (!varies(*column, all_rows)) {
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
        if (varies(*column, frame.rows)) {
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
    // Column by column (the matrix is column-major): a categorical factor's dummies are
    // filled from its codes, one pass per factor.
    const auto n = static_cast<Eigen::Index>(frame.rows.size());
    frame.x.resize(n, static_cast<Eigen::Index>(frame.terms.size()));
    frame.y.resize(n);
    const Numbers& y = std::get<Numbers>(outcome->values);
    for (Eigen::Index i = 0; i < n; ++i) {
        frame.y(i) = y[frame.rows[static_cast<std::size_t>(i)]];
    }
    Eigen::Index j = 0;
    if (spec.intercept) {
        frame.x.col(j++).setOnes();
    }
    for (const FactorInfo& factor : frame.factors) {
        if (factor.kind != FactorKind::k_categorical) {
            frame.x.col(j++) = Eigen::Map<const Eigen::VectorXd>(factor.values.data(), n);
            continue;
        }
        // Design column of each level (-1 for the reference).
        std::vector<Eigen::Index> column_of(factor.levels.size(), -1);
        for (std::size_t level = 0; level < factor.levels.size(); ++level) {
            if (factor.levels[level].name != factor.reference) {
                column_of[level] = j++;
            }
        }
        for (Eigen::Index c : column_of) {
            if (c >= 0) {
                frame.x.col(c).setZero();
            }
        }
        for (Eigen::Index i = 0; i < n; ++i) {
            const Eigen::Index c = column_of[factor.codes[static_cast<std::size_t>(i)]];
            if (c >= 0) {
                frame.x(i, c) = 1.0;
            }
        }
    }
    return frame;
}

}  // namespace painlog::analytics
