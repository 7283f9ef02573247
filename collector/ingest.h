#pragma once
// The one way records get into the collector: POST /v1/sync and `ruhr-collector import` both
// go through ingest_request, so the same checks, the same exactly-once rules and the same
// receipts apply to records that came over the network and records that came on a USB stick.

#include "collector/protocol.h"
#include "collector/store.h"

#include <cstddef>
#include <vector>

namespace ruhr::collector {

/// What one ingest came to: a result per valid record and a count per status.
struct IngestReport {
    std::vector<IngestResult> stored;  // one per submission that passed the checks, in order
    std::size_t counts_stored = 0, duplicate = 0, conflict = 0, rejected = 0;
};

/// Stores the valid submissions of `request` with its heartbeat in one transaction
/// (Store::ingest); rejected ones are counted. Build the receipts with receipts_json.
Result<IngestReport> ingest_request(Store& store, const SyncRequest& request, const std::string& received_at);

}  // namespace ruhr::collector
