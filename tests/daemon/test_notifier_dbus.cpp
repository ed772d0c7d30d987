// Notification delivery against a real, private D-Bus: send_desktop_notification and the
// SystemNotifier's choice between the desktop notification and notify.command.
#include <doctest/doctest.h>

#include "daemon/notifier.h"
#include "notify_fixture.h"

namespace painlog::daemon {
namespace {

using namespace std::chrono_literals;
using test::EnvGuard;
using test::Listener;
using test::PrivateBus;
using test::recorded_args;
using test::recording_script;
using test::TempDir;
using SteadyClock = std::chrono::steady_clock;

const Notice k_notice{"painlog: evening stretches",
                      "Time for Cat-Cow and Open Book (about 5 minutes)."};

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// DBUS_SESSION_BUS_ADDRESS set to `address`, XDG_RUNTIME_DIR unset.
void use_bus(EnvGuard& env, const std::string& address) {
    env.set("DBUS_SESSION_BUS_ADDRESS", address);
    env.set("XDG_RUNTIME_DIR", std::nullopt);
}

TEST_CASE("send_desktop_notification makes the Notify call the server expects") {
    TempDir dir;
    PrivateBus bus(dir.path());
    Listener listener(bus.address(), dir.path());
    EnvGuard env;
    use_bus(env, bus.address());

    const auto first = send_desktop_notification(k_notice, 1s);
    REQUIRE_MESSAGE(first.ok(), first.error().message);
    const auto second = send_desktop_notification({"second", "body two"}, 1s);
    REQUIRE_MESSAGE(second.ok(), second.error().message);
    CHECK(*second == *first + 1);  // the ids the server replied

    const auto calls = listener.calls();
    REQUIRE(calls.size() == 2);
    const auto& call = calls[0];
    CHECK(call["app_name"] == "painlog");
    CHECK(call["replaces_id"] == 0);
    CHECK(call["app_icon"] == "");
    CHECK(call["summary"] == k_notice.title);
    CHECK(call["body"] == k_notice.body);
    CHECK(call["actions"].empty());
    CHECK(call["hints"].size() == 1);
    CHECK(call["hints"]["urgency"]["type"] == "y");
    CHECK(call["urgency"] == 1);
    CHECK(call["expire_timeout"] == -1);
    CHECK(call["id"] == *first);
    CHECK(calls[1]["summary"] == "second");
    CHECK(calls[1]["body"] == "body two");

    const auto garbled = send_desktop_notification({"bad \xff byte", "body"}, 1s);
    REQUIRE_FALSE(garbled.ok());
    CHECK(contains(garbled.error().message, "must be UTF-8"));
    CHECK(listener.calls().size() == 2);
    CHECK(listener.stop() == 0);  // exit status 0 on SIGTERM
}

TEST_CASE("send_desktop_notification finds the bus at XDG_RUNTIME_DIR/bus") {
    TempDir dir;
    PrivateBus bus(dir.path());
    Listener listener(bus.address(), dir.path());
    EnvGuard env;
    env.set("DBUS_SESSION_BUS_ADDRESS", std::nullopt);
    env.set("XDG_RUNTIME_DIR", dir.path().string());  // where the private bus listens: DIR/bus

    CHECK(session_bus_present());
    const auto sent = send_desktop_notification(k_notice, 1s);
    REQUIRE_MESSAGE(sent.ok(), sent.error().message);
    CHECK(listener.calls().size() == 1);
}

TEST_CASE("send_desktop_notification fails at once with ServiceUnknown when no server is there") {
    TempDir dir;
    PrivateBus bus(dir.path());
    EnvGuard env;
    use_bus(env, bus.address());

    const auto start = SteadyClock::now();
    const auto sent = send_desktop_notification(k_notice, 10s);
    REQUIRE_FALSE(sent.ok());
    CHECK(SteadyClock::now() - start < 5s);  // the bus's answer, not the timeout
    const std::string& message = sent.error().message;
    CHECK(contains(message, "desktop notification failed"));
    CHECK(contains(message, "org.freedesktop.DBus.Error.ServiceUnknown"));
    CHECK(contains(message, "is a notification server running?"));
    CHECK(contains(message, bus.address()));
}

TEST_CASE("send_desktop_notification reports the error the server replies") {
    TempDir dir;
    PrivateBus bus(dir.path());
    Listener listener(bus.address(), dir.path(), "error");
    EnvGuard env;
    use_bus(env, bus.address());

    const auto sent = send_desktop_notification(k_notice, 1s);
    REQUIRE_FALSE(sent.ok());
    CHECK(contains(sent.error().message, "org.freedesktop.DBus.Error.Failed"));
    CHECK(contains(sent.error().message, "notify_listener was told to fail"));
}

TEST_CASE("send_desktop_notification gives up when the server never replies") {
    TempDir dir;
    PrivateBus bus(dir.path());
    Listener listener(bus.address(), dir.path(), "none");
    EnvGuard env;
    use_bus(env, bus.address());

    const auto start = SteadyClock::now();
    const auto sent = send_desktop_notification(k_notice, 300ms);
    const auto took = SteadyClock::now() - start;
    REQUIRE_FALSE(sent.ok());
    CHECK(took >= 250ms);
    CHECK(took < 10s);
    // Our deadline or sd-bus's own call timeout, whichever is seen first.
    const std::string& message = sent.error().message;
    CHECK((contains(message, "no reply within 300 ms") || contains(message, "NoReply")));
    CHECK(listener.calls().size() == 1);  // it did arrive
}

TEST_CASE("send_desktop_notification gives up on a bus that never answers") {
    TempDir dir;
    const test::SilentSocket socket(dir.path() / "bus");  // accepts connections, says nothing
    EnvGuard env;
    use_bus(env, "unix:path=" + (dir.path() / "bus").string());

    const auto start = SteadyClock::now();
    const auto sent = send_desktop_notification(k_notice, 300ms);
    const auto took = SteadyClock::now() - start;
    REQUIRE_FALSE(sent.ok());
    CHECK(took >= 250ms);
    CHECK(took < 10s);
    CHECK(contains(sent.error().message, "no reply within 300 ms"));
}

TEST_CASE("send_desktop_notification fails when the bus address leads nowhere") {
    TempDir dir;
    EnvGuard env;
    const std::string address = "unix:path=" + (dir.path() / "nothing-here").string();
    use_bus(env, address);

    CHECK(session_bus_present());
    const auto sent = send_desktop_notification(k_notice, 1s);
    REQUIRE_FALSE(sent.ok());
    CHECK(contains(sent.error().message, "cannot connect"));
    CHECK(contains(sent.error().message, address));

    use_bus(env, "this is no address");
    const auto garbled = send_desktop_notification(k_notice, 1s);
    REQUIRE_FALSE(garbled.ok());
    CHECK(contains(garbled.error().message, "this is no address"));
}

TEST_CASE("SystemNotifier uses the desktop notification when the bus delivers") {
    TempDir dir;
    PrivateBus bus(dir.path());
    Listener listener(bus.address(), dir.path());
    EnvGuard env;
    use_bus(env, bus.address());
    const auto script = recording_script(dir.path());

    SystemNotifier notifier([&] { return "'" + script.string() + "'"; });
    const auto delivered = notifier.deliver(k_notice);
    REQUIRE_MESSAGE(delivered.ok(), delivered.error().message);
    CHECK(*delivered == "desktop notification");
    CHECK(listener.calls().size() == 1);
    CHECK(recorded_args(dir.path()).empty());  // the command did not run
}

TEST_CASE("SystemNotifier falls back to notify.command when the bus fails") {
    TempDir dir;
    EnvGuard env;
    const auto script = recording_script(dir.path());
    SystemNotifier notifier([&] { return "'" + script.string() + "' -a painlog"; });
    std::optional<PrivateBus> bus;  // only for the subcase that needs it

    SUBCASE("the address leads nowhere") {
        use_bus(env, "unix:path=" + (dir.path() / "nothing-here").string());
    }
    SUBCASE("no notification server on the bus") {
        bus.emplace(dir.path());
        use_bus(env, bus->address());
    }
    SUBCASE("no session bus at all") {
        env.set("DBUS_SESSION_BUS_ADDRESS", std::nullopt);
        env.set("XDG_RUNTIME_DIR", dir.path().string());  // no socket there
    }
    const auto delivered = notifier.deliver(k_notice);
    REQUIRE_MESSAGE(delivered.ok(), delivered.error().message);
    CHECK(*delivered == "notify.command " + script.string());
    CHECK(recorded_args(dir.path()) ==
          std::vector<std::string>{"-a", "painlog", k_notice.title, k_notice.body});
}

TEST_CASE("SystemNotifier says why every way failed") {
    TempDir dir;
    EnvGuard env;
    env.set("DBUS_SESSION_BUS_ADDRESS", std::nullopt);
    env.set("XDG_RUNTIME_DIR", std::nullopt);

    const auto unset = SystemNotifier([] { return std::string(); }).deliver(k_notice);
    REQUIRE_FALSE(unset.ok());
    CHECK(unset.error().message.starts_with("no session bus; notify.command is not set"));
    CHECK(contains(unset.error().message, "painlog config set notify.command"));

    const auto garbled = SystemNotifier([] { return std::string("notify-send 'oops"); })
                             .deliver(k_notice);
    REQUIRE_FALSE(garbled.ok());
    CHECK(garbled.error().message.starts_with(
        "no session bus; notify.command: 'notify-send 'oops' has a ' quote that is not closed"));

    const auto failing = test::write_script(dir.path(), "fails", "exit 3");
    const auto failed = SystemNotifier([&] { return failing.string(); }).deliver(k_notice);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().message.starts_with("no session bus; notify.command '"));
    CHECK(contains(failed.error().message, "exited with status 3"));

    const std::string address = "unix:path=" + (dir.path() / "nothing-here").string();
    env.set("DBUS_SESSION_BUS_ADDRESS", address);
    const auto both = SystemNotifier([] { return std::string(); }).deliver(k_notice);
    REQUIRE_FALSE(both.ok());
    CHECK(both.error().message.starts_with("desktop notification failed: cannot connect"));
    CHECK(contains(both.error().message, address));
    CHECK(contains(both.error().message, "; notify.command is not set"));
}

TEST_CASE("SystemNotifier reads notify.command at each delivery") {
    TempDir dir;
    EnvGuard env;
    env.set("DBUS_SESSION_BUS_ADDRESS", std::nullopt);
    env.set("XDG_RUNTIME_DIR", std::nullopt);
    const auto script = recording_script(dir.path());
    std::string setting;
    int reads = 0;
    SystemNotifier notifier([&] {
        ++reads;
        return setting;
    });

    CHECK_FALSE(notifier.deliver(k_notice).ok());
    setting = script.string();
    const auto delivered = notifier.deliver(k_notice);
    REQUIRE_MESSAGE(delivered.ok(), delivered.error().message);
    CHECK(reads == 2);
    CHECK(recorded_args(dir.path()) == std::vector<std::string>{k_notice.title, k_notice.body});
}

}  // namespace
}  // namespace painlog::daemon
