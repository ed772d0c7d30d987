// RequestHandler: the journal's health and safety (journal.check, journal.backup,
// journal.restore).
#include "daemon/params.h"
#include "daemon/request_handler.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
using protocol::invalid_field;
using protocol::Result;

json report_json(const std::filesystem::path& path, const Database::CheckReport& report) {
    return {{"path", path.native()},
            {"ok", report.ok},
            {"problems", report.problems},
            {"schema_version", report.schema_version},
            {"nights", report.nights},
            {"bytes", report.bytes}};
}

// The "path" parameter: an absolute path (painlogd does not share the CLI's working
// directory).
Result<std::filesystem::path> absolute_path(const Params& params) {
    auto path = params.string("path");
    if (!path) return std::move(path).error();
    if (path->empty() || path->front() != '/') {
        return invalid_field("path", *path, "an absolute path");
    }
    return std::filesystem::path(*path).lexically_normal();
}

}  // namespace

Result<json> RequestHandler::journal_check(const json& raw) {
    auto params = Params::read(raw, {});
    if (!params) return std::move(params).error();
    auto report = m_journal.database().check();
    if (!report) return std::move(report).error();
    return report_json(m_journal.database().path(), *report);
}

Result<json> RequestHandler::journal_backup(const json& raw) {
    auto params = Params::read(raw, {"path"});
    if (!params) return std::move(params).error();
    auto path = absolute_path(*params);
    if (!path) return std::move(path).error();
    if (*path == m_journal.database().path()) {
        return invalid_field("path", path->native(), "a file other than the journal itself");
    }
    auto report = m_journal.database().backup_to(*path);
    if (!report) return std::move(report).error();
    return report_json(*path, *report);
}

Result<json> RequestHandler::journal_restore(const json& raw) {
    auto params = Params::read(raw, {"path"});
    if (!params) return std::move(params).error();
    auto path = absolute_path(*params);
    if (!path) return std::move(path).error();
    if (*path == m_journal.database().path()) {
        return invalid_field("path", path->native(), "a backup, not the journal itself");
    }
    auto report = m_journal.database().restore_from(*path);
    m_journal.reload();  // whatever happened, read the journal afresh
    if (!report) return std::move(report).error();
    schedule_changed();  // the reminders are the backup's now
    json result = report_json(m_journal.database().path(), *report);
    result["restored_from"] = path->native();
    result["previous_saved_to"] = m_journal.database().path().native() + ".before-restore";
    return result;
}

}  // namespace painlog::daemon
