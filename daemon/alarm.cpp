#include "daemon/alarm.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace painlog::daemon {
namespace {

protocol::Error system_error(const std::string& what) {
    return protocol::make_error(protocol::ErrorCode::k_internal_error,
                                what + ": " + std::strerror(errno));
}

}  // namespace

Alarm::Alarm(boost::asio::io_context& io, std::function<void(Wake)> on_wake)
    : m_descriptor(io), m_on_wake(std::move(on_wake)) {}

Alarm::~Alarm() { close(); }

protocol::Status Alarm::open() {
    const int fd = ::timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    if (fd < 0) return system_error("cannot create the reminder timer (timerfd_create)");
    m_descriptor.assign(fd);
    wait();
    return {};
}

protocol::Status Alarm::arm(std::optional<Seconds> at) {
    itimerspec spec{};
    if (at) {
        // An all-zero it_value would disarm; anything already past goes off at once.
        const auto seconds = std::max<std::int64_t>(at->time_since_epoch().count(), 1);
        spec.it_value.tv_sec = static_cast<time_t>(seconds);
    }
    if (::timerfd_settime(m_descriptor.native_handle(), TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
                          &spec, nullptr) != 0) {
        return system_error("cannot arm the reminder timer (timerfd_settime)");
    }
    return {};
}

void Alarm::close() {
    boost::system::error_code ignored;
    m_descriptor.close(ignored);
}

void Alarm::wait() {
    m_descriptor.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                            [this](boost::system::error_code ec) {
                                if (ec) return;  // closed
                                std::uint64_t expirations = 0;
                                const ssize_t n = ::read(m_descriptor.native_handle(), &expirations,
                                                         sizeof expirations);
                                const bool changed = n < 0 && errno == ECANCELED;
                                if (n < 0 && !changed) {  // EAGAIN: nothing after all
                                    wait();
                                    return;
                                }
                                wait();
                                m_on_wake(changed ? Wake::k_clock_changed : Wake::k_due);
                            });
}

}  // namespace painlog::daemon
