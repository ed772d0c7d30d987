// The journal through the real painlog binary: a morning logged in one short
// command, then listed, shown, corrected, removed, exported and imported.
#include <signal.h>

#include <doctest/doctest.h>

#include <fstream>
#include <thread>
#include <iterator>

#include "harness.h"

namespace painlog::e2e {
namespace {

using nlohmann::json;

json json_of(const RunResult& result) {
    REQUIRE_MESSAGE(result.exit_code == 0, "exit " << result.exit_code << ": " << result.err);
    return json::parse(result.out);
}

void ok(const RunResult& result) {
    CHECK_MESSAGE(result.exit_code == 0, "exit " << result.exit_code << ": " << result.err);
}

// Gear and factors a typical user registers once.
void set_up_journal(const World& world) {
    ok(world.painlog({"gear", "add", "mattress", "Morgedal", "--firmness", "medium-firm",
                      "--since", "2026-01-05"}));
    ok(world.painlog({"gear", "add", "pillow", "Low foam", "--since", "2026-01-05"}));
    ok(world.painlog({"factor", "add", "coffee", "--type", "number", "--min", "0", "--max", "12"}));
    ok(world.painlog({"factor", "add", "alcohol", "--type", "yesno"}));
    ok(world.painlog({"factor", "add", "room", "--type", "choice", "--choices", "cold,warm"}));
}

TEST_CASE("a morning in one short command: today's date and the gear in use by default") {
    World world;
    world.start_daemon();
    set_up_journal(world);
    const RunResult added = world.painlog({"add", "--pain", "3"});
    ok(added);
    CHECK(added.out.find("3") != std::string::npos);
    const json status = json_of(world.painlog({"status", "--json"}));
    CHECK(status["nights"] == 1);
    CHECK(status["schema_version"] == 4);
    CHECK(status["database"] == world.database().native());
    const json shown = json_of(world.painlog({"show", status["today"], "--json"}));
    CHECK(shown["night"]["pain"] == 3);
    CHECK(shown["night"]["mattress"] == "Morgedal");
    CHECK(shown["night"]["pillow"] == "Low foam");
}

TEST_CASE("add with every field - then list - show - edit and rm") {
    World world;
    world.start_daemon();
    set_up_journal(world);
    ok(world.painlog({"add", "--date", "2026-11-20", "--pain", "6", "--areas", "upper_back,neck",
                      "--stiffness", "4", "--position", "stomach", "--stress", "8", "--sitting",
                      "9.5", "--sleep", "6.5", "--quality", "2", "--routine", "Cat-Cow",
                      "--routine", "open book", "--factor", "coffee=3", "--factor", "alcohol=yes",
                      "--factor", "room=warm", "--note", "deadline day"}));
    ok(world.painlog({"add", "--date", "2026-11-21", "--pain", "2", "--position", "side", "--note",
                      "caf\xc3\xa9 \"late\" a\\b"}));

    const json night = json_of(world.painlog({"show", "2026-11-20", "--json"}))["night"];
    CHECK(night["areas"] == json::array({"upper_back", "neck"}));
    CHECK(night["stiffness"] == 4);
    CHECK(night["position"] == "stomach");
    CHECK(night["sitting_hours"] == 9.5);
    CHECK(night["sleep_hours"] == 6.5);
    CHECK(night["sleep_quality"] == 2);
    CHECK(night["routines"] == json::array({"Cat-Cow", "Open Book"}));
    CHECK(night["factors"] == json{{"alcohol", true}, {"coffee", 3.0}, {"room", "warm"}});
    CHECK(night["note"] == "deadline day");

    const json listed = json_of(world.painlog({"list", "--from", "2026-11-21", "--json"}));
    REQUIRE(listed["nights"].size() == 1);
    CHECK(listed["nights"][0]["date"] == "2026-11-21");
    // --json prints painlogd's text re-indented, not a tree: byte for byte what the
    // tree would print, escapes and UTF-8 included.
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"list", "--json"}, {"show", "2026-11-21", "--json"}, {"status", "--json"}}) {
        const RunResult printed = world.painlog(args);
        ok(printed);
        CHECK(printed.out == json::parse(printed.out).dump(2) + "\n");
    }
    const RunResult table = world.painlog({"list"});
    ok(table);
    CHECK(table.out.find("2026-11-20") != std::string::npos);
    CHECK(table.out.find("2026-11-21") != std::string::npos);

    ok(world.painlog({"edit", "2026-11-20", "--pain", "5", "--clear", "stiffness", "--clear",
                      "factor:room"}));
    const json edited = json_of(world.painlog({"show", "2026-11-20", "--json"}))["night"];
    CHECK(edited["pain"] == 5);
    CHECK(edited["stiffness"].is_null());
    CHECK(edited["stress"] == 8);
    CHECK_FALSE(edited["factors"].contains("room"));

    ok(world.painlog({"rm", "2026-11-21"}));
    const RunResult gone = world.painlog({"show", "2026-11-21"});
    CHECK(gone.exit_code == 65);
    CHECK(gone.err.find("2026-11-21") != std::string::npos);
    CHECK(json_of(world.painlog({"list", "--json"}))["nights"].size() == 1);
}

TEST_CASE("a second entry for a date is refused unless --replace") {
    World world;
    world.start_daemon();
    ok(world.painlog({"add", "--date", "2026-11-20", "--pain", "6"}));
    const RunResult again = world.painlog({"add", "--date", "2026-11-20", "--pain", "1"});
    CHECK(again.exit_code == 65);
    CHECK(again.err.find("--replace") != std::string::npos);
    CHECK(json_of(world.painlog({"show", "2026-11-20", "--json"}))["night"]["pain"] == 6);
    ok(world.painlog({"add", "--date", "2026-11-20", "--pain", "1", "--replace"}));
    CHECK(json_of(world.painlog({"show", "2026-11-20", "--json"}))["night"]["pain"] == 1);
}

TEST_CASE("gear: new gear in use becomes the default for later mornings") {
    World world;
    world.start_daemon();
    set_up_journal(world);
    ok(world.painlog({"add", "--date", "2026-11-01", "--pain", "5"}));
    ok(world.painlog({"gear", "add", "pillow", "Contour", "--since", "2026-11-02"}));
    ok(world.painlog({"gear", "use", "contour"}));
    ok(world.painlog({"add", "--date", "2026-11-02", "--pain", "2"}));
    const json gear = json_of(world.painlog({"gear", "list", "--json"}))["gear"];
    REQUIRE(gear.size() == 3);
    int in_use = 0;
    for (const auto& item : gear) in_use += item["in_use"].get<bool>() ? 1 : 0;
    CHECK(in_use == 2);
    CHECK(json_of(world.painlog({"show", "2026-11-01", "--json"}))["night"]["pillow"] == "Low foam");
    CHECK(json_of(world.painlog({"show", "2026-11-02", "--json"}))["night"]["pillow"] == "Contour");
    const json factors = json_of(world.painlog({"factor", "list", "--json"}))["factors"];
    CHECK(factors.size() == 3);
}

TEST_CASE("export then import into an empty journal gives back the same journal (csv and json)") {
    for (const std::string format : {"csv", "json"}) {
        CAPTURE(format);
        World original;
        original.start_daemon();
        // A night from before any gear was registered must come back without gear.
        ok(original.painlog({"add", "--date", "2026-10-01", "--pain", "5"}));
        set_up_journal(original);
        ok(original.painlog({"config", "set", "bad_morning_threshold", "6"}));
        ok(original.painlog({"config", "set", "timezone", "Europe/Berlin"}));
        ok(original.painlog({"add", "--date", "2026-11-01", "--pain", "7", "--areas", "neck",
                             "--routine", "Head Tilt", "--factor", "room=cold", "--note",
                             "comma, \"quote\" and\nnewline"}));
        ok(original.painlog({"add", "--date", "2026-11-02", "--pain", "1", "--factor", "coffee=2.5"}));
        const std::string file = (original.root() / ("journal." + format)).native();
        ok(original.painlog({"export", "--format", format, "--out", file}));
        const RunResult to_stdout = original.painlog({"export", "--format", format});
        ok(to_stdout);
        std::ifstream in(file);
        CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == to_stdout.out);

        World copy;
        copy.start_daemon();
        const RunResult imported = copy.painlog({"import", file});
        ok(imported);
        if (format == "json") {  // the imported time zone is in force at once
            CHECK(json_of(copy.painlog({"status", "--json"}))["timezone"] == "Europe/Berlin");
        }
        CHECK(imported.out.find("3 nights") != std::string::npos);
        CHECK(copy.painlog({"export", "--format", format}).out == to_stdout.out);
        if (format == "json") CHECK(copy.snapshot() == original.snapshot());
    }
}

TEST_CASE("an import with a bad row changes nothing and names the row - field and problem") {
    World world;
    world.start_daemon();
    ok(world.painlog({"add", "--date", "2026-11-01", "--pain", "4"}));
    const json before = world.snapshot();
    const auto file = world.root() / "bad.csv";
    std::ofstream(file) << "date,pain,stress\n2026-10-01,3,2\n2026-10-02,4,12\n2026-10-03,5,1\n";
    const RunResult result = world.painlog({"import", file.native()});
    CHECK(result.exit_code == 65);
    CHECK(result.err.find("row 2") != std::string::npos);
    CHECK(result.err.find("stress") != std::string::npos);
    CHECK(result.err.find("12") != std::string::npos);
    CHECK(world.snapshot() == before);
    const RunResult missing = world.painlog({"import", (world.root() / "nope.csv").native()});
    CHECK(missing.exit_code == 66);
    CHECK(missing.err.find("nope.csv") != std::string::npos);
}

TEST_CASE("config get and set: time zone and bad-morning threshold") {
    World world;
    world.start_daemon();
    ok(world.painlog({"config", "set", "timezone", "Europe/Berlin"}));
    const json timezone = json_of(world.painlog({"config", "get", "timezone", "--json"}));
    CHECK(timezone["settings"][0]["value"] == "Europe/Berlin");
    CHECK(json_of(world.painlog({"status", "--json"}))["timezone"] == "Europe/Berlin");
    const RunResult bad = world.painlog({"config", "set", "timezone", "Atlantis/Capital"});
    CHECK(bad.exit_code == 65);
    CHECK(bad.err.find("Atlantis/Capital") != std::string::npos);
    ok(world.painlog({"config", "set", "bad_morning_threshold", "7"}));
    CHECK(json_of(world.painlog({"config", "get", "--json"}))["settings"].size() == 5);
}

TEST_CASE("with no daemon running - painlog starts one and the morning is logged") {
    World world;
    auto env = world.env();
    env.erase("PAINLOG_NO_AUTOSTART");
    const RunResult added = run({k_painlog, "add", "--date", "2026-11-01", "--pain", "2"}, env);
    CHECK_MESSAGE(added.exit_code == 0, added.err);
    const RunResult status = run({k_painlog, "status", "--json"}, env);
    REQUIRE(status.exit_code == 0);
    const json parsed = json::parse(status.out);
    CHECK(parsed["nights"] == 1);
    const auto pid = parsed["pid"].get<pid_t>();
    CHECK(::kill(pid, SIGTERM) == 0);
}

TEST_CASE("two first-use painlog commands at once both succeed with one daemon") {
    for (int attempt = 0; attempt < 5; ++attempt) {
        World world;
        auto env = world.env();
        env.erase("PAINLOG_NO_AUTOSTART");
        RunResult results[2];
        std::thread other([&] { results[1] = run({k_painlog, "status", "--json"}, env); });
        results[0] = run({k_painlog, "status", "--json"}, env);
        other.join();
        CHECK_MESSAGE(results[0].exit_code == 0, results[0].err);
        CHECK_MESSAGE(results[1].exit_code == 0, results[1].err);
        if (results[0].exit_code == 0 && results[1].exit_code == 0) {
            const auto pid = json::parse(results[0].out)["pid"].get<pid_t>();
            CHECK(json::parse(results[1].out)["pid"] == pid);
            ::kill(pid, SIGTERM);
        }
    }
}

TEST_CASE("output that cannot be written is an error - not a silent success") {
    World world;
    world.start_daemon();
    REQUIRE(world.painlog({"add", "--date", "2026-11-01", "--pain", "2"}).exit_code == 0);
    for (const char* command : {"list", "export"}) {
        CAPTURE(command);
        const RunResult result = run({"/bin/sh", "-c", std::string(k_painlog) + " " + command + " > /dev/full"},
                                     world.env());
        CHECK(result.exit_code == 74);
        CHECK(result.err.find("standard output") != std::string::npos);
    }
}

TEST_CASE("without a daemon and with autostart off - the CLI says so and exits 69") {
    World world;
    const RunResult result = world.painlog({"status"});
    CHECK(result.exit_code == 69);
    CHECK(result.err.find("painlogd") != std::string::npos);
}

}  // namespace
}  // namespace painlog::e2e
