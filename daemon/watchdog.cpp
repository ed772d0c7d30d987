#include "daemon/watchdog.h"

namespace painlog::daemon {

Watchdog::Watchdog(boost::asio::io_context& io, std::chrono::microseconds period,
                   std::function<void()> ping)
    : m_timer(io), m_period(period), m_ping(std::move(ping)) {}

void Watchdog::start() {
    if (m_running) return;
    m_running = true;
    schedule();
}

void Watchdog::stop() {
    m_running = false;
    m_timer.cancel();
}

void Watchdog::schedule() {
    // From the last deadline, not from now: a slow ping does not stretch the period.
    const auto now = boost::asio::steady_timer::clock_type::now();
    const auto next = m_timer.expiry() + m_period;
    m_timer.expires_at(next > now ? next : now + m_period);
    m_timer.async_wait([this](boost::system::error_code ec) {
        if (ec || !m_running) return;  // stopped
        m_ping();
        schedule();
    });
}

}  // namespace painlog::daemon
