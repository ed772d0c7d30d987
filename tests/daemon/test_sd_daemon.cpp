// systemd's service protocols as painlogd speaks them (daemon/sd_daemon.h), against
// real Unix sockets: what systemd would receive, byte for byte.
#include <doctest/doctest.h>

#include <stdlib.h>  // setenv, unsetenv
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

#include "daemon/sd_daemon.h"
#include "notify_fixture.h"

namespace painlog::daemon {
namespace {

using test::TempDir;

// A Unix socket of `type` bound to `name` (a path, or "@name": abstract); closed at the end.
struct BoundSocket {
    int fd = -1;
    BoundSocket(int type, const std::string& name) {
        fd = ::socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
        REQUIRE(fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, name.data(), name.size());
        if (name.front() == '@') address.sun_path[0] = '\0';
        const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
        REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), length) == 0);
    }
    ~BoundSocket() { ::close(fd); }
    std::string receive() const {
        std::array<char, 4096> buffer{};
        const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
        REQUIRE(got >= 0);
        return std::string(buffer.data(), static_cast<std::size_t>(got));
    }
};

TEST_CASE("notify sends the state as one datagram to a path or an abstract NOTIFY_SOCKET") {
    TempDir dir;
    const std::string path = (dir.path() / "notify").native();
    BoundSocket listener(SOCK_DGRAM, path);
    ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
    CHECK(sd::notify("READY=1\nSTATUS=Serving 3 nights") == 1);
    CHECK(listener.receive() == "READY=1\nSTATUS=Serving 3 nights");

    const std::string abstract = "@painlog-test-notify-" + std::to_string(::getpid());
    BoundSocket abstract_listener(SOCK_DGRAM, abstract);
    ::setenv("NOTIFY_SOCKET", abstract.c_str(), 1);
    CHECK(sd::notify("WATCHDOG=1") == 1);
    CHECK(abstract_listener.receive() == "WATCHDOG=1");

    ::setenv("NOTIFY_SOCKET", (dir.path() / "nobody-listens").c_str(), 1);
    CHECK(sd::notify("READY=1") < 0);
    ::setenv("NOTIFY_SOCKET", "relative/path", 1);
    CHECK(sd::notify("READY=1") == -EINVAL);
    ::unsetenv("NOTIFY_SOCKET");
    CHECK(sd::notify("READY=1") == 0);
}

TEST_CASE("journal_send writes the native protocol - a message of several lines in binary form") {
    TempDir dir;
    const std::string path = (dir.path() / "journal").native();
    BoundSocket journal(SOCK_DGRAM, path);
    const std::string message = "first line\nsecond = line";
    REQUIRE(sd::journal_send(3, "painlogd", message, path.c_str()) == 0);
    std::string expected = "PRIORITY=3\nSYSLOG_IDENTIFIER=painlogd\nMESSAGE\n";
    expected += std::string("\x18\0\0\0\0\0\0\0", 8);  // 24 bytes, 64-bit little-endian
    expected += message + "\n";
    CHECK(journal.receive() == expected);
    CHECK(sd::journal_send(6, "painlogd", "x", (dir.path() / "none").c_str()) < 0);
}

TEST_CASE("watchdog_interval reads WATCHDOG_USEC meant for this process and clears it") {
    ::setenv("WATCHDOG_USEC", "2500000", 1);
    ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
    CHECK(sd::watchdog_interval(false) == std::chrono::microseconds(2500000));
    CHECK(sd::watchdog_interval(true) == std::chrono::microseconds(2500000));
    CHECK(std::getenv("WATCHDOG_USEC") == nullptr);
    CHECK(std::getenv("WATCHDOG_PID") == nullptr);
    CHECK_FALSE(sd::watchdog_interval(true).has_value());
    ::setenv("WATCHDOG_USEC", "2500000", 1);
    ::setenv("WATCHDOG_PID", "1", 1);  // another process's
    CHECK_FALSE(sd::watchdog_interval(true).has_value());
    for (const char* bad : {"0", "-5", "12abc", ""}) {
        ::setenv("WATCHDOG_USEC", bad, 1);
        CHECK_FALSE(sd::watchdog_interval(true).has_value());
    }
}

TEST_CASE("listen_fds counts the sockets passed to this process and clears the variables") {
    ::unsetenv("LISTEN_PID");
    ::setenv("LISTEN_FDS", "1", 1);
    CHECK(sd::listen_fds(false) == 0);  // not for this process
    ::setenv("LISTEN_PID", "1", 1);
    CHECK(sd::listen_fds(false) == 0);
    ::setenv("LISTEN_PID", std::to_string(::getpid()).c_str(), 1);
    ::setenv("LISTEN_FDS", "0", 1);
    CHECK(sd::listen_fds(false) == 0);
    ::setenv("LISTEN_FDS", "two", 1);
    CHECK(sd::listen_fds(false) == -EINVAL);
    ::setenv("LISTEN_FDNAMES", "painlogd.sock", 1);
    CHECK(sd::listen_fds(true) == -EINVAL);
    CHECK(std::getenv("LISTEN_PID") == nullptr);
    CHECK(std::getenv("LISTEN_FDS") == nullptr);
    CHECK(std::getenv("LISTEN_FDNAMES") == nullptr);
}

TEST_CASE("is_listening_unix_socket wants a listening stream socket on that very path") {
    TempDir dir;
    const std::string path = (dir.path() / "painlogd.sock").native();
    BoundSocket stream(SOCK_STREAM, path);
    CHECK_FALSE(sd::is_listening_unix_socket(stream.fd, path));  // bound, not listening
    REQUIRE(::listen(stream.fd, 4) == 0);
    CHECK(sd::is_listening_unix_socket(stream.fd, path));
    CHECK_FALSE(sd::is_listening_unix_socket(stream.fd, path + "x"));
    CHECK_FALSE(sd::is_listening_unix_socket(stream.fd, (dir.path() / "other.sock").native()));
    BoundSocket datagram(SOCK_DGRAM, (dir.path() / "dgram").native());
    CHECK_FALSE(sd::is_listening_unix_socket(datagram.fd, (dir.path() / "dgram").native()));
    CHECK_FALSE(sd::is_listening_unix_socket(STDIN_FILENO, path));
    CHECK_FALSE(sd::is_listening_unix_socket(-1, path));
}

}  // namespace
}  // namespace painlog::daemon
