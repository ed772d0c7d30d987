// Every path and on-disk name painlog uses (socket, lock, database, reports, log),
// resolved from the XDG base-directory variables, so the daemon, the CLI, the tests
// and the systemd units agree. The environment is a parameter: tests pass their own.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "protocol/result.h"

namespace painlog::protocol {

// Looks up an environment variable; nullptr when unset. `std::getenv` in production.
using EnvLookup = std::function<const char*(const char*)>;

struct Paths {
    std::filesystem::path runtime_dir;  // <runtime>/painlog, mode 0700
    std::filesystem::path socket;       // <runtime>/painlog/painlogd.sock, mode 0600
    std::filesystem::path lock_file;    // <runtime>/painlog/painlogd.lock: one daemon at a time
    std::filesystem::path log_file;     // <runtime>/painlog/painlogd.log when not in the journal
    std::filesystem::path data_dir;     // $XDG_DATA_HOME/painlog, mode 0700
    std::filesystem::path database;     // <data>/journal.db, mode 0600
    std::filesystem::path reports_dir;  // <data>/reports
};

inline constexpr const char* k_socket_name = "painlogd.sock";
inline constexpr const char* k_database_name = "journal.db";

// Resolves the paths for the current user. Data: $XDG_DATA_HOME (if absolute), else
// $HOME/.local/share. Runtime: $XDG_RUNTIME_DIR (if absolute), else /run/user/UID if
// it exists, else ${TMPDIR:-/tmp}/painlog-UID. Fails only when neither XDG_DATA_HOME
// nor HOME is usable, or the socket path would exceed the kernel's limit.
[[nodiscard]] Result<Paths> resolve_paths(const EnvLookup& env);

// The same with the process environment.
[[nodiscard]] Result<Paths> resolve_paths();

}  // namespace painlog::protocol
