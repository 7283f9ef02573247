#pragma once
// Result<T, E>: the value of an operation that can fail in an expected way (bad content, a full
// disk, no network). Programmer mistakes are asserts; expected failures travel as values, with
// a kind that stays the same from where they happen up to the screen or the log, so that "the
// stick is full", "the outbox is locked" and "the collector refused" never blur into one.

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ruhr {

/// What kind of failure it is: what the app, staff or the log do about it differs by kind.
enum class ErrorKind {
    Invalid,      // the input is wrong: content, a file's format, a request, a setting
    NotFound,     // a file, folder, record or device is not there
    StorageFull,  // the disk or the stick is full
    ReadOnly,     // the storage cannot be written (read-only medium, permissions)
    Locked,       // another process holds it (a busy database, a lockout)
    Damaged,      // a file or database is corrupt
    TooNew,       // written by a newer version: refused and left untouched
    Outdated,     // older than what is already there, or expired: a content pack that went back
    Network,      // no complete answer: offline, refused connection, timeout, TLS
    Refused,      // the other side said no: a wrong token, a signature that does not verify
    Io,           // another failure of the operating system
    Other,
};

/// "invalid", "not-found", "storage-full" ...: for logs and events.
constexpr const char* error_kind_name(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Invalid: return "invalid";
    case ErrorKind::NotFound: return "not-found";
    case ErrorKind::StorageFull: return "storage-full";
    case ErrorKind::ReadOnly: return "read-only";
    case ErrorKind::Locked: return "locked";
    case ErrorKind::Damaged: return "damaged";
    case ErrorKind::TooNew: return "too-new";
    case ErrorKind::Outdated: return "outdated";
    case ErrorKind::Network: return "network";
    case ErrorKind::Refused: return "refused";
    case ErrorKind::Io: return "io";
    case ErrorKind::Other: return "other";
    }
    return "other";
}

/// An expected failure: its kind and a message meant for a person (staff or log).
struct Error {
    ErrorKind kind = ErrorKind::Other;
    std::string message;

    Error() = default;
    explicit Error(std::string text) : message(std::move(text)) {}
    explicit Error(const char* text) : message(text) {}
    Error(ErrorKind k, std::string text) : kind(k), message(std::move(text)) {}

    /// The same failure, passed on with what was being done: "cannot read the outbox: <message>".
    Error context(std::string_view doing) const { return Error{kind, std::string(doing) + ": " + message}; }
};

/// Either a T or an E, in the spirit of std::expected (not in GCC 12's C++20).
template <class T, class E = Error>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(E error) : m_v(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() {
        assert(ok());
        return std::get<0>(m_v);
    }
    const T& value() const {
        assert(ok());
        return std::get<0>(m_v);
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

    const E& error() const {
        assert(!ok());
        return std::get<1>(m_v);
    }

private:
    std::variant<T, E> m_v;
};

/// The value of an operation that succeeds with nothing to return.
using Done = std::monostate;
/// Success, or why not: the result of a write, a step, a run.
using Status = Result<Done>;
/// Success (for `return ok_status();` where the type would otherwise be spelled out).
inline Status ok_status() { return Done{}; }

}  // namespace ruhr
