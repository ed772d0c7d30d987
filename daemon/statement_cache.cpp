#include "daemon/statement_cache.h"

#include <iterator>
#include <utility>

namespace painlog::daemon {

StatementCache::Use::Use(SQLite::Statement* statement, bool* busy, std::unique_ptr<SQLite::Statement> own)
    : m_statement(statement), m_busy(busy), m_own(std::move(own)) {
    if (m_busy != nullptr) *m_busy = true;
}

StatementCache::Use::Use(Use&& other) noexcept
    : m_statement(other.m_statement),
      m_busy(std::exchange(other.m_busy, nullptr)),
      m_own(std::move(other.m_own)) {
    other.m_statement = nullptr;
}

StatementCache::Use::~Use() {
    if (m_statement == nullptr) return;
    m_statement->tryReset();  // ends the read of a SELECT not stepped to its end
    if (m_busy != nullptr) *m_busy = false;
}

StatementCache::Use StatementCache::use(SQLite::Database& db, const std::string& sql) {
    Entry& entry = m_entries[sql];
    if (entry.busy) {
        // Nested use of the same text: a statement for this use only.
        auto own = std::make_unique<SQLite::Statement>(db, sql);
        SQLite::Statement* statement = own.get();
        return Use(statement, nullptr, std::move(own));
    }
    if (!entry.statement) {
        entry.statement = std::make_unique<SQLite::Statement>(db, sql);
    } else {
        entry.statement->clearBindings();
    }
    return Use(entry.statement.get(), &entry.busy, nullptr);
}

void StatementCache::clear() {
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        it = it->second.busy ? std::next(it) : m_entries.erase(it);
    }
}

}  // namespace painlog::daemon
