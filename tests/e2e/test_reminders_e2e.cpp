// Routines and reminders end to end: the real painlog and painlogd, a real timerfd
// firing (a snooze of one second), delivery to a recording notify.command and to a
// notification server on a private D-Bus session bus, undelivered notices shown by
// the next command, and no second firing after a restart.
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <thread>

#include "daemon/notify_fixture.h"
#include "e2e/harness.h"

namespace painlog::e2e {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

void ok(const RunResult& result) {
    INFO("out: " << result.out << "\nerr: " << result.err);
    REQUIRE(result.exit_code == 0);
}

json ok_json(const RunResult& result) {
    ok(result);
    return json::parse(result.out);
}

// Waits up to 10 s for `done`.
template <typename Done>
bool eventually(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return done();
}

// Adds a reminder at 12:00 UTC and makes it fire one second from now.
void fire_soon(World& world, const std::string& name, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"remind", "add", name, "--at", "12:00", "--zone", "UTC"};
    args.insert(args.end(), extra.begin(), extra.end());
    ok(world.painlog(args));
    ok(world.painlog({"remind", "snooze", name, "1s"}));
}

// Whether process `pid` maps a file whose name holds `name` (/proc/PID/maps).
bool maps_library(pid_t pid, const std::string& name) {
    std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
    REQUIRE(maps);
    std::string line;
    while (std::getline(maps, line)) {
        if (line.find(name) != std::string::npos) return true;
    }
    return false;
}

TEST_CASE("routines - did and the night's routines through the CLI") {
    World world;
    world.start_daemon();
    const RunResult list = world.painlog({"routine", "list"});
    ok(list);
    for (const char* name : {"Cat-Cow", "Open Book", "Head Tilt", "Scapular Clocks", "Shoulder Rows"}) {
        CHECK(list.out.find(name) != std::string::npos);
    }
    const RunResult show = world.painlog({"routine", "show", "open book"});
    ok(show);
    CHECK(show.out.find("1. Lie on your side") != std::string::npos);
    ok(world.painlog({"routine", "add", "Chin Tucks", "--steps", "Sit tall.", "--steps", "Tuck your chin."}));
    CHECK(ok_json(world.painlog({"routine", "show", "Chin Tucks", "--json"}))["steps"] ==
          "1. Sit tall.\n2. Tuck your chin.");
    const RunResult unknown = world.painlog({"did", "Yoga"});
    CHECK(unknown.exit_code == 65);
    CHECK(unknown.err.find("Cat-Cow") != std::string::npos);  // what is allowed

    const json did = ok_json(world.painlog({"did", "Cat-Cow", "--date", "yesterday", "--at", "21:40", "--json"}));
    CHECK(did["slot"] == "evening");
    ok(world.painlog({"add", "--pain", "3"}));
    const json night = ok_json(world.painlog({"show", "today", "--json"}));
    CHECK(night["night"]["routines"] == json::array({"Cat-Cow"}));
}

TEST_CASE("remind add - list - preview around DST - and bad input that changes nothing") {
    World world;
    world.start_daemon();
    ok(world.painlog({"config", "set", "timezone", "America/New_York"}));
    const RunResult added = world.painlog({"remind", "add", "night owl", "--at", "02:30", "--days", "sun,sat"});
    ok(added);
    CHECK(added.out.find("weekends at 02:30 (America/New_York)") != std::string::npos);
    const RunResult list = world.painlog({"remind", "list"});
    ok(list);
    CHECK(list.out.find("next") != std::string::npos);
    CHECK(list.out.find("Z") != std::string::npos);  // the UTC form beside the local one

    const json preview =
        ok_json(world.painlog({"remind", "preview", "night owl", "--from", "2027-03-13 00:00", "--count", "3", "--json"}));
    REQUIRE(preview["firings"].size() == 3);
    CHECK(preview["firings"][0]["utc"] == "2027-03-13T07:30:00Z");  // Saturday, EST
    CHECK(preview["firings"][1]["utc"] == "2027-03-14T07:00:00Z");  // Sunday: 02:30 does not exist
    CHECK(preview["firings"][1]["kind"] == "after_gap");
    CHECK(preview["firings"][2]["utc"] == "2027-03-20T06:30:00Z");  // the next Saturday, EDT

    const json before = ok_json(world.painlog({"remind", "list", "--json"}));
    const std::vector<std::vector<std::string>> bad = {
        {"remind", "add", "late", "--at", "25:00"},
        {"remind", "add", "late", "--at", "21:00", "--days", "funday"},
        {"remind", "add", "late", "--at", "21:00", "--zone", "Atlantis/Capital"},
        {"remind", "add", "late", "--at", "21:00", "--routine", "Yoga"},
        {"remind", "add", "Night Owl", "--at", "21:00"},
        {"remind", "snooze", "night owl", "-5m"},
        {"remind", "snooze", "night owl", "10y"},
        {"remind", "rm", "42"},
    };
    for (const auto& args : bad) {
        CAPTURE(args.back());
        const RunResult result = world.painlog(args);
        CHECK(result.exit_code == 65);
        CHECK(result.err.rfind("painlog: ", 0) == 0);
    }
    CHECK(ok_json(world.painlog({"remind", "list", "--json"})) == before);
}

TEST_CASE("a due reminder runs notify.command without a shell - once - and not again after a restart") {
    World world;
    const auto script = test::recording_script(world.root());
    world.start_daemon();
    ok(world.painlog({"config", "set", "notify.command", script.native() + " --title={title} '$(touch pwned); x'"}));
    fire_soon(world, "stretch", {"--message", "Time to stretch; really"});
    REQUIRE(eventually([&] { return test::recorded_args(world.root()).size() == 2; }));
    const auto args = test::recorded_args(world.root());
    CHECK(args[0] == "--title=painlog: stretch");
    CHECK(args[1] == "$(touch pwned); x");
    CHECK_FALSE(std::filesystem::exists(world.root() / "pwned"));
    CHECK(eventually([&] { return world.daemon_log().find("'stretch' (12:00 UTC) delivered by") != std::string::npos; }));
    const json listed = ok_json(world.painlog({"remind", "list", "--json"}));
    CHECK(listed["reminders"][0]["last"]["outcome"] == "delivered");
    CHECK(listed["reminders"][0]["snoozed_until"].is_null());

    REQUIRE(world.stop_daemon() == 0);
    world.start_daemon();
    std::this_thread::sleep_for(300ms);
    CHECK(test::recorded_args(world.root()).size() == 2);
}

TEST_CASE("a due reminder reaches the notification server on the session bus") {
    World world;
    test::PrivateBus bus(world.root());
    test::Listener listener(bus.address(), world.root());
    world.set_env("DBUS_SESSION_BUS_ADDRESS", bus.address());
    world.start_daemon();
    // sd-bus is loaded for a delivery only: libsystemd is not mapped while painlogd waits.
    CHECK_FALSE(maps_library(world.daemon_pid(), "libsystemd"));
    const RunResult tested = world.painlog({"remind", "test"});
    ok(tested);
    CHECK(tested.out.find("desktop notification") != std::string::npos);
    CHECK_FALSE(maps_library(world.daemon_pid(), "libsystemd"));

    ok(world.painlog({"remind", "add", "evening stretches", "--at", "12:00", "--zone", "UTC",
                      "--routine", "Cat-Cow", "--routine", "Head Tilt"}));
    ok(world.painlog({"remind", "snooze", "evening stretches", "1s"}));
    REQUIRE(eventually([&] { return listener.calls().size() == 2; }));
    const json call = listener.calls()[1];
    CHECK(call["app_name"] == "painlog");
    CHECK(call["summary"] == "painlog: evening stretches");
    CHECK(call["body"].get<std::string>().find("Cat-Cow and Head Tilt (about 4 minutes)") != std::string::npos);
}

TEST_CASE("an undelivered reminder is kept for remind pending and shown by the next command") {
    World world;
    world.start_daemon();  // no session bus and no notify.command
    const RunResult test = world.painlog({"remind", "test"});
    CHECK(test.exit_code == 69);
    CHECK(test.err.find("no session bus") != std::string::npos);

    fire_soon(world, "morning log", {"--unless-logged"});
    REQUIRE(eventually([&] { return world.daemon_log().find("kept for 'painlog remind pending'") != std::string::npos; }));
    const RunResult next = world.painlog({"status"});
    ok(next);
    CHECK(next.err.find("1 reminder could not be delivered") != std::string::npos);
    CHECK(next.err.find("morning log") != std::string::npos);
    CHECK(world.painlog({"status"}).err.empty());  // shown once
    const RunResult pending = world.painlog({"remind", "pending"});
    ok(pending);
    CHECK(pending.out.find("How did you wake up?") != std::string::npos);
    ok(world.painlog({"remind", "pending", "--clear"}));
    CHECK(world.painlog({"remind", "pending"}).out.find("Nothing is pending") != std::string::npos);
}

TEST_CASE("a command run with --json leaves the undelivered reminders to the next command") {
    World world;
    world.start_daemon();  // no session bus and no notify.command
    fire_soon(world, "morning log", {"--unless-logged"});
    REQUIRE(eventually([&] {
        return world.daemon_log().find("kept for 'painlog remind pending'") != std::string::npos;
    }));
    // What a script runs neither prints them nor marks them shown.
    for (const std::vector<std::string>& args : {std::vector<std::string>{"status", "--json"},
                                                {"list", "--json"}, {"show", "2001-01-01", "--json"}}) {
        const RunResult scripted = world.painlog(args);
        CHECK(scripted.err.find("could not be delivered") == std::string::npos);
        CHECK(scripted.out.find("could not be delivered") == std::string::npos);
    }
    const RunResult next = world.painlog({"status"});
    ok(next);
    CHECK(next.err.find("1 reminder could not be delivered") != std::string::npos);
    CHECK(world.painlog({"status"}).err.empty());  // shown once
}

TEST_CASE("a command that fails still tells of the undelivered reminders it was sent with") {
    World world;
    world.start_daemon();  // no session bus and no notify.command
    fire_soon(world, "morning log", {"--unless-logged"});
    REQUIRE(eventually([&] { return world.daemon_log().find("kept for 'painlog remind pending'") != std::string::npos; }));
    // painlog asks for them with its first request, whatever the command's fate.
    const RunResult failed = world.painlog({"show", "2001-01-01"});
    CHECK(failed.exit_code != 0);
    CHECK(failed.err.find("2001-01-01") != std::string::npos);
    CHECK(failed.err.find("1 reminder could not be delivered") != std::string::npos);
    CHECK(failed.err.find("morning log") != std::string::npos);
    CHECK(world.painlog({"status"}).err.empty());  // shown once
}

TEST_CASE("remind defaults adds the proposed set only when confirmed") {
    World world;
    world.start_daemon();
    const RunResult proposed = world.painlog({"remind", "defaults"});  // no terminal, no --yes
    CHECK(proposed.exit_code == 64);
    CHECK(proposed.err.find("evening stretches") != std::string::npos);
    CHECK(proposed.err.find("--yes") != std::string::npos);
    CHECK(ok_json(world.painlog({"remind", "list", "--json"}))["reminders"].empty());

    const RunResult bad = world.painlog({"remind", "defaults", "--yes", "--morning", "7:75"});
    CHECK(bad.exit_code == 65);
    CHECK(ok_json(world.painlog({"remind", "list", "--json"}))["reminders"].empty());

    const json added = ok_json(world.painlog({"remind", "defaults", "--yes", "--evening", "22:00", "--json"}));
    CHECK(added["added"].size() == 3);
    const json list = ok_json(world.painlog({"remind", "list", "--json"}))["reminders"];
    REQUIRE(list.size() == 3);
    CHECK(list[2]["name"] == "evening stretches");
    CHECK(list[2]["at"] == "22:00");
    CHECK(list[1]["unless_logged"] == true);
    CHECK(ok_json(world.painlog({"remind", "defaults", "--yes", "--json"}))["kept"].size() == 3);
}

}  // namespace
}  // namespace painlog::e2e
