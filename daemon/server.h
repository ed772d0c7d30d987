// The server: the listening Unix socket (its own, one instance per socket, a stale
// socket file replaced; or one handed over by systemd's socket activation), the
// accept loop with a cap on connections, and SIGTERM/SIGINT for a clean shutdown.
// Owns the io_context's sessions; everything runs on the one thread that calls run().
#pragma once

#include <utility>  // before Asio (GCC 12, Boost 1.74, C++20)

#include <boost/asio.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "daemon/request_handler.h"
#include "daemon/session.h"
#include "protocol/paths.h"
#include "protocol/result.h"

namespace painlog::daemon {

// The one-daemon-per-socket lock (flock on painlogd.lock in the runtime directory,
// which it creates 0700 and checks is ours), held for the object's lifetime. Taken
// before the journal is opened, so two painlogd starting at once never both migrate.
class InstanceLock {
public:
    // Fails with k_busy when another painlogd holds it.
    [[nodiscard]] static protocol::Result<InstanceLock> acquire(const protocol::Paths& paths);
    InstanceLock(InstanceLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    InstanceLock& operator=(InstanceLock&&) = delete;
    ~InstanceLock();

private:
    explicit InstanceLock(int fd) : m_fd(fd) {}
    int m_fd;
};

struct ServerOptions {
    protocol::Paths paths;
    SessionLimits limits;
    std::size_t max_connections = 64;
};

class Server {
public:
    Server(boost::asio::io_context& io, RequestHandler& handler, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds the socket (0600), replacing a stale socket file. Call with the
    // InstanceLock held. Fails when the socket cannot be made.
    [[nodiscard]] protocol::Status listen();

    // Serves on `fd` instead (socket activation, see activation.h): a listening
    // socket on the socket path that the service manager made and keeps. Takes
    // ownership of the descriptor; the socket file is the manager's and is never
    // removed. Fails when Asio cannot take the descriptor.
    [[nodiscard]] protocol::Status adopt(int fd);

    // Serves until SIGTERM or SIGINT (or stop()); then closes every connection and
    // removes the socket file if listen() made it.
    void run();
    void stop();

    // `hook` runs once when the server stops (on the I/O thread), so other users of
    // the io_context (the reminder alarm) can let it finish.
    void on_stop(std::function<void()> hook) { m_on_stop = std::move(hook); }

private:
    void accept();
    void refuse_busy(Session::Socket socket);

    boost::asio::io_context& m_io;
    RequestHandler& m_handler;
    ServerOptions m_options;
    boost::asio::local::stream_protocol::acceptor m_acceptor;
    boost::asio::signal_set m_signals;
    std::vector<std::weak_ptr<Session>> m_sessions;  // I/O thread
    std::size_t m_open_sessions = 0;                 // I/O thread
    boost::asio::steady_timer m_accept_retry;        // I/O thread: backoff after accept errors
    bool m_owns_socket_file = false;                 // listen() made it: removed at the end
    std::function<void()> m_on_stop;
};

}  // namespace painlog::daemon
