// Reading a request's "params" object: each accessor checks presence and type and
// names the parameter in its error. Unknown parameters are refused, so a client's
// typo is an error rather than silently ignored. Pure; thread-safe.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "protocol/result.h"

namespace painlog::daemon {

class Params {
public:
    // `params` is the request's params (null when absent). Fails when it is neither
    // null nor an object, or holds a key not in `known`.
    [[nodiscard]] static protocol::Result<Params> read(const nlohmann::json& params,
                                                       std::initializer_list<std::string_view> known);

    [[nodiscard]] bool has(std::string_view key) const;
    [[nodiscard]] const nlohmann::json& raw(std::string_view key) const;

    // A string parameter; an error when absent (required) or not a string.
    [[nodiscard]] protocol::Result<std::string> string(std::string_view key) const;
    [[nodiscard]] protocol::Result<std::optional<std::string>> optional_string(
        std::string_view key) const;
    [[nodiscard]] protocol::Result<bool> flag(std::string_view key) const;  // default false
    [[nodiscard]] protocol::Result<std::optional<double>> optional_number(
        std::string_view key) const;
    // A whole number from `min` to `max` (`what` names the unit for the message:
    // "a whole number of minutes from 1 to 120").
    [[nodiscard]] protocol::Result<std::optional<long>> optional_whole(
        std::string_view key, long min, long max, std::string_view what = "") const;
    // The text given inline as "content" or named by "path" (read_input_file):
    // exactly one of the two.
    [[nodiscard]] protocol::Result<std::string> path_or_content() const;

private:
    explicit Params(const nlohmann::json* object) : m_object(object) {}
    const nlohmann::json* m_object;  // null: no params
};

// The text of the file a request names by `path` (import, analysis.csv): an
// absolute path to a regular file of at most 512 MiB. not_found when it cannot be
// read; invalid_params when it is relative, not a regular file (a FIFO or device
// would block the daemon) or too large.
[[nodiscard]] protocol::Result<std::string> read_input_file(const std::string& path);

}  // namespace painlog::daemon
