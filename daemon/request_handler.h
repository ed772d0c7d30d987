// The request handler: one JSON-RPC request line in, one reply line out (or none
// for a notification), dispatched through one table of methods (PROTOCOL.md).
// No Asio here: the session feeds it lines. Not thread-safe: it drives the
// Journal, and both belong to the daemon's one I/O thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "analytics/analysis.h"
#include "daemon/journal.h"
#include "daemon/scheduler.h"
#include "protocol/result.h"

namespace painlog::daemon {

struct ServerInfo {
    std::filesystem::path socket;
    std::filesystem::path database;
    long pid = 0;
    std::filesystem::path reports_dir;  // where report.write puts the weekly reports
};

class RequestHandler {
public:
    // `journal` and `scheduler` must outlive the handler.
    RequestHandler(Journal& journal, Scheduler& scheduler, ServerInfo info);

    // Called after a request that may move a reminder's next firing (a reminder
    // added, removed, paused, resumed or snoozed; a setting changed), so the daemon
    // can re-arm its alarm.
    void on_schedule_change(std::function<void()> callback) {
        m_on_schedule_change = std::move(callback);
    }
    // Called after handling each request, with the time it took (MemoryTrim).
    void on_request_done(std::function<void(std::chrono::steady_clock::duration)> callback) {
        m_on_request_done = std::move(callback);
    }

    // The reply line (with its "\n") to one request line; nullopt for a valid
    // notification (no id). Never throws: failures become error replies.
    [[nodiscard]] std::optional<std::string> handle(std::string_view line);

    // The reply to a line that exceeded the size limit.
    [[nodiscard]] static std::string too_long_reply(std::size_t limit);

    using Method = protocol::Result<nlohmann::json> (RequestHandler::*)(const nlohmann::json&);
    // A method that writes its result's JSON text itself; handle() adds the envelope.
    using TextMethod = protocol::Result<std::string> (RequestHandler::*)(const nlohmann::json&);

    // The methods of PROTOCOL.md, one each; dispatched by handle() through the
    // method table, public so that table can name them.
    protocol::Result<nlohmann::json> status(const nlohmann::json& params);
    protocol::Result<nlohmann::json> night_add(const nlohmann::json& params);
    protocol::Result<nlohmann::json> night_get(const nlohmann::json& params);
    protocol::Result<std::string> night_list(const nlohmann::json& params);
    protocol::Result<nlohmann::json> night_edit(const nlohmann::json& params);
    protocol::Result<nlohmann::json> night_remove(const nlohmann::json& params);
    protocol::Result<nlohmann::json> gear_add(const nlohmann::json& params);
    protocol::Result<nlohmann::json> gear_use(const nlohmann::json& params);
    protocol::Result<nlohmann::json> gear_list(const nlohmann::json& params);
    protocol::Result<nlohmann::json> factor_add(const nlohmann::json& params);
    protocol::Result<nlohmann::json> factor_list(const nlohmann::json& params);
    protocol::Result<nlohmann::json> routine_list(const nlohmann::json& params);
    protocol::Result<nlohmann::json> routine_get(const nlohmann::json& params);
    protocol::Result<nlohmann::json> routine_add(const nlohmann::json& params);
    protocol::Result<nlohmann::json> routine_done(const nlohmann::json& params);
    protocol::Result<nlohmann::json> reminder_add(const nlohmann::json& params);
    protocol::Result<nlohmann::json> reminder_list(const nlohmann::json& params);
    protocol::Result<nlohmann::json> reminder_remove(const nlohmann::json& params);
    protocol::Result<nlohmann::json> reminder_pause(const nlohmann::json& params);
    protocol::Result<nlohmann::json> reminder_resume(const nlohmann::json& params);
    protocol::Result<nlohmann::json> reminder_snooze(const nlohmann::json& params);
    protocol::Result<nlohmann::json> reminder_pending(const nlohmann::json& params);
    protocol::Result<nlohmann::json> reminder_preview(const nlohmann::json& params);
    protocol::Result<nlohmann::json> reminder_test(const nlohmann::json& params);
    protocol::Result<std::string> report_build(const nlohmann::json& params);
    protocol::Result<nlohmann::json> report_write(const nlohmann::json& params);
    protocol::Result<nlohmann::json> report_list(const nlohmann::json& params);

    // The REPORT of the week starting `monday` with the analysis over `window_days`
    // (nullopt: all data).
    [[nodiscard]] protocol::Result<nlohmann::json> build_report(Date monday,
                                                                std::optional<int> window_days);
    // Writes the week's report as HTML and markdown to the reports directory (a week
    // already written is kept unless `force`). Result as report.write's.
    [[nodiscard]] protocol::Result<nlohmann::json> write_report(Date monday, bool force);
    protocol::Result<nlohmann::json> journal_export(const nlohmann::json& params);
    protocol::Result<nlohmann::json> journal_import(const nlohmann::json& params);
    protocol::Result<nlohmann::json> journal_check(const nlohmann::json& params);
    protocol::Result<nlohmann::json> journal_backup(const nlohmann::json& params);
    protocol::Result<nlohmann::json> journal_restore(const nlohmann::json& params);
    protocol::Result<nlohmann::json> analysis_run(const nlohmann::json& params);
    protocol::Result<nlohmann::json> analysis_csv(const nlohmann::json& params);
    protocol::Result<nlohmann::json> config_get(const nlohmann::json& params);
    protocol::Result<nlohmann::json> config_set(const nlohmann::json& params);

private:
    // An analysis.run request, checked: the range (either end open), the options, and
    // the references as the journal spells the factors. With outcome both, `options`
    // are the pain model's and `both` is set: the bad-morning model is fitted too, to
    // the same nights, with the same options but its outcome.
    struct AnalysisRequest {
        std::optional<Date> from, to;
        analytics::AnalysisOptions options;
        bool both = false;
        std::map<std::string, std::string> references;
    };
    [[nodiscard]] protocol::Result<AnalysisRequest> read_analysis_request(const nlohmann::json& params);
    // analysis.run's result for `nights` (read with `catalog`): one ANALYSIS, or with
    // outcome both {"pain": ANALYSIS, "bad_morning": ANALYSIS} of one model frame, the
    // bad-morning model fitted on a thread of its own meanwhile.
    [[nodiscard]] protocol::Result<nlohmann::json> analyse_nights(AnalysisRequest request, NightColumns nights,
                                                                  const Catalog& catalog);
    // The reminder's JSON (PROTOCOL.md, REMINDER), with its next firing.
    nlohmann::json reminder_json(const Reminder& reminder);
    // reminder.pause and reminder.resume.
    protocol::Result<nlohmann::json> set_paused(const nlohmann::json& params, bool paused);
    void schedule_changed();

    Journal& m_journal;
    Scheduler& m_scheduler;
    ServerInfo m_info;
    std::function<void()> m_on_schedule_change;
    std::function<void(std::chrono::steady_clock::duration)> m_on_request_done;
};

}  // namespace painlog::daemon
