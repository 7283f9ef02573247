#include "base/database.h"

#include <sqlite3.h>

#include <cerrno>

namespace ruhr {

Error Database::error_from(int code, std::string message, int system_errno) {
    ErrorKind kind = ErrorKind::Other;
    switch (code & 0xFF) {
    case SQLITE_FULL: kind = ErrorKind::StorageFull; break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM: kind = ErrorKind::ReadOnly; break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: kind = ErrorKind::Locked; break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: kind = ErrorKind::Damaged; break;
    case SQLITE_IOERR:
        // Write errors say why only through errno, which SQLite may have overwritten by the
        // time it reports: media gone read-only when errno says so, else a full disk.
        if (system_errno == EROFS || system_errno == EACCES || system_errno == EPERM)
            kind = ErrorKind::ReadOnly;
        else if (code == SQLITE_IOERR_WRITE || code == SQLITE_IOERR_FSYNC || code == SQLITE_IOERR_TRUNCATE ||
                 system_errno == ENOSPC || system_errno == EDQUOT || system_errno == EFBIG)
            kind = ErrorKind::StorageFull;
        else
            kind = ErrorKind::Io;
        break;
    default: break;
    }
    // The message says what the kind means for a person, with SQLite's own words after it.
    switch (kind) {
    case ErrorKind::StorageFull: return Error{kind, "the disk is full or cannot be written (" + message + ")"};
    case ErrorKind::ReadOnly: return Error{kind, "the storage is read-only or not accessible (" + message + ")"};
    case ErrorKind::Locked: return Error{kind, "the database is locked by another process (" + message + ")"};
    case ErrorKind::Damaged: return Error{kind, "the database file is damaged (" + message + ")"};
    default: return Error{kind, std::move(message)};
    }
}

// ---------------------------------------------------------------- Statement

Statement::Statement(Statement&& o) noexcept : m_stmt(o.m_stmt), m_db(o.m_db) { o.m_stmt = nullptr; }

Statement& Statement::operator=(Statement&& o) noexcept {
    if (this != &o) {
        sqlite3_finalize(m_stmt);
        m_stmt = o.m_stmt;
        m_db = o.m_db;
        o.m_stmt = nullptr;
    }
    return *this;
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

bool Statement::step(std::optional<Error>& error) {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE)
        error = Database::error_from(sqlite3_extended_errcode(m_db), sqlite3_errmsg(m_db), sqlite3_system_errno(m_db));
    return false;
}

Status Statement::run() {
    std::optional<Error> error;
    while (step(error)) {
    }
    reset();
    if (error) return std::move(*error);
    return Done{};
}

std::string Statement::column_text(int index) const {
    const auto* p = sqlite3_column_text(m_stmt, index);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index)))
             : std::string();
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(m_stmt, index); }

double Statement::column_double(int index) const { return sqlite3_column_double(m_stmt, index); }

bool Statement::column_is_null(int index) const { return sqlite3_column_type(m_stmt, index) == SQLITE_NULL; }

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

// ---------------------------------------------------------------- Database

Result<std::unique_ptr<Database>> Database::open(const std::string& path, Create create) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (create == Create::Yes) flags |= SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e = error_from(rc, db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return e;
    }
    sqlite3_extended_result_codes(db, 1);
    // Another process (a USB export, a second instance) may hold the lock briefly.
    sqlite3_busy_timeout(db, 2000);
    return std::unique_ptr<Database>(new Database(db, path));
}

Database::~Database() { sqlite3_close_v2(m_db); }

Status Database::exec(std::string_view sql) {
    char* msg = nullptr;
    const std::string s(sql);
    const int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &msg);
    if (rc == SQLITE_OK) return Done{};
    Error e = error_from(sqlite3_extended_errcode(m_db), msg ? msg : sqlite3_errmsg(m_db), sqlite3_system_errno(m_db));
    sqlite3_free(msg);
    return e;
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return error_from(rc, sqlite3_errmsg(m_db));
    return Statement(stmt, m_db);
}

Result<std::string> Database::query_text(std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    if (rc != SQLITE_OK) {
        Error e = error_from(sqlite3_extended_errcode(m_db), sqlite3_errmsg(m_db), sqlite3_system_errno(m_db));
        sqlite3_finalize(raw);
        return e;
    }
    Statement st(raw, m_db);
    std::optional<Error> err;
    if (!st.step(err)) return err.value_or(Error{ErrorKind::NotFound, "the query has no result"});
    return st.column_text(0);
}

bool Database::read_only() const { return sqlite3_db_readonly(m_db, "main") == 1; }

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(m_db); }

Status Database::last_error() const {
    const int code = sqlite3_extended_errcode(m_db);
    if (code == SQLITE_OK || code == SQLITE_DONE || code == SQLITE_ROW) return Done{};
    return error_from(code, sqlite3_errmsg(m_db));
}

}  // namespace ruhr
