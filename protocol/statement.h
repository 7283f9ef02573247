#pragma once
// The closing statement (docs/sync-protocol.md, "The closing statement"): at the end of an
// event a kiosk states what it holds, signed with its key, and the collector compares that with
// what it has stored. The statement names the sequence numbers the kiosk holds, how many
// records of each kind and state, and one SHA-256 over all of them (records_digest_line), so
// "every record arrived, exactly as the kiosk made it" is one comparison, not a list of ids.

#include "base/crypto.h"
#include "base/result.h"
#include "protocol/submission.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ruhr {

inline constexpr const char* statement_format = "ruhr-kiosk-statement";
inline constexpr int statement_format_version = 1;
/// The statement file in its folder on the stick; its signature is beside it with
/// usb_signature_suffix.
inline constexpr const char* statement_file = "statement.json";
/// A statement names at most this many runs of sequence numbers (a kiosk holds one run, or a
/// few when the retention deleted delivered records out of order).
inline constexpr std::size_t max_statement_ranges = 100000;

/// A run of consecutive sequence numbers: first to last, both included.
struct SeqRange {
    std::int64_t first = 0;
    std::int64_t last = 0;
    bool operator==(const SeqRange&) const = default;
};

/// Adds `seq` to `ranges`, which are built in ascending order: extends the last run when `seq`
/// follows it, starts a new run otherwise (a number equal to the last one changes nothing).
void add_to_ranges(std::vector<SeqRange>& ranges, std::int64_t seq);
/// How many numbers the runs cover.
std::int64_t count_in_ranges(const std::vector<SeqRange>& ranges);
/// The numbers in `from` that are not in `take` (both ascending runs that do not overlap), as
/// ascending runs.
std::vector<SeqRange> subtract_ranges(const std::vector<SeqRange>& from, const std::vector<SeqRange>& take);
/// "1-4, 7, 9-12"; "none" for no runs.
std::string format_ranges(const std::vector<SeqRange>& ranges);
/// [[1, 4], [7, 7]].
nlohmann::json ranges_json(const std::vector<SeqRange>& ranges);

/// The line a record adds to records_sha256: its fields but the payload, whose hash stands for
/// it (the collector may delete sealed contact data from a stored payload later; the hash of
/// the payload as the kiosk made it stays), as a JSON array and a newline.
std::string records_digest_line(const Submission& s);

/// What a kiosk states.
struct ClosingStatement {
    std::string kiosk_id;
    std::string app_version;
    std::string made_at;           // ISO 8601 UTC, the kiosk's clock
    std::string kiosk_public_key;  // base64, for the operator to compare; never used to verify
    /// The newest record the kiosk has made (delivered records deleted since included).
    std::int64_t highest_seq = 0;
    /// The sequence numbers of the records the kiosk holds, ascending runs.
    std::vector<SeqRange> held;
    std::int64_t records = 0;                      // count_in_ranges(held)
    std::map<std::string, std::int64_t> by_kind;   // "rating", "priorities", "idea"
    std::map<std::string, std::int64_t> by_state;  // "pending", "quarantined", "delivered"
    /// SHA-256 over records_digest_line of each held record in ascending seq order.
    std::string records_sha256;
};

nlohmann::json statement_json(const ClosingStatement& s);
/// Reads a statement strictly: the format and version, a valid kiosk id and key, runs that
/// ascend without touching, within 1..highest_seq, whose count is `records`, counts per kind
/// and per state that add up to it, and a hex SHA-256. The error says what is wrong.
Result<ClosingStatement> parse_statement(const nlohmann::json& j);

}  // namespace ruhr
