// Socket activation: the listening socket a service manager (systemd's
// painlogd.socket, or systemd-socket-activate) hands painlogd with LISTEN_FDS, so
// that connections wait in its queue while painlogd starts. Reads the process
// environment; call once, before any thread exists.
#pragma once

#include <filesystem>
#include <optional>

#include "protocol/result.h"

namespace painlog::daemon {

// The inherited socket, when the manager passed one (sd_listen_fds(3); the LISTEN_*
// variables are then cleared so the commands painlogd runs do not see them). Returns
// its descriptor (close-on-exec; the caller owns it) when it is exactly one listening
// Unix stream socket bound to `socket`; nullopt when nothing was passed, and painlogd
// makes its own socket. Fails when what was passed is something else (several
// descriptors, another kind of socket, another path): serving it would leave the
// clients of `socket` waiting forever.
[[nodiscard]] protocol::Result<std::optional<int>> inherited_socket(
    const std::filesystem::path& socket);

}  // namespace painlog::daemon
