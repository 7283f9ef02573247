#include "collector/protocol.h"

#include "base/crypto.h"

#include <cstdint>
#include <cstdio>

namespace ruhr::collector {

using nlohmann::json;

std::variant<SyncRequest, BadRequest> parse_sync_request(std::string_view body, const std::string& token_kiosk_id) {
    const json j = json::parse(body.begin(), body.end(), nullptr, false);
    if (j.is_discarded()) return BadRequest{400, "the body is not JSON (UTF-8)"};
    if (!j.is_object()) return BadRequest{400, "the body is not a JSON object"};
    const auto protocol = j.find("protocol");
    if (protocol == j.end() || !protocol->is_number_integer() || protocol->get<std::int64_t>() != protocol_version)
        return BadRequest{400, "protocol missing or not 1"};
    const auto kiosk = j.find("kiosk_id");
    if (kiosk == j.end() || !kiosk->is_string()) return BadRequest{400, "kiosk_id missing or not a string"};
    if (kiosk->get_ref<const std::string&>() != token_kiosk_id)
        return BadRequest{403, "kiosk_id is not the token's kiosk"};
    const auto heartbeat = j.find("heartbeat");
    if (heartbeat == j.end() || !heartbeat->is_object()) return BadRequest{400, "heartbeat missing or not an object"};
    // A flat object: nothing nested, so storing and printing it stays cheap and bounded.
    for (const auto& [key, value] : heartbeat->items()) {
        (void)key;
        if (value.is_structured())
            return BadRequest{400, "heartbeat values must be strings, numbers, booleans or null"};
    }
    const auto submissions = j.find("submissions");
    if (submissions == j.end() || !submissions->is_array()) return BadRequest{400, "submissions missing or not a list"};
    if (submissions->size() > max_records_per_batch) return BadRequest{400, "more than 500 submissions"};

    SyncRequest req;
    if (const auto key = j.find("kiosk_public_key"); key != j.end()) {
        if (!key->is_string() || !parse_signing_public_key(key->get_ref<const std::string&>()))
            return BadRequest{400, "kiosk_public_key is not a 32-byte Ed25519 key in base64"};
        req.kiosk_public_key = key->get<std::string>();
    }
    req.kiosk_id = token_kiosk_id;
    req.heartbeat_json = dump_json(*heartbeat);
    if (req.heartbeat_json.size() > 16384) return BadRequest{400, "heartbeat larger than 16 KiB"};
    req.submissions.reserve(submissions->size());
    for (const auto& s : *submissions) req.submissions.push_back(check_submission(s, token_kiosk_id));
    return req;
}

json receipts_json(const SyncRequest& request, const std::vector<IngestResult>& stored) {
    json receipts = json::array();
    std::size_t next = 0;
    for (const auto& s : request.submissions) {
        Receipt r;
        if (!s.record) {
            r.status = ReceiptStatus::Rejected;
            r.reason = s.rejection;
        } else {
            const IngestResult& res = stored.at(next++);
            switch (res.outcome) {
            case Outcome::Stored:
                r.status = ReceiptStatus::Stored;
                r.receipt = res.receipt;
                break;
            case Outcome::Duplicate:
                r.status = ReceiptStatus::Duplicate;
                r.receipt = res.receipt;
                break;
            case Outcome::Conflict:
                r.status = ReceiptStatus::Conflict;
                r.reason = "id already stored with another payload hash";
                break;
            }
        }
        receipts.push_back(receipt_json(s.id, r));
    }
    return receipts;
}

json sync_response(const SyncRequest& request, const std::vector<IngestResult>& stored, const std::string& server_time,
                   const std::string& request_sha256) {
    return json{{"protocol", protocol_version},
                {"server_time", server_time},
                {"request_sha256", request_sha256},
                {"receipts", receipts_json(request, stored)}};
}

json error_json(std::string_view code, std::string_view message) {
    return json{{"error", std::string(code)}, {"message", std::string(message)}};
}

std::string receipt_for(std::int64_t record_number) {
    char buf[40];
    std::snprintf(buf, sizeof(buf), "c1-%015lld", static_cast<long long>(record_number));
    return buf;
}

}  // namespace ruhr::collector
