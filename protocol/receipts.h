#pragma once
// Receipts: the collector's answer for each submission, in POST /v1/sync's answer and in the
// receipt file of a USB import (docs/sync-protocol.md). The collector writes them with
// receipt_json; the kiosk reads them with parse_receipt, for both ways.

#include "base/result.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace ruhr {

enum class ReceiptStatus {
    Stored,     // new at the collector: delivered
    Duplicate,  // the collector had it already: delivered
    Conflict,   // the id is stored with another payload hash: set aside
    Rejected,   // the submission broke the protocol: set aside
};
/// "stored", "duplicate", "conflict" or "rejected".
const char* receipt_status_name(ReceiptStatus status);

/// One receipt: `receipt` for stored and duplicate, `reason` for conflict and rejected.
struct Receipt {
    std::string id;
    ReceiptStatus status = ReceiptStatus::Stored;
    std::string receipt;
    std::string reason;

    /// True for stored and duplicate: the collector holds the record.
    bool delivered() const { return status == ReceiptStatus::Stored || status == ReceiptStatus::Duplicate; }
};

/// {"id","status","receipt"} or {"id","status","reason"}; `id` as sent (null for a
/// submission whose id was not a string).
nlohmann::json receipt_json(const nlohmann::json& id, const Receipt& r);

/// Reads one receipt object; the error says why it is not one (not an object, an unknown
/// status, a delivered one without a receipt or with one longer than max_receipt_bytes). The id
/// is empty when it was not a string (a rejected submission whose id was unreadable). A reason
/// is cut to max_reason_bytes.
Result<Receipt> parse_receipt(const nlohmann::json& j);

}  // namespace ruhr
