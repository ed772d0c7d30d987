#include "daemon/notifier.h"

#include <sys/wait.h>

#include <doctest/doctest.h>

#include <cerrno>
#include <fstream>
#include <thread>

#include "notify_fixture.h"

namespace painlog::daemon {
namespace {

using namespace std::chrono_literals;
using test::EnvGuard;
using test::TempDir;
using test::recorded_args;
using test::recording_script;
using test::write_script;
using SteadyClock = std::chrono::steady_clock;

const Notice k_notice{"painlog: evening stretches",
                      "Time for Cat-Cow and Open Book (about 5 minutes)."};

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// No session bus anywhere: both variables unset.
void without_session_bus(EnvGuard& env) {
    env.set("DBUS_SESSION_BUS_ADDRESS", std::nullopt);
    env.set("XDG_RUNTIME_DIR", std::nullopt);
}

TEST_CASE("split_command splits words and keeps what quotes and backslashes protect") {
    struct Case {
        std::string_view text;
        std::vector<std::string> words;
    };
    const Case cases[] = {
        {"notify-send -a painlog", {"notify-send", "-a", "painlog"}},
        {"  notify-send\t-a \n painlog  ", {"notify-send", "-a", "painlog"}},
        {"/usr/bin/notify-send", {"/usr/bin/notify-send"}},
        {"cmd 'two words' \"three  spaced words\"", {"cmd", "two words", "three  spaced words"}},
        {"cmd \"say \\\"hi\\\"\" \"a\\\\b\"", {"cmd", "say \"hi\"", "a\\b"}},
        {"cmd \"a\\nb\"", {"cmd", "a\\nb"}},
        {"cmd 'a\\b \"c\"'", {"cmd", "a\\b \"c\""}},
        {"cmd back\\ slash \\'x \\\\", {"cmd", "back slash", "'x", "\\"}},
        {"cmd '' \"\"", {"cmd", "", ""}},
        {"cmd pre'mid dle'\"post\"fix", {"cmd", "premid dlepostfix"}},
        {"cmd ; $(rm -rf ~) | x", {"cmd", ";", "$(rm", "-rf", "~)", "|", "x"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto words = split_command(c.text);
        REQUIRE(words.ok());
        CHECK(*words == c.words);
    }
}

TEST_CASE("split_command rejects bad settings naming notify.command - the value and the rule") {
    struct Case {
        std::string_view text;
        std::string_view problem;
    };
    const Case cases[] = {
        {"", "names no program"},
        {" \t ", "names no program"},
        {"cmd 'open", "' quote that is not closed"},
        {"cmd \"open", "\" quote that is not closed"},
        {"cmd \"escaped close\\\"", "\" quote that is not closed"},
        {"cmd trailing\\", "ends with a backslash"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto words = split_command(c.text);
        REQUIRE_FALSE(words.ok());
        const auto& error = words.error();
        CHECK(error.code == protocol::ErrorCode::k_invalid_params);
        CHECK(error.field == "notify.command");
        CHECK(error.value == c.text);
        CHECK(contains(error.message, "notify.command: '" + std::string(c.text) + "'"));
        CHECK(contains(error.message, c.problem));
        CHECK(contains(error.message, "expected a program and its arguments"));
    }
}

TEST_CASE("run_notify_command passes every argument as it is - no shell in between") {
    TempDir dir;
    const auto script = recording_script(dir.path());
    const auto pwned = dir.path() / "pwned";
    const std::string substitution = "$(touch " + pwned.string() + ")";
    const auto argv = split_command("'" + script.string() +
                                    "' 'two words' \"say \\\"hi\\\"\" ';' '" + substitution +
                                    "' back\\ slash '*'");
    REQUIRE(argv.ok());
    const Notice notice{"painlog: evening stretches",
                        "Cat-Cow; then " + substitution + " & `id` > x (5 min)."};
    const auto ran = run_notify_command(*argv, notice, 5s);
    REQUIRE_MESSAGE(ran.ok(), ran.error().message);
    CHECK(recorded_args(dir.path()) ==
          std::vector<std::string>{"two words", "say \"hi\"", ";", substitution, "back slash", "*",
                                   notice.title, notice.body});
    CHECK_FALSE(std::filesystem::exists(pwned));
}

TEST_CASE("run_notify_command substitutes placeholders and then appends nothing") {
    TempDir dir;
    const auto script = recording_script(dir.path());
    const Notice notice{"T {body}", "B {title}"};
    const auto ran = run_notify_command(
        {script.string(), "--title={title}", "{body}", "[{title}|{body}]", "plain"}, notice, 5s);
    REQUIRE_MESSAGE(ran.ok(), ran.error().message);
    CHECK(recorded_args(dir.path()) == std::vector<std::string>{"--title=T {body}", "B {title}",
                                                                "[T {body}|B {title}]", "plain"});
}

TEST_CASE("run_notify_command gives the command /dev/null as stdin") {
    TempDir dir;
    const auto out = dir.path() / "out";
    const auto script =
        write_script(dir.path(), "reader", "cat > '" + out.string() + "'; echo done >> '" +
                                               out.string() + "'");
    const auto ran = run_notify_command({script.string()}, k_notice, 5s);
    REQUIRE_MESSAGE(ran.ok(), ran.error().message);
    CHECK(test::read_text(out) == "done\n");
}

TEST_CASE("run_notify_command reports a non-zero exit with its status and what it said") {
    TempDir dir;
    const auto script = write_script(dir.path(), "fails", "echo 'cannot open display' >&2; exit 3");
    const auto ran = run_notify_command({script.string()}, k_notice, 5s);
    REQUIRE_FALSE(ran.ok());
    CHECK(ran.error().field == "notify.command");
    CHECK(ran.error().value == script.string());
    CHECK(contains(ran.error().message, script.string()));
    CHECK(contains(ran.error().message, "exited with status 3"));
    CHECK(contains(ran.error().message, "cannot open display"));
}

TEST_CASE("run_notify_command reports a command killed by a signal") {
    TempDir dir;
    const auto script = write_script(dir.path(), "dies", "kill -TERM $$");
    const auto ran = run_notify_command({script.string()}, k_notice, 5s);
    REQUIRE_FALSE(ran.ok());
    CHECK(contains(ran.error().message, "killed by signal 15 (SIGTERM)"));
}

TEST_CASE("run_notify_command names a command that is not found") {
    const auto bare = run_notify_command({"painlog-no-such-notifier", "-x"}, k_notice, 5s);
    REQUIRE_FALSE(bare.ok());
    CHECK(contains(bare.error().message, "'painlog-no-such-notifier' was not found in PATH"));
    const auto full = run_notify_command({"/nonexistent/painlog-notifier"}, k_notice, 5s);
    REQUIRE_FALSE(full.ok());
    CHECK(contains(full.error().message, "'/nonexistent/painlog-notifier' does not exist"));
    const auto empty = run_notify_command({}, k_notice, 5s);
    REQUIRE_FALSE(empty.ok());
    CHECK(contains(empty.error().message, "names no program"));
}

TEST_CASE("run_notify_command kills and reaps a command that outlives its timeout") {
    TempDir dir;
    // `exec`: the script becomes sleep, which would refuse the appended title and body.
    const auto script = write_script(dir.path(), "sleeps", "exec sleep 30");
    const auto start = SteadyClock::now();
    const auto ran = run_notify_command({script.string()}, k_notice, 200ms);
    REQUIRE_FALSE(ran.ok());
    CHECK(SteadyClock::now() - start < 10s);  // far from the 30 s it wanted
    CHECK(contains(ran.error().message, "did not finish within 200 ms and was killed"));
    errno = 0;
    CHECK(::waitpid(-1, nullptr, WNOHANG) == -1);  // no child left, not even a zombie
    CHECK(errno == ECHILD);
}

TEST_CASE("run_notify_command kills what the command started too") {
    TempDir dir;
    const auto pid_file = dir.path() / "grandchild";
    const auto script = write_script(dir.path(), "starts",
                                     "sleep 30 & echo $! > '" + pid_file.string() + "'; wait");
    const auto ran = run_notify_command({script.string()}, k_notice, 300ms);
    REQUIRE_FALSE(ran.ok());
    const std::string pid = test::read_text(pid_file);
    REQUIRE_FALSE(pid.empty());
    const auto stat = std::filesystem::path("/proc") / pid.substr(0, pid.find('\n')) / "stat";
    // Whoever adopted it reaps it soon; until then it may linger as a zombie ("Z").
    bool gone = false;
    for (int i = 0; i < 200 && !gone; ++i) {
        const std::string line = test::read_text(stat);
        const auto close = line.rfind(')');
        gone = line.empty() || (close != std::string::npos && line.substr(close + 2, 1) == "Z");
        if (!gone) std::this_thread::sleep_for(10ms);
    }
    CHECK(gone);
}

TEST_CASE("session_bus_present looks at DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR/bus") {
    TempDir dir;
    EnvGuard env;
    without_session_bus(env);
    CHECK_FALSE(session_bus_present());
    env.set("DBUS_SESSION_BUS_ADDRESS", "");
    CHECK_FALSE(session_bus_present());
    env.set("XDG_RUNTIME_DIR", dir.path().string());
    CHECK_FALSE(session_bus_present());
    std::ofstream(dir.path() / "bus") << "not a socket";
    CHECK_FALSE(session_bus_present());
    const auto no_bus = send_desktop_notification(k_notice, 1s);  // connecting fails
    REQUIRE_FALSE(no_bus.ok());
    CHECK(contains(no_bus.error().message, "cannot connect"));
    env.set("XDG_RUNTIME_DIR", std::nullopt);
    const auto neither = send_desktop_notification(k_notice, 1s);
    REQUIRE_FALSE(neither.ok());
    CHECK(contains(neither.error().message, "no session bus"));

    std::filesystem::remove(dir.path() / "bus");
    const test::SilentSocket socket(dir.path() / "bus");
    env.set("XDG_RUNTIME_DIR", dir.path().string());
    CHECK(session_bus_present());
    env.set("XDG_RUNTIME_DIR", std::nullopt);
    env.set("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    CHECK(session_bus_present());  // set is enough; whether it answers shows when sending
}

}  // namespace
}  // namespace painlog::daemon
