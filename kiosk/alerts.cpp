#include "kiosk/alerts.h"

namespace ruhr {

namespace fs = std::filesystem;

const char* alert_level_name(AlertLevel level) {
    switch (level) {
    case AlertLevel::Info: return "info";
    case AlertLevel::Warning: return "warning";
    case AlertLevel::Error: return "error";
    }
    return "info";
}

std::string last_name(const fs::path& path) {
    // "/media/stick/export/kiosk-1/" has an empty filename(): its folder's name is meant.
    const fs::path p = path.has_filename() ? path : path.parent_path();
    return p.filename().string();
}

AlertMessage alert_content_not_loaded(const std::string& detail) {
    return {AlertLevel::Error, "alert_content_not_loaded", nlohmann::json::object(),
            "The new content could not be loaded: " + detail};
}

AlertMessage alert_outbox_moved_aside(const std::string& moved_to) {
    // The file's name stays in the English line only: it says "outbox" and means nothing to staff.
    return {AlertLevel::Error, "alert_outbox_moved_aside", nlohmann::json::object(),
            "The outbox database was damaged and has been moved aside to " + moved_to +
                "; a new one was created. Keep the old file for recovery."};
}

AlertMessage alert_retention_deleted(std::int64_t count, std::int64_t first_seq, std::int64_t last_seq,
                                     const std::string& before) {
    return {AlertLevel::Info,
            "alert_retention_deleted",
            {{"count", count}, {"first_seq", first_seq}, {"last_seq", last_seq}, {"before", before}},
            "Retention deleted " + std::to_string(count) + " delivered record" + (count == 1 ? "" : "s") + " (seq " +
                std::to_string(first_seq) + "-" + std::to_string(last_seq) + ") whose receipt was stored before " +
                before + "."};
}

AlertMessage alert_exported(std::int64_t count, const fs::path& directory, const std::string& sha256) {
    return {AlertLevel::Info,
            "alert_exported",
            {{"count", count}, {"folder", last_name(directory)}, {"sha256", sha256.substr(0, 12)}},
            "exported " + std::to_string(count) + " records to " + directory.string() + " (SHA-256 " +
                sha256.substr(0, 12) + "...)"};
}

AlertMessage alert_statement_written(std::int64_t count, std::int64_t pending, std::int64_t highest_seq,
                                     const fs::path& directory) {
    return {AlertLevel::Info,
            pending == 0 ? "alert_statement_written" : "alert_statement_written_pending",
            {{"count", count}, {"pending", pending}, {"highest_seq", highest_seq}, {"folder", last_name(directory)}},
            "wrote a closing statement of " + std::to_string(count) + " records (" + std::to_string(pending) +
                " not yet delivered, seq up to " + std::to_string(highest_seq) + ") to " + directory.string()};
}

AlertMessage alert_receipts_applied(std::int64_t delivered, std::int64_t quarantined, std::int64_t unknown,
                                    const fs::path& folder, const std::string& file) {
    return {
        AlertLevel::Info,
        "alert_receipts_applied",
        {{"delivered", delivered}, {"quarantined", quarantined}, {"unknown", unknown}, {"folder", last_name(folder)}},
        "applied receipts from " + (folder / file).string() + ": " + std::to_string(delivered) + " delivered, " +
            std::to_string(quarantined) + " set aside, " + std::to_string(unknown) + " unknown"};
}

std::string set_aside_reason(ReceiptStatus status) {
    switch (status) {
    case ReceiptStatus::Conflict: return "conflict";
    case ReceiptStatus::Rejected: return "rejected";
    case ReceiptStatus::Stored:
    case ReceiptStatus::Duplicate: break;  // delivered: never set aside
    }
    return "other";
}

std::string set_aside_reason_of_http(int status) {
    if (status == 413) return "too-large";
    if (status == 400) return "rejected";
    return "other";
}

AlertMessage alert_set_aside(const std::string& id, const std::string& reason, const std::string& detail) {
    return {AlertLevel::Warning,
            "alert_set_aside",
            {{"record", id}, {"reason", reason}},
            "Record " + id + " was set aside: " + detail};
}

AlertMessage alert_sync_refused(int status, const std::string& detail) {
    const char* reason = status == 401 ? "unauthorized" : status == 403 ? "forbidden" : "other";
    return {AlertLevel::Error,
            "alert_sync_refused",
            {{"status", status}, {"reason", reason}},
            "The collector refused this kiosk's token (" + detail + ")"};
}

AlertMessage alert_sync_answer_unsigned() {
    return {AlertLevel::Error, "alert_sync_answer_unsigned", nlohmann::json::object(),
            "The collector's answer does not carry its signature; nothing was marked delivered"};
}

AlertMessage alert_store_failed(SubmissionKind kind, const Error& error) {
    return {AlertLevel::Error,
            "alert_store_failed",
            {{"kind", kind_name(kind)}, {"reason", error_kind_name(error.kind)}},
            std::string("A ") + kind_name(kind) + " could not be stored: " + error.message};
}

}  // namespace ruhr
