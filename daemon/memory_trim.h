// Gives freed heap back to the system once painlogd has been quiet for a moment after
// a long request (an analysis, a report, an import leave megabytes freed): an idle
// painlogd stays small, and the reply, and the next request of the same command, do
// not wait for it. A steady_timer on the daemon's io_context; not thread-safe: the
// I/O thread's.
#pragma once

#include <utility>  // before Asio (GCC 12, Boost 1.74, C++20)

#include <boost/asio.hpp>

#include <chrono>

namespace painlog::daemon {

class MemoryTrim {
public:
    // How long painlogd must be quiet after a long request before the heap is trimmed.
    static constexpr std::chrono::milliseconds k_quiet{250};

    explicit MemoryTrim(boost::asio::io_context& io) : m_timer(io) {}
    MemoryTrim(const MemoryTrim&) = delete;
    MemoryTrim& operator=(const MemoryTrim&) = delete;

    // A long request ended: trim k_quiet from now, unless another one ends before.
    void after_long_request();
    // Cancels a pending trim, so the io_context can finish.
    void stop() { m_timer.cancel(); }

private:
    boost::asio::steady_timer m_timer;  // I/O thread
};

}  // namespace painlog::daemon
