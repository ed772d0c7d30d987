// painlogd: the per-user painlog service. Parse the options, go into the background
// unless asked not to, run the service, map its outcome to an exit code.
#include <csignal>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "daemon/background.h"
#include "daemon/memory_trim.h"
#include "daemon/options.h"
#include "daemon/sd_daemon.h"
#include "daemon/service.h"

namespace {

// painlogd's exit codes (sysexits.h).
enum ExitCode : int { k_ok = 0, k_failure = 1, k_unavailable = 69, k_io = 74, k_temp_fail = 75 };

int exit_code(const painlog::protocol::Status& status) {
    using painlog::protocol::ErrorCode;
    if (status.ok()) return k_ok;
    switch (status.error().code) {
        case ErrorCode::k_busy: return k_temp_fail;  // another painlogd is running
        case ErrorCode::k_storage_full:
        case ErrorCode::k_storage_error: return k_io;
        default: return k_failure;
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace painlog::daemon;
    DaemonOptions options;
    CLI::App app{"painlogd: keeps the painlog journal and answers the painlog command"};
    define_options(app, options);
    CLI11_PARSE(app, argc, argv);
    if (options.check) return check_journal(std::cout, options.check_json);
    if (!options.restore.empty()) return restore_journal(options.restore, std::cout);

    // A socket handed over by systemd belongs to this very process: never fork away from it.
    if (sd::listen_fds(false) > 0) options.foreground = true;
    std::signal(SIGPIPE, SIG_IGN);
    configure_heap();
    std::optional<Background> background;
    if (!options.foreground) background = Background::detach();
    const auto status = run_service(options, [&](const painlog::protocol::Status& started) {
        if (!background) return;
        if (started.ok()) {
            background->ready();
        } else {
            background->failed(exit_code(started), started.error().message);
        }
    });
    return exit_code(status);
}
