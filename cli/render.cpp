#include "cli/render.h"

#include "report/layout.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

namespace painlog::cli {
namespace {

using nlohmann::json;

bool present(const json& value) {
    return !value.is_null() && !(value.is_array() && value.empty()) &&
           !(value.is_object() && value.empty());
}

std::string join(const json& list, std::string_view separator) {
    std::string text;
    if (!list.is_array()) return value_text(list);
    for (const json& item : list) {
        if (!text.empty()) text += separator;
        text += value_text(item);
    }
    return text;
}

std::string pad(const std::string& text, std::size_t width, bool right) {
    const std::size_t used = display_width(text);
    const std::string spaces(width > used ? width - used : 0, ' ');
    return right ? spaces + text : text + spaces;
}

void add_line(std::string& out, std::string_view label, const std::string& value) {
    constexpr std::size_t k_label_width = 15;
    std::string line(label);
    line.resize(std::max(k_label_width, label.size() + 1), ' ');
    out += line + value + '\n';
}

}  // namespace

const json& field(const json& object, const char* key) {
    static const json k_null;
    if (!object.is_object()) return k_null;
    const auto found = object.find(key);
    return found == object.end() ? k_null : *found;
}

std::string table_text(const std::vector<TableColumn>& columns,
                         const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths(columns.size());
    std::size_t used = 0;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        std::size_t width = display_width(columns[c].header);
        for (const auto& row : rows) width = std::max(width, display_width(row[c]));
        if (columns[c].max_width == 0) {
            const std::size_t left = k_table_width > used ? k_table_width - used : 0;
            width = std::min(width, std::max(left, display_width(columns[c].header)));
        } else {
            width = std::min(width, columns[c].max_width);
        }
        widths[c] = width;
        used += width + 1;
    }
    std::string out;
    const auto emit = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if (c > 0) line += ' ';
            line += pad(fit(cells[c], widths[c]), widths[c], columns[c].right_aligned);
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out += line + '\n';
    };
    std::vector<std::string> headers;
    for (const TableColumn& column : columns) headers.emplace_back(column.header);
    emit(headers);
    for (const auto& row : rows) emit(row);
    return out;
}

std::size_t display_width(std::string_view text) { return report::display_width(text); }

std::string fit(std::string_view text, std::size_t width) { return report::fit(text, width); }

std::string value_text(const json& value) {
    if (value.is_null()) return "-";
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
    if (value.is_number_integer()) return value.dump();
    if (value.is_number_float()) {
        std::array<char, 32> buffer{};
        const auto [end, error] =
            std::to_chars(buffer.data(), buffer.data() + buffer.size(), value.get<double>());
        return error == std::errc() ? std::string(buffer.data(), end) : value.dump();
    }
    if (value.is_array()) return join(value, ", ");
    return value.dump();
}

std::string night_summary(const json& night) {
    std::string text = value_text(field(night, "date")) + ": pain " + value_text(field(night, "pain"));
    if (present(field(night, "areas"))) text += " (" + join(field(night, "areas"), ", ") + ")";
    for (const char* gear : {"mattress", "pillow"}) {
        if (present(field(night, gear))) {
            text += std::string(" · ") + gear + " " + value_text(field(night, gear));
        }
    }
    return text;
}

std::string night_details(const json& night) {
    std::string out;
    for (const char* key : {"date", "pain", "areas", "stiffness", "position", "stress",
                            "sitting_hours", "sleep_hours", "sleep_quality", "mattress", "pillow",
                            "routines"}) {
        const json& value = field(night, key);
        add_line(out, key, present(value) ? value_text(value) : "-");
    }
    const json& factors = field(night, "factors");
    if (factors.is_object()) {
        for (const auto& [name, value] : factors.items()) add_line(out, "factor:" + name, value_text(value));
    }
    add_line(out, "note", value_text(field(night, "note")));
    return out;
}

std::string nights_table(const json& nights) {
    if (!nights.is_array() || nights.empty()) {
        return "No nights logged yet. Start with: painlog add --pain N\n";
    }
    const std::vector<TableColumn> columns{{"date", 10},  {"pain", 4, true},  {"stiff", 5, true},
                                      {"pos", 7},    {"stress", 6, true}, {"sleep", 5, true},
                                      {"mattress", 12}, {"pillow", 10},  {"areas", 0}};
    std::vector<std::vector<std::string>> rows;
    for (const json& night : nights) {
        rows.push_back({value_text(field(night, "date")), value_text(field(night, "pain")),
                        value_text(field(night, "stiffness")), value_text(field(night, "position")),
                        value_text(field(night, "stress")), value_text(field(night, "sleep_hours")),
                        value_text(field(night, "mattress")), value_text(field(night, "pillow")),
                        present(field(night, "areas")) ? join(field(night, "areas"), ",") : "-"});
    }
    return table_text(columns, rows);
}

std::string gear_line(const json& gear) {
    std::string text = value_text(field(gear, "kind")) + " " + value_text(field(gear, "name"));
    std::vector<std::string> details;
    if (present(field(gear, "firmness"))) details.push_back(value_text(field(gear, "firmness")));
    if (present(field(gear, "since"))) details.push_back("since " + value_text(field(gear, "since")));
    if (field(gear, "in_use") == true) details.emplace_back("in use");
    if (!details.empty()) text += " (" + join(json(details), ", ") + ")";
    return text;
}

std::string gear_table(const json& gear) {
    if (!gear.is_array() || gear.empty()) {
        return "No gear registered yet. Add some with: painlog gear add mattress NAME\n";
    }
    std::vector<std::vector<std::string>> rows;
    for (const json& item : gear) {
        rows.push_back({value_text(field(item, "kind")), value_text(field(item, "name")),
                        value_text(field(item, "firmness")), value_text(field(item, "since")),
                        field(item, "in_use") == true ? "yes" : ""});
    }
    return table_text({{"kind", 8}, {"name", 30}, {"firmness", 16}, {"since", 10}, {"in use", 0}},
                        rows);
}

std::string factor_line(const json& factor) {
    return value_text(field(factor, "name")) + " (" + [&factor]() -> std::string {
        const json& type = field(factor, "type");
        if (type == "choice") return "choice: " + join(field(factor, "choices"), ", ");
        if (type == "yesno") return "yes/no";
        if (type == "number") {
            const json& min = field(factor, "min");
            const json& max = field(factor, "max");
            if (min.is_null() && max.is_null()) return "number";
            if (max.is_null()) return "number, at least " + value_text(min);
            if (min.is_null()) return "number, at most " + value_text(max);
            return "number, " + value_text(min) + " to " + value_text(max);
        }
        return value_text(type);
    }() + ")";
}

std::string factors_table(const json& factors) {
    if (!factors.is_array() || factors.empty()) {
        return "No custom factors yet. Define one with: painlog factor add NAME --type number\n";
    }
    std::vector<std::vector<std::string>> rows;
    for (const json& factor : factors) {
        const std::string line = factor_line(factor);
        const std::size_t open = line.find(" (");
        rows.push_back({value_text(field(factor, "name")),
                        line.substr(open + 2, line.size() - open - 3)});
    }
    return table_text({{"name", 40}, {"type", 0}}, rows);
}

std::string status_text(const json& status) {
    std::string out;
    for (const auto& [label, key] : std::array<std::pair<const char*, const char*>, 9>{{
             {"version", "version"},
             {"protocol", "protocol"},
             {"pid", "pid"},
             {"database", "database"},
             {"socket", "socket"},
             {"schema", "schema_version"},
             {"nights", "nights"},
             {"timezone", "timezone"},
             {"today", "today"},
         }}) {
        add_line(out, label, value_text(field(status, key)));
    }
    return out;
}

std::string settings_text(const json& settings) {
    std::string out;
    if (!settings.is_array()) return out;
    for (const json& setting : settings) {
        std::string line = value_text(field(setting, "key")) + " = " + value_text(field(setting, "value"));
        if (field(setting, "set") != true) {
            line += " (default)";
        } else if (present(field(setting, "default"))) {
            line += " (default: " + value_text(field(setting, "default")) + ")";
        }
        out += line + '\n';
    }
    return out;
}

}  // namespace painlog::cli
