#include "daemon/settings.h"

#include <charconv>

#include "daemon/calendar.h"
#include "daemon/notifier.h"
#include "daemon/weekly_report.h"

namespace painlog::daemon {

using protocol::ErrorCode;
using protocol::Result;

Result<const SettingSpec*> find_setting(std::string_view key) {
    std::string keys;
    for (const auto& spec : k_settings) {
        if (spec.key == key) return &spec;
        keys += (keys.empty() ? "" : ", ") + std::string(spec.key);
    }
    return protocol::Error{ErrorCode::k_not_found,
                           "key: '" + std::string(key) + "' is not a setting; expected one of " +
                               keys,
                           "key", std::string(key), keys, {}};
}

Result<std::string> check_setting(const SettingSpec& spec, std::string_view value) {
    if (spec.key == "timezone") {
        if (const auto* zone = find_zone(value)) return std::string(zone->name());
        return protocol::invalid_field("timezone", std::string(value),
                                       std::string(spec.allowed) +
                                           " (see /usr/share/zoneinfo)");
    }
    if (spec.key == "report.weekly_at") {
        auto rule = parse_weekly_at(value, find_zone("UTC"));
        if (!rule) return std::move(rule).error();
        return std::string(value);
    }
    if (spec.key == "notify.command") {
        auto words = split_command(value);
        if (!words) return std::move(words).error();
        return std::string(value);
    }
    int number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc{} || end != value.data() + value.size() || number < spec.min ||
        number > spec.max) {
        return protocol::invalid_field(std::string(spec.key), std::string(value),
                                       std::string(spec.allowed));
    }
    return std::to_string(number);
}

}  // namespace painlog::daemon
