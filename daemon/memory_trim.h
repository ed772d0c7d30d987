// painlogd's heap: kept while it works, given back once it is quiet.
//
// An analysis or a report allocates and frees matrices and columns of hundreds of
// kilobytes many times over. With the C library's defaults each of those is mapped and
// unmapped afresh (or the heap's top is given back on a free and taken again on the
// next allocation), and every page of it faults again on first use: a third of an
// analysis's time. configure_heap() keeps such blocks in the heap and stops free()
// from trimming it; MemoryTrim gives the freed heap back instead once painlogd has been
// quiet for a moment after a request that took long or made painlogd touch fresh
// pages (in the heap, which may grow, or in the gaps a trim left), so an idle
// painlogd stays small and neither the reply nor the command's next request waits for
// it. A steady_timer on the daemon's io_context; not thread-safe: the I/O thread's.
#pragma once

#include <utility>  // before Asio (GCC 12, Boost 1.74, C++20)

#include <boost/asio.hpp>

#include <chrono>
#include <cstddef>

namespace painlog::daemon {

// Sets the heap policy above for the whole process (mallopt): blocks under 32 MiB come
// from the heap, and free() never trims it. Call once, early in main(), before other
// threads start.
void configure_heap();

class MemoryTrim {
public:
    // How long painlogd must be quiet after such a request before the heap is trimmed.
    static constexpr std::chrono::milliseconds k_quiet{250};
    // Requests that take longer than this (an analysis, a report, an import) ...
    static constexpr std::chrono::milliseconds k_long{20};
    // ... or after which painlogd has faulted in this many pages since the last trim
    // (a megabyte of 4 KiB pages): what a trim would give back again. Counted rather
    // than read off the heap's end, which a trim cannot always lower (a block still in
    // use above the freed ones) and which a thread's own arena does not move.
    static constexpr long k_fresh_pages = 256;

    // Trims the heap at once: what starting up freed.
    explicit MemoryTrim(boost::asio::io_context& io);
    MemoryTrim(const MemoryTrim&) = delete;
    MemoryTrim& operator=(const MemoryTrim&) = delete;

    // A request ended after `took`: trims once painlogd has had no request for
    // k_quiet, if this one was long or pages were faulted in, or a trim already waits.
    // While a trim waits, a request only notes its time: the timer is not set again
    // for each (a system call, and reading the page faults another), it looks when it
    // fires.
    void after_request(std::chrono::steady_clock::duration took);
    // Cancels a pending trim, so the io_context can finish.
    void stop() { m_timer.cancel(); }

private:
    // Gives freed heap back now, and notes the page faults so far.
    void trim();
    // Trims at `at`, or later if a request came after at - k_quiet.
    void wait_until(std::chrono::steady_clock::time_point at);

    boost::asio::steady_timer m_timer;  // I/O thread
    long m_trimmed_faults = 0;          // the process's minor faults after the last trim (I/O thread)
    bool m_pending = false;             // a trim waits for quiet (I/O thread)
    std::chrono::steady_clock::time_point m_last_request;  // while m_pending (I/O thread)
};

}  // namespace painlog::daemon
