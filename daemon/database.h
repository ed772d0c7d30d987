// The journal's SQLite database: opening (file 0600 in a 0700 directory), the
// start-up check, migrations by PRAGMA user_version, durable settings (WAL,
// synchronous=FULL, foreign keys, busy timeout), transactions that turn SQLite
// exceptions into Errors, and the statements prepared once on the connection. Not
// thread-safe: owned by the daemon's one I/O thread (the connection is opened without
// SQLite's own mutexes for that reason).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "daemon/statement_cache.h"
#include "protocol/result.h"

namespace painlog::daemon {

class Database {
public:
    // Opens the journal at `path`, creating it (and its directory, 0700) if missing;
    // ":memory:" gives a private in-memory journal for tests. A database that is
    // damaged, not a database, or newer than this binary is refused and left
    // byte-for-byte untouched; the error says what was found and what to do.
    [[nodiscard]] static protocol::Result<std::unique_ptr<Database>> open(
        const std::filesystem::path& path);

    const std::filesystem::path& path() const { return m_path; }
    int schema_version() const { return m_schema_version; }

    // Runs `body(SQLite::Database&)`, which returns a protocol::Result<T> (or
    // Status), inside BEGIN IMMEDIATE; commits when it returns ok, rolls back when
    // it returns an error or throws. SQLite failures become storage errors (a full
    // disk says so). Returns what `body` returned.
    template <typename Body>
    auto write(Body&& body) -> std::invoke_result_t<Body, SQLite::Database&>;

    // Runs `body(SQLite::Database&)` for reading, converting SQLite exceptions, in one
    // read transaction (unless already inside one, or inside write()): its statements
    // see one snapshot, and the WAL's read lock is taken and released once for them
    // all rather than around each statement (two fcntl calls each).
    template <typename Body>
    auto read(Body&& body) -> std::invoke_result_t<Body, SQLite::Database&>;

    // The error for a caught SQLite exception, in words for the user.
    [[nodiscard]] protocol::Error storage_error(const SQLite::Exception& e) const;

    // Statements prepared once on this connection (for the bodies of read and write).
    StatementCache& statements() { return m_statements; }

    // A second connection to the journal, read-only, for one helper thread of a read
    // (read_night_columns): opened on first use and kept. Null for an in-memory
    // journal, or when it cannot be opened (the read then goes without it). Used only
    // while the I/O thread waits for the helper, inside read(): it sees what the main
    // connection sees, since only the I/O thread writes.
    struct Reader {
        std::unique_ptr<SQLite::Database> db;
        StatementCache statements;  // after db: finalised before it closes
    };
    [[nodiscard]] Reader* reader();

    // What an integrity check found (database_maintenance.cpp).
    struct CheckReport {
        bool ok = false;
        std::vector<std::string> problems;  // PRAGMA integrity_check's lines (at most 100)
        int schema_version = 0;
        std::int64_t nights = -1;           // -1 when they could not be counted
        std::uintmax_t bytes = 0;           // the database file, without its WAL
    };

    // PRAGMA integrity_check of the file at `path`, read-only: writes nothing, does
    // not migrate (for `painlogd --check` when the journal is too damaged to open).
    // Errors: not_found (no file), storage_error (not a database at all).
    [[nodiscard]] static protocol::Result<CheckReport> check_file(const std::filesystem::path& path);

    // The same for the open journal.
    [[nodiscard]] protocol::Result<CheckReport> check();

    // A consistent copy of the journal at `target` through SQLite's online backup API
    // (writers wait while it runs, so it is one point in time), written to a
    // temporary file beside it (0600), checked, synced and renamed: all or nothing.
    [[nodiscard]] protocol::Result<CheckReport> backup_to(const std::filesystem::path& target);

    // Whether the file at `source` can be restored: a readable SQLite file that passes
    // integrity_check, has painlog's tables and a schema no newer than this painlogd's.
    // Errors name the file and what is wrong with it (not_found when there is none).
    [[nodiscard]] static protocol::Result<CheckReport> check_backup(const std::filesystem::path& source);

    // Replaces the journal's contents with the database at `source` after
    // check_backup(), then migrates it. The journal as it was is first saved beside it
    // as journal.db.before-restore, unless `save_previous` is false (painlogd --restore
    // has moved it there itself). Any failure leaves the journal unchanged; errors
    // name the file and what is wrong with it.
    [[nodiscard]] protocol::Result<CheckReport> restore_from(const std::filesystem::path& source,
                                                             bool save_previous = true);

    // Caps the journal at `pages` pages (PRAGMA max_page_count): painlogd's
    // --max-pages, a test seam for a full disk.
    [[nodiscard]] protocol::Status limit_pages(long pages);

private:
    Database(std::filesystem::path path, std::unique_ptr<SQLite::Database> db, int version);
    void begin_immediate();
    void rollback_quietly() noexcept;
    // BEGIN (deferred) when the connection is in autocommit mode; true when it began.
    bool begin_read();
    // COMMIT, prepared once: the end of write()'s transaction and of read()'s.
    void commit();

    std::filesystem::path m_path;
    std::unique_ptr<SQLite::Database> m_db;
    int m_schema_version;
    StatementCache m_statements;  // after m_db: finalised before the connection closes
    std::unique_ptr<Reader> m_reader;  // reader(); closed when a restore replaces the journal
    bool m_reader_failed = false;      // reader() could not open it: not tried again
};

template <typename Body>
auto Database::write(Body&& body) -> std::invoke_result_t<Body, SQLite::Database&> {
    try {
        begin_immediate();
    } catch (const SQLite::Exception& e) {
        return storage_error(e);
    }
    try {
        auto result = body(*m_db);
        if (!result.ok()) {
            rollback_quietly();
            return result;
        }
        commit();
        return result;
    } catch (const SQLite::Exception& e) {
        rollback_quietly();
        return storage_error(e);
    } catch (...) {
        rollback_quietly();
        throw;
    }
}

template <typename Body>
auto Database::read(Body&& body) -> std::invoke_result_t<Body, SQLite::Database&> {
    bool began = false;
    try {
        began = begin_read();
        auto result = body(*m_db);
        if (began) commit();
        return result;
    } catch (const SQLite::Exception& e) {
        if (began) rollback_quietly();
        return storage_error(e);
    } catch (...) {
        if (began) rollback_quietly();
        throw;
    }
}

}  // namespace painlog::daemon
