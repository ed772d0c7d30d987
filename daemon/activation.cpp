#include "daemon/activation.h"

#include <sys/socket.h>

#include <systemd/sd-daemon.h>

#include <cstring>
#include <string>

namespace painlog::daemon {

protocol::Result<std::optional<int>> inherited_socket(const std::filesystem::path& socket) {
    using protocol::ErrorCode;
    const int count = sd_listen_fds(1);
    if (count == 0) return std::optional<int>{};
    const std::string expected = "painlogd.socket's ListenStream= must be '" + socket.native() +
                                 "' (%t/painlog/painlogd.sock) with Accept=no";
    if (count < 0) {
        return protocol::make_error(
            ErrorCode::k_internal_error,
            std::string("cannot read the sockets systemd passed (LISTEN_FDS): ") +
                std::strerror(-count));
    }
    if (count != 1) {
        return protocol::make_error(ErrorCode::k_internal_error,
                                    "systemd passed " + std::to_string(count) +
                                        " sockets, painlogd serves one; " + expected);
    }
    const int fd = SD_LISTEN_FDS_START;
    // 1: listening; 0: the path's length is that of the string.
    if (sd_is_socket_unix(fd, SOCK_STREAM, 1, socket.c_str(), 0) <= 0) {
        return protocol::make_error(ErrorCode::k_internal_error,
                                    "the socket systemd passed is not a listening Unix stream "
                                    "socket on '" + socket.native() + "'; " + expected);
    }
    return std::optional<int>{fd};
}

}  // namespace painlog::daemon
