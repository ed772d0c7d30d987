// The exit codes of painlog (sysexits.h numbering) and the CLI's error convention:
// a command that cannot finish throws a Failure carrying the message for the user and
// its exit code; main() catches it in its one catch block, prints "painlog: MESSAGE"
// and returns the code. Daemon errors map to exit codes in exit_code_for(), the only
// place that map lives (PROTOCOL.md, Errors, column "CLI exit"). Thread-safe: pure.
#pragma once

#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>

#include "protocol/error_code.h"
#include "protocol/result.h"

namespace painlog::cli {

enum class ExitCode : int {
    k_ok = 0,
    k_failure = 1,
    k_usage = 64,         // unknown command or flag, missing or malformed argument
    k_data = 65,          // invalid data, conflict, not found
    k_no_input = 66,      // a file to read is missing or unreadable
    k_unavailable = 69,   // painlogd unreachable and could not be started
    k_software = 70,      // internal error (a bug in painlog or painlogd)
    k_cant_create = 73,   // cannot write the --out file
    k_io = 74,            // storage full or storage error in painlogd
    k_temp_fail = 75,     // painlogd busy; try again
    k_protocol = 76,      // painlogd's reply could not be understood
};

[[nodiscard]] constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

// A command that cannot finish. what() is the message without the "painlog: " prefix;
// it says what went wrong and, where it helps, what to do next.
// `text` with each byte for which `escape` is true written as \xNN.
[[nodiscard]] std::string hex_escaped(std::string_view text, bool (*escape)(unsigned char byte));

class Failure : public std::runtime_error {
public:
    // Control characters in `message` (a NUL or an escape sequence quoted back from a
    // file or an argument) are written as \xNN: what() is a C string, cut at a NUL, and
    // goes to a terminal. Newlines and tabs stay.
    Failure(ExitCode code, const std::string& message)
        : std::runtime_error(printable(message)), m_code(code) {}

    [[nodiscard]] ExitCode code() const { return m_code; }

private:
    static std::string printable(const std::string& message);
    ExitCode m_code;
};

// The exit code for an error painlogd replied with.
[[nodiscard]] ExitCode exit_code_for(protocol::ErrorCode code);

// A daemon error as a Failure: its message (with the import row, if any) and
// exit_code_for(error.code).
[[nodiscard]] Failure failure_from(const protocol::Error& error);

// Prints "painlog: MESSAGE" to `err` and returns the exit code: a Failure's own,
// k_software for any other exception (which is a bug).
[[nodiscard]] ExitCode report_failure(const std::exception& error, std::ostream& err);

}  // namespace painlog::cli
