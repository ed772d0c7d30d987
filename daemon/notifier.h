// How a reminder reaches the user: a desktop notification over the session D-Bus
// (org.freedesktop.Notifications), else the command in the setting notify.command,
// run without a shell. Notifier is the seam; tests substitute a fake. The free
// functions and SystemNotifier keep no shared state: safe to call from any thread,
// but they block (bounded by their timeouts), so keep them off a busy io_context.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/result.h"

namespace painlog::daemon {

struct Notice {
    std::string title;  // e.g. "painlog: evening stretches"
    std::string body;   // e.g. "Time for Cat-Cow and Open Book (about 5 minutes)."
};

// The seam: how a notice reaches the user. Tests substitute a fake.
class Notifier {
public:
    virtual ~Notifier() = default;
    // Delivers `notice`. On success returns how it went out (e.g. "desktop notification" or
    // "notify.command notify-send"); on failure an Error whose message says why every way failed
    // (e.g. "no session bus; notify.command is not set"). Must return within a few seconds at most.
    [[nodiscard]] virtual protocol::Result<std::string> deliver(const Notice& notice) = 0;
};

// Whether a session bus is there to try: DBUS_SESSION_BUS_ADDRESS set (non-empty), or
// $XDG_RUNTIME_DIR/bus is a socket. Reads the environment and stats one path.
[[nodiscard]] bool session_bus_present();

// Sends one Notify call over the session bus (the address in DBUS_SESSION_BUS_ADDRESS, else
// unix:path=$XDG_RUNTIME_DIR/bus, as sd_bus_open_user does): app_name "painlog", no icon, no
// actions, hint urgency=1 (byte), expire_timeout -1. Connects per call (reminders are rare) and
// closes. Waits at most `timeout` in all, connecting and authenticating included. Returns the
// notification id the server assigned; on failure an Error naming the address or the D-Bus error
// (e.g. org.freedesktop.DBus.Error.ServiceUnknown when no notification server is running).
[[nodiscard]] protocol::Result<std::uint32_t> send_desktop_notification(
    const Notice& notice, std::chrono::milliseconds timeout);

// Splits a command setting into an argument vector without a shell: words separated by blanks
// (space, tab, newline); '...' keeps everything literally, "..." keeps blanks and allows \" and
// \\ (any other backslash stays); a backslash outside quotes escapes the next char. Quoted and
// plain parts next to each other form one word; '' is an empty word. Errors (unterminated quote,
// trailing backslash, no words) are invalid_params naming the field "notify.command", the value
// and the rule.
[[nodiscard]] protocol::Result<std::vector<std::string>> split_command(std::string_view text);

// Runs argv (argv[0] looked up in PATH) with the notice appended as two arguments (title, body),
// unless some word contains the placeholder {title} or {body}, in which case those are
// substituted (in one pass: a title holding "{body}" stays as it is) and nothing is appended.
// The child gets stdin and stdout on /dev/null, stderr on a pipe whose first line is quoted in a
// failure, default signal dispositions, an empty signal mask, no other inherited descriptors and
// a process group of its own. Waits at most `timeout` (pidfd + poll, or short polls where pidfds
// are missing; no SIGCHLD handler). A command still running then is killed with its process group
// (SIGKILL), reaped, and counts as a failure. A non-zero exit or a signal is a failure naming the
// status; a command not found is a failure naming it. Requires SIGCHLD not to be ignored.
[[nodiscard]] protocol::Status run_notify_command(const std::vector<std::string>& argv,
                                                  const Notice& notice,
                                                  std::chrono::milliseconds timeout);

// The real notifier: D-Bus when session_bus_present(), then the command from `command_setting`
// (called at each delivery, on the delivering thread, so a `painlog config set notify.command`
// takes effect at once; empty = not set). Returns "desktop notification" or
// "notify.command <argv[0]>". Blocks for at most bus_timeout + command_timeout.
class SystemNotifier final : public Notifier {
public:
    static constexpr std::chrono::milliseconds k_default_bus_timeout{1000};
    static constexpr std::chrono::milliseconds k_default_command_timeout{5000};

    explicit SystemNotifier(std::function<std::string()> command_setting,
                            std::chrono::milliseconds bus_timeout = k_default_bus_timeout,
                            std::chrono::milliseconds command_timeout = k_default_command_timeout);

    [[nodiscard]] protocol::Result<std::string> deliver(const Notice& notice) override;

private:
    std::function<std::string()> m_command_setting;
    std::chrono::milliseconds m_bus_timeout;
    std::chrono::milliseconds m_command_timeout;
};

}  // namespace painlog::daemon
