#include "collector/statement_check.h"

#include "collector/signing.h"

#include "base/crypto.h"
#include "base/folder.h"

#include <system_error>

namespace ruhr::collector {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A statement names at most max_statement_ranges runs of two numbers each.
constexpr std::uintmax_t k_max_statement_bytes = 4 << 20;

std::string plural(std::int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::int64_t count_of(const std::map<std::string, std::int64_t>& counts, const char* name) {
    const auto it = counts.find(name);
    return it == counts.end() ? 0 : it->second;
}

std::string kinds_text(const std::map<std::string, std::int64_t>& by_kind) {
    return plural(count_of(by_kind, "rating"), "rating", "ratings") + ", " +
           plural(count_of(by_kind, "priorities"), "priority vote", "priority votes") + ", " +
           plural(count_of(by_kind, "idea"), "idea", "ideas");
}

// Compares the statement with the records stored for its kiosk, in one pass by seq.
Result<Done> compare(Store& store, StatementCheck& check) {
    const ClosingStatement& s = check.statement;
    std::vector<SeqRange> here;
    std::size_t run = 0;  // the first run of s.held that may still contain the next number
    std::optional<std::int64_t> previous;
    bool counted_twice = false;
    Sha256 digest;
    auto read = store.for_each_kiosk_record(s.kiosk_id, [&](const Submission& r) {
        if (previous && *previous == r.seq) {
            if (!counted_twice) check.twice += 1;
            counted_twice = true;
        } else {
            counted_twice = false;
        }
        previous = r.seq;
        add_to_ranges(here, r.seq);
        if (r.seq > s.highest_seq) add_to_ranges(check.unexpected, r.seq);
        while (run < s.held.size() && s.held[run].last < r.seq) ++run;
        if (run < s.held.size() && s.held[run].first <= r.seq) {
            digest.update(records_digest_line(r));
            check.compared += 1;
            check.by_kind_here[kind_name(r.kind)] += 1;
        }
    });
    if (!read) return read.error();
    check.records_sha256_here = digest.hex_digest();
    check.not_here = subtract_ranges(s.held, here);
    if (s.highest_seq > 0) check.lost = subtract_ranges(subtract_ranges({{1, s.highest_seq}}, s.held), here);
    return Done{};
}

json audit_detail(const StatementCheck& c) {
    return {{"kiosk_id", c.statement.kiosk_id},
            {"made_at", c.statement.made_at},
            {"statement_sha256", c.statement_sha256},
            {"highest_seq", c.statement.highest_seq},
            {"records", c.statement.records},
            {"complete", c.complete()},
            {"not_here", ranges_json(c.not_here)},
            {"lost", ranges_json(c.lost)},
            {"unexpected", ranges_json(c.unexpected)},
            {"twice", c.twice},
            {"records_match", c.records_sha256_here == c.statement.records_sha256}};
}

}  // namespace

bool StatementCheck::complete() const {
    return not_here.empty() && lost.empty() && unexpected.empty() && twice == 0 &&
           records_sha256_here == statement.records_sha256;
}

Result<StatementCheck> check_statement(Store& store, const fs::path& path, const std::string& checked_at) {
    std::error_code ec;
    const bool is_dir = fs::is_directory(path, ec);
    const fs::path dir = is_dir ? path : path.parent_path();
    const std::string name = is_dir ? std::string(statement_file) : path.filename().string();
    // The operator named the folder; the files in it are read without following links.
    auto folder = Folder::open(dir.empty() ? fs::path(".") : dir);
    if (!folder) return folder.error();
    auto text = folder->read_file(name, k_max_statement_bytes);
    if (!text) return Error{text.error().kind, text.error().message + ": a statement folder holds " + statement_file};
    const json parsed = json::parse(*text, nullptr, false);
    auto statement = parse_statement(parsed);
    if (!statement) return Error{ErrorKind::Invalid, (dir / name).string() + ": " + statement.error().message};

    // Signed by the key registered for the kiosk, never by the key the statement names.
    const std::string& kiosk = statement->kiosk_id;
    auto registered = registered_kiosk_key(store, kiosk);
    if (!registered) return registered.error();
    if (!*registered)
        return Error{ErrorKind::Refused, "no signing key is registered for kiosk \"" + kiosk +
                                             "\": register it with `ruhr-collector kiosk-key` (its staff panel shows "
                                             "it) and check again; nothing was checked"};
    const std::string sig_name = name + usb_signature_suffix;
    auto signature = folder->read_file(sig_name, 1024);
    if (!signature)
        return Error{ErrorKind::Refused, (dir / sig_name).string() + " is missing: the statement is not signed"};
    if (!verify_detached(*text, *signature, **registered))
        return Error{ErrorKind::Refused, (dir / name).string() + " does not carry the signature of kiosk \"" + kiosk +
                                             "\" (it was changed, or made elsewhere); nothing was checked"};

    StatementCheck check;
    check.statement = std::move(*statement);
    check.statement_sha256 = sha256_hex(*text);
    if (auto compared = compare(store, check); !compared) return compared.error();
    if (auto audit = store.add_audit({checked_at, "check-statement", dump_json(audit_detail(check))}); !audit)
        return audit.error();
    return check;
}

std::string describe(const StatementCheck& c) {
    const ClosingStatement& s = c.statement;
    std::string out = s.kiosk_id + ": closing statement made " + s.made_at + ", signed by the kiosk's registered key\n";
    out += "  the kiosk made " + plural(s.highest_seq, "record", "records") + " (seq 1-" +
           std::to_string(s.highest_seq) + ") and held " + std::to_string(s.records) + " of them (seq " +
           format_ranges(s.held) + "): " + kinds_text(s.by_kind) + "; at that moment " +
           std::to_string(count_of(s.by_state, "pending")) + " were waiting to be sent and " +
           std::to_string(count_of(s.by_state, "quarantined")) + " set aside\n";
    if (c.complete()) {
        out += "  COMPLETE: every record the kiosk made is stored here exactly once, and the " +
               std::to_string(c.compared) +
               " it held are stored exactly as it holds them (one SHA-256 over all of them matches)\n";
        return out;
    }
    if (!c.not_here.empty()) {
        const std::int64_t n = count_in_ranges(c.not_here);
        out += "  MISSING: " + plural(n, "record", "records") + " the kiosk held " + (n == 1 ? "is" : "are") +
               " not here: seq " + format_ranges(c.not_here) + " (it had " +
               std::to_string(count_of(s.by_state, "pending")) +
               " waiting to be sent); import its USB export or let it sync, then check again\n";
    }
    if (!c.lost.empty())
        out += "  LOST: seq " + format_ranges(c.lost) +
               ": the kiosk no longer holds these (deleted as delivered), and they are not here either\n";
    if (!c.unexpected.empty())
        out += "  NOT MADE BY THE KIOSK: seq " + format_ranges(c.unexpected) + " are stored here for " + s.kiosk_id +
               ", above the highest number it made (" + std::to_string(s.highest_seq) + ")\n";
    if (c.twice > 0)
        out += "  TWICE: " + plural(c.twice, "sequence number is", "sequence numbers are") +
               " stored here for more than one record\n";
    if (c.not_here.empty() && c.records_sha256_here != s.records_sha256)
        out += "  DIFFERENT: the records stored here under the kiosk's numbers (" + kinds_text(c.by_kind_here) +
               ") are not the ones the kiosk holds (the SHA-256 over them differs); see `ruhr-collector conflicts`\n";
    return out;
}

json to_json(const StatementCheck& c) {
    json out = audit_detail(c);
    out["held"] = ranges_json(c.statement.held);
    out["by_kind"] = c.statement.by_kind;
    out["by_state"] = c.statement.by_state;
    out["compared"] = c.compared;
    out["by_kind_here"] = c.by_kind_here;
    return out;
}

}  // namespace ruhr::collector
