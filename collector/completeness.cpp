#include "collector/completeness.h"

#include <algorithm>
#include <set>

namespace ruhr::collector {

namespace {

std::optional<std::int64_t> number_in(const nlohmann::json& heartbeat, const char* key) {
    if (!heartbeat.is_object() || !heartbeat.contains(key) || !heartbeat[key].is_number_integer()) return std::nullopt;
    return heartbeat[key].get<std::int64_t>();
}

}  // namespace

std::int64_t KioskCompleteness::missing_count() const { return count_in_ranges(missing); }

std::vector<KioskCompleteness> completeness_report(const std::map<std::string, std::vector<SeqRange>>& held,
                                                   const std::vector<KioskStatus>& kiosks) {
    std::set<std::string> ids;
    for (const auto& [id, ranges] : held) ids.insert(id);
    for (const KioskStatus& k : kiosks) ids.insert(k.kiosk_id);
    std::vector<KioskCompleteness> out;
    for (const std::string& id : ids) {
        KioskCompleteness c;
        c.kiosk_id = id;
        if (const auto h = held.find(id); h != held.end()) c.held = h->second;
        const auto status =
            std::find_if(kiosks.begin(), kiosks.end(), [&](const KioskStatus& k) { return k.kiosk_id == id; });
        if (status != kiosks.end() && status->last_heartbeat) {
            const auto beat = nlohmann::json::parse(*status->last_heartbeat, nullptr, false);
            c.reported_highest = number_in(beat, "highest_seq");
            c.reported_pending = number_in(beat, "queue_depth");
            c.reported_quarantined = number_in(beat, "quarantined");
            c.last_seen = status->last_seen;
        }
        c.expected_last = c.held.empty() ? 0 : c.held.back().last;
        if (c.reported_highest) c.expected_last = std::max(c.expected_last, *c.reported_highest);
        // The gaps between 1 and expected_last.
        if (c.expected_last > 0) c.missing = subtract_ranges({{1, c.expected_last}}, c.held);
        out.push_back(std::move(c));
    }
    return out;
}

std::string describe(const KioskCompleteness& k) {
    std::string line = k.kiosk_id + ": ";
    line += k.held.empty() ? std::string("no records held") : "seq " + format_ranges(k.held) + " held";
    if (k.missing.empty()) {
        line += ", none missing";
    } else {
        const std::int64_t n = k.missing_count();
        line +=
            "; missing " + format_ranges(k.missing) + " (" + std::to_string(n) + (n == 1 ? " record)" : " records)");
    }
    if (k.last_seen) {
        line += "; last heartbeat " + *k.last_seen;
        if (k.reported_highest) line += ": highest seq " + std::to_string(*k.reported_highest);
        if (k.reported_pending) line += ", " + std::to_string(*k.reported_pending) + " pending";
        if (k.reported_quarantined) line += ", " + std::to_string(*k.reported_quarantined) + " set aside";
        if (!k.missing.empty() && k.reported_pending) {
            const std::int64_t queued = *k.reported_pending + k.reported_quarantined.value_or(0);
            line += queued >= k.missing_count() ? " (the kiosk still holds them)"
                                                : " (more than the kiosk's queue explains: export its outbox by USB)";
        }
    } else if (!k.held.empty()) {
        line += "; no heartbeat, so records after seq " + std::to_string(k.expected_last) + " cannot be known";
    }
    return line;
}

nlohmann::json to_json(const KioskCompleteness& k) {
    return {
        {"kiosk_id", k.kiosk_id},
        {"held", ranges_json(k.held)},
        {"missing", ranges_json(k.missing)},
        {"missing_count", k.missing_count()},
        {"expected_last", k.expected_last},
        {"reported_highest_seq", k.reported_highest ? nlohmann::json(*k.reported_highest) : nlohmann::json()},
        {"reported_pending", k.reported_pending ? nlohmann::json(*k.reported_pending) : nlohmann::json()},
        {"reported_quarantined", k.reported_quarantined ? nlohmann::json(*k.reported_quarantined) : nlohmann::json()},
        {"last_seen", k.last_seen ? nlohmann::json(*k.last_seen) : nlohmann::json()}};
}

}  // namespace ruhr::collector
