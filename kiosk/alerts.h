#pragma once
// Staff alerts (the staff panel's "Meldungen"): what the kiosk stores for staff is a message
// key of the staff catalogue (kiosk/staff.cpp, "alert_..."), its named parameters (counts, a
// record's id, a folder's last name, a reason key) and a plain English line for logs and
// engineers. The panel renders the key in its own language (staff_alert_text), so a German
// staff member never reads English, a path or a library's words; the English line keeps the
// technical detail. Each alert is made here, by one function per situation, so the keys and
// their parameters are spelled in one place.

#include "base/result.h"
#include "protocol/receipts.h"
#include "protocol/submission.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace ruhr {

enum class AlertLevel { Info, Warning, Error };

/// "info", "warning", "error": as stored in the outbox.
const char* alert_level_name(AlertLevel level);

/// One alert to store: the catalogue key and its parameters for the panel, the English line
/// for logs.
struct AlertMessage {
    AlertLevel level = AlertLevel::Info;
    std::string key;                                   // "alert_exported"
    nlohmann::json params = nlohmann::json::object();  // {"count": 5, "folder": "kiosk-essen-01-2026..."}
    std::string text;                                  // English, with the detail: never shown in the panel
};

/// Every key an alert can have (the catalogue must hold each, in German and English).
inline constexpr const char* k_alert_keys[] = {
    "alert_content_not_loaded", "alert_outbox_moved_aside",        "alert_retention_deleted", "alert_exported",
    "alert_statement_written",  "alert_statement_written_pending", "alert_receipts_applied",  "alert_set_aside",
    "alert_sync_refused",       "alert_sync_answer_unsigned",      "alert_store_failed",
};

/// A folder for staff: its last name only ("/media/stick/ruhr-kiosk/export/kiosk-1-2026..."
/// -> "kiosk-1-2026...").
std::string last_name(const std::filesystem::path& path);

/// Content that staff switched to (an import, a rollback) does not load; the content shown
/// before stays. `detail`: the loader's first problem, for the log.
AlertMessage alert_content_not_loaded(const std::string& detail);
/// A damaged outbox file was moved aside to `moved_to` and a new one made.
AlertMessage alert_outbox_moved_aside(const std::string& moved_to);
/// Retention deleted `count` delivered records (`first_seq`-`last_seq`), delivered before
/// `before` (ISO 8601).
AlertMessage alert_retention_deleted(std::int64_t count, std::int64_t first_seq, std::int64_t last_seq,
                                     const std::string& before);
/// An export of `count` records to `directory` on the stick, its submissions' SHA-256.
AlertMessage alert_exported(std::int64_t count, const std::filesystem::path& directory, const std::string& sha256);
/// A closing statement of `count` records, `pending` of them not yet delivered.
AlertMessage alert_statement_written(std::int64_t count, std::int64_t pending, std::int64_t highest_seq,
                                     const std::filesystem::path& directory);
/// A receipt file `file` (in `folder`) was applied.
AlertMessage alert_receipts_applied(std::int64_t delivered, std::int64_t quarantined, std::int64_t unknown,
                                    const std::filesystem::path& folder, const std::string& file);
/// Why the collector set a record aside, as a reason key of alert_set_aside: "conflict",
/// "rejected", "too-large", or "other".
std::string set_aside_reason(ReceiptStatus status);
/// The collector refused one record (a sync answered 400 or 413): its reason key.
std::string set_aside_reason_of_http(int status);
/// Record `id` was set aside for `reason` (a reason key); `detail` is the collector's text.
AlertMessage alert_set_aside(const std::string& id, const std::string& reason, const std::string& detail);
/// The collector refused this kiosk's token (HTTP `status`, 401 or 403); `detail`: its answer.
AlertMessage alert_sync_refused(int status, const std::string& detail);
/// The collector's answer lacked its signature: nothing was marked delivered.
AlertMessage alert_sync_answer_unsigned();
/// A record of `kind` could not be stored: `error`'s kind chooses the reason, its message is
/// only in the English line (it names the storage problem, never what the visitor typed).
AlertMessage alert_store_failed(SubmissionKind kind, const Error& error);

}  // namespace ruhr
