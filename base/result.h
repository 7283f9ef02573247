#pragma once
// Result<T>: the value of an operation that can fail in an expected way (bad content, missing
// file). Programmer mistakes are asserts; expected failures travel as values to a message.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace ruhr {

/// An expected failure with a message meant for a person (staff or log).
struct Error {
    std::string message;
};

/// Either a T or an Error, in the spirit of std::expected (not in GCC 12's C++20).
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }

    T& value() { assert(ok()); return std::get<T>(m_v); }
    const T& value() const { assert(ok()); return std::get<T>(m_v); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

    const Error& error() const { assert(!ok()); return std::get<Error>(m_v); }

private:
    std::variant<T, Error> m_v;
};

} // namespace ruhr
