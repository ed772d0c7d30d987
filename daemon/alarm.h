// The scheduler's sleep: a wall-clock alarm on a timerfd (CLOCK_REALTIME, absolute,
// TFD_TIMER_CANCEL_ON_SET) that Asio waits on. It wakes at the instant it is armed
// for, or when the kernel reports that the clock was set (a manual change, NTP
// stepping it, a resume); it never wakes to look. Not thread-safe: the I/O thread's.
#pragma once

#include <utility>  // before Asio (GCC 12, Boost 1.74, C++20)

#include <boost/asio.hpp>

#include <functional>
#include <optional>

#include "daemon/schedule.h"
#include "protocol/result.h"

namespace painlog::daemon {

class Alarm {
public:
    // Why the alarm woke.
    enum class Wake { k_due, k_clock_changed };

    // `on_wake` runs on the I/O thread each time the alarm goes off; it usually
    // re-arms it.
    Alarm(boost::asio::io_context& io, std::function<void(Wake)> on_wake);
    ~Alarm();
    Alarm(const Alarm&) = delete;
    Alarm& operator=(const Alarm&) = delete;

    // Fails when the kernel has no timerfd (then reminders cannot run).
    [[nodiscard]] protocol::Status open();

    // Goes off at `at` (at once if it has passed); nullopt disarms. Replaces any
    // earlier arming.
    [[nodiscard]] protocol::Status arm(std::optional<Seconds> at);

    // Stops waiting, so the io_context can finish.
    void close();

private:
    void wait();

    boost::asio::posix::stream_descriptor m_descriptor;
    std::function<void(Wake)> m_on_wake;
};

}  // namespace painlog::daemon
