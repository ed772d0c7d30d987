#include "daemon/database.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "daemon/migrations.h"
#include "temp_dir.h"

namespace painlog::daemon {
namespace {

namespace fs = std::filesystem;

using painlog::test::TempDir;

std::string file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

unsigned mode_of(const fs::path& path) {
    struct stat info {};
    ::stat(path.c_str(), &info);
    return info.st_mode & 0777U;
}

TEST_CASE("a new journal is created private - migrated - in WAL with synchronous FULL") {
    TempDir dir;
    const fs::path db_path = dir.path() / "data" / "painlog" / "journal.db";
    auto db = Database::open(db_path);
    REQUIRE(db.ok());
    CHECK((*db)->schema_version() == latest_schema_version());
    CHECK(mode_of(db_path) == 0600U);
    CHECK(mode_of(db_path.parent_path()) == 0700U);
    auto pragmas = (*db)->read([](SQLite::Database& sql) -> protocol::Result<std::string> {
        return sql.execAndGet("PRAGMA journal_mode").getString() + " " +
               sql.execAndGet("PRAGMA synchronous").getString() + " " +
               sql.execAndGet("PRAGMA foreign_keys").getString() + " " +
               sql.execAndGet("PRAGMA user_version").getString();
    });
    REQUIRE(pragmas.ok());
    CHECK(*pragmas == "wal 2 1 " + std::to_string(latest_schema_version()));
}

TEST_CASE("read runs its body on one snapshot - and ends its transaction however the body ends") {
    TempDir dir;
    const fs::path db_path = dir.path() / "journal.db";
    auto db = Database::open(db_path);
    REQUIRE(db.ok());
    SQLite::Database other(db_path.native(), SQLite::OPEN_READWRITE);
    const auto count = [](SQLite::Database& sql) { return sql.execAndGet("SELECT count(*) FROM settings").getInt(); };
    const auto in_transaction = [](SQLite::Database& sql) { return sqlite3_get_autocommit(sql.getHandle()) == 0; };

    auto seen = (*db)->read([&](SQLite::Database& sql) -> protocol::Result<std::pair<int, int>> {
        CHECK(in_transaction(sql));
        const int before = count(sql);
        other.exec("INSERT INTO settings (key, value) VALUES ('timezone', 'UTC')");  // committed meanwhile
        return std::pair{before, count(sql)};
    });
    REQUIRE(seen.ok());
    CHECK(seen->first == 0);
    CHECK(seen->second == 0);  // the body's snapshot
    auto after = (*db)->read([&](SQLite::Database& sql) -> protocol::Result<int> { return count(sql); });
    REQUIRE(after.ok());
    CHECK(*after == 1);  // the next read sees it

    // A failing statement: a storage error, and the transaction is over.
    auto failed = (*db)->read([](SQLite::Database& sql) -> protocol::Result<int> {
        return sql.execAndGet("SELECT count(*) FROM no_such_table").getInt();
    });
    CHECK_FALSE(failed.ok());
    auto outside = (*db)->read([&](SQLite::Database& sql) -> protocol::Result<bool> { return in_transaction(sql); });
    REQUIRE(outside.ok());
    CHECK(*outside);  // a new one, not one left open
    (void)(*db)->read([&](SQLite::Database& sql) -> protocol::Status {
        CHECK(in_transaction(sql));
        return {};
    });
    // Inside write(): its transaction, not a nested BEGIN.
    auto written = (*db)->write([&](SQLite::Database& sql) -> protocol::Status {
        sql.exec("INSERT INTO settings (key, value) VALUES ('remind.grace_minutes', '10')");
        return (*db)->read([&](SQLite::Database& inner) -> protocol::Status {
            CHECK(count(inner) == 2);
            return {};
        });
    });
    CHECK(written.ok());
    CHECK(count(other) == 2);
}

TEST_CASE("migrations are numbered 1 - 2 - 3 ... without gaps") {
    int expected = 1;
    for (const auto& migration : migrations()) CHECK(migration.version == expected++);
}

TEST_CASE("a journal of schema 1 is migrated to the latest and keeps its nights") {
    TempDir dir;
    const fs::path db_path = dir.path() / "journal.db";
    {
        SQLite::Database sql(db_path.native(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        sql.exec(std::string(migrations().front().sql));
        sql.exec("PRAGMA user_version = 1");
        sql.exec("INSERT INTO nights (date, pain, areas, created_at, updated_at) "
                 "VALUES ('2026-11-01', 4, '', '2026-11-01T07:00:00Z', '2026-11-01T07:00:00Z')");
    }
    auto db = Database::open(db_path);
    REQUIRE(db.ok());
    CHECK((*db)->schema_version() == latest_schema_version());
    SQLite::Database sql(db_path.native(), SQLite::OPEN_READONLY);
    CHECK(sql.execAndGet("SELECT pain FROM nights WHERE date = '2026-11-01'").getInt() == 4);
    CHECK(sql.execAndGet("SELECT count(*) FROM reminders").getInt() == 0);
    CHECK(sql.execAndGet("PRAGMA user_version").getInt() == latest_schema_version());
}

// A journal as painlogd wrote it at schema `version`, with nights, gear, factors and
// routines done, written with foreign keys on, as painlogd writes.
void write_journal_of_schema(const fs::path& path, int version) {
    SQLite::Database sql(path.native(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (const auto& migration : migrations()) {
        if (migration.version > version) break;
        sql.exec(std::string(migration.sql));
    }
    sql.exec("PRAGMA user_version = " + std::to_string(version));
    sql.exec("PRAGMA foreign_keys = ON");
    sql.exec(R"(
        INSERT INTO gear (id, kind, name, firmness, since, in_use, created_at) VALUES
            (1, 'mattress', 'Futon', 'firm', '2026-01-01', 1, '2026-01-01T07:00:00Z'),
            (2, 'pillow', 'Feather', NULL, '2026-01-01', 1, '2026-01-01T07:00:00Z');
        INSERT INTO factors (id, name, type, min, max, created_at) VALUES
            (1, 'coffee', 'number', 0, 10, '2026-01-01T07:00:00Z'),
            (2, 'alcohol', 'yesno', NULL, NULL, '2026-01-01T07:00:00Z');
        INSERT INTO nights VALUES
            ('2026-11-01', 4, 'neck,shoulders', 3, 1, 2, 'stomach', 6, 9.5, 6.25, 2, 'late film',
             '2026-11-01T07:00:00Z', '2026-11-01T07:05:00Z'),
            ('2026-11-02', 2, '', NULL, 1, NULL, NULL, NULL, NULL, 8, NULL, NULL,
             '2026-11-02T07:00:00Z', '2026-11-02T07:00:00Z'),
            ('2026-11-03', 7, 'upper_back', 5, NULL, 2, 'side', 9, 11, 5.5, 1, 'café',
             '2026-11-03T07:00:00Z', '2026-11-03T07:00:00Z');
        INSERT INTO night_factors VALUES ('2026-11-01', 1, 3.0), ('2026-11-01', 2, 1),
                                         ('2026-11-03', 1, 1.5);
        INSERT INTO routine_log (id, routine_id, night_date, slot, done_at, logged_at) VALUES
            (1, 1, '2026-11-01', 'evening', '2026-10-31T21:00:00Z', '2026-10-31T21:00:00Z'),
            (2, 2, '2026-11-01', 'morning', NULL, '2026-11-01T07:00:00Z'),
            (3, 1, '2026-11-03', 'entry', NULL, '2026-11-03T07:00:00Z');
    )");
}

// Every row of the tables a migration may rebuild, in a stable order, as text.
std::string journal_rows(SQLite::Database& sql) {
    std::string out;
    for (const char* query : {"SELECT * FROM nights ORDER BY date", "SELECT * FROM night_factors ORDER BY 1, 2",
                              "SELECT * FROM routine_log ORDER BY id", "SELECT * FROM gear ORDER BY id",
                              "SELECT * FROM factors ORDER BY id", "SELECT * FROM routines ORDER BY id"}) {
        SQLite::Statement rows(sql, query);
        while (rows.executeStep()) {
            for (int c = 0; c < rows.getColumnCount(); ++c) {
                const auto column = rows.getColumn(c);
                out += column.isNull() ? "NULL" : std::string(column.getText());
                out += c + 1 < rows.getColumnCount() ? "|" : "\n";
            }
        }
        out += "--\n";
    }
    return out;
}

TEST_CASE("schema 4 rebuilds nights and routine_log with every row - foreign key and index kept") {
    TempDir dir;
    const fs::path db_path = dir.path() / "journal.db";
    write_journal_of_schema(db_path, 3);
    std::string before;
    {
        SQLite::Database sql(db_path.native(), SQLite::OPEN_READONLY);
        before = journal_rows(sql);
    }
    REQUIRE(before.find("late film") != std::string::npos);
    auto db = Database::open(db_path);
    REQUIRE(db.ok());
    CHECK((*db)->schema_version() >= 4);
    SQLite::Database sql(db_path.native(), SQLite::OPEN_READWRITE);
    sql.exec("PRAGMA foreign_keys = ON");
    // Every row as it was: a DROP TABLE with foreign keys on would have deleted the
    // nights' factors.
    CHECK(journal_rows(sql) == before);
    CHECK(sql.execAndGet("PRAGMA integrity_check").getString() == "ok");
    CHECK_FALSE(SQLite::Statement(sql, "PRAGMA foreign_key_check").executeStep());
    CHECK(sql.execAndGet("SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE type = 'index' "
                         "AND name NOT LIKE 'sqlite_autoindex%' AND tbl_name IN ('nights', 'routine_log') "
                         "ORDER BY name)")
              .getString() == "nights_by_mattress nights_by_pillow routine_log_by_night");
    CHECK(sql.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%rebuilt%'").getInt() == 0);
    // painlogd's own connection has its foreign keys back on.
    auto keys = (*db)->read([](SQLite::Database& own) -> protocol::Result<int> {
        return own.execAndGet("PRAGMA foreign_keys").getInt();
    });
    REQUIRE(keys.ok());
    CHECK(*keys == 1);

    // The same values allowed and refused as before, now compared one by one: no
    // temporary table for the list in the plan of an insert.
    CHECK_THROWS_AS(sql.exec("INSERT INTO nights (date, pain, position, created_at, updated_at) "
                             "VALUES ('2026-11-04', 1, 'upside-down', 'x', 'x')"),
                    SQLite::Exception);
    CHECK_THROWS_AS(sql.exec("INSERT INTO routine_log (routine_id, night_date, slot, logged_at) "
                             "VALUES (1, '2026-11-04', 'noon', 'x')"),
                    SQLite::Exception);
    sql.exec("INSERT INTO nights (date, pain, position, created_at, updated_at) VALUES ('2026-11-04', 1, 'mixed', 'x', 'x')");
    sql.exec("INSERT INTO routine_log (routine_id, night_date, slot, logged_at) VALUES (1, '2026-11-04', 'morning', 'x')");
    for (const char* insert : {"EXPLAIN INSERT INTO nights (date, pain, position, created_at, updated_at) "
                               "VALUES ('2026-11-05', 1, 'back', 'x', 'x')",
                               "EXPLAIN INSERT INTO routine_log (routine_id, night_date, slot, logged_at) "
                               "VALUES (1, '2026-11-05', 'entry', 'x')"}) {
        CAPTURE(insert);
        SQLite::Statement plan(sql, insert);
        bool ephemeral = false;
        while (plan.executeStep()) ephemeral = ephemeral || plan.getColumn(1).getString() == "OpenEphemeral";
        CHECK_FALSE(ephemeral);
    }
    // The nights' factors still go with their night, and a factor of no night is refused.
    sql.exec("DELETE FROM nights WHERE date = '2026-11-01'");
    CHECK(sql.execAndGet("SELECT count(*) FROM night_factors WHERE night_date = '2026-11-01'").getInt() == 0);
    CHECK_THROWS_AS(sql.exec("INSERT INTO night_factors VALUES ('2030-01-01', 1, 1.0)"), SQLite::Exception);
}

TEST_CASE("a journal with a row already dangling is still migrated") {
    TempDir dir;
    const fs::path db_path = dir.path() / "journal.db";
    write_journal_of_schema(db_path, 3);
    {
        SQLite::Database sql(db_path.native(), SQLite::OPEN_READWRITE);
        sql.exec("PRAGMA foreign_keys = OFF");
        sql.exec("INSERT INTO night_factors VALUES ('2020-02-02', 1, 1.0)");  // no such night
    }
    auto db = Database::open(db_path);
    REQUIRE(db.ok());
    CHECK((*db)->schema_version() == latest_schema_version());
    SQLite::Database sql(db_path.native(), SQLite::OPEN_READONLY);
    CHECK(sql.execAndGet("SELECT count(*) FROM night_factors").getInt() == 4);
}

TEST_CASE("a migration that would leave rows dangling is rolled back and the journal kept") {
    TempDir dir;
    const fs::path db_path = dir.path() / "journal.db";
    {
        auto db = Database::open(db_path);
        REQUIRE(db.ok());
    }
    const int latest = latest_schema_version();
    SQLite::Database sql(db_path.native(), SQLite::OPEN_READWRITE);
    sql.exec("PRAGMA foreign_keys = ON");
    sql.exec("INSERT INTO gear (id, kind, name, since, in_use, created_at) "
             "VALUES (7, 'mattress', 'Futon', '2026-01-01', 1, 'x')");
    sql.exec("INSERT INTO nights (date, pain, mattress_id, created_at, updated_at) "
             "VALUES ('2026-11-01', 4, 7, 'x', 'x')");
    std::vector<Migration> list = migrations();
    // Foreign keys are off while a migration runs, so nothing stops this but the check.
    list.push_back({latest + 1, "9001_drop_gear.sql", "DELETE FROM gear; CREATE TABLE extra (x);"});
    try {
        (void)apply_migrations(sql, list);
        FAIL("the migration was applied");
    } catch (const SQLite::Exception& e) {
        CHECK(std::string(e.what()).find("9001_drop_gear.sql would leave 1 rows referring to rows that do not "
                                         "exist; it was not applied") != std::string::npos);
    }
    CHECK(sql.execAndGet("PRAGMA user_version").getInt() == latest);
    CHECK(sql.execAndGet("SELECT count(*) FROM gear WHERE name = 'Futon'").getInt() == 1);
    CHECK(sql.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'").getInt() == 0);
    CHECK(sql.execAndGet("PRAGMA foreign_keys").getInt() == 1);
    CHECK_FALSE(SQLite::Statement(sql, "PRAGMA foreign_key_check").executeStep());
    // The same migration without the deletion is applied.
    list.back().sql = "CREATE TABLE extra (x);";
    CHECK(apply_migrations(sql, list) == latest + 1);
    CHECK(sql.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'").getInt() == 1);
}

TEST_CASE("a journal from a newer painlog is refused and left byte for byte") {
    TempDir dir;
    const fs::path db_path = dir.path() / "journal.db";
    {
        SQLite::Database sql(db_path.native(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        sql.exec("CREATE TABLE future (x); PRAGMA user_version = 99");
    }
    const std::string before = file_bytes(db_path);
    auto db = Database::open(db_path);
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().message.find("99") != std::string::npos);
    CHECK(db.error().message.find("newer") != std::string::npos);
    CHECK(file_bytes(db_path) == before);
    CHECK_FALSE(fs::exists(dir.path() / "journal.db-wal"));
}

TEST_CASE("a damaged journal is refused with a clear message and left unchanged") {
    TempDir dir;
    const fs::path db_path = dir.path() / "journal.db";
    {
        auto db = Database::open(db_path);
        REQUIRE(db.ok());
    }
    SUBCASE("header overwritten") {
        std::string bytes = file_bytes(db_path);
        bytes.replace(0, 16, "not a database!!");
        std::ofstream(db_path, std::ios::binary | std::ios::trunc) << bytes;
    }
    SUBCASE("a b-tree page overwritten") {
        std::string bytes = file_bytes(db_path);
        REQUIRE(bytes.size() > 8192);
        for (std::size_t i = 4096; i < 4096 + 600; ++i) bytes[i] = '\x5a';
        std::ofstream(db_path, std::ios::binary | std::ios::trunc) << bytes;
    }
    const std::string before = file_bytes(db_path);
    auto db = Database::open(db_path);
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().message.find("untouched") != std::string::npos);
    CHECK(file_bytes(db_path) == before);
}

}  // namespace
}  // namespace painlog::daemon
