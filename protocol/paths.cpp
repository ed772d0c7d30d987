#include "protocol/paths.h"

#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <system_error>

namespace painlog::protocol {
namespace {

namespace fs = std::filesystem;

// An XDG variable counts only when set to an absolute path (XDG base directory spec).
const char* absolute_or_null(const EnvLookup& env, const char* name) {
    const char* value = env(name);
    return (value != nullptr && value[0] == '/') ? value : nullptr;
}

fs::path runtime_base(const EnvLookup& env) {
    if (const char* runtime = absolute_or_null(env, "XDG_RUNTIME_DIR")) return runtime;
    const std::string uid = std::to_string(::getuid());
    std::error_code ignored;
    const fs::path per_user = fs::path("/run/user") / uid;
    if (fs::is_directory(per_user, ignored)) return per_user;
    const char* tmp = absolute_or_null(env, "TMPDIR");
    return fs::path(tmp != nullptr ? tmp : "/tmp") / ("painlog-" + uid);
}

}  // namespace

Result<Paths> resolve_paths(const EnvLookup& env) {
    fs::path data_home;
    if (const char* xdg_data = absolute_or_null(env, "XDG_DATA_HOME")) {
        data_home = xdg_data;
    } else if (const char* home = absolute_or_null(env, "HOME")) {
        data_home = fs::path(home) / ".local" / "share";
    } else {
        return make_error(ErrorCode::k_internal_error,
                          "cannot find a data directory: set HOME or XDG_DATA_HOME to an "
                          "absolute path");
    }

    Paths paths;
    paths.runtime_dir = runtime_base(env) / "painlog";
    paths.socket = paths.runtime_dir / k_socket_name;
    paths.lock_file = paths.runtime_dir / "painlogd.lock";
    paths.log_file = paths.runtime_dir / "painlogd.log";
    paths.data_dir = data_home / "painlog";
    paths.database = paths.data_dir / k_database_name;
    paths.reports_dir = paths.data_dir / "reports";

    if (paths.socket.native().size() >= sizeof(sockaddr_un{}.sun_path)) {
        return make_error(ErrorCode::k_internal_error,
                          "socket path '" + paths.socket.native() + "' is longer than the " +
                              std::to_string(sizeof(sockaddr_un{}.sun_path) - 1) +
                              " bytes a Unix socket allows; set XDG_RUNTIME_DIR to a "
                              "shorter directory");
    }
    return paths;
}

Result<Paths> resolve_paths() {
    return resolve_paths([](const char* name) { return std::getenv(name); });
}

}  // namespace painlog::protocol
