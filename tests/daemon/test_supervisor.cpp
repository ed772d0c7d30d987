// What painlogd tells systemd (daemon/supervisor.h), with the sender recorded, and the
// watchdog's heartbeat on a real io_context (daemon/watchdog.h).
#include <doctest/doctest.h>

#include <stdlib.h>  // setenv, unsetenv
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "daemon/supervisor.h"
#include "daemon/watchdog.h"

namespace painlog::daemon {
namespace {

using namespace std::chrono_literals;

struct Recorded {
    std::vector<std::string> messages;
    Supervisor supervisor{[this](const std::string& message) { messages.push_back(message); },
                          std::chrono::microseconds(30s)};
};

TEST_CASE("the supervisor sends READY with STATUS then WATCHDOG then STOPPING") {
    Recorded recorded;
    recorded.supervisor.status("Opening the journal");
    recorded.supervisor.ready("Serving 3 nights");
    recorded.supervisor.watchdog();
    recorded.supervisor.stopping();
    CHECK(recorded.messages ==
          std::vector<std::string>{"STATUS=Opening the journal", "READY=1\nSTATUS=Serving 3 nights",
                                   "WATCHDOG=1", "STOPPING=1\nSTATUS=Stopping"});
}

TEST_CASE("a status of several lines is sent as one line") {
    Recorded recorded;
    recorded.supervisor.status("cannot open\nthe journal\r");
    CHECK(recorded.messages == std::vector<std::string>{"STATUS=cannot open the journal "});
}

TEST_CASE("the watchdog is pinged at half the manager's interval") {
    Recorded recorded;
    CHECK(recorded.supervisor.ping_period() == std::chrono::microseconds(15s));
    Supervisor no_watchdog([](const std::string&) {}, std::nullopt);
    CHECK_FALSE(no_watchdog.ping_period().has_value());
}

TEST_CASE("without NOTIFY_SOCKET the supervisor sends nothing and wants no pings") {
    ::unsetenv("NOTIFY_SOCKET");
    ::setenv("WATCHDOG_USEC", "200000", 1);
    ::unsetenv("WATCHDOG_PID");
    Supervisor supervisor = Supervisor::from_environment();
    CHECK_FALSE(supervisor.ping_period().has_value());
    supervisor.ready("Serving 0 nights");  // must not crash or block
    CHECK(std::getenv("WATCHDOG_USEC") == nullptr);  // cleared for the commands it runs
}

TEST_CASE("from_environment reads WATCHDOG_USEC meant for this process") {
    ::setenv("NOTIFY_SOCKET", "/nonexistent/painlog-test-notify", 1);
    ::setenv("WATCHDOG_USEC", "200000", 1);
    ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
    CHECK(Supervisor::from_environment().ping_period() == std::chrono::microseconds(100000));
    ::setenv("WATCHDOG_USEC", "200000", 1);
    ::setenv("WATCHDOG_PID", "1", 1);  // meant for another process
    CHECK_FALSE(Supervisor::from_environment().ping_period().has_value());
    ::unsetenv("NOTIFY_SOCKET");
}

TEST_CASE("the watchdog pings from the event loop until stopped") {
    boost::asio::io_context io;
    int pings = 0;
    Watchdog watchdog(io, std::chrono::milliseconds(10), [&] { ++pings; });
    const auto start = std::chrono::steady_clock::now();
    watchdog.start();
    const auto deadline = start + 5s;
    while (pings < 5 && std::chrono::steady_clock::now() < deadline) io.run_one_for(100ms);
    CHECK(pings == 5);
    CHECK(std::chrono::steady_clock::now() - start >= 45ms);  // one ping per period, not faster
    watchdog.stop();
    io.restart();
    io.run_for(std::chrono::milliseconds(50));
    CHECK(pings == 5);
    CHECK(io.stopped());  // nothing left: the io_context can finish
}

TEST_CASE("a wedged event loop stops the watchdog pings") {
    boost::asio::io_context io;
    std::vector<std::chrono::steady_clock::time_point> pings;
    Watchdog watchdog(io, std::chrono::milliseconds(10),
                      [&] { pings.push_back(std::chrono::steady_clock::now()); });
    watchdog.start();
    boost::asio::steady_timer wedge(io, std::chrono::milliseconds(25));
    wedge.async_wait([](boost::system::error_code) { std::this_thread::sleep_for(100ms); });
    io.run_for(std::chrono::milliseconds(300));
    watchdog.stop();
    REQUIRE(pings.size() >= 2);
    std::chrono::steady_clock::duration longest{};
    for (std::size_t i = 1; i < pings.size(); ++i) {
        longest = std::max(longest, pings[i] - pings[i - 1]);
    }
    CHECK(longest >= 90ms);  // no ping while the handler blocked the loop
}

}  // namespace
}  // namespace painlog::daemon
