#include "daemon/log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>

#include "daemon/calendar.h"
#include "daemon/sd_daemon.h"

namespace painlog::daemon {
namespace {

std::atomic<LogSink> g_sink{LogSink::k_stderr};
std::atomic<int> g_file{-1};

int priority(LogLevel level) {
    switch (level) {
        case LogLevel::k_error: return LOG_ERR;
        case LogLevel::k_warning: return LOG_WARNING;
        case LogLevel::k_info: return LOG_INFO;
    }
    return LOG_INFO;
}

std::string_view label(LogLevel level) {
    switch (level) {
        case LogLevel::k_error: return "error: ";
        case LogLevel::k_warning: return "warning: ";
        case LogLevel::k_info: return "";
    }
    return "";
}

void write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

void configure_log(LogSink sink, const std::filesystem::path& file) {
    if (sink == LogSink::k_file) {
        const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0) return;  // keep the previous sink
        g_file.store(fd);
    }
    g_sink.store(sink);
}

bool is_journal_stream(const char* journal_stream, int fd) {
    if (journal_stream == nullptr) return false;
    unsigned long long device = 0;
    unsigned long long inode = 0;
    if (std::sscanf(journal_stream, "%llu:%llu", &device, &inode) != 2) return false;
    struct stat info {};
    return ::fstat(fd, &info) == 0 && info.st_dev == device && info.st_ino == inode;
}

std::string stream_line(LogSink sink, LogLevel level, std::string_view message) {
    if (sink == LogSink::k_journal_stream) {
        // The journal records the priority and the sender: no "painlogd: error: ".
        // Each line of a message carries the prefix, or journald files it as info.
        const std::string prefix = "<" + std::to_string(priority(level)) + ">";
        std::string line = prefix;
        for (const char c : message) {
            line += c;
            if (c == '\n') line += prefix;
        }
        return line + "\n";
    }
    return "painlogd: " + std::string(label(level)) + std::string(message) + "\n";
}

void log_line(LogLevel level, std::string_view message) {
    const LogSink sink = g_sink.load();
    switch (sink) {
        case LogSink::k_journal:
            (void)sd::journal_send(priority(level), "painlogd", message);
            return;
        case LogSink::k_file:
            write_all(g_file.load(), format_utc(std::chrono::system_clock::now()) + " painlogd[" +
                                         std::to_string(::getpid()) + "]: " +
                                         std::string(label(level)) + std::string(message) + "\n");
            return;
        case LogSink::k_stderr:
        case LogSink::k_journal_stream:
            write_all(STDERR_FILENO, stream_line(sink, level, message));
            return;
    }
}

}  // namespace painlog::daemon
