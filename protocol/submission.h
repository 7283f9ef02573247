#pragma once
// The sync protocol's submission (docs/sync-protocol.md): the record a kiosk stores, uploads
// and exports to a USB stick, its JSON object, the rules for ids, and the checks of every
// field and payload. The kiosk checks a payload with this code before it commits it to the
// outbox; the collector checks every submission it receives with the same code.

#include "base/ids.h"  // is_lower_uuid: the protocol's rule for record and visit ids
#include "base/result.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ruhr {

/// The version of the sync protocol and of the USB export (POST /v1/sync's "protocol").
inline constexpr int protocol_version = 1;
/// At most this many submissions in one POST /v1/sync.
inline constexpr std::size_t max_records_per_batch = 500;
/// The largest request body the collector reads.
inline constexpr std::size_t max_body_bytes = 4 * 1024 * 1024;
/// Text fields of a record (ids, versions, times) are at most this long and single-line.
inline constexpr std::size_t max_field_bytes = 200;
/// A receipt the collector hands out is at most this long; a reason for refusing, this.
inline constexpr std::size_t max_receipt_bytes = 200;
inline constexpr std::size_t max_reason_bytes = 300;

/// The USB export folder's summary and the collector's receipt file (docs/sync-protocol.md,
/// "Offline transfer by USB stick").
inline constexpr const char* usb_export_format = "ruhr-kiosk-export";
inline constexpr const char* usb_receipts_format = "ruhr-collector-receipts";
/// 2: the summary and the receipt file are signed (Ed25519), each by a file beside it named
/// with usb_signature_suffix that holds the base64 signature over its exact bytes.
inline constexpr int usb_format_version = 2;
inline constexpr const char* usb_signature_suffix = ".sig";
/// The HTTP header of POST /v1/sync that carries a signature over the exact body: the kiosk's
/// over its request, the collector's over its answer (docs/sync-protocol.md, "Signatures").
inline constexpr const char* signature_header = "X-Ruhr-Signature";

enum class SubmissionKind { Rating, Priorities, Idea };
/// "rating", "priorities" or "idea", as the protocol spells it.
const char* kind_name(SubmissionKind kind);
/// The kind a protocol name stands for; empty for any other text.
std::optional<SubmissionKind> kind_from_name(std::string_view name);

/// A stored record, as the protocol carries it. Never changes once written.
struct Submission {
    std::string id;        // UUIDv7
    std::int64_t seq = 0;  // monotonic per kiosk database, independent of the wall clock
    SubmissionKind kind = SubmissionKind::Rating;
    std::string kiosk_id;
    std::string visit_id;
    std::string pack_id;
    std::string pack_version;
    std::string created_at;  // wall clock, ISO 8601 UTC
    std::string payload;     // canonical JSON (sorted keys, no spaces), byte for byte as stored
    std::string payload_sha256;
};

/// Reads column `index` of a stored row, as text or as an integer.
using ColumnText = std::function<std::string(int index)>;
using ColumnInteger = std::function<std::int64_t(int index)>;

/// The submission in a store's row whose columns 0-9 are its fields in the order declared
/// above (id, seq, kind, kiosk_id, visit_id, pack_id, pack_version, created_at, payload,
/// payload_sha256), as the outbox and both collector stores select them. A kind that is not
/// the protocol's reads as a rating: every store keeps only records whose kind was checked.
Submission submission_from_columns(const ColumnText& text, const ColumnInteger& integer);

/// The submission object of POST /v1/sync and of a line of submissions.jsonl: the payload as
/// the stored string, so its hash stays valid.
nlohmann::json submission_json(const Submission& s);

/// What a payload says, once checked: the fields of its kind.
struct PayloadFields {
    std::optional<std::string> item;            // rating
    std::optional<std::int64_t> stars;          // rating
    std::optional<std::string> replaces;        // rating
    std::vector<std::string> forums;            // priorities, in the order chosen
    std::optional<std::string> forum;           // idea (null when none)
    std::optional<std::string> text;            // idea
    std::optional<std::string> contact_sealed;  // idea with consent
    // The consent the visitor gave with contact data (absent in records made before the
    // kiosk stored them): SHA-256 of the exact consent text shown, its language, the pack's version.
    std::optional<std::string> consent_sha256;
    std::optional<std::string> consent_language;
    std::optional<std::string> consent_pack_version;
};

/// Checks a payload of `kind` against its format (docs/sync-protocol.md, "Payloads").
Result<PayloadFields> check_payload(SubmissionKind kind, const nlohmann::json& payload);

/// A submission whose fields and payload passed every check, with what its payload says.
struct CheckedRecord : Submission, PayloadFields {};

/// One submission of a request: either a checked record or the reason it is rejected.
struct CheckedSubmission {
    nlohmann::json id;  // the id as sent when it is a string, else null
    std::optional<CheckedRecord> record;
    std::string rejection;  // set when record is empty
};

/// Checks one submission (already parsed) against the protocol and the payload formats, for a
/// kiosk that is `expected_kiosk_id` (the token's, or the export's).
CheckedSubmission check_submission(const nlohmann::json& submission, const std::string& expected_kiosk_id);

/// True for a kiosk id as the kiosk's configuration allows it: 1-64 of A-Z a-z 0-9 . _ -,
/// starting with a letter or digit.
bool is_valid_kiosk_id(std::string_view s);

/// JSON text that never throws, even for strings that are not UTF-8 (they are replaced; a
/// stored record is valid UTF-8, so its hash stays valid).
std::string dump_json(const nlohmann::json& j);

}  // namespace ruhr
