#include "daemon/analysis_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

#include "daemon/csv.h"

namespace painlog::daemon {
namespace {

using analytics::Column;
using protocol::invalid_field;
using protocol::Result;

constexpr double k_missing = std::numeric_limits<double>::quiet_NaN();

template <typename T>
std::size_t present(const std::vector<T>& values) {
    if constexpr (std::is_same_v<T, double>) {
        return static_cast<std::size_t>(
            std::count_if(values.begin(), values.end(), [](double v) { return !std::isnan(v); }));
    } else {
        return static_cast<std::size_t>(
            std::count_if(values.begin(), values.end(), [](const auto& v) { return !v.empty(); }));
    }
}

// Adds `values` as factor `name` when logged on enough nights, else a note.
template <typename T>
void add_factor(AnalysisInput& input, std::string name, std::vector<T> values) {
    const std::size_t logged = present(values);
    if (logged == 0) return;
    if (static_cast<double>(logged) < k_min_factor_coverage * static_cast<double>(values.size())) {
        input.notes.push_back(name + " was left out: logged on only " + std::to_string(logged) +
                              " of " + std::to_string(values.size()) +
                              " nights (log it on at least half of them to include it)");
        return;
    }
    input.spec.factors.push_back(name);
    input.table.push_back(Column{std::move(name), std::move(values)});
}

std::optional<double> parse_number(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

AnalysisInput journal_analysis_input(const std::vector<Night>& nights, const Catalog& catalog) {
    AnalysisInput input;
    input.spec.outcome = "pain";
    const std::size_t n = nights.size();
    std::vector<double> pain(n);
    std::vector<std::string> mattress(n), pillow(n), position(n);
    std::vector<double> stress(n, k_missing), sitting(n, k_missing), sleep(n, k_missing),
        quality(n, k_missing);
    for (std::size_t i = 0; i < n; ++i) {
        const Night& night = nights[i];
        pain[i] = night.pain;
        mattress[i] = night.mattress.value_or("");
        pillow[i] = night.pillow.value_or("");
        position[i] = night.position.value_or("");
        if (night.stress) stress[i] = *night.stress;
        if (night.sitting_hours) sitting[i] = *night.sitting_hours;
        if (night.sleep_hours) sleep[i] = *night.sleep_hours;
        if (night.sleep_quality) quality[i] = *night.sleep_quality;
    }
    input.table.push_back(Column{"pain", std::move(pain)});
    add_factor(input, "mattress", std::move(mattress));
    add_factor(input, "pillow", std::move(pillow));
    add_factor(input, "position", std::move(position));
    add_factor(input, "stress", std::move(stress));
    add_factor(input, "sitting_hours", std::move(sitting));
    add_factor(input, "sleep_hours", std::move(sleep));
    add_factor(input, "sleep_quality", std::move(quality));

    for (const Factor& factor : catalog.factors) {
        std::vector<double> numbers(n, k_missing);
        std::vector<std::string> labels(n);
        for (std::size_t i = 0; i < n; ++i) {
            for (const auto& [name, value] : nights[i].factors) {
                if (name != factor.name) continue;
                if (const auto* number = std::get_if<double>(&value)) numbers[i] = *number;
                if (const auto* yes = std::get_if<bool>(&value)) numbers[i] = *yes ? 1.0 : 0.0;
                if (const auto* choice = std::get_if<std::string>(&value)) labels[i] = *choice;
            }
        }
        if (factor.type == "choice") {
            add_factor(input, factor.name, std::move(labels));
        } else {
            add_factor(input, factor.name, std::move(numbers));
        }
    }

    std::set<std::string> done_routines;
    for (const Night& night : nights) done_routines.insert(night.routines.begin(), night.routines.end());
    for (const Routine& routine : catalog.routines) {
        if (done_routines.count(routine.name) == 0) continue;
        std::vector<double> done(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto& list = nights[i].routines;
            if (std::find(list.begin(), list.end(), routine.name) != list.end()) done[i] = 1.0;
        }
        const std::string column = "routine:" + routine.name;
        input.labels[column] = "doing " + routine.name;
        add_factor(input, column, std::move(done));
    }

    for (const auto name : k_position_names) {
        const std::string position_name(name);
        input.labels["position=" + position_name] =
            position_name == "mixed" ? "sleeping in mixed positions" : "sleeping on your " + position_name;
    }
    for (const Gear& gear : catalog.gear) {
        input.labels[gear.kind + "=" + gear.name] =
            gear.kind == "mattress" ? "sleeping on " + gear.name : "the pillow " + gear.name;
    }
    input.labels["stress"] = "Per extra point of evening stress";
    input.labels["sitting_hours"] = "Per extra hour of sitting the day before";
    input.labels["sleep_hours"] = "Per extra hour of sleep";
    input.labels["sleep_quality"] = "Per extra point of sleep quality";
    return input;
}

Result<AnalysisInput> csv_analysis_input(std::string_view text, const CsvAnalysisSpec& spec) {
    auto records = parse_csv(text);
    if (!records) return std::move(records).error();
    if (records->size() < 2) {
        return invalid_field("file", records->empty() ? "(empty)" : "(a header only)",
                             "a header row and at least one data row");
    }
    const CsvRecord& header = records->front();
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (std::find(header.begin(), header.begin() + static_cast<long>(i), header[i]) !=
            header.begin() + static_cast<long>(i)) {
            return invalid_field("header", header[i], "each column name once");
        }
    }
    for (const auto* list : {&spec.categorical, spec.factors ? &*spec.factors : nullptr}) {
        if (list == nullptr) continue;
        for (std::size_t i = 0; i < list->size(); ++i) {
            if (std::find(list->begin(), list->begin() + static_cast<long>(i), (*list)[i]) !=
                list->begin() + static_cast<long>(i)) {
                return invalid_field(list == &spec.categorical ? "categorical" : "factors", (*list)[i],
                                     "each column once");
            }
        }
    }
    const auto column_of = [&](const std::string& name) -> std::optional<std::size_t> {
        const auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end()) return std::nullopt;
        return static_cast<std::size_t>(it - header.begin());
    };
    std::string columns;
    for (const auto& name : header) columns += (columns.empty() ? "" : ", ") + name;
    const auto need = [&](const std::string& field, const std::string& name) -> protocol::Status {
        if (!column_of(name)) return invalid_field(field, name, "a column of the file (" + columns + ")");
        return {};
    };
    if (auto status = need("outcome", spec.outcome); !status) return std::move(status).error();
    for (const auto& name : spec.categorical) {
        if (auto status = need("categorical", name); !status) return std::move(status).error();
    }
    for (const auto& [name, level] : spec.references) {
        if (auto status = need("references", name); !status) return std::move(status).error();
    }
    std::vector<std::string> factors;
    if (spec.factors) {
        for (const auto& name : *spec.factors) {
            if (auto status = need("factors", name); !status) return std::move(status).error();
            if (name == spec.outcome) return invalid_field("factors", name, "columns other than the outcome");
        }
        factors = *spec.factors;
    } else {
        for (const auto& name : header) {
            if (name != spec.outcome) factors.push_back(name);
        }
    }

    AnalysisInput input;
    input.spec.outcome = spec.outcome;
    input.spec.factors = factors;
    input.spec.references = spec.references;
    input.spec.intercept = spec.intercept;
    std::vector<std::string> wanted = factors;
    wanted.insert(wanted.begin(), spec.outcome);
    for (const auto& name : wanted) {
        const std::size_t index = *column_of(name);
        const bool categorical =
            std::find(spec.categorical.begin(), spec.categorical.end(), name) != spec.categorical.end();
        std::vector<double> numbers;
        std::vector<std::string> labels;
        bool numeric = !categorical;
        for (std::size_t r = 1; r < records->size(); ++r) {
            const CsvRecord& record = (*records)[r];
            if (record.size() != header.size()) {
                return protocol::at_row(invalid_field("row", std::to_string(record.size()) + " fields",
                                                      std::to_string(header.size()) + " fields, as the header"),
                                        static_cast<long>(r));
            }
            const std::string& cell = record[index];
            labels.push_back(cell);
            if (!numeric) continue;
            if (cell.empty()) {
                numbers.push_back(k_missing);
            } else if (const auto value = parse_number(cell)) {
                numbers.push_back(*value);
            } else if (name == spec.outcome) {
                return protocol::at_row(
                    invalid_field("outcome", cell, "numbers in the outcome column '" + name + "'"),
                    static_cast<long>(r));
            } else {
                numeric = false;
            }
        }
        if (numeric) {
            input.table.push_back(Column{name, std::move(numbers)});
        } else {
            if (name == spec.outcome) {
                return invalid_field("categorical", name, "factor columns; the outcome is numeric");
            }
            input.table.push_back(Column{name, std::move(labels)});
        }
    }
    return input;
}

}  // namespace painlog::daemon
