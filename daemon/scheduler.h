// The reminder scheduler: which firing is due, whether it still has a reason to
// fire (night logged, routines done), delivery through the Notifier, and what is
// recorded of it. It never sleeps or polls: run_due() handles what is due at the
// Clock's "now" and returns when to call it next (the daemon's Alarm sleeps until
// then), so tests drive it with a fake clock. Not thread-safe: the I/O thread's.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "daemon/clock.h"
#include "daemon/journal.h"
#include "daemon/notifier.h"
#include "daemon/reminder_store.h"
#include "daemon/schedule.h"
#include "protocol/result.h"

namespace painlog::daemon {

// A firing missed by at most this much (a suspend, a clock jump, the daemon not
// running) still fires, once; older ones are recorded as missed, never replayed.
// The setting remind.grace_minutes overrides it.
inline constexpr std::chrono::minutes k_default_grace{30};

class Scheduler {
public:
    // All must outlive the scheduler. `notifier` is the delivery seam.
    Scheduler(Journal& journal, ReminderStore& store, Notifier& notifier, const Clock& clock);

    // Handles every firing due at the clock's now: delivers it, skips it (the night
    // is logged, the routines are done) or records it missed (older than the grace
    // period); each outcome is stored before the next. Returns the next instant
    // anything is due (nullopt: nothing is). Errors are storage errors.
    [[nodiscard]] protocol::Result<std::optional<Seconds>> run_due();

    // The next instant anything is due, without handling anything. A firing already
    // due (missed while the daemon was not running) is in the past.
    [[nodiscard]] protocol::Result<std::optional<Seconds>> next_due();

    // The reminder's next firing after now (its snooze, when snoozed); nullopt when
    // paused.
    [[nodiscard]] std::optional<Firing> upcoming(const Reminder& reminder);

    // The zone the reminder's times are in: its own, else the configured zone.
    [[nodiscard]] const date::time_zone* zone_of(const Reminder& reminder);

    // The reminder's rule in its zone.
    [[nodiscard]] WallClockRule rule_of(const Reminder& reminder);

    // What the reminder says when it fires.
    [[nodiscard]] Notice notice_for(const Reminder& reminder);

    // Delivers `notice` now through the notifier, logging the outcome.
    [[nodiscard]] protocol::Result<std::string> deliver_now(const Notice& notice);

    // The grace period in force (setting, else k_default_grace).
    [[nodiscard]] std::chrono::minutes grace();

    [[nodiscard]] Seconds now() const;

    [[nodiscard]] ReminderStore& store() { return m_store; }

private:
    // The firing of `reminder` that is due at `now`, if any: its snooze, or its
    // latest regular firing since handled_until.
    std::optional<Seconds> due_slot(const Reminder& reminder, Seconds now);
    // Why the firing at `slot` need not be delivered, or empty.
    protocol::Result<std::string> reason_to_skip(const Reminder& reminder, Seconds slot);
    protocol::Status handle(const Reminder& reminder, Seconds slot, Seconds now);

    Journal& m_journal;
    ReminderStore& m_store;
    Notifier& m_notifier;
    const Clock& m_clock;
};

}  // namespace painlog::daemon
