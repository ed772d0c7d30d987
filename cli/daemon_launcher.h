// Starting painlogd on demand, as gpg-agent is started: find the painlogd binary,
// run it (argument vector, no shell) and wait until it reports that its socket is
// listening (painlogd daemonizes itself; its first process exits 0 only then, non-zero
// after printing its error to stderr). Touches the process table and the filesystem;
// not thread-safe.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>

namespace painlog::cli {

// Where painlogd is looked for, in order: next to the running painlog (the directory
// of /proc/self/exe), the build tree's ../daemon/painlogd beside it, then each
// directory of PATH. Returns the first executable found, or nullopt.
[[nodiscard]] std::optional<std::filesystem::path> find_painlogd();

// Connects a stream socket to `socket`. Returns the file descriptor, or -1 with errno
// set (ENOENT: no socket; ECONNREFUSED: nobody listening).
[[nodiscard]] int connect_unix(const std::filesystem::path& socket);

// Starts painlogd and connects to `socket`, retrying until `timeout` has passed.
// Returns the connected descriptor (owned by the caller), or an error message
// explaining why painlogd could not be started (without the "not running" prefix).
[[nodiscard]] std::variant<int, std::string> start_and_connect(
    const std::filesystem::path& socket, std::chrono::milliseconds timeout);

}  // namespace painlog::cli
