// painlogd itself, through its socket: files and permissions, one instance, stale
// sockets, shutdown, limits, restarts, several clients at once.
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

#include "harness.h"

namespace painlog::e2e {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

unsigned mode_of(const std::filesystem::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 0777U;
}

TEST_CASE("socket 0600 in a 0700 directory - database 0600 in a 0700 directory") {
    World world;
    world.start_daemon();
    CHECK(mode_of(world.socket()) == 0600U);
    CHECK(mode_of(world.socket().parent_path()) == 0700U);
    CHECK(mode_of(world.database()) == 0600U);
    CHECK(mode_of(world.database().parent_path()) == 0700U);
}

TEST_CASE("SIGTERM shuts down cleanly and removes the socket - SIGINT too") {
    World world;
    world.start_daemon();
    CHECK(world.stop_daemon() == 0);
    CHECK_FALSE(std::filesystem::exists(world.socket()));
    CHECK(world.daemon_log().find("SIGTERM") != std::string::npos);
    world.start_daemon();
    ::kill(world.daemon_pid(), SIGINT);
    std::this_thread::sleep_for(300ms);
    CHECK_FALSE(std::filesystem::exists(world.socket()));
    CHECK(world.stop_daemon() == 0);  // reaps the exit code of the SIGINT shutdown
}

TEST_CASE("a second painlogd on the same socket is refused and the first keeps serving") {
    World world;
    world.start_daemon();
    for (const bool foreground : {true, false}) {
        CAPTURE(foreground);
        std::vector<std::string> argv{k_painlogd};
        if (foreground) argv.push_back("--foreground");
        const RunResult second = run(argv, world.env(), {}, 10s);
        CHECK(second.exit_code == 75);
        CHECK(second.err.find("already running") != std::string::npos);
    }
    RawClient client(world.socket());
    CHECK(client.call("status").contains("result"));
}

TEST_CASE("a stale socket left by a crash is replaced - and every entry survives") {
    World world;
    world.start_daemon();
    REQUIRE(world.painlog({"add", "--date", "2026-11-01", "--pain", "4"}).exit_code == 0);
    world.kill_daemon();
    REQUIRE(std::filesystem::exists(world.socket()));  // left behind
    world.start_daemon();
    CHECK(world.daemon_log().find("stale") != std::string::npos);
    const json journal = world.snapshot();
    REQUIRE(journal["nights"].size() == 1);
    CHECK(journal["nights"][0]["pain"] == 4);
}

TEST_CASE("a restart keeps every entry") {
    World world;
    world.start_daemon();
    for (int day = 1; day <= 9; ++day) {
        const auto result = world.painlog({"add", "--date", "2026-10-0" + std::to_string(day),
                                           "--pain", std::to_string(day)});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    }
    const json before = world.snapshot();
    CHECK(world.stop_daemon() == 0);
    world.start_daemon();
    CHECK(world.snapshot() == before);
    CHECK(before["nights"].size() == 9);
}

TEST_CASE("a message over 1 MiB gets an error and a closed connection - the daemon goes on") {
    World world;
    world.start_daemon();
    RawClient client(world.socket());
    const std::string huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\",\"params\":{\"x\":\"" +
                             std::string(1024 * 1024 + 10, 'a') + "\"}}\n";
    client.send(huge);
    const json reply = json::parse(client.read_line(), nullptr, false);
    REQUIRE(reply.is_object());
    CHECK(reply["error"]["code"] == -32600);
    CHECK(reply["error"]["message"].get<std::string>().find("1048576") != std::string::npos);
    CHECK(client.closed_by_peer(2s));
    RawClient other(world.socket());
    CHECK(other.call("status").contains("result"));
}

TEST_CASE("an idle connection is closed at the deadline - even if it trickles bytes") {
    World world;
    world.start_daemon({"--idle-timeout", "0.5"});
    RawClient idle(world.socket());
    RawClient trickle(world.socket());
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 12; ++i) {
        trickle.send("{");
        std::this_thread::sleep_for(100ms);
    }
    CHECK(idle.closed_by_peer(1s));
    CHECK(trickle.closed_by_peer(1s));
    CHECK(std::chrono::steady_clock::now() - start < 3s);
    RawClient fresh(world.socket());
    CHECK(fresh.call("status").contains("result"));
}

TEST_CASE("pipelined requests are all answered in order - even when the replies are large") {
    World world;
    world.start_daemon();
    std::string csv = "date,pain,note\n";
    for (int day = 0; day < 300; ++day) {
        const auto date = std::chrono::sys_days{std::chrono::year{2025} / 1 / 1} + std::chrono::days{day};
        const std::chrono::year_month_day ymd{date};
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        csv += std::string(text) + "," + std::to_string(day % 11) + "," + std::string(200, 'n') + "\n";
    }
    RawClient client(world.socket());
    REQUIRE(client.call("journal.import", {{"content", csv}, {"format", "csv"}}).contains("result"));
    std::string burst;
    for (int id = 1; id <= 20; ++id) {
        burst += json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "journal.export"}, {"params", {{"format", "json"}}}}
                     .dump() + "\n";
    }
    REQUIRE(client.send(burst));
    for (int id = 1; id <= 20; ++id) {
        const json reply = json::parse(client.read_line(), nullptr, false);
        REQUIRE(reply.is_object());
        CHECK(reply["id"] == id);
        CHECK(reply["result"]["content"].get<std::string>().size() > 100000);
    }
}

TEST_CASE("connections over the cap get a busy error - those within are served") {
    World world;
    world.start_daemon({"--max-connections", "2"});
    RawClient first(world.socket());
    RawClient second(world.socket());
    CHECK(first.call("status").contains("result"));
    CHECK(second.call("status").contains("result"));
    RawClient third(world.socket());
    const json busy = json::parse(third.read_line(), nullptr, false);
    REQUIRE(busy.is_object());
    CHECK(busy["error"]["code"] == -32000);
    CHECK(first.call("status").contains("result"));
}

TEST_CASE("several clients at once are all served - and writes from two CLIs all land") {
    World world;
    world.start_daemon();
    std::vector<std::thread> writers;
    std::vector<int> failures(2, 0);
    for (int w = 0; w < 2; ++w) {
        writers.emplace_back([&, w] {
            for (int i = 0; i < 10; ++i) {
                // Writer 0 logs October, writer 1 September: no date collides.
                const std::string date = "2026-" + std::string(w == 0 ? "10-" : "09-") +
                                         (i + 10 < 10 ? "0" : "") + std::to_string(i + 10);
                if (world.painlog({"add", "--date", date, "--pain", "3"}).exit_code != 0) {
                    ++failures[static_cast<std::size_t>(w)];
                }
            }
        });
    }
    std::vector<std::unique_ptr<RawClient>> readers;
    for (int i = 0; i < 16; ++i) readers.push_back(std::make_unique<RawClient>(world.socket()));
    for (auto& reader : readers) CHECK(reader->call("status").contains("result"));
    for (auto& writer : writers) writer.join();
    CHECK(failures == std::vector<int>{0, 0});
    CHECK(world.snapshot()["nights"].size() == 20);
}

// Connecting as another uid needs root to switch users; elsewhere it is skipped.
TEST_CASE("a client of another uid is refused without a reply" * doctest::skip(::geteuid() != 0)) {
    World world;
    world.start_daemon();
    // Let uid 65534 reach the socket file, so that only SO_PEERCRED stands in its way.
    for (const auto& dir : {world.root(), world.root() / "run", world.socket().parent_path()}) {
        ::chmod(dir.c_str(), 0711);
    }
    ::chmod(world.socket().c_str(), 0666);
    const pid_t child = ::fork();
    if (child == 0) {
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
        RawClient client(world.socket());
        if (!client.connected()) ::_exit(4);
        client.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\"}\n");
        ::_exit(client.read_line(2s).empty() ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(world.daemon_log().find("another user") != std::string::npos);
}

TEST_CASE("a journal from a newer painlog makes painlogd refuse to start - file untouched") {
    World world;
    world.start_daemon();
    CHECK(world.stop_daemon() == 0);
    const std::string sql = "PRAGMA user_version = 999;";
    const RunResult bump = run({"/usr/bin/sqlite3", world.database().native(), sql}, {});
    REQUIRE_MESSAGE(bump.exit_code == 0, bump.err);
    const auto bytes = [&] {
        std::ifstream in(world.database(), std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string before = bytes();
    for (const bool foreground : {true, false}) {
        CAPTURE(foreground);
        std::vector<std::string> argv{k_painlogd};
        if (foreground) argv.push_back("--foreground");
        const RunResult refused = run(argv, world.env(), {}, 10s);
        CHECK(refused.exit_code == 74);
        CHECK(refused.err.find("999") != std::string::npos);
        CHECK(refused.err.find("newer") != std::string::npos);
    }
    CHECK(bytes() == before);
}

}  // namespace
}  // namespace painlog::e2e
