#pragma once
// A small SQLite wrapper. Callers never see sqlite3.h: they get a Database, prepared
// Statements, and Result values whose errors say what failed and why (disk full, read-only
// media, locked, damaged).

#include "base/result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace ruhr {

/// Why a database operation failed, in the categories the app reacts to differently.
enum class DbFailure { None, Full, ReadOnly, Busy, Corrupt, TooNew, Other };

/// A failure with its category and SQLite's message.
struct DbError {
    DbFailure kind = DbFailure::Other;
    std::string message;
};

/// A prepared statement, reset and rebound for each use.
class Statement {
public:
    Statement() = default;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    ~Statement();

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind_null(int index);
    /// Steps once: true while a row is available, false when done; errors go to `error`.
    bool step(std::optional<DbError>& error);
    /// Steps to the end (for INSERT/UPDATE); returns the error, if any.
    std::optional<DbError> run();
    std::string column_text(int index) const;
    std::int64_t column_int(int index) const;
    double column_double(int index) const;
    bool column_is_null(int index) const;
    void reset();

private:
    friend class Database;
    Statement(sqlite3_stmt* stmt, sqlite3* db) : m_stmt(stmt), m_db(db) {}
    sqlite3_stmt* m_stmt = nullptr;
    sqlite3* m_db = nullptr;
};

/// An open database connection.
class Database {
public:
    enum class Create { Yes, No };
    /// Opens `path` (":memory:" for a private in-memory database) with a busy timeout.
    static Result<std::unique_ptr<Database>> open(const std::string& path, Create create = Create::Yes);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs one or more statements without results.
    std::optional<DbError> exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    /// One text value from a query (for PRAGMAs); nullopt on error, described in `error`.
    std::optional<std::string> query_text(std::string_view sql, std::optional<DbError>* error = nullptr);
    /// True when SQLite opened the file read-only (no write permission).
    bool read_only() const;
    std::int64_t last_insert_rowid() const;
    std::optional<DbError> last_error() const;
    const std::string& path() const { return m_path; }

    /// Maps an SQLite result code, its message and the OS error (errno) to a DbError.
    static DbError error_from(int code, std::string message, int system_errno = 0);

private:
    Database(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}
    sqlite3* m_db;
    std::string m_path;
};

/// Text for a person: "the disk is full", "the storage is read-only", ...
std::string describe(const DbError& e);

} // namespace ruhr
