// painlog: the command-line client of painlogd. Parse the command line against the
// command table, resolve the socket, run the command through painlogd (started on
// demand); every failure ends here, printed once as "painlog: MESSAGE" with its code.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/client.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "protocol/paths.h"

// AddressSanitizer's builds check for leaks at exit (gcc says so with a macro, clang
// with __has_feature).
#if defined(__SANITIZE_ADDRESS__)
#define PAINLOG_LEAK_CHECK_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PAINLOG_LEAK_CHECK_AT_EXIT 1
#endif
#endif

namespace {

// Ends painlog with `code` once its output is out, without destroying static objects:
// that only frees memory the kernel takes back whole (CLI11's validators, the locale's
// facets), and it was a part of every command's time. A sanitizer build exits as usual
// instead, so that LeakSanitizer still checks.
[[noreturn]] void finish(int code) {
#if defined(PAINLOG_LEAK_CHECK_AT_EXIT)
    std::exit(code);
#else
    std::cout.flush();
    std::fflush(nullptr);
    std::_Exit(code);
#endif
}

int run(int argc, char** argv) {
    namespace cli = painlog::cli;
    std::optional<cli::SocketClient> client;
    std::optional<cli::Context> context;
    bool notices = false;
    try {
        cli::CommandLine command_line;
        const cli::Handler handler =
            command_line.parse(std::vector<std::string>(argv + 1, argv + argc), std::cout);
        if (!handler) return cli::to_int(cli::ExitCode::k_ok);  // --help or --version
        const auto paths = painlog::protocol::resolve_paths();
        if (!paths) throw cli::Failure(cli::ExitCode::k_unavailable, paths.error().message);
        // A command run with --json leaves the notices to the next one a person reads.
        notices = !command_line.json_output();
        client.emplace(paths->socket, cli::autostart_enabled(), notices);
        context.emplace(cli::Context{*client, std::cout, std::cerr,
                                     ::isatty(STDIN_FILENO) == 1 ? &std::cin : nullptr});
        handler(*context);
        if (notices && client->connected()) cli::show_undelivered(*context);
        // A full disk or a closed pipe must not pass for a finished export or list.
        std::cout.flush();
        if (!std::cout) {
            throw cli::Failure(cli::ExitCode::k_io,
                               "cannot write to standard output (disk full or pipe closed); the "
                               "output is incomplete");
        }
        return cli::to_int(cli::ExitCode::k_ok);
    } catch (const std::exception& error) {
        const cli::ExitCode code = cli::report_failure(error, std::cerr);
        // painlogd marked them shown when the first request went (SocketClient::call):
        // a command that failed tells of them too.
        if (notices && client && client->connected()) cli::show_undelivered(*context);
        return cli::to_int(code);
    }
}

}  // namespace

int main(int argc, char** argv) { finish(run(argc, argv)); }
