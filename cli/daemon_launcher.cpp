#include "cli/daemon_launcher.h"

#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <system_error>
#include <thread>

extern char** environ;  // NOLINT: POSIX declares it for posix_spawn's environment

namespace painlog::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::string_view k_daemon_name = "painlogd";
constexpr auto k_poll_interval = std::chrono::milliseconds(5);
// painlogd's exit code when another painlogd already serves the socket (one started
// at the same moment by another painlog): that one will answer, so keep trying.
constexpr int k_daemon_already_running = 75;

bool is_executable(const fs::path& path) {
    std::error_code ignored;
    return fs::is_regular_file(path, ignored) && ::access(path.c_str(), X_OK) == 0;
}

std::string describe_status(int status) {
    if (WIFEXITED(status)) return "it exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return "it was killed by signal " + std::to_string(WTERMSIG(status));
    return "it stopped unexpectedly";
}

}  // namespace

std::optional<fs::path> find_painlogd() {
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        const fs::path dir = self.parent_path();
        for (const fs::path& candidate :
             {dir / k_daemon_name, dir.parent_path() / "daemon" / k_daemon_name}) {
            if (is_executable(candidate)) return candidate;
        }
    }
    const char* path_variable = std::getenv("PATH");
    std::string_view rest = path_variable != nullptr ? path_variable : "";
    while (!rest.empty()) {
        const std::size_t colon = rest.find(':');
        const std::string_view dir = rest.substr(0, colon);
        rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        if (dir.empty() || dir.front() != '/') continue;  // relative entries are a risk
        const fs::path candidate = fs::path(dir) / k_daemon_name;
        if (is_executable(candidate)) return candidate;
    }
    return std::nullopt;
}

int connect_unix(const fs::path& socket) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string& native = socket.native();
    if (native.size() >= sizeof(address.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    std::memcpy(address.sun_path, native.c_str(), native.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    // sockaddr_un to sockaddr is how the sockets API is used.
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        const int saved = errno;
        ::close(fd);
        errno = saved;
        return -1;
    }
    // Talk only to a painlogd of our own user (the socket's directory could be
    // another user's where XDG_RUNTIME_DIR is not set).
    ucred peer{};
    socklen_t length = sizeof peer;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0 || peer.uid != ::geteuid()) {
        ::close(fd);
        errno = EACCES;
        return -1;
    }
    return fd;
}

std::variant<int, std::string> start_and_connect(const fs::path& socket,
                                                 std::chrono::milliseconds timeout) {
    const std::optional<fs::path> daemon = find_painlogd();
    if (!daemon) {
        return std::string("cannot find painlogd next to painlog or on PATH; install it, or "
                           "start it yourself");
    }
    std::string arg0(k_daemon_name);
    std::array<char*, 2> argv{arg0.data(), nullptr};
    pid_t pid = 0;
    const int spawn_error =
        ::posix_spawn(&pid, daemon->c_str(), nullptr, nullptr, argv.data(), environ);
    if (spawn_error != 0) {
        return "cannot run " + daemon->string() + ": " + std::strerror(spawn_error);
    }

    const auto deadline = Clock::now() + timeout;
    std::optional<int> status;
    int last_errno = 0;
    for (;;) {
        if (!status) {
            int raw = 0;
            const pid_t done = ::waitpid(pid, &raw, WNOHANG);
            if (done == pid || (done < 0 && errno != EINTR)) status = done == pid ? raw : 0;
        }
        // Once painlogd's first process has exited the socket should be listening. A
        // failed start may still find another painlogd (started concurrently) serving.
        if (status) {
            const int fd = connect_unix(socket);
            if (fd >= 0) return fd;
            last_errno = errno;
            const bool other_serves =
                WIFEXITED(*status) && WEXITSTATUS(*status) == k_daemon_already_running;
            if (!other_serves && (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0)) {
                return daemon->string() + " failed to start (" + describe_status(*status) +
                       "; see its message above)";
            }
        }
        if (Clock::now() >= deadline) break;
        std::this_thread::sleep_for(k_poll_interval);
    }
    if (!status) {
        return daemon->string() + " did not report ready within " +
               std::to_string(timeout.count() / 1000) + " s";
    }
    return "started " + daemon->string() + " but cannot connect to " + socket.string() + ": " +
           std::strerror(last_errno);
}

}  // namespace painlog::cli
