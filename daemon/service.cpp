#include "daemon/service.h"

#include <unistd.h>

#include <filesystem>

#include "daemon/alarm.h"
#include "daemon/clock.h"
#include "daemon/database.h"
#include "daemon/journal.h"
#include "daemon/log.h"
#include "daemon/notifier.h"
#include "daemon/reminder_store.h"
#include "daemon/request_handler.h"
#include "daemon/scheduler.h"
#include "daemon/server.h"
#include "protocol/jsonrpc.h"
#include "protocol/paths.h"

namespace painlog::daemon {
namespace {

// The notify.command setting as the notifier reads it at each delivery; empty when
// it is not set.
std::string notify_command_setting(Journal& journal) {
    auto settings = journal.settings();
    if (!settings) return {};
    const auto it = settings->find("notify.command");
    return it == settings->end() ? std::string() : it->second;
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
    app.set_version_flag("--version", "painlogd " + std::string(protocol::k_version));
}

protocol::Status run_service(const DaemonOptions& options,
                             const std::function<void(const protocol::Status&)>& on_started) {
    auto paths = protocol::resolve_paths();
    // In the background the waiting parent prints start-up failures; the log takes
    // them once it is set up (journal or file).
    bool log_ready = options.foreground;
    const auto fail = [&](protocol::Error error) -> protocol::Status {
        if (log_ready) log_error(error.message);
        protocol::Status status(std::move(error));
        on_started(status);
        return status;
    };
    if (!paths) return fail(std::move(paths).error());
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

    auto database = Database::open(paths->database);
    if (!database) return fail(std::move(database).error());
    SystemClock clock;
    Journal journal(**database, clock);
    ReminderStore reminders(journal);
    SystemNotifier notifier([&journal] { return notify_command_setting(journal); });
    Scheduler scheduler(journal, reminders, notifier, clock);
    RequestHandler handler(journal, scheduler,
                           ServerInfo{paths->socket, paths->database, ::getpid()});

    boost::asio::io_context io;
    ServerOptions server_options{*paths, SessionLimits{}, options.max_connections};
    server_options.limits.idle_timeout = std::chrono::milliseconds(
        static_cast<long long>(options.idle_timeout_s * 1000));
    Server server(io, handler, server_options);
    if (auto status = server.listen(); !status) return fail(std::move(status).error());

    // Reminders: sleep until the next firing; wake early only when the kernel says
    // the clock was set, or when a request changed what is due.
    std::function<void(bool)> plan;
    Alarm alarm(io, [&](Alarm::Wake wake) {
        if (wake == Alarm::Wake::k_clock_changed) log_info("the clock was set; reminders recomputed");
        plan(true);
    });
    plan = [&](bool fire_due) {
        auto next = fire_due ? scheduler.run_due() : scheduler.next_due();
        std::optional<Seconds> at;
        if (next) {
            at = *next;
        } else {
            log_error("reminders: " + next.error().message + "; trying again in a minute");
            at = scheduler.now() + std::chrono::minutes(1);
        }
        if (auto armed = alarm.arm(at); !armed) log_error(armed.error().message);
    };
    if (auto opened = alarm.open(); opened) {
        plan(true);  // fires what came due while painlogd was not running (within grace)
        handler.on_schedule_change([&] { plan(false); });
    } else {
        log_error(opened.error().message + "; reminders will not fire");
    }
    server.on_stop([&] { alarm.close(); });

    log_info("painlogd " + std::string(protocol::k_version) + " serving " +
             paths->socket.native() + " with " + paths->database.native() + " (schema " +
             std::to_string((*database)->schema_version()) + ")");
    on_started(protocol::Status{});
    server.run();
    log_info("stopped");
    return {};
}

}  // namespace painlog::daemon
