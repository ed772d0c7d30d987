// The settings kept in the journal and changed with `painlog config`: which keys
// exist, their defaults, and the check of a new value. Pure; thread-safe.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "protocol/result.h"

namespace painlog::daemon {

struct SettingSpec {
    std::string_view key;
    std::string_view default_value;  // empty: computed (timezone) or not set (notify.command)
    std::string_view allowed;        // for messages and `config get`
    int min = 0;                     // whole-number settings: the range allowed
    int max = 0;
};

inline constexpr std::array<SettingSpec, 5> k_settings{{
    {"timezone", "", "an IANA time zone such as Europe/Berlin", 0, 0},
    {"bad_morning_threshold", "5", "a whole number from 1 to 10", 1, 10},
    {"notify.command", "",
     "a command and its arguments, run without a shell when no desktop notification can be "
     "shown; the title and the text are added as two more arguments, or replace {title} and "
     "{body}",
     0, 0},
    {"remind.grace_minutes", "30",
     "a whole number of minutes from 0 to 720: how late a missed reminder may still fire", 0, 720},
    {"report.weekly_at", "mon 08:00",
     "when painlogd writes last week's report: a day and a time such as 'mon 08:00', or off",
     0, 0},
}};

// The spec for `key`; a not_found error listing the keys when there is none.
[[nodiscard]] protocol::Result<const SettingSpec*> find_setting(std::string_view key);

// `value` checked for `key` and put in canonical form, or an invalid_params error.
[[nodiscard]] protocol::Result<std::string> check_setting(const SettingSpec& spec,
                                                          std::string_view value);

}  // namespace painlog::daemon
