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

std::optional<Seconds> Scheduler::due_slot(const Reminder& reminder, Seconds now) {
    if (reminder.paused) return std::nullopt;
    if (reminder.snoozed_until) {
        if (*reminder.snoozed_until > now) return std::nullopt;
        return *reminder.snoozed_until;
    }
    const auto firing = latest_firing(rule_of(reminder), reminder.handled_until, now);
    if (!firing) return std::nullopt;
    return firing->instant;
}

Result<std::optional<Seconds>> Scheduler::next_due() {
    auto reminders = m_store.list();
    if (!reminders) return std::move(reminders).error();
    std::optional<Seconds> next;
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

Result<std::optional<Seconds>> Scheduler::run_due() {
    const Seconds now = this->now();
    auto reminders = m_store.list();
    if (!reminders) return std::move(reminders).error();
    for (const auto& reminder : *reminders) {
        if (const auto slot = due_slot(reminder, now)) {
            if (auto status = handle(reminder, *slot, now); !status) return std::move(status).error();
        }
    }
    return next_due();
}

Result<std::string> Scheduler::reason_to_skip(const Reminder& reminder, Seconds slot) {
    const auto local = zone_of(reminder)->to_local(slot);
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

protocol::Status Scheduler::handle(const Reminder& reminder, Seconds slot, Seconds now) {
    const auto* zone = zone_of(reminder);
    Outcome outcome{slot, now, "", "", reminder.snoozed_until.has_value()};
    if (now - slot > grace()) {
        outcome.outcome = "missed";
        outcome.detail = "due at " + format_local(zone, slot) + ", more than " +
                         std::to_string(grace().count()) + " minutes before it could fire";
        log_info(describe(reminder, zone) + " missed: " + outcome.detail + "; not replayed");
        return m_store.record_outcome(reminder.id, outcome);
    }
    auto skip = reason_to_skip(reminder, slot);
    if (!skip) return std::move(skip).error();
    if (!skip->empty()) {
        outcome.outcome = "skipped";
        outcome.detail = *skip;
        log_info(describe(reminder, zone) + " skipped: " + *skip);
        return m_store.record_outcome(reminder.id, outcome);
    }
    const Notice notice = notice_for(reminder);
    auto delivered = m_notifier.deliver(notice);
    if (delivered) {
        outcome.outcome = "delivered";
        outcome.detail = *delivered;
        log_info(describe(reminder, zone) + " delivered by " + *delivered);
        return m_store.record_outcome(reminder.id, outcome);
    }
    outcome.outcome = "undelivered";
    outcome.detail = delivered.error().message;
    log_warning(describe(reminder, zone) + " could not be delivered: " + outcome.detail +
                "; kept for 'painlog remind pending'");
    if (auto kept = m_store.add_undelivered(Undelivered{0, reminder.id, reminder.name, slot, now,
                                                        notice.title, notice.body,
                                                        outcome.detail});
        !kept) {
        return kept;
    }
    return m_store.record_outcome(reminder.id, outcome);
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
