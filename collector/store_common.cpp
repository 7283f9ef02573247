#include "collector/store_common.h"

#include "protocol/submission.h"

#include <nlohmann/json.hpp>

namespace ruhr::collector {

std::string record_json(const Record& r) { return dump_json(submission_json(r)); }

std::string forums_to_text(const std::vector<std::string>& forums) { return dump_json(nlohmann::json(forums)); }

std::vector<std::string> forums_from_text(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> out;
    if (!j.is_array()) return out;
    for (const auto& f : j)
        if (f.is_string()) out.push_back(f.get<std::string>());
    return out;
}

std::optional<std::string> payload_without_contact(const std::string& payload, const std::string& purged_at) {
    nlohmann::json p = nlohmann::json::parse(payload, nullptr, false);
    if (!p.is_object()) return std::nullopt;
    const auto contact = p.find("contact");
    if (contact == p.end() || !contact->is_object() || !contact->contains("sealed")) return std::nullopt;
    contact->erase("sealed");
    (*contact)["purged_at"] = purged_at;
    return dump_json(p);  // keys stay sorted: the payload stays canonical JSON
}

std::optional<std::string> record_without_contact(const std::string& record, const std::string& purged_at) {
    nlohmann::json r = nlohmann::json::parse(record, nullptr, false);
    if (!r.is_object()) return std::nullopt;
    const auto payload = r.find("payload");
    if (payload == r.end() || !payload->is_string()) return std::nullopt;
    auto purged = payload_without_contact(payload->get<std::string>(), purged_at);
    if (!purged) return std::nullopt;
    *payload = *purged;
    return dump_json(r);
}

std::string purge_audit_detail(const ContactPurge& purge, const PurgeReport& report) {
    const auto opt = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
    return dump_json({{"requested_by", purge.requested_by},
                      {"received_before", opt(purge.received_before)},
                      {"id", opt(purge.id)},
                      {"records", report.records},
                      {"conflicts", report.conflicts},
                      {"first_received_at", opt(report.first_received_at)},
                      {"last_received_at", opt(report.last_received_at)}});
}

Result<bool> kiosk_key_change(const std::string& kiosk_id, const std::optional<std::string>& before,
                              const std::string& wanted, bool replace) {
    if (before && *before == wanted) return false;
    if (before && !replace)
        return Error{ErrorKind::Refused, "kiosk \"" + kiosk_id + "\" has another key registered (" + *before +
                                             "); replace it only for a kiosk that was set up anew (--replace)"};
    return true;
}

std::string kiosk_key_audit_detail(const std::string& kiosk_id, const std::optional<std::string>& before,
                                   const std::string& wanted) {
    return dump_json({{"kiosk_id", kiosk_id},
                      {"public_key", wanted},
                      {"replaced", before ? nlohmann::json(*before) : nlohmann::json()}});
}

void note_purged(PurgeReport& report, const std::string& received_at) {
    ++report.records;
    if (!report.first_received_at || received_at < *report.first_received_at) report.first_received_at = received_at;
    if (!report.last_received_at || received_at > *report.last_received_at) report.last_received_at = received_at;
}

ExportRow export_row_from_columns(const ColumnText& text, const ColumnInteger& integer, const ColumnIsNull& is_null) {
    ExportRow x;
    Record& r = x.record;
    // Only checked kinds are ever stored (the ingest checks them first).
    static_cast<Submission&>(r) = submission_from_columns(text, integer);
    x.received_at = text(10);
    if (!is_null(11)) r.item = text(11);
    if (!is_null(12)) r.stars = integer(12);
    if (!is_null(13)) r.replaces = text(13);
    if (!is_null(14)) r.forum = text(14);
    if (!is_null(15)) r.forums = forums_from_text(text(15));
    if (!is_null(16)) r.text = text(16);
    if (!is_null(17)) r.contact_sealed = text(17);
    x.receipt = receipt_for(integer(18));
    return x;
}

}  // namespace ruhr::collector
