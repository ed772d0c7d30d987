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
    std::string_view default_value;  // empty: computed (timezone: TZ, else /etc/localtime)
    std::string_view allowed;        // for messages and `config get`
};

inline constexpr std::array<SettingSpec, 2> k_settings{{
    {"timezone", "", "an IANA time zone such as Europe/Berlin"},
    {"bad_morning_threshold", "5", "a whole number from 1 to 10"},
}};

// The spec for `key`; a not_found error listing the keys when there is none.
[[nodiscard]] protocol::Result<const SettingSpec*> find_setting(std::string_view key);

// `value` checked for `key` and put in canonical form, or an invalid_params error.
[[nodiscard]] protocol::Result<std::string> check_setting(const SettingSpec& spec,
                                                          std::string_view value);

}  // namespace painlog::daemon
