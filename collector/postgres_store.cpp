// The PostgreSQL store: several collector processes may share one database. Exactly-once comes
// from the primary key: INSERT ... ON CONFLICT DO NOTHING, then read back what is there. Each
// batch is one transaction; its records are inserted in id order so that two transactions
// with overlapping batches wait for each other instead of deadlocking.

#include "collector/schema.h"
#include "collector/store.h"
#include "collector/store_common.h"

#include <libpq-fe.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <numeric>

namespace ruhr::collector {

namespace {

// Any number that identifies "the ruhr-collector schema migration" among advisory locks.
constexpr const char* migration_lock = "SELECT pg_advisory_xact_lock(7405011302)";

using Param = std::optional<std::string>;

struct PgResult {
    PGresult* r = nullptr;
    explicit PgResult(PGresult* res) : r(res) {}
    PgResult(PgResult&& o) noexcept : r(o.r) { o.r = nullptr; }
    PgResult& operator=(PgResult&& o) noexcept {
        std::swap(r, o.r);
        return *this;
    }
    ~PgResult() { PQclear(r); }
    int rows() const { return PQntuples(r); }
    bool null(int row, int col) const { return PQgetisnull(r, row, col) != 0; }
    std::string text(int row, int col) const {
        return std::string(PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col)));
    }
    std::int64_t integer(int row, int col) const { return std::stoll(text(row, col)); }
};

// A failed statement: SQLSTATE (empty when the connection itself failed) and message.
struct PgError {
    std::string sqlstate;
    std::string message;
    bool retryable() const { return sqlstate == "40001" || sqlstate == "40P01"; }
};

struct Connection {
    PGconn* conn = nullptr;

    std::variant<PgResult, PgError> exec(const char* sql, const std::vector<Param>& params = {}) {
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
        // Without parameters PQexec, which also runs several statements (the schema) at once.
        PgResult res(params.empty() ? PQexec(conn, sql)
                                    : PQexecParams(conn, sql, static_cast<int>(values.size()), nullptr, values.data(),
                                                   nullptr, nullptr, 0));
        const auto status = res.r ? PQresultStatus(res.r) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return res;
        PgError e;
        if (res.r) {
            const char* state = PQresultErrorField(res.r, PG_DIAG_SQLSTATE);
            e.sqlstate = state ? state : "";
            e.message = PQresultErrorMessage(res.r);
        } else {
            e.message = PQerrorMessage(conn);
        }
        while (!e.message.empty() && (e.message.back() == '\n' || e.message.back() == ' ')) e.message.pop_back();
        return e;
    }
};

void ignore_notice(void*, const char*) {}

// Connections, opened on demand up to a limit; a thread holds one for one operation.
class Pool {
public:
    Pool(std::string conninfo, int size) : m_conninfo(std::move(conninfo)), m_max(std::max(1, size)) {}
    ~Pool() {
        for (PGconn* c : m_idle) PQfinish(c);
    }

    class Lease {
    public:
        Lease(Pool* pool, PGconn* conn) : m_pool(pool), m_conn{conn} {}
        Lease(Lease&& o) noexcept : m_pool(o.m_pool), m_conn(o.m_conn) { o.m_pool = nullptr; }
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (m_pool) m_pool->release(m_conn.conn);
        }
        Connection& operator*() { return m_conn; }
        Connection* operator->() { return &m_conn; }

    private:
        Pool* m_pool;
        Connection m_conn;
    };

    Result<Lease> acquire() {
        PGconn* conn = nullptr;
        {
            std::unique_lock lock(m_mutex);
            m_free.wait(lock, [&] { return !m_idle.empty() || m_open < m_max; });
            if (!m_idle.empty()) {
                conn = m_idle.back();
                m_idle.pop_back();
            } else {
                ++m_open;
            }
        }
        if (!conn) {
            conn = PQconnectdb(m_conninfo.c_str());
            if (conn) PQsetNoticeProcessor(conn, ignore_notice, nullptr);
        } else if (PQstatus(conn) != CONNECTION_OK) {
            PQreset(conn);  // the server restarted or the network dropped since the last use
        }
        if (!conn || PQstatus(conn) != CONNECTION_OK) {
            std::string msg = conn ? PQerrorMessage(conn) : "out of memory";
            while (!msg.empty() && msg.back() == '\n') msg.pop_back();
            PQfinish(conn);
            {
                std::lock_guard lock(m_mutex);
                --m_open;
            }
            m_free.notify_one();
            return Error{"cannot connect to PostgreSQL: " + msg};
        }
        PQsetClientEncoding(conn, "UTF8");
        return Lease(this, conn);
    }

private:
    void release(PGconn* conn) {
        // A connection left mid-statement or mid-transaction (an exception in a row callback)
        // must not hand its state to the next user.
        if (PQtransactionStatus(conn) != PQTRANS_IDLE) PQreset(conn);
        {
            std::lock_guard lock(m_mutex);
            m_idle.push_back(conn);
        }
        m_free.notify_one();
    }

    std::string m_conninfo;
    int m_max;
    int m_open = 0;
    std::vector<PGconn*> m_idle;
    std::mutex m_mutex;
    std::condition_variable m_free;
};

Error pg_error(const char* what, const PgError& e) { return Error{std::string(what) + ": " + e.message}; }

Param opt(const std::optional<std::string>& v) { return v; }
Param num(std::int64_t v) { return std::to_string(v); }

// Runs `body` inside a transaction on one connection; retries it when PostgreSQL aborted it
// for a serialization failure or deadlock (the batch is idempotent, so a retry is safe).
template <class T, class Body>
Result<T> in_transaction(Pool& pool, const char* what, Body body) {
    auto lease = pool.acquire();
    if (!lease) return lease.error();
    Connection& c = *lease.value();
    for (int attempt = 0;; ++attempt) {
        if (auto b = c.exec("BEGIN"); std::holds_alternative<PgError>(b)) return pg_error(what, std::get<PgError>(b));
        std::variant<T, PgError> r = body(c);
        if (std::holds_alternative<T>(r)) {
            auto commit = c.exec("COMMIT");
            if (std::holds_alternative<PgResult>(commit)) return std::move(std::get<T>(r));
            const auto& e = std::get<PgError>(commit);
            if (!e.retryable() || attempt >= 4) return pg_error(what, e);
            continue;
        }
        (void)c.exec("ROLLBACK");
        const auto& e = std::get<PgError>(r);
        if (!e.retryable() || attempt >= 4) return pg_error(what, e);
    }
}

// Shorthand inside transaction bodies: run a statement or leave the body with its error.
#define PG_TRY(var, expr)                                                            \
    auto var##_v = (expr);                                                           \
    if (std::holds_alternative<PgError>(var##_v)) return std::get<PgError>(var##_v); \
    [[maybe_unused]] PgResult& var = std::get<PgResult>(var##_v)

class PostgresStore final : public Store {
public:
    PostgresStore(const std::string& conninfo, const StoreOptions& options)
        : m_pool(conninfo, options.connections), m_options(options) {}

    Result<Done> migrate() {
        return in_transaction<Done>(
            m_pool, "cannot migrate the schema", [&](Connection& c) -> std::variant<Done, PgError> {
                PG_TRY(lock, c.exec(migration_lock));
                PG_TRY(table, c.exec("CREATE TABLE IF NOT EXISTS collector_schema (version integer NOT NULL)"));
                PG_TRY(v, c.exec("SELECT coalesce(max(version), 0) FROM collector_schema"));
                const auto version = v.integer(0, 0);
                if (version > schema_version)
                    return PgError{"", "the database has schema version " + std::to_string(version) +
                                           ", newer than this collector's " + std::to_string(schema_version) +
                                           "; use a newer ruhr-collector"};
                // One step after the other, each marked done in the same transaction.
                const auto steps = schema_steps(SqlDialect::Postgres);
                for (auto done = version; done < schema_version; ++done) {
                    PG_TRY(create, c.exec(steps[static_cast<std::size_t>(done)].c_str()));
                    PG_TRY(mark,
                           c.exec("INSERT INTO collector_schema (version) VALUES ($1)", {std::to_string(done + 1)}));
                }
                return Done{};
            });
    }

    Result<std::vector<IngestResult>> ingest(const std::string& kiosk_id, const std::string& heartbeat_json,
                                             const std::vector<Record>& records,
                                             const std::string& received_at) override {
        std::vector<std::size_t> order(records.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return records[a].id < records[b].id; });
        const std::string insert = std::string("INSERT INTO submissions (") + record_columns +
                                   ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
                                   "$17, $18) ON CONFLICT (id) DO NOTHING RETURNING rec_no";
        using Out = std::vector<IngestResult>;
        return in_transaction<Out>(m_pool, "cannot store the batch", [&](Connection& c) -> std::variant<Out, PgError> {
            Out out(records.size());
            for (const std::size_t i : order) {
                const Record& r = records[i];
                PG_TRY(ins, c.exec(insert.c_str(),
                                   {r.id, num(r.seq), kind_name(r.kind), r.kiosk_id, r.visit_id, r.pack_id,
                                    r.pack_version, r.created_at, r.payload, r.payload_sha256, received_at, opt(r.item),
                                    r.stars ? num(*r.stars) : Param{}, opt(r.replaces), opt(r.forum),
                                    r.kind == SubmissionKind::Priorities ? Param{forums_to_text(r.forums)} : Param{},
                                    opt(r.text), opt(r.contact_sealed)}));
                if (ins.rows() == 1) {
                    for (std::size_t f = 0; f < r.forums.size(); ++f) {
                        PG_TRY(forum, c.exec("INSERT INTO priority_forums (submission_id, position, forum) "
                                             "VALUES ($1, $2, $3)",
                                             {r.id, num(static_cast<std::int64_t>(f) + 1), r.forums[f]}));
                    }
                    out[i] = {Outcome::Stored, receipt_for(ins.integer(0, 0))};
                    continue;
                }
                // The insert waited for any concurrent insert of this id to commit; it is there.
                PG_TRY(existing, c.exec("SELECT payload_sha256, rec_no FROM submissions WHERE id = $1", {r.id}));
                if (existing.rows() != 1) return PgError{"", "record " + r.id + " vanished"};
                const std::string stored_hash = existing.text(0, 0);
                if (stored_hash == r.payload_sha256) {
                    out[i] = {Outcome::Duplicate, receipt_for(existing.integer(0, 1))};
                    continue;
                }
                PG_TRY(conflict,
                       c.exec("INSERT INTO conflicts (id, kiosk_id, received_at, stored_sha256, "
                              "payload_sha256, record) VALUES ($1, $2, $3, $4, $5, $6) "
                              "ON CONFLICT (id, payload_sha256) DO NOTHING",
                              {r.id, r.kiosk_id, received_at, stored_hash, r.payload_sha256, record_json(r)}));
                out[i] = {Outcome::Conflict, {}};
            }
            PG_TRY(hb, c.exec("INSERT INTO heartbeats (kiosk_id, received_at, heartbeat) VALUES ($1, $2, $3)",
                              {kiosk_id, received_at, heartbeat_json}));
            PG_TRY(prune, c.exec("DELETE FROM heartbeats WHERE kiosk_id = $1 AND hb_no <= (SELECT hb_no FROM "
                                 "heartbeats WHERE kiosk_id = $1 ORDER BY hb_no DESC LIMIT 1 OFFSET $2)",
                                 {kiosk_id, num(m_options.heartbeats_per_kiosk)}));
            return out;
        });
    }

    Result<Done> add_token(const std::string& token_sha256, const TokenOwner& owner,
                           const std::string& created_at) override {
        return in_transaction<Done>(
            m_pool, "cannot store the token", [&](Connection& c) -> std::variant<Done, PgError> {
                if (owner.role == Role::Kiosk) {
                    PG_TRY(k, c.exec("INSERT INTO kiosks (kiosk_id, added_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                                     {owner.kiosk_id, created_at}));
                }
                PG_TRY(t,
                       c.exec("INSERT INTO tokens (token_sha256, role, kiosk_id, created_at) VALUES ($1, $2, $3, $4)",
                              {token_sha256, owner.role == Role::Kiosk ? "kiosk" : "admin",
                               owner.role == Role::Kiosk ? Param{owner.kiosk_id} : Param{}, created_at}));
                return Done{};
            });
    }

    Result<std::optional<TokenOwner>> find_token(const std::string& token_sha256) override {
        auto r = query("cannot look up the token",
                       "SELECT role, coalesce(kiosk_id, '') FROM tokens WHERE token_sha256 = $1 AND revoked_at IS NULL",
                       {token_sha256});
        if (!r) return r.error();
        if (r->rows() == 0) return std::optional<TokenOwner>{};
        return std::optional<TokenOwner>{
            TokenOwner{r->text(0, 0) == "admin" ? Role::Admin : Role::Kiosk, r->text(0, 1)}};
    }

    Result<std::int64_t> revoke_tokens(const TokenOwner& owner, const std::string& revoked_at) override {
        auto r = owner.role == Role::Admin
                     ? query("cannot revoke tokens",
                             "UPDATE tokens SET revoked_at = $1 WHERE role = 'admin' AND revoked_at IS NULL "
                             "RETURNING token_sha256",
                             {revoked_at})
                     : query("cannot revoke tokens",
                             "UPDATE tokens SET revoked_at = $1 WHERE role = 'kiosk' AND kiosk_id = $2 AND "
                             "revoked_at IS NULL RETURNING token_sha256",
                             {revoked_at, owner.kiosk_id});
        if (!r) return r.error();
        return static_cast<std::int64_t>(r->rows());
    }

    Result<FleetResults> results() override {
        // REPEATABLE READ: the three queries see one snapshot, so the numbers agree.
        return in_transaction<FleetResults>(
            m_pool, "cannot compute results", [&](Connection& c) -> std::variant<FleetResults, PgError> {
                PG_TRY(iso, c.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"));
                FleetResults out;
                PG_TRY(ratings,
                       c.exec("SELECT s.item, count(*), avg(s.stars)::float8 FROM submissions s WHERE s.kind = "
                              "'rating' AND NOT EXISTS (SELECT 1 FROM submissions r WHERE r.replaces = s.id AND "
                              "r.kind = 'rating') AND NOT EXISTS (SELECT 1 FROM submissions t WHERE t.kind = "
                              "'rating' AND t.visit_id = s.visit_id AND t.item = s.item AND t.seq > s.seq) "
                              "GROUP BY s.item ORDER BY s.item"));
                for (int i = 0; i < ratings.rows(); ++i)
                    out.ratings[ratings.text(i, 0)] = {ratings.integer(i, 1), std::stod(ratings.text(i, 2))};
                PG_TRY(prio, c.exec("SELECT forum, count(*) FROM priority_forums GROUP BY forum ORDER BY forum"));
                for (int i = 0; i < prio.rows(); ++i) out.priorities[prio.text(i, 0)] = prio.integer(i, 1);
                PG_TRY(counts, c.exec("SELECT count(*), count(DISTINCT kiosk_id) FROM submissions"));
                out.submissions = counts.integer(0, 0);
                out.kiosks = counts.integer(0, 1);
                return out;
            });
    }

    Result<Done> for_each_record(const std::function<void(const ExportRow&)>& row) override {
        const std::string sql = std::string("SELECT ") + record_columns + ", rec_no FROM submissions ORDER BY rec_no";
        return stream("cannot read the records", sql, {}, [&row](const PgResult& res) {
            row(export_row_from_columns([&res](int i) { return res.text(0, i); },
                                        [&res](int i) { return res.integer(0, i); },
                                        [&res](int i) { return res.null(0, i); }));
        });
    }

    Result<Done> for_each_kiosk_record(const std::string& kiosk_id,
                                       const std::function<void(const Submission&)>& record) override {
        const std::string sql = std::string(kiosk_records_sql) + "$1" + kiosk_records_order;
        return stream("cannot read the kiosk's records", sql, {kiosk_id}, [&record](const PgResult& res) {
            record(submission_from_columns([&res](int i) { return res.text(0, i); },
                                           [&res](int i) { return res.integer(0, i); }));
        });
    }

    Result<std::vector<KioskStatus>> kiosks() override {
        auto r = query("cannot list the kiosks",
                       "WITH ids AS (SELECT kiosk_id FROM kiosks UNION SELECT kiosk_id FROM heartbeats) "
                       "SELECT ids.kiosk_id, "
                       "(SELECT count(*) FROM tokens t WHERE t.kiosk_id = ids.kiosk_id AND t.revoked_at IS NULL), "
                       "(SELECT count(*) FROM submissions s WHERE s.kiosk_id = ids.kiosk_id), h.received_at, "
                       "h.heartbeat FROM ids LEFT JOIN heartbeats h ON h.hb_no = "
                       "(SELECT max(hb_no) FROM heartbeats x WHERE x.kiosk_id = ids.kiosk_id) ORDER BY ids.kiosk_id",
                       {});
        if (!r) return r.error();
        std::vector<KioskStatus> out;
        for (int i = 0; i < r->rows(); ++i) {
            KioskStatus k;
            k.kiosk_id = r->text(i, 0);
            k.active_tokens = r->integer(i, 1);
            k.submissions = r->integer(i, 2);
            if (!r->null(i, 3)) k.last_seen = r->text(i, 3);
            if (!r->null(i, 4)) k.last_heartbeat = r->text(i, 4);
            out.push_back(std::move(k));
        }
        return out;
    }

    Result<std::map<std::string, std::vector<SeqRange>>> held_sequences() override {
        auto r = query("cannot read the stored sequence numbers", held_sequences_sql, {});
        if (!r) return r.error();
        std::map<std::string, std::vector<SeqRange>> out;
        for (int i = 0; i < r->rows(); ++i) out[r->text(i, 0)].push_back({r->integer(i, 1), r->integer(i, 2)});
        return out;
    }

    Result<std::vector<std::pair<std::string, std::string>>> heartbeats(const std::string& kiosk_id,
                                                                        std::int64_t limit) override {
        auto r = query("cannot read heartbeats",
                       "SELECT received_at, heartbeat FROM heartbeats WHERE kiosk_id = $1 ORDER BY hb_no DESC LIMIT $2",
                       {kiosk_id, num(limit)});
        if (!r) return r.error();
        std::vector<std::pair<std::string, std::string>> out;
        for (int i = 0; i < r->rows(); ++i) out.emplace_back(r->text(i, 0), r->text(i, 1));
        return out;
    }

    Result<std::vector<ConflictRow>> conflicts() override {
        auto r = query("cannot list conflicts",
                       "SELECT id, kiosk_id, received_at, stored_sha256, payload_sha256, record FROM conflicts "
                       "ORDER BY conflict_no",
                       {});
        if (!r) return r.error();
        std::vector<ConflictRow> out;
        for (int i = 0; i < r->rows(); ++i)
            out.push_back({r->text(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4), r->text(i, 5)});
        return out;
    }

    Result<PurgeReport> purge_contacts(const ContactPurge& purge) override {
        return in_transaction<PurgeReport>(
            m_pool, "cannot purge contact data", [&](Connection& c) -> std::variant<PurgeReport, PgError> {
                PurgeReport report;
                // FOR UPDATE: an export or a second purge at the same time sees all or nothing.
                PG_TRY(found, c.exec("SELECT rec_no, payload, received_at FROM submissions WHERE kind = 'idea' AND "
                                     "contact_sealed IS NOT NULL AND ($1::text IS NULL OR received_at < $1) AND "
                                     "($2::text IS NULL OR id = $2) ORDER BY rec_no FOR UPDATE",
                                     {purge.received_before, purge.id}));
                for (int i = 0; i < found.rows(); ++i) {
                    const auto without = payload_without_contact(found.text(i, 1), purge.purged_at);
                    PG_TRY(upd, c.exec("UPDATE submissions SET payload = $2, contact_sealed = NULL WHERE rec_no = $1",
                                       {found.text(i, 0), without.value_or(found.text(i, 1))}));
                    note_purged(report, found.text(i, 2));
                }
                PG_TRY(conflicts, c.exec("SELECT conflict_no, record FROM conflicts WHERE ($1::text IS NULL OR "
                                         "received_at < $1) AND ($2::text IS NULL OR id = $2) ORDER BY conflict_no "
                                         "FOR UPDATE",
                                         {purge.received_before, purge.id}));
                for (int i = 0; i < conflicts.rows(); ++i) {
                    const auto without = record_without_contact(conflicts.text(i, 1), purge.purged_at);
                    if (!without) continue;
                    PG_TRY(upd, c.exec("UPDATE conflicts SET record = $2 WHERE conflict_no = $1",
                                       {conflicts.text(i, 0), *without}));
                    ++report.conflicts;
                }
                PG_TRY(audit, c.exec("INSERT INTO audit (at, action, detail) VALUES ($1, 'purge-contacts', $2)",
                                     {purge.purged_at, purge_audit_detail(purge, report)}));
                return report;
            });
    }

    Result<std::vector<AuditRow>> audit_log() override {
        auto r = query("cannot read the audit log", "SELECT at, action, detail FROM audit ORDER BY audit_no", {});
        if (!r) return r.error();
        std::vector<AuditRow> out;
        for (int i = 0; i < r->rows(); ++i) out.push_back({r->text(i, 0), r->text(i, 1), r->text(i, 2)});
        return out;
    }

    Result<std::optional<std::string>> kiosk_key(const std::string& kiosk_id) override {
        auto r = query("cannot read the kiosk key",
                       "SELECT public_key FROM kiosks WHERE kiosk_id = $1 AND public_key IS NOT NULL", {kiosk_id});
        if (!r) return r.error();
        if (r->rows() == 0) return std::optional<std::string>();
        return std::optional<std::string>(r->text(0, 0));
    }

    Result<Done> add_audit(const AuditRow& row) override {
        auto r = query("cannot write the audit row", "INSERT INTO audit (at, action, detail) VALUES ($1, $2, $3)",
                       {row.at, row.action, row.detail});
        if (!r) return r.error();
        return Done{};
    }

    Result<bool> set_kiosk_key(const std::string& kiosk_id, const std::string& public_key, const std::string& at,
                               bool replace) override {
        std::optional<Error> refused;
        auto changed = in_transaction<bool>(
            m_pool, "cannot register the kiosk key", [&](Connection& c) -> std::variant<bool, PgError> {
                PG_TRY(added, c.exec("INSERT INTO kiosks (kiosk_id, added_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                                     {kiosk_id, at}));
                PG_TRY(row, c.exec("SELECT public_key FROM kiosks WHERE kiosk_id = $1 FOR UPDATE", {kiosk_id}));
                const std::optional<std::string> before =
                    row.rows() > 0 && !row.null(0, 0) ? std::optional<std::string>(row.text(0, 0)) : std::nullopt;
                auto verdict = kiosk_key_change(kiosk_id, before, public_key, replace);
                if (!verdict) {
                    refused = verdict.error();
                    return PgError{"", verdict.error().message};
                }
                if (!*verdict) return false;
                PG_TRY(set, c.exec("UPDATE kiosks SET public_key = $2 WHERE kiosk_id = $1", {kiosk_id, public_key}));
                PG_TRY(audit, c.exec("INSERT INTO audit (at, action, detail) VALUES ($1, 'kiosk-key', $2)",
                                     {at, kiosk_key_audit_detail(kiosk_id, before, public_key)}));
                return true;
            });
        if (refused) return *refused;
        return changed;
    }

    Result<std::string> signing_key(const std::string& new_key, const std::string& at) override {
        auto made = query("cannot store the signing key",
                          "INSERT INTO signing_keys (key_no, secret_key, created_at) VALUES (1, $1, $2) "
                          "ON CONFLICT DO NOTHING",
                          {new_key, at});
        if (!made) return made.error();
        auto r = query("cannot read the signing key", "SELECT secret_key FROM signing_keys WHERE key_no = 1", {});
        if (!r) return r.error();
        if (r->rows() == 0) return Error{ErrorKind::Damaged, "the signing key is missing"};
        return r->text(0, 0);
    }

    bool healthy() override { return query("health", "SELECT 1", {}).ok(); }

private:
    // One statement outside an explicit transaction.
    Result<PgResult> query(const char* what, const char* sql, const std::vector<Param>& params) {
        auto lease = m_pool.acquire();
        if (!lease) return lease.error();
        auto r = lease.value()->exec(sql, params);
        if (std::holds_alternative<PgError>(r)) return pg_error(what, std::get<PgError>(r));
        return std::move(std::get<PgResult>(r));
    }

    // A query whose rows arrive one at a time (single-row mode), so that reading many records
    // does not hold them all in memory; `row` is called with a result of one row each.
    Result<Done> stream(const char* what, const std::string& sql, const std::vector<std::string>& params,
                        const std::function<void(const PgResult&)>& row) {
        auto lease = m_pool.acquire();
        if (!lease) return lease.error();
        PGconn* conn = lease.value()->conn;
        std::vector<const char*> values;
        for (const std::string& p : params) values.push_back(p.c_str());
        if (!PQsendQueryParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                               nullptr, 0) ||
            !PQsetSingleRowMode(conn))
            return Error{std::string(what) + ": " + PQerrorMessage(conn)};
        std::string failure;
        while (PGresult* raw = PQgetResult(conn)) {
            PgResult res(raw);
            const auto status = PQresultStatus(raw);
            if (status == PGRES_SINGLE_TUPLE) {
                if (failure.empty()) row(res);  // after a failure the rest is drained
            } else if (status != PGRES_TUPLES_OK && failure.empty()) {
                failure = PQresultErrorMessage(raw);
            }
        }
        if (!failure.empty()) return Error{std::string(what) + ": " + failure};
        return Done{};
    }

    Pool m_pool;
    StoreOptions m_options;
};

#undef PG_TRY

}  // namespace

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& conninfo, const StoreOptions& options) {
    auto store = std::make_unique<PostgresStore>(conninfo, options);
    if (auto r = store->migrate(); !r) return r.error();
    return std::unique_ptr<Store>(std::move(store));
}

Result<std::unique_ptr<Store>> open_store(const std::string& url, const StoreOptions& options) {
    if (url.rfind("sqlite:", 0) == 0) {
        const std::string path = url.substr(7);
        if (path.empty()) return Error{"the database URL sqlite: needs a file path (sqlite:/path/file.db)"};
        return open_sqlite_store(path, options);
    }
    if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
        return open_postgres_store(url, options);
    if (url.rfind("postgres:", 0) == 0) return open_postgres_store(url.substr(9), options);
    return Error{"the database URL must start with sqlite: or postgres: (or postgresql://)"};
}

}  // namespace ruhr::collector
