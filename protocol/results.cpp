#include "protocol/results.h"

#include <cmath>

namespace ruhr {

nlohmann::json results_json(const FleetResults& results, const std::string& generated_at) {
    nlohmann::json ratings = nlohmann::json::object();
    for (const auto& [item, r] : results.ratings)
        ratings[item] = {{"count", r.count}, {"average", std::round(r.average * 100.0) / 100.0}};
    nlohmann::json priorities = nlohmann::json::object();
    for (const auto& [forum, n] : results.priorities) priorities[forum] = n;
    return nlohmann::json{{"generated_at", generated_at},
                          {"ratings", std::move(ratings)},
                          {"priorities", std::move(priorities)},
                          {"submissions", results.submissions},
                          {"kiosks", results.kiosks}};
}

std::optional<FleetResults> parse_fleet_results(const std::string& body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("ratings") || !j["ratings"].is_object()) return std::nullopt;
    FleetResults r;
    if (j.contains("generated_at") && j["generated_at"].is_string()) r.generated_at = j["generated_at"];
    for (const auto& [item, v] : j["ratings"].items()) {
        if (!v.is_object() || !v.contains("count") || !v["count"].is_number_integer() || !v.contains("average") ||
            !v["average"].is_number())
            return std::nullopt;
        r.ratings[item] = {v["count"].get<std::int64_t>(), v["average"].get<double>()};
    }
    if (j.contains("priorities") && j["priorities"].is_object())
        for (const auto& [item, v] : j["priorities"].items())
            if (v.is_number_integer()) r.priorities[item] = v.get<std::int64_t>();
    if (j.contains("submissions") && j["submissions"].is_number_integer()) r.submissions = j["submissions"];
    if (j.contains("kiosks") && j["kiosks"].is_number_integer()) r.kiosks = j["kiosks"];
    return r;
}

}  // namespace ruhr
