#include "kiosk/outbox_export.h"

#include "base/database.h"
#include "base/durable_file.h"
#include "protocol/receipts.h"
#include "protocol/submission.h"

#include <sodium.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_set>

namespace ruhr {

namespace fs = std::filesystem;

namespace {

// A staff-readable message for a failed write to the stick.
std::string describe_errno(int err, const std::string& what) {
    switch (err) {
    case ENOSPC:
    case EFBIG:
    case EDQUOT: return "the stick is full (" + what + "): nothing was exported; free some space or use a larger stick";
    case ENOENT:
    case ENODEV:
    case ENXIO:
    case EIO:
        return "the stick was removed or cannot be written (" + what + ", " + std::strerror(err) +
               "): nothing was exported; plug it in again and repeat the export";
    case EROFS: return "the stick is read-only (" + what + "): nothing was exported; unlock it or use another stick";
    case EACCES:
    case EPERM: return "the stick may not be written (" + what + ", " + std::strerror(err) + "): nothing was exported";
    default: return "cannot write to the stick (" + what + ", " + std::strerror(err) + "): nothing was exported";
    }
}

// The durable-file steps in the words of describe_errno, naming the file or folder.
std::string describe_step(const FileFailure& f) {
    const std::string name = f.path.filename().string();
    switch (f.step) {
    case FileStep::Create: return describe_errno(f.err, "creating " + name);
    case FileStep::Write: return describe_errno(f.err, "writing " + name);
    case FileStep::Sync: return describe_errno(f.err, "syncing " + name);
    case FileStep::Close: return describe_errno(f.err, "closing " + name);
    case FileStep::Rename: return describe_errno(f.err, "finishing the export");
    case FileStep::OpenFolder: return describe_errno(f.err, "opening folder " + name);
    case FileStep::SyncFolder: return describe_errno(f.err, "syncing folder " + name);
    }
    return describe_errno(f.err, "writing " + name);
}

// A new file on the stick, written in the export's words.
Result<DurableFile> create_on_stick(const fs::path& path) {
    FileOptions options;
    options.describe = describe_step;
    return DurableFile::create(path, options);
}

std::string hex(const unsigned char* bytes, std::size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes, n);
    out.pop_back();
    return out;
}

// JSON text that never throws: a stored record is valid UTF-8 (canonical_json checked it).

// Removes a partial export; best effort, since the stick may be gone.
void remove_quietly(const fs::path& dir) {
    std::error_code ec;
    fs::remove_all(dir, ec);
}

}  // namespace

Result<ExportSummary> export_outbox(Outbox& outbox, const fs::path& target_dir, const WallClock& wall,
                                    ExportOptions options) {
    if (outbox.path() == ":memory:") return Error{"an outbox in memory cannot be exported"};
    const std::int64_t now = wall.unix_ms();
    ExportSummary summary;

    // The target folder is the stick's mount point: it must exist; ours is made inside it.
    std::error_code ec;
    if (!fs::is_directory(target_dir, ec)) return Error{describe_errno(ENOENT, target_dir.string() + " is not there")};
    const fs::path parent = target_dir / "ruhr-kiosk" / "export";
    fs::create_directories(parent, ec);
    if (ec) return Error{describe_errno(ec.value(), "creating " + parent.string())};
    const std::string base = outbox.kiosk_id() + "-" + format_utc(now, UtcFormat::Compact);
    fs::path final_dir = parent / base;
    for (int n = 2; fs::exists(final_dir, ec) || fs::exists(final_dir.string() + ".partial", ec); ++n)
        final_dir = parent / (base + "-" + std::to_string(n));
    const fs::path partial = final_dir.string() + ".partial";
    if (!fs::create_directory(partial, ec) || ec)
        return Error{describe_errno(ec ? ec.value() : EEXIST, "creating " + partial.filename().string())};
    const auto fail = [&](std::string message) -> Result<ExportSummary> {
        remove_quietly(partial);
        return Error{std::move(message)};
    };

    // A second connection reads one consistent snapshot while the kiosk keeps storing and
    // syncing on its own connections; the export changes nothing in the outbox.
    auto db = Database::open(outbox.path(), Database::Create::No);
    if (!db) return fail("cannot read the outbox: " + db.error().message);
    auto st = (*db)->prepare(
        "SELECT s.id, s.seq, s.kind, s.kiosk_id, s.visit_id, s.pack_id, s.pack_version, s.created_at, s.payload, "
        "s.payload_sha256, d.state FROM submissions s JOIN delivery d ON d.id = s.id "
        "WHERE ?1 = 1 OR d.state <> 'delivered' ORDER BY s.seq");
    if (!st) return fail("cannot read the outbox: " + st.error().message);
    if (auto e = (*db)->exec("BEGIN"); !e) return fail("cannot read the outbox: " + e.error().message);

    auto jsonl = create_on_stick(partial / "submissions.jsonl");
    if (!jsonl) return fail(jsonl.error().message);
    crypto_hash_sha256_state hash;
    crypto_hash_sha256_init(&hash);
    std::optional<std::string> first_created, last_created;
    std::optional<std::int64_t> first_seq, last_seq;
    std::optional<Error> read_error;
    st->bind(1, std::int64_t{options.selection == ExportSelection::All ? 1 : 0});
    while (st->step(read_error)) {
        // Exactly a submission of POST /v1/sync; payload as the stored string.
        const std::string text = dump_json(submission_json(Outbox::read_row(*st))) + "\n";
        crypto_hash_sha256_update(&hash, reinterpret_cast<const unsigned char*>(text.data()), text.size());
        summary.submissions_bytes += text.size();
        if (auto w = jsonl->write(text); !w) return fail(w.error().message);
        summary.records += 1;
        summary.by_kind[st->column_text(2)] += 1;
        summary.by_state[st->column_text(10)] += 1;
        const std::string created = st->column_text(7);
        if (!first_created || created < *first_created) first_created = created;
        if (!last_created || created > *last_created) last_created = created;
        if (!first_seq) first_seq = st->column_int(1);
        last_seq = st->column_int(1);
        if (options.progress && options.progress_every > 0 && summary.records % options.progress_every == 0)
            options.progress(summary.records);
    }
    st->reset();
    (void)(*db)->exec("COMMIT");
    if (read_error) return fail("cannot read the outbox: " + (*read_error).message);
    if (auto w = jsonl->finish(); !w) return fail(w.error().message);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&hash, digest);
    summary.submissions_sha256 = hex(digest, sizeof(digest));

    nlohmann::json by_kind = nlohmann::json::object(), by_state = nlohmann::json::object();
    for (const char* k : {"rating", "priorities", "idea"}) by_kind[k] = summary.by_kind[k];
    for (const char* s : {"pending", "quarantined", "delivered"}) by_state[s] = summary.by_state[s];
    const nlohmann::json meta{
        {"format", usb_export_format},
        {"format_version", usb_format_version},
        {"kiosk_id", outbox.kiosk_id()},
        {"app_version", options.app_version},
        {"exported_at", iso8601_utc(now)},
        {"selection", options.selection == ExportSelection::All ? "all" : "undelivered"},
        {"records", summary.records},
        {"counts", {{"by_kind", by_kind}, {"by_state", by_state}}},
        {"created_at",
         {{"first", first_created ? nlohmann::json(*first_created) : nlohmann::json()},
          {"last", last_created ? nlohmann::json(*last_created) : nlohmann::json()}}},
        {"seq",
         {{"first", first_seq ? nlohmann::json(*first_seq) : nlohmann::json()},
          {"last", last_seq ? nlohmann::json(*last_seq) : nlohmann::json()}}},
        {"submissions_file", "submissions.jsonl"},
        {"submissions_bytes", summary.submissions_bytes},
        {"submissions_sha256", summary.submissions_sha256},
    };
    auto summary_file = create_on_stick(partial / "summary.json");
    if (!summary_file) return fail(summary_file.error().message);
    if (auto w = summary_file->write(meta.dump(2) + "\n"); !w) return fail(w.error().message);
    if (auto w = summary_file->finish(); !w) return fail(w.error().message);
    if (auto synced = sync_folder(partial, describe_step); !synced) return fail(synced.error().message);

    // Only the rename makes the export visible under its final name; then the parent folder is
    // synced so the rename itself survives pulling the stick.
    if (::rename(partial.c_str(), final_dir.c_str()) != 0) return fail(describe_errno(errno, "finishing the export"));
    if (auto synced = sync_folder(parent, describe_step); !synced) {
        remove_quietly(final_dir);
        return synced.error();
    }
    summary.directory = final_dir;
    outbox.add_alert("info", "exported " + std::to_string(summary.records) + " records to " + final_dir.string() +
                                 " (SHA-256 " + summary.submissions_sha256.substr(0, 12) + "...)");
    return summary;
}

Result<ReceiptImportSummary> import_receipts(Outbox& outbox, const fs::path& receipts_file) {
    std::ifstream in(receipts_file, std::ios::binary);
    if (!in) return Error{"cannot read the receipt file " + receipts_file.string()};
    const std::string where = receipts_file.filename().string();
    std::string line;
    if (!std::getline(in, line)) return Error{where + " is empty"};
    const auto header = nlohmann::json::parse(line, nullptr, false);
    if (!header.is_object() || header.value("format", "") != usb_receipts_format ||
        !header.contains("format_version") || header["format_version"] != usb_format_version)
        return Error{where + " is not a receipt file of ruhr-collector import (format version 1)"};
    const std::string kiosk = header.value("kiosk_id", "");
    if (kiosk != outbox.kiosk_id())
        return Error{where + " answers an export of kiosk \"" + kiosk + "\", not of this kiosk (\"" +
                     outbox.kiosk_id() + "\"); nothing was changed"};
    if (!header.contains("records") || !header["records"].is_number_unsigned())
        return Error{where + ": the header lacks the number of receipts"};

    ReceiptImportSummary summary;
    summary.export_sha256 = header.value("export_sha256", "");
    std::vector<DeliveryUpdate> updates;
    std::unordered_set<std::string> seen;
    const auto bad = [&](const std::string& why) {
        return Error{where + " line " + std::to_string(summary.lines + 1) + ": " + why + "; nothing was changed"};
    };
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        summary.lines += 1;
        auto parsed = parse_receipt(nlohmann::json::parse(line, nullptr, false));
        if (!parsed) return bad(parsed.error().message);
        const Receipt& r = *parsed;
        const std::string& id = r.id;
        // A rejected line whose id was unreadable has a null id: nothing to change here.
        std::optional<DeliveryState> state;
        if (!id.empty()) {
            auto known = outbox.state(id);
            if (!known) return known.error().context("nothing was changed");
            state = *known;
        }
        if (r.delivered()) {
            if (!state) {
                summary.unknown += 1;
                continue;
            }
            updates.push_back({id, DeliveryState::Delivered, r.receipt});
        } else {
            if (!state) {
                summary.unknown += 1;
                continue;
            }
            if (*state == DeliveryState::Delivered) {
                summary.already_delivered += 1;  // a delivered record never moves again
                continue;
            }
            updates.push_back({id, DeliveryState::Quarantined,
                               std::string("collector (USB import): ") + receipt_status_name(r.status) +
                                   (r.reason.empty() ? "" : ": " + r.reason)});
        }
        if (!seen.insert(id).second) return bad("record " + id + " is answered twice");
    }
    if (in.bad()) return Error{"cannot read the receipt file " + receipts_file.string()};
    if (summary.lines != header["records"].get<std::int64_t>())
        return Error{where + " holds " + std::to_string(summary.lines) + " receipts but its header promises " +
                     header["records"].dump() + " (cut short?); nothing was changed"};

    auto applied = outbox.apply(updates);
    if (!applied)
        return Error{"the receipts could not be stored: " + applied.error().message + "; nothing was changed"};
    for (const auto& u : updates) {
        if (u.state == DeliveryState::Delivered)
            summary.delivered += 1;
        else
            summary.quarantined += 1;
    }
    for (const auto& u : updates)
        if (u.state == DeliveryState::Quarantined)
            outbox.add_alert("warning", "Record " + u.id + " was set aside: " + u.note);
    outbox.add_alert("info", "applied receipts from " + receipts_file.string() + ": " +
                                 std::to_string(summary.delivered) + " delivered, " +
                                 std::to_string(summary.quarantined) + " set aside, " +
                                 std::to_string(summary.unknown) + " unknown");
    return summary;
}

}  // namespace ruhr
