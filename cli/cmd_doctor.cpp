// painlog doctor: is the journal sound? Asks a running painlogd (journal.check);
// when none runs (a damaged journal keeps it from starting) runs `painlogd --check`,
// which looks at the file read-only. Either way nothing is written.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/daemon_launcher.h"
#include "cli/exit_code.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"
#include "protocol/paths.h"

extern char** environ;

namespace painlog::cli {
namespace {

bool daemon_running() {
    const auto paths = protocol::resolve_paths();
    if (!paths) return false;
    const int fd = connect_unix(paths->socket);
    if (fd < 0) return false;
    ::close(fd);
    return true;
}

// Runs painlogd --check writing to our standard output (`out` is flushed first, so
// the two do not interleave); returns its exit code.
int run_painlogd_check(std::ostream& out, bool as_json) {
    const auto daemon = find_painlogd();
    if (!daemon) {
        throw Failure(ExitCode::k_unavailable,
                      "cannot find painlogd next to painlog or on PATH to check the journal");
    }
    std::vector<std::string> args{daemon->native(), "--check"};
    if (as_json) args.emplace_back("--json");
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    out.flush();
    pid_t pid = -1;
    if (::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
        throw Failure(ExitCode::k_unavailable, "cannot run " + daemon->native() + " --check");
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 70;
}

}  // namespace

Handler define_doctor(CLI::App& command) {
    auto json_output = std::make_shared<bool>(false);
    add_json_flag(command, *json_output);
    return [json_output](Context& context) {
        if (!daemon_running()) {
            const int code = run_painlogd_check(context.out, *json_output);
            if (code == 0) return;
            throw Failure(code == 65 ? ExitCode::k_data : ExitCode::k_io,
                          "the journal is not sound (see above)");
        }
        const nlohmann::json report = call(context, protocol::method::k_journal_check);
        if (*json_output) {
            print_json(context, report);
        } else {
            context.out << "journal: " << value_text(field(report, "path")) << "\nsize: "
                        << value_text(field(report, "bytes")) << " bytes, schema version "
                        << value_text(field(report, "schema_version")) << ", "
                        << value_text(field(report, "nights")) << " nights\n";
            if (field(report, "ok") == true) {
                context.out << "integrity check: ok\n";
            } else {
                context.out << "integrity check found problems:\n";
                for (const auto& problem : field(report, "problems")) {
                    context.out << "  " << value_text(problem) << '\n';
                }
            }
        }
        if (field(report, "ok") != true) {
            throw Failure(ExitCode::k_data, "the journal is not sound; restore a backup (painlog restore FILE)");
        }
    };
}

}  // namespace painlog::cli
