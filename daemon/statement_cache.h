// Prepared statements kept for the life of a database connection, so that a query
// run on every request (or on every row of an import) is compiled once, not each time.
// Each use resets its statement when it ends, so no read snapshot outlives the call
// that took it. Not thread-safe: owned with its connection by the daemon's one I/O
// thread (Database).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include <SQLiteCpp/SQLiteCpp.h>

namespace painlog::daemon {

class StatementCache {
public:
    // A statement in use: bind and step it through `->`. It is reset when the Use
    // ends, and its bindings are cleared when it is taken again.
    class Use {
    public:
        Use(Use&& other) noexcept;
        Use(const Use&) = delete;
        Use& operator=(const Use&) = delete;
        Use& operator=(Use&&) = delete;
        ~Use();

        SQLite::Statement* operator->() const { return m_statement; }
        SQLite::Statement& operator*() const { return *m_statement; }

    private:
        friend class StatementCache;
        Use(SQLite::Statement* statement, bool* busy, std::unique_ptr<SQLite::Statement> own);

        SQLite::Statement* m_statement;
        bool* m_busy;                                  // the cache's flag, or null
        std::unique_ptr<SQLite::Statement> m_own;      // a statement of this use alone
    };

    // The statement for `sql` on `db` (always the same connection), prepared on first
    // use. While one use of a statement is alive, another use of the same text gets a
    // statement of its own. Throws SQLite::Exception (the caller converts it).
    [[nodiscard]] Use use(SQLite::Database& db, const std::string& sql);

    // Finalises every statement not in use (after the database was replaced by a
    // restore: SQLite would prepare them again anyway, this returns their memory).
    void clear();

private:
    struct Entry {
        std::unique_ptr<SQLite::Statement> statement;
        bool busy = false;
    };
    std::unordered_map<std::string, Entry> m_entries;
};

}  // namespace painlog::daemon
