// painlogd under systemd's protocols, with systemd's own tools and no user manager:
// socket activation (systemd-socket-activate hands it the listening socket the socket
// unit would), sd_notify to a NOTIFY_SOCKET the test owns, and log lines with
// sd-daemon priorities when stderr is the journal stream.
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

#include "harness.h"

namespace painlog::e2e {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The datagrams painlogd sends to the service manager, received on a socket the test
// binds (what systemd's NOTIFY_SOCKET is).
class NotifyReceiver {
public:
    explicit NotifyReceiver(const fs::path& path) : m_path(path) {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(m_fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        REQUIRE(path.native().size() < sizeof address.sun_path);
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    }
    ~NotifyReceiver() { ::close(m_fd); }
    NotifyReceiver(const NotifyReceiver&) = delete;
    NotifyReceiver& operator=(const NotifyReceiver&) = delete;

    // Receives until `done(messages)` holds or `timeout` passes; returns every message.
    template <typename Done>
    const std::vector<std::string>& receive_until(Done done, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done(m_messages) && std::chrono::steady_clock::now() < deadline) {
            pollfd fd{m_fd, POLLIN, 0};
            if (::poll(&fd, 1, 50) <= 0) continue;
            char buffer[4096];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n > 0) m_messages.emplace_back(buffer, static_cast<std::size_t>(n));
        }
        return m_messages;
    }

private:
    fs::path m_path;
    int m_fd = -1;
    std::vector<std::string> m_messages;
};

// Index of the first message at or after `from` that contains `text`, or npos.
std::size_t find_message(const std::vector<std::string>& messages, const std::string& text,
                         std::size_t from = 0) {
    for (std::size_t i = from; i < messages.size(); ++i) {
        if (messages[i].find(text) != std::string::npos) return i;
    }
    return std::string::npos;
}

std::size_t count_messages(const std::vector<std::string>& messages, const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        messages.begin(), messages.end(),
        [&](const auto& m) { return m.find(text) != std::string::npos; }));
}

std::string joined(const std::vector<std::string>& messages) {
    std::string text;
    for (const auto& message : messages) text += "[" + message + "] ";
    return text;
}

// painlogd --foreground started through a shell that exports WATCHDOG_PID as its own
// pid before exec, as systemd sets it for the service's main process.
std::vector<std::string> with_watchdog_pid(const std::string& pid) {
    return {"/bin/sh", "-c", "export WATCHDOG_PID=" + pid + "; exec \"$0\" --foreground",
            k_painlogd};
}

TEST_CASE("notify_socket receives READY and STATUS then WATCHDOG then STOPPING in order") {
    World world;
    NotifyReceiver receiver(world.root() / "notify.sock");
    world.set_env("NOTIFY_SOCKET", (world.root() / "notify.sock").native());
    world.set_env("WATCHDOG_USEC", "200000");  // pings every 100 ms
    world.start_daemon_command(with_watchdog_pid("$$"));
    const auto& messages = receiver.receive_until(
        [](const auto& m) { return count_messages(m, "WATCHDOG=1") >= 2; }, 5s);
    CAPTURE(joined(messages));
    REQUIRE(count_messages(messages, "WATCHDOG=1") >= 2);
    CHECK(world.stop_daemon() == 0);
    receiver.receive_until(
        [](const auto& m) { return find_message(m, "STOPPING=1") != std::string::npos; }, 5s);

    const std::size_t ready = find_message(messages, "READY=1");
    REQUIRE(ready != std::string::npos);
    CHECK(messages[ready].find("STATUS=Serving 0 nights") != std::string::npos);
    CHECK(find_message(messages, "STATUS=Opening the journal") < ready);  // while starting
    const std::size_t first_ping = find_message(messages, "WATCHDOG=1");
    CHECK(first_ping > ready);  // the watchdog starts once painlogd is ready
    const std::size_t stopping = find_message(messages, "STOPPING=1");
    REQUIRE(stopping != std::string::npos);
    CHECK(stopping > first_ping);
    CHECK(messages[stopping].find("STATUS=Stopping") != std::string::npos);
    CHECK(find_message(messages, "WATCHDOG=1", stopping) == std::string::npos);  // no ping after
    CHECK(count_messages(messages, "READY=1") == 1);
}

TEST_CASE("notify_socket gets no WATCHDOG pings when WATCHDOG_PID names another process") {
    World world;
    NotifyReceiver receiver(world.root() / "notify.sock");
    world.set_env("NOTIFY_SOCKET", (world.root() / "notify.sock").native());
    world.set_env("WATCHDOG_USEC", "200000");
    world.start_daemon_command(with_watchdog_pid("1"));
    const auto& messages = receiver.receive_until([](const auto&) { return false; }, 600ms);
    CAPTURE(joined(messages));
    CHECK(find_message(messages, "READY=1") != std::string::npos);
    CHECK(count_messages(messages, "WATCHDOG=1") == 0);
    CHECK(world.stop_daemon() == 0);
}

TEST_CASE("notify_socket status follows the number of nights") {
    World world;
    NotifyReceiver receiver(world.root() / "notify.sock");
    world.set_env("NOTIFY_SOCKET", (world.root() / "notify.sock").native());
    world.set_env("WATCHDOG_USEC", "200000");
    world.start_daemon_command(with_watchdog_pid("$$"));
    REQUIRE(world.painlog({"add", "--pain", "3"}).exit_code == 0);
    const auto one_night = [](const auto& m) {
        return find_message(m, "STATUS=Serving 1 night") != std::string::npos;
    };
    const auto& messages = receiver.receive_until(one_night, 5s);
    CAPTURE(joined(messages));
    CHECK(find_message(messages, "STATUS=Serving 1 night") != std::string::npos);
    CHECK(world.stop_daemon() == 0);
}

// The socket painlogd.socket listens on, for this world: its ListenStream= with %t
// (the user's runtime directory) replaced by the world's XDG_RUNTIME_DIR.
fs::path socket_unit_path(const World& world) {
    std::ifstream unit(PAINLOG_SOURCE_DIR "/systemd/painlogd.socket");
    REQUIRE(unit);
    std::string line;
    while (std::getline(unit, line)) {
        if (line.starts_with("ListenStream=%t/")) {
            return world.root() / "run" / line.substr(std::strlen("ListenStream=%t/"));
        }
    }
    FAIL("painlogd.socket has no ListenStream=%t/...");
    return {};
}

TEST_CASE("socket activation: painlog talks to painlogd started by systemd-socket-activate") {
    const std::string activate = find_program("systemd-socket-activate");
    REQUIRE_MESSAGE(!activate.empty(),
                    "systemd-socket-activate not found: install the Debian package systemd");
    World world;
    const fs::path socket = socket_unit_path(world);
    CHECK(socket == world.socket());  // the unit and protocol/paths.cpp agree
    fs::create_directories(socket.parent_path());
    fs::permissions(socket.parent_path(), fs::perms::owner_all);  // DirectoryMode=0700
    // systemd-socket-activate passes on only PATH, HOME, USER and TERM unless told.
    world.start_daemon_command({activate, "--listen=" + socket.native(), "-E", "XDG_RUNTIME_DIR",
                                "-E", "XDG_DATA_HOME", "-E", "TZ", k_painlogd, "--foreground"});
    CHECK(world.daemon_log().find("socket activation") != std::string::npos);

    const RunResult added = world.painlog({"add", "--pain", "3"});
    CHECK_MESSAGE(added.exit_code == 0, added.err);
    const RunResult listed = world.painlog({"list"});
    CHECK_MESSAGE(listed.exit_code == 0, listed.err);
    CHECK(listed.out.find("3") != std::string::npos);
    const nlohmann::json nights = nlohmann::json::parse(world.painlog({"list", "--json"}).out);
    CHECK(nights.dump().find("\"pain\":3") != std::string::npos);

    CHECK(world.stop_daemon() == 0);
    struct stat info {};
    CHECK(::lstat(socket.c_str(), &info) == 0);  // the manager's socket: not unlinked
    CHECK(S_ISSOCK(info.st_mode));
    CHECK(world.daemon_log().find("error") == std::string::npos);
}

TEST_CASE("socket activation with a socket on another path is refused with the reason") {
    const std::string activate = find_program("systemd-socket-activate");
    REQUIRE(!activate.empty());
    World world;
    const fs::path other = world.root() / "other.sock";
    RunResult result;
    std::thread daemon([&] {
        result = run({activate, "--listen=" + other.native(), "-E", "XDG_RUNTIME_DIR", "-E",
                      "XDG_DATA_HOME", k_painlogd, "--foreground"},
                     world.env(), {}, 10s);
    });
    // The first connection makes systemd-socket-activate start painlogd.
    for (int i = 0; i < 200 && !RawClient(other).connected(); ++i) {
        std::this_thread::sleep_for(10ms);
    }
    daemon.join();
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("ListenStream= must be") != std::string::npos);
    CHECK(result.err.find(world.socket().native()) != std::string::npos);
}

TEST_CASE("log lines carry sd-daemon priorities when stderr is the journal stream") {
    World world;
    const fs::path log = world.root() / "painlogd.stderr";  // where start_daemon sends stderr
    std::ofstream(log).close();
    struct stat info {};
    REQUIRE(::stat(log.c_str(), &info) == 0);
    world.set_env("JOURNAL_STREAM",
                  std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino));
    world.start_daemon();
    CHECK(world.stop_daemon() == 0);
    const std::string text = world.daemon_log();
    CAPTURE(text);
    CHECK(text.starts_with("<6>painlogd "));
    CHECK(text.find("\n<6>received SIGTERM") != std::string::npos);
    CHECK(text.find("painlogd: ") == std::string::npos);
}

}  // namespace
}  // namespace painlog::e2e
