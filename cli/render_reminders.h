// Plain-text renderings of routines and reminders: the routine catalog and one
// routine's steps, reminders with their next firing (local and UTC) and last
// outcome, undelivered notices, and a preview of firings with DST notes. Pure
// functions of painlogd's JSON results; thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace painlog::cli {

// The routines as a table: name, suits, minutes, built-in.
[[nodiscard]] std::string routines_table(const nlohmann::json& routines);

// One routine: its name, when it suits, how long, and its numbered steps.
[[nodiscard]] std::string routine_details(const nlohmann::json& routine);

// "daily at 21:30 (Europe/Berlin)"
[[nodiscard]] std::string reminder_rule(const nlohmann::json& reminder);

// One reminder in two to four lines: id, name, rule, routines; its next firing in
// local time and UTC (or paused / snoozed); its last outcome.
[[nodiscard]] std::string reminder_text(const nlohmann::json& reminder);

// A reminder.list result: every reminder, or a hint to add the first.
[[nodiscard]] std::string reminders_text(const nlohmann::json& list);

// Undelivered notices, one block each, or "Nothing is pending."
[[nodiscard]] std::string pending_text(const nlohmann::json& pending);

// The firings of a reminder.preview result, one per line, with DST notes.
[[nodiscard]] std::string preview_text(const nlohmann::json& preview);

}  // namespace painlog::cli
