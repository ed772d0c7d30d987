#include "cli/exit_code.h"

#include <ostream>

namespace painlog::cli {

using protocol::ErrorCode;

ExitCode exit_code_for(ErrorCode code) {
    switch (code) {
        case ErrorCode::k_parse_error:
        case ErrorCode::k_invalid_request:
        case ErrorCode::k_method_not_found:
        case ErrorCode::k_invalid_params:
        case ErrorCode::k_conflict:
        case ErrorCode::k_not_found:
            return ExitCode::k_data;
        case ErrorCode::k_internal_error:
            return ExitCode::k_software;
        case ErrorCode::k_busy:
            return ExitCode::k_temp_fail;
        case ErrorCode::k_storage_full:
        case ErrorCode::k_storage_error:
            return ExitCode::k_io;
        case ErrorCode::k_undelivered:
            return ExitCode::k_unavailable;
    }
    return ExitCode::k_software;  // a code outside the enum: treat as a bug
}

std::string hex_escaped(std::string_view text, bool (*escape)(unsigned char byte)) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (escape(byte)) {
            out += "\\x";
            out += k_hex[byte >> 4];
            out += k_hex[byte & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

std::string Failure::printable(const std::string& message) {
    return hex_escaped(message,
                       [](unsigned char byte) { return (byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7f; });
}

Failure failure_from(const protocol::Error& error) {
    std::string message = error.message;
    if (error.row && message.find("row") == std::string::npos) {
        message = "row " + std::to_string(*error.row) + ": " + message;
    }
    return Failure(exit_code_for(error.code), message);
}

ExitCode report_failure(const std::exception& error, std::ostream& err) {
    const auto* failure = dynamic_cast<const Failure*>(&error);
    if (failure != nullptr) {
        err << "painlog: " << failure->what() << '\n';
        return failure->code();
    }
    err << "painlog: internal error: " << error.what()
        << " (this is a bug in painlog; please report it)\n";
    return ExitCode::k_software;
}

}  // namespace painlog::cli
