#pragma once
// `ruhr-collector import`: stores an export that staff brought from a kiosk on a USB stick
// (docs/sync-protocol.md, "Offline transfer by USB stick") with exactly the rules of
// POST /v1/sync, and writes the receipt file that staff take back to the kiosk.

#include "collector/store.h"

#include <cstddef>
#include <filesystem>
#include <string>

namespace ruhr::collector {

/// What an import did.
struct UsbImportSummary {
    std::string kiosk_id;
    std::string export_sha256;
    std::filesystem::path receipts_file;
    std::size_t records = 0;
    std::size_t stored = 0, duplicate = 0, conflict = 0, rejected = 0;
};

/// Imports `export_path` (an export folder, or the submissions.jsonl in one; summary.json is
/// read from the same folder). Refuses, storing nothing, when the summary does not match the
/// records (SHA-256, count), or when the kiosk was never added with add-kiosk. Writes the
/// receipts to `receipts_out` (empty: receipts.jsonl in the export folder), fsynced, under a
/// temporary name first.
Result<UsbImportSummary> import_usb_export(Store& store, const std::filesystem::path& export_path,
                                           std::filesystem::path receipts_out, const std::string& received_at);

}  // namespace ruhr::collector
