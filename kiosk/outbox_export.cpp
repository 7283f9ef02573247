#include "kiosk/outbox_export.h"

#include "base/crypto.h"
#include "base/database.h"
#include "base/durable_file.h"
#include "base/folder.h"
#include "kiosk/alerts.h"
#include "protocol/receipts.h"
#include "protocol/statement.h"
#include "protocol/submission.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace ruhr {

namespace fs = std::filesystem;

namespace {

// A staff-readable message for a failed write to the stick, by kind; `what` says what was
// being done.
std::string describe_kind(ErrorKind kind, const std::string& what) {
    switch (kind) {
    case ErrorKind::StorageFull:
        return "the stick is full (" + what + "): nothing was exported; free some space or use a larger stick";
    case ErrorKind::NotFound:
    case ErrorKind::Io:
        return "the stick was removed or cannot be written (" + what +
               "): nothing was exported; plug it in again and repeat the export";
    case ErrorKind::ReadOnly:
        return "the stick is read-only or may not be written (" + what +
               "): nothing was exported; unlock it or use another stick";
    case ErrorKind::Refused:
        // A symbolic link where the export writes: it could point onto the kiosk's own disk.
        return "the stick holds a link or a file where the export writes its folder (" + what +
               "): nothing was exported and nothing was written; use another stick";
    default: return "cannot write to the stick (" + what + "): nothing was exported";
    }
}

std::string describe_errno(int err, const std::string& what) {
    if (err == EFBIG) return describe_kind(ErrorKind::StorageFull, what);
    return describe_kind(errno_kind(err), what + ", " + std::strerror(err));
}

// A Folder's failure in the same words.
Error on_stick(const Error& e) { return Error{e.kind, describe_kind(e.kind, e.message)}; }

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
Result<DurableFile> create_on_stick(const Folder& folder, std::string_view name) {
    FileOptions options;
    options.describe = describe_step;
    return DurableFile::create_in(folder, name, options);
}

// A new folder target_dir/ruhr-kiosk/<below>/<name> (name: `base`, or `base`-2 ... when taken),
// filled by `fill` under a ".partial" name and renamed to its own only when `fill` succeeded and
// the folder is synced; then the parent is synced too, so the rename survives pulling the stick.
// Every folder is made or opened one name at a time and never through a link (base/folder.h).
// On failure the partial folder is removed when possible and nothing has the final name.
Result<fs::path> write_stick_folder(const fs::path& target_dir, const fs::path& below, const std::string& base,
                                    const std::function<Status(const Folder& partial)>& fill) {
    // The target folder is the stick's mount point: it must exist.
    auto root = Folder::open(target_dir);
    if (!root)
        return Error{root.error().kind, describe_kind(ErrorKind::NotFound, target_dir.string() + " is not there")};
    auto parent = root->open_sub(fs::path(k_stick_folder) / below, Folder::Create::Yes);
    if (!parent) return on_stick(parent.error());
    std::string final_name = base;
    for (int n = 2; parent->has(final_name) || parent->has(final_name + ".partial"); ++n)
        final_name = base + "-" + std::to_string(n);
    const std::string partial_name = final_name + ".partial";
    auto partial = parent->make_sub(partial_name);
    if (!partial) return on_stick(partial.error());
    // Keeps the failure's kind: staff are told "the stick is full" or "the outbox is locked"
    // by it (kiosk/staff.cpp), not by its words.
    const auto fail = [&](Error error) -> Result<fs::path> {
        parent->remove_tree(partial_name);  // best effort: the stick may be gone
        return error;
    };
    if (auto filled = fill(*partial); !filled) return fail(filled.error());
    if (auto synced = partial->sync(); !synced) return fail(on_stick(synced.error()));
    if (auto renamed = parent->rename_new(partial_name, final_name); !renamed) return fail(on_stick(renamed.error()));
    if (auto synced = parent->sync(); !synced) {
        parent->remove_tree(final_name);
        return on_stick(synced.error());
    }
    return target_dir / k_stick_folder / below / final_name;
}

// Writes `text` as the new file `name` in `folder` on the stick, durably.
Status write_on_stick(const Folder& folder, const std::string& name, const std::string& text) {
    auto file = create_on_stick(folder, name);
    if (!file) return file.error();
    if (auto w = file->write(text); !w) return w.error();
    if (auto w = file->finish(); !w) return w.error();
    return Done{};
}

// `text` and its signature beside it (usb_signature_suffix), the signature first: a stick
// pulled in between leaves a signature without its file, which nothing reads.
Status write_signed_on_stick(const Folder& folder, const std::string& name, const std::string& text,
                             const SigningSecretKey& key) {
    if (auto sig = write_on_stick(folder, name + usb_signature_suffix, sign_detached(text, key) + "\n"); !sig)
        return sig;
    return write_on_stick(folder, name, text);
}

// One consistent snapshot of the outbox, read on a connection of its own while the kiosk keeps
// storing and syncing on its own connections: `rows` (`sql`, prepared) and the newest sequence
// number, delivered or not, both inside one read transaction. commit() ends it.
struct OutboxSnapshot {
    std::unique_ptr<Database> db;
    Statement rows;
    std::int64_t highest_seq = 0;
    void commit() { (void)db->exec("COMMIT"); }
};

Result<OutboxSnapshot> open_snapshot(const Outbox& outbox, const char* sql) {
    const auto unreadable = [](const Error& e) { return e.context("cannot read the outbox"); };
    auto db = Database::open(outbox.path(), Database::Create::No);
    if (!db) return unreadable(db.error());
    auto rows = (*db)->prepare(sql);
    if (!rows) return unreadable(rows.error());
    if (auto e = (*db)->exec("BEGIN"); !e) return unreadable(e.error());
    auto highest = (*db)->prepare(Outbox::k_highest_seq_sql);
    if (!highest) return unreadable(highest.error());
    std::optional<Error> err;
    std::int64_t highest_seq = 0;
    if (highest->step(err)) highest_seq = highest->column_int(0);
    highest->reset();
    if (err) return unreadable(*err);
    return OutboxSnapshot{std::move(*db), std::move(*rows), highest_seq};
}

}  // namespace

Result<ExportSummary> export_outbox(Outbox& outbox, const fs::path& target_dir, const WallClock& wall,
                                    ExportOptions options) {
    if (outbox.path() == ":memory:") return Error{"an outbox in memory cannot be exported"};
    const std::int64_t now = wall.unix_ms();
    ExportSummary summary;
    auto written = write_stick_folder(
        target_dir, "export", outbox.kiosk_id() + "-" + format_utc(now, UtcFormat::Compact),
        [&](const Folder& partial) -> Status {
            // The export changes nothing in the outbox. The newest record, delivered or not, is
            // of the same moment: the collector's completeness report tells records it lacks
            // from records the kiosk has not made.
            auto snap = open_snapshot(
                outbox,
                "SELECT s.id, s.seq, s.kind, s.kiosk_id, s.visit_id, s.pack_id, s.pack_version, s.created_at, "
                "s.payload, s.payload_sha256, d.state FROM submissions s JOIN delivery d ON d.id = s.id "
                "WHERE ?1 = 1 OR d.state <> 'delivered' ORDER BY s.seq");
            if (!snap) return snap.error();
            Statement* st = &snap->rows;

            auto jsonl = create_on_stick(partial, "submissions.jsonl");
            if (!jsonl) return jsonl.error();
            Sha256 hash;
            std::optional<std::string> first_created, last_created;
            std::optional<std::int64_t> first_seq, last_seq;
            std::optional<Error> read_error;
            st->bind(1, std::int64_t{options.selection == ExportSelection::All ? 1 : 0});
            while (st->step(read_error)) {
                // Exactly a submission of POST /v1/sync; payload as the stored string.
                const std::string text = dump_json(submission_json(Outbox::read_row(*st))) + "\n";
                hash.update(text);
                summary.submissions_bytes += text.size();
                if (auto w = jsonl->write(text); !w) return w.error();
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
            snap->commit();
            if (read_error) return read_error->context("cannot read the outbox");
            if (auto w = jsonl->finish(); !w) return w.error();
            summary.submissions_sha256 = hash.hex_digest();

            auto signing_key = outbox.signing_key();
            if (!signing_key) return signing_key.error().context("cannot sign the export");
            const SigningPublicKey public_key = signing_public_key_of(*signing_key);
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
                {"outbox_highest_seq", snap->highest_seq},
                {"submissions_file", "submissions.jsonl"},
                {"submissions_bytes", summary.submissions_bytes},
                {"submissions_sha256", summary.submissions_sha256},
                // The collector checks summary.json.sig with the key it has registered for this
                // kiosk; this copy lets an operator compare it with the staff panel when
                // registering it.
                {"kiosk_public_key", to_base64(public_key.data(), public_key.size())},
            };
            // A receipt file answers this export only when the kiosk remembers it (import_receipts).
            if (auto noted = outbox.remember_export(summary.submissions_sha256); !noted)
                return noted.error().context("cannot note the export in the outbox");
            return write_signed_on_stick(partial, "summary.json", meta.dump(2) + "\n", *signing_key);
        });
    if (!written) return written.error();
    summary.directory = *written;
    outbox.add_alert(alert_exported(summary.records, summary.directory, summary.submissions_sha256));
    return summary;
}

Result<StatementSummary> write_closing_statement(Outbox& outbox, const fs::path& target_dir, const WallClock& wall,
                                                 const std::string& app_version) {
    if (outbox.path() == ":memory:") return Error{"an outbox in memory cannot state what it holds"};
    const std::int64_t now = wall.unix_ms();
    StatementSummary summary;
    ClosingStatement& s = summary.statement;
    s.kiosk_id = outbox.kiosk_id();
    s.app_version = app_version;
    s.made_at = iso8601_utc(now);
    auto written = write_stick_folder(
        target_dir, "statements", outbox.kiosk_id() + "-" + format_utc(now, UtcFormat::Compact),
        [&](const Folder& partial) -> Status {
            // Every record the outbox holds, delivered or not: the statement and its numbers
            // are of one moment.
            auto snap = open_snapshot(
                outbox,
                "SELECT s.id, s.seq, s.kind, s.kiosk_id, s.visit_id, s.pack_id, s.pack_version, s.created_at, '', "
                "s.payload_sha256, d.state FROM submissions s JOIN delivery d ON d.id = s.id ORDER BY s.seq");
            if (!snap) return snap.error();
            Statement* st = &snap->rows;
            s.highest_seq = snap->highest_seq;
            Sha256 digest;
            std::optional<Error> read_error;
            while (st->step(read_error)) {
                const Submission record = Outbox::read_row(*st);
                digest.update(records_digest_line(record));
                add_to_ranges(s.held, record.seq);
                s.records += 1;
                s.by_kind[kind_name(record.kind)] += 1;
                s.by_state[st->column_text(10)] += 1;
            }
            st->reset();
            snap->commit();
            if (read_error) return read_error->context("cannot read the outbox");
            s.records_sha256 = digest.hex_digest();

            auto signing_key = outbox.signing_key();
            if (!signing_key) return signing_key.error().context("cannot sign the statement");
            const SigningPublicKey public_key = signing_public_key_of(*signing_key);
            s.kiosk_public_key = to_base64(public_key.data(), public_key.size());
            return write_signed_on_stick(partial, statement_file, statement_json(s).dump(2) + "\n", *signing_key);
        });
    if (!written) return written.error();
    summary.directory = *written;
    const auto pending = s.by_state.find("pending");
    outbox.add_alert(alert_statement_written(s.records, pending == s.by_state.end() ? 0 : pending->second,
                                             s.highest_seq, summary.directory));
    return summary;
}

Result<ReceiptImportSummary> import_receipts(Outbox& outbox, const fs::path& receipts_file,
                                             const std::optional<SigningPublicKey>& collector_key) {
    // The operator named this file: its folder is trusted, the file itself is still no link.
    const fs::path dir = receipts_file.has_parent_path() ? receipts_file.parent_path() : fs::path(".");
    auto folder = Folder::open(dir);
    if (!folder) return Error{folder.error().kind, "cannot read the receipt file " + receipts_file.string()};
    return import_receipts(outbox, *folder, receipts_file.filename().string(), collector_key);
}

namespace {

// Whether `file` (streamed, from its start) carries `key`'s signature in `signature_text`;
// rewinds it afterwards for the reading pass.
Result<bool> signed_by(ReadFile& file, const std::string& signature_text, const SigningPublicKey& key) {
    SignatureStream check;
    char buffer[1 << 16];
    for (;;) {
        auto got = file.read(buffer, sizeof buffer);
        if (!got) return got.error();
        if (*got == 0) break;
        check.update(std::string_view(buffer, *got));
    }
    if (auto back = file.rewind(); !back) return back.error();
    return check.verify(signature_text, key);  // its line end is skipped like any whitespace
}

}  // namespace

Result<ReceiptImportSummary> import_receipts(Outbox& outbox, const Folder& folder, std::string_view name,
                                             const std::optional<SigningPublicKey>& collector_key) {
    const std::string where(name);
    // Only the collector can mark a record delivered (a delivered record may be deleted): a
    // receipt file counts when it carries the collector's signature, and then only for an
    // export this kiosk wrote.
    if (!collector_key)
        return Error{ErrorKind::Refused,
                     "receipts are applied only when this kiosk knows the collector's key: set "
                     "[collector] public_key (`ruhr-collector public-key` prints it); nothing "
                     "was changed"};
    auto in = folder.open_file(name, k_max_receipts_bytes);
    if (!in) return in.error().context("cannot read the receipt file " + where + "; nothing was changed");
    const std::string sig_name = where + usb_signature_suffix;
    auto signature = folder.read_file(sig_name, 1024);
    if (!signature)
        return Error{ErrorKind::Refused, where + " is not signed (" + sig_name +
                                             " is missing or unreadable): it was not written by ruhr-collector "
                                             "import; nothing was changed"};
    auto genuine = signed_by(*in, *signature, *collector_key);
    if (!genuine) return genuine.error().context("cannot read the receipt file " + where + "; nothing was changed");
    if (!*genuine)
        return Error{ErrorKind::Refused, where +
                                             " does not carry the collector's signature (it was changed, or "
                                             "written by someone else); nothing was changed"};

    ReceiptImportSummary summary;
    std::optional<nlohmann::json> header;
    std::vector<DeliveryUpdate> updates;
    std::unordered_set<std::string> seen;
    std::unordered_map<std::string, std::string> reasons;  // a set-aside record's reason key, for staff
    std::optional<Error> refused;
    const auto bad = [&](const std::string& why) {
        refused = Error{ErrorKind::Invalid,
                        where + " line " + std::to_string(summary.lines + 1) + ": " + why + "; nothing was changed"};
        return false;
    };
    // Each receipt is checked as it is read: the file is never held whole, and a line has a bound.
    const auto on_line = [&](std::string_view line) -> bool {
        if (!header) {
            header = nlohmann::json::parse(line, nullptr, false);
            const nlohmann::json& h = *header;
            if (!h.is_object() || h.value("format", "") != usb_receipts_format || !h.contains("format_version") ||
                h["format_version"] != usb_format_version) {
                refused = Error{ErrorKind::Invalid, where +
                                                        " is not a receipt file of ruhr-collector import (format "
                                                        "version " +
                                                        std::to_string(usb_format_version) + ")"};
                return false;
            }
            const std::string kiosk = h.value("kiosk_id", "");
            if (kiosk != outbox.kiosk_id()) {
                refused = Error{ErrorKind::Refused, where + " answers an export of kiosk \"" + kiosk +
                                                        "\", not of this kiosk (\"" + outbox.kiosk_id() +
                                                        "\"); nothing was changed"};
                return false;
            }
            if (!h.contains("records") || !h["records"].is_number_unsigned()) {
                refused = Error{ErrorKind::Invalid, where + ": the header lacks the number of receipts"};
                return false;
            }
            summary.export_sha256 = h.value("export_sha256", "");
            auto ours = outbox.made_export(summary.export_sha256);
            if (!ours) {
                refused = ours.error().context("nothing was changed");
                return false;
            }
            if (!*ours) {
                refused = Error{ErrorKind::Refused, where + " answers an export this kiosk did not write (SHA-256 " +
                                                        summary.export_sha256 + "); nothing was changed"};
                return false;
            }
            return true;
        }
        if (line.empty()) return true;
        summary.lines += 1;
        auto parsed = parse_receipt(nlohmann::json::parse(line, nullptr, false));
        if (!parsed) return bad(parsed.error().message);
        const Receipt& r = *parsed;
        const std::string& id = r.id;
        // A rejected line whose id was unreadable has a null id: nothing to change here.
        std::optional<DeliveryState> state;
        if (!id.empty()) {
            auto known = outbox.state(id);
            if (!known) {
                refused = known.error().context("nothing was changed");
                return false;
            }
            state = *known;
        }
        if (!state) {
            summary.unknown += 1;
            return true;
        }
        if (r.delivered()) {
            updates.push_back({id, DeliveryState::Delivered, r.receipt});
        } else {
            if (*state == DeliveryState::Delivered) {
                summary.already_delivered += 1;  // a delivered record never moves again
                return true;
            }
            updates.push_back({id, DeliveryState::Quarantined,
                               std::string("collector (USB import): ") + receipt_status_name(r.status) +
                                   (r.reason.empty() ? "" : ": " + r.reason)});
            reasons[id] = set_aside_reason(r.status);
        }
        if (!seen.insert(id).second) return bad("record " + id + " is answered twice");
        return true;
    };
    if (auto read = in->for_each_line(k_max_receipt_line, on_line); !read)
        return read.error().context("cannot read the receipt file " + where + "; nothing was changed");
    if (refused) return *refused;
    if (!header) return Error{ErrorKind::Invalid, where + " is empty"};
    if (summary.lines != (*header)["records"].get<std::int64_t>())
        return Error{where + " holds " + std::to_string(summary.lines) + " receipts but its header promises " +
                     (*header)["records"].dump() + " (cut short?); nothing was changed"};

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
        if (u.state == DeliveryState::Quarantined) outbox.add_alert(alert_set_aside(u.id, reasons[u.id], u.note));
    outbox.add_alert(
        alert_receipts_applied(summary.delivered, summary.quarantined, summary.unknown, folder.path(), where));
    return summary;
}

}  // namespace ruhr
