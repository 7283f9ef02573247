#pragma once
// `ruhr-collector check-statement`: compares a kiosk's signed closing statement
// (protocol/statement.h) with what the collector holds for that kiosk, and says whether every
// record the kiosk made arrived exactly once and unchanged, or which sequence numbers are
// missing, which were never made, and whether the records differ.

#include "collector/store.h"

#include "protocol/statement.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ruhr::collector {

/// What the collector found for a statement whose signature verified.
struct StatementCheck {
    ClosingStatement statement;
    std::string statement_sha256;  // of statement.json's bytes, for the audit row
    /// Numbers the kiosk holds that are not stored here (not delivered yet, or withheld).
    std::vector<SeqRange> not_here;
    /// Numbers up to the kiosk's highest that neither the kiosk nor the collector holds: the
    /// kiosk deleted them as delivered, yet they are not here.
    std::vector<SeqRange> lost;
    /// Numbers stored here for this kiosk above the highest it says it made.
    std::vector<SeqRange> unexpected;
    /// Sequence numbers stored here more than once (two records claim one number).
    std::int64_t twice = 0;
    /// The records stored here under the numbers the kiosk holds: how many, by kind, and their
    /// SHA-256 computed as the kiosk computes records_sha256.
    std::int64_t compared = 0;
    std::map<std::string, std::int64_t> by_kind_here;
    std::string records_sha256_here;

    /// Every number the kiosk made is here, once, and the records are the kiosk's.
    bool complete() const;
};

/// Reads the statement at `path` (its folder, or the statement.json in it; the .sig beside it),
/// without following links and with bounded reads, verifies its signature with the key
/// registered for its kiosk (never the key it names), compares it with the store, and writes an
/// audit row with the result. A statement that is not signed by the registered key, or is not
/// one, is refused (nothing is written).
Result<StatementCheck> check_statement(Store& store, const std::filesystem::path& path, const std::string& checked_at);

/// The report for an operator, several lines, ending with "COMPLETE" or what is wrong.
std::string describe(const StatementCheck& check);
nlohmann::json to_json(const StatementCheck& check);

}  // namespace ruhr::collector
