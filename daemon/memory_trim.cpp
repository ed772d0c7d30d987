#include "daemon/memory_trim.h"

#include <malloc.h>
#include <sys/resource.h>

namespace painlog::daemon {
namespace {

// Pages this process (all its threads) has faulted in without I/O: first touches of
// anonymous memory, such as the heap after a trim.
long minor_faults() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

}  // namespace

void configure_heap() {
    // The largest threshold glibc accepts on 64-bit systems; setting either also turns
    // off its own adjustment of both.
    ::mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    ::mallopt(M_TRIM_THRESHOLD, -1);  // the largest value: never on free()
}

MemoryTrim::MemoryTrim(boost::asio::io_context& io) : m_timer(io) {
    trim();  // what starting up freed (opening and checking the journal)
}

void MemoryTrim::trim() {
    ::malloc_trim(0);
    m_trimmed_faults = minor_faults();
}

void MemoryTrim::after_request(std::chrono::steady_clock::duration took) {
    const auto now = std::chrono::steady_clock::now();
    if (m_pending) {  // the quiet is counted from this request on
        m_last_request = now;
        return;
    }
    if (took <= k_long && minor_faults() < m_trimmed_faults + k_fresh_pages) return;
    m_pending = true;
    m_last_request = now;
    wait_until(now + k_quiet);
}

void MemoryTrim::wait_until(std::chrono::steady_clock::time_point at) {
    m_timer.expires_at(at);
    m_timer.async_wait([this](boost::system::error_code ec) {
        if (ec) return;  // stop()
        if (const auto quiet_from = m_last_request + k_quiet; std::chrono::steady_clock::now() < quiet_from) {
            wait_until(quiet_from);  // requests came meanwhile
            return;
        }
        m_pending = false;
        trim();
    });
}

}  // namespace painlog::daemon
