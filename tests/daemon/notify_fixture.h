// Fixtures for testing notification delivery against a real D-Bus: a temporary directory,
// environment variables changed for one scope, child processes that are always stopped and
// reaped, a private session bus (dbus-daemon with a config of our own: no service activation,
// so nothing real answers) and tests/daemon/notify_listener serving on it.
// Not thread-safe: they change the process environment and fork.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "env_guard.h"
#include "temp_dir.h"

namespace painlog::test {

// A child process (argv[0] looked up in PATH) with stdin on /dev/null, stdout on a pipe read
// with read_line(), stderr appended to `log`. It gets SIGKILL if the test process dies first.
// Destruction stops it: SIGTERM, up to 2 s, then SIGKILL; always reaped.
class Child {
public:
    Child(const std::vector<std::string>& argv, const std::filesystem::path& log);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // The next line on its stdout without "\n"; nullopt at end of file or after `timeout`.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout);
    // SIGTERM, then waits as the destructor does; the waitpid status, or -1 if already stopped.
    int stop();
    pid_t pid() const { return m_pid; }

private:
    pid_t m_pid = -1;
    int m_stdout = -1;
    std::string m_pending;
};

// A Unix stream socket bound at `path` and listening, that never accepts: connecting works,
// nothing answers. Closed when destroyed. Throws std::runtime_error when it cannot bind.
class SilentSocket {
public:
    explicit SilentSocket(const std::filesystem::path& path);
    ~SilentSocket();
    SilentSocket(const SilentSocket&) = delete;
    SilentSocket& operator=(const SilentSocket&) = delete;

private:
    int m_fd = -1;
};

// The contents of `file`, or "" when it cannot be read.
std::string read_text(const std::filesystem::path& file);

// An executable /bin/sh script DIR/NAME running `body`.
std::filesystem::path write_script(const std::filesystem::path& dir, const std::string& name,
                                   const std::string& body);
// A script DIR/record that writes its arguments, one per line, to DIR/args.
std::filesystem::path recording_script(const std::filesystem::path& dir);
// The lines of DIR/args.
std::vector<std::string> recorded_args(const std::filesystem::path& dir);

// A private session bus: dbus-daemon listening on DIR/bus. Throws std::runtime_error (with
// dbus-daemon's log) when it does not start within 10 s.
class PrivateBus {
public:
    explicit PrivateBus(const std::filesystem::path& dir);
    const std::string& address() const { return m_address; }
    std::filesystem::path socket() const { return m_dir / "bus"; }

private:
    std::filesystem::path m_dir;
    Child m_daemon;
    std::string m_address;
};

// notify_listener on the bus at `address`, recording into DIR/calls.jsonl; `reply` is
// "ok", "error" or "none" (see notify_listener.cpp). Throws std::runtime_error when it does
// not report ready within 10 s.
class Listener {
public:
    Listener(const std::string& address, const std::filesystem::path& dir,
             std::string_view reply = "ok");
    // Every Notify call so far, in order.
    std::vector<nlohmann::json> calls() const;
    // SIGTERM; its waitpid status (it exits 0 on SIGTERM).
    int stop() { return m_process.stop(); }

private:
    std::filesystem::path m_calls;
    Child m_process;
};

}  // namespace painlog::test
