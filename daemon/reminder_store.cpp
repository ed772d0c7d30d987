#include "daemon/reminder_store.h"

#include <algorithm>
#include <cctype>

namespace painlog::daemon {
namespace {

using protocol::ErrorCode;
using protocol::invalid_field;
using protocol::Result;

constexpr const char* k_reminder_columns =
    "id, name, at_minute, days, zone, message, unless_logged, paused, snoozed_until, "
    "handled_until, last_at, last_outcome, last_detail, created_at, handled_wall";

std::optional<std::string> optional_text(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}

std::optional<Seconds> optional_instant(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return parse_utc_seconds(column.getString());
}

Seconds instant(const SQLite::Column& column) {
    return parse_utc_seconds(column.getString()).value_or(Seconds{});
}

void bind_text(SQLite::Statement& statement, int index, const std::optional<std::string>& text) {
    if (text) {
        statement.bind(index, *text);
    } else {
        statement.bind(index);
    }
}

Reminder reminder_from_row(SQLite::Statement& row) {
    Reminder reminder;
    reminder.id = row.getColumn(0).getInt64();
    reminder.name = row.getColumn(1).getString();
    reminder.at = std::chrono::minutes(row.getColumn(2).getInt());
    reminder.days = static_cast<DayMask>(row.getColumn(3).getInt());
    reminder.zone = optional_text(row.getColumn(4));
    reminder.message = optional_text(row.getColumn(5));
    reminder.unless_logged = row.getColumn(6).getInt() != 0;
    reminder.paused = row.getColumn(7).getInt() != 0;
    reminder.snoozed_until = optional_instant(row.getColumn(8));
    reminder.handled_until = instant(row.getColumn(9));
    reminder.last_at = optional_instant(row.getColumn(10));
    reminder.last_outcome = optional_text(row.getColumn(11)).value_or("");
    reminder.last_detail = optional_text(row.getColumn(12)).value_or("");
    reminder.created_at = instant(row.getColumn(13));
    reminder.handled_wall = optional_text(row.getColumn(14));
    return reminder;
}

void load_routines(SQLite::Database& db, const Catalog& catalog, Reminder& reminder) {
    SQLite::Statement routines(db,
                               "SELECT routine_id FROM reminder_routines WHERE reminder_id = ? "
                               "ORDER BY position");
    routines.bind(1, reminder.id);
    while (routines.executeStep()) {
        const std::int64_t id = routines.getColumn(0).getInt64();
        reminder.routine_ids.push_back(id);
        const Routine* routine = catalog.routine_by_id(id);
        reminder.routines.push_back(routine != nullptr ? routine->name : std::to_string(id));
    }
}

std::vector<Reminder> select_reminders(SQLite::Database& db, const Catalog& catalog,
                                       const std::string& where, std::int64_t id) {
    SQLite::Statement select(db, std::string("SELECT ") + k_reminder_columns +
                                     " FROM reminders " + where +
                                     " ORDER BY at_minute, name COLLATE NOCASE");
    if (!where.empty()) select.bind(1, id);
    std::vector<Reminder> reminders;
    while (select.executeStep()) reminders.push_back(reminder_from_row(select));
    for (auto& reminder : reminders) load_routines(db, catalog, reminder);
    return reminders;
}

protocol::Error no_reminder(std::string_view given, const std::vector<Reminder>& existing) {
    std::string known;
    for (const auto& reminder : existing) {
        known += (known.empty() ? "" : ", ") + std::to_string(reminder.id) + " " + reminder.name;
    }
    if (known.empty()) known = "none yet; 'painlog remind add' or 'painlog remind defaults'";
    return protocol::Error{ErrorCode::k_not_found,
                           "reminder: there is no reminder '" + std::string(given) +
                               "'; reminders: " + known,
                           "reminder", std::string(given), "a reminder id or name", {}};
}

void insert_undelivered(SQLite::Database& db, const Undelivered& notice) {
    SQLite::Statement insert(db,
                             "INSERT INTO undelivered (reminder_id, reminder_name, due_at, failed_at, "
                             "title, body, reason) VALUES "
                             "((SELECT id FROM reminders WHERE id = ?), ?, ?, ?, ?, ?, ?)");
    if (notice.reminder_id) {
        insert.bind(1, *notice.reminder_id);
    } else {
        insert.bind(1);
    }
    insert.bind(2, notice.reminder_name);
    insert.bind(3, format_utc_seconds(notice.due_at));
    insert.bind(4, format_utc_seconds(notice.failed_at));
    insert.bind(5, notice.title);
    insert.bind(6, notice.body);
    insert.bind(7, notice.reason);
    insert.exec();
}

}  // namespace

ReminderStore::ReminderStore(Journal& journal) : m_journal(journal) {}

Result<Reminder> ReminderStore::add(Reminder reminder) {
    if (auto status = check_name(reminder.name); !status) return std::move(status).error();
    if (std::all_of(reminder.name.begin(), reminder.name.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
        return invalid_field("name", reminder.name, "a name that is not just digits (those are ids)");
    }
    auto catalog = m_journal.catalog();
    if (!catalog) return std::move(catalog).error();
    reminder.routine_ids.clear();
    for (auto& name : reminder.routines) {
        auto found = (*catalog)->require_routine(name);
        if (!found) return std::move(found).error();
        const Routine* routine = *found;
        if (std::find(reminder.routine_ids.begin(), reminder.routine_ids.end(), routine->id) !=
            reminder.routine_ids.end()) {
            return invalid_field("routine", name, "each routine named once");
        }
        name = routine->name;
        reminder.routine_ids.push_back(routine->id);
    }
    return m_journal.database().write([&](SQLite::Database& db) -> Result<Reminder> {
        SQLite::Statement taken(db, "SELECT name FROM reminders WHERE name = ?");
        taken.bind(1, reminder.name);
        if (taken.executeStep()) {
            return protocol::Error{ErrorCode::k_conflict,
                                   "name: '" + reminder.name + "' is taken: '" +
                                       taken.getColumn(0).getString() +
                                       "' is already a reminder; choose another name or "
                                       "remove that one first",
                                   "name", reminder.name, "a name not yet used by a reminder", {}};
        }
        SQLite::Statement insert(
            db,
            "INSERT INTO reminders (name, at_minute, days, zone, message, unless_logged, "
            "paused, handled_until, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)");
        insert.bind(1, reminder.name);
        insert.bind(2, static_cast<int>(reminder.at.count()));
        insert.bind(3, static_cast<int>(reminder.days));
        bind_text(insert, 4, reminder.zone);
        bind_text(insert, 5, reminder.message);
        insert.bind(6, reminder.unless_logged ? 1 : 0);
        insert.bind(7, format_utc_seconds(reminder.created_at));
        insert.bind(8, format_utc_seconds(reminder.created_at));
        insert.exec();
        reminder.id = db.getLastInsertRowid();
        reminder.handled_until = reminder.created_at;
        SQLite::Statement link(db,
                               "INSERT INTO reminder_routines (reminder_id, position, routine_id) "
                               "VALUES (?, ?, ?)");
        for (std::size_t i = 0; i < reminder.routine_ids.size(); ++i) {
            link.reset();
            link.bind(1, reminder.id);
            link.bind(2, static_cast<std::int64_t>(i));
            link.bind(3, reminder.routine_ids[i]);
            link.exec();
        }
        return reminder;
    });
}

Result<std::vector<Reminder>> ReminderStore::list() {
    auto catalog = m_journal.catalog();
    if (!catalog) return std::move(catalog).error();
    return m_journal.database().read([&](SQLite::Database& db) -> Result<std::vector<Reminder>> {
        return select_reminders(db, **catalog, "", 0);
    });
}

Result<Reminder> ReminderStore::find(std::string_view id_or_name) {
    auto all = list();
    if (!all) return std::move(all).error();
    const bool numeric = !id_or_name.empty() && id_or_name.size() <= 18 &&
                         std::all_of(id_or_name.begin(), id_or_name.end(),
                                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    for (const auto& reminder : *all) {
        if (numeric && std::to_string(reminder.id) == id_or_name) return reminder;
    }
    for (const auto& reminder : *all) {
        if (name_key(reminder.name) == name_key(id_or_name)) return reminder;
    }
    return no_reminder(id_or_name, *all);
}

protocol::Status ReminderStore::remove(std::int64_t id) {
    return m_journal.database().write([&](SQLite::Database& db) -> protocol::Status {
        SQLite::Statement remove(db, "DELETE FROM reminders WHERE id = ?");
        remove.bind(1, id);
        if (remove.exec() == 0) return no_reminder(std::to_string(id), {});
        return {};
    });
}

Result<Reminder> ReminderStore::set_paused(std::int64_t id, bool paused, Seconds now) {
    auto status = m_journal.database().write([&](SQLite::Database& db) -> protocol::Status {
        SQLite::Statement update(
            db, paused ? "UPDATE reminders SET paused = 1 WHERE id = ?"
                       : "UPDATE reminders SET paused = 0, snoozed_until = NULL, "
                         "handled_until = max(handled_until, ?) WHERE id = ?");
        if (paused) {
            update.bind(1, id);
        } else {
            update.bind(1, format_utc_seconds(now));
            update.bind(2, id);
        }
        if (update.exec() == 0) return no_reminder(std::to_string(id), {});
        return {};
    });
    if (!status) return std::move(status).error();
    return find(std::to_string(id));
}

Result<Reminder> ReminderStore::snooze(std::int64_t id, Seconds until) {
    auto status = m_journal.database().write([&](SQLite::Database& db) -> protocol::Status {
        SQLite::Statement update(db, "UPDATE reminders SET snoozed_until = ? WHERE id = ?");
        update.bind(1, format_utc_seconds(until));
        update.bind(2, id);
        if (update.exec() == 0) return no_reminder(std::to_string(id), {});
        return {};
    });
    if (!status) return std::move(status).error();
    return find(std::to_string(id));
}

protocol::Status ReminderStore::claim(std::int64_t id, const Claim& claim) {
    return m_journal.database().write([&](SQLite::Database& db) -> protocol::Status {
        SQLite::Statement update(
            db,
            "UPDATE reminders SET handled_until = max(handled_until, ?), "
            "handled_wall = coalesce(?, handled_wall), "
            "snoozed_until = CASE WHEN ? THEN NULL ELSE snoozed_until END, "
            "last_at = CASE WHEN ? = '' THEN last_at ELSE ? END, "
            "last_outcome = CASE WHEN ? = '' THEN last_outcome ELSE ? END, "
            "last_detail = CASE WHEN ? = '' THEN last_detail ELSE ? END WHERE id = ?");
        update.bind(1, format_utc_seconds(claim.slot));
        bind_text(update, 2, claim.wall);
        update.bind(3, claim.clear_snooze ? 1 : 0);
        update.bind(4, claim.outcome);
        update.bind(5, format_utc_seconds(claim.at));
        update.bind(6, claim.outcome);
        update.bind(7, claim.outcome);
        update.bind(8, claim.outcome);
        update.bind(9, claim.detail);
        update.bind(10, id);
        if (update.exec() == 0) return no_reminder(std::to_string(id), {});
        return {};
    });
}

protocol::Status ReminderStore::record_delivery(std::int64_t id, Seconds at, const std::string& outcome,
                                                const std::string& detail,
                                                const std::optional<Undelivered>& notice) {
    return m_journal.database().write([&](SQLite::Database& db) -> protocol::Status {
        SQLite::Statement update(
            db, "UPDATE reminders SET last_at = ?, last_outcome = ?, last_detail = ? WHERE id = ?");
        update.bind(1, format_utc_seconds(at));
        update.bind(2, outcome);
        update.bind(3, detail);
        update.bind(4, id);
        update.exec();  // the reminder may have been removed meanwhile: nothing to update
        if (notice) insert_undelivered(db, *notice);
        return {};
    });
}

protocol::Status ReminderStore::reset_handled(std::int64_t id, Seconds now) {
    return m_journal.database().write([&](SQLite::Database& db) -> protocol::Status {
        SQLite::Statement update(db, "UPDATE reminders SET handled_until = ? WHERE id = ?");
        update.bind(1, format_utc_seconds(now));
        update.bind(2, id);
        update.exec();
        return {};
    });
}

protocol::Status ReminderStore::add_undelivered(const Undelivered& notice) {
    return m_journal.database().write([&](SQLite::Database& db) -> protocol::Status {
        insert_undelivered(db, notice);
        return {};
    });
}

Result<std::vector<Undelivered>> ReminderStore::undelivered(bool unshown_only, bool mark_shown) {
    auto notices = m_journal.database().read([&](SQLite::Database& db)
                                                 -> Result<std::vector<Undelivered>> {
        // Asked after every painlog command: prepared once (StatementCache).
        auto statement = m_journal.database().statements().use(
            db, unshown_only ? "SELECT id, reminder_id, reminder_name, due_at, failed_at, title, body, reason "
                               "FROM undelivered WHERE shown = 0 ORDER BY due_at, id"
                             : "SELECT id, reminder_id, reminder_name, due_at, failed_at, title, body, reason "
                               "FROM undelivered ORDER BY due_at, id");
        SQLite::Statement& select = *statement;
        std::vector<Undelivered> found;
        while (select.executeStep()) {
            Undelivered notice;
            notice.id = select.getColumn(0).getInt64();
            if (!select.getColumn(1).isNull()) notice.reminder_id = select.getColumn(1).getInt64();
            notice.reminder_name = select.getColumn(2).getString();
            notice.due_at = instant(select.getColumn(3));
            notice.failed_at = instant(select.getColumn(4));
            notice.title = select.getColumn(5).getString();
            notice.body = select.getColumn(6).getString();
            notice.reason = select.getColumn(7).getString();
            found.push_back(std::move(notice));
        }
        return found;
    });
    // Most commands find nothing to show: they read and never take the write lock.
    if (!notices || !mark_shown || notices->empty()) return notices;
    auto marked = m_journal.database().write([&](SQLite::Database& db) -> protocol::Status {
        SQLite::Statement shown(db, "UPDATE undelivered SET shown = 1 WHERE id = ?");
        for (const auto& notice : *notices) {
            shown.reset();
            shown.bind(1, notice.id);
            shown.exec();
        }
        return {};
    });
    if (!marked) return std::move(marked).error();
    return notices;
}

Result<std::optional<Seconds>> ReminderStore::job_handled_until(const std::string& name) {
    return m_journal.database().read([&](SQLite::Database& db) -> Result<std::optional<Seconds>> {
        SQLite::Statement select(db, "SELECT handled_until FROM scheduler_jobs WHERE name = ?");
        select.bind(1, name);
        if (!select.executeStep()) return std::optional<Seconds>{};
        return optional_instant(select.getColumn(0));
    });
}

protocol::Status ReminderStore::set_job_handled(const std::string& name, Seconds until) {
    return m_journal.database().write([&](SQLite::Database& db) -> protocol::Status {
        SQLite::Statement upsert(db,
                                 "INSERT INTO scheduler_jobs (name, handled_until) VALUES (?, ?) "
                                 "ON CONFLICT (name) DO UPDATE SET handled_until = excluded.handled_until");
        upsert.bind(1, name);
        upsert.bind(2, format_utc_seconds(until));
        upsert.exec();
        return {};
    });
}

Result<std::int64_t> ReminderStore::clear_undelivered(const std::vector<std::int64_t>& ids) {
    return m_journal.database().write([&](SQLite::Database& db) -> Result<std::int64_t> {
        if (ids.empty()) return static_cast<std::int64_t>(db.exec("DELETE FROM undelivered"));
        SQLite::Statement remove(db, "DELETE FROM undelivered WHERE id = ?");
        std::int64_t removed = 0;
        for (const auto id : ids) {
            remove.reset();
            remove.bind(1, id);
            removed += remove.exec();
        }
        return removed;
    });
}

}  // namespace painlog::daemon
