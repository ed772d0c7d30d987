// RequestHandler: the methods of PROTOCOL.md (the JSON-RPC envelope is in
// request_handler.cpp).

#include "daemon/journal_io.h"
#include "daemon/migrations.h"
#include "daemon/night_codec.h"
#include "daemon/params.h"
#include "daemon/request_handler.h"
#include "daemon/settings.h"
#include "protocol/jsonrpc.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::invalid_field;
using protocol::Result;

// A date parameter (required or not) checked against today.
Result<std::optional<Date>> date_param(const Params& params, std::string_view key, Date today,
                                       bool required) {
    if (!params.has(key)) {
        if (required) return invalid_field(std::string(key), "(missing)", "a date as YYYY-MM-DD");
        return std::optional<Date>{};
    }
    auto text = params.string(key);
    if (!text) return std::move(text).error();
    auto date = parse_date_param(key, *text, today);
    if (!date) return std::move(date).error();
    return std::optional<Date>{*date};
}

}  // namespace

Result<json> RequestHandler::status(const json& raw) {
    auto params = Params::read(raw, {});
    if (!params) return std::move(params).error();
    auto nights = m_journal.night_count();
    if (!nights) return std::move(nights).error();
    return json{{"version", protocol::k_version},
                {"protocol", protocol::k_protocol_version},
                {"pid", m_info.pid},
                {"database", m_info.database.native()},
                {"socket", m_info.socket.native()},
                {"schema_version", m_journal.database().schema_version()},
                {"nights", *nights},
                {"timezone", std::string(m_journal.zone()->name())},
                {"today", format_date(m_journal.today())}};
}

Result<json> RequestHandler::night_add(const json& raw) {
    auto params = Params::read(raw, {"night", "replace"});
    if (!params) return std::move(params).error();
    auto replace = params->flag("replace");
    if (!replace) return std::move(replace).error();
    const json& object = params->raw("night");
    if (!object.is_object()) {
        return invalid_field("night", object.is_null() ? "(missing)" : describe_json(object),
                             "an object of night fields with at least pain");
    }
    const Date today = m_journal.today();
    Date date = today;
    if (object.contains("date") && !object["date"].is_null()) {
        if (!object["date"].is_string()) {
            return invalid_field("date", describe_json(object["date"]), "a date as YYYY-MM-DD");
        }
        auto parsed = parse_date_param("date", object["date"].get<std::string>(), today);
        if (!parsed) return std::move(parsed).error();
        date = *parsed;
    }
    auto fields = parse_night_fields(object, true);
    if (!fields) return std::move(fields).error();
    bool replaced = false;
    auto night = m_journal.add_night(date, *fields, *replace, &replaced);
    if (!night) return std::move(night).error();
    return json{{"night", night_to_json(*night)}, {"replaced", replaced}};
}

Result<json> RequestHandler::night_get(const json& raw) {
    auto params = Params::read(raw, {"date"});
    if (!params) return std::move(params).error();
    auto date = date_param(*params, "date", m_journal.today(), true);
    if (!date) return std::move(date).error();
    auto night = m_journal.get_night(**date);
    if (!night) return std::move(night).error();
    return json{{"night", night_to_json(*night)}};
}

Result<std::string> RequestHandler::night_list(const json& raw) {
    auto params = Params::read(raw, {"from", "to"});
    if (!params) return std::move(params).error();
    const Date today = m_journal.today();
    auto from = date_param(*params, "from", today, false);
    if (!from) return std::move(from).error();
    auto to = date_param(*params, "to", today, false);
    if (!to) return std::move(to).error();
    if (*from && *to && **from > **to) {
        return invalid_field("from", format_date(**from),
                             "a date no later than 'to' (" + format_date(**to) + ")");
    }
    auto nights = m_journal.list_nights(*from, *to);
    if (!nights) return std::move(nights).error();
    // {"nights": [NIGHT...]}, as night_to_json's tree would dump.
    std::string text = "{\"nights\":[";
    text.reserve(text.size() + nights->size() * 320);
    for (std::size_t i = 0; i < nights->size(); ++i) {
        if (i > 0) text += ',';
        append_night_json(text, (*nights)[i]);
    }
    text += "]}";
    return text;
}

Result<json> RequestHandler::night_edit(const json& raw) {
    auto params = Params::read(raw, {"date", "set", "clear"});
    if (!params) return std::move(params).error();
    auto date = date_param(*params, "date", m_journal.today(), true);
    if (!date) return std::move(date).error();
    NightFields set;
    if (params->has("set")) {
        auto fields = parse_night_fields(params->raw("set"), false);
        if (!fields) return std::move(fields).error();
        set = std::move(*fields);
    }
    std::vector<std::string> clear;
    if (params->has("clear")) {
        const json& list = params->raw("clear");
        if (!list.is_array()) return invalid_field("clear", describe_json(list), "a list of field names");
        for (const auto& item : list) {
            if (!item.is_string()) return invalid_field("clear", describe_json(item), "field names");
            clear.push_back(item.get<std::string>());
        }
    }
    auto night = m_journal.edit_night(**date, set, clear);
    if (!night) return std::move(night).error();
    return json{{"night", night_to_json(*night)}};
}

Result<json> RequestHandler::night_remove(const json& raw) {
    auto params = Params::read(raw, {"date"});
    if (!params) return std::move(params).error();
    auto date = date_param(*params, "date", m_journal.today(), true);
    if (!date) return std::move(date).error();
    if (auto status = m_journal.remove_night(**date); !status) return std::move(status).error();
    return json{{"removed", format_date(**date)}};
}

Result<json> RequestHandler::gear_add(const json& raw) {
    auto params = Params::read(raw, {"kind", "name", "firmness", "since", "use"});
    if (!params) return std::move(params).error();
    auto kind = params->string("kind");
    if (!kind) return std::move(kind).error();
    auto name = params->string("name");
    if (!name) return std::move(name).error();
    auto firmness = params->optional_string("firmness");
    if (!firmness) return std::move(firmness).error();
    auto use = params->flag("use");
    if (!use) return std::move(use).error();
    const Date today = m_journal.today();
    auto since = date_param(*params, "since", today, false);
    if (!since) return std::move(since).error();
    Gear gear{0, *kind, *name, *firmness, since->value_or(today), false};
    auto added = m_journal.add_gear(std::move(gear), *use);
    if (!added) return std::move(added).error();
    return json{{"gear", gear_to_json(*added)}};
}

Result<json> RequestHandler::gear_use(const json& raw) {
    auto params = Params::read(raw, {"name"});
    if (!params) return std::move(params).error();
    auto name = params->string("name");
    if (!name) return std::move(name).error();
    auto gear = m_journal.use_gear(*name);
    if (!gear) return std::move(gear).error();
    return json{{"gear", gear_to_json(*gear)}};
}

Result<json> RequestHandler::gear_list(const json& raw) {
    auto params = Params::read(raw, {});
    if (!params) return std::move(params).error();
    auto catalog = m_journal.catalog();
    if (!catalog) return std::move(catalog).error();
    json list = json::array();
    for (const auto& gear : (*catalog)->gear) list.push_back(gear_to_json(gear));
    return json{{"gear", std::move(list)}};
}

Result<json> RequestHandler::factor_add(const json& raw) {
    auto params = Params::read(raw, {"name", "type", "choices", "min", "max"});
    if (!params) return std::move(params).error();
    Factor factor;
    auto name = params->string("name");
    if (!name) return std::move(name).error();
    auto type = params->string("type");
    if (!type) return std::move(type).error();
    factor.name = *name;
    factor.type = *type;
    if (params->has("choices")) {
        const json& choices = params->raw("choices");
        if (!choices.is_array()) return invalid_field("choices", describe_json(choices), "a list of names");
        for (const auto& choice : choices) {
            if (!choice.is_string()) return invalid_field("choices", describe_json(choice), "names");
            factor.choices.push_back(choice.get<std::string>());
        }
    }
    auto min = params->optional_number("min");
    if (!min) return std::move(min).error();
    auto max = params->optional_number("max");
    if (!max) return std::move(max).error();
    factor.min = *min;
    factor.max = *max;
    auto added = m_journal.add_factor(std::move(factor));
    if (!added) return std::move(added).error();
    return json{{"factor", factor_to_json(*added)}};
}

Result<json> RequestHandler::factor_list(const json& raw) {
    auto params = Params::read(raw, {});
    if (!params) return std::move(params).error();
    auto catalog = m_journal.catalog();
    if (!catalog) return std::move(catalog).error();
    json list = json::array();
    for (const auto& factor : (*catalog)->factors) list.push_back(factor_to_json(factor));
    return json{{"factors", std::move(list)}};
}

Result<json> RequestHandler::journal_export(const json& raw) {
    auto params = Params::read(raw, {"format"});
    if (!params) return std::move(params).error();
    auto format = params->optional_string("format");
    if (!format) return std::move(format).error();
    const std::string chosen = format->value_or("json");
    if (chosen != "json" && chosen != "csv") return invalid_field("format", chosen, "json or csv");
    auto definitions = m_journal.snapshot_definitions();
    if (!definitions) return std::move(definitions).error();
    auto nights = m_journal.list_nights(std::nullopt, std::nullopt);
    if (!nights) return std::move(nights).error();
    std::string content = chosen == "json" ? export_json(*definitions, *nights)
                                           : export_csv(definitions->factors, *nights);
    return json{{"format", chosen}, {"content", std::move(content)}};
}

Result<json> RequestHandler::journal_import(const json& raw) {
    auto params = Params::read(raw, {"format", "path", "content", "replace"});
    if (!params) return std::move(params).error();
    auto format = params->optional_string("format");
    if (!format) return std::move(format).error();
    auto replace = params->flag("replace");
    if (!replace) return std::move(replace).error();
    auto text = params->path_or_content();
    if (!text) return std::move(text).error();
    const std::string content = std::move(*text);
    const std::string chosen = format->value_or(guess_format(content));
    if (chosen != "json" && chosen != "csv") return invalid_field("format", chosen, "json or csv");
    auto data = chosen == "json" ? parse_json_import(content) : parse_csv_import(content);
    if (!data) return std::move(data).error();
    for (auto& [key, value] : data->settings) {
        auto spec = find_setting(key);
        if (!spec) return std::move(spec).error();
        auto checked = check_setting(**spec, value);
        if (!checked) return std::move(checked).error();
        value = *checked;
    }
    auto summary = m_journal.import(*data, *replace);
    if (!summary) return std::move(summary).error();
    return json{{"nights", summary->nights},
                {"created_gear", summary->created_gear},
                {"created_factors", summary->created_factors},
                {"created_routines", summary->created_routines}};
}

Result<json> RequestHandler::config_get(const json& raw) {
    auto params = Params::read(raw, {"key"});
    if (!params) return std::move(params).error();
    auto key = params->optional_string("key");
    if (!key) return std::move(key).error();
    if (*key) {
        if (auto spec = find_setting(**key); !spec) return std::move(spec).error();
    }
    auto stored = m_journal.settings();
    if (!stored) return std::move(stored).error();
    json list = json::array();
    for (const auto& spec : k_settings) {
        if (*key && **key != spec.key) continue;
        std::string fallback(spec.default_value);
        if (spec.key == "timezone") fallback = std::string(resolve_zone("")->name());
        const auto it = stored->find(std::string(spec.key));
        const bool set = it != stored->end();
        list.push_back({{"key", spec.key},
                        {"value", set ? it->second : fallback},
                        {"default", fallback},
                        {"allowed", spec.allowed},
                        {"set", set}});
    }
    return json{{"settings", std::move(list)}};
}

Result<json> RequestHandler::config_set(const json& raw) {
    auto params = Params::read(raw, {"key", "value"});
    if (!params) return std::move(params).error();
    auto key = params->string("key");
    if (!key) return std::move(key).error();
    auto spec = find_setting(*key);
    if (!spec) return std::move(spec).error();
    auto value = params->optional_string("value");
    if (!value) return std::move(value).error();
    std::optional<std::string> checked;
    if (*value) {
        auto canonical = check_setting(**spec, **value);
        if (!canonical) return std::move(canonical).error();
        checked = std::move(*canonical);
    }
    if (auto status = m_journal.set_setting(*key, checked); !status) {
        return std::move(status).error();
    }
    schedule_changed();  // the zone or the grace period moves reminders
    return config_get(json{{"key", *key}});
}

}  // namespace painlog::daemon
