#include "daemon/notifier.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <systemd/sd-bus.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <system_error>
#include <utility>

namespace painlog::daemon {
namespace {

using protocol::ErrorCode;
using protocol::make_error;
using SteadyClock = std::chrono::steady_clock;

std::string errno_text(int error) { return std::generic_category().message(error); }

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value == nullptr ? std::string() : std::string(value);
}

// A D-Bus address value: bytes outside [-0-9A-Za-z_/.\*] become %xx (D-Bus spec, Addresses).
std::string escape_address_value(std::string_view value) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || std::string_view("-_/.\\*").find(c) != std::string::npos) {
            out += c;
        } else {
            out += '%';
            out += k_hex[byte >> 4];
            out += k_hex[byte & 0x0f];
        }
    }
    return out;
}

// Where sd_bus_open_user would connect; empty when neither variable names a bus.
std::string session_bus_address() {
    std::string address = environment("DBUS_SESSION_BUS_ADDRESS");
    if (!address.empty()) return address;
    const std::string runtime_dir = environment("XDG_RUNTIME_DIR");
    if (runtime_dir.empty()) return {};
    return "unix:path=" + escape_address_value(runtime_dir + "/bus");
}

// sd-bus, from libsystemd loaded for one delivery and unloaded after it: painlogd
// spends most of its life waiting, without libsystemd and the libraries it brings
// (libgcrypt, liblz4, libzstd, liblzma, libcap: about 1 MB resident) mapped.
class SdBus {
public:
    SdBus() : m_library(::dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL)) {
        if (m_library == nullptr) {
            const char* why = ::dlerror();
            m_error = std::string("cannot load libsystemd.so.0 (") + (why != nullptr ? why : "unknown") + ")";
            return;
        }
        resolve(bus_new, "sd_bus_new");
        resolve(bus_set_address, "sd_bus_set_address");
        resolve(bus_set_description, "sd_bus_set_description");
        resolve(bus_set_bus_client, "sd_bus_set_bus_client");
        resolve(bus_set_method_call_timeout, "sd_bus_set_method_call_timeout");
        resolve(bus_start, "sd_bus_start");
        resolve(bus_close_unref, "sd_bus_close_unref");
        resolve(bus_process, "sd_bus_process");
        resolve(bus_wait, "sd_bus_wait");
        resolve(bus_call_async, "sd_bus_call_async");
        resolve(bus_slot_unref, "sd_bus_slot_unref");
        resolve(message_new_method_call, "sd_bus_message_new_method_call");
        resolve(message_append, "sd_bus_message_append");
        resolve(message_get_error, "sd_bus_message_get_error");
        resolve(message_read, "sd_bus_message_read");
        resolve(message_unref, "sd_bus_message_unref");
    }
    SdBus(const SdBus&) = delete;
    SdBus& operator=(const SdBus&) = delete;
    ~SdBus() {
        if (m_library != nullptr) ::dlclose(m_library);
    }

    // Empty when every function below was found.
    [[nodiscard]] const std::string& error() const { return m_error; }

    decltype(&::sd_bus_new) bus_new = nullptr;
    decltype(&::sd_bus_set_address) bus_set_address = nullptr;
    decltype(&::sd_bus_set_description) bus_set_description = nullptr;
    decltype(&::sd_bus_set_bus_client) bus_set_bus_client = nullptr;
    decltype(&::sd_bus_set_method_call_timeout) bus_set_method_call_timeout = nullptr;
    decltype(&::sd_bus_start) bus_start = nullptr;
    decltype(&::sd_bus_close_unref) bus_close_unref = nullptr;
    decltype(&::sd_bus_process) bus_process = nullptr;
    decltype(&::sd_bus_wait) bus_wait = nullptr;
    decltype(&::sd_bus_call_async) bus_call_async = nullptr;
    decltype(&::sd_bus_slot_unref) bus_slot_unref = nullptr;
    decltype(&::sd_bus_message_new_method_call) message_new_method_call = nullptr;
    decltype(&::sd_bus_message_append) message_append = nullptr;
    decltype(&::sd_bus_message_get_error) message_get_error = nullptr;
    decltype(&::sd_bus_message_read) message_read = nullptr;
    decltype(&::sd_bus_message_unref) message_unref = nullptr;

private:
    template <typename Function>
    void resolve(Function& function, const char* name) {
        function = reinterpret_cast<Function>(::dlsym(m_library, name));
        if (function == nullptr && m_error.empty()) m_error = std::string("libsystemd.so.0 lacks ") + name;
    }

    void* m_library;
    std::string m_error;
};

// Closing without flushing: sd_bus_flush waits with no bound on a bus that never finished
// authenticating. After a reply has arrived nothing of ours is left to write anyway.
struct BusCloser {
    const SdBus* sd;
    void operator()(sd_bus* bus) const { sd->bus_close_unref(bus); }
};
struct MessageUnref {
    const SdBus* sd;
    void operator()(sd_bus_message* message) const { sd->message_unref(message); }
};
struct SlotUnref {
    const SdBus* sd;
    void operator()(sd_bus_slot* slot) const { sd->bus_slot_unref(slot); }
};

// What the reply callback saw; written only by on_notify_reply.
struct CallOutcome {
    const SdBus* sd = nullptr;
    bool done = false;
    std::uint32_t id = 0;
    std::string error;  // empty: success
};

int on_notify_reply(sd_bus_message* reply, void* userdata, sd_bus_error* /*ret_error*/) {
    auto& outcome = *static_cast<CallOutcome*>(userdata);
    outcome.done = true;
    if (const sd_bus_error* error = outcome.sd->message_get_error(reply)) {
        outcome.error = error->name != nullptr ? error->name : "an unnamed D-Bus error";
        if (error->message != nullptr) outcome.error += std::string(": ") + error->message;
        return 0;
    }
    const int r = outcome.sd->message_read(reply, "u", &outcome.id);
    if (r < 0) outcome.error = "the reply to Notify holds no uint32 id (" + errno_text(-r) + ")";
    return 0;
}

}  // namespace

bool session_bus_present() {
    if (!environment("DBUS_SESSION_BUS_ADDRESS").empty()) return true;
    const std::string runtime_dir = environment("XDG_RUNTIME_DIR");
    struct stat info {};
    return !runtime_dir.empty() && ::stat((runtime_dir + "/bus").c_str(), &info) == 0 &&
           S_ISSOCK(info.st_mode);
}

protocol::Result<std::uint32_t> send_desktop_notification(const Notice& notice,
                                                          std::chrono::milliseconds timeout) {
    const std::string address = session_bus_address();
    auto fail = [&address](const std::string& what) {
        return make_error(ErrorCode::k_internal_error, "desktop notification failed: " + what +
                                                           " (session bus " + address + ")");
    };
    if (address.empty()) {
        return make_error(ErrorCode::k_internal_error,
                          "desktop notification failed: no session bus (neither "
                          "DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set)");
    }
    timeout = std::max(timeout, std::chrono::milliseconds(1));  // 0 would mean sd-bus's 25 s
    const auto deadline = SteadyClock::now() + timeout;
    const auto timeout_usec = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(timeout).count());

    const SdBus sd;  // unloaded last, after everything below that it made
    if (!sd.error().empty()) return fail(sd.error());
    CallOutcome outcome;  // outlives the bus and the slot that point at it
    outcome.sd = &sd;
    sd_bus* raw_bus = nullptr;
    int r = sd.bus_new(&raw_bus);
    if (r < 0) return fail("cannot create a bus connection: " + errno_text(-r));
    const std::unique_ptr<sd_bus, BusCloser> bus(raw_bus, BusCloser{&sd});
    if ((r = sd.bus_set_address(bus.get(), address.c_str())) < 0) {
        return fail("the address is not valid: " + errno_text(-r));
    }
    (void)sd.bus_set_description(bus.get(), "painlog-notify");
    (void)sd.bus_set_bus_client(bus.get(), 1);
    (void)sd.bus_set_method_call_timeout(bus.get(), timeout_usec);  // covers Hello too
    if ((r = sd.bus_start(bus.get())) < 0) return fail("cannot connect: " + errno_text(-r));

    sd_bus_message* raw_call = nullptr;
    r = sd.message_new_method_call(bus.get(), &raw_call, "org.freedesktop.Notifications",
                                   "/org/freedesktop/Notifications", "org.freedesktop.Notifications", "Notify");
    const std::unique_ptr<sd_bus_message, MessageUnref> call(raw_call, MessageUnref{&sd});
    if (r >= 0) {
        // app_name, replaces_id, app_icon, summary, body, actions (none),
        // hints {urgency: byte 1 = normal}, expire_timeout (-1 = the server decides).
        // sd-bus reads arrays' counts as unsigned and bytes as promoted int.
        r = sd.message_append(call.get(), "susssasa{sv}i", "painlog", std::uint32_t{0}, "", notice.title.c_str(),
                              notice.body.c_str(), 0U, 1U, "urgency", "y", 1, std::int32_t{-1});
    }
    if (r < 0) {
        return fail("cannot build the Notify call (title and body must be UTF-8): " +
                    errno_text(-r));
    }
    sd_bus_slot* raw_slot = nullptr;
    r = sd.bus_call_async(bus.get(), &raw_slot, call.get(), on_notify_reply, &outcome, timeout_usec);
    const std::unique_ptr<sd_bus_slot, SlotUnref> slot(raw_slot, SlotUnref{&sd});
    if (r < 0) return fail("cannot send Notify: " + errno_text(-r));

    // Our own loop rather than sd_bus_call: its wait for authentication has no bound of ours.
    for (;;) {
        r = sd.bus_process(bus.get(), nullptr);
        if (outcome.done) break;
        if (r < 0) return fail("the connection failed: " + errno_text(-r));
        if (r > 0) continue;
        const auto now = SteadyClock::now();
        if (now >= deadline) {
            return fail("no reply within " + std::to_string(timeout.count()) + " ms");
        }
        const auto left = std::chrono::ceil<std::chrono::microseconds>(deadline - now);
        r = sd.bus_wait(bus.get(), static_cast<std::uint64_t>(left.count()));
        if (r < 0 && r != -EINTR) return fail("waiting for the reply: " + errno_text(-r));
    }
    if (!outcome.error.empty()) {
        return fail(outcome.error + (outcome.error.find("ServiceUnknown") != std::string::npos
                                         ? "; is a notification server running?"
                                         : ""));
    }
    return outcome.id;
}

SystemNotifier::SystemNotifier(std::function<std::string()> command_setting,
                               std::chrono::milliseconds bus_timeout,
                               std::chrono::milliseconds command_timeout)
    : m_command_setting(std::move(command_setting)),
      m_bus_timeout(bus_timeout),
      m_command_timeout(command_timeout) {}

protocol::Result<std::string> SystemNotifier::deliver(const Notice& notice) {
    std::string why;  // how each way failed, "; "-separated
    if (session_bus_present()) {
        const auto sent = send_desktop_notification(notice, m_bus_timeout);
        if (sent) return std::string("desktop notification");
        why = sent.error().message;
    } else {
        why = "no session bus";
    }
    const std::string setting = m_command_setting ? m_command_setting() : std::string();
    if (setting.empty()) {
        return make_error(ErrorCode::k_internal_error,
                          why + "; notify.command is not set (to set one: painlog config set "
                                "notify.command 'notify-send -a painlog --')");
    }
    const auto argv = split_command(setting);
    if (!argv) return make_error(ErrorCode::k_invalid_params, why + "; " + argv.error().message);
    const auto ran = run_notify_command(*argv, notice, m_command_timeout);
    if (ran) return "notify.command " + argv->front();
    return make_error(ErrorCode::k_internal_error, why + "; " + ran.error().message);
}

}  // namespace painlog::daemon
