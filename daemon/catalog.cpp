#include "daemon/catalog.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "daemon/night_codec.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
using protocol::invalid_field;
using protocol::Result;

template <typename Items>
std::string join_names(const Items& items, auto&& keep) {
    std::string text;
    for (const auto& item : items) {
        if (!keep(item)) continue;
        if (!text.empty()) text += ", ";
        text += item.name;
    }
    return text.empty() ? std::string("(none registered)") : text;
}

template <typename Items>
const auto* find_by_id(const Items& items, std::int64_t id) {
    const auto it = std::find_if(items.begin(), items.end(),
                                 [id](const auto& item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}

// A whole-string decimal number; nullopt for anything else.
std::optional<double> parse_format_number(const std::string& text) {
    if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return {};
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(value)) return {};
    return value;
}

}  // namespace

std::string name_key(std::string_view name) {
    // ASCII only, as std::tolower in the C locale painlogd runs in, without a call per
    // character: names are compared on every row of an import.
    std::string key(name);
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
}

Result<FactorValue> Factor::coerce(const json& value) const {
    const std::string field = "factor:" + name;
    if (type == "number") {
        std::optional<double> number;
        if (value.is_number()) {
            number = value.get<double>();
            if (!std::isfinite(*number)) number.reset();
        } else if (value.is_string()) {
            number = parse_format_number(value.get<std::string>());
        }
        const bool in_range =
            number && (!min || *number >= *min) && (!max || *number <= *max);
        if (!in_range) {
            std::string allowed = "a number";
            if (min && max) {
                allowed += " from " + format_number(*min) + " to " + format_number(*max);
            } else if (min) {
                allowed += " of at least " + format_number(*min);
            } else if (max) {
                allowed += " of at most " + format_number(*max);
            }
            return invalid_field(field, describe_json(value), allowed);
        }
        return FactorValue{*number};
    }
    if (type == "yesno") {
        if (value.is_boolean()) return FactorValue{value.get<bool>()};
        if (value.is_number_integer() && (value == 0 || value == 1)) {
            return FactorValue{value == 1};
        }
        if (value.is_string()) {
            const std::string text = name_key(value.get<std::string>());
            if (text == "yes" || text == "y" || text == "true" || text == "1") {
                return FactorValue{true};
            }
            if (text == "no" || text == "n" || text == "false" || text == "0") {
                return FactorValue{false};
            }
        }
        return invalid_field(field, describe_json(value), "yes or no");
    }
    // choice
    if (value.is_string()) {
        const std::string key = name_key(value.get<std::string>());
        for (const auto& choice : choices) {
            if (name_key(choice) == key) return FactorValue{choice};
        }
    }
    std::string allowed = "one of ";
    for (std::size_t i = 0; i < choices.size(); ++i) {
        allowed += (i == 0 ? "" : ", ") + choices[i];
    }
    return invalid_field(field, describe_json(value), allowed);
}

bool Factor::same_definition(const Factor& other) const {
    if (type != other.type || min != other.min || max != other.max) return false;
    if (choices.size() != other.choices.size()) return false;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (name_key(choices[i]) != name_key(other.choices[i])) return false;
    }
    return true;
}

void Catalog::index() {
    gear_by_name.clear();
    factor_by_name.clear();
    routine_by_name.clear();
    for (std::size_t i = 0; i < gear.size(); ++i) gear_by_name[name_key(gear[i].name)] = i;
    for (std::size_t i = 0; i < factors.size(); ++i) {
        factor_by_name[name_key(factors[i].name)] = i;
    }
    for (std::size_t i = 0; i < routines.size(); ++i) {
        routine_by_name[name_key(routines[i].name)] = i;
    }
}

const Gear* Catalog::find_gear(std::string_view name) const {
    const auto it = gear_by_name.find(name_key(name));
    return it == gear_by_name.end() ? nullptr : &gear[it->second];
}

const Factor* Catalog::find_factor(std::string_view name) const {
    const auto it = factor_by_name.find(name_key(name));
    return it == factor_by_name.end() ? nullptr : &factors[it->second];
}

const Routine* Catalog::find_routine(std::string_view name) const {
    const auto it = routine_by_name.find(name_key(name));
    return it == routine_by_name.end() ? nullptr : &routines[it->second];
}

const Gear* Catalog::gear_in_use(std::string_view kind) const {
    for (const auto& item : gear) {
        if (item.kind == kind && item.in_use) return &item;
    }
    return nullptr;
}

const Gear* Catalog::gear_by_id(std::int64_t id) const { return find_by_id(gear, id); }
const Factor* Catalog::factor_by_id(std::int64_t id) const { return find_by_id(factors, id); }
const Routine* Catalog::routine_by_id(std::int64_t id) const { return find_by_id(routines, id); }

std::string Catalog::gear_names(std::string_view kind) const {
    return join_names(gear, [kind](const Gear& g) { return g.kind == kind; });
}

std::string Catalog::factor_names() const {
    return join_names(factors, [](const Factor&) { return true; });
}

protocol::Result<const Routine*> Catalog::require_routine(std::string_view name) const {
    if (const Routine* routine = find_routine(name)) return routine;
    return protocol::Error{protocol::ErrorCode::k_not_found,
                           "routine: there is no routine '" + std::string(name) + "'; known: " +
                               routine_names(),
                           "routine", std::string(name), "a known routine (" + routine_names() + ")",
                           {}};
}

std::string Catalog::routine_names() const {
    return join_names(routines, [](const Routine&) { return true; });
}

protocol::Status check_factor_definition(const Factor& factor) {
    const std::string& name = factor.name;
    const bool name_ok =
        !name.empty() && name.size() <= 40 &&
        std::isalpha(static_cast<unsigned char>(name.front())) != 0 &&
        std::all_of(name.begin(), name.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
        });
    if (!name_ok) {
        return invalid_field("name", name,
                             "a letter, then letters, digits, '_' or '-', at most 40 in all");
    }
    if (name_key(name) == "factors" ||
        std::find(k_night_fields.begin(), k_night_fields.end(), name_key(name)) != k_night_fields.end()) {
        return invalid_field("name", name, "a name that is not a built-in field");
    }
    if (factor.type != "number" && factor.type != "yesno" && factor.type != "choice") {
        return invalid_field("type", factor.type, "number, yesno or choice");
    }
    if (factor.type == "choice") {
        if (factor.choices.size() < 2 || factor.choices.size() > 20) {
            return invalid_field("choices", std::to_string(factor.choices.size()) + " choices",
                                 "2 to 20 choices for a choice factor");
        }
        for (std::size_t i = 0; i < factor.choices.size(); ++i) {
            const std::string& choice = factor.choices[i];
            if (choice.empty() || choice.size() > 40 ||
                choice.find_first_of(",|;\n\r\t") != std::string::npos) {
                return invalid_field("choices", choice,
                                     "names of 1 to 40 characters without , | ; or tabs");
            }
            for (std::size_t j = 0; j < i; ++j) {
                if (name_key(factor.choices[j]) == name_key(choice)) {
                    return invalid_field("choices", choice, "each choice once");
                }
            }
        }
    } else if (!factor.choices.empty()) {
        return invalid_field("choices", factor.choices.front(), "choices only for a choice factor");
    }
    if (factor.type != "number" && (factor.min || factor.max)) {
        return invalid_field(factor.min ? "min" : "max",
                             format_number(factor.min ? *factor.min : *factor.max),
                             "min and max only for a number factor");
    }
    if (factor.min && factor.max && *factor.min > *factor.max) {
        return invalid_field("min", format_number(*factor.min),
                             "a min no greater than max (" + format_number(*factor.max) + ")");
    }
    return {};
}

protocol::Status check_name(std::string_view name) {
    const bool ok = !name.empty() && name.size() <= 60 &&
                    std::none_of(name.begin(), name.end(), [](char c) {
                        return std::iscntrl(static_cast<unsigned char>(c)) != 0 || c == ';';
                    }) &&
                    name.front() != ' ' && name.back() != ' ';
    if (!ok) {
        return invalid_field("name", std::string(name),
                             "1 to 60 characters, no control characters or ';', no leading "
                             "or trailing space");
    }
    return {};
}

}  // namespace painlog::daemon
