// systemd's protocols for a service, spoken directly: the sockets passed by socket
// activation (sd_listen_fds(3)), state notifications and the watchdog (sd_notify(3),
// sd_watchdog_enabled(3)), and the journal's native protocol (systemd.journal-fields(7),
// "Native Journal Protocol"). Each is a few lines over an environment variable and a
// Unix socket; speaking them here keeps libsystemd and the libraries it pulls in out
// of painlogd's memory, which maps it only to deliver a desktop notification
// (notifier.cpp). Thread-safe except where they change the environment (at start-up).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace painlog::daemon::sd {

// The first descriptor systemd passes (SD_LISTEN_FDS_START).
inline constexpr int k_listen_fds_start = 3;

// How many sockets systemd passed to this process (LISTEN_FDS, when LISTEN_PID is
// this process), marked close-on-exec; 0 when none; -errno when the variables are
// malformed. `unset_environment`: clears LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES.
[[nodiscard]] int listen_fds(bool unset_environment);

// Whether `fd` is a listening Unix stream socket bound to `path`.
[[nodiscard]] bool is_listening_unix_socket(int fd, const std::string& path);

// The watchdog interval the service manager asked for (WATCHDOG_USEC, when
// WATCHDOG_PID is unset or this process), or nullopt. `unset_environment`: clears
// both variables, which are meant for this process only.
[[nodiscard]] std::optional<std::chrono::microseconds> watchdog_interval(bool unset_environment);

// Sends `state` ("READY=1\nSTATUS=...") to $NOTIFY_SOCKET (a path, or "@name" in the
// abstract namespace): 1 when sent, 0 without NOTIFY_SOCKET, -errno on failure.
[[nodiscard]] int notify(std::string_view state);

// The journal's socket.
inline constexpr const char* k_journal_socket = "/run/systemd/journal/socket";

// Sends one entry (MESSAGE, PRIORITY, SYSLOG_IDENTIFIER) to the journal at `socket`:
// 0 when sent, -errno on failure. Messages over 64 KiB are cut.
[[nodiscard]] int journal_send(int priority, std::string_view identifier, std::string_view message,
                               const char* socket = k_journal_socket);

}  // namespace painlog::daemon::sd
