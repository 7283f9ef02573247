#pragma once
// Helpers that both store implementations share (not part of the Store interface).

#include "collector/store.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ruhr::collector {

/// The submission as the protocol carries it, as one line of JSON (kept with a conflict).
std::string record_json(const Record& r);
/// A priority vote's forum ids as the text kept in submissions.forums (a JSON array, so any id
/// survives the round trip), and back.
std::string forums_to_text(const std::vector<std::string>& forums);
std::vector<std::string> forums_from_text(const std::string& text);

/// The held runs of sequence numbers ("gaps and islands"), one row per run: kiosk_id, first,
/// last, ordered by kiosk and first. The same SQL runs on SQLite and PostgreSQL.
inline constexpr const char* held_sequences_sql =
    "SELECT kiosk_id, min(seq), max(seq) FROM (SELECT kiosk_id, seq, seq - row_number() OVER (PARTITION BY "
    "kiosk_id ORDER BY seq) AS run FROM (SELECT DISTINCT kiosk_id, seq FROM submissions) AS distinct_seqs) AS runs "
    "GROUP BY kiosk_id, run ORDER BY kiosk_id, min(seq)";

/// A kiosk's records for the closing statement's check, ordered by seq and id: the submission's
/// columns 0-9 (submission_from_columns) with an empty payload. The kiosk id is the one
/// parameter, spelled by each store ("?1", "$1") after this text, and kiosk_records_order after it.
inline constexpr const char* kiosk_records_sql =
    "SELECT id, seq, kind, kiosk_id, visit_id, pack_id, pack_version, created_at, '', payload_sha256 FROM "
    "submissions WHERE kiosk_id = ";
inline constexpr const char* kiosk_records_order = " ORDER BY seq, id";

/// An idea's payload without its sealed contact data: `contact.sealed` removed and
/// `contact.purged_at` set, everything else (text, forum, consent fields) kept, as canonical
/// JSON. Nullopt when the payload holds no sealed contact data.
std::optional<std::string> payload_without_contact(const std::string& payload, const std::string& purged_at);
/// The same for a conflict's kept submission (record_json): its payload string purged.
std::optional<std::string> record_without_contact(const std::string& record, const std::string& purged_at);
/// The audit row's detail for a purge: its selection, how it was asked for, and what it did.
std::string purge_audit_detail(const ContactPurge& purge, const PurgeReport& report);
/// Whether registering `wanted` for a kiosk that has `before` changes anything (false: the same
/// key again), or an error (ErrorKind::Refused) for a different key without `replace`.
Result<bool> kiosk_key_change(const std::string& kiosk_id, const std::optional<std::string>& before,
                              const std::string& wanted, bool replace);
/// The audit row's detail for a kiosk key registered or replaced.
std::string kiosk_key_audit_detail(const std::string& kiosk_id, const std::optional<std::string>& before,
                                   const std::string& wanted);
/// Folds one purged idea's received_at into the report's range.
void note_purged(PurgeReport& report, const std::string& received_at);

/// Reads column `index` of a row of the records' export: is it NULL.
using ColumnIsNull = std::function<bool(int index)>;

/// One row of the records' export query, whose columns both stores select in one order: the
/// submission (0-9, submission_from_columns), received_at, the payload's fields (item, stars,
/// replaces, forum, forums, idea_text, contact_sealed; NULL where the kind has none) and the
/// record number the receipt is made from.
ExportRow export_row_from_columns(const ColumnText& text, const ColumnInteger& integer, const ColumnIsNull& is_null);

}  // namespace ruhr::collector
