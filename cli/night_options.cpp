#include "cli/night_options.h"

#include <array>
#include <charconv>
#include <cmath>

#include "cli/commands.h"
#include "cli/exit_code.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

// Option spellings that differ from the wire names.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> k_wire_names{{
    {"sitting", "sitting_hours"},
    {"sleep", "sleep_hours"},
    {"quality", "sleep_quality"},
    {"routine", "routines"},
    {"factor", "factors"},
    {"area", "areas"},
}};

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

}  // namespace

void add_night_options(CLI::App& command, NightOptions& options) {
    add_text_option(command, "--pain", options.pain, "Morning pain, 0 (none) to 10 (worst)", "N");
    add_text_option(command, "--areas", options.areas,
                    "Where it hurt, comma-separated: upper_back,neck,shoulders,lower_back,arms", "LIST");
    add_text_option(command, "--stiffness", options.stiffness, "Morning stiffness, 0 to 10", "N");
    add_text_option(command, "--position", options.position,
                    "Main sleep position: back, side, stomach or mixed", "POSITION");
    add_text_option(command, "--stress", options.stress, "Stress the evening before, 0 to 10", "N");
    add_text_option(command, "--sitting", options.sitting, "Hours sitting the day before, 0 to 24", "HOURS");
    add_text_option(command, "--sleep", options.sleep, "Hours slept, 0 to 24", "HOURS");
    add_text_option(command, "--quality", options.quality, "Sleep quality, 1 (poor) to 5 (great)", "N");
    add_text_option(command, "--mattress", options.mattress,
                    "Mattress slept on (default: the one in use)", "NAME");
    add_text_option(command, "--pillow", options.pillow, "Pillow used (default: the one in use)", "NAME");
    command.add_option("--routine", options.routines, "A routine done (repeat for several)")
        ->allow_extra_args(false)
        ->type_name("NAME");
    const CLI::Validator name_equals_value(
        [](std::string& text) -> std::string {
            const auto equals = text.find('=');
            if (equals == std::string::npos || equals == 0) {
                return "'" + text + "' is not NAME=VALUE (e.g. --factor coffee=2)";
            }
            return {};
        },
        "", "factor");
    command.add_option("--factor", options.factors, "A custom factor's value (repeatable)")
        ->allow_extra_args(false)
        ->type_name("NAME=VALUE")
        ->check(name_equals_value);
    add_text_option(command, "--note", options.note, "Free text", "TEXT");
}

json night_fields(const NightOptions& options) {
    json fields = json::object();
    const auto put = [&fields](const char* key, const std::optional<std::string>& value,
                               json (*convert)(std::string_view)) {
        if (value) fields[key] = convert(*value);
    };
    const auto text = [](std::string_view value) { return json(std::string(value)); };
    put("pain", options.pain, integer_or_text);
    if (options.areas) fields["areas"] = split_list(*options.areas);
    put("stiffness", options.stiffness, integer_or_text);
    put("position", options.position, text);
    put("stress", options.stress, integer_or_text);
    put("sitting_hours", options.sitting, number_or_text);
    put("sleep_hours", options.sleep, number_or_text);
    put("sleep_quality", options.quality, integer_or_text);
    put("mattress", options.mattress, text);
    put("pillow", options.pillow, text);
    if (!options.routines.empty()) fields["routines"] = options.routines;
    if (!options.factors.empty()) {
        json factors = json::object();
        for (const std::string& assignment : options.factors) {
            auto [name, value] = split_factor(assignment);
            factors[name] = value;
        }
        fields["factors"] = std::move(factors);
    }
    put("note", options.note, text);
    return fields;
}

json add_params(const std::optional<std::string>& date, const NightOptions& options,
                bool replace) {
    json night = night_fields(options);
    if (date) night["date"] = *date;
    return {{"night", std::move(night)}, {"replace", replace}};
}

json edit_params(const std::string& date, const NightOptions& options,
                 const std::vector<std::string>& clear) {
    json set = night_fields(options);
    if (set.empty() && clear.empty()) {
        throw Failure(ExitCode::k_usage,
                      "nothing to change: give a field option (e.g. --pain 3) or --clear FIELD"
                      "\nRun 'painlog edit --help' for usage.");
    }
    json cleared = json::array();
    for (const std::string& field : clear) cleared.push_back(clear_field_name(field));
    return {{"date", date}, {"set", std::move(set)}, {"clear", std::move(cleared)}};
}

json integer_or_text(std::string_view text) {
    long long value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error == std::errc() && stop == end && !text.empty()) return value;
    return std::string(text);
}

json number_or_text(std::string_view text) {
    const json integer = integer_or_text(text);
    if (integer.is_number()) return integer;
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error == std::errc() && stop == end && std::isfinite(value)) return value;
    return std::string(text);
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> items;
    while (true) {
        const auto comma = text.find(',');
        const std::string_view item = trim(text.substr(0, comma));
        if (!item.empty()) items.emplace_back(item);
        if (comma == std::string_view::npos) return items;
        text.remove_prefix(comma + 1);
    }
}

std::pair<std::string, std::string> split_factor(std::string_view text) {
    const auto equals = text.find('=');
    if (equals == std::string_view::npos) return {std::string(text), std::string()};
    return {std::string(trim(text.substr(0, equals))), std::string(text.substr(equals + 1))};
}

std::string clear_field_name(std::string_view field) {
    for (const auto& [option, wire] : k_wire_names) {
        if (field == option) return std::string(wire);
    }
    return std::string(field);
}

}  // namespace painlog::cli
