#include "harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

extern char** environ;

namespace painlog::e2e {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& extra) {
    std::map<std::string, std::string> values;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string text = *entry;
        const auto equals = text.find('=');
        if (equals != std::string::npos) values[text.substr(0, equals)] = text.substr(equals + 1);
    }
    for (const auto& [key, value] : extra) {
        if (value == "\x01") {
            values.erase(key);
        } else {
            values[key] = value;
        }
    }
    std::vector<std::string> out;
    for (const auto& [key, value] : values) out.push_back(key + "=" + value);
    return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

pid_t spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
            int in_fd, int out_fd, int err_fd) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_fd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
    std::vector<std::string> args = argv;
    std::vector<std::string> envs = merged_environment(env);
    auto arg_pointers = pointers(args);
    auto env_pointers = pointers(envs);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, arg_pointers.data(),
                               env_pointers.data());
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE_MESSAGE(rc == 0, "cannot start " << args[0] << ": " << std::strerror(rc));
    return pid;
}

int wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(5ms);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

RunResult run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
              const std::string& input, std::chrono::milliseconds timeout) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    REQUIRE(::pipe2(in_pipe, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(out_pipe, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(err_pipe, O_CLOEXEC) == 0);
    const pid_t pid = spawn(argv, env, in_pipe[0], out_pipe[1], err_pipe[1]);
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    std::size_t written = 0;
    while (written < input.size()) {
        const ssize_t n = ::write(in_pipe[1], input.data() + written, input.size() - written);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    ::close(in_pipe[1]);

    RunResult result;
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open = 2;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (open > 0 && std::chrono::steady_clock::now() < deadline) {
        if (::poll(fds, 2, 100) < 0) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP)) == 0) continue;
            char buffer[65536];
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n <= 0) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            } else {
                sinks[i]->append(buffer, static_cast<std::size_t>(n));
            }
        }
    }
    for (auto& fd : fds) {
        if (fd.fd >= 0) ::close(fd.fd);
    }
    result.exit_code = wait_exit(pid, std::max(std::chrono::milliseconds(100),
                                               std::chrono::duration_cast<std::chrono::milliseconds>(
                                                   deadline - std::chrono::steady_clock::now())));
    return result;
}

World::World() {
    std::string pattern = (fs::temp_directory_path() / "painlog-e2e-XXXXXX").native();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_root = pattern;
    fs::create_directories(m_root / "run");
    fs::create_directories(m_root / "data");
}

World::~World() {
    if (m_daemon > 0) stop_daemon();
    std::error_code ignored;
    fs::remove_all(m_root, ignored);
}

fs::path World::socket() const { return m_root / "run" / "painlog" / "painlogd.sock"; }
fs::path World::database() const { return m_root / "data" / "painlog" / "journal.db"; }

std::map<std::string, std::string> World::env() const {
    std::map<std::string, std::string> env{{"XDG_RUNTIME_DIR", (m_root / "run").native()},
                                           {"XDG_DATA_HOME", (m_root / "data").native()},
                                           {"TZ", "UTC"},
                                           {"NO_COLOR", "1"},
                                           {"PAINLOG_NO_AUTOSTART", "1"},
                                           {"DBUS_SESSION_BUS_ADDRESS", "\x01"}};
    for (const auto& [name, value] : m_extra_env) env[name] = value;
    return env;
}

void World::start_daemon(const std::vector<std::string>& extra) {
    std::vector<std::string> argv{k_painlogd, "--foreground"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    start_daemon_command(argv);
}

void World::start_daemon_command(const std::vector<std::string>& argv) {
    REQUIRE(m_daemon < 0);
    const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    const int log_fd = ::open((m_root / "painlogd.stderr").c_str(),
                              O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    m_daemon = spawn(argv, env(), null_fd, null_fd, log_fd);
    ::close(null_fd);
    ::close(log_fd);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(m_daemon, &status, WNOHANG) == m_daemon) {
            m_daemon = -1;
            FAIL("painlogd exited during start-up: " << daemon_log());
        }
        RawClient probe(socket());
        if (probe.connected() && probe.call("status").contains("result")) return;
        std::this_thread::sleep_for(10ms);
    }
    FAIL("painlogd did not answer within 10 s: " << daemon_log());
}

int World::stop_daemon() {
    if (m_daemon < 0) return -1;
    ::kill(m_daemon, SIGTERM);
    const int code = wait_exit(m_daemon, 10s);
    m_daemon = -1;
    return code;
}

void World::kill_daemon() {
    REQUIRE(m_daemon > 0);
    ::kill(m_daemon, SIGKILL);
    ::waitpid(m_daemon, nullptr, 0);
    m_daemon = -1;
}

std::string World::daemon_log() const {
    std::ifstream in(m_root / "painlogd.stderr");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

RunResult World::painlog(const std::vector<std::string>& args, const std::string& input) const {
    std::vector<std::string> argv{k_painlog};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, env(), input);
}

nlohmann::json World::snapshot() const {
    const RunResult result = painlog({"export", "--format", "json"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    return nlohmann::json::parse(result.out);
}

std::string find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string rest = path != nullptr ? path : "/usr/bin:/bin";
    while (!rest.empty()) {
        const auto colon = rest.find(':');
        const fs::path candidate = fs::path(rest.substr(0, colon)) / name;
        rest = colon == std::string::npos ? std::string() : rest.substr(colon + 1);
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.native();
    }
    return {};
}

RawClient::RawClient(const fs::path& socket) {
    m_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket.c_str(), sizeof address.sun_path - 1);
    if (::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

RawClient::~RawClient() {
    if (m_fd >= 0) ::close(m_fd);
}

bool RawClient::send(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(m_fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

std::string RawClient::read_line(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto newline = m_pending.find('\n');
        if (newline != std::string::npos) {
            std::string line = m_pending.substr(0, newline);
            m_pending.erase(0, newline + 1);
            return line;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return {};
        pollfd fd{m_fd, POLLIN, 0};
        if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) return {};
        char buffer[65536];
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n <= 0) return {};
        m_pending.append(buffer, static_cast<std::size_t>(n));
    }
}

bool RawClient::closed_by_peer(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd fd{m_fd, POLLIN, 0};
        if (::poll(&fd, 1, 50) <= 0) continue;
        char buffer[4096];
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n <= 0) return true;
    }
    return false;
}

bool RawClient::closed_now() {
    for (;;) {
        char buffer[4096];
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n == 0) return true;
        if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
    }
}

nlohmann::json RawClient::call(const std::string& method, const nlohmann::json& params) {
    nlohmann::json request = {{"jsonrpc", "2.0"}, {"id", m_next_id++}, {"method", method}};
    if (!params.is_null()) request["params"] = params;
    if (!send(request.dump() + "\n")) return nullptr;
    const std::string line = read_line();
    if (line.empty()) return nullptr;
    return nlohmann::json::parse(line, nullptr, false);
}

}  // namespace painlog::e2e
