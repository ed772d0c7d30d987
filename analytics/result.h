// The one error convention of painlog::analytics: every fallible function returns a
// Result<T>, holding either a value or an Error whose message says what went wrong and
// what to do next. Nothing in analytics throws across its API.
// Thread-safety: plain values; safe to share for reading, not for concurrent writing.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace painlog::analytics {

// A failure: a message for people (names the column, the value, what is allowed).
struct Error {
    std::string message;
};

// Either a T or an Error (a small std::expected, which GCC 12 in C++20 lacks).
// Accessing value() on an error, or error() on a value, is a contract violation
// (std::get throws std::bad_variant_access; callers check ok() first).
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}           // NOLINT: implicit by design
    Result(Error error) : m_state(std::move(error)) {}       // NOLINT: implicit by design

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] const T& value() const& { return std::get<T>(m_state); }
    [[nodiscard]] T& value() & { return std::get<T>(m_state); }
    [[nodiscard]] T&& value() && { return std::get<T>(std::move(m_state)); }
    [[nodiscard]] const Error& error() const { return std::get<Error>(m_state); }

    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }
    const T& operator*() const& { return value(); }

private:
    std::variant<T, Error> m_state;
};

}  // namespace painlog::analytics
