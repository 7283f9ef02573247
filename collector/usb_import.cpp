#include "collector/usb_import.h"

#include "collector/ingest.h"
#include "collector/protocol.h"

#include "base/crypto.h"
#include "base/durable_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ruhr::collector {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Result<std::string> read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot read " + path.string()};
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) return Error{"cannot read " + path.string()};
    return s.str();
}

// Writes `text` to `path` durably: a temporary name, fsync, rename, fsync of the folder, so a
// pulled stick never leaves half a receipt file under the final name.
Result<Durable> write_durably(const fs::path& path, const std::string& text) {
    FileOptions options;
    options.describe = [&path](const FileFailure& f) {
        if (f.step == FileStep::SyncFolder)
            return "cannot sync the folder of " + path.string() + ": " + std::strerror(f.err);
        return std::string("cannot write the receipts to ") + path.string() + " (" + file_step_name(f.step) + ": " +
               std::strerror(f.err) + ")";
    };
    return write_file_durably(path, text, std::move(options));
}

}  // namespace

Result<UsbImportSummary> import_usb_export(Store& store, const fs::path& export_path, fs::path receipts_out,
                                           const std::string& received_at) {
    std::error_code ec;
    const bool is_dir = fs::is_directory(export_path, ec);
    const fs::path dir = is_dir ? export_path : export_path.parent_path();
    const fs::path jsonl = is_dir ? dir / "submissions.jsonl" : export_path;
    const fs::path summary_path = dir / "summary.json";
    if (receipts_out.empty()) receipts_out = dir / "receipts.jsonl";

    auto summary_text = read_all(summary_path);
    if (!summary_text) return Error{summary_text.error().message + ": an export folder holds summary.json"};
    const json summary = json::parse(summary_text.value(), nullptr, false);
    if (!summary.is_object() || summary.value("format", "") != usb_export_format ||
        !summary.contains("format_version") || summary["format_version"] != usb_format_version)
        return Error{summary_path.string() + " is not the summary of a kiosk export (format version 1)"};
    const std::string kiosk = summary.value("kiosk_id", "");
    if (!is_valid_kiosk_id(kiosk)) return Error{summary_path.string() + ": kiosk_id is missing or not a kiosk id"};
    const std::string expected_sha = summary.value("submissions_sha256", "");
    if (!summary.contains("records") || !summary["records"].is_number_unsigned())
        return Error{summary_path.string() + ": records is missing"};

    auto records_text = read_all(jsonl);
    if (!records_text) return records_text.error();
    const std::string& bytes = records_text.value();
    const std::string actual_sha = sha256_hex(bytes);
    if (actual_sha != expected_sha)
        return Error{jsonl.string() + " does not match the SHA-256 in summary.json (it was changed or damaged: " +
                     actual_sha + " instead of " + expected_sha + "); nothing was imported"};

    // Only a kiosk the operators added: a stick cannot bring in a kiosk nobody registered.
    auto kiosks = store.kiosks();
    if (!kiosks) return kiosks.error();
    const auto& list = kiosks.value();
    if (std::none_of(list.begin(), list.end(), [&](const KioskStatus& k) { return k.kiosk_id == kiosk; }))
        return Error{"kiosk \"" + kiosk +
                     "\" is not known to this collector; add it first with "
                     "`ruhr-collector add-kiosk --id " +
                     kiosk + "`; nothing was imported"};

    // Each line through the same checks as a submission of POST /v1/sync, for this kiosk.
    std::vector<CheckedSubmission> checked;
    std::istringstream lines(bytes);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        const json j = json::parse(line, nullptr, false);
        if (j.is_discarded()) {
            CheckedSubmission bad;
            bad.rejection = "the line is not JSON";
            checked.push_back(std::move(bad));
        } else {
            checked.push_back(check_submission(j, kiosk));
        }
    }
    if (checked.size() != summary["records"].get<std::size_t>())
        return Error{jsonl.string() + " holds " + std::to_string(checked.size()) + " records, summary.json says " +
                     summary["records"].dump() + "; nothing was imported"};

    UsbImportSummary out;
    out.kiosk_id = kiosk;
    out.export_sha256 = actual_sha;
    out.receipts_file = receipts_out;
    out.records = checked.size();
    // The heartbeat says where this came from; the kiosk's own facts are those of the export.
    const std::string heartbeat = dump_json({{"transfer", "usb"},
                                             {"app_version", summary.value("app_version", "")},
                                             {"sent_at", summary.value("exported_at", "")},
                                             {"export_sha256", actual_sha}});
    json receipts = json::array();
    // Batches of at most 500, one transaction each, as over the network; a failed batch ends
    // the import, and running it again answers the stored ones as duplicates.
    for (std::size_t from = 0; from < checked.size() || from == 0; from += max_records_per_batch) {
        SyncRequest request;
        request.kiosk_id = kiosk;
        request.heartbeat_json = heartbeat;
        const std::size_t to = std::min(checked.size(), from + max_records_per_batch);
        request.submissions.assign(checked.begin() + static_cast<std::ptrdiff_t>(from),
                                   checked.begin() + static_cast<std::ptrdiff_t>(to));
        auto report = ingest_request(store, request, received_at);
        if (!report)
            return Error{"cannot store records " + std::to_string(from + 1) + "-" + std::to_string(to) + ": " +
                         report.error().message + " (" + std::to_string(from) +
                         " were stored; import again to finish, they come back as duplicates)"};
        out.stored += report->counts_stored;
        out.duplicate += report->duplicate;
        out.conflict += report->conflict;
        out.rejected += report->rejected;
        for (auto& r : receipts_json(request, report->stored)) receipts.push_back(std::move(r));
        if (checked.empty()) break;
    }

    std::string text = dump_json({{"format", usb_receipts_format},
                                  {"format_version", usb_format_version},
                                  {"kiosk_id", kiosk},
                                  {"export", dir.filename().string()},
                                  {"export_sha256", actual_sha},
                                  {"imported_at", received_at},
                                  {"records", out.records},
                                  {"counts",
                                   {{"stored", out.stored},
                                    {"duplicate", out.duplicate},
                                    {"conflict", out.conflict},
                                    {"rejected", out.rejected}}}}) +
                       "\n";
    for (const auto& r : receipts) text += dump_json(r) + "\n";
    if (auto written = write_durably(receipts_out, text); !written)
        return Error{written.error().message +
                     "; the records are stored: import again to write the receipts (they come back as duplicates)"};
    return out;
}

}  // namespace ruhr::collector
