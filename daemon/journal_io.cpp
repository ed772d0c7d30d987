#include "daemon/journal_io.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "daemon/csv.h"
#include "daemon/night_codec.h"
#include "protocol/json_text.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::invalid_field;
using protocol::Result;

std::string factor_header(const Factor& factor) {
    std::string spec = factor.type;
    if (factor.type == "number" && (factor.min || factor.max)) {
        spec += ":" + (factor.min ? format_number(*factor.min) : "") + ":" +
                (factor.max ? format_number(*factor.max) : "");
    } else if (factor.type == "choice") {
        spec += ":";
        for (std::size_t i = 0; i < factor.choices.size(); ++i) {
            spec += (i == 0 ? "" : "|") + factor.choices[i];
        }
    }
    return "factor:" + factor.name + "[" + spec + "]";
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(separator, start), text.size());
        if (end > start) parts.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

// Parses "factor:NAME[SPEC]" into a definition; nullopt if `header` is no factor column.
Result<std::optional<Factor>> parse_factor_header(const std::string& header) {
    if (!header.starts_with("factor:")) return std::optional<Factor>{};
    const auto bad = [&] {
        return invalid_field("header", header,
                             "factor:NAME[number], factor:NAME[number:MIN:MAX], "
                             "factor:NAME[yesno] or factor:NAME[choice:A|B|C]");
    };
    const std::size_t open = header.find('[');
    if (open == std::string::npos || header.back() != ']') return bad();
    Factor factor;
    factor.name = header.substr(7, open - 7);
    const std::string spec = header.substr(open + 1, header.size() - open - 2);
    const std::size_t colon = spec.find(':');
    factor.type = spec.substr(0, colon);
    if (colon != std::string::npos) {
        const std::string rest = spec.substr(colon + 1);
        if (factor.type == "choice") {
            factor.choices = split(rest, '|');
        } else if (factor.type == "number") {
            const std::size_t second = rest.find(':');
            if (second == std::string::npos) return bad();
            for (const auto& [text, slot] :
                 {std::pair{rest.substr(0, second), &factor.min},
                  std::pair{rest.substr(second + 1), &factor.max}}) {
                if (text.empty()) continue;
                double value = 0;
                const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
                if (error != std::errc{} || end != text.data() + text.size()) return bad();
                *slot = value;
            }
        } else {
            return bad();
        }
    }
    if (auto status = check_factor_definition(factor); !status) {
        auto error = std::move(status).error();
        error.message = "header '" + header + "': " + error.message;
        return error;
    }
    return std::optional<Factor>{std::move(factor)};
}

// A csv cell as JSON for the night codec: integers and decimals become numbers, so
// that "bad" stays a string and is reported as written.
json cell_value(const std::string& cell) {
    double value = 0;
    const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (error == std::errc{} && end == cell.data() + cell.size() && std::isfinite(value)) {
        if (value == std::floor(value) && std::abs(value) < 1e15) {
            return static_cast<long long>(value);
        }
        return value;
    }
    return cell;
}

}  // namespace

json gear_to_json(const Gear& gear) {
    return {{"name", gear.name},
            {"kind", gear.kind},
            {"firmness", gear.firmness ? json(*gear.firmness) : json(nullptr)},
            {"since", format_date(gear.since)},
            {"in_use", gear.in_use}};
}

json factor_to_json(const Factor& factor) {
    return {{"name", factor.name},
            {"type", factor.type},
            {"choices", factor.choices},
            {"min", factor.min ? json(*factor.min) : json(nullptr)},
            {"max", factor.max ? json(*factor.max) : json(nullptr)}};
}

std::string export_json(const ImportData& definitions, const std::vector<Night>& nights) {
    json gear = json::array();
    for (const auto& item : definitions.gear) gear.push_back(gear_to_json(item));
    json factors = json::array();
    for (const auto& factor : definitions.factors) factors.push_back(factor_to_json(factor));
    json routines = json::array();
    for (const auto& routine : definitions.routines) {
        routines.push_back({{"name", routine.name},
                            {"suits", routine.suits},
                            {"minutes", routine.minutes ? json(*routine.minutes) : json(nullptr)},
                            {"steps", routine.steps}});
    }
    json night_list = json::array();
    for (const auto& night : nights) night_list.push_back(night_to_json(night));
    const json document = {{"painlog_journal", k_journal_format_version},
                           {"gear", std::move(gear)},
                           {"factors", std::move(factors)},
                           {"routines", std::move(routines)},
                           {"nights", std::move(night_list)},
                           {"settings", definitions.settings}};
    return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string export_csv(const std::vector<Factor>& factors, const std::vector<Night>& nights) {
    std::vector<Factor> columns = factors;
    std::sort(columns.begin(), columns.end(),
              [](const Factor& a, const Factor& b) { return name_key(a.name) < name_key(b.name); });
    std::string out;
    CsvRecord header(k_night_fields.begin(), k_night_fields.end());
    for (const auto& factor : columns) header.push_back(factor_header(factor));
    append_csv_record(out, header);
    const auto text = [](const auto& value) -> std::string {
        if (!value) return {};
        using T = std::decay_t<decltype(*value)>;
        if constexpr (std::is_same_v<T, std::string>) {
            return *value;
        } else if constexpr (std::is_same_v<T, double>) {
            return format_number(*value);
        } else {
            return std::to_string(*value);
        }
    };
    CsvRecord record;
    for (const auto& night : nights) {
        record.clear();
        record.push_back(format_date(night.date));
        record.push_back(std::to_string(night.pain));
        record.push_back(format_areas(night.areas, ';'));
        record.push_back(text(night.stiffness));
        record.push_back(text(night.mattress));
        record.push_back(text(night.pillow));
        record.push_back(text(night.position));
        record.push_back(text(night.stress));
        record.push_back(text(night.sitting_hours));
        record.push_back(text(night.sleep_hours));
        record.push_back(text(night.sleep_quality));
        record.push_back(join_names(night.routines, ";"));
        record.push_back(text(night.note));
        for (const auto& factor : columns) {
            const auto it = std::find_if(night.factors.begin(), night.factors.end(),
                                         [&](const auto& pair) { return pair.first == factor.name; });
            if (it == night.factors.end()) {
                record.emplace_back();
            } else if (const auto* number = std::get_if<double>(&it->second)) {
                record.push_back(format_number(*number));
            } else if (const auto* yes = std::get_if<bool>(&it->second)) {
                record.push_back(*yes ? "yes" : "no");
            } else {
                record.push_back(std::get<std::string>(it->second));
            }
        }
        append_csv_record(out, record);
    }
    return out;
}

Result<ImportData> parse_csv_import(std::string_view text) {
    auto records = parse_csv(text);
    if (!records) return std::move(records).error();
    if (records->empty()) {
        return invalid_field("file", "(empty)", "a header row, then one row per night");
    }
    const CsvRecord& header = records->front();
    ImportData data;
    std::vector<int> factor_column(header.size(), -1);  // index into data.factors
    bool has_date = false;
    bool has_pain = false;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string& name = header[i];
        auto factor = parse_factor_header(name);
        if (!factor) return std::move(factor).error();
        if (*factor) {
            factor_column[i] = static_cast<int>(data.factors.size());
            data.factors.push_back(std::move(**factor));
            continue;
        }
        if (std::find(k_night_fields.begin(), k_night_fields.end(), name) == k_night_fields.end()) {
            return invalid_field("header", name, join_names(k_night_fields) + ", or factor:NAME[TYPE]");
        }
        if (std::find(header.begin(), header.begin() + static_cast<long>(i), name) !=
            header.begin() + static_cast<long>(i)) {
            return invalid_field("header", name, "each column once");
        }
        has_date = has_date || name == "date";
        has_pain = has_pain || name == "pain";
    }
    if (!has_date || !has_pain) {
        return invalid_field("header", join_names(header, ","), "at least the columns date and pain");
    }

    for (std::size_t r = 1; r < records->size(); ++r) {
        const CsvRecord& record = (*records)[r];
        const long row = static_cast<long>(r);
        if (record.size() != header.size()) {
            return protocol::at_row(invalid_field("row", std::to_string(record.size()) + " fields",
                                                  std::to_string(header.size()) + " fields, as the header"),
                                    row);
        }
        ImportRow import_row;
        import_row.row = row;
        json night = json::object();
        json factors = json::object();
        for (std::size_t i = 0; i < header.size(); ++i) {
            const std::string& cell = record[i];
            if (protocol::invalid_utf8_at(cell)) {
                return protocol::at_row(
                    invalid_field(header[i], cell, "UTF-8 text (save the file as UTF-8)"), row);
            }
            if (factor_column[i] >= 0) {
                if (!cell.empty()) {
                    factors[data.factors[static_cast<std::size_t>(factor_column[i])].name] = cell;
                }
                continue;
            }
            const std::string& column = header[i];
            if (column == "date") {
                import_row.date_text = cell;
            } else if (cell.empty()) {
                continue;
            } else if (column == "areas" || column == "routines") {
                night[column] = split(cell, ';');
            } else if (column == "mattress" || column == "pillow" || column == "position" ||
                       column == "note") {
                night[column] = cell;
            } else {
                night[column] = cell_value(cell);
            }
        }
        if (!factors.empty()) night["factors"] = std::move(factors);
        auto fields = parse_night_fields(night, false);
        if (!fields) return protocol::at_row(std::move(fields).error(), row);
        import_row.fields = std::move(*fields);
        data.nights.push_back(std::move(import_row));
    }
    return data;
}

namespace {

// Reads member `key` of a json import's object `item` (the `index`th of `list`) into
// `slot`, checking its type; an absent or null member leaves `slot` as it is.
template <typename T>
protocol::Status read_member(const json& item, const char* list, std::size_t index,
                             const char* key, T& slot) {
    if (!item.contains(key) || item[key].is_null()) return {};
    const json& value = item[key];
    const std::string field = std::string(list) + "[" + std::to_string(index) + "]." + key;
    if constexpr (std::is_same_v<T, bool>) {
        if (!value.is_boolean()) return invalid_field(field, describe_json(value), "true or false");
        slot = value.get<bool>();
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
        if (!value.is_number()) return invalid_field(field, describe_json(value), "a number");
        slot = value.get<double>();
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        if (!value.is_array()) return invalid_field(field, describe_json(value), "a list of names");
        for (const auto& element : value) {
            if (!element.is_string()) return invalid_field(field, describe_json(element), "names");
            slot.push_back(element.get<std::string>());
        }
    } else {  // std::string or std::optional<std::string>
        if (!value.is_string()) return invalid_field(field, describe_json(value), "text");
        slot = value.get<std::string>();
    }
    return {};
}

const json& list_member(const json& document, const char* key) {
    static const json empty = json::array();
    return document.contains(key) && document[key].is_array() ? document[key] : empty;
}

}  // namespace

Result<ImportData> parse_json_import(std::string_view text) {
    const json document = json::parse(text, nullptr, false);
    if (document.is_discarded() || !document.is_object() ||
        !document.contains("painlog_journal")) {
        return invalid_field("file", "(not a painlog journal)",
                             "a json export of painlog ({\"painlog_journal\": 1, ...})");
    }
    if (document["painlog_journal"] != k_journal_format_version) {
        return invalid_field("painlog_journal", describe_json(document["painlog_journal"]),
                             "version 1; this file was written by a newer painlog");
    }
    for (const char* key : {"gear", "factors", "routines", "nights"}) {
        if (document.contains(key) && !document[key].is_array()) {
            return invalid_field(key, describe_json(document[key]), "a list");
        }
    }
    ImportData data;
    std::size_t index = 0;
    for (const auto& item : list_member(document, "gear")) {
        if (!item.is_object()) return invalid_field("gear", describe_json(item), "objects");
        Gear gear;
        std::string since;
        for (auto status : {read_member(item, "gear", index, "name", gear.name),
                            read_member(item, "gear", index, "kind", gear.kind),
                            read_member(item, "gear", index, "firmness", gear.firmness),
                            read_member(item, "gear", index, "since", since),
                            read_member(item, "gear", index, "in_use", gear.in_use)}) {
            if (!status) return std::move(status).error();
        }
        const std::string prefix = "gear[" + std::to_string(index) + "].";
        if (gear.kind != "mattress" && gear.kind != "pillow") {
            return invalid_field(prefix + "kind", gear.kind, "mattress or pillow");
        }
        if (!since.empty()) {
            const auto date = parse_iso_date(since);
            if (!date) return invalid_field(prefix + "since", since, "a date as YYYY-MM-DD");
            gear.since = *date;
        }
        data.gear.push_back(std::move(gear));
        ++index;
    }
    index = 0;
    for (const auto& item : list_member(document, "factors")) {
        if (!item.is_object()) return invalid_field("factors", describe_json(item), "objects");
        Factor factor;
        for (auto status : {read_member(item, "factors", index, "name", factor.name),
                            read_member(item, "factors", index, "type", factor.type),
                            read_member(item, "factors", index, "choices", factor.choices),
                            read_member(item, "factors", index, "min", factor.min),
                            read_member(item, "factors", index, "max", factor.max)}) {
            if (!status) return std::move(status).error();
        }
        data.factors.push_back(std::move(factor));
        ++index;
    }
    index = 0;
    for (const auto& item : list_member(document, "routines")) {  // none in older exports
        if (!item.is_object()) return invalid_field("routines", describe_json(item), "objects");
        Routine routine;
        std::optional<double> minutes;
        for (auto status : {read_member(item, "routines", index, "name", routine.name),
                            read_member(item, "routines", index, "suits", routine.suits),
                            read_member(item, "routines", index, "minutes", minutes),
                            read_member(item, "routines", index, "steps", routine.steps)}) {
            if (!status) return std::move(status).error();
        }
        if (routine.suits.empty()) routine.suits = "both";
        if (minutes) {
            const std::string field = "routines[" + std::to_string(index) + "].minutes";
            if (*minutes != std::floor(*minutes) || *minutes < 1 || *minutes > 120) {
                return invalid_field(field, describe_json(item["minutes"]),
                                     "a whole number of minutes from 1 to 120");
            }
            routine.minutes = static_cast<int>(*minutes);
        }
        data.routines.push_back(std::move(routine));
        ++index;
    }
    long row = 0;
    for (const auto& item : list_member(document, "nights")) {
        ++row;
        const auto with_row = [&](protocol::Error error) { return protocol::at_row(std::move(error), row); };
        if (!item.is_object() || !item.contains("date") || !item["date"].is_string()) {
            return with_row(invalid_field("date", describe_json(item), "a night with a date"));
        }
        auto fields = parse_night_fields(item, true);
        if (!fields) return with_row(std::move(fields).error());
        data.nights.push_back(ImportRow{row, item["date"].get<std::string>(), std::move(*fields)});
    }
    if (document.contains("settings") && !document["settings"].is_null()) {
        if (!document["settings"].is_object()) {
            return invalid_field("settings", describe_json(document["settings"]), "an object");
        }
        for (const auto& [key, value] : document["settings"].items()) {
            if (!value.is_string()) return invalid_field("settings." + key, describe_json(value), "text");
            data.settings.emplace(key, value.get<std::string>());
        }
    }
    return data;
}

std::string guess_format(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    return (first != std::string_view::npos && text[first] == '{') ? "json" : "csv";
}

}  // namespace painlog::daemon
