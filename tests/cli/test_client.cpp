// SocketClient over a real Unix socket that the test serves itself, so that it can
// send the replies painlogd never sends: an error where a result's text is asked for,
// another request's id, a line that is not JSON, a result whose key is escaped.
#include "cli/client.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <thread>

#include <doctest/doctest.h>

#include "cli/exit_code.h"
#include "fake_client.h"

namespace painlog::cli {
namespace {

using nlohmann::json;
using testing::TempDir;

// Listens on a socket in a temporary directory; a thread takes one connection, reads
// the client's first write (`lines` of it: its request and reminder.pending, or the
// request alone), answers with `replies` as given and shuts its side, then waits for
// the client to close.
class OneReplyServer {
public:
    explicit OneReplyServer(std::string replies, int lines = 2)
        : m_replies(std::move(replies)), m_lines(lines) {
        m_socket = m_dir.path / "painlogd.sock";
        m_listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(m_listener >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const std::string path = m_socket.string();
        REQUIRE(path.size() < sizeof(address.sun_path));
        std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
        REQUIRE(::bind(m_listener, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
        REQUIRE(::listen(m_listener, 1) == 0);
        m_thread = std::thread([this] { serve(); });
    }
    ~OneReplyServer() {
        m_thread.join();
        ::close(m_listener);
    }
    OneReplyServer(const OneReplyServer&) = delete;
    OneReplyServer& operator=(const OneReplyServer&) = delete;

    const std::filesystem::path& socket() const { return m_socket; }
    // What the client sent (read once the client has closed).
    const std::string& received() const { return m_received; }

private:
    void serve() {
        const int fd = ::accept(m_listener, nullptr, nullptr);
        if (fd < 0) return;
        char buffer[4096];
        int lines = 0;
        while (lines < m_lines) {
            const ssize_t n = ::read(fd, buffer, sizeof(buffer));
            if (n <= 0) break;
            for (ssize_t i = 0; i < n; ++i) lines += buffer[i] == '\n' ? 1 : 0;
            m_received.append(buffer, static_cast<std::size_t>(n));
        }
        std::size_t sent = 0;
        while (sent < m_replies.size()) {
            const ssize_t n = ::write(fd, m_replies.data() + sent, m_replies.size() - sent);
            if (n <= 0) break;
            sent += static_cast<std::size_t>(n);
        }
        // Nothing more will come: a client waiting for a reply it was not sent reads
        // the end of the stream and fails, rather than waiting for ever.
        ::shutdown(fd, SHUT_WR);
        while (::read(fd, buffer, sizeof(buffer)) > 0) {
        }
        ::close(fd);
    }

    TempDir m_dir;
    std::filesystem::path m_socket;
    int m_listener = -1;
    std::string m_replies;
    int m_lines;
    std::string m_received;
    std::thread m_thread;
};

constexpr std::string_view k_pending = R"({"id":2,"jsonrpc":"2.0","result":{"pending":[]}})"
                                       "\n";

TEST_CASE("call_text returns the result's text as painlogd wrote it") {
    const std::string result = R"({"nights":[{"pain":3, "date":"2026-11-20"}],"b":"caf\u00e9 \"x\""})";
    OneReplyServer server(R"({"id":1,"jsonrpc":"2.0","result":)" + result + "}\n" + std::string(k_pending));
    {
        SocketClient client(server.socket(), false, true);
        const auto text = client.call_text("night.list", {{"from", "2026-11-20"}});
        REQUIRE(text);
        CHECK(*text == result);
        const auto pending = client.undelivered();
        REQUIRE(pending);
        CHECK(*pending == json{{"pending", json::array()}});
    }
    // The request went as call() sends it, with reminder.pending after it.
    CHECK(server.received().starts_with(R"({"id":1,"jsonrpc":"2.0","method":"night.list","params":{"from":"2026-11-20"}})"
                                        "\n"));
    CHECK(server.received().find(R"("method":"reminder.pending")") != std::string::npos);
}

TEST_CASE("without notices the client sends its request alone") {
    OneReplyServer server(R"({"id":1,"jsonrpc":"2.0","result":{"a":1}})"
                          "\n",
                          1);
    {
        SocketClient client(server.socket(), false, false);
        const auto text = client.call_text("status", nullptr);
        REQUIRE(text);
        CHECK(*text == R"({"a":1})");
        CHECK_FALSE(client.undelivered());  // none were asked for
    }
    CHECK(server.received() == R"({"id":1,"jsonrpc":"2.0","method":"status"})"
                               "\n");
}

TEST_CASE("call_text returns painlogd's error as call does") {
    OneReplyServer server(
        R"({"error":{"code":-32602,"data":{"field":"from","kind":"invalid_params","value":"x"},"message":"from: 'x' is not a date"},"id":1,"jsonrpc":"2.0"})"
        "\n" +
        std::string(k_pending));
    SocketClient client(server.socket(), false, true);
    const auto text = client.call_text("night.list", {{"from", "x"}});
    REQUIRE_FALSE(text);
    CHECK(text.error().code == protocol::ErrorCode::k_invalid_params);
    CHECK(text.error().message == "from: 'x' is not a date");
    CHECK(text.error().field == "from");
}

TEST_CASE("call_text reads a result it cannot take as text through the tree") {
    // The key written with an escape: still "result" to a JSON reader.
    OneReplyServer server(R"({"id":1,"jsonrpc":"2.0","r\u0065sult":{"b": 1, "a": [true]}})"
                          "\n" +
                          std::string(k_pending));
    SocketClient client(server.socket(), false, true);
    const auto text = client.call_text("status", nullptr);
    REQUIRE(text);
    CHECK(*text == R"({"a":[true],"b":1})");
}

TEST_CASE("call_text refuses a reply to another request or one that is not JSON") {
    const auto failure_of = [](const std::string& reply) {
        OneReplyServer server(reply + "\n" + std::string(k_pending));
        SocketClient client(server.socket(), false, true);
        try {
            (void)client.call_text("status", nullptr);
        } catch (const Failure& failure) {
            CHECK(failure.code() == ExitCode::k_protocol);
            return std::string(failure.what());
        }
        FAIL("no Failure for " << reply);
        return std::string();
    };
    CHECK(failure_of(R"({"id":5,"jsonrpc":"2.0","result":{}})").find("different request (id 5)") !=
          std::string::npos);
    CHECK(failure_of(R"({"jsonrpc":"2.0","result":{}})").find("different request") != std::string::npos);
    CHECK(failure_of(R"({"id":1,"jsonrpc":"2.0","result":{"a":01}})").find("not a JSON object") !=
          std::string::npos);
    CHECK(failure_of(R"({"id":1,"jsonrpc":"2.0"})").find("neither") != std::string::npos);
    CHECK(failure_of("[1,2]").find("not a JSON object") != std::string::npos);
}

}  // namespace
}  // namespace painlog::cli
