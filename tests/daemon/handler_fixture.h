// The request handler over the test journal: send a line or a method with params,
// get the parsed reply.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "daemon/request_handler.h"
#include "journal_fixture.h"
#include "protocol/jsonrpc.h"

namespace painlog::daemon::test {

struct HandlerFixture : JournalFixture {
    RequestHandler handler{journal, scheduler, ServerInfo{"/run/test.sock", ":memory:", 42}};

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
