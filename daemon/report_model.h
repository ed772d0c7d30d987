// The weekly report's model (PROTOCOL.md, REPORT): a week's mornings, how they
// compare with the weeks before, routines done against those the reminders plan,
// gear changes, and the analysis over a window, as one JSON value that the report/
// renderers turn into text, markdown or HTML. Pure functions of values the journal
// gives; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/calendar.h"
#include "daemon/catalog.h"
#include "daemon/journal.h"
#include "daemon/night.h"
#include "daemon/reminder_store.h"
#include "protocol/result.h"

namespace painlog::daemon {

inline constexpr int k_report_version = 1;
inline constexpr int k_default_window_days = 90;
inline constexpr int k_report_weeks = 12;  // the sparkline's weeks, this one last

// What a report is about: the week (its Monday) and the analysis window.
struct ReportSpan {
    Date monday;
    std::optional<int> window_days;  // nullopt: all data
};

// "2026-W47", "this" or "last" (the ISO week before today's); errors name the field
// `week` and say what is allowed; a week that has not begun is refused.
[[nodiscard]] protocol::Result<Date> parse_report_week(std::string_view text, Date today);

// "90d" (1 to 36500 days) or "all" (nullopt); errors name the field `window`.
[[nodiscard]] protocol::Result<std::optional<int>> parse_report_window(std::string_view text);

// The last date the report covers: the week's Sunday, or today when the week has not
// ended.
[[nodiscard]] Date report_end(const ReportSpan& span, Date today);

// The first date of the analysis window ending at report_end(); nullopt: all.
[[nodiscard]] std::optional<Date> window_start(const ReportSpan& span, Date today);

// Everything the report needs from the journal, read by the caller.
struct ReportInputs {
    ReportSpan span;
    Date today;
    Seconds now;                            // for what was planned by now
    std::string zone;
    std::string generated_at;               // UTC instant
    int threshold = 5;                      // bad-morning threshold
    std::vector<Date> dates;                // every night in the journal, by date
    std::vector<double> pain;               // and its pain
    std::vector<Night> week;                // the week's nights, Monday to Sunday
    std::vector<Gear> gear;
    std::vector<Reminder> reminders;        // for the routines planned each day
    std::vector<Journal::RoutineDone> done; // the routine log of the week (nights Mon..Mon+1)
    nlohmann::json analysis;                // ANALYSIS over the window
};

// The REPORT for `inputs`.
[[nodiscard]] nlohmann::json build_report(const ReportInputs& inputs);

}  // namespace painlog::daemon
