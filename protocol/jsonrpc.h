// JSON-RPC 2.0 messages of protocol version 1: method names, building requests and
// replies, and turning a received error object back into an Error. Both the daemon
// and the CLI use it. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "protocol/result.h"

namespace painlog::protocol {

inline constexpr int k_protocol_version = 1;
inline constexpr std::string_view k_version = PAINLOG_VERSION;

namespace method {
inline constexpr std::string_view k_status = "status";
inline constexpr std::string_view k_night_add = "night.add";
inline constexpr std::string_view k_night_get = "night.get";
inline constexpr std::string_view k_night_list = "night.list";
inline constexpr std::string_view k_night_edit = "night.edit";
inline constexpr std::string_view k_night_remove = "night.remove";
inline constexpr std::string_view k_gear_add = "gear.add";
inline constexpr std::string_view k_gear_use = "gear.use";
inline constexpr std::string_view k_gear_list = "gear.list";
inline constexpr std::string_view k_factor_add = "factor.add";
inline constexpr std::string_view k_factor_list = "factor.list";
inline constexpr std::string_view k_routine_list = "routine.list";
inline constexpr std::string_view k_routine_get = "routine.get";
inline constexpr std::string_view k_routine_add = "routine.add";
inline constexpr std::string_view k_routine_done = "routine.done";
inline constexpr std::string_view k_reminder_add = "reminder.add";
inline constexpr std::string_view k_reminder_list = "reminder.list";
inline constexpr std::string_view k_reminder_remove = "reminder.remove";
inline constexpr std::string_view k_reminder_pause = "reminder.pause";
inline constexpr std::string_view k_reminder_resume = "reminder.resume";
inline constexpr std::string_view k_reminder_snooze = "reminder.snooze";
inline constexpr std::string_view k_reminder_pending = "reminder.pending";
inline constexpr std::string_view k_reminder_preview = "reminder.preview";
inline constexpr std::string_view k_reminder_test = "reminder.test";
inline constexpr std::string_view k_report_build = "report.build";
inline constexpr std::string_view k_report_write = "report.write";
inline constexpr std::string_view k_report_list = "report.list";
inline constexpr std::string_view k_journal_export = "journal.export";
inline constexpr std::string_view k_journal_import = "journal.import";
inline constexpr std::string_view k_journal_check = "journal.check";
inline constexpr std::string_view k_journal_backup = "journal.backup";
inline constexpr std::string_view k_journal_restore = "journal.restore";
inline constexpr std::string_view k_analysis_run = "analysis.run";
inline constexpr std::string_view k_analysis_csv = "analysis.csv";
inline constexpr std::string_view k_config_get = "config.get";
inline constexpr std::string_view k_config_set = "config.set";
}  // namespace method

// {"jsonrpc":"2.0","id":id,"method":method,"params":params}
[[nodiscard]] nlohmann::json make_request(std::int64_t id, std::string_view method,
                                          nlohmann::json params);

// {"jsonrpc":"2.0","id":id,"result":result}
[[nodiscard]] nlohmann::json make_result_reply(const nlohmann::json& id, nlohmann::json result);

// {"jsonrpc":"2.0","id":id,"error":{"code","message","data":{kind, field, value, allowed, row}}}
[[nodiscard]] nlohmann::json make_error_reply(const nlohmann::json& id, const Error& error);

// One message as a line: compact JSON and "\n". Invalid UTF-8 in strings is
// replaced, never thrown on.
[[nodiscard]] std::string encode_line(const nlohmann::json& message);

// A value's JSON text as encode_line writes it, without the newline.
[[nodiscard]] std::string encode_text(const nlohmann::json& value);

// Whether byte `c` stands for itself inside a JSON string as nlohmann writes and
// reads it: printable ASCII but the quote and the backslash.
[[nodiscard]] constexpr bool plain_in_json_string(unsigned char c) {
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

// The end of the run of plain bytes (plain_in_json_string) of `text` from `from`: the
// position of the first byte from there that is not plain, or text.size(). Looks at
// eight bytes at a time.
[[nodiscard]] std::size_t plain_run_end(std::string_view text, std::size_t from);

// Appends `text` as a JSON string, byte for byte as encode_text(json(text)) writes
// it, but copying runs of plain ASCII whole: for long texts (a rendered report) that
// nlohmann would escape one byte at a time.
void append_json_string(std::string& out, std::string_view text);

// Appends `value` byte for byte as encode_text(json(value)) writes it (the shortest
// digits that read back to it, "2.0" for a whole number, null when not finite),
// without building a value and a serializer for each number.
void append_json_number(std::string& out, double value);

// The JSON string whose opening quote is text[*pos]: its value, with *pos moved just
// past its closing quote. nullopt, *pos unchanged, when the text there is not a JSON
// string nlohmann would accept. Copies runs of plain ASCII whole; runs of UTF-8 and of
// \u escapes are decoded (and checked) by nlohmann.
[[nodiscard]] std::optional<std::string> read_json_string(std::string_view text, std::size_t* pos);

// The value nlohmann::json::parse(text, nullptr, false) returns (discarded where the
// text is not JSON), but with the longest string of a long text (a rendered report in
// a reply) read by read_json_string: nlohmann's lexer takes about 8 ns a byte, one
// byte at a time, which was most of the time painlog spent on a 444 kB page.
[[nodiscard]] nlohmann::json parse_json(std::string_view text);

// The Error described by a reply's "error" member; tolerant of missing members.
[[nodiscard]] Error error_from_reply(const nlohmann::json& error_object);

}  // namespace painlog::protocol
