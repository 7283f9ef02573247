#include "collector/usb_import.h"

#include "collector/ingest.h"
#include "collector/protocol.h"
#include "collector/signing.h"

#include "base/crypto.h"
#include "base/durable_file.h"
#include "base/folder.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

namespace ruhr::collector {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Bounds for what an export folder may hold: summary.json is a few hundred bytes, a record line
// at most a few KiB (an idea of 1000 characters, a sealed contact), an export at most a few
// hundred thousand records.
constexpr std::uintmax_t k_max_summary_bytes = 64 << 10;
constexpr std::uintmax_t k_max_export_bytes = 2ull << 30;
constexpr std::size_t k_max_record_line = 256 << 10;

// The first pass over submissions.jsonl: its SHA-256 and its number of records (lines that are
// not empty), streamed, so that a file of any size costs the same memory.
struct ExportScan {
    std::string sha256;
    std::size_t records = 0;
};

Result<ExportScan> scan_export(ReadFile& file) {
    Sha256 hash;
    ExportScan scan;
    std::size_t line_length = 0;
    char buffer[1 << 16];
    for (;;) {
        auto got = file.read(buffer, sizeof buffer);
        if (!got) return got.error();
        if (*got == 0) break;
        const std::string_view chunk(buffer, *got);
        hash.update(chunk);
        for (const char c : chunk) {
            if (c != '\n') {
                if (++line_length > k_max_record_line)
                    return Error{ErrorKind::Invalid, "a line is longer than " + std::to_string(k_max_record_line) +
                                                         " bytes: this is not a kiosk export; nothing was imported"};
                continue;
            }
            if (line_length > 0) scan.records += 1;
            line_length = 0;
        }
    }
    if (line_length > 0) scan.records += 1;
    scan.sha256 = hash.hex_digest();
    return scan;
}

// Writes `text` to `path` durably: a temporary name, fsync, rename, fsync of the folder, so a
// pulled stick never leaves half a receipt file under the final name. With `export_folder`,
// the file of that name is in it, reached through its descriptor as the reads were.
Result<Durable> write_durably(const Folder* export_folder, const fs::path& path, const std::string& text) {
    FileOptions options;
    options.describe = [&path](const FileFailure& f) {
        if (f.step == FileStep::SyncFolder)
            return "cannot sync the folder of " + path.string() + ": " + std::strerror(f.err);
        return std::string("cannot write the receipts to ") + path.string() + " (" + file_step_name(f.step) + ": " +
               std::strerror(f.err) + ")";
    };
    if (export_folder) return write_file_durably_in(*export_folder, path.filename().string(), text, std::move(options));
    return write_file_durably(path, text, std::move(options));
}

// The key an export's summary names, with its fingerprint, for the operator to compare with
// the kiosk's staff panel.
std::string named_key(const json& summary) {
    const std::string text = summary.value("kiosk_public_key", std::string());
    const auto key = parse_signing_public_key(text);
    if (!key) return "no valid key";
    return text + ", fingerprint " + key_fingerprint(*key);
}

}  // namespace

Result<UsbImportSummary> import_usb_export(Store& store, const fs::path& export_path, fs::path receipts_out,
                                           const std::string& received_at) {
    std::error_code ec;
    const bool is_dir = fs::is_directory(export_path, ec);
    const fs::path dir = is_dir ? export_path : export_path.parent_path();
    const fs::path jsonl = is_dir ? dir / "submissions.jsonl" : export_path;
    const fs::path summary_path = dir / "summary.json";
    // The operator named the folder; what is in it is opened without following links
    // (base/folder.h), so a link planted in an export cannot bring in or overwrite other files.
    auto folder = Folder::open(dir.empty() ? fs::path(".") : dir);
    if (!folder) return folder.error();

    auto summary_text = folder->read_file("summary.json", k_max_summary_bytes);
    if (!summary_text) return Error{summary_text.error().message + ": an export folder holds summary.json"};
    const json summary = json::parse(summary_text.value(), nullptr, false);
    if (!summary.is_object() || summary.value("format", "") != usb_export_format)
        return Error{summary_path.string() + " is not the summary of a kiosk export"};
    if (!summary.contains("format_version") || summary["format_version"] != usb_format_version)
        return Error{summary_path.string() + " has format version " + summary.value("format_version", json()).dump() +
                     ", this collector reads version " + std::to_string(usb_format_version) +
                     " (signed exports): update the kiosk and export again; nothing was imported"};
    const std::string kiosk = summary.value("kiosk_id", "");
    if (!is_valid_kiosk_id(kiosk)) return Error{summary_path.string() + ": kiosk_id is missing or not a kiosk id"};

    // The kiosk's signature over summary.json, whose SHA-256 covers every record: checked with
    // the key registered for the kiosk, never with the key the summary itself names.
    auto registered = registered_kiosk_key(store, kiosk);
    if (!registered) return registered.error();
    if (!*registered)
        return Error{ErrorKind::Refused,
                     "no signing key is registered for kiosk \"" + kiosk +
                         "\"; compare the key on the kiosk's staff panel with the one this export names (" +
                         named_key(summary) + ") and register it with `ruhr-collector kiosk-key --id " + kiosk +
                         " --public-key KEY`; nothing was imported"};
    const std::string sig_name = std::string("summary.json") + usb_signature_suffix;
    auto signature = folder->read_file(sig_name, 1024);
    if (!signature)
        return Error{ErrorKind::Refused, (dir / sig_name).string() +
                                             " is missing: the export is not signed; nothing "
                                             "was imported"};
    if (!verify_detached(*summary_text, *signature, **registered))
        return Error{ErrorKind::Refused, summary_path.string() + " does not carry the signature of kiosk \"" + kiosk +
                                             "\" (it was changed, or made elsewhere); nothing was imported"};
    const std::string expected_sha = summary.value("submissions_sha256", "");
    if (!summary.contains("records") || !summary["records"].is_number_unsigned())
        return Error{summary_path.string() + ": records is missing"};

    // First pass: hash and count without holding the file; nothing is stored unless both match.
    auto records_file = folder->open_file(jsonl.filename().string(), k_max_export_bytes);
    if (!records_file) return records_file.error().context("nothing was imported");
    auto scan = scan_export(*records_file);
    if (!scan) return Error{scan.error().kind, jsonl.string() + ": " + scan.error().message};
    const std::string& actual_sha = scan->sha256;
    if (actual_sha != expected_sha)
        return Error{jsonl.string() + " does not match the SHA-256 in summary.json (it was changed or damaged: " +
                     actual_sha + " instead of " + expected_sha + "); nothing was imported"};
    if (scan->records != summary["records"].get<std::size_t>())
        return Error{jsonl.string() + " holds " + std::to_string(scan->records) + " records, summary.json says " +
                     summary["records"].dump() + "; nothing was imported"};

    if (auto rewound = records_file->rewind(); !rewound) return rewound.error();

    UsbImportSummary out;
    out.kiosk_id = kiosk;
    out.export_sha256 = actual_sha;
    out.receipts_file = receipts_out.empty() ? dir / "receipts.jsonl" : receipts_out;
    out.records = scan->records;
    // The heartbeat says where this came from; the kiosk's own facts are those of the export.
    const std::string heartbeat = dump_json(
        {{"transfer", "usb"},
         {"app_version", summary.value("app_version", "")},
         {"sent_at", summary.value("exported_at", "")},
         {"export_sha256", actual_sha},
         {"highest_seq", summary.contains("outbox_highest_seq") && summary["outbox_highest_seq"].is_number_unsigned()
                             ? summary["outbox_highest_seq"]
                             : json()}});
    json receipts = json::array();
    // Second pass: each line through the same checks as a submission of POST /v1/sync, for
    // this kiosk, in batches of at most 500, one transaction each, as over the network. A
    // failed batch ends the import; running it again answers the stored ones as duplicates.
    SyncRequest request;
    std::size_t from = 0, batches = 0;
    std::optional<Error> failed;
    const auto store_batch = [&]() -> bool {
        request.kiosk_id = kiosk;
        request.heartbeat_json = heartbeat;
        const std::size_t to = from + request.submissions.size();
        auto report = ingest_request(store, request, received_at);
        batches += 1;
        if (!report) {
            failed = Error{"cannot store records " + std::to_string(from + 1) + "-" + std::to_string(to) + ": " +
                           report.error().message + " (" + std::to_string(from) +
                           " were stored; import again to finish, they come back as duplicates)"};
            return false;
        }
        out.stored += report->counts_stored;
        out.duplicate += report->duplicate;
        out.conflict += report->conflict;
        out.rejected += report->rejected;
        for (auto& r : receipts_json(request, report->stored)) receipts.push_back(std::move(r));
        from = to;
        request = SyncRequest{};
        return true;
    };
    auto read = records_file->for_each_line(k_max_record_line, [&](std::string_view line) {
        if (line.empty()) return true;
        const json j = json::parse(line, nullptr, false);
        if (j.is_discarded()) {
            CheckedSubmission bad;
            bad.rejection = "the line is not JSON";
            request.submissions.push_back(std::move(bad));
        } else {
            request.submissions.push_back(check_submission(j, kiosk));
        }
        return request.submissions.size() < max_records_per_batch || store_batch();
    });
    if (!read) return read.error().context(std::to_string(from) + " records were stored; import again to finish");
    if (!failed && (!request.submissions.empty() || batches == 0)) store_batch();
    if (failed) return *failed;

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
    // The signature first: a kiosk applies receipts only beside a signature that verifies, so a
    // stick pulled between the two files leaves nothing it would apply.
    auto signing = collector_signing_key(store, received_at);
    if (!signing) return signing.error().context("the records are stored, but the receipts cannot be signed");
    const fs::path sig_path = out.receipts_file.string() + usb_signature_suffix;
    for (const auto& [path, body] : {std::pair<fs::path, std::string>{sig_path, sign_detached(text, *signing) + "\n"},
                                     {out.receipts_file, text}}) {
        if (auto written = write_durably(receipts_out.empty() ? &*folder : nullptr, path, body); !written)
            return Error{written.error().message +
                         "; the records are stored: import again to write the receipts (they come back as "
                         "duplicates)"};
    }
    return out;
}

}  // namespace ruhr::collector
