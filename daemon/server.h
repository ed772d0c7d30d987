// The server: the listening Unix socket (one instance per socket, a stale socket
// file replaced), the accept loop with a cap on connections, and SIGTERM/SIGINT
// for a clean shutdown. Owns the io_context's sessions; everything runs on the
// one thread that calls run().
#pragma once

#include <utility>  // before Asio (GCC 12, Boost 1.74, C++20)

#include <boost/asio.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <vector>

#include "daemon/request_handler.h"
#include "daemon/session.h"
#include "protocol/paths.h"
#include "protocol/result.h"

namespace painlog::daemon {

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

    // Takes the instance lock and binds the socket (directory 0700, socket 0600).
    // Fails when another painlogd holds the lock, or the socket cannot be made.
    [[nodiscard]] protocol::Status listen();

    // Serves until SIGTERM or SIGINT (or stop()); then closes every connection and
    // removes the socket file.
    void run();
    void stop();

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
    int m_lock_fd = -1;
    bool m_listening = false;
};

}  // namespace painlog::daemon
