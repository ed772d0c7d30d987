// What one morning's entry records (DESIGN.md, "What a night records"): the stored,
// resolved form (Night) and the partial form a request or an import row carries
// (NightFields). Plain values; not synchronised.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/calendar.h"

namespace painlog::daemon {

// Where it hurt; a set is a bitmask of 1 << index into k_area_names.
inline constexpr std::array<std::string_view, 5> k_area_names{"upper_back", "neck", "shoulders",
                                                              "lower_back", "arms"};
inline constexpr std::array<std::string_view, 4> k_position_names{"back", "side", "stomach",
                                                                  "mixed"};

// A custom factor's stored value: number, yes/no, or a choice.
using FactorValue = std::variant<double, bool, std::string>;

struct Night {
    Date date;
    int pain = 0;
    unsigned areas = 0;  // bitmask over k_area_names
    std::optional<int> stiffness;
    std::optional<std::string> mattress;  // gear names as registered
    std::optional<std::string> pillow;
    std::optional<std::string> position;
    std::optional<int> stress;
    std::optional<double> sitting_hours;
    std::optional<double> sleep_hours;
    std::optional<int> sleep_quality;
    std::vector<std::string> routines;  // names as registered
    std::vector<std::pair<std::string, FactorValue>> factors;  // name as registered
    std::optional<std::string> note;
};

// Nights as columns, one entry per night in date order: what the analysis and the
// report read, without a Night object per night. Missing values are NaN (numbers) or
// "" (names).
struct NightColumns {
    std::vector<Date> dates;
    std::vector<double> pain;
    std::vector<std::string> mattress, pillow, position;  // gear names as registered
    std::vector<double> stress, sitting_hours, sleep_hours, sleep_quality;
    // One per catalog factor, in catalog order: `numbers` for number and yes/no
    // factors (yes 1, no 0), `labels` for choice factors; the other one is empty.
    struct FactorColumn {
        std::vector<double> numbers;
        std::vector<std::string> labels;
    };
    std::vector<FactorColumn> factors;
    // One per catalog routine, in catalog order: 1 on the nights it was done for (any
    // slot), else 0; empty when it was done for none of them.
    std::vector<std::vector<double>> routines;
};

// The fields a request or import row gives; each is checked for type and range
// (night_codec) but not yet against the journal's gear, factors and routines.
struct NightFields {
    std::optional<int> pain;
    std::optional<unsigned> areas;
    std::optional<int> stiffness;
    std::optional<std::string> mattress;
    std::optional<std::string> pillow;
    std::optional<std::string> position;
    std::optional<int> stress;
    std::optional<double> sitting_hours;
    std::optional<double> sleep_hours;
    std::optional<int> sleep_quality;
    std::optional<std::vector<std::string>> routines;
    // Factor name as given -> value as given (number, bool or string); resolved
    // against the factor's type by the journal.
    std::vector<std::pair<std::string, nlohmann::json>> factors;
    std::optional<std::string> note;
};

// The night's fields by their wire names, in export order (the csv columns); a
// night object may also hold "factors". Everything but date and pain is optional
// and may be cleared by `night.edit` ("factor:NAME" clears a factor).
inline constexpr std::array<std::string_view, 13> k_night_fields{
    "date",        "pain",          "areas",       "stiffness",     "mattress",
    "pillow",      "position",      "stress",      "sitting_hours", "sleep_hours",
    "sleep_quality", "routines",    "note"};

// "a, b, c": names joined for messages that say what is allowed.
template <typename Names>
[[nodiscard]] std::string join_names(const Names& names, std::string_view separator = ", ") {
    std::string text;
    for (const auto& name : names) {
        if (!text.empty()) text += separator;
        text += name;
    }
    return text;
}

// "upper_back,neck" for a bitmask, in k_area_names order.
[[nodiscard]] std::string format_areas(unsigned areas, char separator = ',');

}  // namespace painlog::daemon
