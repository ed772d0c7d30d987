// The reminder scheduler: which firing is due, whether it still has a reason to
// fire (night logged, routines done), what is recorded of it, and the notices to
// deliver. It never sleeps or polls: collect_due() takes on what is due at the
// Clock's "now" and next_due() says when to look again (the daemon's Alarm sleeps
// until then); painlogd delivers on a worker thread and hands the result back to
// finish(). Tests drive it with a fake clock. Not thread-safe: the I/O thread's.
#pragma once

#include <chrono>
#include <functional>
#include <vector>
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

// A notice to deliver, and what to record once it is delivered or not.
struct Delivery {
    std::optional<std::int64_t> reminder_id;  // nullopt: a job's notice
    std::string reminder_name;
    std::string what;  // for the log: "reminder 'x' (21:30 Europe/Berlin)"
    Seconds slot;
    Notice notice;
};

class Scheduler {
public:
    // All must outlive the scheduler. `notifier` is the delivery seam run_due() and
    // deliver_now() use.
    Scheduler(Journal& journal, ReminderStore& store, Notifier& notifier, const Clock& clock);

    // Takes on every firing due at the clock's now, each claimed in the store before
    // anything else (so it is delivered at most once): records it missed (older than
    // the grace period) or skipped (the night is logged, the routines are done, it
    // fired already on that local day), runs the jobs, and returns the notices to
    // deliver. One reminder's storage error is logged and does not stop the others.
    // Reminders whose handled_until lies ahead of now by more than the grace period
    // (the clock was wrong ahead, then set back) start again from now.
    [[nodiscard]] protocol::Result<std::vector<Delivery>> collect_due();

    // Records how `delivery` went and logs it: delivered, or undelivered and kept
    // for `painlog remind pending`.
    [[nodiscard]] protocol::Status finish(const Delivery& delivery,
                                          const protocol::Result<std::string>& delivered);

    // collect_due(), then each delivery through the notifier on this thread, then
    // finish(); returns next_due(). For tests and callers without a worker thread.
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

    // Delivers `notice` now through the notifier on this thread (it may block for the
    // notifier's timeouts), logging the outcome.
    [[nodiscard]] protocol::Result<std::string> deliver_now(const Notice& notice);

    // The grace period in force (setting, else k_default_grace).
    [[nodiscard]] std::chrono::minutes grace();

    // The clock's now, in whole seconds.
    [[nodiscard]] Seconds now() const;

    // The store the scheduler works on.
    [[nodiscard]] ReminderStore& store() { return m_store; }

    // A job of painlogd's own (the weekly report) fired by the same clock: `rule`
    // says when (asked afresh each time, so a setting takes effect at once; nullopt:
    // off), `run` does it for the firing at `slot` and may return a notice to deliver.
    // Unlike reminders, a job missed while painlogd was not running runs once when it
    // is back, however late; it never runs twice for one firing (its progress is
    // stored by name before it runs).
    struct Job {
        std::string name;
        std::function<std::optional<WallClockRule>()> rule;
        std::function<protocol::Result<std::optional<Notice>>(Seconds slot)> run;
    };
    void add_job(Job job) { m_jobs.push_back(std::move(job)); }

private:
    // The firing of `reminder` due at `now`, if any: the later of its snooze and its
    // latest regular firing since handled_until (one notice, not a burst).
    std::optional<Firing> due_firing(const Reminder& reminder, Seconds now);
    // Why the firing need not be delivered, or empty.
    protocol::Result<std::string> reason_to_skip(const Reminder& reminder, const Firing& firing);
    // Claims the firing; returns the delivery to make, if any.
    protocol::Result<std::optional<Delivery>> take_on(const Reminder& reminder, const Firing& firing,
                                                      Seconds now);
    // Runs the jobs that are due; appends their notices.
    protocol::Status run_jobs(Seconds now, std::vector<Delivery>& deliveries);

    Journal& m_journal;
    ReminderStore& m_store;
    Notifier& m_notifier;
    const Clock& m_clock;
    std::vector<Job> m_jobs;
};

}  // namespace painlog::daemon
