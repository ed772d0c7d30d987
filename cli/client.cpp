#include "cli/client.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "cli/daemon_launcher.h"
#include "cli/exit_code.h"
#include "protocol/framing.h"
#include "protocol/json_text.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

constexpr auto k_start_timeout = std::chrono::milliseconds(5000);
constexpr std::string_view k_not_running = "painlogd is not running and could not be started: ";

[[noreturn]] void fail_unavailable(const std::string& message) {
    throw Failure(ExitCode::k_unavailable, message);
}

// The reply's result as a tree: the result, or the error painlogd replied with.
// Throws Failure(k_protocol) when the reply is not one for request `id`.
protocol::Result<json> reply_value(const std::string& line, std::int64_t id) {
    json reply = protocol::parse_json(line);
    if (reply.is_discarded() || !reply.is_object()) {
        throw Failure(ExitCode::k_protocol, "painlogd sent a reply that is not a JSON object");
    }
    if (const auto error = reply.find("error"); error != reply.end()) {
        return protocol::error_from_reply(*error);
    }
    const auto result = reply.find("result");
    if (result == reply.end()) {
        throw Failure(ExitCode::k_protocol,
                      "painlogd's reply has neither \"result\" nor \"error\"");
    }
    if (reply.value("id", json()) != json(id)) {
        throw Failure(ExitCode::k_protocol, "painlogd answered a different request (id " +
                                                reply.value("id", json()).dump() + ")");
    }
    return std::move(*result);
}

// The text of the reply's result when the reply is a JSON object with the result of
// request `id` and no error, as painlogd writes it ({"id":N,"jsonrpc":"2.0","result":
// ...}). nullopt for anything else, which reply_value() then reads and explains.
std::optional<std::string_view> result_text(std::string_view line, std::int64_t id) {
    const auto members = protocol::json_object_members(line);
    if (!members) return std::nullopt;
    std::optional<std::string_view> result;
    bool answers_id = false;
    for (const auto& member : *members) {
        if (member.key == R"("error")") return std::nullopt;
        if (member.key == R"("id")") answers_id = member.value == std::to_string(id);
        if (member.key == R"("result")") result = member.value;
    }
    if (!answers_id) return std::nullopt;
    return result;
}

// A request's texts as the user wrote them, or a Failure naming the first that is not
// UTF-8: JSON carries UTF-8 alone, and the request's encoding would replace the bytes
// that are not, so painlogd would store other text than was given.
void require_utf8(const json& value, const std::string& field) {
    if (value.is_string()) {
        const std::string& text = value.get_ref<const std::string&>();
        const auto at = protocol::invalid_utf8_at(text);
        if (!at) return;
        const std::string shown = hex_escaped(text, [](unsigned char byte) { return byte >= 0x80; });
        throw Failure(ExitCode::k_data, field + ": '" + shown + "' is not UTF-8 text (byte " +
                                            std::to_string(*at + 1) + " of " + std::to_string(text.size()) +
                                            "); write it in UTF-8");
    }
    if (value.is_object()) {
        for (const auto& [key, item] : value.items()) require_utf8(item, key);
    } else if (value.is_array()) {
        for (const auto& item : value) require_utf8(item, field);
    }
}

}  // namespace

protocol::Result<std::string> Client::call_text(std::string_view method, json params) {
    auto result = call(method, std::move(params));
    if (!result) return std::move(result).error();
    return protocol::encode_text(*result);
}

protocol::Result<json> Client::undelivered() {
    return call(protocol::method::k_reminder_pending, {{"new_only", true}});
}

bool autostart_enabled() {
    const char* value = std::getenv("PAINLOG_NO_AUTOSTART");
    return value == nullptr || value[0] == '\0' || std::string_view(value) == "0";
}

SocketClient::SocketClient(std::filesystem::path socket, bool autostart, bool notices)
    : m_socket(std::move(socket)), m_autostart(autostart), m_notices(notices) {}

SocketClient::~SocketClient() {
    if (m_fd >= 0) ::close(m_fd);
}

void SocketClient::ensure_connected() {
    if (m_fd >= 0) return;
    m_fd = connect_unix(m_socket);
    if (m_fd >= 0) return;
    const int error = errno;
    if (error != ENOENT && error != ECONNREFUSED) {
        fail_unavailable("cannot connect to painlogd at " + m_socket.string() + ": " +
                         std::strerror(error));
    }
    if (!m_autostart) {
        fail_unavailable("painlogd is not running (no server at " + m_socket.string() +
                         ") and PAINLOG_NO_AUTOSTART is set; start it with 'painlogd', "
                         "or unset PAINLOG_NO_AUTOSTART");
    }
    auto started = start_and_connect(m_socket, k_start_timeout);
    if (const auto* message = std::get_if<std::string>(&started)) {
        fail_unavailable(std::string(k_not_running) + *message);
    }
    m_fd = std::get<int>(started);
}

void SocketClient::send_line(const std::string& line) {
    std::size_t sent = 0;
    while (sent < line.size()) {
        const ssize_t n = ::send(m_fd, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        // The daemon may have closed early after replying with an error (e.g. a request
        // over 1 MiB); read_line() then picks up that reply.
        if (n < 0) return;
        sent += static_cast<std::size_t>(n);
    }
}

std::string SocketClient::read_line() {
    std::string line;
    // Not zero-filled: only the pages recv() writes are touched, where filling 64 KiB
    // cost painlog 16 page faults on every run, more than the reply of a command.
    constexpr std::size_t k_chunk_bytes = std::size_t{64} * 1024;
    const auto chunk = std::make_unique_for_overwrite<char[]>(k_chunk_bytes);
    for (;;) {
        switch (m_framer.next(&line)) {
            case protocol::LineFramer::Next::k_line:
                return line;
            case protocol::LineFramer::Next::k_too_long:
                throw Failure(ExitCode::k_protocol,
                              "painlogd's reply is larger than 256 MiB; narrow the request");
            case protocol::LineFramer::Next::k_need_more:
                break;
        }
        const ssize_t n = ::recv(m_fd, chunk.get(), k_chunk_bytes, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            fail_unavailable(std::string("lost the connection to painlogd: ") +
                             std::strerror(errno));
        }
        if (n == 0) {
            fail_unavailable("painlogd closed the connection without replying; it may have "
                             "stopped (run 'painlog status' to start it again)");
        }
        m_framer.append(std::string_view(chunk.get(), static_cast<std::size_t>(n)));
    }
}

std::int64_t SocketClient::send_request(std::string_view method, json params) {
    require_utf8(params, "params");
    ensure_connected();
    const std::int64_t id = m_next_id++;
    std::string lines = protocol::encode_line(protocol::make_request(id, method, std::move(params)));
    const bool first = m_notices && m_undelivered_id == 0;
    if (first) {
        m_undelivered_id = m_next_id++;
        lines += protocol::encode_line(
            protocol::make_request(m_undelivered_id, protocol::method::k_reminder_pending, {{"new_only", true}}));
    }
    send_line(lines);
    // After the first call, the notices' reply comes before this one's.
    if (!first && m_undelivered_id != 0 && !m_undelivered) {
        m_undelivered = read_reply(m_undelivered_id);
    }
    return id;
}

protocol::Result<json> SocketClient::call(std::string_view method, json params) {
    return read_reply(send_request(method, std::move(params)));
}

protocol::Result<std::string> SocketClient::call_text(std::string_view method, json params) {
    const std::int64_t id = send_request(method, std::move(params));
    const std::string line = read_line();
    if (const auto text = result_text(line, id)) return std::string(*text);
    auto result = reply_value(line, id);
    if (!result) return std::move(result).error();
    return protocol::encode_text(*result);
}

protocol::Result<json> SocketClient::undelivered() {
    if (m_undelivered_id == 0) {
        return protocol::make_error(protocol::ErrorCode::k_internal_error,
                                    "no reminders were asked for");
    }
    if (!m_undelivered) m_undelivered = read_reply(m_undelivered_id);
    return *m_undelivered;
}

protocol::Result<json> SocketClient::read_reply(std::int64_t id) {
    return reply_value(read_line(), id);
}

}  // namespace painlog::cli
