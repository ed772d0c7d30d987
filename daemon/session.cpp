#include "daemon/session.h"

#include <sys/socket.h>
#include <unistd.h>

#include "daemon/log.h"

namespace painlog::daemon {

namespace asio = boost::asio;

bool peer_is_same_user(int socket_fd) {
    ucred credentials{};
    socklen_t length = sizeof credentials;
    if (::getsockopt(socket_fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) {
        return false;
    }
    return credentials.uid == ::geteuid();
}

Session::Session(Socket socket, RequestHandler& handler, SessionLimits limits,
                 std::function<void()> on_close)
    : m_socket(std::move(socket)),
      m_handler(handler),
      m_limits(limits),
      m_on_close(std::move(on_close)),
      m_deadline(m_socket.get_executor()),
      m_framer(limits.max_message_bytes) {}

Session::~Session() {
    if (m_on_close) m_on_close();
}

void Session::start() {
    if (!peer_is_same_user(m_socket.native_handle())) {
        log_warning("refused a connection from another user");
        return;  // the socket closes as the session is destroyed
    }
    m_last_activity = std::chrono::steady_clock::now();
    arm_deadline();
    read();
}

void Session::stop() {
    boost::system::error_code ignored;
    m_deadline.cancel();
    m_socket.shutdown(Socket::shutdown_both, ignored);
    m_socket.close(ignored);
}

void Session::arm_deadline() {
    // Requests only note the time (m_last_activity): setting the timer again on each
    // one would cost a system call per request. The timer looks when it fires.
    m_deadline.expires_at(m_last_activity + m_limits.idle_timeout);
    m_deadline.async_wait([self = weak_from_this()](boost::system::error_code ec) {
        if (ec) return;  // cancelled: the session is stopping
        auto session = self.lock();
        if (!session) return;
        if (std::chrono::steady_clock::now() - session->m_last_activity >= session->m_limits.idle_timeout) {
            session->stop();
        } else {
            session->arm_deadline();
        }
    });
}

void Session::read() {
    m_socket.async_read_some(
        asio::buffer(m_buffer),
        [self = shared_from_this()](boost::system::error_code ec, std::size_t bytes) {
            if (ec) {
                self->m_deadline.cancel();
                return;  // closed by the peer, the deadline or the server
            }
            self->m_framer.append(std::string_view(self->m_buffer.data(), bytes));
            self->handle_lines();
        });
}

void Session::handle_lines() {
    std::string line;
    for (;;) {
        const auto next = m_framer.next(&line);
        if (next == protocol::LineFramer::Next::k_need_more) break;
        if (next == protocol::LineFramer::Next::k_too_long) {
            log_warning("closed a connection that sent a message over the size limit");
            m_reply = RequestHandler::too_long_reply(m_limits.max_message_bytes);
            m_close_after_write = true;
            write_reply();
            return;
        }
        auto reply = m_handler.handle(line);
        m_last_activity = std::chrono::steady_clock::now();  // a complete request restarts the idle clock
        // Each reply goes as soon as it is made, before the next buffered request is
        // handled: painlog sends its command and reminder.pending in one write, and
        // its command's reply need not wait for the second. One reply at a time is
        // held, however long a pipeline.
        if (reply) {
            m_reply = std::move(*reply);
            write_reply();
            return;
        }
    }
    read();
}

void Session::write_reply() {
    asio::async_write(m_socket, asio::buffer(m_reply),
                      [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                          self->m_reply.clear();
                          if (ec || self->m_close_after_write) {
                              self->stop();
                              return;
                          }
                          self->handle_lines();  // lines already buffered first, then read
                      });
}

}  // namespace painlog::daemon
