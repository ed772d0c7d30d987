// The daemon's story from paths to shutdown: resolve the paths, open and check the
// journal, listen (or take the socket systemd passes), serve until a signal, telling
// systemd how it goes when it runs under it. main() adds only option parsing, going
// into the background and the exit code.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string_view>

#include "daemon/options.h"
#include "protocol/result.h"

namespace painlog::daemon {

// Runs painlogd. `on_started` is called once: with ok when the socket is listening,
// or with the reason start-up failed. Returns when the daemon has shut down; the
// error is why it could not start.
[[nodiscard]] protocol::Status run_service(
    const DaemonOptions& options, const std::function<void(const protocol::Status&)>& on_started);

// painlogd --check: checks the user's journal read-only and prints the report to
// `out` (JSON when `json`). Returns 0 when it is sound, 65 when damaged, 66 when there
// is none, 74 when it cannot be read at all.
[[nodiscard]] int check_journal(std::ostream& out, bool json);

// painlogd --restore FILE: puts the backup at `source` in place of the user's journal
// while no painlogd runs (holding its lock), for a journal too damaged for painlogd
// to start. The backup is checked first (Database::check_backup); the journal as it
// was, damaged or not, is moved whole to journal.db.before-restore (its WAL beside
// it), and put back should the restore fail. Prints what was done to `out`. Returns
// 0 when restored, 65 when the backup cannot be restored, 66 when there is none, 75
// when painlogd is running, 74 when the files cannot be written.
[[nodiscard]] int restore_journal(const std::filesystem::path& source, std::ostream& out);

}  // namespace painlog::daemon
