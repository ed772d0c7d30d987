// Database: integrity checks, online backup and restore, and the page cap.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/Backup.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "daemon/database.h"
#include "daemon/migrations.h"

namespace painlog::daemon {
namespace {

namespace fs = std::filesystem;
using protocol::Error;
using protocol::ErrorCode;
using protocol::make_error;
using protocol::Result;

constexpr int k_max_problems = 100;

Error file_error(const fs::path& path, const std::string& what) {
    return Error{ErrorCode::k_storage_error, "'" + path.native() + "' " + what, "path", path.native(),
                 "a painlog journal or backup", {}};
}

// Runs integrity_check and counts nights on an open connection.
Database::CheckReport inspect(SQLite::Database& db, const fs::path& file) {
    Database::CheckReport report;
    SQLite::Statement check(db, "PRAGMA integrity_check(" + std::to_string(k_max_problems) + ")");
    while (check.executeStep()) report.problems.push_back(check.getColumn(0).getString());
    report.ok = report.problems.size() == 1 && report.problems.front() == "ok";
    if (report.ok) report.problems.clear();
    report.schema_version = db.execAndGet("PRAGMA user_version").getInt();
    try {
        report.nights = db.execAndGet("SELECT count(*) FROM nights").getInt64();
    } catch (const SQLite::Exception&) {
        report.nights = -1;  // no nights table, or it cannot be read
    }
    std::error_code ignored;
    if (file != ":memory:") report.bytes = fs::file_size(file, ignored);
    return report;
}

// Syncs the file at `path` (and so what was written to it) to the disk.
bool sync_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced;
}

}  // namespace

Result<Database::CheckReport> Database::check_file(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        return Error{ErrorCode::k_not_found, "there is no journal at '" + path.native() + "'", "path",
                     path.native(), "an existing journal", {}};
    }
    try {
        SQLite::Database db(path.native(), SQLite::OPEN_READONLY);
        return inspect(db, path);
    } catch (const SQLite::Exception& e) {
        CheckReport report;
        report.problems.push_back(std::string("not a readable SQLite database: ") + e.getErrorStr());
        std::error_code ignored;
        report.bytes = fs::file_size(path, ignored);
        return report;
    }
}

Result<Database::CheckReport> Database::check() {
    return read([&](SQLite::Database& db) -> Result<CheckReport> { return inspect(db, m_path); });
}

Result<Database::CheckReport> Database::backup_to(const fs::path& target) {
    const fs::path temporary = target.native() + ".partial";
    std::error_code ec;
    fs::remove(temporary, ec);
    try {
        {
            const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            if (fd < 0) return file_error(target, std::string("cannot be written: ") + std::strerror(errno));
            ::close(fd);
            SQLite::Database copy(temporary.native(), SQLite::OPEN_READWRITE);
            SQLite::Backup backup(copy, *m_db);
            backup.executeStep(-1);  // all pages in one step: one consistent snapshot
        }
        SQLite::Database written(temporary.native(), SQLite::OPEN_READONLY);
        CheckReport report = inspect(written, temporary);
        if (!report.ok) {
            fs::remove(temporary, ec);
            return file_error(target, "failed its check after copying; nothing was kept");
        }
        if (!sync_file(temporary) || ::rename(temporary.c_str(), target.c_str()) != 0) {
            const int error = errno;
            fs::remove(temporary, ec);
            return file_error(target, std::string("cannot be written: ") + std::strerror(error));
        }
        sync_file(target.parent_path());
        return report;
    } catch (const SQLite::Exception& e) {
        fs::remove(temporary, ec);
        if (e.getErrorCode() == SQLITE_FULL) {
            return Error{ErrorCode::k_storage_full, "the disk holding '" + target.native() +
                                                        "' is full; nothing was kept",
                         "path", target.native(), "a disk with room for the backup", {}};
        }
        return file_error(target, std::string("cannot be written: ") + e.what());
    }
}

Result<Database::CheckReport> Database::check_backup(const fs::path& source) {
    auto checked = check_file(source);
    if (!checked) return checked;
    if (!checked->ok) {
        std::string found = checked->problems.empty() ? "damage" : checked->problems.front();
        return file_error(source, "is damaged (" + found + "); the journal was not changed");
    }
    if (checked->nights < 0) {
        return file_error(source, "is not a painlog journal (it has no nights table); the journal was "
                                  "not changed");
    }
    if (checked->schema_version > latest_schema_version()) {
        return file_error(source, "has schema version " + std::to_string(checked->schema_version) +
                                      ", newer than the " + std::to_string(latest_schema_version()) +
                                      " this painlogd knows; the journal was not changed");
    }
    return checked;
}

Result<Database::CheckReport> Database::restore_from(const fs::path& source, bool save_previous) {
    auto checked = check_backup(source);
    if (!checked) return checked;
    if (save_previous && m_path != ":memory:") {
        auto saved = backup_to(m_path.native() + ".before-restore");
        if (!saved) return std::move(saved).error();
    }
    try {
        {
            SQLite::Database from(source.native(), SQLite::OPEN_READONLY);
            SQLite::Backup backup(*m_db, from);
            backup.executeStep(-1);  // one transaction on the journal: all pages or none
        }
        m_statements.clear();
        m_reader.reset();  // opened again on next use, on the journal as restored
        m_db->exec("PRAGMA foreign_keys = ON");
        m_schema_version = apply_migrations(*m_db, migrations());
        return inspect(*m_db, m_path);
    } catch (const SQLite::Exception& e) {
        return storage_error(e);
    }
}

protocol::Status Database::limit_pages(long pages) {
    return read([&](SQLite::Database& db) -> protocol::Status {
        db.exec("PRAGMA max_page_count = " + std::to_string(pages));
        return {};
    });
}

}  // namespace painlog::daemon
