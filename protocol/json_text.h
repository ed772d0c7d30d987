// JSON handled as text: checked against JSON's grammar and re-indented without
// building a tree. painlog prints painlogd's results this way (--json): for a night
// list or an analysis, parsing the reply into nlohmann's tree and dumping the tree
// again took longer than everything else the command did but start. Thread-safe (no
// state).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace painlog::protocol {

// Containers nested deeper than this are refused (the scan is recursive).
inline constexpr int k_max_json_depth = 512;

// One member of a JSON object as written: the key's string token (quotes and any
// escapes included) and the value's text.
struct JsonMember {
    std::string_view key;
    std::string_view value;
};

// The members of the JSON object that is the whole of `text` (whitespace around it
// allowed), in the order written, each value checked as indent_json checks it.
// nullopt when `text` is not such an object.
[[nodiscard]] std::optional<std::vector<JsonMember>> json_object_members(std::string_view text);

// `text`, one JSON value with whitespace around it allowed, printed one member or
// element a line, `indent` (0 or more) spaces a level deeper each, "key": value, "{}"
// and "[]" when empty. Strings, numbers and literals are copied as written and members
// stay in the order written, so for any text nlohmann's dump() wrote, this is byte for
// byte the value's dump(indent). nullopt when `text` is not JSON as
// nlohmann::json::parse reads it (RFC 8259: strings of valid UTF-8 with no control
// characters and only JSON's escapes, surrogates in pairs; numbers without leading
// zeros and not too large for a double; a byte order mark is skipped as nlohmann
// skips it), when it nests deeper than k_max_json_depth, or when a NUL byte follows
// the value (nlohmann stops reading there; this refuses it as text after the value).
[[nodiscard]] std::optional<std::string> indent_json(std::string_view text, int indent);

// The length of the UTF-8 sequence at the start of `text` (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF): 1 to 4, or 0 when there is none.
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view text);

// The offset of the first byte of `text` that is not part of valid UTF-8 (as
// utf8_sequence_length reads it), or nullopt when all of it is UTF-8.
[[nodiscard]] std::optional<std::size_t> invalid_utf8_at(std::string_view text);

}  // namespace painlog::protocol
