#include "daemon/database.h"

#include <sys/stat.h>

#include <sqlite3.h>

#include <system_error>

#include "daemon/migrations.h"

namespace painlog::daemon {
namespace {

namespace fs = std::filesystem;
using protocol::Error;
using protocol::ErrorCode;
using protocol::make_error;
using protocol::Result;

constexpr int k_busy_timeout_ms = 5000;

// Creates `dir` (and parents) if missing and makes it 0700.
protocol::Status prepare_directory(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        return make_error(ErrorCode::k_storage_error,
                          "cannot create directory '" + dir.native() + "': " + ec.message());
    }
    if (::chmod(dir.c_str(), 0700) != 0) {
        return make_error(ErrorCode::k_storage_error,
                          "cannot make directory '" + dir.native() + "' private (0700)");
    }
    return {};
}

// Sets the process umask for its lifetime.
class UmaskGuard {
public:
    explicit UmaskGuard(mode_t mask) : m_old(::umask(mask)) {}
    ~UmaskGuard() { ::umask(m_old); }
    UmaskGuard(const UmaskGuard&) = delete;
    UmaskGuard& operator=(const UmaskGuard&) = delete;

private:
    mode_t m_old;
};

std::string where(const fs::path& path) { return "the journal at '" + path.native() + "'"; }

}  // namespace

Database::Database(fs::path path, std::unique_ptr<SQLite::Database> db, int version)
    : m_path(std::move(path)), m_db(std::move(db)), m_schema_version(version) {}

Result<std::unique_ptr<Database>> Database::open(const fs::path& path) {
    // Before SQLite's first use in the process: no count of its memory in use, which
    // nobody reads and which takes a global mutex on every allocation.
    static const bool configured = [] { return ::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();
    (void)configured;
    const bool in_memory = path == ":memory:";
    const int latest = latest_schema_version();
    try {
        if (!in_memory) {
            if (auto status = prepare_directory(path.parent_path()); !status) {
                return std::move(status).error();
            }
            std::error_code ec;
            if (fs::exists(path, ec)) {
                // Look before touching: a read-only connection writes nothing.
                SQLite::Database probe(path.native(), SQLite::OPEN_READONLY);
                const int version = probe.execAndGet("PRAGMA user_version").getInt();
                if (version > latest) {
                    return make_error(ErrorCode::k_storage_error,
                                      where(path) + " has schema version " +
                                          std::to_string(version) + ", newer than the " +
                                          std::to_string(latest) +
                                          " this painlogd knows; it was left untouched. "
                                          "Install a newer painlog to use it.");
                }
                const std::string check = probe.execAndGet("PRAGMA quick_check").getString();
                if (check != "ok") {
                    return make_error(ErrorCode::k_storage_error,
                                      where(path) + " is damaged (integrity check: " + check +
                                          "); it was left untouched. Restore a backup with "
                                          "'painlogd --restore FILE', or move the file aside to "
                                          "start a new journal.");
                }
            }
        }
        // NOMUTEX: the connection is used by one thread only, so SQLite's locking of it
        // on every call is pure cost.
        const int flags =
            SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX;
        // Files SQLite creates (journal, -wal, -shm) take the mode of the database.
        const UmaskGuard private_files(0077);
        auto db = std::make_unique<SQLite::Database>(path.native(), flags, k_busy_timeout_ms);
        db->exec("PRAGMA foreign_keys = ON");
        if (!in_memory) {
            db->exec("PRAGMA journal_mode = WAL");
        }
        db->exec("PRAGMA synchronous = FULL");
        if (!in_memory && ::chmod(path.c_str(), 0600) != 0) {
            return make_error(ErrorCode::k_storage_error,
                              "cannot make '" + path.native() + "' private (0600)");
        }

        const int version = apply_migrations(*db, migrations());
        return std::unique_ptr<Database>(new Database(path, std::move(db), version));
    } catch (const SQLite::Exception& e) {
        const int code = e.getErrorCode();
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
            return make_error(ErrorCode::k_storage_error,
                              where(path) + " is not a readable SQLite database (" +
                                  e.getErrorStr() +
                                  "); it was left untouched. Restore a backup with 'painlogd "
                                  "--restore FILE', or move the file aside to start a new journal.");
        }
        if (code == SQLITE_FULL) {
            return make_error(ErrorCode::k_storage_full,
                              "the disk holding " + where(path) +
                                  " is full; free some space and start painlogd again");
        }
        return make_error(ErrorCode::k_storage_error,
                          "cannot open " + where(path) + ": " + e.what());
    }
}

Database::Reader* Database::reader() {
    if (m_reader || m_reader_failed || m_path == ":memory:") return m_reader.get();
    try {
        auto db = std::make_unique<SQLite::Database>(
            m_path.native(), SQLite::OPEN_READONLY | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX, k_busy_timeout_ms);
        m_reader = std::make_unique<Reader>(Reader{std::move(db), StatementCache{}});
    } catch (const SQLite::Exception&) {
        m_reader_failed = true;  // reads go on without it
    }
    return m_reader.get();
}

int apply_migrations(SQLite::Database& db, const std::vector<Migration>& list) {
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (list.empty() || version >= list.back().version) return version;
    // Foreign keys are off while migrating, as SQLite's documentation of ALTER TABLE
    // asks of a table rebuilt: with them on, dropping the old table would delete the
    // rows that refer to it (ON DELETE CASCADE). The pragma does nothing inside a
    // transaction, so it is set around them, and set back however they end. Instead,
    // a migration commits only if PRAGMA foreign_key_check finds no more rows
    // referring to a missing one than it found before.
    struct ForeignKeysOff {
        SQLite::Database& db;
        explicit ForeignKeysOff(SQLite::Database& sql) : db(sql) { db.exec("PRAGMA foreign_keys = OFF"); }
        ForeignKeysOff(const ForeignKeysOff&) = delete;
        ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;
        ~ForeignKeysOff() {
            try {
                db.exec("PRAGMA foreign_keys = ON");
            } catch (const SQLite::Exception&) {  // the connection is not used after a failure
            }
        }
    } keys_off(db);
    const auto dangling = [&db] {
        SQLite::Statement check(db, "PRAGMA foreign_key_check");
        int rows = 0;
        while (check.executeStep()) ++rows;
        return rows;
    };
    for (const Migration& migration : list) {
        if (migration.version <= version) continue;
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        // Read again under the write lock: another process may have migrated.
        version = db.execAndGet("PRAGMA user_version").getInt();
        if (migration.version <= version) continue;
        const int before = dangling();
        db.exec(std::string(migration.sql));
        if (const int after = dangling(); after > before) {
            throw SQLite::Exception("migration " + std::string(migration.name) + " would leave " +
                                        std::to_string(after - before) +
                                        " rows referring to rows that do not exist; it was not applied",
                                    SQLITE_CONSTRAINT);
        }
        db.exec("PRAGMA user_version = " + std::to_string(migration.version));
        transaction.commit();
        version = migration.version;
    }
    return version;
}

void Database::begin_immediate() { m_statements.use(*m_db, "BEGIN IMMEDIATE")->exec(); }

bool Database::begin_read() {
    if (sqlite3_get_autocommit(m_db->getHandle()) == 0) return false;
    m_statements.use(*m_db, "BEGIN")->exec();
    return true;
}

void Database::commit() { m_statements.use(*m_db, "COMMIT")->exec(); }

void Database::rollback_quietly() noexcept {
    if (sqlite3_get_autocommit(m_db->getHandle()) == 0) {
        sqlite3_exec(m_db->getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

Error Database::storage_error(const SQLite::Exception& e) const {
    switch (e.getErrorCode()) {
        case SQLITE_FULL:
            return make_error(ErrorCode::k_storage_full,
                              "the disk is full (or the journal reached its size limit): "
                              "nothing was written; free some space and try again");
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return make_error(ErrorCode::k_storage_error,
                              "the journal is locked by another program; nothing was "
                              "written; try again");
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return make_error(ErrorCode::k_storage_error,
                              where(m_path) + " is damaged (" + e.getErrorStr() +
                                  "); nothing was written. Restore a backup.");
        case SQLITE_READONLY:
            return make_error(ErrorCode::k_storage_error,
                              where(m_path) + " cannot be written (read-only); nothing was "
                                              "written");
        case SQLITE_IOERR:
            return make_error(ErrorCode::k_storage_error,
                              "reading or writing " + where(m_path) + " failed (" + e.what() +
                                  "); nothing was written");
        default:
            return make_error(ErrorCode::k_storage_error,
                              "the journal could not complete the request: " +
                                  std::string(e.what()));
    }
}

}  // namespace painlog::daemon
