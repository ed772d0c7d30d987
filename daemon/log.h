// painlogd's log: one line per event, to stderr in the foreground (with sd-daemon
// priority prefixes when systemd connected stderr to the journal), otherwise to the
// systemd journal when one is running, else to a file in the runtime directory.
// Safe to call from any thread (each line is one write).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace painlog::daemon {

enum class LogLevel { k_error, k_warning, k_info };

enum class LogSink {
    k_stderr,          // "painlogd: error: MESSAGE"
    k_journal_stream,  // stderr read by journald: "<3>MESSAGE" (sd-daemon(3) prefixes)
    k_journal,         // the journal's native protocol (sd::journal_send)
    k_file,            // "TIME painlogd[PID]: error: MESSAGE" appended to a file
};

// Chooses where lines go; until called, they go to stderr. For k_file, `file` is
// opened for appending (0600).
void configure_log(LogSink sink, const std::filesystem::path& file = {});

void log_line(LogLevel level, std::string_view message);

// Whether `fd` is the stream systemd connected to the journal: `journal_stream` is
// the JOURNAL_STREAM variable ("DEVICE:INODE", null when unset) and must name `fd`'s
// file, so a redirected stderr (painlogd --foreground 2>file under a service) still
// gets plain lines (systemd.exec(5), $JOURNAL_STREAM).
[[nodiscard]] bool is_journal_stream(const char* journal_stream, int fd);

// The line log_line() writes for `sink` (k_stderr or k_journal_stream), with its "\n".
[[nodiscard]] std::string stream_line(LogSink sink, LogLevel level, std::string_view message);

inline void log_error(std::string_view message) { log_line(LogLevel::k_error, message); }
inline void log_warning(std::string_view message) { log_line(LogLevel::k_warning, message); }
inline void log_info(std::string_view message) { log_line(LogLevel::k_info, message); }

}  // namespace painlog::daemon
