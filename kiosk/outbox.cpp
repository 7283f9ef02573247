#include "kiosk/outbox.h"

#include "base/crypto.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace ruhr {

namespace {

// Forward migrations; entry i takes the schema from version i to i + 1. Never edit a shipped
// entry: add a new one.
const char* const k_migrations[] = {
    // 0 -> 1: records, delivery state, meta.
    R"sql(
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    CREATE TABLE submissions (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('rating', 'priorities', 'idea')),
        kiosk_id TEXT NOT NULL,
        visit_id TEXT NOT NULL,
        pack_id TEXT NOT NULL,
        pack_version TEXT NOT NULL,
        created_at TEXT NOT NULL,
        payload TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL
    ) STRICT;
    CREATE TABLE delivery (
        id TEXT PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'quarantined')),
        receipt TEXT,
        reason TEXT,
        updated_at TEXT NOT NULL
    ) STRICT;
    -- A record is immutable, and is deleted from nothing until its receipt is stored.
    CREATE TRIGGER submissions_immutable BEFORE UPDATE ON submissions
        BEGIN SELECT RAISE(ABORT, 'submissions are immutable'); END;
    CREATE TRIGGER submissions_kept_until_delivered BEFORE DELETE ON submissions
        WHEN coalesce((SELECT state FROM delivery WHERE id = OLD.id), 'pending') <> 'delivered'
        BEGIN SELECT RAISE(ABORT, 'only delivered submissions may be deleted'); END;
    )sql",
    // 1 -> 2: staff alerts, and indexes for the queue and the local rating results.
    R"sql(
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error')),
        message TEXT NOT NULL
    ) STRICT;
    CREATE INDEX delivery_by_state ON delivery (state);
    CREATE INDEX submissions_by_kind ON submissions (kind, seq);
    -- Local rating results look ratings up by item.
    CREATE INDEX ratings_by_item ON submissions (json_extract(payload, '$.item')) WHERE kind = 'rating';
    )sql",
    // 2 -> 3: the heartbeats sent to the collector, kept locally for staff (the latest ones).
    R"sql(
    CREATE TABLE heartbeats (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL
    ) STRICT;
    )sql",
    // 3 -> 4: retention. Delivered records may be deleted after some days (docs/outbox.md), so
    // the last sequence number is kept in meta: a number must never come again once the records
    // that held the highest ones are gone. Delivery rows of undelivered records cannot be
    // deleted, and a delivered record stays delivered, so that nothing can make a pending record
    // deletable by editing its delivery row.
    R"sql(
    INSERT OR REPLACE INTO meta (key, value)
        VALUES ('last_seq', (SELECT CAST(coalesce(max(seq), 0) AS TEXT) FROM submissions));
    CREATE TRIGGER submissions_keep_last_seq AFTER INSERT ON submissions
        BEGIN
            INSERT INTO meta (key, value) VALUES ('last_seq', CAST(NEW.seq AS TEXT))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                WHERE CAST(meta.value AS INTEGER) < NEW.seq;
        END;
    CREATE TRIGGER delivery_kept_until_delivered BEFORE DELETE ON delivery
        WHEN OLD.state <> 'delivered'
        BEGIN SELECT RAISE(ABORT, 'only delivered records may be deleted'); END;
    CREATE TRIGGER delivery_delivered_is_final BEFORE UPDATE OF state ON delivery
        WHEN OLD.state = 'delivered' AND NEW.state <> 'delivered'
        BEGIN SELECT RAISE(ABORT, 'a delivered record stays delivered'); END;
    CREATE INDEX delivery_delivered_at ON delivery (updated_at) WHERE state = 'delivered';
    )sql",
    // 4 -> 5: an alert is a message key of the staff catalogue and its parameters (a JSON
    // object), so the staff panel shows it in its own language; `message` stays, in English,
    // for logs. Alerts stored before have neither and are shown as their message.
    R"sql(
    ALTER TABLE alerts ADD COLUMN key TEXT CHECK (key IS NULL OR key <> '');
    ALTER TABLE alerts ADD COLUMN params TEXT CHECK (params IS NULL OR json_type(params) = 'object');
    )sql",
};
static_assert(std::size(k_migrations) == Outbox::k_schema_version);

std::string random_kiosk_id(IdSource& ids, const WallClock& wall) {
    // The random tail of a UUIDv7 is unique enough to tell kiosks apart in one fleet.
    const std::string id = ids.new_id(wall.unix_ms());
    return "kiosk-" + id.substr(id.size() - 12);
}

// Renames the database and its WAL/SHM companions out of the way; returns the new name.
// Never replaces an earlier damaged file: kiosks without a clock battery boot at the same
// wrong time, so the same stamp can come twice.
std::optional<std::string> move_aside(const std::string& path, std::int64_t unix_ms) {
    namespace fs = std::filesystem;
    const std::string base = path + ".damaged-" + format_utc(unix_ms, UtcFormat::FileName);
    std::string target = base;
    std::error_code ec;
    for (int n = 2; fs::exists(target, ec) || fs::exists(target + "-wal", ec); ++n)
        target = base + "-" + std::to_string(n);
    fs::rename(path, target, ec);
    if (ec) return std::nullopt;
    for (const char* suffix : {"-wal", "-shm"}) {
        std::error_code ignore;
        if (fs::exists(path + suffix, ignore)) fs::rename(path + suffix, target + suffix, ignore);
    }
    return target;
}

}  // namespace

std::string canonical_json(const nlohmann::json& j) {
    // nlohmann::json keeps object keys sorted; dump() without indent writes no whitespace.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

struct Outbox::Statements {
    Statement next_seq;
    Statement insert_submission;
    Statement insert_delivery;
    Statement find;
    Statement state;
    Statement counts;
    Statement rating_stats;
    Statement priority_votes;
    Statement count_kind;
    Statement mark_delivered;
    Statement quarantine;
    Statement pending;
    Statement add_alert;
    Statement alerts;
    Statement oldest_pending;
    Statement get_meta;
    Statement set_meta;
    Statement add_heartbeat;
    Statement trim_heartbeats;
    Statement quarantined;
    Statement delete_delivered;
};

Outbox::Outbox(std::unique_ptr<Database> db, const WallClock& wall, IdSource& ids)
    : m_db(std::move(db)), m_wall(wall), m_ids(ids) {}

Outbox::~Outbox() = default;

Result<std::unique_ptr<Outbox>> Outbox::open(const std::string& path, std::string kiosk_id, const WallClock& wall,
                                             IdSource& ids, OutboxOpenReport* report) {
    OutboxOpenReport local;
    OutboxOpenReport& rep = report ? *report : local;
    const bool memory = path == ":memory:";
    std::unique_ptr<Database> db;
    for (int attempt = 0; attempt < 2 && !db; ++attempt) {
        auto opened = Database::open(path);
        if (!opened) return Error{"cannot open the outbox " + path + ": " + opened.error().message};
        if ((*opened)->read_only())
            return Error{"the outbox " + path + " is on read-only storage or not writable; nothing can be stored"};
        // A damaged or foreign file fails here; it is moved aside, never deleted. A locked or
        // unreadable one is an error of its own: its records must not be set aside.
        const auto check = (*opened)->query_text("PRAGMA quick_check");
        if (check && *check == "ok") {
            db = std::move(*opened);
            break;
        }
        const bool damaged = check.ok() || check.error().kind == ErrorKind::Damaged;
        if (!damaged) return check.error().context("cannot read the outbox " + path);
        if (memory || attempt > 0)
            return Error{ErrorKind::Damaged,
                         "the outbox " + path + " failed its check: " + (check ? *check : "unreadable")};
        opened->reset();
        rep.moved_aside = move_aside(path, wall.unix_ms());
        if (!rep.moved_aside) return Error{"the outbox " + path + " is damaged and cannot be moved aside"};
    }

    const auto version_text = db->query_text("PRAGMA user_version");
    if (!version_text) return version_text.error().context("cannot read the outbox " + path);
    const int version = std::stoi(*version_text);
    if (version > k_schema_version)
        return Error{ErrorKind::TooNew, "the outbox " + path + " has schema version " + std::to_string(version) +
                                            ", newer than this app understands (" + std::to_string(k_schema_version) +
                                            "); it was left untouched. Update the app or move the file away."};
    rep.migrated_from = version;
    rep.created = version == 0;

    // Crash safety: WAL with a full sync on every commit (about 0.5 ms per record here).
    if (!memory) {
        const auto mode = db->query_text("PRAGMA journal_mode=WAL");
        if (!mode) return mode.error().context("the outbox " + path + " cannot use WAL mode");
        if (*mode != "wal") return Error{ErrorKind::Io, "the outbox " + path + " cannot use WAL mode"};
    }
    // secure_delete: a deleted record (retention) is overwritten in the file, not left in free pages.
    if (auto e = db->exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"); !e)
        return e.error();

    std::unique_ptr<Outbox> box(new Outbox(std::move(db), wall, ids));
    if (auto e = box->migrate(version); !e) return e.error().context("cannot prepare the outbox " + path);
    if (auto e = box->prepare_statements(); !e) return e.error();

    // The kiosk id: from the configuration, else the one this database was created with.
    const auto stored = box->m_db->query_text("SELECT value FROM meta WHERE key = 'kiosk_id'");
    // Only a missing id may be made anew; an unreadable one must not become another kiosk.
    if (!stored && stored.error().kind != ErrorKind::NotFound)
        return stored.error().context("cannot read the outbox " + path);
    if (!kiosk_id.empty()) {
        box->m_kiosk_id = kiosk_id;
    } else if (stored) {
        box->m_kiosk_id = *stored;
    } else {
        box->m_kiosk_id = random_kiosk_id(ids, wall);
    }
    if (!stored || *stored != box->m_kiosk_id) {
        auto st = box->m_db->prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('kiosk_id', ?)");
        if (!st) return st.error();
        if (auto e = st->bind(1, box->m_kiosk_id).run(); !e) return e.error();
    }
    if (rep.moved_aside) box->add_alert(alert_outbox_moved_aside(*rep.moved_aside));
    return box;
}

Status Outbox::migrate(int from) {
    for (int v = from; v < k_schema_version; ++v) {
        const std::string sql = std::string("BEGIN IMMEDIATE;") + k_migrations[v] +
                                "PRAGMA user_version = " + std::to_string(v + 1) + "; COMMIT;";
        if (auto e = m_db->exec(sql); !e) {
            (void)m_db->exec("ROLLBACK");
            return e;
        }
    }
    return Done{};
}

Status Outbox::prepare_statements() {
    m_st = std::make_unique<Statements>();
    // What a query that reads whole records selects, in the order the reader takes them.
    const std::string columns =
        "s.id, s.seq, s.kind, s.kiosk_id, s.visit_id, s.pack_id, s.pack_version, s.created_at, s.payload, "
        "s.payload_sha256";
    const std::pair<Statement*, std::string> all[] = {
        // The larger of the kept last number and the records' own (the trigger keeps them equal).
        {&m_st->next_seq, std::string(k_highest_seq_sql) + " + 1"},
        {&m_st->delete_delivered,
         "DELETE FROM submissions WHERE id IN (SELECT id FROM delivery WHERE state = 'delivered' AND updated_at < ?1 "
         "ORDER BY updated_at LIMIT ?2) RETURNING seq"},
        {&m_st->insert_submission,
         "INSERT INTO submissions (id, seq, kind, kiosk_id, visit_id, pack_id, pack_version, created_at, payload, "
         "payload_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
        {&m_st->insert_delivery, "INSERT INTO delivery (id, state, updated_at) VALUES (?, 'pending', ?)"},
        {&m_st->find, "SELECT " + columns + " FROM submissions s WHERE s.id = ?"},
        {&m_st->state, "SELECT state FROM delivery WHERE id = ?"},
        {&m_st->counts, "SELECT state, count(*) FROM delivery GROUP BY state"},
        // One rating per visit and item counts: the latest. A re-rating names the record it
        // replaces in its payload; both always come from the same visit, so "latest per
        // visit" and "not replaced" agree, and this form uses the item index only.
        {&m_st->rating_stats,
         "SELECT count(*), coalesce(avg(stars), 0) FROM (SELECT json_extract(payload, '$.stars') AS stars, max(seq) "
         "FROM submissions WHERE kind = 'rating' AND json_extract(payload, '$.item') = ?1 GROUP BY visit_id)"},
        {&m_st->priority_votes,
         "SELECT f.value, count(*) FROM submissions s, json_each(s.payload, '$.forums') f "
         "WHERE s.kind = 'priorities' GROUP BY f.value"},
        {&m_st->count_kind, "SELECT count(*) FROM submissions WHERE kind = ?"},
        {&m_st->mark_delivered,
         "UPDATE delivery SET state = 'delivered', receipt = ?2, reason = NULL, updated_at = ?3 WHERE id = ?1"},
        {&m_st->quarantine,
         "UPDATE delivery SET state = 'quarantined', reason = ?2, updated_at = ?3 WHERE id = ?1 AND state <> "
         "'delivered'"},
        {&m_st->pending,
         "SELECT " + columns +
             " FROM submissions s JOIN delivery d ON d.id = s.id WHERE d.state = 'pending' ORDER BY s.seq LIMIT ?"},
        {&m_st->add_alert, "INSERT INTO alerts (created_at, level, message, key, params) VALUES (?, ?, ?, ?, ?)"},
        {&m_st->alerts,
         "SELECT created_at, level, message, coalesce(key, ''), coalesce(params, '{}') FROM alerts ORDER BY id DESC "
         "LIMIT ?"},
        {&m_st->oldest_pending,
         "SELECT s.created_at FROM submissions s JOIN delivery d ON d.id = s.id WHERE d.state = 'pending' "
         "ORDER BY s.seq LIMIT 1"},
        {&m_st->get_meta, "SELECT value FROM meta WHERE key = ?"},
        {&m_st->set_meta, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"},
        {&m_st->add_heartbeat, "INSERT INTO heartbeats (created_at, body) VALUES (?, ?)"},
        {&m_st->trim_heartbeats, "DELETE FROM heartbeats WHERE id <= (SELECT max(id) FROM heartbeats) - ?"},
        {&m_st->quarantined,
         "SELECT s.id, s.kind, s.created_at, coalesce(d.reason, ''), d.updated_at FROM submissions s "
         "JOIN delivery d ON d.id = s.id WHERE d.state = 'quarantined' ORDER BY d.updated_at DESC, s.seq DESC LIMIT ?"},
    };
    for (const auto& [st, sql] : all) {
        auto prepared = m_db->prepare(sql);
        if (!prepared) return prepared.error().context("cannot prepare the outbox queries");
        *st = std::move(*prepared);
    }
    return Done{};
}

Result<Submission> Outbox::add(SubmissionKind kind, const nlohmann::json& payload, const SubmissionContext& ctx) {
    Submission s;
    try {
        s.payload = canonical_json(payload);
    } catch (const nlohmann::json::exception& e) {
        return Error{std::string("the submission is not valid UTF-8 JSON: ") + e.what()};
    }
    const std::int64_t now = m_wall.unix_ms();
    s.id = m_ids.new_id(now);
    s.kind = kind;
    s.kiosk_id = m_kiosk_id;
    s.visit_id = ctx.visit_id;
    s.pack_id = ctx.pack_id;
    s.pack_version = ctx.pack_version;
    s.created_at = iso8601_utc(now);
    s.payload_sha256 = sha256_hex(s.payload);
    // Nothing the collector would refuse enters the outbox: the same checks as its ingest (the
    // sequence number, not yet drawn, is checked only for its type).
    const CheckedSubmission checked = check_submission(submission_json(s), m_kiosk_id);
    if (!checked.record) return Error{"the submission breaks the sync protocol: " + checked.rejection};

    if (auto e = m_db->exec("BEGIN IMMEDIATE"); !e) return e.error();
    const auto fail = [&](const Error& e) -> Result<Submission> {
        m_st->next_seq.reset();
        (void)m_db->exec("ROLLBACK");
        return e;
    };
    std::optional<Error> err;
    if (!m_st->next_seq.step(err)) return fail(err.value_or(Error{ErrorKind::Other, "no sequence number"}));
    s.seq = m_st->next_seq.column_int(0);
    m_st->next_seq.reset();
    m_st->insert_submission.bind(1, s.id)
        .bind(2, s.seq)
        .bind(3, kind_name(kind))
        .bind(4, s.kiosk_id)
        .bind(5, s.visit_id)
        .bind(6, s.pack_id)
        .bind(7, s.pack_version)
        .bind(8, s.created_at)
        .bind(9, s.payload)
        .bind(10, s.payload_sha256);
    if (auto e = m_st->insert_submission.run(); !e) return fail(e.error());
    if (auto e = m_st->insert_delivery.bind(1, s.id).bind(2, s.created_at).run(); !e) return fail(e.error());
    // The record counts as stored only once COMMIT has returned.
    if (auto e = m_db->exec("COMMIT"); !e) return fail(e.error());
    return s;
}

Submission Outbox::read_row(const Statement& st) {
    // The outbox's CHECK constraint allows only the three kinds.
    return submission_from_columns([&st](int i) { return st.column_text(i); },
                                   [&st](int i) { return st.column_int(i); });
}

Result<std::optional<Submission>> Outbox::find(const std::string& id) {
    std::optional<Error> err;
    std::optional<Submission> out;
    if (m_st->find.bind(1, id).step(err)) out = read_row(m_st->find);
    m_st->find.reset();
    if (err) return err->context("cannot read the outbox");
    return out;
}

Result<std::optional<DeliveryState>> Outbox::state(const std::string& id) {
    std::optional<Error> err;
    std::optional<DeliveryState> out;
    if (m_st->state.bind(1, id).step(err)) {
        const std::string s = m_st->state.column_text(0);
        out = s == "delivered"     ? DeliveryState::Delivered
              : s == "quarantined" ? DeliveryState::Quarantined
                                   : DeliveryState::Pending;
    }
    m_st->state.reset();
    if (err) return err->context("cannot read the outbox");
    return out;
}

Result<OutboxCounts> Outbox::counts() {
    OutboxCounts c;
    std::optional<Error> err;
    while (m_st->counts.step(err)) {
        const std::string s = m_st->counts.column_text(0);
        const std::int64_t n = m_st->counts.column_int(1);
        if (s == "pending")
            c.pending = n;
        else if (s == "delivered")
            c.delivered = n;
        else if (s == "quarantined")
            c.quarantined = n;
    }
    m_st->counts.reset();
    if (err) return err->context("cannot count the outbox's records");
    return c;
}

Result<RatingStats> Outbox::rating_stats(const std::string& item) {
    RatingStats r;
    std::optional<Error> err;
    if (m_st->rating_stats.bind(1, item).step(err)) {
        r.count = m_st->rating_stats.column_int(0);
        r.average = m_st->rating_stats.column_double(1);
    }
    m_st->rating_stats.reset();
    if (err) return err->context("cannot read the local results");
    return r;
}

Result<std::unordered_map<std::string, std::int64_t>> Outbox::priority_votes() {
    std::unordered_map<std::string, std::int64_t> votes;
    std::optional<Error> err;
    while (m_st->priority_votes.step(err))
        votes[m_st->priority_votes.column_text(0)] = m_st->priority_votes.column_int(1);
    m_st->priority_votes.reset();
    if (err) return err->context("cannot read the local votes");
    return votes;
}

Result<std::int64_t> Outbox::count_kind(SubmissionKind kind) {
    std::optional<Error> err;
    std::int64_t n = 0;
    if (m_st->count_kind.bind(1, kind_name(kind)).step(err)) n = m_st->count_kind.column_int(0);
    m_st->count_kind.reset();
    if (err) return err->context("cannot count the outbox's records");
    return n;
}

Result<bool> Outbox::mark_delivered(const std::string& id, const std::string& receipt) {
    // Delivered records may be deleted, so only a real receipt may deliver one.
    if (receipt.empty()) return Error{"a receipt is needed to mark " + id + " delivered"};
    if (auto e = m_st->mark_delivered.bind(1, id).bind(2, receipt).bind(3, iso8601_utc(m_wall.unix_ms())).run(); !e)
        return e.error();
    const auto now = state(id);
    if (!now) return now.error();
    return *now == DeliveryState::Delivered;
}

Result<bool> Outbox::quarantine(const std::string& id, const std::string& reason) {
    if (auto e = m_st->quarantine.bind(1, id).bind(2, reason).bind(3, iso8601_utc(m_wall.unix_ms())).run(); !e)
        return e.error();
    const auto now = state(id);
    if (!now) return now.error();
    return *now == DeliveryState::Quarantined;
}

Result<std::vector<Submission>> Outbox::pending(int limit) {
    std::vector<Submission> out;
    std::optional<Error> err;
    m_st->pending.bind(1, static_cast<std::int64_t>(limit));
    while (m_st->pending.step(err)) out.push_back(read_row(m_st->pending));
    m_st->pending.reset();
    if (err) return err->context("cannot read the pending records");
    return out;
}

void Outbox::add_alert(const AlertMessage& alert) {
    // Alerts are best effort: when the disk is full, they cannot be stored either, and the
    // caller also writes them to the log.
    const std::string params = alert.params.is_object() ? dump_json(alert.params) : std::string("{}");
    (void)m_st->add_alert.bind(1, iso8601_utc(m_wall.unix_ms()))
        .bind(2, alert_level_name(alert.level))
        .bind(3, alert.text)
        .bind(4, alert.key)
        .bind(5, params)
        .run();
}

Result<std::vector<Alert>> Outbox::recent_alerts(int limit) {
    std::vector<Alert> out;
    std::optional<Error> err;
    m_st->alerts.bind(1, static_cast<std::int64_t>(limit));
    while (m_st->alerts.step(err)) {
        Alert a{m_st->alerts.column_text(0), m_st->alerts.column_text(1), m_st->alerts.column_text(2),
                m_st->alerts.column_text(3)};
        // The schema keeps params an object; a key without readable params still shows.
        auto params = nlohmann::json::parse(m_st->alerts.column_text(4), nullptr, false);
        if (params.is_object()) a.params = std::move(params);
        out.push_back(std::move(a));
    }
    m_st->alerts.reset();
    if (err) return err->context("cannot read the alerts");
    return out;
}

Result<int> Outbox::apply(const std::vector<DeliveryUpdate>& updates) {
    // One transaction for a whole batch of receipts: one fsync instead of one per record.
    for (const auto& u : updates) {
        if (u.state == DeliveryState::Delivered && u.note.empty())
            return Error{"a receipt is needed to mark " + u.id + " delivered"};
        if (u.state == DeliveryState::Pending) return Error{"a record cannot go back to pending: " + u.id};
    }
    if (auto e = m_db->exec("BEGIN IMMEDIATE"); !e) return e.error();
    const std::string now = iso8601_utc(m_wall.unix_ms());
    int changed = 0;
    for (const auto& u : updates) {
        Statement& st = u.state == DeliveryState::Delivered ? m_st->mark_delivered : m_st->quarantine;
        if (auto e = st.bind(1, u.id).bind(2, u.note).bind(3, now).run(); !e) {
            (void)m_db->exec("ROLLBACK");
            return e.error();
        }
        changed += 1;
    }
    if (auto e = m_db->exec("COMMIT"); !e) {
        (void)m_db->exec("ROLLBACK");
        return e.error();
    }
    return changed;
}

Result<std::optional<std::string>> Outbox::oldest_pending_created_at() {
    std::optional<Error> err;
    std::optional<std::string> out;
    if (m_st->oldest_pending.step(err)) out = m_st->oldest_pending.column_text(0);
    m_st->oldest_pending.reset();
    if (err) return err->context("cannot read the pending records");
    return out;
}

Result<std::int64_t> Outbox::highest_seq() {
    std::optional<Error> err;
    std::int64_t next = 1;
    if (m_st->next_seq.step(err)) next = m_st->next_seq.column_int(0);
    m_st->next_seq.reset();
    if (err) return err->context("cannot read the outbox");
    return next - 1;
}

Result<DeletedRecords> Outbox::delete_delivered_before(const std::string& delivered_before, int limit) {
    DeletedRecords out;
    if (auto e = m_db->exec("BEGIN IMMEDIATE"); !e) return e.error().context("cannot delete delivered records");
    std::optional<Error> err;
    m_st->delete_delivered.bind(1, delivered_before).bind(2, static_cast<std::int64_t>(limit));
    while (m_st->delete_delivered.step(err)) {
        const std::int64_t seq = m_st->delete_delivered.column_int(0);
        out.count += 1;
        out.first_seq = out.count == 1 ? seq : std::min(out.first_seq, seq);
        out.last_seq = std::max(out.last_seq, seq);
    }
    m_st->delete_delivered.reset();
    if (!err) {
        if (auto e = m_db->exec("COMMIT"); !e) err = e.error();
    }
    if (err) {
        (void)m_db->exec("ROLLBACK");
        return err->context("cannot delete delivered records");
    }
    return out;
}

Status Outbox::checkpoint() {
    // TRUNCATE empties the WAL, whose frames may still hold the deleted rows' old pages.
    const auto r = m_db->query_text("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!r) return r.error().context("cannot checkpoint the outbox");
    return Done{};
}

Result<std::optional<std::string>> Outbox::meta(const std::string& key) {
    std::optional<Error> err;
    std::optional<std::string> out;
    if (m_st->get_meta.bind(1, key).step(err)) out = m_st->get_meta.column_text(0);
    m_st->get_meta.reset();
    if (err) return err->context("cannot read the outbox");
    return out;
}

Status Outbox::set_meta(const std::string& key, const std::string& value) {
    return m_st->set_meta.bind(1, key).bind(2, value).run();
}

Result<SigningSecretKey> Outbox::signing_key() {
    if (m_signing_key) return *m_signing_key;
    constexpr const char* k_key = "signing_secret_key";
    auto read = meta(k_key);
    if (!read) return read.error();
    std::optional<std::string> stored = *read;
    if (!stored) {
        // Another connection may make one at the same moment: the first stored key is the key.
        const std::string made = [] {
            const auto pair = make_signing_keypair();
            return to_base64(pair.second.data(), pair.second.size());
        }();
        auto st = m_db->prepare("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)");
        if (!st) return st.error();
        if (auto e = st->bind(1, k_key).bind(2, made).run(); !e)
            return e.error().context("cannot store the signing key");
        auto again = meta(k_key);
        if (!again) return again.error();
        stored = *again;
    }
    if (!stored) return Error{ErrorKind::Damaged, "the outbox lost its signing key"};
    auto key = parse_signing_secret_key(*stored);
    if (!key) return Error{ErrorKind::Damaged, "the outbox's signing key is damaged: " + key.error().message};
    m_signing_key = *key;
    return *key;
}

Status Outbox::remember_export(const std::string& sha256) {
    return set_meta("export:" + sha256, iso8601_utc(m_wall.unix_ms()));
}

Result<bool> Outbox::made_export(const std::string& sha256) {
    auto found = meta("export:" + sha256);
    if (!found) return found.error();
    return found->has_value();
}

Status Outbox::record_heartbeat(const std::string& body) {
    if (auto e = m_st->add_heartbeat.bind(1, iso8601_utc(m_wall.unix_ms())).bind(2, body).run(); !e) return e;
    // Keep the latest thousand: enough for staff to see a week of syncs, bounded on disk.
    return m_st->trim_heartbeats.bind(1, std::int64_t{1000}).run();
}

Result<std::vector<QuarantinedRecord>> Outbox::quarantined(int limit) {
    std::vector<QuarantinedRecord> out;
    std::optional<Error> err;
    m_st->quarantined.bind(1, static_cast<std::int64_t>(limit));
    while (m_st->quarantined.step(err))
        out.push_back({m_st->quarantined.column_text(0), m_st->quarantined.column_text(1),
                       m_st->quarantined.column_text(2), m_st->quarantined.column_text(3),
                       m_st->quarantined.column_text(4)});
    m_st->quarantined.reset();
    if (err) return err->context("cannot read the quarantined records");
    return out;
}

std::string Outbox::integrity_check() {
    const auto check = m_db->query_text("PRAGMA integrity_check");
    return check ? *check : "unreadable: " + check.error().message;
}

}  // namespace ruhr
