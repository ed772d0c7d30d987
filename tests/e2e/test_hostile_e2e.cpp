// The hostile corpus (tests/e2e/data/hostile_requests.txt, format at its top): bad
// JSON, wrong types, missing fields, huge numbers, NaN, invalid UTF-8, nesting
// 10,000 and 500,000 deep, SQL in strings, unknown methods, batches, and wrong
// params for every method of PROTOCOL.md. Each request gets a JSON-RPC error with
// the expected code on one connection that stays open, and the journal, reminders,
// routines and reports are the same afterwards.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "harness.h"

namespace painlog::e2e {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

struct HostileCase {
    int line_number = 0;
    int code = 0;
    std::string written;  // as in the file
    std::string bytes;    // as sent
};

// The request as sent: \xHH becomes the byte HH, <<N*TEXT>> becomes TEXT N times.
std::string expand(const std::string& written) {
    std::string out;
    for (std::size_t i = 0; i < written.size();) {
        if (written.compare(i, 2, "\\x") == 0 && i + 4 <= written.size()) {
            out.push_back(static_cast<char>(std::stoi(written.substr(i + 2, 2), nullptr, 16)));
            i += 4;
        } else if (written.compare(i, 2, "<<") == 0) {
            const std::size_t star = written.find('*', i);
            const std::size_t end = written.find(">>", star);
            REQUIRE_MESSAGE((star != std::string::npos && end != std::string::npos), written);
            const long count = std::stol(written.substr(i + 2, star - i - 2));
            const std::string text = written.substr(star + 1, end - star - 1);
            for (long n = 0; n < count; ++n) out += text;
            i = end + 2;
        } else {
            out.push_back(written[i++]);
        }
    }
    return out;
}

std::vector<HostileCase> load_corpus() {
    std::ifstream in(PAINLOG_E2E_DATA "/hostile_requests.txt", std::ios::binary);
    REQUIRE(in);
    std::vector<HostileCase> cases;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.empty() || line[0] == '#') continue;
        const std::size_t tab = line.find('\t');
        REQUIRE_MESSAGE(tab != std::string::npos, "line " << number << " has no tab");
        HostileCase c;
        c.line_number = number;
        c.code = std::stoi(line.substr(0, tab));
        c.written = line.substr(tab + 1);
        c.bytes = expand(c.written);
        cases.push_back(std::move(c));
    }
    return cases;
}

// Every method PROTOCOL.md documents, from its "### name[, name...]" headings.
std::set<std::string> documented_methods() {
    std::ifstream in(PAINLOG_SOURCE_DIR "/protocol/PROTOCOL.md");
    REQUIRE(in);
    const std::regex name("[a-z]+(\\.[a-z_]+)?");
    std::set<std::string> methods;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.starts_with("### ")) continue;
        std::string rest = line.substr(4);
        for (std::size_t start = 0; start <= rest.size();) {
            const std::size_t comma = std::min(rest.find(", ", start), rest.size());
            const std::string word = rest.substr(start, comma - start);
            if (std::regex_match(word, name)) methods.insert(word);
            start = comma + 2;
        }
    }
    return methods;
}

// Everything a request could change: the journal as exported, the reminders without
// their next and last firings (time moves those), the undelivered notices, the
// routines and the written reports.
json state(World& world) {
    RawClient client(world.socket());
    json reminders = client.call("reminder.list")["result"]["reminders"];
    for (json& reminder : reminders) {
        reminder.erase("next");
        reminder.erase("last");
    }
    return {{"journal", world.snapshot()},
            {"reminders", reminders},
            {"pending", client.call("reminder.pending")["result"]["pending"]},
            {"routines", client.call("routine.list")["result"]},
            {"reports", client.call("report.list")["result"]["reports"]}};
}

TEST_CASE("every request of the hostile corpus gets its JSON-RPC error and changes nothing") {
    const std::vector<HostileCase> cases = load_corpus();
    CHECK(cases.size() >= 50);
    std::set<std::string> covered;
    for (const auto& c : cases) {
        const json request = json::parse(c.bytes, nullptr, false);
        if (request.is_object() && request.contains("method") && request["method"].is_string()) {
            covered.insert(request["method"].get<std::string>());
        }
    }
    for (const auto& method : documented_methods()) {
        CHECK_MESSAGE(covered.count(method) == 1, "no hostile case calls " << method);
    }

    World world;
    world.start_daemon();
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"gear", "add", "mattress", "Morgedal"},
             {"factor", "add", "room", "--type", "choice", "--choices", "cold,warm"},
             {"add", "--date", "2026-11-20", "--pain", "4", "--factor", "room=cold"},
             {"remind", "add", "evening", "--at", "21:30", "--routine", "Cat-Cow"}}) {
        const RunResult result = world.painlog(args);
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    }
    const json before = state(world);

    RawClient client(world.socket());
    for (const auto& c : cases) {
        CAPTURE(c.line_number);
        CAPTURE(c.written.substr(0, 200));
        REQUIRE(client.send(c.bytes + "\n"));
        const std::string line = client.read_line(10s);
        REQUIRE_MESSAGE(!line.empty(), "no reply: the connection or painlogd is gone");
        const json reply = json::parse(line, nullptr, false);
        REQUIRE(reply.is_object());
        CHECK(reply["jsonrpc"] == "2.0");
        REQUIRE_MESSAGE(reply.contains("error"), line.substr(0, 300));
        CHECK(reply["error"]["code"] == c.code);
        CHECK_FALSE(reply["error"]["message"].get<std::string>().empty());
        // A request read as one (not refused as unparsable, or before parsing for its
        // nesting) is answered with its own id.
        const json request = json::parse(c.bytes, nullptr, false);
        if (c.code != -32700 && c.code != -32600 && request.is_object() && request.contains("id") &&
            (request["id"].is_string() || request["id"].is_number_integer())) {
            CHECK(reply["id"] == request["id"]);
        }
    }
    CHECK(client.call("status").contains("result"));  // the same connection still served
    CHECK(state(world) == before);
}

}  // namespace
}  // namespace painlog::e2e
