#include "daemon/service.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <ostream>

#include "daemon/activation.h"
#include "daemon/clock.h"
#include "daemon/database.h"
#include "daemon/journal.h"
#include "daemon/log.h"
#include "daemon/memory_trim.h"
#include "daemon/notifier.h"
#include "daemon/reminder_runner.h"
#include "daemon/reminder_store.h"
#include "daemon/request_handler.h"
#include "daemon/scheduler.h"
#include "daemon/weekly_report.h"
#include "daemon/server.h"
#include "daemon/supervisor.h"
#include "daemon/watchdog.h"
#include "protocol/jsonrpc.h"
#include "protocol/paths.h"

namespace painlog::daemon {
namespace {

// The STATUS= line systemctl status shows while painlogd serves.
std::string serving_status(Journal& journal) {
    const auto nights = journal.night_count();
    if (!nights) return "Serving";
    return "Serving " + std::to_string(*nights) + (*nights == 1 ? " night" : " nights");
}

}  // namespace

void define_options(CLI::App& app, DaemonOptions& options) {
    app.add_flag("--foreground", options.foreground,
                 "Stay in the foreground and log to stderr (as under systemd)");
    app.add_option("--idle-timeout", options.idle_timeout_s,
                   "Close a connection that completes no request for this many seconds")
        ->check(CLI::Range(0.1, 86400.0))
        ->capture_default_str();
    app.add_option("--max-connections", options.max_connections,
                   "Serve at most this many connections at once")
        ->check(CLI::Range(1, 4096))
        ->capture_default_str();
    app.add_flag("--check", options.check,
                 "Check the journal read-only (PRAGMA integrity_check), print what was found "
                 "and exit: 0 when it is sound, 65 when it is damaged; starts no service");
    app.add_flag("--json", options.check_json, "With --check: print the report as JSON");
    app.add_option("--restore", options.restore,
                   "Put this backup in place of the journal while painlogd is not running (for a "
                   "journal too damaged to start with); the journal as it was is kept as "
                   "journal.db.before-restore. Starts no service")
        ->type_name("FILE");
    app.add_option("--max-pages", options.max_pages,
                   "Cap the journal at this many database pages (a test seam: a full disk)")
        ->check(CLI::Range(1L, 1L << 30))
        ->group("");  // hidden from --help
    app.set_version_flag("--version", "painlogd " + std::string(protocol::k_version));
}

protocol::Status run_service(const DaemonOptions& options,
                             const std::function<void(const protocol::Status&)>& on_started) {
    // Under systemd: tell it how start-up goes; a no-op otherwise.
    Supervisor supervisor = Supervisor::from_environment();
    if (options.foreground && is_journal_stream(std::getenv("JOURNAL_STREAM"), STDERR_FILENO)) {
        configure_log(LogSink::k_journal_stream);
    }
    auto paths = protocol::resolve_paths();
    // In the background the waiting parent prints start-up failures; the log takes
    // them once it is set up (journal or file).
    bool log_ready = options.foreground;
    const auto fail = [&](protocol::Error error) -> protocol::Status {
        if (log_ready) log_error(error.message);
        supervisor.status(error.message);
        protocol::Status status(std::move(error));
        on_started(status);
        return status;
    };
    if (!paths) return fail(std::move(paths).error());
    // Socket activation (painlogd.socket): the socket is systemd's, painlogd serves it.
    auto inherited = inherited_socket(paths->socket);
    if (!inherited) return fail(std::move(inherited).error());
    // One painlogd per socket, decided before the journal is touched.
    auto lock = InstanceLock::acquire(*paths);
    if (!lock) return fail(std::move(lock).error());
    if (!options.foreground) {
        std::error_code ignored;
        if (std::filesystem::exists("/run/systemd/journal/socket", ignored)) {
            configure_log(LogSink::k_journal);
        } else {
            configure_log(LogSink::k_file, paths->log_file);
        }
        log_ready = true;
    }

    supervisor.status("Opening the journal");
    auto database = Database::open(paths->database);
    if (!database) return fail(std::move(database).error());
    if (options.max_pages > 0) {
        if (auto capped = (*database)->limit_pages(options.max_pages); !capped) {
            return fail(std::move(capped).error());
        }
    }
    SystemClock clock;
    Journal journal(**database, clock);
    ReminderStore reminders(journal);
    // For `painlog remind test`, on the I/O thread; reminders are delivered by the runner.
    SystemNotifier notifier([&journal] { return notify_command_setting(journal); });
    Scheduler scheduler(journal, reminders, notifier, clock);
    RequestHandler handler(journal, scheduler,
                           ServerInfo{paths->socket, paths->database, ::getpid(), paths->reports_dir});

    boost::asio::io_context io;
    ServerOptions server_options{*paths, SessionLimits{}, options.max_connections};
    server_options.limits.idle_timeout = std::chrono::milliseconds(
        static_cast<long long>(options.idle_timeout_s * 1000));
    Server server(io, handler, server_options);
    auto listening = *inherited ? server.adopt(**inherited) : server.listen();
    if (!listening) return fail(std::move(listening).error());

    // Reminders and the weekly report: asleep until the next firing.
    scheduler.add_job(weekly_report_job(handler, journal));
    ReminderRunner runner(io, scheduler, journal);
    if (auto started = runner.start(); started) {
        handler.on_schedule_change([&runner] { runner.reschedule(); });
    } else {
        log_error(started.error().message + "; reminders will not fire");
    }

    // The watchdog pings from this event loop, so a wedged loop stops them; each ping
    // also brings the STATUS= line up to date.
    std::string status_text = serving_status(journal);  // I/O thread
    std::optional<Watchdog> watchdog;
    if (const auto period = supervisor.ping_period()) {
        watchdog.emplace(io, *period, [&] {
            supervisor.watchdog();
            if (std::string now = serving_status(journal); now != status_text) {
                status_text = std::move(now);
                supervisor.status(status_text);
            }
        });
    }
    MemoryTrim trim(io);
    handler.on_request_done([&trim](std::chrono::steady_clock::duration took) { trim.after_request(took); });
    server.on_stop([&] {
        supervisor.stopping();
        trim.stop();
        if (watchdog) watchdog->stop();
        runner.stop();
    });

    log_info("painlogd " + std::string(protocol::k_version) + " serving " +
             paths->socket.native() + " with " + paths->database.native() + " (schema " +
             std::to_string((*database)->schema_version()) + ")");
    supervisor.ready(status_text);
    if (watchdog) watchdog->start();
    on_started(protocol::Status{});
    server.run();
    handler.on_schedule_change(nullptr);
    handler.on_request_done(nullptr);
    log_info("stopped");
    return {};
}

int check_journal(std::ostream& out, bool json) {
    auto paths = protocol::resolve_paths();
    if (!paths) {
        out << paths.error().message << '\n';
        return 74;
    }
    auto report = Database::check_file(paths->database);
    if (!report) {
        if (json) {
            out << nlohmann::json{{"database", paths->database.native()}, {"error", report.error().message}}.dump(2)
                << '\n';
        } else {
            out << report.error().message << '\n';
        }
        return report.error().code == protocol::ErrorCode::k_not_found ? 66 : 74;
    }
    if (json) {
        out << nlohmann::json{{"path", paths->database.native()},
                              {"ok", report->ok},
                              {"problems", report->problems},
                              {"schema_version", report->schema_version},
                              {"nights", report->nights >= 0 ? nlohmann::json(report->nights) : nlohmann::json()},
                              {"bytes", report->bytes}}
                   .dump(2)
            << '\n';
    } else {
        out << "journal: " << paths->database.native() << '\n'
            << "size: " << report->bytes << " bytes, schema version " << report->schema_version;
        if (report->nights >= 0) out << ", " << report->nights << " nights";
        out << '\n';
        if (report->ok) {
            out << "integrity check: ok\n";
        } else {
            out << "integrity check found " << report->problems.size() << " problem(s):\n";
            for (const auto& problem : report->problems) out << "  " << problem << '\n';
            out << "painlogd will not open it, and will not change it. Restore a backup with "
                   "'painlogd --restore FILE' (the damaged journal is kept beside it), or move the "
                   "file aside to start a new journal.\n";
        }
    }
    return report->ok ? 0 : 65;
}

int restore_journal(const std::filesystem::path& source, std::ostream& out) {
    namespace fs = std::filesystem;
    auto paths = protocol::resolve_paths();
    if (!paths) {
        out << paths.error().message << '\n';
        return 74;
    }
    // As a painlogd would: none can start, or be serving the journal, meanwhile.
    auto lock = InstanceLock::acquire(*paths);
    if (!lock) {
        const bool running = lock.error().code == protocol::ErrorCode::k_busy;
        out << lock.error().message << (running ? "; while it runs, 'painlog restore FILE' restores" : "") << '\n';
        return running ? 75 : 74;
    }
    std::error_code ec;
    const fs::path backup = fs::absolute(source, ec);
    const fs::path& journal = paths->database;
    if (fs::equivalent(backup, journal, ec)) {
        out << "'" << backup.native() << "' is the journal itself; give a backup of it (painlog backup FILE)\n";
        return 65;
    }
    auto checked = Database::check_backup(backup);
    if (!checked) {
        out << checked.error().message << '\n';
        return checked.error().code == protocol::ErrorCode::k_not_found ? 66 : 65;
    }
    const fs::path previous = journal.native() + ".before-restore";
    const auto wal = [](const fs::path& db) { return fs::path(db.native() + "-wal"); };
    const auto shm = [](const fs::path& db) { return fs::path(db.native() + "-shm"); };
    const bool had_journal = fs::exists(journal, ec);
    // The journal as it was, with its WAL, moved whole: a damaged file keeps its bytes.
    // What an earlier restore left there goes first, so no old WAL pairs with it.
    if (had_journal) {
        for (const fs::path& old : {previous, wal(previous), shm(previous)}) fs::remove(old, ec);
        fs::rename(journal, previous, ec);
        if (!ec && fs::exists(wal(journal), ec)) {
            fs::rename(wal(journal), wal(previous), ec);
            if (ec) {
                std::error_code ignored;
                fs::rename(previous, journal, ignored);  // back with its WAL, as it was
            }
        }
        if (ec) {
            out << "cannot move the journal " << journal.native() << " aside to " << previous.native() << ": "
                << ec.message() << "; it was left as it was\n";
            return 74;
        }
        fs::remove(shm(journal), ec);
    }
    const auto put_back = [&] {
        std::error_code ignored;
        for (const fs::path& made : {journal, wal(journal), shm(journal)}) fs::remove(made, ignored);
        if (!had_journal) return;
        fs::rename(previous, journal, ignored);
        if (fs::exists(wal(previous), ignored)) fs::rename(wal(previous), wal(journal), ignored);
    };
    auto database = Database::open(journal);
    if (!database) {
        put_back();
        out << database.error().message << "; the journal was left as it was\n";
        return 74;
    }
    auto restored = (*database)->restore_from(backup, false);
    database->reset();
    if (!restored) {
        put_back();
        out << restored.error().message << "; the journal was left as it was\n";
        return restored.error().code == protocol::ErrorCode::k_storage_full ||
                       restored.error().code == protocol::ErrorCode::k_storage_error
                   ? 74
                   : 65;
    }
    out << "Restored " << journal.native() << " from " << backup.native() << ": " << restored->nights
        << " nights, schema version " << restored->schema_version << ".\n";
    if (had_journal) out << "The journal as it was is kept as " << previous.native() << ".\n";
    out << "Start painlogd again ('painlog status' starts it).\n";
    return 0;
}

}  // namespace painlog::daemon
