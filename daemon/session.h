// One client connection: checks the peer's uid, reads bytes, frames them into
// lines, hands each to the RequestHandler and writes each reply, in order, before
// handling the next line. A request line over the limit gets an error and the
// connection is closed; so is a connection that completes no request within the idle
// timeout. Runs on the server's one I/O thread; all members are owned by it.
#pragma once

#include <utility>  // before Asio (GCC 12, Boost 1.74, C++20)

#include <boost/asio.hpp>

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "daemon/request_handler.h"
#include "protocol/framing.h"

namespace painlog::daemon {

struct SessionLimits {
    std::chrono::milliseconds idle_timeout{60'000};
    std::size_t max_message_bytes = protocol::k_max_message_bytes;
};

class Session : public std::enable_shared_from_this<Session> {
public:
    using Socket = boost::asio::local::stream_protocol::socket;

    // `handler` must outlive the session; `on_close` runs once when it ends.
    Session(Socket socket, RequestHandler& handler, SessionLimits limits,
            std::function<void()> on_close);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Starts serving; the session keeps itself alive until the connection ends.
    void start();
    // Closes the connection (server shutdown).
    void stop();

private:
    void read();
    void handle_lines();
    void write_reply();
    void arm_deadline();

    Socket m_socket;
    RequestHandler& m_handler;
    SessionLimits m_limits;
    std::function<void()> m_on_close;
    boost::asio::steady_timer m_deadline;
    std::chrono::steady_clock::time_point m_last_activity;  // start, or the last complete request
    protocol::LineFramer m_framer;
    std::array<char, 64 * 1024> m_buffer;  // not zeroed: read() writes what it hands on
    std::string m_reply;                   // the reply being written
    bool m_close_after_write = false;
};

// Whether the connected peer runs as this process's user (SO_PEERCRED).
[[nodiscard]] bool peer_is_same_user(int socket_fd);

}  // namespace painlog::daemon
