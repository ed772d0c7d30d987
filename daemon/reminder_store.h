// The reminders kept in the journal database: their rules, their state (paused,
// snoozed, handled up to which instant, the last outcome) and the notices that
// could not be delivered. Each public call is one transaction. Not thread-safe:
// owned by the daemon's one I/O thread, with the Journal it shares a database with.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/journal.h"
#include "daemon/schedule.h"
#include "protocol/result.h"

namespace painlog::daemon {

struct Reminder {
    std::int64_t id = 0;
    std::string name;
    std::chrono::minutes at{0};
    DayMask days = k_every_day;
    std::optional<std::string> zone;     // nullopt: follows the configured zone
    std::optional<std::string> message;  // nullopt: worded from the routines
    bool unless_logged = false;
    bool paused = false;
    std::vector<std::string> routines;        // names, in the order given
    std::vector<std::int64_t> routine_ids;    // the same, as ids
    std::optional<Seconds> snoozed_until;
    Seconds handled_until;                    // firings up to here are done with
    std::optional<Seconds> last_at;           // when the last firing was handled
    std::string last_outcome;                 // delivered, undelivered, skipped, missed or ""
    std::string last_detail;                  // how it went out, why not, or why skipped
    Seconds created_at;
    std::optional<std::string> handled_wall;  // "YYYY-MM-DD HH:MM" the last regular firing was for
};

// A notice that fired but could not be delivered.
struct Undelivered {
    std::int64_t id = 0;
    std::optional<std::int64_t> reminder_id;
    std::string reminder_name;
    Seconds due_at;
    Seconds failed_at;
    std::string title;
    std::string body;
    std::string reason;
};

// A firing taken on by the scheduler, for claim(): handled_until moves up to `slot`
// (and handled_wall to `wall` for a regular firing), a snooze it answers is cleared,
// and an outcome known at once (skipped, missed) is recorded with it.
struct Claim {
    Seconds slot;
    std::optional<std::string> wall;  // "YYYY-MM-DD HH:MM" of a regular firing
    Seconds at;                       // when it was handled
    bool clear_snooze = false;
    std::string outcome;              // skipped or missed; empty: to be delivered
    std::string detail;
};

class ReminderStore {
public:
    // `journal` (for routine names) must outlive the store and share its database.
    explicit ReminderStore(Journal& journal);

    // Adds a reminder (routine names resolved; handled_until = created_at). conflict
    // when the name is taken; not_found naming an unknown routine.
    [[nodiscard]] protocol::Result<Reminder> add(Reminder reminder);
    // All reminders, by time of day then name.
    [[nodiscard]] protocol::Result<std::vector<Reminder>> list();
    // By id ("3") or name (any case). not_found listing what exists.
    [[nodiscard]] protocol::Result<Reminder> find(std::string_view id_or_name);
    [[nodiscard]] protocol::Status remove(std::int64_t id);
    // Pauses or resumes; resuming also moves handled_until to `now` and clears a
    // snooze, so nothing missed while paused is replayed.
    [[nodiscard]] protocol::Result<Reminder> set_paused(std::int64_t id, bool paused, Seconds now);
    // Sets a one-off firing at `until`. not_found.
    [[nodiscard]] protocol::Result<Reminder> snooze(std::int64_t id, Seconds until);
    // Takes on a firing, in one transaction, before anything is delivered: a firing
    // is delivered at most once, even if painlogd stops right after.
    [[nodiscard]] protocol::Status claim(std::int64_t id, const Claim& claim);
    // Records how a claimed firing's delivery went (`outcome` delivered or
    // undelivered) and, when undelivered, keeps the notice: one transaction.
    [[nodiscard]] protocol::Status record_delivery(std::int64_t id, Seconds at,
                                                   const std::string& outcome,
                                                   const std::string& detail,
                                                   const std::optional<Undelivered>& notice);
    // Moves handled_until back to `now` (the clock was wrong ahead and was set back).
    [[nodiscard]] protocol::Status reset_handled(std::int64_t id, Seconds now);

    [[nodiscard]] protocol::Status add_undelivered(const Undelivered& notice);
    // Undelivered notices, oldest first; only those not yet shown when `unshown_only`.
    // `mark_shown` marks the returned ones shown.
    [[nodiscard]] protocol::Result<std::vector<Undelivered>> undelivered(bool unshown_only,
                                                                         bool mark_shown);
    // Forgets the undelivered notices `ids` (all when empty); returns how many.
    [[nodiscard]] protocol::Result<std::int64_t> clear_undelivered(const std::vector<std::int64_t>& ids = {});

    // The instant up to which the scheduler's job `name` has run; nullopt before its
    // first sight.
    [[nodiscard]] protocol::Result<std::optional<Seconds>> job_handled_until(const std::string& name);
    [[nodiscard]] protocol::Status set_job_handled(const std::string& name, Seconds until);

private:
    Journal& m_journal;
};

}  // namespace painlog::daemon
