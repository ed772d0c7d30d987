#include "daemon/scheduler.h"

#include <algorithm>
#include <charconv>

#include "daemon/log.h"

namespace painlog::daemon {
namespace {

using protocol::Result;

// "A", "A and B", "A, B and C".
std::string spoken_list(const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) text += i + 1 == names.size() ? " and " : ", ";
        text += names[i];
    }
    return text;
}

std::string describe(const Reminder& reminder, const date::time_zone* zone) {
    return "reminder '" + reminder.name + "' (" + format_time_of_day(reminder.at) + " " +
           std::string(zone->name()) + ")";
}

}  // namespace

Scheduler::Scheduler(Journal& journal, ReminderStore& store, Notifier& notifier,
                     const Clock& clock)
    : m_journal(journal), m_store(store), m_notifier(notifier), m_clock(clock) {}

Seconds Scheduler::now() const { return date::floor<std::chrono::seconds>(m_clock.now()); }

std::chrono::minutes Scheduler::grace() {
    auto settings = m_journal.settings();
    if (!settings) return k_default_grace;
    const auto it = settings->find("remind.grace_minutes");
    if (it == settings->end()) return k_default_grace;
    int minutes = 0;
    const auto [end, error] =
        std::from_chars(it->second.data(), it->second.data() + it->second.size(), minutes);
    if (error != std::errc{} || end != it->second.data() + it->second.size()) return k_default_grace;
    return std::chrono::minutes(minutes);
}

const date::time_zone* Scheduler::zone_of(const Reminder& reminder) {
    if (reminder.zone) {
        if (const auto* zone = find_zone(*reminder.zone)) return zone;
        log_warning("reminder '" + reminder.name + "': the zone " + *reminder.zone +
                    " is no longer known; using " + std::string(m_journal.zone()->name()));
    }
    return m_journal.zone();
}

WallClockRule Scheduler::rule_of(const Reminder& reminder) {
    return WallClockRule{reminder.at, reminder.days, zone_of(reminder)};
}

std::optional<Firing> Scheduler::upcoming(const Reminder& reminder) {
    if (reminder.paused) return std::nullopt;
    const WallClockRule rule = rule_of(reminder);
    if (reminder.snoozed_until) {
        return Firing{*reminder.snoozed_until, rule.zone->to_local(*reminder.snoozed_until),
                      Firing::Kind::k_normal};
    }
    return next_firing(rule, std::max(reminder.handled_until, now()));
}

std::optional<Firing> Scheduler::due_firing(const Reminder& reminder, Seconds now) {
    if (reminder.paused) return std::nullopt;
    std::optional<Firing> regular = latest_firing(rule_of(reminder), reminder.handled_until, now);
    if (reminder.snoozed_until && *reminder.snoozed_until <= now) {
        if (!regular || regular->instant < *reminder.snoozed_until) {
            return Firing{*reminder.snoozed_until, zone_of(reminder)->to_local(*reminder.snoozed_until),
                          Firing::Kind::k_normal};
        }
    } else if (reminder.snoozed_until) {
        return std::nullopt;  // snoozed: the regular firings before it are replaced
    }
    return regular;
}

Result<std::optional<Seconds>> Scheduler::next_due() {
    auto reminders = m_store.list();
    if (!reminders) return std::move(reminders).error();
    std::optional<Seconds> next;
    for (const Job& job : m_jobs) {
        const auto rule = job.rule();
        if (!rule) continue;
        auto handled = m_store.job_handled_until(job.name);
        if (!handled) return std::move(handled).error();
        if (!*handled) {  // first sight: from now on
            if (auto status = m_store.set_job_handled(job.name, now()); !status) return std::move(status).error();
            *handled = now();
        }
        const auto firing = next_firing(*rule, **handled);
        if (firing && (!next || firing->instant < *next)) next = firing->instant;
    }
    for (const auto& reminder : *reminders) {
        if (reminder.paused) continue;
        std::optional<Seconds> at = reminder.snoozed_until;
        if (!at) {
            const auto firing = next_firing(rule_of(reminder), reminder.handled_until);
            if (firing) at = firing->instant;
        }
        if (at && (!next || *at < *next)) next = at;
    }
    return next;
}

Result<std::vector<Delivery>> Scheduler::collect_due() {
    const Seconds now = this->now();
    const auto grace = this->grace();
    auto reminders = m_store.list();
    if (!reminders) return std::move(reminders).error();
    std::vector<Delivery> deliveries;
    for (auto& reminder : *reminders) {
        if (reminder.handled_until > now + grace) {
            log_warning(describe(reminder, zone_of(reminder)) + ": handled up to " +
                        format_utc_seconds(reminder.handled_until) +
                        ", ahead of the clock; the clock was set back, so it starts again from now");
            if (auto status = m_store.reset_handled(reminder.id, now); !status) {
                log_error(status.error().message);
                continue;
            }
            reminder.handled_until = now;
        }
        const auto firing = due_firing(reminder, now);
        if (!firing) continue;
        auto delivery = take_on(reminder, *firing, now);
        if (!delivery) {
            log_error(describe(reminder, zone_of(reminder)) + ": " + delivery.error().message);
            continue;
        }
        if (*delivery) deliveries.push_back(std::move(**delivery));
    }
    if (auto status = run_jobs(now, deliveries); !status) {
        log_error("scheduler jobs: " + status.error().message);  // the claimed deliveries still go out
    }
    return deliveries;
}

Result<std::optional<Seconds>> Scheduler::run_due() {
    auto deliveries = collect_due();
    if (!deliveries) return std::move(deliveries).error();
    for (const Delivery& delivery : *deliveries) {
        if (auto status = finish(delivery, m_notifier.deliver(delivery.notice)); !status) {
            return std::move(status).error();
        }
    }
    return next_due();
}

protocol::Status Scheduler::run_jobs(Seconds now, std::vector<Delivery>& deliveries) {
    for (const Job& job : m_jobs) {
        const auto rule = job.rule();
        if (!rule) continue;
        auto handled = m_store.job_handled_until(job.name);
        if (!handled) return std::move(handled).error();
        if (!*handled) continue;  // first sight: next_due() starts it from now
        if (**handled > now + grace()) {  // the clock was set back
            if (auto status = m_store.set_job_handled(job.name, now); !status) return status;
            continue;
        }
        const auto firing = latest_firing(*rule, **handled, now);
        if (!firing) continue;
        // Stored first: a job that fails (a full disk) is not retried in a loop.
        if (auto status = m_store.set_job_handled(job.name, firing->instant); !status) return status;
        auto notice = job.run(firing->instant);
        if (!notice) {
            log_warning(job.name + ": " + notice.error().message);
        } else if (*notice) {
            deliveries.push_back(Delivery{std::nullopt, job.name, job.name, firing->instant, **notice});
        }
    }
    return {};
}

Result<std::string> Scheduler::reason_to_skip(const Reminder& reminder, const Firing& firing) {
    const auto local = zone_of(reminder)->to_local(firing.instant);
    if (reminder.unless_logged) {
        const Date day{date::floor<date::days>(local)};
        if (m_journal.get_night(day).ok()) return "the night of " + format_date(day) + " is logged";
    }
    if (!reminder.routine_ids.empty()) {
        const NightSlot night = night_slot(local);
        auto done = m_journal.routines_done(night.night, night.slot, reminder.routine_ids);
        if (!done) return std::move(done).error();
        if (*done) return spoken_list(reminder.routines) + " done already";
    }
    return std::string();
}

Result<std::optional<Delivery>> Scheduler::take_on(const Reminder& reminder, const Firing& firing,
                                                   Seconds now) {
    const auto* zone = zone_of(reminder);
    const bool snooze = reminder.snoozed_until && firing.instant == *reminder.snoozed_until;
    const std::string wall = date::format("%F %R", date::floor<std::chrono::minutes>(firing.wall));
    Claim claim{firing.instant, snooze ? std::nullopt : std::optional<std::string>(wall), now,
                reminder.snoozed_until.has_value() && *reminder.snoozed_until <= now, "", ""};
    if (now - firing.instant > grace()) {
        claim.outcome = "missed";
        claim.detail = "due at " + format_local(zone, firing.instant) + ", more than " +
                       std::to_string(grace().count()) + " minutes before it could fire";
        log_info(describe(reminder, zone) + " missed: " + claim.detail + "; not replayed");
    } else if (!snooze && reminder.handled_wall && reminder.handled_wall->substr(0, 10) == wall.substr(0, 10)) {
        // The zone changed after today's firing: once a local day is enough.
        claim.outcome = "skipped";
        claim.detail = "fired already on " + wall.substr(0, 10) + " (the time zone changed)";
        log_info(describe(reminder, zone) + " skipped: " + claim.detail);
    } else {
        auto skip = reason_to_skip(reminder, firing);
        if (!skip) return std::move(skip).error();
        if (!skip->empty()) {
            claim.outcome = "skipped";
            claim.detail = *skip;
            log_info(describe(reminder, zone) + " skipped: " + *skip);
        }
    }
    if (auto status = m_store.claim(reminder.id, claim); !status) return std::move(status).error();
    if (!claim.outcome.empty()) return std::optional<Delivery>{};
    return std::optional<Delivery>{
        Delivery{reminder.id, reminder.name, describe(reminder, zone), firing.instant, notice_for(reminder)}};
}

protocol::Status Scheduler::finish(const Delivery& delivery, const Result<std::string>& delivered) {
    const Seconds now = this->now();
    if (delivered) {
        log_info(delivery.what + " delivered by " + *delivered);
        if (!delivery.reminder_id) return {};
        return m_store.record_delivery(*delivery.reminder_id, now, "delivered", *delivered, std::nullopt);
    }
    const std::string& reason = delivered.error().message;
    log_warning(delivery.what + " could not be delivered: " + reason + "; kept for 'painlog remind pending'");
    const Undelivered notice{0, delivery.reminder_id, delivery.reminder_name, delivery.slot, now,
                             delivery.notice.title, delivery.notice.body, reason};
    if (!delivery.reminder_id) return m_store.add_undelivered(notice);
    return m_store.record_delivery(*delivery.reminder_id, now, "undelivered", reason, notice);
}

Notice Scheduler::notice_for(const Reminder& reminder) {
    Notice notice{"painlog: " + reminder.name, ""};
    if (reminder.message) {
        notice.body = *reminder.message;
    } else if (!reminder.routines.empty()) {
        int minutes = 0;
        if (auto catalog = m_journal.catalog()) {
            for (const auto id : reminder.routine_ids) {
                if (const Routine* routine = (*catalog)->routine_by_id(id)) {
                    minutes += routine->minutes.value_or(0);
                }
            }
        }
        notice.body = "Time for " + spoken_list(reminder.routines);
        if (minutes > 0) notice.body += " (about " + std::to_string(minutes) + " minutes)";
        notice.body += ". When done: painlog did " +
                       (reminder.routines.size() == 1 ? "'" + reminder.routines.front() + "'"
                                                      : "ROUTINE") +
                       ".";
    } else if (reminder.unless_logged) {
        notice.body = "How did you wake up? Log this morning: painlog add --pain N";
    } else {
        notice.body = "Reminder: " + reminder.name + ".";
    }
    return notice;
}

Result<std::string> Scheduler::deliver_now(const Notice& notice) {
    auto delivered = m_notifier.deliver(notice);
    if (delivered) {
        log_info("notice '" + notice.title + "' delivered by " + *delivered);
    } else {
        log_warning("notice '" + notice.title + "' could not be delivered: " +
                    delivered.error().message);
    }
    return delivered;
}

}  // namespace painlog::daemon
