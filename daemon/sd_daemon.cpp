#include "daemon/sd_daemon.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace painlog::daemon::sd {
namespace {

// The whole of `text` as a number, or nullopt.
template <typename T>
std::optional<T> parse_number(const char* text) {
    T value{};
    const char* end = text + std::strlen(text);
    const auto [last, error] = std::from_chars(text, end, value);
    if (error != std::errc{} || last != end || last == text) return std::nullopt;
    return value;
}

// Whether `variable` is unset or names this process.
bool for_this_process(const char* variable) {
    const char* text = std::getenv(variable);
    if (text == nullptr) return true;
    const auto pid = parse_number<long>(text);
    return pid && *pid == static_cast<long>(::getpid());
}

// A socket address for `name`: a path, or "@name" in the abstract namespace. False
// when it is neither or too long.
bool unix_address(std::string_view name, sockaddr_un& address, socklen_t& length) {
    address = sockaddr_un{};
    address.sun_family = AF_UNIX;
    if (name.empty() || (name.front() != '/' && name.front() != '@') || name.size() >= sizeof address.sun_path) {
        return false;
    }
    std::memcpy(address.sun_path, name.data(), name.size());
    if (name.front() == '@') address.sun_path[0] = '\0';
    length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    return true;
}

// Sends `datagram` to the Unix datagram socket `name`: 0, or -errno.
int send_datagram(std::string_view name, std::string_view datagram) {
    sockaddr_un address{};
    socklen_t length = 0;
    if (!unix_address(name, address, length)) return -EINVAL;
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    const ssize_t sent = ::sendto(fd, datagram.data(), datagram.size(), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr*>(&address), length);
    const int error = sent < 0 ? errno : 0;
    ::close(fd);
    return -error;
}

}  // namespace

int listen_fds(bool unset_environment) {
    int result = 0;
    if (std::getenv("LISTEN_PID") != nullptr && for_this_process("LISTEN_PID")) {
        const char* count_text = std::getenv("LISTEN_FDS");
        const auto count = count_text != nullptr ? parse_number<int>(count_text) : std::optional<int>(0);
        if (!count || *count < 0) {
            result = -EINVAL;
        } else {
            for (int fd = k_listen_fds_start; fd < k_listen_fds_start + *count; ++fd) {
                const int flags = ::fcntl(fd, F_GETFD);
                if (flags < 0 || ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0) {
                    result = -errno;
                    break;
                }
            }
            if (result == 0) result = *count;
        }
    }
    if (unset_environment) {
        ::unsetenv("LISTEN_PID");
        ::unsetenv("LISTEN_FDS");
        ::unsetenv("LISTEN_FDNAMES");
    }
    return result;
}

bool is_listening_unix_socket(int fd, const std::string& path) {
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISSOCK(info.st_mode)) return false;
    int type = 0;
    int listening = 0;
    socklen_t size = sizeof type;
    if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) != 0 || type != SOCK_STREAM) return false;
    size = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || listening == 0) return false;
    sockaddr_un address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 || address.sun_family != AF_UNIX) {
        return false;
    }
    const std::size_t bytes = length > offsetof(sockaddr_un, sun_path) ? length - offsetof(sockaddr_un, sun_path) : 0;
    const std::string_view bound(address.sun_path, ::strnlen(address.sun_path, bytes));
    return bound == path;
}

std::optional<std::chrono::microseconds> watchdog_interval(bool unset_environment) {
    std::optional<std::chrono::microseconds> interval;
    if (const char* text = std::getenv("WATCHDOG_USEC"); text != nullptr && for_this_process("WATCHDOG_PID")) {
        const auto usec = parse_number<std::uint64_t>(text);
        if (usec && *usec > 0 && *usec < static_cast<std::uint64_t>(INT64_MAX)) {
            interval = std::chrono::microseconds(static_cast<std::int64_t>(*usec));
        }
    }
    if (unset_environment) {
        ::unsetenv("WATCHDOG_USEC");
        ::unsetenv("WATCHDOG_PID");
    }
    return interval;
}

int notify(std::string_view state) {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    if (socket == nullptr || *socket == '\0') return 0;
    const int sent = send_datagram(socket, state);
    return sent < 0 ? sent : 1;
}

int journal_send(int priority, std::string_view identifier, std::string_view message, const char* socket) {
    constexpr std::size_t k_max_message = 64 * 1024;
    message = message.substr(0, k_max_message);
    // Fields as NAME=value lines; MESSAGE in the binary form, which may hold newlines:
    // its name, a newline, its length as 64-bit little-endian, the bytes, a newline.
    std::string datagram = "PRIORITY=" + std::to_string(priority) + "\nSYSLOG_IDENTIFIER=";
    datagram += identifier;
    datagram += "\nMESSAGE\n";
    std::uint64_t size = message.size();
    for (int i = 0; i < 8; ++i) {
        datagram += static_cast<char>(size & 0xff);
        size >>= 8;
    }
    datagram += message;
    datagram += '\n';
    return send_datagram(socket, datagram);
}

}  // namespace painlog::daemon::sd
