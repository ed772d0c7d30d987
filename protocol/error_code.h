// The error codes and kind names of protocol version 1 (PROTOCOL.md, Errors).
// Shared by the daemon, which sends them, and the CLI, which maps them to exit codes.
#pragma once

#include <optional>
#include <string_view>

namespace painlog::protocol {

enum class ErrorCode : int {
    k_parse_error = -32700,
    k_invalid_request = -32600,
    k_method_not_found = -32601,
    k_invalid_params = -32602,
    k_internal_error = -32603,
    k_busy = -32000,
    k_conflict = -32001,
    k_not_found = -32002,
    k_storage_full = -32003,
    k_storage_error = -32004,
    k_undelivered = -32005,
};

// The kind name sent in error.data.kind, e.g. "invalid_params".
[[nodiscard]] std::string_view error_kind(ErrorCode code);

// The ErrorCode for a numeric code received on the wire, if it is one of ours.
[[nodiscard]] std::optional<ErrorCode> error_code_from_int(int code);

}  // namespace painlog::protocol
