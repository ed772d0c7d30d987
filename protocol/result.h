// The error convention of painlog's library code (protocol, store, handlers):
// functions return Result<T>, holding either a value or an Error; they do not throw.
// An Error carries the wire error code and a message for a person that names the
// field, the value and what is allowed. Plain values; not synchronised.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "protocol/error_code.h"

namespace painlog::protocol {

struct Error {
    ErrorCode code = ErrorCode::k_internal_error;
    std::string message;  // one sentence; names field, value and what is allowed
    std::string field;    // the offending field, or empty
    std::string value;    // the offending value as the user wrote it, or empty
    std::string allowed;  // what would have been accepted, or empty
    std::optional<long> row;  // 1-based data row of an import, if any
};

// An invalid_params error about one field.
[[nodiscard]] Error invalid_field(std::string field, std::string value, std::string allowed);

// `error` about data row `row` (1-based) of an import or a CSV: the row is set and
// the message starts "row N: ".
[[nodiscard]] Error at_row(Error error, long row);

[[nodiscard]] inline Error make_error(ErrorCode code, std::string message) {
    return Error{code, std::move(message), {}, {}, {}, {}};
}

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}  // NOLINT: implicit by design
    Result(Error error) : m_state(std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    // Precondition: ok().
    T& value() & { return std::get<0>(m_state); }
    const T& value() const& { return std::get<0>(m_state); }
    // On a temporary: the value itself, moved out, so nothing can dangle.
    T value() && { return std::get<0>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T operator*() && { return std::move(*this).value(); }

    // Precondition: !ok().
    const Error& error() const& { return std::get<1>(m_state); }
    Error error() && { return std::get<1>(std::move(m_state)); }

private:
    std::variant<T, Error> m_state;
};

// Result of an operation with nothing to return.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const& { return *m_error; }
    Error error() && { return std::move(*m_error); }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

}  // namespace painlog::protocol
