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

// What became of one firing, for record_outcome().
struct Outcome {
    Seconds slot;          // the firing handled (handled_until moves up to it)
    Seconds at;            // when it was handled
    std::string outcome;   // delivered, undelivered, skipped or missed
    std::string detail;
    bool clear_snooze = false;
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
    [[nodiscard]] protocol::Result<Reminder> snooze(std::int64_t id, Seconds until);
    [[nodiscard]] protocol::Status record_outcome(std::int64_t id, const Outcome& outcome);

    [[nodiscard]] protocol::Status add_undelivered(const Undelivered& notice);
    // Undelivered notices, oldest first; only those not yet shown when `unshown_only`.
    // `mark_shown` marks the returned ones shown.
    [[nodiscard]] protocol::Result<std::vector<Undelivered>> undelivered(bool unshown_only,
                                                                         bool mark_shown);
    // Forgets every undelivered notice; returns how many there were.
    [[nodiscard]] protocol::Result<std::int64_t> clear_undelivered();

private:
    Journal& m_journal;
};

}  // namespace painlog::daemon
