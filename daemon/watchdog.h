// The watchdog's heartbeat: a steady_timer on the daemon's io_context that calls
// `ping` every period. It runs on the event loop itself, so a loop that is wedged in
// a handler stops pinging and the service manager restarts painlogd. Not thread-safe:
// the I/O thread's.
#pragma once

#include <utility>  // before Asio (GCC 12, Boost 1.74, C++20)

#include <boost/asio.hpp>

#include <chrono>
#include <functional>

namespace painlog::daemon {

class Watchdog {
public:
    // `ping` runs on the I/O thread, first one period after start().
    Watchdog(boost::asio::io_context& io, std::chrono::microseconds period,
             std::function<void()> ping);
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    // Starts the pings; they go on until stop().
    void start();
    // Cancels the timer, so the io_context can finish.
    void stop();

private:
    void schedule();

    boost::asio::steady_timer m_timer;  // I/O thread
    std::chrono::microseconds m_period;
    std::function<void()> m_ping;
    bool m_running = false;  // I/O thread
};

}  // namespace painlog::daemon
