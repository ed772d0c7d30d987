// End-to-end test harness: a private XDG_RUNTIME_DIR and XDG_DATA_HOME per test,
// the real painlogd started on them, the real painlog binary run as a process, and
// a raw Unix-socket client for what the CLI would never send. Not thread-safe
// except run(), which tests call from several threads at once.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace painlog::e2e {

struct RunResult {
    int exit_code = -1;  // -1: killed by a signal or timed out
    std::string out;
    std::string err;
};

// Runs `argv` (argv[0] a path) with the process environment plus `env` (a value of
// "\x01" unsets the variable), feeding `input` to stdin. Kills it after `timeout`.
RunResult run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
              const std::string& input = {},
              std::chrono::milliseconds timeout = std::chrono::seconds(20));

// One test's world: temporary directories, a painlogd on them, and painlog.
class World {
public:
    World();
    ~World();
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    const std::filesystem::path& root() const { return m_root; }
    std::filesystem::path socket() const;
    std::filesystem::path database() const;
    std::map<std::string, std::string> env() const;
    // Adds to (or, with "\x01", removes from) the environment of painlogd and painlog;
    // by default there is no session bus (DBUS_SESSION_BUS_ADDRESS unset).
    void set_env(const std::string& name, const std::string& value) { m_extra_env[name] = value; }

    // Starts `painlogd --foreground` with `extra` arguments; waits until it answers.
    void start_daemon(const std::vector<std::string>& extra = {});
    // Starts `argv`, a command that becomes painlogd --foreground in the same process
    // (systemd-socket-activate, a shell's exec), with this world's environment; waits
    // until painlogd answers on socket() (which starts it, when socket-activated).
    void start_daemon_command(const std::vector<std::string>& argv);
    // SIGTERM, then waits; returns painlogd's exit code (-1 if it had to be killed).
    int stop_daemon();
    // SIGKILL, as a crash.
    void kill_daemon();
    pid_t daemon_pid() const { return m_daemon; }
    // The daemon's stderr so far (it runs in the foreground, logging there).
    std::string daemon_log() const;

    // Runs the real painlog with `args`.
    RunResult painlog(const std::vector<std::string>& args, const std::string& input = {}) const;
    // `painlog export --format json`, parsed: the whole journal, to compare before/after.
    nlohmann::json snapshot() const;

private:
    std::filesystem::path m_root;
    pid_t m_daemon = -1;
    std::map<std::string, std::string> m_extra_env;
};

// A raw connection to the daemon's socket.
class RawClient {
public:
    explicit RawClient(const std::filesystem::path& socket);
    ~RawClient();
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool connected() const { return m_fd >= 0; }
    // Sends all bytes; false if the peer closed.
    bool send(const std::string& bytes);
    // The next line (without "\n"), or "" when the peer closed or `timeout` passed.
    std::string read_line(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Whether the peer has closed the connection (reads until EOF or timeout).
    bool closed_by_peer(std::chrono::milliseconds timeout);
    // Whether the peer has closed the connection by now, without waiting (bytes
    // waiting to be read are dropped).
    bool closed_now();
    // Sends one JSON-RPC request and returns the parsed reply.
    nlohmann::json call(const std::string& method, const nlohmann::json& params = nullptr);

private:
    int m_fd = -1;
    std::string m_pending;
    int m_next_id = 1;
};

// The first executable `name` in PATH, or "" (for the tools of the systemd package).
std::string find_program(const std::string& name);

inline constexpr const char* k_painlog = PAINLOG_BIN;
inline constexpr const char* k_painlogd = PAINLOGD_BIN;

}  // namespace painlog::e2e
