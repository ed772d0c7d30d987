// painlogd's log: one line per event, to stderr in the foreground, otherwise to the
// systemd journal when one is running, else to a file in the runtime directory.
// Safe to call from any thread (each line is one write).
#pragma once

#include <filesystem>
#include <string_view>

namespace painlog::daemon {

enum class LogLevel { k_error, k_warning, k_info };

enum class LogSink { k_stderr, k_journal, k_file };

// Chooses where lines go; until called, they go to stderr. For k_file, `file` is
// opened for appending (0600).
void configure_log(LogSink sink, const std::filesystem::path& file = {});

void log_line(LogLevel level, std::string_view message);

inline void log_error(std::string_view message) { log_line(LogLevel::k_error, message); }
inline void log_warning(std::string_view message) { log_line(LogLevel::k_warning, message); }
inline void log_info(std::string_view message) { log_line(LogLevel::k_info, message); }

}  // namespace painlog::daemon
