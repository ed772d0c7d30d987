#include "bench/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace painlog::bench {

namespace {

std::string describe(const std::vector<std::string>& argv) {
    std::string text;
    for (const auto& arg : argv) text += (text.empty() ? "" : " ") + arg;
    return text;
}

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
    std::vector<char*> out;
    for (const auto& arg : argv) out.push_back(const_cast<char*>(arg.c_str()));
    out.push_back(nullptr);
    return out;
}

std::string read_all(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The file this process's children write their standard error to.
const std::string& stderr_file() {
    static const std::string path = [] {
        const char* tmp = std::getenv("TMPDIR");
        return std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/painlog-bench-stderr." +
               std::to_string(::getpid());
    }();
    return path;
}

}  // namespace

double run_timed(const std::vector<std::string>& argv, const std::string& out_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (out_path.empty()) {
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    } else {
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                         0600);
    }
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file().c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    std::vector<char*> args = c_argv(argv);
    pid_t pid = -1;
    const auto start = std::chrono::steady_clock::now();
    const int error = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    int status = 0;
    if (error == 0) {
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    const auto end = std::chrono::steady_clock::now();
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
        throw std::runtime_error("cannot run '" + describe(argv) + "': " + std::strerror(error));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error("'" + describe(argv) + "' failed (status " + std::to_string(status) +
                                 "): " + read_all(stderr_file()));
    }
    return std::chrono::duration<double, std::milli>(end - start).count();
}

Child::Child(const std::vector<std::string>& argv, const std::vector<std::string>& env, const std::string& log_path) {
    for (const auto& assignment : env) {
        const auto eq = assignment.find('=');
        set_env(assignment.substr(0, eq), assignment.substr(eq + 1));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    std::vector<char*> args = c_argv(argv);
    pid_t pid = -1;
    const int error = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::runtime_error("cannot start '" + describe(argv) + "': " + std::strerror(error));
    m_pid = pid;
}

Child::~Child() {
    if (m_pid > 0) stop();
}

int Child::stop() {
    int status = 0;
    if (m_pid <= 0) return status;
    ::kill(m_pid, SIGTERM);
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
    return status;
}

void set_env(const std::string& name, const std::string& value) { ::setenv(name.c_str(), value.c_str(), 1); }

bool wait_for_socket(const std::string& path, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    while (std::chrono::steady_clock::now() < deadline) {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const bool up = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
        ::close(fd);
        if (up) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

Pairs alternate(int rounds, int warmup, const std::function<double(int)>& a, const std::function<double(int)>& b) {
    Pairs pairs;
    for (int round = 0; round < warmup + rounds; ++round) {
        const double time_a = a(round);
        const double time_b = b(round);
        if (round < warmup) continue;
        pairs.a.push_back(time_a);
        pairs.b.push_back(time_b);
        pairs.ratios.push_back(time_a / time_b);
    }
    return pairs;
}

}  // namespace painlog::bench
