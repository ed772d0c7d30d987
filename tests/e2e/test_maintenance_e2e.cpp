// The journal's safety end to end: painlog backup while a writer runs, restore that
// checks before replacing, a damaged journal refused (file unchanged) with painlog
// doctor saying what integrity_check found, and a full disk (PRAGMA max_page_count).
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "e2e/harness.h"

namespace painlog::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::string date_of(int i) {
    char text[32];
    std::snprintf(text, sizeof text, "2020-%02d-%02d", 1 + (i / 28) % 12, 1 + i % 28);
    return text;
}

TEST_CASE("backup is consistent while a writer runs and restore puts it back") {
    World world;
    world.start_daemon();
    std::atomic<bool> done{false};
    std::atomic<int> acknowledged{0};
    std::thread writer([&] {
        RawClient client(world.socket());
        for (int i = 0; i < 150; ++i) {
            const json reply = client.call("night.add", {{"night", {{"date", date_of(i)}, {"pain", i % 11},
                                                                    {"note", std::string(200, 'x')}}}});
            if (reply.contains("result")) ++acknowledged;
        }
        done = true;
    });
    std::vector<std::filesystem::path> backups;
    for (int i = 0; i < 3; ++i) {
        backups.push_back(world.root() / ("backup" + std::to_string(i) + ".db"));
        const RunResult made = world.painlog({"backup", backups.back().native()});
        INFO(made.err);
        CHECK(made.exit_code == 0);
    }
    writer.join();
    REQUIRE(acknowledged == 150);
    long previous = -1;
    for (const auto& backup : backups) {
        SQLite::Database copy(backup.native(), SQLite::OPEN_READONLY);
        CHECK(copy.execAndGet("PRAGMA integrity_check").getString() == "ok");
        const long nights = copy.execAndGet("SELECT count(*) FROM nights").getInt();
        CHECK(nights >= previous);  // each a point in time, in order
        CHECK(copy.execAndGet("SELECT count(*) FROM nights WHERE length(note) != 200").getInt() == 0);
        previous = nights;
    }
    CHECK((std::filesystem::status(backups[0]).permissions() & std::filesystem::perms::group_read) ==
          std::filesystem::perms::none);

    SQLite::Database first(backups[0].native(), SQLite::OPEN_READONLY);
    const int in_first = first.execAndGet("SELECT count(*) FROM nights").getInt();
    const RunResult restored = world.painlog({"restore", backups[0].native()});
    INFO(restored.err);
    REQUIRE(restored.exit_code == 0);
    CHECK(world.snapshot()["nights"].size() == static_cast<std::size_t>(in_first));
    CHECK(std::filesystem::exists(world.database().native() + ".before-restore"));
}

TEST_CASE("restore refuses a damaged or foreign file and changes nothing") {
    World world;
    world.start_daemon();
    REQUIRE(world.painlog({"add", "--pain", "4"}).exit_code == 0);
    const json before = world.snapshot();
    const auto garbage = world.root() / "garbage.db";
    std::ofstream(garbage) << "this is not a database";
    const auto foreign = world.root() / "foreign.db";
    SQLite::Database(foreign.native(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE).exec("CREATE TABLE t (x)");
    for (const auto& file : {garbage, foreign}) {
        const RunResult result = world.painlog({"restore", file.native()});
        CHECK(result.exit_code == 74);
        CHECK(result.err.find(file.native()) != std::string::npos);
        CHECK(result.err.find("not changed") != std::string::npos);
    }
    CHECK(world.painlog({"restore", (world.root() / "missing.db").native()}).exit_code == 66);
    CHECK(world.snapshot() == before);
}

TEST_CASE("a damaged journal is refused unchanged and painlog doctor says what was found") {
    World world;
    world.start_daemon();
    for (int i = 0; i < 40; ++i) {
        REQUIRE(world.painlog({"add", "--date", date_of(i), "--pain", "3", "--note", std::string(300, 'n')})
                    .exit_code == 0);
    }
    REQUIRE(world.painlog({"doctor"}).exit_code == 0);
    const fs::path backup = world.root() / "monday.db";
    REQUIRE(world.painlog({"backup", backup.native()}).exit_code == 0);
    REQUIRE(world.painlog({"add", "--date", date_of(40), "--pain", "9"}).exit_code == 0);  // after it
    REQUIRE(world.stop_daemon() == 0);
    std::string bytes = file_bytes(world.database());
    REQUIRE(bytes.size() > 3 * 4096);
    for (std::size_t i = 2 * 4096; i < 3 * 4096; ++i) bytes[i] = '\x5a';
    std::ofstream(world.database(), std::ios::binary | std::ios::trunc) << bytes;

    const RunResult daemon = run({k_painlogd, "--foreground"}, world.env());
    CHECK(daemon.exit_code == 74);
    CHECK(daemon.err.find("damaged") != std::string::npos);
    CHECK(daemon.err.find("painlogd --restore FILE") != std::string::npos);
    const RunResult doctor = world.painlog({"doctor"});
    CHECK(doctor.exit_code == 65);
    CHECK(doctor.out.find("integrity check found") != std::string::npos);
    CHECK(doctor.out.find("painlogd --restore FILE") != std::string::npos);
    CHECK(file_bytes(world.database()) == bytes);
    // --check --json as journal.check answers: the same members.
    const RunResult checked = run({k_painlogd, "--check", "--json"}, world.env());
    CHECK(checked.exit_code == 65);
    const json report = json::parse(checked.out, nullptr, false);
    CHECK(report["path"] == world.database().native());
    CHECK(report["ok"] == false);
    CHECK_FALSE(report["problems"].empty());

    // What doctor says to do: painlogd --restore, with no painlogd running. A backup
    // that is itself damaged, or missing, changes nothing.
    const fs::path damaged_backup = world.root() / "damaged.db";
    std::ofstream(damaged_backup, std::ios::binary) << bytes;
    const RunResult refused = run({k_painlogd, "--restore", damaged_backup.native()}, world.env());
    CHECK(refused.exit_code == 65);
    CHECK(refused.out.find("damaged.db") != std::string::npos);
    CHECK(run({k_painlogd, "--restore", (world.root() / "none.db").native()}, world.env()).exit_code == 66);
    const RunResult itself = run({k_painlogd, "--restore", world.database().native()}, world.env());
    CHECK(itself.exit_code == 65);
    CHECK(itself.out.find("the journal itself") != std::string::npos);
    CHECK(file_bytes(world.database()) == bytes);
    const RunResult restored = run({k_painlogd, "--restore", backup.native()}, world.env());
    CHECK(restored.exit_code == 0);
    CHECK(restored.out.find("40 nights") != std::string::npos);
    const fs::path kept = world.database().native() + ".before-restore";
    CHECK(file_bytes(kept) == bytes);  // the damaged journal, byte for byte
    world.start_daemon();
    CHECK(world.painlog({"doctor"}).exit_code == 0);
    const RunResult list = world.painlog({"list", "--json"});
    REQUIRE(list.exit_code == 0);
    CHECK(json::parse(list.out)["nights"].size() == 40);
    // Not while painlogd runs: it says which command restores then.
    const RunResult running = run({k_painlogd, "--restore", backup.native()}, world.env());
    CHECK(running.exit_code == 75);
    CHECK(running.out.find("painlog restore FILE") != std::string::npos);
}

TEST_CASE("a full disk fails the add with a clear error - reads go on - space freed lets it succeed") {
    World world;
    world.start_daemon({"--max-pages", "60"});
    int added = 0;
    RunResult full;
    for (int i = 0; i < 200; ++i) {
        full = world.painlog({"add", "--date", date_of(i), "--pain", "3", "--note", std::string(3000, 'f')});
        if (full.exit_code != 0) break;
        ++added;
    }
    REQUIRE(added > 0);
    CHECK(full.exit_code == 74);
    CHECK(full.err.find("disk is full") != std::string::npos);
    const RunResult list = world.painlog({"list", "--json"});
    REQUIRE(list.exit_code == 0);
    CHECK(json::parse(list.out)["nights"].size() == static_cast<std::size_t>(added));
    CHECK(world.painlog({"doctor"}).exit_code == 0);

    REQUIRE(world.stop_daemon() == 0);
    world.start_daemon();  // the limit lifted: space freed
    CHECK(world.painlog({"add", "--date", date_of(added), "--pain", "3"}).exit_code == 0);
    CHECK(world.snapshot()["nights"].size() == static_cast<std::size_t>(added + 1));
}

}  // namespace
}  // namespace painlog::e2e
