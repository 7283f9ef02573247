#include "protocol/receipts.h"

#include "protocol/submission.h"

namespace ruhr {

const char* receipt_status_name(ReceiptStatus status) {
    switch (status) {
    case ReceiptStatus::Stored: return "stored";
    case ReceiptStatus::Duplicate: return "duplicate";
    case ReceiptStatus::Conflict: return "conflict";
    case ReceiptStatus::Rejected: return "rejected";
    }
    return "rejected";
}

nlohmann::json receipt_json(const nlohmann::json& id, const Receipt& r) {
    nlohmann::json j{{"id", id}, {"status", receipt_status_name(r.status)}};
    if (r.delivered())
        j["receipt"] = r.receipt;
    else
        j["reason"] = r.reason;
    return j;
}

Result<Receipt> parse_receipt(const nlohmann::json& j) {
    if (!j.is_object()) return Error{"not a JSON object"};
    const auto text = [&](const char* key) {
        const auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    Receipt r;
    r.id = text("id");
    const std::string status = text("status");
    if (status == "stored")
        r.status = ReceiptStatus::Stored;
    else if (status == "duplicate")
        r.status = ReceiptStatus::Duplicate;
    else if (status == "conflict")
        r.status = ReceiptStatus::Conflict;
    else if (status == "rejected")
        r.status = ReceiptStatus::Rejected;
    else
        return Error{"unknown status \"" + status + "\""};
    if (r.delivered()) {
        r.receipt = text("receipt");
        if (r.receipt.empty() || r.receipt.size() > max_receipt_bytes)
            return Error{"a " + status + " receipt without a receipt"};
    } else {
        r.reason = text("reason").substr(0, max_reason_bytes);
    }
    return r;
}

}  // namespace ruhr
