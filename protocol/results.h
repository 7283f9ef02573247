#pragma once
// Fleet-wide results: GET /v1/results (docs/sync-protocol.md). The collector builds the answer
// with results_json; the kiosk reads it (and the copy it keeps) with parse_fleet_results.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace ruhr {

/// The result of one rated item: per visit only the latest rating counts (a later one in the
/// same visit replaces the earlier).
struct RatingStats {
    std::int64_t count = 0;
    double average = 0.0;
};

/// Results over every kiosk: ratings per item, votes per forum.
struct FleetResults {
    std::string generated_at;
    std::unordered_map<std::string, RatingStats> ratings;  // JSON sorts the keys on the wire
    std::unordered_map<std::string, std::int64_t> priorities;
    std::int64_t submissions = 0;
    std::int64_t kiosks = 0;
};

/// The answer to GET /v1/results, made at `generated_at`; averages rounded to two decimals.
nlohmann::json results_json(const FleetResults& results, const std::string& generated_at);
/// Reads an answer of GET /v1/results; empty when it is not one.
std::optional<FleetResults> parse_fleet_results(const std::string& body);

}  // namespace ruhr
