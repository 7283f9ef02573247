#include "collector/schema.h"

#include "collector/store.h"

#include <iterator>

namespace ruhr::collector {

namespace {

// Placeholders: {serial_key} is an auto-numbered primary key; {submission_keys} the first
// three columns of submissions (on SQLite rec_no is the row id and id is unique, on PostgreSQL
// id is the primary key that INSERT ... ON CONFLICT relies on and rec_no a unique bigserial).
constexpr const char* step_texts[] = {
    // Version 1: kiosks, tokens, records, their priority forums, conflicts and heartbeats.
    R"sql(
CREATE TABLE kiosks (
    kiosk_id TEXT PRIMARY KEY,
    added_at TEXT NOT NULL
);
CREATE TABLE tokens (
    token_sha256 TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('kiosk', 'admin')),
    kiosk_id TEXT REFERENCES kiosks (kiosk_id),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE submissions (
    {submission_keys},
    kind TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    visit_id TEXT NOT NULL,
    pack_id TEXT NOT NULL,
    pack_version TEXT NOT NULL,
    created_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL,
    item TEXT,
    stars INTEGER,
    replaces TEXT,
    forum TEXT,
    forums TEXT,
    idea_text TEXT,
    contact_sealed TEXT
);
CREATE INDEX submissions_latest_rating ON submissions (visit_id, item, seq) WHERE kind = 'rating';
CREATE INDEX submissions_replaces ON submissions (replaces) WHERE replaces IS NOT NULL;
CREATE INDEX submissions_by_kiosk ON submissions (kiosk_id);
CREATE TABLE priority_forums (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    position INTEGER NOT NULL,
    forum TEXT NOT NULL,
    PRIMARY KEY (submission_id, position)
);
CREATE TABLE conflicts (
    conflict_no {serial_key},
    id TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    stored_sha256 TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    record TEXT NOT NULL,
    UNIQUE (id, payload_sha256)
);
CREATE TABLE heartbeats (
    hb_no {serial_key},
    kiosk_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    heartbeat TEXT NOT NULL
);
CREATE INDEX heartbeats_by_kiosk ON heartbeats (kiosk_id, hb_no);
)sql",
    // Version 2: the audit table (what was done to stored data: contact purges), and an index
    // for finding the ideas that still hold contact data.
    R"sql(
CREATE TABLE audit (
    audit_no {serial_key},
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX submissions_with_contact ON submissions (received_at) WHERE contact_sealed IS NOT NULL;
)sql",
    // Version 3: signatures. Each kiosk's public key (its USB exports are signed) and the
    // collector's own key pair (its receipt files are signed).
    R"sql(
ALTER TABLE kiosks ADD COLUMN public_key TEXT;
CREATE TABLE signing_keys (
    key_no INTEGER PRIMARY KEY CHECK (key_no = 1),
    secret_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);
)sql",
};
static_assert(std::size(step_texts) == schema_version);

void fill(std::string& text, const std::string& placeholder, const std::string& value) {
    for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size()))
        text.replace(at, placeholder.size(), value);
}

}  // namespace

std::vector<std::string> schema_steps(SqlDialect dialect) {
    const bool sqlite = dialect == SqlDialect::Sqlite;
    std::vector<std::string> steps;
    for (const char* text : step_texts) {
        std::string step = text;
        fill(step, "{submission_keys}",
             sqlite
                 ? "rec_no INTEGER PRIMARY KEY AUTOINCREMENT,\n    id TEXT NOT NULL UNIQUE,\n    seq INTEGER NOT NULL"
                 : "rec_no bigserial UNIQUE,\n    id TEXT PRIMARY KEY,\n    seq bigint NOT NULL");
        fill(step, "{serial_key}", sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "bigserial PRIMARY KEY");
        steps.push_back(std::move(step));
    }
    return steps;
}

}  // namespace ruhr::collector
