#include "daemon/server.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <system_error>

#include "daemon/log.h"
#include "protocol/jsonrpc.h"

namespace painlog::daemon {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using protocol::ErrorCode;
using protocol::make_error;

Server::Server(asio::io_context& io, RequestHandler& handler, ServerOptions options)
    : m_io(io),
      m_handler(handler),
      m_options(std::move(options)),
      m_acceptor(io),
      m_signals(io, SIGTERM, SIGINT),
      m_accept_retry(io) {}

Server::~Server() {
    if (m_owns_socket_file) {
        std::error_code ignored;
        fs::remove(m_options.paths.socket, ignored);
    }
}

namespace {

// Creates `dir` 0700 if missing; true when it is a real directory owned by us.
bool private_directory(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    struct stat info {};
    return !ec && ::lstat(dir.c_str(), &info) == 0 && S_ISDIR(info.st_mode) &&
           info.st_uid == ::geteuid() && ::chmod(dir.c_str(), 0700) == 0;
}

}  // namespace

protocol::Result<InstanceLock> InstanceLock::acquire(const protocol::Paths& paths) {
    const fs::path& dir = paths.runtime_dir;
    // Without XDG_RUNTIME_DIR the base is a shared directory such as /tmp/painlog-UID:
    // it must be ours too, or another user could swap the directory under us.
    const bool shared_base = dir.parent_path().filename().native().starts_with("painlog-");
    if ((shared_base && !private_directory(dir.parent_path())) || !private_directory(dir)) {
        return make_error(ErrorCode::k_storage_error,
                          "cannot use '" + dir.native() +
                              "' as the runtime directory: it must be a directory of yours "
                              "(set XDG_RUNTIME_DIR)");
    }
    const int fd = ::open(paths.lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        return make_error(ErrorCode::k_storage_error,
                          "cannot open the lock file '" + paths.lock_file.native() + "'");
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return make_error(ErrorCode::k_busy, "painlogd is already running on '" +
                                                 paths.socket.native() +
                                                 "'; stop it first ('painlog status' shows it)");
    }
    return InstanceLock(fd);
}

InstanceLock::~InstanceLock() {
    if (m_fd >= 0) ::close(m_fd);
}

protocol::Status Server::listen() {
    std::error_code ec;
    // The lock is held, so a socket file left here belongs to a daemon that died.
    if (fs::exists(fs::symlink_status(m_options.paths.socket))) {
        log_info("replacing the stale socket " + m_options.paths.socket.native());
        fs::remove(m_options.paths.socket, ec);
    }

    boost::system::error_code error;
    const asio::local::stream_protocol::endpoint endpoint(m_options.paths.socket.native());
    m_acceptor.open(endpoint.protocol(), error);
    if (!error) m_acceptor.bind(endpoint, error);
    if (!error) m_acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
        return make_error(ErrorCode::k_storage_error, "cannot listen on '" +
                                                          m_options.paths.socket.native() +
                                                          "': " + error.message());
    }
    m_owns_socket_file = true;
    if (::chmod(m_options.paths.socket.c_str(), 0600) != 0) {
        return make_error(ErrorCode::k_storage_error,
                          "cannot make the socket '" + m_options.paths.socket.native() +
                              "' private (0600)");
    }
    return {};
}

protocol::Status Server::adopt(int fd) {
    boost::system::error_code error;
    m_acceptor.assign(asio::local::stream_protocol(), fd, error);
    if (error) {
        ::close(fd);
        return make_error(ErrorCode::k_internal_error,
                          "cannot serve the socket systemd passed for '" +
                              m_options.paths.socket.native() + "': " + error.message());
    }
    log_info("serving the socket systemd passed (socket activation)");
    return {};
}

void Server::run() {
    m_signals.async_wait([this](boost::system::error_code ec, int signal) {
        if (ec) return;
        log_info(std::string("received ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") +
                 ", shutting down");
        stop();
    });
    accept();
    m_io.run();
}

void Server::stop() {
    boost::system::error_code ignored;
    m_acceptor.close(ignored);
    m_signals.cancel(ignored);
    m_accept_retry.cancel();
    for (auto& weak : m_sessions) {
        if (auto session = weak.lock()) session->stop();
    }
    m_sessions.clear();
    if (auto hook = std::exchange(m_on_stop, nullptr)) hook();
}

void Server::accept() {
    m_acceptor.async_accept([this](boost::system::error_code ec, Session::Socket socket) {
        // Stopping: the accept was cancelled, or it completed just before stop() closed
        // the acceptor (then the connection is dropped, and accepting again would fail
        // on the closed descriptor, retrying for ever and keeping painlogd alive).
        if (ec == asio::error::operation_aborted || !m_acceptor.is_open()) return;
        if (ec) {
            // Out of descriptors or memory: wait instead of spinning on the error.
            log_warning("accept failed: " + ec.message() + "; retrying in 100 ms");
            m_accept_retry.expires_after(std::chrono::milliseconds(100));
            m_accept_retry.async_wait([this](boost::system::error_code wait_error) {
                if (!wait_error && m_acceptor.is_open()) accept();
            });
            return;
        } else if (m_open_sessions >= m_options.max_connections) {
            refuse_busy(std::move(socket));
        } else {
            ++m_open_sessions;
            auto session = std::make_shared<Session>(std::move(socket), m_handler,
                                                     m_options.limits,
                                                     [this] { --m_open_sessions; });
            std::erase_if(m_sessions, [](const auto& weak) { return weak.expired(); });
            m_sessions.push_back(session);
            session->start();
        }
        accept();
    });
}

void Server::refuse_busy(Session::Socket socket) {
    log_warning("refused a connection: " + std::to_string(m_options.max_connections) +
                " connections are open");
    const std::string reply = protocol::encode_line(protocol::make_error_reply(
        nullptr, make_error(ErrorCode::k_busy,
                            "painlogd is serving " + std::to_string(m_options.max_connections) +
                                " connections, its limit; try again shortly")));
    boost::system::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(reply), ignored);
    socket.close(ignored);
}

}  // namespace painlog::daemon
