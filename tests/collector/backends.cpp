#include "backends.h"

#include "base/crypto.h"

#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <sodium.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace ruhr::collector::test {

namespace {

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> b(bytes);
    randombytes_buf(b.data(), b.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), b.data(), b.size());
    hex.pop_back();
    return hex;
}

class SqliteDb final : public TestDb {
public:
    explicit SqliteDb(std::string path) : m_path(std::move(path)) {}
    ~SqliteDb() override {
        store.reset();
        for (const char* suffix : {"", "-wal", "-shm"}) std::remove((m_path + suffix).c_str());
    }
    std::string url() const override { return "sqlite:" + m_path; }

private:
    std::string m_path;
};

void quiet(void*, const char*) {}

class PostgresDb final : public TestDb {
public:
    PostgresDb(std::string base, std::string schema) : m_base(std::move(base)), m_schema(std::move(schema)) {}
    ~PostgresDb() override {
        store.reset();
        PGconn* c = PQconnectdb(m_base.c_str());
        PQsetNoticeProcessor(c, quiet, nullptr);  // "drop cascades to ..." is expected
        if (PQstatus(c) == CONNECTION_OK)
            PQclear(PQexec(c, ("DROP SCHEMA IF EXISTS " + m_schema + " CASCADE").c_str()));
        PQfinish(c);
    }
    std::string url() const override {
        // libpq's "options" sets the search_path for every connection of the store.
        if (m_base.rfind("postgres://", 0) == 0 || m_base.rfind("postgresql://", 0) == 0)
            return m_base + (m_base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + m_schema;
        return "postgres:" + m_base + " options='-csearch_path=" + m_schema + "'";
    }

private:
    std::string m_base;
    std::string m_schema;
};

}  // namespace

std::unique_ptr<Store> TestDb::open_another(const StoreOptions& options) const {
    auto s = open_store(url(), options);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? std::string() : s.error().message));
    return std::move(s.value());
}

std::string unique_path(const std::string& stem) {
    static_cast<void>(crypto_init());
    return std::string(RUHR_TEST_TMP) + "/" + stem + "-" + std::to_string(getpid()) + "-" + random_hex(6);
}

std::unique_ptr<TestDb> SqliteBackend::make(const StoreOptions& options) {
    auto db = std::make_unique<SqliteDb>(unique_path("collector") + ".db");
    auto s = open_store(db->url(), options);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? std::string() : s.error().message));
    db->store = std::move(s.value());
    return db;
}

std::unique_ptr<TestDb> PostgresBackend::make(const StoreOptions& options) {
    const char* env = std::getenv("RUHR_TEST_POSTGRES");
    if (!env || !*env) {
        // Printed, not passed: CTest's SKIP_REGULAR_EXPRESSION turns this into "skipped".
        std::cout << "RUHR_TEST_SKIPPED: PostgreSQL test not run, RUHR_TEST_POSTGRES is not set "
                     "(test.sh sets it from tests/postgres.sh conninfo)"
                  << std::endl;
        MESSAGE("skipped: RUHR_TEST_POSTGRES is not set");
        return nullptr;
    }
    static_cast<void>(crypto_init());
    const std::string base = env;
    const std::string schema = "ruhr_t_" + std::to_string(getpid()) + "_" + random_hex(6);
    PGconn* c = PQconnectdb(base.c_str());
    const bool connected = PQstatus(c) == CONNECTION_OK;
    std::string problem = connected ? "" : PQerrorMessage(c);
    if (connected) {
        PGresult* r = PQexec(c, ("CREATE SCHEMA " + schema).c_str());
        if (PQresultStatus(r) != PGRES_COMMAND_OK) problem = PQresultErrorMessage(r);
        PQclear(r);
    }
    PQfinish(c);
    // RUHR_TEST_POSTGRES is set, so an unreachable server is a failure, not a skip.
    REQUIRE_MESSAGE(problem.empty(), "PostgreSQL from RUHR_TEST_POSTGRES is not usable: " << problem);
    auto db = std::make_unique<PostgresDb>(base, schema);
    auto s = open_store(db->url(), options);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? std::string() : s.error().message));
    db->store = std::move(s.value());
    return db;
}

std::string test_uuid(std::uint64_t n) {
    char buf[40];
    std::snprintf(buf, sizeof(buf), "019ab3a2-0000-7000-8000-%012llx", static_cast<unsigned long long>(n));
    return buf;
}

Record make_record(const std::string& of_kiosk, const std::string& id, std::int64_t seq, const std::string& kind,
                   const std::string& payload, const std::string& visit_id) {
    Record r;
    r.id = id;
    r.seq = seq;
    r.kind = kind_from_name(kind).value();
    r.kiosk_id = of_kiosk;
    r.visit_id = visit_id;
    r.pack_id = "ruhr-konferenz-demo";
    r.pack_version = "2026.11.0";
    r.created_at = "2026-11-26T09:13:58.002Z";
    r.payload = payload;
    r.payload_sha256 = sha256_hex(payload);
    // Fill the derived fields exactly as the server does.
    const auto checked = check_submission(submission_json(r), of_kiosk);
    REQUIRE_MESSAGE(checked.record.has_value(), checked.rejection);
    return *checked.record;
}

Record rating(const std::string& of_kiosk, std::uint64_t id, std::int64_t seq, const std::string& visit,
              const std::string& item, int stars, const std::string& replaces) {
    nlohmann::json p{{"item", item}, {"stars", stars}};
    if (!replaces.empty()) p["replaces"] = replaces;
    return make_record(of_kiosk, test_uuid(id), seq, "rating", p.dump(), visit);
}

}  // namespace ruhr::collector::test
