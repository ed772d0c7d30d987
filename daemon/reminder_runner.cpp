#include "daemon/reminder_runner.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <string_view>

#include "daemon/log.h"
#include "daemon/notifier.h"

namespace painlog::daemon {

std::string notify_command_setting(Journal& journal) {
    auto settings = journal.settings();
    if (!settings) return {};
    const auto it = settings->find("notify.command");
    return it == settings->end() ? std::string() : it->second;
}

ReminderRunner::ReminderRunner(boost::asio::io_context& io, Scheduler& scheduler, Journal& journal)
    : m_io(io),
      m_scheduler(scheduler),
      m_journal(journal),
      m_alarm(io,
              [this](Alarm::Wake wake) {
                  if (wake == Alarm::Wake::k_clock_changed) {
                      log_info("the clock was set; reminders recomputed");
                  }
                  pass();
              }),
      m_zone_fd(io) {}

ReminderRunner::~ReminderRunner() {
    stop();
    m_worker.join();
}

protocol::Status ReminderRunner::start() {
    if (auto opened = m_alarm.open(); !opened) return opened;
    watch_zone();
    boost::asio::post(m_io, [this] { pass(); });
    return {};
}

void ReminderRunner::reschedule() {
    if (!m_stopped) arm();
}

void ReminderRunner::stop() {
    m_stopped = true;
    m_alarm.close();
    boost::system::error_code ignored;
    if (m_zone_fd.is_open()) m_journal.watch_system_zone(false);
    m_zone_fd.close(ignored);
}

void ReminderRunner::pass() {
    if (m_stopped) return;
    auto due = m_scheduler.collect_due();
    if (!due) {
        log_error("reminders: " + due.error().message);
    } else if (!due->empty()) {
        const std::string command = notify_command_setting(m_journal);
        for (Delivery& delivery : *due) {
            boost::asio::post(m_worker, [this, command, delivery = std::move(delivery)] {
                SystemNotifier notifier([command] { return command; });
                protocol::Result<std::string> delivered = notifier.deliver(delivery.notice);
                boost::asio::post(m_io, [this, delivery, delivered = std::move(delivered)] {
                    if (auto status = m_scheduler.finish(delivery, delivered); !status) {
                        log_error("reminders: " + status.error().message);
                    }
                });
            });
        }
    }
    arm();
}

void ReminderRunner::arm() {
    auto next = m_scheduler.next_due();
    std::optional<Seconds> at;
    const Seconds now = m_scheduler.now();
    if (next && *next && **next <= now) {
        // Still due after a pass: its claim could not be stored (a full disk). Look
        // again in a minute rather than spin.
        at = now + std::chrono::minutes(1);
    } else if (next) {
        at = *next;
    } else {
        log_error("reminders: " + next.error().message + "; trying again in a minute");
        at = m_scheduler.now() + std::chrono::minutes(1);
    }
    if (auto armed = m_alarm.arm(at); !armed) log_error(armed.error().message);
}

void ReminderRunner::watch_zone() {
    const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return;
    // A new /etc/localtime is usually a new symlink renamed into place.
    if (::inotify_add_watch(fd, "/etc", IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE | IN_ATTRIB) < 0) {
        ::close(fd);
        return;
    }
    m_zone_fd.assign(fd);
    m_journal.watch_system_zone(true);
    wait_zone();
}

void ReminderRunner::wait_zone() {
    m_zone_fd.async_wait(boost::asio::posix::stream_descriptor::wait_read, [this](boost::system::error_code ec) {
        if (ec) {
            // Closed by stop(), which told the journal; or the watch failed: then no
            // event will say the zone changed, so the journal reads it again per call.
            if (!m_stopped) m_journal.watch_system_zone(false);
            return;
        }
        alignas(inotify_event) std::array<char, 4096> buffer{};
        bool zone = false;
        for (ssize_t n; (n = ::read(m_zone_fd.native_handle(), buffer.data(), buffer.size())) > 0;) {
            for (ssize_t offset = 0; offset < n;) {
                inotify_event event{};
                std::memcpy(&event, buffer.data() + offset, sizeof event);
                const char* name = buffer.data() + offset + sizeof event;
                const std::string_view file = event.len > 0 ? std::string_view(name) : std::string_view();
                // Events were lost (the queue overflowed): one of them may have been it.
                zone = zone || file == "localtime" || file == "timezone" || (event.mask & IN_Q_OVERFLOW) != 0;
                offset += static_cast<ssize_t>(sizeof event + event.len);
            }
        }
        if (zone) {
            m_journal.system_zone_changed();
            log_info("the system time zone changed; reminders recomputed");
            reschedule();
        }
        wait_zone();
    });
}

}  // namespace painlog::daemon
