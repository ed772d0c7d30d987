#include "daemon/params.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "daemon/night_codec.h"

namespace painlog::daemon {

using nlohmann::json;
using protocol::invalid_field;
using protocol::Result;

Result<Params> Params::read(const json& params, std::initializer_list<std::string_view> known) {
    if (params.is_null()) return Params(nullptr);
    std::string names;
    for (const auto name : known) names += (names.empty() ? "" : ", ") + std::string(name);
    if (names.empty()) names = "none";
    if (!params.is_object()) {
        return invalid_field("params", describe_json(params), "an object with " + names);
    }
    for (const auto& [key, value] : params.items()) {
        bool found = false;
        for (const auto name : known) found = found || key == name;
        if (!found) return invalid_field("params", key, "the parameters " + names);
    }
    return Params(&params);
}

bool Params::has(std::string_view key) const {
    return m_object != nullptr && m_object->contains(key) && !(*m_object)[std::string(key)].is_null();
}

const json& Params::raw(std::string_view key) const {
    static const json null_value;
    return has(key) ? (*m_object)[std::string(key)] : null_value;
}

Result<std::string> Params::string(std::string_view key) const {
    if (!has(key)) return invalid_field(std::string(key), "(missing)", "a string; it is required");
    const json& value = raw(key);
    if (!value.is_string()) return invalid_field(std::string(key), describe_json(value), "a string");
    return value.get<std::string>();
}

Result<std::optional<std::string>> Params::optional_string(std::string_view key) const {
    if (!has(key)) return std::optional<std::string>{};
    auto value = string(key);
    if (!value) return std::move(value).error();
    return std::optional<std::string>{std::move(*value)};
}

Result<bool> Params::flag(std::string_view key) const {
    if (!has(key)) return false;
    const json& value = raw(key);
    if (!value.is_boolean()) return invalid_field(std::string(key), describe_json(value), "true or false");
    return value.get<bool>();
}

Result<std::optional<double>> Params::optional_number(std::string_view key) const {
    if (!has(key)) return std::optional<double>{};
    const json& value = raw(key);
    if (!value.is_number() || !std::isfinite(value.get<double>())) {
        return invalid_field(std::string(key), describe_json(value), "a finite number");
    }
    return std::optional<double>{value.get<double>()};
}

Result<std::optional<long>> Params::optional_whole(std::string_view key, long min, long max,
                                                   std::string_view what) const {
    if (!has(key)) return std::optional<long>{};
    const json& value = raw(key);
    const bool whole = value.is_number() && std::isfinite(value.get<double>()) &&
                       value.get<double>() == std::floor(value.get<double>());
    if (!whole || value.get<double>() < static_cast<double>(min) ||
        value.get<double>() > static_cast<double>(max)) {
        return invalid_field(std::string(key), describe_json(value),
                             "a whole number" + (what.empty() ? "" : " of " + std::string(what)) +
                                 " from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return std::optional<long>{static_cast<long>(value.get<double>())};
}

Result<std::string> Params::path_or_content() const {
    if (has("path") == has("content")) {
        return invalid_field("params", has("path") ? "path and content" : "(neither)",
                             "exactly one of path and content");
    }
    if (has("content")) return string("content");
    auto path = string("path");
    if (!path) return std::move(path).error();
    return read_input_file(*path);
}

Result<std::string> read_input_file(const std::string& path) {
    constexpr std::uintmax_t k_max_input_bytes = 512ULL * 1024 * 1024;
    if (path.empty() || path.front() != '/') return invalid_field("path", path, "an absolute path");
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        return protocol::Error{protocol::ErrorCode::k_not_found,
                               "path: cannot read '" + path + "'" + (ec ? ": " + ec.message() : ""),
                               "path", path, "a readable file", {}};
    }
    if (!std::filesystem::is_regular_file(status)) return invalid_field("path", path, "a regular file");
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > k_max_input_bytes) return invalid_field("path", path, "a file of at most 512 MiB");
    std::ifstream in(path, std::ios::binary);
    if (ec || !in) {
        return protocol::Error{protocol::ErrorCode::k_not_found, "path: cannot read '" + path + "'",
                               "path", path, "a readable file", {}};
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

}  // namespace painlog::daemon
