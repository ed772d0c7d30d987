// The request handler over the test journal, with a private reports directory: send
// a line or a method with params, get the parsed reply.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "daemon/request_handler.h"
#include "journal_fixture.h"
#include "protocol/jsonrpc.h"

namespace painlog::daemon::test {

struct HandlerFixture : JournalFixture {
    std::filesystem::path dir = make_temp_dir();  // removed with the fixture
    RequestHandler handler{journal, scheduler,
                           ServerInfo{"/run/test.sock", ":memory:", 42, dir / "reports"}};

    HandlerFixture() = default;
    HandlerFixture(const HandlerFixture&) = delete;
    HandlerFixture& operator=(const HandlerFixture&) = delete;
    ~HandlerFixture() {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
    static std::filesystem::path make_temp_dir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "painlog-test-XXXXXX").native();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        return pattern;
    }

    nlohmann::json call(std::string_view line) {
        auto reply = handler.handle(line);
        REQUIRE(reply.has_value());
        CHECK(reply->back() == '\n');
        return nlohmann::json::parse(*reply);
    }
    nlohmann::json call(const std::string& method, const nlohmann::json& params) {
        return call(protocol::encode_line(protocol::make_request(1, method, params)));
    }
};

}  // namespace painlog::daemon::test
