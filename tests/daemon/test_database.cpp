#include "daemon/database.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

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
