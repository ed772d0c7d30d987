#include "daemon/weekly_report.h"

#include "daemon/log.h"

namespace painlog::daemon {

protocol::Result<std::optional<WallClockRule>> parse_weekly_at(std::string_view text,
                                                               const date::time_zone* zone) {
    if (text == "off") return std::optional<WallClockRule>{};
    const auto space = text.rfind(' ');
    const std::string allowed =
        "a day and a time such as 'mon 08:00' (days as for reminders: mon ... sun, daily, "
        "weekdays, weekends), or off";
    if (space == std::string_view::npos) {
        return protocol::invalid_field("report.weekly_at", std::string(text), allowed);
    }
    auto days = parse_days("report.weekly_at", text.substr(0, space));
    auto at = parse_time_of_day("report.weekly_at", text.substr(space + 1));
    if (!days || !at) return protocol::invalid_field("report.weekly_at", std::string(text), allowed);
    return std::optional<WallClockRule>{WallClockRule{*at, *days, zone}};
}

Scheduler::Job weekly_report_job(RequestHandler& handler, Journal& journal) {
    Scheduler::Job job;
    job.name = "weekly report";
    job.rule = [&journal]() -> std::optional<WallClockRule> {
        std::string setting(k_default_weekly_at);
        if (auto settings = journal.settings()) {
            if (const auto it = settings->find("report.weekly_at"); it != settings->end()) setting = it->second;
        }
        auto rule = parse_weekly_at(setting, journal.zone());
        return rule ? *rule : std::nullopt;
    };
    job.run = [&handler, &journal](Seconds slot) -> protocol::Result<std::optional<Notice>> {
        // The latest week that ended before the firing's day (Monday's firing: the week
        // that ended yesterday). A week is written only once it has ended.
        const Date day{date::floor<date::days>(journal.zone()->to_local(slot))};
        const date::weekday weekday{date::sys_days{day}};
        const unsigned back = weekday.c_encoding() == 0 ? 7 : weekday.c_encoding();
        const Date last_sunday{date::sys_days{day} - date::days{back}};
        const Date monday{date::sys_days{last_sunday} - date::days{6}};
        const Date sunday{date::sys_days{monday} + date::days{6}};
        auto nights = journal.list_nights(monday, sunday);
        if (!nights) return std::move(nights).error();
        const std::string id = format_iso_week(monday);
        if (nights->empty()) {
            log_info("weekly report: no nights logged in " + id + "; nothing written");
            return std::optional<Notice>{};
        }
        auto written = handler.write_report(monday, false);
        if (!written) return std::move(written).error();
        std::string html;
        bool any = false;
        for (const auto& file : (*written)["files"]) {
            any = any || file["written"].get<bool>();
            if (file["format"] == "html") html = file["path"].get<std::string>();
        }
        if (!any) {
            log_info("weekly report: " + id + " was written before; kept");
            return std::optional<Notice>{};
        }
        log_info("weekly report: wrote " + id + " to " + html);
        return std::optional<Notice>{Notice{"painlog: your weekly report",
                                            "The report for " + id + " is ready: " + html +
                                                " (painlog report --list shows all)."}};
    };
    return job;
}

}  // namespace painlog::daemon
