// notify_listener: a stand-in desktop notification server for tests (unit and end-to-end).
// It connects to the D-Bus bus at ADDRESS, owns org.freedesktop.Notifications and serves, at
// /org/freedesktop/Notifications, Notify, GetCapabilities, GetServerInformation and
// CloseNotification. Single-threaded: one sd-event loop.
//
// Usage: notify_listener ADDRESS CALLS [--reply=ok|error|none]
//   ADDRESS  a D-Bus address, e.g. unix:path=/tmp/x/bus (a private dbus-daemon's, never the
//            user's own session bus, where a real notification server owns the name).
//   CALLS    the file each Notify call is appended to as one JSON line (created 0644 at start,
//            never truncated; each line goes out in one write(), so readers never see half):
//              {"app_name":"painlog","replaces_id":0,"app_icon":"","summary":"...",
//               "body":"...","actions":[],"hints":{"urgency":{"type":"y","value":1}},
//               "urgency":1,"expire_timeout":-1,"id":1}
//            "hints" holds every hint as {type, value} (value null for non-basic types);
//            "urgency" is the urgency hint when it is a byte, else null; "id" is what was
//            replied (0 with --reply=error or none).
//   --reply  ok (default): reply with ids 1, 2, 3, ...; error: reply with the D-Bus error
//            org.freedesktop.DBus.Error.Failed; none: never reply (to test timeouts).
// Ready: once the name is owned it creates CALLS.ready (empty), then prints "ready" and a
// newline on stdout. Either says that calls from now on reach it.
// Exit: 0 on SIGTERM or SIGINT; 1 when it cannot connect or own the name (the reason on
// stderr) or when the bus goes away; 2 on bad usage.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace {

enum class ReplyMode { k_ok, k_error, k_none };

// The listener's state; only the event loop's thread touches it.
struct Listener {
    std::string calls_path;
    ReplyMode mode = ReplyMode::k_ok;
    std::uint32_t next_id = 1;
};

constexpr const char* k_name = "org.freedesktop.Notifications";
constexpr const char* k_path = "/org/freedesktop/Notifications";

// Says what failed on stderr; returns 1, the exit code for it.
int complain(std::string_view what, int negative_errno) {
    std::fprintf(stderr, "notify_listener: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
                 std::strerror(-negative_errno));
    return 1;
}

// Reads one basic value of `type` into JSON; non-basic values are skipped and give null.
int read_basic(sd_bus_message* message, char type, nlohmann::json& out) {
    int r = 0;
    auto read = [&](auto value) {
        r = sd_bus_message_read_basic(message, type, &value);
        if (r > 0) out = value;
    };
    switch (type) {
        case 'y': read(std::uint8_t{}); break;
        case 'b': {
            int value = 0;  // D-Bus booleans are read as int
            r = sd_bus_message_read_basic(message, 'b', &value);
            if (r > 0) out = value != 0;
            break;
        }
        case 'n': read(std::int16_t{}); break;
        case 'q': read(std::uint16_t{}); break;
        case 'i': read(std::int32_t{}); break;
        case 'u': read(std::uint32_t{}); break;
        case 'x': read(std::int64_t{}); break;
        case 't': read(std::uint64_t{}); break;
        case 'd': read(double{}); break;
        case 's':
        case 'o':
        case 'g': {
            const char* text = nullptr;
            r = sd_bus_message_read_basic(message, type, &text);
            if (r > 0) out = text;
            break;
        }
        default: {
            const char signature[2] = {type, '\0'};
            out = nullptr;
            r = sd_bus_message_skip(message, signature);
        }
    }
    return r;
}

// Reads a{sv} into {key: {type, value}}.
int read_hints(sd_bus_message* message, nlohmann::json& hints) {
    hints = nlohmann::json::object();
    int r = sd_bus_message_enter_container(message, 'a', "{sv}");
    if (r < 0) return r;
    while ((r = sd_bus_message_enter_container(message, 'e', "sv")) > 0) {
        const char* key = nullptr;
        const char* contents = nullptr;
        if ((r = sd_bus_message_read_basic(message, 's', &key)) < 0) return r;
        if ((r = sd_bus_message_peek_type(message, nullptr, &contents)) < 0) return r;
        if ((r = sd_bus_message_enter_container(message, 'v', contents)) < 0) return r;
        nlohmann::json value;
        if (std::strlen(contents) == 1) {
            r = read_basic(message, contents[0], value);
        } else {
            r = sd_bus_message_skip(message, contents);
        }
        if (r < 0) return r;
        hints[key] = {{"type", contents}, {"value", value}};
        if ((r = sd_bus_message_exit_container(message)) < 0) return r;  // variant
        if ((r = sd_bus_message_exit_container(message)) < 0) return r;  // dict entry
    }
    if (r < 0) return r;
    return sd_bus_message_exit_container(message);
}

// Appends `line` and a newline in one write(); 0, or the errno of what failed.
int append_line(const std::string& path, const std::string& line) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return errno;
    const std::string text = line + "\n";
    const ssize_t written = ::write(fd, text.data(), text.size());
    const int error = written < 0 ? errno : written == static_cast<ssize_t>(text.size()) ? 0 : EIO;
    ::close(fd);
    return error;
}

int on_notify(sd_bus_message* message, void* userdata, sd_bus_error* error) {
    auto& listener = *static_cast<Listener*>(userdata);
    const char* app_name = nullptr;
    std::uint32_t replaces_id = 0;
    const char* app_icon = nullptr;
    const char* summary = nullptr;
    const char* body = nullptr;
    int r = sd_bus_message_read(message, "susss", &app_name, &replaces_id, &app_icon, &summary,
                                &body);
    if (r < 0) return r;
    nlohmann::json actions = nlohmann::json::array();
    if ((r = sd_bus_message_enter_container(message, 'a', "s")) < 0) return r;
    const char* action = nullptr;
    while ((r = sd_bus_message_read_basic(message, 's', &action)) > 0) actions.push_back(action);
    if (r < 0 || (r = sd_bus_message_exit_container(message)) < 0) return r;
    nlohmann::json hints;
    if ((r = read_hints(message, hints)) < 0) return r;
    std::int32_t expire_timeout = 0;
    if ((r = sd_bus_message_read(message, "i", &expire_timeout)) < 0) return r;

    const std::uint32_t id = listener.mode == ReplyMode::k_ok ? listener.next_id++ : 0;
    const bool urgency_is_byte = hints.contains("urgency") && hints["urgency"]["type"] == "y";
    const nlohmann::json call = {
        {"app_name", app_name}, {"replaces_id", replaces_id}, {"app_icon", app_icon},
        {"summary", summary},   {"body", body},               {"actions", actions},
        {"hints", hints},       {"urgency", urgency_is_byte ? hints["urgency"]["value"] : nullptr},
        {"expire_timeout", expire_timeout}, {"id", id}};
    const int failed = append_line(
        listener.calls_path, call.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (failed != 0) {
        (void)complain("cannot append to " + listener.calls_path, -failed);
        return sd_bus_error_set_errno(error, failed);
    }
    switch (listener.mode) {
        case ReplyMode::k_ok: return sd_bus_reply_method_return(message, "u", id);
        case ReplyMode::k_error:
            return sd_bus_reply_method_errorf(message, SD_BUS_ERROR_FAILED,
                                              "notify_listener was told to fail");
        case ReplyMode::k_none: return 1;  // handled; the caller waits in vain
    }
    return 1;
}

int on_get_capabilities(sd_bus_message* message, void* /*userdata*/, sd_bus_error* /*error*/) {
    return sd_bus_reply_method_return(message, "as", 1U, "body");
}

int on_get_server_information(sd_bus_message* message, void* /*userdata*/,
                              sd_bus_error* /*error*/) {
    return sd_bus_reply_method_return(message, "ssss", "notify_listener", "painlog", "1", "1.2");
}

int on_close_notification(sd_bus_message* message, void* /*userdata*/, sd_bus_error* /*error*/) {
    std::uint32_t id = 0;
    const int r = sd_bus_message_read(message, "u", &id);
    if (r < 0) return r;
    return sd_bus_reply_method_return(message, "");
}

const sd_bus_vtable k_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Notify", "susssasa{sv}i", "u", on_notify, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("GetCapabilities", "", "as", on_get_capabilities, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("GetServerInformation", "", "ssss", on_get_server_information,
                  SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("CloseNotification", "u", "", on_close_notification,
                  SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

struct BusCloser {
    void operator()(sd_bus* bus) const { sd_bus_flush_close_unref(bus); }
};
struct EventUnref {
    void operator()(sd_event* event) const { sd_event_unref(event); }
};

int usage() {
    std::fputs("usage: notify_listener ADDRESS CALLS [--reply=ok|error|none]\n", stderr);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4) return usage();
    Listener listener;
    listener.calls_path = argv[2];
    if (argc == 4) {
        const std::string_view option = argv[3];
        if (option == "--reply=ok") {
            listener.mode = ReplyMode::k_ok;
        } else if (option == "--reply=error") {
            listener.mode = ReplyMode::k_error;
        } else if (option == "--reply=none") {
            listener.mode = ReplyMode::k_none;
        } else {
            return usage();
        }
    }

    // sd-event takes the signals over only while they are blocked.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigprocmask(SIG_BLOCK, &signals, nullptr);

    sd_event* raw_event = nullptr;
    int r = sd_event_new(&raw_event);
    if (r < 0) return complain("sd_event_new", r);
    const std::unique_ptr<sd_event, EventUnref> event(raw_event);
    // No handler: the loop exits with the userdata as its code, here 0.
    if ((r = sd_event_add_signal(event.get(), nullptr, SIGTERM, nullptr, nullptr)) < 0 ||
        (r = sd_event_add_signal(event.get(), nullptr, SIGINT, nullptr, nullptr)) < 0) {
        return complain("sd_event_add_signal", r);
    }

    sd_bus* raw_bus = nullptr;
    if ((r = sd_bus_new(&raw_bus)) < 0) return complain("sd_bus_new", r);
    const std::unique_ptr<sd_bus, BusCloser> bus(raw_bus);
    if ((r = sd_bus_set_address(bus.get(), argv[1])) < 0 ||
        (r = sd_bus_set_bus_client(bus.get(), 1)) < 0 || (r = sd_bus_start(bus.get())) < 0) {
        return complain(std::string("cannot connect to ") + argv[1], r);
    }
    if ((r = sd_bus_attach_event(bus.get(), event.get(), SD_EVENT_PRIORITY_NORMAL)) < 0 ||
        (r = sd_bus_set_exit_on_disconnect(bus.get(), 1)) < 0) {
        return complain("sd_bus_attach_event", r);
    }
    if ((r = sd_bus_add_object_vtable(bus.get(), nullptr, k_path, k_name, k_vtable, &listener)) <
        0) {
        return complain("sd_bus_add_object_vtable", r);
    }
    const int calls_fd =
        ::open(listener.calls_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (calls_fd < 0) return complain("cannot create " + listener.calls_path, -errno);
    ::close(calls_fd);
    if ((r = sd_bus_request_name(bus.get(), k_name, 0)) < 0) {
        return complain(std::string("cannot own ") + k_name, r);
    }

    const std::string ready_path = listener.calls_path + ".ready";
    const int ready_fd = ::open(ready_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (ready_fd < 0) return complain("cannot create " + ready_path, -errno);
    ::close(ready_fd);
    std::fputs("ready\n", stdout);
    std::fflush(stdout);

    r = sd_event_loop(event.get());
    if (r < 0) return complain("sd_event_loop", r);
    return r;
}
