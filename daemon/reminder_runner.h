// Runs the Scheduler inside painlogd's io_context: sleeps on the Alarm until the next
// firing (or until the kernel says the clock was set, or /etc/localtime changed),
// takes on what is due on the I/O thread, delivers the notices on one worker thread
// so a slow D-Bus peer or notify.command never blocks the event loop, and records
// each result back on the I/O thread. Not thread-safe: call from the I/O thread.
#pragma once

#include <utility>  // before Asio (GCC 12, Boost 1.74, C++20)

#include <boost/asio.hpp>

#include "daemon/alarm.h"
#include "daemon/journal.h"
#include "daemon/scheduler.h"
#include "protocol/result.h"

namespace painlog::daemon {

// The notify.command setting (empty when not set), read on the I/O thread.
[[nodiscard]] std::string notify_command_setting(Journal& journal);

class ReminderRunner {
public:
    // `scheduler` and `journal` must outlive the runner.
    ReminderRunner(boost::asio::io_context& io, Scheduler& scheduler, Journal& journal);
    // Waits for a delivery still running on the worker.
    ~ReminderRunner();
    ReminderRunner(const ReminderRunner&) = delete;
    ReminderRunner& operator=(const ReminderRunner&) = delete;

    // Opens the alarm and the zone watch, and posts the first pass (which fires what
    // came due while painlogd was not running, within the grace period). Fails when
    // the alarm cannot be made (then no reminder fires).
    [[nodiscard]] protocol::Status start();

    // Re-arms for the next firing after a change (a reminder added, a setting set).
    void reschedule();

    // Stops waiting, so the io_context can finish; results of deliveries still
    // running are dropped (their firings were claimed: nothing fires twice).
    void stop();

private:
    void pass();          // take on what is due, dispatch, re-arm
    void arm();
    void watch_zone();    // inotify on /etc for localtime and timezone
    void wait_zone();

    boost::asio::io_context& m_io;
    Scheduler& m_scheduler;
    Journal& m_journal;
    Alarm m_alarm;                                    // I/O thread
    boost::asio::posix::stream_descriptor m_zone_fd;  // I/O thread
    boost::asio::thread_pool m_worker{1};             // delivers, one notice at a time
    bool m_stopped = false;                           // I/O thread
};

}  // namespace painlog::daemon
