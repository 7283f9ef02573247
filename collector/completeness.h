#pragma once
// The completeness report (`ruhr-collector completeness`): for each kiosk, which sequence
// numbers the collector holds and which it lacks. A kiosk numbers its records 1, 2, 3 ... in
// its outbox and its heartbeat carries the highest number it has made, so "none missing" is a
// statement organizers can show: every record the kiosk made up to its last heartbeat is here
// exactly once (an id is stored once; a second upload is a duplicate).

#include "collector/store.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ruhr::collector {

/// One kiosk's part of the report.
struct KioskCompleteness {
    std::string kiosk_id;
    std::vector<SeqRange> held;
    /// The numbers from 1 to `expected_last` that are not held.
    std::vector<SeqRange> missing;
    /// The highest number the collector knows of: its own highest, or the heartbeat's if larger.
    std::int64_t expected_last = 0;
    /// From the latest heartbeat, when it said so: the kiosk's highest number, its pending and
    /// set-aside records (which explain numbers not yet here), and when it arrived.
    std::optional<std::int64_t> reported_highest, reported_pending, reported_quarantined;
    std::optional<std::string> last_seen;

    std::int64_t missing_count() const;
};

/// The report for every kiosk that is registered, has sent a heartbeat or has records.
std::vector<KioskCompleteness> completeness_report(const std::map<std::string, std::vector<SeqRange>>& held,
                                                   const std::vector<KioskStatus>& kiosks);

/// One line for an operator: "kiosk-essen-01: seq 1-4212 held, none missing" or the missing
/// ranges with what the last heartbeat says about them.
std::string describe(const KioskCompleteness& k);

nlohmann::json to_json(const KioskCompleteness& k);

}  // namespace ruhr::collector
