// The CLI's connection to painlogd: one JSON-RPC request out, one reply in, over the
// Unix socket protocol/paths.h names. Client is the seam the commands call through, so
// tests can replace the daemon; SocketClient is the real thing and starts painlogd
// when it is not running (see daemon_launcher.h). Not thread-safe: one per process.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "protocol/framing.h"
#include "protocol/result.h"

namespace painlog::cli {

class Client {
public:
    virtual ~Client() = default;

    // Sends `method` with `params` (null: none) and waits for the reply. Returns the
    // reply's "result", or the Error painlogd replied with. Throws Failure when the
    // daemon cannot be reached or started (k_unavailable) or its reply cannot be
    // understood (k_protocol): those end the command whatever it was doing.
    [[nodiscard]] virtual protocol::Result<nlohmann::json> call(std::string_view method,
                                                               nlohmann::json params) = 0;

    // As call(), but the result as compact JSON text: what a command prints with --json
    // (print_json_text), which then need not be parsed into a tree only to be printed
    // again. This one dumps call()'s result.
    [[nodiscard]] virtual protocol::Result<std::string> call_text(std::string_view method,
                                                                  nlohmann::json params);

    // The reminders painlogd could not deliver that no command has shown yet: the
    // result of reminder.pending with new_only (which marks them shown), or the Error
    // painlogd replied with. Throws as call() does. This one asks with call().
    [[nodiscard]] virtual protocol::Result<nlohmann::json> undelivered();
};

class SocketClient final : public Client {
public:
    // Replies up to this size are accepted (PROTOCOL.md: clients accept 256 MiB).
    static constexpr std::size_t k_max_reply_bytes = std::size_t{256} * 1024 * 1024;

    // Does not connect yet. `autostart`: start painlogd when the socket is missing or
    // refuses connections (off when PAINLOG_NO_AUTOSTART=1, see autostart_enabled()).
    // `notices`: ask for the undelivered reminders with the first call (off for a
    // command run with --json, which leaves them to the next command a person reads).
    SocketClient(std::filesystem::path socket, bool autostart, bool notices);
    ~SocketClient() override;
    SocketClient(const SocketClient&) = delete;
    SocketClient& operator=(const SocketClient&) = delete;

    // With notices, the first call sends reminder.pending (new_only) in the same write
    // as its own request, and painlogd answers both in turn: the notices' reply waits
    // in the socket while the command runs, and no command waits a round trip more for
    // it.
    [[nodiscard]] protocol::Result<nlohmann::json> call(std::string_view method,
                                                       nlohmann::json params) override;

    // The result's text as painlogd wrote it, checked as JSON but not parsed into a tree;
    // a reply that is not a plain result (an error, another id) is read as call() reads it.
    [[nodiscard]] protocol::Result<std::string> call_text(std::string_view method,
                                                          nlohmann::json params) override;

    // The reply to the reminder.pending sent with the first call (read now if no later
    // call has read it yet). Only after a call (connected()), with notices: an Error
    // otherwise.
    [[nodiscard]] protocol::Result<nlohmann::json> undelivered() override;

    // Whether a connection to painlogd is open (a call has been made).
    [[nodiscard]] bool connected() const { return m_fd >= 0; }

private:
    // Connects on first use, starting painlogd if allowed. Throws Failure.
    void ensure_connected();
    void send_line(const std::string& line);
    // Sends the request (with reminder.pending after the first) and returns its id.
    [[nodiscard]] std::int64_t send_request(std::string_view method, nlohmann::json params);
    [[nodiscard]] std::string read_line();
    // The next reply, which must answer request `id`: its result or its error.
    [[nodiscard]] protocol::Result<nlohmann::json> read_reply(std::int64_t id);

    std::filesystem::path m_socket;
    bool m_autostart;
    bool m_notices;
    int m_fd = -1;
    std::int64_t m_next_id = 1;
    protocol::LineFramer m_framer{k_max_reply_bytes};  // replies may come in one read
    std::int64_t m_undelivered_id = 0;                   // 0 until sent with the first call
    std::optional<protocol::Result<nlohmann::json>> m_undelivered;  // its reply, once read
};

// False when the environment sets PAINLOG_NO_AUTOSTART to 1 (or any value but "0"
// or empty).
[[nodiscard]] bool autostart_enabled();

}  // namespace painlog::cli
