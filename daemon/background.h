// Going into the background the way on-demand daemons do (gpg-agent): the process
// forks; the parent waits until the child says it is ready (socket listening) or
// failed, and exits accordingly, so whoever started painlogd knows it can connect.
// Call before any thread or io_context exists.
#pragma once

#include <string_view>

namespace painlog::daemon {

class Background {
public:
    // Forks. Returns in the child (in a new session, in /, other inherited
    // descriptors closed); the parent never returns: it exits 0 once the child calls
    // ready(), or prints the child's failure to stderr and exits with its code.
    static Background detach();

    // Tells the waiting parent that serving has begun, and points stdin, stdout and
    // stderr at /dev/null.
    void ready();
    // Tells the waiting parent why start-up failed: it prints the message and exits
    // with `exit_code`.
    void failed(int exit_code, std::string_view message);

private:
    explicit Background(int fd) : m_fd(fd) {}
    int m_fd;  // write end of the pipe to the parent; -1 once used
};

}  // namespace painlog::daemon
