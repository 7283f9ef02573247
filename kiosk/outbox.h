#pragma once
// The outbox: every rating, priority vote and idea is one immutable record in a local SQLite
// database, committed before the visitor sees "thank you", and kept until the collector has
// confirmed it. Delivery state lives apart from the record.

#include "base/clock.h"
#include "base/crypto.h"
#include "base/database.h"
#include "base/ids.h"
#include "base/result.h"
#include "kiosk/alerts.h"
#include "protocol/results.h"
#include "protocol/submission.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ruhr {

/// Where the submission comes from, besides its payload.
struct SubmissionContext {
    std::string visit_id;
    std::string pack_id;
    std::string pack_version;
};

enum class DeliveryState { Pending, Delivered, Quarantined };

struct OutboxCounts {
    std::int64_t pending = 0;
    std::int64_t delivered = 0;
    std::int64_t quarantined = 0;
};

/// A stored staff alert (kiosk/alerts.h). One stored before schema version 5 has no key: its
/// `message` is all there is, and the panel shows it as it always did.
struct Alert {
    std::string created_at;
    std::string level;    // "info", "warning", "error"
    std::string message;  // English, for logs; the whole text of an alert from before version 5
    std::string key;      // the staff catalogue's key ("alert_exported"); empty for an old alert
    nlohmann::json params = nlohmann::json::object();
};

/// A change of delivery state: `note` is the receipt (delivered) or the reason (quarantined).
struct DeliveryUpdate {
    std::string id;
    DeliveryState state = DeliveryState::Delivered;
    std::string note;
};

/// A record that will not be sent again, and why (for staff).
struct QuarantinedRecord {
    std::string id;
    std::string kind;
    std::string created_at;
    std::string reason;
    std::string quarantined_at;
};

/// What one retention step deleted: how many records, and their range of sequence numbers.
struct DeletedRecords {
    std::int64_t count = 0;
    std::int64_t first_seq = 0;
    std::int64_t last_seq = 0;
};

/// What happened while opening.
struct OutboxOpenReport {
    bool created = false;                    // a new database was made
    std::optional<std::string> moved_aside;  // a damaged file was renamed to this path
    int migrated_from = 0;                   // schema version found (0 for new)
};

/// Canonical JSON: keys sorted, no whitespace, UTF-8 kept as is.
std::string canonical_json(const nlohmann::json& j);

class Outbox {
public:
    static constexpr int k_schema_version = 5;

    /// Opens or creates the outbox at `path` (":memory:" for tests). A damaged file is moved
    /// aside with a timestamp and a new one created; a file from a newer app version is
    /// refused and left untouched. `kiosk_id` empty: a generated id is kept in the database.
    static Result<std::unique_ptr<Outbox>> open(const std::string& path, std::string kiosk_id, const WallClock& wall,
                                                IdSource& ids, OutboxOpenReport* report = nullptr);
    ~Outbox();

    /// Stores one record and its pending delivery state in one transaction.
    Result<Submission> add(SubmissionKind kind, const nlohmann::json& payload, const SubmissionContext& ctx);

    // Reads return their failure like writes do: a locked or damaged outbox is reported, never
    // taken for an empty one.
    Result<std::optional<Submission>> find(const std::string& id);
    Result<std::optional<DeliveryState>> state(const std::string& id);
    Result<OutboxCounts> counts();
    Result<RatingStats> rating_stats(const std::string& item);
    /// Top-three votes per forum id, as this kiosk holds them (a vote names up to three).
    Result<std::unordered_map<std::string, std::int64_t>> priority_votes();
    Result<std::int64_t> count_kind(SubmissionKind kind);

    /// Records a receipt; only then is a record delivered. Returns false for unknown ids.
    Result<bool> mark_delivered(const std::string& id, const std::string& receipt);
    /// Moves a record to quarantine with a reason staff can read.
    Result<bool> quarantine(const std::string& id, const std::string& reason);
    /// Oldest pending records first, at most `limit`.
    Result<std::vector<Submission>> pending(int limit);

    /// Applies a batch of receipts and quarantines in one transaction (all or nothing).
    /// Returns how many updates were applied; a delivered record never moves again.
    Result<int> apply(const std::vector<DeliveryUpdate>& updates);
    /// Deletes up to `limit` records delivered before `delivered_before` (ISO 8601 UTC, compared
    /// with the time their receipt was stored), oldest delivery first, in one transaction.
    /// Undelivered records are never deleted: the schema's triggers refuse it.
    Result<DeletedRecords> delete_delivered_before(const std::string& delivered_before, int limit);
    /// Writes the WAL back into the database file and empties it (after deleting records).
    Status checkpoint();
    /// The sequence number of the newest record (0 for none; it never goes back when delivered
    /// records are deleted, since it is kept in meta): the heartbeat and the export
    /// carry it, so the collector can tell records it lacks from records not yet made.
    Result<std::int64_t> highest_seq();
    /// The query highest_seq() runs, for a reader that takes its own snapshot of the file (the
    /// USB export, the closing statement): one row, one integer.
    static constexpr const char* k_highest_seq_sql =
        "SELECT max(coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_seq'), 0), "
        "coalesce((SELECT max(seq) FROM submissions), 0))";
    /// created_at of the oldest pending record, if any.
    Result<std::optional<std::string>> oldest_pending_created_at();
    /// Quarantined records, most recent first.
    Result<std::vector<QuarantinedRecord>> quarantined(int limit);

    /// Small named values kept with the outbox (kiosk id, last sync, fleet results).
    Result<std::optional<std::string>> meta(const std::string& key);
    Status set_meta(const std::string& key, const std::string& value);
    /// This kiosk's Ed25519 key for signing its USB exports, made at the first call and kept
    /// in meta (one key however many connections ask first); the collector knows its public
    /// half (docs/sync-protocol.md, "Signatures").
    Result<SigningSecretKey> signing_key();
    /// Notes that this kiosk wrote an export whose submissions.jsonl has `sha256`, so that a
    /// receipt file can be checked to answer an export this kiosk made.
    Status remember_export(const std::string& sha256);
    Result<bool> made_export(const std::string& sha256);
    /// Keeps a copy of a heartbeat sent to the collector (the latest thousand are kept).
    Status record_heartbeat(const std::string& body);

    /// Stores an alert for staff: its key and parameters for the panel, its English line.
    void add_alert(const AlertMessage& alert);
    /// The latest alerts, newest first.
    Result<std::vector<Alert>> recent_alerts(int limit);

    /// A record from a row whose first ten columns are the submission's, in the order of
    /// `submissions` (id, seq, kind, kiosk_id, visit_id, pack_id, pack_version, created_at,
    /// payload, payload_sha256): for the outbox's own queries and the USB export's.
    static Submission read_row(const Statement& st);

    const std::string& kiosk_id() const { return m_kiosk_id; }
    const std::string& path() const { return m_db->path(); }
    /// PRAGMA integrity_check result ("ok" when sound).
    std::string integrity_check();

private:
    Outbox(std::unique_ptr<Database> db, const WallClock& wall, IdSource& ids);
    Status migrate(int from);
    Status prepare_statements();

    std::unique_ptr<Database> m_db;
    const WallClock& m_wall;
    IdSource& m_ids;
    std::string m_kiosk_id;
    std::optional<SigningSecretKey> m_signing_key;  // read once: it never changes once stored
    struct Statements;
    std::unique_ptr<Statements> m_st;
};

}  // namespace ruhr
