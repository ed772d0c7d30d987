#include "notify_fixture.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace painlog::test {
namespace {

using SteadyClock = std::chrono::steady_clock;

// A D-Bus address value: bytes outside [-0-9A-Za-z_/.\*] become %xx.
std::string escape_address_value(const std::string& value) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || std::strchr("-_/.\\*", c) != nullptr) {
            out += c;
        } else {
            out += {'%', k_hex[byte >> 4], k_hex[byte & 0x0f]};
        }
    }
    return out;
}

// Writes DIR/bus.conf and returns the dbus-daemon command line that uses it. The config
// names no service directories, so the bus never starts a real notification server.
std::vector<std::string> dbus_daemon_argv(const std::filesystem::path& dir) {
    const std::string socket = (dir / "bus").string();
    if (socket.find_first_of("<>&'\"") != std::string::npos) {
        throw std::runtime_error("temporary directory unusable in an XML config: " + socket);
    }
    const auto config = dir / "bus.conf";
    std::ofstream(config) << R"(<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=)" << escape_address_value(socket) << R"(</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)";
    return {"dbus-daemon", "--config-file=" + config.string(), "--nofork", "--nopidfile",
            "--print-address"};
}

}  // namespace

Child::Child(const std::vector<std::string>& argv, const std::filesystem::path& log) {
    std::vector<char*> pointers;
    for (const auto& word : argv) pointers.push_back(const_cast<char*>(word.c_str()));
    pointers.push_back(nullptr);
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const pid_t parent = ::getpid();
    m_pid = ::fork();
    if (m_pid == 0) {
        // Only async-signal-safe calls from here on.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);  // the test died before prctl
        ::dup2(null_fd, STDIN_FILENO);
        ::dup2(out[1], STDOUT_FILENO);
        if (log_fd >= 0) ::dup2(log_fd, STDERR_FILENO);
        ::execvp(pointers[0], pointers.data());
        static constexpr char k_message[] = "exec failed\n";
        (void)::write(STDERR_FILENO, k_message, sizeof k_message - 1);
        ::_exit(127);
    }
    ::close(out[1]);
    if (log_fd >= 0) ::close(log_fd);
    if (null_fd >= 0) ::close(null_fd);
    if (m_pid < 0) {
        ::close(out[0]);
        throw std::runtime_error("fork failed");
    }
    m_stdout = out[0];
}

Child::~Child() {
    (void)stop();
    if (m_stdout >= 0) ::close(m_stdout);
}

std::optional<std::string> Child::read_line(std::chrono::milliseconds timeout) {
    const auto deadline = SteadyClock::now() + timeout;
    for (;;) {
        if (const auto end = m_pending.find('\n'); end != std::string::npos) {
            std::string line = m_pending.substr(0, end);
            m_pending.erase(0, end + 1);
            return line;
        }
        const auto left =
            std::chrono::ceil<std::chrono::milliseconds>(deadline - SteadyClock::now());
        if (left.count() <= 0) return std::nullopt;
        pollfd fd{m_stdout, POLLIN, 0};
        if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
        char buffer[256];
        const ssize_t n = ::read(m_stdout, buffer, sizeof buffer);
        if (n == 0) return std::nullopt;
        if (n > 0) m_pending.append(buffer, static_cast<std::size_t>(n));
    }
}

int Child::stop() {
    if (m_pid <= 0) return -1;
    ::kill(m_pid, SIGTERM);
    int status = 0;
    const auto deadline = SteadyClock::now() + std::chrono::seconds(2);
    while (::waitpid(m_pid, &status, WNOHANG) == 0) {
        if (SteadyClock::now() >= deadline) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    m_pid = -1;
    return status;
}

SilentSocket::SilentSocket(const std::filesystem::path& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.native().size() >= sizeof address.sun_path) {
        throw std::runtime_error("socket path too long: " + path.string());
    }
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    m_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(m_fd, 8) != 0) {
        const std::string reason = std::strerror(errno);
        if (m_fd >= 0) ::close(m_fd);
        throw std::runtime_error("cannot listen on " + path.string() + ": " + reason);
    }
}

SilentSocket::~SilentSocket() { ::close(m_fd); }

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::filesystem::path write_script(const std::filesystem::path& dir, const std::string& name,
                                   const std::string& body) {
    const auto path = dir / name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return path;
}

std::filesystem::path recording_script(const std::filesystem::path& dir) {
    return write_script(dir, "record", "printf '%s\\n' \"$@\" > '" + (dir / "args").string() + "'");
}

std::vector<std::string> recorded_args(const std::filesystem::path& dir) {
    std::vector<std::string> args;
    std::ifstream in(dir / "args");
    for (std::string line; std::getline(in, line);) args.push_back(line);
    return args;
}

PrivateBus::PrivateBus(const std::filesystem::path& dir)
    : m_dir(dir), m_daemon(dbus_daemon_argv(dir), dir / "dbus.log") {
    // dbus-daemon prints its address once it listens.
    const auto line = m_daemon.read_line(std::chrono::seconds(10));
    if (!line || line->empty()) {
        throw std::runtime_error(
            "dbus-daemon did not start (is the Debian package dbus-daemon installed?); its log: " +
            read_text(dir / "dbus.log"));
    }
    m_address = *line;
}

Listener::Listener(const std::string& address, const std::filesystem::path& dir,
                   std::string_view reply)
    : m_calls(dir / "calls.jsonl"),
      m_process({NOTIFY_LISTENER, address, m_calls.string(), "--reply=" + std::string(reply)},
                dir / "listener.log") {
    const auto line = m_process.read_line(std::chrono::seconds(10));
    if (line != "ready") {
        throw std::runtime_error("notify_listener did not get ready; its log: " +
                                 read_text(dir / "listener.log"));
    }
}

std::vector<nlohmann::json> Listener::calls() const {
    std::vector<nlohmann::json> calls;
    std::ifstream in(m_calls);
    for (std::string line; std::getline(in, line);) calls.push_back(nlohmann::json::parse(line));
    return calls;
}

}  // namespace painlog::test
