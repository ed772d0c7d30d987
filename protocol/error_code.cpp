#include "protocol/error_code.h"

#include <array>
#include <utility>

#include "protocol/result.h"

namespace painlog::protocol {
namespace {

constexpr std::array<std::pair<ErrorCode, std::string_view>, 11> k_kinds{{
    {ErrorCode::k_parse_error, "parse_error"},
    {ErrorCode::k_invalid_request, "invalid_request"},
    {ErrorCode::k_method_not_found, "method_not_found"},
    {ErrorCode::k_invalid_params, "invalid_params"},
    {ErrorCode::k_internal_error, "internal_error"},
    {ErrorCode::k_busy, "busy"},
    {ErrorCode::k_conflict, "conflict"},
    {ErrorCode::k_not_found, "not_found"},
    {ErrorCode::k_storage_full, "storage_full"},
    {ErrorCode::k_storage_error, "storage_error"},
    {ErrorCode::k_undelivered, "undelivered"},
}};

}  // namespace

std::string_view error_kind(ErrorCode code) {
    for (const auto& [known, kind] : k_kinds) {
        if (known == code) return kind;
    }
    return "internal_error";
}

std::optional<ErrorCode> error_code_from_int(int code) {
    for (const auto& [known, kind] : k_kinds) {
        if (static_cast<int>(known) == code) return known;
    }
    return std::nullopt;
}

Error invalid_field(std::string field, std::string value, std::string allowed) {
    std::string message = field + ": '" + value + "' is not allowed; expected " + allowed;
    return Error{ErrorCode::k_invalid_params, std::move(message), std::move(field),
                 std::move(value), std::move(allowed), std::nullopt};
}

Error at_row(Error error, long row) {
    error.row = row;
    error.message = "row " + std::to_string(row) + ": " + error.message;
    return error;
}

}  // namespace painlog::protocol
