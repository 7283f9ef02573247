#pragma once
// Test databases for both stores. Every test gets a fresh one: a new SQLite file, or a new
// PostgreSQL schema (search_path) dropped afterwards, so runs repeat and ctest -j works.

#include "collector/protocol.h"
#include "collector/store.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

namespace ruhr::collector::test {

/// The kiosk the tests speak for, and the time the store receives at, unless a test says otherwise.
inline const std::string kiosk = "kiosk-essen-01";
inline const std::string at = "2026-11-26T09:14:03.410Z";

/// A fresh database and a store on it.
class TestDb {
public:
    virtual ~TestDb() = default;
    /// The database URL for open_store and the command line.
    virtual std::string url() const = 0;
    /// Another store on the same database (a second collector instance).
    std::unique_ptr<Store> open_another(const StoreOptions& options = {}) const;

    std::unique_ptr<Store> store;
};

/// Backends for TEST_CASE_TEMPLATE; make() returns nullptr when the backend is skipped (and
/// prints RUHR_TEST_SKIPPED with the reason, which CTest reports as skipped).
struct SqliteBackend {
    static std::unique_ptr<TestDb> make(const StoreOptions& options = {});
};
struct PostgresBackend {
    static std::unique_ptr<TestDb> make(const StoreOptions& options = {});
};

/// A file path in the test folder that no other test uses.
std::string unique_path(const std::string& stem);

/// A valid record of `kind` from `of_kiosk`, with a payload; ids come from counters.
Record make_record(const std::string& of_kiosk, const std::string& id, std::int64_t seq, const std::string& kind,
                   const std::string& payload, const std::string& visit_id = "019ab3a2-6a00-7000-8000-000000000001");
/// "019ab3a2-0000-7000-8000-<n as 12 hex digits>"
std::string test_uuid(std::uint64_t n);
/// A rating record through check_submission (so derived fields are filled as in the server).
Record rating(const std::string& of_kiosk, std::uint64_t id, std::int64_t seq, const std::string& visit,
              const std::string& item, int stars, const std::string& replaces = "");

}  // namespace ruhr::collector::test

// Template test cases are named after their backend: "...<SqliteBackend>".
TYPE_TO_STRING_AS("SqliteBackend", ruhr::collector::test::SqliteBackend);
TYPE_TO_STRING_AS("PostgresBackend", ruhr::collector::test::PostgresBackend);

// Opens a database of the template's backend or ends the test (skipped) when unavailable.
#define OPEN_TEST_DB(var, ...)              \
    auto var = TestType::make(__VA_ARGS__); \
    if (!var) return;                       \
    ::ruhr::collector::Store& store = *var->store
