#pragma once
// The sync protocol's request checks and answers (docs/sync-protocol.md), free of HTTP and of
// storage so that tests can feed it any bytes.

#include "collector/store.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ruhr::collector {

inline constexpr int protocol_version = 1;
inline constexpr std::size_t max_records_per_batch = 500;
inline constexpr std::size_t max_body_bytes = 4 * 1024 * 1024;

/// One submission of a request: either a valid Record or the reason it is rejected.
struct CheckedSubmission {
    nlohmann::json id;  // the id as sent when it is a string, else null
    std::optional<Record> record;
    std::string rejection;  // set when record is empty
};

/// A POST /v1/sync body whose outer shape is right.
struct SyncRequest {
    std::string kiosk_id;
    std::string heartbeat_json;
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

/// Checks one submission (already parsed) against the protocol and the payload formats.
CheckedSubmission check_submission(const nlohmann::json& submission, const std::string& token_kiosk_id);

/// True for a lower-case UUID written 8-4-4-4-12.
bool is_lower_uuid(std::string_view s);
/// True for a kiosk id as the kiosk's configuration allows it: 1-64 of A-Z a-z 0-9 . _ -,
/// starting with a letter or digit.
bool is_valid_kiosk_id(std::string_view s);

/// One receipt per submission, in request order: {"id","status","receipt"|"reason"}.
/// `stored` has one result per submission that passed the checks.
nlohmann::json receipts_json(const SyncRequest& request, const std::vector<IngestResult>& stored);
/// The answer to a sync: receipts in request order.
nlohmann::json sync_response(const SyncRequest& request, const std::vector<IngestResult>& stored,
                             const std::string& server_time);
/// The answer to GET /v1/results.
nlohmann::json results_json(const FleetResults& results, const std::string& generated_at);
/// {"error": code, "message": message}
nlohmann::json error_json(std::string_view code, std::string_view message);
/// JSON text that never throws, even for strings that are not UTF-8 (they are replaced).
std::string dump_json(const nlohmann::json& j);

} // namespace ruhr::collector
