// RequestHandler: the weekly report (report.*): its model for one week, writing it
// as HTML and markdown to the reports directory, and listing what was written.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "daemon/analysis_table.h"
#include "daemon/params.h"
#include "daemon/report_model.h"
#include "daemon/request_handler.h"
#include "daemon/settings.h"
#include "protocol/jsonrpc.h"
#include "report/render.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::invalid_field;
using protocol::Result;
namespace fs = std::filesystem;

protocol::Error write_error(const fs::path& path, int error) {
    return protocol::Error{error == ENOSPC || error == EDQUOT ? ErrorCode::k_storage_full
                                                              : ErrorCode::k_storage_error,
                           "cannot write the report " + path.native() + ": " + std::strerror(error),
                           "path", path.native(), "a writable reports directory", {}};
}

// Writes `content` to `path` whole or not at all: a temporary file (0600) in the same
// directory, synced, then renamed over `path`.
protocol::Status write_file_atomically(const fs::path& path, const std::string& content) {
    const fs::path temporary = path.native() + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return write_error(path, errno);
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int error = n < 0 ? errno : EIO;
            ::close(fd);
            ::unlink(temporary.c_str());
            return write_error(path, error);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        return write_error(path, error);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        return write_error(path, error);
    }
    return {};
}

std::string mtime_utc(const fs::path& path) {
    struct stat info{};
    if (::stat(path.c_str(), &info) != 0) return {};
    return format_utc(std::chrono::system_clock::from_time_t(info.st_mtime));
}

}  // namespace

Result<json> RequestHandler::build_report(Date monday, std::optional<int> window_days) {
    ReportInputs inputs;
    inputs.span = ReportSpan{monday, window_days};
    inputs.today = m_journal.today();
    inputs.zone = std::string(m_journal.zone()->name());
    inputs.now = m_scheduler.now();
    inputs.generated_at = format_utc(inputs.now);
    const Date sunday{date::sys_days{monday} + date::days{6}};
    // Every night, read once: the report's series and totals, and the analysis over
    // the window (all of them, or the last ones).
    auto read = m_journal.night_columns(std::nullopt, std::nullopt);
    if (!read) return std::move(read).error();
    auto week = m_journal.list_nights(monday, sunday);
    if (!week) return std::move(week).error();
    inputs.week = std::move(*week);
    auto catalog = m_journal.catalog();
    if (!catalog) return std::move(catalog).error();
    inputs.gear = (*catalog)->gear;
    auto reminders = m_scheduler.store().list();
    if (!reminders) return std::move(reminders).error();
    inputs.reminders = std::move(*reminders);
    auto done = m_journal.routine_log(monday, Date{date::sys_days{sunday} + date::days{1}});
    if (!done) return std::move(done).error();
    inputs.done = std::move(*done);
    auto threshold = config_get(json{{"key", "bad_morning_threshold"}});
    if (!threshold) return std::move(threshold).error();
    const std::string stored = (*threshold)["settings"][0]["value"].get<std::string>();
    if (std::from_chars(stored.data(), stored.data() + stored.size(), inputs.threshold).ec != std::errc{}) {
        inputs.threshold = 5;
    }
    const Date end = report_end(inputs.span, inputs.today);
    const std::optional<Date> start = window_start(inputs.span, inputs.today);
    json window{{"to", format_date(end)}};
    if (start) window["from"] = format_date(*start);
    auto request = read_analysis_request(window);
    if (!request) return std::move(request).error();
    inputs.dates = read->nights.dates;
    inputs.pain = read->nights.pain;
    auto analysis = analyse_nights(std::move(*request), nights_between(std::move(read->nights), start, end),
                                   *read->catalog);
    if (!analysis) return std::move(analysis).error();
    inputs.analysis = std::move(*analysis);
    return daemon::build_report(inputs);
}

Result<std::string> RequestHandler::report_build(const json& raw) {
    auto params = Params::read(raw, {"week", "window", "format"});
    if (!params) return std::move(params).error();
    auto format = params->optional_string("format");
    if (!format) return std::move(format).error();
    if (*format && **format != "html" && **format != "markdown") {
        return invalid_field("format", **format, "html or markdown (or no format for the REPORT itself)");
    }
    auto week = params->optional_string("week");
    if (!week) return std::move(week).error();
    auto monday = parse_report_week(week->value_or("last"), m_journal.today());
    if (!monday) return std::move(monday).error();
    auto window_text = params->optional_string("window");
    if (!window_text) return std::move(window_text).error();
    auto window = parse_report_window(window_text->value_or("90d"));
    if (!window) return std::move(window).error();
    auto report = build_report(*monday, *window);
    if (!report) return std::move(report).error();
    if (!*format) return protocol::encode_text(*report);
    // Rendered here, as report.write renders its files: the client gets the page
    // without parsing the REPORT (the daily series of a long window is most of it).
    const std::string page = **format == "html" ? report::render_html(*report) : report::render_markdown(*report);
    std::string text = "{\"format\":";
    protocol::append_json_string(text, **format);
    text += ",\"text\":";
    protocol::append_json_string(text, page);
    text += ",\"week\":";
    protocol::append_json_string(text, format_iso_week(*monday));
    text += '}';
    return text;
}

Result<json> RequestHandler::write_report(Date monday, bool force) {
    const std::string id = format_iso_week(monday);
    const Date sunday{date::sys_days{monday} + date::days{6}};
    if (sunday >= m_journal.today()) {
        // A week's file is kept once written: only a finished week is written.
        return invalid_field("week", id, "a week that has ended (the last one is " +
                                             format_iso_week(Date{date::sys_days{week_monday(m_journal.today())} -
                                                                  date::days{7}}) + ")");
    }
    const fs::path& dir = m_info.reports_dir;
    std::error_code error;
    fs::create_directories(dir, error);
    if (error) return write_error(dir, error.value());
    ::chmod(dir.c_str(), 0700);
    json files = json::array();
    std::optional<json> report;
    for (const char* format : {"html", "md"}) {
        const fs::path path = dir / (id + "." + format);
        const bool exists = fs::exists(path, error);
        if (exists && !force) {
            files.push_back({{"format", format}, {"path", path.native()}, {"written", false}});
            continue;
        }
        if (!report) {
            auto built = build_report(monday, k_default_window_days);
            if (!built) return std::move(built).error();
            report = std::move(*built);
        }
        const std::string content = std::string(format) == "html" ? report::render_html(*report)
                                                                  : report::render_markdown(*report);
        if (auto status = write_file_atomically(path, content); !status) return std::move(status).error();
        files.push_back({{"format", format}, {"path", path.native()}, {"written", true}});
    }
    return json{{"week", id}, {"files", std::move(files)}};
}

Result<json> RequestHandler::report_write(const json& raw) {
    auto params = Params::read(raw, {"week", "force"});
    if (!params) return std::move(params).error();
    auto week = params->optional_string("week");
    if (!week) return std::move(week).error();
    auto monday = parse_report_week(week->value_or("last"), m_journal.today());
    if (!monday) return std::move(monday).error();
    auto force = params->flag("force");
    if (!force) return std::move(force).error();
    return write_report(*monday, *force);
}

Result<json> RequestHandler::report_list(const json& raw) {
    auto params = Params::read(raw, {});
    if (!params) return std::move(params).error();
    std::map<std::string, json> weeks;
    std::error_code error;
    for (fs::directory_iterator it(m_info.reports_dir, error), end; !error && it != end; it.increment(error)) {
        const fs::path& path = it->path();
        const std::string stem = path.stem().native();
        const std::string ext = path.extension().native();
        if ((ext != ".html" && ext != ".md") || !parse_iso_week(stem)) continue;
        json& entry = weeks[stem];
        if (entry.is_null()) entry = {{"week", stem}, {"html", nullptr}, {"markdown", nullptr}};
        entry[ext == ".html" ? "html" : "markdown"] = path.native();
        entry["written_at"] = mtime_utc(path);
    }
    json list = json::array();
    for (auto it = weeks.rbegin(); it != weeks.rend(); ++it) list.push_back(it->second);
    return json{{"directory", m_info.reports_dir.native()}, {"reports", std::move(list)}};
}

}  // namespace painlog::daemon
