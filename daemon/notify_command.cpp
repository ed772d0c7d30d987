#include "daemon/notifier.h"

// The notify.command half of notifier.h: the setting split into words, run without a shell.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>  // sigabbrev_np
#include <system_error>
#include <utility>

extern char** environ;  // NOLINT: POSIX declares it nowhere

namespace painlog::daemon {
namespace {

using protocol::ErrorCode;
using protocol::make_error;
using SteadyClock = std::chrono::steady_clock;

constexpr std::string_view k_field = "notify.command";
constexpr std::size_t k_max_stderr_bytes = 1024;
// While no pidfd can wake us, how often the command's exit is checked.
constexpr std::chrono::milliseconds k_poll_step{10};

std::string errno_text(int error) { return std::generic_category().message(error); }

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// A descriptor that polls readable when `pid` exits, or -1 (kernel before 5.3, or seccomp).
// Through syscall(): glibc 2.36's <sys/pidfd.h> lacks extern "C" and does not link from C++.
int open_pidfd(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0U)); }

int to_poll_ms(SteadyClock::duration duration) {
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(duration).count();
    return static_cast<int>(std::clamp<decltype(ms)>(ms, 0, 60'000));
}

class Fd {
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    void reset() {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd;
};

bool has_placeholder(std::string_view word) {
    return word.find("{title}") != std::string_view::npos ||
           word.find("{body}") != std::string_view::npos;
}

// `word` with {title} and {body} replaced in one pass.
std::string substitute(std::string_view word, const Notice& notice) {
    std::string out;
    std::size_t i = 0;
    while (i < word.size()) {
        const std::string_view rest = word.substr(i);
        if (rest.starts_with("{title}")) {
            out += notice.title;
            i += 7;
        } else if (rest.starts_with("{body}")) {
            out += notice.body;
            i += 6;
        } else {
            out += word[i++];
        }
    }
    return out;
}

std::vector<std::string> command_words(const std::vector<std::string>& argv, const Notice& notice) {
    if (std::none_of(argv.begin(), argv.end(), has_placeholder)) {
        std::vector<std::string> words = argv;
        words.push_back(notice.title);
        words.push_back(notice.body);
        return words;
    }
    std::vector<std::string> words;
    for (const auto& word : argv) words.push_back(substitute(word, notice));
    return words;
}

// Appends what is readable on `fd` to `text`, keeping at most k_max_stderr_bytes.
// Returns false once the pipe is at end of file or broken.
bool drain(int fd, std::string& text) {
    char buffer[512];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            const auto room = k_max_stderr_bytes - std::min(text.size(), k_max_stderr_bytes);
            text.append(buffer, std::min(room, static_cast<std::size_t>(n)));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        return n < 0 && errno == EAGAIN;
    }
}

// The first line the command wrote to stderr, as "; it said '...'", or "".
std::string stderr_note(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty()) return {};
    if (line.size() > 200) line = line.substr(0, 200) + "...";
    return "; it said " + quoted(line);
}

protocol::Error command_error(std::string_view program, std::string what) {
    protocol::Error error = make_error(ErrorCode::k_internal_error,
                                       std::string(k_field) + " " + quoted(program) + " " + what);
    error.field = std::string(k_field);
    error.value = std::string(program);
    return error;
}

// posix_spawn's set-up for the child, released on every path.
struct SpawnSetup {
    posix_spawn_file_actions_t actions{};
    posix_spawnattr_t attributes{};
    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attributes);
    }
    ~SpawnSetup() {
        posix_spawnattr_destroy(&attributes);
        posix_spawn_file_actions_destroy(&actions);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
};

}  // namespace

protocol::Result<std::vector<std::string>> split_command(std::string_view text) {
    static constexpr std::string_view k_rule =
        "a program and its arguments separated by blanks; '...' keeps text as it is, \"...\" "
        "keeps blanks and allows \\\" and \\\\, and a backslash escapes the next character";
    auto bad = [text](std::string_view problem) {
        protocol::Error error =
            protocol::invalid_field(std::string(k_field), std::string(text), std::string(k_rule));
        error.message = std::string(k_field) + ": " + quoted(text) + " " + std::string(problem) +
                        "; expected " + std::string(k_rule);
        return error;
    };
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word) words.push_back(std::exchange(word, {}));
            in_word = false;
            continue;
        }
        in_word = true;
        if (c == '\\') {
            if (i + 1 == text.size()) return bad("ends with a backslash");
            word += text[++i];
        } else if (c == '\'') {
            const std::size_t close = text.find('\'', i + 1);
            if (close == std::string_view::npos) return bad("has a ' quote that is not closed");
            word.append(text.substr(i + 1, close - i - 1));
            i = close;
        } else if (c == '"') {
            std::size_t j = i + 1;
            for (; j < text.size() && text[j] != '"'; ++j) {
                const bool escape = text[j] == '\\' && j + 1 < text.size() &&
                                    (text[j + 1] == '"' || text[j + 1] == '\\');
                word += text[escape ? ++j : j];
            }
            if (j == text.size()) return bad("has a \" quote that is not closed");
            i = j;
        } else {
            word += c;
        }
    }
    if (in_word) words.push_back(std::move(word));
    if (words.empty()) return bad("names no program");
    return words;
}

protocol::Status run_notify_command(const std::vector<std::string>& argv, const Notice& notice,
                                    std::chrono::milliseconds timeout) {
    if (argv.empty() || argv.front().empty()) return command_error("", "names no program");
    const std::string& program = argv.front();
    const std::vector<std::string> words = command_words(argv, notice);
    std::vector<char*> pointers;
    for (const auto& word : words) pointers.push_back(const_cast<char*>(word.c_str()));
    pointers.push_back(nullptr);

    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        return command_error(program, "could not be run: " + errno_text(errno));
    }
    Fd err_read(pipe_fds[0]);
    Fd err_write(pipe_fds[1]);
    (void)::fcntl(err_read.get(), F_SETFL, O_NONBLOCK);

    SpawnSetup setup;
    posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&setup.actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&setup.actions, err_write.get(), STDERR_FILENO);
    // The daemon's sockets and journal are none of the command's business.
    posix_spawn_file_actions_addclosefrom_np(&setup.actions, STDERR_FILENO + 1);
    sigset_t signals;
    sigemptyset(&signals);
    posix_spawnattr_setsigmask(&setup.attributes, &signals);
    sigfillset(&signals);
    posix_spawnattr_setsigdefault(&setup.attributes, &signals);
    posix_spawnattr_setpgroup(&setup.attributes, 0);  // a group of its own, killed as one
    posix_spawnattr_setflags(&setup.attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                                    POSIX_SPAWN_SETPGROUP);

    pid_t pid = -1;
    const int spawned = ::posix_spawnp(&pid, program.c_str(), &setup.actions, &setup.attributes,
                                       pointers.data(), environ);
    err_write.reset();
    if (spawned == ENOENT) {
        const bool searched = program.find('/') == std::string::npos;
        return command_error(program, searched ? "was not found in PATH; install it or give its "
                                                 "full path"
                                               : "does not exist");
    }
    if (spawned != 0) return command_error(program, "could not be run: " + errno_text(spawned));

    const Fd pid_fd(open_pidfd(pid));  // -1: poll in short steps instead
    const auto deadline = SteadyClock::now() + timeout;
    std::string err_text;
    bool err_open = true;
    int status = 0;
    for (;;) {
        const pid_t waited = ::waitpid(pid, &status, WNOHANG);
        if (waited == pid) break;
        if (waited < 0 && errno != EINTR) {
            return command_error(program, "could not be waited for: " + errno_text(errno));
        }
        const auto now = SteadyClock::now();
        if (now >= deadline) {
            ::kill(-pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            return command_error(program, "did not finish within " +
                                              std::to_string(timeout.count()) +
                                              " ms and was killed" + stderr_note(err_text));
        }
        pollfd fds[2] = {{pid_fd.get(), POLLIN, 0}, {err_open ? err_read.get() : -1, POLLIN, 0}};
        const SteadyClock::duration left = deadline - now;
        const auto step =
            pid_fd.get() >= 0 ? left : std::min<SteadyClock::duration>(left, k_poll_step);
        if (::poll(fds, 2, to_poll_ms(step)) > 0 && fds[1].revents != 0) {
            err_open = drain(err_read.get(), err_text);
        }
    }
    if (err_open) drain(err_read.get(), err_text);

    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
    if (WIFEXITED(status)) {
        return command_error(program, "exited with status " + std::to_string(WEXITSTATUS(status)) +
                                          stderr_note(err_text));
    }
    const int signal_number = WTERMSIG(status);
    const char* name = ::sigabbrev_np(signal_number);
    return command_error(program, "was killed by signal " + std::to_string(signal_number) +
                                      (name != nullptr ? std::string(" (SIG") + name + ")" : "") +
                                      stderr_note(err_text));
}

}  // namespace painlog::daemon
