#include "daemon/supervisor.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "daemon/log.h"
#include "daemon/sd_daemon.h"

namespace painlog::daemon {

Supervisor Supervisor::from_environment() {
    // Cleared: WATCHDOG_USEC and WATCHDOG_PID are meant for this process only.
    const auto watchdog = sd::watchdog_interval(true);
    if (std::getenv("NOTIFY_SOCKET") == nullptr) return Supervisor(nullptr, std::nullopt);
    NotifySend send = [](const std::string& message) {
        // NOTIFY_SOCKET is kept: every later message needs it.
        if (const int sent = sd::notify(message); sent < 0) {
            log_warning("cannot tell systemd '" + status_line(message) + "' (" + std::strerror(-sent) + ")");
        }
    };
    return Supervisor(std::move(send), watchdog);
}

Supervisor::Supervisor(NotifySend send, std::optional<std::chrono::microseconds> watchdog)
    : m_send(std::move(send)), m_watchdog(watchdog) {}

void Supervisor::status(std::string_view status) { send("STATUS=" + status_line(status)); }

void Supervisor::ready(std::string_view status) {
    send("READY=1\nSTATUS=" + status_line(status));
}

void Supervisor::stopping() { send("STOPPING=1\nSTATUS=Stopping"); }

void Supervisor::watchdog() { send("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> Supervisor::ping_period() const {
    if (!m_send || !m_watchdog) return std::nullopt;
    return std::max(*m_watchdog / 2, std::chrono::microseconds(1));
}

void Supervisor::send(std::string message) {
    if (m_send) m_send(message);
}

std::string status_line(std::string_view text) {
    std::string line(text);
    for (char& c : line) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    return line;
}

}  // namespace painlog::daemon
