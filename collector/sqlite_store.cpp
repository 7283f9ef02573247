// The SQLite store: one file in WAL mode, one connection, one mutex. cpp-httplib's worker
// threads take turns; every batch is one IMMEDIATE transaction, so a second process on the
// same file waits on SQLite's lock (busy timeout) instead of failing.

#include "collector/schema.h"
#include "collector/store.h"
#include "collector/store_common.h"

#include "base/database.h"

#include <mutex>

namespace ruhr::collector {

namespace {

Error db_error(const char* what, const Error& e) { return e.context(what); }

class SqliteStore final : public Store {
public:
    SqliteStore(std::unique_ptr<Database> db, StoreOptions options) : m_db(std::move(db)), m_options(options) {}

    Result<Done> open() {
        // secure_delete: purged contact data is overwritten in the file, not left in free space.
        if (auto e = m_db->exec(
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON");
            !e)
            return db_error("cannot set up the database", e.error());
        const auto version_text = m_db->query_text("PRAGMA user_version");
        if (!version_text) return db_error("cannot read the schema version", version_text.error());
        const int version = std::stoi(*version_text);
        if (version > schema_version)
            return Error{ErrorKind::TooNew, "the database has schema version " + *version_text +
                                                ", newer than this collector's " + std::to_string(schema_version) +
                                                "; use a newer ruhr-collector"};
        // One migration step per transaction; version 1 is the first.
        const auto steps = schema_steps(SqlDialect::Sqlite);
        for (int v = version; v < schema_version; ++v) {
            const std::string sql = std::string("BEGIN IMMEDIATE;") + steps[static_cast<std::size_t>(v)] +
                                    "PRAGMA user_version = " + std::to_string(v + 1) + "; COMMIT;";
            if (auto e = m_db->exec(sql); !e) {
                (void)m_db->exec("ROLLBACK");
                return db_error("cannot create the schema", e.error());
            }
        }
        return prepare_all();
    }

    Result<std::vector<IngestResult>> ingest(const std::string& kiosk_id, const std::string& heartbeat_json,
                                             const std::vector<Record>& records,
                                             const std::string& received_at) override {
        std::lock_guard lock(m_mutex);
        if (auto e = m_db->exec("BEGIN IMMEDIATE"); !e) return db_error("cannot start a transaction", e.error());
        auto result = ingest_locked(kiosk_id, heartbeat_json, records, received_at);
        if (!result.ok()) {
            (void)m_db->exec("ROLLBACK");
            return result;
        }
        if (auto e = m_db->exec("COMMIT"); !e) {
            (void)m_db->exec("ROLLBACK");
            return db_error("cannot commit", e.error());
        }
        return result;
    }

    Result<Done> add_token(const std::string& token_sha256, const TokenOwner& owner,
                           const std::string& created_at) override {
        std::lock_guard lock(m_mutex);
        if (auto e = m_db->exec("BEGIN IMMEDIATE"); !e) return db_error("cannot start a transaction", e.error());
        Status e = Done{};
        if (owner.role == Role::Kiosk) e = m_add_kiosk.bind(1, owner.kiosk_id).bind(2, created_at).run();
        if (e) {
            m_add_token.bind(1, token_sha256).bind(2, owner.role == Role::Kiosk ? "kiosk" : "admin");
            if (owner.role == Role::Kiosk)
                m_add_token.bind(3, owner.kiosk_id);
            else
                m_add_token.bind_null(3);
            e = m_add_token.bind(4, created_at).run();
        }
        if (e) e = m_db->exec("COMMIT");
        if (!e) {
            (void)m_db->exec("ROLLBACK");
            return db_error("cannot store the token", e.error());
        }
        return Done{};
    }

    Result<std::optional<TokenOwner>> find_token(const std::string& token_sha256) override {
        std::lock_guard lock(m_mutex);
        std::optional<Error> e;
        m_find_token.reset();
        m_find_token.bind(1, token_sha256);
        std::optional<TokenOwner> owner;
        if (m_find_token.step(e)) {
            owner = TokenOwner{m_find_token.column_text(0) == "admin" ? Role::Admin : Role::Kiosk,
                               m_find_token.column_text(1)};
        }
        m_find_token.reset();
        if (e) return db_error("cannot look up the token", *e);
        return owner;
    }

    Result<std::int64_t> revoke_tokens(const TokenOwner& owner, const std::string& revoked_at) override {
        std::lock_guard lock(m_mutex);
        Statement& st = owner.role == Role::Admin ? m_revoke_admin : m_revoke_kiosk;
        st.bind(1, revoked_at);
        if (owner.role == Role::Kiosk) st.bind(2, owner.kiosk_id);
        std::optional<Error> e;
        std::int64_t n = 0;
        while (st.step(e)) ++n;
        st.reset();
        if (e) return db_error("cannot revoke tokens", *e);
        return n;
    }

    Result<FleetResults> results() override {
        std::lock_guard lock(m_mutex);
        // One read transaction, so the four numbers agree with each other.
        if (auto e = m_db->exec("BEGIN"); !e) return db_error("cannot start a transaction", e.error());
        FleetResults r;
        std::optional<Error> e;
        while (m_ratings.step(e))
            r.ratings[m_ratings.column_text(0)] = {m_ratings.column_int(1), m_ratings.column_double(2)};
        m_ratings.reset();
        while (!e && m_priorities.step(e)) r.priorities[m_priorities.column_text(0)] = m_priorities.column_int(1);
        m_priorities.reset();
        if (!e && m_counts.step(e)) {
            r.submissions = m_counts.column_int(0);
            r.kiosks = m_counts.column_int(1);
        }
        m_counts.reset();
        (void)m_db->exec("COMMIT");
        if (e) return db_error("cannot compute results", *e);
        return r;
    }

    Result<Done> for_each_record(const std::function<void(const ExportRow&)>& row) override {
        std::lock_guard lock(m_mutex);
        std::optional<Error> e;
        m_export.reset();
        while (m_export.step(e)) {
            row(export_row_from_columns([this](int i) { return m_export.column_text(i); },
                                        [this](int i) { return m_export.column_int(i); },
                                        [this](int i) { return m_export.column_is_null(i); }));
        }
        m_export.reset();
        if (e) return db_error("cannot read the records", *e);
        return Done{};
    }

    Result<std::vector<KioskStatus>> kiosks() override {
        std::lock_guard lock(m_mutex);
        std::vector<KioskStatus> out;
        std::optional<Error> e;
        while (m_kiosks.step(e)) {
            KioskStatus k;
            k.kiosk_id = m_kiosks.column_text(0);
            k.active_tokens = m_kiosks.column_int(1);
            k.submissions = m_kiosks.column_int(2);
            if (!m_kiosks.column_is_null(3)) k.last_seen = m_kiosks.column_text(3);
            if (!m_kiosks.column_is_null(4)) k.last_heartbeat = m_kiosks.column_text(4);
            out.push_back(std::move(k));
        }
        m_kiosks.reset();
        if (e) return db_error("cannot list the kiosks", *e);
        return out;
    }

    Result<std::vector<std::pair<std::string, std::string>>> heartbeats(const std::string& kiosk_id,
                                                                        std::int64_t limit) override {
        std::lock_guard lock(m_mutex);
        std::vector<std::pair<std::string, std::string>> out;
        std::optional<Error> e;
        m_heartbeats.bind(1, kiosk_id).bind(2, limit);
        while (m_heartbeats.step(e)) out.emplace_back(m_heartbeats.column_text(0), m_heartbeats.column_text(1));
        m_heartbeats.reset();
        if (e) return db_error("cannot read heartbeats", *e);
        return out;
    }

    Result<std::map<std::string, std::vector<SeqRange>>> held_sequences() override {
        std::lock_guard lock(m_mutex);
        std::map<std::string, std::vector<SeqRange>> out;
        std::optional<Error> e;
        while (m_held.step(e)) out[m_held.column_text(0)].push_back({m_held.column_int(1), m_held.column_int(2)});
        m_held.reset();
        if (e) return db_error("cannot read the stored sequence numbers", *e);
        return out;
    }

    Result<std::vector<ConflictRow>> conflicts() override {
        std::lock_guard lock(m_mutex);
        std::vector<ConflictRow> out;
        std::optional<Error> e;
        while (m_conflicts.step(e))
            out.push_back({m_conflicts.column_text(0), m_conflicts.column_text(1), m_conflicts.column_text(2),
                           m_conflicts.column_text(3), m_conflicts.column_text(4), m_conflicts.column_text(5)});
        m_conflicts.reset();
        if (e) return db_error("cannot list conflicts", *e);
        return out;
    }

    Result<PurgeReport> purge_contacts(const ContactPurge& purge) override {
        std::lock_guard lock(m_mutex);
        if (auto e = m_db->exec("BEGIN IMMEDIATE"); !e) return db_error("cannot start a transaction", e.error());
        auto result = purge_locked(purge);
        if (result.ok()) {
            if (auto e = m_db->exec("COMMIT"); !e) result = db_error("cannot commit", e.error());
        }
        if (!result.ok()) (void)m_db->exec("ROLLBACK");
        if (result.ok() && result->records + result->conflicts > 0) {
            // The WAL may still hold the old pages; write them back and empty it.
            (void)m_db->query_text("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return result;
    }

    Result<std::vector<AuditRow>> audit_log() override {
        std::lock_guard lock(m_mutex);
        std::vector<AuditRow> out;
        std::optional<Error> e;
        while (m_audit.step(e)) out.push_back({m_audit.column_text(0), m_audit.column_text(1), m_audit.column_text(2)});
        m_audit.reset();
        if (e) return db_error("cannot read the audit log", *e);
        return out;
    }

    Result<Done> add_audit(const AuditRow& row) override {
        std::lock_guard lock(m_mutex);
        if (auto a = m_add_audit.bind(1, row.at).bind(2, row.action).bind(3, row.detail).run(); !a)
            return db_error("cannot write the audit row", a.error());
        return Done{};
    }

    Result<Done> for_each_kiosk_record(const std::string& kiosk_id,
                                       const std::function<void(const Submission&)>& record) override {
        std::lock_guard lock(m_mutex);
        std::optional<Error> e;
        m_kiosk_records.reset();
        m_kiosk_records.bind(1, kiosk_id);
        while (m_kiosk_records.step(e))
            record(submission_from_columns([this](int i) { return m_kiosk_records.column_text(i); },
                                           [this](int i) { return m_kiosk_records.column_int(i); }));
        m_kiosk_records.reset();
        if (e) return db_error("cannot read the kiosk's records", *e);
        return Done{};
    }

    Result<std::optional<std::string>> kiosk_key(const std::string& kiosk_id) override {
        std::lock_guard lock(m_mutex);
        return key_of(kiosk_id);
    }

    Result<bool> set_kiosk_key(const std::string& kiosk_id, const std::string& public_key, const std::string& at,
                               bool replace) override {
        std::lock_guard lock(m_mutex);
        if (auto e = m_db->exec("BEGIN IMMEDIATE"); !e) return db_error("cannot start a transaction", e.error());
        auto result = [&]() -> Result<bool> {
            auto before = key_of(kiosk_id);
            if (!before) return before.error();
            const auto verdict = kiosk_key_change(kiosk_id, *before, public_key, replace);
            if (!verdict) return verdict.error();
            if (!*verdict) return false;
            for (const auto& [sql, values] : std::vector<std::pair<const char*, std::vector<std::string>>>{
                     {"INSERT INTO kiosks (kiosk_id, added_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING", {kiosk_id, at}},
                     {"UPDATE kiosks SET public_key = ?2 WHERE kiosk_id = ?1", {kiosk_id, public_key}},
                     {"INSERT INTO audit (at, action, detail) VALUES (?1, 'kiosk-key', ?2)",
                      {at, kiosk_key_audit_detail(kiosk_id, *before, public_key)}}}) {
                auto st = m_db->prepare(sql);
                if (!st) return db_error("cannot register the kiosk key", st.error());
                for (std::size_t i = 0; i < values.size(); ++i) st->bind(static_cast<int>(i + 1), values[i]);
                if (auto e = st->run(); !e) return db_error("cannot register the kiosk key", e.error());
            }
            return true;
        }();
        if (result.ok()) {
            if (auto e = m_db->exec("COMMIT"); !e) result = db_error("cannot commit", e.error());
        }
        if (!result.ok()) (void)m_db->exec("ROLLBACK");
        return result;
    }

    Result<std::string> signing_key(const std::string& new_key, const std::string& at) override {
        std::lock_guard lock(m_mutex);
        auto st = m_db->prepare(
            "INSERT INTO signing_keys (key_no, secret_key, created_at) VALUES (1, ?1, ?2) ON CONFLICT DO NOTHING");
        if (!st) return db_error("cannot store the signing key", st.error());
        if (auto e = st->bind(1, new_key).bind(2, at).run(); !e)
            return db_error("cannot store the signing key", e.error());
        auto key = m_db->query_text("SELECT secret_key FROM signing_keys WHERE key_no = 1");
        if (!key) return db_error("cannot read the signing key", key.error());
        return *key;
    }

    bool healthy() override {
        std::lock_guard lock(m_mutex);
        return m_db->query_text("SELECT 1").ok();
    }

private:
    Result<std::optional<std::string>> key_of(const std::string& kiosk_id) {
        auto st = m_db->prepare("SELECT public_key FROM kiosks WHERE kiosk_id = ?1 AND public_key IS NOT NULL");
        if (!st) return db_error("cannot read the kiosk key", st.error());
        std::optional<Error> e;
        std::optional<std::string> key;
        if (st->bind(1, kiosk_id).step(e)) key = st->column_text(0);
        if (e) return db_error("cannot read the kiosk key", *e);
        return key;
    }

    Result<Done> prepare_all() {
        const std::string insert = std::string("INSERT INTO submissions (") + record_columns +
                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                                   "?17, ?18) ON CONFLICT (id) DO NOTHING RETURNING rec_no";
        const std::string select =
            std::string("SELECT ") + record_columns + ", rec_no FROM submissions ORDER BY rec_no";
        const std::pair<Statement*, std::string> all[] = {
            {&m_insert, insert},
            {&m_existing, "SELECT payload_sha256, rec_no FROM submissions WHERE id = ?1"},
            {&m_insert_forum, "INSERT INTO priority_forums (submission_id, position, forum) VALUES (?1, ?2, ?3)"},
            {&m_insert_conflict,
             "INSERT INTO conflicts (id, kiosk_id, received_at, stored_sha256, payload_sha256, record) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id, payload_sha256) DO NOTHING"},
            {&m_insert_heartbeat, "INSERT INTO heartbeats (kiosk_id, received_at, heartbeat) VALUES (?1, ?2, ?3)"},
            {&m_prune_heartbeats,
             "DELETE FROM heartbeats WHERE kiosk_id = ?1 AND hb_no <= (SELECT hb_no FROM heartbeats WHERE kiosk_id = "
             "?1 "
             "ORDER BY hb_no DESC LIMIT 1 OFFSET ?2)"},
            {&m_add_kiosk, "INSERT INTO kiosks (kiosk_id, added_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING"},
            {&m_add_token, "INSERT INTO tokens (token_sha256, role, kiosk_id, created_at) VALUES (?1, ?2, ?3, ?4)"},
            {&m_find_token,
             "SELECT role, coalesce(kiosk_id, '') FROM tokens WHERE token_sha256 = ?1 AND revoked_at IS NULL"},
            {&m_revoke_kiosk,
             "UPDATE tokens SET revoked_at = ?1 WHERE role = 'kiosk' AND kiosk_id = ?2 AND revoked_at IS NULL "
             "RETURNING token_sha256"},
            {&m_revoke_admin,
             "UPDATE tokens SET revoked_at = ?1 WHERE role = 'admin' AND revoked_at IS NULL RETURNING token_sha256"},
            {&m_ratings,
             "SELECT s.item, count(*), avg(s.stars) FROM submissions s WHERE s.kind = 'rating' "
             "AND NOT EXISTS (SELECT 1 FROM submissions r WHERE r.replaces = s.id AND r.kind = 'rating') "
             "AND NOT EXISTS (SELECT 1 FROM submissions t WHERE t.kind = 'rating' AND t.visit_id = s.visit_id "
             "AND t.item = s.item AND t.seq > s.seq) GROUP BY s.item ORDER BY s.item"},
            {&m_priorities, "SELECT forum, count(*) FROM priority_forums GROUP BY forum ORDER BY forum"},
            {&m_counts, "SELECT count(*), count(DISTINCT kiosk_id) FROM submissions"},
            {&m_export, select},
            {&m_kiosks,
             "WITH ids AS (SELECT kiosk_id FROM kiosks UNION SELECT kiosk_id FROM heartbeats) "
             "SELECT ids.kiosk_id, "
             "(SELECT count(*) FROM tokens t WHERE t.kiosk_id = ids.kiosk_id AND t.revoked_at IS NULL), "
             "(SELECT count(*) FROM submissions s WHERE s.kiosk_id = ids.kiosk_id), h.received_at, h.heartbeat "
             "FROM ids LEFT JOIN heartbeats h ON h.hb_no = "
             "(SELECT max(hb_no) FROM heartbeats x WHERE x.kiosk_id = ids.kiosk_id) ORDER BY ids.kiosk_id"},
            {&m_heartbeats,
             "SELECT received_at, heartbeat FROM heartbeats WHERE kiosk_id = ?1 ORDER BY hb_no DESC LIMIT ?2"},
            {&m_conflicts,
             "SELECT id, kiosk_id, received_at, stored_sha256, payload_sha256, record FROM conflicts "
             "ORDER BY conflict_no"},
            {&m_held, held_sequences_sql},
            {&m_kiosk_records, std::string(kiosk_records_sql) + "?1" + kiosk_records_order},
            {&m_contacts_to_purge,
             "SELECT rec_no, payload, received_at FROM submissions WHERE kind = 'idea' AND contact_sealed IS NOT NULL "
             "AND (?1 IS NULL OR received_at < ?1) AND (?2 IS NULL OR id = ?2) ORDER BY rec_no"},
            {&m_purge_contact, "UPDATE submissions SET payload = ?2, contact_sealed = NULL WHERE rec_no = ?1"},
            {&m_conflicts_to_purge,
             "SELECT conflict_no, record FROM conflicts WHERE (?1 IS NULL OR received_at < ?1) "
             "AND (?2 IS NULL OR id = ?2) ORDER BY conflict_no"},
            {&m_purge_conflict, "UPDATE conflicts SET record = ?2 WHERE conflict_no = ?1"},
            {&m_add_audit, "INSERT INTO audit (at, action, detail) VALUES (?1, ?2, ?3)"},
            {&m_audit, "SELECT at, action, detail FROM audit ORDER BY audit_no"},
        };
        for (const auto& [st, sql] : all) {
            auto p = m_db->prepare(sql);
            if (!p) return Error{"cannot prepare a statement: " + p.error().message};
            *st = std::move(p.value());
        }
        return Done{};
    }

    Result<std::vector<IngestResult>> ingest_locked(const std::string& kiosk_id, const std::string& heartbeat_json,
                                                    const std::vector<Record>& records,
                                                    const std::string& received_at) {
        std::vector<IngestResult> out;
        out.reserve(records.size());
        for (const Record& r : records) {
            m_insert.bind(1, r.id).bind(2, r.seq).bind(3, kind_name(r.kind)).bind(4, r.kiosk_id).bind(5, r.visit_id);
            m_insert.bind(6, r.pack_id).bind(7, r.pack_version).bind(8, r.created_at).bind(9, r.payload);
            m_insert.bind(10, r.payload_sha256).bind(11, received_at);
            bind_opt(m_insert, 12, r.item);
            if (r.stars)
                m_insert.bind(13, *r.stars);
            else
                m_insert.bind_null(13);
            bind_opt(m_insert, 14, r.replaces);
            bind_opt(m_insert, 15, r.forum);
            if (r.kind == SubmissionKind::Priorities)
                m_insert.bind(16, forums_to_text(r.forums));
            else
                m_insert.bind_null(16);
            bind_opt(m_insert, 17, r.text);
            bind_opt(m_insert, 18, r.contact_sealed);
            std::optional<Error> e;
            if (m_insert.step(e)) {
                const std::int64_t rec_no = m_insert.column_int(0);
                m_insert.reset();
                for (std::size_t i = 0; i < r.forums.size(); ++i) {
                    if (auto fe = m_insert_forum.bind(1, r.id)
                                      .bind(2, static_cast<std::int64_t>(i) + 1)
                                      .bind(3, r.forums[i])
                                      .run();
                        !fe)
                        return db_error("cannot store a priority vote", fe.error());
                }
                out.push_back({Outcome::Stored, receipt_for(rec_no)});
                continue;
            }
            m_insert.reset();
            if (e) return db_error("cannot store a record", *e);

            // Already there: a duplicate or a conflict.
            m_existing.bind(1, r.id);
            if (!m_existing.step(e)) {
                m_existing.reset();
                return db_error("cannot read a stored record", e.value_or(Error{ErrorKind::Other, "record vanished"}));
            }
            const std::string stored_hash = m_existing.column_text(0);
            const std::int64_t rec_no = m_existing.column_int(1);
            m_existing.reset();
            if (stored_hash == r.payload_sha256) {
                out.push_back({Outcome::Duplicate, receipt_for(rec_no)});
                continue;
            }
            if (auto ce = m_insert_conflict.bind(1, r.id)
                              .bind(2, r.kiosk_id)
                              .bind(3, received_at)
                              .bind(4, stored_hash)
                              .bind(5, r.payload_sha256)
                              .bind(6, record_json(r))
                              .run();
                !ce)
                return db_error("cannot store a conflict", ce.error());
            out.push_back({Outcome::Conflict, {}});
        }
        if (auto e = m_insert_heartbeat.bind(1, kiosk_id).bind(2, received_at).bind(3, heartbeat_json).run(); !e)
            return db_error("cannot store the heartbeat", e.error());
        if (auto e = m_prune_heartbeats.bind(1, kiosk_id).bind(2, m_options.heartbeats_per_kiosk).run(); !e)
            return db_error("cannot prune heartbeats", e.error());
        return out;
    }

    Result<PurgeReport> purge_locked(const ContactPurge& purge) {
        PurgeReport report;
        std::optional<Error> e;
        // Read first, then write: the purged payloads are made in C++ (canonical JSON), the same
        // way for both stores.
        std::vector<std::pair<std::int64_t, std::string>> purged;
        bind_opt(m_contacts_to_purge, 1, purge.received_before);
        bind_opt(m_contacts_to_purge, 2, purge.id);
        while (m_contacts_to_purge.step(e)) {
            auto without = payload_without_contact(m_contacts_to_purge.column_text(1), purge.purged_at);
            // A stored idea with contact_sealed always has it in its payload; if not, the column still goes.
            purged.emplace_back(m_contacts_to_purge.column_int(0),
                                without.value_or(m_contacts_to_purge.column_text(1)));
            note_purged(report, m_contacts_to_purge.column_text(2));
        }
        m_contacts_to_purge.reset();
        if (e) return db_error("cannot find the contact data to purge", *e);
        for (const auto& [rec_no, payload] : purged)
            if (auto u = m_purge_contact.bind(1, rec_no).bind(2, payload).run(); !u)
                return db_error("cannot purge contact data", u.error());

        std::vector<std::pair<std::int64_t, std::string>> conflicts;
        bind_opt(m_conflicts_to_purge, 1, purge.received_before);
        bind_opt(m_conflicts_to_purge, 2, purge.id);
        while (m_conflicts_to_purge.step(e)) {
            if (auto without = record_without_contact(m_conflicts_to_purge.column_text(1), purge.purged_at))
                conflicts.emplace_back(m_conflicts_to_purge.column_int(0), std::move(*without));
        }
        m_conflicts_to_purge.reset();
        if (e) return db_error("cannot find the conflicts to purge", *e);
        for (const auto& [no, record] : conflicts)
            if (auto u = m_purge_conflict.bind(1, no).bind(2, record).run(); !u)
                return db_error("cannot purge a conflict's contact data", u.error());
        report.conflicts = static_cast<std::int64_t>(conflicts.size());

        if (auto a = m_add_audit.bind(1, purge.purged_at)
                         .bind(2, "purge-contacts")
                         .bind(3, purge_audit_detail(purge, report))
                         .run();
            !a)
            return db_error("cannot write the audit row", a.error());
        return report;
    }

    static void bind_opt(Statement& st, int index, const std::optional<std::string>& v) {
        if (v)
            st.bind(index, *v);
        else
            st.bind_null(index);
    }

    std::mutex m_mutex;
    std::unique_ptr<Database> m_db;
    StoreOptions m_options;
    Statement m_insert, m_existing, m_insert_forum, m_insert_conflict, m_insert_heartbeat, m_prune_heartbeats;
    Statement m_add_kiosk, m_add_token, m_find_token, m_revoke_kiosk, m_revoke_admin;
    Statement m_ratings, m_priorities, m_counts, m_export, m_kiosks, m_heartbeats, m_conflicts, m_held, m_kiosk_records;
    Statement m_contacts_to_purge, m_purge_contact, m_conflicts_to_purge, m_purge_conflict, m_add_audit, m_audit;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const StoreOptions& options) {
    auto db = Database::open(path);
    if (!db) return Error{"cannot open " + path + ": " + db.error().message};
    auto store = std::make_unique<SqliteStore>(std::move(db.value()), options);
    if (auto r = store->open(); !r) return Error{path + ": " + r.error().message};
    return std::unique_ptr<Store>(std::move(store));
}

}  // namespace ruhr::collector
