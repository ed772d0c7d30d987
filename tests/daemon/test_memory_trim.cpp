// painlogd's heap policy (configure_heap) and MemoryTrim, on this process's own heap:
// configure_heap() changes the C library's malloc for the whole process, hence a test
// program of its own. Built without the sanitizers only: their allocator is not glibc's.
#include "daemon/memory_trim.h"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <vector>

#include <doctest/doctest.h>

namespace painlog::daemon {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t k_mib = std::size_t{1} << 20;

std::size_t heap_top() { return reinterpret_cast<std::uintptr_t>(::sbrk(0)); }

// This process's resident memory (/proc/self/statm), in bytes.
std::size_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0;
    std::size_t resident = 0;
    statm >> pages >> resident;
    REQUIRE(statm);
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// Allocates `bytes` in blocks of `block` bytes, touches them and frees them all: what
// an analysis leaves behind.
void churn(std::size_t bytes, std::size_t block) {
    std::vector<void*> blocks;
    for (std::size_t done = 0; done < bytes; done += block) {
        void* p = std::malloc(block);
        REQUIRE(p != nullptr);
        std::memset(p, 1, block);
        blocks.push_back(p);
    }
    for (void* p : blocks) std::free(p);
}

struct HeapPolicy {
    HeapPolicy() { configure_heap(); }
};
const HeapPolicy g_policy;

TEST_CASE("a block of a megabyte comes from the heap and freeing it does not shrink the heap") {
    const std::size_t before = heap_top();
    void* block = std::malloc(4 * k_mib);  // glibc's default would map it on its own
    REQUIRE(block != nullptr);
    std::memset(block, 1, 4 * k_mib);
    const std::size_t grown = heap_top();
    CHECK(grown >= before + 4 * k_mib);
    std::free(block);
    CHECK(heap_top() == grown);  // kept for the next allocation: no trim on free()
    ::malloc_trim(0);            // leaves the heap as MemoryTrim finds it
}

TEST_CASE("MemoryTrim gives the heap back once quiet after a request that grew it") {
    boost::asio::io_context io;
    MemoryTrim trim(io);
    churn(16 * k_mib, 256 * 1024);
    const std::size_t kept = resident_bytes();  // freed, but still this process's
    // The quiet counts from the request's end, which after_request is told at once:
    // the clock is read before the call, not after it returns.
    const auto start = std::chrono::steady_clock::now();
    trim.after_request(1ms);  // short, but 16 MiB of pages were faulted in
    CHECK(io.run_for(2s) == 1);  // the trim, and nothing after it
    CHECK(std::chrono::steady_clock::now() - start >= MemoryTrim::k_quiet);
    CHECK(resident_bytes() + 12 * k_mib < kept);
}

TEST_CASE("MemoryTrim trims again when a request reuses the gaps of a heap whose end it could not lower") {
    // A block still in use above 16 MiB of freed ones: a trim gives the freed pages
    // back but the heap's end stays where it is (as after an import, whose catalog and
    // statements outlive its rows).
    std::vector<void*> blocks(65);
    for (void*& p : blocks) {
        p = std::malloc(256 * 1024);
        REQUIRE(p != nullptr);
        std::memset(p, 1, 256 * 1024);
    }
    // The block highest in the heap stays; the others leave 16 MiB of gaps below it.
    std::sort(blocks.begin(), blocks.end(), std::less<>());
    void* const pin = blocks.back();
    blocks.pop_back();
    for (void* p : blocks) std::free(p);
    boost::asio::io_context io;
    MemoryTrim trim(io);
    const std::size_t end = heap_top();
    const std::size_t trimmed = resident_bytes();
    churn(12 * k_mib, 256 * 1024);  // the next request, in the gaps: the end does not move
    CHECK(heap_top() == end);
    const std::size_t kept = resident_bytes();
    REQUIRE(kept > trimmed + 8 * k_mib);
    trim.after_request(1ms);
    CHECK(io.run_for(2s) == 1);
    CHECK(resident_bytes() + 8 * k_mib < kept);
    std::free(pin);
    ::malloc_trim(0);
}

TEST_CASE("MemoryTrim gives back at once what was freed before it (starting up)") {
    churn(16 * k_mib, 256 * 1024);
    const std::size_t kept = resident_bytes();
    boost::asio::io_context io;
    const MemoryTrim trim(io);
    CHECK(resident_bytes() + 12 * k_mib < kept);
}

TEST_CASE("MemoryTrim leaves the heap alone after a short request that did not grow it") {
    boost::asio::io_context io;
    MemoryTrim trim(io);
    trim.after_request(1ms);
    CHECK(io.run_for(MemoryTrim::k_quiet + 200ms) == 0);  // nothing was scheduled
}

TEST_CASE("MemoryTrim trims after a long request and a second one pushes the trim back") {
    boost::asio::io_context io;
    MemoryTrim trim(io);
    trim.after_request(MemoryTrim::k_long + 1ms);
    CHECK(io.run_for(50ms) == 0);  // quiet for 250 ms first
    trim.after_request(MemoryTrim::k_long + 1ms);  // the quiet counts from here
    // The wait's end, 50 ms too early (it waits again), and the trim.
    CHECK(io.run_for(2s) == 2);
    trim.after_request(1ms);
    trim.stop();
}

TEST_CASE("MemoryTrim waits for quiet however many requests come - then trims once") {
    boost::asio::io_context io;
    MemoryTrim trim(io);
    churn(16 * k_mib, 256 * 1024);
    const std::size_t kept = resident_bytes();
    trim.after_request(1ms);  // 16 MiB of pages faulted in: a trim waits
    // Short requests every 50 ms for 600 ms, none of which grew the heap: each
    // pushes the trim back, so nothing is given back meanwhile.
    auto last = std::chrono::steady_clock::now();
    for (int i = 0; i < 12; ++i) {
        io.run_for(50ms);
        trim.after_request(10us);
        last = std::chrono::steady_clock::now();
    }
    CHECK(resident_bytes() + 12 * k_mib >= kept);
    std::size_t handlers = 0;
    while (resident_bytes() + 12 * k_mib >= kept && std::chrono::steady_clock::now() - last < 2s) {
        handlers += io.run_for(10ms);
    }
    CHECK(std::chrono::steady_clock::now() - last >= MemoryTrim::k_quiet);
    CHECK(resident_bytes() + 12 * k_mib < kept);
    CHECK(io.run_for(MemoryTrim::k_quiet + 100ms) == 0);  // trimmed once: nothing waits
    CHECK(handlers >= 1);
}

}  // namespace
}  // namespace painlog::daemon
