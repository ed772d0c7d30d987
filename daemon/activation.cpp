#include "daemon/activation.h"

#include <cstring>
#include <string>

#include "daemon/sd_daemon.h"

namespace painlog::daemon {

protocol::Result<std::optional<int>> inherited_socket(const std::filesystem::path& socket) {
    using protocol::ErrorCode;
    const int count = sd::listen_fds(true);
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
    const int fd = sd::k_listen_fds_start;
    if (!sd::is_listening_unix_socket(fd, socket.native())) {
        return protocol::make_error(ErrorCode::k_internal_error,
                                    "the socket systemd passed is not a listening Unix stream "
                                    "socket on '" + socket.native() + "'; " + expected);
    }
    return std::optional<int>{fd};
}

}  // namespace painlog::daemon
