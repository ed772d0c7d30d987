#include "protocol/paths.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <map>
#include <string>

namespace painlog::protocol {
namespace {

EnvLookup env_of(std::map<std::string, std::string> values) {
    return [values = std::move(values)](const char* name) -> const char* {
        const auto it = values.find(name);
        return it == values.end() ? nullptr : it->second.c_str();
    };
}

TEST_CASE("XDG variables place the socket and the database") {
    const auto paths = resolve_paths(env_of({{"XDG_RUNTIME_DIR", "/run/user/1000"},
                                             {"XDG_DATA_HOME", "/home/u/data"},
                                             {"HOME", "/home/u"}}));
    REQUIRE(paths.ok());
    CHECK(paths->socket == "/run/user/1000/painlog/painlogd.sock");
    CHECK(paths->runtime_dir == "/run/user/1000/painlog");
    CHECK(paths->database == "/home/u/data/painlog/journal.db");
    CHECK(paths->reports_dir == "/home/u/data/painlog/reports");
}

TEST_CASE("without XDG_DATA_HOME the data lives under ~/.local/share") {
    const auto paths = resolve_paths(env_of({{"HOME", "/home/u"}, {"XDG_RUNTIME_DIR", "/r"}}));
    REQUIRE(paths.ok());
    CHECK(paths->database == "/home/u/.local/share/painlog/journal.db");
}

TEST_CASE("relative XDG values are ignored - as the XDG spec says") {
    const auto paths = resolve_paths(env_of({{"HOME", "/home/u"},
                                             {"XDG_DATA_HOME", "relative/data"},
                                             {"XDG_RUNTIME_DIR", "relative/run"},
                                             {"TMPDIR", "/tmpdir"}}));
    REQUIRE(paths.ok());
    CHECK(paths->database == "/home/u/.local/share/painlog/journal.db");
    CHECK(paths->socket.native().find("relative") == std::string::npos);
}

TEST_CASE("no HOME and no XDG_DATA_HOME is an error that says what to set") {
    const auto paths = resolve_paths(env_of({{"XDG_RUNTIME_DIR", "/r"}}));
    REQUIRE_FALSE(paths.ok());
    CHECK(paths.error().message.find("HOME") != std::string::npos);
}

TEST_CASE("a socket path longer than the kernel allows is refused") {
    const std::string deep = "/" + std::string(120, 'd');
    const auto paths = resolve_paths(env_of({{"HOME", "/h"}, {"XDG_RUNTIME_DIR", deep}}));
    REQUIRE_FALSE(paths.ok());
    CHECK(paths.error().message.find("XDG_RUNTIME_DIR") != std::string::npos);
}

}  // namespace
}  // namespace painlog::protocol
