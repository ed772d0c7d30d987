#include "daemon/analysis_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

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

AnalysisInput journal_analysis_input(NightColumns nights, const Catalog& catalog) {
    AnalysisInput input;
    input.spec.outcome = "pain";
    input.table.push_back(Column{"pain", std::move(nights.pain)});
    add_factor(input, "mattress", std::move(nights.mattress));
    add_factor(input, "pillow", std::move(nights.pillow));
    add_factor(input, "position", std::move(nights.position));
    add_factor(input, "stress", std::move(nights.stress));
    add_factor(input, "sitting_hours", std::move(nights.sitting_hours));
    add_factor(input, "sleep_hours", std::move(nights.sleep_hours));
    add_factor(input, "sleep_quality", std::move(nights.sleep_quality));
    for (std::size_t f = 0; f < catalog.factors.size() && f < nights.factors.size(); ++f) {
        auto& column = nights.factors[f];
        if (catalog.factors[f].type == "choice") {
            add_factor(input, catalog.factors[f].name, std::move(column.labels));
        } else {
            add_factor(input, catalog.factors[f].name, std::move(column.numbers));
        }
    }
    for (std::size_t r = 0; r < catalog.routines.size() && r < nights.routines.size(); ++r) {
        if (nights.routines[r].empty()) continue;  // not done in the window: no column
        const std::string& name = catalog.routines[r].name;
        const std::string column = "routine:" + name;
        input.labels[column] = "doing " + name;
        add_factor(input, column, std::move(nights.routines[r]));
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

NightColumns nights_between(NightColumns nights, std::optional<Date> from, std::optional<Date> to) {
    const auto& dates = nights.dates;
    const auto first_it = from ? std::lower_bound(dates.begin(), dates.end(), *from) : dates.begin();
    const auto last_it = to ? std::upper_bound(first_it, dates.end(), *to) : dates.end();
    const auto first = first_it - dates.begin();
    const auto last = last_it - dates.begin();
    if (first == 0 && last == static_cast<std::ptrdiff_t>(dates.size())) return nights;
    const auto part = [&](const auto& column) {
        using Column = std::decay_t<decltype(column)>;
        return column.empty() ? Column{} : Column(column.begin() + first, column.begin() + last);
    };
    NightColumns out;
    out.dates = part(nights.dates);
    out.pain = part(nights.pain);
    out.mattress = part(nights.mattress);
    out.pillow = part(nights.pillow);
    out.position = part(nights.position);
    out.stress = part(nights.stress);
    out.sitting_hours = part(nights.sitting_hours);
    out.sleep_hours = part(nights.sleep_hours);
    out.sleep_quality = part(nights.sleep_quality);
    for (const auto& factor : nights.factors) out.factors.push_back({part(factor.numbers), part(factor.labels)});
    for (const auto& done : nights.routines) {
        auto kept = part(done);
        if (std::find(kept.begin(), kept.end(), 1.0) == kept.end()) kept.clear();
        out.routines.push_back(std::move(kept));
    }
    return out;
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
