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
    /// Steps once: true while a row is available, false when done or failed; a failure goes to
    /// `error` (a cursor: `while (st.step(err)) ...; if (err) ...`).
    bool step(std::optional<Error>& error);
    /// Steps to the end (for INSERT/UPDATE).
    Status run();
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
    Status exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    /// One text value from a query (for PRAGMAs); a query without a row is an error too.
    Result<std::string> query_text(std::string_view sql);
    /// True when SQLite opened the file read-only (no write permission).
    bool read_only() const;
    std::int64_t last_insert_rowid() const;
    /// The connection's last failure, if its last call failed.
    Status last_error() const;
    const std::string& path() const { return m_path; }

    /// Maps an SQLite result code, its message and the OS error (errno) to an Error whose kind
    /// the app reacts to (storage-full, read-only, locked, damaged) and whose message says so.
    static Error error_from(int code, std::string message, int system_errno = 0);

private:
    Database(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}
    sqlite3* m_db;
    std::string m_path;
};

}  // namespace ruhr
