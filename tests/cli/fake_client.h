// Test helpers for running commands against a fake painlogd (the Client seam): a
// client that records every call and answers with one reply, a runner that parses a
// command line and runs its handler, and a temporary directory. Not thread-safe.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "cli/client.h"
#include "cli/commands.h"
#include "cli/exit_code.h"

namespace painlog::cli::testing {

// Records every call and answers with `reply`.
class FakeClient final : public Client {
public:
    explicit FakeClient(protocol::Result<nlohmann::json> reply) : m_reply(std::move(reply)) {}

    protocol::Result<nlohmann::json> call(std::string_view method, nlohmann::json params) override {
        calls.emplace_back(std::string(method), std::move(params));
        return m_reply;
    }

    std::vector<std::pair<std::string, nlohmann::json>> calls;

private:
    protocol::Result<nlohmann::json> m_reply;
};

// What a command printed to stdout, and the Failure it ended with, if any.
struct Run {
    std::string out;
    std::optional<ExitCode> failure;
    std::string message;
};

// Parses `args` (without the program name) and runs the handler against `client`.
// Parse errors are Failures too, so usage errors come back the same way.
inline Run run(FakeClient& client, const std::vector<std::string>& args) {
    CommandLine command_line;
    std::ostringstream out, err;
    Context context{client, out, err};
    Run result;
    try {
        const Handler handler = command_line.parse(args, out);
        REQUIRE(handler);
        handler(context);
    } catch (const Failure& failure) {
        result.failure = failure.code();
        result.message = failure.what();
    }
    result.out = out.str();
    return result;
}

// A fresh directory under the system's temporary directory, removed with its contents.
struct TempDir {
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "painlog-cli-test.XXXXXX").string();
        path = ::mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path path;
};

}  // namespace painlog::cli::testing
