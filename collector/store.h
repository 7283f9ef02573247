#pragma once
// The collector's storage: one small interface, with a SQLite implementation (one file, one
// collector) and a PostgreSQL one (several collectors behind a load balancer on one database).
// Neither sqlite3.h nor libpq-fe.h leaks out of this header.

#include "base/result.h"
#include "protocol/results.h"
#include "protocol/statement.h"  // SeqRange
#include "protocol/submission.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ruhr::collector {

/// A submission that passed the protocol's checks, with the fields the collector derives from
/// its payload (for results and export) alongside the record as the kiosk sent it.
using Record = CheckedRecord;

/// What became of one record in an ingest.
enum class Outcome { Stored, Duplicate, Conflict };

struct IngestResult {
    Outcome outcome = Outcome::Stored;
    std::string receipt;  // Stored and Duplicate: the (original) receipt
};

/// Who a token belongs to.
enum class Role { Kiosk, Admin };

struct TokenOwner {
    Role role = Role::Kiosk;
    std::string kiosk_id;  // empty for admin tokens
};

/// A stored record with the collector's receive time and receipt, for exports.
struct ExportRow {
    Record record;
    std::string received_at;
    std::string receipt;
};

/// A kiosk known to the collector (it has a token or has sent a heartbeat), with its latest
/// heartbeat.
struct KioskStatus {
    std::string kiosk_id;
    std::int64_t active_tokens = 0;
    std::int64_t submissions = 0;
    std::optional<std::string> last_seen;       // received_at of the latest heartbeat
    std::optional<std::string> last_heartbeat;  // its JSON
};

/// A record kept aside because its id was already stored with another payload hash.
struct ConflictRow {
    std::string id;
    std::string kiosk_id;
    std::string received_at;
    std::string stored_sha256;
    std::string payload_sha256;
    std::string record_json;  // the conflicting submission as received
};

/// Which ideas lose their contact data (`ruhr-collector purge-contacts`): those received before
/// a time, or one record (a visitor who withdrew consent), or both conditions at once.
struct ContactPurge {
    std::optional<std::string> received_before;  // ISO 8601 UTC, compared with received_at
    std::optional<std::string> id;               // one record's id
    std::string purged_at;                       // the collector's clock, kept in the record and the audit
    std::string requested_by;  // how it was asked for, for the audit row ("purge-contacts --before ...")
};

/// What a purge did.
struct PurgeReport {
    std::int64_t records = 0;                      // ideas whose sealed contact data was deleted
    std::int64_t conflicts = 0;                    // copies kept aside as conflicts whose contact data was deleted
    std::optional<std::string> first_received_at;  // the range of those ideas' received_at
    std::optional<std::string> last_received_at;
};

/// One row of the audit table: what was done to stored data, when, and how it was asked for.
struct AuditRow {
    std::string at;
    std::string action;  // "purge-contacts", "kiosk-key", "check-statement"
    std::string detail;  // JSON: the selection and the counts
};

struct StoreOptions {
    /// Connections (PostgreSQL); one per HTTP worker thread is enough.
    int connections = 4;
    /// Heartbeats kept per kiosk; older ones are pruned when a new one arrives.
    std::int64_t heartbeats_per_kiosk = 10000;
};

/// The collector's database. Every method is safe to call from several threads at once.
class Store {
public:
    virtual ~Store() = default;

    /// Stores `records` (already validated) and the kiosk's heartbeat in one transaction and
    /// returns one result per record, in order. Nothing is reported that is not committed.
    virtual Result<std::vector<IngestResult>> ingest(const std::string& kiosk_id, const std::string& heartbeat_json,
                                                     const std::vector<Record>& records,
                                                     const std::string& received_at) = 0;

    /// Registers a token by its SHA-256 (the token itself is never stored). A kiosk token also
    /// registers its kiosk id.
    virtual Result<Done> add_token(const std::string& token_sha256, const TokenOwner& owner,
                                   const std::string& created_at) = 0;
    /// The owner of an active token, or nullopt for an unknown or revoked one.
    virtual Result<std::optional<TokenOwner>> find_token(const std::string& token_sha256) = 0;
    /// Revokes every token of a kiosk (or every admin token); returns how many.
    virtual Result<std::int64_t> revoke_tokens(const TokenOwner& owner, const std::string& revoked_at) = 0;

    virtual Result<FleetResults> results() = 0;
    /// Calls `row` for every stored record, in the order they were stored.
    virtual Result<Done> for_each_record(const std::function<void(const ExportRow&)>& row) = 0;
    virtual Result<std::vector<KioskStatus>> kiosks() = 0;
    /// Heartbeats of one kiosk, newest first: (received_at, JSON).
    virtual Result<std::vector<std::pair<std::string, std::string>>> heartbeats(const std::string& kiosk_id,
                                                                                std::int64_t limit) = 0;
    virtual Result<std::vector<ConflictRow>> conflicts() = 0;
    /// The sequence numbers stored for each kiosk, as runs in ascending order (completeness).
    virtual Result<std::map<std::string, std::vector<SeqRange>>> held_sequences() = 0;
    /// Deletes the sealed contact data of the ideas `purge` selects, keeping the idea (text,
    /// forum, consent fields, payload hash) and every count; marks each payload's contact with
    /// `purged_at`, cleans conflict copies of the same records, and writes an audit row, all in
    /// one transaction. A purge that finds nothing still writes its audit row.
    virtual Result<PurgeReport> purge_contacts(const ContactPurge& purge) = 0;
    /// The audit rows, oldest first.
    virtual Result<std::vector<AuditRow>> audit_log() = 0;
    /// Adds an audit row (a closing statement checked).
    virtual Result<Done> add_audit(const AuditRow& row) = 0;
    /// Calls `record` for every record stored for `kiosk_id`, by ascending seq (then id), with
    /// every field but the payload (left empty; its hash is there): the closing statement's
    /// check digests them as the kiosk did.
    virtual Result<Done> for_each_kiosk_record(const std::string& kiosk_id,
                                               const std::function<void(const Submission&)>& record) = 0;

    /// The Ed25519 public key (base64) registered for a kiosk: its USB exports must carry its
    /// signature. Nullopt for a kiosk without one (or not known at all).
    virtual Result<std::optional<std::string>> kiosk_key(const std::string& kiosk_id) = 0;
    /// Registers `public_key` for a kiosk (adding the kiosk if needed), with an audit row. A
    /// different key registered before is replaced only with `replace` (a kiosk set up anew);
    /// otherwise the call is refused (ErrorKind::Refused) and nothing changes. Returns whether
    /// the key changed.
    virtual Result<bool> set_kiosk_key(const std::string& kiosk_id, const std::string& public_key,
                                       const std::string& at, bool replace) = 0;
    /// The collector's Ed25519 secret key (base64) for signing receipts: made the first time it
    /// is asked for (`new_key`, created `at`), the same one afterwards.
    virtual Result<std::string> signing_key(const std::string& new_key, const std::string& at) = 0;
    /// True when the database answers.
    virtual bool healthy() = 0;
};

/// "c1-000000000000172": the receipt for the n-th stored record.
std::string receipt_for(std::int64_t record_number);

/// Opens a SQLite database file (created if missing), with the schema migrated forward.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const StoreOptions& options = {});
/// Connects to PostgreSQL with a libpq conninfo string or URI, with the schema migrated forward.
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& conninfo, const StoreOptions& options = {});
/// Opens `sqlite:/path/file.db`, `postgres:<conninfo>`, `postgresql://...` or `postgres://...`.
Result<std::unique_ptr<Store>> open_store(const std::string& url, const StoreOptions& options = {});

/// The schema version this program writes; a database with a higher one is refused.
inline constexpr int schema_version = 3;

}  // namespace ruhr::collector
