// painlogd's log lines (daemon/log.h): sd-daemon priority prefixes when stderr is the
// journal stream systemd set up, plain "painlogd: " lines otherwise.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "daemon/log.h"

namespace painlog::daemon {
namespace {

TEST_CASE("journal stream lines carry the sd-daemon priority of their level") {
    const LogSink sink = LogSink::k_journal_stream;
    CHECK(stream_line(sink, LogLevel::k_error, "cannot open") == "<3>cannot open\n");
    CHECK(stream_line(sink, LogLevel::k_warning, "slow") == "<4>slow\n");
    CHECK(stream_line(sink, LogLevel::k_info, "serving") == "<6>serving\n");
    CHECK(stream_line(sink, LogLevel::k_error, "one\ntwo") == "<3>one\n<3>two\n");
}

TEST_CASE("plain stderr lines name painlogd and the level in words") {
    CHECK(stream_line(LogSink::k_stderr, LogLevel::k_error, "cannot open") ==
          "painlogd: error: cannot open\n");
    CHECK(stream_line(LogSink::k_stderr, LogLevel::k_warning, "slow") ==
          "painlogd: warning: slow\n");
    CHECK(stream_line(LogSink::k_stderr, LogLevel::k_info, "serving") == "painlogd: serving\n");
}

TEST_CASE("JOURNAL_STREAM counts only when it names the descriptor's file") {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    const int fd = ::fileno(file);
    struct stat info {};
    REQUIRE(::fstat(fd, &info) == 0);
    const std::string same = std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino);
    const std::string other = std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino + 1);
    CHECK(is_journal_stream(same.c_str(), fd));
    CHECK_FALSE(is_journal_stream(other.c_str(), fd));
    CHECK_FALSE(is_journal_stream(nullptr, fd));
    CHECK_FALSE(is_journal_stream("", fd));
    CHECK_FALSE(is_journal_stream("garbage", fd));
    std::fclose(file);
}

}  // namespace
}  // namespace painlog::daemon
