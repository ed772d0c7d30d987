#include "daemon/night_codec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <variant>

#include "protocol/jsonrpc.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
using protocol::invalid_field;
using protocol::Result;

constexpr std::size_t k_max_note_chars = 4000;
constexpr std::size_t k_max_name_bytes = 60;

// Counts code points in UTF-8 text (the JSON parser has rejected invalid UTF-8).
std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
    }
    return count;
}

Result<std::string> parse_name_field(std::string_view field, const json& value) {
    if (!value.is_string() || value.get_ref<const std::string&>().empty() ||
        value.get_ref<const std::string&>().size() > k_max_name_bytes) {
        return invalid_field(std::string(field), describe_json(value),
                             "a registered name (1 to 60 characters)");
    }
    return value.get<std::string>();
}

Result<std::string> parse_position(const json& value) {
    if (value.is_string()) {
        for (const auto name : k_position_names) {
            if (value.get_ref<const std::string&>() == name) return std::string(name);
        }
    }
    return invalid_field("position", describe_json(value), join_names(k_position_names));
}

Result<unsigned> parse_area_name(const json& value) {
    if (value.is_string()) {
        for (std::size_t i = 0; i < k_area_names.size(); ++i) {
            if (value.get_ref<const std::string&>() == k_area_names[i]) return 1U << i;
        }
    }
    return invalid_field("areas", describe_json(value), join_names(k_area_names));
}

Result<unsigned> parse_areas(const json& value) {
    json list = value;
    if (value.is_string()) {  // "upper_back,neck" is accepted as well as a list
        list = json::array();
        const std::string& text = value.get_ref<const std::string&>();
        std::size_t start = 0;
        while (start <= text.size()) {
            const std::size_t comma = std::min(text.find(',', start), text.size());
            if (comma > start) list.push_back(text.substr(start, comma - start));
            start = comma + 1;
        }
    }
    if (!list.is_array()) {
        return invalid_field("areas", describe_json(value), "a list of " + join_names(k_area_names));
    }
    unsigned areas = 0;
    for (const auto& item : list) {
        auto bit = parse_area_name(item);
        if (!bit) return std::move(bit).error();
        if ((areas & *bit) != 0) {
            return invalid_field("areas", describe_json(item), "each area at most once");
        }
        areas |= *bit;
    }
    return areas;
}

Result<std::vector<std::string>> parse_routines(const json& value) {
    if (!value.is_array()) {
        return invalid_field("routines", describe_json(value), "a list of routine names");
    }
    std::vector<std::string> names;
    for (const auto& item : value) {
        auto name = parse_name_field("routines", item);
        if (!name) return std::move(name).error();
        names.push_back(std::move(*name));
    }
    return names;
}

Result<std::vector<std::pair<std::string, json>>> parse_factors(const json& value) {
    if (!value.is_object()) {
        return invalid_field("factors", describe_json(value),
                             "an object of factor name to value");
    }
    std::vector<std::pair<std::string, json>> factors;
    for (const auto& [name, factor_value] : value.items()) {
        if (!(factor_value.is_number() || factor_value.is_boolean() ||
              factor_value.is_string())) {
            return invalid_field("factor:" + name, describe_json(factor_value),
                                 "a number, yes/no or one of the factor's choices");
        }
        factors.emplace_back(name, factor_value);
    }
    return factors;
}

Result<std::string> parse_note(const json& value) {
    if (!value.is_string() || utf8_length(value.get_ref<const std::string&>()) > k_max_note_chars) {
        std::string shown = describe_json(value);
        if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
        return invalid_field("note", shown, "text of at most 4000 characters");
    }
    return value.get<std::string>();
}

// Assigns the parsed value to `slot`, or returns the error.
template <typename T, typename U>
protocol::Status assign(std::optional<T>& slot, Result<U> parsed) {
    if (!parsed) return std::move(parsed).error();
    slot = std::move(*parsed);
    return {};
}

}  // namespace

std::string format_number(double value) {
    char buffer[32];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return error == std::errc{} ? std::string(buffer, end) : std::to_string(value);
}

std::string describe_json(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    return protocol::encode_text(value);
}

Result<int> parse_int_field(std::string_view field, const json& value, int min, int max) {
    const auto allowed = "a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max);
    double number = 0;
    if (value.is_number_integer()) {
        const bool huge = value.is_number_unsigned()
                              ? value.get<std::uint64_t>() > 1000000U
                              : (value.get<std::int64_t>() > 1000000 ||
                                 value.get<std::int64_t>() < -1000000);
        if (huge) return invalid_field(std::string(field), describe_json(value), allowed);
        number = value.get<double>();
    } else if (value.is_number_float()) {
        number = value.get<double>();
        if (!std::isfinite(number) || number != std::floor(number)) {
            return invalid_field(std::string(field), describe_json(value), allowed);
        }
    } else {
        return invalid_field(std::string(field), describe_json(value), allowed);
    }
    if (number < min || number > max) {
        return invalid_field(std::string(field), describe_json(value), allowed);
    }
    return static_cast<int>(number);
}

Result<double> parse_number_field(std::string_view field, const json& value, double min,
                                  double max) {
    if (value.is_number()) {
        const double number = value.get<double>();
        if (std::isfinite(number) && number >= min && number <= max) return number;
    }
    return invalid_field(std::string(field), describe_json(value),
                         "a number from " + format_number(min) + " to " + format_number(max));
}

Result<NightFields> parse_night_fields(const json& object, bool date_allowed) {
    if (!object.is_object()) {
        return invalid_field("night", describe_json(object), "an object of night fields");
    }
    NightFields fields;
    for (const auto& [key, value] : object.items()) {
        if (value.is_null()) continue;  // null means "not given"
        if (key == "note" && value == "") continue;  // an empty note is no note
        protocol::Status status;
        if (key == "date") {
            if (!date_allowed) {
                return invalid_field("date", describe_json(value),
                                     "no date here: the date names the night to change");
            }
        } else if (key == "pain") {
            status = assign(fields.pain, parse_int_field("pain", value, 0, 10));
        } else if (key == "stiffness") {
            status = assign(fields.stiffness, parse_int_field("stiffness", value, 0, 10));
        } else if (key == "stress") {
            status = assign(fields.stress, parse_int_field("stress", value, 0, 10));
        } else if (key == "sleep_quality") {
            status = assign(fields.sleep_quality, parse_int_field("sleep_quality", value, 1, 5));
        } else if (key == "sitting_hours") {
            status = assign(fields.sitting_hours, parse_number_field("sitting_hours", value, 0, 24));
        } else if (key == "sleep_hours") {
            status = assign(fields.sleep_hours, parse_number_field("sleep_hours", value, 0, 24));
        } else if (key == "areas") {
            status = assign(fields.areas, parse_areas(value));
        } else if (key == "position") {
            status = assign(fields.position, parse_position(value));
        } else if (key == "mattress") {
            status = assign(fields.mattress, parse_name_field("mattress", value));
        } else if (key == "pillow") {
            status = assign(fields.pillow, parse_name_field("pillow", value));
        } else if (key == "routines") {
            status = assign(fields.routines, parse_routines(value));
        } else if (key == "note") {
            status = assign(fields.note, parse_note(value));
        } else if (key == "factors") {
            auto factors = parse_factors(value);
            if (!factors) return std::move(factors).error();
            fields.factors = std::move(*factors);
        } else {
            return invalid_field("night", key, "the fields " + join_names(k_night_fields) + ", factors");
        }
        if (!status) return std::move(status).error();
    }
    return fields;
}

json factor_value_to_json(const FactorValue& value) {
    return std::visit([](const auto& v) { return json(v); }, value);
}

json night_to_json(const Night& night) {
    const auto optional = [](const auto& value) -> json {
        return value ? json(*value) : json(nullptr);
    };
    json areas = json::array();
    for (std::size_t i = 0; i < k_area_names.size(); ++i) {
        if ((night.areas & (1U << i)) != 0) areas.push_back(k_area_names[i]);
    }
    json factors = json::object();
    for (const auto& [name, value] : night.factors) factors[name] = factor_value_to_json(value);
    return {{"date", format_date(night.date)},
            {"pain", night.pain},
            {"areas", std::move(areas)},
            {"stiffness", optional(night.stiffness)},
            {"mattress", optional(night.mattress)},
            {"pillow", optional(night.pillow)},
            {"position", optional(night.position)},
            {"stress", optional(night.stress)},
            {"sitting_hours", optional(night.sitting_hours)},
            {"sleep_hours", optional(night.sleep_hours)},
            {"sleep_quality", optional(night.sleep_quality)},
            {"routines", night.routines},
            {"factors", std::move(factors)},
            {"note", optional(night.note)}};
}

namespace {

using protocol::append_json_string;

void append_value(std::string& out, const std::optional<std::string>& value) {
    if (value) {
        append_json_string(out, *value);
    } else {
        out += "null";
    }
}

void append_value(std::string& out, const std::optional<int>& value) {
    out += value ? std::to_string(*value) : "null";
}

void append_value(std::string& out, const std::optional<double>& value) {
    if (value) {
        protocol::append_json_number(out, *value);
    } else {
        out += "null";
    }
}

// As encode_text(factor_value_to_json(value)) writes it.
void append_factor_value(std::string& out, const FactorValue& value) {
    if (const auto* number = std::get_if<double>(&value)) {
        protocol::append_json_number(out, *number);
    } else if (const auto* yes = std::get_if<bool>(&value)) {
        out += *yes ? "true" : "false";
    } else {
        append_json_string(out, std::get<std::string>(value));
    }
}

void append_strings(std::string& out, const std::vector<std::string>& items) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ',';
        append_json_string(out, items[i]);
    }
    out += ']';
}

}  // namespace

void append_night_json(std::string& out, const Night& night) {
    // The keys in the order of night_to_json's object (std::map: byte order).
    out += "{\"areas\":[";
    bool first = true;
    for (std::size_t i = 0; i < k_area_names.size(); ++i) {
        if ((night.areas & (1U << i)) == 0) continue;
        if (!first) out += ',';
        first = false;
        out += '"';
        out += k_area_names[i];
        out += '"';
    }
    out += "],\"date\":\"";
    out += format_date(night.date);
    out += "\",\"factors\":{";
    // As a JSON object keeps them: by name, the last of a name winning.
    std::vector<std::size_t> order(night.factors.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return night.factors[a].first < night.factors[b].first; });
    first = true;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto& [name, value] = night.factors[order[k]];
        if (k + 1 < order.size() && night.factors[order[k + 1]].first == name) continue;
        if (!first) out += ',';
        first = false;
        append_json_string(out, name);
        out += ':';
        append_factor_value(out, value);
    }
    out += "},\"mattress\":";
    append_value(out, night.mattress);
    out += ",\"note\":";
    append_value(out, night.note);
    out += ",\"pain\":";
    out += std::to_string(night.pain);
    out += ",\"pillow\":";
    append_value(out, night.pillow);
    out += ",\"position\":";
    append_value(out, night.position);
    out += ",\"routines\":";
    append_strings(out, night.routines);
    out += ",\"sitting_hours\":";
    append_value(out, night.sitting_hours);
    out += ",\"sleep_hours\":";
    append_value(out, night.sleep_hours);
    out += ",\"sleep_quality\":";
    append_value(out, night.sleep_quality);
    out += ",\"stiffness\":";
    append_value(out, night.stiffness);
    out += ",\"stress\":";
    append_value(out, night.stress);
    out += '}';
}

std::string format_areas(unsigned areas, char separator) {
    std::string text;
    for (std::size_t i = 0; i < k_area_names.size(); ++i) {
        if ((areas & (1U << i)) == 0) continue;
        if (!text.empty()) text.push_back(separator);
        text += k_area_names[i];
    }
    return text;
}

}  // namespace painlog::daemon
