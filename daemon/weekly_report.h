// The weekly report job: at the time in the setting report.weekly_at (default
// Monday 08:00 in the configured zone), painlogd writes the previous week's report
// as HTML and markdown to the reports directory (a week already written is kept)
// and sends a notice that it is ready. Runs on the I/O thread, through the Scheduler.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "daemon/request_handler.h"
#include "daemon/scheduler.h"
#include "protocol/result.h"

namespace painlog::daemon {

inline constexpr std::string_view k_default_weekly_at = "mon 08:00";

// "DAYS HH:MM" (DAYS as reminders take them: mon, daily, weekdays ...) or "off" (nullopt
// rule days 0); errors name the field report.weekly_at.
[[nodiscard]] protocol::Result<std::optional<WallClockRule>> parse_weekly_at(std::string_view text,
                                                                             const date::time_zone* zone);

// The job for the Scheduler; `handler` and `journal` must outlive it. Its notice says
// where the report is.
[[nodiscard]] Scheduler::Job weekly_report_job(RequestHandler& handler, Journal& journal);

}  // namespace painlog::daemon
