#include "daemon/background.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace painlog::daemon {

Background Background::detach() {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        std::perror("painlogd: pipe");
        std::exit(1);
    }
    const pid_t child = ::fork();
    if (child < 0) {
        std::perror("painlogd: fork");
        std::exit(1);
    }
    if (child > 0) {
        ::close(pipe_fds[1]);
        std::string message;
        char buffer[512];
        ssize_t n = 0;
        while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
            message.append(buffer, static_cast<std::size_t>(n));
        }
        // "R" for ready, or the exit code as one byte followed by the message.
        if (message == "R") std::_Exit(0);
        if (message.empty()) message = std::string(1, '\1') + "painlogd exited during start-up";
        std::fprintf(stderr, "painlogd: %s\n", message.c_str() + 1);
        std::_Exit(static_cast<unsigned char>(message[0]));
    }
    ::close(pipe_fds[0]);
    ::setsid();
    // Nothing relies on the working directory; if / cannot be entered, staying is harmless.
    [[maybe_unused]] const int in_root = ::chdir("/");
    // Inherited descriptors (a caller's pipes) must not be held open by the daemon.
    for (int fd = 3; fd < 1024; ++fd) {
        if (fd != pipe_fds[1]) ::close(fd);
    }
    return Background(pipe_fds[1]);
}

void Background::ready() {
    if (m_fd < 0) return;
    const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd >= 0) {
        ::dup2(null_fd, STDIN_FILENO);
        ::dup2(null_fd, STDOUT_FILENO);
        ::dup2(null_fd, STDERR_FILENO);
        ::close(null_fd);
    }
    [[maybe_unused]] const ssize_t written = ::write(m_fd, "R", 1);
    ::close(m_fd);
    m_fd = -1;
}

void Background::failed(int exit_code, std::string_view message) {
    if (m_fd < 0) return;
    const std::string report = std::string(1, static_cast<char>(exit_code)) + std::string(message);
    [[maybe_unused]] const ssize_t written = ::write(m_fd, report.data(), report.size());
    ::close(m_fd);
    m_fd = -1;
}

}  // namespace painlog::daemon
