// The journal's named things: gear (mattresses, pillows), custom factors and
// routines, with lookup by name regardless of case, and the check of a factor
// value against its factor's type. Plain values; not synchronised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/calendar.h"
#include "daemon/night.h"
#include "protocol/result.h"

namespace painlog::daemon {

struct Gear {
    std::int64_t id = 0;
    std::string kind;  // "mattress" or "pillow"
    std::string name;
    std::optional<std::string> firmness;
    Date since;
    bool in_use = false;
};

struct Factor {
    std::int64_t id = 0;
    std::string name;
    std::string type;  // "number", "yesno" or "choice"
    std::vector<std::string> choices;
    std::optional<double> min;
    std::optional<double> max;

    // The stored value for `value` as given (number, bool or string), or an error
    // naming the factor, the value and what its type allows.
    [[nodiscard]] protocol::Result<FactorValue> coerce(const nlohmann::json& value) const;
    // Whether two definitions describe the same factor (name aside).
    [[nodiscard]] bool same_definition(const Factor& other) const;
};

struct Routine {
    std::int64_t id = 0;
    std::string name;
    bool builtin = false;
    std::string suits;  // "evening", "morning" or "both"
    std::optional<int> minutes;
    std::string steps;
};

// Lower-case ASCII key for case-insensitive names (as SQLite's NOCASE).
[[nodiscard]] std::string name_key(std::string_view name);

// Every gear item, factor and routine, indexed by name_key.
struct Catalog {
    std::vector<Gear> gear;
    std::vector<Factor> factors;
    std::vector<Routine> routines;
    std::unordered_map<std::string, std::size_t> gear_by_name;
    std::unordered_map<std::string, std::size_t> factor_by_name;
    std::unordered_map<std::string, std::size_t> routine_by_name;

    void index();
    [[nodiscard]] const Gear* find_gear(std::string_view name) const;
    [[nodiscard]] const Factor* find_factor(std::string_view name) const;
    [[nodiscard]] const Routine* find_routine(std::string_view name) const;
    [[nodiscard]] const Gear* gear_in_use(std::string_view kind) const;
    [[nodiscard]] const Gear* gear_by_id(std::int64_t id) const;
    [[nodiscard]] const Factor* factor_by_id(std::int64_t id) const;
    [[nodiscard]] const Routine* routine_by_id(std::int64_t id) const;
    // "A, B, C" of the names of one kind of gear (or of all factors / routines),
    // for "what is allowed" in messages.
    [[nodiscard]] std::string gear_names(std::string_view kind) const;
    [[nodiscard]] std::string factor_names() const;
    [[nodiscard]] std::string routine_names() const;
    // The routine named `name`, or a not_found error (field "routine") listing them.
    [[nodiscard]] protocol::Result<const Routine*> require_routine(std::string_view name) const;
};

// Checks a factor definition as given to factor.add or by an import: the name
// (a letter, then letters, digits, '_' or '-', at most 40, not a built-in field),
// the type, choices only and always for choice, min/max only for number.
[[nodiscard]] protocol::Status check_factor_definition(const Factor& factor);

// Checks the name of gear, a routine or a reminder: 1 to 60 characters, no control
// characters, no ';', no space at either end.
[[nodiscard]] protocol::Status check_name(std::string_view name);

// Checks a routine definition as given to routine.add or by an import: its name
// (check_name), steps of 1 to 4000 characters not all blank, suits evening, morning
// or both, minutes (when given) from 1 to 120.
[[nodiscard]] protocol::Status check_routine_definition(const Routine& routine);

}  // namespace painlog::daemon
