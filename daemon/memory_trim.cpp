#include "daemon/memory_trim.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdint>

namespace painlog::daemon {
namespace {

// The end of the main heap (sbrk(0) reads the C library's cached value: no system
// call).
std::size_t heap_top() { return reinterpret_cast<std::uintptr_t>(::sbrk(0)); }

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
    m_trimmed_top = heap_top();
}

void MemoryTrim::after_request(std::chrono::steady_clock::duration took) {
    if (took <= k_long && heap_top() < m_trimmed_top + k_growth_bytes) return;
    m_timer.expires_after(k_quiet);  // cancels the wait set by the last such request
    m_timer.async_wait([this](boost::system::error_code ec) {
        if (!ec) trim();
    });
}

}  // namespace painlog::daemon
