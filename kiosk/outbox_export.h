#pragma once
// Offline transfer by USB stick (docs/sync-protocol.md, "Offline transfer by USB stick"):
// staff write the outbox to a stick as JSON lines with a summary, the collector imports it and
// writes a receipt file, and staff bring that back to the kiosk. An export never changes
// delivery state: records stay pending until a receipt arrives.

#include "base/clock.h"
#include "base/folder.h"
#include "base/result.h"
#include "kiosk/outbox.h"
#include "protocol/statement.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ruhr {

/// The folder on a stick that holds everything for the kiosk.
inline constexpr const char* k_stick_folder = "ruhr-kiosk";

/// Which records an export holds.
enum class ExportSelection {
    Undelivered,  // pending and quarantined (the default: what the collector has not confirmed)
    All,          // delivered ones too (a full copy; the collector answers them as duplicates)
};

struct ExportOptions {
    ExportSelection selection = ExportSelection::Undelivered;
    std::string app_version = RUHR_KIOSK_VERSION;
    /// Called after every `progress_every` records written, with the number written so far
    /// (for a progress bar); may be empty.
    std::function<void(std::int64_t written)> progress;
    std::int64_t progress_every = 100;
};

/// What an export wrote.
struct ExportSummary {
    std::filesystem::path directory;  // target_dir/ruhr-kiosk/export/<kiosk-id>-<UTC stamp>
    std::int64_t records = 0;
    std::map<std::string, std::int64_t> by_kind;   // "rating", "priorities", "idea"
    std::map<std::string, std::int64_t> by_state;  // "pending", "quarantined", "delivered"
    std::string submissions_sha256;
    std::uintmax_t submissions_bytes = 0;
};

/// Writes the outbox's records to `target_dir/ruhr-kiosk/export/<kiosk-id>-<UTC stamp>/`
/// (submissions.jsonl and summary.json), fsynced, and returns only once both are durable under
/// their final names. On failure (stick full, removed, read-only) the error says so for staff,
/// the partial folder is removed when possible, and nothing is left under the final name.
/// The outbox needs to be a file (a second read connection takes a consistent snapshot); the
/// only change to it is an alert saying what was exported.
Result<ExportSummary> export_outbox(Outbox& outbox, const std::filesystem::path& target_dir, const WallClock& wall,
                                    ExportOptions options = {});

/// What writing a closing statement did.
struct StatementSummary {
    std::filesystem::path directory;  // target_dir/ruhr-kiosk/statements/<kiosk-id>-<UTC stamp>
    ClosingStatement statement;
};

/// Writes the closing statement (docs/sync-protocol.md, "The closing statement") to
/// `target_dir/ruhr-kiosk/statements/<kiosk-id>-<UTC stamp>/`: statement.json, what the outbox
/// holds at this moment (every record, delivered or not: their sequence numbers, counts by kind
/// and state, one SHA-256 over them), and statement.json.sig, its signature by the kiosk's key.
/// Written as an export is (fsynced, under its final name only when complete, never through a
/// link); the outbox is only read, and gets an alert saying what was written.
Result<StatementSummary> write_closing_statement(Outbox& outbox, const std::filesystem::path& target_dir,
                                                 const WallClock& wall,
                                                 const std::string& app_version = RUHR_KIOSK_VERSION);

/// What applying a receipt file did.
struct ReceiptImportSummary {
    std::string export_sha256;           // the submissions.jsonl the receipts answer
    std::int64_t lines = 0;              // receipts in the file
    std::int64_t delivered = 0;          // stored/duplicate receipts for records of this outbox
    std::int64_t quarantined = 0;        // conflict/rejected for records of this outbox
    std::int64_t unknown = 0;            // ids this outbox does not hold (ignored)
    std::int64_t already_delivered = 0;  // conflict/rejected for a record delivered before (kept)
};

/// Applies a receipt file written by `ruhr-collector import` in one transaction:
/// stored/duplicate → delivered with the receipt, conflict/rejected → quarantined with the
/// reason. A file for another kiosk, or one that is not a complete receipt file, is refused
/// and nothing changes. Records already delivered stay delivered. Only a file that carries
/// `collector_key`'s signature (receipts.jsonl.sig beside it) and answers an export this
/// kiosk wrote is applied; without a key every file is refused.
/// The file is read as it is checked, never whole: at most k_max_receipts_bytes, lines of at most
/// k_max_receipt_line bytes; a link or anything but a plain file under its name is refused.
Result<ReceiptImportSummary> import_receipts(Outbox& outbox, const std::filesystem::path& receipts_file,
                                             const std::optional<SigningPublicKey>& collector_key);
/// The same for the file `name` in a folder on a stick, reached without following links.
Result<ReceiptImportSummary> import_receipts(Outbox& outbox, const Folder& folder, std::string_view name,
                                             const std::optional<SigningPublicKey>& collector_key);

/// Bounds for a receipt file: a receipt line is a few hundred bytes, an export at most a few
/// hundred thousand records.
inline constexpr std::uintmax_t k_max_receipts_bytes = 512ull << 20;
inline constexpr std::size_t k_max_receipt_line = 64 << 10;

}  // namespace ruhr
