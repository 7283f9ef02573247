#pragma once
// The collector's side of the sync protocol (docs/sync-protocol.md): a POST /v1/sync body read
// and checked with protocol/'s rules, and the answers, free of HTTP and of storage so that
// tests can feed it any bytes.

#include "collector/store.h"
#include "protocol/receipts.h"
#include "protocol/results.h"
#include "protocol/submission.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ruhr::collector {

/// A POST /v1/sync body whose outer shape is right.
struct SyncRequest {
    std::string kiosk_id;
    std::string heartbeat_json;
    /// The kiosk's signing key (base64), registered on its first sync over its token when none
    /// is (docs/sync-protocol.md, "Signatures").
    std::optional<std::string> kiosk_public_key;
    std::vector<CheckedSubmission> submissions;
};

/// Why a body is refused as a whole: a 400 with this message, or a 403 when the body's kiosk
/// id is not the token's.
struct BadRequest {
    int status = 400;
    std::string message;
};

/// Parses and checks a sync body for a kiosk token of `token_kiosk_id`.
std::variant<SyncRequest, BadRequest> parse_sync_request(std::string_view body, const std::string& token_kiosk_id);

/// One receipt per submission, in request order: {"id","status","receipt"|"reason"}.
/// `stored` has one result per submission that passed the checks.
nlohmann::json receipts_json(const SyncRequest& request, const std::vector<IngestResult>& stored);
/// The answer to a sync: receipts in request order, and the SHA-256 of the request body they
/// answer (the kiosk applies a signed answer only to the batch it sent).
nlohmann::json sync_response(const SyncRequest& request, const std::vector<IngestResult>& stored,
                             const std::string& server_time, const std::string& request_sha256);
/// {"error": code, "message": message}
nlohmann::json error_json(std::string_view code, std::string_view message);

}  // namespace ruhr::collector
