// What painlogd tells the service manager that started it, in systemd's sd_notify
// protocol: a one-line STATUS= while it starts, READY=1 once it serves, WATCHDOG=1
// pings, STOPPING=1 on the way out. Without NOTIFY_SOCKET (not under systemd, or a
// Type= that does not listen) every call does nothing. The sender is the seam: tests
// record the messages. Not thread-safe: the daemon's I/O thread's.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace painlog::daemon {

// Sends one sd_notify message, e.g. "READY=1\nSTATUS=Serving 3 nights".
using NotifySend = std::function<void(const std::string& message)>;

class Supervisor {
public:
    // The real one: messages go through sd_notify(3) to $NOTIFY_SOCKET; the watchdog
    // is the manager's WATCHDOG_USEC when sd_watchdog_enabled(3) says it is meant for
    // this process (WATCHDOG_PID unset or ours). Clears WATCHDOG_USEC and WATCHDOG_PID
    // so the commands painlogd runs do not inherit them.
    [[nodiscard]] static Supervisor from_environment();

    // `watchdog`: the manager's watchdog interval, nullopt when it has none.
    Supervisor(NotifySend send, std::optional<std::chrono::microseconds> watchdog);

    // STATUS=`status`, e.g. "Opening the journal".
    void status(std::string_view status);
    // READY=1 with STATUS=`status`. Call once the journal is open and migrated and
    // the socket accepts connections.
    void ready(std::string_view status);
    // STOPPING=1 with STATUS=Stopping.
    void stopping();
    // WATCHDOG=1: "the event loop is alive".
    void watchdog();

    // How often watchdog() should be called: half the manager's interval, so that one
    // late ping is not yet fatal. nullopt when the manager has no watchdog.
    [[nodiscard]] std::optional<std::chrono::microseconds> ping_period() const;

private:
    void send(std::string message);

    NotifySend m_send;
    std::optional<std::chrono::microseconds> m_watchdog;
};

// `text` as one STATUS= line: newlines become spaces (a newline would end the field).
[[nodiscard]] std::string status_line(std::string_view text);

}  // namespace painlog::daemon
