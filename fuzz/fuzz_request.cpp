// Fuzz target for the request decoder and every method behind it: each line of the
// input is one request to a RequestHandler over a fresh :memory: journal with a
// fixed clock (2026-11-23 12:00 UTC) and a fake notifier, so earlier lines can set
// up what later ones use. A line "!tick N" moves the clock N minutes on and runs the
// reminder scheduler. Every reply must be one JSON-RPC 2.0 line echoing the id, and
// no request may end in internal_error or storage_error: on a :memory: journal those
// mean an exception escaped a method or a value reached SQLite unchecked.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "daemon/clock.h"
#include "daemon/database.h"
#include "daemon/journal.h"
#include "daemon/log.h"
#include "daemon/reminder_store.h"
#include "daemon/request_handler.h"
#include "daemon/scheduler.h"
#include "fake_notifier.h"
#include "fuzz_check.h"
#include "protocol/framing.h"

namespace {

using namespace painlog::daemon;
using painlog::fuzz::fuzz_check;
using nlohmann::json;
namespace fs = std::filesystem;

const fs::path& reports_dir() {
    static const fs::path k_dir = [] {
        std::string pattern = (fs::temp_directory_path() / "painlog-fuzz-XXXXXX").native();
        fuzz_check(::mkdtemp(pattern.data()) != nullptr, "cannot make a temporary directory");
        return fs::path(pattern) / "reports";
    }();
    return k_dir;
}

// One journal and handler, as painlogd's service builds them, over :memory:.
struct World {
    std::unique_ptr<Database> database = [] {
        auto opened = Database::open(":memory:");
        fuzz_check(opened.ok(), "cannot open a :memory: journal");
        return std::move(opened).value();
    }();
    FixedClock clock{date::sys_days{date::year{2026} / date::November / 23} + std::chrono::hours(12)};
    Journal journal{*database, clock};
    ReminderStore reminders{journal};
    test::FakeNotifier notifier;
    Scheduler scheduler{journal, reminders, notifier, clock};
    RequestHandler handler{journal, scheduler,
                           ServerInfo{"/run/fuzz.sock", ":memory:", 1, reports_dir()}};
};

void check_reply(std::string_view line, const std::string& reply) {
    fuzz_check(!reply.empty() && reply.back() == '\n', "a reply does not end its line");
    fuzz_check(reply.find('\n') == reply.size() - 1, "a reply spans several lines");
    const json message = json::parse(reply, nullptr, false);
    fuzz_check(message.is_object() && message.value("jsonrpc", "") == "2.0",
               "a reply is not a JSON-RPC 2.0 object");
    fuzz_check(message.contains("result") != message.contains("error"),
               "a reply needs exactly one of result and error");
    if (message.contains("error")) {
        const int code = message["error"].value("code", 0);
        if (code == -32603 || code == -32004) {
            std::fprintf(stderr, "request: %.*s\nreply: %s", static_cast<int>(line.size()),
                         line.data(), reply.c_str());
        }
        fuzz_check(code != -32603, "a request ended in internal_error");
        fuzz_check(code != -32004, "a request ended in storage_error");
    }
    // nlohmann's parser stops at a NUL byte; painlogd (rightly) refuses such a line as
    // not JSON, with a null id.
    if (line.find('\0') != std::string_view::npos) return;
    const json request = json::parse(line, nullptr, false);
    if (request.is_object() && request.contains("id") &&
        (request["id"].is_string() || request["id"].is_number_integer())) {
        fuzz_check(message["id"] == request["id"], "a reply does not echo the request's id");
    }
}

// What the target sends for an input line: the line itself, or nullopt to skip it.
// journal.backup and journal.restore act on files anywhere, not on the request's
// decoding (tests/e2e/test_maintenance_e2e.cpp covers them), so they are skipped; a
// "path" parameter is moved into the target's scratch directory (its file name kept),
// since journal.import and analysis.csv read any file they are given and a fuzzer
// invents paths while running as root in CI. Other lines pass byte for byte.
std::optional<std::string> confine(std::string_view line) {
    if (line.find('\0') != std::string_view::npos) return std::string(line);  // not JSON
    json request = json::parse(line, nullptr, false);
    if (!request.is_object()) return std::string(line);
    const auto method = request.find("method");
    if (method != request.end() && method->is_string() &&
        (*method == "journal.backup" || *method == "journal.restore")) {
        return std::nullopt;
    }
    const auto params = request.find("params");
    if (params == request.end() || !params->is_object() || !params->contains("path") ||
        !(*params)["path"].is_string()) {
        return std::string(line);
    }
    const fs::path wanted((*params)["path"].get<std::string>());
    if (!wanted.is_absolute()) return std::string(line);
    const fs::path name = wanted.filename();
    (*params)["path"] = (reports_dir().parent_path() / (name.empty() ? fs::path("x") : name)).native();
    return request.dump(-1, ' ', false, json::error_handler_t::replace);
}

// "!tick N": the clock moves N minutes (at most a year) and due reminders run.
void tick(World& world, std::string_view minutes_text) {
    long minutes = 0;
    for (const char c : minutes_text) {
        if (c < '0' || c > '9' || minutes > 525'600) return;
        minutes = minutes * 10 + (c - '0');
    }
    world.clock.set(world.clock.now() + std::chrono::minutes(minutes));
    const auto next = world.scheduler.run_due();
    fuzz_check(next.ok(), "the scheduler failed");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    ::setenv("TZ", "UTC", 1);
    configure_log(LogSink::k_file, "/dev/null");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::error_code ignored;
    fs::remove_all(reports_dir(), ignored);
    World world;
    painlog::protocol::LineFramer framer;
    framer.append(painlog::fuzz::as_text(data, size));
    framer.append("\n");
    std::string line;
    while (framer.next(&line) == painlog::protocol::LineFramer::Next::k_line) {
        if (line.starts_with("!tick ")) {
            tick(world, std::string_view(line).substr(6));
            continue;
        }
        const std::optional<std::string> request = confine(line);
        if (!request) continue;
        if (const auto reply = world.handler.handle(*request)) check_reply(*request, *reply);
    }
    return 0;
}
